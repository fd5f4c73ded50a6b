# yield.s -- two processes take turns: getpid, yield and private memory.
#
# Run it as two processes:     tlbvisor run yield.s yield.s
#
# What it shows
#   * Two processes from the same program.  Both have their text at
#     0x00400000 and the word `counter` at the same virtual address in
#     their data segment, but each has its own page table, so the same
#     virtual address is a different physical frame in each.  The guest OS
#     gives each process its pid as its ASID, so both translations can sit
#     in the TLB at the same time, told apart by the ASID.
#   * getpid (syscall 20) and yield (syscall 21): after each step a process
#     gives the CPU to the other one, so their lines interleave.
#   * Each step adds the pid to the process's own counter: pid 1 counts
#     1, 2, 3, 4, 5 and pid 2 counts 2, 4, 6, 8, 10.  If the two processes
#     shared a frame, the counts would mix.
#
# Each line is built in a buffer and printed with ONE print_string, so two
# processes never mix characters within a line.  Which process prints
# first, and exactly how the lines interleave, is the scheduler's choice
# (round robin, with a timer that can also switch in between); each
# process's own lines always come in order.
#
# tlbvisor only (SPIM has no getpid or yield).

        .data
counter: .word  0                   # this process's private counter
line:   .space  64                  # the line being built
s_pid:  .asciiz "pid "
s_step: .asciiz ": step "
s_cnt:  .asciiz ", counter = "
s_done: .asciiz ": done\n"

        .text
        .globl main
main:
        addiu   $sp, $sp, -16
        sw      $ra, 12($sp)
        sw      $s0, 8($sp)
        sw      $s1, 4($sp)
        sw      $s2, 0($sp)

        li      $v0, 20             # getpid
        syscall
        move    $s0, $v0
        li      $s1, 1              # step
step:
        lw      $t0, counter        # counter += pid
        addu    $t0, $t0, $s0
        sw      $t0, counter

        la      $s2, line           # "pid P: step K, counter = C\n"
        la      $a1, s_pid
        jal     append_str
        move    $a1, $s0
        jal     append_int
        la      $a1, s_step
        jal     append_str
        move    $a1, $s1
        jal     append_int
        la      $a1, s_cnt
        jal     append_str
        lw      $a1, counter
        jal     append_int
        li      $t0, 10
        sb      $t0, 0($s2)
        sb      $zero, 1($s2)
        li      $v0, 4              # the whole line in one system call
        la      $a0, line
        syscall

        li      $v0, 21             # yield: let the other process run
        syscall
        addiu   $s1, $s1, 1
        ble     $s1, 5, step

        la      $s2, line           # "pid P: done\n"
        la      $a1, s_pid
        jal     append_str
        move    $a1, $s0
        jal     append_int
        la      $a1, s_done
        jal     append_str
        sb      $zero, 0($s2)
        li      $v0, 4
        la      $a0, line
        syscall

        lw      $s2, 0($sp)
        lw      $s1, 4($sp)
        lw      $s0, 8($sp)
        lw      $ra, 12($sp)
        addiu   $sp, $sp, 16
        jr      $ra

# append_str: copy the string at $a1 (without its NUL) to $s2, advance $s2.
append_str:
        lbu     $t0, 0($a1)
        beqz    $t0, as_done
        sb      $t0, 0($s2)
        addiu   $a1, $a1, 1
        addiu   $s2, $s2, 1
        b       append_str
as_done:
        jr      $ra

# append_int: the decimal digits of $a1 (>= 0) to $s2, advance $s2.
append_int:
        move    $t1, $sp            # push the digits, lowest first
ai_digit:
        remu    $t0, $a1, 10
        addiu   $t0, $t0, '0'
        addiu   $sp, $sp, -4
        sw      $t0, 0($sp)
        divu    $a1, $a1, 10
        bnez    $a1, ai_digit
ai_pop:                             # pop them, highest first
        lw      $t0, 0($sp)
        addiu   $sp, $sp, 4
        sb      $t0, 0($s2)
        addiu   $s2, $s2, 1
        bne     $sp, $t1, ai_pop
        jr      $ra
