# devices.s -- devices reached other than by a plain load or store
# through kseg1.
#
# A device is a physical address: swr/swl/lwl/lwr and ll/sc access its
# aligned word ("Devices can be accessed with any size of load or store",
# docs/isa.md), and kseg0 0x9fd00000 or a TLB entry with PFN 0x1fd00 reach
# it as kseg1 does.  This .out is the bare machine's; the VMM emulates each
# such access (vmm/trap.c, emulate_device), whatever segment or TLB entry
# led to the device.
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
        lui     $s0, 0xbfd0
        li      $t0, 'a'
        swr     $t0, 0($s0)
        li      $t0, 'b'
        swl     $t0, 3($s0)             # offset 3: the whole word, 'b'
        lwl     $t1, 11($s0)            # CTRL
        move    $a0, $t1
        jal     puthex
        jal     putnl
        ll      $t1, 8($s0)
        move    $a0, $t1
        jal     puthex
        jal     putnl
        li      $t0, 'c'
        sc      $t0, 0($s0)
        lui     $s1, 0x9fd0             # kseg0 view of the console
        li      $t0, 'd'
        sb      $t0, 0($s1)
        li      $t0, 0x00600000
        mtc0    $t0, $10
        li      $t0, 0x1fd00600         # PFN 0x1fd00, D V
        mtc0    $t0, $2
        mtc0    $zero, $0
        tlbwi
        li      $s2, 0x00600000
        li      $t0, 'e'
        sb      $t0, 0($s2)
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
m_title:  .asciiz "devices: lwl/swr/ll/sc, kseg0 and a TLB entry on the console\n"
