# fault_reserved.s -- an instruction word the machine does not have.
# Major opcode 0x18 is not a MIPS32 instruction: reserved instruction (RI).
# fault: illegal instruction (pc 0x00400004)
# status: 132
        .text
        .globl main
main:
        nop                         # 0x00400000
        .word   0x60000000          # 0x00400004: opcode 0x18, reserved
        jr      $ra
