/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry of the EL1 test guest: an arm64 Image header (so Xen's kernel
 * loader takes it as a 64-bit guest and loads it at RAM + text_offset),
 * a stack, a zeroed .bss, then guest_main. Xen enters with the MMU off.
 */
	.section .text.head, "ax"
	.globl _start
_start:
	b	1f			/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset: linked at 0x40080000 */
	.quad	_end - _start		/* image_size */
	.quad	0			/* flags: little-endian */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0
1:	ldr	x1, =stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b
3:	bl	guest_main
4:	wfi
	b	4b
