# waitforever.s -- wait with every interrupt disabled: nothing can wake it.
        .ktext
__start:
        wait
        b       __start
