// SPDX-License-Identifier: BSD-3-Clause
/*
 * A small printf-like formatter: the firmware has no libc. Pure (no
 * hardware), so the host tests run it too.
 */
#include <stdbool.h>

#include "console.h"

struct out {
	char *buf;
	unsigned size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, uint64_t v, unsigned base, unsigned width,
		    char pad, bool neg)
{
	char tmp[24];
	unsigned n = 0;

	do {
		unsigned d = (unsigned)(v % base);
		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v != 0);
	if (neg)
		tmp[n++] = '-';
	while (width > n) {
		put(o, pad);
		width--;
	}
	while (n > 0)
		put(o, tmp[--n]);
}

int fw_vformat(char *buf, unsigned size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (; *fmt != '\0'; fmt++) {
		unsigned width = 0, longs = 0;
		char pad = ' ';
		uint64_t v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s == 0)
				s = "(null)";
			while (*s != '\0')
				put(&o, *s++);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t sv = longs ? va_arg(ap, int64_t)
					   : (int64_t)va_arg(ap, int);
			bool neg = sv < 0;
			put_num(&o,
				neg ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv,
				10, width, pad, neg);
			break;
		}
		case 'u':
		case 'x':
			v = longs ? va_arg(ap, uint64_t)
				  : (uint64_t)va_arg(ap, unsigned);
			put_num(&o, v, *fmt == 'u' ? 10 : 16, width, pad,
				false);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uint64_t)(uintptr_t)va_arg(ap, void *), 16,
				width, pad, false);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (o.size > 0)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return (int)o.len;
}
