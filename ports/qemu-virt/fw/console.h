/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The firmware's console (PL011 at FW_UART_BASE) and its way out
 * (semihosting SYS_EXIT). Every line printed starts with "[fw] ".
 * Context: any CPU, any time after the stack is set; lines from several
 * CPUs do not interleave (one spinlock).
 */
#ifndef FW_CONSOLE_H
#define FW_CONSOLE_H

#include <stdarg.h>
#include <stdint.h>

/*
 * Print one line, "[fw] " + the formatted text + "\n". Formats: %s, %c,
 * %d, %u, %x, %lx, %llx (l/ll are 64-bit), %p, a width with 0 padding
 * (%08x). Nothing else.
 */
void fw_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* End QEMU with exit status @code (semihosting). Never returns. */
void fw_exit(int code) __attribute__((noreturn));

/* Print "[fw] FATAL: " + the text, then fw_exit(FW_EXIT_FATAL). */
void fw_fatal(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/* The engine's FFN_ASSERT (fw_env.h). */
void fw_assert_fail(const char *file, int line) __attribute__((noreturn));

/* Format into @buf (at most @size bytes with the NUL); for tests too.
 * Return: the length written, without the NUL. */
int fw_vformat(char *buf, unsigned size, const char *fmt, va_list ap);

#endif /* FW_CONSOLE_H */
