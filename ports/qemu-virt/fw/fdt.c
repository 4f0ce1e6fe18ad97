// SPDX-License-Identifier: BSD-3-Clause
/* The /memory lookup of fdt.h: a single pass over the structure block. */
#include "fdt.h"

#include <stdbool.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

struct tree {
	const uint8_t *p;
	size_t size; /* bytes of the whole tree we may read */
	size_t struct_off, struct_end;
	size_t strings_off, strings_end;
};

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/* Big-endian number of @cells 32-bit cells (1 or 2). */
static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = (v << 32) | be32(p + 4u * i);
	return v;
}

/* Whether the NUL-terminated string at @off of [@off, @end) equals @s
 * (or, with @prefix, is @s or starts with @s followed by '@'). */
static bool str_is(const struct tree *t, size_t off, size_t end, const char *s,
		   bool prefix)
{
	size_t i = 0;

	for (; s[i] != '\0'; i++)
		if (off + i >= end || t->p[off + i] != (uint8_t)s[i])
			return false;
	if (off + i >= end)
		return false;
	return t->p[off + i] == '\0' || (prefix && t->p[off + i] == '@');
}

/* Offset just past the NUL of the string at @off, 4-aligned, or 0. */
static size_t skip_name(const struct tree *t, size_t off)
{
	size_t i = off;

	while (i < t->struct_end && t->p[i] != '\0')
		i++;
	if (i >= t->struct_end)
		return 0;
	return (i + 1u + 3u) & ~(size_t)3u;
}

static int header(struct tree *t, const void *fdt, size_t max)
{
	const uint8_t *p = fdt;
	uint32_t total, so, ss, sto, sts;

	if (max < 40u || be32(p) != FDT_MAGIC)
		return -1;
	total = be32(p + 4);
	so = be32(p + 8);
	sto = be32(p + 12);
	sts = be32(p + 32);
	ss = be32(p + 36);
	if (total > max || so > total || ss > total - so || sto > total ||
	    sts > total - sto)
		return -1;
	t->p = p;
	t->size = total;
	t->struct_off = so;
	t->struct_end = (size_t)so + ss;
	t->strings_off = sto;
	t->strings_end = (size_t)sto + sts;
	return 0;
}

int fw_fdt_memory(const void *fdt, size_t max, uint64_t *base, uint64_t *size)
{
	struct tree t;
	uint32_t addr_cells = 2, size_cells = 2;
	unsigned depth = 0;
	bool in_memory = false;
	size_t off;

	if (fdt == NULL || header(&t, fdt, max) != 0)
		return -1;
	off = t.struct_off;
	while (off + 4u <= t.struct_end) {
		uint32_t tok = be32(t.p + off);
		off += 4u;
		switch (tok) {
		case FDT_BEGIN_NODE:
			depth++;
			/* Depth 2 = a child of the root. */
			in_memory = depth == 2 && str_is(&t, off, t.struct_end,
							 "memory", true);
			off = skip_name(&t, off);
			if (off == 0 || depth > 64)
				return -1;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return -1;
			depth--;
			in_memory = false;
			break;
		case FDT_PROP: {
			uint32_t len, nameoff;
			size_t name, val;
			if (off + 8u > t.struct_end)
				return -1;
			len = be32(t.p + off);
			nameoff = be32(t.p + off + 4u);
			val = off + 8u;
			if (len > t.struct_end - val ||
			    nameoff >= t.strings_end - t.strings_off)
				return -1;
			name = t.strings_off + nameoff;
			if (depth == 1 && len == 4u &&
			    str_is(&t, name, t.strings_end, "#address-cells",
				   false))
				addr_cells = be32(t.p + val);
			else if (depth == 1 && len == 4u &&
				 str_is(&t, name, t.strings_end, "#size-cells",
					false))
				size_cells = be32(t.p + val);
			else if (in_memory && str_is(&t, name, t.strings_end,
						     "reg", false)) {
				uint64_t b, s;
				if (addr_cells < 1 || addr_cells > 2 ||
				    size_cells < 1 || size_cells > 2 ||
				    len < 4u * (addr_cells + size_cells))
					return -1;
				b = cells(t.p + val, addr_cells);
				s = cells(t.p + val + 4u * addr_cells,
					  size_cells);
				if (s == 0 || b + s < b)
					return -1;
				*base = b;
				*size = s;
				return 0;
			}
			off = (val + len + 3u) & ~(size_t)3u;
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return -1;
		default:
			return -1;
		}
	}
	return -1;
}
