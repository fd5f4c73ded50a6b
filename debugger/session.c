/*
 * session.c -- the machine of "tlbvisor run" and "tlbvisor debug": options,
 * building it, booting it, running it, and its statistics.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asm/asm.h"
#include "cpu/cpu.h"
#include "debugger/boot.h"
#include "debugger/console.h"
#include "debugger/session.h"
#include "debugger/stats.h"
#include "debugger/trace.h"
#include "vmm/vmm.h"

static const char run_usage[] =
    "usage: tlbvisor run [options] PROG.s|PROG.elf ...\n"
    "       tlbvisor run --kernel FILE [options]\n"
    "\n"
    "Boot tlbvisor's guest OS with each PROG (assembly source or an ELF\n"
    "executable) as a process: pid 1, 2, ... in order. A program written for\n"
    "SPIM runs unchanged (see docs/programs.md). The console is stdin/stdout.\n"
    "\n"
    "With --kernel, boot FILE instead of the guest OS: it runs in kernel mode\n"
    "from its entry point (__start, else main), which must be in kseg0, inside\n"
    "a VM (or, with --bare, on the bare machine).\n"
    "Sections in kseg0/kseg1 load at their physical address; sections in kuseg\n"
    "load at PA = VA, for the kernel to map. $sp starts at the top of RAM.\n"
    "\n"
    "options:\n"
    "  --bare               run on the bare machine, without the VMM\n"
    "  --vms N              run N VMs (1-8), each booting the same programs\n"
    "  --vm-mem SIZE        each VM's memory (default 16M); --mem is the machine's\n"
    "  --quantum N          guest instructions between world switches (50000)\n"
    "  --asid tag|flush     keep the real TLB across switches, ASID-tagged (default),\n"
    "                       or flush it on every switch\n"
    "  --l2tlb              a second-level software TLB per VM (Disco style; --mmu\n"
    "                       soft only)\n"
    "  --pmap FILE          fix pmap entries, lines \"[vmK] PFN -> MFN\" (for labs)\n"
    "  --check-isolation    check the isolation invariant after every VMM action\n"
    "  --kernel FILE        boot FILE instead of the guest OS\n"
    "  --mmu soft|walker    software-refilled TLB (default) or hardware walker\n"
    "  --paging shadow|nested\n"
    "                       how the VMM virtualizes the walker: shadow page tables\n"
    "                       (the default) or nested paging (the CPU's 2D walk)\n"
    "  --nested-levels M    nested paging: levels of the nested tables, 1-4 (the\n"
    "                       guest's --levels)\n"
    "  --nested-large       nested paging: large pages in the nested tables\n"
    "  --pwc                nested paging: the CPU's page-walk cache\n"
    "  --levels N           walker page-table levels: 2 (default), 3 or 4 (the guest's,\n"
    "                       and so the shadow tables')\n"
    "  --shadow-roots N     shadow paging: shadow roots cached per VM, 2-64 (32)\n"
    "  --shadow-pages N     shadow paging: shadow page-table pages per VM at most (16\n"
    "                       or more; default: the VM's share of the spare frames)\n"
    "  --mem SIZE           RAM size, e.g. 16M (default), 64K, 256M\n"
    "  --max-insns N        stop after N instructions (exit status 124)\n"
    "  --stats              print statistics to stderr when the run ends\n"
    "  --stats-json FILE    write the statistics to FILE as JSON\n"
    "  --cost SPEC          the cost model for modelled cycles, e.g.\n"
    "                       insn=1,refill=10,ref=5,exit=200,switch=2000 (the default)\n"
    "  --trace[=FILTERS]    print the VMM's work to stderr as a table: Process |\n"
    "                       Guest OS | VMM; FILTERS: tlb, syscall, exits, all\n"
    "  -h, --help           this help\n"
    "\n"
    "exit status: pid 1's exit status (with --kernel: the value the kernel\n"
    "wrote to the power device, 0xbfd00010), low 8 bits; 124 if --max-insns\n"
    "ran out; 125 if the machine stopped on a guest error; 130 if interrupted;\n"
    "1 if a program does not load; 2 for usage.\n";

static const char debug_usage[] =
    "usage: tlbvisor debug [options] PROG.s|PROG.elf ...\n"
    "       tlbvisor debug --kernel FILE [options]\n"
    "\n"
    "Boot exactly what 'tlbvisor run' would with the same options, stop before\n"
    "the first instruction, and give a gdb-like prompt: step through the guest,\n"
    "set breakpoints and watchpoints, look at registers, memory, the TLBs, the\n"
    "pmap and the page tables, and see what the VMM does for each trap. Type\n"
    "'help' at the prompt for the commands (docs/debugger.md has a tutorial).\n"
    "\n"
    "When standard input is not a terminal, commands are read from it, one a\n"
    "line (for labs and tests), without readline; each is printed after the\n"
    "prompt, so that the output reads as a transcript of the session.\n"
    "\n"
    "options (and every option of 'tlbvisor run --help'):\n"
    "  -x FILE              run the commands in FILE first\n"
    "  --input FILE         the guest's console input (default: none, end of input)\n"
    "  -h, --help           this help\n"
    "\n"
    "exit status: 0 after quit or the end of the commands; 2 for usage; 1 if a\n"
    "program does not load.\n";

/* parse_size: "16M", "64K", "1G", "65536" (bytes).  0 on success. */
static int parse_size(const char *s, uint32_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (!strcmp(end, "iB") || !strcmp(end, "B"))
        end += strlen(end);
    if (*end || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end || *s == '-')
        return -1;
    *out = v;
    return 0;
}

/* parse_pmap: a --pmap file: lines "[vmK] PFN [->] MFN", numbers decimal
 * or 0x hex, # comments.  0, or -1 with a file:line: message. */
static int parse_pmap(const char *path, struct run_opts *o)
{
    FILE *f = fopen(path, "r");
    char line[256];
    unsigned lineno = 0;

    if (!f) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char *p = line, *end;
        unsigned long vm = 0, pfn, mfn;
        lineno++;
        line[strcspn(line, "#\n")] = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            continue;
        if (!strncmp(p, "vm", 2)) {
            vm = strtoul(p + 2, &end, 10);
            if (end == p + 2)
                goto bad;
            p = end;
        }
        pfn = strtoul(p, &end, 0);
        if (end == p)
            goto bad;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncmp(p, "->", 2))
            p += 2;
        mfn = strtoul(p, &end, 0);
        if (end == p)
            goto bad;
        for (p = end; *p == ' ' || *p == '\t'; p++)
            ;
        if (*p)
            goto bad;
        if (o->vmm.npmap == sizeof o->pmap / sizeof o->pmap[0]) {
            fprintf(stderr, "%s:%u: error: more than %zu entries\n", path, lineno,
                    sizeof o->pmap / sizeof o->pmap[0]);
            fclose(f);
            return -1;
        }
        o->pmap[o->vmm.npmap++] = (struct vmm_pmap_entry){ (unsigned)vm, (uint32_t)pfn,
                                                           (uint32_t)mfn };
        continue;
bad:
        fprintf(stderr, "%s:%u: error: expected \"[vmK] PFN -> MFN\"\n", path, lineno);
        fclose(f);
        return -1;
    }
    fclose(f);
    o->vmm.pmap = o->pmap;
    return 0;
}

/* option_value: for "--name VALUE" or "--name=VALUE" at argv[*i], the value
 * (advancing *i), or NULL if argv[*i] is not this option.  A missing value
 * is reported and sets *bad. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *bad,
                                const char *cmd)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    if (strncmp(a, name, n))
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n])
        return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "tlbvisor %s: %s needs a value\n", cmd, name);
        *bad = true;
        return NULL;
    }
    return argv[++*i];
}

int run_parse_args(int argc, char **argv, struct run_opts *o)
{
    bool debug = !strcmp(argv[0], "debug");
    const char *paging = NULL;           /* --paging, if given */
    bool shadow_opts = false;            /* --shadow-roots or --shadow-pages given */
    bool nested_opts = false;            /* --nested-levels, --nested-large or --pwc given */

    memset(o, 0, sizeof *o);
    o->cmd = debug ? "debug" : "run";
    o->cfg.mem_size = CPU_MEM_DEFAULT;
    o->cfg.mmu = CPU_MMU_SOFT;
    o->vmm.nvms = 1;
    o->vmm.guest_mem = CPU_MEM_DEFAULT;
    o->vmm.asid = VMM_ASID_TAG;
    o->cost = (struct cost_model)COST_MODEL_DEFAULT;

    for (int i = 1; i < argc; i++) {
        bool bad = false;
        const char *v;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(debug ? debug_usage : run_usage, stdout);
            exit(0);
        } else if (debug && (v = option_value(argc, argv, &i, "-x", &bad, o->cmd))) {
            o->script = v;
        } else if (debug && (v = option_value(argc, argv, &i, "--input", &bad, o->cmd))) {
            o->input = v;
        } else if ((v = option_value(argc, argv, &i, "--kernel", &bad, o->cmd))) {
            o->kernel = v;
        } else if ((v = option_value(argc, argv, &i, "--mmu", &bad, o->cmd))) {
            if (!strcmp(v, "soft"))
                o->cfg.mmu = CPU_MMU_SOFT;
            else if (!strcmp(v, "walker"))
                o->cfg.mmu = CPU_MMU_WALKER;
            else {
                fprintf(stderr, "tlbvisor %s: --mmu must be 'soft' or 'walker', not '%s'\n",
                        o->cmd, v);
                return -1;
            }
        } else if ((v = option_value(argc, argv, &i, "--paging", &bad, o->cmd))) {
            if (strcmp(v, "shadow") && strcmp(v, "nested")) {
                fprintf(stderr, "tlbvisor %s: --paging must be 'shadow' or 'nested', not '%s'\n",
                        o->cmd, v);
                return -1;
            }
            paging = v;
        } else if ((v = option_value(argc, argv, &i, "--nested-levels", &bad, o->cmd))) {
            if (strlen(v) != 1 || v[0] < '1' || v[0] > '4') {
                fprintf(stderr, "tlbvisor %s: --nested-levels must be 1, 2, 3 or 4, not '%s'\n",
                        o->cmd, v);
                return -1;
            }
            o->vmm.nested_levels = (unsigned)(v[0] - '0');
            nested_opts = true;
        } else if (!strcmp(argv[i], "--nested-large")) {
            o->vmm.nested_large = true;
            nested_opts = true;
        } else if (!strcmp(argv[i], "--pwc")) {
            o->vmm.pwc = true;
            nested_opts = true;
        } else if ((v = option_value(argc, argv, &i, "--shadow-roots", &bad, o->cmd))) {
            uint64_t n;
            if (parse_u64(v, &n) < 0 || n < 2 || n > 64) {
                fprintf(stderr, "tlbvisor %s: --shadow-roots must be from 2 to 64, not '%s'\n",
                        o->cmd, v);
                return -1;
            }
            o->vmm.shadow_roots = (unsigned)n;
            shadow_opts = true;
        } else if ((v = option_value(argc, argv, &i, "--shadow-pages", &bad, o->cmd))) {
            uint64_t n;
            if (parse_u64(v, &n) < 0 || n < VMM_SHADOW_MIN_PAGES || n > UINT32_MAX) {
                fprintf(stderr, "tlbvisor %s: --shadow-pages must be %d or more, not '%s'\n",
                        o->cmd, VMM_SHADOW_MIN_PAGES, v);
                return -1;
            }
            o->vmm.shadow_pages = (uint32_t)n;
            shadow_opts = true;
        } else if ((v = option_value(argc, argv, &i, "--levels", &bad, o->cmd))) {
            if (strcmp(v, "2") && strcmp(v, "3") && strcmp(v, "4")) {
                fprintf(stderr, "tlbvisor %s: --levels must be 2, 3 or 4, not '%s'\n",
                        o->cmd, v);
                return -1;
            }
            o->cfg.levels = (unsigned)atoi(v);
        } else if ((v = option_value(argc, argv, &i, "--mem", &bad, o->cmd))) {
            if (parse_size(v, &o->cfg.mem_size) < 0) {
                fprintf(stderr, "tlbvisor %s: --mem: '%s' is not a size (try 16M)\n",
                        o->cmd, v);
                return -1;
            }
            o->mem_given = true;
        } else if ((v = option_value(argc, argv, &i, "--vm-mem", &bad, o->cmd))) {
            if (parse_size(v, &o->vmm.guest_mem) < 0) {
                fprintf(stderr, "tlbvisor %s: --vm-mem: '%s' is not a size (try 16M)\n",
                        o->cmd, v);
                return -1;
            }
        } else if ((v = option_value(argc, argv, &i, "--vms", &bad, o->cmd))) {
            uint64_t n;
            if (parse_u64(v, &n) < 0 || n < 1 || n > VMM_MAX_VMS) {
                fprintf(stderr, "tlbvisor %s: --vms must be from 1 to %d, not '%s'\n", o->cmd,
                        VMM_MAX_VMS, v);
                return -1;
            }
            o->vmm.nvms = (unsigned)n;
        } else if ((v = option_value(argc, argv, &i, "--quantum", &bad, o->cmd))) {
            if (parse_u64(v, &o->vmm.quantum) < 0 || o->vmm.quantum == 0) {
                fprintf(stderr, "tlbvisor %s: --quantum: '%s' is not a positive number\n",
                        o->cmd, v);
                return -1;
            }
        } else if ((v = option_value(argc, argv, &i, "--asid", &bad, o->cmd))) {
            if (!strcmp(v, "tag"))
                o->vmm.asid = VMM_ASID_TAG;
            else if (!strcmp(v, "flush"))
                o->vmm.asid = VMM_ASID_FLUSH;
            else {
                fprintf(stderr, "tlbvisor %s: --asid must be 'tag' or 'flush', not '%s'\n",
                        o->cmd, v);
                return -1;
            }
        } else if (!strcmp(argv[i], "--check-isolation")) {
            o->vmm.check = true;
        } else if (!strcmp(argv[i], "--l2tlb")) {
            o->vmm.l2tlb = true;
        } else if ((v = option_value(argc, argv, &i, "--pmap", &bad, o->cmd))) {
            if (parse_pmap(v, o) < 0)
                return -1;
        } else if ((v = option_value(argc, argv, &i, "--stats-json", &bad, o->cmd))) {
            o->stats_json = v;
        } else if ((v = option_value(argc, argv, &i, "--cost", &bad, o->cmd))) {
            if (cost_parse(v, &o->cost) < 0) {
                fprintf(stderr, "tlbvisor %s: --cost: '%s': give name=cycles pairs, "
                        "e.g. insn=1,refill=10,ref=5,exit=200,switch=2000\n", o->cmd, v);
                return -1;
            }
        } else if (!strcmp(argv[i], "--trace") || !strncmp(argv[i], "--trace=", 8)) {
            o->trace = true;
            if (trace_parse(argv[i][7] ? argv[i] + 8 : "", &o->trace_filter) < 0) {
                fprintf(stderr, "tlbvisor %s: --trace=%s: the filters are tlb, syscall, "
                        "exits and all, separated by commas\n", o->cmd, argv[i] + 8);
                return -1;
            }
        } else if ((v = option_value(argc, argv, &i, "--max-insns", &bad, o->cmd))) {
            if (parse_u64(v, &o->max_insns) < 0 || o->max_insns == 0) {
                fprintf(stderr, "tlbvisor %s: --max-insns: '%s' is not a positive number\n",
                        o->cmd, v);
                return -1;
            }
        } else if (!strcmp(argv[i], "--stats")) {
            o->stats = true;
        } else if (!strcmp(argv[i], "--bare")) {
            o->bare = true;
        } else if (bad) {
            return -1;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "tlbvisor %s: unknown option '%s' (see tlbvisor %s --help)\n", o->cmd,
                    argv[i], o->cmd);
            return -1;
        } else {
            if (!o->progs)
                o->progs = argv + i;
            else if (o->progs + o->nprogs != argv + i) {
                fprintf(stderr, "tlbvisor %s: put the options before the programs "
                        "('%s' comes after '%s')\n", o->cmd, argv[i - 1], o->progs[0]);
                return -1;
            }
            o->nprogs++;
        }
        if (bad)
            return -1;
    }
    if (o->kernel && o->nprogs) {
        fprintf(stderr, "tlbvisor %s: --kernel runs one kernel; give either --kernel FILE or "
              "programs for the guest OS\n", o->cmd);
        return -1;
    }
    if (!o->kernel && !o->nprogs) {
        fprintf(stderr, "tlbvisor %s: no program given (see tlbvisor %s --help)\n", o->cmd, o->cmd);
        return -1;
    }
    if (o->trace && o->bare) {
        fprintf(stderr, "tlbvisor %s: --trace shows the VMM's work: it needs the VMM "
                "(drop --bare)\n", o->cmd);
        return -1;
    }
    if (shadow_opts && (o->cfg.mmu != CPU_MMU_WALKER || o->bare)) {
        fprintf(stderr, "tlbvisor %s: --shadow-roots and --shadow-pages are for shadow paging "
                "(--mmu walker, under the VMM)\n", o->cmd);
        return -1;
    }
    if (nested_opts && (o->cfg.mmu != CPU_MMU_WALKER || o->bare || !paging ||
                        strcmp(paging, "nested"))) {
        fprintf(stderr, "tlbvisor %s: --nested-levels, --nested-large and --pwc are for nested "
                "paging (--mmu walker --paging nested)\n", o->cmd);
        return -1;
    }
    if (shadow_opts && paging && !strcmp(paging, "nested")) {
        fprintf(stderr, "tlbvisor %s: --shadow-roots and --shadow-pages are for shadow paging, "
                "not nested\n", o->cmd);
        return -1;
    }
    if (paging && o->cfg.mmu != CPU_MMU_WALKER) {
        fprintf(stderr, "tlbvisor %s: --paging is for the hardware walker (add --mmu walker); "
                "the software TLB is virtualized by trap-and-emulate\n", o->cmd);
        return -1;
    }
    if (paging && o->bare) {
        fprintf(stderr, "tlbvisor %s: --paging says how the VMM virtualizes the walker: it needs "
                "the VMM (drop --bare)\n", o->cmd);
        return -1;
    }
    if (o->cfg.mmu == CPU_MMU_WALKER && !o->bare) {
        o->vmm.paging = VMM_PAGING_SHADOW;   /* the default under the VMM */
        if (paging && !strcmp(paging, "nested"))
            o->vmm.paging = VMM_PAGING_NESTED;
        if (o->vmm.l2tlb) {
            fprintf(stderr, "tlbvisor %s: --l2tlb is a second-level software TLB for --mmu soft; "
                    "the walker has no refills to serve\n", o->cmd);
            return -1;
        }
    }
    return 0;
}


/* ---- running, on the bare machine or under the VMM ------------------------------------- */

volatile sig_atomic_t session_interrupted;
volatile int session_sigint_fd = -1;

static void on_sigint(int sig)
{
    int fd = session_sigint_fd;
    (void)sig;
    session_interrupted = 1;
    if (fd >= 0 && write(fd, "", 1) < 0) {
        /* the pipe is full: a Ctrl-C is already waiting */
    }
}

void session_catch_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

enum run_end session_run(struct session *s, uint64_t n)
{
    if (s->vmm) {
        switch (vmm_run(s->vmm, n)) {
        case VMM_STOP_HALT:   return END_HALT;
        case VMM_STOP_ERROR:  return END_ERROR;
        case VMM_STOP_BREAK:  return END_BREAK;
        default:              return END_BUDGET;
        }
    }
    switch (cpu_run(s->cpu, n)) {
    case CPU_STOP_HALT:   return END_HALT;
    case CPU_STOP_BUDGET: return END_BUDGET;
    case CPU_STOP_BREAK:  return END_BREAK;
    default:              return END_ERROR;   /* no trap hook on the bare machine */
    }
}

/* vmm_target: a boot target writing VM k's guest-physical memory. */
struct vm_ref { struct vmm *vmm; unsigned k; };
static int vm_write(void *ctx, uint32_t pa, const void *src, size_t n)
{
    struct vm_ref *r = ctx;
    return vmm_gpa_write(r->vmm, r->k, pa, src, n);
}
static int vm_read(void *ctx, uint32_t pa, void *dst, size_t n)
{
    struct vm_ref *r = ctx;
    return vmm_gpa_read(r->vmm, r->k, pa, dst, n);
}

/* boot_into: load what o asks for into the bare machine or into every VM,
 * with messages on diag. */
static int boot_into(struct session *s, FILE *diag)
{
    struct run_opts *o = s->o;
    unsigned n = s->vmm ? vmm_nvms(s->vmm) : 1;

    for (unsigned k = 0; k < n; k++) {
        struct vm_ref ref = { s->vmm, k };
        struct boot_target t = s->vmm
            ? (struct boot_target){ vm_write, vm_read, vmm_guest_mem(s->vmm), &ref }
            : boot_target_cpu(s->cpu);
        uint32_t entry;
        if ((o->kernel ? kernel_load(&t, o->kernel, diag, &entry)
                       : guestos_load(&t, o->progs, o->nprogs, diag, &entry)) < 0)
            return -1;
        if (s->vmm) {
            vmm_vm_start(s->vmm, k, entry);
            if (o->kernel)
                vmm_vm_set_reg(s->vmm, k, 29, KSEG0_BASE + t.mem_size);
        } else {
            cpu_set_pc(s->cpu, entry);
            if (o->kernel)
                cpu_set_reg(s->cpu, 29, KSEG0_BASE + t.mem_size);
        }
    }
    return 0;
}



/* ---- the same run on a bare machine, for the overhead ------------------------------------ */

struct replay { const uint8_t *buf; size_t len, pos; };
static int replay_read(void *ctx)
{
    struct replay *r = ctx;
    return r->pos < r->len ? r->buf[r->pos++] : -1;
}
static bool replay_ready(void *ctx) { (void)ctx; return true; }
static void replay_write(void *ctx, uint8_t b) { (void)ctx; (void)b; }

/* bare_twin: run what s ran, on one bare machine with one VM's memory and
 * the input the VMs read, and return its statistics.  0, or -1 if it did
 * not end as the VMM run did. */
static int bare_twin(struct session *s, struct cpu_stats *out)
{
    struct cpu_config cfg = s->o->cfg;
    struct replay rp = { NULL, 0, 0 };
    struct cpu_console_ops ops = { replay_read, replay_ready, replay_write, NULL };
    struct session twin = { s->o, NULL, NULL };
    bool eof;
    int r = -1;

    cfg.mem_size = vmm_guest_mem(s->vmm);
    twin.cpu = cpu_new(&cfg, NULL);
    if (!twin.cpu)
        return -1;
    rp.buf = vmm_input(s->vmm, &rp.len, &eof);
    cpu_set_console(twin.cpu, &ops, &rp);
    FILE *quiet = fopen("/dev/null", "w");
    if (quiet && boot_into(&twin, quiet) == 0) {
        uint64_t left = s->o->max_insns ? s->o->max_insns : UINT64_MAX;
        enum run_end end;
        do {
            uint64_t n = left < RUN_CHUNK ? left : RUN_CHUNK;
            end = session_run(&twin, n);
            if (left != UINT64_MAX)
                left -= n;
        } while (end == END_BUDGET && left > 0 && !session_interrupted);
        if (end == END_HALT) {
            cpu_get_stats(twin.cpu, out);
            r = 0;
        }
    }
    if (quiet)
        fclose(quiet);
    cpu_free(twin.cpu);
    return r;
}

void session_report(struct session *s, enum run_end end, bool twin, FILE *f, bool print)
{
    struct run_report r;
    unsigned n = s->vmm ? vmm_nvms(s->vmm) : 1;

    memset(&r, 0, sizeof r);
    cpu_get_stats(s->cpu, &r.machine);
    r.vmm = s->vmm != NULL;
    r.nvms = n;
    if (s->vmm)
        vmm_get_stats(s->vmm, &r.vmm_stats);
    r.guestos = !s->o->kernel;
    for (unsigned k = 0; r.guestos && k < n; k++) {
        struct vm_ref ref = { s->vmm, k };
        struct boot_target t = s->vmm
            ? (struct boot_target){ vm_write, vm_read, vmm_guest_mem(s->vmm), &ref }
            : boot_target_cpu(s->cpu);
        guestos_read_stats(&t, &r.guest[k]);
    }
    r.cost = s->o->cost;
    if (twin && s->vmm && end == END_HALT)
        r.have_bare = bare_twin(s, &r.bare) == 0;
    report_cycles(&r);
    if (print)
        report_text(f, &r);
    if (s->o->stats_json && report_json(s->o->stats_json, &r) < 0)
        fprintf(stderr, "tlbvisor %s: --stats-json: cannot write %s\n", s->o->cmd,
                s->o->stats_json);
}

/* ---- the machine ---------------------------------------------------------------------- */

int session_open(struct session *s, struct run_opts *o, const struct cpu_console_ops *con,
                 void *con_ctx)
{
    const char *err;

    memset(s, 0, sizeof *s);
    s->o = o;
    if (!con)
        con = host_console_ops();
    if (!o->bare && !o->mem_given) {
        /* the machine: room for every VM, and a megabyte to spare; with
         * shadow paging 2 MiB more per VM, the VMM's pool of frames for
         * shadow page tables (512 pages a VM: docs/vmm.md) */
        uint64_t need = (uint64_t)o->vmm.nvms * o->vmm.guest_mem + (1u << 20);
        if (o->vmm.paging == VMM_PAGING_SHADOW)
            need += (uint64_t)o->vmm.nvms * (2u << 20);
        /* nested paging: each VM's nested tables (at most 1 MiB for 16 MiB of
         * memory), and room to align its memory in large pages */
        if (o->vmm.paging == VMM_PAGING_NESTED)
            need += (uint64_t)o->vmm.nvms * (1u << 20) + (o->vmm.nested_large ? 4u << 20 : 0);
        o->cfg.mem_size = need > CPU_MEM_MAX ? CPU_MEM_MAX : (uint32_t)need;
    }
    s->cpu = cpu_new(&o->cfg, &err);
    if (!s->cpu) {
        fprintf(stderr, "tlbvisor %s: %s\n", o->cmd, err);
        return 2;
    }
    if (!o->bare) {
        s->vmm = vmm_new(s->cpu, &o->vmm, con, con_ctx, &err);
        if (!s->vmm && o->vmm.npmap) {
            fprintf(stderr, "tlbvisor %s: --pmap: %s\n", o->cmd, err);
            session_close(s);
            return 2;
        }
        if (!s->vmm && strstr(err, "do not fit") == NULL) {
            fprintf(stderr, "tlbvisor %s: %s (the machine has %" PRIu32 " KiB; --mem to change)\n",
                    o->cmd, err, o->cfg.mem_size >> 10);
            session_close(s);
            return 2;
        }
        if (!s->vmm) {
            fprintf(stderr, "tlbvisor %s: %s: %u VM%s of %" PRIu32 " KiB need %" PRIu64
                    " KiB; the machine has %" PRIu32 " KiB (use --mem or --vm-mem)\n", o->cmd,
                    err, o->vmm.nvms, o->vmm.nvms > 1 ? "s" : "", o->vmm.guest_mem >> 10,
                    (uint64_t)o->vmm.nvms * (o->vmm.guest_mem >> 10), o->cfg.mem_size >> 10);
            session_close(s);
            return 2;
        }
    } else {
        cpu_set_console(s->cpu, con, con_ctx);
    }
    if (boot_into(s, stderr) < 0) {
        session_close(s);
        return 1;
    }
    return 0;
}

void session_close(struct session *s)
{
    vmm_free(s->vmm);
    cpu_free(s->cpu);
    s->vmm = NULL;
    s->cpu = NULL;
}

