# demo.s -- a tiny kernel and a user program: the machine's whole story.
#
# What "make run" shows.  The kernel (kernel mode, kseg0) builds a linear
# page table, maps the user program that the loader placed at PA 0x00400000,
# and drops to user mode with eret.  From then on:
#   - every first touch of a user page misses in the TLB: the refill handler
#     at 0x80000000 loads the PTE that Context points to and does tlbwr;
#   - the stack page is not mapped yet: its PTE is invalid, the retried
#     access raises TLBS at the general vector and the kernel gives it a
#     zeroed frame (demand-zero paging);
#   - the program prints with SPIM's system calls (1 print_int, 4
#     print_string, 11 print_char, 10 exit); the kernel reads user strings
#     by translating each address through the page table itself.
#
# run:
# run: --stats
# status: 0

# ---------------------------------------------------------------- the kernel
        .ktext 0x80000000
refill:
        lui     $k1, %hi(nrefills)
        lw      $k0, %lo(nrefills)($k1)
        addiu   $k0, $k0, 1
        sw      $k0, %lo(nrefills)($k1)
        mfc0    $k0, $4                 # Context = &PTE of the missing page
        lw      $k1, 0($k0)
        mtc0    $k1, $2                 # EntryLo
        tlbwr
        eret

        .ktext 0x80000180
general:
        .set    noat
        lui     $k0, %hi(save)
        addiu   $k0, $k0, %lo(save)
        sw      $at, 0($k0)
        .set    at
        sw      $t0, 4($k0)
        sw      $t1, 8($k0)
        sw      $t2, 12($k0)
        sw      $t6, 16($k0)
        sw      $t7, 20($k0)
        sw      $t8, 24($k0)
        sw      $t9, 28($k0)
        sw      $a0, 32($k0)
        sw      $ra, 36($k0)
        sw      $sp, 40($k0)
        sw      $v1, 44($k0)
        la      $sp, kstack_top         # the kernel's own stack
        mfc0    $t0, $13
        srl     $t0, $t0, 2
        andi    $t0, $t0, 0x1f
        li      $t1, 8
        beq     $t0, $t1, syscall_entry
        li      $t1, 2
        beq     $t0, $t1, page_fault
        li      $t1, 3
        beq     $t0, $t1, page_fault
        j       unexpected

# A TLB exception at the general vector: the PTE is invalid.  Stack pages
# get a zeroed frame; anything else is a segmentation fault.
page_fault:
        mfc0    $t0, $8                 # BadVAddr
        lui     $t1, 0x7fff
        sltu    $t1, $t0, $t1
        bnez    $t1, segv
        lui     $t0, %hi(nfaults)
        lw      $t1, %lo(nfaults)($t0)
        addiu   $t1, $t1, 1
        sw      $t1, %lo(nfaults)($t0)
        lui     $t0, %hi(next_frame)    # a fresh frame (RAM starts zeroed)
        lw      $t1, %lo(next_frame)($t0)
        addiu   $t2, $t1, 4096
        sw      $t2, %lo(next_frame)($t0)
        ori     $t1, $t1, 0x600         # D | V
        mfc0    $t0, $4                 # &PTE
        sw      $t1, 0($t0)
        mtc0    $t1, $2                 # and replace the invalid TLB entry
        tlbp
        tlbwi
        b       return
segv:
        la      $a0, msg_segv
        jal     puts
        mfc0    $a0, $8
        jal     puthex
        jal     putnl
        li      $a0, 1
        j       halt

syscall_entry:
        lui     $t0, %hi(nsyscalls)
        lw      $t1, %lo(nsyscalls)($t0)
        addiu   $t1, $t1, 1
        sw      $t1, %lo(nsyscalls)($t0)
        mfc0    $t0, $14                # resume after the syscall
        addiu   $t0, $t0, 4
        mtc0    $t0, $14
        la      $t0, save
        lw      $a0, 32($t0)            # the user's $a0
        li      $t1, 1
        beq     $v0, $t1, sys_print_int
        li      $t1, 4
        beq     $v0, $t1, sys_print_string
        li      $t1, 11
        beq     $v0, $t1, sys_print_char
        li      $t1, 10
        beq     $v0, $t1, sys_exit
        j       unexpected
sys_print_int:
        bgez    $a0, 1f
        lui     $t9, 0xbfd0
        li      $t8, '-'
        sb      $t8, 0($t9)
        subu    $a0, $zero, $a0
1:      jal     putdec
        b       return
sys_print_char:
        lui     $t9, 0xbfd0
        sb      $a0, 0($t9)
        b       return
sys_print_string:
        move    $t0, $a0                # a user address
1:      jal     user_byte
        beqz    $v1, return
        lui     $t9, 0xbfd0
        sb      $v1, 0($t9)
        addiu   $t0, $t0, 1
        b       1b
sys_exit:
        la      $a0, msg_exit
        jal     puts
        la      $a0, msg_refills
        jal     puts
        lui     $t0, %hi(nrefills)
        lw      $a0, %lo(nrefills)($t0)
        jal     putdec
        la      $a0, msg_faults
        jal     puts
        lui     $t0, %hi(nfaults)
        lw      $a0, %lo(nfaults)($t0)
        jal     putdec
        la      $a0, msg_syscalls
        jal     puts
        lui     $t0, %hi(nsyscalls)
        lw      $a0, %lo(nsyscalls)($t0)
        jal     putdec
        jal     putnl
        li      $a0, 0
        j       halt

return:
        lui     $k0, %hi(save)
        addiu   $k0, $k0, %lo(save)
        lw      $t0, 4($k0)
        lw      $t1, 8($k0)
        lw      $t2, 12($k0)
        lw      $t6, 16($k0)
        lw      $t7, 20($k0)
        lw      $t8, 24($k0)
        lw      $t9, 28($k0)
        lw      $a0, 32($k0)
        lw      $ra, 36($k0)
        lw      $sp, 40($k0)
        lw      $v1, 44($k0)
        .set    noat
        lw      $at, 0($k0)
        .set    at
        eret

# user_byte: $v1 = the byte at user address $t0, found through the page
# table the way the MMU would (PTEBase + VPN * 4), read through kseg0.
user_byte:
        srl     $t1, $t0, 10
        li      $t2, 0x1ffffc
        and     $t1, $t1, $t2
        lui     $t2, 0x8060
        or      $t1, $t1, $t2
        lw      $t1, 0($t1)             # the PTE
        andi    $t2, $t1, 0x200
        beqz    $t2, segv
        srl     $t1, $t1, 12
        sll     $t1, $t1, 12            # the frame
        andi    $t2, $t0, 0xfff
        or      $t1, $t1, $t2
        lui     $t2, 0x8000
        or      $t1, $t1, $t2           # its kseg0 address
        lbu     $v1, 0($t1)
        jr      $ra

        .ktext 0x80001000
__start:
        la      $a0, msg_boot
        jal     puts
        lui     $s0, 0x8060             # PTEBase: the page table is PA 6-8 MiB
        mtc0    $s0, $4
        # Map the user image (text and data, 5 pages) at PA = VA, D|V.
        lui     $s1, 0x0040
        li      $s2, 5
1:      srl     $t0, $s1, 10
        or      $t0, $t0, $s0           # &PTE (the VPN is small: no mask needed)
        ori     $t1, $s1, 0x600
        sw      $t1, 0($t0)
        addiu   $s1, $s1, 4096
        addiu   $s2, $s2, -1
        bnez    $s2, 1b
        # The stack page 0x7ffff000 keeps its PTE invalid (zero): demand-zero.
        la      $a0, msg_map
        jal     puts
        la      $a0, msg_enter
        jal     puts
        mtc0    $zero, $10              # EntryHi: ASID 0
        la      $t0, main
        mtc0    $t0, $14                # EPC = the user entry
        li      $t0, 0x12               # KSU = user, EXL: eret drops to user mode
        mtc0    $t0, $12
        lui     $sp, 0x8000
        addiu   $sp, $sp, -16           # the user stack, just below kseg0
        eret

        .include "console.inc"

        .kdata
nrefills:   .word 0
nfaults:    .word 0
nsyscalls:  .word 0
next_frame: .word 0x00a00000
save:       .space 64
kstack:     .space 1024
kstack_top:
msg_boot:   .asciiz "kernel: booting; page table at PTEBase 0x80600000\n"
msg_map:    .asciiz "kernel: user program mapped at 0x00400000, stack left to demand-zero paging\n"
msg_enter:  .asciiz "kernel: eret to user mode\n"
msg_segv:   .asciiz "kernel: segmentation fault at "
msg_exit:   .asciiz "kernel: the user program exited\n"
msg_refills: .asciiz "kernel: TLB refills "
msg_faults: .asciiz ", demand-zero faults "
msg_syscalls: .asciiz ", system calls "

# ---------------------------------------------------------- the user program
# Ordinary SPIM-style code: it knows nothing of the TLB.
        .text
main:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)             # the first store to the stack: demand-zero
        li      $v0, 4
        la      $a0, hello
        syscall
        li      $s0, 1
        la      $s1, table
loop:
        move    $a0, $s0
        jal     fib
        sw      $v0, 0($s1)             # keep it in the data page
        addiu   $s1, $s1, 4
        move    $a0, $v0
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, ' '
        syscall
        addiu   $s0, $s0, 1
        li      $t0, 16
        bne     $s0, $t0, loop
        li      $v0, 4
        la      $a0, sum_is
        syscall
        la      $s1, table              # sum the table back from memory
        li      $s2, 0
        li      $t1, 15
sum:
        lw      $t0, 0($s1)
        addu    $s2, $s2, $t0
        addiu   $s1, $s1, 4
        addiu   $t1, $t1, -1
        bnez    $t1, sum
        move    $a0, $s2
        li      $v0, 1
        syscall
        li      $v0, 11
        li      $a0, '\n'
        syscall
        li      $v0, 10
        syscall

# fib(n), recursively: every call pushes a frame on the demand-zero stack.
fib:
        slti    $t0, $a0, 3
        beqz    $t0, fib_rec
        li      $v0, 1
        jr      $ra
fib_rec:
        addiu   $sp, $sp, -12
        sw      $ra, 8($sp)
        sw      $a0, 4($sp)
        addiu   $a0, $a0, -1
        jal     fib
        sw      $v0, 0($sp)
        lw      $a0, 4($sp)
        addiu   $a0, $a0, -2
        jal     fib
        lw      $t0, 0($sp)
        addu    $v0, $v0, $t0
        lw      $ra, 8($sp)
        addiu   $sp, $sp, 12
        jr      $ra

        .data 0x00404000
hello:  .asciiz "user: hello from user mode! fib(1..15) by recursion:\n"
sum_is: .asciiz "\nuser: their sum, read back from the data page: "
        .align  2
table:  .space  60
