/*
 * asmcmd.c -- "tlbvisor as" and "tlbvisor disas".
 *
 * Exit status: 0 success, 1 assembly or input errors, 2 usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm/asm.h"
#include "debugger/commands.h"

static const char as_usage[] =
    "usage: tlbvisor as FILE.s [-o FILE.elf]\n"
    "\n"
    "Assemble a MIPS32 program (GNU as / SPIM syntax) into an ELF32 executable.\n"
    "Text starts at 0x00400000, data at 0x10010000, .ktext at 0x80000180 and\n"
    ".kdata at 0x80200000 unless the program says otherwise; the entry point is\n"
    "__start, else main, else the start of .text.\n"
    "\n"
    "options:\n"
    "  -o FILE     write the executable to FILE (default: FILE.s with .s\n"
    "              replaced by .elf, or FILE.elf for other names)\n"
    "  -h, --help  show this help\n"
    "\n"
    "Diagnostics are printed GCC style (file:line:col: error: ...). Exit status:\n"
    "0 on success, 1 if the program has errors, 2 on a usage error.\n";

static const char disas_usage[] =
    "usage: tlbvisor disas FILE.elf|FILE.s\n"
    "\n"
    "Disassemble the code sections of an ELF executable (tlbvisor's or GNU\n"
    "ld's) or of an assembly source file, with labels.\n"
    "\n"
    "options:\n"
    "  -h, --help  show this help\n";

/* default_output: FILE.s -> FILE.elf, anything else -> FILE.elf appended. */
static char *default_output(const char *in)
{
    size_t n = strlen(in);
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    const char *dot = strrchr(base, '.');
    size_t keep = n;
    if (dot && dot != base && (!strcmp(dot, ".s") || !strcmp(dot, ".S") || !strcmp(dot, ".asm")))
        keep = (size_t)(dot - in);
    char *out = malloc(keep + 5);
    if (!out)
        return NULL;
    memcpy(out, in, keep);
    memcpy(out + keep, ".elf", 5);
    return out;
}

int cmd_as(int argc, char **argv)
{
    const char *in = NULL, *outpath = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(as_usage, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "-o")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tlbvisor as: -o needs a file name\n\n%s", as_usage);
                return 2;
            }
            if (outpath) {
                fprintf(stderr, "tlbvisor as: -o given twice\n");
                return 2;
            }
            outpath = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "tlbvisor as: unknown option '%s'\n\n%s", argv[i], as_usage);
            return 2;
        } else if (in) {
            fprintf(stderr, "tlbvisor as: one input file only ('%s' and '%s')\n", in, argv[i]);
            return 2;
        } else {
            in = argv[i];
        }
    }
    if (!in) {
        fprintf(stderr, "tlbvisor as: no input file\n\n%s", as_usage);
        return 2;
    }
    struct asm_image img;
    if (asm_assemble_file(in, &img, stderr) != 0)
        return 1;
    char *def = NULL;
    if (!outpath) {
        def = default_output(in);
        if (!def) {
            asm_image_free(&img);
            fputs("tlbvisor as: out of memory\n", stderr);
            return 1;
        }
        outpath = def;
    }
    int rc = elf_write(&img, outpath, stderr) == 0 ? 0 : 1;
    asm_image_free(&img);
    free(def);
    return rc;
}

int cmd_disas(int argc, char **argv)
{
    const char *in = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(disas_usage, stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "tlbvisor disas: unknown option '%s'\n\n%s", argv[i], disas_usage);
            return 2;
        }
        if (in) {
            fprintf(stderr, "tlbvisor disas: one input file only\n");
            return 2;
        }
        in = argv[i];
    }
    if (!in) {
        fprintf(stderr, "tlbvisor disas: no input file\n\n%s", disas_usage);
        return 2;
    }
    struct asm_image img;
    if (asm_load(in, &img, stderr) != 0)
        return 1;
    printf("%s: entry point 0x%08x\n\n", in, img.entry);
    asm_disas_image(&img, stdout);
    asm_image_free(&img);
    return 0;
}
