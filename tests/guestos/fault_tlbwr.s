# fault_tlbwr.s -- user code trying to write the TLB itself.
# tlbwr is privileged (CpU in soft mode; in walker mode the tlb*
# instructions are reserved, RI): either way an illegal instruction.
# fault: illegal instruction (pc 0x00400000)
# status: 132
        .text
        .globl main
main:
        tlbwr                       # 0x00400000
        jr      $ra
