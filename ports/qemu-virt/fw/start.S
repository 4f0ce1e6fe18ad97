/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reset entry, exception vectors and the exits to EL2.
 *
 * Every CPU starts at 0x0 in secure flash. CPU 0 copies the image to its
 * link address in secure RAM, clears .bss and jumps there; the others
 * wait (MMU off) for fw_boot_ready, which CPU 0 sets once the page
 * tables and the engine exist. Until the jump only PC-relative code and
 * literal loads run, so the code works from flash and from RAM.
 */
#include "platform.h"

#define FRAME_SIZE 272 /* x0..x30, ELR, SPSR, pad: 34 * 8 */
#define SCTLR_EL2_RES1 0x30c50830
#define SPSR_EL2H_MASKED 0x3c9 /* DAIF set, M = EL2h */

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x19, mpidr_el1
	and	x0, x19, #0xff
	ubfx	x1, x19, #8, #8
	add	x20, x0, x1, lsl #4		/* CPU index = Aff1 * 16 + Aff0 */
	cbnz	x20, secondary

	adr	x0, _start			/* where we run: flash */
	ldr	x1, =__fw_start			/* where we belong: secure RAM */
	ldr	x2, =__load_end
	cmp	x0, x1
	b.eq	2f
1:	ldp	x3, x4, [x0], #16
	stp	x3, x4, [x1], #16
	cmp	x1, x2
	b.lo	1b
2:	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
3:	cmp	x0, x1
	b.hs	4f
	stp	xzr, xzr, [x0], #16
	b	3b
4:	dsb	sy
	ic	iallu
	dsb	sy
	isb
	ldr	x0, =in_ram
	br	x0

secondary:
	ldr	x1, =fw_boot_ready
5:	ldr	w2, [x1]
	cbnz	w2, 6f
	wfe
	b	5b
6:	ldr	x0, =in_ram
	br	x0

	.text
in_ram:
	mov	x0, #FW_MAX_CPUS
	cmp	x20, x0
	b.hs	park				/* more CPUs than this image serves */
	msr	tpidr_el3, x20
	ldr	x0, =fw_vectors
	msr	vbar_el3, x0
	isb
	mov	x0, x20
	bl	set_stack
	mov	x0, x20
	bl	fw_main
park:
	wfi
	b	park

/* sp = top of CPU x0's stack; clobbers x1, x2. */
set_stack:
	ldr	x1, =fw_stacks
	add	x2, x0, #1
	mov	x0, #FW_STACK_SIZE
	mul	x2, x2, x0
	add	sp, x1, x2
	ret

	.global fw_pen_reenter
fw_pen_reenter:
	mov	x20, x0
	bl	set_stack
	mov	x0, x20
	b	fw_pen

/* fw_enter_el2(entry, arg): EL2h, MMU off, x0 = arg, the rest zero. */
	.global fw_enter_el2
fw_enter_el2:
	msr	elr_el3, x0
	mov	x0, #SPSR_EL2H_MASKED
	msr	spsr_el3, x0
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	isb
	mov	x0, x1
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	mov	x\r, xzr
	.endr
	eret

/* Save the interrupted context; x0 = the frame. */
.macro SAVE
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x0, elr_el3
	mrs	x1, spsr_el3
	stp	x30, x0, [sp, #240]
	str	x1, [sp, #256]
	mov	x0, sp
.endm

.macro RESTORE
	ldr	x1, [sp, #256]
	ldp	x30, x0, [sp, #240]
	msr	elr_el3, x0
	msr	spsr_el3, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #FRAME_SIZE
.endm

/* An entry that is never expected: report which and halt. */
.macro UNEXPECTED kind
	.balign	0x80
	SAVE
	mov	x1, #\kind
	bl	fw_exc_unexpected
	b	park
.endm

	.balign	0x800
	.global fw_vectors
fw_vectors:
	UNEXPECTED 0	/* current EL, SP0: sync */
	UNEXPECTED 1	/* irq */
	UNEXPECTED 2	/* fiq */
	UNEXPECTED 3	/* serror */
	UNEXPECTED 4	/* current EL, SPx: sync */
	UNEXPECTED 5
	UNEXPECTED 6
	UNEXPECTED 7
	.balign	0x80	/* lower EL, AArch64: sync */
	SAVE
	bl	fw_exc_lower_sync
	RESTORE
	eret
	UNEXPECTED 9
	UNEXPECTED 10
	UNEXPECTED 11
	UNEXPECTED 12	/* lower EL, AArch32 */
	UNEXPECTED 13
	UNEXPECTED 14
	UNEXPECTED 15
