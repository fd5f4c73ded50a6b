/*
 * session.h -- one machine as "tlbvisor run" and "tlbvisor debug" set it up.
 *
 * Both commands take the same options (debug adds -x and --input), build the
 * same machine (the bare CPU, or the CPU and the VMM with its VMs), boot the
 * same guest OS and programs (or --kernel FILE) into it, and report the same
 * statistics.  session.c does that once for both.
 */
#ifndef TLBVISOR_SESSION_H
#define TLBVISOR_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "debugger/stats.h"
#include "vmm/vmm.h"

/* Runs hand the machine this many steps at a time, so that Ctrl-C is
 * noticed promptly; the chunking does not change what the guest sees. */
#define RUN_CHUNK (1u << 22)

#define RUN_EXIT_BUDGET       124
#define RUN_EXIT_GUEST_ERROR  125
#define RUN_EXIT_INTERRUPTED  130

struct run_opts {
    const char *cmd;         /* "run" or "debug", for messages */
    const char *kernel;
    char **progs;            /* the programs, for the guest OS */
    int nprogs;
    struct cpu_config cfg;   /* the machine (mem_size: --mem) */
    bool mem_given;
    uint64_t max_insns;      /* 0: no limit */
    bool stats;
    bool bare;
    struct vmm_config vmm;
    bool trace;
    unsigned trace_filter;
    const char *stats_json;
    struct cost_model cost;
    struct vmm_pmap_entry pmap[1024];    /* --pmap FILE */
    /* debug only */
    const char *script;      /* -x FILE */
    const char *input;       /* --input FILE: the guest's console input */
};

/* run_parse_args: the options of "tlbvisor CMD" (argv[0] is CMD: "run" or
 * "debug") into *o.  Prints usage for --help (and exits 0); 0, or -1 after
 * a message on stderr. */
int run_parse_args(int argc, char **argv, struct run_opts *o);

enum run_end { END_HALT, END_ERROR, END_BUDGET, END_BREAK };

struct session {
    struct run_opts *o;
    struct cpu *cpu;
    struct vmm *vmm;         /* NULL: bare */
};

/* session_open: the machine o describes, with the console on con (NULL:
 * the host's stdin/stdout), booted.  0, or the exit status to end with
 * after a message on stderr (2 for a machine that cannot be built, 1 for a
 * program that does not load). */
int session_open(struct session *s, struct run_opts *o, const struct cpu_console_ops *con,
                 void *con_ctx);
void session_close(struct session *s);

/* session_run: up to n machine steps. */
enum run_end session_run(struct session *s, uint64_t n);

/* session_report: the statistics of the run so far: printed (--stats) to
 * f, written (--stats-json) if asked.  With twin set and a run that ended
 * with a halt, the overhead against the same run on a bare machine. */
void session_report(struct session *s, enum run_end end, bool twin, FILE *f, bool print);

/* Set by SIGINT when session_catch_sigint is in force; the handler also
 * writes a byte to session_sigint_fd if it is not -1 (a self-pipe, for a
 * reader that must wake up). */
extern volatile sig_atomic_t session_interrupted;
extern volatile int session_sigint_fd;
void session_catch_sigint(void);

#endif
