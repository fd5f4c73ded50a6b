# fault_readonly_syscall.s -- read_string into the program's own code.
# The kernel must not write into a read-only page on the process's behalf;
# it kills the process as the process's own store there would be killed
# (fault_textwrite.s): "write to read-only page", the pc of the syscall.
# fault: segmentation fault (write to read-only page) at 0x00400000 (pc 0x00400010)
# status: 139
        .text
        .globl main
main:
        li      $v0, 8              # 0x00400000
        la      $a0, main           # 0x00400004 lui, 0x00400008 addiu
        li      $a1, 16             # 0x0040000c
        syscall                     # 0x00400010
        jr      $ra
