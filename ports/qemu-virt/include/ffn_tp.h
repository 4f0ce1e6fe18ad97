/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The test partitions' protocol: what the normal world asks the logical
 * test partitions of the QEMU firmware over FFA_MSG_SEND_DIRECT_REQ, and
 * what they answer in FFA_MSG_SEND_DIRECT_RESP.
 *
 * Shared by the firmware (ports/qemu-virt/fw) and by the Linux test module
 * (ports/qemu-virt/linux), so it uses nothing but integer constants: no
 * types, no headers.
 *
 * Request:  w3 = command, w4..w7 = arguments (below).
 * Response: w3 = status (0, or the negative FF-A error code the
 *           partition's own FF-A call returned, or FFN_TP_EBADCMD),
 *           w4..w7 = results.
 * Only the low 32 bits of x3..x7 carry meaning, in the 32- and the 64-bit
 * forms of the direct request alike. A direct request runs the partition
 * on the CPU it arrives on: for the multi-processor partition that is the
 * vCPU of that CPU's index.
 */
#ifndef FFN_TP_H
#define FFN_TP_H

/* The partitions. */
#define FFN_TP_UP_ID 0x8001u /* one vCPU, runs on any CPU */
#define FFN_TP_MP_ID 0x8002u /* one vCPU per CPU; vCPU N runs on CPU N */

/* UUIDs, as the 16 bytes in the order FFA_PARTITION_INFO_GET takes them
 * (w1..w4, each little-endian). Text form:
 *   UP: 6e1f8a2c-3b5d-4c71-9a0e-51d7c4b2f801
 *   MP: 6e1f8a2c-3b5d-4c71-9a0e-51d7c4b2f802 */
#define FFN_TP_UP_UUID_W0 0x2c8a1f6eu
#define FFN_TP_UP_UUID_W1 0x714c5d3bu
#define FFN_TP_UP_UUID_W2 0xd7510e9au
#define FFN_TP_UP_UUID_W3 0x01f8b2c4u
#define FFN_TP_MP_UUID_W0 0x2c8a1f6eu
#define FFN_TP_MP_UUID_W1 0x714c5d3bu
#define FFN_TP_MP_UUID_W2 0xd7510e9au
#define FFN_TP_MP_UUID_W3 0x02f8b2c4u

#define FFN_TP_MAGIC 0x46464e54u /* "FFNT" */
#define FFN_TP_VERSION 1u

/* A status that is no FF-A error: the command is unknown or malformed. */
#define FFN_TP_EBADCMD (-100)

/*
 * PING: -> w4 = FFN_TP_MAGIC, w5 = partition ID, w6 = vCPU count,
 *          w7 = vCPU index (the one the request ran on) << 16 |
 *               FFN_TP_VERSION.
 */
#define FFN_TP_CMD_PING 1u
/*
 * BIND: w4 = sender ID, w5 = BIND flags (bit 0: per-vCPU),
 *       w6 = bitmap [31:0], w7 = bitmap [63:32].
 *       The partition calls FFA_NOTIFICATION_BIND for itself. -> nothing.
 */
#define FFN_TP_CMD_BIND 2u
/* UNBIND: w4 = sender ID, w6/w7 = bitmap. -> nothing. */
#define FFN_TP_CMD_UNBIND 3u
/*
 * SET: w4 = receiver ID, w5 = SET flags as FFA_NOTIFICATION_SET takes
 *      them (bit 0 per-vCPU, bit 1 delay SRI, [31:16] receiver vCPU),
 *      w6/w7 = bitmap. The partition is the sender. -> nothing.
 */
#define FFN_TP_CMD_SET 4u
/*
 * GET: w4 = GET flags (bit 0 SP, 1 VM, 2 SPM, 3 HYP), for the vCPU the
 *      request runs on. -> w4/w5 = from SPs [31:0]/[63:32],
 *      w6/w7 = from VMs [31:0]/[63:32]. What it returns is also added to
 *      the received record (REPORT).
 */
#define FFN_TP_CMD_GET 5u
/*
 * REPORT: w4 = vCPU index, or 0xffff for the sum over every vCPU.
 *   -> w4/w5 = bitmap of every ID received since the last REPORT (from
 *      VMs and SPs together) [31:0]/[63:32], w6 = how many notifications
 *      were received (one per bit per GET that returned it), w7 = how many
 *      times the partition was run (FFA_RUN) and took its NPI.
 *   The record read is then cleared.
 */
#define FFN_TP_CMD_REPORT 6u
/*
 * RESET: unbind everything the partition bound, drain what is pending
 * and clear the records of every vCPU. -> nothing.
 */
#define FFN_TP_CMD_RESET 7u
/*
 * SET_EACH: w4 = receiver ID, w5 = SET flags, w6/w7 = bitmap: one
 *      FFA_NOTIFICATION_SET per bit set, lowest first, stopping at the
 *      first error. -> w4 = how many SETs succeeded.
 */
#define FFN_TP_CMD_SET_EACH 8u
/*
 * STATS: the SPMC engine's own counts, so the normal world can check that
 * a VM's teardown left nothing behind. -> w4 = VM bitmaps that exist,
 * w5 = IDs bound (every receiver, both worlds), w6 = receivers waiting
 * for INFO_GET, w7 = SRIs raised [31:0].
 */
#define FFN_TP_CMD_STATS 9u

#endif
