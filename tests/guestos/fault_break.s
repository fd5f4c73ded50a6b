# fault_break.s -- a break instruction that is not the div macro's.
# fault: breakpoint (pc 0x00400004)
# status: 133
        .text
        .globl main
main:
        nop                         # 0x00400000
        break                       # 0x00400004
        jr      $ra
