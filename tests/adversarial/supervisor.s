# supervisor.s -- guest supervisor mode.
#
# Supervisor mode (KSU = 1) maps kseg0, kseg1 and kseg2 through the TLB
# (docs/isa.md, "Privilege and segments").  The kernel writes a marker at
# kseg0 0x80600020 (so the VMM has a hidden fill for that page), maps
# kseg2 page 0xc0000000 and kseg0 page 0x80600000 both to PA 7 MiB, and
# enters supervisor mode at a kuseg page.  The supervisor code stores to
# kseg2 (a TLB hit), loads 0x80600020 through its own entry (PA 7 MiB, not
# the kernel's marker), stores that back through kseg2, loads from the kernel's code
# page 0x80001000 (no entry: a TLB refill) and makes a syscall.  Back in the
# kernel, 0x80600020 is the marker again.  The bare machine prints that
# (this .out).  Under the VMM the guest kernel and guest supervisor mode
# both run in real supervisor mode; kseg0/kseg1 real entries are the
# VMM's fills for the one and the guest's TLB for the other, so they go
# when the VM moves between the two (vmm_resume).
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
        li      $t0, 0x80600000
        li      $t1, 0x6006
        sw      $t1, 0x20($t0)          # the marker, through the kernel's kseg0
        li      $t0, 0x80600000
        mtc0    $t0, $10
        li      $t0, 0x00700600         # PA 7 MiB, D V
        mtc0    $t0, $2
        li      $t0, 2
        mtc0    $t0, $0
        tlbwi
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
        li      $t0, 0x80700000
        lw      $a0, 0x24($t0)          # what supervisor mode read at 0x80600020
        jal     puthex
        jal     putnl
        li      $t0, 0x80600000
        lw      $a0, 0x20($t0)          # the kernel's kseg0 again: the marker
        jal     puthex
        jal     putnl
        li      $a0, 0
        j       halt

        .include "adv.inc"

        .kdata
m_title:  .asciiz "supervisor: supervisor mode maps every segment\n"

        .ktext 0x80003000
        li      $t0, 0xc0000000
        li      $t1, 0x5005
        sw      $t1, 0x20($t0)
        lui     $t2, 0x8060
        lw      $t1, 0x20($t2)          # kseg0 through the guest's entry 2
        sw      $t1, 0x24($t0)
        lui     $t0, 0x8000
        lw      $t1, 0x1000($t0)        # the kernel's code page: no entry, a refill
        syscall
        break
