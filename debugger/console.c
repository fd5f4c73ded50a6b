/*
 * console.c -- the machine's console on the host's stdin and stdout.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "debugger/console.h"

/* One byte of look-ahead: ready() on a terminal may read a byte that read()
 * then returns. */
static struct {
    int pending;            /* a byte read ahead, or -1 */
    bool eof;
    bool tty;
} in = { -1, false, false };

static int host_read(void *ctx)
{
    unsigned char b;
    (void)ctx;

    if (in.pending >= 0) {
        int ch = in.pending;
        in.pending = -1;
        return ch;
    }
    if (in.eof)
        return -1;
    fflush(stdout);
    for (;;) {
        ssize_t n = read(STDIN_FILENO, &b, 1);
        if (n == 1)
            return b;
        if (n < 0 && errno == EINTR)
            continue;
        in.eof = true;
        return -1;
    }
}

static bool host_ready(void *ctx)
{
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    (void)ctx;

    if (in.pending >= 0 || in.eof || !in.tty)
        return true;
    if (poll(&p, 1, 0) <= 0)
        return false;
    in.pending = host_read(NULL);
    return true;
}

static void host_wait(void *ctx)
{
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    (void)ctx;

    fflush(stdout);
    while (!host_ready(NULL))
        poll(&p, 1, -1);
}

static void host_write(void *ctx, uint8_t byte)
{
    (void)ctx;
    putchar(byte);
}

const struct cpu_console_ops *host_console_ops(void)
{
    static const struct cpu_console_ops ops = {
        host_read, host_ready, host_write, host_wait,
    };
    in.tty = isatty(STDIN_FILENO);
    return &ops;
}

void host_console_attach(struct cpu *cpu)
{
    cpu_set_console(cpu, host_console_ops(), NULL);
}

void host_console_flush(void)
{
    fflush(stdout);
}
