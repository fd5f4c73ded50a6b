# linkedlist.s -- a singly linked list on the heap: nodes of 8 bytes
# (value, next) from sbrk, built from integers read until a 0, kept sorted
# by insertion; printed, summed, reversed in place, printed again, and
# one value deleted.  Also prints the address of the first node sbrk gave
# (0x10020000 in SPIM and tlbvisor when .data is small).
        .data
head:   .word 0
firstm: .asciiz "first node at "
listm:  .asciiz "list:"
summ:   .asciiz "sum: "
lenm:   .asciiz "length: "
revm:   .asciiz "reversed:"
delm:   .asciiz "after deleting 42:"
        .text
main:   addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $s0, 0($sp)
        li    $s0, 0            # first node, for the address print
rd:     li    $v0, 5
        syscall
        beqz  $v0, built
        move  $a0, $v0
        jal   insert_sorted
        bnez  $s0, rd
        move  $s0, $v0          # insert_sorted returns the new node
        j     rd
built:  li    $v0, 4
        la    $a0, firstm
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        la    $a0, listm
        jal   print_list

        lw    $t0, head         # sum and length
        li    $t1, 0
        li    $t2, 0
sm_lp:  beqz  $t0, sm_end
        lw    $t3, 0($t0)
        addu  $t1, $t1, $t3
        addiu $t2, $t2, 1
        lw    $t0, 4($t0)
        j     sm_lp
sm_end: li    $v0, 4
        la    $a0, summ
        syscall
        li    $v0, 1
        move  $a0, $t1
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, lenm
        syscall
        li    $v0, 1
        move  $a0, $t2
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall

        # reverse in place
        lw    $t0, head         # cur
        li    $t1, 0            # prev
rv_lp:  beqz  $t0, rv_end
        lw    $t2, 4($t0)       # next
        sw    $t1, 4($t0)
        move  $t1, $t0
        move  $t0, $t2
        j     rv_lp
rv_end: sw    $t1, head
        la    $a0, revm
        jal   print_list

        # delete every node holding 42
        la    $t0, head         # address of the link to the current node
dl_lp:  lw    $t1, 0($t0)
        beqz  $t1, dl_end
        lw    $t2, 0($t1)
        bne   $t2, 42, dl_nx
        lw    $t3, 4($t1)
        sw    $t3, 0($t0)       # unlink, stay on this link
        j     dl_lp
dl_nx:  addiu $t0, $t1, 4
        j     dl_lp
dl_end: la    $a0, delm
        jal   print_list

        lw    $s0, 0($sp)
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra

# node *insert_sorted(int value): allocate, link in ascending order
insert_sorted:
        move  $t0, $a0
        li    $a0, 8
        li    $v0, 9            # sbrk(8)
        syscall
        sw    $t0, 0($v0)
        la    $t1, head         # link address
is_lp:  lw    $t2, 0($t1)
        beqz  $t2, is_put
        lw    $t3, 0($t2)
        bge   $t3, $t0, is_put
        addiu $t1, $t2, 4
        j     is_lp
is_put: sw    $t2, 4($v0)
        sw    $v0, 0($t1)
        jr    $ra

# print_list(label)
print_list:
        li    $v0, 4
        syscall
        lw    $t0, head
pl_lp:  beqz  $t0, pl_end
        li    $v0, 11
        li    $a0, ' '
        syscall
        li    $v0, 1
        lw    $a0, 0($t0)
        syscall
        lw    $t0, 4($t0)
        j     pl_lp
pl_end: li    $v0, 11
        li    $a0, 10
        syscall
        jr    $ra
