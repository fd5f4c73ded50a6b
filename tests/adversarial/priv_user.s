# priv_user.s -- privileged instructions and eret where they must not work.
#
# User code executes eret (CpU, CE 0, at the general vector), then every
# other privileged instruction and two COP1 ones (CE = 1), each reported
# and skipped (cache and sync
# are allowed in every mode), a store to kseg0 (AdES), a syscall, and a
# break that takes it back to the kernel.  Then the kernel
# erets to a kernel address with KSU = user: the fetch is AdEL with EPC =
# BadVAddr = that address; to an unaligned address: AdEL; to kseg1 and
# kseg2 as user: AdEL; and to an unmapped user address: a TLB refill.
#
# run:
# status: 0
# bare: same

        .ktext 0x80000000
        j       adv_refill
        .ktext 0x80000180
        j       adv_general

        .ktext 0x80001000
__start:
        la      $a0, m_title
        jal     puts
        # user code: VA 0x00400000 -> the frame of user_code (PA 0x3000)
        li      $t0, 0x00400000
        mtc0    $t0, $10
        li      $t0, 0x3000 | 0x300     # V G
        mtc0    $t0, $2
        mtc0    $zero, $0
        tlbwi
        la      $t0, user_done          # the user code ends with a break
        lui     $t1, %hi(adv_onbreak)
        sw      $t0, %lo(adv_onbreak)($t1)
        # into user mode at 0x00400000
        li      $t0, 0x12               # KSU user, EXL
        mtc0    $t0, $12
        li      $t0, 0x00400000
        mtc0    $t0, $14
        eret
user_done:
        # the user program ended with a break that came back here
        la      $a0, m_targets
        jal     puts
        la      $s0, targets
        li      $s1, 5
next:
        lw      $s2, 0($s0)
        move    $a0, $s2
        jal     puthex
        jal     putnl
        la      $t0, back
        lui     $t1, %hi(adv_resume)
        sw      $t0, %lo(adv_resume)($t1)
        li      $t0, 0x12
        mtc0    $t0, $12
        mtc0    $s2, $14
        eret
back:
        addiu   $s0, $s0, 4
        addiu   $s1, $s1, -1
        bnez    $s1, next
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
targets:  .word 0x80001000, 0x00400002, 0xa0001000, 0xc0000000, 0x00500000
m_title:  .asciiz "priv_user: privileged instructions in user mode, erets to where user mode cannot go\n"
m_targets: .asciiz "eret as user to:\n"
m_done:   .asciiz "done\n"

        .ktext 0x80003000
user_code:
        eret
        mfc0    $t0, $12
        mtc0    $zero, $12
        tlbr
        tlbwi
        tlbwr
        tlbp
        wait
        .word   0x44000000              # mfc1 $0, $f0: CpU, CE = 1
        .word   0xc4000000              # lwc1 $f0, 0($zero): CpU, CE = 1
        cache   0, 0($zero)             # allowed in every mode
        sync
        lui     $t1, 0x8000
        sw      $t0, 0($t1)             # AdES: kseg0 from user mode
        syscall
        break
