/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The normal world's RX/TX buffer pair (FFA_RXTX_MAP_64, FFA_RXTX_UNMAP,
 * FFA_RX_RELEASE) and the call that fills RX (FFA_PARTITION_INFO_GET).
 * There is one pair: the firmware serves the normal-world physical
 * instance (ID 0), the OS or the hypervisor in front of it.
 *
 * Every address is hostile: a buffer must be 4 KiB aligned, lie inside
 * the non-secure DRAM the machine reported, never touch the firmware's
 * own memory, and RX and TX must not overlap. A refused call changes
 * nothing. Context: any CPU; one lock serialises the pair.
 */
#ifndef FW_MAILBOX_H
#define FW_MAILBOX_H

#include "ffn/abi.h"

#define FW_PAGE_SIZE 4096u
#define FW_RXTX_MAX_PAGES 63u /* w3[5:0] */

/* Where buffers may and may not be, as [base, end) ranges. */
struct fw_memmap {
	uint64_t ns_base, ns_end; /* non-secure DRAM */
	uint64_t fw_base, fw_end; /* the firmware image and its data */
};

struct fw_mailbox {
	ffn_spinlock_t lock;
	bool mapped;
	bool ns_owns_rx; /* the consumer (normal world) holds RX */
	uint64_t tx, rx;
	uint32_t pages;
};

/* A partition as FFA_PARTITION_INFO_GET reports it. */
struct fw_part_info {
	uint16_t id;
	uint16_t vcpu_count;
	uint32_t properties;
	uint32_t uuid[4]; /* w1..w4 of the call, each little-endian */
};

/* Properties: direct requests received, notifications, AArch64. */
#define FW_PART_PROP_DIRECT_RECV (1u << 0)
#define FW_PART_PROP_NOTIFICATIONS (1u << 3)
#define FW_PART_PROP_AARCH64 (1u << 8)

void fw_mailbox_init(struct fw_mailbox *mb);

/*
 * FFA_RXTX_MAP_64: x1 = TX, x2 = RX, w3 = pages, x4..x7 MBZ.
 * Result in @r: SUCCESS; INVALID_PARAMETERS (MBZ bits, 0 pages, an
 * unaligned, out-of-DRAM, firmware-overlapping or RX/TX-overlapping
 * range); DENIED (a pair is mapped already).
 */
void fw_rxtx_map(struct fw_mailbox *mb, const struct fw_memmap *m,
		 struct ffn_regs *r);

/* FFA_RXTX_UNMAP: w1[31:16] = ID 0, the rest MBZ. INVALID_PARAMETERS
 * when not zero or nothing is mapped. */
void fw_rxtx_unmap(struct fw_mailbox *mb, struct ffn_regs *r);

/* FFA_RX_RELEASE: w1..w7 MBZ (INVALID_PARAMETERS); DENIED when nothing
 * is mapped or the normal world does not own RX. */
void fw_rx_release(struct fw_mailbox *mb, struct ffn_regs *r);

/*
 * FFA_PARTITION_INFO_GET: w1..w4 UUID (all zero: every partition), w5
 * flags (bit 0: count only), w6/w7 MBZ. @version is the caller's FF-A
 * version: 1.0 gets 8-byte descriptors and no flags; 1.1 and later
 * 24-byte ones with the UUID.
 * Result: SUCCESS w2 = count, w3 = descriptor size (0 for count only);
 * INVALID_PARAMETERS (an unknown UUID, flags, MBZ); BUSY (no RX mapped,
 * or the normal world still owns it); NO_MEMORY (RX too small). On
 * success with descriptors, RX belongs to the normal world until
 * FFA_RX_RELEASE.
 */
void fw_partition_info_get(struct fw_mailbox *mb,
			   const struct fw_part_info *parts, unsigned count,
			   uint32_t version, struct ffn_regs *r);

#endif /* FW_MAILBOX_H */
