/*
 * check_cpu_dev.c -- physical memory, devices, the timer and interrupts
 * (docs/isa.md "Physical memory and devices", "Interrupts", "Timer and
 * determinism", the wait instruction).
 */
#include "tests/cpu_harness.h"

static struct cpu *M;
static struct h_console CON;

static void setup(void)
{
    M = h_new();
    h_console(M, &CON, "");
}
static void teardown(void) { cpu_free(M); M = NULL; }

#define RCON R_S0       /* register holding 0xbfd00000 */

static void con_input(const char *in)
{
    h_console(M, &CON, in);
}

/* ---- console -------------------------------------------------------------------- */

START_TEST(test_console_output)
{
    cpu_set_reg(M, RCON, H_CON_VA);
    cpu_set_reg(M, R_T0, 0x41424368);            /* low byte 'h' */
    cpu_set_reg(M, R_T1, 'i');
    cpu_set_reg(M, R_T2, '\n');
    H_EXEC(M, 4,
           enc_m(OP_SW, R_T0, CONSOLE_OUT, RCON),
           enc_m(OP_SB, R_T1, CONSOLE_OUT, RCON),
           enc_m(OP_SH, R_T2, CONSOLE_OUT, RCON),
           enc_m(OP_LW, R_T3, CONSOLE_OUT, RCON));      /* reads 0 */
    ck_assert_uint_eq(CON.nout, 3);
    ck_assert_str_eq(CON.out, "hi\n");
    ck_assert_uint_eq(cpu_reg(M, R_T3), 0);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 16);
    ck_assert_uint_eq(h_stats(M).insns, 4);
}
END_TEST

/* IN returns the bytes (0-255, high bit included), then 0xffffffff at end. */
START_TEST(test_console_input)
{
    con_input("a\xff" "b");
    cpu_set_reg(M, RCON, H_CON_VA);
    H_EXEC(M, 5,
           enc_m(OP_LW, R_T0, CONSOLE_IN, RCON),
           enc_m(OP_LW, R_T1, CONSOLE_IN, RCON),
           enc_m(OP_LW, R_T2, CONSOLE_IN, RCON),
           enc_m(OP_LW, R_T3, CONSOLE_IN, RCON),
           enc_m(OP_LW, R_T4, CONSOLE_IN, RCON));
    ck_assert_uint_eq(cpu_reg(M, R_T0), 'a');
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0xff);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 'b');
    ck_assert_uint_eq(cpu_reg(M, R_T3), 0xffffffff);
    ck_assert_uint_eq(cpu_reg(M, R_T4), 0xffffffff);
    ck_assert_int_eq(CON.reads, 5);
    /* writes to IN are ignored */
    H_EXEC(M, 1, enc_m(OP_SW, R_T0, CONSOLE_IN, RCON));
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
    ck_assert_uint_eq(CON.nout, 0);
}
END_TEST

/* A machine with no console attached: output is dropped, IN is at its end,
 * READY is set (a read returns at once). */
START_TEST(test_console_detached)
{
    struct cpu *m = h_new();        /* no h_console: the default */
    cpu_set_reg(m, RCON, H_CON_VA);
    cpu_set_reg(m, R_T0, 'x');
    H_EXEC(m, 3,
           enc_m(OP_SB, R_T0, CONSOLE_OUT, RCON),
           enc_m(OP_LW, R_T1, CONSOLE_IN, RCON),
           enc_m(OP_LW, R_T2, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_pc(m), H_CODE_VA + 12);
    ck_assert_uint_eq(cpu_reg(m, R_T1), 0xffffffff);
    ck_assert_uint_eq(cpu_reg(m, R_T2), CONSOLE_READY);
    cpu_free(m);
}
END_TEST

/* CTRL: READY while a read would not block (also at end of input), INTEN as
 * written (only bit 1 is writable). */
START_TEST(test_console_ctrl)
{
    con_input("x");
    CON.hold = true;
    cpu_set_reg(M, RCON, H_CON_VA);
    cpu_set_reg(M, R_T0, 0xffffffff);
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_reg(M, R_T1), 0);                      /* held: not ready */
    CON.hold = false;
    H_EXEC(M, 1, enc_m(OP_LW, R_T1, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_reg(M, R_T1), CONSOLE_READY);
    H_EXEC(M, 2, enc_m(OP_SW, R_T0, CONSOLE_CTRL, RCON), enc_m(OP_LW, R_T1, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_reg(M, R_T1), CONSOLE_READY | CONSOLE_INTEN);
    H_EXEC(M, 2, enc_m(OP_LW, R_T2, CONSOLE_IN, RCON), enc_m(OP_LW, R_T1, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_reg(M, R_T2), 'x');
    ck_assert_uint_eq(cpu_reg(M, R_T1), CONSOLE_READY | CONSOLE_INTEN);  /* end of input */
    H_EXEC(M, 2, enc_m(OP_SW, 0, CONSOLE_CTRL, RCON), enc_m(OP_LW, R_T1, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_reg(M, R_T1), CONSOLE_READY);
    /* CTRL reads consume no input */
    ck_assert_int_eq(CON.reads, 1);
}
END_TEST

/* Line 2: raised while READY and INTEN; visible in Cause.IP2. */
START_TEST(test_console_irq_line)
{
    con_input("x");
    CON.hold = true;
    cpu_set_reg(M, RCON, H_CON_VA);
    cpu_set_reg(M, R_T0, CONSOLE_INTEN);
    H_EXEC(M, 1, enc_m(OP_SW, R_T0, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP, 0);     /* not ready */
    CON.hold = false;
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP, 1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE));
    H_EXEC(M, 1, enc_m(OP_SW, 0, CONSOLE_CTRL, RCON));           /* INTEN off */
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP, 0);
}
END_TEST

/* With IE, IM2 and EXL = 0 the console interrupt is taken before the next
 * instruction: Int at the general vector, EPC = that instruction. */
START_TEST(test_console_interrupt_taken)
{
    con_input("k");
    cpu_set_reg(M, RCON, H_CON_VA);
    cpu_set_reg(M, R_T0, CONSOLE_INTEN);
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_CONSOLE)));
    cpu_break_add(M, VEC_GENERAL);
    ck_assert_int_eq(H_EXEC(M, 100, enc_m(OP_SW, R_T0, CONSOLE_CTRL, RCON), H_NOP, H_NOP),
                     CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 4, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP, 1u << (CAUSE_IP_SHIFT + IRQ_CONSOLE));
    ck_assert_uint_eq(h_stats(M).insns, 1);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_INT], 1);
}
END_TEST

/* Any access size works at a listed offset; the bytes between the registers
 * are unlisted offsets: DBE. */
START_TEST(test_console_sizes_and_offsets)
{
    con_input("\x85" "q");
    cpu_set_reg(M, RCON, H_CON_VA);
    H_EXEC(M, 3,
           enc_m(OP_LB, R_T0, CONSOLE_IN, RCON),        /* 0x85 sign-extended */
           enc_m(OP_LHU, R_T1, CONSOLE_IN, RCON),       /* 'q' */
           enc_m(OP_LBU, R_T2, CONSOLE_CTRL, RCON));
    ck_assert_uint_eq(cpu_reg(M, R_T0), 0xffffff85);
    ck_assert_uint_eq(cpu_reg(M, R_T1), 'q');
    ck_assert_uint_eq(cpu_reg(M, R_T2), CONSOLE_READY);
    static const int32_t offs[] = { 1, 2, 3, 5, 6, 7, 9, 0xc, 0x11 };
    for (unsigned i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        cpu_set_cp0(M, CP0_STATUS, 0);
        H_EXEC(M, 1, enc_m(OP_LB, R_T3, offs[i], RCON));
        ck_assert_msg(h_exccode(M) == EXC_DBE && cpu_pc(M) == VEC_GENERAL,
                      "lb at +%d: ExcCode %u", offs[i], h_exccode(M));
        cpu_set_cp0(M, CP0_STATUS, 0);
        H_EXEC(M, 1, enc_m(OP_SB, R_T3, offs[i], RCON));
        ck_assert_msg(h_exccode(M) == EXC_DBE && cpu_pc(M) == VEC_GENERAL,
                      "sb at +%d: ExcCode %u", offs[i], h_exccode(M));
    }
    ck_assert_int_eq(CON.reads, 2);
    ck_assert_uint_eq(CON.nout, 0);
    ck_assert(!cpu_halted(M));
}
END_TEST

/* Power: a write halts the machine with that status. */
START_TEST(test_power_halts)
{
    enum cpu_stop why;
    cpu_set_reg(M, R_T1, H_POWER_VA);
    cpu_set_reg(M, R_T0, 42);
    why = H_EXEC(M, 100,
                 enc_i(OP_ADDIU, R_T2, 0, 1),
                 enc_m(OP_SW, R_T0, 0, R_T1),
                 enc_i(OP_ADDIU, R_T2, 0, 2));
    ck_assert_int_eq(why, CPU_STOP_HALT);
    ck_assert(cpu_halted(M));
    ck_assert_uint_eq(cpu_exit_status(M), 42);
    ck_assert_uint_eq(cpu_reg(M, R_T2), 1);                      /* nothing after it */
    ck_assert_uint_eq(h_stats(M).insns, 2);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 8);
}
END_TEST

START_TEST(test_power_full_word_status)
{
    cpu_set_reg(M, R_T1, H_POWER_VA);
    cpu_set_reg(M, R_T0, 0x12345678);
    ck_assert_int_eq(H_EXEC(M, 10, enc_m(OP_SW, R_T0, 0, R_T1)), CPU_STOP_HALT);
    ck_assert_uint_eq(cpu_exit_status(M), 0x12345678);
}
END_TEST

/* ---- bus errors ------------------------------------------------------------------ */

/* A load or store to a PA with no RAM and no device: DBE; BadVAddr untouched. */
START_TEST(test_dbe)
{
    static const uint32_t vas[] = {
        KSEG1_BASE + H_MEM,                  /* just past RAM */
        KSEG1_BASE + DEV_CONSOLE + 0xc,      /* unlisted offset in the window */
        KSEG1_BASE + DEV_POWER + 4,
        KSEG1_BASE + DEV_BASE + DEV_SIZE,    /* past the window */
        KSEG0_BASE + 0x1fffff00,             /* kseg0 beyond RAM */
    };
    for (unsigned i = 0; i < sizeof vas / sizeof vas[0]; i++) {
        for (int store = 0; store < 2; store++) {
            cpu_set_cp0(M, CP0_STATUS, 0);
            cpu_set_cp0(M, CP0_ENTRYHI, 0);
            cpu_set_reg(M, R_T0, vas[i]);
            cpu_set_reg(M, R_T1, 0x77);
            H_EXEC(M, 1, store ? enc_m(OP_SW, R_T1, 0, R_T0) : enc_m(OP_LW, R_T1, 0, R_T0));
            ck_assert_msg(h_exccode(M) == EXC_DBE, "VA 0x%08x %s: ExcCode %u", vas[i],
                          store ? "store" : "load", h_exccode(M));
            H_ASSERT_EXC(M, EXC_DBE, VEC_GENERAL, H_CODE_VA, false);
            ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), 0);
            ck_assert_uint_eq(cpu_cp0(M, CP0_ENTRYHI), 0);
            ck_assert_uint_eq(cpu_reg(M, R_T1), 0x77);
        }
    }
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_DBE], 10);
    ck_assert_uint_eq(CON.nout, 0);
}
END_TEST

/* A fetch from such a PA: IBE with EPC = the address. */
START_TEST(test_ibe)
{
    cpu_set_reg(M, R_T0, KSEG1_BASE + H_MEM + 0x100);
    H_EXEC(M, 3, enc_jr(R_T0), H_NOP);
    H_ASSERT_EXC(M, EXC_IBE, VEC_GENERAL, KSEG1_BASE + H_MEM + 0x100, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), 0);
    /* devices hold no code either */
    cpu_set_cp0(M, CP0_STATUS, 0);
    cpu_set_reg(M, R_T0, H_CON_VA);
    H_EXEC(M, 3, enc_jr(R_T0), H_NOP);
    H_ASSERT_EXC(M, EXC_IBE, VEC_GENERAL, H_CON_VA, false);
    ck_assert_int_eq(CON.reads, 0);
}
END_TEST

/* Mapped accesses reach the bus the same way: a TLB entry onto the devices
 * works, one onto a PA without RAM raises DBE (IBE for a fetch). */
START_TEST(test_mapped_bus)
{
    h_map(M, 1, 0x00500000, DEV_BASE, 0, ENTRYLO_V | ENTRYLO_D | ENTRYLO_G);
    h_map(M, 2, 0x00600000, H_MEM, 0, ENTRYLO_V | ENTRYLO_D | ENTRYLO_G);
    cpu_set_reg(M, R_T0, 0x00500000);
    cpu_set_reg(M, R_T1, 'm');
    cpu_set_reg(M, R_T2, 0x00600000);
    H_EXEC(M, 2, enc_m(OP_SB, R_T1, CONSOLE_OUT, R_T0), enc_m(OP_LW, R_T3, 0, R_T2));
    ck_assert_str_eq(CON.out, "m");
    H_ASSERT_EXC(M, EXC_DBE, VEC_GENERAL, H_CODE_VA + 4, false);
    cpu_set_cp0(M, CP0_STATUS, 0);
    H_EXEC(M, 3, enc_jr(R_T2), H_NOP);
    H_ASSERT_EXC(M, EXC_IBE, VEC_GENERAL, 0x00600000, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_BADVADDR), 0);
}
END_TEST

/* RAM size is exact: the last word works, the next one is a bus error; and
 * host copies refuse ranges outside RAM. */
START_TEST(test_ram_bounds)
{
    uint8_t b[8] = { 0 };
    cpu_set_reg(M, R_T0, KSEG0_BASE + H_MEM - 4);
    cpu_set_reg(M, R_T1, 0xabcdef01);
    H_EXEC(M, 2, enc_m(OP_SW, R_T1, 0, R_T0), enc_m(OP_LW, R_T2, 4, R_T0));
    ck_assert_uint_eq(h_r32(M, H_MEM - 4), 0xabcdef01);
    ck_assert_uint_eq(h_exccode(M), EXC_DBE);
    ck_assert_int_eq(cpu_phys_read(M, H_MEM - 4, b, 4), 0);
    ck_assert_int_eq(cpu_phys_read(M, H_MEM - 4, b, 8), -1);
    ck_assert_int_eq(cpu_phys_write(M, H_MEM, b, 1), -1);
    ck_assert_int_eq(cpu_phys_write(M, 0xfffffffc, b, 8), -1);
    ck_assert_int_eq(cpu_phys_read(M, DEV_CONSOLE, b, 4), -1);
}
END_TEST

/* ---- Count and Compare -------------------------------------------------------------- */

/* Count: +1 per retired instruction; not for one that faults. */
START_TEST(test_count)
{
    uint32_t nops[20] = { 0 };
    nops[10] = enc_syscall(0);
    h_code(M, nops, 20);
    cpu_run(M, 10);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 10);
    cpu_run(M, 1);                                               /* syscall */
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 10);
    cpu_run(M, 5);                                               /* nops at the vector */
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 15);
    cpu_set_cp0(M, CP0_COUNT, 1000);
    cpu_run(M, 3);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 1003);
    /* mfc0 reads the count before the instruction retires */
    cpu_set_cp0(M, CP0_STATUS, 0);
    H_EXEC(M, 2, enc_mfc0(R_T0, CP0_COUNT), enc_mfc0(R_T1, CP0_COUNT));
    ck_assert_uint_eq(cpu_reg(M, R_T1), cpu_reg(M, R_T0) + 1);
    ck_assert_uint_eq(cpu_reg(M, R_T0), 1003);
}
END_TEST

/* Count wraps around 2^32. */
START_TEST(test_count_wraps)
{
    uint32_t nops[4] = { 0 };
    cpu_set_cp0(M, CP0_COUNT, 0xfffffffe);
    h_code(M, nops, 4);
    cpu_run(M, 3);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 1);
}
END_TEST

/* Count written by the host or the guest: the timer follows it, across the wrap. */
START_TEST(test_compare_after_count_write)
{
    uint32_t nops[8] = { 0 };
    const uint32_t ip7 = 1u << (CAUSE_IP_SHIFT + IRQ_TIMER);
    cpu_set_cp0(M, CP0_COMPARE, 1);
    cpu_set_cp0(M, CP0_COUNT, 0xfffffffe);
    h_code(M, nops, 8);
    cpu_run(M, 2);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, 0);
    cpu_run(M, 1);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, ip7);
    /* the guest moves Count back.  Like any instruction, the mtc0 itself
     * retires after its write: Count is 6 after it, 7 after the nop. */
    cpu_set_cp0(M, CP0_COMPARE, 8);
    cpu_set_reg(M, R_T0, 5);
    H_EXEC(M, 2, enc_mtc0(R_T0, CP0_COUNT), H_NOP);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 7);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, 0);
    cpu_run(M, 1);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 8);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, ip7);
}
END_TEST

/* Count reaching Compare raises IP7; it stays until Compare is written.
 * Masked here (IE = 0): nothing is taken. */
START_TEST(test_compare_sets_ip7)
{
    uint32_t nops[20] = { 0 };
    const uint32_t ip7 = 1u << (CAUSE_IP_SHIFT + IRQ_TIMER);
    cpu_set_cp0(M, CP0_COMPARE, 5);
    h_code(M, nops, 20);
    cpu_run(M, 4);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, 0);
    cpu_run(M, 1);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 5);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, ip7);
    cpu_run(M, 3);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, ip7);        /* stays */
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 32);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_INT], 0);
    cpu_set_cp0(M, CP0_COMPARE, 100);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, 0);          /* writing clears it */
    /* writing Compare with the same value clears it too */
    cpu_set_cp0(M, CP0_COMPARE, 10);
    cpu_run(M, 2);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, ip7);
    cpu_set_cp0(M, CP0_COMPARE, 10);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, 0);
}
END_TEST

/* mtc0 Compare by the guest clears IP7 too. */
START_TEST(test_guest_compare_write_clears)
{
    const uint32_t ip7 = 1u << (CAUSE_IP_SHIFT + IRQ_TIMER);
    cpu_set_cp0(M, CP0_COMPARE, 1);
    cpu_set_reg(M, R_T0, 50);
    H_EXEC(M, 3, H_NOP, enc_mfc0(R_T1, CP0_CAUSE), enc_mtc0(R_T0, CP0_COMPARE));
    ck_assert_uint_eq(cpu_reg(M, R_T1) & ip7, ip7);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & ip7, 0);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COMPARE), 50);
}
END_TEST

/* IE, IM7, EXL = 0: the timer interrupt is taken right after the instruction
 * that made Count equal Compare.  Int at 0x80000180, EPC = next instruction,
 * Count not advanced by the interrupt. */
START_TEST(test_timer_interrupt_taken)
{
    uint32_t nops[20] = { 0 };
    cpu_set_cp0(M, CP0_COMPARE, 3);
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_TIMER)));
    cpu_break_add(M, VEC_GENERAL);
    h_code(M, nops, 20);
    ck_assert_int_eq(cpu_run(M, 100), CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 12, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 3);
    ck_assert_uint_eq(h_stats(M).insns, 3);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_INT], 1);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP,
                      1u << (CAUSE_IP_SHIFT + IRQ_TIMER));
    /* with EXL = 1 now, running on does not take it again */
    cpu_break_clear(M);
    cpu_run(M, 10);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_INT], 1);
    ck_assert_uint_eq(cpu_pc(M), VEC_GENERAL + 40);
}
END_TEST

/* The same in user mode: interrupts are taken in any mode. */
START_TEST(test_timer_interrupt_in_user_mode)
{
    uint32_t nops[8] = { 0 };
    cpu_set_cp0(M, CP0_COMPARE, 2);
    h_code_mapped(M, 2, nops, 8);
    cpu_set_cp0(M, CP0_STATUS, (2u << STATUS_KSU_SHIFT) | STATUS_IE |
                (1u << (STATUS_IM_SHIFT + IRQ_TIMER)));
    cpu_break_add(M, VEC_GENERAL);
    ck_assert_int_eq(cpu_run(M, 100), CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_USER_VA + 8, false);
}
END_TEST

/* Pending but masked (IE = 0, IM7 = 0, or EXL = 1): not taken; unmasking
 * later takes it before the next instruction. */
START_TEST(test_timer_masked)
{
    static const uint32_t masks[] = {
        (1u << (STATUS_IM_SHIFT + IRQ_TIMER)),                         /* IE = 0 */
        STATUS_IE,                                                     /* IM7 = 0 */
        STATUS_IE | STATUS_EXL | (1u << (STATUS_IM_SHIFT + IRQ_TIMER)),/* EXL = 1 */
        STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_CONSOLE)),           /* other line */
    };
    uint32_t nops[40] = { 0 };
    for (unsigned i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        cpu_free(M);
        M = h_new();
        cpu_set_cp0(M, CP0_COMPARE, 2);
        cpu_set_cp0(M, CP0_STATUS, masks[i]);
        h_code(M, nops, 40);
        ck_assert_int_eq(cpu_run(M, 10), CPU_STOP_BUDGET);
        ck_assert_msg(h_stats(M).exceptions[EXC_INT] == 0, "mask %u: interrupt taken", i);
        ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 40);
        ck_assert(cpu_cp0(M, CP0_CAUSE) & (1u << (CAUSE_IP_SHIFT + IRQ_TIMER)));
    }
    /* unmask: taken before the next instruction */
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_TIMER)));
    cpu_break_add(M, VEC_GENERAL);
    ck_assert_int_eq(cpu_run(M, 10), CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 40, false);
}
END_TEST

/* An interrupt that becomes pending before a delay slot: EPC = the branch, BD = 1. */
START_TEST(test_interrupt_before_delay_slot)
{
    cpu_set_cp0(M, CP0_COMPARE, 2);
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_TIMER)));
    cpu_break_add(M, VEC_GENERAL);
    ck_assert_int_eq(H_EXEC(M, 100, H_NOP, enc_b(OP_BEQ, 0, 0, 10), H_NOP), CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 4, true);
    ck_assert_uint_eq(h_stats(M).insns, 2);
    /* eret re-runs the branch, then its slot, then the target */
    cpu_eret(M);
    cpu_set_cp0(M, CP0_COMPARE, 0);
    cpu_break_clear(M);
    cpu_run(M, 2);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 48);
}
END_TEST

/* Software interrupts: writing Cause.IP0/IP1 raises them. */
START_TEST(test_software_interrupt)
{
    for (unsigned line = 0; line < 2; line++) {
        cpu_free(M);
        M = h_new();
        cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + line)));
        cpu_set_reg(M, R_T0, 1u << (CAUSE_IP_SHIFT + line));
        cpu_break_add(M, VEC_GENERAL);
        ck_assert_int_eq(H_EXEC(M, 100, enc_mtc0(R_T0, CP0_CAUSE), H_NOP, H_NOP), CPU_STOP_BREAK);
        H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 4, false);
        ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP, 1u << (CAUSE_IP_SHIFT + line));
        /* clearing it lowers the line */
        cpu_set_cp0(M, CP0_CAUSE, 0);
        ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP, 0);
    }
    /* masked by IM: pending, not taken */
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + 1)));
    cpu_set_reg(M, R_T0, 1u << CAUSE_IP_SHIFT);
    H_EXEC(M, 3, enc_mtc0(R_T0, CP0_CAUSE), H_NOP, H_NOP);
    ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 12);
    ck_assert_uint_eq(cpu_cp0(M, CP0_CAUSE) & CAUSE_IP, 1u << CAUSE_IP_SHIFT);
}
END_TEST

/* ---- wait ------------------------------------------------------------------------------- */

/* wait with the timer enabled: Count jumps to Compare at once, the interrupt
 * is taken, EPC = the instruction after wait. */
START_TEST(test_wait_fast_forwards_to_timer)
{
    cpu_set_cp0(M, CP0_COMPARE, 1000000);
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_TIMER)));
    cpu_break_add(M, VEC_GENERAL);
    ck_assert_int_eq(H_EXEC(M, 100, H_NOP, enc_op(OP_WAIT), H_NOP), CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 8, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 1000000);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_INT], 1);
    ck_assert_uint_le(h_stats(M).steps, 3);                      /* no host time spent */
}
END_TEST

/* An enabled pending interrupt is taken before the wait starts (EPC = the
 * wait, which has not run); after eret with the line still up it is taken
 * again at once, before the wait. */
START_TEST(test_wait_with_pending_interrupt)
{
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << STATUS_IM_SHIFT));
    cpu_set_cp0(M, CP0_CAUSE, 1u << CAUSE_IP_SHIFT);
    cpu_set_cp0(M, CP0_COUNT, 7);
    cpu_break_add(M, VEC_GENERAL);
    ck_assert_int_eq(H_EXEC(M, 100, enc_op(OP_WAIT), H_NOP), CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 7);
    ck_assert_uint_eq(h_stats(M).insns, 0);
    /* a handler's eret back to a wait at +0x40, IP0 still up */
    h_w32(M, H_CODE_PA + 0x40, enc_op(OP_WAIT));
    cpu_set_cp0(M, CP0_EPC, H_CODE_VA + 0x40);
    cpu_set_cp0(M, CP0_STATUS, STATUS_EXL | STATUS_IE | (1u << STATUS_IM_SHIFT));
    ck_assert_int_eq(H_EXEC(M, 100, enc_op(OP_ERET)), CPU_STOP_BREAK);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 0x40, false);
    ck_assert_uint_eq(cpu_cp0(M, CP0_COUNT), 8);
    ck_assert_uint_eq(h_stats(M).exceptions[EXC_INT], 2);
}
END_TEST

/* wait with nothing that could wake it: the run stops with a guest error. */
START_TEST(test_wait_nothing_enabled)
{
    static const uint32_t status[] = {
        0,
        STATUS_IM,                                               /* IE = 0 */
        STATUS_IE,                                               /* IM = 0 */
        STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_CONSOLE)),     /* console INTEN off */
    };
    for (unsigned i = 0; i < sizeof status / sizeof status[0]; i++) {
        cpu_free(M);
        M = h_new();
        h_console(M, &CON, "");
        cpu_set_cp0(M, CP0_STATUS, status[i]);
        ck_assert_int_eq(H_EXEC(M, 100, H_NOP, enc_op(OP_WAIT), H_NOP), CPU_STOP_ERROR);
        ck_assert_ptr_nonnull(cpu_error(M));
        ck_assert_msg(strlen(cpu_error(M)) > 0, "empty error");
        ck_assert_uint_eq(cpu_pc(M), H_CODE_VA + 4);
        ck_assert_uint_le(h_stats(M).insns, 2);
    }
}
END_TEST

/* wait with the console interrupt enabled and input held: the machine sleeps
 * through the console's wait(), then the interrupt is taken. */
START_TEST(test_wait_for_console)
{
    con_input("z");
    CON.hold = true;
    cpu_set_reg(M, RCON, H_CON_VA);
    cpu_set_reg(M, R_T0, CONSOLE_INTEN);
    cpu_set_cp0(M, CP0_STATUS, STATUS_IE | (1u << (STATUS_IM_SHIFT + IRQ_CONSOLE)));
    cpu_break_add(M, VEC_GENERAL);
    ck_assert_int_eq(H_EXEC(M, 100, enc_m(OP_SW, R_T0, CONSOLE_CTRL, RCON), enc_op(OP_WAIT), H_NOP),
                     CPU_STOP_BREAK);
    ck_assert_int_ge(CON.waits, 1);
    H_ASSERT_EXC(M, EXC_INT, VEC_GENERAL, H_CODE_VA + 8, false);
}
END_TEST

static Suite *dev_suite(void)
{
    Suite *s = suite_create("cpu_dev");
    TCase *tc;

    tc = tcase_create("devices");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_console_output);
    tcase_add_test(tc, test_console_input);
    tcase_add_test(tc, test_console_detached);
    tcase_add_test(tc, test_console_ctrl);
    tcase_add_test(tc, test_console_irq_line);
    tcase_add_test(tc, test_console_interrupt_taken);
    tcase_add_test(tc, test_console_sizes_and_offsets);
    tcase_add_test(tc, test_power_halts);
    tcase_add_test(tc, test_power_full_word_status);
    tcase_add_test(tc, test_dbe);
    tcase_add_test(tc, test_ibe);
    tcase_add_test(tc, test_ram_bounds);
    tcase_add_test(tc, test_mapped_bus);
    suite_add_tcase(s, tc);

    tc = tcase_create("timer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_count);
    tcase_add_test(tc, test_count_wraps);
    tcase_add_test(tc, test_compare_after_count_write);
    tcase_add_test(tc, test_compare_sets_ip7);
    tcase_add_test(tc, test_guest_compare_write_clears);
    tcase_add_test(tc, test_timer_interrupt_taken);
    tcase_add_test(tc, test_timer_interrupt_in_user_mode);
    tcase_add_test(tc, test_timer_masked);
    tcase_add_test(tc, test_interrupt_before_delay_slot);
    tcase_add_test(tc, test_software_interrupt);
    tcase_add_test(tc, test_wait_fast_forwards_to_timer);
    tcase_add_test(tc, test_wait_with_pending_interrupt);
    tcase_add_test(tc, test_wait_nothing_enabled);
    tcase_add_test(tc, test_wait_for_console);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dev_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
