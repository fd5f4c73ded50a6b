#!/bin/sh
# tests/experiments/experiments.sh TLBVISOR DOCS -- "make experiments".
#
# Runs three workloads in every configuration of the machine and writes,
# into DOCS (the docs/ folder): experiments.csv (every number), and
# experiments.md (tables, the measured crossover and the effect of the
# page-walk cache and nested large pages) with experiments.svg (a chart).
# Everything comes from real runs' --stats-json; nothing is typed in.
#
# Workloads:
#   ptrchase    a pointer chase over 4 MiB (TLB-heavy, few page-table updates)
#   forkswitch  a fork/wait tree of 15 processes and two processes that
#               yield to each other (context-switch-heavy)
#   churn       40 children in turn, each growing its heap page by page
#               (page-table-update-heavy)
#   compute     a compute loop on one page (neither)
# Configurations: bare soft TLB, VMM soft TLB, bare walker, VMM shadow
# paging, VMM nested paging (and nested with --pwc, --nested-large, both).
set -eu
tlbvisor=${1:?usage: experiments.sh TLBVISOR DOCS}
docs=${2:?usage: experiments.sh TLBVISOR DOCS}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
levels=${LEVELS:-4}
nlevels=${NESTED_LEVELS:-4}

workload_args() {
    case $1 in
    ptrchase)   echo "$root/guestos/programs/ptrchase.s" ;;
    forkswitch) echo "$root/guestos/programs/forktree.s $root/guestos/programs/yield.s $root/guestos/programs/yield.s" ;;
    churn)      echo "$here/churn.s" ;;
    compute)    echo "$here/compute.s" ;;
    esac
}

config_args() {
    case $1 in
    bare-soft)     echo "--bare" ;;
    vmm-soft)      echo "" ;;
    bare-walker)   echo "--bare --mmu walker --levels $levels" ;;
    vmm-shadow)    echo "--mmu walker --paging shadow --levels $levels" ;;
    vmm-nested)    echo "--mmu walker --paging nested --levels $levels --nested-levels $nlevels" ;;
    nested-pwc)    echo "--mmu walker --paging nested --levels $levels --nested-levels $nlevels --pwc" ;;
    nested-large)  echo "--mmu walker --paging nested --levels $levels --nested-levels $nlevels --nested-large" ;;
    nested-both)   echo "--mmu walker --paging nested --levels $levels --nested-levels $nlevels --pwc --nested-large" ;;
    esac
}

workloads="ptrchase forkswitch churn compute"
configs="bare-soft vmm-soft bare-walker vmm-shadow vmm-nested nested-pwc nested-large nested-both"

# num FILE BLOCK KEY: the number after "KEY": in the first BLOCK of the JSON
num() {
    sed -n "/\"$2\": {/,/^  }/p" "$1" | grep -o "\"$3\": [0-9]*" | head -n 1 | sed 's/.*: //'
}
# top FILE KEY: a top-level number
top() {
    grep -o "^  \"$2\": [0-9]*" "$1" | head -n 1 | sed 's/.*: //'
}
# exits FILE: VM exits by reason, "reason=n;..." and their sum
exits_of() {
    grep -o '"exits": {[^}]*}' "$1" | head -n 1 | sed 's/"exits": {//; s/}//; s/"//g; s/, /;/g; s/: /=/g'
}
sum_exits() {
    exits_of "$1" | tr ';' '\n' | sed 's/.*=//' | awk '{s += $1} END {print s + 0}'
}

csv="$docs/experiments.csv"
echo "workload,config,guest_insns,exits,exits_by_reason,tlb_misses,walks,walk_refs,refs_per_walk,pwc_hits,cycles,bare_cycles,overhead,pt_write_traps,ptbr_traps,hidden_misses,true_misses" > "$csv"
for w in $workloads; do
    for c in $configs; do
        out="$tmp/$w-$c.json"
        # shellcheck disable=SC2046
        if ! "$tlbvisor" run $(config_args "$c") --stats-json "$out" $(workload_args "$w") \
                > "$tmp/$w-$c.out" 2> "$tmp/$w-$c.err"; then
            echo "experiments: $w in $c failed:" >&2
            cat "$tmp/$w-$c.err" >&2
            exit 1
        fi
        if [ "$c" = bare-soft ] || [ "$c" = bare-walker ]; then
            insns=$(num "$out" machine insns)
        else
            insns=$(sed -n '/"vms": \[/{n;p;}' "$out" | grep -o '"insns": [0-9]*' | head -n 1 | sed 's/.*: //')
        fi
        misses=$(num "$out" machine tlb_misses)
        walks=$(num "$out" machine walks)
        refs=$(num "$out" machine walk_refs)
        pwc=$(num "$out" machine pwc_hits)
        cycles=$(top "$out" cycles)
        bare=$(top "$out" bare_cycles)
        [ -n "$bare" ] || bare=$cycles
        nexits=$(sum_exits "$out")
        ptw=$(grep -o '"pt_write_traps": [0-9]*' "$out" | head -n 1 | sed 's/.*: //')
        ptbr=$(grep -o '"ptbr_traps": [0-9]*' "$out" | head -n 1 | sed 's/.*: //')
        hidden=$(grep -o '"hidden_misses": [0-9]*' "$out" | head -n 1 | sed 's/.*: //')
        truem=$(grep -o '"true_misses": [0-9]*' "$out" | head -n 1 | sed 's/.*: //')
        byreason=$(exits_of "$out")
        echo "$w,$c,$insns,$nexits,\"$byreason\",$misses,$walks,${refs:-0},$(awk -v r="${refs:-0}" -v w="$walks" 'BEGIN {printf "%.2f", w ? r / w : 0}'),${pwc:-0},$cycles,$bare,$(awk -v c="$cycles" -v b="$bare" 'BEGIN {printf "%.2f", b ? c / b : 0}'),${ptw:-0},${ptbr:-0},${hidden:-0},${truem:-0}" >> "$csv"
    done
done
sh "$here/report.sh" "$csv" "$docs" "$levels" "$nlevels"
echo "experiments: wrote $docs/experiments.md, experiments.csv, experiments.svg"
