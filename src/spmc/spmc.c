// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: initialisation, storage layout, call dispatch, FFA_VERSION
 * and FFA_FEATURES. The notification ABIs live in bitmap.c, notify.c,
 * info.c and run.c.
 */
#include "spmc_internal.h"

/* A bump allocator over the integrator's storage, 8-byte aligned. */
struct carve {
	uint8_t *base;
	size_t used;
	size_t size;
};

static void *carve(struct carve *c, size_t bytes)
{
	size_t at = (c->used + 7u) & ~(size_t)7u;

	c->used = at + bytes;
	if (c->base == NULL || c->used > c->size)
		return NULL;
	return c->base + at;
}

static size_t rep_word_count(uint16_t vcpus)
{
	return ((size_t)vcpus + 63u) / 64u;
}

static bool config_valid(const struct ffn_spmc_config *cfg)
{
	if (cfg == NULL || cfg->cpu_count == 0 ||
	    cfg->vm_capacity > FFN_VM_ID_COUNT ||
	    cfg->vm_max_vcpus > FFN_SPMC_MAX_VCPUS ||
	    (cfg->sp_count > 0 && cfg->sps == NULL) ||
	    cfg->sp_count > FFN_VM_ID_COUNT)
		return false;
	if (cfg->vm_capacity > 0 && cfg->vm_max_vcpus == 0)
		return false;
	for (uint32_t i = 0; i < cfg->sp_count; i++) {
		const struct ffn_spmc_sp_desc *d = &cfg->sps[i];
		if (!ffn_id_is_sp(d->id) || d->vcpu_count == 0 ||
		    d->vcpu_count > FFN_SPMC_MAX_VCPUS)
			return false;
		for (uint32_t j = 0; j < i; j++)
			if (cfg->sps[j].id == d->id)
				return false;
	}
	return true;
}

/*
 * Lay the state out in @c. With c->base == NULL this only measures, so
 * the same code computes the size and fills the storage.
 */
static void layout(struct ffn_spmc *spmc, const struct ffn_spmc_config *cfg,
		   struct carve *c)
{
	uint32_t sp_slots = ffni_idmap_slots_for(cfg->sp_count);
	uint32_t vm_slots =
		cfg->vm_id_table ? 0 : ffni_idmap_slots_for(cfg->vm_capacity);
	/* Distinct VM senders: at most one per (SP, ID). */
	uint32_t vs_slots = ffni_idmap_slots_for(64u * cfg->sp_count);
	size_t vv = cfg->vm_max_vcpus;

	spmc->sps = carve(c, sizeof(*spmc->sps) * cfg->sp_count);
	struct ffn_idmap_slot *sps = carve(c, sizeof(*sps) * sp_slots);
	spmc->vms = carve(c, sizeof(*spmc->vms) * cfg->vm_capacity);
	struct ffn_idmap_slot *vms = carve(c, sizeof(*vms) * vm_slots);
	spmc->vm_table = cfg->vm_id_table
				 ? carve(c, sizeof(ffn_atomic32_t) *
						    (FFN_VM_ID_COUNT / 2u))
				 : NULL;
	spmc->vm_free = carve(c, sizeof(uint32_t) * cfg->vm_capacity);
	spmc->sri_delayed = carve(c, sizeof(ffn_atomic32_t) * cfg->cpu_count);
	spmc->vsend = carve(c, sizeof(*spmc->vsend) * 64u * cfg->sp_count);
	struct ffn_idmap_slot *vs = carve(c, sizeof(*vs) * vs_slots);
	if (c->base != NULL && c->used <= c->size) {
		ffni_idmap_init(&spmc->sp_map, sps, sp_slots);
		if (!cfg->vm_id_table)
			ffni_idmap_init(&spmc->vm_map, vms, vm_slots);
		ffni_idmap_init(&spmc->vsend_map, vs, vs_slots);
	}

	for (uint32_t i = 0; i < cfg->sp_count; i++) {
		uint16_t n = cfg->sps[i].vcpu_count;
		struct ffn_spmc_ep *ep = spmc->sps ? &spmc->sps[i] : NULL;
		struct ffn_bindings *from_vm = carve(c, sizeof(*from_vm));
		void *vcpu = carve(c, sizeof(struct ffn_spmc_pending) * n);
		void *run = carve(c, sizeof(uint32_t) * n);
		void *rep = carve(c, n);
		void *words = carve(c, sizeof(uint64_t) * rep_word_count(n));
		if (ep != NULL && c->used <= c->size) {
			ep->from_vm = from_vm;
			ep->vcpu = vcpu;
			ep->run_cpu = run;
			ep->rep_vcpu = rep;
			ep->rep_words = words;
		}
	}
	for (uint32_t i = 0; i < cfg->vm_capacity; i++) {
		struct ffn_spmc_ep *ep = spmc->vms ? &spmc->vms[i] : NULL;
		void *vcpu = carve(c, sizeof(struct ffn_spmc_pending) * vv);
		void *rep = carve(c, vv);
		void *words = carve(c, sizeof(uint64_t) *
					       rep_word_count((uint16_t)vv));
		if (ep != NULL && c->used <= c->size) {
			ep->from_vm = NULL;
			ep->vcpu = vcpu;
			ep->run_cpu = NULL;
			ep->rep_vcpu = rep;
			ep->rep_words = words;
		}
	}
}

size_t ffn_spmc_storage_size(const struct ffn_spmc_config *cfg)
{
	struct ffn_spmc scratch;
	struct carve c = {NULL, 0, 0};

	if (!config_valid(cfg))
		return 0;
	memset(&scratch, 0, sizeof(scratch));
	layout(&scratch, cfg, &c);
	return c.used;
}

int ffn_spmc_init(struct ffn_spmc *spmc, const struct ffn_spmc_config *cfg,
		  const struct ffn_spmc_ops *ops, void *ops_ctx, void *storage,
		  size_t storage_size)
{
	size_t need = ffn_spmc_storage_size(cfg);
	struct carve c = {storage, 0, storage_size};

	if (need == 0 || ops == NULL || ops->raise_sri == NULL ||
	    ops->pend_npi == NULL)
		return FFN_INVALID_PARAMETERS;
	if (storage == NULL || storage_size < need ||
	    ((uintptr_t)storage & 7u) != 0)
		return FFN_NO_MEMORY;

	memset(spmc, 0, sizeof(*spmc));
	memset(storage, 0, need);
	spmc->cfg = *cfg;
	spmc->cfg.sps = NULL; /* the descriptors are copied into the SPs */
	spmc->ops = ops;
	spmc->ops_ctx = ops_ctx;
	layout(spmc, cfg, &c);

	ffn_spin_init(&spmc->vm_lock);
	ffn_spin_init(&spmc->info_lock);
	ffn_atomic32_store(&spmc->ns_version, FFN_VERSION_IMPL);
	for (uint32_t i = 0; i < cfg->cpu_count; i++)
		ffn_atomic32_store(&spmc->sri_delayed[i], 0);
	for (uint32_t i = 0; spmc->vm_table && i < FFN_VM_ID_COUNT / 2u; i++)
		ffn_atomic32_store(&spmc->vm_table[i], 0);

	for (uint32_t i = 0; i < cfg->sp_count; i++) {
		const struct ffn_spmc_sp_desc *d = &cfg->sps[i];
		struct ffn_spmc_ep *ep = &spmc->sps[i];
		ffn_spin_init(&ep->lock);
		ep->id = d->id;
		ep->vcpu_count = d->vcpu_count;
		ep->in_use = true;
		ep->is_sp = true;
		ep->el0 = d->el0;
		ep->notifications = d->notifications;
		ep->vm_created = d->vm_created;
		ep->vm_destroyed = d->vm_destroyed;
		ffn_atomic32_store(&ep->version, FFN_VERSION_IMPL);
		ffni_idmap_insert(&spmc->sp_map, d->id, i);
	}
	/* Free VM slots are handed out lowest index first. */
	for (uint32_t i = 0; i < cfg->vm_capacity; i++) {
		ffn_spin_init(&spmc->vms[i].lock);
		spmc->vm_free[i] = cfg->vm_capacity - 1u - i;
	}
	spmc->vm_free_count = cfg->vm_capacity;
	return FFN_OK;
}

static void handle_version(struct ffn_spmc *spmc, struct ffn_spmc_ep *self,
			   struct ffn_regs *r)
{
	uint32_t asked = (uint32_t)r->x[1];
	uint32_t agreed;

	ffn_regs_result(r, 0);
	/* FFA_VERSION answers NOT_SUPPORTED in w0 itself, unwrapped. */
	if ((asked & 0x80000000u) != 0 || (asked >> 16) != 1u) {
		r->x[0] = ffn_status_reg(FFN_NOT_SUPPORTED);
		return;
	}
	agreed = asked < FFN_VERSION_IMPL ? asked : FFN_VERSION_IMPL;
	if (self != NULL)
		ffn_atomic32_store(&self->version, agreed);
	else
		ffn_atomic32_store(&spmc->ns_version, agreed);
	r->x[0] = FFN_VERSION_IMPL;
}

/* Whether @fid is implemented for this caller (FFA_FEATURES answers). */
static bool fid_supported(const struct ffn_spmc_caller *c, uint32_t fid)
{
	bool ns = caller_is_ns(c);
	bool v11 = c->version >= FFN_VERSION_1_1;
	bool receives = ns || c->self->notifications;

	switch (fid) {
	case FFN_FID_ERROR:
	case FFN_FID_SUCCESS_32:
	case FFN_FID_VERSION:
	case FFN_FID_FEATURES:
		return true;
	case FFN_FID_RUN:
		return ns;
	case FFN_FID_MSG_SEND_DIRECT_REQ_32:
		/* Only the framework's VM availability messages. */
		return ns && v11;
	case FFN_FID_MSG_WAIT:
		return !ns;
	case FFN_FID_NOTIFICATION_BITMAP_CREATE:
	case FFN_FID_NOTIFICATION_BITMAP_DESTROY:
	case FFN_FID_NOTIFICATION_INFO_GET_32:
	case FFN_FID_NOTIFICATION_INFO_GET_64:
		return ns && v11;
	case FFN_FID_NOTIFICATION_SET:
		return v11;
	case FFN_FID_NOTIFICATION_BIND:
	case FFN_FID_NOTIFICATION_UNBIND:
	case FFN_FID_NOTIFICATION_GET:
		return v11 && receives;
	default:
		return false;
	}
}

static void handle_features(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	const struct ffn_spmc_config *cfg = &c->spmc->cfg;
	uint32_t w1 = (uint32_t)r->x[1];
	uint32_t w2 = (uint32_t)r->x[2];
	bool s_el1 = !caller_is_ns(c) && !c->self->el0;
	bool v11 = c->version >= FFN_VERSION_1_1;
	int32_t err = FFN_NOT_SUPPORTED;
	uint32_t value = 0;

	if (!ffn_regs_w_zero(r, 3, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	if (w2 != 0) {
		/* No input properties are defined for these queries. */
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	if (w1 & 0x80000000u) {
		if (fid_supported(c, w1))
			err = FFN_OK;
	} else if (v11) {
		switch (w1) {
		case FFN_FEAT_NPI:
			if (s_el1 && c->self->notifications) {
				err = FFN_OK;
				value = cfg->npi_intid;
			}
			break;
		case FFN_FEAT_SRI:
			if (caller_is_ns(c)) {
				err = FFN_OK;
				value = cfg->sri_intid;
			}
			break;
		case FFN_FEAT_MEI:
			if (s_el1) {
				err = FFN_OK;
				value = cfg->mei_intid;
			}
			break;
		case FFN_FEAT_NOTIFICATION:
			/* Per-vCPU notifications are supported for all. */
			err = FFN_OK;
			break;
		default:
			break;
		}
	}
	ffn_regs_status(r, err);
	if (err == FFN_OK)
		r->x[2] = value;
}

static bool is_notification_abi(uint32_t fid)
{
	return fid >= FFN_FID_NOTIFICATION_BITMAP_CREATE &&
	       fid <= FFN_FID_NOTIFICATION_INFO_GET_32;
}

static void dispatch(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];

	if ((is_notification_abi(fid) ||
	     fid == FFN_FID_NOTIFICATION_INFO_GET_64) &&
	    c->version < FFN_VERSION_1_1) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	switch (fid) {
	case FFN_FID_VERSION:
		handle_version(c->spmc, c->self, r);
		break;
	case FFN_FID_FEATURES:
		handle_features(c, r);
		break;
	case FFN_FID_NOTIFICATION_BITMAP_CREATE:
		ffni_spmc_bitmap_create(c, r);
		break;
	case FFN_FID_NOTIFICATION_BITMAP_DESTROY:
		ffni_spmc_bitmap_destroy(c, r);
		break;
	case FFN_FID_NOTIFICATION_BIND:
		ffni_spmc_bind(c, r);
		break;
	case FFN_FID_NOTIFICATION_UNBIND:
		ffni_spmc_unbind(c, r);
		break;
	case FFN_FID_NOTIFICATION_SET:
		ffni_spmc_set(c, r);
		break;
	case FFN_FID_NOTIFICATION_GET:
		ffni_spmc_get(c, r);
		break;
	case FFN_FID_NOTIFICATION_INFO_GET_32:
		ffni_spmc_info_get(c, r, false);
		break;
	case FFN_FID_NOTIFICATION_INFO_GET_64:
		ffni_spmc_info_get(c, r, true);
		break;
	case FFN_FID_RUN:
		ffni_spmc_run(c, r);
		break;
	case FFN_FID_MSG_WAIT:
		ffni_spmc_msg_wait(c, r);
		break;
	case FFN_FID_MSG_SEND_DIRECT_REQ_32:
		ffni_spmc_direct_req(c, r);
		break;
	default:
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		break;
	}
}

void ffn_spmc_call_ns(struct ffn_spmc *spmc, uint32_t cpu,
		      struct ffn_regs *regs)
{
	struct ffn_spmc_caller c = {
		.spmc = spmc,
		.self = NULL,
		.vcpu = 0,
		.cpu = cpu,
		.version = ffn_atomic32_load(&spmc->ns_version),
	};

	FFN_ASSERT(cpu < spmc->cfg.cpu_count);
	dispatch(&c, regs);
	ffni_spmc_return_to_ns(spmc, cpu);
	ffni_spmc_check(spmc);
}

void ffn_spmc_call_sp(struct ffn_spmc *spmc, ffn_id_t sp, uint16_t vcpu,
		      uint32_t cpu, struct ffn_regs *regs)
{
	struct ffn_spmc_ep *self = ffni_spmc_sp_find(spmc, sp);
	struct ffn_spmc_caller c;

	FFN_ASSERT(self != NULL && vcpu < self->vcpu_count &&
		   cpu < spmc->cfg.cpu_count);
	c.spmc = spmc;
	c.self = self;
	c.vcpu = vcpu;
	c.cpu = cpu;
	c.version = ffn_atomic32_load(&self->version);

	/* Making a call means this vCPU is running on @cpu. */
	ffn_spin_lock(&self->lock);
	self->run_cpu[vcpu] = cpu + 1u;
	ffn_spin_unlock(&self->lock);
	dispatch(&c, regs);
	ffni_spmc_check(spmc);
}

void ffn_spmc_get_stats(struct ffn_spmc *spmc, struct ffn_spmc_stats *out)
{
	memset(out, 0, sizeof(*out));
	ffn_spin_lock(&spmc->vm_lock);
	out->vm_bitmaps = spmc->cfg.vm_capacity - spmc->vm_free_count;
	ffn_spin_unlock(&spmc->vm_lock);
	ffn_spin_lock(&spmc->info_lock);
	for (struct ffn_spmc_ep *ep = spmc->q_head; ep != NULL; ep = ep->q_next)
		out->queued++;
	ffn_spin_unlock(&spmc->info_lock);
	out->bound_ids = ffn_atomic32_load(&spmc->bound_ids);
	out->sri_raised = ffn_stat_read(&spmc->sri_raised);
	out->npi_pended = ffn_stat_read(&spmc->npi_pended);
	out->vm_msgs = ffn_stat_read(&spmc->vm_msgs);
}

static bool word_bit(const uint64_t *words, unsigned bit)
{
	return (words[bit / 64u] >> (bit % 64u)) & 1u;
}

int ffn_spmc_view(struct ffn_spmc *spmc, ffn_id_t receiver, uint16_t vcpu,
		  struct ffn_spmc_view *out)
{
	struct ffn_spmc_ep *ep = ffni_spmc_lock_receiver(spmc, receiver);

	memset(out, 0, sizeof(*out));
	if (ep == NULL)
		return FFN_INVALID_PARAMETERS;
	if (vcpu >= ep->vcpu_count) {
		ffn_spin_unlock(&ep->lock);
		return FFN_INVALID_PARAMETERS;
	}
	out->global = ep->global;
	out->vcpu = ep->vcpu[vcpu];
	out->framework = ep->framework;
	out->bound_sp = ep->from_sp.bound;
	out->per_vcpu_sp = ep->from_sp.per_vcpu;
	if (ep->from_vm != NULL) {
		out->bound_vm = ep->from_vm->bound;
		out->per_vcpu_vm = ep->from_vm->per_vcpu;
	}
	out->vcpu_count = ep->vcpu_count;
	out->running = ep->run_cpu != NULL && ep->run_cpu[vcpu] != 0;
	ffn_spin_lock(&spmc->info_lock);
	out->unlisted_global = ep->rep_global != 0;
	out->unlisted_vcpu = word_bit(ep->rep_words, vcpu);
	out->queued = ffn_atomic32_load(&ep->queued) != 0;
	ffn_spin_unlock(&spmc->info_lock);
	ffn_spin_unlock(&ep->lock);
	return FFN_OK;
}
