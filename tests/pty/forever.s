# forever.s -- a user program that never ends, for Ctrl-C in the debugger.
        .text
main:   addiu   $t0, $t0, 1
        b       main
