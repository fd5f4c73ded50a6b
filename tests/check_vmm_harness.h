/*
 * check_vmm_harness.h -- helpers shared by the VMM's Check suites
 * (tests/check_vmm*.c).  Uses only vmm/vmm.h, cpu/cpu.h and cpu/isa.h (the
 * encoder of tests/cpu_harness.h), so the suites link vmm/ and cpu/ alone
 * and test the VMM through its public interface: what a guest can observe
 * (its own CP0 reads, its exception records, its memory, its console), the
 * statistics, and the real machine underneath (real TLB, real EntryHi).
 *
 * A "test machine" (struct vt) is either the bare machine or a VMM with
 * one or more VMs on a machine, so that one guest image runs on both and
 * everything the guest saw can be compared: the VMM must be invisible.
 *
 * Guest-physical layout of a test image (every VM gets the same one):
 *   0x0000  refill vector: j rec, k1 = 0      (kseg0 0x80000000)
 *   0x0180  general vector: j rec, k1 = 0x180
 *   0x0200  rec: the recorder (below)
 *   0x1000  the test's kernel code (VT_CODE_VA = 0x80001000)
 *   0x2000  the record page: control words and exception records
 *   0x3000  user code (the tests map it at VT_USER_VA)
 *   0x4000  the results page (VT_RES_VA): what the test code stores
 *   0x5000- free guest frames for mappings (PFN 5 .. npages-1)
 *
 * The recorder stores, for exception n (1, 2, ... 64, then 1 again), 8 words at
 * 0x2000 + 32n: EPC, Cause, BadVAddr, EntryHi, Context, Status, the vector
 * (0 or 0x180), Count.  Word 0 of the page counts exceptions.  Then it does
 * what word 2 (the mode) says: VT_HALT powers off with status
 * 0x100 | ExcCode; VT_SKIP returns to EPC + 4 (for an interrupt: sets
 * Compare = Count + 300 and returns to EPC); VT_CONT returns, in kernel
 * mode, to the address in word 3.  A break (Bp), or the count reaching
 * word 4 when it is not 0, halts whatever the mode.
 */
#ifndef TLBVISOR_TESTS_CHECK_VMM_HARNESS_H
#define TLBVISOR_TESTS_CHECK_VMM_HARNESS_H

#include "tests/cpu_harness.h"
#include "vmm/vmm.h"

#define VT_GUEST_MEM   (64u << 10)          /* a VM's memory: 16 pages */
#define VT_REC_PA      0x2000u
#define VT_REC_VA      (KSEG0_BASE + VT_REC_PA)
#define VT_CODE_PA     0x1000u
#define VT_CODE_VA     (KSEG0_BASE + VT_CODE_PA)
#define VT_USER_PA     0x3000u
#define VT_USER_VA     0x00400000u
#define VT_RES_PA      0x4000u
#define VT_RES_VA      (KSEG0_BASE + VT_RES_PA)
#define VT_FREE_PFN    5u

/* record page: control words */
#define VT_CTL_COUNT   0
#define VT_CTL_MODE    2
#define VT_CTL_CONT    3
#define VT_CTL_LIMIT   4            /* halt at this many exceptions (0: no limit) */
#define VT_NREC        64           /* records kept: exception n is record (n-1) % 64 + 1 */
enum { VT_HALT = 0, VT_SKIP = 1, VT_CONT = 2 };
/* fields of record n (n >= 1): word index 8n + field */
enum { RF_EPC, RF_CAUSE, RF_BADVA, RF_ENTRYHI, RF_CONTEXT, RF_STATUS, RF_VEC, RF_COUNT };

/* ---- the guest image ------------------------------------------------------------ */

/* The vectors and the recorder, at GPA 0. */
static inline void vt_vectors(struct h_prog *p)
{
    unsigned at, halt_l, halt2_l, halt3_l, lim_l, skip_l, notint_l;
    memset(p, 0, sizeof *p);
    /* 0x000: refill vector */
    h_emit(p, enc_j(OP_J, KSEG0_BASE + 0x200));
    h_emit(p, enc_i(OP_ADDIU, R_K1, 0, 0));
    while (p->n < 0x180 / 4)
        h_emit(p, H_NOP);
    /* 0x180: general vector */
    h_emit(p, enc_j(OP_J, KSEG0_BASE + 0x200));
    h_emit(p, enc_i(OP_ADDIU, R_K1, 0, 0x180));
    while (p->n < 0x200 / 4)
        h_emit(p, H_NOP);
    /* 0x200: rec */
    h_emit(p, enc_i(OP_LUI, R_K0, 0, KSEG0_BASE >> 16));
    h_emit(p, enc_m(OP_SW, R_K1, VT_REC_PA + 4, R_K0));          /* stash the vector */
    h_emit(p, enc_m(OP_LW, R_K1, VT_REC_PA, R_K0));
    h_emit(p, enc_i(OP_ADDIU, R_K1, R_K1, 1));
    h_emit(p, enc_m(OP_SW, R_K1, VT_REC_PA, R_K0));
    h_emit(p, enc_i(OP_ADDIU, R_K1, R_K1, 0xffff));              /* records 1..64, */
    h_emit(p, enc_i(OP_ANDI, R_K1, R_K1, VT_NREC - 1));         /* then again from 1 */
    h_emit(p, enc_i(OP_ADDIU, R_K1, R_K1, 1));
    h_emit(p, enc_sh(OP_SLL, R_K1, R_K1, 5));
    h_emit(p, enc_r(OP_ADDU, R_K1, R_K1, R_K0));                 /* k1 = 0x80000000 + 32n */
    h_emit(p, enc_m(OP_LW, R_K0, VT_REC_PA + 4, R_K0));
    h_emit(p, enc_m(OP_SW, R_K0, VT_REC_PA + 4 * RF_VEC, R_K1));
    static const unsigned regs[] = { CP0_EPC, CP0_CAUSE, CP0_BADVADDR, CP0_ENTRYHI,
                                     CP0_CONTEXT, CP0_STATUS };
    for (unsigned i = 0; i < 6; i++) {
        h_emit(p, enc_mfc0(R_K0, regs[i]));
        h_emit(p, enc_m(OP_SW, R_K0, (int32_t)(VT_REC_PA + 4 * i), R_K1));
    }
    h_emit(p, enc_mfc0(R_K0, CP0_COUNT));
    h_emit(p, enc_m(OP_SW, R_K0, VT_REC_PA + 4 * RF_COUNT, R_K1));
    /* the action: halt on break or at the limit, else as the mode says */
    h_emit(p, enc_mfc0(R_K0, CP0_CAUSE));
    h_emit(p, enc_i(OP_ANDI, R_K0, R_K0, CAUSE_EXC));
    h_emit(p, enc_i(OP_ADDIU, R_K1, 0, EXC_BP << CAUSE_EXC_SHIFT));
    halt3_l = h_emit(p, enc_b(OP_BEQ, R_K0, R_K1, 0));
    h_emit(p, H_NOP);
    h_emit(p, enc_i(OP_LUI, R_K1, 0, KSEG0_BASE >> 16));
    h_emit(p, enc_m(OP_LW, R_K0, VT_REC_PA + 4 * VT_CTL_LIMIT, R_K1));
    lim_l = h_emit(p, enc_b(OP_BEQ, R_K0, 0, 0));
    h_emit(p, enc_m(OP_LW, R_K1, VT_REC_PA + 4 * VT_CTL_COUNT, R_K1));
    halt2_l = h_emit(p, enc_b(OP_BEQ, R_K0, R_K1, 0));
    h_emit(p, H_NOP);
    at = h_emit(p, enc_i(OP_LUI, R_K1, 0, KSEG0_BASE >> 16));
    h_patch(p, lim_l, at);
    h_emit(p, enc_m(OP_LW, R_K0, VT_REC_PA + 4 * VT_CTL_MODE, R_K1));
    halt_l = h_emit(p, enc_b(OP_BEQ, R_K0, 0, 0));
    h_emit(p, H_NOP);
    h_emit(p, enc_i(OP_ADDIU, R_K0, R_K0, -1));
    skip_l = h_emit(p, enc_b(OP_BEQ, R_K0, 0, 0));
    h_emit(p, H_NOP);
    /* VT_CONT: kernel mode, EPC = word 3, eret */
    h_emit(p, enc_mfc0(R_K0, CP0_STATUS));
    h_emit(p, enc_i(OP_ADDIU, R_K1, 0, (uint32_t)~STATUS_KSU & 0xffffu));
    h_emit(p, enc_r(OP_AND, R_K0, R_K0, R_K1));
    h_emit(p, enc_mtc0(R_K0, CP0_STATUS));
    h_emit(p, enc_i(OP_LUI, R_K1, 0, KSEG0_BASE >> 16));
    h_emit(p, enc_m(OP_LW, R_K0, VT_REC_PA + 4 * VT_CTL_CONT, R_K1));
    h_emit(p, enc_mtc0(R_K0, CP0_EPC));
    h_emit(p, enc_op(OP_ERET));
    /* VT_SKIP: an interrupt is acknowledged (Compare = Count + 300) and
     * returned from; anything else skips its instruction */
    at = h_emit(p, enc_mfc0(R_K0, CP0_CAUSE));
    h_patch(p, skip_l, at);
    h_emit(p, enc_i(OP_ANDI, R_K0, R_K0, CAUSE_EXC));
    notint_l = h_emit(p, enc_b(OP_BNE, R_K0, 0, 0));
    h_emit(p, H_NOP);
    h_emit(p, enc_mfc0(R_K0, CP0_COUNT));
    h_emit(p, enc_i(OP_ADDIU, R_K0, R_K0, 300));
    h_emit(p, enc_mtc0(R_K0, CP0_COMPARE));
    h_emit(p, enc_op(OP_ERET));
    at = h_emit(p, enc_mfc0(R_K0, CP0_EPC));
    h_patch(p, notint_l, at);
    h_emit(p, enc_i(OP_ADDIU, R_K0, R_K0, 4));
    h_emit(p, enc_mtc0(R_K0, CP0_EPC));
    h_emit(p, enc_op(OP_ERET));
    /* VT_HALT: power off with 0x100 | ExcCode */
    at = h_emit(p, enc_mfc0(R_K0, CP0_CAUSE));
    h_patch(p, halt_l, at);
    h_patch(p, halt2_l, at);
    h_patch(p, halt3_l, at);
    h_emit(p, enc_sh(OP_SRL, R_K0, R_K0, 2));
    h_emit(p, enc_i(OP_ANDI, R_K0, R_K0, 0x1f));
    h_emit(p, enc_i(OP_ORI, R_K0, R_K0, 0x100));
    h_emit(p, enc_i(OP_LUI, R_K1, 0, H_POWER_VA >> 16));
    h_emit(p, enc_m(OP_SW, R_K0, (int32_t)(H_POWER_VA & 0xffff), R_K1));
    h_emit(p, enc_b(OP_BEQ, 0, 0, -1));
    h_emit(p, H_NOP);
    ck_assert_uint_lt(p->n * 4, VT_CODE_PA);
}

/* Emitters for test code. */
static inline void e_mtc0i(struct h_prog *p, unsigned reg, uint32_t v)   /* clobbers $t9 */
{
    h_li(p, R_T9, v);
    h_emit(p, enc_mtc0(R_T9, reg));
}
/* Store register r at the results page, word i (clobbers $at). */
static inline void e_res(struct h_prog *p, unsigned r, unsigned i)
{
    h_emit(p, enc_i(OP_LUI, R_AT, 0, VT_RES_VA >> 16));
    h_emit(p, enc_m(OP_SW, r, (int32_t)(VT_RES_PA + 4 * i), R_AT));
}
/* mfc0 $t8, reg; store it as result i. */
static inline void e_res_cp0(struct h_prog *p, unsigned reg, unsigned i)
{
    h_emit(p, enc_mfc0(R_T8, reg));
    e_res(p, R_T8, i);
}
/* Write virtual TLB entry idx = (hi, lo) with tlbwi (clobbers $t9). */
static inline void e_tlbwi(struct h_prog *p, unsigned idx, uint32_t hi, uint32_t lo)
{
    e_mtc0i(p, CP0_ENTRYHI, hi);
    e_mtc0i(p, CP0_ENTRYLO, lo);
    e_mtc0i(p, CP0_INDEX, idx);
    h_emit(p, enc_op(OP_TLBWI));
}
/* Power off with the value of register r. */
static inline void e_halt_reg(struct h_prog *p, unsigned r)
{
    h_emit(p, enc_i(OP_LUI, R_AT, 0, H_POWER_VA >> 16));
    h_emit(p, enc_m(OP_SW, r, (int32_t)(H_POWER_VA & 0xffff), R_AT));
    h_emit(p, enc_b(OP_BEQ, 0, 0, -1));
    h_emit(p, H_NOP);
}
static inline void e_halt(struct h_prog *p, uint32_t status)
{
    h_li(p, R_T9, status);
    e_halt_reg(p, R_T9);
}
/* Rewrite the h_li at index at to load v. */
static inline void h_patch_li(struct h_prog *p, unsigned at, unsigned rt, uint32_t v)
{
    p->w[at] = enc_i(OP_LUI, rt, 0, v >> 16);
    p->w[at + 1] = enc_i(OP_ORI, rt, rt, v & 0xffffu);
}
/* The kseg0 address of instruction index i of the kernel code. */
#define VT_AT(i) (VT_CODE_VA + 4u * (i))

/* Set the recorder's mode, continuation address and limit (clobbers $t9, $at).
 * Returns the index of the li of cont, for h_patch_li(p, at, R_T9, ...). */
static inline unsigned e_mode(struct h_prog *p, unsigned mode, uint32_t cont, unsigned limit)
{
    unsigned at;
    h_emit(p, enc_i(OP_LUI, R_AT, 0, VT_REC_VA >> 16));
    h_li(p, R_T9, mode);
    h_emit(p, enc_m(OP_SW, R_T9, (int32_t)(VT_REC_PA + 4 * VT_CTL_MODE), R_AT));
    at = p->n;
    h_li(p, R_T9, cont);
    h_emit(p, enc_m(OP_SW, R_T9, (int32_t)(VT_REC_PA + 4 * VT_CTL_CONT), R_AT));
    h_li(p, R_T9, limit);
    h_emit(p, enc_m(OP_SW, R_T9, (int32_t)(VT_REC_PA + 4 * VT_CTL_LIMIT), R_AT));
    return at;
}
/* Leave for user mode at va: Status = KSU user | EXL, EPC = va, eret. */
static inline void e_enter_user(struct h_prog *p, uint32_t va)
{
    e_mtc0i(p, CP0_STATUS, 2u << STATUS_KSU_SHIFT | STATUS_EXL);
    e_mtc0i(p, CP0_EPC, va);
    h_emit(p, enc_op(OP_ERET));
}
/* Map VT_USER_VA -> VT_USER_PA (V, G) in entry 63, then enter user mode there. */
static inline void e_user(struct h_prog *p)
{
    e_tlbwi(p, 63, VT_USER_VA, VT_USER_PA | ENTRYLO_V | ENTRYLO_G);
    e_enter_user(p, VT_USER_VA);
}

/* ---- test machines ---------------------------------------------------------------- */

struct vt {
    struct cpu *cpu;
    struct vmm *vmm;             /* NULL: the bare machine */
    struct h_console con;
};

static const struct cpu_console_ops vt_con_ops = {
    .read = h_con_read, .ready = h_con_ready, .write = h_con_write, .wait = h_con_wait,
};

/* The machines of the current test, freed by the fixture's teardown. */
#define VT_MAX 4
static struct vt *vt_all[VT_MAX];

static inline void vt_setup(void) { memset(vt_all, 0, sizeof vt_all); }
static inline void vt_teardown(void)
{
    for (unsigned i = 0; i < VT_MAX; i++) {
        if (!vt_all[i])
            continue;
        vmm_free(vt_all[i]->vmm);
        cpu_free(vt_all[i]->cpu);
        free(vt_all[i]);
        vt_all[i] = NULL;
    }
}
static inline struct vt *vt_alloc(void)
{
    for (unsigned i = 0; i < VT_MAX; i++)
        if (!vt_all[i]) {
            vt_all[i] = calloc(1, sizeof *vt_all[i]);
            ck_assert_ptr_nonnull(vt_all[i]);
            return vt_all[i];
        }
    ck_abort_msg("too many test machines");
    return NULL;
}

/* The bare machine with VT_GUEST_MEM of RAM and console input in. */
static inline struct vt *vt_bare(const char *in)
{
    struct vt *t = vt_alloc();
    t->cpu = h_new_cfg(VT_GUEST_MEM, CPU_MMU_SOFT, 0, false);
    h_console(t->cpu, &t->con, in);
    return t;
}

/* A VMM with cfg's VMs on a machine with room for them and 64 KiB to spare. */
static inline struct vt *vt_vmm_cfg(const struct vmm_config *cfg, const char *in)
{
    struct vt *t = vt_alloc();
    const char *err = NULL;
    t->cpu = h_new_cfg(cfg->nvms * cfg->guest_mem + (64u << 10), CPU_MMU_SOFT, 0, false);
    memset(&t->con, 0, sizeof t->con);
    t->con.in = in ? in : "";
    t->con.nin = strlen(t->con.in);
    t->vmm = vmm_new(t->cpu, cfg, &vt_con_ops, &t->con, &err);
    ck_assert_msg(t->vmm != NULL, "vmm_new: %s", err ? err : "?");
    return t;
}
static inline struct vt *vt_vmm_n(unsigned nvms, enum vmm_asid_policy asid, uint64_t quantum)
{
    struct vmm_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.nvms = nvms;
    cfg.guest_mem = VT_GUEST_MEM;
    cfg.asid = asid;
    cfg.quantum = quantum;
    cfg.check = true;
    return vt_vmm_cfg(&cfg, NULL);
}
static inline struct vt *vt_vmm(void) { return vt_vmm_n(1, VMM_ASID_TAG, 0); }

static inline unsigned vt_nvms(const struct vt *t) { return t->vmm ? vmm_nvms(t->vmm) : 1; }

static inline void vt_write(struct vt *t, unsigned vm, uint32_t gpa, const void *src, size_t n)
{
    if (t->vmm)
        ck_assert_int_eq(vmm_gpa_write(t->vmm, vm, gpa, src, n), 0);
    else
        ck_assert_int_eq(cpu_phys_write(t->cpu, gpa, src, n), 0);
}
static inline void vt_load(struct vt *t, unsigned vm, uint32_t gpa, const uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t b[4] = { (uint8_t)w[i], (uint8_t)(w[i] >> 8), (uint8_t)(w[i] >> 16),
                         (uint8_t)(w[i] >> 24) };
        vt_write(t, vm, gpa + 4 * i, b, 4);
    }
}
static inline uint32_t vt_r32(struct vt *t, unsigned vm, uint32_t gpa)
{
    uint8_t b[4];
    if (t->vmm)
        ck_assert_int_eq(vmm_gpa_read(t->vmm, vm, gpa, b, 4), 0);
    else
        ck_assert_int_eq(cpu_phys_read(t->cpu, gpa, b, 4), 0);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static inline void vt_w32(struct vt *t, unsigned vm, uint32_t gpa, uint32_t v)
{
    vt_load(t, vm, gpa, &v, 1);
}
/* Result word i and record field f of exception n of VM vm. */
static inline uint32_t vt_res(struct vt *t, unsigned vm, unsigned i)
{
    return vt_r32(t, vm, VT_RES_PA + 4 * i);
}
static inline uint32_t vt_rec(struct vt *t, unsigned vm, unsigned n, unsigned f)
{
    return vt_r32(t, vm, VT_REC_PA + 32 * n + 4 * f);
}
static inline uint32_t vt_nexc(struct vt *t, unsigned vm) { return vt_r32(t, vm, VT_REC_PA); }

/* Load the vectors, the kernel code and the user code into VM vm (every
 * VM for vm = -1u) and start it at VT_CODE_VA. */
static inline void vt_image(struct vt *t, unsigned vm, const struct h_prog *code,
                            const struct h_prog *user)
{
    struct h_prog vec;
    vt_vectors(&vec);
    for (unsigned k = 0; k < vt_nvms(t); k++) {
        if (vm != -1u && k != vm)
            continue;
        vt_load(t, k, 0, vec.w, vec.n);
        vt_load(t, k, VT_CODE_PA, code->w, code->n);
        if (user)
            vt_load(t, k, VT_USER_PA, user->w, user->n);
        if (t->vmm)
            vmm_vm_start(t->vmm, k, VT_CODE_VA);
        else
            cpu_set_pc(t->cpu, VT_CODE_VA);
    }
}

enum vt_stop { VT_STOP_BUDGET, VT_STOP_HALT, VT_STOP_ERROR };

static inline enum vt_stop vt_run(struct vt *t, uint64_t steps)
{
    if (t->vmm) {
        switch (vmm_run(t->vmm, steps)) {
        case VMM_STOP_BUDGET: return VT_STOP_BUDGET;
        case VMM_STOP_HALT:   return VT_STOP_HALT;
        default:              return VT_STOP_ERROR;
        }
    }
    switch (cpu_run(t->cpu, steps)) {
    case CPU_STOP_BUDGET: return VT_STOP_BUDGET;
    case CPU_STOP_HALT:   return VT_STOP_HALT;
    default:              return VT_STOP_ERROR;
    }
}
static inline const char *vt_error(struct vt *t)
{
    return t->vmm ? vmm_error(t->vmm) : cpu_error(t->cpu);
}
/* Run to the halt (of every VM), which must come within steps. */
static inline void vt_run_halt(struct vt *t, uint64_t steps)
{
    enum vt_stop s = vt_run(t, steps);
    ck_assert_msg(s == VT_STOP_HALT, "%s machine stopped with %d, not halt: %s",
                  t->vmm ? "VMM" : "bare", (int)s, vt_error(t));
}
static inline uint32_t vt_status(struct vt *t, unsigned vm)
{
    return t->vmm ? vmm_exit_status(t->vmm, vm) : cpu_exit_status(t->cpu);
}
static inline uint64_t vt_insns(struct vt *t, unsigned vm)
{
    if (t->vmm) {
        struct vmm_stats st;
        vmm_get_stats(t->vmm, &st);
        return st.vm[vm].insns;
    }
    return cpu_insns(t->cpu);
}
static inline struct vmm_stats vt_stats(struct vt *t)
{
    struct vmm_stats st;
    ck_assert_ptr_nonnull(t->vmm);
    memset(&st, 0, sizeof st);
    vmm_get_stats(t->vmm, &st);
    return st;
}

/* ---- bare vs VMM ------------------------------------------------------------------- */

/* Everything a halted one-VM guest can show: exit status, instructions
 * retired, registers, its record and results pages, its console output. */
static inline void vt_assert_same(struct vt *bare, struct vt *v)
{
    ck_assert_uint_eq(vt_status(bare, 0), vt_status(v, 0));
    ck_assert_msg(vt_insns(bare, 0) == vt_insns(v, 0), "insns: bare %llu, VMM %llu",
                  (unsigned long long)vt_insns(bare, 0), (unsigned long long)vt_insns(v, 0));
    for (unsigned r = 1; r < 32; r++)
        ck_assert_msg(cpu_reg(bare->cpu, r) == cpu_reg(v->cpu, r),
                      "$%u: bare 0x%08x, VMM 0x%08x", r, cpu_reg(bare->cpu, r),
                      cpu_reg(v->cpu, r));
    ck_assert_uint_eq(cpu_hi(bare->cpu), cpu_hi(v->cpu));
    ck_assert_uint_eq(cpu_lo(bare->cpu), cpu_lo(v->cpu));
    for (uint32_t a = VT_REC_PA; a < VT_REC_PA + 0x1000; a += 4)
        ck_assert_msg(vt_r32(bare, 0, a) == vt_r32(v, 0, a),
                      "record word 0x%x: bare 0x%08x, VMM 0x%08x", a - VT_REC_PA,
                      vt_r32(bare, 0, a), vt_r32(v, 0, a));
    for (uint32_t a = VT_RES_PA; a < VT_RES_PA + 0x1000; a += 4)
        ck_assert_msg(vt_r32(bare, 0, a) == vt_r32(v, 0, a),
                      "result %u: bare 0x%08x, VMM 0x%08x", (a - VT_RES_PA) / 4,
                      vt_r32(bare, 0, a), vt_r32(v, 0, a));
    ck_assert_str_eq(bare->con.out, v->con.out);
}

/* Run code (and user code) to the halt on the bare machine and under a
 * one-VM VMM (isolation checker on); they must agree on everything.
 * Returns the VMM machine for further checks; *bare_out gets the bare one. */
static inline struct vt *vt_diff_in(const struct h_prog *code, const struct h_prog *user,
                                    const char *in, struct vt **bare_out)
{
    struct vt *b = vt_bare(in), *v;
    struct vmm_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.nvms = 1;
    cfg.guest_mem = VT_GUEST_MEM;
    cfg.check = true;
    v = vt_vmm_cfg(&cfg, in);
    vt_image(b, 0, code, user);
    vt_image(v, 0, code, user);
    vt_run_halt(b, 1000000);
    vt_run_halt(v, 1000000);
    vt_assert_same(b, v);
    if (bare_out)
        *bare_out = b;
    return v;
}
static inline struct vt *vt_diff(const struct h_prog *code, const struct h_prog *user)
{
    return vt_diff_in(code, user, NULL, NULL);
}

/* ---- the real machine under a VMM ------------------------------------------------------ */

/* The machine frame of guest page pfn of VM vm, found by writing a marker
 * to the guest page and looking for it in the machine's RAM. */
static inline uint32_t vt_mfn(struct vt *t, unsigned vm, uint32_t pfn)
{
    uint8_t save[16], mark[16], buf[16];
    uint32_t found = ~0u, frames = cpu_mem_size(t->cpu) / 4096;

    for (unsigned i = 0; i < 16; i++)
        mark[i] = (uint8_t)(0xa5 ^ (i * 37) ^ vm ^ pfn);
    mark[0] = (uint8_t)pfn;
    mark[1] = (uint8_t)(pfn >> 8);
    mark[2] = (uint8_t)vm;
    ck_assert_int_eq(vmm_gpa_read(t->vmm, vm, pfn * 4096 + 0xff0, save, 16), 0);
    ck_assert_int_eq(vmm_gpa_write(t->vmm, vm, pfn * 4096 + 0xff0, mark, 16), 0);
    for (uint32_t f = 0; f < frames; f++) {
        ck_assert_int_eq(cpu_phys_read(t->cpu, f * 4096 + 0xff0, buf, 16), 0);
        if (!memcmp(buf, mark, 16)) {
            ck_assert_msg(found == ~0u, "marker found twice");
            found = f;
        }
    }
    ck_assert_int_eq(vmm_gpa_write(t->vmm, vm, pfn * 4096 + 0xff0, save, 16), 0);
    ck_assert_msg(found != ~0u, "guest page %u of VM %u not found in the machine", pfn, vm);
    return found;
}

/* The real TLB entry that is valid with hi's VPN and ASID, or -1. */
static inline int vt_rtlb_find(struct vt *t, uint32_t hi)
{
    int found = -1;
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(t->cpu, i, &e);
        if ((e.lo & ENTRYLO_V) && e.hi == hi) {
            ck_assert_msg(found < 0, "real TLB entries %d and %u both hold 0x%08x", found, i, hi);
            found = (int)i;
        }
    }
    return found;
}
/* Valid real TLB entries whose VPN is va's (any ASID). */
static inline unsigned vt_rtlb_count_vpn(struct vt *t, uint32_t va)
{
    unsigned n = 0;
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        struct cpu_tlb_entry e;
        cpu_tlb_read(t->cpu, i, &e);
        if ((e.lo & ENTRYLO_V) && !((e.hi ^ va) & ENTRYHI_VPN))
            n++;
    }
    return n;
}
static inline uint32_t vt_rasid(struct vt *t)
{
    return cpu_cp0(t->cpu, CP0_ENTRYHI) & ENTRYHI_ASID;
}

#endif /* TLBVISOR_TESTS_CHECK_VMM_HARNESS_H */
