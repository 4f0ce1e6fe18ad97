// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target (b): the INFO_GET list codec against a deliberately simple
 * independent model.
 *   1. Pack: random lists go through ffn_info_writer_add; the model says
 *      which fit (a list of 1 + n IDs fits while the slots last, n <= 3,
 *      never split) and what every register must hold, bit for bit.
 *   2. Unpack: the writer's reply goes back through ffn_info_reader and
 *      must give the same lists and more-pending bit.
 *   3. Raw: random registers go through the reader; whatever it accepts
 *      must be a canonical reply, so the model re-packs it identically.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ffn/info_list.h"

#define MAXL 32

struct list {
	uint16_t id;
	unsigned n;
	uint16_t v[3];
};

/* The model: a flat array of 16-bit slots, then the registers. */
static void model_pack(const struct list *l, unsigned count, bool more,
		       bool is64, struct ffn_regs *r)
{
	unsigned per = is64 ? 4 : 2, slot = 0;
	uint64_t hdr = more ? 1 : 0;

	memset(r, 0, sizeof(*r));
	r->x[0] = is64 ? FFN_FID_SUCCESS_64 : FFN_FID_SUCCESS_32;
	hdr |= (uint64_t)count << 7;
	for (unsigned i = 0; i < count; i++) {
		uint16_t ids[4] = {l[i].id, l[i].v[0], l[i].v[1], l[i].v[2]};
		hdr |= (uint64_t)l[i].n << (12 + 2 * i);
		for (unsigned k = 0; k <= l[i].n; k++, slot++)
			r->x[3 + slot / per] |= (uint64_t)ids[k]
						<< (16 * (slot % per));
	}
	r->x[2] = hdr;
}

static bool same(const struct ffn_regs *a, const struct ffn_regs *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ffn_regs r, m;
	struct ffn_info_writer w;
	struct ffn_info_reader rd;
	struct ffn_info_entry e;
	struct list l[MAXL];
	unsigned count = 0, used = 0, got = 0;
	bool is64, more;
	size_t i = 0;

	if (size < 1)
		return 0;
	is64 = data[0] & 1;
	more = (data[0] >> 1) & 1;

	if (data[0] & 4) {
		/* 3. raw registers into the reader */
		memset(&r, 0, sizeof(r));
		for (unsigned k = 0; k < FFN_REG_COUNT * 8 && 1 + k < size; k++)
			r.x[k / 8] |= (uint64_t)data[1 + k] << (8 * (k % 8));
		if (data[0] & 8) /* make the function ID plausible */
			r.x[0] = is64 ? FFN_FID_SUCCESS_64 : FFN_FID_SUCCESS_32;
		if (ffn_info_reader_init(&rd, &r, is64) != 0)
			return 0;
		while (ffn_info_reader_next(&rd, &e)) {
			if (count >= MAXL || e.vcpu_count > 3)
				abort();
			l[count].id = e.id;
			l[count].n = e.vcpu_count;
			memcpy(l[count].v, e.vcpus, sizeof(l[count].v));
			count++;
		}
		model_pack(l, count, ffn_info_reader_more(&rd), is64, &m);
		/* The header must be exactly what the lists imply (reserved
		 * bits refused); the ID slots in use must match. Unused slots
		 * are the sender's to zero, and a reader may ignore them. */
		{
			uint64_t hmask = is64 ? ~0ull : 0xFFFFFFFFull;
			unsigned per = is64 ? 4 : 2, slots = 0;

			if ((r.x[0] & 0xFFFFFFFFull) != m.x[0] ||
			    (r.x[2] & hmask) != m.x[2])
				abort();
			for (unsigned c = 0; c < count; c++)
				slots += 1 + l[c].n;
			for (unsigned k = 0; k < slots; k++) {
				unsigned reg = 3 + k / per;
				unsigned sh = 16 * (k % per);
				if (((r.x[reg] >> sh) & 0xFFFF) !=
				    ((m.x[reg] >> sh) & 0xFFFF))
					abort();
			}
		}
		return 0;
	}

	/* 1. pack (the writer leaves x8-x17 alone: start them at zero) */
	memset(&r, 0, sizeof(r));
	ffn_info_writer_init(&w, &r, is64);
	for (i = 1; i + 2 < size && count < MAXL; i += 3) {
		struct list c;
		unsigned max = is64 ? FFN_INFO_IDS_64 : FFN_INFO_IDS_32;
		int rc;

		c.id = (uint16_t)(data[i] | data[i + 1] << 8);
		c.n = data[i + 2] & 7; /* 4..7 must be refused */
		for (unsigned k = 0; k < 3; k++)
			c.v[k] = (uint16_t)(c.id * 7 + k + data[i + 2]);
		rc = ffn_info_writer_add(&w, c.id, c.v, c.n);
		if (c.n > 3) {
			if (rc != FFN_INVALID_PARAMETERS)
				abort();
			continue;
		}
		if (used + 1 + c.n > max) {
			if (rc != FFN_NO_MEMORY)
				abort();
			continue;
		}
		if (rc != 0)
			abort();
		for (unsigned k = c.n; k < 3; k++)
			c.v[k] = 0;
		l[count++] = c;
		used += 1 + c.n;
	}
	if (ffn_info_writer_finish(&w, more) != count)
		abort();
	model_pack(l, count, more, is64, &m);
	if (!same(&r, &m))
		abort();

	/* 2. unpack */
	if (ffn_info_reader_init(&rd, &r, is64) != 0)
		abort();
	if (ffn_info_reader_more(&rd) != more)
		abort();
	while (ffn_info_reader_next(&rd, &e)) {
		if (got >= count || e.id != l[got].id ||
		    e.vcpu_count != l[got].n)
			abort();
		for (unsigned k = 0; k < e.vcpu_count; k++)
			if (e.vcpus[k] != l[got].v[k])
				abort();
		got++;
	}
	if (got != count)
		abort();
	return 0;
}
