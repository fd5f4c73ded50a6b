/*
 * check_guestos.c -- the boot loader and the guest OS, through the machine's
 * API: what the loader puts in memory (guestos/abi.inc), loader errors,
 * blocking console input with the idle loop (a console that is not ready,
 * like a terminal), determinism, and the statistics block.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "debugger/boot.h"
#include "guestos_abi.h"

/* ---- helpers ------------------------------------------------------------------ */

/* A console: output captured; input from a string, ready only after the
 * machine has waited for it `hold` times (0: always ready, like a pipe). */
struct con {
    char out[8192];
    size_t nout;
    const char *in;
    size_t pos;
    int hold, waits;
};
static int con_read(void *ctx)
{
    struct con *c = ctx;
    return c->in[c->pos] ? (unsigned char)c->in[c->pos++] : -1;
}
static bool con_ready(void *ctx)
{
    struct con *c = ctx;
    return c->waits >= c->hold;
}
static void con_write(void *ctx, uint8_t b)
{
    struct con *c = ctx;
    if (c->nout + 1 < sizeof c->out)
        c->out[c->nout++] = (char)b;
}
static void con_wait(void *ctx)
{
    struct con *c = ctx;
    c->waits++;
}

/* A program in a temporary file; returns its path (static buffer per slot). */
static char *prog(int slot, const char *src)
{
    static char paths[4][64];
    snprintf(paths[slot], sizeof paths[slot], "/tmp/tlbvisor-check-%d-%d.s", (int)getpid(), slot);
    FILE *f = fopen(paths[slot], "w");
    ck_assert_ptr_nonnull(f);
    fputs(src, f);
    fclose(f);
    return paths[slot];
}

static struct cpu *machine(enum cpu_mmu mmu, uint32_t mem, struct con *con)
{
    struct cpu_config cfg = { mem, mmu, 0, false };
    struct cpu *m = cpu_new(&cfg, NULL);
    static const struct cpu_console_ops ops = { con_read, con_ready, con_write, con_wait };
    ck_assert_ptr_nonnull(m);
    cpu_set_console(m, &ops, con);
    return m;
}

static uint32_t rd32(struct cpu *m, uint32_t pa)
{
    uint8_t b[4];
    ck_assert_int_eq(cpu_phys_read(m, pa, b, 4), 0);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static const char hello_src[] =
    "        .data\n"
    "msg:    .asciiz \"hi\\n\"\n"
    "        .text\n"
    "main:   li $v0, 4\n"
    "        la $a0, msg\n"
    "        syscall\n"
    "        jr $ra\n";

static const char ask_src[] =
    "        .data\n"
    "q:      .asciiz \"number? \"\n"
    "        .text\n"
    "main:   li $v0, 4\n"
    "        la $a0, q\n"
    "        syscall\n"
    "        li $v0, 5\n"
    "        syscall\n"
    "        sll $a0, $v0, 1\n"
    "        li $v0, 1\n"
    "        syscall\n"
    "        jr $ra\n";

static const char worker_src[] =
    "        .text\n"
    "main:   li $s0, 0\n"
    "l:      addiu $s0, $s0, 1\n"
    "        blt $s0, 50000, l\n"
    "        li $v0, 11\n"
    "        li $a0, 'w'\n"
    "        syscall\n"
    "        li $a0, 3\n"
    "        li $v0, 17\n"
    "        syscall\n";

/* ---- the loader ------------------------------------------------------------------- */

/* The boot-info block and the module table, as abi.inc describes them. */
START_TEST(test_bootinfo_layout)
{
    struct con con = { .in = "" };
    struct cpu *m = machine(CPU_MMU_SOFT, 16u << 20, &con);
    char *paths[] = {
        prog(0, hello_src),
        prog(1, "  .data\n  .space 5000\n  .text\nmain: jr $ra\n"),
    };
    ck_assert_int_eq(guestos_boot(m, paths, 2, stderr), 0);
    uint32_t bi = GUESTOS_BOOTINFO_PA;
    ck_assert_uint_eq(rd32(m, bi + GUESTOS_BI_MAGIC), GUESTOS_BOOT_MAGIC);
    ck_assert_uint_eq(rd32(m, bi + GUESTOS_BI_VERSION), GUESTOS_BOOT_VERSION);
    ck_assert_uint_eq(rd32(m, bi + GUESTOS_BI_MEMSIZE), 16u << 20);
    ck_assert_uint_eq(rd32(m, bi + GUESTOS_BI_NMODS), 2);
    uint32_t free = rd32(m, bi + GUESTOS_BI_FREE);
    ck_assert_uint_eq(free & 0xfff, 0);
    ck_assert_uint_gt(free, GUESTOS_MODULES_PA);

    /* module 0: one text page (read-only) and one data page (writable) */
    uint32_t m0 = bi + GUESTOS_BI_MODS;
    ck_assert_uint_eq(rd32(m, m0 + GUESTOS_M_ENTRY), 0x00400000);
    ck_assert_uint_eq(rd32(m, m0 + GUESTOS_M_NPAGES), 2);
    ck_assert_uint_eq(rd32(m, m0 + GUESTOS_M_BRK), GUESTOS_USER_HEAP);
    uint32_t list = rd32(m, m0 + GUESTOS_M_PAGES) - KSEG0_BASE;
    ck_assert_uint_eq(rd32(m, list), 0x00400000);                  /* text: not writable */
    ck_assert_uint_eq(rd32(m, list + 8), 0x10010000 | GUESTOS_PG_WRITABLE);
    uint32_t data_pa = rd32(m, list + 12);
    ck_assert_uint_eq(rd32(m, data_pa), 'h' | 'i' << 8 | '\n' << 16);
    char name[64];
    ck_assert_int_eq(cpu_phys_read(m, rd32(m, m0 + GUESTOS_M_NAME) - KSEG0_BASE, name, 8), 0);
    ck_assert(strncmp(name, strrchr(paths[0], '/') + 1, 8) == 0);

    /* module 1: 5000 bytes of data span two pages */
    uint32_t m1 = m0 + GUESTOS_MOD_SIZE;
    ck_assert_uint_eq(rd32(m, m1 + GUESTOS_M_NPAGES), 3);
    /* the guest OS is in place, and the machine starts at its entry */
    ck_assert_uint_ge(cpu_pc(m), KSEG0_BASE);
    ck_assert_uint_eq(rd32(m, 0x180) != 0, 1);
    cpu_free(m);
}
END_TEST

START_TEST(test_loader_errors)
{
    FILE *quiet = fopen("/dev/null", "w");
    struct con con = { .in = "" };
    struct cpu *m = machine(CPU_MMU_SOFT, 16u << 20, &con);
    char *kernel[] = { prog(0, "  .ktext\nmain: eret\n") };
    ck_assert_int_eq(guestos_boot(m, kernel, 1, quiet), -1);
    char *stub[] = { prog(0, "  .text 0x1000\nmain: jr $ra\n") };
    ck_assert_int_eq(guestos_boot(m, stub, 1, quiet), -1);
    char *bad[] = { prog(0, "main: addu $t0\n") };
    ck_assert_int_eq(guestos_boot(m, bad, 1, quiet), -1);
    char *many[17];
    for (int i = 0; i < 17; i++)
        many[i] = prog(0, hello_src);
    ck_assert_int_eq(guestos_boot(m, many, 17, quiet), -1);
    cpu_free(m);
    m = machine(CPU_MMU_SOFT, 1u << 20, &con);             /* too small for the guest OS */
    char *ok[] = { prog(0, hello_src) };
    ck_assert_int_eq(guestos_boot(m, ok, 1, quiet), -1);
    cpu_free(m);
    fclose(quiet);
}
END_TEST

/* ---- running ------------------------------------------------------------------------ */

static enum cpu_stop run(struct cpu *m)
{
    return cpu_run(m, 50u * 1000 * 1000);
}

START_TEST(test_hello_and_stats)
{
    struct con con = { .in = "" };
    struct cpu *m = machine(_i ? CPU_MMU_WALKER : CPU_MMU_SOFT, 16u << 20, &con);
    char *paths[] = { prog(0, hello_src) };
    ck_assert_int_eq(guestos_boot(m, paths, 1, stderr), 0);
    ck_assert_int_eq(run(m), CPU_STOP_HALT);
    ck_assert_uint_eq(cpu_exit_status(m), 0);
    con.out[con.nout] = 0;
    ck_assert_str_eq(con.out, "hi\n");
    struct guestos_stats g;
    struct boot_target t = boot_target_cpu(m);
    guestos_read_stats(&t, &g);
    ck_assert_uint_eq(g.procs, 1);
    ck_assert_uint_eq(g.killed, 0);
    ck_assert_uint_eq(g.frames, 0);        /* everything freed at exit */
    ck_assert_uint_gt(g.frames_peak, 3);
    if (!_i)
        ck_assert_uint_eq(g.ptmisses, 2);  /* the text's and the data's page-table pages */
    cpu_free(m);
}
END_TEST

/* A read with no input yet blocks its process; the other one runs; with
 * nothing left to run the idle loop sleeps (wait) until input arrives, and
 * the reader finishes. */
START_TEST(test_blocking_read_and_idle)
{
    struct con con = { .in = "21\n", .hold = 1 };
    struct cpu *m = machine(_i ? CPU_MMU_WALKER : CPU_MMU_SOFT, 16u << 20, &con);
    char *paths[] = { prog(0, ask_src), prog(1, worker_src) };
    ck_assert_int_eq(guestos_boot(m, paths, 2, stderr), 0);
    ck_assert_int_eq(run(m), CPU_STOP_HALT);
    con.out[con.nout] = 0;
    ck_assert_str_eq(con.out, "number? w42");
    ck_assert_int_eq(con.waits, 1);
    ck_assert_uint_eq(cpu_exit_status(m), 0);  /* pid 1's status, not the worker's 3 */
    cpu_free(m);
}
END_TEST

/* The same programs give the same output and statistics every time. */
START_TEST(test_deterministic)
{
    struct cpu_stats s[2];
    char out[2][8192];
    for (int k = 0; k < 2; k++) {
        struct con con = { .in = "7\n" };
        struct cpu *m = machine(CPU_MMU_SOFT, 16u << 20, &con);
        char *paths[] = { prog(0, worker_src), prog(1, ask_src), prog(2, worker_src) };
        ck_assert_int_eq(guestos_boot(m, paths, 3, stderr), 0);
        ck_assert_int_eq(run(m), CPU_STOP_HALT);
        cpu_get_stats(m, &s[k]);
        con.out[con.nout] = 0;
        strcpy(out[k], con.out);
        cpu_free(m);
    }
    ck_assert_str_eq(out[0], out[1]);
    ck_assert_str_eq(out[0], "number? 14ww");
    ck_assert(memcmp(&s[0], &s[1], sizeof s[0]) == 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("guestos");
    TCase *tc = tcase_create("boot");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_bootinfo_layout);
    tcase_add_test(tc, test_loader_errors);
    tcase_add_loop_test(tc, test_hello_and_stats, 0, 2);
    tcase_add_loop_test(tc, test_blocking_read_and_idle, 0, 2);
    tcase_add_test(tc, test_deterministic);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
