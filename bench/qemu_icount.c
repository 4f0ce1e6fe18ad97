// SPDX-License-Identifier: BSD-3-Clause
/*
 * A QEMU TCG plugin that counts the guest instructions executed between
 * two marker functions of ffn-bench (--qemu-marks), the way callgrind
 * counts them on the host: every executed instruction once.
 *
 *   qemu-aarch64 -plugin icount.so,on=ADDR,off=ADDR,dump=ADDR -d plugin ...
 *
 * ADDR are the entry addresses of bw_mark_on, bw_mark_off and
 * bw_mark_dump in the (non-PIE) guest binary. Entering bw_mark_on starts
 * counting, entering bw_mark_off stops it, and entering bw_mark_dump
 * prints "icount N" (the count since the last dump) through QEMU's log
 * and starts again from 0. Counting is per translated block: a block is
 * counted whole when it starts while counting is on, so each bracket
 * includes a fixed number of marker instructions, which the benchmark
 * measures with empty brackets and subtracts (bench/aarch64.sh).
 *
 * Built at build time against qemu-plugin.h from Debian's qemu source
 * package (bench/qemu-plugin-header.sh); single-threaded guests only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t addr_on, addr_off, addr_dump;
static uint64_t count;
static int counting;

static void tb_exec(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	if (counting)
		count += (uintptr_t)udata;
}

static void mark_on(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	counting = 1;
}

static void mark_off(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	counting = 0;
}

static void mark_dump(unsigned int vcpu, void *udata)
{
	char line[48];

	(void)vcpu;
	(void)udata;
	snprintf(line, sizeof(line), "icount %" PRIu64 "\n", count);
	qemu_plugin_outs(line);
	count = 0;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(
		tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)n);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		qemu_plugin_vcpu_udata_cb_t cb = va == addr_on	   ? mark_on
						 : va == addr_off  ? mark_off
						 : va == addr_dump ? mark_dump
								   : NULL;
		if (cb != NULL)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		uint64_t *dst = !strncmp(argv[i], "on=", 3)	? &addr_on
				: !strncmp(argv[i], "off=", 4)	? &addr_off
				: !strncmp(argv[i], "dump=", 5) ? &addr_dump
								: NULL;
		if (dst == NULL)
			return -1;
		*dst = strtoull(strchr(argv[i], '=') + 1, NULL, 0);
	}
	if (addr_on == 0 || addr_off == 0 || addr_dump == 0)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	return 0;
}
