/* run.c -- "tlbvisor run": placeholder until the machine lands. */
#include <stdio.h>
#include "debugger/commands.h"

int cmd_run(int argc, char **argv)
{
    (void)argc; (void)argv;
    fputs("tlbvisor run: not built yet\n", stderr);
    return 2;
}
