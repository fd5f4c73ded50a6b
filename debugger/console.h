/*
 * console.h -- the machine's console on the host's stdin and stdout.
 *
 * Output is buffered and flushed before the machine waits for input and when
 * a run ends.  Input from a file or a pipe is always "ready" until its end,
 * so a run never depends on timing; input from a terminal is ready when a
 * byte has been typed (see docs/isa.md, "Physical memory and devices").
 */
#ifndef TLBVISOR_CONSOLE_H
#define TLBVISOR_CONSOLE_H

#include "cpu/cpu.h"

/* host_console_ops: the host console as a back end (ctx NULL), for the VMM's
 * virtual consoles. */
const struct cpu_console_ops *host_console_ops(void);

/* host_console_attach: connect cpu's console to stdin/stdout. */
void host_console_attach(struct cpu *cpu);
/* host_console_input: read the console's input from fd instead of stdin
 * (-1: no input at all, the guest sees its end at once). */
void host_console_input(int fd);
/* host_console_end_line: if the guest left a line open, end it (so that
 * the debugger's messages start on a line of their own). */
void host_console_end_line(void);
/* host_console_flush: write out what the guest printed so far. */
void host_console_flush(void);

#endif
