# fault_fpu.s -- a floating-point instruction on a machine with no FPU.
# add.s $f0, $f0, $f2 (COP1) raises Coprocessor Unusable, coprocessor 1.
# fault: illegal instruction (floating point is not supported) (pc 0x00400000)
# status: 132
        .text
        .globl main
main:
        .word   0x46020000          # 0x00400000: add.s $f0, $f0, $f2
        jr      $ra
