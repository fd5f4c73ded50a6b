# hello.s -- the smallest user program: print a line and return.
#
# What it shows
#   * SPIM's memory layout, which the guest OS gives every process: the
#     code below is loaded at 0x00400000 (text, read-only), the strings at
#     0x10010000 (data).  The process gets its own page table; its first
#     instruction fetch misses in the TLB, and so does the first load from
#     the data page, and the guest OS refills both (count them with
#     `tlbvisor run --stats hello.s`).
#   * System calls: the number goes in $v0, arguments in $a0...
#     Here: 4 = print_string, 1 = print_int, 11 = print_char.
#   * `jr $ra` at the end of main ends the program, as under SPIM: the OS
#     starts main with $ra pointing at a stub that calls exit.
#
# Runs unchanged under SPIM:   spim -quiet -file hello.s
# and under tlbvisor:          tlbvisor run hello.s

        .data
greeting:
        .asciiz "Hello, world!\n"
line2:  .asciiz "This line is number "

        .text
        .globl main
main:
        li      $v0, 4              # print_string(greeting)
        la      $a0, greeting
        syscall

        li      $v0, 4              # print_string(line2)
        la      $a0, line2
        syscall
        li      $v0, 1              # print_int(2)
        li      $a0, 2
        syscall
        li      $v0, 11             # print_char('\n')
        li      $a0, 10
        syscall

        jr      $ra                 # back to the stub, which calls exit
