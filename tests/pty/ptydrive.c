/*
 * tests/pty/ptydrive.c -- drive an interactive program through a
 * pseudo-terminal, as a user at a terminal would, from a small script.
 * The test suite uses it on tlbvisor's readline REPL (tab completion,
 * history, Ctrl-C). It needs only libc: no python, expect or tmux.
 *
 *   cc -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Wall -Wextra -Werror \
 *      -o ptydrive tests/pty/ptydrive.c
 *
 * USAGE
 *   ptydrive [-v] [-t SECONDS] [-T SECONDS] [-e NAME=VALUE]... SCRIPT -- PROGRAM [ARG]...
 *
 *   -t SECONDS    time limit of each expect, wait and send (default 5;
 *                 fractions allowed, e.g. -t 0.5)
 *   -T SECONDS    time limit of the whole run (default 60)
 *   -e NAME=VALUE set in PROGRAM's environment, after TERM=dumb (so
 *                 -e TERM=xterm overrides it); e.g. -e HOME=$tmp points
 *                 readline's history file at a temporary directory, and
 *                 -e INPUTRC=/dev/null keeps ~/.inputrc out of the test
 *   -v            print the transcript to stderr at the end, also on success
 *   SCRIPT        the script file, or - for standard input
 *
 * PROGRAM (found on PATH) runs in a new session whose controlling terminal
 * is the pty slave, on its stdin, stdout and stderr; the window is 80x24,
 * the terminal modes are the kernel's defaults (cooked: ICANON ECHO ISIG
 * ICRNL ONLCR), every signal is at its default action and unblocked (even
 * if ptydrive itself was started with SIGINT ignored, as `cmd &` does).
 *
 * THE SCRIPT LANGUAGE
 * One command per line. Blank lines and lines whose first non-blank
 * character is # are ignored; leading blanks before the verb are allowed.
 * The verb and its argument are separated by exactly one space: everything
 * after it, up to the end of the line, is the argument, spaces included
 * (also trailing ones; write \x20 to make one visible). A CR just before
 * the newline (a CRLF file) is dropped.
 *
 *   send TEXT      write TEXT to the terminal, as typed keys. The Enter key
 *                  is \r (the terminal turns it into \n under ICRNL).
 *   expect TEXT    wait until TEXT appears (a plain substring, no patterns)
 *                  in the output received since the end of the previous
 *                  successful expect's match; the next expect starts
 *                  after this match. Fails after the -t limit, or at once
 *                  if the terminal closed (every process holding it has
 *                  exited) and TEXT did not come.
 *   sleep MS       pause MS milliseconds (still collecting output).
 *   signal NAME    send signal NAME (INT, TERM, HUP, QUIT, KILL, ...; a SIG
 *                  prefix is allowed) to the terminal's foreground process
 *                  group. Rarely needed: send \x03 is Ctrl-C (see below).
 *   eof            send the terminal's EOF key, Ctrl-D (\x04).
 *   wait STATUS    wait (up to the -t limit) for PROGRAM to exit, and check
 *                  how: STATUS is an exit status 0..255 or a signal name
 *                  (SIGINT or INT: killed by that signal), or several of
 *                  them separated by |, e.g. "wait 130|SIGINT". On timeout
 *                  PROGRAM is killed.
 *
 * TEXT takes the escapes \r \n \t \\ \e (ESC, 0x1b) and \xH or \xHH (any
 * byte): \x03 is Ctrl-C, \x04 Ctrl-D, \x7f Backspace, \x15 Ctrl-U, \t
 * Tab, \e[A the up arrow (readline binds it whatever TERM says). Any other
 * backslash is an error.
 *
 * What the terminal echoes is output too: after "send hello\r", "expect
 * hello" matches the echo. Expect something only the program prints.
 * Expect the prompt before you send: keys sent early are handled by the
 * terminal in whatever mode it is in at that moment (cooked, before
 * readline takes over: echoed by the kernel, Ctrl-C a signal at once).
 *
 * Ctrl-C (as observed on Linux 6.x, Debian 12, readline 8.2). The line
 * discipline has ISIG on by default, so "send \x03" raises SIGINT in the
 * terminal's foreground process group at once; "signal INT" is not needed.
 * The kernel echoes ^C if ECHO is on, and discards typed input not yet
 * read (NOFLSH is off). readline, while it reads a line, clears ICANON and
 * ECHO but keeps ISIG: the byte still becomes SIGINT; readline echoes "^C"
 * itself, its handler (rl_catch_signals) restores the terminal and passes
 * the signal on to the program's handler and, if that returns, goes on
 * reading the same line. So "send abc\x03" in one go loses abc (flushed
 * before readline read it), while "send abc", "expect abc", "send \x03"
 * keeps it. A program that clears ISIG (stty raw, cfmakeraw) reads the
 * 0x03 byte instead. Send Ctrl-C only once the program is where you mean
 * to interrupt it: sent right after "ready", `sh -c 'echo ready; sleep 30;
 * echo after'` ran on 15 times in 20 (dash caught the SIGINT between its
 * fork and sleep's exec, then waited for a sleep that never got it); after
 * a 1 s pause it ends killed by SIGINT (not exit 130) every time, as does
 * `sh -c 'echo ready; exec sleep 30'` with no pause.
 *
 * At the end of the script, if PROGRAM is still running, ptydrive closes
 * the terminal (a hangup: SIGHUP), then kills it after a second; either
 * way the script passed. A whole run is never longer than -T: then
 * PROGRAM is killed and ptydrive fails.
 *
 * EXIT STATUS: 0 the script passed, printing nothing (unless -v); 1 it
 * failed: a message with the script's line number, what was expected and
 * what was received is printed to stderr (and with -v the transcript,
 * control characters visible: \r, \n, \x1b, the script's steps marked
 * >>>); 2 a usage or script syntax error, or PROGRAM could not be run.
 *
 * Linux: after the last process holding the slave exits, reading the
 * master gives EIO (not end of file), which ptydrive takes as "closed".
 */
/* Also when built with only -std=c11 or the project's -D_POSIX_C_SOURCE. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum verb { V_SEND, V_EXPECT, V_SLEEP, V_SIGNAL, V_EOF, V_WAIT };

#define MAX_ALTS 8
#define SIGNALLED 1000 /* a wait alternative SIGNALLED+n: killed by signal n */
#define MAX_OUTPUT (16u << 20)

struct cmd {
    enum verb verb;
    int line;
    char *text; /* send/expect: unescaped bytes; otherwise NULL */
    size_t len;
    char *arg;  /* the argument as written, for messages */
    long ms;    /* sleep */
    int sig;    /* signal */
    int nalts;  /* wait */
    int alts[MAX_ALTS];
};

struct event {
    size_t off; /* position in the output where it happened */
    int line;
    char *desc;
};

static const char *script_name;
static char **env; /* -e NAME=VALUE */
static size_t nenv;
static int verbose;
static long long step_ms = 5000, total_ms = 60000, end_at;

static struct cmd *cmds;
static size_t ncmds;

static int master = -1;
static int master_closed; /* EIO (or end of file) seen on the master */
static pid_t child;
static int exited, exit_status;
static int chld_pipe[2] = { -1, -1 };

static char *out;         /* everything PROGRAM wrote */
static size_t out_len, out_cap, mark;

static struct event *events;
static size_t nevents, events_cap;

static const struct { const char *name; int sig; } signames[] = {
    { "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT },
    { "ILL", SIGILL },   { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
    { "BUS", SIGBUS },   { "FPE", SIGFPE },   { "KILL", SIGKILL },
    { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
    { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
    { "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
    { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
    { "WINCH", SIGWINCH },
};

static const char *signame(int sig)
{
    for (size_t i = 0; i < sizeof signames / sizeof signames[0]; i++)
        if (signames[i].sig == sig)
            return signames[i].name;
    return "?";
}

static int parse_signame(const char *s)
{
    if (strncmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < sizeof signames / sizeof signames[0]; i++)
        if (strcmp(signames[i].name, s) == 0)
            return signames[i].sig;
    return 0;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "ptydrive: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- visible text --------------------------------------------------------- */

/* Write bytes with control characters made visible. With breaks, a newline
 * is shown as \n and also starts a new line. Returns whether the last thing
 * written ended a line. */
static int put_visible(FILE *f, const char *s, size_t n, int breaks, int at_bol)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\n': fputs(breaks ? "\\n\n" : "\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case '\\': fputs("\\\\", f); break;
        default:
            if (c >= 0x20 && c < 0x7f)
                fputc(c, f);
            else
                fprintf(f, "\\x%02x", c);
        }
        at_bol = breaks && c == '\n';
    }
    return at_bol;
}

static void note_at(size_t off, int line, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (nevents == events_cap) {
        events_cap = events_cap ? 2 * events_cap : 32;
        events = xrealloc(events, events_cap * sizeof *events);
    }
    events[nevents++] = (struct event){ off, line, xstrdup(buf) };
}

#define note(...) note_at(out_len, __VA_ARGS__)

static void print_transcript(void)
{
    size_t pos = 0;
    int bol = 1;
    fprintf(stderr, "ptydrive: transcript of %s (%zu bytes received; >>> marks the script's steps):\n",
            script_name, out_len);
    for (size_t i = 0; i < nevents; i++) {
        size_t off = events[i].off < pos ? pos : events[i].off;
        bol = put_visible(stderr, out + pos, off - pos, 1, bol);
        if (!bol)
            fputc('\n', stderr);
        fprintf(stderr, ">>> %d: %s\n", events[i].line, events[i].desc);
        bol = 1;
        pos = off;
    }
    bol = put_visible(stderr, out + pos, out_len - pos, 1, bol);
    if (!bol)
        fputc('\n', stderr);
    fputs(">>> end of transcript\n", stderr);
}

/* ---- the child ------------------------------------------------------------ */

static void finish_child(void);

static void kill_child(int sig)
{
    if (child > 0 && !exited) {
        kill(-child, sig); /* its session's first process group */
        kill(child, sig);
    }
}

static void reap(void)
{
    int st;
    if (child > 0 && !exited && waitpid(child, &st, WNOHANG) == child) {
        exited = 1;
        exit_status = st;
    }
}

static void describe_status(char *buf, size_t n, int st)
{
    if (WIFEXITED(st))
        snprintf(buf, n, "exited with status %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(buf, n, "was killed by signal %d (SIG%s)", WTERMSIG(st), signame(WTERMSIG(st)));
    else
        snprintf(buf, n, "ended with wait status %#x", st);
}

static void on_sigchld(int sig)
{
    int e = errno;
    char c = 0;
    (void)sig;
    if (write(chld_pipe[1], &c, 1) < 0) {
        /* the pipe is full: a wakeup is already pending */
    }
    errno = e;
}

static void on_sigalrm(int sig)
{
    static const char msg[] = "ptydrive: the overall time limit passed (stuck?); killed the program\n";
    (void)sig;
    if (child > 0) {
        kill(-child, SIGKILL);
        kill(child, SIGKILL);
    }
    if (write(2, msg, sizeof msg - 1) < 0) {
        /* nothing to do */
    }
    _exit(1);
}

/* Read what the master has. */
static void read_master(void)
{
    while (!master_closed) {
        if (out_cap - out_len < 4096) {
            out_cap = out_cap ? 2 * out_cap : 65536;
            out = xrealloc(out, out_cap);
        }
        ssize_t n = read(master, out + out_len, out_cap - out_len);
        if (n > 0) {
            out_len += (size_t)n;
            if (out_len > MAX_OUTPUT) {
                fprintf(stderr, "ptydrive: %s: the program wrote more than %u bytes; giving up\n",
                        script_name, MAX_OUTPUT);
                if (verbose)
                    print_transcript();
                kill_child(SIGKILL);
                finish_child();
                exit(1);
            }
        } else if (n == 0 || errno == EIO) {
            master_closed = 1; /* Linux: EIO once no process holds the slave */
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return;
        } else {
            perror("ptydrive: read from the terminal");
            master_closed = 1;
        }
    }
}

/* Wait until `until` (a now_ms() time) for output, the child's exit or,
 * with want_write, room to write; handle what came. */
static void pump(long long until, int want_write)
{
    struct pollfd p[2];
    long long left = until - now_ms();
    int timeout = left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;

    p[0].fd = master_closed ? -1 : master;
    p[0].events = POLLIN | (want_write ? POLLOUT : 0);
    p[0].revents = 0;
    p[1].fd = chld_pipe[0];
    p[1].events = POLLIN;
    p[1].revents = 0;
    if (poll(p, 2, timeout) < 0) {
        if (errno != EINTR) {
            perror("ptydrive: poll");
            exit(2);
        }
    }
    if (p[1].revents & POLLIN) {
        char buf[64];
        while (read(chld_pipe[0], buf, sizeof buf) > 0)
            ;
    }
    reap();
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
        read_master();
}

/* After the child's exit: collect the rest of its output, briefly (a
 * process it left behind may still hold the terminal). */
static void drain(void)
{
    long long until = now_ms() + 200;
    read_master();
    while (!master_closed && now_ms() < until)
        pump(until, 0);
}

/* End the child if it still runs, and reap it. */
static void finish_child(void)
{
    if (child <= 0)
        return;
    if (!exited) {
        /* Closing the master hangs the terminal up: SIGHUP. */
        if (master >= 0)
            close(master);
        master = -1;
        master_closed = 1;
        long long until = now_ms() + 1000;
        while (!exited && now_ms() < until)
            pump(until, 0);
    }
    if (!exited) {
        int st = 0;
        kill_child(SIGKILL);
        while (waitpid(child, &st, 0) < 0 && errno == EINTR)
            ;
        exited = 1;
        exit_status = st;
    }
}

/* ---- failing ---------------------------------------------------------------- */

static void fail(const struct cmd *c, const char *fmt, ...)
{
    static const char *const verbs[] = { "send", "expect", "sleep", "signal", "eof", "wait" };
    va_list ap;

    fprintf(stderr, "ptydrive: %s:%d: %s", script_name, c->line, verbs[c->verb]);
    if (c->arg) {
        fputs(" \"", stderr);
        if (c->text)
            put_visible(stderr, c->text, c->len, 0, 0);
        else
            fputs(c->arg, stderr);
        fputc('"', stderr);
    }
    fputs(": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (c->verb == V_EXPECT || c->verb == V_WAIT) {
        fprintf(stderr, "ptydrive: received since the last match (%zu bytes): \"", out_len - mark);
        put_visible(stderr, out + mark, out_len - mark, 0, 0);
        fputs("\"\n", stderr);
    }
    note(c->line, "FAILED here");
    if (verbose)
        print_transcript();
    kill_child(SIGKILL);
    finish_child();
    exit(1);
}

static void check_total(const struct cmd *c)
{
    if (now_ms() >= end_at)
        fail(c, "the whole run's time limit (-T %.3g s) passed", (double)total_ms / 1000.0);
}

/* The time limit of a step, capped by the whole run's. */
static long long deadline(const struct cmd *c, long long ms)
{
    long long t = now_ms() + ms;
    check_total(c);
    return t < end_at ? t : end_at;
}

/* ---- running the script ----------------------------------------------------- */

static void do_send(const struct cmd *c, const char *s, size_t n)
{
    long long until = deadline(c, step_ms);
    size_t done = 0;

    if (c->arg)
        note(c->line, "send %s", c->arg);
    else
        note(c->line, "eof");
    while (done < n) {
        if (master_closed)
            fail(c, "the terminal is closed (the program has exited?)");
        ssize_t w = write(master, s + done, n - done);
        if (w > 0) {
            done += (size_t)w;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            if (now_ms() >= until) {
                check_total(c);
                fail(c, "the program read no input for %.3g s (wrote %zu of %zu bytes)",
                     (double)step_ms / 1000.0, done, n);
            }
            pump(until, 1);
        } else if (w < 0 && errno == EIO) {
            master_closed = 1;
        } else {
            fail(c, "write to the terminal: %s", strerror(errno));
        }
    }
}

/* memmem(), which C11 and POSIX lack. */
static char *find(char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0)
        return hay;
    for (size_t i = 0; m <= n && i <= n - m; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

static void do_expect(const struct cmd *c)
{
    long long until = deadline(c, step_ms);
    for (;;) {
        char *hit = find(out + mark, out_len - mark, c->text, c->len);
        if (hit) {
            size_t end = (size_t)(hit - out) + c->len;
            note_at(end, c->line, "expect %s: matched", c->arg);
            mark = end;
            return;
        }
        if (master_closed) {
            char how[64] = "";
            long long grace = now_ms() + 500; /* the exit usually follows */
            while (!exited && now_ms() < grace)
                pump(grace, 0);
            if (exited)
                describe_status(how, sizeof how, exit_status);
            fail(c, "not received; the terminal closed (the program %s)",
                 exited ? how : "closed it");
        }
        if (now_ms() >= until) {
            check_total(c);
            fail(c, "not received within %.3g s", (double)step_ms / 1000.0);
        }
        pump(until, 0);
    }
}

static void do_sleep(const struct cmd *c)
{
    long long until = now_ms() + c->ms;
    while (now_ms() < until) {
        check_total(c);
        pump(until < end_at ? until : end_at, 0);
    }
}

static void do_signal(const struct cmd *c)
{
    pid_t pg = master_closed ? -1 : tcgetpgrp(master);
    note(c->line, "signal SIG%s to process group %d", signame(c->sig), pg > 0 ? (int)pg : (int)child);
    if (exited)
        fail(c, "the program has exited");
    if (pg > 0)
        kill(-pg, c->sig);
    else
        kill_child(c->sig);
}

static void do_wait(const struct cmd *c)
{
    long long until = deadline(c, step_ms);
    char how[64];

    while (!exited) {
        if (now_ms() >= until) {
            check_total(c);
            fail(c, "the program did not exit within %.3g s (killed it)", (double)step_ms / 1000.0);
        }
        pump(until, 0);
    }
    drain();
    describe_status(how, sizeof how, exit_status);
    note(c->line, "wait %s: the program %s", c->arg, how);
    for (int i = 0; i < c->nalts; i++) {
        int a = c->alts[i];
        if (a >= SIGNALLED ? WIFSIGNALED(exit_status) && WTERMSIG(exit_status) == a - SIGNALLED
                           : WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == a)
            return;
    }
    fail(c, "the program %s", how);
}

/* ---- parsing ---------------------------------------------------------------- */

/* What the parser holds while it may stop at a syntax error: globals, so
 * that the exit leaves no leak behind for LeakSanitizer. */
static char *script_text, *scratch;

static void syntax(int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ptydrive: %s:%d: ", script_name, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    free(scratch);
    free(script_text);
    exit(2);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static char *unescape(const char *s, size_t *len, int line)
{
    char *buf = scratch = xrealloc(NULL, strlen(s) + 1);
    size_t n = 0;
    while (*s) {
        if (*s != '\\') {
            buf[n++] = *s++;
            continue;
        }
        s++;
        switch (*s) {
        case 'r': buf[n++] = '\r'; s++; break;
        case 'n': buf[n++] = '\n'; s++; break;
        case 't': buf[n++] = '\t'; s++; break;
        case 'e': buf[n++] = '\x1b'; s++; break;
        case '\\': buf[n++] = '\\'; s++; break;
        case 'x': {
            int h = hexval(s[1]), v;
            if (h < 0)
                syntax(line, "\\x needs a hex digit");
            v = h;
            s += 2;
            if ((h = hexval(*s)) >= 0) {
                v = v * 16 + h;
                s++;
            }
            buf[n++] = (char)v;
            break;
        }
        case '\0':
            syntax(line, "a backslash ends the line (write \\\\ for one)");
            break;
        default:
            syntax(line, "unknown escape \\%c (known: \\r \\n \\t \\e \\\\ \\xHH)", *s);
        }
    }
    buf[n] = '\0';
    *len = n;
    scratch = NULL;
    return buf;
}

static long parse_ms(const char *s, int line)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || errno)
        syntax(line, "sleep takes milliseconds, a whole number, not \"%s\"", s);
    return v;
}

static void parse_wait(struct cmd *c, const char *arg)
{
    char *copy = scratch = xstrdup(arg), *save = NULL;
    for (char *t = strtok_r(copy, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        int v;
        if (c->nalts == MAX_ALTS)
            syntax(c->line, "wait takes at most %d statuses", MAX_ALTS);
        if (*t >= '0' && *t <= '9') {
            char *end;
            long n = strtol(t, &end, 10);
            if (*end || n > 255)
                syntax(c->line, "bad exit status \"%s\" (0..255)", t);
            v = (int)n;
        } else if ((v = parse_signame(t)) != 0) {
            v += SIGNALLED;
        } else {
            syntax(c->line, "wait takes an exit status or a signal name like SIGINT, not \"%s\"", t);
        }
        c->alts[c->nalts++] = v;
    }
    free(copy);
    scratch = NULL;
    if (c->nalts == 0)
        syntax(c->line, "wait needs a status, e.g. \"wait 0\" or \"wait 130|SIGINT\"");
}

static void parse_line(char *s, int line)
{
    static const char *const verbs[] = { "send", "expect", "sleep", "signal", "eof", "wait" };
    struct cmd c = { .line = line };
    size_t vlen;
    char *arg;
    int v;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0' || *s == '#')
        return;
    vlen = strcspn(s, " \t");
    arg = s[vlen] == ' ' ? s + vlen + 1 : s[vlen] == '\0' ? NULL : s + vlen;
    for (v = 0; v < 6; v++)
        if (strlen(verbs[v]) == vlen && strncmp(s, verbs[v], vlen) == 0)
            break;
    if (v == 6)
        syntax(line, "unknown command \"%.*s\" (known: send expect sleep signal eof wait)", (int)vlen, s);
    if (arg && s[vlen] != ' ')
        syntax(line, "put one space after \"%s\"", verbs[v]);
    c.verb = (enum verb)v;
    if (c.verb == V_EOF) {
        if (arg && strspn(arg, " \t") != strlen(arg))
            syntax(line, "eof takes no argument");
        arg = NULL;
    } else if (!arg || !*arg) {
        syntax(line, "%s needs an argument", verbs[v]);
    }
    switch (c.verb) {
    case V_SEND:
    case V_EXPECT:
        c.text = unescape(arg, &c.len, line);
        break;
    case V_SLEEP:
        c.ms = parse_ms(arg, line);
        break;
    case V_SIGNAL:
        if ((c.sig = parse_signame(arg)) == 0)
            syntax(line, "unknown signal \"%s\"", arg);
        break;
    case V_WAIT:
        parse_wait(&c, arg);
        break;
    case V_EOF:
        break;
    }
    if (arg)
        c.arg = xstrdup(arg);
    cmds = xrealloc(cmds, (ncmds + 1) * sizeof *cmds);
    cmds[ncmds++] = c;
}

static void parse_script(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    int line = 1;

    if (f == stdin)
        script_name = "(stdin)";

    if (!f) {
        fprintf(stderr, "ptydrive: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    do {
        if (cap - len < 4096)
            text = xrealloc(text, cap = cap ? 2 * cap : 8192);
        script_text = text;
        n = fread(text + len, 1, cap - len - 1, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        fprintf(stderr, "ptydrive: %s: read error\n", path);
        exit(2);
    }
    if (f != stdin)
        fclose(f);
    text[len] = '\0';
    if (memchr(text, '\0', len))
        syntax(1, "the script contains a NUL byte");
    for (char *s = text; *s; line++) {
        char *nl = strchr(s, '\n'), *next = nl ? nl + 1 : s + strlen(s);
        if (nl) {
            *nl = '\0';
            if (nl > s && nl[-1] == '\r')
                nl[-1] = '\0';
        }
        parse_line(s, line);
        s = next;
    }
    free(text);
    script_text = NULL;
}

/* ---- main --------------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
    fputs("usage: ptydrive [-v] [-t SECONDS] [-T SECONDS] [-e NAME=VALUE]... SCRIPT -- PROGRAM [ARG]...\n"
          "  runs PROGRAM on a pseudo-terminal and plays SCRIPT against it:\n"
          "  send TEXT | expect TEXT | sleep MS | signal NAME | eof | wait STATUS[|STATUS...]\n"
          "  (see the comment at the top of tests/pty/ptydrive.c)\n", f);
    exit(status);
}

static long long parse_seconds(const char *opt, const char *s)
{
    char *end;
    double v = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end || !(v > 0) || v > 1e6) {
        fprintf(stderr, "ptydrive: %s takes a number of seconds > 0\n", opt);
        usage(stderr, 2);
    }
    return (long long)(v * 1000 + 0.999);
}

struct child_error {
    int step; /* 0 setsid, 1 open the slave, 2 TIOCSCTTY, 3 exec */
    int err;
};

int main(int argc, char **argv)
{
    int i = 1;
    char *slave;
    int sync_pipe[2];

    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        const char *a = argv[i++];
        const char *val = a[1] && a[2] ? a + 2 : NULL;
        if (strcmp(a, "-v") == 0) {
            verbose = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout, 0);
        } else if (a[1] == 't' || a[1] == 'T' || a[1] == 'e') {
            if (!val)
                val = i < argc ? argv[i++] : NULL;
            if (a[1] == 't') {
                step_ms = parse_seconds("-t", val);
            } else if (a[1] == 'T') {
                total_ms = parse_seconds("-T", val);
            } else {
                if (!val || !strchr(val, '=') || val[0] == '=') {
                    fprintf(stderr, "ptydrive: -e takes NAME=VALUE\n");
                    usage(stderr, 2);
                }
                env = xrealloc(env, (nenv + 1) * sizeof *env);
                env[nenv++] = (char *)val;
            }
        } else {
            fprintf(stderr, "ptydrive: unknown option %s\n", a);
            usage(stderr, 2);
        }
    }
    if (i >= argc || strcmp(argv[i], "--") == 0)
        usage(stderr, 2);
    script_name = argv[i++];
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i >= argc) {
        fprintf(stderr, "ptydrive: no program given\n");
        usage(stderr, 2);
    }
    parse_script(script_name);

    out_cap = 65536;
    out = xrealloc(NULL, out_cap);

    /* The terminal. */
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 || !(slave = ptsname(master))) {
        perror("ptydrive: cannot open a pseudo-terminal");
        return 2;
    }
    slave = xstrdup(slave);
    fcntl(master, F_SETFD, FD_CLOEXEC);

    /* SIGCHLD wakes poll() through a pipe. */
    if (pipe(chld_pipe) < 0 || pipe(sync_pipe) < 0) {
        perror("ptydrive: pipe");
        return 2;
    }
    for (int k = 0; k < 2; k++) {
        fcntl(chld_pipe[k], F_SETFD, FD_CLOEXEC);
        fcntl(chld_pipe[k], F_SETFL, O_NONBLOCK);
        fcntl(sync_pipe[k], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sa.sa_handler = on_sigchld;
    sigaction(SIGCHLD, &sa, NULL);
    sa.sa_flags = 0;
    sa.sa_handler = on_sigalrm;
    sigaction(SIGALRM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    fflush(stdout);
    fflush(stderr);
    child = fork();
    if (child < 0) {
        perror("ptydrive: fork");
        return 2;
    }
    if (child == 0) {
        struct child_error ce = { 0, 0 };
        struct winsize ws = { .ws_row = 24, .ws_col = 80 };
        sigset_t none;
        int s;

        /* Signals as a fresh login would have them, whatever ours were. */
        for (int sig = 1; sig < 32; sig++)
            if (sig != SIGKILL && sig != SIGSTOP)
                signal(sig, SIG_DFL);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        close(sync_pipe[0]);
        close(chld_pipe[0]);
        close(chld_pipe[1]);
        if (setsid() < 0)
            goto failed;
        ce.step = 1;
        if ((s = open(slave, O_RDWR)) < 0)
            goto failed;
        ce.step = 2;
        if (ioctl(s, TIOCSCTTY, 0) < 0)
            goto failed;
        ioctl(s, TIOCSWINSZ, &ws);
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        if (s > 2)
            close(s);
        close(master);
        setenv("TERM", "dumb", 1);
        for (size_t k = 0; k < nenv; k++) {
            char *eq = strchr(env[k], '=');
            *eq = '\0';
            setenv(env[k], eq + 1, 1);
            *eq = '=';
        }
        ce.step = 3;
        execvp(argv[i], argv + i);
    failed:
        ce.err = errno;
        if (write(sync_pipe[1], &ce, sizeof ce) < 0) {
            /* the parent will see a short read */
        }
        _exit(127);
    }

    /* Wait for the exec: the sync pipe closes on it, or carries an error. */
    close(sync_pipe[1]);
    free(slave);
    {
        struct child_error ce;
        ssize_t n;
        while ((n = read(sync_pipe[0], &ce, sizeof ce)) < 0 && errno == EINTR)
            ;
        close(sync_pipe[0]);
        if (n != 0) {
            static const char *const steps[] = { "setsid", "open the terminal", "make it the controlling terminal", "run" };
            if (n == (ssize_t)sizeof ce && ce.step >= 0 && ce.step <= 3)
                fprintf(stderr, "ptydrive: cannot %s %s: %s\n", steps[ce.step],
                        ce.step == 3 ? argv[i] : "", strerror(ce.err));
            else
                fprintf(stderr, "ptydrive: the program could not be started\n");
            finish_child();
            return 2;
        }
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

    end_at = now_ms() + total_ms;
    alarm((unsigned)(total_ms / 1000) + 10); /* a backstop: every wait honours end_at */

    for (size_t k = 0; k < ncmds; k++) {
        const struct cmd *c = &cmds[k];
        check_total(c);
        switch (c->verb) {
        case V_SEND: do_send(c, c->text, c->len); break;
        case V_EXPECT: do_expect(c); break;
        case V_SLEEP: do_sleep(c); break;
        case V_SIGNAL: do_signal(c); break;
        case V_EOF: do_send(c, "\x04", 1); break;
        case V_WAIT: do_wait(c); break;
        }
    }

    /* The end: collect what is left, end the program if it still runs. */
    pump(now_ms(), 0);
    read_master();
    if (!exited)
        note(ncmds ? cmds[ncmds - 1].line : 0, "end of script: the program still runs; hanging up");
    finish_child();
    if (verbose)
        print_transcript();
    alarm(0);
    if (master >= 0)
        close(master);
    for (size_t k = 0; k < ncmds; k++) {
        free(cmds[k].text);
        free(cmds[k].arg);
    }
    free(cmds);
    for (size_t k = 0; k < nevents; k++)
        free(events[k].desc);
    free(events);
    free(out);
    free(env);
    return 0;
}
