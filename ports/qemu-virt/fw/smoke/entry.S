/* SPDX-License-Identifier: BSD-3-Clause */
/* The smoke payload's EL2 entry: x0 = DTB (unused), a stack, C. */
	.section .text.entry, "ax"
	.global _start
_start:
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	ldr	x2, =smoke_stacks
	add	x3, x1, #1
	lsl	x3, x3, #12
	add	sp, x2, x3
	mov	x0, x1
	bl	smoke_main
1:	wfi
	b	1b

/* smoke_smc(regs): x0..x17 in and out of the struct, like SMCCC 1.2. */
	.global smoke_smc
smoke_smc:
	stp	x0, x30, [sp, #-16]!
	mov	x18, x0
	ldp	x0, x1, [x18, #0]
	ldp	x2, x3, [x18, #16]
	ldp	x4, x5, [x18, #32]
	ldp	x6, x7, [x18, #48]
	ldp	x8, x9, [x18, #64]
	ldp	x10, x11, [x18, #80]
	ldp	x12, x13, [x18, #96]
	ldp	x14, x15, [x18, #112]
	ldp	x16, x17, [x18, #128]
	smc	#0
	ldr	x18, [sp]
	stp	x0, x1, [x18, #0]
	stp	x2, x3, [x18, #16]
	stp	x4, x5, [x18, #32]
	stp	x6, x7, [x18, #48]
	stp	x8, x9, [x18, #64]
	stp	x10, x11, [x18, #80]
	stp	x12, x13, [x18, #96]
	stp	x14, x15, [x18, #112]
	stp	x16, x17, [x18, #128]
	ldp	x0, x30, [sp], #16
	ret
