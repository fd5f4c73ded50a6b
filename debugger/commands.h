/*
 * commands.h -- the tlbvisor subcommands.  Each takes the arguments after
 * "tlbvisor" (argv[0] is the command name) and returns the process exit status.
 */
#ifndef TLBVISOR_COMMANDS_H
#define TLBVISOR_COMMANDS_H

int cmd_as(int argc, char **argv);      /* debugger/asmcmd.c */
int cmd_disas(int argc, char **argv);   /* debugger/asmcmd.c */
int cmd_run(int argc, char **argv);     /* debugger/run.c */
int cmd_debug(int argc, char **argv);   /* debugger/debug.c */

#endif
