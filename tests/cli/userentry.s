# userentry.s -- a --kernel program whose entry point is in kuseg.
        .text
main:
        nop
