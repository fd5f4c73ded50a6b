# data directives, automatic alignment (labels move with it), .align 0,
# expressions with GNU as precedence, %hi/%lo, character literals
	.data
b0:	.byte	1, 2, 3
w0:	.word	0x11223344		# aligned to 4: w0 moves too
	.byte	9
h0:	.half	0x5566, -1
	.byte	'a', '\n', '\\', '\'', 0x7f, -128, 255
	.ascii	"abc"
s0:	.asciiz	"tab\there \"quoted\" \101\x42 back\\slash"
	.asciiz	"two", "strings"
	.align	2
w1:	.word	w0, s0, w1 - w0, b0 + 3, end - b0
	.space	5
	.space	3, 0xaa
	.align	3
d8:	.word	1 + 2 * 3, (1 + 2) * 3, 1 + 2 & 3, 7 - 2 - 1, 100 / 7, 100 % 7
	.word	1 << 4 | 1, 0x100 >> 4, ~0, -(5), !0, 6 ^ 3, 0x0f0 & 0xff
	.word	010, 0x1F, 'A' + 1
	.byte	1
	.align	0
u0:	.word	0x12345678		# .align 0: no automatic alignment
	.half	0x9abc
	.data
	.byte	3
sym = 0x40
	.equ	other, sym + 4
	.set	third, other * 2
	.word	sym, other, third
	.globl	end
end:	.byte	0
	.text
	.globl	main
main:
1:	addiu	$t0, $t0, 1
	bne	$t0, $t1, 1b
	beq	$t0, $zero, 1f
	lui	$t2, %hi(w1)
	addiu	$t2, $t2, %lo(w1)
	lw	$t3, %lo(d8)($t2)
	ori	$t4, $zero, %lo(0x8765)
1:	b	1b
	li	$t5, 'x'
	li	$t6, sym + 1
	jr	$ra
