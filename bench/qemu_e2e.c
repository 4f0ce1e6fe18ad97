// SPDX-License-Identifier: BSD-3-Clause
/*
 * A QEMU system-mode TCG plugin that counts the guest instructions one
 * notification costs end to end on the emulated machine, split by where
 * they run.
 *
 *   qemu-system-aarch64 ... -plugin e2e.so,ranges=FILE,out=FILE
 *
 * Where: QEMU 7.2's plugin API cannot read registers (no exception level),
 * so an instruction is attributed by its virtual address. FILE holds lines
 * "BUCKET START END" (hex, END exclusive); the first line whose range holds
 * the address names its bucket, an address no line holds is "other".
 * A line "entry:NAME ADDR ADDR+4" counts how many times the instruction at
 * ADDR ran instead (an exception vector: how many times a level was
 * entered).
 * bench/e2e.sh writes the ranges from the images: the firmware's functions
 * from the SPMC engine's sources, the rest of the firmware, Xen's FF-A
 * code and the rest of Xen, the test guests, the kernel's half of the
 * address space.
 *
 * When: the Linux test module (ports/qemu-virt/linux/ffn_test_e2e.c)
 * executes marker instructions, "MOVZ XZR, #imm" (a write to the zero
 * register: no effect, and no compiler emits it):
 *   imm 0xFAss  BEGIN scenario ss: a window and a round start;
 *   imm 0xFBss  END scenario ss: the window closes, one "win" line;
 *   imm 0xFCss  FLUSH: the open round is dropped (a BEGIN closes the
 *               previous round: one "round" line).
 * A window counts the instructions from its BEGIN marker (included) to its
 * END marker (excluded), summed over every vCPU; a round, from BEGIN to
 * the next BEGIN. Output lines in the out file:
 *   buckets NAME... other entries NAME...
 *   win SS N... E... (one count per bucket, then per entry, in the order
 *                    of the "buckets" line)
 *   round SS N...    (only for a round whose window reached its END)
 *
 * Counting is an inline add per translated block and bucket (the block's
 * instruction count): exact for blocks that run to their end. A block cut
 * short by a synchronous exception is counted whole; interrupts are taken
 * only between blocks. The counters are not atomic: the plugin refuses a
 * machine of more than one vCPU unless given smp=ok.
 *
 * Built at build time against qemu-plugin.h from Debian's qemu source
 * package (bench/qemu-plugin-header.sh).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_BUCKETS 16
#define MAX_RANGES 4096
#define MARK_BASE 0xd280001fu /* MOVZ XZR, #0 */
#define MARK_MASK 0xffe0001fu /* opcode, hw = 0, Rd */

enum { M_BEGIN = 0xfa, M_END = 0xfb, M_FLUSH = 0xfc };

struct range {
	uint64_t start, end;
	unsigned int bucket;
};

struct mark {
	unsigned int kind, scen;
	uint64_t rest[MAX_BUCKETS]; /* the block's instructions from here on */
};

static struct range ranges[MAX_RANGES];
static unsigned int nranges;
static char names[MAX_BUCKETS][32];
static unsigned int nbuckets; /* the last one is "other" */
static char entry_names[MAX_BUCKETS][32];
static unsigned int nentries;
static uint64_t entry_va[MAX_BUCKETS]; /* entries of one name add up */
static unsigned int entry_of[MAX_BUCKETS], nentry_vas;
/* The buckets' counts, then the entries'. */
static uint64_t ctr[2 * MAX_BUCKETS];
static uint64_t win0[2 * MAX_BUCKETS], round0[2 * MAX_BUCKETS];
static int win_scen = -1, round_scen = -1;
static bool round_done; /* the round's window reached its END */
static FILE *out;

static unsigned int bucket_of(uint64_t va)
{
	for (unsigned int i = 0; i < nranges; i++)
		if (va >= ranges[i].start && va < ranges[i].end)
			return ranges[i].bucket;
	return nbuckets - 1;
}

static void emit(const char *what, int scen, const uint64_t *from,
		 const uint64_t *to)
{
	fprintf(out, "%s %d", what, scen);
	for (unsigned int b = 0; b < nbuckets; b++)
		fprintf(out, " %" PRIu64, to[b] - from[b]);
	for (unsigned int e = MAX_BUCKETS; e < MAX_BUCKETS + nentries; e++)
		fprintf(out, " %" PRIu64, to[e] - from[e]);
	fputc('\n', out);
	fflush(out);
}

static void on_mark(unsigned int vcpu, void *udata)
{
	const struct mark *m = udata;
	uint64_t now[2 * MAX_BUCKETS];

	(void)vcpu;
	/* The block's inline add already counted the marker and what follows
	 * it in the block: they belong after this point. */
	memcpy(now, ctr, sizeof(now));
	for (unsigned int b = 0; b < nbuckets; b++)
		now[b] -= m->rest[b];
	/* FLUSH drops the last round: it would end at another place in the
	 * loop than the others, which end at the next BEGIN. */
	if (m->kind == M_BEGIN && round_scen >= 0 && round_done)
		emit("round", round_scen, round0, now);
	if (m->kind == M_BEGIN || m->kind == M_FLUSH)
		round_scen = -1;
	if (m->kind == M_BEGIN) {
		memcpy(win0, now, sizeof(now));
		memcpy(round0, now, sizeof(now));
		win_scen = round_scen = (int)m->scen;
		round_done = false;
	} else if (m->kind == M_END && win_scen == (int)m->scen) {
		emit("win", win_scen, win0, now);
		win_scen = -1;
		round_done = true;
	}
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	uint64_t per[MAX_BUCKETS] = {0};
	unsigned int *bkt = calloc(n ? n : 1, sizeof(*bkt));

	(void)id;
	if (bkt == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		uint64_t va = qemu_plugin_insn_vaddr(insn);

		bkt[i] = bucket_of(va);
		per[bkt[i]]++;
		for (unsigned int e = 0; e < nentry_vas; e++)
			if (entry_va[e] == va)
				qemu_plugin_register_vcpu_insn_exec_inline(
					insn, QEMU_PLUGIN_INLINE_ADD_U64,
					&ctr[MAX_BUCKETS + entry_of[e]], 1);
	}
	for (unsigned int b = 0; b < nbuckets; b++)
		if (per[b])
			qemu_plugin_register_vcpu_tb_exec_inline(
				tb, QEMU_PLUGIN_INLINE_ADD_U64, &ctr[b],
				per[b]);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint32_t op;
		struct mark *m;

		if (qemu_plugin_insn_size(insn) != 4)
			continue;
		memcpy(&op, qemu_plugin_insn_data(insn), 4);
		if ((op & MARK_MASK) != MARK_BASE)
			continue;
		op = (op >> 5) & 0xffff;
		if (op >> 8 != M_BEGIN && op >> 8 != M_END &&
		    op >> 8 != M_FLUSH)
			continue;
		/* One per translation of a marker's block: few, never freed. */
		m = calloc(1, sizeof(*m));
		if (m == NULL)
			abort();
		m->kind = op >> 8;
		m->scen = op & 0xff;
		for (size_t j = i; j < n; j++)
			m->rest[bkt[j]]++;
		qemu_plugin_register_vcpu_insn_exec_cb(
			insn, on_mark, QEMU_PLUGIN_CB_NO_REGS, m);
	}
	free(bkt);
}

static int bucket_index(const char *name)
{
	for (unsigned int b = 0; b < nbuckets; b++)
		if (!strcmp(names[b], name))
			return (int)b;
	if (nbuckets == MAX_BUCKETS - 1 || strlen(name) >= sizeof(names[0]))
		return -1;
	strcpy(names[nbuckets], name);
	return (int)nbuckets++;
}

static int read_ranges(const char *path)
{
	FILE *f = fopen(path, "r");
	char name[64];
	uint64_t s, e;
	int b;

	if (f == NULL)
		return -1;
	while (fscanf(f, "%63s %" SCNx64 " %" SCNx64, name, &s, &e) == 3) {
		if (!strncmp(name, "entry:", 6)) {
			unsigned int k = 0;

			while (k < nentries && strcmp(entry_names[k], name + 6))
				k++;
			if (nentry_vas == MAX_BUCKETS || k == MAX_BUCKETS ||
			    strlen(name + 6) >= sizeof(entry_names[0])) {
				fclose(f);
				return -1;
			}
			if (k == nentries)
				strcpy(entry_names[nentries++], name + 6);
			entry_of[nentry_vas] = k;
			entry_va[nentry_vas++] = s;
			continue;
		}
		b = bucket_index(name);
		if (b < 0 || nranges == MAX_RANGES || e <= s) {
			fclose(f);
			return -1;
		}
		ranges[nranges++] = (struct range){s, e, (unsigned int)b};
	}
	fclose(f);
	strcpy(names[nbuckets++], "other");
	return 0;
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	(void)id;
	(void)p;
	fflush(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	const char *rpath = NULL, *opath = NULL;
	bool smp_ok = false;

	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "ranges=", 7))
			rpath = argv[i] + 7;
		else if (!strncmp(argv[i], "out=", 4))
			opath = argv[i] + 4;
		else if (!strcmp(argv[i], "smp=ok"))
			smp_ok = true;
		else
			return -1;
	}
	if (rpath == NULL || opath == NULL || !info->system_emulation)
		return -1;
	if (info->system.smp_vcpus > 1 && !smp_ok) {
		fprintf(stderr,
			"qemu_e2e: more than one vCPU (smp=ok to force)\n");
		return -1;
	}
	if (read_ranges(rpath) < 0) {
		fprintf(stderr, "qemu_e2e: bad ranges file %s\n", rpath);
		return -1;
	}
	out = fopen(opath, "w");
	if (out == NULL)
		return -1;
	fprintf(out, "buckets");
	for (unsigned int b = 0; b < nbuckets; b++)
		fprintf(out, " %s", names[b]);
	fprintf(out, " entries");
	for (unsigned int e = 0; e < nentries; e++)
		fprintf(out, " %s", entry_names[e]);
	fputc('\n', out);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
