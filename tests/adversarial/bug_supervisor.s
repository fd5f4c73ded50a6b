# bug_supervisor.s -- KNOWN VMM BUG: guest supervisor mode.
#
# Supervisor mode (KSU = 1) maps kseg0, kseg1 and kseg2 through the TLB
# (docs/isa.md, "Privilege and segments").  The kernel maps kseg2 page
# 0xc0000000 and enters supervisor mode at a kuseg page; the supervisor
# code stores to kseg2 (a TLB hit), loads from kseg0 (no entry: a TLB
# refill) and makes a syscall.  The bare machine prints that (this .out).
# The VMM runs guest supervisor mode in real user mode, so both accesses
# are AdEL/AdES instead (vmm_resume: KSU 1 if the guest is in kernel mode,
# else 2).
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
        li      $t0, 0x00400000
        mtc0    $t0, $10
        li      $t0, 0x3000 | 0x300
        mtc0    $t0, $2
        mtc0    $zero, $0
        tlbwi
        li      $t0, 0xc0000000
        mtc0    $t0, $10
        li      $t0, 0x00700600         # PA 7 MiB, D V
        mtc0    $t0, $2
        li      $t0, 1
        mtc0    $t0, $0
        tlbwi
        la      $t0, back
        lui     $t1, %hi(adv_onbreak)
        sw      $t0, %lo(adv_onbreak)($t1)
        li      $t0, 0x0a               # KSU supervisor, EXL
        mtc0    $t0, $12
        li      $t0, 0x00400000
        mtc0    $t0, $14
        eret
back:
        li      $t0, 0x80700000
        lw      $a0, 0x20($t0)
        jal     puthex
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
m_title:  .asciiz "bug_supervisor: supervisor mode maps every segment\n"

        .ktext 0x80003000
        li      $t0, 0xc0000000
        li      $t1, 0x5005
        sw      $t1, 0x20($t0)
        lui     $t0, 0x8000
        lw      $t1, 0($t0)
        syscall
        break
