/*
 * stats.h -- "tlbvisor run --stats / --stats-json": the numbers of a run,
 * and the cost model that turns them into modelled cycles.
 */
#ifndef TLBVISOR_STATS_H
#define TLBVISOR_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "debugger/boot.h"
#include "vmm/vmm.h"

/* The cost model (docs/vmm.md): modelled cycles = instructions x insn +
 * real TLB misses x refill + page-table references of the walker (both
 * dimensions in nested paging) x ref + VM exits x exit + world switches x sw. */
struct cost_model {
    uint64_t insn, refill, exit, sw, ref;
};
#define COST_MODEL_DEFAULT { 1, 10, 200, 2000, 5 }

/* cost_parse: "insn=1,refill=10,ref=5,exit=200,switch=2000" (any subset) over
 * *c.  0, or -1 for a bad spec. */
int cost_parse(const char *spec, struct cost_model *c);

struct run_report {
    struct cpu_stats machine;
    bool vmm;                            /* the run was under the VMM */
    unsigned nvms;
    struct vmm_stats vmm_stats;
    bool guestos;                        /* the guest OS ran (not --kernel) */
    struct guestos_stats guest[VMM_MAX_VMS];
    struct cost_model cost;
    uint64_t cycles;
    bool have_bare;                      /* the same run on a bare machine, for the overhead */
    struct cpu_stats bare;
    uint64_t bare_cycles;
};

/* report_cycles: the modelled cycles of r's run (and of its bare twin). */
void report_cycles(struct run_report *r);
void report_text(FILE *f, const struct run_report *r);
int report_json(const char *path, const struct run_report *r);

#endif
