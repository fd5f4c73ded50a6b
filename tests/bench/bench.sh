#!/bin/sh
# tests/bench/bench.sh TLBVISOR -- measure the interpreter: guest
# instructions, host seconds and guest MIPS for tests/bench/bench.s.
# Three runs; the best is the figure (the others show the noise).
set -eu
tlbvisor=${1:?usage: tests/bench/bench.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
best=0
for run in 1 2 3; do
    start=$(date +%s.%N)
    stats=$("$tlbvisor" run --kernel "$here/bench.s" --stats 2>&1 >/dev/null)
    end=$(date +%s.%N)
    insns=$(printf '%s\n' "$stats" | sed -n 's/^instructions *\([0-9]*\) retired.*/\1/p')
    line=$(awk -v n="$insns" -v s="$start" -v e="$end" 'BEGIN {
        t = e - s; printf "%d %.3f %.1f", n, t, n / t / 1e6 }')
    set -- $line
    echo "run $run: $1 guest instructions in $2 host seconds: $3 guest MIPS"
    best=$(awk -v a="$best" -v b="$3" 'BEGIN { print (b > a) ? b : a }')
done
echo "bench: best $best guest MIPS (target: 100)"
