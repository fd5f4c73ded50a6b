# longline.s -- 70000 characters and no newline.  With several VMs, each
# VM's output is gathered into lines to be tagged; a line is broken after
# 65536 bytes, so a guest that never ends its line cannot make tlbvisor's
# buffer grow without bound (tests/vmm/run.sh checks the shape).
        .text
main:   li    $s0, 70000
loop:   li    $a0, 'x'
        li    $v0, 11           # print_char
        syscall
        addiu $s0, $s0, -1
        bnez  $s0, loop
        li    $v0, 10
        syscall
