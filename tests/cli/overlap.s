# overlap.s -- user text at PA 0x2000 (PA = VA) and kernel data at
# kseg0 0x80002000 would land on the same physical page.
        .ktext
__start:
        nop
        .kdata 0x80002000
        .word 1
        .text 0x00002000
        nop
