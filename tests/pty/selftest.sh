#!/bin/sh
# shellcheck disable=SC2016 # the $ in sh -c '...' is for the inner shell
# tests/pty/selftest.sh -- build tests/pty/ptydrive.c into a temporary
# directory and check it against programs every Debian has (cat, sh, sleep,
# stty, od). Uses $CC (default cc) and, if set, $CFLAGS, e.g.
#   CFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all' sh tests/pty/selftest.sh
# Exits non-zero if anything fails; ends with "ptydrive selftest: N passed".
# (Not named run.sh: the Makefile runs tests/*/run.sh with tlbvisor's path.)
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# $CC and $CFLAGS may hold several words: split them.
# shellcheck disable=SC2086
if ! ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Wall -Wextra -Werror \
        ${CFLAGS:-} -o "$tmp/ptydrive" "$here/ptydrive.c"; then
    echo "ptydrive selftest: FAIL: ptydrive.c does not build"
    exit 1
fi
pd=$tmp/ptydrive

# check NAME WANT_STATUS WANT_TEXT MAX_SECONDS -- PTYDRIVE_ARGS...
# Runs ptydrive with the script on stdin (a here-document) and checks its
# exit status, that its stderr contains WANT_TEXT (when WANT_TEXT is empty:
# that it printed nothing at all) and that it took at most MAX_SECONDS.
check() {
    name=$1 want=$2 text=$3 max=$4
    shift 5
    start=$(date +%s)
    "$@" > "$tmp/out" 2> "$tmp/err"
    status=$?
    took=$(($(date +%s) - start))
    why=
    if [ "$status" != "$want" ]; then
        why="exit status $status, expected $want"
    elif [ -z "$text" ] && { [ -s "$tmp/out" ] || [ -s "$tmp/err" ]; }; then
        why="printed something on success"
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/err"; then
        why="stderr lacks '$text'"
    elif [ "$took" -gt "$max" ]; then
        why="took ${took} s, more than $max s"
    fi
    if [ -n "$why" ]; then
        printf 'FAIL %s: %s; it printed:\n' "$name" "$why"
        cat "$tmp/out" "$tmp/err" | sed 's/^/    /' | head -n 20
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}

check "cat echoes a line, ends at Ctrl-D" 0 "" 5 -- "$pd" - -- cat <<'EOF'
# the terminal echoes hello, then cat writes it: both as hello\r\n (ONLCR)
send hello\r
expect hello\r\nhello\r\n
eof
wait 0
EOF

check "sh reads a line" 0 "" 5 -- "$pd" - -- sh -c 'read x; echo got:$x' <<'EOF'
send world\r
expect got:world
wait 0
EOF

check "expect times out, quickly with -t 1" 1 "(stdin):2: expect \"never printed\": not received within 1 s" 3 \
    -- "$pd" -t 1 - -- cat <<'EOF'
send hello\r
expect never printed
EOF

check "expect failure shows what came" 1 "received since the last match (14 bytes): \"hello\\r\\nhello\\r\\n\"" 3 \
    -- "$pd" -t 0.5 - -- cat <<'EOF'
send hello\r
expect goodbye
EOF

check "wait with the wrong status fails" 1 "(stdin):1: wait \"0\": the program exited with status 3" 5 \
    -- "$pd" - -- sh -c 'exit 3' <<'EOF'
wait 0
EOF

check "wait with the right status passes" 0 "" 5 -- "$pd" - -- sh -c 'exit 3' <<'EOF'
wait 1|3
EOF

check "wait times out, kills the program" 1 "did not exit within 1 s" 4 -- "$pd" -t 1 - -- sleep 30 <<'EOF'
wait 0
EOF

# Ctrl-C through the line discipline (ISIG): SIGINT to the foreground group.
check "Ctrl-C ends sleep (exec'd by sh -c)" 0 "" 5 \
    -- "$pd" - -- sh -c 'echo ready; exec sleep 30' <<'EOF'
expect ready
send \x03
wait 130|SIGINT
EOF

# sh waits for sleep; both get SIGINT; sh then dies of it too. The pause
# lets sh fork and exec sleep first: a SIGINT between sh's fork and the
# exec reaches only sh's handler, and sleep would run on (a race in sh).
check "Ctrl-C ends sh -c 'sleep 30; echo after'" 0 ">>> 4: wait 130|SIGINT: the program" 6 \
    -- "$pd" -v - -- sh -c 'echo ready; sleep 30; echo after' <<'EOF'
expect ready
sleep 1000
send \x03
wait 130|SIGINT
EOF
sigint_status=$(sed -n 's/^>>> 4: wait 130|SIGINT: the program //p' "$tmp/err")

check "Ctrl-C works though ptydrive's SIGINT is ignored" 0 "" 5 \
    -- sh -c 'trap "" INT; exec "$@"' sh "$pd" - -- sh -c 'echo ready; exec sleep 30' <<'EOF'
expect ready
send \x03
wait SIGINT
EOF

check "Ctrl-C is a byte when ISIG is off (stty raw)" 0 "" 5 \
    -- "$pd" - -- sh -c 'stty raw -echo; echo ready; head -c 1 | od -An -tx1' <<'EOF'
expect ready
send \x03
expect 03
wait 0
EOF

check "escapes: \\\\ \\e \\t \\xH \\xHH \\r" 0 "" 5 \
    -- "$pd" - -- sh -c 'stty raw -echo; echo ready; head -c 7 | od -An -tx1' <<'EOF'
expect ready
send A\\\e\t\x7\x7f\r
expect 41 5c 1b 09 07 7f 0d
wait 0
EOF

check "TERM=dumb, -e, an 80x24 window" 0 "" 5 \
    -- "$pd" -e HOME=/nonexistent/home -e 'FOO=a b' - -- sh -c 'echo "[$TERM:$HOME:$FOO]"; stty size' <<'EOF'
expect [dumb:/nonexistent/home:a b]
expect 24 80
wait 0
EOF

check "-e TERM= overrides dumb" 0 "" 5 -- "$pd" -e TERM=vt100 - -- sh -c 'echo "[$TERM]"' <<'EOF'
expect [vt100]
wait 0
EOF

check "expect after the program exited fails at once" 1 "not received; the terminal closed (the program exited with status 0)" 3 \
    -- "$pd" -t 20 - -- sh -c 'echo bye' <<'EOF'
expect bye
expect more
EOF

check "a program still running at the end is hung up" 0 "" 4 -- "$pd" - -- cat <<'EOF'
send hello\r
expect hello
EOF

check "the whole run's limit, -T" 1 "(stdin):2: sleep \"5000\": the whole run's time limit" 4 \
    -- "$pd" -T 1 - -- cat <<'EOF'
send x\r
sleep 5000
EOF

check "much output" 0 "" 10 -- "$pd" - -- sh -c 'i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i + 1)); done; echo done' <<'EOF'
expect line 19999\r\ndone
wait 0
EOF

check "-v prints the transcript" 0 ">>> 2: expect got:x: matched" 5 \
    -- "$pd" -v - -- sh -c 'read x; echo got:$x' <<'EOF'
send x\r
expect got:x
wait 0
EOF

check "a script error names its line" 2 "(stdin):3: unknown command \"frob\"" 3 -- "$pd" - -- cat <<'EOF'
# a comment, then a blank line

frob x
EOF

check "a bad escape names its line" 2 "(stdin):1: unknown escape \\q" 3 -- "$pd" - -- cat <<'EOF'
send \q
EOF

check "a missing program" 2 "cannot run /nonexistent/prog" 3 -- "$pd" - -- /nonexistent/prog <<'EOF'
wait 0
EOF

if [ "$fail" -ne 0 ]; then
    echo "ptydrive selftest: $pass passed, $fail FAILED"
    exit 1
fi
echo "ptydrive selftest: $pass passed (Ctrl-C to sh -c 'sleep 30; ...': the program ${sigint_status:-?})"
