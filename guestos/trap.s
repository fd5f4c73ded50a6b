# trap.s -- what the kernel does with each exception.
#
# trap: entered from the general vector with the process's registers saved
# in its trap frame (curproc) and $sp on the kernel stack.  Each handler
# ends by jumping to trap_return, which resumes curproc.

        .ktext
trap:
        lw      $s0, curproc
        mfc0    $s1, $13                # Cause
        srl     $t0, $s1, 2
        andi    $t0, $t0, 0x1f          # ExcCode
        # Only an interrupt may come from kernel mode (the idle loop).
        lw      $t1, P_STATUS($s0)
        andi    $t1, $t1, ST_KSU_USER
        bnez    $t1, 1f
        bnez    $t0, kernel_fault
1:      sll     $t0, $t0, 2
        lw      $t0, exc_table($t0)
        jr      $t0

# ---- interrupts: the timer and the console --------------------------------------------
on_int:
        andi    $t0, $s1, 0x0400        # IP2: console input is ready
        beqz    $t0, 1f
        jal     wake_readers
1:      andi    $t0, $s1, 0x8000        # IP7: the quantum is over
        beqz    $t0, 2f
        jal     schedule                # round robin (rewrites Compare)
        j       trap_return
2:      lw      $t0, P_PID($s0)         # a console interrupt in the idle loop (pid 0):
        bnez    $t0, trap_return        # run the reader it woke
        jal     schedule
        j       trap_return

# ---- TLB exceptions -------------------------------------------------------------------------
# Three cases:
#  - soft TLB, BadVAddr in the kseg2 page-table window: the refill handler's
#    load missed.  Map the page-table page (allocating it if need be) and
#    return: the user access retries and refills again, now with success;
#  - the page is in a zero-fill region (heap, stack): give it a frame;
#  - anything else is a segmentation fault.
on_tlb:
        mfc0    $s2, $8                 # BadVAddr
        lw      $t0, mmu_walker
        bnez    $t0, page_fault
        lui     $t1, %hi(PTEBASE)
        sltu    $t2, $s2, $t1
        bnez    $t2, page_fault
        li      $t1, PTWINDOW_END
        sltu    $t2, $s2, $t1
        beqz    $t2, page_fault
        # A page of the linear page table: index (BadVAddr - PTEBASE) >> 12 in the root.
        lui     $t1, %hi(PTEBASE)
        subu    $t0, $s2, $t1
        srl     $t0, $t0, 12
        sll     $t0, $t0, 2
        lw      $t1, P_ROOT($s0)
        addu    $s3, $t1, $t0           # &root entry
        lw      $t0, 0($s3)
        andi    $t1, $t0, TBL_VALID
        bnez    $t1, 1f
        jal     frame_alloc_zero        # a new page of (invalid) PTEs
        beqz    $v0, kill_nomem
        ori     $t0, $v0, TBL_BITS
        sw      $t0, 0($s3)
1:      srl     $t0, $t0, 12
        sll     $t0, $t0, 12
        ori     $t0, $t0, SOFT_V        # read-only, valid, this ASID
        mtc0    $t0, $2                 # EntryLo; EntryHi = the window page and the ASID
        tlbwr
        lw      $t0, stats_ptr
        lw      $t1, ST_PTMISSES($t0)
        addiu   $t1, $t1, 1
        sw      $t1, ST_PTMISSES($t0)
        j       trap_return

page_fault:
        move    $a0, $s0
        move    $a1, $s2
        jal     zero_fill_region        # is it heap or stack?
        beqz    $v0, kill_segv
        move    $a0, $s0
        move    $a1, $s2
        jal     map_zero_page           # $v0 = 1, or 0 if out of memory
        beqz    $v0, kill_nomem
        lw      $t0, stats_ptr
        lw      $t1, ST_FAULTS($t0)
        addiu   $t1, $t1, 1
        sw      $t1, ST_FAULTS($t0)
        j       trap_return

# ---- Mod: a store to a page mapped read-only (the text, the exit stub) ------------------------
on_mod:
        mfc0    $s2, $8
        la      $s3, msg_rofault
        li      $s4, KILL_SEGV
        j       kill_at

# ---- address errors: a kernel address from user mode, or misalignment -------------------------
on_aderr:
        mfc0    $s2, $8
        la      $s3, msg_segv
        li      $s4, KILL_SEGV
        bltz    $s2, kill_at            # kseg0-kseg2: not the program's
        la      $s3, msg_unaligned
        li      $s4, KILL_BUS
        j       kill_at

on_bus:
        la      $s3, msg_buserr
        li      $s4, KILL_BUS
        j       kill_pc

on_ri:
        la      $s3, msg_ill
        li      $s4, KILL_ILL
        j       kill_pc

on_cpu:
        srl     $t0, $s1, 28
        andi    $t0, $t0, 3             # Cause.CE
        la      $s3, msg_ill
        beqz    $t0, 1f                 # CP0: a privileged instruction
        la      $s3, msg_fpu            # CP1: floating point
1:      li      $s4, KILL_ILL
        j       kill_pc

on_ov:
        la      $s3, msg_ov
        li      $s4, KILL_FPE
        j       kill_pc

on_tr:
        la      $s3, msg_trap
        li      $s4, KILL_TRAP
        j       kill_pc

# break: the code says why.  GNU's div macro uses break 7 for a zero divisor
# and break 6 for an overflowing one.
on_break:
        move    $a0, $s0
        jal     user_insn               # the break instruction's word
        srl     $t0, $v0, 16
        andi    $t0, $t0, 0x3ff         # its first code field
        la      $s3, msg_div0
        li      $s4, KILL_FPE
        li      $t1, 7
        beq     $t0, $t1, kill_pc
        la      $s3, msg_divov
        li      $t1, 6
        beq     $t0, $t1, kill_pc
        la      $s3, msg_break
        li      $s4, KILL_TRAP
        j       kill_pc

on_other:
        la      $s3, msg_other
        li      $s4, KILL_SEGV
        j       kill_pc

# ---- killing a process ----------------------------------------------------------------------
# kill_at: "[pid N] <$s3> at <$s2 in hex> (pc <EPC>)", exit status $s4.
# kill_num: "[pid N] <$s3> <$s2 in decimal> (pc <EPC>)".
# kill_pc: "[pid N] <$s3> (pc <EPC>)".
kill_segv:
        la      $s3, msg_segv
        li      $s4, KILL_SEGV
        j       kill_at
kill_nomem:
        la      $s3, msg_nomem
        li      $s4, KILL_NOMEM
        j       kill_pc
kill_at:
        li      $s5, 1
        b       kill
kill_num:
        li      $s5, 2
        b       kill
kill_pc:
        li      $s5, 0
kill:
        la      $a0, msg_pid
        jal     kputs
        lw      $a0, P_PID($s0)
        jal     kputdec
        la      $a0, msg_pid_end
        jal     kputs
        move    $a0, $s3
        jal     kputs
        beqz    $s5, 1f
        li      $t0, 2
        beq     $s5, $t0, 2f
        la      $a0, msg_at
        jal     kputs
        move    $a0, $s2
        jal     kputhex
        b       1f
2:      li      $a0, ' '
        jal     kputc
        move    $a0, $s2
        jal     kputdec
1:      la      $a0, msg_pc
        jal     kputs
        move    $a0, $s0
        jal     fault_pc
        move    $a0, $v0
        jal     kputhex
        la      $a0, msg_close
        jal     kputs
        lw      $t0, stats_ptr
        lw      $t1, ST_KILLED($t0)
        addiu   $t1, $t1, 1
        sw      $t1, ST_KILLED($t0)
        move    $a0, $s0
        move    $a1, $s4
        jal     proc_exit               # never returns: schedules another process
        j       trap_return

# fault_pc: the address of the instruction that faulted in process $a0:
# EPC, or EPC + 4 if it was in a delay slot (Cause.BD).
fault_pc:
        lw      $v0, P_EPC($a0)
        mfc0    $t0, $13
        bgez    $t0, 1f
        addiu   $v0, $v0, 4
1:      jr      $ra

# user_insn: the instruction word process $a0 faulted on (0 if unreadable).
user_insn:
        addiu   $sp, $sp, -8
        sw      $ra, 4($sp)
        sw      $a0, 0($sp)
        jal     fault_pc
        lw      $a0, 0($sp)
        move    $a1, $v0
        li      $a2, 0
        jal     user_addr
        beqz    $v0, 1f
        lw      $v0, 0($v0)
1:      lw      $ra, 4($sp)
        addiu   $sp, $sp, 8
        jr      $ra
