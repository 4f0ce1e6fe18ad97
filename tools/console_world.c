// SPDX-License-Identifier: BSD-3-Clause
/*
 * The console's world: the hosted world (host/world.h: one SPMC engine,
 * with `hypervisor on` one mediator in front of it, and a single-threaded
 * event queue standing in for the hardware) and what the console makes of
 * it. Everything is deterministic: after each statement the queue runs
 * until nothing is left to do, in FIFO order.
 *
 * The console observes the world: each interrupt that reaches its target
 * is printed and recorded for `expect irq` (a physical SRI, with the
 * hypervisor on taken by the mediator's handler; an NPI; a virtual
 * interrupt), and each SMC the mediator makes is traced. Endpoints never
 * react to interrupts: only statements make them act.
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
#include "world.h"

/* A world that has not settled after this many events is broken. */
#define CON_EVENT_LIMIT 100000u

struct con_world {
	FILE *out;
	struct ffn_hw_desc desc; /* cpus, hypervisor and sp, until sealed */
	struct ffn_spmc_sp_desc sps[FFN_HW_MAX_SPS];
	bool sealed;
	struct ffn_hw hw;

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

/* ---- what the console sees of the world ---- */

/* Print and record an interrupt that reached its target. */
static void on_irq(void *ctx, const struct ffn_hw_irq *hi)
{
	struct con_world *w = ctx;
	struct con_irq irq;
	char buf[96];

	memset(&irq, 0, sizeof(irq));
	irq.target.vcpu = hi->vcpu;
	irq.target.has_vcpu = true;
	irq.target.id = hi->id;
	switch (hi->to) {
	case FFN_HW_TO_CPU:
		irq.kind = CON_IRQ_SRI;
		irq.target.kind = FFN_HP_EP_CPU;
		irq.target.id = 0;
		break;
	case FFN_HW_TO_SP:
		irq.kind = CON_IRQ_NPI;
		irq.target.kind = FFN_HP_EP_SP;
		break;
	default:
		irq.target.kind = FFN_HP_EP_VM;
		irq.intid = hi->intid;
		irq.kind = hi->intid == FFN_MED_VIRQ_NPI   ? CON_IRQ_NPI
			   : hi->intid == FFN_MED_VIRQ_SRI ? CON_IRQ_SRI
							   : CON_IRQ_OTHER;
		break;
	}
	con_format_irq(buf, sizeof(buf), &irq);
	fprintf(w->out, "  %s%s\n", buf,
		hi->unhandled ? " (no handler on this CPU)" : "");
	if (w->nirqs == w->irq_cap) {
		w->irq_cap = w->irq_cap ? 2 * w->irq_cap : 16;
		w->irqs = xrealloc(w->irqs, sizeof(*w->irqs) * w->irq_cap);
	}
	w->irqs[w->nirqs++] = irq;
}

/* The mediator's SMCs, traced, and what a VM availability message got. */
static void on_smc(void *ctx, uint32_t cpu, const struct ffn_regs *in,
		   const struct ffn_regs *regs)
{
	struct con_world *w = ctx;
	char args[256], res[256];
	uint32_t fid = (uint32_t)in->x[0], w2 = (uint32_t)in->x[2];
	uint32_t sp = (uint16_t)in->x[1], vm = (uint16_t)in->x[5];
	int32_t status;

	(void)cpu;
	con_format_args(args, sizeof(args), in);
	con_format_result_short(res, sizeof(res), regs);
	fprintf(w->out, "  hyp %s -> %s\n", args, res);
	if (fid != FFN_FID_MSG_SEND_DIRECT_REQ_32 ||
	    !(w2 & FFN_MSG_FLAG_FRAMEWORK))
		return;
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

/* ---- building the world ---- */

struct con_world *con_world_new(FILE *out)
{
	struct con_world *w = calloc(1, sizeof(*w));

	if (w == NULL) {
		fputs("ffa-notify: out of memory\n", stderr);
		exit(2);
	}
	w->out = out;
	w->desc.cpus = 4;
	w->desc.hyp = true;
	w->desc.sps = w->sps;
	w->desc.med_sp_list = true;
	return w;
}

void con_world_free(struct con_world *w)
{
	if (w == NULL)
		return;
	if (w->sealed)
		ffn_hw_fini(&w->hw);
	free(w->irqs);
	free(w);
}

static int seal(struct con_world *w, char *err)
{
	int rc;

	if (w->sealed)
		return 0;
	/* An MP SP has one vCPU per CPU: its vCPU N runs on CPU N only. */
	for (unsigned i = 0; i < w->desc.sp_count; i++)
		if (w->sps[i].vcpu_count > 1 &&
		    w->sps[i].vcpu_count != w->desc.cpus)
			return con_fail(err,
					"sp 0x%04x has %u vCPUs: an MP SP has "
					"one per CPU (%u)",
					w->sps[i].id, w->sps[i].vcpu_count,
					w->desc.cpus);
	w->hw.obs.ctx = w;
	w->hw.obs.irq = on_irq;
	w->hw.obs.smc = on_smc;
	/* Boot: the probe and the SRI handlers are not traced. */
	rc = ffn_hw_init(&w->hw, &w->desc);
	if (rc == -1) {
		ffn_hw_fini(&w->hw);
		return con_fail(err, "the SPMC refuses this configuration");
	}
	w->sealed = true;
	if (rc == -2)
		return con_fail(err, "the mediator refuses this "
				     "configuration");
	if (rc != 0)
		return con_fail(err, "mediator probe failed (%d)", rc);
	if (w->desc.hyp && !ffn_mediator_fw_enabled(&w->hw.med))
		fprintf(w->out, "  hyp: secure notifications are off "
				"(the SPMC probe failed)\n");
	return 0;
}

static int settle(struct con_world *w, char *err)
{
	if (ffn_hw_settle(&w->hw, CON_EVENT_LIMIT) < 0)
		return con_fail(err, "the world did not settle after %u events",
				CON_EVENT_LIMIT);
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

static struct ffn_hw_vm *find_vm(struct con_world *w,
				 const struct ffn_hp_ep *ep, char *err)
{
	struct ffn_hw_vm *v = ffn_hw_vm(&w->hw, ep->id);

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
	if (!w->desc.hyp)
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
		w->desc.cpus = st->num;
		break;
	case CON_ST_HYPERVISOR:
		w->desc.hyp = st->on;
		break;
	default: { /* CON_ST_SP */
		struct ffn_spmc_sp_desc *d;
		if (w->desc.sp_count == FFN_HW_MAX_SPS)
			return con_fail(err, "at most %u SPs", FFN_HW_MAX_SPS);
		for (unsigned i = 0; i < w->desc.sp_count; i++)
			if (w->sps[i].id == st->num)
				return con_fail(err, "sp 0x%04x declared twice",
						st->num);
		if (st->vcpus > FFN_SPMC_MAX_VCPUS)
			return con_fail(err, "an SP has at most %u vCPUs",
					FFN_SPMC_MAX_VCPUS);
		d = &w->sps[w->desc.sp_count++];
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
	struct ffn_hw_vm *v;
	int rc;

	if (need_hyp(w, "vm", err))
		return -1;
	if (n > FFN_HW_MAX_VM_VCPUS)
		return con_fail(err, "a VM has at most %u vCPUs here",
				FFN_HW_MAX_VM_VCPUS);
	rc = ffn_hw_vm_create(&w->hw, (ffn_id_t)st->num, n, &v);
	if (rc == FFN_HW_DUPLICATE) {
		fprintf(w->out,
			"  console: the mediator accepted a second "
			"live VM %u\n",
			st->num);
		print_status(w, FFN_INVALID_PARAMETERS);
		return con_fail(err, "duplicate VM accepted by the mediator");
	}
	print_status(w, rc);
	return 0;
}

static int exec_destroy(struct con_world *w, const struct con_stmt *st,
			char *err)
{
	struct ffn_hw_vm *v;

	if (need_hyp(w, "destroy", err) ||
	    (v = find_vm(w, &st->ep, err)) == NULL)
		return -1;
	fprintf(w->out, "%s\n", st->text);
	print_status(w, ffn_hw_vm_destroy(&w->hw, v));
	return 0;
}

static int exec_vcpu(struct con_world *w, const struct con_stmt *st, char *err)
{
	struct ffn_hw_vm *v;

	if (need_hyp(w, "vcpu", err) || (v = find_vm(w, &st->ep, err)) == NULL)
		return -1;
	fprintf(w->out, "%s\n", st->text);
	ffn_hw_vcpu_set(&w->hw, v, (uint16_t)st->ep.vcpu, st->on);
	ffn_regs_success(&w->last);
	return 0;
}

static int exec_call(struct con_world *w, const struct con_stmt *st, char *err)
{
	struct ffn_regs r;

	ffn_regs_init(&r, st->fid);
	for (unsigned i = 0; i < st->nregs; i++)
		r.x[st->regs[i].idx] = st->regs[i].value;

	switch (st->ep.kind) {
	case FFN_HP_EP_NS:
		if (w->desc.hyp)
			return con_fail(err, "ns exists only with 'hypervisor "
					     "off' (the normal world is VMs)");
		if (st->ep.vcpu >= w->desc.cpus)
			return con_fail(err, "ns.%u: there are %u CPUs",
					st->ep.vcpu, w->desc.cpus);
		fprintf(w->out, "%s\n", st->text);
		ffn_hw_call_ns(&w->hw, st->ep.vcpu, &r);
		break;
	case FFN_HP_EP_SP: {
		const struct ffn_spmc_sp_desc *d = ffn_hw_sp(&w->hw, st->ep.id);
		if (d == NULL)
			return con_fail(err, "unknown endpoint sp:0x%04x",
					st->ep.id);
		if (st->ep.vcpu >= d->vcpu_count)
			return con_fail(err,
					"sp:0x%04x has %u vCPU(s): vCPU %u "
					"is out of range",
					st->ep.id, d->vcpu_count, st->ep.vcpu);
		fprintf(w->out, "%s\n", st->text);
		ffn_hw_call_sp(&w->hw, st->ep.id, (uint16_t)st->ep.vcpu, &r);
		break;
	}
	case FFN_HP_EP_VM: {
		struct ffn_hw_vm *v;
		if (need_hyp(w, "vm:ID", err) ||
		    (v = find_vm(w, &st->ep, err)) == NULL)
			return -1;
		if (!v->online[st->ep.vcpu])
			return con_fail(err,
					"vm:%u.%u is offline and cannot call",
					v->id, st->ep.vcpu);
		fprintf(w->out, "%s\n", st->text);
		ffn_hw_call_vm(&w->hw, v, (uint16_t)st->ep.vcpu, &r);
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
		print_status(
			w, ffn_mediator_set_scheduler(
				   &w->hw.med,
				   st->on ? st->ep.id : FFN_MED_NO_SCHEDULER));
		rc = 0;
		break;
	case CON_ST_ALLOW:
		if (need_hyp(w, "allow", err))
			return -1;
		fprintf(w->out, "%s\n", st->text);
		print_status(w, ffn_mediator_allow(&w->hw.med, st->ep.id,
						   st->ep2.id));
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
