# fault_kernelwrite.s -- a user store into the console device through
# kseg1 (0xbfd00000): the program may not drive the hardware itself.
# fault: segmentation fault at 0xbfd00000 (pc 0x00400008)
# status: 139
        .text
        .globl main
main:
        lui     $t0, 0xbfd0         # 0x00400000
        li      $t1, 'X'            # 0x00400004
        sb      $t1, 0($t0)         # 0x00400008
        jr      $ra
