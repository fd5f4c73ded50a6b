/*
 * trace.c -- "tlbvisor run --trace": the VMM's work as the table lectures
 * draw, one event a row, in three columns:
 *
 *   Process                        | Guest OS                           | VMM
 *
 * what the user program did, what the guest kernel did (only what traps is
 * visible: the VMM sees nothing else), and what the VMM did about it.
 * Filters pick flows: tlb (a TLB miss from the user load to the retried
 * load, OSTEP's table B.5), syscall (table B.3), exits (every VM exit),
 * all (everything, with world switches).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "asm/asm.h"
#include "cpu/isa.h"
#include "debugger/trace.h"

#define COL_PROCESS 36
#define COL_GUEST   44


void trace_init(struct trace *t, FILE *out, unsigned filter, unsigned nvms)
{
    memset(t, 0, sizeof *t);
    t->out = out;
    t->filter = filter;
    t->nvms = nvms;
    t->shared_tty = out == stderr && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
}

int trace_parse(const char *spec, unsigned *filter)
{
    char buf[128];
    *filter = 0;
    if (!spec || !*spec) {
        *filter = TRACE_ALL;
        return 0;
    }
    if (strlen(spec) >= sizeof buf)
        return -1;
    strcpy(buf, spec);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (!strcmp(tok, "tlb"))
            *filter |= TRACE_TLB;
        else if (!strcmp(tok, "syscall"))
            *filter |= TRACE_SYSCALL;
        else if (!strcmp(tok, "exits"))
            *filter |= TRACE_EXITS;
        else if (!strcmp(tok, "all"))
            *filter |= TRACE_ALL;
        else
            return -1;
    }
    return *filter ? 0 : -1;
}

/* ---- rows ------------------------------------------------------------------------------ */

static void cell(FILE *f, const char *text, int width)
{
    int n = (int)strlen(text);
    if (width <= 0) {
        fputs(text, f);
        return;
    }
    if (n > width - 1)
        fprintf(f, "%.*s~ ", width - 2, text);
    else
        fprintf(f, "%-*s ", width - 1, text);
}

static void row(struct trace *t, unsigned vm, const char *process, const char *guest,
                const char *vmm)
{
    if (t->end_line)
        t->end_line();
    fflush(stdout);                          /* keep the guest's output in order with ours */
    if (t->mid_line) {                       /* the guest's output left a line open */
        fputc('\n', t->out);
        t->mid_line = false;
    }
    if (!t->header) {
        t->header = true;
        if (t->nvms > 1)
            fprintf(t->out, "     ");
        cell(t->out, "Process", COL_PROCESS);
        fputs("| ", t->out);
        cell(t->out, "Guest OS", COL_GUEST);
        fputs("| VMM\n", t->out);
    }
    if (t->nvms > 1)
        fprintf(t->out, "vm%u  ", vm);
    cell(t->out, process, COL_PROCESS);
    fputs("| ", t->out);
    cell(t->out, guest, COL_GUEST);
    fprintf(t->out, *vmm ? "| %s\n" : "|\n", vmm);
}

/* The console output the guest wrote in a row: one line, not one a byte. */
static void flush_console(struct trace *t)
{
    char guest[96], vmm[96];
    if (!t->con_len)
        return;
    snprintf(guest, sizeof guest, "console output \"%s\"", t->con);
    snprintf(vmm, sizeof vmm, "emulate the console: %u stores, %u exits", t->con_count,
             t->con_count);
    row(t, t->con_vm, "", guest, vmm);
    t->con_len = 0;
    t->con_count = 0;
}

static void console_byte(struct trace *t, unsigned vm, uint32_t byte)
{
    if (t->con_len && (t->con_vm != vm || t->con_len + 3 >= sizeof t->con))
        flush_console(t);
    t->con_vm = vm;
    t->con_count++;
    if (byte == '\n') {
        t->con[t->con_len++] = '\\';
        t->con[t->con_len++] = 'n';
    } else {
        t->con[t->con_len++] = byte >= 32 && byte < 127 ? (char)byte : '.';
    }
    t->con[t->con_len] = 0;
    if (byte == '\n')
        flush_console(t);
}

/* The system calls of docs/programs.md, by number. */
static const char *syscall_name(uint32_t v0)
{
    static const char *const names[24] = {
        [1] = "print_int", [4] = "print_string", [5] = "read_int", [8] = "read_string",
        [9] = "sbrk", [10] = "exit", [11] = "print_char", [12] = "read_char",
        [17] = "exit2", [20] = "getpid", [21] = "yield", [22] = "fork", [23] = "wait",
    };
    return v0 < 24 && names[v0] ? names[v0] : "unknown";
}

static const char *what(unsigned code, bool miss)
{
    switch (code) {
    case EXC_TLBL:
    case EXC_TLBS:  return miss ? "TLB miss" : "TLB invalid";
    case EXC_MOD:   return "clean page (Mod)";
    case EXC_SYS:   return "syscall";
    case EXC_INT:   return "interrupt";
    case EXC_BP:    return "break";
    case EXC_ADEL:
    case EXC_ADES:  return "address error";
    case EXC_RI:    return "reserved instruction";
    case EXC_CPU:   return "coprocessor unusable";
    case EXC_OV:    return "overflow";
    case EXC_TR:    return "trap";
    case EXC_IBE:
    case EXC_DBE:   return "bus error";
    default:        return "exception";
    }
}

/* On a walker machine (shadow paging) TLBL/TLBS are page faults: the
 * walker has no refill to miss. */
static const char *what_ev(const struct vmm_event *ev)
{
    if (ev->shadow && (ev->code == EXC_TLBL || ev->code == EXC_TLBS))
        return "page fault";
    if (ev->shadow && ev->code == EXC_MOD)
        return "read-only page (Mod)";
    return what(ev->code, ev->miss);
}

static bool wanted(const struct trace *t, const struct vmm_event *ev)
{
    unsigned c = 0;
    if (ev->activity == VMM_ACT_TLB)
        c |= TRACE_TLB;
    if (ev->activity == VMM_ACT_SYSCALL)
        c |= TRACE_SYSCALL;
    switch (ev->kind) {
    case VMM_EV_REFLECT:
        if (ev->code == EXC_TLBL || ev->code == EXC_TLBS || ev->code == EXC_MOD)
            c |= TRACE_TLB;
        c |= TRACE_EXITS;
        break;
    case VMM_EV_FILL:                        /* part of a TLB flow only inside one, */
        c |= TRACE_EXITS;
        if (ev->shadow && ev->user)          /* but a shadow miss of the user's is one */
            c |= TRACE_TLB;
        break;
    case VMM_EV_TLBWRITE:
        c |= TRACE_TLB | TRACE_EXITS;
        break;
    case VMM_EV_RETRY:
        c |= TRACE_TLB;
        break;
    case VMM_EV_SWITCH:
    case VMM_EV_HALT:
        c |= TRACE_EXITS;
        break;
    default:
        c |= TRACE_EXITS;
        break;
    }
    return (c & t->filter) != 0 || t->filter == TRACE_ALL;
}

void trace_event(void *ctx, const struct vmm_event *ev)
{
    struct trace *t = ctx;
    char dis[96], g[160], v[200];
    const char *empty = "";

    bool console_out = ev->kind == VMM_EV_DEVICE && ev->store &&
                       ev->va == KSEG1_BASE + DEV_CONSOLE;
    if (console_out && t->nvms == 1 && t->shared_tty)   /* its output shares our terminal */
        t->mid_line = (ev->value & 0xff) != '\n';
    if (!wanted(t, ev))
        return;
    if (console_out) {
        console_byte(t, ev->vm, ev->value & 0xff);
        return;
    }
    flush_console(t);
    asm_disas(ev->insn, ev->pc, NULL, dis, sizeof dis);
    g[0] = v[0] = 0;

    switch (ev->kind) {
    case VMM_EV_REFLECT:
        if (ev->code == EXC_INT)
            snprintf(g, sizeof g, "(interrupt before 0x%08" PRIx32 ")", ev->pc);
        else if (!ev->insn)
            snprintf(g, sizeof g, "fetch 0x%08" PRIx32 ": %s", ev->pc, what_ev(ev));
        else if (ev->code == EXC_SYS)
            snprintf(g, sizeof g, "syscall %s ($v0 = %" PRIu32 ")", syscall_name(ev->value),
                     ev->value);
        else if (ev->code == EXC_TLBL || ev->code == EXC_TLBS || ev->code == EXC_MOD ||
                 ev->code == EXC_ADEL || ev->code == EXC_ADES)
            snprintf(g, sizeof g, "%s: %s 0x%08" PRIx32, dis, what_ev(ev), ev->va);
        else
            snprintf(g, sizeof g, "%s: %s", dis, what_ev(ev));
        snprintf(v, sizeof v, "reflect %s to the guest's %s (0x%08" PRIx32 ")",
                 cpu_exc_name(ev->code), ev->target == VEC_REFILL ? "refill handler"
                                                                   : "exception vector",
                 ev->target);
        if (ev->user)
            row(t, ev->vm, g, empty, v);
        else
            row(t, ev->vm, empty, g, v);
        break;
    case VMM_EV_EMULATE: {
        enum isa_op op = isa_decode(ev->insn);
        const char *reg = cpu_cp0_name(ISA_GET_RD(ev->insn));
        if (!reg)
            reg = "?";
        if (op == OP_MFC0 || op == OP_MTC0)
            snprintf(g, sizeof g, "%s (%s)", dis, reg);
        else
            snprintf(g, sizeof g, "%s", dis);
        if (op == OP_MFC0)
            snprintf(v, sizeof v, "emulate: $%s = %s = 0x%08" PRIx32,
                     isa_reg_names[ISA_GET_RT(ev->insn)], reg, ev->value);
        else if (op == OP_MTC0)
            snprintf(v, sizeof v, "emulate: %s = 0x%08" PRIx32, reg, ev->value);
        else if (op == OP_TLBP)
            snprintf(v, sizeof v, "emulate: search the guest's TLB: Index = 0x%08" PRIx32,
                     ev->value);
        else if (op == OP_TLBR)
            snprintf(v, sizeof v, "emulate: EntryHi, EntryLo = guest TLB[%" PRIu32 "]",
                     ev->value);
        else if (ev->shadow)
            snprintf(v, sizeof v, "page-table write: GPA 0x%08" PRIx32 " = 0x%08" PRIx32
                     ", its shadow entries dropped", ev->pfn << 12 | (ev->va & 0xffcu),
                     ev->value);
        else
            snprintf(v, sizeof v, "emulate %s", dis);
        row(t, ev->vm, empty, g, v);
        break;
    }
    case VMM_EV_TLBWRITE:
        snprintf(g, sizeof g, "%s: VPN 0x%05" PRIx32 " -> PFN 0x%05" PRIx32 "%s%s", dis,
                 ev->vpn, ev->pfn, ev->value & ENTRYLO_V ? "" : " (invalid)",
                 ev->value & ENTRYLO_D ? " D" : "");
        if (ev->ridx >= 0)
            snprintf(v, sizeof v, "guest TLB[%d]; real TLB[%d]: VPN 0x%05" PRIx32
                     " -> MFN 0x%05" PRIx32 " (ASID %u)", ev->vidx, ev->ridx, ev->vpn,
                     ev->mfn, ev->rasid);
        else
            snprintf(v, sizeof v, "guest TLB[%d] (nothing to install now)", ev->vidx);
        row(t, ev->vm, empty, g, v);
        break;
    case VMM_EV_FILL:
        if (ev->insn)
            snprintf(g, sizeof g, "%s: TLB miss 0x%08" PRIx32, dis, ev->va);
        else
            snprintf(g, sizeof g, "fetch 0x%08" PRIx32 ": TLB miss", ev->va);
        if (ev->shadow)
            snprintf(v, sizeof v, "hidden miss: shadow PTE VPN 0x%05" PRIx32 " -> MFN 0x%05"
                     PRIx32 "%s, from %s", ev->vpn, ev->mfn,
                     ev->value & PTE_W ? "" : " read-only",
                     ev->user || ev->va < KSEG0_BASE || ev->va >= KSEG2_BASE
                         ? "the guest's page tables"
                         : ev->va < KSEG1_BASE ? "kseg0" : "kseg1");
        else if (ev->vidx >= CPU_TLB_SIZE)
            snprintf(v, sizeof v, "L2TLB hit: real TLB[%d] = VPN 0x%05" PRIx32 " -> MFN 0x%05"
                     PRIx32, ev->ridx, ev->vpn, ev->mfn);
        else if (ev->vidx >= 0)
            snprintf(v, sizeof v, "hidden fill from guest TLB[%d]: real TLB[%d] = VPN 0x%05"
                     PRIx32 " -> MFN 0x%05" PRIx32, ev->vidx, ev->ridx, ev->vpn, ev->mfn);
        else
            snprintf(v, sizeof v, "hidden fill (%s): real TLB[%d] = VPN 0x%05" PRIx32
                     " -> MFN 0x%05" PRIx32, ev->va < KSEG1_BASE ? "kseg0" : "kseg1",
                     ev->ridx, ev->vpn, ev->mfn);
        if (ev->user)
            row(t, ev->vm, g, empty, v);
        else
            row(t, ev->vm, empty, g, v);
        break;
    case VMM_EV_DEVICE:
        snprintf(g, sizeof g, "%s", dis);
        snprintf(v, sizeof v, "emulate the device at 0x%08" PRIx32 ": %s 0x%08" PRIx32,
                 ev->va, ev->store ? "write" : "read", ev->value);
        row(t, ev->vm, empty, g, v);
        break;
    case VMM_EV_ERET:
        snprintf(v, sizeof v, "real return from trap: %s mode at 0x%08" PRIx32,
                 ev->user ? "user" : "kernel", ev->target);
        row(t, ev->vm, empty, "eret", v);
        if (ev->user && ev->activity != VMM_ACT_TLB) {
            snprintf(g, sizeof g, "resumes at 0x%08" PRIx32, ev->target);
            row(t, ev->vm, g, empty, empty);
        }
        break;
    case VMM_EV_RETRY:
        snprintf(g, sizeof g, "%s retried: TLB hit", dis);
        row(t, ev->vm, g, empty, empty);
        break;
    case VMM_EV_SWITCH:
        snprintf(v, sizeof v, "world switch: vm%u -> vm%" PRIu32, ev->vm, ev->value);
        row(t, ev->vm, empty, empty, v);
        break;
    case VMM_EV_HALT:
        snprintf(g, sizeof g, "power off (status %" PRIu32 ")", ev->value);
        row(t, ev->vm, empty, g, "the VM halts");
        break;
    }
}

void trace_finish(struct trace *t)
{
    flush_console(t);
    fflush(t->out);
}
