/*
 * check_dbg_expr.c -- the REPL's expressions (debugger/expr.c): every
 * operator, precedence, wrap-around, literals, registers and symbols through
 * a fake environment, unary '*' through fake memory, every error with its
 * column, expr_eval_prefix, and the x/FMT parser.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "debugger/expr.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* ---- a fake machine ----------------------------------------------------------- */

struct fake {
    unsigned calls;             /* callbacks made */
    char last[64];              /* the last name asked for */
};

static const struct { const char *name; uint32_t v; } fake_syms[] = {
    { "main", 0x00400000u }, { "data", 0x10010000u }, { ".L1", 0x00400020u },
    { "_x.y$z", 7 }, { "big", 0xfffffffcu },
};

static const struct { const char *name; uint32_t v; } fake_regs[] = {
    { "t0", 5 }, { "sp", 0x7fff0000u }, { "pc", 0x00400010u }, { "4", 44 },
    { "hi", 0x80000000u }, { "epc", 0x80000180u }, { "zero", 0 },
};

/* Memory: four words at 0x1000, readable only when aligned. */
static const uint32_t fake_mem[4] = { 0x1004, 0xdeadbeef, 0x100c, 42 };

static int fake_symbol(void *ctx, const char *name, uint32_t *out)
{
    struct fake *f = ctx;
    f->calls++;
    snprintf(f->last, sizeof f->last, "%s", name);
    for (size_t i = 0; i < NELEM(fake_syms); i++)
        if (!strcmp(fake_syms[i].name, name)) {
            *out = fake_syms[i].v;
            return 0;
        }
    return -1;
}

static int fake_reg(void *ctx, const char *name, uint32_t *out)
{
    struct fake *f = ctx;
    f->calls++;
    snprintf(f->last, sizeof f->last, "$%s", name);
    for (size_t i = 0; i < NELEM(fake_regs); i++)
        if (!strcmp(fake_regs[i].name, name)) {
            *out = fake_regs[i].v;
            return 0;
        }
    return -1;
}

static int fake_load(void *ctx, uint32_t addr, uint32_t *out)
{
    struct fake *f = ctx;
    f->calls++;
    snprintf(f->last, sizeof f->last, "*0x%x", (unsigned)addr);
    if (addr < 0x1000 || addr >= 0x1010 || addr % 4)
        return -1;
    *out = fake_mem[(addr - 0x1000) / 4];
    return 0;
}

static struct fake fake;
static const struct expr_env env = { fake_symbol, fake_reg, fake_load, &fake };

static void setup(void)
{
    memset(&fake, 0, sizeof fake);
}

/* eval_ok: s evaluates to want. */
static void eval_ok(const char *s, uint32_t want)
{
    char err[128] = "untouched";
    uint32_t v = 0x5a5a5a5a;
    int r = expr_eval(s, &env, &v, err, sizeof err);
    ck_assert_msg(r == 0, "\"%s\": failed: %s", s, err);
    ck_assert_msg(v == want, "\"%s\" = 0x%08x, want 0x%08x", s, (unsigned)v, (unsigned)want);
}

/* eval_err: s fails with exactly message want, leaving *out alone. */
static void eval_err(const struct expr_env *e, const char *s, const char *want)
{
    char err[128] = "untouched";
    uint32_t v = 0x5a5a5a5a;
    int r = expr_eval(s, e, &v, err, sizeof err);
    ck_assert_msg(r == -1, "\"%s\": succeeded with 0x%08x, want \"%s\"", s, (unsigned)v, want);
    ck_assert_msg(!strcmp(err, want), "\"%s\": \"%s\", want \"%s\"", s, err, want);
    ck_assert_uint_eq(v, 0x5a5a5a5a);
}

/* ---- values ---------------------------------------------------------------------- */

static const struct { const char *s; uint32_t v; } value_cases[] = {
    /* literals */
    { "0", 0 }, { "42", 42 }, { "010", 10 }, { "4294967295", 0xffffffffu },
    { "0x0", 0 }, { "0x7B", 0x7b }, { "0XfF", 0xff }, { "0xffffffff", 0xffffffffu },
    { "0x00000000ffffffff", 0xffffffffu }, { "0b0", 0 }, { "0b1111011", 123 },
    { "0B11111111111111111111111111111111", 0xffffffffu },
    { "'a'", 'a' }, { "' '", ' ' }, { "'#'", '#' }, { "'\"'", '"' },
    { "'\\n'", '\n' }, { "'\\t'", '\t' }, { "'\\r'", '\r' }, { "'\\0'", 0 },
    { "'\\a'", 7 }, { "'\\b'", 8 }, { "'\\f'", 12 }, { "'\\v'", 11 }, { "'\\\\'", '\\' },
    { "'\\''", '\'' }, { "'\\\"'", '"' }, { "'\\x41'", 0x41 }, { "'\\x7'", 7 },
    { "'\\xff'", 0xff }, { "'\\xFf'", 0xff }, { "'\xe9'", 0xe9 },
    /* registers and symbols */
    { "$t0", 5 }, { "$4", 44 }, { "$sp", 0x7fff0000u }, { "$pc", 0x00400010u },
    { "$hi", 0x80000000u }, { "$epc", 0x80000180u }, { "$zero", 0 },
    { "main", 0x00400000u }, { ".L1", 0x00400020u }, { "_x.y$z", 7 },
    /* each operator */
    { "7 | 8", 15 }, { "6 ^ 3", 5 }, { "6 & 3", 2 }, { "1 << 4", 16 }, { "0x80 >> 4", 8 },
    { "2 + 3", 5 }, { "2 - 3", 0xffffffffu }, { "6 * 7", 42 }, { "7 / 2", 3 }, { "7 % 4", 3 },
    { "-1", 0xffffffffu }, { "~0", 0xffffffffu }, { "~0x0f", 0xfffffff0u }, { "!0", 1 },
    { "!7", 0 }, { "!!7", 1 }, { "--5", 5 }, { "-~0", 1 }, { "5--5", 10 },
    /* precedence, C's */
    { "1 + 2 * 3", 7 }, { "(1 + 2) * 3", 9 }, { "2 * 3 + 1", 7 }, { "1 << 2 + 1", 8 },
    { "1 + 2 << 1", 6 }, { "1 | 2 ^ 3", 1 }, { "(1 | 2) ^ 3", 0 }, { "6 & 3 | 8", 10 },
    { "6 ^ 3 & 1", 7 }, { "1 | 6 & 3", 3 }, { "0xf0 & 0x3c << 2", 0xf0 & 0xf0 },
    { "-2 * 3", 0xfffffffau }, { "~1 & 3", 2 }, { "!0 + 1", 2 }, { "-(2 + 3)", 0xfffffffbu },
    { "main + 4 * 2", 0x00400008u }, { "$sp + 8", 0x7fff0008u }, { "((((7))))", 7 },
    /* left to right */
    { "10 - 3 - 2", 5 }, { "100 / 10 / 5", 2 }, { "2 * 3 % 4", 2 }, { "1 << 2 << 3", 32 },
    { "256 >> 2 >> 3", 8 }, { "17 % 5 * 2", 4 },
    /* 32-bit wrap-around, unsigned division, logical shifts */
    { "0xffffffff + 1", 0 }, { "0 - 1", 0xffffffffu }, { "0x80000000 * 2", 0 },
    { "0x10000 * 0x10000", 0 }, { "big + 8", 4 }, { "-1 / 2", 0x7fffffffu },
    { "-7 % 2", 1 }, { "0x80000000 >> 31", 1 }, { "1 << 31", 0x80000000u },
    { "1 << 32", 0 }, { "0xffffffff >> 32", 0 }, { "1 << 0xffffffff", 0 }, { "5 >> 0", 5 },
    /* blanks anywhere, and none */
    { "  \t1+2*3\n ", 7 }, { "1+2", 3 }, { "( 1 )", 1 }, { "- 1", 0xffffffffu },
    { "$t0*$t0", 25 }, { "main+4*2", 0x00400008u },
};

START_TEST(test_values)
{
    eval_ok(value_cases[_i].s, value_cases[_i].v);
}
END_TEST

START_TEST(test_names_passed)
{
    uint32_t v;
    char err[64];
    ck_assert_int_eq(expr_eval("$t0", &env, &v, err, sizeof err), 0);
    ck_assert_str_eq(fake.last, "$t0");
    ck_assert_int_eq(expr_eval("_x.y$z", &env, &v, err, sizeof err), 0);
    ck_assert_str_eq(fake.last, "_x.y$z");
    ck_assert_int_eq(expr_eval("*0x1004", &env, &v, err, sizeof err), 0);
    ck_assert_str_eq(fake.last, "*0x1004");
    ck_assert_uint_eq(fake.calls, 3);
}
END_TEST

START_TEST(test_load)
{
    eval_ok("*0x1000", 0x1004);
    eval_ok("*0x1004", 0xdeadbeef);
    eval_ok("**0x1000", 0xdeadbeef);            /* 0x1000 -> 0x1004 -> ... */
    eval_ok("*(0x1000 + 4*3)", 42);
    eval_ok("*0x1000 + 4", 0x1008);             /* '*' binds tighter */
    eval_ok("*0x1008 * *0x100c", 0x100c * 42);  /* unary and binary '*' */
    eval_ok("-*0x100c", (uint32_t)-42);
    eval_ok("* 0x1000", 0x1004);
    eval_err(&env, "*3", "cannot read 0x00000003 at column 1");
    eval_err(&env, "1 + *(0x1000 + 0x10)", "cannot read 0x00001010 at column 5");
    eval_err(&env, "**0x1004", "cannot read 0xdeadbeef at column 1");
    const struct expr_env noload = { fake_symbol, fake_reg, NULL, &fake };
    eval_err(&noload, "*0x1000", "cannot read 0x00001000 at column 1");
}
END_TEST

START_TEST(test_null_env)
{
    uint32_t v = 0;
    char err[64];
    ck_assert_int_eq(expr_eval("1 + 2", NULL, &v, err, sizeof err), 0);
    ck_assert_uint_eq(v, 3);
    eval_err(NULL, "main", "unknown symbol 'main' at column 1");
    eval_err(NULL, "$t0", "unknown register '$t0' at column 1");
    eval_err(NULL, "*4", "cannot read 0x00000004 at column 1");
    const struct expr_env none = { NULL, NULL, NULL, NULL };
    eval_err(&none, "x", "unknown symbol 'x' at column 1");
    eval_err(&none, "$x", "unknown register '$x' at column 1");
}
END_TEST

/* ---- errors ------------------------------------------------------------------------ */

static const struct { const char *s, *err; } error_cases[] = {
    /* empty, and a missing value */
    { "", "empty expression" },
    { " \t ", "empty expression" },
    { "1 +", "expected a value after '+' at column 3" },
    { "1 <<  ", "expected a value after '<<' at column 3" },
    { "(", "expected a value after '(' at column 1" },
    { "-", "expected a value after '-' at column 1" },
    { "2 * ~", "expected a value after '~' at column 5" },
    /* a token where a value should be */
    { "1 + )", "unexpected ')' at column 5" },
    { ")", "unexpected ')' at column 1" },
    { "1 * / 2", "unexpected '/' at column 5" },
    { "1 + << 2", "unexpected '<<' at column 5" },
    { "=5", "unexpected '=' at column 1" },
    { "+5", "unexpected '+' at column 1" },            /* no unary '+' */
    { "<5", "unexpected '<' at column 1" },
    { "1 + \x01", "unexpected character 0x01 at column 5" },
    /* a token where an operator should be */
    { "(1 + 2))", "unexpected ')' at column 8" },
    { "main+4)", "unexpected ')' at column 7" },
    { "1 = 2", "unexpected '=' at column 3" },
    { "1 < 2", "unexpected '<' at column 3" },
    { "1 > 2", "unexpected '>' at column 3" },
    { "1 @", "unexpected '@' at column 3" },
    { "1 \x7f", "unexpected character 0x7f at column 3" },
    { "main foo", "missing operator before 'foo' at column 6" },
    { "1 2", "missing operator before '2' at column 3" },
    { "$t0 $t1", "missing operator before '$t1' at column 5" },
    { "2 (3)", "missing operator before '(' at column 3" },
    { "2 'a'", "missing operator before a character constant at column 3" },
    /* parentheses */
    { "(1 + 2", "missing ')' for '(' at column 1" },
    { "3 * ((1 + 2)", "missing ')' for '(' at column 5" },
    { "(1 2)", "missing operator before '2' at column 4" },
    { "(1 = 2)", "unexpected '=' at column 4" },
    /* numbers */
    { "3x", "bad number '3x' at column 1" },
    { "0x", "bad number '0x' at column 1" },
    { "0xg1", "bad number '0xg1' at column 1" },
    { "1 + 0b", "bad number '0b' at column 5" },
    { "0b102", "bad number '0b102' at column 1" },
    { "12ab", "bad number '12ab' at column 1" },
    { "1.5", "bad number '1.5' at column 1" },
    { "4294967296", "number '4294967296' at column 1 does not fit in 32 bits" },
    { "0x100000000", "number '0x100000000' at column 1 does not fit in 32 bits" },
    { "1+0x123456789", "number '0x123456789' at column 3 does not fit in 32 bits" },
    { "0b111111111111111111111111111111111",
      "number '0b111111111111111111111111111111111' at column 1 does not fit in 32 bits" },
    /* character constants */
    { "'", "unterminated character constant at column 1" },
    { "1 + 'a", "unterminated character constant at column 5" },
    { "'a b'", "unterminated character constant at column 1" },
    { "'\\", "unterminated character constant at column 1" },
    { "''", "empty character constant at column 1" },
    { "'ab'", "character constant at column 1 has more than one character" },
    { "'\\q'", "unknown escape '\\q' at column 2" },
    { "'\\\x01'", "unknown escape '\\' 0x01 at column 2" },
    { "'\\xg'", "'\\x' needs a hex digit at column 2" },
    { "'\\x414'", "character constant at column 1 has more than one character" },
    /* registers and symbols */
    { "$", "expected a register name after '$' at column 1" },
    { "1 + $ 2", "expected a register name after '$' at column 5" },
    { "$t10", "unknown register '$t10' at column 1" },
    { "8 + mian", "unknown symbol 'mian' at column 5" },
    /* arithmetic */
    { "1 / 0", "division by zero at column 3" },
    { "1 % 0", "division by zero at column 3" },
    { "5 + 1 % ($t0 - 5)", "division by zero at column 7" },
};

START_TEST(test_errors)
{
    eval_err(&env, error_cases[_i].s, error_cases[_i].err);
}
END_TEST

/* Syntax is checked first; of errors of meaning the leftmost wins and no
 * callback is made after it. */
START_TEST(test_error_order)
{
    eval_err(&env, "mian )", "unexpected ')' at column 6");
    eval_err(&env, "1/0 + (", "expected a value after '(' at column 7");
    eval_err(&env, "mian + 1/0", "unknown symbol 'mian' at column 1");
    eval_err(&env, "1/0 + mian", "division by zero at column 2");
    setup();
    eval_err(&env, "nope + $t0 + *0x1000 + main", "unknown symbol 'nope' at column 1");
    ck_assert_uint_eq(fake.calls, 1);
    eval_err(&env, "main + $nope + main", "unknown register '$nope' at column 8");
    ck_assert_uint_eq(fake.calls, 3);
}
END_TEST

START_TEST(test_err_buffer)
{
    uint32_t v = 9;
    char err[8];
    memset(err, 'x', sizeof err);
    ck_assert_int_eq(expr_eval("1 + mian", &env, &v, err, sizeof err), -1);
    ck_assert_str_eq(err, "unknown");                  /* cut, NUL-terminated */
    ck_assert_int_eq(expr_eval("1 +", &env, &v, NULL, 0), -1);
    ck_assert_int_eq(expr_eval("1 +", &env, &v, err, 0), -1);
    ck_assert_uint_eq(v, 9);
    ck_assert_int_eq(expr_eval("1 + 1", &env, &v, NULL, 0), 0);
    ck_assert_uint_eq(v, 2);
}
END_TEST

START_TEST(test_depth)
{
    char s[2 * EXPR_MAX_DEPTH + 8];
    char err[128];
    uint32_t v = 0;
    /* EXPR_MAX_DEPTH parentheses are fine */
    memset(s, '(', EXPR_MAX_DEPTH);
    s[EXPR_MAX_DEPTH] = '1';
    memset(s + EXPR_MAX_DEPTH + 1, ')', EXPR_MAX_DEPTH);
    s[2 * EXPR_MAX_DEPTH + 1] = '\0';
    ck_assert_msg(expr_eval(s, &env, &v, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(v, 1);
    /* one more is not */
    memset(s, '(', EXPR_MAX_DEPTH + 1);
    s[EXPR_MAX_DEPTH + 1] = '1';
    memset(s + EXPR_MAX_DEPTH + 2, ')', EXPR_MAX_DEPTH + 1);
    s[2 * EXPR_MAX_DEPTH + 3] = '\0';
    ck_assert_int_eq(expr_eval(s, &env, &v, err, sizeof err), -1);
    snprintf(s, sizeof s, "expression nested too deeply at column %d", EXPR_MAX_DEPTH + 1);
    ck_assert_str_eq(err, s);
    /* depth is nesting, not a count of parentheses */
    char flat[1024] = "0";
    for (int i = 0; i < 2 * EXPR_MAX_DEPTH; i++)
        strcat(flat, "+(-1)");
    ck_assert_msg(expr_eval(flat, &env, &v, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(v, (uint32_t)-2 * EXPR_MAX_DEPTH);
    /* unary operators count too, and a long flat expression does not */
    char big[4096];
    memset(big, '-', sizeof big - 2);
    big[sizeof big - 2] = '1';
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(expr_eval(big, &env, &v, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "nested too deeply"));
    for (size_t i = 0; i + 2 < sizeof big; i += 2)
        big[i] = '1', big[i + 1] = '+';
    big[sizeof big - 2] = '1';
    ck_assert_msg(expr_eval(big, &env, &v, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(v, sizeof big / 2);
}
END_TEST

/* ---- expr_eval_prefix ----------------------------------------------------------------- */

static const struct { const char *s; uint32_t v; int rest; } prefix_cases[] = {
    { "5", 5, 1 },                      /* rest: offset of *end in s */
    { "5  ", 5, 3 },
    { "$t0 = 5", 5, 4 },
    { "main+4 foo", 0x400004, 7 },
    { "$sp + 8 if $t0", 0x7fff0008u, 8 },
    { "(1 + 2) * 3)", 9, 11 },
    { "1 << 2 < 3", 4, 7 },
    { "7 'a'", 7, 2 },
    { "  -1,2", 0xffffffffu, 4 },
};

START_TEST(test_prefix)
{
    const char *s = prefix_cases[_i].s;
    const char *end = NULL;
    uint32_t v = 0;
    char err[128] = "";
    ck_assert_msg(expr_eval_prefix(s, &env, &v, &end, err, sizeof err) == 0, "%s: %s", s, err);
    ck_assert_uint_eq(v, prefix_cases[_i].v);
    ck_assert_ptr_eq(end, s + prefix_cases[_i].rest);
}
END_TEST

START_TEST(test_prefix_errors)
{
    const char *end = "untouched";
    uint32_t v = 3;
    char err[128];
    static const struct { const char *s, *err; } cases[] = {
        { "= 5", "unexpected '=' at column 1" },
        { "1 +", "expected a value after '+' at column 3" },
        { "(1 foo)", "missing operator before 'foo' at column 4" },
        { "(1 = 2", "unexpected '=' at column 4" },
        { "mian = 2", "unknown symbol 'mian' at column 1" },
        { "", "empty expression" },
    };
    for (size_t i = 0; i < NELEM(cases); i++) {
        ck_assert_msg(expr_eval_prefix(cases[i].s, &env, &v, &end, err, sizeof err) == -1,
                      "%s succeeded", cases[i].s);
        ck_assert_str_eq(err, cases[i].err);
        ck_assert_str_eq(end, "untouched");
        ck_assert_uint_eq(v, 3);
    }
}
END_TEST

/* ---- x/FMT -------------------------------------------------------------------------------- */

static const struct {
    struct xfmt before;
    const char *s;
    struct xfmt after;
} xfmt_cases[] = {
    { { 1, 'x', 'w' }, "4xw", { 4, 'x', 'w' } },
    { { 1, 'x', 'w' }, "/4xw", { 4, 'x', 'w' } },
    { { 1, 'x', 'w' }, "4wx", { 4, 'x', 'w' } },
    { { 7, 'd', 'h' }, "", { 1, 'd', 'h' } },          /* count back to 1, the rest kept */
    { { 7, 'd', 'h' }, "/", { 1, 'd', 'h' } },
    { { 7, 'd', 'h' }, "3", { 3, 'd', 'h' } },
    { { 1, 'x', 'w' }, "u", { 1, 'u', 'w' } },
    { { 1, 'x', 'w' }, "b", { 1, 'x', 'b' } },
    { { 1, 'x', 'w' }, "xb", { 1, 'x', 'b' } },
    { { 1, 'x', 'w' }, "10d", { 10, 'd', 'w' } },
    { { 1, 'x', 'w' }, "c", { 1, 'c', 'b' } },          /* c implies b */
    { { 1, 'x', 'w' }, "2cw", { 2, 'c', 'w' } },        /* unless a size is given */
    { { 1, 'c', 'b' }, "x", { 1, 'x', 'b' } },          /* and b stays after */
    { { 1, 'x', 'h' }, "s", { 1, 's', 'h' } },          /* s and i: size kept... */
    { { 1, 'x', 'h' }, "10i", { 10, 'i', 'h' } },
    { { 1, 'x', 'h' }, "iw", { 1, 'i', 'h' } },         /* ...even when given */
    { { 1, 'x', 'h' }, "bs", { 1, 's', 'h' } },
    { { 1, 'i', 'h' }, "w", { 1, 'i', 'h' } },
    { { 1, 'i', 'h' }, "x", { 1, 'x', 'h' } },
    { { 1, 'x', 'w' }, "065536x", { 65536, 'x', 'w' } },
};

START_TEST(test_xfmt)
{
    struct xfmt f = xfmt_cases[_i].before;
    char err[128] = "";
    ck_assert_msg(xfmt_parse(xfmt_cases[_i].s, &f, err, sizeof err) == 0, "%s: %s",
                  xfmt_cases[_i].s, err);
    ck_assert_uint_eq(f.count, xfmt_cases[_i].after.count);
    ck_assert_int_eq(f.fmt, xfmt_cases[_i].after.fmt);
    ck_assert_int_eq(f.size, xfmt_cases[_i].after.size);
}
END_TEST

static const struct { const char *s, *err; } xfmt_errors[] = {
    { "4q", "x/4q: unknown letter 'q': formats are x d u c s i, sizes b h w" },
    { "/4q", "x/4q: unknown letter 'q': formats are x d u c s i, sizes b h w" },
    { "x\x01", "x/x\x01: unknown letter 0x01: formats are x d u c s i, sizes b h w" },
    { "-1x", "x/-1x: unknown letter '-': formats are x d u c s i, sizes b h w" },
    { "4 x", "x/4 x: unknown letter ' ': formats are x d u c s i, sizes b h w" },
    { "xd", "x/xd: two formats, 'x' and 'd'" },
    { "bw", "x/bw: two sizes, 'b' and 'w'" },
    { "x4", "x/x4: the count must come before the letters" },
    { "4xg", "x/4xg: size 'g' (8 bytes) is not supported: use b, h or w" },
    { "0x", "x/0x: the count must be at least 1" },
    { "65537", "x/65537: the count is more than 65536" },
    { "99999999999999999999w", "x/99999999999999999999w: the count is more than 65536" },
};

START_TEST(test_xfmt_errors)
{
    struct xfmt f = { 3, 'd', 'h' };
    char err[128] = "";
    ck_assert_msg(xfmt_parse(xfmt_errors[_i].s, &f, err, sizeof err) == -1, "%s succeeded",
                  xfmt_errors[_i].s);
    ck_assert_str_eq(err, xfmt_errors[_i].err);
    ck_assert_uint_eq(f.count, 3);                   /* unchanged */
    ck_assert_int_eq(f.fmt, 'd');
    ck_assert_int_eq(f.size, 'h');
    ck_assert_int_eq(xfmt_parse(xfmt_errors[_i].s, &f, NULL, 0), -1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dbg_expr");
    TCase *t = tcase_create("values");
    tcase_add_checked_fixture(t, setup, NULL);
    tcase_add_loop_test(t, test_values, 0, (int)NELEM(value_cases));
    tcase_add_test(t, test_names_passed);
    tcase_add_test(t, test_load);
    tcase_add_test(t, test_null_env);
    suite_add_tcase(s, t);

    t = tcase_create("errors");
    tcase_add_checked_fixture(t, setup, NULL);
    tcase_add_loop_test(t, test_errors, 0, (int)NELEM(error_cases));
    tcase_add_test(t, test_error_order);
    tcase_add_test(t, test_err_buffer);
    tcase_add_test(t, test_depth);
    suite_add_tcase(s, t);

    t = tcase_create("prefix");
    tcase_add_checked_fixture(t, setup, NULL);
    tcase_add_loop_test(t, test_prefix, 0, (int)NELEM(prefix_cases));
    tcase_add_test(t, test_prefix_errors);
    suite_add_tcase(s, t);

    t = tcase_create("xfmt");
    tcase_add_loop_test(t, test_xfmt, 0, (int)NELEM(xfmt_cases));
    tcase_add_loop_test(t, test_xfmt_errors, 0, (int)NELEM(xfmt_errors));
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
