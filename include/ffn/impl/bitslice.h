/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bit-sliced counters: 64 small counters, one per notification ID, stored
 * as planes (bit b of plane j is bit j of counter b). Adding one to the
 * counters of every ID in a mask is a ripple carry across the planes, so
 * it costs O(planes) word operations whatever the number of IDs, and
 * "which IDs have a non-zero count" is the OR of the planes.
 *
 * Used to know, per notification ID, how many vCPUs of a receiver have it
 * pending, so that UNBIND and DESTROY can test per-vCPU pending state in
 * O(1) instead of scanning every vCPU.
 */
#ifndef FFN_IMPL_BITSLICE_H
#define FFN_IMPL_BITSLICE_H

#include "ffn/env.h"

/* Enough for counts up to 8191, above the 4096-vCPU maximum. */
#define FFN_SLICE_PLANES 13

struct ffn_slice {
	uint64_t plane[FFN_SLICE_PLANES];
};

/* counter[b] += 1 for every b in @mask (no overflow: callers bound it). */
static inline void ffn_slice_inc(struct ffn_slice *s, uint64_t mask)
{
	for (unsigned j = 0; j < FFN_SLICE_PLANES && mask; j++) {
		uint64_t p = s->plane[j];
		s->plane[j] = p ^ mask;
		mask &= p;
	}
}

/* counter[b] -= 1 for every b in @mask (each must be non-zero). */
static inline void ffn_slice_dec(struct ffn_slice *s, uint64_t mask)
{
	for (unsigned j = 0; j < FFN_SLICE_PLANES && mask; j++) {
		uint64_t p = s->plane[j];
		s->plane[j] = p ^ mask;
		mask &= ~p;
	}
}

/* The IDs whose counter is non-zero. */
static inline uint64_t ffn_slice_nonzero(const struct ffn_slice *s)
{
	uint64_t any = 0;

	for (unsigned j = 0; j < FFN_SLICE_PLANES; j++)
		any |= s->plane[j];
	return any;
}

/*
 * Population count without libgcc (freestanding builds). Zero or one bit,
 * the usual BIND and UNBIND, is answered before the 15-step reduction.
 */
static inline unsigned ffn_popcount64(uint64_t v)
{
	if ((v & (v - 1u)) == 0)
		return v != 0;
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

#endif /* FFN_IMPL_BITSLICE_H */
