/*
 * stats.c -- the statistics of a run, as text (--stats) or JSON
 * (--stats-json), and the cost model.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/stats.h"

int cost_parse(const char *spec, struct cost_model *c)
{
    char buf[160];
    if (strlen(spec) >= sizeof buf)
        return -1;
    strcpy(buf, spec);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        char *eq = strchr(tok, '='), *end;
        uint64_t *field;
        if (!eq)
            return -1;
        *eq = 0;
        if (!strcmp(tok, "insn"))
            field = &c->insn;
        else if (!strcmp(tok, "refill"))
            field = &c->refill;
        else if (!strcmp(tok, "exit"))
            field = &c->exit;
        else if (!strcmp(tok, "switch"))
            field = &c->sw;
        else if (!strcmp(tok, "ref"))
            field = &c->ref;
        else
            return -1;
        errno = 0;
        unsigned long long v = strtoull(eq + 1, &end, 10);
        if (errno || end == eq + 1 || *end)
            return -1;
        *field = v;
    }
    return 0;
}

static uint64_t total_exits(const struct run_report *r)
{
    uint64_t n = 0;
    for (unsigned k = 0; k < r->nvms; k++)
        for (unsigned e = 0; e < EXIT_COUNT; e++)
            n += r->vmm_stats.vm[k].exits[e];
    return n;
}

void report_cycles(struct run_report *r)
{
    const struct cost_model *c = &r->cost;
    r->cycles = r->machine.insns * c->insn + r->machine.tlb_misses * c->refill +
                r->machine.walk_refs * c->ref;
    if (r->vmm)
        r->cycles += total_exits(r) * c->exit + r->vmm_stats.world_switches * c->sw;
    if (r->have_bare)
        r->bare_cycles = r->bare.insns * c->insn + r->bare.tlb_misses * c->refill +
                         r->bare.walk_refs * c->ref;
}

/* ---- text ---------------------------------------------------------------------------- */

static void list_counts(FILE *f, const uint64_t *v, unsigned n, const char *(*name)(unsigned))
{
    const char *sep = "";
    for (unsigned i = 0; i < n; i++) {
        if (v[i]) {
            fprintf(f, "%s %s %" PRIu64, sep, name(i), v[i]);
            sep = ",";
        }
    }
    if (!*sep)
        fprintf(f, " none");
}

static const char *exc_name(unsigned i) { return cpu_exc_name(i); }
static const char *exit_name(unsigned i) { return vmm_exit_name((enum vmm_exit)i); }
static const char *emul_name(unsigned i) { return vmm_emul_name((enum vmm_emul)i); }

void report_text(FILE *f, const struct run_report *r)
{
    const struct cpu_stats *st = &r->machine;
    uint64_t total = 0;

    for (unsigned i = 0; i < CPU_NEXC; i++)
        total += st->exceptions[i];
    fprintf(f, "--- tlbvisor statistics ---\n");
    fprintf(f, "instructions   %" PRIu64 " retired (user %" PRIu64 ", kernel %" PRIu64
            "), %" PRIu64 " started\n", st->insns, st->insns_mode[CPU_USER],
            st->insns_mode[CPU_KERNEL] + st->insns_mode[CPU_SUPERVISOR], st->steps);
    fprintf(f, "exceptions    ");
    list_counts(f, st->exceptions, CPU_NEXC, exc_name);
    if (total)
        fprintf(f, " (total %" PRIu64 ")", total);
    fprintf(f, "\n");
    fprintf(f, "TLB            %" PRIu64 " hits, %" PRIu64 " misses, %" PRIu64 " refills, %"
            PRIu64 " writes, %" PRIu64 " machine checks\n", st->tlb_hits, st->tlb_misses,
            st->refills, st->tlb_writes, st->machine_checks);
    fprintf(f, "walker         %" PRIu64 " walks, %" PRIu64 " PTE reads, %" PRIu64
            " A/D writes, %" PRIu64 " memory references\n", st->walks, st->walker_reads,
            st->walker_writes, st->walker_reads + st->walker_writes);
    if (st->nested_walks) {
        fprintf(f, "nested paging  %" PRIu64 " 2D walks, %" PRIu64 " references (%" PRIu64
                " guest entries, %" PRIu64 " nested), %.2f per walk; %" PRIu64 " PWC hits, %"
                PRIu64 " nested faults, %" PRIu64 " nested A/D writes\n", st->nested_walks,
                st->walk_refs, st->walker_reads, st->nested_reads,
                st->walks ? (double)st->walk_refs / (double)st->walks : 0.0, st->pwc_hits,
                st->nested_faults, st->nested_writes);
    }
    if (st->walks) {
        fprintf(f, "walks by refs ");
        for (unsigned k = 0; k < CPU_WALK_HIST; k++)
            if (st->walk_hist[k])
                fprintf(f, " %u%s:%" PRIu64, k, k + 1 == CPU_WALK_HIST ? "+" : "",
                        st->walk_hist[k]);
        fprintf(f, "\n");
    }
    if (r->vmm) {
        const struct vmm_stats *v = &r->vmm_stats;
        fprintf(f, "VMM            %" PRIu64 " world switches, %" PRIu64 " real-TLB flushes (%"
                PRIu64 " ASID rollovers)\n", v->world_switches, v->tlb_flushes,
                v->asid_rollovers);
        if (v->paging == VMM_PAGING_SHADOW)
            fprintf(f, "shadow paging  %u levels; per VM at most %u roots and %" PRIu64
                    " pages (%" PRIu64 " KiB), from a pool of %" PRIu64 " pages\n", v->levels,
                    v->shadow_roots, v->shadow_quota, v->shadow_quota * 4, v->shadow_pool);
        for (unsigned k = 0; k < r->nvms; k++) {
            const struct vmm_vm_stats *s = &v->vm[k];
            char who[16] = "";
            if (r->nvms > 1)
                snprintf(who, sizeof who, "vm%u", k);
            if (v->paging == VMM_PAGING_SHADOW) {
                fprintf(f, "%-15s%" PRIu64 " guest instructions\n", who, s->insns);
                fprintf(f, "%-15sshadow: %" PRIu64 " hidden misses (%" PRIu64 " kseg0/kseg1, %"
                        PRIu64 " first writes), %" PRIu64 " true misses, %" PRIu64
                        " page-table write traps, %" PRIu64 " PTBR-switch traps, %" PRIu64
                        " InvVA\n", "", s->hidden_misses, s->kseg_fills, s->dirty_faults,
                        s->true_misses, s->pt_write_traps, s->ptbr_traps, s->invva_traps);
                fprintf(f, "%-15sshadow pages: %" PRIu64 " in use (%" PRIu64 " KiB), at most %"
                        PRIu64 " (%" PRIu64 " KiB); %" PRIu64 " root evictions, %" PRIu64
                        " tables unshadowed, %" PRIu64 " flushes\n", "", s->shadow_pages,
                        s->shadow_pages * 4, s->shadow_pages_peak, s->shadow_pages_peak * 4,
                        s->root_evictions, s->unshadowed, s->shadow_flushes);
            } else {
                fprintf(f, "%-15s%" PRIu64 " guest instructions, %" PRIu64 " hidden fills, %"
                        PRIu64 " L2TLB hits\n", who, s->insns, s->hidden_fills, s->l2tlb_hits);
            }
            fprintf(f, "%-15sexits:", "");
            list_counts(f, s->exits, EXIT_COUNT, exit_name);
            fprintf(f, "\n%-15semulated:", "");
            list_counts(f, s->emulated, EMUL_COUNT, emul_name);
            fprintf(f, "\n%-15sreflected:", "");
            list_counts(f, s->reflected, CPU_NEXC, exc_name);
            fprintf(f, "\n");
        }
    }
    if (r->guestos) {
        for (unsigned k = 0; k < r->nvms; k++) {
            const struct guestos_stats *g = &r->guest[k];
            char who[16] = "";
            if (r->nvms > 1)
                snprintf(who, sizeof who, " vm%u", k);
            fprintf(f, "guest OS%-7s%" PRIu32 " processes (%" PRIu32 " killed), %" PRIu32
                    " context switches, %" PRIu32 " page faults (demand zero), %" PRIu32
                    " page-table pages mapped in kseg2, %" PRIu32 " frames at most\n", who,
                    g->procs, g->killed, g->switches, g->faults, g->ptmisses, g->frames_peak);
        }
    }
    fprintf(f, "cost model     insn %" PRIu64 ", refill %" PRIu64 ", ref %" PRIu64 ", exit %"
            PRIu64 ", switch %" PRIu64 " cycles (--cost to change)\n", r->cost.insn,
            r->cost.refill, r->cost.ref, r->cost.exit, r->cost.sw);
    fprintf(f, "modelled       %" PRIu64 " cycles", r->cycles);
    if (r->have_bare) {
        uint64_t base = r->bare_cycles * r->nvms;
        fprintf(f, "; the bare machine: %" PRIu64 " cycles%s", base,
                r->nvms > 1 ? " (one run per VM)" : "");
        if (base)
            fprintf(f, ": overhead %.2fx", (double)r->cycles / (double)base);
    }
    fprintf(f, "\n");
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void json_array(FILE *f, const uint64_t *v, unsigned n)
{
    fputc('[', f);
    for (unsigned i = 0; i < n; i++)
        fprintf(f, "%s%" PRIu64, i ? ", " : "", v[i]);
    fputc(']', f);
}

static void json_machine(FILE *f, const char *key, const struct cpu_stats *st)
{
    fprintf(f, "  \"%s\": {\n    \"insns\": %" PRIu64 ", \"steps\": %" PRIu64
            ", \"insns_user\": %" PRIu64 ", \"insns_kernel\": %" PRIu64
            ", \"insns_supervisor\": %" PRIu64 ",\n    \"exceptions\": ", key, st->insns,
            st->steps, st->insns_mode[CPU_USER], st->insns_mode[CPU_KERNEL],
            st->insns_mode[CPU_SUPERVISOR]);
    json_array(f, st->exceptions, 16);
    fprintf(f, ",\n    \"tlb_hits\": %" PRIu64 ", \"tlb_misses\": %" PRIu64 ", \"refills\": %"
            PRIu64 ", \"tlb_writes\": %" PRIu64 ", \"machine_checks\": %" PRIu64
            ",\n    \"walks\": %" PRIu64 ", \"walker_reads\": %" PRIu64 ", \"walker_writes\": %"
            PRIu64, st->tlb_hits, st->tlb_misses, st->refills, st->tlb_writes,
            st->machine_checks, st->walks, st->walker_reads, st->walker_writes);
    fprintf(f, ",\n    \"walk_refs\": %" PRIu64 ", \"nested_walks\": %" PRIu64
            ", \"nested_reads\": %" PRIu64 ", \"nested_writes\": %" PRIu64 ", \"pwc_hits\": %"
            PRIu64 ", \"nested_faults\": %" PRIu64 ",\n    \"walk_hist\": ", st->walk_refs,
            st->nested_walks, st->nested_reads, st->nested_writes, st->pwc_hits,
            st->nested_faults);
    json_array(f, st->walk_hist, CPU_WALK_HIST);
    fprintf(f, "\n  }");
}

int report_json(const char *path, const struct run_report *r)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\n");
    json_machine(f, "machine", &r->machine);
    if (r->vmm) {
        const struct vmm_stats *v = &r->vmm_stats;
        fprintf(f, ",\n  \"vmm\": {\n    \"world_switches\": %" PRIu64 ", \"tlb_flushes\": %"
                PRIu64 ", \"asid_rollovers\": %" PRIu64 ", \"paging\": \"%s\"", v->world_switches,
                v->tlb_flushes, v->asid_rollovers, vmm_paging_name(v->paging));
        if (v->paging == VMM_PAGING_SHADOW)
            fprintf(f, ",\n    \"shadow\": {\"levels\": %u, \"roots_per_vm\": %u, "
                    "\"pages_per_vm\": %" PRIu64 ", \"pool_pages\": %" PRIu64 "}", v->levels,
                    v->shadow_roots, v->shadow_quota, v->shadow_pool);
        fprintf(f, ",\n    \"vms\": [");
        for (unsigned k = 0; k < r->nvms; k++) {
            const struct vmm_vm_stats *s = &v->vm[k];
            fprintf(f, "%s\n      {\"insns\": %" PRIu64 ", \"hidden_fills\": %" PRIu64
                    ", \"l2tlb_hits\": %" PRIu64, k ? "," : "", s->insns, s->hidden_fills,
                    s->l2tlb_hits);
            fprintf(f, ", \"exits\": {");
            for (unsigned e = 0; e < EXIT_COUNT; e++)
                fprintf(f, "%s\"%s\": %" PRIu64, e ? ", " : "", vmm_exit_name((enum vmm_exit)e),
                        s->exits[e]);
            fprintf(f, "}, \"emulated\": {");
            for (unsigned e = 0; e < EMUL_COUNT; e++)
                fprintf(f, "%s\"%s\": %" PRIu64, e ? ", " : "", vmm_emul_name((enum vmm_emul)e),
                        s->emulated[e]);
            fprintf(f, "}, \"reflected\": ");
            json_array(f, s->reflected, 16);
            if (v->paging == VMM_PAGING_SHADOW)
                fprintf(f, ",\n       \"shadow\": {\"hidden_misses\": %" PRIu64
                        ", \"kseg_fills\": %" PRIu64 ", \"dirty_faults\": %" PRIu64
                        ", \"true_misses\": %" PRIu64 ", \"pt_write_traps\": %" PRIu64
                        ", \"ptbr_traps\": %" PRIu64 ", \"invva_traps\": %" PRIu64
                        ", \"root_evictions\": %" PRIu64 ", \"unshadowed\": %" PRIu64
                        ", \"shadow_flushes\": %" PRIu64 ", \"shadow_pages\": %" PRIu64
                        ", \"shadow_pages_peak\": %" PRIu64 ", \"shadow_bytes\": %" PRIu64
                        ", \"shadow_bytes_peak\": %" PRIu64 "}", s->hidden_misses, s->kseg_fills,
                        s->dirty_faults, s->true_misses, s->pt_write_traps, s->ptbr_traps,
                        s->invva_traps, s->root_evictions, s->unshadowed, s->shadow_flushes,
                        s->shadow_pages, s->shadow_pages_peak, s->shadow_pages * 4096,
                        s->shadow_pages_peak * 4096);
            fprintf(f, "}");
        }
        fprintf(f, "\n    ]\n  }");
    }
    if (r->guestos) {
        fprintf(f, ",\n  \"guestos\": [");
        for (unsigned k = 0; k < r->nvms; k++) {
            const struct guestos_stats *g = &r->guest[k];
            fprintf(f, "%s\n    {\"processes\": %" PRIu32 ", \"killed\": %" PRIu32
                    ", \"context_switches\": %" PRIu32 ", \"page_faults\": %" PRIu32
                    ", \"pt_pages_mapped\": %" PRIu32 ", \"frames_peak\": %" PRIu32 "}",
                    k ? "," : "", g->procs, g->killed, g->switches, g->faults, g->ptmisses,
                    g->frames_peak);
        }
        fprintf(f, "\n  ]");
    }
    fprintf(f, ",\n  \"cost_model\": {\"insn\": %" PRIu64 ", \"refill\": %" PRIu64
            ", \"exit\": %" PRIu64 ", \"switch\": %" PRIu64 ", \"ref\": %" PRIu64
            "},\n  \"cycles\": %" PRIu64, r->cost.insn, r->cost.refill, r->cost.exit, r->cost.sw,
            r->cost.ref, r->cycles);
    if (r->have_bare) {
        fprintf(f, ",\n");
        json_machine(f, "bare", &r->bare);
        fprintf(f, ",\n  \"bare_cycles\": %" PRIu64, r->bare_cycles * r->nvms);
    }
    fprintf(f, "\n}\n");
    return fclose(f) == 0 ? 0 : -1;
}
