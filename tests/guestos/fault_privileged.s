# fault_privileged.s -- user code reading a CP0 register (Status).
# mfc0 is privileged: outside kernel mode it raises Coprocessor Unusable
# (CpU, coprocessor 0).
# fault: illegal instruction (pc 0x00400000)
# status: 132
        .text
        .globl main
main:
        mfc0    $t0, $12            # 0x00400000
        jr      $ra
