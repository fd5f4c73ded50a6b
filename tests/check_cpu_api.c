/*
 * check_cpu_api.c -- the embedding interface of cpu/cpu.h: machines, cpu_run
 * and its stop reasons, breakpoints, the trap hook, probes, statistics,
 * determinism, and the fast translation cache (on vs off must not differ).
 */
#include "tests/cpu_harness.h"

static struct cpu *M;
static void setup(void) { M = h_new(); }
static void teardown(void) { cpu_free(M); M = NULL; }

/* ---- comparing whole machines ---------------------------------------------------- */

/* Everything a program can observe, and the statistics, are equal. */
static void assert_same_machine(struct cpu *a, struct cpu *b, const char *what)
{
    struct cpu_stats sa = h_stats(a), sb = h_stats(b);
    struct cpu_tlb_entry ea, eb;
    uint32_t mem = cpu_mem_size(a);
    uint8_t *ra, *rb;

    ck_assert_msg(sa.insns == sb.insns, "%s: insns %llu vs %llu", what,
                  (unsigned long long)sa.insns, (unsigned long long)sb.insns);
    ck_assert_msg(sa.steps == sb.steps, "%s: steps differ", what);
    for (unsigned i = 0; i < CPU_NEXC; i++)
        ck_assert_msg(sa.exceptions[i] == sb.exceptions[i], "%s: exceptions[%s] %llu vs %llu",
                      what, cpu_exc_name(i), (unsigned long long)sa.exceptions[i],
                      (unsigned long long)sb.exceptions[i]);
    ck_assert_msg(sa.tlb_hits == sb.tlb_hits, "%s: tlb_hits %llu vs %llu", what,
                  (unsigned long long)sa.tlb_hits, (unsigned long long)sb.tlb_hits);
    ck_assert_msg(sa.tlb_misses == sb.tlb_misses, "%s: tlb_misses differ", what);
    ck_assert_msg(sa.tlb_writes == sb.tlb_writes, "%s: tlb_writes differ", what);
    ck_assert_msg(sa.walks == sb.walks, "%s: walks differ", what);
    ck_assert_msg(sa.walker_reads == sb.walker_reads, "%s: walker_reads differ", what);
    ck_assert_msg(sa.walker_writes == sb.walker_writes, "%s: walker_writes differ", what);
    ck_assert_msg(sa.machine_checks == sb.machine_checks, "%s: machine_checks differ", what);
    ck_assert_int_eq(memcmp(&sa, &sb, sizeof sa), 0);

    for (unsigned r = 0; r < 32; r++)
        ck_assert_msg(cpu_reg(a, r) == cpu_reg(b, r), "%s: $%u 0x%08x vs 0x%08x", what, r,
                      cpu_reg(a, r), cpu_reg(b, r));
    ck_assert_uint_eq(cpu_hi(a), cpu_hi(b));
    ck_assert_uint_eq(cpu_lo(a), cpu_lo(b));
    ck_assert_uint_eq(cpu_pc(a), cpu_pc(b));
    ck_assert_uint_eq(cpu_npc(a), cpu_npc(b));
    ck_assert_uint_eq(cpu_halted(a), cpu_halted(b));
    ck_assert_uint_eq(cpu_exit_status(a), cpu_exit_status(b));
    for (unsigned r = 0; r < 32; r++)
        ck_assert_msg(cpu_cp0(a, r) == cpu_cp0(b, r), "%s: CP0 %u 0x%08x vs 0x%08x", what, r,
                      cpu_cp0(a, r), cpu_cp0(b, r));
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        cpu_tlb_read(a, i, &ea);
        cpu_tlb_read(b, i, &eb);
        ck_assert_msg(ea.hi == eb.hi && ea.lo == eb.lo && ea.walker_w == eb.walker_w &&
                      ea.walker_u == eb.walker_u, "%s: TLB entry %u differs", what, i);
    }
    ck_assert_uint_eq(mem, cpu_mem_size(b));
    ra = malloc(mem);
    rb = malloc(mem);
    ck_assert_ptr_nonnull(ra);
    ck_assert_ptr_nonnull(rb);
    ck_assert_int_eq(cpu_phys_read(a, 0, ra, mem), 0);
    ck_assert_int_eq(cpu_phys_read(b, 0, rb, mem), 0);
    ck_assert_msg(memcmp(ra, rb, mem) == 0, "%s: RAM differs", what);
    free(ra);
    free(rb);
}

/* A kernel-mode program with timer interrupts every 37 instructions or so:
 * 500 loop iterations (the interrupt lands anywhere, delay slots included),
 * then it halts with the number of ticks. */
static void timer_program(struct cpu *c)
{
    struct h_prog p = { .n = 0 };
    unsigned loop, at;

    h_emit(&p, enc_i(OP_ADDIU, R_S7, R_S7, 1));
    h_emit(&p, enc_mfc0(R_K0, CP0_COUNT));
    h_emit(&p, enc_i(OP_ADDIU, R_K0, R_K0, 37));
    h_emit(&p, enc_mtc0(R_K0, CP0_COMPARE));
    h_emit(&p, enc_op(OP_ERET));
    h_load(c, 0x180, p.w, p.n);

    p.n = 0;
    h_emit(&p, enc_i(OP_ADDIU, R_S0, 0, 500));
    loop = h_emit(&p, enc_r(OP_ADDU, R_S1, R_S1, R_S0));
    h_emit(&p, enc_r(OP_XOR, R_S2, R_S2, R_S1));
    h_emit(&p, enc_i(OP_ADDIU, R_S0, R_S0, -1));
    at = h_emit(&p, enc_b(OP_BNE, R_S0, 0, 0));
    h_patch(&p, at, loop);
    h_emit(&p, enc_sh(OP_SLL, R_S2, R_S2, 1));
    h_emit(&p, enc_i(OP_LUI, R_K1, 0, H_POWER_VA >> 16));
    h_emit(&p, enc_m(OP_SW, R_S7, (int32_t)(H_POWER_VA & 0xffff), R_K1));
    h_code(c, p.w, p.n);
    cpu_set_cp0(c, CP0_COMPARE, 40);
    cpu_set_cp0(c, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_TIMER)));
}

/* Run to the halt in chunks of `chunk` instructions (0: one call). */
static void run_to_halt(struct cpu *c, uint64_t chunk)
{
    enum cpu_stop why;
    unsigned calls = 0;
    do {
        why = cpu_run(c, chunk ? chunk : 1000000);
        ck_assert_uint_lt(++calls, 1000000);
    } while (why == CPU_STOP_BUDGET && chunk);
    ck_assert_msg(why == CPU_STOP_HALT, "stop %d at pc 0x%08x (cause 0x%08x)", why, cpu_pc(c),
                  cpu_cp0(c, CP0_CAUSE));
}

/* ---- machines --------------------------------------------------------------------- */

/* Several machines at once share nothing. */
START_TEST(test_machines_independent)
{
    struct cpu *a = h_new(), *b = h_new_cfg(CPU_MEM_MIN, CPU_MMU_WALKER, 3, true);
    ck_assert_ptr_ne(a, b);
    cpu_set_reg(a, R_T0, 1);
    cpu_set_reg(b, R_T0, 2);
    h_w32(a, 0x2000, 0xaaaa);
    h_w32(b, 0x2000, 0xbbbb);
    cpu_set_cp0(a, CP0_ENTRYHI, 5);
    cpu_set_cp0(a, CP0_COMPARE, 3);
    h_map(a, 4, 0x00400000, 0x3000, 5, ENTRYLO_V);
    h_exec(a, (const uint32_t[]){ enc_i(OP_ADDIU, R_T0, R_T0, 10), H_NOP, H_NOP }, 3, 3);
    ck_assert_uint_eq(cpu_reg(a, R_T0), 11);
    ck_assert_uint_eq(cpu_reg(b, R_T0), 2);
    ck_assert_uint_eq(cpu_cp0(b, CP0_ENTRYHI), 0);
    ck_assert_uint_eq(cpu_cp0(b, CP0_COUNT), 0);
    ck_assert_uint_eq(cpu_cp0(b, CP0_CAUSE), 0);
    ck_assert(cpu_cp0(a, CP0_CAUSE) & (1u << (CAUSE_IP_SHIFT + IRQ_TIMER)));
    ck_assert_uint_eq(h_r32(b, 0x2000), 0xbbbb);
    ck_assert_uint_eq(h_stats(b).insns, 0);
    ck_assert_int_eq(cpu_mmu(a), CPU_MMU_SOFT);
    ck_assert_int_eq(cpu_mmu(b), CPU_MMU_WALKER);
    ck_assert_uint_eq(cpu_mem_size(b), CPU_MEM_MIN);
    struct cpu_tlb_entry e;
    cpu_tlb_read(b, 4, &e);
    ck_assert_uint_eq(e.hi, KSEG0_BASE + (4u << 12));
    cpu_free(a);
    /* b still works after a is gone */
    h_exec(b, (const uint32_t[]){ enc_i(OP_ADDIU, R_T0, R_T0, 10) }, 1, 1);
    ck_assert_uint_eq(cpu_reg(b, R_T0), 12);
    cpu_free(b);
    cpu_free(NULL);
}
END_TEST

/* Configurations outside the documented ranges are refused with a message. */
START_TEST(test_bad_configs)
{
    static const struct { uint32_t mem; enum cpu_mmu mmu; unsigned levels; } bad[] = {
        { CPU_MEM_DEFAULT + 1, CPU_MMU_SOFT, 0 },
        { CPU_MEM_DEFAULT + 2048, CPU_MMU_SOFT, 0 },
        { CPU_MEM_MIN - 4096, CPU_MMU_SOFT, 0 },
        { 0, CPU_MMU_SOFT, 0 },
        { CPU_MEM_MAX + 4096, CPU_MMU_SOFT, 0 },
        { 0xfffff000, CPU_MMU_SOFT, 0 },
        { CPU_MEM_DEFAULT, CPU_MMU_WALKER, 5 },
        { CPU_MEM_DEFAULT, CPU_MMU_WALKER, 1 },
        { CPU_MEM_DEFAULT, CPU_MMU_WALKER, 100 },
        { CPU_MEM_DEFAULT, (enum cpu_mmu)7, 0 },
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct cpu_config cfg = { .mem_size = bad[i].mem, .mmu = bad[i].mmu,
                                  .levels = bad[i].levels };
        const char *err = NULL;
        struct cpu *c = cpu_new(&cfg, &err);
        ck_assert_msg(c == NULL, "config %u accepted", i);
        ck_assert_msg(err != NULL && err[0] != '\0', "config %u: no message", i);
        ck_assert_ptr_null(cpu_new(&cfg, NULL));
    }
}
END_TEST

/* The boundaries are accepted: smallest RAM, default, largest; levels 0 = 2. */
START_TEST(test_good_configs)
{
    struct cpu *c = h_new_cfg(CPU_MEM_MIN, CPU_MMU_SOFT, 0, false);
    ck_assert_uint_eq(cpu_mem_size(c), CPU_MEM_MIN);
    h_exec(c, (const uint32_t[]){ enc_i(OP_ADDIU, R_T0, 0, 3) }, 1, 1);
    ck_assert_uint_eq(cpu_reg(c, R_T0), 3);
    cpu_free(c);
    c = h_new_cfg(CPU_MEM_DEFAULT, CPU_MMU_WALKER, 4, false);
    ck_assert_uint_eq(cpu_cp0(c, CP0_CONFIG) & CONFIG_LEVELS, 4);
    cpu_free(c);
    c = h_new_cfg(CPU_MEM_MAX, CPU_MMU_SOFT, 0, false);
    ck_assert_uint_eq(cpu_mem_size(c), CPU_MEM_MAX);
    h_w32(c, CPU_MEM_MAX - 4, 0x5a);
    ck_assert_uint_eq(h_r32(c, CPU_MEM_MAX - 4), 0x5a);
    cpu_free(c);
}
END_TEST

/* Host register access: $0 stays 0; set_pc leaves any delay slot. */
START_TEST(test_registers_and_pc)
{
    for (unsigned r = 0; r < 32; r++)
        cpu_set_reg(M, r, 0x100 + r);
    ck_assert_uint_eq(cpu_reg(M, 0), 0);
    for (unsigned r = 1; r < 32; r++)
        ck_assert_uint_eq(cpu_reg(M, r), 0x100 + r);
    cpu_set_hilo(M, 1, 2);
    ck_assert_uint_eq(cpu_hi(M), 1);
    ck_assert_uint_eq(cpu_lo(M), 2);
    H_EXEC(M, 1, enc_b(OP_BEQ, 0, 0, 7), enc_i(OP_ADDIU, R_T0, 0, 1));
    ck_assert(cpu_in_delay_slot(M));
    ck_assert_uint_eq(cpu_npc(M), H_CODE_VA + 32);
    cpu_set_pc(M, H_CODE_VA + 4);
    ck_assert(!cpu_in_delay_slot(M));
    ck_assert_uint_eq(cpu_npc(M), H_CODE_VA + 8);
    cpu_run(M, 1);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 8);        /* the branch is forgotten */
    ck_assert_uint_eq(cpu_reg(M, R_T0), 1);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(cpu_exc_name(EXC_INT), "Int");
    ck_assert_str_eq(cpu_exc_name(EXC_TLBL), "TLBL");
    ck_assert_str_eq(cpu_exc_name(EXC_ADEL), "AdEL");
    ck_assert_str_eq(cpu_exc_name(EXC_CPU), "CpU");
    ck_assert_str_eq(cpu_exc_name(EXC_TR), "Tr");
    ck_assert_str_eq(cpu_exc_name(14), "?");
    ck_assert_str_eq(cpu_exc_name(CPU_NEXC), "?");
    ck_assert_str_eq(cpu_exc_name(1000), "?");
    for (int r = MMU_OK; r <= MMU_BUS_ERROR; r++) {
        ck_assert_ptr_nonnull(mmu_result_name((enum mmu_result)r));
        ck_assert_str_ne(mmu_result_name((enum mmu_result)r), "?");
    }
}
END_TEST

/* ---- cpu_run: budget and halt ---------------------------------------------------------- */

START_TEST(test_budget_exact)
{
    uint32_t nops[64] = { 0 };
    struct cpu_stats st;
    h_code(M, nops, 64);
    ck_assert_int_eq(cpu_run(M, 0), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA);
    ck_assert_int_eq(cpu_run(M, 10), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 40);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_int_eq(cpu_run(M, 7), CPU_STOP_BUDGET);
    st = h_stats(M);
    ck_assert_uint_eq(st.insns, 18);
    ck_assert_uint_eq(st.steps, 18);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 18);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 72);
}
END_TEST

/* Faulting instructions count against the budget (a run always ends). */
START_TEST(test_budget_counts_faults)
{
    /* an exception loop: the vector holds a syscall too */
    h_w32(M, 0x180, enc_syscall(0));
    ck_assert_int_eq(H_EXEC(M, 50, enc_syscall(0)), CPU_STOP_BUDGET);
    ck_assert_uint_eq(h_stats(M).steps, 50);
    ck_assert_uint_eq(h_stats(M).insns, 0);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_SYS], 50);
}
END_TEST

/* After a halt, cpu_run says so again and runs nothing. */
START_TEST(test_halt_is_final)
{
    cpu_set_reg(M, R_T1, H_POWER_VA);
    ck_assert_int_eq(H_EXEC(M, 10, enc_m(OP_SW, 0, 0, R_T1), H_NOP), CPU_STOP_HALT);
    uint64_t steps = h_stats(M).steps;
    ck_assert_int_eq(cpu_run(M, 10), CPU_STOP_HALT);
    ck_assert_uint_eq(h_stats(M).steps, steps);
    ck_assert_uint_eq(cpu_exit_status(M), 0);
}
END_TEST

/* ---- breakpoints --------------------------------------------------------------------------- */

START_TEST(test_breakpoint_stops_before)
{
    uint32_t p[16] = { 0 };
    for (unsigned i = 0; i < 16; i++)
        p[i] = enc_i(OP_ADDIU, R_T0, R_T0, 1);
    h_code(M, p, 16);
    ck_assert_int_eq(cpu_break_add(M, H_CODE_VA + 12), 0);
    ck_assert_int_eq(cpu_run(M, 100), CPU_STOP_BREAK);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 12);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 3);
    ck_assert_uint_eq(h_stats(M).insns, 3);
    ck_assert_uint_eq(h_stats(M).steps, 3);
    /* "continue": the first instruction of a run is not stopped on */
    ck_assert_int_eq(cpu_run(M, 5), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 8);
    /* stopping with a budget of 1 at the breakpoint itself still steps */
    cpu_set_pc(M, H_CODE_VA + 12);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 16);
    /* delete: no stop */
    ck_assert_int_eq(cpu_break_del(M, H_CODE_VA + 12), 0);
    ck_assert_int_eq(cpu_break_del(M, H_CODE_VA + 12), -1);
    cpu_set_pc(M, H_CODE_VA);
    ck_assert_int_eq(cpu_run(M, 10), CPU_STOP_BUDGET);
}
END_TEST

/* cpu_break_skip_first(false): a run stops at a breakpoint on its very
 * first instruction (a debugger that steps off breakpoints itself). */
START_TEST(test_breakpoint_no_skip_first)
{
    uint32_t p[16] = { 0 };
    for (unsigned i = 0; i < 16; i++)
        p[i] = enc_i(OP_ADDIU, R_T0, R_T0, 1);
    h_code(M, p, 16);
    cpu_break_add(M, H_CODE_VA + 8);
    ck_assert_int_eq(cpu_run(M, 100), CPU_STOP_BREAK);
    cpu_break_skip_first(M, false);
    ck_assert_int_eq(cpu_run(M, 100), CPU_STOP_BREAK);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 8);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 2);
    ck_assert_uint_eq(h_stats(M).steps, 2);
    /* a budget that ends just before it: the next run still stops there */
    cpu_set_pc(M, H_CODE_VA);
    cpu_set_reg(M, R_T0, 0);
    ck_assert_int_eq(cpu_run(M, 2), CPU_STOP_BUDGET);
    ck_assert_int_eq(cpu_run(M, 100), CPU_STOP_BREAK);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 2);
    /* and back on: continue steps off it */
    cpu_break_skip_first(M, true);
    ck_assert_int_eq(cpu_run(M, 3), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 5);
}
END_TEST

/* A breakpoint added on a page the machine has already run from (and so may
 * have cached) still stops; a loop stops at it on every iteration. */
START_TEST(test_breakpoint_in_hot_loop)
{
    uint32_t p[4] = {
        enc_i(OP_ADDIU, R_T0, R_T0, 1),
        enc_i(OP_ADDIU, R_T1, R_T1, 1),
        enc_b(OP_BEQ, 0, 0, -3),
        H_NOP,
    };
    h_code(M, p, 4);
    ck_assert_int_eq(cpu_run(M, 400), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 100);
    ck_assert_int_eq(cpu_break_add(M, H_CODE_VA + 4), 0);
    for (unsigned i = 0; i < 5; i++) {
        ck_assert_int_eq(cpu_run(M, 1000), CPU_STOP_BREAK);
        ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
        ck_assert_uint_eq(cpu_reg(M, R_T0), 101 + i);
        ck_assert_uint_eq(cpu_reg(M, R_T1), 100 + i);
    }
    cpu_break_clear(M);
    ck_assert_int_eq(cpu_run(M, 40), CPU_STOP_BUDGET);
}
END_TEST

/* A breakpoint on a delay slot: stop there, in the slot; continue goes to the target. */
START_TEST(test_breakpoint_on_delay_slot)
{
    cpu_break_add(M, H_CODE_VA + 4);
    ck_assert_int_eq(H_EXEC(M, 100, enc_b(OP_BEQ, 0, 0, 9), H_NOP), CPU_STOP_BREAK);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
    ck_assert(cpu_in_delay_slot(M));
    ck_assert_uint_eq(cpu_npc(M), H_CODE_VA + 40);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 40);
}
END_TEST

/* Breakpoints are on virtual addresses in any mode: a user-mode address. */
START_TEST(test_breakpoint_user_va)
{
    uint32_t p[8] = { 0 };
    h_code_mapped(M, 2, p, 8);
    cpu_break_add(M, H_USER_VA + 16);
    ck_assert_int_eq(cpu_run(M, 100), CPU_STOP_BREAK);
    ck_assert_uint_eq(cpu_pc(M), H_USER_VA + 16);
    ck_assert_int_eq(cpu_mode(M), CPU_USER);
}
END_TEST

/* The table has a limit: adding fails with -1 eventually, never crashes;
 * adding an existing address is not an error. */
START_TEST(test_breakpoint_table_full)
{
    unsigned added = 0;
    int r = 0;
    for (uint32_t va = 0x80100000; added < 100000; va += 4) {
        r = cpu_break_add(M, va);
        if (r != 0)
            break;
        added++;
    }
    ck_assert_int_eq(r, -1);
    ck_assert_uint_gt(added, 8);
    ck_assert_int_eq(cpu_break_add(M, 0x80100000), 0);
    ck_assert_int_eq(cpu_break_del(M, 0x80100000), 0);
    ck_assert_int_eq(cpu_break_add(M, 0x80000004), 0);
    cpu_break_clear(M);
    ck_assert_int_eq(cpu_break_del(M, 0x80000004), -1);
}
END_TEST

/* ---- the trap hook ----------------------------------------------------------------------------- */

/* A syscall emulator: $v0 = 1 prints $a0 as a character; anything else stops. */
struct emu { char out[64]; int n; int calls; uint32_t cause, epc, status; };
static enum cpu_trap_action emu_hook(void *ctx, struct cpu *c, const struct cpu_trap *t)
{
    struct emu *e = ctx;
    e->calls++;
    e->cause = cpu_cp0(c, CP0_CAUSE);
    e->epc = cpu_cp0(c, CP0_EPC);
    e->status = cpu_cp0(c, CP0_STATUS);
    if (t->code != EXC_SYS || cpu_reg(c, R_V0) != 1)
        return CPU_TRAP_STOP;
    e->out[e->n++] = (char)cpu_reg(c, R_A0);
    cpu_set_reg(c, R_V0, 0);
    cpu_set_cp0(c, CP0_EPC, t->epc + 4);
    cpu_eret(c);
    return CPU_TRAP_RESUME;
}

START_TEST(test_trap_hook_emulates_syscalls)
{
    struct emu e = { .n = 0 };
    struct h_prog p = { .n = 0 };
    const char *msg = "ok!";

    h_w32(M, 0x180, enc_i(OP_ADDIU, R_S7, R_S7, 1));     /* the guest vector: never run */
    h_w32(M, 0x000, enc_i(OP_ADDIU, R_S7, R_S7, 1));
    cpu_set_trap_hook(M, emu_hook, &e);
    for (const char *s = msg; *s; s++) {
        h_emit(&p, enc_i(OP_ADDIU, R_V0, 0, 1));
        h_emit(&p, enc_i(OP_ADDIU, R_A0, 0, (uint8_t)*s));
        h_emit(&p, enc_syscall(0));
    }
    h_emit(&p, enc_i(OP_ADDIU, R_V0, 0, 10));
    h_emit(&p, enc_syscall(0));
    h_code(M, p.w, p.n);
    ck_assert_int_eq(cpu_run(M, 1000), CPU_STOP_TRAP);
    e.out[e.n] = 0;
    ck_assert_str_eq(e.out, msg);
    ck_assert_int_eq(e.calls, 4);
    ck_assert_uint_eq(cpu_reg(M, R_S7), 0);
    /* CP0 was set before the hook ran */
    ck_assert_uint_eq((e.cause & CAUSE_EXC) >> CAUSE_EXC_SHIFT, EXC_SYS);
    ck_assert_uint_eq(e.epc, H_CODE_VA + 4 * (p.n - 1));
    ck_assert(e.status & STATUS_EXL);
    /* stopped: PC holds the vector the guest would have used */
    ck_assert_uint_eq(cpu_pc(M), VEC_GENERAL);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_SYS], 4);
    ck_assert_uint_eq(h_stats(M).steps, p.n);
    ck_assert_uint_eq(h_stats(M).insns, p.n - 4);
}
END_TEST

/* The trap record: code, epc, pc, bd, badvaddr, insn, refill, ce. */
START_TEST(test_trap_record)
{
    struct h_traps r = { .action = CPU_TRAP_STOP };
    uint32_t w;
    cpu_set_trap_hook(M, h_trap_fn, &r);

    /* a TLB miss in a delay slot */
    cpu_set_reg(M, R_T0, 0x00700010);
    cpu_set_cp0(M, CP0_ENTRYHI, 4);
    w = enc_m(OP_LW, R_T1, 0, R_T0);
    ck_assert_int_eq(H_EXEC(M, 10, H_NOP, enc_b(OP_BNE, 0, 0, 3), w), CPU_STOP_TRAP);
    ck_assert_int_eq(r.n, 1);
    ck_assert_uint_eq(r.last.code, EXC_TLBL);
    ck_assert_uint_eq(r.last.epc, H_CODE_VA + 4);
    ck_assert_uint_eq(r.last.pc, H_CODE_VA + 8);
    ck_assert(r.last.bd);
    ck_assert_uint_eq(r.last.badvaddr, 0x00700010);
    ck_assert_uint_eq(r.last.insn, w);
    ck_assert(r.last.refill);
    ck_assert(!r.last.fetch);
    ck_assert_uint_eq(r.epc, H_CODE_VA + 4);
    ck_assert(r.cause & CAUSE_BD);
    ck_assert_uint_eq(r.badvaddr, 0x00700010);
    ck_assert_uint_eq(r.entryhi, 0x00700000 | 4);
    ck_assert_uint_eq(r.context & CONTEXT_BADVPN, (0x00700010 >> 10) & CONTEXT_BADVPN);
    ck_assert_uint_eq(r.pc, VEC_REFILL);
    ck_assert_int_eq(r.mode, CPU_KERNEL);
    ck_assert_uint_eq(cpu_pc(M), VEC_REFILL);

    /* the same miss with EXL = 1 is not a refill */
    r.n = 0;
    ck_assert_int_eq(H_EXEC(M, 10, w), CPU_STOP_TRAP);
    ck_assert(!r.last.refill);
    ck_assert(!r.last.bd);
    ck_assert_uint_eq(r.pc, VEC_GENERAL);

    /* CpU from user mode with CE = 1 (cop1) */
    r.n = 0;
    cpu_set_cp0(M, CP0_STATUS, 0);
    w = 0x44000000;
    h_code_mapped(M, 2, &w, 1);
    ck_assert_int_eq(cpu_run(M, 10), CPU_STOP_TRAP);
    ck_assert_uint_eq(r.last.code, EXC_CPU);
    ck_assert_uint_eq(r.last.ce, 1);
    ck_assert_uint_eq(r.last.insn, w);
    ck_assert_uint_eq(r.last.pc, H_USER_VA);
    ck_assert_uint_eq(r.last.epc, H_USER_VA);
    ck_assert_int_eq(r.mode, CPU_KERNEL);                /* EXL = 1 in the hook */
    ck_assert_uint_eq((r.cause & CAUSE_CE) >> CAUSE_CE_SHIFT, 1);

    /* an address error: badvaddr */
    r.n = 0;
    cpu_set_cp0(M, CP0_STATUS, 0);
    cpu_set_reg(M, R_T0, H_DATA_VA + 2);
    ck_assert_int_eq(H_EXEC(M, 10, enc_m(OP_SW, R_T1, 0, R_T0)), CPU_STOP_TRAP);
    ck_assert_uint_eq(r.last.code, EXC_ADES);
    ck_assert_uint_eq(r.last.badvaddr, H_DATA_VA + 2);
    ck_assert_uint_eq(r.badvaddr, H_DATA_VA + 2);
    ck_assert(!r.last.fetch);

    /* a fetch fault: fetch set, no instruction word */
    r.n = 0;
    cpu_set_cp0(M, CP0_STATUS, 0);
    cpu_set_pc(M, 0x00900000);
    ck_assert_int_eq(cpu_run(M, 10), CPU_STOP_TRAP);
    ck_assert_uint_eq(r.last.code, EXC_TLBL);
    ck_assert(r.last.fetch);
    ck_assert_uint_eq(r.last.insn, 0);
    ck_assert_uint_eq(r.last.badvaddr, 0x00900000);
}
END_TEST

/* npc in the trap record, and resuming a trapped delay-slot instruction in
 * its slot (cpu_set_pc_delay): the branch is not executed again. */
struct delay_fix { int n; struct cpu_trap t; };
static enum cpu_trap_action delay_fix_hook(void *ctx, struct cpu *c, const struct cpu_trap *t)
{
    struct delay_fix *d = ctx;
    struct cpu_tlb_entry e = { 0 };
    d->n++;
    d->t = *t;
    e.hi = cpu_cp0(c, CP0_ENTRYHI);
    e.lo = H_DATA_PA | ENTRYLO_V | ENTRYLO_D;
    cpu_tlb_write(c, 5, &e);
    cpu_set_cp0(c, CP0_STATUS, 0);                  /* back to kernel mode, EXL = 0 */
    cpu_set_pc_delay(c, t->pc, t->npc);
    return CPU_TRAP_RESUME;
}

START_TEST(test_trap_npc_delay_resume)
{
    struct delay_fix d = { 0 };
    cpu_set_trap_hook(M, delay_fix_hook, &d);
    h_w32(M, H_DATA_PA + 8, 0x1234);
    cpu_set_reg(M, R_T0, 0x00700008);
    /* 0: addiu s0 += 1 (counts passes through the branch)
     * 4: beq $0, $0, +2 -> 16      (taken)
     * 8: lw $t1, 0($t0)             (delay slot: misses, fixed, resumed in the slot)
     * 12: addiu s1 += 1             (skipped by the branch)
     * 16: addiu s2 += 1             (the target) */
    ck_assert_int_eq(H_EXEC(M, 5,
        enc_i(OP_ADDIU, R_S0, R_S0, 1), enc_b(OP_BEQ, 0, 0, 2), enc_m(OP_LW, R_T1, 0, R_T0),
        enc_i(OP_ADDIU, R_S1, R_S1, 1), enc_i(OP_ADDIU, R_S2, R_S2, 1)), CPU_STOP_BUDGET);
    ck_assert_int_eq(d.n, 1);
    ck_assert(d.t.bd);
    ck_assert(!d.t.fetch);
    ck_assert_uint_eq(d.t.pc, H_CODE_VA + 8);
    ck_assert_uint_eq(d.t.npc, H_CODE_VA + 16);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x1234);
    ck_assert_uint_eq(cpu_reg(M, R_S0), 1);
    ck_assert_uint_eq(cpu_reg(M, R_S1), 0);
    ck_assert_uint_eq(cpu_reg(M, R_S2), 1);
    ck_assert_uint_eq(cpu_insns(M), 4);             /* addiu, beq, lw, addiu: once each */
}
END_TEST

/* A hook that fills the TLB (a host-side refill handler) and retries. */
static enum cpu_trap_action refill_hook(void *ctx, struct cpu *c, const struct cpu_trap *t)
{
    int *n = ctx;
    struct cpu_tlb_entry e = { 0 };
    (*n)++;
    ck_assert_uint_eq(t->code, EXC_TLBL);
    e.hi = cpu_cp0(c, CP0_ENTRYHI);
    e.lo = (0x00300000 + (t->badvaddr & 0x000ff000)) | ENTRYLO_V;
    cpu_tlb_write(c, (unsigned)*n, &e);
    cpu_eret(c);
    return CPU_TRAP_RESUME;
}

START_TEST(test_trap_hook_refill)
{
    int n = 0;
    cpu_set_trap_hook(M, refill_hook, &n);
    h_w32(M, 0x00305008, 0x5555);
    h_w32(M, 0x00306008, 0x6666);
    cpu_set_reg(M, R_T0, 0x00405008);
    cpu_set_reg(M, R_T2, 0x00406008);
    ck_assert_int_eq(H_EXEC(M, 4, enc_m(OP_LW, R_T1, 0, R_T0), enc_m(OP_LW, R_T3, 0, R_T2)),
                     CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0x5555);
    ck_assert_uint_eq(cpu_reg(M, R_T3), 0x6666);
    ck_assert_int_eq(n, 2);
    ck_assert_uint_eq(h_stats(M).insns, 2);
    ck_assert_uint_eq(h_stats(M).steps, 4);
    ck_assert_uint_eq(cpu_cp0(M, CP0_STATUS) & STATUS_EXL, 0);
}
END_TEST

/* Interrupts go through the hook too; a hook that resumes without changing
 * anything lets the guest vector run. */
START_TEST(test_trap_hook_interrupt_and_plain_resume)
{
    struct h_traps r = { .action = CPU_TRAP_RESUME };
    uint32_t nops[8] = { 0 };
    cpu_set_trap_hook(M, h_trap_fn, &r);
    h_w32(M, 0x180, enc_i(OP_ADDIU, R_S7, 0, 9));
    cpu_set_cp0(M, CP0_COMPARE, 2);
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_TIMER)));
    h_code(M, nops, 8);
    ck_assert_int_eq(cpu_run(M, 3), CPU_STOP_BUDGET);
    ck_assert_int_eq(r.n, 1);
    ck_assert_uint_eq(r.last.code, EXC_INT);
    ck_assert_uint_eq(r.last.epc, H_CODE_VA + 8);
    ck_assert_uint_eq(r.epc, H_CODE_VA + 8);
    ck_assert(!r.last.bd);
    ck_assert_uint_eq(cpu_reg(M, R_S7), 9);              /* the vector ran */
    ck_assert_uint_eq(cpu_pc(M), VEC_GENERAL + 4);
}
END_TEST

/* CPU_TRAP_STOP ends the run with CPU_STOP_TRAP; the next run goes on from
 * where the hook left the machine. */
START_TEST(test_trap_stop_then_continue)
{
    struct h_traps r = { .action = CPU_TRAP_STOP, .skip = 0 };
    cpu_set_trap_hook(M, h_trap_fn, &r);
    ck_assert_int_eq(H_EXEC(M, 100, H_NOP, enc_break(0, 0), enc_i(OP_ADDIU, R_T0, 0, 5), H_NOP),
                     CPU_STOP_TRAP);
    ck_assert_uint_eq(r.last.code, EXC_BP);
    ck_assert_uint_eq(h_stats(M).steps, 2);
    /* the host decides to skip the break, as a debugger would */
    cpu_set_cp0(M, CP0_EPC, r.last.epc + 4);
    cpu_eret(M);
    cpu_set_trap_hook(M, NULL, NULL);
    ck_assert_int_eq(cpu_run(M, 1), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 5);
}
END_TEST

/* ---- probes --------------------------------------------------------------------------------------- */

struct snapshot {
    struct cpu_stats st;
    uint32_t cp0[32];
    struct cpu_tlb_entry tlb[CPU_TLB_SIZE];
};
static void snap(struct cpu *c, struct snapshot *s)
{
    memset(s, 0, sizeof *s);
    cpu_get_stats(c, &s->st);
    for (unsigned r = 0; r < 32; r++)
        s->cp0[r] = cpu_cp0(c, r);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++)
        cpu_tlb_read(c, i, &s->tlb[i]);
}
static void assert_same_snap(const struct snapshot *a, const struct snapshot *b)
{
    ck_assert_int_eq(memcmp(&a->st, &b->st, sizeof a->st), 0);
    for (unsigned r = 0; r < 32; r++)
        ck_assert_msg(a->cp0[r] == b->cp0[r], "CP0 %u changed: 0x%08x -> 0x%08x", r,
                      a->cp0[r], b->cp0[r]);
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++)
        ck_assert_msg(a->tlb[i].hi == b->tlb[i].hi && a->tlb[i].lo == b->tlb[i].lo,
                      "TLB entry %u changed", i);
}

/* cpu_probe gives the translation result of every kind, and changes nothing. */
START_TEST(test_probe_soft)
{
    struct snapshot a, b;
    struct cpu_xlate x;
    struct h_log log = { .count = 0 };

    cpu_set_log(M, h_log_fn, &log);
    h_map(M, 5, 0x00400000, 0x00005000, 1, ENTRYLO_V | ENTRYLO_D);
    h_map(M, 6, 0x00401000, 0x00006000, 1, ENTRYLO_V);
    h_map(M, 7, 0x00402000, 0x00007000, 1, 0);
    h_map(M, 8, 0x00403000, 0x00008000, 0, ENTRYLO_V | ENTRYLO_G);
    h_map(M, 9, 0x00403000, 0x00009000, 1, ENTRYLO_V);          /* duplicate */
    h_map(M, 10, 0x00404000, 0x1fd00000, 1, ENTRYLO_V);         /* the devices */
    cpu_set_cp0(M, CP0_ENTRYHI, 1);
    cpu_set_cp0(M, CP0_CONTEXT, 0xc0000000);
    cpu_set_cp0(M, CP0_BADVADDR, 0);
    H_EXEC(M, 5, H_NOP, H_NOP, H_NOP, H_NOP, H_NOP);              /* move Random */
    snap(M, &a);

    ck_assert_int_eq(cpu_probe(M, 0x80001234, CPU_LOAD, CPU_KERNEL, &x), MMU_OK);
    ck_assert(!x.mapped);
    ck_assert_uint_eq(x.pa, 0x1234);
    ck_assert_int_eq(cpu_probe(M, 0xa0001234, CPU_FETCH, CPU_KERNEL, &x), MMU_OK);
    ck_assert_uint_eq(x.pa, 0x1234);
    ck_assert_int_eq(cpu_probe(M, 0x00400abc, CPU_STORE, CPU_USER, &x), MMU_OK);
    ck_assert(x.mapped);
    ck_assert_uint_eq(x.pa, 0x5abc);
    ck_assert_int_eq(x.tlb_index, 5);
    ck_assert(!x.from_walk);
    ck_assert_int_eq(cpu_probe(M, 0x00401000, CPU_LOAD, CPU_USER, &x), MMU_OK);
    ck_assert_int_eq(cpu_probe(M, 0x00401000, CPU_STORE, CPU_USER, &x), MMU_TLB_MOD);
    ck_assert_int_eq(cpu_probe(M, 0x00402000, CPU_LOAD, CPU_KERNEL, &x), MMU_TLB_INVALID);
    ck_assert_int_eq(cpu_probe(M, 0x00405000, CPU_FETCH, CPU_KERNEL, &x), MMU_TLB_REFILL);
    ck_assert_int_eq(cpu_probe(M, 0x80000000, CPU_LOAD, CPU_USER, &x), MMU_ADDRESS_ERROR);
    ck_assert_int_eq(cpu_probe(M, 0xc0000000, CPU_STORE, CPU_USER, &x), MMU_ADDRESS_ERROR);
    ck_assert_int_eq(cpu_probe(M, 0xa1000000, CPU_LOAD, CPU_KERNEL, &x), MMU_BUS_ERROR);
    ck_assert_int_eq(cpu_probe(M, 0x00403000, CPU_LOAD, CPU_KERNEL, &x), MMU_OK);
    ck_assert_uint_eq(x.pa, 0x8000);                               /* the first entry */
    ck_assert_int_eq(cpu_probe(M, 0x80100000, CPU_LOAD, CPU_SUPERVISOR, &x), MMU_TLB_REFILL);

    snap(M, &b);
    assert_same_snap(&a, &b);
    ck_assert_int_eq(log.count, 0);                                /* no machine check */
}
END_TEST

/* cpu_probe_read: reads through the TLB across pages, stops at the first
 * unreadable byte, never reads devices, changes nothing. */
START_TEST(test_probe_read)
{
    struct snapshot a, b;
    struct h_console con;
    uint8_t buf[0x1800];

    h_console(M, &con, "input");
    h_map(M, 5, 0x00400000, 0x00009000, 0, ENTRYLO_V | ENTRYLO_G);
    h_map(M, 6, 0x00401000, 0x00005000, 0, ENTRYLO_V | ENTRYLO_G);
    h_map(M, 7, 0x00402000, 0x1fd00000, 0, ENTRYLO_V | ENTRYLO_G);
    for (unsigned i = 0; i < 0x1000; i += 4) {
        h_w32(M, 0x9000 + i, 0x90000000 + i);
        h_w32(M, 0x5000 + i, 0x50000000 + i);
    }
    snap(M, &a);
    ck_assert_int_eq(cpu_probe_read(M, 0x00400800, buf, 0x1000), MMU_OK);
    ck_assert_uint_eq(buf[0], 0x00);
    ck_assert_uint_eq(buf[3], 0x90);
    ck_assert_uint_eq(buf[0x7ff], 0x90);
    ck_assert_uint_eq(buf[0x800 + 3], 0x50);          /* second page: other frame */
    ck_assert_int_eq(cpu_probe_read(M, 0x80009000, buf, 8), MMU_OK);
    ck_assert_uint_eq(buf[3], 0x90);
    ck_assert_int_eq(cpu_probe_read(M, 0x00401ff0, buf, 0x20), MMU_BUS_ERROR);
    ck_assert_int_eq(cpu_probe_read(M, 0xbfd00004, buf, 4), MMU_BUS_ERROR);
    ck_assert_int_eq(cpu_probe_read(M, 0x00403000, buf, 4), MMU_TLB_REFILL);
    h_set_ksu(M, 2);                                    /* the current mode counts */
    ck_assert_int_eq(cpu_probe_read(M, 0x80009000, buf, 4), MMU_ADDRESS_ERROR);
    h_set_ksu(M, 0);
    ck_assert_int_eq(con.reads, 0);
    snap(M, &b);
    assert_same_snap(&a, &b);
}
END_TEST

/* ---- determinism and the fast cache ----------------------------------------------------------------- */

/* The same program on two machines: identical in every observable way. */
/* Instructions are charged to the mode they retire in (eret to the kernel),
 * and a miss delivered to the refill vector counts as a refill. */
START_TEST(test_stats_by_mode_and_refills)
{
    struct cpu *m = h_new();
    const uint32_t user_pa = 0x3000;
    /* refill handler: map H_USER_VA -> user_pa from $s0, then eret */
    h_load(m, 0x000, (const uint32_t[]){
        enc_mtc0(R_S0, CP0_ENTRYLO), enc_op(OP_TLBWR), enc_op(OP_ERET) }, 3);
    /* general vector: two instructions, then the run ends */
    h_load(m, 0x180, (const uint32_t[]){ 0, 0 }, 2);
    /* user code: three instructions, then syscall */
    h_load(m, user_pa, (const uint32_t[]){
        enc_i(OP_ADDIU, R_T2, 0, 1), enc_i(OP_ADDIU, R_T2, R_T2, 1),
        enc_i(OP_ADDIU, R_T2, R_T2, 1), enc_syscall(0) }, 4);
    cpu_set_reg(m, R_T0, 0x12);                 /* KSU = user, EXL */
    cpu_set_reg(m, R_T1, H_USER_VA);
    cpu_set_reg(m, R_S0, user_pa | ENTRYLO_V);
    h_code(m, (const uint32_t[]){
        enc_mtc0(R_T0, CP0_STATUS), enc_mtc0(R_T1, CP0_EPC), enc_op(OP_ERET) }, 3);
    ck_assert_int_eq(cpu_run(m, 13), CPU_STOP_BUDGET);
    ck_assert_uint_eq(cpu_pc(m), VEC_GENERAL + 8);
    ck_assert_uint_eq(cpu_reg(m, R_T2), 3);
    struct cpu_stats st = h_stats(m);
    ck_assert_uint_eq(st.insns, 11);
    ck_assert_uint_eq(st.insns_mode[CPU_KERNEL], 8);    /* 3 + refill 3 + 2 */
    ck_assert_uint_eq(st.insns_mode[CPU_USER], 3);
    ck_assert_uint_eq(st.insns_mode[CPU_SUPERVISOR], 0);
    ck_assert_uint_eq(st.refills, 1);
    ck_assert_uint_eq(st.exceptions[EXC_TLBL], 1);
    ck_assert_uint_eq(st.exceptions[EXC_SYS], 1);
    cpu_free(m);
}
END_TEST

START_TEST(test_determinism_soft)
{
    struct cpu *a = h_new_cfg(HK_MEM, CPU_MMU_SOFT, 0, false);
    struct cpu *b = h_new_cfg(HK_MEM, CPU_MMU_SOFT, 0, false);
    hk_build(a, 6, 100);
    hk_build(b, 6, 100);
    run_to_halt(a, 0);
    run_to_halt(b, 0);
    ck_assert_uint_eq(cpu_exit_status(a), hk_model(6, 100));
    assert_same_machine(a, b, "two runs");
    cpu_free(a);
    cpu_free(b);
}
END_TEST

/* Splitting a run into many small cpu_run calls changes nothing either (timer
 * interrupts included). */
START_TEST(test_determinism_chunked)
{
    static const uint64_t chunks[] = { 1, 2, 3, 7, 64, 1000 };
    struct cpu *ref = h_new();
    timer_program(ref);
    run_to_halt(ref, 0);
    ck_assert_uint_gt(cpu_exit_status(ref), 20);           /* ticks */
    ck_assert_uint_eq(h_stats(ref).exceptions[EXC_INT], cpu_exit_status(ref));
    for (unsigned i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        char what[32];
        struct cpu *c = h_new();
        timer_program(c);
        run_to_halt(c, chunks[i]);
        snprintf(what, sizeof what, "chunks of %llu", (unsigned long long)chunks[i]);
        assert_same_machine(ref, c, what);
        cpu_free(c);
    }
    cpu_free(ref);
}
END_TEST

/* Fast cache on vs off: the same TLB-heavy program (refills, Mod, ASID
 * switches, user/kernel changes) gives identical results and statistics. */
START_TEST(test_fast_cache_soft)
{
    struct cpu *fast = h_new_cfg(HK_MEM, CPU_MMU_SOFT, 0, false);
    struct cpu *slow = h_new_cfg(HK_MEM, CPU_MMU_SOFT, 0, true);
    hk_build(fast, 6, 100);
    hk_build(slow, 6, 100);
    run_to_halt(fast, 0);
    run_to_halt(slow, 0);
    ck_assert_uint_eq(cpu_exit_status(slow), hk_model(6, 100));
    ck_assert_uint_gt(h_stats(slow).exceptions[EXC_MOD], 0);
    assert_same_machine(fast, slow, "fast cache on/off (soft)");
    cpu_free(fast);
    cpu_free(slow);
}
END_TEST

START_TEST(test_fast_cache_walker)
{
    unsigned n = (unsigned)_i;
    struct cpu *fast = h_new_cfg(HK_MEM, CPU_MMU_WALKER, n, false);
    struct cpu *slow = h_new_cfg(HK_MEM, CPU_MMU_WALKER, n, true);
    hk_build(fast, 6, 100);
    hk_build(slow, 6, 100);
    run_to_halt(fast, 0);
    run_to_halt(slow, 0);
    ck_assert_uint_eq(cpu_exit_status(slow), hk_model(6, 100));
    assert_same_machine(fast, slow, "fast cache on/off (walker)");
    cpu_free(fast);
    cpu_free(slow);
}
END_TEST

START_TEST(test_fast_cache_timer)
{
    struct cpu *fast = h_new_cfg(H_MEM, CPU_MMU_SOFT, 0, false);
    struct cpu *slow = h_new_cfg(H_MEM, CPU_MMU_SOFT, 0, true);
    timer_program(fast);
    timer_program(slow);
    run_to_halt(fast, 0);
    run_to_halt(slow, 5);
    assert_same_machine(fast, slow, "fast cache on/off (timer)");
    cpu_free(fast);
    cpu_free(slow);
}
END_TEST

/* Self-modifying code: a store over the next instructions is seen (the fetch
 * path must not keep stale words), with and without the fast cache. */
START_TEST(test_self_modifying_code)
{
    for (int nofast = 0; nofast < 2; nofast++) {
        struct cpu *c = h_new_cfg(H_MEM, CPU_MMU_SOFT, 0, nofast);
        uint32_t p[6] = {
            enc_m(OP_SW, R_T1, 12, R_T0),       /* overwrite word 3 */
            H_NOP,
            H_NOP,
            enc_i(OP_ADDIU, R_T2, 0, 1),        /* replaced by addiu $t2, $0, 2 */
            H_NOP,
            H_NOP,
        };
        cpu_set_reg(c, R_T0, H_CODE_VA);
        cpu_set_reg(c, R_T1, enc_i(OP_ADDIU, R_T2, 0, 2));
        /* run it once unmodified first so the page is hot */
        h_code(c, p, 6);
        cpu_set_reg(c, R_T1, p[3]);
        cpu_run(c, 5);
        ck_assert_uint_eq(cpu_reg(c, R_T2), 1);
        cpu_set_reg(c, R_T1, enc_i(OP_ADDIU, R_T2, 0, 2));
        cpu_set_pc(c, H_CODE_VA);
        cpu_run(c, 5);
        ck_assert_msg(cpu_reg(c, R_T2) == 2, "no_fast_cache=%d: stale instruction", nofast);
        cpu_free(c);
    }
}
END_TEST

static Suite *api_suite(void)
{
    Suite *s = suite_create("cpu_api");
    TCase *tc;

    tc = tcase_create("machines");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_machines_independent);
    tcase_add_test(tc, test_bad_configs);
    tcase_add_test(tc, test_good_configs);
    tcase_add_test(tc, test_registers_and_pc);
    tcase_add_test(tc, test_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("run");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_budget_exact);
    tcase_add_test(tc, test_budget_counts_faults);
    tcase_add_test(tc, test_halt_is_final);
    tcase_add_test(tc, test_breakpoint_stops_before);
    tcase_add_test(tc, test_breakpoint_no_skip_first);
    tcase_add_test(tc, test_breakpoint_in_hot_loop);
    tcase_add_test(tc, test_breakpoint_on_delay_slot);
    tcase_add_test(tc, test_breakpoint_user_va);
    tcase_add_test(tc, test_breakpoint_table_full);
    suite_add_tcase(s, tc);

    tc = tcase_create("trap_hook");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_trap_hook_emulates_syscalls);
    tcase_add_test(tc, test_trap_record);
    tcase_add_test(tc, test_trap_npc_delay_resume);
    tcase_add_test(tc, test_trap_hook_refill);
    tcase_add_test(tc, test_trap_hook_interrupt_and_plain_resume);
    tcase_add_test(tc, test_trap_stop_then_continue);
    suite_add_tcase(s, tc);

    tc = tcase_create("probe");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_probe_soft);
    tcase_add_test(tc, test_probe_read);
    suite_add_tcase(s, tc);

    tc = tcase_create("determinism");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_determinism_soft);
    tcase_add_test(tc, test_determinism_chunked);
    tcase_add_test(tc, test_fast_cache_soft);
    tcase_add_loop_test(tc, test_fast_cache_walker, 2, 5);
    tcase_add_test(tc, test_fast_cache_timer);
    tcase_add_test(tc, test_self_modifying_code);
    tcase_add_test(tc, test_stats_by_mode_and_refills);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(api_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
