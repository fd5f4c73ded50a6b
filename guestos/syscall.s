# syscall.s -- system calls: SPIM's numbers and semantics, and tlbvisor's
# own (getpid, yield, fork, wait).  See docs/programs.md for the contract.
#
# on_syscall runs with $s0 = the calling process.  A call that completes
# advances EPC past the syscall (syscall_done); one that must wait leaves
# EPC alone, marks the process waiting and schedules (syscall_block): the
# process executes the same syscall again when it is woken.

        .ktext
on_syscall:
        bltz    $s1, syscall_in_slot    # Cause.BD: a syscall in a delay slot
        lw      $t0, P_REGS+R_V0($s0)
        sltiu   $t1, $t0, SYS_MAX + 1
        beqz    $t1, sys_unknown
        sll     $t0, $t0, 2
        lw      $t0, sys_table($t0)
        lw      $a0, P_REGS+R_A0($s0)   # the caller's arguments
        lw      $a1, P_REGS+R_A1($s0)
        jr      $t0

syscall_done:                           # $v0 = the result, if any, already stored
        lw      $t0, P_EPC($s0)
        addiu   $t0, $t0, 4
        sw      $t0, P_EPC($s0)
        j       trap_return

syscall_result:                         # store $v0 as the result and finish
        sw      $v0, P_REGS+R_V0($s0)
        j       syscall_done

syscall_block:                          # $t0 = the state to wait in
        sw      $t0, P_STATE($s0)
        jal     schedule
        j       trap_return

syscall_in_slot:
        la      $s3, msg_sysslot
        li      $s4, KILL_SYS
        j       kill_pc

sys_unknown:
        lw      $s2, P_REGS+R_V0($s0)   # "[pid N] unknown system call V0 (pc ...)"
        la      $s3, msg_unknown_sys
        li      $s4, KILL_SYS
        j       kill_num

# ---- output ------------------------------------------------------------------------------
sys_print_int:
        jal     kputdec
        j       syscall_done

sys_print_char:
        jal     kputc
        j       syscall_done

sys_print_string:                       # read the string through the page tables
        move    $s2, $a0
1:      move    $a0, $s0
        move    $a1, $s2
        li      $a2, 0
        jal     user_addr
        beqz    $v0, 3f
        move    $s3, $v0                # copy to the end of the page or of the string
2:      lbu     $a0, 0($s3)
        beqz    $a0, syscall_done
        jal     kputc
        addiu   $s2, $s2, 1
        addiu   $s3, $s3, 1
        andi    $t0, $s2, 0xfff
        bnez    $t0, 2b
        b       1b                      # the next page
3:      j       kill_user_pointer

# kill_user_pointer: a system call was handed an address ($s2) the process
# cannot use: a segmentation fault there, as if the process had touched it
# ($v1 from user_addr: 1 if it is a read-only page).
kill_user_pointer:
        la      $s3, msg_segv
        beqz    $v1, 1f
        la      $s3, msg_rofault
1:      li      $s4, KILL_SEGV
        j       kill_at

# ---- input --------------------------------------------------------------------------------
# con_getc: $v0 = the next input byte, -1 at end of input, or -2 if none is
# ready yet (the caller blocks).
con_getc:
        li      $t0, CONSOLE
        lw      $t1, 8($t0)             # CTRL
        andi    $t1, $t1, CON_READY
        beqz    $t1, 1f
        lw      $v0, 4($t0)             # IN: a byte, or 0xffffffff at the end
        jr      $ra
1:      li      $v0, -2
        jr      $ra

# read_wait: no input yet: wait for the console interrupt, then retry.
read_wait:
        li      $t0, CONSOLE
        li      $t1, CON_INTEN
        sw      $t1, 8($t0)
        li      $t0, PS_READING
        j       syscall_block

sys_read_char:                          # SPIM: the next byte, sign-extended (its char
        jal     con_getc                # is signed); a newline at the end of input
        li      $t0, -2
        beq     $v0, $t0, read_wait
        bgez    $v0, 1f
        li      $v0, 10
        j       syscall_result
1:      sll     $v0, $v0, 24
        sra     $v0, $v0, 24
        j       syscall_result

# read_string: SPIM's read_input, as fgets: up to $a1 - 1 bytes, stopping
# after a newline (kept), then a NUL; nothing at all if $a1 < 1.  Progress
# is kept in P_IOCOUNT so that a read that waits for input resumes.
sys_read_string:
        move    $s2, $a0                # the buffer
        blez    $a1, syscall_done       # a length below 1 (SPIM's int): nothing at all
        addiu   $s3, $a1, -1            # the most bytes to read
1:      lw      $s4, P_IOCOUNT($s0)
        beq     $s4, $s3, 3f
        jal     con_getc
        li      $t0, -2
        beq     $v0, $t0, read_wait
        bltz    $v0, 3f                 # end of input
        move    $s5, $v0
        move    $a0, $s0
        addu    $a1, $s2, $s4
        li      $a2, 1
        jal     user_addr
        beqz    $v0, 4f
        sb      $s5, 0($v0)
        addiu   $s4, $s4, 1
        sw      $s4, P_IOCOUNT($s0)
        li      $t0, 10
        bne     $s5, $t0, 1b
3:      move    $a0, $s0                # the NUL
        addu    $a1, $s2, $s4
        li      $a2, 1
        jal     user_addr
        beqz    $v0, 4f
        sb      $zero, 0($v0)
        sw      $zero, P_IOCOUNT($s0)
        j       syscall_done
4:      sw      $zero, P_IOCOUNT($s0)
        addu    $s2, $s2, $s4
        j       kill_user_pointer

# read_int: SPIM reads a line (at most 255 bytes, the newline included) and
# converts it with atol.  The line collects in P_LINE, so that a read that
# waits for input resumes.
sys_read_int:
1:      lw      $s4, P_LINELEN($s0)
        li      $t0, 255
        beq     $s4, $t0, 3f
        jal     con_getc
        li      $t0, -2
        beq     $v0, $t0, read_wait
        bltz    $v0, 3f                 # end of input
        addu    $t0, $s0, $s4
        sb      $v0, P_LINE($t0)
        addiu   $s4, $s4, 1
        sw      $s4, P_LINELEN($s0)
        li      $t0, 10
        bne     $v0, $t0, 1b
3:      addu    $t0, $s0, $s4
        sb      $zero, P_LINE($t0)
        sw      $zero, P_LINELEN($s0)
        addiu   $a0, $s0, P_LINE
        jal     atol32
        j       syscall_result

# atol32: the low 32 bits of glibc's atol($a0) (a 64-bit long): leading
# white space, an optional sign, decimal digits; saturating at LONG_MAX /
# LONG_MIN like strtol.  The value is kept as HI:LO in $t4:$t5.
atol32:
        li      $t4, 0                  # high word
        li      $t5, 0                  # low word
        li      $t6, 0                  # negative?
        li      $t7, 0                  # saturated?
1:      lbu     $t0, 0($a0)             # white space: ' ', \t \n \v \f \r
        li      $t1, ' '
        beq     $t0, $t1, 2f
        sltiu   $t1, $t0, 9
        bnez    $t1, 3f
        sltiu   $t1, $t0, 14
        beqz    $t1, 3f
2:      addiu   $a0, $a0, 1
        b       1b
3:      li      $t1, '-'
        bne     $t0, $t1, 4f
        li      $t6, 1
        b       5f
4:      li      $t1, '+'
        bne     $t0, $t1, 6f
5:      addiu   $a0, $a0, 1
6:      lbu     $t0, 0($a0)             # digits
        addiu   $t0, $t0, -48
        sltiu   $t1, $t0, 10
        beqz    $t1, 8f
        addiu   $a0, $a0, 1
        bnez    $t7, 6b                 # saturated: just consume the digits
        # HI:LO = HI:LO * 10 + digit, unless it passes 2^63 - 1
        lui     $t1, 0x0ccc
        ori     $t1, $t1, 0xcccc
        sltu    $t2, $t1, $t4           # high word > 0x0ccccccc: * 10 overflows
        bnez    $t2, 7f
        li      $t1, 10
        multu   $t5, $t1
        mflo    $t2                     # low * 10
        mfhi    $t3                     # its carry
        mul     $t8, $t4, $t1
        addu    $t8, $t8, $t3           # high * 10 + carry
        addu    $t5, $t2, $t0           # + digit
        sltu    $t2, $t5, $t0           # carry out of the low word
        addu    $t4, $t8, $t2
        bltz    $t4, 7f                 # past 2^63 - 1
        b       6b
7:      li      $t7, 1                  # saturate
        b       6b
8:      bnez    $t7, 9f
        move    $v0, $t5
        beqz    $t6, 10f
        subu    $v0, $zero, $v0         # the low word of -value
        jr      $ra
9:      li      $v0, -1                 # LONG_MAX's low word
        beqz    $t6, 10f
        li      $v0, 0                  # LONG_MIN's low word
10:     jr      $ra

# ---- memory -----------------------------------------------------------------------------------
# sbrk: SPIM rounds the size up to a multiple of 4 and returns the old
# break.  The new pages appear on first touch.  A negative size gives memory
# back (not below the initial break); going past USER_HEAP_MAX fails with -1.
sys_sbrk:
        lw      $s2, P_BRK($s0)         # the old break
        addiu   $a0, $a0, 3
        li      $t0, -4
        and     $a0, $a0, $t0
        addu    $s3, $s2, $a0           # the new one
        bltz    $a0, 2f
        sltu    $t0, $s3, $s2           # wrapped around
        bnez    $t0, 1f
        li      $t1, USER_HEAP_MAX
        sltu    $t0, $t1, $s3
        bnez    $t0, 1f
        sw      $s3, P_BRK($s0)
        move    $v0, $s2
        j       syscall_result
1:      li      $v0, -1
        j       syscall_result
2:      lw      $t0, P_BRK0($s0)        # shrinking
        sltu    $t1, $s3, $t0
        bnez    $t1, 1b
        sw      $s3, P_BRK($s0)
        # free the whole pages above the new break
        addiu   $s4, $s3, 4095
        srl     $s4, $s4, 12
        sll     $s4, $s4, 12
3:      sltu    $t0, $s4, $s2
        beqz    $t0, 5f
        lw      $a0, P_ROOT($s0)
        move    $a1, $s4
        li      $a2, 0
        jal     pt_walk
        beqz    $v0, 4f
        lw      $t0, 0($v0)
        lw      $t1, pte_valid
        and     $t1, $t1, $t0
        beqz    $t1, 4f
        sw      $zero, 0($v0)
        srl     $a0, $t0, 12
        sll     $a0, $a0, 12
        jal     frame_free
        move    $a0, $s0
        move    $a1, $s4
        li      $a2, 0
        jal     tlb_sync
4:      addiu   $s4, $s4, 4096
        b       3b
5:      move    $v0, $s2
        j       syscall_result

# ---- ending ---------------------------------------------------------------------------------------
sys_exit:
        li      $a1, 0
        b       1f
sys_exit2:
        move    $a1, $a0
1:      move    $a0, $s0
        jal     proc_exit
        j       trap_return

# ---- processes --------------------------------------------------------------------------------
sys_getpid:
        lw      $v0, P_PID($s0)
        j       syscall_result

sys_yield:
        sw      $zero, P_REGS+R_V0($s0)
        lw      $t0, P_EPC($s0)
        addiu   $t0, $t0, 4
        sw      $t0, P_EPC($s0)
        jal     schedule
        j       trap_return

# fork: the child is a copy: its own pid, a copy of every page, the same
# registers, 0 in $v0.  The parent gets the child's pid, or -1.
sys_fork:
        jal     proc_alloc
        beqz    $v0, 9f
        move    $s2, $v0
        jal     frame_alloc_zero        # the child's root table
        beqz    $v0, 8f
        lui     $t0, 0x8000
        or      $v0, $v0, $t0
        sw      $v0, P_ROOT($s2)
        li      $t0, PS_RUNNABLE        # the trap frame and the rest, from the parent
        sw      $t0, P_STATE($s2)       # (counted alive now, so that a failed copy
        lw      $t0, nalive             #  can go through proc_exit)
        addiu   $t0, $t0, 1
        sw      $t0, nalive
        lw      $t0, P_PID($s0)
        sw      $t0, P_PPID($s2)
        lw      $t0, P_BRK0($s0)
        sw      $t0, P_BRK0($s2)
        lw      $t0, P_BRK($s0)
        sw      $t0, P_BRK($s2)
        lw      $t0, P_NAME($s0)
        sw      $t0, P_NAME($s2)
        li      $t1, P_STATUS
1:      addu    $t2, $s0, $t1           # P_STATUS .. the end of the registers
        lw      $t3, 0($t2)
        addu    $t2, $s2, $t1
        sw      $t3, 0($t2)
        addiu   $t1, $t1, 4
        li      $t2, P_REGS + 128
        bne     $t1, $t2, 1b
        lw      $t0, P_EPC($s2)
        addiu   $t0, $t0, 4
        sw      $t0, P_EPC($s2)
        sw      $zero, P_REGS+R_V0($s2)
        move    $a0, $s2
        move    $a1, $s0
        jal     pt_copy
        beqz    $v0, 7f
        lw      $v0, P_PID($s2)
        j       syscall_result
7:      move    $a0, $s2                # out of memory while copying: undo
        li      $a1, KILL_NOMEM
        sw      $zero, P_PPID($s2)
        lw      $s3, curproc
        jal     proc_exit_quiet
        li      $v0, -1
        j       syscall_result
8:      sw      $zero, P_STATE($s2)
9:      li      $v0, -1
        j       syscall_result

# proc_exit_quiet: end process $a0 (never the current one) without
# scheduling: fork's undo.
proc_exit_quiet:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        sw      $a0, 0($sp)
        jal     pt_free
        lw      $a0, 0($sp)
        sw      $zero, P_STATE($a0)
        lw      $t0, nalive
        addiu   $t0, $t0, -1
        sw      $t0, nalive
        lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra

# wait: reap a child that has ended ($v0 = its pid, $v1 = its status), or
# wait for one, or -1 if there are no children.
sys_wait:
        la      $t0, procs
        li      $t1, NPROC
        lw      $t2, P_PID($s0)
        li      $t5, 0                  # children seen
1:      lw      $t3, P_STATE($t0)
        beqz    $t3, 3f
        lw      $t4, P_PPID($t0)
        bne     $t4, $t2, 3f
        li      $t5, 1
        li      $t4, PS_ZOMBIE
        bne     $t3, $t4, 3f
        lw      $v0, P_PID($t0)         # a zombie child: reap it
        lw      $t4, P_XSTATUS($t0)
        sw      $t4, P_REGS+R_V1($s0)
        sw      $zero, P_STATE($t0)
        j       syscall_result
3:      addiu   $t0, $t0, PROC_SIZE
        addiu   $t1, $t1, -1
        bnez    $t1, 1b
        li      $v0, -1
        beqz    $t5, syscall_result     # no children
        li      $t0, PS_WAITING
        j       syscall_block
