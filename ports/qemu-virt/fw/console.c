// SPDX-License-Identifier: BSD-3-Clause
/* PL011 output, the "[fw] " line discipline and the semihosting exit. */
#include "console.h"
#include "arch.h"
#include "fw_env.h"
#include "platform.h"

#define UART_DR 0x00u
#define UART_FR 0x18u
#define UART_FR_TXFF (1u << 5)

/* Semihosting (AArch64: HLT #0xf000, w0 = operation, x1 = block). */
#define SH_SYS_EXIT 0x18u
#define SH_ADP_STOPPED_APPLICATION_EXIT 0x20026u

static ffn_spinlock_t console_lock;
static ffn_atomic32_t exiting;

static void uart_putc(char c)
{
	while (fw_mmio_read32(FW_UART_BASE + UART_FR) & UART_FR_TXFF)
		;
	fw_mmio_write32(FW_UART_BASE + UART_DR, (uint8_t)c);
}

static void emit_line(const char *prefix, const char *fmt, va_list ap)
{
	char line[256];

	fw_vformat(line, sizeof(line), fmt, ap);
	ffn_spin_lock(&console_lock);
	for (const char *p = prefix; *p != '\0'; p++)
		uart_putc(*p);
	for (const char *p = line; *p != '\0'; p++) {
		if (*p == '\n')
			uart_putc('\r');
		uart_putc(*p);
	}
	uart_putc('\r');
	uart_putc('\n');
	ffn_spin_unlock(&console_lock);
}

void fw_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_line("[fw] ", fmt, ap);
	va_end(ap);
}

void fw_exit(int code)
{
	/* Only the first CPU to exit reports; the others wait for QEMU to
	 * stop. Without semihosting, HLT traps back to us (a second exit):
	 * park instead of recursing. */
	if (ffn_atomic32_xchg(&exiting, 1) == 0) {
		volatile uint64_t block[2] = {SH_ADP_STOPPED_APPLICATION_EXIT,
					      (uint64_t)(uint32_t)code};
		register uint64_t x0 __asm__("x0") = SH_SYS_EXIT;
		register uint64_t x1 __asm__("x1") = (uint64_t)block;
		__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	}
	for (;;)
		__asm__ volatile("wfi");
}

void fw_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_line("[fw] FATAL: ", fmt, ap);
	va_end(ap);
	fw_exit(FW_EXIT_FATAL);
}

void fw_assert_fail(const char *file, int line)
{
	fw_fatal("assertion failed at %s:%d", file, line);
}
