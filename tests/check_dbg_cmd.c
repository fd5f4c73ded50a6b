/*
 * check_dbg_cmd.c -- the REPL's command lines (debugger/cmdparse.c): lookup
 * by name, alias and unique prefix with its messages, splitting into words
 * (quotes, comments, x/FMT), joining, completion and counts.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "debugger/cmdparse.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* A gdb-like table, deliberately not in alphabetical order. */
static const struct cmd_def tab[] = {
    { "step", "s si", 0, 1, "step one instruction" },
    { "stepi", NULL, 0, 2, NULL },
    { "display", NULL, 0, 3, NULL },
    { "disas", NULL, 0, 4, NULL },
    { "delete", "del", 0, 5, NULL },
    { "disable", NULL, 0, 6, NULL },
    { "break", "b  br", 0, 7, NULL },
    { "backtrace", "bt where", 0, 8, NULL },
    { "continue", "c", 0, 9, NULL },
    { "info", "i", 0, 10, NULL },
    { "ignore", NULL, 0, 11, NULL },
    { "x", NULL, CMD_FMT, 12, NULL },
    { "print", "p", CMD_FMT, 13, NULL },
    { "quit", "q exit", 0, 14, NULL },
    { "set", NULL, 0, 15, NULL },
    { "until", "u", 0, 16, NULL },
};

/* ---- lookup ------------------------------------------------------------------- */

static const struct { const char *word, *name; } found_cases[] = {
    /* exact names, even when they prefix another name */
    { "step", "step" }, { "stepi", "stepi" }, { "disas", "disas" }, { "x", "x" },
    { "set", "set" },
    /* aliases, even when they prefix a name or several */
    { "s", "step" }, { "si", "step" }, { "b", "break" }, { "br", "break" },
    { "bt", "backtrace" }, { "where", "backtrace" }, { "c", "continue" }, { "i", "info" },
    { "p", "print" }, { "q", "quit" }, { "exit", "quit" }, { "del", "delete" },
    /* unique prefixes */
    { "ba", "backtrace" }, { "backt", "backtrace" }, { "bre", "break" }, { "cont", "continue" },
    { "in", "info" }, { "ig", "ignore" }, { "de", "delete" }, { "disp", "display" },
    { "disab", "disable" }, { "pr", "print" }, { "qu", "quit" }, { "un", "until" },
    { "se", "set" },
};

START_TEST(test_found)
{
    const struct cmd_def *d = NULL;
    char msg[128] = "untouched";
    enum cmd_match m = cmd_lookup(tab, NELEM(tab), found_cases[_i].word, &d, msg, sizeof msg);
    ck_assert_msg(m == CMD_FOUND, "%s: %d, %s", found_cases[_i].word, (int)m, msg);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(d->name, found_cases[_i].name);
    ck_assert_str_eq(msg, "");
}
END_TEST

/* The pointer is into the caller's table, so id and flags come with it. */
START_TEST(test_found_entry)
{
    const struct cmd_def *d = NULL;
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "x", &d, NULL, 0), CMD_FOUND);
    ck_assert_ptr_eq(d, &tab[11]);
    ck_assert_uint_eq(d->flags, CMD_FMT);
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "s", &d, NULL, 0), CMD_FOUND);
    ck_assert_int_eq(d->id, 1);
    /* only the first n entries are looked at */
    ck_assert_int_eq(cmd_lookup(tab, 1, "s", &d, NULL, 0), CMD_FOUND);
    ck_assert_int_eq(cmd_lookup(tab, 1, "x", &d, NULL, 0), CMD_UNKNOWN);
    ck_assert_int_eq(cmd_lookup(tab, 0, "step", &d, NULL, 0), CMD_UNKNOWN);
}
END_TEST

/* An alias is matched whole, not as a prefix or a substring. */
START_TEST(test_alias_whole)
{
    const struct cmd_def *d = &tab[0];
    char msg[128];
    /* "wh" prefixes the alias "where" but no name */
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "wh", &d, msg, sizeof msg), CMD_UNKNOWN);
    ck_assert_ptr_null(d);
    /* "b  br": two blanks between aliases; "r" is in "br" */
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "r", &d, msg, sizeof msg), CMD_UNKNOWN);
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "s si", &d, msg, sizeof msg), CMD_UNKNOWN);
    /* names are matched before aliases */
    static const struct cmd_def t2[] = {
        { "run", "go", 0, 1, NULL }, { "go", NULL, 0, 2, NULL },
    };
    ck_assert_int_eq(cmd_lookup(t2, NELEM(t2), "go", &d, msg, sizeof msg), CMD_FOUND);
    ck_assert_int_eq(d->id, 2);
}
END_TEST

static const struct { const char *word, *msg; } fail_cases[] = {
    { "d", "ambiguous command 'd' (did you mean: delete, disable, disas, display?)" },
    { "dis", "ambiguous command 'dis' (did you mean: disable, disas, display?)" },
    { "disa", "ambiguous command 'disa' (did you mean: disable, disas?)" },
    { "st", "ambiguous command 'st' (did you mean: step, stepi?)" },
    { "stpe", "unknown command 'stpe' (did you mean 'step'?)" },
    { "brek", "unknown command 'brek' (did you mean 'break'?)" },
    { "contiune", "unknown command 'contiune' (did you mean 'continue'?)" },
    { "prnt", "unknown command 'prnt' (did you mean 'print'?)" },
    { "y", "unknown command 'y' (did you mean 'x'?)" },
    { "displya", "unknown command 'displya' (did you mean 'display'?)" },
    { "tset", "unknown command 'tset' (did you mean 'set'?)" },
    { "zzz", "unknown command 'zzz'" },
    { "Step", "unknown command 'Step' (did you mean 'step'?)" },
    { "qiut", "unknown command 'qiut' (did you mean 'quit'?)" },
    { "stop", "unknown command 'stop' (did you mean 'step'?)" },
    { "stpo", "unknown command 'stpo'" },                  /* 2 edits */
    { "xyzzy", "unknown command 'xyzzy'" },
    { "disassemble", "unknown command 'disassemble'" },
    { "", "empty command" },
};

START_TEST(test_fail)
{
    const struct cmd_def *d = &tab[0];
    char msg[128] = "untouched";
    const char *w = fail_cases[_i].word;
    enum cmd_match want = strncmp(fail_cases[_i].msg, "ambiguous", 9) ? CMD_UNKNOWN
                                                                        : CMD_AMBIGUOUS;
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), w, &d, msg, sizeof msg), want);
    ck_assert_ptr_null(d);
    ck_assert_str_eq(msg, fail_cases[_i].msg);
}
END_TEST

/* Suggestions: the nearest name within max(1, len/3) edits; the first in the
 * table on a tie. */
START_TEST(test_suggest_limits)
{
    static const struct cmd_def t[] = {
        { "abcdef", NULL, 0, 0, NULL }, { "abcxyz", NULL, 0, 0, NULL },
        { "mnop", NULL, 0, 0, NULL }, { "mnoq", NULL, 0, 0, NULL },
    };
    const struct cmd_def *d;
    char msg[128];
    cmd_lookup(t, NELEM(t), "abcdXY", &d, msg, sizeof msg);          /* 2 edits, len 6 */
    ck_assert_str_eq(msg, "unknown command 'abcdXY' (did you mean 'abcdef'?)");
    cmd_lookup(t, NELEM(t), "abXYZz", &d, msg, sizeof msg);          /* 3 edits */
    ck_assert_str_eq(msg, "unknown command 'abXYZz'");
    cmd_lookup(t, NELEM(t), "mnoz", &d, msg, sizeof msg);            /* a tie */
    ck_assert_str_eq(msg, "unknown command 'mnoz' (did you mean 'mnop'?)");
    cmd_lookup(t, NELEM(t), "mozq", &d, msg, sizeof msg);            /* 2 edits, len 4 */
    ck_assert_str_eq(msg, "unknown command 'mozq'");
    cmd_lookup(t, NELEM(t), "monq", &d, msg, sizeof msg);            /* a swap is 1 */
    ck_assert_str_eq(msg, "unknown command 'monq' (did you mean 'mnoq'?)");
    char longw[200];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    ck_assert_int_eq(cmd_lookup(t, NELEM(t), longw, &d, NULL, 0), CMD_UNKNOWN);
}
END_TEST

START_TEST(test_msg_buffer)
{
    const struct cmd_def *d;
    char msg[16];
    memset(msg, 'x', sizeof msg);
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "d", &d, msg, sizeof msg), CMD_AMBIGUOUS);
    ck_assert_str_eq(msg, "ambiguous comma");
    memset(msg, 'x', sizeof msg);
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "d", &d, msg, 1), CMD_AMBIGUOUS);
    ck_assert_int_eq(msg[0], '\0');
    ck_assert_int_eq(msg[1], 'x');
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "stpe", &d, NULL, 0), CMD_UNKNOWN);
    ck_assert_int_eq(cmd_lookup(tab, NELEM(tab), "d", &d, msg, 0), CMD_AMBIGUOUS);
    ck_assert_int_eq(msg[1], 'x');
}
END_TEST

/* ---- split ------------------------------------------------------------------------- */

static const struct { const char *line; int argc; const char *words[5]; } split_cases[] = {
    { "step", 1, { "step" } },
    { "  step   3  ", 2, { "step", "3" } },
    { "\tbreak\tmain\n", 2, { "break", "main" } },
    { "x/4xw $sp", 3, { "x", "/4xw", "$sp" } },
    { "x/4xw", 2, { "x", "/4xw" } },
    { "x /4xw $sp+8", 3, { "x", "/4xw", "$sp+8" } },
    { "p/x $t0", 3, { "p", "/x", "$t0" } },
    { "x/", 2, { "x", "/" } },
    { "x/s/2 a/b", 3, { "x", "/s/2", "a/b" } },
    { "/foo bar", 2, { "/foo", "bar" } },
    { "load a/b.s", 2, { "load", "a/b.s" } },
    { "\"x/4\" y", 2, { "x/4", "y" } },
    { "a\"/b\"", 1, { "a/b" } },
    { "load \"my prog.s\" # a comment", 2, { "load", "my prog.s" } },
    { "echo \"a\\\"b\\\\c\\n\"", 2, { "echo", "a\"b\\c\\n" } },
    { "a\"b c\"d", 1, { "ab cd" } },
    { "load \"\" x", 3, { "load", "", "x" } },
    { "\"#\" #x", 1, { "#" } },
    { "# all comment", 0, { NULL } },
    { "step # 3", 1, { "step" } },
    { "step #3", 1, { "step" } },
    { "break foo#bar", 2, { "break", "foo#bar" } },
    { "x/x#y", 2, { "x", "/x#y" } },
    { "", 0, { NULL } },
    { " \t\n", 0, { NULL } },
    { "print ' '", 2, { "print", "' '" } },
    { "print 'a' + ' ' # c", 4, { "print", "'a'", "+", "' '" } },
    { "p '#'", 2, { "p", "'#'" } },
    { "p '\\'' 1", 3, { "p", "'\\''", "1" } },
    { "p '\"'", 2, { "p", "'\"'" } },
    { "p \"'\"", 2, { "p", "'" } },
    { "p x'/ 'y", 2, { "p", "x'/ 'y" } },
    { "p'a'/x", 1, { "p'a'/x" } },
};

START_TEST(test_split)
{
    const char *line = split_cases[_i].line;
    char copy[128];
    char buf[CMD_SPLIT_BUFSIZE(64)];
    char *argv[8];
    snprintf(copy, sizeof copy, "%s", line);
    memset(argv, 0x55, sizeof argv);
    int argc = cmd_split(copy, buf, CMD_SPLIT_BUFSIZE(strlen(line)), argv, (int)NELEM(argv));
    ck_assert_msg(argc == split_cases[_i].argc, "\"%s\": %d words, want %d", line, argc,
                  split_cases[_i].argc);
    for (int i = 0; i < argc; i++)
        ck_assert_msg(!strcmp(argv[i], split_cases[_i].words[i]),
                      "\"%s\": word %d is \"%s\", want \"%s\"", line, i, argv[i],
                      split_cases[_i].words[i]);
    ck_assert_ptr_null(argv[argc]);
    ck_assert_str_eq(copy, line);                       /* the line is untouched */
}
END_TEST

START_TEST(test_split_quote)
{
    static const char *const lines[] = {
        "load \"abc", "\"", "echo \"a\\\"", "p 'a", "p '", "p '\\'", "p 'a\\", "ok \"a\" 'b",
    };
    for (size_t i = 0; i < NELEM(lines); i++) {
        char buf[64];
        char *argv[8];
        ck_assert_msg(cmd_split(lines[i], buf, sizeof buf, argv, 8) == CMD_SPLIT_QUOTE,
                      "%s", lines[i]);
    }
}
END_TEST

START_TEST(test_split_overflow)
{
    char buf[64];
    char *argv[4];
    /* max - 1 words fit, with the NULL after them */
    ck_assert_int_eq(cmd_split("a b c", buf, sizeof buf, argv, 4), 3);
    ck_assert_ptr_null(argv[3]);
    ck_assert_int_eq(cmd_split("a b c d", buf, sizeof buf, argv, 4), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("x/4 b c", buf, sizeof buf, argv, 4), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("x/4 b", buf, sizeof buf, argv, 4), 3);
    ck_assert_int_eq(cmd_split("x/4", buf, sizeof buf, argv, 2), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("", buf, sizeof buf, argv, 1), 0);
    ck_assert_ptr_null(argv[0]);
    ck_assert_int_eq(cmd_split("a", buf, sizeof buf, argv, 1), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("", buf, sizeof buf, argv, 0), CMD_SPLIT_OVERFLOW);
    /* the buffer: CMD_SPLIT_BUFSIZE is enough, one byte less may not be */
    static const char *const lines[] = { "x/4xw", "x/4xw $sp", "ab", "a b", "p/x 'a'" };
    for (size_t i = 0; i < NELEM(lines); i++) {
        size_t need = CMD_SPLIT_BUFSIZE(strlen(lines[i]));
        char small[32];
        memset(small, 0x7e, sizeof small);
        ck_assert_int_gt(cmd_split(lines[i], small, need, argv, 4), 0);
        ck_assert_int_eq(small[need], 0x7e);            /* nothing written past it */
    }
    ck_assert_int_eq(cmd_split("x/4xw", buf, 6, argv, 4), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("x/4xw $sp", buf, 10, argv, 4), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("ab", buf, 2, argv, 4), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("ab", buf, 3, argv, 4), 1);
    ck_assert_int_eq(cmd_split("p 'a'", buf, 5, argv, 4), CMD_SPLIT_OVERFLOW);
    ck_assert_int_eq(cmd_split("p \"a\"", buf, 4, argv, 4), 2);    /* quotes go */
}
END_TEST

/* ---- join --------------------------------------------------------------------------- */

START_TEST(test_join)
{
    char *words[] = { "$sp", "+", "8" };
    char buf[16];
    ck_assert_int_eq(cmd_join(3, words, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "$sp + 8");
    ck_assert_int_eq(cmd_join(1, words, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "$sp");
    ck_assert_int_eq(cmd_join(0, words, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(cmd_join(3, words, buf, 8), 0);              /* exactly fits */
    ck_assert_str_eq(buf, "$sp + 8");
    memset(buf, 'x', sizeof buf);
    ck_assert_int_eq(cmd_join(3, words, buf, 7), -1);
    ck_assert_str_eq(buf, "$sp + ");
    ck_assert_int_eq(buf[7], 'x');
    ck_assert_int_eq(cmd_join(3, words, buf, 0), -1);
    ck_assert_int_eq(buf[0], '$');
    /* the words of a split line join into an expression */
    char *argv[8];
    char sb[64];
    ck_assert_int_eq(cmd_split("x/4xw $sp + ' ' # c", sb, sizeof sb, argv, 8), 5);
    ck_assert_int_eq(cmd_join(3, argv + 2, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "$sp + ' '");
}
END_TEST

/* ---- completion ------------------------------------------------------------------------- */

static void complete_all(const char *const *extra, const char *prefix, const char *want)
{
    char got[256] = "";
    const char *w;
    for (size_t i = 0; (w = cmd_complete(tab, NELEM(tab), extra, prefix, i)); i++) {
        ck_assert_uint_lt(i, 40);
        strcat(got, i ? " " : "");
        strcat(got, w);
    }
    ck_assert_msg(!strcmp(got, want), "'%s': \"%s\", want \"%s\"", prefix, got, want);
}

START_TEST(test_complete)
{
    static const char *const extra[] = { "registers", "tlb", "display", "disk", NULL };
    complete_all(NULL, "d", "display disas delete disable");
    complete_all(extra, "d", "display disas delete disable display disk");
    complete_all(extra, "dis", "display disas disable display disk");
    complete_all(NULL, "step", "step stepi");
    complete_all(NULL, "stepi", "stepi");
    complete_all(NULL, "s", "step stepi set");                 /* aliases not offered */
    complete_all(extra, "r", "registers");
    complete_all(extra, "t", "tlb");
    complete_all(extra, "z", "");
    complete_all(NULL, "bt", "");
    complete_all(NULL, "",
                 "step stepi display disas delete disable break backtrace continue info "
                 "ignore x print quit set until");
    ck_assert_ptr_null(cmd_complete(tab, NELEM(tab), extra, "d", 6));
    ck_assert_ptr_null(cmd_complete(tab, NELEM(tab), extra, "d", 1000));
    ck_assert_str_eq(cmd_complete(tab, NELEM(tab), extra, "d", 5), "disk");
    ck_assert_ptr_eq(cmd_complete(tab, NELEM(tab), NULL, "q", 0), tab[13].name);
    ck_assert_str_eq(cmd_complete(tab, 0, extra, "", 0), "registers");
}
END_TEST

/* ---- counts --------------------------------------------------------------------------- */

static const struct { const char *s; int ok; uint32_t v; const char *msg; } uint_cases[] = {
    { "3", 1, 3, "" },
    { "0", 1, 0, "" },
    { "007", 1, 7, "" },
    { "0x10", 1, 16, "" },
    { "0XfF", 1, 255, "" },
    { "4294967295", 1, 0xffffffffu, "" },
    { "0xffffffff", 1, 0xffffffffu, "" },
    { "0x00000000ffffffff", 1, 0xffffffffu, "" },
    { "3x", 0, 0, "step: '3x' is not a count" },
    { "", 0, 0, "step: '' is not a count" },
    { "0x", 0, 0, "step: '0x' is not a count" },
    { "-1", 0, 0, "step: '-1' is not a count" },
    { "+1", 0, 0, "step: '+1' is not a count" },
    { " 3", 0, 0, "step: ' 3' is not a count" },
    { "3 ", 0, 0, "step: '3 ' is not a count" },
    { "ff", 0, 0, "step: 'ff' is not a count" },
    { "0xfg", 0, 0, "step: '0xfg' is not a count" },
    { "1e3", 0, 0, "step: '1e3' is not a count" },
    { "4294967296", 0, 0, "step: '4294967296' is too big" },
    { "0x100000000", 0, 0, "step: '0x100000000' is too big" },
    { "99999999999x", 0, 0, "step: '99999999999x' is not a count" },
};

START_TEST(test_uint)
{
    uint32_t v = 0x5a5a5a5a;
    char msg[64] = "untouched";
    int r = cmd_parse_uint("step", uint_cases[_i].s, &v, msg, sizeof msg);
    ck_assert_int_eq(r, uint_cases[_i].ok ? 0 : -1);
    ck_assert_uint_eq(v, uint_cases[_i].ok ? uint_cases[_i].v : 0x5a5a5a5a);
    ck_assert_str_eq(msg, uint_cases[_i].msg);
    ck_assert_int_eq(cmd_parse_uint("step", uint_cases[_i].s, &v, NULL, 0), r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("dbg_cmd");
    TCase *t = tcase_create("lookup");
    tcase_add_loop_test(t, test_found, 0, (int)NELEM(found_cases));
    tcase_add_test(t, test_found_entry);
    tcase_add_test(t, test_alias_whole);
    tcase_add_loop_test(t, test_fail, 0, (int)NELEM(fail_cases));
    tcase_add_test(t, test_suggest_limits);
    tcase_add_test(t, test_msg_buffer);
    suite_add_tcase(s, t);

    t = tcase_create("split");
    tcase_add_loop_test(t, test_split, 0, (int)NELEM(split_cases));
    tcase_add_test(t, test_split_quote);
    tcase_add_test(t, test_split_overflow);
    tcase_add_test(t, test_join);
    suite_add_tcase(s, t);

    t = tcase_create("complete");
    tcase_add_test(t, test_complete);
    tcase_add_loop_test(t, test_uint, 0, (int)NELEM(uint_cases));
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
