#!/bin/sh
# tests/adversarial/run.sh TLBVISOR -- guest kernels that try to break out
# of their VM, each checked to be contained.
#
# Each NAME.s runs with "tlbvisor run --kernel NAME.s ARGS" (ARGS from its
# "# run:" line) in these configurations, all with the isolation checker
# on (--check-isolation, which stops the run with status 125 and "isolation
# check" in its message if the invariant ever breaks):
#   one VM;
#   --vms 3 --quantum 1000 --asid tag     (each VM's "[vmK] " lines)
#   --vms 3 --quantum 777 --asid flush
#   --vms 3 --quantum 500 --asid tag --l2tlb
#   --bare, when the kernel says "# bare: same" (its output does not depend
#   on the VMM: the bare machine must print the same).
# Every run must print exactly NAME.out (each VM of three VMs too; the VMM
# ends a last unterminated line with a newline) and exit with the status of
# its "# status:" line (VM 0's with three VMs); no run may die of a signal
# or print a sanitizer report or an isolation failure.
#
# With --l2tlb the VMM serves repeated misses from its second-level TLB
# without entering the guest (by design, Disco style), so a kernel that
# counts its own refills sees fewer: NAME.l2tlb.out, if there is one, is
# the expected output of that configuration.
#
# walker_*.s run on the hardware walker ("# run: --mmu walker --paging
# shadow"): under the VMM with shadow paging, with nested paging (a 1-level
# nested table; and 4 levels with the PWC in three VMs), on the bare machine
# without --paging, and not with --l2tlb (the software TLB's, refused on a
# walker).
set -u
tlbvisor=${1:?usage: tests/adversarial/run.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# run LABEL ARGS...: run tlbvisor, output in $tmp/out, $tmp/err, status in $st
run() {
    label=$1
    shift
    timeout -k 5 120 "$tlbvisor" run "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
    st=$?
}

# contained: the run ended as a guest run ends (no signal, no timeout), and
# printed no isolation failure and no sanitizer report.
contained() {
    if [ "$st" -ge 126 ] && [ "$st" != 130 ]; then
        echo "FAIL $label: killed or crashed (status $st)"
        sed 's/^/    /' "$tmp/err" | head -n 10
        return 1
    fi
    if grep -q -e 'isolation check' -e 'Sanitizer' -e 'runtime error' "$tmp/err"; then
        echo "FAIL $label:"
        sed 's/^/    /' "$tmp/err" | head -n 10
        return 1
    fi
    return 0
}

for src in "$here"/*.s; do
    name=$(basename "$src" .s)
    want_status=$(sed -n 's/^# status: *//p' "$src" | head -n 1)
    want_status=${want_status:-0}
    args=$(sed -n 's/^# run:[ ]*//p' "$src" | head -n 1)
    bare=$(sed -n 's/^# bare: *//p' "$src" | head -n 1)
    expected="$here/$name.out"
    cp "$expected" "$tmp/want.nl"
    [ -s "$expected" ] && [ "$(tail -c 1 "$expected" | od -An -c | tr -d ' ')" != '\n' ] &&
        echo >> "$tmp/want.nl"

    # one VM, and the bare machine; a walker kernel also under nested paging
    for mode in vm nested nested4 bare; do
        if [ $mode = nested ] || [ $mode = nested4 ]; then
            case $args in *--mmu\ walker*) ;; *) continue ;; esac
            extra="--nested-levels 1"
            [ $mode = nested4 ] && extra="--nested-levels 4 --pwc --vms 3 --quantum 900"
            # shellcheck disable=SC2086
            run "$name --paging nested $extra" --kernel "$src" --check-isolation \
                $(printf '%s\n' "$args" | sed 's/--paging [a-z]*/--paging nested/') $extra
            if [ $mode = nested4 ]; then
                sed -n 's/^\[vm0\] //p' "$tmp/out" > "$tmp/out0"
                mv "$tmp/out0" "$tmp/out"
            fi
        elif [ $mode = bare ]; then
            [ "$bare" = same ] || continue
            # shellcheck disable=SC2086
            run "$name --bare" --bare --kernel "$src" \
                $(printf '%s\n' "$args" | sed 's/--paging [a-z]*//')
        else
            # shellcheck disable=SC2086
            run "$name" --kernel "$src" --check-isolation $args
        fi
        ok=1
        contained || ok=0
        if ! cmp -s "$tmp/out" "$expected"; then
            echo "FAIL $label: output differs from $name.out:"
            diff "$expected" "$tmp/out" | head -n 10 | sed 's/^/    /'
            ok=0
        fi
        if [ "$st" != "$want_status" ]; then
            echo "FAIL $label: status $st, expected $want_status"
            head -n 3 "$tmp/err" | sed 's/^/    /'
            ok=0
        fi
        if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
    done

    # three VMs, tag and flush
    for vms in "--quantum 1000 --asid tag" "--quantum 777 --asid flush" \
               "--quantum 500 --asid tag --l2tlb"; do
        case "$args:$vms" in
        *--mmu\ walker*:*--l2tlb*) continue ;;
        esac
        # shellcheck disable=SC2086
        run "$name --vms 3 $vms" --kernel "$src" --check-isolation --vms 3 $vms $args
        ok=1
        contained || ok=0
        want="$tmp/want.nl"
        case $vms in
        *--l2tlb*) [ -f "$here/$name.l2tlb.out" ] && want="$here/$name.l2tlb.out" ;;
        esac
        for k in 0 1 2; do
            sed -n "s/^\[vm$k\] //p" "$tmp/out" > "$tmp/vm$k"
            if ! cmp -s "$want" "$tmp/vm$k"; then
                echo "FAIL $label: VM $k's output differs from $(basename "$want"):"
                diff "$want" "$tmp/vm$k" | head -n 10 | sed 's/^/    /'
                ok=0
            fi
        done
        if grep -qv '^\[vm[0-2]\] ' "$tmp/out"; then
            echo "FAIL $label: an untagged line"
            ok=0
        fi
        if [ "$st" != "$want_status" ]; then
            echo "FAIL $label: status $st, expected $want_status"
            head -n 3 "$tmp/err" | sed 's/^/    /'
            ok=0
        fi
        if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
    done
done

echo "adversarial kernels: $pass passed, $fail failed"
[ "$fail" = 0 ]
