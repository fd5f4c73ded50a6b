#!/bin/sh
# tests/pty/run.sh TLBVISOR -- tlbvisor debug at a real terminal: the
# readline REPL driven through a pseudo-terminal by ptydrive (built here
# from ptydrive.c): tab completion of commands, symbols and registers,
# history (up-arrow, and ~/.tlbvisor_history across sessions), Enter
# repeating a step, Ctrl-C at the prompt and while the guest runs.
set -u
tlbvisor=${1:?usage: tests/pty/run.sh /path/to/tlbvisor}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

${CC:-cc} -std=c11 -Wall -Wextra -Werror -O1 -o "$tmp/ptydrive" "$here/ptydrive.c" || exit 1
mkdir "$tmp/home"

drive() {
    name=$1
    shift
    if "$tmp/ptydrive" -t 10 -e HOME="$tmp/home" -e INPUTRC=/dev/null "$@"; then
        pass=$((pass + 1))
    else
        echo "FAIL $name"
        fail=$((fail + 1))
    fi
}

drive "completion, Ctrl-C, history, repeat" "$here/session.pty" -- \
    "$tlbvisor" debug "$here/forever.s"
if grep -qx 'info breakpoints' "$tmp/home/.tlbvisor_history"; then
    pass=$((pass + 1))
else
    echo "FAIL the history file lacks the session's commands"
    fail=$((fail + 1))
fi
drive "history from the last session" "$here/history.pty" -- \
    "$tlbvisor" debug "$here/forever.s"

echo "debugger at a terminal: $pass passed, $fail failed"
[ "$fail" = 0 ]
