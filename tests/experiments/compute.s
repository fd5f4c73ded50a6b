# compute.s -- a compute loop for the experiments: integer arithmetic on a
# few registers and one page of data, so the TLB always hits and the page
# tables never change.  Under any MMU and any paging mode, the work is the
# same instructions; what differs is only what the machine adds.
        .data
acc:    .word   0
        .text
main:   li      $s0, 400000             # iterations
        li      $s1, 12345              # x
        li      $s2, 0                  # sum
loop:   mul     $t0, $s1, $s1
        addu    $t0, $t0, $s0
        srl     $t1, $t0, 7
        xor     $s1, $s1, $t1
        addiu   $s1, $s1, 17
        addu    $s2, $s2, $s1
        sw      $s2, acc
        addiu   $s0, $s0, -1
        bnez    $s0, loop
        move    $a0, $s2
        li      $v0, 1                  # print_int
        syscall
        li      $a0, 10
        li      $v0, 11                 # print_char '\n'
        syscall
        li      $v0, 10
        syscall
