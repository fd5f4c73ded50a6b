/*
 * trace.h -- "tlbvisor run --trace": the VMM's events as a three-column
 * table, Process | Guest OS | VMM (see trace.c and docs/vmm.md).
 */
#ifndef TLBVISOR_TRACE_H
#define TLBVISOR_TRACE_H

#include <stdbool.h>
#include <stdio.h>

#include "vmm/vmm.h"

#define TRACE_TLB     0x1u   /* a TLB miss, from the user access to its retry */
#define TRACE_SYSCALL 0x2u   /* a system call, from the trap to the return */
#define TRACE_EXITS   0x4u   /* every VM exit */
#define TRACE_ALL     0x7u

struct trace {
    FILE *out;
    unsigned filter;         /* TRACE_* */
    unsigned nvms;           /* > 1: a VM column */
    bool header;
    bool shared_tty;         /* stdout and stderr are the same terminal */
    bool mid_line;           /* the guest printed a line not ended yet */
    void (*end_line)(void);  /* if set: ends the guest's open line instead (the
                                debugger, where both share stdout) */
    /* console output being gathered into one row */
    char con[72];
    unsigned con_len, con_count, con_vm;
};

/* trace_init: a trace to out, with filter, for nvms VMs. */
void trace_init(struct trace *t, FILE *out, unsigned filter, unsigned nvms);

/* trace_parse: "tlb,syscall,exits" or "all" (or empty: all) -> *filter.
 * 0, or -1 for an unknown name. */
int trace_parse(const char *spec, unsigned *filter);

/* trace_event: a vmm_set_trace function; ctx is a struct trace. */
void trace_event(void *ctx, const struct vmm_event *ev);

/* trace_finish: print what is still gathered. */
void trace_finish(struct trace *t);

#endif
