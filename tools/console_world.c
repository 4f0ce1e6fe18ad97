// SPDX-License-Identifier: BSD-3-Clause
/*
 * The console's world: one SPMC engine, with `hypervisor on` one mediator
 * in front of it, and a single-threaded event loop standing in for the
 * hardware. Everything is deterministic: after each statement the loop
 * runs until nothing is left to do, in FIFO order.
 *
 * Events: a physical SRI on a CPU (printed; with the hypervisor on it is
 * taken by the mediator's handler, which schedules the deferred work),
 * the deferred work on a CPU (ffn_mediator_sri_work), and the delivery of
 * an interrupt to an endpoint (printed, recorded for `expect irq`).
 * Endpoints never react to interrupts: only statements make them act.
 *
 * The world is built ("sealed") by the first statement that needs it;
 * cpus, hypervisor and sp must come before that.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "ffn/mediator.h"
#include "ffn/spmc.h"
#include "host_world.h"

#define CON_MAX_SPS 64
#define CON_VM_CAPACITY 256
#define CON_VM_MAX_VCPUS 64
#define CON_POLICY_CAPACITY 1024
/* A world that has not settled after this many events is broken. */
#define CON_EVENT_LIMIT 100000u

struct con_vm {
	ffn_id_t id;
	uint16_t vcpus;
	bool *online;
	struct ffn_med_vm *mvm; /* at the start of storage */
	void *storage;
	bool dying;
	unsigned refs;
	struct con_vm *next;
};

enum con_ev_kind {
	CON_EV_PHYS_SRI,
	CON_EV_WORK,
	CON_EV_DELIVER,
};

struct con_ev {
	enum con_ev_kind kind;
	uint32_t cpu;
	struct con_irq irq;
};

struct con_world {
	FILE *out;
	uint32_t cpus;
	bool hyp;
	bool sealed;
	struct ffn_spmc_sp_desc sps[CON_MAX_SPS];
	unsigned nsps;

	struct ffn_spmc spmc;
	void *spmc_storage;
	struct ffn_mediator med;
	void *med_storage;
	bool *sri_registered; /* [cpus] */
	bool *work_queued;    /* [cpus] */
	uint32_t cur_cpu;     /* the CPU whose interrupt is being handled */
	bool quiet;	      /* no trace lines (the boot probe) */

	struct con_vm *by_id[FFN_VM_ID_COUNT]; /* live VMs */
	struct con_vm *vms;		       /* every VM not yet freed */

	struct con_ev *q;
	unsigned q_head, q_tail, q_cap;

	struct ffn_regs last;
	struct con_irq *irqs;
	unsigned nirqs, irq_cap;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		fputs("ffa-notify: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL) {
		fputs("ffa-notify: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* ---- the event queue ---- */

static void push(struct con_world *w, const struct con_ev *ev)
{
	if (w->q_tail == w->q_cap) {
		w->q_cap = w->q_cap ? 2 * w->q_cap : 64;
		w->q = xrealloc(w->q, sizeof(*w->q) * w->q_cap);
	}
	w->q[w->q_tail++] = *ev;
}

static void push_irq(struct con_world *w, enum con_irq_kind kind,
		     uint32_t intid, enum con_ep_kind ep, uint16_t id,
		     uint32_t vcpu)
{
	struct con_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = CON_EV_DELIVER;
	ev.irq.kind = kind;
	ev.irq.intid = intid;
	ev.irq.target.kind = ep;
	ev.irq.target.id = id;
	ev.irq.target.vcpu = vcpu;
	ev.irq.target.has_vcpu = true;
	push(w, &ev);
}

/* Print and record an interrupt that reached its target. */
static void deliver(struct con_world *w, const struct con_irq *irq,
		    const char *note)
{
	char buf[96];

	con_format_irq(buf, sizeof(buf), irq);
	fprintf(w->out, "  %s%s\n", buf, note);
	if (w->nirqs == w->irq_cap) {
		w->irq_cap = w->irq_cap ? 2 * w->irq_cap : 16;
		w->irqs = xrealloc(w->irqs, sizeof(*w->irqs) * w->irq_cap);
	}
	w->irqs[w->nirqs++] = *irq;
}

static struct con_vm *vm_by_med(struct con_world *w, struct ffn_med_vm *mvm)
{
	(void)w;
	return ffn_med_vm_host(mvm);
}

/* ---- the SPMC's port ---- */

static void spmc_raise_sri(void *ctx, uint32_t cpu)
{
	struct con_world *w = ctx;
	struct con_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = CON_EV_PHYS_SRI;
	ev.cpu = cpu;
	push(w, &ev);
}

static void spmc_pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	push_irq(ctx, CON_IRQ_NPI, 0, CON_EP_SP, sp, vcpu);
}

static const struct ffn_spmc_ops spmc_ops = {
	.raise_sri = spmc_raise_sri,
	.pend_npi = spmc_pend_npi,
};

/* ---- the mediator's host port ---- */

static void med_smc(void *ctx, uint32_t cpu, struct ffn_regs *regs)
{
	struct con_world *w = ctx;
	char args[256], res[256];

	uint32_t fid = (uint32_t)regs->x[0], w2 = (uint32_t)regs->x[2];
	uint32_t sp = (uint16_t)regs->x[1], vm = (uint16_t)regs->x[5];
	int32_t status;

	con_format_args(args, sizeof(args), regs);
	ffn_spmc_call_ns(&w->spmc, cpu, regs);
	if (w->quiet)
		return;
	con_format_result_short(res, sizeof(res), regs);
	fprintf(w->out, "  hyp %s -> %s\n", args, res);
	if (fid != FFN_FID_MSG_SEND_DIRECT_REQ_32 ||
	    !(w2 & FFN_MSG_FLAG_FRAMEWORK))
		return;
	/* A VM availability message: say what was sent and the answer. */
	status = (uint32_t)regs->x[0] == FFN_FID_MSG_SEND_DIRECT_RESP_32
			 ? (int32_t)(uint32_t)regs->x[3]
			 : ffn_regs_error_code(regs);
	fprintf(w->out, "  vm-msg %s vm:%u -> sp:0x%04x: %s\n",
		(w2 & FFN_MSG_TYPE_MASK) == FFN_MSG_VM_CREATED ? "VM created"
							       : "VM destroyed",
		vm, sp,
		status == FFN_OK		 ? "ok"
		: ffn_error_name(status) != NULL ? ffn_error_name(status)
						 : "error");
}

static void med_inject_virq(void *ctx, struct ffn_med_vm *mvm, uint16_t vcpu,
			    uint32_t intid)
{
	struct con_world *w = ctx;
	struct con_vm *v = vm_by_med(w, mvm);
	enum con_irq_kind kind = CON_IRQ_OTHER;

	if (v == NULL) {
		fprintf(w->out,
			"  console: virtual interrupt %u into an "
			"unknown VM context\n",
			intid);
		return;
	}
	if (intid == FFN_MED_VIRQ_NPI)
		kind = CON_IRQ_NPI;
	else if (intid == FFN_MED_VIRQ_SRI)
		kind = CON_IRQ_SRI;
	push_irq(w, kind, intid, CON_EP_VM, v->id, vcpu);
}

static bool med_vcpu_online(void *ctx, struct ffn_med_vm *mvm, uint16_t vcpu)
{
	struct con_vm *v = vm_by_med(ctx, mvm);

	return v != NULL && vcpu < v->vcpus && v->online[vcpu];
}

static struct ffn_med_vm *med_vm_get(void *ctx, ffn_id_t id)
{
	struct con_world *w = ctx;
	struct con_vm *v;

	if (ffn_id_is_sp(id))
		return NULL;
	v = w->by_id[id];
	if (v == NULL || v->dying)
		return NULL;
	v->refs++;
	return v->mvm;
}

static void med_vm_put(void *ctx, struct ffn_med_vm *mvm)
{
	struct con_vm *v = vm_by_med(ctx, mvm);

	if (v != NULL && v->refs > 0)
		v->refs--;
}

static void med_schedule_work(void *ctx)
{
	struct con_world *w = ctx;
	struct con_ev ev;

	/* A tasklet already scheduled on this CPU runs once. */
	if (w->work_queued[w->cur_cpu])
		return;
	w->work_queued[w->cur_cpu] = true;
	memset(&ev, 0, sizeof(ev));
	ev.kind = CON_EV_WORK;
	ev.cpu = w->cur_cpu;
	push(w, &ev);
}

static int med_register_sri(void *ctx, uint32_t cpu, uint32_t intid)
{
	struct con_world *w = ctx;

	(void)intid;
	if (cpu >= w->cpus)
		return FFN_INVALID_PARAMETERS;
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

struct con_world *con_world_new(FILE *out)
{
	struct con_world *w = xcalloc(sizeof(*w));

	w->out = out;
	w->cpus = 4;
	w->hyp = true;
	return w;
}

static void free_vm(struct con_vm *v)
{
	free(v->online);
	free(v->storage);
	free(v);
}

void con_world_free(struct con_world *w)
{
	if (w == NULL)
		return;
	while (w->vms != NULL) {
		struct con_vm *v = w->vms;
		w->vms = v->next;
		free_vm(v);
	}
	free(w->spmc_storage);
	free(w->med_storage);
	free(w->sri_registered);
	free(w->work_queued);
	free(w->q);
	free(w->irqs);
	free(w);
}

static int seal(struct con_world *w, char *err)
{
	struct ffn_spmc_config cfg;
	size_t size;
	int rc;

	if (w->sealed)
		return 0;
	/* An MP SP has one vCPU per CPU: its vCPU N runs on CPU N only. */
	for (unsigned i = 0; i < w->nsps; i++)
		if (w->sps[i].vcpu_count > 1 && w->sps[i].vcpu_count != w->cpus)
			return con_fail(err,
					"sp 0x%04x has %u vCPUs: an MP SP has "
					"one per CPU (%u)",
					w->sps[i].id, w->sps[i].vcpu_count,
					w->cpus);
	memset(&cfg, 0, sizeof(cfg));
	cfg.sps = w->sps;
	cfg.sp_count = w->nsps;
	cfg.vm_capacity = CON_VM_CAPACITY;
	cfg.vm_max_vcpus = CON_VM_MAX_VCPUS;
	cfg.cpu_count = w->cpus;
	ffn_host_spmc_intids(&cfg);
	size = ffn_spmc_storage_size(&cfg);
	if (size == 0)
		return con_fail(err, "the SPMC refuses this configuration");
	w->spmc_storage = xcalloc(size);
	rc = ffn_spmc_init(&w->spmc, &cfg, &spmc_ops, w, w->spmc_storage, size);
	if (rc != 0)
		return con_fail(err, "SPMC init failed (%d)", rc);
	w->sri_registered = xcalloc(sizeof(bool) * w->cpus);
	w->work_queued = xcalloc(sizeof(bool) * w->cpus);
	w->sealed = true;

	if (w->hyp) {
		struct ffn_mediator_config mc;
		struct ffn_mediator_sp parts[CON_MAX_SPS];
		/* What FFA_PARTITION_INFO_GET would tell the hypervisor. */
		for (unsigned i = 0; i < w->nsps; i++) {
			const struct ffn_spmc_sp_desc *d = &w->sps[i];
			parts[i].id = d->id;
			parts[i].properties =
				(d->notifications ? FFN_PART_PROP_RECV_NOTIF
						  : 0) |
				(d->vm_created ? FFN_PART_PROP_VM_CREATED : 0) |
				(d->vm_destroyed ? FFN_PART_PROP_VM_DESTROYED
						 : 0);
		}
		memset(&mc, 0, sizeof(mc));
		mc.vm_capacity = CON_VM_CAPACITY;
		mc.sp_capacity = CON_MAX_SPS;
		mc.policy_capacity = CON_POLICY_CAPACITY;
		mc.cpu_count = w->cpus;
		mc.sps = parts;
		mc.sp_count = w->nsps;
		size = ffn_mediator_storage_size(&mc);
		if (size == 0)
			return con_fail(err, "the mediator refuses this "
					     "configuration");
		w->med_storage = xcalloc(size);
		rc = ffn_mediator_init(&w->med, &mc, &med_ops, w,
				       w->med_storage, size);
		if (rc != 0)
			return con_fail(err, "mediator init failed (%d)", rc);
		/* Boot: the probe and the SRI handlers are not traced. */
		w->quiet = true;
		rc = ffn_mediator_probe(&w->med, 0);
		for (uint32_t c = 1; rc == 0 && c < w->cpus; c++)
			rc = ffn_mediator_cpu_up(&w->med, c);
		w->quiet = false;
		if (rc != 0)
			return con_fail(err, "mediator probe failed (%d)", rc);
		if (!ffn_mediator_fw_enabled(&w->med))
			fprintf(w->out, "  hyp: secure notifications are off "
					"(the SPMC probe failed)\n");
	}
	return 0;
}

/* ---- running until nothing is left to do ---- */

static int settle(struct con_world *w, char *err)
{
	unsigned steps = 0;

	while (w->q_head < w->q_tail) {
		struct con_ev ev = w->q[w->q_head++];

		if (++steps > CON_EVENT_LIMIT)
			return con_fail(err,
					"the world did not settle after %u "
					"events",
					CON_EVENT_LIMIT);
		switch (ev.kind) {
		case CON_EV_PHYS_SRI: {
			struct con_irq irq;
			memset(&irq, 0, sizeof(irq));
			irq.kind = CON_IRQ_SRI;
			irq.target.kind = CON_EP_CPU;
			irq.target.vcpu = ev.cpu;
			irq.target.has_vcpu = true;
			if (!w->hyp) {
				deliver(w, &irq, "");
			} else if (!w->sri_registered[ev.cpu]) {
				deliver(w, &irq, " (no handler on this CPU)");
			} else {
				deliver(w, &irq, "");
				w->cur_cpu = ev.cpu;
				ffn_mediator_sri_irq(&w->med, ev.cpu);
			}
			break;
		}
		case CON_EV_WORK:
			w->work_queued[ev.cpu] = false;
			w->cur_cpu = ev.cpu;
			ffn_mediator_sri_work(&w->med, ev.cpu);
			break;
		case CON_EV_DELIVER:
			deliver(w, &ev.irq, "");
			break;
		}
	}
	w->q_head = w->q_tail = 0;

	/* Free destroyed VMs that no deferred work can reach any more. */
	for (struct con_vm **pp = &w->vms; *pp != NULL;) {
		struct con_vm *v = *pp;
		if (v->dying && v->refs == 0 &&
		    ffn_mediator_vm_freeable(&w->med, v->mvm)) {
			*pp = v->next;
			free_vm(v);
		} else {
			pp = &v->next;
		}
	}
	return 0;
}

/* ---- statements ---- */

static void print_status(struct con_world *w, int rc)
{
	ffn_regs_status(&w->last, rc);
	if (rc == 0) {
		fprintf(w->out, "  -> ok\n");
	} else {
		const char *n = ffn_error_name(rc);
		fprintf(w->out, "  -> error %s (%d)\n", n ? n : "?", rc);
	}
}

static struct con_vm *find_vm(struct con_world *w, const struct con_ep *ep,
			      char *err)
{
	struct con_vm *v = w->by_id[ep->id];

	if (v == NULL) {
		con_fail(err, "unknown endpoint vm:%u (no such VM)", ep->id);
		return NULL;
	}
	if (ep->vcpu >= v->vcpus) {
		con_fail(err, "vm:%u has %u vCPU(s): vCPU %u is out of range",
			 ep->id, v->vcpus, ep->vcpu);
		return NULL;
	}
	return v;
}

static int need_hyp(struct con_world *w, const char *what, char *err)
{
	if (!w->hyp)
		return con_fail(err, "%s needs 'hypervisor on'", what);
	return 0;
}

static int exec_setup(struct con_world *w, const struct con_stmt *st, char *err)
{
	if (w->sealed)
		return con_fail(err,
				"'%s' must come before the first call or VM "
				"statement",
				st->text);
	switch (st->kind) {
	case CON_ST_CPUS:
		w->cpus = st->num;
		break;
	case CON_ST_HYPERVISOR:
		w->hyp = st->on;
		break;
	default: { /* CON_ST_SP */
		struct ffn_spmc_sp_desc *d;
		if (w->nsps == CON_MAX_SPS)
			return con_fail(err, "at most %d SPs", CON_MAX_SPS);
		for (unsigned i = 0; i < w->nsps; i++)
			if (w->sps[i].id == st->num)
				return con_fail(err, "sp 0x%04x declared twice",
						st->num);
		if (st->vcpus > FFN_SPMC_MAX_VCPUS)
			return con_fail(err, "an SP has at most %u vCPUs",
					FFN_SPMC_MAX_VCPUS);
		d = &w->sps[w->nsps++];
		d->id = (ffn_id_t)st->num;
		d->vcpu_count = (uint16_t)(st->vcpus ? st->vcpus : 1);
		d->el0 = st->el0;
		d->notifications = !st->no_notifications;
		d->vm_created = st->vm_created;
		d->vm_destroyed = st->vm_destroyed;
		break;
	}
	}
	return 0;
}

static int exec_vm(struct con_world *w, const struct con_stmt *st, char *err)
{
	uint16_t n = (uint16_t)(st->vcpus ? st->vcpus : 1);
	ffn_id_t id = (ffn_id_t)st->num;
	struct con_vm *v;
	size_t size;
	int rc;

	if (need_hyp(w, "vm", err))
		return -1;
	if (n > CON_VM_MAX_VCPUS)
		return con_fail(err, "a VM has at most %u vCPUs here",
				CON_VM_MAX_VCPUS);
	v = xcalloc(sizeof(*v));
	v->id = id;
	v->vcpus = n;
	v->online = xcalloc(sizeof(bool) * n);
	for (unsigned i = 0; i < n; i++)
		v->online[i] = true;
	size = ffn_med_vm_storage_size(n);
	v->storage = xcalloc(size);
	rc = ffn_mediator_vm_create(&w->med, &v->mvm, id, n, v->storage, size,
				    0, v);
	if (rc == 0 && w->by_id[id] != NULL) {
		fprintf(w->out,
			"  console: the mediator accepted a second "
			"live VM %u\n",
			id);
		rc = FFN_INVALID_PARAMETERS;
		v->mvm = NULL;
		free_vm(v);
		print_status(w, rc);
		return con_fail(err, "duplicate VM accepted by the mediator");
	}
	if (rc == 0) {
		v->next = w->vms;
		w->vms = v;
		w->by_id[id] = v;
	} else {
		free_vm(v);
	}
	print_status(w, rc);
	return 0;
}

static int exec_destroy(struct con_world *w, const struct con_stmt *st,
			char *err)
{
	struct con_vm *v;
	int rc;

	if (need_hyp(w, "destroy", err) ||
	    (v = find_vm(w, &st->ep, err)) == NULL)
		return -1;
	fprintf(w->out, "%s\n", st->text);
	/* From here on vm_get no longer finds it. */
	v->dying = true;
	w->by_id[v->id] = NULL;
	rc = ffn_mediator_vm_destroy(&w->med, v->mvm, 0);
	print_status(w, rc);
	return 0;
}

static int exec_vcpu(struct con_world *w, const struct con_stmt *st, char *err)
{
	struct con_vm *v;

	if (need_hyp(w, "vcpu", err) || (v = find_vm(w, &st->ep, err)) == NULL)
		return -1;
	fprintf(w->out, "%s\n", st->text);
	v->online[st->ep.vcpu] = st->on;
	if (st->on)
		ffn_mediator_vcpu_online(&w->med, v->mvm,
					 (uint16_t)st->ep.vcpu);
	ffn_regs_success(&w->last);
	return 0;
}

static int exec_call(struct con_world *w, const struct con_stmt *st, char *err)
{
	struct ffn_regs r;
	uint32_t cpu;

	ffn_regs_init(&r, st->fid);
	for (unsigned i = 0; i < st->nregs; i++)
		r.x[st->regs[i].idx] = st->regs[i].value;

	switch (st->ep.kind) {
	case CON_EP_NS:
		if (w->hyp)
			return con_fail(err, "ns exists only with 'hypervisor "
					     "off' (the normal world is VMs)");
		if (st->ep.vcpu >= w->cpus)
			return con_fail(err, "ns.%u: there are %u CPUs",
					st->ep.vcpu, w->cpus);
		fprintf(w->out, "%s\n", st->text);
		ffn_spmc_call_ns(&w->spmc, st->ep.vcpu, &r);
		break;
	case CON_EP_SP: {
		const struct ffn_spmc_sp_desc *d = NULL;
		for (unsigned i = 0; i < w->nsps; i++)
			if (w->sps[i].id == st->ep.id)
				d = &w->sps[i];
		if (d == NULL)
			return con_fail(err, "unknown endpoint sp:0x%04x",
					st->ep.id);
		if (st->ep.vcpu >= d->vcpu_count)
			return con_fail(err,
					"sp:0x%04x has %u vCPU(s): vCPU %u "
					"is out of range",
					st->ep.id, d->vcpu_count, st->ep.vcpu);
		cpu = st->ep.vcpu % w->cpus;
		fprintf(w->out, "%s\n", st->text);
		ffn_spmc_call_sp(&w->spmc, st->ep.id, (uint16_t)st->ep.vcpu,
				 cpu, &r);
		break;
	}
	case CON_EP_VM: {
		struct con_vm *v;
		if (need_hyp(w, "vm:ID", err) ||
		    (v = find_vm(w, &st->ep, err)) == NULL)
			return -1;
		if (!v->online[st->ep.vcpu])
			return con_fail(err,
					"vm:%u.%u is offline and cannot call",
					v->id, st->ep.vcpu);
		cpu = st->ep.vcpu % w->cpus;
		fprintf(w->out, "%s\n", st->text);
		ffn_mediator_call(&w->med, v->mvm, (uint16_t)st->ep.vcpu, cpu,
				  &r);
		break;
	}
	default:
		return con_fail(err, "cpu:N cannot make calls");
	}
	w->last = r;
	con_print_result(w->out, "  ", st->fid, &r);
	return 0;
}

int con_world_exec(struct con_world *w, const struct con_stmt *st, char *err)
{
	int rc;

	switch (st->kind) {
	case CON_ST_EMPTY:
	case CON_ST_EXPECT:
		return 0;
	case CON_ST_CPUS:
	case CON_ST_HYPERVISOR:
	case CON_ST_SP:
		return exec_setup(w, st, err);
	default:
		break;
	}
	if (seal(w, err))
		return -1;
	w->nirqs = 0;
	ffn_regs_success(&w->last);
	switch (st->kind) {
	case CON_ST_CALL:
		rc = exec_call(w, st, err);
		break;
	case CON_ST_VM:
		fprintf(w->out, "%s\n", st->text);
		rc = exec_vm(w, st, err);
		break;
	case CON_ST_DESTROY:
		rc = exec_destroy(w, st, err);
		if (rc == 0)
			break;
		return rc;
	case CON_ST_VCPU:
		rc = exec_vcpu(w, st, err);
		break;
	case CON_ST_SCHEDULER:
		if (need_hyp(w, "scheduler", err))
			return -1;
		fprintf(w->out, "%s\n", st->text);
		print_status(w,
			     ffn_mediator_set_scheduler(
				     &w->med, st->on ? st->ep.id
						     : FFN_MED_NO_SCHEDULER));
		rc = 0;
		break;
	case CON_ST_ALLOW:
		if (need_hyp(w, "allow", err))
			return -1;
		fprintf(w->out, "%s\n", st->text);
		print_status(
			w, ffn_mediator_allow(&w->med, st->ep.id, st->ep2.id));
		rc = 0;
		break;
	default:
		rc = con_fail(err, "unhandled statement");
		break;
	}
	if (rc != 0)
		return rc;
	return settle(w, err);
}

const struct ffn_regs *con_world_last_regs(const struct con_world *w)
{
	return &w->last;
}

const struct con_irq *con_world_last_irqs(const struct con_world *w,
					  unsigned *count)
{
	*count = w->nirqs;
	return w->irqs;
}
