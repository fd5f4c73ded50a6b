# worker.s -- the bystander of the fault-isolation tests.
#
# It runs beside a program that faults (tlbvisor run FAULT.s worker.s) and
# must finish its work untouched: it sums 1..100000 (many time slices,
# so the faulting process is killed while the worker is alive), fills 64
# heap pages with a pattern and reads them back, and checks its data
# segment.  Each line is one print_string, so a fault message from the
# kernel can come between two lines but never inside one.  Exits with
# status 0.  Runs under SPIM too.

        .data
magic:  .word   0x5eed1234
s_start: .asciiz "worker: started\n"
s_sum_ok: .asciiz "worker: sum of 1..100000 checks out\n"
s_sum_bad: .asciiz "worker: sum of 1..100000 is WRONG\n"
s_heap_ok: .asciiz "worker: 64 heap pages written and read back\n"
s_heap_bad: .asciiz "worker: heap pages CORRUPTED\n"
s_data_ok: .asciiz "worker: data segment intact\n"
s_data_bad: .asciiz "worker: data segment CHANGED\n"
s_done: .asciiz "worker: finished\n"

        .text
        .globl main
main:
        li      $v0, 4
        la      $a0, s_start
        syscall

        li      $t0, 1              # sum 1 .. 100000, modulo 2^32
        li      $t1, 0
sum:
        addu    $t1, $t1, $t0
        addiu   $t0, $t0, 1
        ble     $t0, 100000, sum
        li      $t2, 705082704      # 5000050000 mod 2^32
        la      $a0, s_sum_ok
        beq     $t1, $t2, sum_print
        la      $a0, s_sum_bad
sum_print:
        li      $v0, 4
        syscall

        li      $v0, 9              # 64 pages of heap: word k of the area = k * 3 + 1
        li      $a0, 262144
        syscall
        move    $t0, $v0
        li      $t1, 0
fill:
        sll     $t2, $t1, 2
        addu    $t2, $t0, $t2
        sll     $t3, $t1, 1
        addu    $t3, $t3, $t1
        addiu   $t3, $t3, 1
        sw      $t3, 0($t2)
        addiu   $t1, $t1, 1
        blt     $t1, 65536, fill
        li      $t1, 0
        la      $a0, s_heap_ok
verify:
        sll     $t2, $t1, 2
        addu    $t2, $t0, $t2
        lw      $t4, 0($t2)
        sll     $t3, $t1, 1
        addu    $t3, $t3, $t1
        addiu   $t3, $t3, 1
        beq     $t3, $t4, verify_next
        la      $a0, s_heap_bad
verify_next:
        addiu   $t1, $t1, 1
        blt     $t1, 65536, verify
        li      $v0, 4
        syscall

        lw      $t0, magic
        li      $t1, 0x5eed1234
        la      $a0, s_data_ok
        beq     $t0, $t1, data_print
        la      $a0, s_data_bad
data_print:
        li      $v0, 4
        syscall

        li      $v0, 4
        la      $a0, s_done
        syscall
        jr      $ra
