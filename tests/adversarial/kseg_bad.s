# kseg_bad.s -- kseg0 and kseg1 where there is nothing.
#
# The kernel (16 MiB) loads and stores through kseg1 in the device window
# outside the registers and past it, kseg1 past its RAM, and kseg0 past its
# RAM up to the top of kseg0: each is DBE with BadVAddr unchanged (it is
# set to a marker first by an AdEL).  Fetching from kseg0 past RAM and
# from a device is IBE.  Then it reads and writes its own last word of RAM
# through kseg0 and kseg1.
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
        li      $t0, 0x0badbad1
        lw      $t1, 0($t0)             # AdEL: BadVAddr = 0x0badbad1
        la      $s0, addrs
        li      $s1, 9
loads:
        lw      $s2, 0($s0)
        move    $a0, $s2
        jal     puthex
        jal     putnl
        lw      $t1, 0($s2)
        sw      $t1, 0($s2)
        lbu     $t1, 3($s2)
        addiu   $s0, $s0, 4
        addiu   $s1, $s1, -1
        bnez    $s1, loads
        la      $a0, m_fetch
        jal     puts
        la      $t0, f2
        lui     $t1, %hi(adv_resume)
        sw      $t0, %lo(adv_resume)($t1)
        li      $t0, 0x81000000
        jr      $t0
f2:
        la      $t0, f3
        lui     $t1, %hi(adv_resume)
        sw      $t0, %lo(adv_resume)($t1)
        li      $t0, 0xbfd00000
        jr      $t0
f3:
        li      $t0, 0x80fffffc
        li      $t1, 0x600df00d
        sw      $t1, 0($t0)
        li      $t0, 0xa0fffffc
        lw      $a0, 0($t0)
        jal     puthex
        jal     putnl
        la      $a0, m_done
        jal     puts
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
addrs:    .word 0xbfd00020, 0xbfd00ffc, 0xbfd01000, 0xbfe00000, 0xa1000000
          .word 0xbfcffffc, 0x81000000, 0x9fcffffc, 0x9ffffffc
m_title:  .asciiz "kseg_bad: kseg0 and kseg1 outside RAM and the devices\n"
m_fetch:  .asciiz "fetches:\n"
m_done:   .asciiz "done\n"
