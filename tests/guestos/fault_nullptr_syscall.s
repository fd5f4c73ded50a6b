# fault_nullptr_syscall.s -- read_string into a NULL buffer: the kernel
# would write to an unmapped user address on the process's behalf.
# fault: segmentation fault at 0x00000000 (pc 0x0040000c)
# status: 139
        .text
        .globl main
main:
        li      $v0, 8              # 0x00400000
        li      $a0, 0              # 0x00400004
        li      $a1, 16             # 0x00400008
        syscall                     # 0x0040000c
        jr      $ra
