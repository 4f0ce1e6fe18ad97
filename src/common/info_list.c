// SPDX-License-Identifier: BSD-3-Clause
/* INFO_GET list packing and unpacking (see ffn/info_list.h). */
#include "ffn/info_list.h"

#define ID_REG_FIRST 3u

static unsigned ids_per_reg(bool is64)
{
	return is64 ? 4u : 2u;
}

static void put_id(struct ffn_regs *r, bool is64, unsigned slot, ffn_id_t id)
{
	unsigned per = ids_per_reg(is64);
	unsigned shift = (slot % per) * 16u;

	r->x[ID_REG_FIRST + slot / per] |= (uint64_t)id << shift;
}

static ffn_id_t get_id(const struct ffn_regs *r, bool is64, unsigned slot)
{
	unsigned per = ids_per_reg(is64);
	unsigned shift = (slot % per) * 16u;

	return (ffn_id_t)(r->x[ID_REG_FIRST + slot / per] >> shift);
}

void ffn_info_writer_init(struct ffn_info_writer *w, struct ffn_regs *regs,
			  bool is64)
{
	w->regs = regs;
	w->is64 = is64;
	w->max_ids = (uint8_t)(is64 ? FFN_INFO_IDS_64 : FFN_INFO_IDS_32);
	w->ids = 0;
	w->lists = 0;
	/* A result: x0-x7 only, x8-x17 stay the caller's (docs/abi.md). */
	ffn_regs_result(regs, 0);
}

int ffn_info_writer_add(struct ffn_info_writer *w, ffn_id_t id,
			const uint16_t *vcpus, unsigned vcpu_count)
{
	if (vcpu_count > FFN_INFO_MAX_VCPUS_PER_LIST)
		return FFN_INVALID_PARAMETERS;
	if (1u + vcpu_count > ffn_info_writer_room(w))
		return FFN_NO_MEMORY;

	put_id(w->regs, w->is64, w->ids++, id);
	for (unsigned i = 0; i < vcpu_count; i++)
		put_id(w->regs, w->is64, w->ids++, vcpus[i]);
	w->regs->x[2] |= (uint64_t)vcpu_count
			 << (FFN_INFO_LIST_SIZE_SHIFT + 2u * w->lists);
	w->lists++;
	return FFN_OK;
}

unsigned ffn_info_writer_finish(struct ffn_info_writer *w, bool more)
{
	struct ffn_regs *r = w->regs;

	r->x[0] = w->is64 ? FFN_FID_SUCCESS_64 : FFN_FID_SUCCESS_32;
	r->x[1] = 0;
	r->x[2] |= (uint64_t)w->lists << FFN_INFO_LIST_COUNT_SHIFT;
	if (more)
		r->x[2] |= FFN_INFO_MORE_PENDING;
	return w->lists;
}

int ffn_info_reader_init(struct ffn_info_reader *r, const struct ffn_regs *regs,
			 bool is64)
{
	uint32_t w0 = (uint32_t)regs->x[0];
	uint64_t hdr = regs->x[2];
	unsigned max_ids = is64 ? FFN_INFO_IDS_64 : FFN_INFO_IDS_32;
	unsigned lists, ids = 0;
	uint64_t used_bits;

	if (w0 == FFN_FID_ERROR) {
		int32_t err = ffn_regs_error_code(regs);
		return err < 0 ? err : FFN_INVALID_PARAMETERS;
	}
	if (w0 != (is64 ? FFN_FID_SUCCESS_64 : FFN_FID_SUCCESS_32))
		return FFN_INVALID_PARAMETERS;
	if (!is64)
		hdr = (uint32_t)hdr;

	lists = (unsigned)(hdr >> FFN_INFO_LIST_COUNT_SHIFT) &
		FFN_INFO_LIST_COUNT_MASK;
	if (lists > max_ids)
		return FFN_INVALID_PARAMETERS;
	used_bits = FFN_INFO_MORE_PENDING |
		    ((uint64_t)FFN_INFO_LIST_COUNT_MASK
		     << FFN_INFO_LIST_COUNT_SHIFT) |
		    (((1ull << (2u * lists)) - 1u) << FFN_INFO_LIST_SIZE_SHIFT);
	if (hdr & ~used_bits)
		return FFN_INVALID_PARAMETERS;
	for (unsigned i = 0; i < lists; i++)
		ids += 1u +
		       (unsigned)((hdr >> (FFN_INFO_LIST_SIZE_SHIFT + 2u * i)) &
				  3u);
	if (ids > max_ids)
		return FFN_INVALID_PARAMETERS;

	r->regs = regs;
	r->lists = (uint8_t)lists;
	r->next_list = 0;
	r->next_id = 0;
	r->more = (hdr & FFN_INFO_MORE_PENDING) != 0;
	r->is64 = is64;
	return FFN_OK;
}

bool ffn_info_reader_next(struct ffn_info_reader *r, struct ffn_info_entry *e)
{
	unsigned n;

	if (r->next_list >= r->lists)
		return false;
	n = (unsigned)(r->regs->x[2] >>
		       (FFN_INFO_LIST_SIZE_SHIFT + 2u * r->next_list)) &
	    3u;
	e->id = get_id(r->regs, r->is64, r->next_id++);
	e->vcpu_count = (uint8_t)n;
	for (unsigned i = 0; i < FFN_INFO_MAX_VCPUS_PER_LIST; i++)
		e->vcpus[i] =
			i < n ? get_id(r->regs, r->is64, r->next_id++) : 0;
	r->next_list++;
	return true;
}
