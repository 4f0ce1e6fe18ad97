// SPDX-License-Identifier: BSD-3-Clause
/*
 * The bring-up of the two engines from a world description (see world.h):
 * the configurations, the storage, the init and the mediator's probe. The
 * hosted world uses it with its own ports, the benchmarks with theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_world.h"
#include "world.h"

void *ffn_hw_zalloc(size_t n)
{
	size_t size = (n + 63u) & ~(size_t)63u;
	void *p;

	if (size == 0)
		size = 64;
	p = aligned_alloc(64, size);
	if (p == NULL) {
		fputs("ffn host: out of memory\n", stderr);
		abort();
	}
	memset(p, 0, size);
	return p;
}

struct ffn_mediator_sp ffn_hw_med_sp(const struct ffn_spmc_sp_desc *d)
{
	struct ffn_mediator_sp p;

	p.id = d->id;
	p.properties = (d->notifications ? FFN_PART_PROP_RECV_NOTIF : 0) |
		       (d->vm_created ? FFN_PART_PROP_VM_CREATED : 0) |
		       (d->vm_destroyed ? FFN_PART_PROP_VM_DESTROYED : 0);
	return p;
}

static void defaults(struct ffn_hw_desc *d)
{
	if (d->vm_capacity == 0)
		d->vm_capacity = 256;
	if (d->vm_max_vcpus == 0)
		d->vm_max_vcpus = FFN_HW_MAX_VM_VCPUS;
	if (d->med_vm_capacity == 0)
		d->med_vm_capacity = d->vm_capacity;
	if (d->sp_capacity == 0)
		d->sp_capacity = FFN_HW_MAX_SPS;
	if (d->policy_capacity == 0)
		d->policy_capacity = 1024;
}

static int init_mediator(struct ffn_hw_engines *e, const struct ffn_hw_desc *d,
			 const struct ffn_mediator_ops *ops, void *ctx)
{
	struct ffn_mediator_sp parts[FFN_HW_MAX_SPS];
	struct ffn_mediator_config mc;
	int rc;

	memset(&mc, 0, sizeof(mc));
	for (unsigned i = 0; i < d->sp_count; i++)
		parts[i] = ffn_hw_med_sp(&d->sps[i]);
	mc.vm_capacity = d->med_vm_capacity;
	mc.sp_capacity = d->sp_capacity;
	mc.policy_capacity = d->policy_capacity;
	mc.cpu_count = d->cpus;
	if (d->med_sp_list) {
		mc.sps = parts;
		mc.sp_count = d->sp_count;
	}
	e->med_size = ffn_mediator_storage_size(&mc);
	if (e->med_size == 0)
		return -2;
	e->med_storage = ffn_hw_zalloc(e->med_size);
	if (ffn_mediator_init(e->med, &mc, ops, ctx, e->med_storage,
			      e->med_size) != 0)
		return -2;
	if (d->no_probe)
		return 0;
	rc = ffn_mediator_probe(e->med, 0);
	for (uint32_t c = 1; rc == 0 && c < d->cpus; c++)
		rc = ffn_mediator_cpu_up(e->med, c);
	return rc;
}

int ffn_hw_engines_init(struct ffn_hw_engines *e, struct ffn_hw_desc *d,
			const struct ffn_spmc_ops *spmc_ops,
			const struct ffn_mediator_ops *med_ops, void *ctx)
{
	struct ffn_spmc_config cfg;

	defaults(d);
	if (d->sp_count > FFN_HW_MAX_SPS)
		return -1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.sps = d->sps;
	cfg.sp_count = d->sp_count;
	cfg.vm_capacity = d->vm_capacity;
	cfg.vm_max_vcpus = d->vm_max_vcpus;
	cfg.cpu_count = d->cpus;
	cfg.vm_id_table = d->vm_id_table;
	ffn_host_spmc_intids(&cfg);
	e->spmc_size = ffn_spmc_storage_size(&cfg);
	if (e->spmc_size == 0)
		return -1;
	e->spmc_storage = ffn_hw_zalloc(e->spmc_size);
	if (ffn_spmc_init(e->spmc, &cfg, spmc_ops, ctx, e->spmc_storage,
			  e->spmc_size) != 0)
		return -1;
	return d->hyp ? init_mediator(e, d, med_ops, ctx) : 0;
}
