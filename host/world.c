// SPDX-License-Identifier: BSD-3-Clause
/* The hosted world (see world.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_world.h"
#include "world.h"

/* ---- the event queue ---- */

/* Under w->lock. */
static void push_locked(struct ffn_hw *w, const struct ffn_hw_ev *ev)
{
	if (w->q_tail == w->q_cap) {
		w->q_cap = w->q_cap ? 2 * w->q_cap : 64;
		w->q = realloc(w->q, sizeof(*w->q) * w->q_cap);
		if (w->q == NULL) {
			fputs("ffn host: out of memory\n", stderr);
			abort();
		}
	}
	w->q[w->q_tail++] = *ev;
}

static void push(struct ffn_hw *w, const struct ffn_hw_ev *ev)
{
	pthread_mutex_lock(&w->lock);
	push_locked(w, ev);
	pthread_mutex_unlock(&w->lock);
}

/* The next event, in *@ev. Return: false when the queue is empty. */
static bool pop(struct ffn_hw *w, struct ffn_hw_ev *ev)
{
	bool any;

	pthread_mutex_lock(&w->lock);
	any = w->q_head < w->q_tail;
	if (any)
		*ev = w->q[w->q_head++];
	if (w->q_head == w->q_tail)
		w->q_head = w->q_tail = 0;
	pthread_mutex_unlock(&w->lock);
	return any;
}

/* Queued for delivery; with a backend, delivered (observed) now. */
static void push_irq(struct ffn_hw *w, enum ffn_hw_target to, ffn_id_t id,
		     uint32_t vcpu, uint32_t intid)
{
	struct ffn_hw_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = FFN_HW_EV_IRQ;
	ev.irq.to = to;
	ev.irq.id = id;
	ev.irq.vcpu = vcpu;
	ev.irq.intid = intid;
	if (w->be.ctx == NULL) {
		push(w, &ev);
		return;
	}
	if (!w->muted && w->obs.irq != NULL)
		w->obs.irq(w->obs.ctx, &ev.irq);
}

void ffn_hw_raise_sri(struct ffn_hw *w, uint32_t cpu)
{
	struct ffn_hw_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = FFN_HW_EV_SRI;
	ev.cpu = cpu;
	if (w->be.sri == NULL) {
		push(w, &ev);
		return;
	}
	push_irq(w, FFN_HW_TO_CPU, 0, cpu, FFN_HOST_SRI_INTID);
	w->be.sri(w->be.ctx, cpu);
}

/* ---- the SPMC's port ---- */

static void spmc_raise_sri(void *ctx, uint32_t cpu)
{
	ffn_hw_raise_sri(ctx, cpu);
}

static int sp_index(const struct ffn_hw *w, ffn_id_t id)
{
	for (unsigned i = 0; i < w->desc.sp_count; i++)
		if (w->sps[i].id == id)
			return (int)i;
	return -1;
}

/* Pending in the SP vCPU's interrupt state until a run takes it. */
static void spmc_pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	struct ffn_hw *w = ctx;
	int i = sp_index(w, sp);

	pthread_mutex_lock(&w->lock);
	if (i >= 0 && vcpu < 64)
		w->npi_pending[i] |= 1ull << vcpu;
	pthread_mutex_unlock(&w->lock);
	push_irq(w, FFN_HW_TO_SP, sp, vcpu, FFN_HOST_NPI_INTID);
}

static void observe_call(struct ffn_hw *w, struct ffn_hw_call *c,
			 enum ffn_hw_phase phase)
{
	if (!w->muted && w->obs.call != NULL)
		w->obs.call(w->obs.ctx, c, phase);
}

/*
 * The FFA_RUN/FFA_MSG_WAIT hand-off: the SPMC answering FFA_MSG_WAIT to
 * an FFA_RUN means the SP vCPU now runs on @cpu; it takes its pending NPI
 * and runs until its own FFA_MSG_WAIT gives the CPU back.
 */
static void hand_off(struct ffn_hw *w, struct ffn_hw_call *c)
{
	const struct ffn_regs *in = c->in;
	ffn_id_t sp = (ffn_id_t)((uint32_t)in->x[1] >> 16);
	uint16_t vcpu = (uint16_t)in->x[1];
	uint32_t cpu = c->cpu;
	bool npi = false;
	int i;

	if ((uint32_t)in->x[0] != FFN_FID_RUN ||
	    (uint32_t)c->out->x[0] != FFN_FID_MSG_WAIT)
		return;
	observe_call(w, c, FFN_HW_HANDOFF);
	if (w->obs.run == NULL && w->be.run == NULL)
		return;
	i = sp_index(w, sp);
	pthread_mutex_lock(&w->lock);
	if (i >= 0 && vcpu < 64) {
		npi = (w->npi_pending[i] >> vcpu) & 1u;
		w->npi_pending[i] &= ~(1ull << vcpu);
	}
	pthread_mutex_unlock(&w->lock);
	if (w->be.run == NULL) {
		w->obs.run(w->obs.ctx, sp, vcpu, cpu, npi);
	} else if (!w->be.run(w->be.ctx, sp, vcpu, cpu, npi) && npi) {
		/* Nobody ran: the NPI waits for the next run. */
		pthread_mutex_lock(&w->lock);
		w->npi_pending[i] |= 1ull << vcpu;
		pthread_mutex_unlock(&w->lock);
	}
}

/*
 * An SMC that reaches the SPMC from the normal world (@c->from NS or
 * MED), with the FFA_RUN hand-off and, with a backend, its claim.
 */
static void spmc_smc(struct ffn_hw *w, struct ffn_hw_call *c,
		     struct ffn_regs *r)
{
	ffn_id_t sp = (ffn_id_t)((uint32_t)c->in->x[1] >> 16);
	uint16_t vcpu = (uint16_t)c->in->x[1];
	bool claimed = (uint32_t)c->in->x[0] == FFN_FID_RUN &&
		       w->be.claim != NULL && w->be.claim(w->be.ctx, sp, vcpu);

	observe_call(w, c, FFN_HW_ENTER);
	if (c->from != FFN_HW_FROM_MED || w->faults.smc == NULL ||
	    !w->faults.smc(w->faults.ctx, c->cpu, r))
		ffn_spmc_call_ns(&w->spmc, c->cpu, r);
	if (c->from == FFN_HW_FROM_MED && !w->muted && w->obs.smc != NULL)
		w->obs.smc(w->obs.ctx, c->cpu, c->in, r);
	if (claimed || w->be.claim == NULL)
		hand_off(w, c);
	observe_call(w, c, FFN_HW_RETURN);
	if (claimed)
		w->be.release(w->be.ctx, sp, vcpu);
}

static const struct ffn_spmc_ops spmc_ops = {
	.raise_sri = spmc_raise_sri,
	.pend_npi = spmc_pend_npi,
};

/* ---- the mediator's port ---- */

static void med_smc(void *ctx, uint32_t cpu, struct ffn_regs *r)
{
	struct ffn_hw_call c = {.from = FFN_HW_FROM_MED, .cpu = cpu};

	ffn_hw_call(ctx, &c, r);
}

static void med_inject_virq(void *ctx, struct ffn_med_vm *mvm, uint16_t vcpu,
			    uint32_t intid)
{
	struct ffn_hw *w = ctx;
	struct ffn_hw_vm *v = ffn_med_vm_host(mvm);

	if (w->be.inject != NULL &&
	    (!atomic_load(&v->alive) || vcpu >= v->vcpus)) {
		atomic_fetch_add(&w->stale_inject, 1);
		return;
	}
	if (!w->muted && w->obs.inject != NULL)
		w->obs.inject(w->obs.ctx, v, vcpu, intid);
	push_irq(w, FFN_HW_TO_VM, v->id, vcpu, intid);
	if (w->be.inject != NULL)
		w->be.inject(w->be.ctx, v, vcpu, intid);
}

static bool med_vcpu_online(void *ctx, struct ffn_med_vm *mvm, uint16_t vcpu)
{
	struct ffn_hw *w = ctx;
	struct ffn_hw_vm *v = ffn_med_vm_host(mvm);
	bool online;

	if (w->be.online != NULL)
		return w->be.online(w->be.ctx, v, vcpu);
	if (vcpu >= v->vcpus)
		return false;
	online = v->online[vcpu];
	if (!online && w->faults.race_vm == v->id &&
	    w->faults.race_vcpu == vcpu) {
		w->faults.race_vm = 0;
		v->online[vcpu] = true;
		ffn_mediator_vcpu_online(&w->med, mvm, vcpu);
	}
	return online;
}

static struct ffn_med_vm *med_vm_get(void *ctx, ffn_id_t id)
{
	struct ffn_hw *w = ctx;

	return ffn_hw_vms_get(&w->vms, id);
}

static void med_vm_put(void *ctx, struct ffn_med_vm *mvm)
{
	struct ffn_hw *w = ctx;

	ffn_hw_vms_put(&w->vms, mvm);
}

static void med_schedule_work(void *ctx)
{
	struct ffn_hw *w = ctx;
	struct ffn_hw_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = FFN_HW_EV_WORK;
	ev.cpu = w->be.this_cpu != NULL ? w->be.this_cpu(w->be.ctx)
					: atomic_load(&w->cur_cpu);
	if (!w->muted && w->obs.work_queued != NULL)
		w->obs.work_queued(w->obs.ctx, ev.cpu);
	if (w->be.work != NULL) {
		w->be.work(w->be.ctx, ev.cpu);
		return;
	}
	pthread_mutex_lock(&w->lock);
	/* A tasklet already scheduled on this CPU runs once. */
	if (!w->work_queued[ev.cpu]) {
		w->work_queued[ev.cpu] = true;
		push_locked(w, &ev);
	}
	pthread_mutex_unlock(&w->lock);
}

static int med_register_sri(void *ctx, uint32_t cpu, uint32_t intid)
{
	struct ffn_hw *w = ctx;

	if (cpu >= w->desc.cpus || intid != FFN_HOST_SRI_INTID)
		return FFN_INVALID_PARAMETERS;
	if ((int)cpu == w->faults.register_fail_cpu)
		return w->faults.register_err;
	w->sri_registered[cpu] = true;
	return 0;
}

static const struct ffn_mediator_ops med_ops = {
	.smc = med_smc,
	.inject_virq = med_inject_virq,
	.vcpu_online = med_vcpu_online,
	.vm_get = med_vm_get,
	.vm_put = med_vm_put,
	.schedule_work = med_schedule_work,
	.register_sri = med_register_sri,
};

/* ---- building the world ---- */

int ffn_hw_init(struct ffn_hw *w, const struct ffn_hw_desc *d)
{
	struct ffn_hw_engines e = {.spmc = &w->spmc, .med = &w->med};
	int rc;

	pthread_mutex_init(&w->lock, NULL);
	if (d->sp_count > FFN_HW_MAX_SPS)
		return -1;
	w->desc = *d;
	memcpy(w->sps, d->sps, sizeof(*d->sps) * d->sp_count);
	w->desc.sps = w->sps;
	if (w->faults.register_fail_cpu == 0 && w->faults.register_err == 0)
		w->faults.register_fail_cpu = -1;
	w->sri_registered = ffn_hw_zalloc(sizeof(bool) * d->cpus);
	w->work_queued = ffn_hw_zalloc(sizeof(bool) * d->cpus);
	ffn_hw_vms_init(&w->vms, &w->med);
	w->vms.free_at_put = d->free_at_put;
	/* Boot: the probe's SMCs are not shown unless asked for. */
	w->muted = !d->observe_boot;
	rc = ffn_hw_engines_init(&e, &w->desc, &spmc_ops, &med_ops, w);
	w->muted = false;
	w->spmc_storage = e.spmc_storage;
	w->med_storage = e.med_storage;
	return rc;
}

void ffn_hw_fini(struct ffn_hw *w)
{
	if (w->vms.by_id != NULL)
		ffn_hw_vms_fini(&w->vms);
	free(w->spmc_storage);
	free(w->med_storage);
	free(w->sri_registered);
	free(w->work_queued);
	free(w->q);
	pthread_mutex_destroy(&w->lock);
	memset(w, 0, sizeof(*w));
}

/* ---- VMs ---- */

struct ffn_hw_vm *ffn_hw_vm(struct ffn_hw *w, ffn_id_t id)
{
	return ffn_hw_vms_find(&w->vms, id);
}

int ffn_hw_vm_create(struct ffn_hw *w, ffn_id_t id, uint16_t vcpus,
		     struct ffn_hw_vm **out)
{
	return ffn_hw_vms_create(&w->vms, id, vcpus, NULL, out);
}

int ffn_hw_vm_destroy(struct ffn_hw *w, struct ffn_hw_vm *vm)
{
	return ffn_hw_vms_destroy(&w->vms, vm);
}

void ffn_hw_vcpu_set(struct ffn_hw *w, struct ffn_hw_vm *vm, uint16_t vcpu,
		     bool online)
{
	vm->online[vcpu] = online;
	if (online)
		ffn_mediator_vcpu_online(&w->med, vm->med, vcpu);
}

unsigned ffn_hw_vm_count(struct ffn_hw *w)
{
	return ffn_hw_vms_count(&w->vms);
}

const struct ffn_spmc_sp_desc *ffn_hw_sp(const struct ffn_hw *w, ffn_id_t id)
{
	int i = sp_index(w, id);

	return i < 0 ? NULL : &w->sps[i];
}

/* ---- calls ---- */

void ffn_hw_regs(struct ffn_regs *r, uint32_t fid, uint64_t w1, uint64_t w2,
		 uint64_t w3, uint64_t w4)
{
	ffn_regs_init(r, fid);
	r->x[1] = w1;
	r->x[2] = w2;
	r->x[3] = w3;
	r->x[4] = w4;
}

void ffn_hw_call(struct ffn_hw *w, struct ffn_hw_call *c, struct ffn_regs *r)
{
	struct ffn_regs in = *r;

	c->in = &in;
	c->out = r;
	switch (c->from) {
	case FFN_HW_FROM_VM:
		observe_call(w, c, FFN_HW_ENTER);
		ffn_mediator_call(&w->med, c->vm != NULL ? c->vm->med : NULL,
				  c->vcpu, c->cpu, r);
		observe_call(w, c, FFN_HW_RETURN);
		break;
	case FFN_HW_FROM_SP:
		observe_call(w, c, FFN_HW_ENTER);
		ffn_spmc_call_sp(&w->spmc, c->id, c->vcpu, c->cpu, r);
		observe_call(w, c, FFN_HW_RETURN);
		break;
	case FFN_HW_FROM_NS:
	case FFN_HW_FROM_MED:
		spmc_smc(w, c, r);
		break;
	}
}

void ffn_hw_call_vm(struct ffn_hw *w, struct ffn_hw_vm *vm, uint16_t vcpu,
		    struct ffn_regs *r)
{
	struct ffn_hw_call c = {.from = FFN_HW_FROM_VM,
				.vm = vm,
				.ep = vm->host,
				.id = vm->id,
				.vcpu = vcpu,
				.cpu = vcpu % w->desc.cpus};

	ffn_hw_call(w, &c, r);
}

void ffn_hw_call_sp(struct ffn_hw *w, ffn_id_t sp, uint16_t vcpu,
		    struct ffn_regs *r)
{
	struct ffn_hw_call c = {.from = FFN_HW_FROM_SP,
				.id = sp,
				.vcpu = vcpu,
				.cpu = vcpu % w->desc.cpus};

	ffn_hw_call(w, &c, r);
}

void ffn_hw_call_ns(struct ffn_hw *w, uint32_t cpu, struct ffn_regs *r)
{
	struct ffn_hw_call c = {.from = FFN_HW_FROM_NS, .cpu = cpu};

	ffn_hw_call(w, &c, r);
}

void ffn_hw_sp_msg_wait(struct ffn_hw *w, ffn_id_t sp, uint16_t vcpu,
			struct ffn_regs *r)
{
	ffn_regs_init(r, FFN_FID_MSG_WAIT);
	ffn_hw_call_sp(w, sp, vcpu, r);
}

/* ---- running until nothing is left to do ---- */

void ffn_hw_sri_irq(struct ffn_hw *w, uint32_t cpu)
{
	atomic_store(&w->cur_cpu, cpu);
	ffn_mediator_sri_irq(&w->med, cpu);
}

bool ffn_hw_npi_pending(struct ffn_hw *w, ffn_id_t sp, uint16_t vcpu)
{
	int i = sp_index(w, sp);
	bool pending;

	if (i < 0 || vcpu >= 64)
		return false;
	pthread_mutex_lock(&w->lock);
	pending = (w->npi_pending[i] >> vcpu) & 1u;
	pthread_mutex_unlock(&w->lock);
	return pending;
}

unsigned ffn_hw_work_queued(struct ffn_hw *w)
{
	unsigned n = 0;

	pthread_mutex_lock(&w->lock);
	for (uint32_t c = 0; c < w->desc.cpus; c++)
		n += w->work_queued[c];
	pthread_mutex_unlock(&w->lock);
	return n;
}

static void tell_irq(struct ffn_hw *w, const struct ffn_hw_irq *irq)
{
	if (w->obs.irq != NULL)
		w->obs.irq(w->obs.ctx, irq);
}

static void run_event(struct ffn_hw *w, const struct ffn_hw_ev *ev)
{
	switch (ev->kind) {
	case FFN_HW_EV_SRI: {
		struct ffn_hw_irq irq;

		memset(&irq, 0, sizeof(irq));
		irq.to = FFN_HW_TO_CPU;
		irq.vcpu = ev->cpu;
		irq.intid = FFN_HOST_SRI_INTID;
		/* No handler on that CPU: the SRI is lost. */
		irq.unhandled = w->desc.hyp && !w->sri_registered[ev->cpu];
		tell_irq(w, &irq);
		if (w->desc.hyp && !irq.unhandled)
			ffn_hw_sri_irq(w, ev->cpu);
		break;
	}
	case FFN_HW_EV_WORK:
		pthread_mutex_lock(&w->lock);
		w->work_queued[ev->cpu] = false;
		pthread_mutex_unlock(&w->lock);
		atomic_store(&w->cur_cpu, ev->cpu);
		if (w->obs.work != NULL)
			w->obs.work(w->obs.ctx, ev->cpu);
		ffn_mediator_sri_work(&w->med, ev->cpu);
		break;
	case FFN_HW_EV_IRQ:
		tell_irq(w, &ev->irq);
		break;
	}
}

int ffn_hw_settle(struct ffn_hw *w, unsigned limit)
{
	struct ffn_hw_ev ev;
	int steps = 0;

	while (pop(w, &ev)) {
		if (limit != 0 && (unsigned)steps == limit)
			return -1;
		steps++;
		run_event(w, &ev);
	}
	if (w->desc.hyp)
		ffn_hw_vms_reap(&w->vms);
	return steps;
}
