# vectors.s -- the two exception vectors, trap entry and trap return.
#
# A user TLB miss (soft TLB) goes to the refill vector at 0x80000000, which
# serves it in five instructions from the linear page table that Context
# points into.  Everything else goes to the general vector at 0x80000180:
# it saves the interrupted process's registers into its struct proc (the
# trap frame), switches to the kernel stack and dispatches on the exception
# code.  trap_return is the way back: it resumes whichever process is
# current by then (the scheduler may have changed it).
#
# The kernel runs with EXL = 1 throughout: interrupts are off and nothing
# nests, except one thing, on purpose: the refill handler's load from kseg2
# may itself miss, which enters the general vector with EXL already set
# (see on_tlb in trap.s).

        .ktext  0x80000000
        .set    noreorder
        .set    noat
# ---- the refill vector: a soft-TLB miss from user mode ---------------------------
refill:
        mfc0    $k0, $4                 # Context = PTEBASE + (VA >> 12) * 4: the PTE's address
        lw      $k1, 0($k0)             # the PTE, through kseg2 (may miss: see on_tlb)
        mtc0    $k1, $2                 # EntryLo = the PTE (EntryHi holds the VPN and ASID)
        tlbwr                           # into a random TLB entry
        eret                            # and retry the access
        .set    at
        .set    reorder

        .ktext  0x80000180
        .set    noreorder
        .set    noat
# ---- the general vector ----------------------------------------------------------------
general:
        lui     $k0, %hi(in_kernel)     # an exception while the kernel runs is a kernel bug
        lw      $k1, %lo(in_kernel)($k0)
        bnez    $k1, kernel_fault
        li      $k1, 1
        sw      $k1, %lo(in_kernel)($k0)
        lui     $k0, %hi(curproc)
        lw      $k0, %lo(curproc)($k0)  # the trap frame of the interrupted process
        sw      $1, P_REGS+4*1($k0)
        sw      $2, P_REGS+4*2($k0)
        sw      $3, P_REGS+4*3($k0)
        sw      $4, P_REGS+4*4($k0)
        sw      $5, P_REGS+4*5($k0)
        sw      $6, P_REGS+4*6($k0)
        sw      $7, P_REGS+4*7($k0)
        sw      $8, P_REGS+4*8($k0)
        sw      $9, P_REGS+4*9($k0)
        sw      $10, P_REGS+4*10($k0)
        sw      $11, P_REGS+4*11($k0)
        sw      $12, P_REGS+4*12($k0)
        sw      $13, P_REGS+4*13($k0)
        sw      $14, P_REGS+4*14($k0)
        sw      $15, P_REGS+4*15($k0)
        sw      $16, P_REGS+4*16($k0)
        sw      $17, P_REGS+4*17($k0)
        sw      $18, P_REGS+4*18($k0)
        sw      $19, P_REGS+4*19($k0)
        sw      $20, P_REGS+4*20($k0)
        sw      $21, P_REGS+4*21($k0)
        sw      $22, P_REGS+4*22($k0)
        sw      $23, P_REGS+4*23($k0)
        sw      $24, P_REGS+4*24($k0)
        sw      $25, P_REGS+4*25($k0)
        sw      $28, P_REGS+4*28($k0)
        sw      $29, P_REGS+4*29($k0)
        sw      $30, P_REGS+4*30($k0)
        sw      $31, P_REGS+4*31($k0)
        mfhi    $k1
        sw      $k1, P_HI($k0)
        mflo    $k1
        sw      $k1, P_LO($k0)
        mfc0    $k1, $14                # EPC
        sw      $k1, P_EPC($k0)
        mfc0    $k1, $12                # Status (EXL is set)
        sw      $k1, P_STATUS($k0)
        .set    at
        .set    reorder
        la      $sp, kstack_top
        j       trap                    # trap.s

# kernel_fault: an exception inside the kernel.  Registers are lost; say
# what CP0 says and power off.
kernel_fault:
        la      $sp, kstack_top
        la      $a0, msg_panic
        jal     kputs
        mfc0    $a0, $13
        srl     $a0, $a0, 2
        andi    $a0, $a0, 0x1f
        jal     kputdec
        la      $a0, msg_panic_epc
        jal     kputs
        mfc0    $a0, $14
        jal     kputhex
        la      $a0, msg_panic_bad
        jal     kputs
        mfc0    $a0, $8
        jal     kputhex
        jal     kputnl
        li      $a0, 255
        j       power_off

# ---- trap_return: resume the current process -----------------------------------------
trap_return:
        lw      $k0, curproc
        lw      $t0, P_HI($k0)
        mthi    $t0
        lw      $t0, P_LO($k0)
        mtlo    $t0
        lw      $t0, P_EPC($k0)
        mtc0    $t0, $14
        lw      $t0, P_STATUS($k0)      # EXL is set: still kernel mode until eret
        mtc0    $t0, $12
        sw      $zero, in_kernel
        .set    noreorder
        .set    noat
        lw      $1, P_REGS+4*1($k0)
        lw      $2, P_REGS+4*2($k0)
        lw      $3, P_REGS+4*3($k0)
        lw      $4, P_REGS+4*4($k0)
        lw      $5, P_REGS+4*5($k0)
        lw      $6, P_REGS+4*6($k0)
        lw      $7, P_REGS+4*7($k0)
        lw      $8, P_REGS+4*8($k0)
        lw      $9, P_REGS+4*9($k0)
        lw      $10, P_REGS+4*10($k0)
        lw      $11, P_REGS+4*11($k0)
        lw      $12, P_REGS+4*12($k0)
        lw      $13, P_REGS+4*13($k0)
        lw      $14, P_REGS+4*14($k0)
        lw      $15, P_REGS+4*15($k0)
        lw      $16, P_REGS+4*16($k0)
        lw      $17, P_REGS+4*17($k0)
        lw      $18, P_REGS+4*18($k0)
        lw      $19, P_REGS+4*19($k0)
        lw      $20, P_REGS+4*20($k0)
        lw      $21, P_REGS+4*21($k0)
        lw      $22, P_REGS+4*22($k0)
        lw      $23, P_REGS+4*23($k0)
        lw      $24, P_REGS+4*24($k0)
        lw      $25, P_REGS+4*25($k0)
        lw      $28, P_REGS+4*28($k0)
        lw      $29, P_REGS+4*29($k0)
        lw      $30, P_REGS+4*30($k0)
        lw      $31, P_REGS+4*31($k0)
        eret
        .set    at
        .set    reorder

# ---- the exit stub, mapped read-only at USER_STUB in every process ----------------------
# A program's $ra starts here, so "jr $ra" at the end of main exits, as
# SPIM's start-up code does.  It has a page of its own.
        .align  12
user_stub:
        li      $v0, SYS_EXIT
        syscall
        .align  12
user_stub_end:
