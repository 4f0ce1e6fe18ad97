// SPDX-License-Identifier: BSD-3-Clause
/* The RX/TX pair and FFA_PARTITION_INFO_GET (mailbox.h). */
#include "mailbox.h"

#define PARTINFO_SIZE_1_0 8u
#define PARTINFO_SIZE_1_1 24u
#define PARTINFO_COUNT_ONLY (1u << 0)

void fw_mailbox_init(struct fw_mailbox *mb)
{
	memset(mb, 0, sizeof(*mb));
	ffn_spin_init(&mb->lock);
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* [addr, addr + len) is aligned, inside DRAM, outside the firmware. */
static bool buffer_ok(const struct fw_memmap *m, uint64_t addr, uint64_t len)
{
	if ((addr & (FW_PAGE_SIZE - 1u)) != 0 || addr < m->ns_base ||
	    addr >= m->ns_end || len > m->ns_end - addr)
		return false;
	return !overlaps(addr, len, m->fw_base, m->fw_end - m->fw_base);
}

void fw_rxtx_map(struct fw_mailbox *mb, const struct fw_memmap *m,
		 struct ffn_regs *r)
{
	uint64_t tx = r->x[1], rx = r->x[2];
	uint32_t w3 = (uint32_t)r->x[3];
	uint32_t pages = w3 & FW_RXTX_MAX_PAGES;
	uint64_t len = (uint64_t)pages * FW_PAGE_SIZE;

	if ((w3 & ~FW_RXTX_MAX_PAGES) != 0 || pages == 0 ||
	    (r->x[4] | r->x[5] | r->x[6] | r->x[7]) != 0 ||
	    !buffer_ok(m, tx, len) || !buffer_ok(m, rx, len) ||
	    overlaps(tx, len, rx, len)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	ffn_spin_lock(&mb->lock);
	if (mb->mapped) {
		ffn_spin_unlock(&mb->lock);
		ffn_regs_error(r, FFN_DENIED);
		return;
	}
	mb->mapped = true;
	mb->ns_owns_rx = false;
	mb->tx = tx;
	mb->rx = rx;
	mb->pages = pages;
	ffn_spin_unlock(&mb->lock);
	ffn_regs_success(r);
}

void fw_rxtx_unmap(struct fw_mailbox *mb, struct ffn_regs *r)
{
	if (!ffn_regs_w_zero(r, 1, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	ffn_spin_lock(&mb->lock);
	if (!mb->mapped) {
		ffn_spin_unlock(&mb->lock);
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	mb->mapped = false;
	mb->ns_owns_rx = false;
	mb->tx = mb->rx = 0;
	mb->pages = 0;
	ffn_spin_unlock(&mb->lock);
	ffn_regs_success(r);
}

void fw_rx_release(struct fw_mailbox *mb, struct ffn_regs *r)
{
	if (!ffn_regs_w_zero(r, 1, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	ffn_spin_lock(&mb->lock);
	if (!mb->mapped || !mb->ns_owns_rx) {
		ffn_spin_unlock(&mb->lock);
		ffn_regs_error(r, FFN_DENIED);
		return;
	}
	mb->ns_owns_rx = false;
	ffn_spin_unlock(&mb->lock);
	ffn_regs_success(r);
}

/* Little-endian stores byte by byte: RX may be any normal-world page. */
static void put_le(volatile uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8u * i));
}

static void write_desc(volatile uint8_t *p, const struct fw_part_info *pi,
		       uint32_t size)
{
	put_le(p, pi->id, 2);
	put_le(p + 2, pi->vcpu_count, 2);
	put_le(p + 4, pi->properties, 4);
	if (size == PARTINFO_SIZE_1_1)
		for (unsigned w = 0; w < 4; w++)
			put_le(p + 8 + 4 * w, pi->uuid[w], 4);
}

static bool uuid_match(const struct fw_part_info *pi, const uint32_t *uuid,
		       bool any)
{
	return any || (pi->uuid[0] == uuid[0] && pi->uuid[1] == uuid[1] &&
		       pi->uuid[2] == uuid[2] && pi->uuid[3] == uuid[3]);
}

void fw_partition_info_get(struct fw_mailbox *mb,
			   const struct fw_part_info *parts, unsigned count,
			   uint32_t version, struct ffn_regs *r)
{
	uint32_t uuid[4] = {(uint32_t)r->x[1], (uint32_t)r->x[2],
			    (uint32_t)r->x[3], (uint32_t)r->x[4]};
	uint32_t flags = (uint32_t)r->x[5];
	bool any = (uuid[0] | uuid[1] | uuid[2] | uuid[3]) == 0;
	bool v10 = version < FFN_VERSION_1_1;
	uint32_t size = v10 ? PARTINFO_SIZE_1_0 : PARTINFO_SIZE_1_1;
	unsigned n = 0;
	volatile uint8_t *rx;

	if ((flags & ~(v10 ? 0u : PARTINFO_COUNT_ONLY)) != 0 ||
	    !ffn_regs_w_zero(r, 6, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	for (unsigned i = 0; i < count; i++)
		if (uuid_match(&parts[i], uuid, any))
			n++;
	if (n == 0) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	if (flags & PARTINFO_COUNT_ONLY) {
		ffn_regs_success(r);
		r->x[2] = n;
		return;
	}

	ffn_spin_lock(&mb->lock);
	if (!mb->mapped || mb->ns_owns_rx) {
		ffn_spin_unlock(&mb->lock);
		ffn_regs_error(r, FFN_BUSY);
		return;
	}
	if ((uint64_t)n * size > (uint64_t)mb->pages * FW_PAGE_SIZE) {
		ffn_spin_unlock(&mb->lock);
		ffn_regs_error(r, FFN_NO_MEMORY);
		return;
	}
	rx = (volatile uint8_t *)(uintptr_t)mb->rx;
	for (unsigned i = 0, at = 0; i < count; i++)
		if (uuid_match(&parts[i], uuid, any))
			write_desc(rx + size * at++, &parts[i], size);
	mb->ns_owns_rx = true;
	ffn_spin_unlock(&mb->lock);
	ffn_regs_success(r);
	r->x[2] = n;
	r->x[3] = size;
}
