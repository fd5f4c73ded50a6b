/*
 * cmdparse.h -- the REPL's command lines: words, command names, completion.
 *
 * A line is split into words first (cmd_split), then its first word is looked
 * up in the caller's table of commands (cmd_lookup), gdb style: an exact name
 * or alias, else a unique prefix of a name ("cont" is continue), with a
 * helpful message when that fails.  cmd_complete feeds readline.
 *
 * The module knows nothing of the machine or of what the commands do, and
 * has no state of its own: the table belongs to the caller.
 */
#ifndef TLBVISOR_CMDPARSE_H
#define TLBVISOR_CMDPARSE_H

#include <stddef.h>
#include <stdint.h>

/* Flags of a command. */
#define CMD_FMT 0x1u    /* takes a /FMT suffix, like x/4xw or print/x: its
                           argv[1] is the suffix when it begins with '/' */

/* One command of the caller's table.  Only name and aliases are read here;
 * the rest is for the REPL. */
struct cmd_def {
    const char *name;       /* "step" */
    const char *aliases;    /* exact aliases separated by blanks, "s si", or NULL */
    unsigned flags;         /* CMD_* */
    int id;                 /* the caller's tag, e.g. an enum to switch on */
    const char *help;       /* one line for "help", or NULL */
};

enum cmd_match { CMD_FOUND, CMD_UNKNOWN, CMD_AMBIGUOUS };

/* cmd_lookup: the command that word names in tab[0..n-1]: a name or an alias
 * exactly (names first), else a name that word is a prefix of if only one is.
 * CMD_FOUND sets *out and msg to "".  Otherwise *out = NULL and msg says why:
 *   ambiguous command 'd' (did you mean: delete, disable, disas?)
 *   unknown command 'stpe' (did you mean 'step'?)
 *   unknown command 'zzz'
 * Candidates are listed in alphabetical order; the suggestion is the name
 * nearest by edit distance (a swap of neighbours counts 1), if it is within
 * max(1, strlen(word) / 3), the first in tab on a tie.  An empty word is
 * CMD_UNKNOWN ("empty command").  Matching is case-sensitive.  msg may be
 * NULL; it is always NUL-terminated and cut if msglen is short. */
enum cmd_match cmd_lookup(const struct cmd_def *tab, size_t n, const char *word,
                          const struct cmd_def **out, char *msg, size_t msglen);

/* cmd_split results besides a word count. */
#define CMD_SPLIT_QUOTE    (-1)   /* a quote is not closed */
#define CMD_SPLIT_OVERFLOW (-2)   /* more than max - 1 words, or buf too small */

/* The size of buf that cmd_split needs for a line of len characters. */
#define CMD_SPLIT_BUFSIZE(len) ((len) + 2)

/* cmd_split: split line into words, copied into buf (size bytes, at least
 * CMD_SPLIT_BUFSIZE(strlen(line))), with argv[i] pointing into buf.  line
 * is not changed, so the REPL can keep it for history and to repeat it.
 *   - words are separated by blanks; leading and trailing blanks are ignored;
 *   - '#' at the start of a word begins a comment to the end of the line;
 *   - "double quotes" group blanks into a word and are removed; inside them
 *     \" and \\ stand for " and \, and "" is an empty word; a"b c"d is one
 *     word, ab cd;
 *   - 'single quotes' (character constants for expressions, ' ' or '\'')
 *     also group, but stay in the word as they are, escapes and all;
 *   - a '/' in the first word, after its first character, starts a word of
 *     its own: "x/4xw $sp" gives {"x", "/4xw", "$sp"} (as does "x /4xw
 *     $sp"); not when the first word has quotes ("x/4" or p'a'/x stay
 *     whole), and later '/' are ordinary characters.
 * argv has room for max pointers: at most max - 1 words and then NULL.
 * Returns the number of words (0 for a blank or comment line), or
 * CMD_SPLIT_QUOTE or CMD_SPLIT_OVERFLOW (argv and buf then hold nothing
 * useful). */
int cmd_split(const char *line, char *buf, size_t size, char **argv, int max);

/* cmd_join: argv[0..argc-1] joined by single blanks into buf (size bytes),
 * e.g. the words of an expression: {"$sp", "+", "8"} gives "$sp + 8".
 * Returns 0, or -1 if it does not fit (buf then holds as much as fits, NUL-
 * terminated, when size > 0). */
int cmd_join(int argc, char *const *argv, char *buf, size_t size);

/* cmd_complete: the i-th (from 0) word beginning with prefix among the names
 * of tab[0..n-1], in table order, then among extra (a NULL-terminated list,
 * or NULL), e.g. "info" subcommands or register names; NULL after the last.
 * Aliases are not offered and duplicates are not removed.  For a readline
 * generator, which calls it with i = 0, 1, 2... (and strdup()s the result). */
const char *cmd_complete(const struct cmd_def *tab, size_t n, const char *const *extra,
                         const char *prefix, size_t i);

/* cmd_parse_uint: s as a count: decimal or 0x hex digits only, up to
 * 0xffffffff.  Returns 0 and sets *out, or -1 with a message naming the
 * command in msg: "step: '3x' is not a count", "step: '4294967296' is too
 * big" (msg may be NULL). */
int cmd_parse_uint(const char *name, const char *s, uint32_t *out, char *msg, size_t msglen);

#endif
