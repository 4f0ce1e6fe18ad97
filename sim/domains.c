// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform's domains: vCPU threads started and stopped, VM
 * creation and teardown through the mediator (see sim.h, sim_internal.h,
 * docs/platform.md).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_internal.h"

/* ---- domains -------------------------------------------------------- */

void sim_vcpu_init(struct ffn_sim *s, struct sim_dom *d, uint16_t i)
{
	struct sim_vcpu *v = &d->vcpu[i];
	char name[40];

	v->sim = s;
	v->dom = d;
	v->idx = i;
	v->home_cpu = i % s->cfg.cpus;
	v->cur_cpu = v->home_cpu;
	v->key = KEY_VCPU(d->index, i);
	pthread_mutex_init(&v->mu, NULL);
	sim_cond_init_mono(&v->cv);
	snprintf(name, sizeof(name), "%s.%u (cpu %u)", d->name, i, v->home_cpu);
	sim_trace_name(s, PID_DOM(d->index), v->key, name);
	snprintf(name, sizeof(name), "from %s.%u", d->name, i);
	sim_trace_name(s, d->is_sp ? PID_SPMC : PID_MED, v->key, name);
	if (!d->is_sp)
		sim_trace_name(s, PID_SPMC, v->key, name);
}

static int vcpu_start(struct sim_vcpu *v)
{
	pthread_mutex_lock(&v->mu);
	if (v->started) {
		pthread_mutex_unlock(&v->mu);
		return 0;
	}
	v->stop = false;
	v->gone = false;
	v->started = true;
	pthread_mutex_unlock(&v->mu);
	return pthread_create(&v->th, NULL, sim_vcpu_main, v) == 0 ? 0 : -1;
}

/* Stop @v's thread; @gone when its domain is being destroyed. */
static void vcpu_stop(struct sim_vcpu *v, bool gone)
{
	pthread_mutex_lock(&v->mu);
	if (gone)
		v->gone = true;
	if (!v->started) {
		if (gone) {
			/* Offline, then destroyed: drop what was kept. */
			for (uint32_t b = v->virq; b != 0; b &= b - 1u)
				if (!v->dom->is_sp)
					sim_busy_dec(v->sim);
			v->virq = 0;
		}
		pthread_mutex_unlock(&v->mu);
		return;
	}
	v->stop = true;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
	pthread_join(v->th, NULL);
	pthread_mutex_lock(&v->mu);
	v->started = false;
	pthread_mutex_unlock(&v->mu);
}

/* Create @d's mediator context and probe its driver. 0 or an FF-A error. */
int sim_vm_create(struct ffn_sim *s, struct sim_dom *d)
{
	struct ffn_ep_config ec = {.id = d->d.id,
				   .vcpu_count = d->d.vcpus,
				   .role = FFN_EP_ROLE_VM};
	struct ffn_hw_vm *hv;
	int rc;

	rc = ffn_hw_vms_create(&s->w.vms, d->d.id, d->d.vcpus, d, &hv);
	if (rc != FFN_OK)
		return rc < 0 ? rc : FFN_INVALID_PARAMETERS;
	pthread_mutex_lock(&s->dom_mu);
	d->vm = hv;
	pthread_mutex_unlock(&s->dom_mu);
	rc = ffn_ep_init(&d->ep, &ec, &sim_vm_ep_ops, d);
	if (rc == FFN_OK)
		rc = ffn_ep_probe(&d->ep);
	return rc;
}

/* Tear @d down (threads already stopped): the mediator destroys it, the
 * table frees the context when nothing holds it. */
void sim_vm_destroy(struct ffn_sim *s, struct sim_dom *d)
{
	struct ffn_hw_vm *hv;

	pthread_mutex_lock(&s->dom_mu);
	hv = d->vm;
	pthread_mutex_unlock(&s->dom_mu);
	(void)ffn_hw_vms_destroy(&s->w.vms, hv);
	pthread_mutex_lock(&s->dom_mu);
	d->vm = NULL;
	pthread_mutex_unlock(&s->dom_mu);
}

void sim_dom_stop(struct sim_dom *d)
{
	for (uint16_t i = 0; i < d->d.vcpus; i++)
		vcpu_stop(&d->vcpu[i], true);
}

/* A VM vCPU goes offline: its thread stops, its interrupts stay pending
 * and the mediator holds new NPIs for it (vcpu_online answers false). */
void sim_vcpu_offline(struct sim_vcpu *v)
{
	atomic_fetch_add(&v->sim->offlines, 1);
	vcpu_stop(v, false);
}

/* ... and comes back: the thread runs, then the mediator injects what it
 * held (the host marks it online first, as ffn_mediator_vcpu_online
 * requires). */
int sim_vcpu_online(struct sim_vcpu *v)
{
	struct ffn_sim *s = v->sim;
	struct ffn_med_vm *vm;

	if (vcpu_start(v) != 0)
		return -1;
	pthread_mutex_lock(&s->dom_mu);
	vm = v->dom->vm != NULL ? v->dom->vm->med : NULL;
	pthread_mutex_unlock(&s->dom_mu);
	if (vm != NULL)
		ffn_mediator_vcpu_online(&s->w.med, vm, v->idx);
	return 0;
}

int sim_dom_start(struct sim_dom *d)
{
	for (uint16_t i = 0; i < d->d.vcpus; i++)
		if ((d->is_sp || d->is_ns ? vcpu_start(&d->vcpu[i])
					  : sim_vcpu_online(&d->vcpu[i])) != 0)
			return -1;
	return 0;
}
