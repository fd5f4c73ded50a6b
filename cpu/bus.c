/*
 * bus.c -- physical memory and the devices: the console and the power switch.
 *
 * RAM is a host array from PA 0; the execute loop reaches it directly through
 * the fast cache.  Everything else on the bus is here: the device window at
 * DEV_BASE (console, power) and the host-side copy functions for loaders.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cpu/internal.h"

/* ---- host-side copies ----------------------------------------------------- */

int cpu_phys_write(struct cpu *c, uint32_t pa, const void *src, size_t n)
{
    if (n > UINT32_MAX || !bus_is_ram(c, pa, (uint32_t)n))
        return -1;
    memcpy(c->ram + pa, src, n);
    return 0;
}

int cpu_phys_read(struct cpu *c, uint32_t pa, void *dst, size_t n)
{
    if (n > UINT32_MAX || !bus_is_ram(c, pa, (uint32_t)n))
        return -1;
    memcpy(dst, c->ram + pa, n);
    return 0;
}

/* ---- the console --------------------------------------------------------------
 * OUT (+0) writes a byte, IN (+4) reads one (or 0xffffffff at end of input),
 * CTRL (+8) reads READY | INTEN and writes INTEN.  Line 2 is raised while
 * READY and INTEN are both set. */

/* The console a machine starts with: nothing attached.  Output goes
 * nowhere, input is at its end.  The front end attaches the host's. */
static int null_read(void *ctx)
{
    (void)ctx;
    return -1;
}

static bool null_ready(void *ctx)
{
    (void)ctx;
    return true;
}

static void null_write(void *ctx, uint8_t byte)
{
    (void)ctx;
    (void)byte;
}

void bus_default_console(struct cpu *c)
{
    static const struct cpu_console_ops null_ops = {
        null_read, null_ready, null_write, NULL,
    };
    c->con = null_ops;
    c->con_ctx = NULL;
}

void cpu_set_console(struct cpu *c, const struct cpu_console_ops *ops, void *ctx)
{
    c->con = *ops;
    c->con_ctx = ctx;
}

bool bus_console_irq(struct cpu *c)
{
    return c->con_inten && c->con.ready(c->con_ctx);
}

/* ---- device dispatch --------------------------------------------------------------- */

int bus_dev_read(struct cpu *c, uint32_t pa, unsigned size, uint32_t *v)
{
    (void)size;
    switch (pa) {
    case DEV_CONSOLE + CONSOLE_OUT:
        *v = 0;
        return 0;
    case DEV_CONSOLE + CONSOLE_IN: {
        int ch = c->con.read(c->con_ctx);
        *v = ch < 0 ? 0xffffffffu : (uint32_t)ch;
        c->stop_at = 0;      /* the console line may have changed */
        return 0;
    }
    case DEV_CONSOLE + CONSOLE_CTRL:
        *v = (c->con.ready(c->con_ctx) ? CONSOLE_READY : 0) |
             (c->con_inten ? CONSOLE_INTEN : 0);
        return 0;
    case DEV_POWER:
        *v = 0;
        return 0;
    default:
        return -1;
    }
}

int bus_dev_write(struct cpu *c, uint32_t pa, unsigned size, uint32_t v)
{
    (void)size;
    switch (pa) {
    case DEV_CONSOLE + CONSOLE_OUT:
        c->con.write(c->con_ctx, (uint8_t)v);
        return 0;
    case DEV_CONSOLE + CONSOLE_IN:
        return 0;
    case DEV_CONSOLE + CONSOLE_CTRL:
        c->con_inten = (v & CONSOLE_INTEN) != 0;
        c->stop_at = 0;      /* re-evaluate interrupts */
        return 0;
    case DEV_POWER:
        c->halted = true;
        c->exit_status = v;
        c->stop = CPU_STOP_HALT;
        c->stop_at = 0;
        return 0;
    default:
        return -1;
    }
}

/* ---- the machine log ------------------------------------------------------------ */

static void stderr_log(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "tlbvisor: %s\n", msg);
}

void cpu_set_log(struct cpu *c, void (*log)(void *ctx, const char *msg), void *ctx)
{
    c->log = log ? log : stderr_log;
    c->log_ctx = ctx;
}

void cpu_logf(struct cpu *c, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->log(c->log_ctx, buf);
}
