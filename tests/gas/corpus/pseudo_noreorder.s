# every pseudo-instruction, expanded as GNU as -march=mips32 -O0 does (noreorder mode)
CONST = 0x1234
	.text
	.set noreorder
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
	nop
	bal	top
	nop
	beqz	$t0, top
	nop
	bnez	$t0, fwd
	nop
	blt	$t0, $t1, top
	nop
	blt	$t0, $zero, top
	nop
	blt	$zero, $t0, top
	nop
	blt	$t0, 0, top
	nop
	blt	$t0, 1, top
	nop
	blt	$t0, 5, fwd
	nop
	blt	$t0, 0x8000, top
	nop
	blt	$t0, -0x8000, top
	nop
	bltu	$t0, $t1, top
	nop
	bltu	$t0, $zero, top
	nop
	bltu	$zero, $t0, top
	nop
	bltu	$t0, 0, top
	nop
	bltu	$t0, 1, top
	nop
	bltu	$t0, 5, top
	nop
	bltu	$t0, 0x12345, top
	nop
	bgt	$t0, $t1, top
	nop
	bgt	$t0, $zero, top
	nop
	bgt	$zero, $t0, top
	nop
	bgt	$t0, 0, top
	nop
	bgt	$t0, -1, top
	nop
	bgt	$t0, 5, top
	nop
	bgt	$t0, 0x7fffffff, top
	nop
	bgtu	$t0, $t1, top
	nop
	bgtu	$t0, $zero, top
	nop
	bgtu	$zero, $t0, top
	nop
	bgtu	$t0, 0, top
	nop
	bgtu	$t0, 5, top
	nop
	bgtu	$t0, -1, top
	nop
	ble	$t0, $t1, top
	nop
	ble	$t0, $zero, top
	nop
	ble	$zero, $t0, top
	nop
	ble	$t0, 0, top
	nop
	ble	$t0, -1, top
	nop
	ble	$t0, 5, top
	nop
	ble	$t0, 0x7fff, top
	nop
	ble	$t0, -0x8001, top
	nop
	bleu	$t0, $t1, top
	nop
	bleu	$t0, $zero, top
	nop
	bleu	$t0, 0, top
	nop
	bleu	$t0, 5, top
	nop
	bleu	$t0, 0xffff, top
	nop
	bleu	$t0, 0x7fff, top
	nop
	bge	$t0, $t1, top
	nop
	bge	$t0, $zero, top
	nop
	bge	$zero, $t0, top
	nop
	bge	$t0, 0, top
	nop
	bge	$t0, 1, top
	nop
	bge	$t0, 5, top
	nop
	bge	$t0, 0x8000, top
	nop
	bge	$t0, -0x8000, top
	nop
	bgeu	$t0, $t1, top
	nop
	bgeu	$zero, $t0, top
	nop
	bgeu	$t0, 1, top
	nop
	bgeu	$t0, 5, top
	nop
	bgeu	$t0, 0x8000, top
	nop
	beq	$t0, 5, top
	nop
	beq	$t0, 0, top
	nop
	beq	$t0, 0x12345, top
	nop
	bne	$t0, -1, top
	nop
	bne	$t0, 0x8000, fwd
	nop
	beql	$t0, 5, top
	nop
	bnel	$t0, 5, top
	nop
	bltl	$t0, $t1, top
	nop
	bltl	$t0, 5, top
	nop
	bltul	$t0, $t1, top
	nop
	bgtl	$t0, $t1, top
	nop
	bgtl	$t0, 5, top
	nop
	bgtul	$t0, $t1, top
	nop
	blel	$t0, $t1, top
	nop
	blel	$t0, $zero, top
	nop
	bleul	$t0, $t1, top
	nop
	bgel	$t0, $t1, top
	nop
	bgel	$t0, 5, top
	nop
	bgeul	$t0, $t1, top
	nop
	bgeul	$t0, 5, top
	nop
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
	nop
	jal	$t1
	nop
	jal	$t2, $t3
	nop
	j	top
	nop
	jal	top
	nop
	jr	$ra
	nop
	jalr	$t9
	nop
fwd:	nop

	.data
	.word 0
dat:	.word 1, 2, 3, 4
