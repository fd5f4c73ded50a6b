# bigprog.s -- a program with 2 MiB of initialized data.
        .data
big:    .space  0x200000
        .text
main:   jr      $ra
