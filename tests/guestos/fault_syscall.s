# fault_syscall.s -- a system call number the OS does not have.
# fault: unknown system call 99 (pc 0x00400004)
# status: 159
        .text
        .globl main
main:
        li      $v0, 99             # 0x00400000
        syscall                     # 0x00400004
        jr      $ra
