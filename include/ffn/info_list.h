/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The FFA_NOTIFICATION_INFO_GET list codec, shared by every role.
 *
 * x2/w2 holds the header: bit 0 more-pending, [11:7] the list count,
 * then 2 bits per list from bit 12 (that list's vCPU ID count, 0-3).
 * x3..x7 hold the 16-bit IDs from the low bits up: 4 per register in the
 * 64-bit convention (20 IDs), 2 per register in the 32-bit one (10 IDs).
 * Reserved header bits and unused ID slots are always zero.
 */
#ifndef FFN_INFO_LIST_H
#define FFN_INFO_LIST_H

#include "ffn/abi.h"

/* One list: an endpoint ID followed by 0-3 vCPU IDs. */
struct ffn_info_entry {
	ffn_id_t id;
	uint8_t vcpu_count;
	uint16_t vcpus[FFN_INFO_MAX_VCPUS_PER_LIST];
};

struct ffn_info_writer {
	struct ffn_regs *regs;
	uint8_t max_ids;
	uint8_t ids;
	uint8_t lists;
	bool is64;
};

/*
 * Start a reply in @regs: zero every register, 32- or 64-bit convention.
 */
void ffn_info_writer_init(struct ffn_info_writer *w, struct ffn_regs *regs,
			  bool is64);

/* ID slots still free. */
static inline unsigned ffn_info_writer_room(const struct ffn_info_writer *w)
{
	return (unsigned)(w->max_ids - w->ids);
}

/*
 * Append one list: @id then @vcpu_count (0-3) vCPU IDs from @vcpus.
 * Return: 0, or FFN_NO_MEMORY when the list does not fit (nothing is
 * written: lists are never split), or FFN_INVALID_PARAMETERS when
 * @vcpu_count > 3.
 */
int ffn_info_writer_add(struct ffn_info_writer *w, ffn_id_t id,
			const uint16_t *vcpus, unsigned vcpu_count);

/*
 * Finish the reply: w0 = FFA_SUCCESS_32 or _64, the header in w2 with the
 * more-pending bit from @more. Return: the number of lists written.
 */
unsigned ffn_info_writer_finish(struct ffn_info_writer *w, bool more);

struct ffn_info_reader {
	const struct ffn_regs *regs;
	uint8_t lists;
	uint8_t next_list;
	uint8_t next_id;
	bool more;
	bool is64;
};

/*
 * Validate an INFO_GET reply and prepare to walk it.
 * Return: 0; FFN_NO_DATA when @regs is FFA_ERROR(NO_DATA); the error code
 * when @regs is another FFA_ERROR; FFN_INVALID_PARAMETERS when w0 is not
 * the success ID of the convention, the list count or sizes overflow the
 * ID slots, or a reserved header bit is set.
 */
int ffn_info_reader_init(struct ffn_info_reader *r, const struct ffn_regs *regs,
			 bool is64);

/* Next list into @e. Return: false after the last one. */
bool ffn_info_reader_next(struct ffn_info_reader *r, struct ffn_info_entry *e);

/* The more-pending bit of the reply. */
static inline bool ffn_info_reader_more(const struct ffn_info_reader *r)
{
	return r->more;
}

#endif /* FFN_INFO_LIST_H */
