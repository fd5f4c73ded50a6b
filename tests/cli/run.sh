#!/bin/sh
# tests/cli/run.sh TLBVISOR -- the tlbvisor command line: help, usage errors,
# exit statuses, and clear messages for programs that cannot run.
set -u
tlbvisor=${1:?usage: tests/cli/run.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# check NAME WANT_STATUS WANT_STDERR_SUBSTRING -- cmd...
# Runs cmd (stdin from /dev/null) and checks its status and that stderr
# (or stdout, for help) contains the substring.
check() {
    name=$1 want=$2 text=$3
    shift 4
    "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
    status=$?
    if [ "$status" != "$want" ]; then
        echo "FAIL $name: exit status $status, expected $want"
        sed 's/^/    /' "$tmp/err" | head -n 5
        fail=$((fail + 1))
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/err" "$tmp/out"; then
        echo "FAIL $name: output lacks '$text'; it was:"
        cat "$tmp/out" "$tmp/err" | sed 's/^/    /' | head -n 5
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}

check "no command" 2 "usage: tlbvisor" -- "$tlbvisor"
check "--help" 0 "debug [opts] PROG" -- "$tlbvisor" --help
check "unknown command" 2 "unknown command 'frob'" -- "$tlbvisor" frob
check "run --help" 0 "--max-insns N" -- "$tlbvisor" run --help
check "run, no program" 2 "no program given" -- "$tlbvisor" run
check "debug --help" 0 "--input FILE" -- "$tlbvisor" debug --help
check "debug, no program" 2 "tlbvisor debug: no program given (see tlbvisor debug --help)" -- "$tlbvisor" debug
check "debug, unknown option" 2 "unknown option '--frob' (see tlbvisor debug --help)" -- "$tlbvisor" debug --frob "$here/exit42user.s"
check "debug, -x is debug's" 2 "unknown option '-x'" -- "$tlbvisor" run -x /dev/null "$here/exit42user.s"
check "debug, -x missing file" 2 "-x: cannot open" -- "$tlbvisor" debug -x "$tmp/nosuch" "$here/exit42user.s"
check "debug, --input missing file" 2 "--input: cannot open" -- "$tlbvisor" debug --input "$tmp/nosuch" "$here/exit42user.s"
check "debug, a program that does not assemble" 1 "error:" -- "$tlbvisor" debug "$here/notmips.elf"
printf 'continue\n' > "$tmp/cont.gdb"
check "debug -x FILE runs it, then reads stdin" 0 "vm0 powered off with status 42" -- "$tlbvisor" debug -x "$tmp/cont.gdb" "$here/exit42user.s"
printf 'quit\nstep\n' > "$tmp/quit.gdb"
check "debug -x FILE: quit ends the session" 0 "" -- "$tlbvisor" debug -x "$tmp/quit.gdb" "$here/exit42user.s"
check "run, --kernel and programs" 2 "give either --kernel FILE or programs" -- "$tlbvisor" run --kernel "$here/spin.s" "$here/spin.s"
check "run, options after programs" 2 "put the options before the programs" -- "$tlbvisor" run "$here/userentry.s" --stats "$here/userentry.s"
check "run, kernel sections in a program" 1 "is in kernel space" -- "$tlbvisor" run "$here/spin.s"
check "run, program on the exit stub's page" 1 "keeps for its exit stub" -- "$tlbvisor" run "$here/stubpage.s"
check "run, too many programs" 1 "at most 16 programs" -- "$tlbvisor" run $(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do printf '%s ' "$here/userentry.s"; done)
check "run, programs beyond RAM (bare)" 1 "do not fit in" -- "$tlbvisor" run --bare --mem 2M "$here/bigprog.s"
check "run, programs beyond a VM's RAM" 1 "do not fit in" -- "$tlbvisor" run --vm-mem 2M "$here/bigprog.s"
check "run, VMs beyond the machine" 2 "3 VMs of 16384 KiB need 49152 KiB; the machine has 32768 KiB" -- "$tlbvisor" run --vms 3 --mem 32M "$here/exit42user.s"
check "run, --vms 0" 2 "--vms must be from 1 to 8" -- "$tlbvisor" run --vms 0 "$here/exit42user.s"
check "run, --vms 9" 2 "--vms must be from 1 to 8" -- "$tlbvisor" run --vms 9 "$here/exit42user.s"
check "run, bad --asid" 2 "--asid must be 'tag' or 'flush'" -- "$tlbvisor" run --asid lru "$here/exit42user.s"
check "run, bad --quantum" 2 "--quantum: 'x' is not a positive number" -- "$tlbvisor" run --quantum x "$here/exit42user.s"
check "run, walker under the VMM (shadow paging)" 42 "" -- "$tlbvisor" run --mmu walker --check-isolation "$here/exit42user.s"
check "run, walker under the VMM (nested paging)" 42 "" -- "$tlbvisor" run --mmu walker --paging nested --check-isolation "$here/exit42user.s"
check "run, nested 1-level table, large pages refused" 2 "large pages in the nested table need --nested-levels 2 or more" -- "$tlbvisor" run --mmu walker --paging nested --nested-levels 1 --nested-large "$here/exit42user.s"
check "run, bad --nested-levels" 2 "--nested-levels must be 1, 2, 3 or 4" -- "$tlbvisor" run --mmu walker --paging nested --nested-levels 5 "$here/exit42user.s"
check "run, --pwc without nested paging" 2 "are for nested paging" -- "$tlbvisor" run --mmu walker --pwc "$here/exit42user.s"
check "run, nested with large pages and the PWC" 42 "" -- "$tlbvisor" run --mmu walker --paging nested --levels 4 --nested-levels 4 --nested-large --pwc --vms 2 --check-isolation "$here/exit42user.s"
check "run, --shadow-roots with nested paging" 2 "are for shadow paging, not nested" -- "$tlbvisor" run --mmu walker --paging nested --shadow-roots 4 "$here/exit42user.s"
check "run, bad --paging" 2 "--paging must be 'shadow' or 'nested'" -- "$tlbvisor" run --mmu walker --paging tlb "$here/exit42user.s"
check "run, --paging without the walker" 2 "--paging is for the hardware walker" -- "$tlbvisor" run --paging shadow "$here/exit42user.s"
check "run, --paging with --bare" 2 "it needs the VMM (drop --bare)" -- "$tlbvisor" run --bare --mmu walker --paging shadow "$here/exit42user.s"
check "run, --l2tlb with the walker" 2 "--l2tlb is a second-level software TLB for --mmu soft" -- "$tlbvisor" run --mmu walker --l2tlb "$here/exit42user.s"
check "run, --shadow-roots 1" 2 "--shadow-roots must be from 2 to 64" -- "$tlbvisor" run --mmu walker --shadow-roots 1 "$here/exit42user.s"
check "run, --shadow-pages 15" 2 "--shadow-pages must be 16 or more" -- "$tlbvisor" run --mmu walker --shadow-pages 15 "$here/exit42user.s"
check "run, --shadow-roots without the walker" 2 "are for shadow paging" -- "$tlbvisor" run --shadow-roots 4 "$here/exit42user.s"
check "run, a small shadow" 42 "" -- "$tlbvisor" run --mmu walker --levels 4 --shadow-roots 2 --shadow-pages 16 --check-isolation "$here/exit42user.s"
check "run, no room for shadow tables" 2 "fewer than 16 frames per VM for shadow page tables" -- "$tlbvisor" run --mmu walker --mem 16M "$here/exit42user.s"
check "run, VM exit status" 42 "" -- "$tlbvisor" run --vms 3 "$here/exit42user.s"
check "run, wait forever in a VM" 125 "guest error: wait at 0x80000180 with no interrupt enabled: VM 0 would sleep forever" -- "$tlbvisor" run --kernel "$here/waitforever.s"
check "run, guest OS exit status" 42 "" -- "$tlbvisor" run "$here/exit42user.s"
# The guest OS is inside the binary: tlbvisor run works from any directory.
check "run, from another directory" 42 "" -- sh -c 'cd / && exec "$0" run "$1"' "$tlbvisor" "$here/exit42user.s"
check "run, bad --mmu" 2 "--mmu must be 'soft' or 'walker'" -- "$tlbvisor" run --mmu tlb --kernel "$here/spin.s"
check "run, bad --levels" 2 "--levels must be 2, 3 or 4" -- "$tlbvisor" run --mmu walker --levels 5 --kernel "$here/spin.s"
check "run, bad --mem" 2 "is not a size" -- "$tlbvisor" run --mem lots --kernel "$here/spin.s"
check "run, --mem too small" 2 "memory size must be" -- "$tlbvisor" run --mem 4K --kernel "$here/spin.s"
check "run, --mem not 4K-aligned" 2 "memory size must be" -- "$tlbvisor" run --mem 65537 --kernel "$here/spin.s"
check "run, unknown option" 2 "unknown option '--frob'" -- "$tlbvisor" run --frob --kernel "$here/spin.s"
check "run, missing value" 2 "--kernel needs a value" -- "$tlbvisor" run --kernel
check "run, missing file" 1 "nosuch.s" -- "$tlbvisor" run --kernel "$tmp/nosuch.s"
check "run, a directory" 1 "cannot open: Is a directory" -- "$tlbvisor" run --kernel "$here"
check "run, empty program" 1 "the program is empty" -- "$tlbvisor" run --kernel /dev/null
check "run, not MIPS" 1 "error:" -- "$tlbvisor" run --kernel "$here/notmips.elf"
check "run, --max-insns" 124 "stopped after 1000 instructions (--max-insns)" -- "$tlbvisor" run --max-insns 1000 --kernel "$here/spin.s"
check "run, --max-insns 0" 2 "is not a positive number" -- "$tlbvisor" run --max-insns 0 --kernel "$here/spin.s"
check "run, exit status" 42 "" -- "$tlbvisor" run --kernel "$here/exit42.s"
check "run, wait forever" 125 "guest error: wait at 0x" -- "$tlbvisor" run --bare --kernel "$here/waitforever.s"
check "run, kseg2 section" 1 "cannot be loaded" -- "$tlbvisor" run --kernel "$here/kseg2.s"
check "run, section beyond RAM" 1 "(use --mem" -- "$tlbvisor" run --kernel "$here/bigdata.s"
check "run, overlapping sections" 1 "would share physical memory" -- "$tlbvisor" run --kernel "$here/overlap.s"
check "run, kuseg entry" 1 "entry point 0x00400000 is not in kseg0" -- "$tlbvisor" run --kernel "$here/userentry.s"

# --stats-json writes the same numbers as JSON; --cost changes the model.
"$tlbvisor" run --stats-json "$tmp/s.json" --cost insn=2,exit=100 "$here/exit42user.s" \
    > /dev/null 2>&1
if grep -q '"cost_model": {"insn": 2, "refill": 10, "exit": 100, "switch": 2000, "ref": 5}' "$tmp/s.json" &&
   grep -q '"bare_cycles": ' "$tmp/s.json" && grep -q '"vms": \[' "$tmp/s.json" &&
   [ "$(tail -c 2 "$tmp/s.json")" = "}" ]; then
    pass=$((pass + 1))
else
    echo "FAIL --stats-json: unexpected file:"
    head -n 5 "$tmp/s.json" | sed 's/^/    /'
    fail=$((fail + 1))
fi
# the cost model's ref: each walker page-table reference costs it (none on the soft TLB)
"$tlbvisor" run --mmu walker --stats-json "$tmp/r0.json" --cost ref=0 "$here/exit42user.s" > /dev/null 2>&1
"$tlbvisor" run --mmu walker --stats-json "$tmp/r9.json" --cost ref=9 "$here/exit42user.s" > /dev/null 2>&1
refs=$(grep -o '"walk_refs": [0-9]*' "$tmp/r0.json" | head -n 1 | sed 's/.*: //')
c0=$(grep -o '^  "cycles": [0-9]*' "$tmp/r0.json" | sed 's/.*: //')
c9=$(grep -o '^  "cycles": [0-9]*' "$tmp/r9.json" | sed 's/.*: //')
if [ -n "$refs" ] && [ "$refs" -gt 0 ] && [ "$((c9 - c0))" = "$((9 * refs))" ]; then
    pass=$((pass + 1))
else
    echo "FAIL --cost ref: cycles $c0 (ref=0) and $c9 (ref=9) for $refs walker references"
    fail=$((fail + 1))
fi
check "run, bad --cost" 2 "--cost: 'insn=x'" -- "$tlbvisor" run --cost insn=x "$here/exit42user.s"
check "run, --trace with --bare" 2 "--trace shows the VMM's work" -- "$tlbvisor" run --bare --trace "$here/exit42user.s"
check "run, bad --trace filter" 2 "the filters are tlb, syscall, exits and all" -- "$tlbvisor" run --trace=misses "$here/exit42user.s"
check "run, --stats overhead" 42 "overhead" -- "$tlbvisor" run --stats "$here/exit42user.s"

# --pmap fixes guest frames to machine frames (the trace shows the MFN).
"$tlbvisor" run --pmap "$here/lab.pmap" --trace=tlb "$here/../vmm/b5.s" > /dev/null 2> "$tmp/trace"
if grep -q 'VPN 0x00400 -> MFN 0x00006 ' "$tmp/trace" && grep -q 'VPN 0x10010 -> MFN 0x00040 ' "$tmp/trace"; then
    pass=$((pass + 1))
else
    echo "FAIL --pmap: the trace does not show the fixed machine frames"
    fail=$((fail + 1))
fi
check "run, --pmap frame twice" 2 "--pmap: a fixed pmap entry" -- "$tlbvisor" run --pmap "$here/twice.pmap" "$here/exit42user.s"
check "run, --pmap garbage" 2 "garbage.pmap:1: error: expected \"[vmK] PFN -> MFN\"" -- "$tlbvisor" run --pmap "$here/garbage.pmap" "$here/exit42user.s"

# Ctrl-C stops a runaway kernel with a message and status 130.
"$tlbvisor" run --kernel "$here/spin.s" 2> "$tmp/err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
status=$?
if [ "$status" = 130 ] && grep -q "interrupted at pc 0x" "$tmp/err"; then
    pass=$((pass + 1))
else
    echo "FAIL Ctrl-C: exit status $status, expected 130 and a message"
    fail=$((fail + 1))
fi

echo "command line: $pass passed, $fail failed"
[ "$fail" = 0 ]
