# the shape of GCC output (mipsel-linux-gnu-gcc -O2 -march=mips32 -mno-abicalls -fno-pic -S);
# .rdata and .bss are left out: tlbvisor folds them into .data, GNU ld places
# them as separate sections (see docs/assembler.md)
	.file	1 "c1.c"
	.section .mdebug.abi32
	.previous
	.nan	legacy
	.module	fp=xx
	.module	nooddspreg
	.abicalls
	.option	pic0
	.text
	.align	2
	.globl	sum
	.set	nomips16
	.set	nomicromips
	.ent	sum
	.type	sum, @function
sum:
	.frame	$sp,0,$31		# vars= 0, regs= 0/0, args= 0, gp= 0
	.mask	0x00000000,0
	.fmask	0x00000000,0
	.set	noreorder
	.set	nomacro
	blez	$5,$L4
	move	$2,$0

	sll	$5,$5,2
	addu	$5,$4,$5
$L3:
	lw	$3,0($4)
	addiu	$4,$4,4
	bne	$5,$4,$L3
	addu	$2,$2,$3

	jr	$31
	nop

$L4:
	jr	$31
	nop

	.set	macro
	.set	reorder
	.end	sum
	.size	sum, .-sum
	.section	.text.startup,"ax",@progbits
	.align	2
	.globl	main
	.set	nomips16
	.set	nomicromips
	.ent	main
	.type	main, @function
main:
	.frame	$sp,24,$31		# vars= 0, regs= 1/0, args= 16, gp= 0
	.mask	0x80000000,-4
	.fmask	0x00000000,0
	.set	noreorder
	.set	nomacro
	lui	$4,%hi(arr)
	addiu	$sp,$sp,-24
	sw	$31,20($sp)
	jal	sum
	addiu	$4,$4,%lo(arr)

	lui	$3,%hi($LC0)
	lw	$31,20($sp)
	lb	$3,%lo($LC0)($3)
	addiu	$sp,$sp,24
	jr	$31
	addu	$2,$2,$3

	.set	macro
	.set	reorder
	.end	main
	.size	main, .-main
	.globl	arr
	.data
	.align	2
	.type	arr, @object
	.size	arr, 40
arr:
	.word	1
	.word	2
	.word	3
	.space	28
	.align	2
$LC0:
	.ascii	"hello\000"
	.ident	"GCC: (Debian 12.2.0-14) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
