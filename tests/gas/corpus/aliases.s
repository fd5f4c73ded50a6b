# the ALIAS rows of cpu/isa.def and GNU's short forms
	.text
	.globl main
main:
	nop
	ssnop
	move	$t0, $t1
	move	$s0, $zero
	negu	$t0, $t1
	neg	$t2, $t3
	neg	$t4
	negu	$t5
	not	$t0, $t1
	not	$t2
	b	main
	beqz	$t0, main
	bnez	$t1, main
	beqzl	$t2, main
	bnezl	$t3, main
	bal	main
	li	$t0, 5
	li	$t1, -1
	jalr	$t9
	jalr	$ra, $t9
	jalr	$t0, $t1
	syscall
	syscall	0
	syscall	10
	break
	break	7
	break	6, 5
	teq	$t0, $t1
	tne	$t0, $t1
	tge	$t0, $t1
	tgeu	$t0, $t1
	tlt	$t0, $t1
	tltu	$t0, $t1
	teq	$t0, $zero, 7
	mfc0	$t0, $12
	mtc0	$t0, $14
	mfc0	$k0, $13, 0
	mtc0	$k1, $10, 1
	# two-operand short forms: op $d, $s means op $d, $d, $s
	addu	$t0, $t1
	subu	$t2, $t3
	and	$t4, $t5
	or	$t6, $t7
	xor	$s0, $s1
	nor	$s2, $s3
	slt	$s4, $s5
	sltu	$s6, $s7
	addiu	$t0, 4
	addi	$t0, -4
	andi	$t1, 0xff
	ori	$t1, 0xff00
	xori	$t1, 1
	slti	$t2, 9
	sltiu	$t2, 9
	sll	$t0, 3
	srl	$t0, 3
	sra	$t0, 3
	sll	$t0, $t1, $t2
	srl	$s0, $s1, $a0
	sra	$v0, $v1, $t9
	movz	$t0, $t1
	movn	$t0, $t1
	add	$t0, $t1
	sub	$t0, $t1
	mul	$t0, $t1
	jr	$ra
