# readme.s -- the minimal kernel shown in README.md: one TLB refill.
#
# run:
# run: --stats
# status: 0
        .ktext 0x80000000           # the refill vector
refill: lui   $k0, 0x0080           # map the missing page to PA 0x00800000
        ori   $k0, $k0, 0x600       # D | V
        mtc0  $k0, $2               # EntryLo (EntryHi already holds the VPN)
        tlbwr
        eret

        .ktext 0x80001000
__start:
        lui   $t0, 0x1000
        li    $t1, 'A'
        sw    $t1, 0($t0)           # misses, refills, retries
        lw    $t2, 0($t0)
        lui   $t3, 0xbfd0
        sb    $t2, 0($t3)           # prints A
        sw    $zero, 0x10($t3)      # power off, status 0
