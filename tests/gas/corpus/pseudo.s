# every pseudo-instruction, expanded as GNU as -march=mips32 -O0 does (reorder mode)
CONST = 0x1234
	.text

	.globl main
main:
top:

	li	$t0, 0
	li	$t0, 5
	li	$t0, -5
	li	$t0, 32767
	li	$t0, -32768
	li	$t0, 0x8000
	li	$t0, 0xffff
	li	$t0, 0x10000
	li	$t0, 0x12345678
	li	$t0, 0xffff8000
	li	$t0, 0x80000000
	li	$t0, 0xffffffff
	li	$t0, -0x80000000
	li	$t0, CONST
	li	$t1, CONST*2+1
	la	$t0, dat
	la	$t0, dat+4
	la	$t0, dat+0x12348
	la	$t0, 4
	la	$t0, 0x8000
	la	$t0, 0x12345678
	la	$t0, -4
	la	$t0, dat($t1)
	la	$t1, dat($t1)
	la	$t0, 4($t1)
	la	$t0, ($t1)
	la	$t0, 0x12345($t1)
	la	$t1, 0x12345($t1)
	move	$t0, $t1
	nop
	b	top
	bal	top
	beqz	$t0, top
	bnez	$t0, fwd
	blt	$t0, $t1, top
	blt	$t0, $zero, top
	blt	$zero, $t0, top
	blt	$t0, 0, top
	blt	$t0, 1, top
	blt	$t0, 5, fwd
	blt	$t0, 0x8000, top
	blt	$t0, -0x8000, top
	bltu	$t0, $t1, top
	bltu	$t0, $zero, top
	bltu	$zero, $t0, top
	bltu	$t0, 0, top
	bltu	$t0, 1, top
	bltu	$t0, 5, top
	bltu	$t0, 0x12345, top
	bgt	$t0, $t1, top
	bgt	$t0, $zero, top
	bgt	$zero, $t0, top
	bgt	$t0, 0, top
	bgt	$t0, -1, top
	bgt	$t0, 5, top
	bgt	$t0, 0x7fffffff, top
	bgtu	$t0, $t1, top
	bgtu	$t0, $zero, top
	bgtu	$zero, $t0, top
	bgtu	$t0, 0, top
	bgtu	$t0, 5, top
	bgtu	$t0, -1, top
	ble	$t0, $t1, top
	ble	$t0, $zero, top
	ble	$zero, $t0, top
	ble	$t0, 0, top
	ble	$t0, -1, top
	ble	$t0, 5, top
	ble	$t0, 0x7fff, top
	ble	$t0, -0x8001, top
	bleu	$t0, $t1, top
	bleu	$t0, $zero, top
	bleu	$t0, 0, top
	bleu	$t0, 5, top
	bleu	$t0, 0xffff, top
	bleu	$t0, 0x7fff, top
	bge	$t0, $t1, top
	bge	$t0, $zero, top
	bge	$zero, $t0, top
	bge	$t0, 0, top
	bge	$t0, 1, top
	bge	$t0, 5, top
	bge	$t0, 0x8000, top
	bge	$t0, -0x8000, top
	bgeu	$t0, $t1, top
	bgeu	$zero, $t0, top
	bgeu	$t0, 1, top
	bgeu	$t0, 5, top
	bgeu	$t0, 0x8000, top
	beq	$t0, 5, top
	beq	$t0, 0, top
	beq	$t0, 0x12345, top
	bne	$t0, -1, top
	bne	$t0, 0x8000, fwd
	beql	$t0, 5, top
	bnel	$t0, 5, top
	bltl	$t0, $t1, top
	bltl	$t0, 5, top
	bltul	$t0, $t1, top
	bgtl	$t0, $t1, top
	bgtl	$t0, 5, top
	bgtul	$t0, $t1, top
	blel	$t0, $t1, top
	blel	$t0, $zero, top
	bleul	$t0, $t1, top
	bgel	$t0, $t1, top
	bgel	$t0, 5, top
	bgeul	$t0, $t1, top
	bgeul	$t0, 5, top
	neg	$t0, $t1
	negu	$t0, $t1
	not	$t0, $t1
	abs	$t0, $t1
	abs	$t0, $t0
	abs	$t2
	mul	$t0, $t1, $t2
	mul	$t0, $t1, 5
	mul	$t0, $t1, 0x12345
	mulo	$t0, $t1, $t2
	mulo	$t0, $t1, 5
	mulou	$t0, $t1, $t2
	mulou	$t0, $t1, 5
	div	$zero, $t1, $t2
	div	$t0, $t1, $t2
	div	$t0, $t1, 5
	div	$t0, $t1, 1
	div	$t0, $t1, -1
	div	$t0, $t1, 0x12345
	divu	$zero, $t1, $t2
	divu	$t0, $t1, $t2
	divu	$t0, $t1, 5
	divu	$t0, $t1, 1
	divu	$t0, $t1, -1
	rem	$t0, $t1, $t2
	rem	$t0, $t1, 5
	rem	$t0, $t1, 1
	rem	$t0, $t1, -1
	remu	$t0, $t1, $t2
	remu	$t0, $t1, 5
	remu	$t0, $t1, 1
	seq	$t0, $t1, $t2
	seq	$t0, $zero, $t2
	seq	$t0, $t1, $zero
	seq	$t0, $t1, 0
	seq	$t0, $t1, 5
	seq	$t0, $t1, -5
	seq	$t0, $t1, 0x8000
	seq	$t0, $t1, -0x8000
	seq	$t0, $t1, 0x12345
	sne	$t0, $t1, $t2
	sne	$t0, $zero, $t2
	sne	$t0, $t1, $zero
	sne	$t0, $t1, 0
	sne	$t0, $t1, 5
	sne	$t0, $t1, -5
	sne	$t0, $t1, 0x12345
	sgt	$t0, $t1, $t2
	sgt	$t0, $t1, 5
	sgtu	$t0, $t1, $t2
	sgtu	$t0, $t1, 5
	sge	$t0, $t1, $t2
	sge	$t0, $t1, 5
	sge	$t0, $t1, 0x12345
	sgeu	$t0, $t1, $t2
	sgeu	$t0, $t1, 5
	sgeu	$t0, $t1, 0x8000
	sle	$t0, $t1, $t2
	sle	$t0, $t1, 5
	sleu	$t0, $t1, $t2
	sleu	$t0, $t1, 5
	add	$t0, $t1, 5
	add	$t0, $t1, -0x8000
	add	$t0, $t1, 0x8000
	add	$t0, 7
	addu	$t0, $t1, 5
	addu	$t0, $t1, 0x12345
	sub	$t0, $t1, 5
	sub	$t0, $t1, 0x8000
	sub	$t0, $t1, -0x8000
	subu	$t0, $t1, 5
	subu	$t0, $t1, 0x12345
	and	$t0, $t1, 5
	and	$t0, $t1, 0xffff
	and	$t0, $t1, 0x10000
	and	$t0, $t1, -1
	or	$t0, $t1, 0x8000
	or	$t0, $t1, 0x12345
	xor	$t0, $t1, 5
	xor	$t0, $t1, 0x12345
	nor	$t0, $t1, 5
	nor	$t0, $t1, 0x12345
	slt	$t0, $t1, 5
	slt	$t0, $t1, 0x8000
	sltu	$t0, $t1, -5
	sltu	$t0, $t1, 0xffff
	rol	$t0, $t1, $t2
	rol	$t0, $t1, 3
	rol	$t0, $t1, 0
	rol	$t0, $t1, 32
	rol	$t0, $t1, -1
	ror	$t0, $t1, $t2
	ror	$t0, $t1, 3
	ror	$t0, $t1, 0
	ror	$t0, $t1, 33
	ulw	$t0, 4($t1)
	ulw	$t0, 4($t0)
	ulw	$t0, dat
	ulw	$t0, dat+4($t1)
	usw	$t0, 4($t1)
	usw	$t0, dat
	ulh	$t0, 4($t1)
	ulh	$t0, 4($t0)
	ulh	$t0, dat
	ulhu	$t0, 4($t1)
	ulhu	$t0, dat
	ush	$t0, 4($t1)
	ush	$t0, dat
	ush	$t0, dat+2($t1)
	lw	$t0, dat
	lw	$t0, dat+4
	lw	$t0, dat($t1)
	lw	$t1, dat($t1)
	lw	$t0, 0x1234
	lw	$t0, 0x8000
	lw	$t0, 0x12348000($t1)
	lw	$t1, 0x12345($t1)
	lw	$zero, dat
	lb	$t0, dat
	lbu	$t0, dat+1
	lh	$t0, -0x8000
	lhu	$t0, dat+2($t2)
	ll	$t0, dat
	sw	$t0, dat
	sw	$t0, dat+4($t1)
	sw	$t0, -4
	sw	$t0, 0x80000000
	sb	$t0, dat
	sh	$t0, dat($t3)
	sc	$t0, dat
	lwl	$t0, dat
	lwr	$t0, dat+3
	swl	$t0, dat
	swr	$t0, dat+3
	j	$t0
	jal	$t1
	jal	$t2, $t3
	j	top
	jal	top
	jr	$ra
	jalr	$t9
fwd:	nop

	.data
	.word 0
dat:	.word 1, 2, 3, 4
