#!/bin/sh
# tests/debugger/run.sh TLBVISOR -- golden transcripts of scripted debugger
# sessions.  Each NAME.cmd is fed on stdin to "tlbvisor debug ARGS", where
# ARGS is what its first line gives after "# args:"; the output (stdout and
# stderr) must equal NAME.out, and must be the same on a second run.
# UPDATE=1 writes the .out files instead (then read the diff!).
set -u
tlbvisor=${1:?usage: tests/debugger/run.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
cd "$here" || exit 1
HOME=$tmp                                # no history file of the user's
export HOME

for cmd in *.cmd; do
    name=${cmd%.cmd}
    args=$(sed -n '1s/^# args: *//p' "$cmd")
    # shellcheck disable=SC2086
    "$tlbvisor" debug $args < "$cmd" > "$tmp/$name.out" 2>&1
    echo "exit status $?" >> "$tmp/$name.out"
    # shellcheck disable=SC2086
    "$tlbvisor" debug $args < "$cmd" > "$tmp/$name.again" 2>&1
    echo "exit status $?" >> "$tmp/$name.again"
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$tmp/$name.out" "$name.out"
    fi
    if ! cmp -s "$tmp/$name.out" "$name.out"; then
        echo "FAIL $name: the transcript differs from $name.out:"
        diff -u "$name.out" "$tmp/$name.out" | head -n 40
        fail=$((fail + 1))
    elif ! cmp -s "$tmp/$name.out" "$tmp/$name.again"; then
        echo "FAIL $name: a second run gave another transcript"
        diff -u "$tmp/$name.out" "$tmp/$name.again" | head -n 20
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
# Looking never changes the machine: the same run with and without every
# looking command ends with the same statistics.
sed -n '/^--- tlbvisor statistics/,$p' "$tmp/look.out" > "$tmp/look.stats"
sed -n '/^--- tlbvisor statistics/,$p' "$tmp/nolook.out" > "$tmp/nolook.stats"
if [ -s "$tmp/look.stats" ] && cmp -s "$tmp/look.stats" "$tmp/nolook.stats"; then
    pass=$((pass + 1))
else
    echo "FAIL looking changed the machine: look.cmd and nolook.cmd end with other statistics"
    diff -u "$tmp/nolook.stats" "$tmp/look.stats" | head -n 20
    fail=$((fail + 1))
fi
echo "debugger sessions: $pass passed, $fail failed"
[ "$fail" = 0 ]
