// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SRI drain: k VMs pending among many, drained either by the SPMC's
 * INFO_GET_64 calls until nothing is left or by the mediator's SRI work;
 * instructions (--instr, under callgrind, K-difference as in calls.c) or
 * time per drain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ffn/info_list.h"

/* --- SRI drain ----------------------------------------------------------- */

struct drain_ctx {
	struct bw *w;
	ffn_id_t *ids;
	unsigned k;
};

static void drain_arm(struct drain_ctx *d)
{
	struct ffn_regs r;

	for (unsigned i = 0; i < d->k; i++) {
		bw_set_sp_to_vm(d->w, d->ids[i], &r);
		ffn_spmc_call_sp(&d->w->spmc, BW_SP_MID, 0, 0, &r);
		bw_expect(&r, FFN_OK, "drain set");
	}
	d->w->sri_raised[0] = 0;
}

/* SPMC: INFO_GET_64 until nothing is left; returns the entries read. */
static unsigned drain_spmc(struct drain_ctx *d)
{
	unsigned entries = 0;

	for (;;) {
		struct ffn_regs r;
		struct ffn_info_reader rd;
		struct ffn_info_entry e;

		bw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
		bm_measured_ns(d->w, 0, &r);
		if (ffn_info_reader_init(&rd, &r, true) != FFN_OK)
			break;
		while (ffn_info_reader_next(&rd, &e))
			entries++;
		if (!ffn_info_reader_more(&rd))
			break;
	}
	return entries;
}

static void drain_clear_spmc(struct drain_ctx *d)
{
	for (unsigned i = 0; i < d->k; i++)
		bw_ns_call(d->w, FFN_FID_NOTIFICATION_GET, d->ids[i],
			   FFN_GET_FLAG_SP, 0, 0, "drain get");
}

static void drain_clear_med(struct drain_ctx *d)
{
	for (unsigned i = 0; i < d->k; i++)
		bw_med_call(d->w, d->ids[i], FFN_FID_NOTIFICATION_GET,
			    d->ids[i], GET_ALL, 0, "drain guest get");
}

static double drain_once(struct drain_ctx *d, bool med)
{
	uint64_t t0, t1, v0 = d->w->virqs;
	unsigned got;

	drain_arm(d);
	t0 = bw_tick();
	if (med) {
		bm_measured_work(d->w, 0);
		got = (unsigned)(d->w->virqs - v0);
	} else {
		got = drain_spmc(d);
	}
	t1 = bw_tick();
	if (got != d->k) {
		fprintf(stderr, "ffn-bench: drain of %u listed %u\n", d->k,
			got);
		exit(1);
	}
	if (med)
		drain_clear_med(d);
	else
		drain_clear_spmc(d);
	return ((double)(t1 - t0) - bw_tick_overhead()) * bw_tick_ns();
}

int bench_drain(const struct bw_opts *o)
{
	static const unsigned ks[] = {1, 20, 200, 2000};
	uint32_t n = o->sizes[o->nsizes - 1];
	struct bw *w = bw_new(n, BW_VM_VCPUS);
	FILE *csv = NULL;

	if (!o->instr)
		csv = bw_csv(o, "drain.csv", "layer,k,vms,ns,ns_per_vm");
	for (unsigned ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++) {
		struct drain_ctx d = {.w = w, .k = ks[ki]};

		if (d.k > n)
			break;
		d.ids = malloc(sizeof(*d.ids) * d.k);
		/* Spread over the whole ID range; bind the middle SP. */
		for (unsigned i = 0; i < d.k; i++) {
			d.ids[i] = (ffn_id_t)(1u + (uint64_t)i * n / d.k +
					      n / (2u * d.k));
			bw_ns_call(w, FFN_FID_NOTIFICATION_BIND,
				   ffn_w1_pack(BW_SP_MID, d.ids[i]), 0, BIT, 0,
				   "drain bind");
		}
		for (int med = 0; med < 2; med++) {
			const char *layer = med ? "mediator" : "spmc";
			unsigned rounds =
				o->quick ? 3 : (d.k >= 200 ? 15 : 101);

			drain_once(&d, med); /* warm-up */
			if (o->instr) {
				const unsigned rr[2] = {2, 4};
				char tag[128];

				bw_cg_dump("warmup/drain");
				for (unsigned x = 0; x < 2; x++) {
					for (unsigned i = 0; i < rr[x]; i++)
						drain_once(&d, med);
					snprintf(tag, sizeof(tag),
						 "drain/%s/%u/%u/%u", layer,
						 d.k, n, rr[x]);
					bw_cg_dump(tag);
				}
				continue;
			}
			double *med_runs = malloc(sizeof(double) * o->runs);
			double *s = malloc(sizeof(double) * rounds);
			for (unsigned run = 0; run < o->runs; run++) {
				for (unsigned i = 0; i < rounds; i++)
					s[i] = drain_once(&d, med);
				med_runs[run] = bw_robust_mean(s, rounds);
			}
			double ns = bw_median(med_runs, o->runs);
			fprintf(csv, "%s,%u,%u,%.1f,%.2f\n", layer, d.k, n, ns,
				ns / d.k);
			fprintf(stderr,
				"  drain %-8s k=%-4u N=%u %10.1f ns "
				"(%.1f ns/VM)\n",
				layer, d.k, n, ns, ns / d.k);
			free(s);
			free(med_runs);
		}
		for (unsigned i = 0; i < d.k; i++)
			bw_ns_call(w, FFN_FID_NOTIFICATION_UNBIND,
				   ffn_w1_pack(BW_SP_MID, d.ids[i]), 0, BIT, 0,
				   "drain unbind");
		free(d.ids);
	}
	if (csv)
		fclose(csv);
	bw_free(w);
	return 0;
}
