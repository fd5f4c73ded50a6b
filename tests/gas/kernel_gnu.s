# kernel_gnu.s -- a kernel built by GNU as + ld, not by tlbvisor: run.sh
# links it with kernel.ld (.text at 0x80000000, the refill vector) and runs
# the executable with "tlbvisor run --kernel".  It takes one TLB refill and
# prints "G".
        .set    noreorder
        .text
refill:
        lui     $k0, 0x0080             # map the missing page to PA 0x00800000
        ori     $k0, $k0, 0x600         # D | V
        mtc0    $k0, $2
        tlbwr
        eret
        .org    0x1000
        .globl  __start
__start:
        lui     $t0, 0x1000
        li      $t1, 'G'
        sw      $t1, 0($t0)             # misses, refills, retries
        lw      $t2, 0($t0)
        lui     $t3, 0xbfd0
        sb      $t2, 0($t3)
        li      $t1, 10
        sb      $t1, 0($t3)
        sw      $zero, 0x10($t3)        # power off, status 0
        nop
