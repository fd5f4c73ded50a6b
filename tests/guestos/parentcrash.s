# parentcrash.s -- a parent killed by a fault while its child works.
#
# pid 1 forks, then loads from address 0 (at 0x00400010) and is killed;
# the child (pid 2) sums 1..1000, prints it and exits.  The kill must not
# take the child down; tlbvisor's status is pid 1's (139).
        .data
s_child: .asciiz "child: sum of 1..1000 = "
        .text
        .globl main
main:
        li      $v0, 22             # 0x00400000
        syscall                     # 0x00400004
        beqz    $v0, child          # 0x00400008 (delay slot 0x0040000c)
        lw      $t0, 0($zero)       # 0x00400010: the parent dies here
child:
        li      $t0, 0
        li      $t1, 1
sum:
        addu    $t0, $t0, $t1
        addiu   $t1, $t1, 1
        ble     $t1, 1000, sum
        li      $v0, 4
        la      $a0, s_child
        syscall
        li      $v0, 1
        move    $a0, $t0
        syscall
        li      $v0, 11
        li      $a0, 10
        syscall
        jr      $ra
