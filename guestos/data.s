# data.s -- the kernel's variables, tables and messages.

        .kdata  KDATA_BASE
curproc:        .word 0         # the running process (procs[0]: idle)
in_kernel:      .word 0         # set from trap entry to trap return
nalive:         .word 0         # processes not yet ended (not zombies)
next_pid:       .word 1
first_status:   .word 0         # pid 1's exit status: the machine's
stats_ptr:      .word 0         # the statistics block (abi.inc)

# frames
mem_top:        .word 0         # the end of RAM
free_bump:      .word 0         # frames from here up were never used
free_list:      .word 0         # freed frames, linked through their first word

# the page-table format (boot.s)
mmu_walker:     .word 0         # 1 on the hardware walker
pt_levels:      .word 0
pt_shift:       .word 0, 0, 0, 0        # VA >> shift & mask: the index at each level
pt_mask:        .word 0, 0, 0, 0
pte_valid:      .word 0         # leaf bits: SOFT_V / WALK_P
pte_write:      .word 0         # SOFT_D / WALK_W
pte_user:       .word 0         # 0 / WALK_U
pt_cookie:      .word 0         # pt_visit's argument for its callback
pt_freeing:     .word 0         # pt_visit frees the tables it visits
copy_failed:    .word 0

# The index splits (shifts, then masks), upper level first.
split_2:        .word 22, 12, 0, 0,      0x3ff, 0x3ff, 0, 0
split_3:        .word 26, 19, 12, 0,     0x3f, 0x7f, 0x7f, 0
split_4:        .word 27, 22, 17, 12,    0x1f, 0x1f, 0x1f, 0x1f

# exception handlers by ExcCode
exc_table:
        .word on_int, on_mod, on_tlb, on_tlb, on_aderr, on_aderr, on_bus, on_bus
        .word on_syscall, on_break, on_ri, on_cpu, on_ov, on_tr, on_other, on_other
        .word on_other, on_other, on_other, on_other, on_other, on_other, on_other, on_other
        .word on_other, on_other, on_other, on_other, on_other, on_other, on_other, on_other

# system calls by number
sys_table:
        .word sys_unknown, sys_print_int, sys_unknown, sys_unknown       # 0-3
        .word sys_print_string, sys_read_int, sys_unknown, sys_unknown   # 4-7
        .word sys_read_string, sys_sbrk, sys_exit, sys_print_char        # 8-11
        .word sys_read_char, sys_unknown, sys_unknown, sys_unknown       # 12-15
        .word sys_unknown, sys_exit2, sys_unknown, sys_unknown           # 16-19
        .word sys_getpid, sys_yield, sys_fork, sys_wait                  # 20-23

numbuf:         .space 12

msg_pid:        .asciiz "[pid "
msg_pid_end:    .asciiz "] "
msg_at:         .asciiz " at "
msg_pc:         .asciiz " (pc "
msg_close:      .asciiz ")\n"
msg_segv:       .asciiz "segmentation fault"
msg_rofault:    .asciiz "segmentation fault (write to read-only page)"
msg_unaligned:  .asciiz "bus error (unaligned access)"
msg_buserr:     .asciiz "bus error"
msg_ill:        .asciiz "illegal instruction"
msg_fpu:        .asciiz "illegal instruction (floating point is not supported)"
msg_ov:         .asciiz "arithmetic overflow"
msg_div0:       .asciiz "division by zero"
msg_divov:      .asciiz "arithmetic overflow in division"
msg_break:      .asciiz "breakpoint"
msg_trap:       .asciiz "trap"
msg_other:      .asciiz "unexpected exception"
msg_nomem:      .asciiz "out of memory"
msg_sysslot:    .asciiz "system call in a branch delay slot"
msg_unknown_sys: .asciiz "unknown system call"
msg_nomodule:   .asciiz "guest OS: out of memory while loading the programs\n"
msg_nobootinfo: .asciiz "guest OS: no boot-info block: boot me with tlbvisor run\n"
msg_panic:      .asciiz "guest OS panic: exception "
msg_panic_epc:  .asciiz " in the kernel, EPC "
msg_panic_bad:  .asciiz ", BadVAddr "

# the process table; procs[0] is the idle process
        .align  4
procs:          .space NPROC * PROC_SIZE

# the kernel stack
        .align  4
kstack:         .space 8192
kstack_top:
