// SPDX-License-Identifier: BSD-3-Clause
/* PSCI and the pen (psci.h). */
#include "psci.h"

#include "arch.h"
#include "console.h"
#include "fw_env.h"
#include "hw.h"
#include "platform.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_AFFINITY_INFO_64 0xC4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000Au
#define SMCCC_VERSION_FID 0x80000000u

#define PSCI_VERSION_1_1 0x00010001
#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INVALID_ADDRESS (-9)
#define MIGRATE_NONE_NEEDED 2 /* no Trusted OS that would migrate */

/* AFFINITY_INFO's values. */
enum { CPU_STATE_ON = 0, CPU_STATE_OFF = 1, CPU_STATE_ON_PENDING = 2 };

struct cpu_slot {
	ffn_atomic32_t state;
	uint64_t entry, ctx; /* written under lock before ON_PENDING */
};

static struct cpu_slot cpus[FW_MAX_CPUS];
static ffn_spinlock_t lock;
static uint32_t count;
static uint64_t ns_lo, ns_hi;
static void (*on_back)(uint32_t cpu);

void fw_psci_init(uint32_t cpu_count, uint64_t ns_base, uint64_t ns_end,
		  void (*back)(uint32_t cpu))
{
	ffn_spin_init(&lock);
	on_back = back;
	count = cpu_count;
	ns_lo = ns_base;
	ns_hi = ns_end;
	for (uint32_t i = 0; i < FW_MAX_CPUS; i++)
		ffn_atomic32_store(&cpus[i].state,
				   i == 0 ? CPU_STATE_ON : CPU_STATE_OFF);
}

bool fw_psci_owns(uint32_t fid)
{
	return (fid & 0xBFFFFFE0u) == 0x84000000u;
}

/* MPIDR affinity -> CPU index, or -1 for a CPU this machine lacks. */
static int cpu_of_mpidr(uint64_t mpidr)
{
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;

	if ((mpidr & ~0xffffull) != 0 || aff0 >= 16)
		return -1;
	if (aff1 * 16 + aff0 >= count)
		return -1;
	return (int)(aff1 * 16 + aff0);
}

static int32_t cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	int cpu = cpu_of_mpidr(mpidr);
	int32_t ret = PSCI_SUCCESS;

	if (cpu < 0)
		return PSCI_INVALID_PARAMETERS;
	if (entry < ns_lo || entry >= ns_hi || (entry & 3) != 0)
		return PSCI_INVALID_ADDRESS;
	ffn_spin_lock(&lock);
	switch (ffn_atomic32_load(&cpus[cpu].state)) {
	case CPU_STATE_ON:
		ret = PSCI_ALREADY_ON;
		break;
	case CPU_STATE_ON_PENDING:
		ret = PSCI_ON_PENDING;
		break;
	default:
		cpus[cpu].entry = entry;
		cpus[cpu].ctx = ctx;
		ffn_atomic32_store(&cpus[cpu].state, CPU_STATE_ON_PENDING);
		break;
	}
	ffn_spin_unlock(&lock);
	fw_dsb_sy();
	fw_sev();
	return ret;
}

static int32_t affinity_info(uint64_t mpidr, uint64_t level)
{
	int cpu = cpu_of_mpidr(mpidr);

	if (cpu < 0 || level != 0)
		return PSCI_INVALID_PARAMETERS;
	return (int32_t)ffn_atomic32_load(&cpus[cpu].state);
}

static int32_t features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION_FID: /* how Linux learns SMCCC is 1.1 or later */
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

int32_t fw_psci_call(uint32_t cpu, const struct ffn_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	int32_t ret;

	switch (fid) {
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		ret = features((uint32_t)r->x[1]);
		break;
	case PSCI_CPU_ON_64:
		ret = cpu_on(r->x[1], r->x[2], r->x[3]);
		break;
	case PSCI_AFFINITY_INFO_32:
		ret = affinity_info((uint32_t)r->x[1], (uint32_t)r->x[2]);
		break;
	case PSCI_AFFINITY_INFO_64:
		ret = affinity_info(r->x[1], r->x[2]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = MIGRATE_NONE_NEEDED;
		break;
	case PSCI_CPU_OFF:
		ffn_atomic32_store(&cpus[cpu].state, CPU_STATE_OFF);
		fw_pen_reenter(cpu);
	case PSCI_SYSTEM_OFF:
		fw_log("SYSTEM_OFF from CPU %u", cpu);
		fw_exit(FW_EXIT_OFF);
	case PSCI_SYSTEM_RESET:
		fw_log("SYSTEM_RESET from CPU %u", cpu);
		fw_exit(FW_EXIT_RESET);
	default:
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	return ret;
}

static void __attribute__((noreturn))
enter_ns(uint32_t cpu, uint64_t entry, uint64_t ctx, bool released)
{
	fw_gic_redist_init(cpu);
	/* The SRI this may pend waits at the redistributor until the OS
	 * enables it on this CPU. */
	if (released && on_back != NULL)
		on_back(cpu);
	ffn_atomic32_store(&cpus[cpu].state, CPU_STATE_ON);
	fw_enter_el2(entry, ctx);
}

void fw_cpu_enter_ns(uint32_t cpu, uint64_t entry, uint64_t ctx)
{
	enter_ns(cpu, entry, ctx, false);
}

void fw_pen(uint32_t cpu)
{
	uint64_t entry, ctx;

	while (ffn_atomic32_load(&cpus[cpu].state) != CPU_STATE_ON_PENDING)
		fw_wfe();
	ffn_spin_lock(&lock);
	entry = cpus[cpu].entry;
	ctx = cpus[cpu].ctx;
	ffn_spin_unlock(&lock);
	enter_ns(cpu, entry, ctx, true);
}
