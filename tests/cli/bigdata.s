# bigdata.s -- data in kseg0 beyond the default 16 MiB of RAM.
        .ktext
__start:
        nop
        .kdata 0x81000000
        .word 1
