// SPDX-License-Identifier: BSD-3-Clause
/*
 * The firmware's pure helpers: the SMC register boundary, the DTB
 * /memory reader and the console formatter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "boundary.h"
#include "console.h"
#include "fdt.h"

/* ---- the SMC boundary ---- */

static void fill(uint64_t *saved, uint64_t tag)
{
	for (unsigned i = 0; i < 31; i++)
		saved[i] = tag | i;
}

static void test_out_copies_x0_x7_only(void **state)
{
	uint64_t saved[31];
	struct ffn_regs r;

	(void)state;
	fill(saved, 0xca11e40000000000ull);
	for (unsigned i = 0; i < FFN_REG_COUNT; i++)
		r.x[i] = 0xe4914e0000000000ull | i; /* an engine writing all */
	r.x[0] = FFN_FID_SUCCESS_32;
	fw_regs_out(saved, &r);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(saved[i], r.x[i]);
	for (unsigned i = 8; i < 31; i++)
		assert_int_equal(saved[i], 0xca11e40000000000ull | i);
}

static void test_out_sign_extends_error(void **state)
{
	uint64_t saved[31];
	struct ffn_regs r;

	(void)state;
	fill(saved, 0);
	/* The engine sign-extends already; a w2 written zero-extended (as
	 * by an older engine or a partition's own code) is normalised. */
	ffn_regs_error(&r, FFN_NO_DATA);
	assert_int_equal((int64_t)r.x[2], -9);
	r.x[2] = 0xfffffff7ull;
	fw_regs_out(saved, &r);
	assert_int_equal(saved[0], FFN_FID_ERROR);
	assert_int_equal((int64_t)saved[2], -9);
	/* Not an error: x2 is data and stays as the engine wrote it. */
	ffn_regs_success(&r);
	r.x[2] = 0xfffffff7ull;
	fw_regs_out(saved, &r);
	assert_int_equal(saved[2], 0xfffffff7ull);
}

static void test_out_smccc_x0_only(void **state)
{
	uint64_t saved[31];

	(void)state;
	fill(saved, 0x5a00000000000000ull);
	fw_regs_out_smccc(saved, -1);
	assert_int_equal(saved[0], ~0ull);
	for (unsigned i = 1; i < 31; i++)
		assert_int_equal(saved[i], 0x5a00000000000000ull | i);
	fw_regs_out_smccc(saved, 0x10002);
	assert_int_equal(saved[0], 0x10002);
}

static void test_in_takes_x0_x17(void **state)
{
	uint64_t saved[31];
	struct ffn_regs r;

	(void)state;
	fill(saved, 0x1100000000000000ull);
	fw_regs_in(&r, saved);
	for (unsigned i = 0; i < FFN_REG_COUNT; i++)
		assert_int_equal(r.x[i], saved[i]);
}

/* ---- the DTB reader, over trees built here ---- */

struct fdt_builder {
	uint8_t buf[1024];
	size_t len;
	char strings[128];
	size_t slen;
};

static void be32_at(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void emit32(struct fdt_builder *b, uint32_t v)
{
	be32_at(b->buf + b->len, v);
	b->len += 4;
}

static void begin(struct fdt_builder *b, const char *name)
{
	size_t n = strlen(name) + 1;

	emit32(b, 1);
	memcpy(b->buf + b->len, name, n);
	b->len += (n + 3) & ~(size_t)3;
}

static void prop(struct fdt_builder *b, const char *name, const uint32_t *cells,
		 unsigned count)
{
	size_t off = b->slen;

	memcpy(b->strings + b->slen, name, strlen(name) + 1);
	b->slen += strlen(name) + 1;
	emit32(b, 3);
	emit32(b, 4u * count);
	emit32(b, (uint32_t)off);
	for (unsigned i = 0; i < count; i++)
		emit32(b, cells[i]);
}

static void end(struct fdt_builder *b)
{
	emit32(b, 2);
}

/* Header (40 bytes) first, then the structure, then the strings. */
static void start_tree(struct fdt_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 40;
}

static size_t finish(struct fdt_builder *b)
{
	size_t so = 40, ss = b->len - 40 + 4;

	emit32(b, 9);
	memcpy(b->buf + b->len, b->strings, b->slen);
	be32_at(b->buf, 0xd00dfeed);
	be32_at(b->buf + 4, (uint32_t)(b->len + b->slen));
	be32_at(b->buf + 8, (uint32_t)so);
	be32_at(b->buf + 12, (uint32_t)b->len);
	be32_at(b->buf + 32, (uint32_t)b->slen);
	be32_at(b->buf + 36, (uint32_t)ss);
	return b->len + b->slen;
}

static size_t virt_tree(struct fdt_builder *b, unsigned ac, unsigned sc,
			const char *memname)
{
	uint32_t two = 2, a = ac, s = sc;
	uint32_t reg[4] = {0, 0x40000000, 0, 0x40000000};
	uint32_t reg11[2] = {0x40000000, 0x20000000};

	start_tree(b);
	begin(b, "");
	prop(b, "#address-cells", &a, 1);
	prop(b, "#size-cells", &s, 1);
	begin(b, "soc");
	begin(b, "memory@0"); /* not a child of the root: ignored */
	prop(b, "reg", reg11, 2);
	end(b);
	prop(b, "#address-cells", &two, 1); /* depth 2: not the root's */
	end(b);
	begin(b, memname);
	if (ac == 2)
		prop(b, "reg", reg, 4);
	else
		prop(b, "reg", reg11, 2);
	end(b);
	end(b);
	return finish(b);
}

static void test_fdt_memory_found(void **state)
{
	struct fdt_builder b;
	uint64_t base = 0, size = 0;
	size_t n;

	(void)state;
	n = virt_tree(&b, 2, 2, "memory@40000000");
	assert_int_equal(fw_fdt_memory(b.buf, n, &base, &size), 0);
	assert_int_equal(base, 0x40000000);
	assert_int_equal(size, 0x40000000);
	n = virt_tree(&b, 1, 1, "memory");
	assert_int_equal(fw_fdt_memory(b.buf, n, &base, &size), 0);
	assert_int_equal(base, 0x40000000);
	assert_int_equal(size, 0x20000000);
}

static void test_fdt_malformed(void **state)
{
	struct fdt_builder b;
	uint64_t base = 7, size = 7;
	size_t n;

	(void)state;
	n = virt_tree(&b, 2, 2, "memoryless");
	assert_int_equal(fw_fdt_memory(b.buf, n, &base, &size), -1);
	n = virt_tree(&b, 2, 2, "memory@40000000");
	/* The tree is longer than what the caller allows to be read. */
	assert_int_equal(fw_fdt_memory(b.buf, n - 1, &base, &size), -1);
	/* A structure block cut anywhere: refused, or the reg read whole. */
	for (size_t cut = 40; cut < n; cut += 4) {
		struct fdt_builder t = b;
		be32_at(t.buf + 36, (uint32_t)(cut - 40));
		if (fw_fdt_memory(t.buf, n, &base, &size) == 0) {
			assert_int_equal(base, 0x40000000);
			assert_int_equal(size, 0x40000000);
		}
	}
	base = size = 7;
	b.buf[0] ^= 1;
	assert_int_equal(fw_fdt_memory(b.buf, n, &base, &size), -1);
	assert_int_equal(fw_fdt_memory(NULL, 0, &base, &size), -1);
	/* Three address cells are not supported. */
	n = virt_tree(&b, 3, 2, "memory@40000000");
	assert_int_equal(fw_fdt_memory(b.buf, n, &base, &size), -1);
	assert_int_equal(base, 7);
}

/* ---- the formatter ---- */

static int fmt(char *buf, unsigned size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fw_vformat(buf, size, f, ap);
	va_end(ap);
	return n;
}

static void test_format(void **state)
{
	char buf[64];

	(void)state;
	fmt(buf, sizeof(buf), "%08x|%x|%u|%d|%s|%c", 0xbeefu, 0u, 42u, -7, "s",
	    'c');
	assert_string_equal(buf, "0000beef|0|42|-7|s|c");
	fmt(buf, sizeof(buf), "%llx %lu %ld", 0x123456789abcdef0ull,
	    (unsigned long)18446744073709551615ull, (long)-5);
	assert_string_equal(buf, "123456789abcdef0 18446744073709551615 -5");
	assert_int_equal(fmt(buf, 6, "abcdefgh"), 8);
	assert_string_equal(buf, "abcde");
	fmt(buf, sizeof(buf), "100%% %q");
	assert_string_equal(buf, "100% %q");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_copies_x0_x7_only),
		cmocka_unit_test(test_out_sign_extends_error),
		cmocka_unit_test(test_out_smccc_x0_only),
		cmocka_unit_test(test_in_takes_x0_x17),
		cmocka_unit_test(test_fdt_memory_found),
		cmocka_unit_test(test_fdt_malformed),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
