// SPDX-License-Identifier: BSD-3-Clause
/*
 * ffa-notify's mediator inside Xen: this file takes the place of Xen's
 * xen/arch/arm/tee/ffa_notif.c and provides everything Xen's other FF-A
 * files expect of it (ffa_private.h) by calling ffn_mediator_*. The
 * mediator's ops are Xen's own services: the SMC through
 * arm_smccc_1_2_smc, injection through the vGIC, domain lookup under RCU,
 * a tasklet for the SRI drain, the SRI handler requested on every CPU.
 * docs/xen.md maps every op and states the lock and context rules.
 *
 * Beyond ffa_notif.c's contract, Xen calls two functions of ours, added
 * at build time by ports/xen/patch-xen.sh: ffa_notif_handle_run (FFA_RUN
 * from ffa.c) and ffa_notif_vcpu_online (from vPSCI CPU_ON).
 *
 * Xen's 'F' key (also XEN_SYSCTL_debug_keys) prints the mediator's
 * statistics and the records this file made and freed.
 *
 * Configuration on Xen's command line (FF-A IDs: domain ID + 1):
 *   ffn_policy=1>2,2>1   VM 1 may signal VM 2 and VM 2 may signal VM 1
 *   ffn_sched=1          VM 1 is the scheduler VM (gets the virtual SRI)
 */
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/irq.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/rcupdate.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/tasklet.h>
#include <xen/types.h>
#include <xen/xmalloc.h>

#include <asm/regs.h>
#include <asm/smccc.h>
#include <asm/vgic.h>

#include "ffa_private.h"
#include "ffn/mediator.h"

/* Sizes of the mediator's tables (docs/xen.md). */
#define FFN_XEN_VMS 64u
#define FFN_XEN_POLICY 64u

/*
 * One domain's state, published in its ffa_ctx (notif.ffn_vm) once
 * complete and freed by RCU after ffn_mediator_vm_destroy, so a lookup
 * under rcu_lock_domain_by_id never sees freed memory.
 */
struct ffn_xen_vm {
	struct rcu_head rcu;
	struct domain *d;
	bool dead;	      /* teardown began: vm_get refuses it */
	bool version_told;    /* Xen's negotiated version given to the core */
	bool rxfull_pending;  /* RX buffer full (HYP bit 0), until GET */
	bool rxfull_unlisted; /* ... and until the guest's INFO_GET */
	struct ffn_med_vm *vm; /* the core's context, in storage */
	uint64_t storage[];    /* handed to ffn_mediator_vm_create */
};

static struct ffn_mediator med;
static bool med_ready;
/*
 * Records allocated and freed (the latter after the RCU grace period):
 * their difference is what a leak would leave behind. Read by the 'F'
 * keyhandler, which dom0's toolstack test triggers (docs/xen.md).
 */
static atomic_t recs_made, recs_freed;

/* Command-line policy edges and scheduler, parsed before the mediator. */
static struct {
	uint16_t sender, receiver;
} policy[FFN_XEN_POLICY];
static unsigned int policy_count;
static unsigned int opt_sched = FFN_MED_NO_SCHEDULER;
integer_param("ffn_sched", opt_sched);

static int __init parse_policy(const char *s)
{
	while (*s) {
		const char *e;
		unsigned long a = simple_strtoul(s, &e, 0), b;

		if (e == s || *e != '>')
			return -EINVAL;
		s = e + 1;
		b = simple_strtoul(s, &e, 0);
		if (e == s || (*e && *e != ','))
			return -EINVAL;
		if (policy_count == FFN_XEN_POLICY)
			return -ENOSPC;
		policy[policy_count].sender = a;
		policy[policy_count].receiver = b;
		policy_count++;
		s = *e ? e + 1 : e;
	}
	return 0;
}
custom_param("ffn_policy", parse_policy);

/* Our record of a context: the cookie ffn_mediator_vm_create was given. */
static struct ffn_xen_vm *rec_of(struct ffn_med_vm *vm)
{
	return ffn_med_vm_host(vm);
}

static struct ffn_med_vm *vm_of(struct ffn_xen_vm *rec)
{
	return rec->vm;
}

/* The domain's record; NULL without FF-A or once teardown began. */
static struct ffn_xen_vm *rec_of_domain(const struct domain *d)
{
	struct ffa_ctx *ctx = d->arch.tee;
	struct ffn_xen_vm *rec;

	if (!ctx)
		return NULL;
	rec = ACCESS_ONCE(ctx->notif.ffn_vm);
	if (!rec || ACCESS_ONCE(rec->dead))
		return NULL;
	return rec;
}

/* ---- the mediator's ops ---- */

static void op_smc(void *ctx, uint32_t cpu, struct ffn_regs *r)
{
	struct arm_smccc_1_2_regs a = {
		.a0 = r->x[0],
		.a1 = r->x[1],
		.a2 = r->x[2],
		.a3 = r->x[3],
		.a4 = r->x[4],
		.a5 = r->x[5],
		.a6 = r->x[6],
		.a7 = r->x[7],
	};
	struct arm_smccc_1_2_regs o;

	(void)ctx;
	ASSERT(cpu == smp_processor_id());
	arm_smccc_1_2_smc(&a, &o);
	/* Notification ABIs return in x0-x7; nothing else is taken back. */
	memset(r, 0, sizeof(*r));
	r->x[0] = o.a0;
	r->x[1] = o.a1;
	r->x[2] = o.a2;
	r->x[3] = o.a3;
	r->x[4] = o.a4;
	r->x[5] = o.a5;
	r->x[6] = o.a6;
	r->x[7] = o.a7;
}

static void op_inject_virq(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
			   uint32_t intid)
{
	struct domain *d = rec_of(vm)->d;

	(void)ctx;
	if (vcpu < d->max_vcpus && d->vcpu[vcpu])
		vgic_inject_irq(d, d->vcpu[vcpu], intid, true);
}

static bool op_vcpu_online(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu)
{
	struct domain *d = rec_of(vm)->d;
	struct vcpu *v;

	(void)ctx;
	if (vcpu >= d->max_vcpus)
		return false;
	v = ACCESS_ONCE(d->vcpu[vcpu]);
	return v && is_vcpu_online(v);
}

static struct ffn_med_vm *op_vm_get(void *ctx, ffn_id_t id)
{
	struct ffn_xen_vm *rec;
	struct domain *d;

	(void)ctx;
	if (id == 0 || id - 1u >= DOMID_FIRST_RESERVED)
		return NULL;
	d = rcu_lock_domain_by_id(id - 1u);
	if (!d)
		return NULL;
	rec = rec_of_domain(d);
	if (!rec) {
		rcu_unlock_domain(d);
		return NULL;
	}
	/* The RCU read section stays open until op_vm_put. */
	return vm_of(rec);
}

static void op_vm_put(void *ctx, struct ffn_med_vm *vm)
{
	(void)ctx;
	rcu_unlock_domain(rec_of(vm)->d);
}

static void sri_work(void *unused)
{
	(void)unused;
	ffn_mediator_sri_work(&med, smp_processor_id());
}
static DECLARE_TASKLET(sri_tasklet, sri_work, NULL);

static void op_schedule_work(void *ctx)
{
	(void)ctx;
	tasklet_schedule(&sri_tasklet);
}

static void sri_handler(int irq, void *data)
{
	(void)irq;
	(void)data;
	ffn_mediator_sri_irq(&med, smp_processor_id());
}

/* On @cpu itself: an SGI or PPI handler is per CPU in Xen. */
static int op_register_sri(void *ctx, uint32_t cpu, uint32_t intid)
{
	int rc;

	(void)ctx;
	ASSERT(cpu == smp_processor_id());
	if (intid >= NR_GIC_SGI)
		irq_set_type(intid, IRQ_TYPE_EDGE_RISING);
	rc = request_irq(intid, 0, sri_handler, "ffa-notify SRI", NULL);
	if (rc)
		printk(XENLOG_ERR "ffa-notify: SRI %u on CPU%u: error %d\n",
		       intid, cpu, rc);
	return rc ? -1 : 0;
}

static const struct ffn_mediator_ops ops = {
	.smc = op_smc,
	.inject_virq = op_inject_virq,
	.vcpu_online = op_vcpu_online,
	.vm_get = op_vm_get,
	.vm_put = op_vm_put,
	.schedule_work = op_schedule_work,
	.register_sri = op_register_sri,
};

/* ---- set-up ---- */

static bool setup(void)
{
	struct ffn_mediator_config cfg = {
		.vm_capacity = FFN_XEN_VMS,
		.sp_capacity = FFA_MAX_NUM_SP,
		.policy_capacity = FFN_XEN_POLICY,
		.cpu_count = nr_cpu_ids,
	};
	size_t size = ffn_mediator_storage_size(&cfg);
	void *mem;

	BUILD_BUG_ON(FFN_MED_VIRQ_NPI != GUEST_FFA_NOTIF_PEND_INTR_ID);
	BUILD_BUG_ON(FFN_MED_VIRQ_SRI != GUEST_FFA_SCHEDULE_RECV_INTR_ID);
	if (med_ready)
		return true;
	mem = size ? _xzalloc(size, 8) : NULL;
	if (!mem || ffn_mediator_init(&med, &cfg, &ops, NULL, mem, size)) {
		printk(XENLOG_ERR "ffa-notify: mediator init failed\n");
		xfree(mem);
		return false;
	}
	for (unsigned int i = 0; i < policy_count; i++)
		if (ffn_mediator_allow(&med, policy[i].sender,
				       policy[i].receiver))
			printk(XENLOG_ERR "ffa-notify: bad ffn_policy %u>%u\n",
			       policy[i].sender, policy[i].receiver);
	if (opt_sched != FFN_MED_NO_SCHEDULER &&
	    ffn_mediator_set_scheduler(&med, opt_sched))
		printk(XENLOG_ERR "ffa-notify: bad ffn_sched %u\n", opt_sched);
	med_ready = true;
	return true;
}

/* Xen found an SPMC: probe it for notifications, SRI on the boot CPU. */
void ffa_notif_init(void)
{
	if (!setup())
		return;
	if (ffn_mediator_probe(&med, smp_processor_id()))
		printk(XENLOG_ERR "ffa-notify: SRI registration failed\n");
	printk(XENLOG_INFO
	       "ffa-notify: mediator up, SP notifications %s, %u policy "
	       "edges, scheduler %u\n",
	       ffn_mediator_fw_enabled(&med) ? "on" : "off", policy_count,
	       opt_sched);
}

/* A secondary CPU came up (Xen's init_tee_secondary). */
void ffa_notif_init_interrupt(void)
{
	if (med_ready)
		ffn_mediator_cpu_up(&med, smp_processor_id());
}

int ffa_notif_domain_init(struct domain *d)
{
	struct ffa_ctx *ctx = d->arch.tee;
	size_t size = ffn_med_vm_storage_size(d->max_vcpus);
	struct ffn_med_vm *vm;
	struct ffn_xen_vm *rec;
	int rc;

	/* Without an SPMC, ffa_notif_init never ran: VM-to-VM only. */
	if (!setup())
		return -ENOMEM;
	rec = _xzalloc(sizeof(*rec) + size, __alignof__(*rec));
	if (!rec)
		return -ENOMEM;
	rec->d = d;
	rc = ffn_mediator_vm_create(&med, &vm, ffa_get_vm_id(d), d->max_vcpus,
				    rec->storage, size, smp_processor_id(), rec);
	if (rc) {
		printk(XENLOG_ERR "%pd: ffa-notify: VM create failed: %d\n", d,
		       rc);
		xfree(rec);
		return rc == FFN_NO_MEMORY ? -ENOMEM : -EINVAL;
	}
	rec->vm = vm;
	atomic_inc(&recs_made);
	smp_wmb();
	ACCESS_ONCE(ctx->notif.ffn_vm) = rec;
	return 0;
}

static void free_rec(struct rcu_head *head)
{
	xfree(container_of(head, struct ffn_xen_vm, rcu));
	atomic_inc(&recs_freed);
}

void ffa_notif_domain_destroy(struct domain *d)
{
	struct ffa_ctx *ctx = d->arch.tee;
	struct ffn_xen_vm *rec = ctx ? ctx->notif.ffn_vm : NULL;
	int rc;

	if (!rec)
		return;
	/* First no lookup may return it, then the core tears it down. */
	ACCESS_ONCE(rec->dead) = true;
	smp_mb();
	rc = ffn_mediator_vm_destroy(&med, vm_of(rec), smp_processor_id());
	if (rc)
		printk(XENLOG_WARNING
		       "%pd: ffa-notify: BITMAP_DESTROY failed: %d\n",
		       d, rc);
	ACCESS_ONCE(ctx->notif.ffn_vm) = NULL;
	/* Lookups that found it before 'dead' hold RCU: free after them. */
	call_rcu(&rec->rcu, free_rec);
}

/* ---- guest calls ---- */

/* The current vCPU's call through the core; the result stays in @r. */
static bool call(struct cpu_user_regs *regs, struct ffn_regs *r)
{
	struct domain *d = current->domain;
	struct ffa_ctx *ctx = d->arch.tee;
	struct ffn_xen_vm *rec = rec_of_domain(d);

	for (unsigned int i = 0; i < FFN_REG_COUNT; i++)
		r->x[i] = get_user_reg(regs, i);
	if (!rec) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return false;
	}
	/* Xen negotiated the guest's version already; the core needs it. */
	if (!ACCESS_ONCE(rec->version_told)) {
		struct ffn_regs v;

		ffn_regs_init(&v, FFN_FID_VERSION);
		v.x[1] = ACCESS_ONCE(ctx->guest_vers);
		ffn_mediator_call(&med, vm_of(rec), current->vcpu_id,
				  smp_processor_id(), &v);
		ACCESS_ONCE(rec->version_told) = true;
	}
	ffn_mediator_call(&med, vm_of(rec), current->vcpu_id,
			  smp_processor_id(), r);
	return true;
}

static void set_regs(struct cpu_user_regs *regs, const struct ffn_regs *r)
{
	ffa_set_regs(regs, r->x[0], r->x[1], r->x[2], r->x[3], r->x[4], r->x[5],
		     r->x[6], r->x[7]);
}

/* BIND, UNBIND, SET: Xen's ffa.c writes the status we return. */
static int32_t call_status(struct cpu_user_regs *regs)
{
	struct ffn_regs r;

	call(regs, &r);
	return ffn_regs_error_code(&r);
}

int32_t ffa_handle_notification_bind(struct cpu_user_regs *regs)
{
	return call_status(regs);
}

int32_t ffa_handle_notification_unbind(struct cpu_user_regs *regs)
{
	return call_status(regs);
}

int32_t ffa_handle_notification_set(struct cpu_user_regs *regs)
{
	return call_status(regs);
}

void ffa_handle_notification_get(struct cpu_user_regs *regs)
{
	struct domain *d = current->domain;
	uint32_t flags = get_user_reg(regs, 2);
	struct ffn_xen_vm *rec;
	struct ffn_regs r;

	if (call(regs, &r) && (uint32_t)r.x[0] == FFN_FID_SUCCESS_32 &&
	    (flags & FFN_GET_FLAG_HYP)) {
		rec = rec_of_domain(d);
		if (rec && test_and_clear_bool(rec->rxfull_pending)) {
			ACCESS_ONCE(rec->rxfull_unlisted) = false;
			r.x[7] |= FFA_NOTIF_RX_BUFFER_FULL;
		}
	}
	set_regs(regs, &r);
}

void ffa_handle_notification_info_get(struct cpu_user_regs *regs)
{
	struct ffn_xen_vm *rec;
	struct ffn_regs r;

	if (!call(regs, &r)) {
		set_regs(regs, &r);
		return;
	}
	rec = rec_of_domain(current->domain);
	/*
	 * RX buffer full is Xen's own framework notification; the core does
	 * not know it. List the guest's global entry for it once the core
	 * has nothing left, and say "more" until then.
	 */
	if (rec && ACCESS_ONCE(rec->rxfull_unlisted)) {
		if (ffn_regs_error_code(&r) == FFN_NO_DATA) {
			if (test_and_clear_bool(rec->rxfull_unlisted)) {
				ffn_regs_init(&r, FFN_FID_SUCCESS_64);
				r.x[2] = 1u << FFN_INFO_LIST_COUNT_SHIFT;
				r.x[3] = ffa_get_vm_id(current->domain);
			}
		} else if (ffn_regs_error_code(&r) == FFN_OK) {
			r.x[2] |= FFN_INFO_MORE_PENDING;
		}
	}
	set_regs(regs, &r);
}

/* FFA_RUN from ffa.c (build-time change): checked, then to the SPMC. */
void ffa_notif_handle_run(struct cpu_user_regs *regs)
{
	struct ffn_regs r;

	if (!ffa_fw_supports_fid(FFA_RUN))
		ffn_regs_error(&r, FFN_NOT_SUPPORTED);
	else
		call(regs, &r);
	set_regs(regs, &r);
}

/* vPSCI CPU_ON brought @v online (build-time change): held NPIs. */
void ffa_notif_vcpu_online(struct vcpu *v)
{
	struct ffn_xen_vm *rec = rec_of_domain(v->domain);

	if (rec && med_ready)
		ffn_mediator_vcpu_online(&med, vm_of(rec), v->vcpu_id);
}

#ifdef CONFIG_FFA_VM_TO_VM
/* An indirect message from another VM landed in @d's RX buffer. */
void ffa_raise_rx_buffer_full(struct domain *d)
{
	struct ffn_xen_vm *rec = rec_of_domain(d);
	struct vcpu *v;

	if (!rec)
		return;
	ACCESS_ONCE(rec->rxfull_unlisted) = true;
	if (test_and_set_bool(rec->rxfull_pending))
		return;
	for_each_vcpu(d, v)
	{
		if (is_vcpu_online(v)) {
			vgic_inject_irq(d, v, GUEST_FFA_NOTIF_PEND_INTR_ID,
					true);
			return;
		}
	}
}
#endif

/*
 * Keyhandler 'F' (also XEN_SYSCTL_debug_keys from dom0): the mediator's
 * statistics and our record counts, on one line a test can parse.
 */
static void dump_stats(unsigned char key)
{
	struct ffn_mediator_stats st;

	(void)key;
	if (!med_ready) {
		printk("ffa-notify: stats none\n");
		return;
	}
	ffn_mediator_get_stats(&med, &st);
	printk("ffa-notify: stats vms=%u records=%d made=%d freed=%d "
	       "vm_bindings=%u npi_injected=%lu vm_vanished=%lu "
	       "sri_taken=%lu\n",
	       st.vms, atomic_read(&recs_made) - atomic_read(&recs_freed),
	       atomic_read(&recs_made), atomic_read(&recs_freed),
	       st.vm_bindings, (unsigned long)st.npi_injected,
	       (unsigned long)st.vm_vanished, (unsigned long)st.sri_taken);
}

static int __init ffn_keys_init(void)
{
	register_keyhandler('F', dump_stats, "ffa-notify mediator statistics",
			    false);
	return 0;
}
__initcall(ffn_keys_init);
