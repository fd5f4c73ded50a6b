# bigheap.s -- 768 KiB of heap from sbrk in 12 blocks of 64 KiB (SPIM's
# default data segment holds 1 MiB; past that it wants -ldata): every
# 4 KiB page is checked to start zeroed, stamped with its page number at
# both ends, and after all the blocks exist every stamp is read back (more
# pages than a 64-entry TLB can hold at once).
        .data
brkm:   .asciiz "heap from "
tom:    .asciiz " to "
pgm:    .asciiz "pages: "
nzm:    .asciiz ", not zero when new: "
badm:   .asciiz ", stamps lost: "
summ:   .asciiz ", sum of stamps: "
        .text
main:   li    $a0, 0
        li    $v0, 9
        syscall
        move  $s0, $v0          # the first heap byte
        li    $s1, 0            # blocks
        li    $s2, 0            # pages
        li    $s3, 0            # words that were not zero
blk:    li    $a0, 65536
        li    $v0, 9
        syscall
        move  $t0, $v0
        li    $t1, 0
page:   addu  $t2, $t0, $t1
        lw    $t3, 0($t2)       # first word of the page
        lw    $t4, 4092($t2)    # last word
        or    $t3, $t3, $t4
        beqz  $t3, fresh
        addiu $s3, $s3, 1
fresh:  sw    $s2, 0($t2)
        xori  $t5, $s2, 0x5555
        sw    $t5, 4092($t2)
        addiu $s2, $s2, 1
        addiu $t1, $t1, 4096
        blt   $t1, 65536, page
        addiu $s1, $s1, 1
        blt   $s1, 12, blk

        li    $a0, 0            # the break now
        li    $v0, 9
        syscall
        move  $s4, $v0
        # read every stamp back
        li    $t1, 0            # page
        li    $s5, 0            # lost
        li    $s6, 0            # sum
        move  $t2, $s0
chk:    lw    $t3, 0($t2)
        lw    $t4, 4092($t2)
        addu  $s6, $s6, $t3
        bne   $t3, $t1, lost
        xori  $t5, $t1, 0x5555
        beq   $t4, $t5, kept
lost:   addiu $s5, $s5, 1
kept:   addiu $t2, $t2, 4096
        addiu $t1, $t1, 1
        blt   $t1, $s2, chk

        li    $v0, 4
        la    $a0, brkm
        syscall
        li    $v0, 1
        move  $a0, $s0
        syscall
        li    $v0, 4
        la    $a0, tom
        syscall
        li    $v0, 1
        move  $a0, $s4
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 4
        la    $a0, pgm
        syscall
        li    $v0, 1
        move  $a0, $s2
        syscall
        li    $v0, 4
        la    $a0, nzm
        syscall
        li    $v0, 1
        move  $a0, $s3
        syscall
        li    $v0, 4
        la    $a0, badm
        syscall
        li    $v0, 1
        move  $a0, $s5
        syscall
        li    $v0, 4
        la    $a0, summ
        syscall
        li    $v0, 1
        move  $a0, $s6
        syscall
        li    $v0, 11
        li    $a0, 10
        syscall
        li    $v0, 10
        syscall
