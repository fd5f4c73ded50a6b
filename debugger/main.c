/*
 * main.c -- the tlbvisor command: subcommand dispatch and --help.
 */
#include <stdio.h>
#include <string.h>

#include "debugger/commands.h"

static const char usage[] =
    "usage: tlbvisor COMMAND [options] [args]\n"
    "\n"
    "tlbvisor is a teaching machine for memory virtualization: a MIPS32 CPU\n"
    "with a software-refilled, ASID-tagged TLB (or an x86-style hardware\n"
    "page-table walker), an assembler and a disassembler.\n"
    "\n"
    "commands:\n"
    "  as FILE.s [-o FILE.elf]     assemble a program into an ELF executable\n"
    "  disas FILE.elf|FILE.s       disassemble a program's code\n"
    "  run [opts] PROG...          boot the guest OS with the programs, under the VMM\n"
    "                              (--bare: on the bare machine; --kernel FILE: your kernel)\n"
    "  debug [opts] PROG...        the same, stopped before the first instruction, in\n"
    "                              a gdb-like debugger (step, break, tlb, translate...)\n"
    "\n"
    "Run 'tlbvisor COMMAND --help' for a command's options.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("tlbvisor 0.1");
        return 0;
    }
    if (!strcmp(argv[1], "as"))
        return cmd_as(argc - 1, argv + 1);
    if (!strcmp(argv[1], "disas"))
        return cmd_disas(argc - 1, argv + 1);
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "debug"))
        return cmd_debug(argc - 1, argv + 1);
    fprintf(stderr, "tlbvisor: unknown command '%s'\n\n%s", argv[1], usage);
    return 2;
}
