#!/bin/sh
# tests/vmm/run.sh TLBVISOR -- equivalence: the VMM changes nothing a guest
# can see.
#
# Every sample program (guestos/programs) and every SPIM program
# (tests/spim) runs once on the bare machine, as the reference, then under
# the VMM in each configuration below, with the isolation checker on.  Each
# VM's output (its "[vmK] " lines, with several VMs) must equal the bare
# output byte for byte, and the exit status must be the same.  (With several
# VMs, the VMM ends a VM's unterminated last line with a newline, so that
# lines of different VMs never mix.)  Inputs come from NAME.in where there
# is one.
#
# The walker: the same programs, and the golden programs of tests/guestos
# (its sample table and its fault_*.s beside worker.s), run on the bare
# walker machine with 2, 3 and 4 levels, as the references, and under the
# VMM with shadow paging (--mmu walker --paging shadow) in WALKER_CONFIGS:
# each level count with one VM and with three, each with both ASID
# policies across the levels (six runs a program, not the twelve of every
# combination, to keep "make check" short; the golden programs in three of
# them, one per level count, and forklimit.s and forkoom.s, the longest,
# with 3 levels and one VM only).
set -u
tlbvisor=${1:?usage: tests/vmm/run.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MAXI=400000000
CONFIGS='--vms 1 --asid tag
--vms 1 --asid flush
--vms 1 --l2tlb
--vms 3 --asid tag
--vms 3 --asid flush --quantum 7000
--vms 3 --asid tag --l2tlb --quantum 3000'
WALKER_CONFIGS='--levels 2 --vms 1 --asid tag
--levels 2 --vms 3 --asid flush --quantum 7000
--levels 3 --vms 1 --asid flush
--levels 3 --vms 3 --asid tag --quantum 5000
--levels 4 --vms 1 --asid tag
--levels 4 --vms 3 --asid flush'
# Nested paging (--paging nested): every guest level count with every nested
# level count at least once, large pages and the PWC, one VM and three.
NESTED_CONFIGS='--levels 2 --nested-levels 1 --vms 1
--levels 2 --nested-levels 2 --vms 3 --asid flush --quantum 7000 --nested-large
--levels 3 --nested-levels 3 --vms 1 --pwc
--levels 3 --nested-levels 4 --vms 3 --asid tag --quantum 5000
--levels 4 --nested-levels 4 --vms 1 --pwc --nested-large
--levels 4 --nested-levels 2 --vms 1 --asid flush'
pass=0
fail=0

# programs: NAME.s [second.s] -- yield.s runs as two processes
programs() {
    for f in "$root"/guestos/programs/*.s "$root"/tests/spim/*.s; do
        case $f in
        */yield.s) echo "$f $f" ;;
        *) echo "$f" ;;
        esac
    done
}

# golden: the golden programs of tests/guestos, as its run.sh runs them
# (heavy: those that run tens of millions of instructions making processes
# until none or no memory is left, which run in one configuration)
golden_heavy() {
    echo "$root/tests/guestos/forklimit.s"
    echo "$root/tests/guestos/forkoom.s"
}
golden() {
    g="$root/tests/guestos"
    for p in io.s "spin.s worker.s" forkmany.s orphan.s parentcrash.s oom.s; do
        # shellcheck disable=SC2086
        set -- $p
        echo "$g/$1${2:+ $g/$2}"
    done
    echo "$root/guestos/programs/ptrchase.s $root/guestos/programs/ptrchase.s"
    for f in "$g"/fault_*.s; do
        echo "$f $g/worker.s"
    done
}

# check_config NAME CONFIG: compare $tmp/vmm (status $got) with $tmp/bare
# (status $want)
check_config() {
    name=$1 config=$2
    ok=1
    case "$config " in
    *"--vms 1 "*)
        cmp -s "$tmp/bare" "$tmp/vmm" || ok=0 ;;
    *)
        cp "$tmp/bare" "$tmp/bare.nl"
        [ -s "$tmp/bare" ] && [ "$(tail -c 1 "$tmp/bare" | od -An -c | tr -d ' ')" != '\n' ] &&
            echo >> "$tmp/bare.nl"
        for k in 0 1 2; do
            sed -n "s/^\[vm$k\] //p" "$tmp/vmm" > "$tmp/vm$k"
            cmp -s "$tmp/bare.nl" "$tmp/vm$k" || ok=0
        done
        if [ "$(grep -cv '^\[vm[0-2]\] ' "$tmp/vmm")" != 0 ]; then
            ok=0
        fi ;;
    esac
    if [ "$got" != "$want" ]; then
        ok=0
    fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name [$config]: status $got (bare: $want), output:"
        diff "$tmp/bare" "$tmp/vmm" | head -n 10 | sed 's/^/    /'
        head -n 3 "$tmp/err" | sed 's/^/    /'
    fi
}

# equivalence LIST BAREARGS VMMARGS CONFIGS: each program of LIST on the
# bare machine (BAREARGS, plus the --levels of the config), then under the
# VMM (VMMARGS CONFIG) in each configuration.
equivalence() {
    printf '%s\n' "$4" > "$tmp/configs"
    while read -r prog second; do
        name=$(basename "$prog" .s)
        dir=$(dirname "$prog")
        input=/dev/null
        [ -f "$dir/$name.in" ] && input="$dir/$name.in"
        ref=none
        while IFS= read -r config; do
            levels=$(printf '%s\n' "$config" | sed -n 's/.*\(--levels [0-9]\).*/\1/p')
            if [ "$ref" != "x$levels" ]; then
                # shellcheck disable=SC2086
                (cd "$dir" && "$tlbvisor" run --bare $2 $levels --max-insns $MAXI "$prog" \
                    ${second:-} < "$input" > "$tmp/bare" 2> /dev/null)
                want=$?
                ref="x$levels"
            fi
            # shellcheck disable=SC2086
            (cd "$dir" && "$tlbvisor" run $3 $config --check-isolation --max-insns $MAXI \
                "$prog" ${second:-} < "$input" > "$tmp/vmm" 2> "$tmp/err")
            got=$?
            check_config "$name" "$3${3:+ }$config"
        done < "$tmp/configs"
    done < "$1"
}

programs > "$tmp/list"
equivalence "$tmp/list" "" "" "$CONFIGS"
soft_pass=$pass soft_fail=$fail
programs > "$tmp/wlist"
equivalence "$tmp/wlist" "--mmu walker" "--mmu walker --paging shadow" "$WALKER_CONFIGS"
golden > "$tmp/wlist"
equivalence "$tmp/wlist" "--mmu walker" "--mmu walker --paging shadow" \
    "$(printf '%s\n' "$WALKER_CONFIGS" | sed -n '2p;3p;5p')"
golden_heavy > "$tmp/wlist"
equivalence "$tmp/wlist" "--mmu walker" "--mmu walker --paging shadow" \
    "--levels 3 --vms 1 --asid flush"
walker_pass=$((pass - soft_pass)) walker_fail=$((fail - soft_fail))
programs > "$tmp/wlist"
equivalence "$tmp/wlist" "--mmu walker" "--mmu walker --paging nested" "$NESTED_CONFIGS"
golden > "$tmp/wlist"
equivalence "$tmp/wlist" "--mmu walker" "--mmu walker --paging nested" \
    "$(printf '%s\n' "$NESTED_CONFIGS" | sed -n '1p;4p;5p')"
golden_heavy > "$tmp/wlist"
equivalence "$tmp/wlist" "--mmu walker" "--mmu walker --paging nested" \
    "--levels 3 --nested-levels 2 --vms 1 --pwc"
nested_pass=$((pass - soft_pass - walker_pass)) nested_fail=$((fail - soft_fail - walker_fail))

# ---- golden traces: the lecture's tables ------------------------------------
# b5.s under --trace=tlb must print OSTEP's table B.5 (a TLB miss under the
# VMM) as b5-tlb.trace has it, and under --trace=syscall table B.3 (a
# system call) as b3-syscall.trace.  Checked by hand once; any change in
# the VMM's flow shows up here.
for golden in tlb:b5-tlb.trace syscall:b3-syscall.trace; do
    filter=${golden%%:*}
    file=${golden#*:}
    (cd "$here" && "$tlbvisor" run --trace="$filter" b5.s > "$tmp/out" 2> "$tmp/trace")
    if [ "$(cat "$tmp/out")" = 42 ] && cmp -s "$tmp/trace" "$here/$file"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL trace --trace=$filter b5.s: differs from $file:"
        diff "$here/$file" "$tmp/trace" | head -n 20 | sed 's/^/    /'
    fi
done

# ---- a line that never ends --------------------------------------------------
# Each VM's lines are broken after 65536 bytes: two VMs print 70000 x's
# each as [vmK] 65536 x's, then [vmK] 4464 x's ended at halt.
"$tlbvisor" run --vms 2 "$here/longline.s" > "$tmp/out" 2> "$tmp/err"
shape=$(awk '{ sub(/^\[vm[01]\] /, "", $0); print length($0) }' "$tmp/out" | sort -n | tr '\n' ' ')
if [ "$shape" = "4464 4464 65536 65536 " ] && [ "$(grep -c '^\[vm0\] ' "$tmp/out")" = 2 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL longline.s --vms 2: line lengths $shape"
fi

echo "vmm equivalence: $pass passed, $fail failed (soft TLB $soft_pass/$((soft_pass + soft_fail)), walker with shadow paging $walker_pass/$((walker_pass + walker_fail)), nested paging $nested_pass/$((nested_pass + nested_fail)))"
[ "$fail" = 0 ]
