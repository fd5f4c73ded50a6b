#!/bin/sh
# tests/spim/run.sh -- the differential test against SPIM.
#
#   sh tests/spim/run.sh /abs/path/to/tlbvisor [NAME...]
#
# Every NAME.s here (or just the NAMEs given) is a SPIM homework-style
# program.  Each runs on the same input (NAME.in, else /dev/null) under
# SPIM and under tlbvisor:
#
#   spim -quiet -file NAME.s                         (under timeout)
#   tlbvisor run --bare --mmu soft --max-insns N NAME.s
#   tlbvisor run --bare --mmu walker --max-insns N NAME.s
#
# SPIM's banner (its first lines, up to and including "Loaded: .../
# exceptions.s") is removed, and the stdouts must be equal byte for byte,
# in both MMU modes; so must the exit statuses (SPIM exits 0, or with $a0
# for exit2, syscall 17).  The corpus itself is checked too: SPIM must run
# each program without a word on stderr, its output must equal NAME.out
# (the expected output, checked by hand when the program was written), and
# its status the "# status: N" line of NAME.s (0 if there is none).
#
# Environment: SPIM_TIMEOUT (seconds per SPIM run, default 60),
# TLBVISOR_MAX_INSNS (default 200000000; a hang fails instead of hanging),
# TLBVISOR_MMUS (default "soft walker").
# Exit status 0 = every program passed.
set -u

tlbvisor=${1:-}
if [ -z "$tlbvisor" ] || [ ! -x "$tlbvisor" ]; then
    echo "usage: sh tests/spim/run.sh /abs/path/to/tlbvisor [NAME...]" >&2
    exit 2
fi
shift
if ! command -v spim >/dev/null 2>&1; then
    echo "tests/spim: spim is missing; install it: apt-get install -y spim" >&2
    exit 1
fi
if ! command -v timeout >/dev/null 2>&1; then
    echo "tests/spim: timeout (GNU coreutils) is missing" >&2
    exit 1
fi

here=$(cd "$(dirname "$0")" && pwd)
spim_timeout=${SPIM_TIMEOUT:-60}
max_insns=${TLBVISOR_MAX_INSNS:-200000000}
mmus=${TLBVISOR_MMUS:-soft walker}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlbvisor-spim.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
failed=

if [ $# -gt 0 ]; then
    names=$*
else
    names=$(cd "$here" && ls ./*.s | sed 's|^\./||; s|\.s$||')
fi

# show FILE: at most 20 lines of FILE, indented
show() {
    head -n 20 "$1" | sed 's/^/    /'
}

for name in $names; do
    src=$here/$name.s
    if [ ! -f "$src" ]; then
        echo "FAIL $name: no such program $src"
        fail=$((fail + 1)); failed="$failed $name"
        continue
    fi
    input=/dev/null
    [ -f "$here/$name.in" ] && input=$here/$name.in
    want=$(sed -n 's/^# status: *\([0-9][0-9]*\).*/\1/p' "$src" | head -n 1)
    want=${want:-0}
    ok=1

    # --- SPIM, the oracle -----------------------------------------------
    timeout -k 10 "$spim_timeout" spim -quiet -file "$src" < "$input" \
        > "$tmp/spim.raw" 2> "$tmp/spim.err"
    sst=$?
    if [ $sst = 124 ]; then
        echo "FAIL $name: spim did not finish in ${spim_timeout}s"
        ok=0
    elif ! grep -q '^Loaded: .*exceptions\.s$' "$tmp/spim.raw"; then
        echo "FAIL $name: spim printed no banner ending in 'Loaded: .../exceptions.s':"
        show "$tmp/spim.raw"
        ok=0
    fi
    # everything after the banner's "Loaded: .../exceptions.s" line (the
    # 5th); sed keeps a missing newline at the end missing
    sed '1,/^Loaded: .*exceptions\.s$/d' "$tmp/spim.raw" > "$tmp/spim.out"
    if [ -s "$tmp/spim.err" ]; then
        echo "FAIL $name: spim wrote to stderr (fix the program):"
        show "$tmp/spim.err"
        ok=0
    fi
    if [ -f "$here/$name.out" ] && ! cmp -s "$here/$name.out" "$tmp/spim.out"; then
        echo "FAIL $name: spim's output differs from $name.out (the checked expectation):"
        diff "$here/$name.out" "$tmp/spim.out" | head -n 20
        ok=0
    fi
    if [ $sst != 124 ] && [ "$sst" != "$want" ]; then
        echo "FAIL $name: spim exited with $sst, $name.s says '# status: $want'"
        ok=0
    fi

    # --- tlbvisor, on the software TLB and on the hardware walker ---------
    for mmu in $mmus; do
        label="$name"
        [ "$mmu" = soft ] || label="$name (--mmu $mmu)"
        "$tlbvisor" run --bare --mmu "$mmu" --max-insns "$max_insns" "$src" \
            < "$input" > "$tmp/tlb.out" 2> "$tmp/tlb.err"
        tst=$?
        tok=1
        if ! cmp -s "$tmp/spim.out" "$tmp/tlb.out"; then
            echo "FAIL $label: tlbvisor's output differs from spim's ($(cmp "$tmp/spim.out" "$tmp/tlb.out" 2>&1 | sed 's|.*differ: ||; s|^cmp: ||; s|'"$tmp"'/||g')):"
            diff -u --label spim --label tlbvisor "$tmp/spim.out" "$tmp/tlb.out" | head -n 40
            tok=0
        fi
        if [ "$tst" != "$sst" ]; then
            case $tst in
            124) why=" (--max-insns $max_insns ran out: a hang?)" ;;
            125) why=" (the machine stopped on a guest error)" ;;
            *)   why= ;;
            esac
            echo "FAIL $label: tlbvisor exited with $tst, spim with $sst$why"
            tok=0
        fi
        if [ $tok = 0 ]; then
            ok=0
            if [ -s "$tmp/tlb.err" ]; then
                echo "  tlbvisor's stderr:"
                show "$tmp/tlb.err"
            fi
        fi
    done

    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); failed="$failed $name"
    fi
done

echo "spim differential: $pass passed, $fail failed${failed:+ (failed:$failed)}"
[ $fail = 0 ]
