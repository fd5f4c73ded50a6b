# b5.s -- one load that misses in the TLB, for the golden trace of OSTEP's
# table B.5 (tlbvisor run --trace=tlb b5.s): the user load misses and
# traps; the VMM reflects the miss to the guest's refill handler; the
# handler's CP0 reads and writes trap one by one; its tlbwr of VPN -> PFN
# traps and the VMM installs VPN -> MFN; its eret traps and the VMM does
# the real return; the retried load hits.
        .data
x:      .word   42
        .text
main:   lw      $t0, x                  # the load that misses
        move    $a0, $t0
        li      $v0, 1                  # print_int: the syscall of table B.3
        syscall
        jr      $ra
