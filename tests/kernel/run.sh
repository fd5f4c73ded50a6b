#!/bin/sh
# tests/kernel/run.sh TLBVISOR -- golden end-to-end kernel programs.
#
# Each NAME.s here runs once per "# run: ARGS" line at its top, as
#     tlbvisor run --kernel NAME.s ARGS --stats < NAME.in (or /dev/null)
# on the bare machine (--bare) and inside a VM (the default; --mem in ARGS
# is then the VM's memory, --vm-mem; with --mmu walker the VM runs with
# shadow paging), with the isolation checker on.  Its stdout must equal NAME.out and its exit
# status the "# status: N" line, in both.  Each run is made twice: the
# statistics (stderr) must be identical, since the machine is deterministic.
set -u
tlbvisor=${1:?usage: tests/kernel/run.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

for src in "$here"/*.s; do
    name=$(basename "$src" .s)
    want_status=$(sed -n 's/^# status: *//p' "$src" | head -n 1)
    input=/dev/null
    [ -f "$here/$name.in" ] && input="$here/$name.in"
    grep '^# run:' "$src" | sed 's/^# run:[ ]*//' | while IFS= read -r args; do
        echo "--bare $args"
        echo "--check-isolation $args" | sed 's/--mem /--vm-mem /'
    done > "$tmp/runs"
    while IFS= read -r args; do
        label="$name.s ${args:-(defaults)}"
        # shellcheck disable=SC2086
        "$tlbvisor" run --kernel "$src" $args --stats < "$input" > "$tmp/out" 2> "$tmp/err1"
        status=$?
        # shellcheck disable=SC2086
        "$tlbvisor" run --kernel "$src" $args --stats < "$input" > /dev/null 2> "$tmp/err2"
        ok=1
        if ! cmp -s "$tmp/out" "$here/$name.out"; then
            echo "FAIL $label: output differs from $name.out:"
            diff "$here/$name.out" "$tmp/out" | head -n 20
            ok=0
        fi
        if [ "$status" != "${want_status:-0}" ]; then
            echo "FAIL $label: exit status $status, expected ${want_status:-0}"
            sed 's/^/    /' "$tmp/err1" | head -n 10
            ok=0
        fi
        if ! cmp -s "$tmp/err1" "$tmp/err2"; then
            echo "FAIL $label: two runs gave different statistics:"
            diff "$tmp/err1" "$tmp/err2" | head -n 20
            ok=0
        fi
        if [ $ok = 1 ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
        fi
    done < "$tmp/runs"
done

echo "kernel programs: $pass passed, $fail failed"
[ "$fail" = 0 ]
