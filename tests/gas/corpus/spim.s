# a program as SPIM users write it
	.data
prompt:	.asciiz	"Enter a number: "
result:	.asciiz	"The factorial is "
nl:	.asciiz	"\n"
array:	.word	5, 4, 3, 2, 1
count:	.word	5
	.text
	.globl	main
main:
	li	$v0, 4
	la	$a0, prompt
	syscall
	li	$v0, 5
	syscall
	move	$a0, $v0
	jal	fact
	move	$s0, $v0
	li	$v0, 4
	la	$a0, result
	syscall
	move	$a0, $s0
	li	$v0, 1
	syscall
	la	$t0, array
	lw	$t1, count
	li	$t2, 0
loop:	beqz	$t1, done
	lw	$t3, 0($t0)
	add	$t2, $t2, $t3
	addi	$t0, $t0, 4
	sub	$t1, $t1, 1
	j	loop
done:	sw	$t2, count
	li	$v0, 10
	syscall

# fact(n): recursive, with a stack frame
fact:	addiu	$sp, $sp, -8
	sw	$ra, 4($sp)
	sw	$a0, 0($sp)
	bgt	$a0, 1, recurse
	li	$v0, 1
	addiu	$sp, $sp, 8
	jr	$ra
recurse:
	addi	$a0, $a0, -1
	jal	fact
	lw	$a0, 0($sp)
	lw	$ra, 4($sp)
	addiu	$sp, $sp, 8
	mul	$v0, $v0, $a0
	jr	$ra
