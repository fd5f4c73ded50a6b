/*
 * debug.h -- what the files of "tlbvisor debug" share.
 *
 *   debug.c   the REPL: reading commands (readline, scripts), execution
 *             control (step, next, continue, until, finish), breakpoints
 *             and watchpoints, set, help
 *   look.c    looking at the machine: regs, cp0, x, disas, tlb, vtlb, pmap,
 *             pt, translate, walk, stats; symbols and the address spaces
 *
 * The debugger looks at one VM at a time (vm N): its registers, its CP0,
 * its virtual addresses.  On the bare machine there is one "VM", the
 * machine itself.  Looking never changes the machine: it uses the probes of
 * cpu/ and the looking API of vmm/.
 */
#ifndef TLBVISOR_DEBUG_H
#define TLBVISOR_DEBUG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "asm/asm.h"
#include "debugger/cmdparse.h"
#include "debugger/expr.h"
#include "debugger/session.h"
#include "debugger/trace.h"

#define DBG_MAX_BREAKS  64
#define DBG_MAX_EVENTS  64

/* An address space the user can name: a guest virtual address (of the VM
 * looked at, as its guest sees it now), a guest-physical address, or a
 * machine address (the same as physical on the bare machine). */
enum space { SP_VIRT, SP_PHYS, SP_MACH };

enum bp_kind { BP_ADDR, BP_EXCEPTION, BP_VMEXIT, BP_WATCH };

struct breakpoint {
    int num;                 /* 1, 2, ... as "info breakpoints" shows */
    enum bp_kind kind;
    bool enabled;
    uint32_t addr;           /* BP_ADDR: the virtual address */
    int code;                /* BP_EXCEPTION: the code, -1 any; BP_VMEXIT: the reason, -1 any */
    uint32_t ma;             /* BP_WATCH: the machine word watched */
    uint32_t old;            /* BP_WATCH: its value when last looked at */
    unsigned hits;
    char where[256];         /* "0x00400004 <main+4> at hello.s:7" etc. */
};

struct dbg {
    struct run_opts o;
    struct session s;
    unsigned vm;             /* the VM looked at */
    unsigned nvms;           /* 1 on the bare machine */
    /* symbols: the kernel (the guest OS or --kernel) and each program */
    struct asm_image kernel;
    struct asm_image *progs;
    int nprogs;
    /* breakpoints and watchpoints */
    struct breakpoint bp[DBG_MAX_BREAKS];
    int nbp, next_bp;
    /* what the VMM did during the current step */
    struct vmm_event ev[DBG_MAX_EVENTS];
    unsigned nev, ev_dropped;
    bool tracing;            /* "trace on": the VMM's events as the --trace table */
    struct trace tr;
    /* the machine has stopped for good (halt or error) */
    bool ended;
    enum run_end end;
    unsigned exit_reason;    /* the VM exit a catchpoint stopped for (enum vmm_exit) */
    /* "x" remembers its format and where it stopped */
    struct xfmt xf;
    uint32_t x_next;
    enum space x_space;
    FILE *out;               /* where everything goes (stdout) */
};

/* ---- look.c ------------------------------------------------------------------------- */
/* The current PC of the VM looked at, and whether it is a delay slot. */
uint32_t dbg_pc(struct dbg *d);
/* A register by name ("t0", "4", "pc", "hi", "lo", "epc", "badvaddr",
 * "status", "cause", "entryhi", "sp"...): 0 or -1. */
int dbg_reg(struct dbg *d, const char *name, uint32_t *out);
/* dbg_set_reg: a GPR, pc, hi or lo.  0, or -1 with a message in err. */
int dbg_set_reg(struct dbg *d, const char *name, uint32_t v, char *err, size_t n);
int dbg_symbol(struct dbg *d, const char *name, uint32_t *out);
/* dbg_symbolize: "main+12" for addr (empty if no label covers it); the
 * program to use for user addresses is the one of the VM's current process. */
const char *dbg_symbolize(struct dbg *d, uint32_t addr, char *buf, size_t n);
/* dbg_source: "hello.s:12" for addr, or NULL. */
const char *dbg_source(struct dbg *d, uint32_t addr, char *buf, size_t n);
const struct asm_image *dbg_image_for(struct dbg *d, uint32_t addr);
/* dbg_resolve: the machine address of (space, addr) in the VM looked at: 0,
 * or -1 with why in err ("0x... is not mapped in vm0's TLB" ...). */
int dbg_resolve(struct dbg *d, enum space sp, uint32_t addr, uint32_t *ma, char *err, size_t n);
/* dbg_read / dbg_write: bytes at (space, addr), page by page.  0 or -1 (err). */
int dbg_read(struct dbg *d, enum space sp, uint32_t addr, void *buf, size_t len, char *err,
             size_t n);
int dbg_write(struct dbg *d, enum space sp, uint32_t addr, const void *buf, size_t len,
              char *err, size_t n);
/* dbg_env: the expression environment of the VM looked at. */
struct expr_env dbg_env(struct dbg *d);
/* dbg_insn_line: print "0x00400010 <main+16>  lw $t1,0($t0)" (with the VM's
 * tag when there are several) for the instruction at pc of the VM looked at. */
void dbg_insn_line(struct dbg *d, const char *mark, uint32_t pc);
void dbg_insn_format(struct dbg *d, const char *mark, uint32_t pc, char *buf, size_t n);
/* dbg_guest_asid: the ASID the VM's guest runs under now. */
uint32_t dbg_guest_asid(struct dbg *d);

/* The looking commands: argv[0] is the command; each prints its error and
 * returns -1 on bad input. */
int look_regs(struct dbg *d, int argc, char **argv);
int look_cp0(struct dbg *d, int argc, char **argv);
int look_x(struct dbg *d, int argc, char **argv);
int look_disas(struct dbg *d, int argc, char **argv);
int look_tlb(struct dbg *d, int argc, char **argv);
int look_vtlb(struct dbg *d, int argc, char **argv);
int look_pmap(struct dbg *d, int argc, char **argv);
int look_pt(struct dbg *d, int argc, char **argv);
int look_translate(struct dbg *d, int argc, char **argv);
int look_walk(struct dbg *d, int argc, char **argv);
int look_stats(struct dbg *d, int argc, char **argv);

/* dbg_error: print "error: ..." as one line. */
void dbg_error(struct dbg *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* dbg_parse_addr: "[phys|mach] EXPR" from argv[i...] joined: the space and value. */
int dbg_parse_addr(struct dbg *d, int argc, char **argv, int i, enum space *sp, uint32_t *v);

#endif
