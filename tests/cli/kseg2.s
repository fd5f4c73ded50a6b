# kseg2.s -- code in kseg2 has no physical place before it is mapped.
        .ktext 0xc0000000
__start:
        nop
