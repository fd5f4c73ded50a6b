# fault_badptr_syscall.s -- print_string of a kernel address: asking the
# kernel to print its own memory.  The kernel must not read kernel memory
# on behalf of a user pointer; per docs/programs.md a bad address kills
# the process like a load from it would (the pc is the syscall's).
# fault: segmentation fault at 0x80000000 (pc 0x00400008)
# status: 139
        .text
        .globl main
main:
        li      $v0, 4              # 0x00400000
        lui     $a0, 0x8000         # 0x00400004
        syscall                     # 0x00400008
        jr      $ra
