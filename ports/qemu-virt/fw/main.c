// SPDX-License-Identifier: BSD-3-Clause
/*
 * Boot flow, the EL3 register set-up, the engine's ports and the SMC
 * entry. docs/qemu.md describes the whole path.
 */
#include "arch.h"
#include "boundary.h"
#include "console.h"
#include "fdt.h"
#include "ffa.h"
#include "hw.h"
#include "platform.h"
#include "psci.h"

#define EC_SMC32 0x13u
#define EC_SMC64 0x17u

#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define SMCCC_VERSION_1_2 0x10002
#define SMCCC_NOT_SUPPORTED (-1)

#define SCR_NS (1ull << 0)
#define SCR_RES1 (3ull << 4)
#define SCR_HCE (1ull << 8)
#define SCR_RW (1ull << 10)
#define SCR_APK (1ull << 16)
#define SCR_API (1ull << 17)
#define SCR_HXEN (1ull << 38)
#define CPTR_EZ (1ull << 8)
#define CPTR_ESM (1ull << 12)
#define VL_MAX 0xfull /* ZCR/SMCR LEN: the largest vector length */

#define VM_CAPACITY 64u
#define VM_MAX_VCPUS 16u
#define ENGINE_STORAGE (256u * 1024u)

/* The frame start.S saves: x0..x30, ELR_EL3, SPSR_EL3. */
struct fw_frame {
	uint64_t x[31];
	uint64_t elr, spsr, pad;
};

char fw_stacks[FW_MAX_CPUS * FW_STACK_SIZE] __attribute__((aligned(16)));
volatile uint32_t fw_boot_ready;

static struct ffn_spmc spmc;
static struct fw_tps tps;
static struct fw_ffa ffa;
static uint64_t storage[ENGINE_STORAGE / 8];
static uint32_t cpu_count;

void fw_main(uint32_t cpu);
void fw_exc_lower_sync(struct fw_frame *f);
void fw_exc_unexpected(struct fw_frame *f, uint64_t kind);

static void raise_sri(void *ctx, uint32_t cpu)
{
	(void)ctx;
	fw_gic_raise_ns_sgi(cpu, FW_SRI_INTID);
}

static void pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	fw_tp_pend_npi(ctx, sp, vcpu);
}

/* A CPU back from CPU_ON (psci.h): the SRI pends until the OS enables it
 * there, after it marked the CPU online; its INFO_GET then re-lists. */
static void cpu_back(uint32_t cpu)
{
	if (fw_ffa_cpu_back(&ffa, cpu))
		fw_gic_raise_ns_sgi(cpu, FW_SRI_INTID);
}

static const struct ffn_spmc_ops engine_ops = {
	.raise_sri = raise_sri,
	.pend_npi = pend_npi,
};

void fw_el3_regs_init(void)
{
	uint64_t pfr0 = fw_read_sysreg(id_aa64pfr0_el1);
	uint64_t pfr1 = fw_read_sysreg(id_aa64pfr1_el1);
	bool sve = ((pfr0 >> 32) & 0xf) != 0, sme = ((pfr1 >> 24) & 0xf) != 0;

	fw_write_sysreg(scr_el3, SCR_NS | SCR_RES1 | SCR_HCE | SCR_RW |
					 SCR_APK | SCR_API | SCR_HXEN);
	/* Without EZ/ESM, the kernel's first SVE/SME register access traps
	 * to EL3. */
	fw_write_sysreg(cptr_el3, (sve ? CPTR_EZ : 0) | (sme ? CPTR_ESM : 0));
	fw_isb();
	if (sve)
		fw_write_sysreg(S3_6_C1_C2_0, VL_MAX); /* ZCR_EL3 */
	if (sme)
		fw_write_sysreg(S3_6_C1_C2_6, VL_MAX); /* SMCR_EL3 */
	fw_isb();
}

/* The firmware answers SMCCC's own calls, PSCI, and FF-A. */
static void smc(struct fw_frame *f, uint64_t esr)
{
	uint32_t cpu = fw_this_cpu();
	uint32_t fid = (uint32_t)f->x[0];
	struct ffn_regs r;

	/* SMCCC calls use SMC #0 only. */
	if ((esr & 0xffffu) != 0) {
		fw_regs_out_smccc(f->x, SMCCC_NOT_SUPPORTED);
		return;
	}
	fw_regs_in(&r, f->x);
	if (fw_ffa_owns(fid)) {
#if FW_TRACE >= 2
		uint64_t a1 = r.x[1], a2 = r.x[2], a3 = r.x[3];
#endif
		fw_ffa_call(&ffa, cpu, &r);
		fw_regs_out(f->x, &r);
#if FW_TRACE >= 2
		fw_log("CPU %u: %x(%llx, %llx, %llx) -> %x %llx %llx %llx", cpu,
		       fid, (unsigned long long)a1, (unsigned long long)a2,
		       (unsigned long long)a3, (unsigned)f->x[0],
		       (unsigned long long)f->x[1], (unsigned long long)f->x[2],
		       (unsigned long long)f->x[3]);
#endif
	} else if (fw_psci_owns(fid)) {
		fw_regs_out_smccc(f->x, fw_psci_call(cpu, &r));
	} else if (fid == SMCCC_VERSION) {
		fw_regs_out_smccc(f->x, SMCCC_VERSION_1_2);
	} else if (fid == SMCCC_ARCH_FEATURES) {
		uint32_t q = (uint32_t)r.x[1];
		fw_regs_out_smccc(f->x,
				  q == SMCCC_VERSION || q == SMCCC_ARCH_FEATURES
					  ? 0
					  : SMCCC_NOT_SUPPORTED);
	} else {
		fw_regs_out_smccc(f->x, SMCCC_NOT_SUPPORTED);
	}
}

static void report(struct fw_frame *f, const char *what, uint64_t esr)
{
	fw_fatal("%s on CPU %u: EC=0x%x ESR=0x%llx ELR=0x%llx FAR=0x%llx "
		 "SPSR=0x%llx",
		 what, fw_this_cpu(), (unsigned)((esr >> 26) & 0x3f),
		 (unsigned long long)esr, (unsigned long long)f->elr,
		 (unsigned long long)fw_read_sysreg(far_el3),
		 (unsigned long long)f->spsr);
}

void fw_exc_lower_sync(struct fw_frame *f)
{
	uint64_t esr = fw_read_sysreg(esr_el3);
	uint32_t ec = (uint32_t)(esr >> 26) & 0x3fu;

	if (ec == EC_SMC64 || ec == EC_SMC32) {
		smc(f, esr);
		return;
	}
	report(f, "unexpected trap from the lower EL", esr);
}

void fw_exc_unexpected(struct fw_frame *f, uint64_t kind)
{
	static const char *const names[] = {
		"EL3 SP0 sync",	  "EL3 SP0 IRQ",  "EL3 SP0 FIQ",
		"EL3 SP0 SError", "EL3 sync",	  "EL3 IRQ",
		"EL3 FIQ",	  "EL3 SError",	  "lower EL sync",
		"lower EL IRQ",	  "lower EL FIQ", "lower EL SError",
		"AArch32 sync",	  "AArch32 IRQ",  "AArch32 FIQ",
		"AArch32 SError",
	};

	report(f, kind < 16 ? names[kind] : "exception",
	       fw_read_sysreg(esr_el3));
}

static void discover(uint64_t *ns_base, uint64_t *ns_end)
{
	uint64_t base, size;

	/* QEMU's own tree, read with the MMU off (byte loads only). */
	if (fw_fdt_memory((const void *)FW_QEMU_DTB, 0x200000, &base, &size) !=
		    0 ||
	    base < FW_DRAM_BASE)
		fw_fatal("no usable /memory node in QEMU's DTB at 0x%lx",
			 (unsigned long)FW_QEMU_DTB);
	*ns_base = base;
	*ns_end = base + size;
	/* The map covers 4 GiB of address space. */
	if (*ns_end > (1ull << 32))
		*ns_end = 1ull << 32;
	cpu_count = fw_gic_count_cpus(FW_MAX_CPUS);
}

static void engine_init(uint64_t ns_base, uint64_t ns_end)
{
	struct ffn_spmc_sp_desc descs[FW_TP_COUNT];
	struct ffn_spmc_config cfg;
	struct fw_memmap map = {ns_base, ns_end, (uintptr_t)__fw_start,
				(uintptr_t)__fw_end};
	int err;

	fw_tp_init(&tps, cpu_count, descs);
	memset(&cfg, 0, sizeof(cfg));
	cfg.sps = descs;
	cfg.sp_count = FW_TP_COUNT;
	cfg.vm_capacity = VM_CAPACITY;
	cfg.vm_max_vcpus = VM_MAX_VCPUS;
	cfg.cpu_count = cpu_count;
	cfg.npi_intid = FW_NPI_INTID;
	cfg.mei_intid = FW_MEI_INTID;
	cfg.sri_intid = FW_SRI_INTID;
	err = ffn_spmc_init(&spmc, &cfg, &engine_ops, &tps, storage,
			    sizeof(storage));
	if (err != 0)
		fw_fatal("engine init failed (%d), needs %u bytes", err,
			 (unsigned)ffn_spmc_storage_size(&cfg));
	fw_tp_attach(&tps, &spmc);
	fw_ffa_init(&ffa, &spmc, &tps, &map);
}

static void primary(void)
{
	uint64_t ns_base, ns_end;

	discover(&ns_base, &ns_end);
	fw_mmu_build(ns_base, ns_end);
	fw_mmu_enable();
	fw_el3_regs_init();
	fw_gic_cpu_init();
	fw_gic_dist_init();
	fw_psci_init(cpu_count, ns_base, ns_end, cpu_back);
	engine_init(ns_base, ns_end);
	fw_log("ffa-notify EL3 firmware: %u CPUs, NS DRAM 0x%llx-0x%llx, "
	       "partitions %x (1 vCPU) %x (%u vCPUs), SRI SGI %u",
	       cpu_count, (unsigned long long)ns_base,
	       (unsigned long long)ns_end, FFN_TP_UP_ID, FFN_TP_MP_ID,
	       cpu_count, FW_SRI_INTID);

	/* Secondaries still run with the MMU off: push the flag to memory. */
	fw_boot_ready = 1;
	fw_dsb_sy();
	fw_dc_civac(&fw_boot_ready);
	fw_dsb_sy();
	fw_sev();
	fw_log("entering EL2 at 0x%lx, DTB 0x%lx", (unsigned long)FW_NS_ENTRY,
	       (unsigned long)FW_NS_DTB);
	fw_cpu_enter_ns(0, FW_NS_ENTRY, FW_NS_DTB);
}

void fw_main(uint32_t cpu)
{
	if (cpu == 0)
		primary();
	fw_mmu_enable();
	fw_el3_regs_init();
	fw_gic_cpu_init();
	if (cpu >= cpu_count)
		fw_fatal("CPU %u has no redistributor", cpu);
	fw_pen(cpu);
}
