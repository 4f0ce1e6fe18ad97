/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Just enough of a flattened device tree reader to find the DRAM the
 * machine has: the first "memory" node under the root. Pure and bounded
 * (reads byte by byte, so it works with the MMU off and on any
 * alignment); the host tests feed it trees built by dtc and broken ones.
 */
#ifndef FW_FDT_H
#define FW_FDT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Find the first reg range of the first /memory or /memory@... node of
 * the tree at @fdt, reading at most @max bytes.
 * Return: 0 with *base and *size set; -1 when the tree is malformed
 * (bad magic, offsets or lengths outside the tree or @max, a truncated
 * token), has no such node, or the node's reg is too short or empty.
 */
int fw_fdt_memory(const void *fdt, size_t max, uint64_t *base, uint64_t *size);

#endif /* FW_FDT_H */
