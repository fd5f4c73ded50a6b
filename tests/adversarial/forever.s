# forever.s -- a kernel that never stops: an endless storm of syscalls.
#
# It prints one line, then loops on syscall; its handler returns past the
# syscall without a word.  --max-insns ends the run with status 124, on
# the bare machine and under the VMM (one VM or three), after the same
# output.
#
# run: --max-insns 300000
# status: 124
# bare: same

        .ktext 0x80000180
        mfc0    $k0, $14
        addiu   $k0, $k0, 4
        mtc0    $k0, $14
        eret

        .ktext 0x80001000
__start:
        la      $a0, m_title
        jal     puts
loop:
        syscall
        addiu   $s0, $s0, 1
        b       loop

        .include "adv.inc"

        .kdata
m_title:  .asciiz "forever: syscalls until the end of time\n"
