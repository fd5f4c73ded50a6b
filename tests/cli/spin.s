# spin.s -- a kernel that never stops (for --max-insns).
        .ktext
__start:
        b       __start
