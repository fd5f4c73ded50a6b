/*
 * debug.c -- "tlbvisor debug": the REPL debugger.
 *
 * It boots exactly what "tlbvisor run" would (session.c), stops before the
 * first instruction and reads commands: from a terminal with readline
 * (history in ~/.tlbvisor_history, completion, Ctrl-C), or one a line from
 * a script (-x FILE, source FILE) or a pipe, echoing each after the prompt
 * so that a transcript reads like the session it was.
 *
 * A step is one guest instruction of the VM that runs.  Under the VMM the
 * instruction may trap; what the VMM then does (a reflection, an emulated
 * tlbwr, a hidden fill and the retry) is part of that step, and the step
 * says so, from the VMM's trace events.  docs/debugger.md is the manual.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cpu/isa.h"
#include "debugger/boot.h"
#include "debugger/cmdparse.h"
#include "debugger/commands.h"
#include "debugger/console.h"
#include "debugger/debug.h"

#define PROMPT      "(tlbvisor) "
#define MAX_ARGS    32
#define MAX_SOURCE  8            /* nesting of "source" */
#define STEP_GUARD  100000       /* machine steps without guest progress: give up */
#define FAST_CHUNK  65536u       /* continue: steps between looks at Ctrl-C */

enum cmd_id {
    C_STEP, C_NEXT, C_CONTINUE, C_UNTIL, C_FINISH, C_BREAK, C_WATCH, C_DELETE, C_DISABLE,
    C_ENABLE, C_INFO, C_REGS, C_CP0, C_X, C_DISAS, C_TLB, C_VTLB, C_PMAP, C_PT, C_TRANSLATE,
    C_WALK, C_VM, C_STATS, C_TRACE, C_SET, C_PRINT, C_SOURCE, C_HELP, C_QUIT,
};

static const struct cmd_def commands[] = {
    { "step", "s si stepi", 0, C_STEP, "step [N]: execute N guest instructions (1), showing each and what the VMM did" },
    { "next", "n ni nexti", 0, C_NEXT, "next [N]: step, but over calls (jal, jalr, bal...)" },
    { "continue", "c", 0, C_CONTINUE, "continue: run until a breakpoint, watchpoint or catchpoint, Ctrl-C or the end" },
    { "until", "u", 0, C_UNTIL, "until [ADDR]: run until ADDR in this VM (and process, from user mode)" },
    { "finish", "fin", 0, C_FINISH, "finish: run until the current function returns to $ra" },
    { "break", "b", 0, C_BREAK, "break ADDR|SYMBOL|FILE:LINE | exception [CODE] | vmexit [REASON]" },
    { "watch", NULL, 0, C_WATCH, "watch [phys|mach] ADDR: stop when the word at ADDR is written" },
    { "delete", "d", 0, C_DELETE, "delete [N...]: delete breakpoints N (all)" },
    { "disable", NULL, 0, C_DISABLE, "disable [N...]: disable breakpoints N (all)" },
    { "enable", NULL, 0, C_ENABLE, "enable [N...]: enable breakpoints N (all)" },
    { "info", "i", 0, C_INFO, "info breakpoints|registers|vms: lists" },
    { "regs", NULL, 0, C_REGS, "regs: the guest's registers, PC, HI and LO" },
    { "cp0", NULL, 0, C_CP0, "cp0: the virtual CP0 (what the guest sees) beside the real one" },
    { "x", NULL, CMD_FMT, C_X, "x/NFMT [phys|mach] ADDR: memory; FMT: x d u c s i, sizes b h w" },
    { "disas", "disassemble", 0, C_DISAS, "disas [ADDR [N]]: N instructions from ADDR (8 from PC)" },
    { "tlb", NULL, 0, C_TLB, "tlb: the real TLB, with the VM and guest ASID of each entry" },
    { "vtlb", NULL, 0, C_VTLB, "vtlb [VM]: a VM's virtual TLB" },
    { "pmap", NULL, 0, C_PMAP, "pmap [VM [PFN [N]]]: guest-physical -> machine frames" },
    { "pt", NULL, 0, C_PT, "pt [ASID]: a guest process's page table (ASID = pid)" },
    { "translate", "tr", 0, C_TRANSLATE, "translate VA: VA -> PA -> MA, each step and where it came from" },
    { "walk", NULL, 0, C_WALK, "walk VA: the page-table references for VA, in order" },
    { "vm", NULL, 0, C_VM, "vm [N]: look at VM N (its registers, memory, TLB)" },
    { "stats", NULL, 0, C_STATS, "stats: the statistics so far (as run --stats)" },
    { "trace", NULL, 0, C_TRACE, "trace on|off [FILTER]: the VMM's work as the --trace table" },
    { "set", NULL, 0, C_SET, "set $REG = EXPR | set {b|h|w} [phys|mach] ADDR = EXPR" },
    { "print", "p", CMD_FMT, C_PRINT, "print[/x|/d|/u] EXPR: a value, in hex and decimal" },
    { "source", NULL, 0, C_SOURCE, "source FILE: run the commands in FILE" },
    { "help", "h ?", 0, C_HELP, "help [CMD]: the commands, or one in detail" },
    { "quit", "q exit", 0, C_QUIT, "quit: leave tlbvisor" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* More on each command, for "help CMD": syntax, what it does, an example. */
static const char *const details[] = {
    [C_STEP] = "step [N]\n"
        "Execute N guest instructions of the VM that runs, printing each with its\n"
        "address, symbol and source line. When one traps, the step also shows\n"
        "what the VMM did (reflected the exception, emulated the instruction,\n"
        "filled the TLB without the guest): that work is part of the step.\n"
        "Stops early at a breakpoint or a watchpoint. Enter repeats it.\n"
        "example: step 5",
    [C_NEXT] = "next [N]\n"
        "Like step, but a call (jal, jalr, bal, bgezal, bltzal) runs to its return\n"
        "(the instruction after its delay slot) in the same VM (and process, if the\n"
        "call is in user mode).\n"
        "example: next",
    [C_CONTINUE] = "continue\n"
        "Run until a breakpoint, a watchpoint or a catchpoint, Ctrl-C, or the end\n"
        "of the machine.\n"
        "Enter repeats it.\nexample: continue",
    [C_UNTIL] = "until [ADDR]\n"
        "Run until the VM looked at reaches ADDR; without ADDR, next. Given while\n"
        "the guest is in user mode, only its current process stops there; given in\n"
        "the guest kernel (boot code, a handler), any process does.\n"
        "example: until loop_end",
    [C_FINISH] = "finish\n"
        "Run until the current function returns: until PC = $ra as it is now, in this\n"
        "VM (and process, from user mode).\nexample: finish",
    [C_BREAK] = "break ADDR | SYMBOL | FILE:LINE | *ADDR\n"
        "break exception [CODE]     CODE: a number or a name (TLBL, TLBS, Mod, Sys...)\n"
        "break vmexit [REASON]      REASON: privileged, hidden, guest-tlb, device,\n"
        "                           exception, timer (VMM only)\n"
        "Stop before the instruction at an address (any VM, any process), when an\n"
        "exception reaches the guest, or when the guest exits to the VMM.\n"
        "examples: break main    break hello.s:12    break exception TLBL",
    [C_WATCH] = "watch [phys|mach] ADDR\n"
        "Stop after a store writes the word at ADDR (even with the value it held),\n"
        "or its value changes, showing the old and new values and the writer. A\n"
        "virtual ADDR is translated now, in the VM looked at: the watch is on that\n"
        "machine word, whoever writes it (any process, the guest kernel).\n"
        "example: watch counter",
    [C_DELETE] = "delete [N...]\nDelete breakpoints or watchpoints N (all of them without N).\n"
        "example: delete 2",
    [C_DISABLE] = "disable [N...]\nDisable breakpoints N (all without N).\nexample: disable 1",
    [C_ENABLE] = "enable [N...]\nEnable breakpoints N (all without N).\nexample: enable 1",
    [C_INFO] = "info breakpoints | registers | vms\n"
        "info breakpoints lists breakpoints and watchpoints with their hit counts;\n"
        "info registers is regs; info vms lists the VMs and where each is.\n"
        "example: info breakpoints",
    [C_REGS] = "regs\nThe guest's 32 registers, PC, HI and LO, of the VM looked at.\nexample: regs",
    [C_CP0] = "cp0\n"
        "CP0 as the guest sees it (the VMM's virtual CP0) beside the real CP0 the\n"
        "VMM runs the machine with. On the bare machine, the one CP0.\nexample: cp0",
    [C_X] = "x/NFMT [phys|mach] ADDR\n"
        "Examine memory: N units in format x (hex), d (signed), u (unsigned), c\n"
        "(char), s (string), i (instruction), of size b, h or w. ADDR is a guest\n"
        "virtual address of the VM looked at, or guest-physical (phys), or a\n"
        "machine address (mach). x alone goes on after the last one.\n"
        "examples: x/4xw $sp    x/s msg    x/2i $pc    x/8xb phys 0x1000",
    [C_DISAS] = "disas [ADDR [N]]\nDisassemble N instructions (8) from ADDR (the PC).\n"
        "example: disas main 12",
    [C_TLB] = "tlb\n"
        "The real TLB's valid entries. Under the VMM each shows its owner: the VM,\n"
        "the guest ASID its real ASID stands for, and the guest TLB entry (or\n"
        "hidden kseg fill, or L2TLB) it was made from.\nexample: tlb",
    [C_VTLB] = "vtlb [VM]\nA VM's virtual TLB: the entries its guest wrote, VPN -> PFN, and\n"
        "the machine frame each PFN is.\nexample: vtlb 0",
    [C_PMAP] = "pmap [VM [PFN [N]]]\nThe VM's pmap: guest-physical frame -> machine frame, N (64) from PFN.\n"
        "example: pmap 0 0x100 16",
    [C_PT] = "pt [ASID]\n"
        "The page table of the guest OS's process ASID (= its pid; default: the\n"
        "current one): every mapped page, as the leaf format of this MMU stores it\n"
        "(an EntryLo value on the soft TLB, a walker PTE on the walker).\nexample: pt 1",
    [C_TRANSLATE] = "translate VA\n"
        "VA -> PA -> MA in the VM looked at: the guest TLB entry (or the guest's\n"
        "page table when the TLB has none, and on the walker), the pmap or nested\n"
        "table entry, the shadow entry under shadow paging, and the real TLB entry\n"
        "if there is one.\nexample: translate 0x10010000",
    [C_WALK] = "walk VA\n"
        "The page-table references for VA, in order: the walker's (--mmu walker),\n"
        "or on the soft TLB those of the guest OS's refill path. Under shadow\n"
        "paging, the guest's table and then the shadow table; under nested paging,\n"
        "the 2D walk as a grid (rows: guest levels and the final GPA; columns:\n"
        "nested levels and the guest entry; cells: order:machine address).\n"
        "example: walk $sp",
    [C_VM] = "vm [N]\nLook at VM N; without N, say which VM is looked at. A run command\n"
        "looks at the VM that runs when it stops.\nexample: vm 1",
    [C_STATS] = "stats\nThe statistics so far, as 'tlbvisor run --stats' prints them.\nexample: stats",
    [C_TRACE] = "trace on [FILTER] | off\n"
        "Print the VMM's work as the --trace table while the guest runs. FILTER:\n"
        "tlb, syscall, exits or all, with commas.\nexample: trace on tlb",
    [C_SET] = "set $REG = EXPR | set {b|h|w} [phys|mach] ADDR = EXPR\n"
        "Change a register (a GPR, $pc, $hi, $lo) or memory. Expressions take\n"
        "symbols, registers ($t0, $4, $pc, and CP0's $epc $badvaddr $status...),\n"
        "numbers (42, 0x2a, 0b101010, 'c'), + - * / % << >> & | ^ ~ ! ( ), and\n"
        "*ADDR, the word at ADDR.\n"
        "examples: set $t0 = 42    set {w} buf+4 = 0xdeadbeef",
    [C_PRINT] = "print[/x|/d|/u] EXPR\nThe value of EXPR: in hex, unsigned and signed decimal, or only as\n"
        "/x, /d or /u says.\nexample: print $sp + 16",
    [C_SOURCE] = "source FILE\nRun the commands in FILE, one a line (# starts a comment).\n"
        "example: source lab1.gdb",
    [C_HELP] = "help [CMD]\nOne line per command, or CMD in detail.\nexample: help x",
    [C_QUIT] = "quit\nLeave tlbvisor.\nexample: quit",
};

/* The VM exit reasons "break vmexit" takes, by enum vmm_exit. */
static const char *const exit_words[EXIT_COUNT] = {
    "privileged", "hidden", "guest-tlb", "device", "exception", "timer",
};

static void describe_addr(struct dbg *d, uint32_t addr, char *buf, size_t n);

/* ---- the VMM's events ---------------------------------------------------------------------- */

static void on_event(void *ctx, const struct vmm_event *ev)
{
    struct dbg *d = ctx;
    if (d->nev < DBG_MAX_EVENTS)
        d->ev[d->nev++] = *ev;
    else
        d->ev_dropped++;
    if (d->tracing)
        trace_event(&d->tr, ev);
}

static const char *cp0_title(unsigned r)
{
    const char *n = cpu_cp0_name(r & 31);
    return n ? n : "?";
}

static const char *exc_what(unsigned code, bool miss)
{
    switch (code) {
    case EXC_TLBL: return miss ? "TLB miss on a load" : "TLB invalid on a load";
    case EXC_TLBS: return miss ? "TLB miss on a store" : "TLB invalid on a store";
    case EXC_MOD:  return "store to a clean page";
    case EXC_SYS:  return "syscall";
    case EXC_BP:   return "break";
    case EXC_ADEL: case EXC_ADES: return "address error";
    case EXC_RI:   return "reserved instruction";
    case EXC_CPU:  return "coprocessor unusable";
    case EXC_OV:   return "overflow";
    case EXC_TR:   return "trap";
    case EXC_IBE: case EXC_DBE: return "bus error";
    default:       return "exception";
    }
}

/* note_event: one line saying what the VMM did in a step. */
static void note_event(struct dbg *d, const struct vmm_event *ev)
{
    FILE *f = d->out;
    char dis[96];
    asm_disas(ev->insn, ev->pc, NULL, dis, sizeof dis);
    switch (ev->kind) {
    case VMM_EV_REFLECT: {
        char at[32] = "";
        if (ev->code == EXC_INT) {
            fprintf(f, "    interrupt -> VMM delivered it to the guest's exception vector "
                    "0x%08" PRIx32 "\n", ev->target);
            break;
        }
        if (ev->code >= EXC_MOD && ev->code <= EXC_ADES)
            snprintf(at, sizeof at, " at 0x%08" PRIx32, ev->va);
        bool fetch = !ev->insn && (ev->code == EXC_TLBL || ev->code == EXC_ADEL);
        fprintf(f, "    trapped (%s: %s%s) -> VMM reflected it to the guest's %s 0x%08" PRIx32
                "\n", cpu_exc_name(ev->code),
                fetch ? (ev->code == EXC_ADEL ? "address error on an instruction fetch"
                                              : ev->miss ? "TLB miss on an instruction fetch"
                                                         : "TLB invalid on an instruction fetch")
                      : exc_what(ev->code, ev->miss), at,
                ev->target == VEC_REFILL ? "refill handler" : "exception vector", ev->target);
        break;
    }
    case VMM_EV_EMULATE: {
        enum isa_op op = isa_decode(ev->insn);
        if (ev->shadow)
            fprintf(f, "    trapped (a store to a guest page table, write-protected) -> VMM "
                    "emulated it: the entry at 0x%08" PRIx32 " = 0x%08" PRIx32 ", the shadow "
                    "entries it changes dropped\n", ev->va, ev->value);
        else if (op == OP_MFC0)
            fprintf(f, "    trapped -> VMM emulated mfc0: $%s = %s = 0x%08" PRIx32 "\n",
                    isa_reg_names[ISA_GET_RT(ev->insn)], cp0_title(ISA_GET_RD(ev->insn)),
                    ev->value);
        else if (op == OP_MTC0)
            fprintf(f, "    trapped -> VMM emulated mtc0: %s = 0x%08" PRIx32 "\n",
                    cp0_title(ISA_GET_RD(ev->insn)), ev->value);
        else if (op == OP_TLBP)
            fprintf(f, "    trapped -> VMM emulated tlbp: searched the guest's TLB, Index = "
                    "0x%08" PRIx32 "\n", ev->value);
        else if (op == OP_TLBR)
            fprintf(f, "    trapped -> VMM emulated tlbr: EntryHi, EntryLo = guest TLB[%" PRIu32
                    "]\n", ev->value);
        else
            fprintf(f, "    trapped -> VMM emulated %s\n", dis);
        break;
    }
    case VMM_EV_TLBWRITE:
        fprintf(f, "    trapped -> VMM emulated %s: VPN 0x%05" PRIx32 " -> PFN 0x%05" PRIx32 "%s",
                isa_decode(ev->insn) == OP_TLBWR ? "tlbwr" : "tlbwi", ev->vpn, ev->pfn,
                ev->value & ENTRYLO_V ? "" : " (invalid)");
        if (ev->ridx >= 0)
            fprintf(f, " -> MFN 0x%05" PRIx32 " (guest TLB[%d], real TLB[%d], real ASID %u)\n",
                    ev->mfn, ev->vidx, ev->ridx, ev->rasid);
        else
            fprintf(f, " (guest TLB[%d]; nothing installed in the real TLB yet)\n", ev->vidx);
        break;
    case VMM_EV_FILL:
        if (ev->nested) {
            fprintf(f, "    trapped (nested fault: guest frame 0x%05" PRIx32 " not in the nested "
                    "table) -> VMM mapped it to MFN 0x%05" PRIx32 "; retried\n", ev->pfn, ev->mfn);
            break;
        }
        if (ev->shadow) {
            fprintf(f, "    trapped (TLB miss at 0x%08" PRIx32 ", not in the shadow) -> VMM hidden "
                    "miss: the guest's table maps it to PFN 0x%05" PRIx32 "; shadow entry VPN "
                    "0x%05" PRIx32 " -> MFN 0x%05" PRIx32 "; retried\n", ev->va, ev->pfn, ev->vpn,
                    ev->mfn);
            break;
        }
        fprintf(f, "    trapped (TLB miss at 0x%08" PRIx32 ") -> VMM hidden fill: real TLB[%d] = "
                "VPN 0x%05" PRIx32 " -> MFN 0x%05" PRIx32 ", from %s", ev->va, ev->ridx, ev->vpn,
                ev->mfn, ev->vidx < 0 ? (ev->va < KSEG1_BASE ? "kseg0" : "kseg1")
                         : ev->vidx >= CPU_TLB_SIZE ? "the L2TLB" : "guest TLB[");
        if (ev->vidx >= 0 && ev->vidx < CPU_TLB_SIZE)
            fprintf(f, "%d]", ev->vidx);
        fputs("; retried\n", f);
        break;
    case VMM_EV_DEVICE:
        fprintf(f, "    trapped -> VMM emulated the %s at 0x%08" PRIx32 ": %s 0x%08" PRIx32 "\n",
                (ev->va & 0x1fffffffu) >= DEV_POWER ? "power device" : "console", ev->va,
                ev->store ? "write" : "read", ev->value);
        break;
    case VMM_EV_ERET:
        fprintf(f, "    trapped -> VMM emulated eret: the guest returns to 0x%08" PRIx32 " in %s "
                "mode\n", ev->target, ev->user ? "user" : "kernel");
        break;
    case VMM_EV_RETRY:
        fprintf(f, "    the retried instruction hits in the TLB\n");
        break;
    case VMM_EV_SWITCH:
        fprintf(f, "    world switch: vm%u -> vm%" PRIu32 "\n", ev->vm, ev->value);
        break;
    case VMM_EV_HALT:
        fprintf(f, "    vm%u powered off (status %" PRIu32 ")\n", ev->vm, ev->value);
        break;
    }
}

/* ---- stepping ---------------------------------------------------------------------------- */

/* What one guest step did, for the checks of breakpoints. */
struct step_result {
    unsigned vm;             /* the VM that stepped */
    uint32_t pc;             /* the instruction it started */
    bool exception;          /* an exception reached the guest */
    unsigned code;
    bool bare_exc;           /* bare machine: the exception and where it went */
    bool bare_invalid;       /* ... a TLB entry matched, with V = 0 */
    uint32_t bare_badva, bare_target;
    char line[512];          /* the instruction, as it read before it ran */
    bool stored;             /* it was a store that wrote memory ... */
    uint32_t store_ma;       /* ... the machine word it wrote (aligned) */
};

static void follow_current(struct dbg *d)
{
    if (d->s.vmm)
        d->vm = vmm_current(d->s.vmm);
}

static void machine_ended(struct dbg *d, enum run_end e)
{
    d->ended = true;
    d->end = e;
}

/* note_store: after a step whose instruction was a store to ea that
 * retired (sc: and succeeded), the machine word it wrote, for watchpoints
 * (which stop on a write, also of the value already there). */
static void note_store(struct dbg *d, struct step_result *r, bool retired, bool sc, uint32_t w,
                       uint32_t ea)
{
    char err[160];
    uint32_t ma, ok = 1;
    if (!retired)
        return;
    if (sc)
        dbg_reg(d, isa_reg_names[ISA_GET_RT(w)], &ok);
    if (ok && dbg_resolve(d, SP_VIRT, ea & ~3u, &ma, err, sizeof err) == 0) {
        r->stored = true;
        r->store_ma = ma;
    }
}

/* step_once: one guest instruction of the VM that runs, with the VMM's work
 * for it.  false if the machine has ended. */
/* What a step is about to execute: the instruction and, for a store, the
 * address it writes. */
struct about {
    uint32_t w, ea;
    bool store, sc;
};

static void capture(struct dbg *d, struct step_result *r, struct about *a)
{
    char err[160];
    follow_current(d);
    r->vm = d->vm;
    r->pc = dbg_pc(d);
    dbg_insn_format(d, "", r->pc, r->line, sizeof r->line);
    memset(a, 0, sizeof *a);
    if (dbg_read(d, SP_VIRT, r->pc, &a->w, 4, err, sizeof err) == 0) {
        enum isa_op op = isa_decode(a->w);
        uint32_t base;
        a->store = op == OP_SB || op == OP_SH || op == OP_SW || op == OP_SWL || op == OP_SWR ||
                   op == OP_SC;
        a->sc = op == OP_SC;
        dbg_reg(d, isa_reg_names[ISA_GET_RS(a->w)], &base);
        a->ea = base + (uint32_t)ISA_GET_SIMM(a->w);
    }
}

static bool step_once(struct dbg *d, struct step_result *r)
{
    struct about a;
    memset(r, 0, sizeof *r);
    d->nev = 0;
    d->ev_dropped = 0;
    if (d->ended)
        return false;
    capture(d, r, &a);
    if (!d->s.vmm) {
        struct cpu_stats before, after;
        cpu_get_stats(d->s.cpu, &before);
        enum run_end e = session_run(&d->s, 1);
        if (e == END_HALT || e == END_ERROR) {
            machine_ended(d, e);
            return false;
        }
        cpu_get_stats(d->s.cpu, &after);
        for (unsigned c = 0; c < CPU_NEXC; c++)
            if (after.exceptions[c] != before.exceptions[c]) {
                struct cpu_xlate x;
                r->exception = r->bare_exc = true;
                r->code = c;
                r->bare_badva = cpu_cp0(d->s.cpu, CP0_BADVADDR);
                r->bare_target = cpu_pc(d->s.cpu);
                r->bare_invalid = cpu_probe(d->s.cpu, r->bare_badva, CPU_LOAD, CPU_KERNEL, &x) ==
                                  MMU_TLB_INVALID;
            }
        note_store(d, r, a.store && after.insns != before.insns, a.sc, a.w, a.ea);
        return true;
    }
    /* Under the VMM: machine steps until the VM that runs makes a guest
     * step.  A world switch before its instruction ran hands the step to
     * the next VM (its instruction is the one that runs). */
    unsigned vm0 = vmm_current(d->s.vmm);
    uint64_t s0 = vmm_vm_steps(d->s.vmm, vm0);
    for (unsigned guard = 0; guard < STEP_GUARD; guard++) {
        enum run_end e = session_run(&d->s, 1);
        if (e == END_HALT || e == END_ERROR) {
            machine_ended(d, e);
            break;
        }
        if (vmm_vm_steps(d->s.vmm, vm0) != s0)
            break;
        if (vmm_current(d->s.vmm) != vm0) {
            vm0 = vmm_current(d->s.vmm);
            s0 = vmm_vm_steps(d->s.vmm, vm0);
            capture(d, r, &a);
        }
    }
    bool device = false;
    for (unsigned i = 0; i < d->nev; i++) {
        if (d->ev[i].kind == VMM_EV_REFLECT && d->ev[i].vm == vm0) {
            r->exception = true;
            r->code = d->ev[i].code;
        }
        device |= d->ev[i].kind == VMM_EV_DEVICE && d->ev[i].vm == vm0;
    }
    if (!d->ended) {
        d->vm = vm0;
        note_store(d, r, a.store && !r->exception && !device &&
                   vmm_vm_steps(d->s.vmm, vm0) != s0, a.sc, a.w, a.ea);
    }
    follow_current(d);
    return !d->ended;
}

/* print_step: the instruction a step executed (as it read before), then
 * what happened to it. */
static void print_step(struct dbg *d, const struct step_result *r)
{
    host_console_end_line();
    fprintf(d->out, "%s\n", r->line);
    for (unsigned i = 0; i < d->nev; i++)
        note_event(d, &d->ev[i]);
    if (d->ev_dropped)
        fprintf(d->out, "    (and %u more VMM events)\n", d->ev_dropped);
    if (r->bare_exc)
        fprintf(d->out, "    exception %s (%s, BadVAddr 0x%08" PRIx32 ") -> the vector at 0x%08"
                PRIx32 "\n", cpu_exc_name(r->code), exc_what(r->code, !r->bare_invalid), r->bare_badva,
                r->bare_target);
}

/* ---- breakpoints -------------------------------------------------------------------------- */

static struct breakpoint *bp_find(struct dbg *d, int num)
{
    for (int i = 0; i < d->nbp; i++)
        if (d->bp[i].num == num)
            return &d->bp[i];
    return NULL;
}

static bool have_slow_breaks(struct dbg *d)
{
    for (int i = 0; i < d->nbp; i++)
        if (d->bp[i].enabled && d->bp[i].kind != BP_ADDR)
            return true;
    return false;
}

static struct breakpoint *bp_at(struct dbg *d, uint32_t pc)
{
    for (int i = 0; i < d->nbp; i++)
        if (d->bp[i].enabled && d->bp[i].kind == BP_ADDR && d->bp[i].addr == pc)
            return &d->bp[i];
    return NULL;
}

/* exits_now: the VM exits so far by reason, over all VMs. */
static void exits_now(struct dbg *d, uint64_t out[EXIT_COUNT])
{
    struct vmm_stats st;
    vmm_get_stats(d->s.vmm, &st);
    for (unsigned e = 0; e < EXIT_COUNT; e++) {
        out[e] = 0;
        for (unsigned k = 0; k < d->nvms; k++)
            out[e] += st.vm[k].exits[e];
    }
}

/* A place "next", "until" and "finish" run to: an address, in one VM and
 * one process. */
struct target {
    bool on;
    uint32_t pc;
    unsigned vm;
    bool any_asid;           /* any process (the command was given in the kernel) */
    uint32_t asid;
};

static bool at_target(struct dbg *d, const struct target *t)
{
    return t->on && dbg_pc(d) == t->pc && d->vm == t->vm &&
           (t->any_asid || dbg_guest_asid(d) == t->asid);
}

enum stop {
    STOP_DONE, STOP_BREAK, STOP_WATCH, STOP_EXCEPTION, STOP_VMEXIT, STOP_TARGET,
    STOP_INTERRUPT, STOP_END,
};

/* check_after_step: whether the step just made hits a breakpoint.  *hit is
 * the breakpoint. */
static enum stop check_after_step(struct dbg *d, const struct step_result *r,
                                  const struct target *t, uint64_t *exits_before,
                                  struct breakpoint **hit)
{
    *hit = NULL;
    for (int i = 0; i < d->nbp; i++) {
        struct breakpoint *b = &d->bp[i];
        if (!b->enabled)
            continue;
        if (b->kind == BP_WATCH) {
            uint32_t now;
            if (cpu_phys_read(d->s.cpu, b->ma, &now, 4) == 0 &&
                (now != b->old || (r->stored && r->store_ma == b->ma))) {
                *hit = b;
                return STOP_WATCH;
            }
        } else if (b->kind == BP_EXCEPTION && r->exception &&
                   (b->code < 0 || (unsigned)b->code == r->code)) {
            *hit = b;
            return STOP_EXCEPTION;
        } else if (b->kind == BP_VMEXIT && d->s.vmm) {
            uint64_t now[EXIT_COUNT];
            exits_now(d, now);
            for (unsigned e = 0; e < EXIT_COUNT; e++)
                if (now[e] != exits_before[e] && (b->code < 0 || (unsigned)b->code == e)) {
                    d->exit_reason = e;
                    *hit = b;
                    return STOP_VMEXIT;
                }
        }
    }
    if (at_target(d, t))
        return STOP_TARGET;
    if ((*hit = bp_at(d, dbg_pc(d))))
        return STOP_BREAK;
    return STOP_DONE;
}

/* ---- running ------------------------------------------------------------------------------ */

static void print_where(struct dbg *d)
{
    if (!d->ended)
        dbg_insn_line(d, "=> ", dbg_pc(d));
}

static void report_end(struct dbg *d)
{
    fflush(stdout);
    if (d->end == END_ERROR) {
        fprintf(d->out, "The machine stopped: guest error: %s\n",
                d->s.vmm ? vmm_error(d->s.vmm) : cpu_error(d->s.cpu));
        return;
    }
    if (d->end == END_BUDGET) {
        fprintf(d->out, "The machine stopped after %" PRIu64 " instructions (--max-insns)\n",
                cpu_steps(d->s.cpu));
        dbg_insn_line(d, "=> ", dbg_pc(d));
        return;
    }
    if (d->s.vmm) {
        for (unsigned k = 0; k < d->nvms; k++)
            fprintf(d->out, "vm%u powered off with status %" PRIu32 "\n", k,
                    vmm_exit_status(d->s.vmm, k));
    } else {
        fprintf(d->out, "The machine powered off with status %" PRIu32 "\n",
                cpu_exit_status(d->s.cpu));
    }
}

/* report_stop: why the guest stopped, and where it is.  step_line: the
 * instruction of the last step (the writer of a watched word, the one that
 * raised an exception or exited), when the steps were not shown. */
static void report_stop(struct dbg *d, enum stop why, struct breakpoint *b, uint32_t old,
                        const char *written_by)
{
    host_console_end_line();
    fflush(stdout);
    switch (why) {
    case STOP_END:
        report_end(d);
        return;
    case STOP_INTERRUPT:
        fprintf(d->out, "Interrupted.\n");
        break;
    case STOP_BREAK: {
        char where[256];
        b->hits++;
        describe_addr(d, dbg_pc(d), where, sizeof where);
        fprintf(d->out, "Breakpoint %d, %s\n", b->num, where);
        break;
    }
    case STOP_WATCH:
        b->hits++;
        fprintf(d->out, "Watchpoint %d: %s\n    old value = 0x%08" PRIx32 " (%" PRId32 ")\n"
                "    new value = 0x%08" PRIx32 " (%" PRId32 ")\n", b->num, b->where, old,
                (int32_t)old, b->old, (int32_t)b->old);
        if (written_by)
            fprintf(d->out, "    written by %s\n", written_by);
        break;
    case STOP_EXCEPTION:
        b->hits++;
        fprintf(d->out, "Catchpoint %d (exception %s)\n", b->num, b->where);
        if (written_by)
            fprintf(d->out, "    raised by %s\n", written_by);
        break;
    case STOP_VMEXIT:
        b->hits++;
        fprintf(d->out, "Catchpoint %d (VM exit: %s)\n", b->num, exit_words[d->exit_reason]);
        if (written_by)
            fprintf(d->out, "    exited at %s\n", written_by);
        break;
    default:
        break;
    }
    print_where(d);
}

/* budget_left: machine steps left under --max-insns (UINT64_MAX: no limit). */
static uint64_t budget_left(struct dbg *d)
{
    uint64_t done = cpu_steps(d->s.cpu);
    if (!d->o.max_insns)
        return UINT64_MAX;
    return done < d->o.max_insns ? d->o.max_insns - done : 0;
}

/* alive: whether the machine can still run; if not, say so. */
static bool alive(struct dbg *d)
{
    if (d->ended)
        fprintf(d->out, "The machine has stopped; nothing to run. (quit, or look around)\n");
    return !d->ended;
}

/* install_breaks: the CPU's breakpoints for a fast run: the enabled
 * address breakpoints and the target's address. */
static void install_breaks(struct dbg *d, const struct target *t)
{
    cpu_break_clear(d->s.cpu);
    for (int i = 0; i < d->nbp; i++)
        if (d->bp[i].enabled && d->bp[i].kind == BP_ADDR)
            cpu_break_add(d->s.cpu, d->bp[i].addr);
    if (t->on)
        cpu_break_add(d->s.cpu, t->pc);
}

/* run: execute until a stop.  count: guest steps (0: no limit); print:
 * show each step; t: where next/until/finish end; where: show where the
 * guest is when the steps are done. */
static void run(struct dbg *d, uint64_t count, bool print, const struct target *t, bool where)
{
    struct step_result r;
    struct breakpoint *hit = NULL;
    enum stop why = STOP_DONE;
    uint64_t exits_before[EXIT_COUNT] = { 0 };
    uint32_t old = 0;

    if (!alive(d))
        return;
    session_interrupted = 0;
    bool slow = print || count || have_slow_breaks(d);
    if (!slow) {
        /* Fast: the CPU's own breakpoints.  Step off the one we are at first
         * (its instruction may trap and be retried). */
        if (bp_at(d, dbg_pc(d)) || at_target(d, t)) {
            if (!step_once(d, &r)) {
                report_stop(d, STOP_END, NULL, 0, NULL);
                return;
            }
            if ((hit = bp_at(d, dbg_pc(d))) || at_target(d, t)) {
                report_stop(d, hit ? STOP_BREAK : STOP_TARGET, hit, 0, NULL);
                return;
            }
        }
        for (;;) {
            install_breaks(d, t);
            d->nev = 0;
            uint64_t chunk = FAST_CHUNK;
            if (budget_left(d) < chunk)
                chunk = budget_left(d);
            if (!chunk) {
                machine_ended(d, END_BUDGET);
                why = STOP_END;
                break;
            }
            enum run_end e = session_run(&d->s, chunk);
            follow_current(d);
            if (e == END_HALT || e == END_ERROR) {
                machine_ended(d, e);
                why = STOP_END;
                break;
            }
            if (e == END_BREAK) {
                if ((hit = bp_at(d, dbg_pc(d)))) {
                    why = STOP_BREAK;
                    break;
                }
                if (at_target(d, t)) {
                    why = STOP_TARGET;
                    break;
                }
                /* the target's address, in another VM or process: go on past it */
                cpu_break_clear(d->s.cpu);
                if (!step_once(d, &r)) {
                    why = STOP_END;
                    break;
                }
                continue;
            }
            if (session_interrupted) {
                why = STOP_INTERRUPT;
                break;
            }
        }
        cpu_break_clear(d->s.cpu);
        report_stop(d, why, hit, 0, NULL);
        return;
    }
    /* Slow: a guest step at a time, looking after each. */
    for (uint64_t n = 0; !count || n < count; n++) {
        if (!budget_left(d)) {
            machine_ended(d, END_BUDGET);
            why = STOP_END;
            break;
        }
        bool exits = false;
        for (int i = 0; i < d->nbp; i++) {
            struct breakpoint *b = &d->bp[i];
            if (b->kind == BP_WATCH)
                cpu_phys_read(d->s.cpu, b->ma, &b->old, 4);
            exits |= b->kind == BP_VMEXIT && b->enabled && d->s.vmm;
        }
        if (exits)
            exits_now(d, exits_before);
        bool ok = step_once(d, &r);
        if (print)
            print_step(d, &r);
        if (!ok) {
            why = STOP_END;
            break;
        }
        why = check_after_step(d, &r, t, exits_before, &hit);
        if (why == STOP_WATCH) {
            old = hit->old;
            cpu_phys_read(d->s.cpu, hit->ma, &hit->old, 4);
        }
        if (why != STOP_DONE)
            break;
        if (session_interrupted) {
            why = STOP_INTERRUPT;
            break;
        }
    }
    host_console_end_line();
    if (why == STOP_DONE) {
        if (where)
            print_where(d);
        return;
    }
    if (why == STOP_TARGET && print) {
        dbg_insn_line(d, "=> ", dbg_pc(d));
        return;
    }
    report_stop(d, why, hit, old, print ? NULL : r.line);
}

static bool is_call(uint32_t w)
{
    switch (isa_decode(w)) {
    case OP_JAL: case OP_JALR: case OP_BGEZAL: case OP_BLTZAL: case OP_BGEZALL: case OP_BLTZALL:
        return true;
    default:
        return false;
    }
}

/* target_here: pc in the VM looked at, and, if the guest is in user mode
 * now, in its current process (the kernel's code and data are every
 * process's, and boot code has no process yet). */
static struct target target_here(struct dbg *d, uint32_t pc)
{
    enum cpu_mode mode = d->s.vmm ? vmm_vm_mode(d->s.vmm, d->vm) : cpu_mode(d->s.cpu);
    return (struct target){ true, pc, d->vm, mode != CPU_USER, dbg_guest_asid(d) };
}

static int cmd_next(struct dbg *d, uint64_t count)
{
    static const struct target none;
    if (!alive(d))
        return 0;
    for (uint64_t i = 0; i < count && !d->ended; i++) {
        uint32_t pc, w = 0;
        char err[160];
        follow_current(d);
        pc = dbg_pc(d);
        if (dbg_read(d, SP_VIRT, pc, &w, 4, err, sizeof err) == 0 && is_call(w)) {
            struct target t = target_here(d, pc + 8);
            dbg_insn_line(d, "", pc);
            fprintf(d->out, "    (running the call to its return at 0x%08" PRIx32 ")\n", pc + 8);
            run(d, 0, false, &t, true);
            if (!at_target(d, &t))
                return 0;                /* stopped for another reason: it said why */
        } else {
            run(d, 1, true, &none, i + 1 == count);
        }
    }
    return 0;
}

/* ---- parsing arguments ------------------------------------------------------------------------ */

static int eval_args(struct dbg *d, const char *cmd, int argc, char **argv, int i, uint32_t *v)
{
    char buf[512], err[160];
    if (i >= argc) {
        dbg_error(d, "%s: an expression is missing", cmd);
        return -1;
    }
    if (cmd_join(argc - i, argv + i, buf, sizeof buf) < 0) {
        dbg_error(d, "%s: the expression is too long", cmd);
        return -1;
    }
    struct expr_env env = dbg_env(d);
    if (expr_eval(buf, &env, v, err, sizeof err)) {
        dbg_error(d, "%s: %s", cmd, err);
        return -1;
    }
    return 0;
}

static int count_arg(struct dbg *d, int argc, char **argv, uint64_t *n)
{
    uint32_t v = 1;
    char err[160];
    if (argc > 2) {
        dbg_error(d, "usage: %s [N]", argv[0]);
        return -1;
    }
    if (argc == 2 && (cmd_parse_uint(argv[0], argv[1], &v, err, sizeof err) || v == 0)) {
        dbg_error(d, "%s", v == 0 && !*err ? "a count must be at least 1" : err);
        return -1;
    }
    *n = v;
    return 0;
}

/* ---- break, watch, delete, enable, disable, info ----------------------------------------------- */

static struct breakpoint *bp_new(struct dbg *d, enum bp_kind kind)
{
    if (d->nbp == DBG_MAX_BREAKS) {
        dbg_error(d, "too many breakpoints (%d): delete some", DBG_MAX_BREAKS);
        return NULL;
    }
    struct breakpoint *b = &d->bp[d->nbp++];
    memset(b, 0, sizeof *b);
    b->num = ++d->next_bp;
    b->kind = kind;
    b->enabled = true;
    return b;
}

static int exc_code(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    if (end != s && !*end)
        return v < CPU_NEXC ? (int)v : -1;
    for (unsigned c = 0; c < CPU_NEXC; c++)
        if (!strcasecmp(s, cpu_exc_name(c)))
            return (int)c;
    if (!strcasecmp(s, "syscall"))
        return EXC_SYS;
    if (!strcasecmp(s, "int") || !strcasecmp(s, "interrupt"))
        return EXC_INT;
    return -1;
}

static void describe_addr(struct dbg *d, uint32_t addr, char *buf, size_t n)
{
    char sym[96], src[96];
    dbg_symbolize(d, addr, sym, sizeof sym);
    const char *s = dbg_source(d, addr, src, sizeof src);
    snprintf(buf, n, "0x%08" PRIx32 "%s%s%s%s%s", addr, *sym ? " <" : "", sym, *sym ? ">" : "",
             s ? " at " : "", s ? s : "");
}

/* code_line: the first instruction of line `line` of file, or of the next
 * line of it with code (data lines are skipped).  0 or -1. */
static int code_line(const struct asm_image *img, const char *file, unsigned line, uint32_t *addr)
{
    while (asm_line_addr(img, file, line, addr) == 0) {
        for (size_t i = 0; i < img->nsections; i++)
            if (img->sections[i].exec && *addr - img->sections[i].addr < img->sections[i].size)
                return 0;
        const struct asm_line *l = asm_line_at(img, *addr);
        if (!l || l->line < line)
            return -1;
        line = l->line + 1;
    }
    return -1;
}

/* break_location: ADDR | *ADDR | SYMBOL | FILE:LINE -> an address. */
static int break_location(struct dbg *d, int argc, char **argv, uint32_t *addr)
{
    const char *a = argv[1];
    const char *colon = strrchr(a, ':');
    if (argc == 2 && colon && colon != a && colon[1]) {
        char file[256];
        char *end;
        unsigned long line = strtoul(colon + 1, &end, 10);
        if (*end || line == 0 || (size_t)(colon - a) >= sizeof file) {
            dbg_error(d, "break: '%s' is not FILE:LINE", a);
            return -1;
        }
        memcpy(file, a, (size_t)(colon - a));
        file[colon - a] = 0;
        for (int i = -1; i < d->nprogs; i++)
            if (code_line(i < 0 ? &d->kernel : &d->progs[i], file, (unsigned)line, addr) == 0)
                return 0;
        dbg_error(d, "break: no code at or after line %lu of '%s' (in the programs' sources)",
                  line, file);
        return -1;
    }
    if (a[0] == '*') {                   /* gdb's "break *ADDR" */
        char buf[512];
        if (cmd_join(argc - 1, argv + 1, buf, sizeof buf) < 0) {
            dbg_error(d, "break: the address is too long");
            return -1;
        }
        char *p = buf + 1;
        char err[160];
        struct expr_env env = dbg_env(d);
        if (expr_eval(p, &env, addr, err, sizeof err)) {
            dbg_error(d, "break: %s", err);
            return -1;
        }
        return 0;
    }
    return eval_args(d, "break", argc, argv, 1, addr);
}

static int cmd_break(struct dbg *d, int argc, char **argv)
{
    struct breakpoint *b;
    if (argc < 2) {
        dbg_error(d, "usage: break ADDR|SYMBOL|FILE:LINE | exception [CODE] | vmexit [REASON]");
        return -1;
    }
    if (!strcmp(argv[1], "exception")) {
        int code = -1;
        if (argc > 3 || (argc == 3 && (code = exc_code(argv[2])) < 0)) {
            dbg_error(d, "break exception: '%s' is not an exception code (a number, or TLBL, "
                      "TLBS, Mod, AdEL, AdES, Sys, Bp, RI, CpU, Ov, Tr, Int)",
                      argc == 3 ? argv[2] : "");
            return -1;
        }
        if (!(b = bp_new(d, BP_EXCEPTION)))
            return -1;
        b->code = code;
        snprintf(b->where, sizeof b->where, "%s", code < 0 ? "any" : cpu_exc_name((unsigned)code));
        fprintf(d->out, "Catchpoint %d: exception %s\n", b->num, b->where);
        return 0;
    }
    if (!strcmp(argv[1], "vmexit")) {
        int reason = -1;
        if (!d->s.vmm) {
            dbg_error(d, "break vmexit: there is no VMM on the bare machine");
            return -1;
        }
        if (argc == 3) {
            for (unsigned e = 0; e < EXIT_COUNT; e++)
                if (!strcmp(argv[2], exit_words[e]))
                    reason = (int)e;
        }
        if (argc > 3 || (argc == 3 && reason < 0)) {
            dbg_error(d, "break vmexit: the reasons are privileged, hidden, guest-tlb, device, "
                      "exception and timer");
            return -1;
        }
        if (!(b = bp_new(d, BP_VMEXIT)))
            return -1;
        b->code = reason;
        snprintf(b->where, sizeof b->where, "%s", reason < 0 ? "any" : exit_words[reason]);
        fprintf(d->out, "Catchpoint %d: VM exit %s\n", b->num, b->where);
        return 0;
    }
    uint32_t addr;
    if (break_location(d, argc, argv, &addr))
        return -1;
    if (addr & 3) {
        dbg_error(d, "break: 0x%08" PRIx32 " is not word-aligned", addr);
        return -1;
    }
    if (!(b = bp_new(d, BP_ADDR)))
        return -1;
    b->addr = addr;
    describe_addr(d, addr, b->where, sizeof b->where);
    fprintf(d->out, "Breakpoint %d at %s\n", b->num, b->where);
    return 0;
}

static int cmd_watch(struct dbg *d, int argc, char **argv)
{
    enum space sp;
    uint32_t addr, ma;
    char err[160];
    if (dbg_parse_addr(d, argc, argv, 1, &sp, &addr))
        return -1;
    if (addr & 3) {
        dbg_error(d, "watch: 0x%08" PRIx32 " is not word-aligned (watch watches a word)", addr);
        return -1;
    }
    if (dbg_resolve(d, sp, addr, &ma, err, sizeof err)) {
        dbg_error(d, "watch: %s", err);
        return -1;
    }
    struct breakpoint *b = bp_new(d, BP_WATCH);
    if (!b)
        return -1;
    b->ma = ma;
    cpu_phys_read(d->s.cpu, ma, &b->old, 4);
    const char *tag = sp == SP_VIRT ? "" : sp == SP_PHYS ? "phys " : "mach ";
    if (sp == SP_MACH || !d->s.vmm)
        snprintf(b->where, sizeof b->where, "%s0x%08" PRIx32, tag, addr);
    else
        snprintf(b->where, sizeof b->where, "%s0x%08" PRIx32 " in vm%u (mach 0x%08" PRIx32 ")",
                 tag, addr, d->vm, ma);
    if (sp == SP_VIRT && !d->s.vmm && ma != addr) {
        size_t l = strlen(b->where);
        snprintf(b->where + l, sizeof b->where - l, " (phys 0x%08" PRIx32 ")", ma);
    }
    fprintf(d->out, "Watchpoint %d: %s = 0x%08" PRIx32 "\n", b->num, b->where, b->old);
    return 0;
}

/* for_each_bp: apply fn to breakpoints argv[1..] (all without any). */
static int for_each_bp(struct dbg *d, int argc, char **argv, void (*fn)(struct dbg *, int))
{
    if (argc == 1) {
        for (int i = d->nbp - 1; i >= 0; i--)
            fn(d, i);
        return 0;
    }
    for (int a = 1; a < argc; a++) {
        char err[160];
        uint32_t n;
        if (cmd_parse_uint(argv[0], argv[a], &n, err, sizeof err)) {
            dbg_error(d, "%s", err);
            return -1;
        }
        struct breakpoint *b = bp_find(d, (int)n);
        if (!b) {
            dbg_error(d, "%s: no breakpoint number %" PRIu32, argv[0], n);
            return -1;
        }
        fn(d, (int)(b - d->bp));
    }
    return 0;
}

static void bp_delete(struct dbg *d, int i)
{
    memmove(&d->bp[i], &d->bp[i + 1], (size_t)(d->nbp - i - 1) * sizeof d->bp[0]);
    d->nbp--;
}
static void bp_enable(struct dbg *d, int i) { d->bp[i].enabled = true; }
static void bp_disable(struct dbg *d, int i) { d->bp[i].enabled = false; }

static void info_breakpoints(struct dbg *d)
{
    static const char *const kinds[] = { "breakpoint", "catch exc", "catch exit", "watchpoint" };
    if (!d->nbp) {
        fprintf(d->out, "No breakpoints or watchpoints.\n");
        return;
    }
    fprintf(d->out, "Num  Type         Enb  Hits  What\n");
    for (int i = 0; i < d->nbp; i++) {
        const struct breakpoint *b = &d->bp[i];
        fprintf(d->out, "%-4d %-12s %-4s %-5u %s\n", b->num, kinds[b->kind],
                b->enabled ? "y" : "n", b->hits, b->where);
    }
}

static void info_vms(struct dbg *d)
{
    if (!d->s.vmm) {
        fprintf(d->out, "The bare machine: no VMs.\n");
        return;
    }
    for (unsigned k = 0; k < d->nvms; k++) {
        char sym[96];
        uint32_t pc = vmm_vm_pc(d->s.vmm, k, NULL, NULL);
        unsigned save = d->vm;
        d->vm = k;
        dbg_symbolize(d, pc, sym, sizeof sym);
        d->vm = save;
        fprintf(d->out, "%c vm%u  %-9s pc 0x%08" PRIx32 "%s%s%s  %s\n",
                k == d->vm ? '*' : ' ', k,
                vmm_halted(d->s.vmm, k) ? "halted" : k == vmm_current(d->s.vmm) ? "running" : "ready",
                pc, *sym ? " <" : "", sym, *sym ? ">" : "",
                vmm_vm_mode(d->s.vmm, k) == CPU_USER ? "user" : "kernel");
    }
}

/* ---- set, print --------------------------------------------------------------------------- */

static int cmd_set(struct dbg *d, int argc, char **argv)
{
    char buf[512], err[160];
    struct expr_env env = dbg_env(d);
    if (argc < 2 || cmd_join(argc - 1, argv + 1, buf, sizeof buf) < 0) {
        dbg_error(d, "usage: set $REG = EXPR | set {b|h|w} [phys|mach] ADDR = EXPR");
        return -1;
    }
    char *eq = NULL;
    if (buf[0] == '$') {
        char *p = buf + 1;
        size_t len = strcspn(p, " \t=");
        char name[32];
        if (!len || len >= sizeof name) {
            dbg_error(d, "set: a register name is missing after '$'");
            return -1;
        }
        memcpy(name, p, len);
        name[len] = 0;
        eq = p + len + strspn(p + len, " \t");
        if (*eq != '=') {
            dbg_error(d, "set: expected '=' after $%s", name);
            return -1;
        }
        uint32_t v;
        if (expr_eval(eq + 1, &env, &v, err, sizeof err)) {
            dbg_error(d, "set: %s", err);
            return -1;
        }
        if (dbg_set_reg(d, name, v, err, sizeof err)) {
            dbg_error(d, "set: %s", err);
            return -1;
        }
        return 0;
    }
    if (buf[0] == '{') {
        char size = buf[1];
        unsigned n = size == 'b' ? 1 : size == 'h' ? 2 : size == 'w' ? 4 : 0;
        if (!n || buf[2] != '}') {
            dbg_error(d, "set: the size is {b}, {h} or {w}");
            return -1;
        }
        char *p = buf + 3;
        p += strspn(p, " \t");
        enum space sp = SP_VIRT;
        if (!strncmp(p, "phys ", 5) || !strncmp(p, "mach ", 5)) {
            sp = p[0] == 'p' ? SP_PHYS : SP_MACH;
            p += 5;
        }
        uint32_t addr, v;
        const char *end;
        if (expr_eval_prefix(p, &env, &addr, &end, err, sizeof err)) {
            dbg_error(d, "set: %s", err);
            return -1;
        }
        if (*end != '=') {
            dbg_error(d, "set: expected '=' after the address");
            return -1;
        }
        if (expr_eval(end + 1, &env, &v, err, sizeof err)) {
            dbg_error(d, "set: %s", err);
            return -1;
        }
        if (addr % n) {
            dbg_error(d, "set: 0x%08" PRIx32 " is not aligned to %u bytes", addr, n);
            return -1;
        }
        if (dbg_write(d, sp, addr, &v, n, err, sizeof err)) {   /* little-endian host */
            dbg_error(d, "set: %s", err);
            return -1;
        }
        return 0;
    }
    dbg_error(d, "set: give $REG = EXPR or {b|h|w} ADDR = EXPR");
    return -1;
}

static int cmd_print(struct dbg *d, int argc, char **argv)
{
    uint32_t v;
    int i = 1;
    char fmt = 0;
    if (i < argc && argv[i][0] == '/') {
        fmt = argv[i][1];
        if ((fmt != 'x' && fmt != 'd' && fmt != 'u') || argv[i][2]) {
            dbg_error(d, "print: the formats are /x, /d and /u, not '%s'", argv[i]);
            return -1;
        }
        i++;
    }
    if (eval_args(d, "print", argc, argv, i, &v))
        return -1;
    if (fmt == 'x') {
        fprintf(d->out, "0x%08" PRIx32 "\n", v);
    } else if (fmt == 'd') {
        fprintf(d->out, "%" PRId32 "\n", (int32_t)v);
    } else if (fmt == 'u') {
        fprintf(d->out, "%" PRIu32 "\n", v);
    } else {
        char sym[96];
        dbg_symbolize(d, v, sym, sizeof sym);
        fprintf(d->out, "0x%08" PRIx32 " = %" PRIu32, v, v);
        if ((int32_t)v < 0)
            fprintf(d->out, " = %" PRId32, (int32_t)v);
        fprintf(d->out, "%s%s%s\n", *sym ? " <" : "", sym, *sym ? ">" : "");
    }
    return 0;
}

/* ---- the other commands ---------------------------------------------------------------------- */

static int cmd_help(struct dbg *d, int argc, char **argv)
{
    if (argc == 1) {
        fprintf(d->out, "tlbvisor debug commands (unique prefixes work; Enter repeats step, next, "
                "continue):\n");
        for (size_t i = 0; i < NCOMMANDS; i++)
            fprintf(d->out, "  %s\n", commands[i].help);
        fprintf(d->out, "Addresses and values are expressions: main+8, $sp+16, 0x400000, 'a'.\n"
                "'help CMD' shows a command's syntax and an example.\n");
        return 0;
    }
    const struct cmd_def *c;
    char msg[256];
    if (cmd_lookup(commands, NCOMMANDS, argv[1], &c, msg, sizeof msg) != CMD_FOUND) {
        dbg_error(d, "help: %s", msg);
        return -1;
    }
    fprintf(d->out, "%s\n", details[c->id]);
    if (c->aliases)
        fprintf(d->out, "aliases: %s\n", c->aliases);
    return 0;
}

static int cmd_vm(struct dbg *d, int argc, char **argv)
{
    uint32_t v;
    char err[160];
    if (argc == 1) {
        fprintf(d->out, "looking at vm%u of %u\n", d->vm, d->nvms);
        return 0;
    }
    if (argc > 2 || cmd_parse_uint("vm", argv[1], &v, err, sizeof err) || v >= d->nvms) {
        dbg_error(d, "vm: '%s' is not a VM (there %s %u: 0-%u)", argv[argc > 1 ? 1 : 0],
                  d->nvms == 1 ? "is" : "are", d->nvms, d->nvms - 1);
        return -1;
    }
    d->vm = v;
    fprintf(d->out, "looking at vm%u\n", d->vm);
    print_where(d);
    return 0;
}

static int cmd_trace(struct dbg *d, int argc, char **argv)
{
    unsigned filter = TRACE_ALL;
    if (!d->s.vmm) {
        dbg_error(d, "trace: the trace shows the VMM's work; this is the bare machine");
        return -1;
    }
    if (argc >= 2 && !strcmp(argv[1], "off") && argc == 2) {
        if (d->tracing)
            trace_finish(&d->tr);
        d->tracing = false;
        fprintf(d->out, "trace off\n");
        return 0;
    }
    if (argc < 2 || argc > 3 || strcmp(argv[1], "on") ||
        (argc == 3 && trace_parse(argv[2], &filter) < 0)) {
        dbg_error(d, "usage: trace on [tlb,syscall,exits,all] | trace off");
        return -1;
    }
    trace_init(&d->tr, d->out, filter, d->nvms);
    d->tr.end_line = host_console_end_line;
    d->tracing = true;
    fprintf(d->out, "trace on\n");
    return 0;
}

static int execute_line(struct dbg *d, const char *line, int depth);

static int cmd_source(struct dbg *d, const char *path, int depth)
{
    FILE *f;
    char *line = NULL;
    size_t cap = 0;
    if (depth >= MAX_SOURCE) {
        dbg_error(d, "source: nested more than %d deep", MAX_SOURCE);
        return -1;
    }
    if (!(f = fopen(path, "r"))) {
        dbg_error(d, "source: cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    while (getline(&line, &cap, f) > 0) {
        line[strcspn(line, "\r\n")] = 0;
        fprintf(d->out, PROMPT "%s\n", line);
        if (execute_line(d, line, depth + 1) > 0)
            break;                       /* quit */
    }
    free(line);
    fclose(f);
    return 0;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

/* execute_line: run one command.  Returns 1 for quit, 0 otherwise. */
static int execute_line(struct dbg *d, const char *line, int depth)
{
    char buf[1024];
    char *argv[MAX_ARGS];
    const struct cmd_def *c;
    char msg[256];
    static const struct target none;
    int argc = cmd_split(line, buf, sizeof buf, argv, MAX_ARGS);

    if (argc == CMD_SPLIT_QUOTE) {
        dbg_error(d, "a quote is not closed");
        return 0;
    }
    if (argc < 0) {
        dbg_error(d, "the line is too long");
        return 0;
    }
    if (argc == 0)
        return 0;
    if (cmd_lookup(commands, NCOMMANDS, argv[0], &c, msg, sizeof msg) != CMD_FOUND) {
        dbg_error(d, "%s", msg);
        return 0;
    }
    size_t first = strspn(line, " \t"), wlen = strcspn(line + first, " \t");
    if (memchr(line + first, '/', wlen) && !(c->flags & CMD_FMT)) {
        dbg_error(d, "%s takes no /FMT", c->name);
        return 0;
    }
    uint64_t n;
    uint32_t addr;
    switch ((enum cmd_id)c->id) {
    case C_STEP:
        if (count_arg(d, argc, argv, &n) == 0)
            run(d, n, true, &none, true);
        break;
    case C_NEXT:
        if (count_arg(d, argc, argv, &n) == 0)
            cmd_next(d, n);
        break;
    case C_CONTINUE:
        if (argc > 1)
            dbg_error(d, "usage: continue");
        else
            run(d, 0, false, &none, true);
        break;
    case C_UNTIL:
        if (argc == 1) {
            cmd_next(d, 1);
        } else if (eval_args(d, "until", argc, argv, 1, &addr) == 0) {
            struct target t = target_here(d, addr);
            run(d, 0, false, &t, true);
        }
        break;
    case C_FINISH: {
        uint32_t ra;
        if (!alive(d))
            break;
        dbg_reg(d, "ra", &ra);
        struct target t = target_here(d, ra);
        fprintf(d->out, "Run till the return to 0x%08" PRIx32 "\n", ra);
        run(d, 0, false, &t, true);
        break;
    }
    case C_BREAK:     cmd_break(d, argc, argv); break;
    case C_WATCH:     cmd_watch(d, argc, argv); break;
    case C_DELETE:    for_each_bp(d, argc, argv, bp_delete); break;
    case C_DISABLE:   for_each_bp(d, argc, argv, bp_disable); break;
    case C_ENABLE:    for_each_bp(d, argc, argv, bp_enable); break;
    case C_INFO:
        if (argc == 2 && !strncmp(argv[1], "breakpoints", strlen(argv[1])))
            info_breakpoints(d);
        else if (argc == 2 && !strncmp(argv[1], "registers", strlen(argv[1])))
            look_regs(d, argc, argv);
        else if (argc == 2 && !strncmp(argv[1], "vms", strlen(argv[1])))
            info_vms(d);
        else
            dbg_error(d, "usage: info breakpoints|registers|vms");
        break;
    case C_REGS:      look_regs(d, argc, argv); break;
    case C_CP0:       look_cp0(d, argc, argv); break;
    case C_X:         look_x(d, argc, argv); break;
    case C_DISAS:     look_disas(d, argc, argv); break;
    case C_TLB:       look_tlb(d, argc, argv); break;
    case C_VTLB:      look_vtlb(d, argc, argv); break;
    case C_PMAP:      look_pmap(d, argc, argv); break;
    case C_PT:        look_pt(d, argc, argv); break;
    case C_TRANSLATE: look_translate(d, argc, argv); break;
    case C_WALK:      look_walk(d, argc, argv); break;
    case C_VM:        cmd_vm(d, argc, argv); break;
    case C_STATS:     look_stats(d, argc, argv); break;
    case C_TRACE:     cmd_trace(d, argc, argv); break;
    case C_SET:       cmd_set(d, argc, argv); break;
    case C_PRINT:     cmd_print(d, argc, argv); break;
    case C_SOURCE:
        if (argc != 2)
            dbg_error(d, "usage: source FILE");
        else
            cmd_source(d, argv[1], depth);
        break;
    case C_HELP:      cmd_help(d, argc, argv); break;
    case C_QUIT:      return 1;
    }
    fflush(d->out);
    return 0;
}

/* Whether Enter repeats this line: the commands that move the machine. */
static bool repeatable(const char *line)
{
    char buf[256];
    char *argv[4];
    const struct cmd_def *c;
    int argc = cmd_split(line, buf, sizeof buf, argv, 4);
    if (argc <= 0 || cmd_lookup(commands, NCOMMANDS, argv[0], &c, NULL, 0) != CMD_FOUND)
        return false;
    return c->id == C_STEP || c->id == C_NEXT || c->id == C_CONTINUE;
}

/* ---- readline ------------------------------------------------------------------------------- */

static const char *const *completion_words;      /* symbols and subcommands */
static size_t ncompletion_words;

static char *complete_command(const char *text, int state)
{
    static size_t i;
    if (!state)
        i = 0;
    const char *s = cmd_complete(commands, NCOMMANDS, NULL, text, i++);
    return s ? strdup(s) : NULL;
}

static char *complete_word(const char *text, int state)
{
    static size_t i;
    size_t len = strlen(text);
    if (!state)
        i = 0;
    while (i < ncompletion_words) {
        const char *w = completion_words[i++];
        if (!strncmp(w, text, len))
            return strdup(w);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;    /* never file names */
    int i = 0;
    while (i < start && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t'))
        i++;
    if (i == start)
        return rl_completion_matches(text, complete_command);
    return rl_completion_matches(text, complete_word);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* build_completion_words: subcommands, registers ($t0...) and the labels of
 * the programs and the kernel, sorted, without repeats. */
static void build_completion_words(struct dbg *d)
{
    static const char *const fixed[] = {
        "exception", "vmexit", "phys", "mach", "on", "off", "breakpoints", "registers", "vms",
        "tlb", "syscall", "exits", "all", "$pc", "$hi", "$lo", "$epc", "$badvaddr", "$status",
        "$cause", "$entryhi", "$entrylo", "$context", "$count", "$compare", "$index", "$wired",
        "$random", "$prid", "$config", "$ptbr", "$invva",
        "privileged", "hidden", "guest-tlb", "device", "timer",
    };
    size_t n = sizeof fixed / sizeof fixed[0] + 32 + d->kernel.nsymbols;
    for (int i = 0; i < d->nprogs; i++)
        n += d->progs[i].nsymbols;
    char **w = calloc(n, sizeof *w);
    size_t k = 0;
    if (!w)
        return;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        w[k++] = strdup(fixed[i]);
    for (unsigned r = 0; r < 32; r++) {
        char b[16];
        snprintf(b, sizeof b, "$%s", isa_reg_names[r]);
        w[k++] = strdup(b);
    }
    for (int i = -1; i < d->nprogs; i++) {
        const struct asm_image *img = i < 0 ? &d->kernel : &d->progs[i];
        for (size_t j = 0; j < img->nsymbols; j++)
            if (img->symbols[j].is_label)
                w[k++] = strdup(img->symbols[j].name);
    }
    qsort(w, k, sizeof *w, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < k; i++) {
        if (!w[i])
            continue;
        if (u && !strcmp(w[u - 1], w[i]))
            free(w[i]);
        else
            w[u++] = w[i];
    }
    completion_words = (const char *const *)w;
    ncompletion_words = u;
}

static void free_completion_words(void)
{
    for (size_t i = 0; i < ncompletion_words; i++)
        free((char *)completion_words[i]);
    free((void *)completion_words);
    completion_words = NULL;
    ncompletion_words = 0;
}

/* Ctrl-C at the prompt drops the line and gives a fresh prompt, as gdb.
 * The SIGINT handler writes a byte to a pipe (session_sigint_fd); readline
 * reads keys through read_key, which waits on the terminal and the pipe at
 * once, so no Ctrl-C is lost whenever it comes, and turns the pipe's byte
 * into the key Ctrl-C (which the terminal itself never sends: ISIG makes it
 * a signal), bound to on_ctrl_c. */
static int sigint_pipe[2] = { -1, -1 };

static void drain_sigint_pipe(void)
{
    char buf[64];
    while (read(sigint_pipe[0], buf, sizeof buf) > 0)
        ;
    session_interrupted = 0;
}

static int read_key(FILE *f)
{
    for (;;) {
        struct pollfd p[2] = { { fileno(f), POLLIN, 0 }, { sigint_pipe[0], POLLIN, 0 } };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return EOF;
        }
        if (p[1].revents & POLLIN) {
            drain_sigint_pipe();
            return 3;
        }
        if (p[0].revents) {
            unsigned char c;
            ssize_t n = read(fileno(f), &c, 1);
            if (n == 1)
                return c;
            if (n < 0 && errno == EINTR)
                continue;
            return EOF;
        }
    }
}

static int on_ctrl_c(int count, int key)
{
    (void)count;
    (void)key;
    rl_replace_line("", 0);
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
    return 0;
}

static char history_path[4096];

static void history_open(void)
{
    const char *home = getenv("HOME");
    using_history();
    stifle_history(1000);
    if (!home || !*home ||
        snprintf(history_path, sizeof history_path, "%s/.tlbvisor_history", home) >=
            (int)sizeof history_path) {
        history_path[0] = 0;
        return;
    }
    read_history(history_path);
}

static void history_close(void)
{
    if (history_path[0])
        write_history(history_path);
    clear_history();
}

/* repl: read and run commands until quit or the end of input. */
static void repl(struct dbg *d)
{
    char last[1024] = "";
    bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    char *line = NULL;
    size_t cap = 0;

    if (tty) {
        rl_readline_name = "tlbvisor";
        rl_catch_signals = 0;            /* Ctrl-C is ours: read_key, on_ctrl_c */
        if (pipe(sigint_pipe) == 0) {
            fcntl(sigint_pipe[0], F_SETFL, O_NONBLOCK);
            fcntl(sigint_pipe[1], F_SETFL, O_NONBLOCK);
            session_sigint_fd = sigint_pipe[1];
            rl_getc_function = read_key;
            rl_bind_key(3, on_ctrl_c);
        }
        rl_attempted_completion_function = complete;
        rl_basic_word_break_characters = " \t\n*+-/(),=";
        history_open();
    }
    for (;;) {
        char *text;
        fflush(stdout);
        if (tty) {
            free(line);
            if (sigint_pipe[0] >= 0)
                drain_sigint_pipe();     /* a Ctrl-C that stopped the guest is spent */
            line = readline(PROMPT);
            if (!line) {
                fputc('\n', d->out);
                break;
            }
            text = line;
        } else {
            if (getline(&line, &cap, stdin) < 0)
                break;
            line[strcspn(line, "\r\n")] = 0;
            text = line;
            fprintf(d->out, PROMPT "%s\n", text);
        }
        const char *cmd = text;
        while (*cmd == ' ' || *cmd == '\t')
            cmd++;
        if (!*cmd) {
            if (!last[0])
                continue;
            cmd = last;
        } else {
            if (tty)
                add_history(cmd);
            if (repeatable(cmd))
                snprintf(last, sizeof last, "%s", cmd);
            else
                last[0] = 0;
        }
        if (execute_line(d, cmd, 0) > 0)
            break;
    }
    free(line);
    if (tty)
        history_close();
    if (sigint_pipe[0] >= 0) {
        session_sigint_fd = -1;
        close(sigint_pipe[0]);
        close(sigint_pipe[1]);
        sigint_pipe[0] = sigint_pipe[1] = -1;
    }
}

/* ---- the command ---------------------------------------------------------------------------- */

static int load_symbols(struct dbg *d)
{
    FILE *quiet = fopen("/dev/null", "w");
    int r = 0;
    if (!quiet)
        return -1;
    if (d->o.kernel)
        r = asm_load(d->o.kernel, &d->kernel, quiet) ? -1 : 0;
    else
        r = elf_read("guest OS", guestos_image, guestos_image_size, &d->kernel, quiet) ? -1 : 0;
    d->progs = calloc((size_t)d->o.nprogs + 1, sizeof *d->progs);
    for (int i = 0; r == 0 && d->progs && i < d->o.nprogs; i++) {
        if (asm_load(d->o.progs[i], &d->progs[i], quiet))
            r = -1;
        else
            d->nprogs = i + 1;
    }
    fclose(quiet);
    return d->progs ? r : -1;
}

static void free_symbols(struct dbg *d)
{
    asm_image_free(&d->kernel);
    for (int i = 0; i < d->nprogs; i++)
        asm_image_free(&d->progs[i]);
    free(d->progs);
}

int cmd_debug(int argc, char **argv)
{
    struct dbg *d = calloc(1, sizeof *d);
    int status = 0, input = -1;

    if (!d)
        return 2;
    d->out = stdout;
    d->xf = (struct xfmt){ 1, 'x', 'w' };
    if (run_parse_args(argc, argv, &d->o) < 0) {
        free(d);
        return 2;
    }
    if (d->o.input && (input = open(d->o.input, O_RDONLY)) < 0) {
        fprintf(stderr, "tlbvisor debug: --input: cannot open %s: %s\n", d->o.input,
                strerror(errno));
        free(d);
        return 2;
    }
    host_console_input(input);
    if ((status = session_open(&d->s, &d->o, NULL, NULL)) != 0) {
        if (input >= 0)
            close(input);
        free(d);
        return status;
    }
    if (load_symbols(d) < 0)
        fprintf(stderr, "tlbvisor debug: warning: could not read every program's symbols\n");
    d->nvms = d->s.vmm ? vmm_nvms(d->s.vmm) : 1;
    if (d->s.vmm)
        vmm_set_trace(d->s.vmm, on_event, d);
    if (d->o.trace) {
        trace_init(&d->tr, d->out, d->o.trace_filter, d->nvms);
        d->tr.end_line = host_console_end_line;
        d->tracing = true;
    }
    FILE *script = NULL;
    if (d->o.script && !(script = fopen(d->o.script, "r"))) {
        fprintf(stderr, "tlbvisor debug: -x: cannot open %s: %s\n", d->o.script,
                strerror(errno));
        session_close(&d->s);
        free_symbols(d);
        if (input >= 0)
            close(input);
        free(d);
        return 2;
    }
    build_completion_words(d);
    cpu_break_skip_first(d->s.cpu, false);   /* run() steps off breakpoints itself */
    session_catch_sigint();

    fprintf(d->out, "tlbvisor debug: %s %s, stopped before the first instruction. "
            "'help' lists the commands.\n", d->o.kernel ? "your kernel" : "the guest OS",
            d->s.vmm ? "under the VMM" : "on the bare machine");
    if (d->s.vmm && d->nvms > 1)
        fprintf(d->out, "%u VMs; looking at vm0.\n", d->nvms);
    print_where(d);
    bool quit = false;
    if (script) {
        char *line = NULL;
        size_t cap = 0;
        while (!quit && getline(&line, &cap, script) > 0) {
            line[strcspn(line, "\r\n")] = 0;
            fprintf(d->out, PROMPT "%s\n", line);
            quit = execute_line(d, line, 1) > 0;
        }
        free(line);
        fclose(script);
    }
    if (!quit)
        repl(d);
    fflush(stdout);
    if (d->tracing)
        trace_finish(&d->tr);
    if (d->o.stats || d->o.stats_json)
        session_report(&d->s, d->ended ? d->end : END_BUDGET, false, stderr, d->o.stats);
    free_completion_words();
    free_symbols(d);
    session_close(&d->s);
    if (input >= 0)
        close(input);
    free(d);
    return status;
}
