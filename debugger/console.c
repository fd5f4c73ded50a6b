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
    int fd;                 /* where input comes from */
    int pending;            /* a byte read ahead, or -1 */
    bool eof;
    bool tty;
} in = { STDIN_FILENO, -1, false, false };

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
        ssize_t n = read(in.fd, &b, 1);
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
    struct pollfd p = { in.fd, POLLIN, 0 };
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
    struct pollfd p = { in.fd, POLLIN, 0 };
    (void)ctx;

    fflush(stdout);
    while (!host_ready(NULL))
        poll(&p, 1, -1);
}

static bool mid_line;        /* the last byte written was not a newline */

static void host_write(void *ctx, uint8_t byte)
{
    (void)ctx;
    putchar(byte);
    mid_line = byte != '\n';
}

void host_console_end_line(void)
{
    if (mid_line)
        putchar('\n');
    mid_line = false;
}

const struct cpu_console_ops *host_console_ops(void)
{
    static const struct cpu_console_ops ops = {
        host_read, host_ready, host_write, host_wait,
    };
    in.tty = in.fd >= 0 && isatty(in.fd);
    return &ops;
}

void host_console_attach(struct cpu *cpu)
{
    cpu_set_console(cpu, host_console_ops(), NULL);
}

void host_console_input(int fd)
{
    in.fd = fd;
    in.eof = fd < 0;
    in.pending = -1;
    in.tty = fd >= 0 && isatty(fd);
}

void host_console_flush(void)
{
    fflush(stdout);
}
