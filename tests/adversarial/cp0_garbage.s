# cp0_garbage.s -- garbage in every CP0 register, then normal work.
#
# Phase 1 writes all ones to CP0 registers 0..31, phase 2 pseudo-random
# words (four rounds; Status keeps EXL so the code stays in kernel mode),
# and after each it prints all 32 registers as the guest reads them back
# (masks, read-only registers, Count and Random from the guest's own
# instruction count).  Phase 3 writes raw random words to Status eight
# times: user mode, KSU = 2 or 3 (the next fetch is AdEL), interrupts
# enabled with random pending lines (an interrupt), or nothing; the handler
# brings the kernel back.  Phase 4 puts sane values back and maps, writes
# and sums pages through the TLB, then makes a syscall.
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
        li      $s7, 0x2545f491         # the generator's state

        # phase 1: all ones
        la      $a0, m_ones
        jal     puts
        li      $s0, -1
        jal     write_all
        li      $t0, -1
        mtc0    $t0, $12
        jal     dump

        # phase 2: random words, four rounds
        li      $s6, 4
round:
        la      $a0, m_rand
        jal     puts
        li      $s0, 0                  # 0: random words
        jal     write_all
        jal     rand
        ori     $v0, $v0, 2             # EXL: stay in kernel mode
        mtc0    $v0, $12
        jal     dump
        addiu   $s6, $s6, -1
        bnez    $s6, round

        # phase 3: raw random Status
        la      $a0, m_status
        jal     puts
        li      $s6, 8
status_round:
        la      $t0, status_back
        lui     $t1, %hi(adv_resume)
        sw      $t0, %lo(adv_resume)($t1)
        jal     rand
        andi    $t0, $v0, 0x18          # KSU = 1 (supervisor) becomes 3 (user):
        li      $t1, 0x08               # supervisor.s has supervisor mode
        bne     $t0, $t1, status_ksu
        ori     $v0, $v0, 0x18
status_ksu:
        move    $s5, $v0
        move    $a0, $v0
        jal     puthex
        jal     putnl
        mtc0    $s5, $12
        nop
        nop
        mfc0    $t0, $12                # still in kernel mode: clean up ourselves
        ori     $t0, $t0, 0x1b
        xori    $t0, $t0, 0x1b
        mtc0    $t0, $12
status_back:
        lui     $t1, %hi(adv_resume)
        sw      $zero, %lo(adv_resume)($t1)
        mfc0    $a0, $12
        jal     puthex
        jal     putnl
        addiu   $s6, $s6, -1
        bnez    $s6, status_round

        # phase 4: sane values, then real work through the TLB
        la      $a0, m_work
        jal     puts
        mtc0    $zero, $12
        mtc0    $zero, $13
        mtc0    $zero, $6
        mtc0    $zero, $10
        mtc0    $zero, $4
        li      $s0, 0
        li      $s1, 0
work_map:
        sll     $t0, $s0, 12
        lui     $t1, 0x0080
        addu    $t1, $t1, $t0
        mtc0    $t1, $10                # VA 0x00800000 + 4K*i
        lui     $t2, 0x0020
        addu    $t2, $t2, $t0
        ori     $t2, $t2, 0x600         # PA 2 MiB + 4K*i, D V
        mtc0    $t2, $2
        addiu   $t3, $s0, 8
        mtc0    $t3, $0
        tlbwi
        addiu   $t4, $s0, 100
        sw      $t4, 0x10($t1)
        addiu   $s0, $s0, 1
        li      $t5, 8
        bne     $s0, $t5, work_map
        li      $s0, 0
        lui     $s2, 0x8020             # the same frames through kseg0
work_sum:
        sll     $t0, $s0, 12
        addu    $t1, $t0, $s2
        lw      $t2, 0x10($t1)
        addu    $s1, $s1, $t2
        addiu   $s0, $s0, 1
        li      $t5, 8
        bne     $s0, $t5, work_sum
        move    $a0, $s1
        jal     putdec                  # 100 + ... + 107 = 828
        jal     putnl
        syscall
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

# write_all: write $s0 to CP0 registers 0..31 but Status, or random words
# if $s0 is 0.
write_all:
        move    $s4, $ra
        li      $s1, 0
wa_loop:
        li      $t0, 12
        beq     $s1, $t0, wa_next
        move    $s2, $s0
        bnez    $s0, wa_have
        jal     rand
        move    $s2, $v0
wa_have:
        # mtc0 $s2, $s1: build the instruction (mtc0 rt=18, rd=s1) in place
        la      $t1, wa_insn
        lui     $t2, 0x4092             # mtc0 $s2, $0
        sll     $t3, $s1, 11
        or      $t2, $t2, $t3
        sw      $t2, 0($t1)
wa_insn:
        nop                             # rewritten before it runs
wa_next:
        addiu   $s1, $s1, 1
        li      $t0, 32
        bne     $s1, $t0, wa_loop
        jr      $s4

# dump: print CP0 registers 0..31, four to a line.
dump:
        move    $s4, $ra
        li      $s1, 0
d_loop:
        la      $t1, d_insn
        lui     $t2, 0x4004             # mfc0 $a0, $0
        sll     $t3, $s1, 11
        or      $t2, $t2, $t3
        sw      $t2, 0($t1)
d_insn:
        nop
        jal     puthex
        andi    $t0, $s1, 3
        li      $t1, 3
        li      $a0, ' '
        bne     $t0, $t1, d_sep
        li      $a0, '\n'
d_sep:
        jal     putc
        addiu   $s1, $s1, 1
        li      $t0, 32
        bne     $s1, $t0, d_loop
        jr      $s4

# rand: $v0 = the next pseudo-random word (state in $s7).
rand:
        li      $t0, 1103515245
        mul     $s7, $s7, $t0
        addiu   $s7, $s7, 12345
        srl     $t0, $s7, 16
        sll     $v0, $s7, 16
        xor     $v0, $v0, $t0
        jr      $ra

        .include "adv.inc"

        .kdata
m_title:  .asciiz "cp0_garbage: every CP0 register, all ones and random\n"
m_ones:   .asciiz "all ones:\n"
m_rand:   .asciiz "random:\n"
m_status: .asciiz "raw Status words:\n"
m_work:   .asciiz "work:\n"
m_done:   .asciiz "done\n"
