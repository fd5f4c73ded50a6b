/*
 * run.c -- "tlbvisor run": boot a machine and run it to the end.
 *
 * By default the machine boots tlbvisor's guest OS (boot.c) with the
 * programs on the command line as its processes, inside a VM of the VMM
 * (--bare: on the bare machine).  With --kernel FILE the program is the
 * machine's kernel instead.  session.c builds and boots the machine.
 *
 * Exit status: what the guest wrote to the power device (low 8 bits);
 * RUN_EXIT_BUDGET when --max-insns ran out; RUN_EXIT_GUEST_ERROR when the
 * machine cannot go on; 1 for a program that does not load; 2 for usage.
 */
#include <inttypes.h>
#include <stdio.h>

#include "debugger/commands.h"
#include "debugger/console.h"
#include "debugger/session.h"
#include "debugger/trace.h"

int cmd_run(int argc, char **argv)
{
    struct run_opts o;
    struct session s;
    enum run_end end = END_BUDGET;
    int status;

    if (run_parse_args(argc, argv, &o) < 0)
        return 2;
    if ((status = session_open(&s, &o, NULL, NULL)) != 0)
        return status;
    struct trace tr;
    trace_init(&tr, stderr, o.trace_filter, o.vmm.nvms);
    if (o.trace)
        vmm_set_trace(s.vmm, trace_event, &tr);
    session_catch_sigint();

    uint64_t left = o.max_insns ? o.max_insns : UINT64_MAX;
    for (;;) {
        uint64_t n = left < RUN_CHUNK ? left : RUN_CHUNK;
        end = session_run(&s, n);
        if (end != END_BUDGET)
            break;
        if (left != UINT64_MAX)
            left -= n;
        if (left == 0 || session_interrupted)
            break;
    }
    host_console_flush();
    if (o.trace)
        trace_finish(&tr);

    struct cpu_stats st;
    cpu_get_stats(s.cpu, &st);
    switch (end) {
    case END_HALT:
        status = (int)((s.vmm ? vmm_exit_status(s.vmm, 0) : cpu_exit_status(s.cpu)) & 0xff);
        break;
    case END_ERROR:
    case END_BREAK:                      /* no breakpoints are set: cannot happen */
        fprintf(stderr, "tlbvisor: guest error: %s\n",
                s.vmm ? vmm_error(s.vmm) : cpu_error(s.cpu));
        status = RUN_EXIT_GUEST_ERROR;
        break;
    default:
        if (session_interrupted) {
            fprintf(stderr, "tlbvisor: interrupted at pc 0x%08" PRIx32 " after %" PRIu64
                    " instructions\n", cpu_pc(s.cpu), st.steps);
            status = RUN_EXIT_INTERRUPTED;
        } else {
            fprintf(stderr, "tlbvisor: stopped after %" PRIu64 " instructions (--max-insns) "
                    "at pc 0x%08" PRIx32 "\n", st.steps, cpu_pc(s.cpu));
            status = RUN_EXIT_BUDGET;
        }
        break;
    }
    if (o.stats || o.stats_json)
        session_report(&s, end, true, stderr, o.stats);
    session_close(&s);
    return status;
}
