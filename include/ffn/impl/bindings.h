/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notification bindings of one receiver, for senders of one world.
 *
 * Each of the 64 IDs is bound to at most one sender. The sender of every
 * ID is stored bit-sliced: bit b of plane j is bit j of the sender of ID b.
 * Bit 15 of a sender ID is fixed within a world, so 15 planes suffice.
 * "Is every ID of this bitmap bound to sender S?" is then 15 word
 * operations whatever the bitmap, and binding any number of IDs to S is
 * at most 30 word updates (clear the IDs in every plane, set them in the
 * planes of S's one bits): no loop depends on how many bits are involved.
 *
 * Most calls name one ID (drivers bind and signal one at a time), so a
 * cache keeps the sender of single IDs as a plain array: a one-ID check
 * is one compare when the cache holds that ID. BIND of one ID fills it;
 * BIND of several invalidates their entries, and the first successful
 * one-ID SET that had to use the planes refills its entry
 * (ffn_bindings_remember). Checking never writes: a refused call leaves
 * the cache, like every other byte, as it was. Every path stays O(1).
 */
#ifndef FFN_IMPL_BINDINGS_H
#define FFN_IMPL_BINDINGS_H

#include "ffn/abi.h"

#define FFN_BIND_PLANES 15

struct ffn_bindings {
	uint64_t bound;	   /* IDs bound to some sender */
	uint64_t per_vcpu; /* of those, bound as per-vCPU notifications */
	uint64_t cached;   /* IDs whose sender[] entry is exact */
	uint16_t sender[64];
	uint64_t plane[FFN_BIND_PLANES];
};

static inline void ffn_bindings_reset(struct ffn_bindings *b)
{
	memset(b, 0, sizeof(*b));
}

/* The IDs of @bitmap whose recorded sender differs from @sender. */
static inline uint64_t ffn_bindings_other_sender(const struct ffn_bindings *b,
						 ffn_id_t sender,
						 uint64_t bitmap)
{
	uint64_t diff = 0;

	for (unsigned j = 0; j < FFN_BIND_PLANES; j++) {
		uint64_t want = 0 - (uint64_t)((sender >> j) & 1u);
		diff |= b->plane[j] ^ want;
	}
	return diff & bitmap;
}

/*
 * ffn_bindings_all_bound_to without the cache hit: the planes. Out of
 * line, so that the compiler does not compute the planes on the fast path
 * too. It only reads: a refused call must leave the cache as it was.
 */
static __attribute__((__noinline__, __unused__)) bool
ffn_bindings_all_bound_to_slow(const struct ffn_bindings *b, ffn_id_t sender,
			       uint64_t bitmap)
{
	if ((bitmap & ~b->bound) != 0)
		return false;
	return ffn_bindings_other_sender(b, sender, bitmap) == 0;
}

/*
 * True when @bitmap (non-zero) names exactly one ID, the ID in *@bit.
 * Shifted down to its lowest one rather than (bitmap & (bitmap - 1)) ==
 * 0: on a value known to be non-zero, clang turns that test into a
 * population count, which without a POPCNT instruction is 20 more
 * instructions on the hot path.
 */
static inline __attribute__((__always_inline__)) bool
ffn_bindings_one_id(uint64_t bitmap, unsigned *bit)
{
	*bit = (unsigned)FFN_CTZ64(bitmap);
	return (bitmap >> *bit) == 1u;
}

/*
 * After a call that succeeded with ffn_bindings_all_bound_to(@sender,
 * @bitmap) true (@bitmap non-zero): cache the sender of a single ID, so
 * the next one-ID check is one compare. Only successful calls write it.
 */
static inline void ffn_bindings_remember(struct ffn_bindings *b,
					 ffn_id_t sender, uint64_t bitmap)
{
	unsigned bit;

	/* The cached test first: on the usual call (a hit) it answers alone,
	 * and the single-ID test is not computed on that path. */
	if ((b->cached & bitmap) != 0 || !ffn_bindings_one_id(bitmap, &bit))
		return;
	b->sender[bit] = sender;
	b->cached |= bitmap;
}

/*
 * True when every ID of @bitmap is bound, and bound to @sender. Always
 * inlined: the usual call names one cached ID, a test and a compare
 * (the cache only holds bound IDs); the rest is out of the way.
 */
static inline __attribute__((__always_inline__)) bool
ffn_bindings_all_bound_to(const struct ffn_bindings *b, ffn_id_t sender,
			  uint64_t bitmap)
{
	unsigned bit;

	/* A cached ID makes @bitmap non-zero, as ffn_bindings_one_id needs. */
	if ((b->cached & bitmap) != 0 && ffn_bindings_one_id(bitmap, &bit))
		return b->sender[bit] == sender;
	return ffn_bindings_all_bound_to_slow(b, sender, bitmap);
}

/*
 * Record @bitmap (non-zero) as bound to @sender. The caller checked it
 * was free.
 * The planes take @bitmap cleared from all 15 and set in those of the
 * sender's one bits: at most 30 word updates, and about 5 instructions
 * per one bit of the sender's ID on top of the 15.
 */
static inline void ffn_bindings_bind(struct ffn_bindings *b, ffn_id_t sender,
				     uint64_t bitmap, bool per_vcpu)
{
	unsigned ones = sender & ((1u << FFN_BIND_PLANES) - 1u);

	for (unsigned j = 0; j < FFN_BIND_PLANES; j++)
		b->plane[j] &= ~bitmap;
	for (; ones != 0; ones &= ones - 1u)
		b->plane[FFN_CTZ32(ones)] |= bitmap;
	b->bound |= bitmap;
	if (per_vcpu)
		b->per_vcpu |= bitmap;
	else
		b->per_vcpu &= ~bitmap;
	/* Here the plain test is the shorter (ffn_bindings_one_id). */
	if ((bitmap & (bitmap - 1)) == 0) {
		b->sender[FFN_CTZ64(bitmap)] = sender;
		b->cached |= bitmap;
	} else {
		b->cached &= ~bitmap;
	}
}

/* Forget @bitmap's bindings. Planes of unbound IDs are don't-care. */
static inline void ffn_bindings_unbind(struct ffn_bindings *b, uint64_t bitmap)
{
	b->bound &= ~bitmap;
	b->per_vcpu &= ~bitmap;
	b->cached &= ~bitmap;
}

/* The sender recorded for ID @bit (meaningful only if bound). */
static inline ffn_id_t ffn_bindings_sender_of(const struct ffn_bindings *b,
					      unsigned bit, bool secure_world)
{
	unsigned id = secure_world ? FFN_ID_SECURE_BIT : 0u;

	for (unsigned j = 0; j < FFN_BIND_PLANES; j++)
		id |= (unsigned)((b->plane[j] >> bit) & 1u) << j;
	return (ffn_id_t)id;
}

#endif /* FFN_IMPL_BINDINGS_H */
