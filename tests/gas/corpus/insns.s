# every INSN row of cpu/isa.def, several operand values each (reorder mode)
# (div/divu are written with $zero first: GNU as reads two-operand div as
# the three-operand macro, tlbvisor as the machine instruction, like SPIM)
	.text
	.globl __start
__start:
top:
	j	top
1:	j	fwd
1:	nop
	j	far
	jal	top
1:	jal	fwd
1:	nop
	jal	far
	beq	$t4, $a2, top
1:	beq	$t6, $s6, fwd
1:	nop
	beq	$v1, $a0, top+8
	bne	$gp, $s3, top
1:	bne	$a1, $t5, fwd
1:	nop
	bne	$s4, $v1, top+8
	blez	$ra, top
1:	blez	$s2, fwd
1:	nop
	blez	$t0, top+8
	bgtz	$v1, top
1:	bgtz	$a0, fwd
1:	nop
	bgtz	$t7, top+8
	addi	$t7, $a0, 0
1:	addi	$t1, $a0, -1
1:	nop
	addi	$s3, $t7, 32767
	addiu	$v1, $gp, 0
1:	addiu	$s4, $a1, -1
1:	nop
	addiu	$t1, $s6, 32767
	slti	$s6, $s4, 0
1:	slti	$v1, $s4, -1
1:	nop
	slti	$s4, $t6, 32767
	sltiu	$v1, $t1, 0
1:	sltiu	$v1, $s3, -1
1:	nop
	sltiu	$sp, $a2, 32767
	andi	$t3, $t7, 0x0
1:	andi	$a2, $s3, 0x1
1:	nop
	andi	$a1, $s4, 0xffff
	ori	$t3, $s3, 0x0
1:	ori	$gp, $s7, 0x1
1:	nop
	ori	$a3, $a1, 0xffff
	xori	$s4, $s4, 0x0
1:	xori	$s6, $t0, 0x1
1:	nop
	xori	$t5, $a1, 0xffff
	lui	$s3, 0x0
1:	lui	$t8, 0x1
1:	nop
	lui	$a0, 0xffff
	beql	$s4, $v1, top
1:	beql	$s5, $t0, fwd
1:	nop
	beql	$s1, $s7, top+8
	bnel	$s3, $t7, top
1:	bnel	$k0, $t4, fwd
1:	nop
	bnel	$s0, $s4, top+8
	blezl	$ra, top
1:	blezl	$s0, fwd
1:	nop
	blezl	$t5, top+8
	bgtzl	$t3, top
1:	bgtzl	$t1, fwd
1:	nop
	bgtzl	$k1, top+8
	lb	$a3, 0($t8)
1:	lb	$k0, -4($t1)
1:	nop
	lb	$a0, 32767($s4)
	lh	$t3, 0($s2)
1:	lh	$s1, -4($fp)
1:	nop
	lh	$t4, 32767($t9)
	lwl	$s0, 0($t3)
1:	lwl	$s5, -4($a0)
1:	nop
	lwl	$a1, 32767($s2)
	lw	$t7, 0($a3)
1:	lw	$k0, -4($t4)
1:	nop
	lw	$a2, 32767($ra)
	lbu	$s1, 0($t7)
1:	lbu	$v1, -4($s7)
1:	nop
	lbu	$a0, 32767($k0)
	lhu	$s3, 0($s4)
1:	lhu	$k1, -4($fp)
1:	nop
	lhu	$gp, 32767($t4)
	lwr	$t4, 0($t8)
1:	lwr	$t5, -4($s5)
1:	nop
	lwr	$s1, 32767($s4)
	sb	$k1, 0($s0)
1:	sb	$a0, -4($gp)
1:	nop
	sb	$a0, 32767($t2)
	sh	$s1, 0($t8)
1:	sh	$s7, -4($a0)
1:	nop
	sh	$v1, 32767($t9)
	swl	$t8, 0($t3)
1:	swl	$s6, -4($s4)
1:	nop
	swl	$s7, 32767($gp)
	sw	$s0, 0($t3)
1:	sw	$t8, -4($t6)
1:	nop
	sw	$fp, 32767($s7)
	swr	$t5, 0($v0)
1:	swr	$s0, -4($t5)
1:	nop
	swr	$a3, 32767($s5)
	cache	0, 0($a1)
1:	cache	1, -4($s1)
1:	nop
	cache	31, 32767($v1)
	ll	$t0, 0($k0)
1:	ll	$t3, -4($a2)
1:	nop
	ll	$t9, 32767($t1)
	pref	0, 0($t6)
1:	pref	1, -4($t6)
1:	nop
	pref	31, 32767($ra)
	sc	$sp, 0($s1)
1:	sc	$a0, -4($a3)
1:	nop
	sc	$s0, 32767($t6)
	sll	$s3, $t2, 0
1:	sll	$fp, $a2, 1
1:	nop
	sll	$gp, $t7, 31
	srl	$sp, $s3, 0
1:	srl	$t2, $t8, 1
1:	nop
	srl	$t7, $t5, 31
	sra	$s7, $fp, 0
1:	sra	$t6, $t1, 1
1:	nop
	sra	$a2, $a0, 31
	sllv	$a3, $a2, $t1
1:	sllv	$s7, $t1, $v0
1:	nop
	sllv	$s1, $gp, $s4
	srlv	$a3, $t2, $t3
1:	srlv	$v0, $a2, $t7
1:	nop
	srlv	$s3, $t5, $s5
	srav	$s4, $t4, $a2
1:	srav	$t8, $sp, $s2
1:	nop
	srav	$s5, $s6, $s7
	jr	$t9
1:	jr	$v1
1:	nop
	jr	$s0
	jalr	$fp, $sp
1:	jalr	$k0, $sp
1:	nop
	jalr	$s7, $k1
	movz	$s3, $t6, $t6
1:	movz	$t6, $t6, $a1
1:	nop
	movz	$s1, $s6, $t6
	movn	$v1, $t0, $a0
1:	movn	$t0, $s0, $a3
1:	nop
	movn	$a1, $t4, $s5
	syscall	0
1:	syscall	1
1:	nop
	syscall	1048575
	break	0, 0
1:	break	7, 7
1:	nop
	break	1023, 1023
	sync
	mfhi	$v1
1:	mfhi	$a1
1:	nop
	mfhi	$v0
	mthi	$s4
1:	mthi	$a2
1:	nop
	mthi	$s3
	mflo	$a1
1:	mflo	$t5
1:	nop
	mflo	$s5
	mtlo	$v0
1:	mtlo	$a0
1:	nop
	mtlo	$sp
	mult	$t0, $s5
1:	mult	$t6, $a2
1:	nop
	mult	$s6, $t2
	multu	$t5, $s5
1:	multu	$t5, $s1
1:	nop
	multu	$a1, $a1
	div	$zero, $sp, $s1
1:	div	$zero, $s0, $s1
1:	nop
	div	$zero, $s1, $t3
	divu	$zero, $a0, $a2
1:	divu	$zero, $a1, $t9
1:	nop
	divu	$zero, $t4, $t9
	add	$t2, $s1, $gp
1:	add	$t8, $a3, $s2
1:	nop
	add	$v0, $t0, $s2
	addu	$t5, $a2, $t8
1:	addu	$s3, $ra, $v0
1:	nop
	addu	$k0, $s2, $t3
	sub	$s6, $sp, $a0
1:	sub	$t8, $sp, $t2
1:	nop
	sub	$s2, $t5, $ra
	subu	$a3, $t5, $k0
1:	subu	$t1, $s3, $s3
1:	nop
	subu	$k0, $s2, $t4
	and	$s6, $t1, $s5
1:	and	$k1, $k1, $k0
1:	nop
	and	$sp, $t0, $k1
	or	$t1, $gp, $t6
1:	or	$t9, $k1, $t1
1:	nop
	or	$t0, $s2, $s1
	xor	$t5, $t9, $v0
1:	xor	$v0, $k1, $t2
1:	nop
	xor	$s1, $t2, $t0
	nor	$t8, $s5, $t5
1:	nor	$s0, $k1, $ra
1:	nop
	nor	$t9, $t5, $t5
	slt	$a0, $t1, $a1
1:	slt	$t1, $s1, $t0
1:	nop
	slt	$t4, $t0, $s1
	sltu	$s5, $fp, $s5
1:	sltu	$gp, $v0, $s1
1:	nop
	sltu	$ra, $s6, $t5
	tge	$k1, $s6, 0
1:	tge	$a0, $gp, 7
1:	nop
	tge	$s7, $a1, 1023
	tgeu	$ra, $t6, 0
1:	tgeu	$k1, $t8, 7
1:	nop
	tgeu	$k0, $t0, 1023
	tlt	$s1, $fp, 0
1:	tlt	$a3, $t7, 7
1:	nop
	tlt	$k1, $s6, 1023
	tltu	$t4, $a0, 0
1:	tltu	$k1, $t9, 7
1:	nop
	tltu	$t6, $s0, 1023
	teq	$t6, $t9, 0
1:	teq	$a0, $t9, 7
1:	nop
	teq	$a3, $a3, 1023
	tne	$a2, $v0, 0
1:	tne	$a2, $s4, 7
1:	nop
	tne	$fp, $s0, 1023
	bltz	$k1, top
1:	bltz	$s6, fwd
1:	nop
	bltz	$a2, top+8
	bgez	$s5, top
1:	bgez	$gp, fwd
1:	nop
	bgez	$s5, top+8
	bltzl	$s1, top
1:	bltzl	$s7, fwd
1:	nop
	bltzl	$ra, top+8
	bgezl	$t5, top
1:	bgezl	$a2, fwd
1:	nop
	bgezl	$s3, top+8
	tgei	$s3, 0
1:	tgei	$a2, -1
1:	nop
	tgei	$v0, 32767
	tgeiu	$v0, 0
1:	tgeiu	$k1, -1
1:	nop
	tgeiu	$t9, 32767
	tlti	$s6, 0
1:	tlti	$a1, -1
1:	nop
	tlti	$s2, 32767
	tltiu	$t9, 0
1:	tltiu	$ra, -1
1:	nop
	tltiu	$a2, 32767
	teqi	$t7, 0
1:	teqi	$sp, -1
1:	nop
	teqi	$t0, 32767
	tnei	$gp, 0
1:	tnei	$sp, -1
1:	nop
	tnei	$t0, 32767
	bltzal	$v0, top
1:	bltzal	$t2, fwd
1:	nop
	bltzal	$t0, top+8
	bgezal	$t3, top
1:	bgezal	$s2, fwd
1:	nop
	bgezal	$t1, top+8
	bltzall	$k0, top
1:	bltzall	$s4, fwd
1:	nop
	bltzall	$t4, top+8
	bgezall	$t2, top
1:	bgezall	$s3, fwd
1:	nop
	bgezall	$t7, top+8
	madd	$gp, $a2
1:	madd	$v1, $ra
1:	nop
	madd	$t9, $t5
	maddu	$fp, $s0
1:	maddu	$s7, $s4
1:	nop
	maddu	$gp, $fp
	mul	$s2, $t7, $gp
1:	mul	$ra, $fp, $s2
1:	nop
	mul	$a2, $s3, $a2
	msub	$s2, $s2
1:	msub	$v0, $sp
1:	nop
	msub	$s0, $k0
	msubu	$a3, $s5
1:	msubu	$v0, $k0
1:	nop
	msubu	$k1, $a2
	clz	$a3, $a2
1:	clz	$s1, $s5
1:	nop
	clz	$t9, $a1
	clo	$s3, $v1
1:	clo	$t4, $s7
1:	nop
	clo	$s2, $s2
	mfc0	$s3, $12, 0
1:	mfc0	$s1, $13, 1
1:	nop
	mfc0	$k1, $14, 7
	mtc0	$k0, $12, 0
1:	mtc0	$a1, $13, 1
1:	nop
	mtc0	$fp, $14, 7
	tlbr
	tlbwi
	tlbwr
	tlbp
	eret
	wait
fwd:	nop
	jr $ra
	.set noat
	addu $at, $t0, $t1
	sll $1, $1, 2
	.set at
far:	nop
