/*
 * cmdparse.c -- the REPL's command lines (see cmdparse.h).
 *
 * Tables are a few dozen commands, so every search is a plain scan; nothing
 * is allocated.
 */
#include "debugger/cmdparse.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A message being built in the caller's buffer. */
struct msg {
    char *p;
    size_t size, len;
};

static void add(struct msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct msg *m, const char *fmt, ...)
{
    if (!m->p || m->len + 1 >= m->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(m->p + m->len, m->size - m->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        m->len = m->len + (size_t)n < m->size ? m->len + (size_t)n : m->size - 1;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* has_alias: word is one of the blank-separated aliases. */
static bool has_alias(const char *aliases, const char *word)
{
    size_t n = strlen(word);
    for (const char *a = aliases; a && *a;) {
        while (is_blank(*a))
            a++;
        size_t len = 0;
        while (a[len] && !is_blank(a[len]))
            len++;
        if (len && len == n && !memcmp(a, word, n))
            return true;
        a += len;
    }
    return false;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

#define DIST_MAX 64     /* longer words get no suggestion */

/* distance: the edit distance of a and b, a swap of neighbours counting 1
 * (optimal string alignment), or -1 if either is longer than DIST_MAX. */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > DIST_MAX || lb > DIST_MAX)
        return -1;
    int d[3][DIST_MAX + 1];     /* rows i-2, i-1, i, rotating */
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int *cur = d[i % 3], *prev = d[(i - 1) % 3], *pp = d[(i + 1) % 3];
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
    }
    return d[la % 3][lb];
}

enum cmd_match cmd_lookup(const struct cmd_def *tab, size_t n, const char *word,
                          const struct cmd_def **out, char *msg, size_t msglen)
{
    struct msg m = { msg, msglen, 0 };
    if (msg && msglen)
        msg[0] = '\0';
    *out = NULL;
    if (!word || !*word) {
        add(&m, "empty command");
        return CMD_UNKNOWN;
    }
    for (size_t i = 0; i < n; i++)
        if (!strcmp(tab[i].name, word)) {
            *out = &tab[i];
            return CMD_FOUND;
        }
    for (size_t i = 0; i < n; i++)
        if (has_alias(tab[i].aliases, word)) {
            *out = &tab[i];
            return CMD_FOUND;
        }

    const struct cmd_def *found = NULL;
    size_t matches = 0;
    for (size_t i = 0; i < n; i++)
        if (has_prefix(tab[i].name, word)) {
            found = &tab[i];
            matches++;
        }
    if (matches == 1) {
        *out = found;
        return CMD_FOUND;
    }
    if (matches > 1) {
        /* The candidates in alphabetical order: each time, the least name
         * greater than the one before. */
        add(&m, "ambiguous command '%s' (did you mean: ", word);
        const char *last = NULL;
        for (;;) {
            const char *next = NULL;
            for (size_t i = 0; i < n; i++) {
                const char *s = tab[i].name;
                if (has_prefix(s, word) && (!last || strcmp(s, last) > 0) &&
                    (!next || strcmp(s, next) < 0))
                    next = s;
            }
            if (!next)
                break;
            add(&m, "%s%s", last ? ", " : "", next);
            last = next;
        }
        add(&m, "?)");
        return CMD_AMBIGUOUS;
    }

    size_t len = strlen(word);
    int limit = len / 3 > 1 ? (int)(len / 3) : 1;
    const char *best = NULL;
    int bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        int d = distance(word, tab[i].name);
        if (d >= 0 && d < bestd) {
            best = tab[i].name;
            bestd = d;
        }
    }
    if (best)
        add(&m, "unknown command '%s' (did you mean '%s'?)", word, best);
    else
        add(&m, "unknown command '%s'", word);
    return CMD_UNKNOWN;
}

/* put: c at buf[*o], if it fits. */
static bool put(char *buf, size_t size, size_t *o, char c)
{
    if (*o >= size)
        return false;
    buf[(*o)++] = c;
    return true;
}

int cmd_split(const char *line, char *buf, size_t size, char **argv, int max)
{
    const char *p = line;
    size_t o = 0;
    int argc = 0;
    if (max < 1)
        return CMD_SPLIT_OVERFLOW;
    for (;;) {
        while (is_blank(*p))
            p++;
        if (*p == '\0' || *p == '#')
            break;
        if (argc >= max - 1)
            return CMD_SPLIT_OVERFLOW;
        argv[argc] = buf + o;
        size_t start = o;
        bool quoted = false;
        while (*p && !is_blank(*p)) {
            if (*p == '"') {
                quoted = true;
                for (p++; *p != '"'; p++) {
                    if (*p == '\0')
                        return CMD_SPLIT_QUOTE;
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                        p++;
                    if (!put(buf, size, &o, *p))
                        return CMD_SPLIT_OVERFLOW;
                }
                p++;
            } else if (*p == '\'') {
                /* copied as it is, quotes and escapes, for expr_eval */
                quoted = true;
                const char *q = p + 1;
                for (; *q != '\''; q++) {
                    if (*q == '\\' && q[1] != '\0')
                        q++;
                    else if (*q == '\0')
                        return CMD_SPLIT_QUOTE;
                }
                for (q++; p < q; p++)
                    if (!put(buf, size, &o, *p))
                        return CMD_SPLIT_OVERFLOW;
            } else if (*p == '/' && argc == 0 && o > start && !quoted) {
                /* x/4xw: the command word ends, its /FMT is the next word */
                if (!put(buf, size, &o, '\0'))
                    return CMD_SPLIT_OVERFLOW;
                if (++argc >= max - 1)
                    return CMD_SPLIT_OVERFLOW;
                argv[argc] = buf + o;
                if (!put(buf, size, &o, *p++))
                    return CMD_SPLIT_OVERFLOW;
            } else if (!put(buf, size, &o, *p++)) {
                return CMD_SPLIT_OVERFLOW;
            }
        }
        if (!put(buf, size, &o, '\0'))
            return CMD_SPLIT_OVERFLOW;
        argc++;
    }
    argv[argc] = NULL;
    return argc;
}

int cmd_join(int argc, char *const *argv, char *buf, size_t size)
{
    struct msg m = { buf, size, 0 };
    if (buf && size)
        buf[0] = '\0';
    size_t need = 0;
    for (int i = 0; i < argc; i++) {
        need += strlen(argv[i]) + (i > 0);
        add(&m, "%s%s", i > 0 ? " " : "", argv[i]);
    }
    return need < size ? 0 : -1;
}

const char *cmd_complete(const struct cmd_def *tab, size_t n, const char *const *extra,
                         const char *prefix, size_t i)
{
    for (size_t k = 0; k < n; k++)
        if (has_prefix(tab[k].name, prefix) && i-- == 0)
            return tab[k].name;
    for (size_t k = 0; extra && extra[k]; k++)
        if (has_prefix(extra[k], prefix) && i-- == 0)
            return extra[k];
    return NULL;
}

int cmd_parse_uint(const char *name, const char *s, uint32_t *out, char *msg, size_t msglen)
{
    struct msg m = { msg, msglen, 0 };
    if (msg && msglen)
        msg[0] = '\0';
    unsigned base = 10;
    const char *d = s;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        d += 2;
    }
    bool ok = *d != '\0', big = false;
    uint32_t v = 0;
    for (const char *q = d; *q && ok; q++) {
        unsigned dv;
        if (*q >= '0' && *q <= '9')
            dv = (unsigned)(*q - '0');
        else if (base == 16 && *q >= 'a' && *q <= 'f')
            dv = (unsigned)(*q - 'a' + 10);
        else if (base == 16 && *q >= 'A' && *q <= 'F')
            dv = (unsigned)(*q - 'A' + 10);
        else {
            ok = false;
            break;
        }
        if (v > (UINT32_MAX - dv) / base)
            big = true;
        v = v * base + dv;
    }
    if (!ok) {
        add(&m, "%s: '%s' is not a count", name, s);
        return -1;
    }
    if (big) {
        add(&m, "%s: '%s' is too big", name, s);
        return -1;
    }
    *out = v;
    return 0;
}
