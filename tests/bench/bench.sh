#!/bin/sh
# tests/bench/bench.sh TLBVISOR -- measure tlbvisor: guest instructions,
# host seconds and guest MIPS, on the bare machine and under the VMM.
#
#   bench.s      the interpreter: a CPU-bound kernel (tests/bench/bench.s).
#                Under the VMM it is the same kernel deprivileged, with few
#                traps: the figure shows the VMM costs nothing while the
#                guest runs natively.
#   ptrchase.s   the guest OS and a user program that misses in the TLB
#                all the time (guestos/programs/ptrchase.s): under the VMM
#                every refill traps, so this shows trap-and-emulate's cost
#                in host time.
#
# A guest's instruction count is the same on the bare machine and under the
# VMM (the VMM keeps virtual time exact); it comes from a bare run's
# --stats, so the timed runs do nothing but run the guest.  Three runs of
# each; the best is the figure (the others show the noise).
set -eu
tlbvisor=${1:?usage: tests/bench/bench.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# bench NAME ARGS...: time tlbvisor run [--bare] ARGS, bare and under the VMM
bench() {
    name=$1
    shift
    insns=$("$tlbvisor" run --bare --stats "$@" 2>&1 >/dev/null < /dev/null |
            sed -n 's/^instructions *\([0-9]*\) retired.*/\1/p')
    for mode in bare vmm; do
        best=0
        for run in 1 2 3; do
            start=$(date +%s.%N)
            if [ $mode = bare ]; then
                "$tlbvisor" run --bare "$@" > /dev/null < /dev/null
            else
                "$tlbvisor" run "$@" > /dev/null < /dev/null
            fi
            end=$(date +%s.%N)
            line=$(awk -v n="$insns" -v s="$start" -v e="$end" 'BEGIN {
                t = e - s; printf "%d %.3f %.1f", n, t, n / t / 1e6 }')
            # shellcheck disable=SC2086
            set -- $line "$@"
            echo "$name $mode run $run: $1 guest instructions in $2 host seconds: $3 guest MIPS"
            best=$(awk -v a="$best" -v b="$3" 'BEGIN { print (b > a) ? b : a }')
            shift 3
        done
        echo "bench $name $mode: best $best guest MIPS"
    done
}

bench bench.s --kernel "$here/bench.s"
bench ptrchase.s "$root/guestos/programs/ptrchase.s"
echo "(target: 100 guest MIPS for bench.s on the bare machine)"
