// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mediator's SRI path against a real SPMC engine: the drain loop,
 * NPI delivery (global into the first online vCPU, per-vCPU into exactly
 * that vCPU, held while offline), the secure-pending records and the
 * guest's INFO_GET, the scheduler VM (virtual SRI, SP lists, FFA_RUN),
 * and the entries the drain cannot deliver (vanished VMs, ID 0, no
 * scheduler).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_host.h"

#define VM1 1u
#define VM2 2u
#define VM3 3u /* 4 vCPUs */

#define SP_SPM (FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM)

static int setup(void **state)
{
	struct fake_host *h = fh_new(NULL);

	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM3, 4), FFN_OK);
	fh_clear(h);
	*state = h;
	return 0;
}

static int teardown(void **state)
{
	fh_free(*state);
	return 0;
}

static int32_t info_get(struct fake_host *h, ffn_id_t vm)
{
	return fh_call(h, vm, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
}

/* SP -> VM global: SRI, drain, NPI into vCPU 0, records, GET clears. */
static void test_sp_to_vm_global(void **state)
{
	struct fake_host *h = *state;
	struct ffn_med_vm_view v;

	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0x1), FFN_OK);
	fh_clear(h);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_stats(h).sri_taken, 1);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_INFO_GET_64, NULL), 1);
	assert_int_equal(fh_irqs(h, VM1, 0, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
	v = fh_view(h, VM1, 0);
	assert_true(v.sec_global);
	assert_int_equal(v.rep_global, FFN_MED_REP_SEC);

	/* The guest's INFO_GET: [VM1], once. */
	assert_int_equal(info_get(h, VM1), FFN_OK);
	assert_int_equal(h->r.x[2], 1u << 7);
	assert_int_equal(h->r.x[3], VM1);
	assert_int_equal(info_get(h, VM1), FFN_NO_DATA);
	assert_int_equal(info_get(h, VM2), FFN_NO_DATA);

	/* GET with SP only leaves the record; SP and SPM clear it. */
	assert_int_equal(fh_get(h, VM1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(h->r.x[2], 1);
	assert_true(fh_view(h, VM1, 0).sec_global);
	assert_int_equal(fh_get(h, VM1, 0, 0xF), FFN_OK);
	assert_int_equal(h->r.x[2], 0);
	assert_false(fh_view(h, VM1, 0).sec_global);

	/* Listed again after the GET: injected again, every time. */
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_irqs(h, VM1, 0, FFN_MED_VIRQ_NPI), 2);
	assert_int_equal(info_get(h, VM1), FFN_OK);
}

/* A GET that clears the record before INFO_GET also drops the entry. */
static void test_get_drops_entry(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_get(h, VM1, 1, SP_SPM), FFN_OK);
	assert_int_equal(h->r.x[2], 1);
	assert_int_equal(fh_view(h, VM1, 0).rep_global, 0);
	assert_int_equal(info_get(h, VM1), FFN_NO_DATA);
}

static void test_npi_first_online(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0x1), FFN_OK);
	fh_vcpu_set(h, VM1, 0, false);
	fh_clear(h);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_irqs(h, VM1, 1, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
}

/* Every vCPU offline: held, then injected when one comes online. */
static void test_npi_held_global(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0x1), FFN_OK);
	fh_vcpu_set(h, VM1, 0, false);
	fh_vcpu_set(h, VM1, 1, false);
	fh_clear(h);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(h->irq_count, 0);
	assert_int_equal(fh_stats(h).npi_held, 1);
	assert_int_equal(fh_view(h, VM1, 0).held_global, FFN_MED_HELD_NPI);
	fh_vcpu_set(h, VM1, 1, true);
	assert_int_equal(fh_irqs(h, VM1, 1, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
	assert_int_equal(fh_view(h, VM1, 0).held_global, 0);
	fh_vcpu_set(h, VM1, 0, true);
	assert_int_equal(h->irq_count, 1);
}

/*
 * The vCPU comes online right after the mediator found it offline and
 * before it recorded the held NPI: the NPI must still be delivered, once.
 */
static void test_hold_race_vcpu(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fh_bind(h, VM1, FH_SP1, FFN_NOTIF_FLAG_PER_VCPU, 2),
			 FFN_OK);
	fh_vcpu_set(h, VM1, 1, false);
	fh_clear(h);
	h->w.faults.race_vm = VM1;
	h->w.faults.race_vcpu = 1;
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1,
				   FFN_NOTIF_FLAG_PER_VCPU | (1u << 16), 2),
			 FFN_OK);
	assert_int_equal(h->w.faults.race_vm, 0); /* the race happened */
	assert_int_equal(fh_irqs(h, VM1, 1, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
	assert_false(fh_view(h, VM1, 1).held_vcpu);
}

static void test_hold_race_global(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 1), FFN_OK);
	fh_vcpu_set(h, VM1, 0, false);
	fh_vcpu_set(h, VM1, 1, false);
	fh_clear(h);
	h->w.faults.race_vm = VM1;
	h->w.faults.race_vcpu = 1;
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 1), FFN_OK);
	assert_int_equal(h->w.faults.race_vm, 0);
	assert_int_equal(fh_irqs(h, VM1, 1, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
	assert_int_equal(fh_view(h, VM1, 0).held_global, 0);
}

/* Per-vCPU: exactly that vCPU; offline, it waits for that vCPU. */
static void test_per_vcpu(void **state)
{
	struct fake_host *h = *state;
	struct ffn_med_vm_view v;

	assert_int_equal(
		fh_bind(h, VM3, FH_SP4, FFN_NOTIF_FLAG_PER_VCPU, 1u << 3),
		FFN_OK);
	fh_clear(h);
	assert_int_equal(fh_sp_set(h, FH_SP4, VM3,
				   FFN_NOTIF_FLAG_PER_VCPU | (2u << 16),
				   1u << 3),
			 FFN_OK);
	assert_int_equal(fh_irqs(h, VM3, 2, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
	v = fh_view(h, VM3, 2);
	assert_false(v.sec_global);
	assert_true(v.sec_vcpu);
	assert_int_equal(v.rep_vcpu, FFN_MED_REP_SEC);

	fh_vcpu_set(h, VM3, 3, false);
	assert_int_equal(fh_sp_set(h, FH_SP4, VM3,
				   FFN_NOTIF_FLAG_PER_VCPU | (3u << 16),
				   1u << 3),
			 FFN_OK);
	assert_int_equal(h->irq_count, 1);
	assert_true(fh_view(h, VM3, 3).held_vcpu);
	/* Another vCPU coming online does not take it. */
	fh_vcpu_set(h, VM3, 0, true);
	assert_int_equal(h->irq_count, 1);
	fh_vcpu_set(h, VM3, 3, true);
	assert_int_equal(fh_irqs(h, VM3, 3, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 2);

	/* INFO_GET: [VM3, 2, 3]; GET on vCPU 2 clears only vCPU 2. */
	assert_int_equal(info_get(h, VM3), FFN_OK);
	assert_int_equal(h->r.x[2], (1u << 7) | (2u << 12));
	assert_int_equal(h->r.x[3], 0x000300020003ull);
	assert_int_equal(fh_get(h, VM3, 2, SP_SPM), FFN_OK);
	assert_int_equal(h->r.x[2], 1u << 3);
	assert_false(fh_view(h, VM3, 2).sec_vcpu);
	assert_true(fh_view(h, VM3, 3).sec_vcpu);
}

/* 25 VMs pending at once: the drain loops while more-pending is set. */
static void test_more_pending_25(void **state)
{
	struct fake_host *h = *state;
	struct ffn_mediator_stats st;

	for (ffn_id_t id = 10; id < 35; id++) {
		assert_int_equal(fh_vm_create(h, id, 1), FFN_OK);
		assert_int_equal(fh_bind(h, id, FH_SP1, 0, 0x1), FFN_OK);
	}
	fh_clear(h);
	/* Delayed SRIs: nothing is drained until the SP hands back. */
	for (ffn_id_t id = 10; id < 35; id++)
		assert_int_equal(fh_sp(h, FH_SP1, 0, FFN_FID_NOTIFICATION_SET,
				       ffn_w1_pack(FH_SP1, id),
				       FFN_NOTIF_FLAG_DELAY_SRI, 1, 0),
				 FFN_OK);
	assert_int_equal(h->irq_count, 0);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_INFO_GET_64, NULL), 0);
	(void)fh_sp(h, FH_SP1, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0);

	st = fh_stats(h);
	assert_int_equal(st.sri_taken, 1);
	assert_int_equal(st.info_get_calls, 2); /* 20 lists, then 5 */
	assert_int_equal(h->irq_count, 25);
	for (ffn_id_t id = 10; id < 35; id++) {
		assert_int_equal(fh_irqs(h, id, 0, FFN_MED_VIRQ_NPI), 1);
		assert_true(fh_view(h, id, 0).sec_global);
	}
}

/* ------------------------------------------------------------------ */
/* Entries the drain cannot deliver. */

static int hook_round;

static bool hook_odd_lists(struct fake_host *h, uint32_t cpu,
			   struct ffn_regs *r)
{
	(void)h;
	(void)cpu;
	if ((uint32_t)r->x[0] != FFN_FID_NOTIFICATION_INFO_GET_64)
		return false;
	if (hook_round++) {
		ffn_regs_error(r, FFN_NO_DATA);
		return true;
	}
	/* [0x30] [0] [VM1, 7] [VM1]: 5 IDs, 4 lists. */
	ffn_regs_init(r, FFN_FID_SUCCESS_64);
	r->x[2] = (4u << 7) | (1u << 16);
	r->x[3] = 0x30ull | (0ull << 16) | ((uint64_t)VM1 << 32) | (7ull << 48);
	r->x[4] = VM1;
	return true;
}

static void test_vanished_hyp_badvcpu(void **state)
{
	struct fake_host *h = *state;
	struct ffn_mediator_stats st;

	hook_round = 0;
	h->hook = hook_odd_lists;
	ffn_hw_raise_sri(&h->w, 0);
	fh_run(h);
	st = fh_stats(h);
	assert_int_equal(st.vm_vanished, 1);
	assert_int_equal(st.hyp_entries, 1);
	assert_int_equal(st.info_get_calls, 1);
	/* VM1's global entry is delivered; its bogus vCPU 7 is not. */
	assert_int_equal(fh_irqs(h, VM1, -1, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
	assert_true(fh_view(h, VM1, 0).sec_global);
}

static bool hook_info_error(struct fake_host *h, uint32_t cpu,
			    struct ffn_regs *r)
{
	(void)h;
	(void)cpu;
	if ((uint32_t)r->x[0] != FFN_FID_NOTIFICATION_INFO_GET_64)
		return false;
	hook_round++;
	ffn_regs_init(r, FFN_FID_SUCCESS_64);
	r->x[2] = 1u | (21u << 7); /* more than fits: malformed */
	return true;
}

/* A malformed reply stops the drain (no loop on garbage). */
static void test_drain_malformed(void **state)
{
	struct fake_host *h = *state;

	hook_round = 0;
	h->hook = hook_info_error;
	ffn_hw_raise_sri(&h->w, 2);
	fh_run(h);
	assert_int_equal(hook_round, 1);
	assert_int_equal(h->irq_count, 0);
}

/* The interrupt handler only schedules; the work runs on its CPU. */
static void test_sri_irq_only_schedules(void **state)
{
	struct fake_host *h = *state;
	const struct fh_smc *s = NULL;

	ffn_hw_sri_irq(&h->w, 3);
	assert_int_equal(ffn_hw_work_queued(&h->w), 1);
	assert_int_equal(h->smc_count, 0);
	fh_run(h);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_INFO_GET_64, &s), 1);
	assert_int_equal(s->cpu, 3);
}

/* ------------------------------------------------------------------ */
/* The scheduler VM. */

/* SP1 receives from SP4 (global bit 0, per-vCPU bit 5). */
static void sp_to_sp_setup(struct fake_host *h)
{
	assert_int_equal(fh_sp(h, FH_SP1, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(FH_SP4, FH_SP1), 0, 1, 0),
			 FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP1, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(FH_SP4, FH_SP1),
			       FFN_NOTIF_FLAG_PER_VCPU, 1u << 5, 0),
			 FFN_OK);
	(void)fh_sp(h, FH_SP1, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
}

static void sp1_get_all(struct fake_host *h, uint16_t vcpu)
{
	assert_int_equal(fh_sp(h, FH_SP1, vcpu, FFN_FID_NOTIFICATION_GET,
			       ffn_w1_pack(vcpu, FH_SP1), FFN_GET_FLAG_SP, 0,
			       0),
			 FFN_OK);
	(void)fh_sp(h, FH_SP1, vcpu, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
}

static void test_no_scheduler(void **state)
{
	struct fake_host *h = *state;

	sp_to_sp_setup(h);
	fh_clear(h);
	assert_int_equal(fh_sp_set(h, FH_SP4, FH_SP1, 0, 1), FFN_OK);
	assert_int_equal(fh_stats(h).sp_unscheduled, 1);
	assert_int_equal(h->irq_count, 0);
	/* A scheduler named later is kicked and sees the recorded entry. */
	assert_int_equal(ffn_mediator_set_scheduler(&h->w.med, VM2), FFN_OK);
	assert_int_equal(fh_irqs(h, VM2, 0, FFN_MED_VIRQ_SRI), 1);
	assert_int_equal(info_get(h, VM2), FFN_OK);
	assert_int_equal(h->r.x[3], FH_SP1);
	/* A scheduler ID with no VM behind it counts as none. */
	sp1_get_all(h, 0);
	assert_int_equal(ffn_mediator_set_scheduler(&h->w.med, 0x60), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP4, FH_SP1, 0, 1), FFN_OK);
	assert_int_equal(fh_stats(h).sp_unscheduled, 2);
}

static void test_scheduler(void **state)
{
	struct fake_host *h = *state;
	const struct fh_smc *s = NULL;

	assert_int_equal(ffn_mediator_set_scheduler(&h->w.med, VM2), FFN_OK);
	sp_to_sp_setup(h);
	fh_clear(h);
	assert_int_equal(fh_sp_set(h, FH_SP4, FH_SP1, 0, 1), FFN_OK);
	assert_int_equal(fh_irqs(h, VM2, 0, FFN_MED_VIRQ_SRI), 1);
	assert_int_equal(h->irq_count, 1);
	assert_int_equal(fh_stats(h).sri_injected, 1);
	assert_int_equal(fh_stats(h).sp_unscheduled, 0);

	/* Only the scheduler's INFO_GET lists SPs. */
	assert_int_equal(info_get(h, VM1), FFN_NO_DATA);
	assert_int_equal(info_get(h, VM2), FFN_OK);
	assert_int_equal(h->r.x[2], 1u << 7);
	assert_int_equal(h->r.x[3], FH_SP1);
	assert_int_equal(info_get(h, VM2), FFN_NO_DATA);

	/* FFA_RUN is forwarded once the target is an SP. */
	assert_int_equal(fh_call(h, VM2, 1, FFN_FID_RUN, ffn_w1_pack(FH_SP1, 1),
				 0, 0, 0),
			 FFN_OK);
	assert_int_equal((uint32_t)h->r.x[0], FFN_FID_MSG_WAIT);
	assert_int_equal(fh_smcs(h, FFN_FID_RUN, &s), 1);
	assert_int_equal(s->in.x[1], ffn_w1_pack(FH_SP1, 1));
	assert_int_equal(s->cpu, 1);
	/* From any VM; not to a VM; the SPMC checks the rest. */
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_RUN, ffn_w1_pack(FH_SP4, 0),
				 0, 0, 0),
			 FFN_OK);
	assert_int_equal(
		fh_call(h, VM1, 0, FFN_FID_RUN, ffn_w1_pack(VM3, 0), 0, 0, 0),
		FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_smcs(h, FFN_FID_RUN, NULL), 2);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_RUN, ffn_w1_pack(0x8009, 0),
				 0, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_RUN, ffn_w1_pack(FH_SP1, 2),
				 0, 0, 0),
			 FFN_INVALID_PARAMETERS);

	/* Per-vCPU SP entries; the scheduler's own entries come first. */
	sp1_get_all(h, 0);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM2), FFN_OK);
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 1), FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM2, 0, 1), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP4, FH_SP1,
				   FFN_NOTIF_FLAG_PER_VCPU | (1u << 16),
				   1u << 5),
			 FFN_OK);
	assert_int_equal(info_get(h, VM2), FFN_OK);
	assert_int_equal(h->r.x[2], (2u << 7) | (1u << 14));
	assert_int_equal(h->r.x[3],
			 VM2 | ((uint64_t)FH_SP1 << 16) | (1ull << 32));

	/* The scheduler offline: the virtual SRI waits for it. */
	sp1_get_all(h, 1);
	fh_vcpu_set(h, VM2, 0, false);
	fh_vcpu_set(h, VM2, 1, false);
	fh_clear(h);
	assert_int_equal(fh_sp_set(h, FH_SP4, FH_SP1, 0, 1), FFN_OK);
	assert_int_equal(h->irq_count, 0);
	assert_int_equal(fh_view(h, VM2, 0).held_global, FFN_MED_HELD_SRI);
	fh_vcpu_set(h, VM2, 0, true);
	assert_int_equal(fh_irqs(h, VM2, 0, FFN_MED_VIRQ_SRI), 1);
	assert_int_equal(h->irq_count, 1);
}

/* SP records beyond sp_capacity are counted, not lost silently. */
static void test_sp_untracked(void **state)
{
	struct fh_config cfg = {.sp_capacity = 1};
	struct fake_host *h = fh_new(&cfg);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM2, 1), FFN_OK);
	assert_int_equal(ffn_mediator_set_scheduler(&h->w.med, VM2), FFN_OK);
	sp_to_sp_setup(h);
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(FH_SP1, FH_SP4), 0, 1, 0),
			 FFN_OK);
	(void)fh_sp(h, FH_SP4, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
	assert_int_equal(fh_sp_set(h, FH_SP4, FH_SP1, 0, 1), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, FH_SP4, 0, 1), FFN_OK);
	assert_int_equal(fh_stats(h).sp_untracked, 1);
	/* The scheduler is still woken for it. */
	assert_int_equal(fh_irqs(h, VM2, 0, FFN_MED_VIRQ_SRI), 2);
	fh_free(h);
}

/* The SRI handler is registered on every CPU; a failure is reported. */
static void test_sri_registration(void **state)
{
	struct fh_config cfg = {.no_probe = true};
	struct fake_host *h = *state;

	for (unsigned c = 0; c < FH_CPUS; c++)
		assert_true(h->w.sri_registered[c]);
	h = fh_new(&cfg);
	h->w.faults.register_fail_cpu = 2;
	assert_int_equal(ffn_mediator_probe(&h->w.med, 0), FFN_OK);
	assert_true(ffn_mediator_fw_enabled(&h->w.med));
	assert_int_equal(ffn_mediator_cpu_up(&h->w.med, 1), 0);
	/* The host's own error comes back as it was, not as an FF-A code. */
	assert_int_equal(ffn_mediator_cpu_up(&h->w.med, 2), FH_REGISTER_ERR);
	assert_true(h->w.sri_registered[1]);
	assert_false(h->w.sri_registered[2]);
	fh_free(h);

	/* Failing on the boot CPU: the probe fails, firmware stays off. */
	h = fh_new(&cfg);
	h->w.faults.register_fail_cpu = 0;
	assert_int_equal(ffn_mediator_probe(&h->w.med, 0), FH_REGISTER_ERR);
	assert_false(ffn_mediator_fw_enabled(&h->w.med));
	fh_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sp_to_vm_global, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_get_drops_entry, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_npi_first_online, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_npi_held_global, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_per_vcpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_race_vcpu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hold_race_global, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_more_pending_25, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vanished_hyp_badvcpu,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_drain_malformed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sri_irq_only_schedules,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_scheduler, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_scheduler, setup,
						teardown),
		cmocka_unit_test(test_sp_untracked),
		cmocka_unit_test_setup_teardown(test_sri_registration, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
