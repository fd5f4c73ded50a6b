# fault_heap.s -- a store past the break.  sbrk(4096) gives one page from
# 0x10020000 (the heap's start, the data being small); the page 64 KiB
# further up was never allocated.
# fault: segmentation fault at 0x10030000 (pc 0x00400018)
# status: 139
        .text
        .globl main
main:
        li      $v0, 9              # 0x00400000
        li      $a0, 4096           # 0x00400004
        syscall                     # 0x00400008: $v0 = 0x10020000
        sw      $v0, 0($v0)         # 0x0040000c: inside the new page: fine
        lui     $t0, 1              # 0x00400010: $t0 = 0x10000
        addu    $t0, $v0, $t0       # 0x00400014: 0x10030000
        sw      $v0, 0($t0)         # 0x00400018: past the break
        jr      $ra
