# delay-slot instructions under .set noreorder: the programmer fills the slot
	.text
	.set noreorder
top:
	j	top
	addiu $t0, $t0, 1
	jal	top
	addiu $t0, $t0, 1
	beq	$s3, $v1, top
	addiu $t0, $t0, 1
	bne	$t1, $t0, top
	addiu $t0, $t0, 1
	blez	$t2, top
	addiu $t0, $t0, 1
	bgtz	$v1, top
	addiu $t0, $t0, 1
	beql	$k0, $a1, top
	addiu $t0, $t0, 1
	bnel	$s2, $s0, top
	addiu $t0, $t0, 1
	blezl	$s3, top
	addiu $t0, $t0, 1
	bgtzl	$v0, top
	addiu $t0, $t0, 1
	jr	$k0
	addiu $t0, $t0, 1
	jalr	$fp, $ra
	addiu $t0, $t0, 1
	bltz	$a0, top
	addiu $t0, $t0, 1
	bgez	$s0, top
	addiu $t0, $t0, 1
	bltzl	$t4, top
	addiu $t0, $t0, 1
	bgezl	$s5, top
	addiu $t0, $t0, 1
	bltzal	$s2, top
	addiu $t0, $t0, 1
	bgezal	$s5, top
	addiu $t0, $t0, 1
	bltzall	$s2, top
	addiu $t0, $t0, 1
	bgezall	$t0, top
	addiu $t0, $t0, 1
	b top
	nop
	beqz $t0, top
	bnez $t1, top
	nop
	bal top
	beqzl $t0, top
	bnezl $t1, top
	nop
	jalr $t9
	nop
	.set reorder
	b top
