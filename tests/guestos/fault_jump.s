# fault_jump.s -- a jump through a NULL function pointer: the fetch of
# the instruction at 0 faults, so the pc of the fault is 0 itself.
# fault: segmentation fault at 0x00000000 (pc 0x00000000)
# status: 139
        .text
        .globl main
main:
        jr      $zero               # 0x00400000 (delay slot 0x00400004)
