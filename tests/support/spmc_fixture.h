/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A ready SPMC engine for unit tests: the hosted world (host/world.h)
 * with the hypervisor off, and an observer that records every SRI and
 * NPI the engine raises so tests can assert on them.
 *
 * Partitions: 0x8001 S-EL1, 2 vCPUs; 0x8002 S-EL0, 1 vCPU; 0x8003 S-EL1,
 * 8 vCPUs; 0x8004 S-EL1 without notification support. 8 CPUs (an MP SP
 * runs vCPU N on CPU N), room for
 * FX_VM_CAP normal-world bitmaps of up to 8 vCPUs.
 */
#ifndef FFN_SPMC_FIXTURE_H
#define FFN_SPMC_FIXTURE_H

#include "ffn/spmc.h"
#include "world.h"

#define FX_SP1 0x8001u
#define FX_SP_EL0 0x8002u
#define FX_SP8 0x8003u
#define FX_SP_NONOTIF 0x8004u
#define FX_CPUS 8u
#define FX_VM_CAP 64u
#define FX_VM_VCPUS 8u
#define FX_NPI_MAX 64u

struct fx_npi {
	ffn_id_t sp;
	uint16_t vcpu;
};

struct fx {
	struct ffn_hw w; /* w.spmc: the engine */
	unsigned sri[FX_CPUS];
	unsigned sri_total;
	struct fx_npi npi[FX_NPI_MAX];
	unsigned npi_count;
	struct ffn_regs r; /* the last result */
};

/* Set up with @vm_cap bitmaps (0 = FX_VM_CAP). */
struct fx *fx_new(uint32_t vm_cap);
void fx_free(struct fx *f);

/* Calls; each returns the result's FF-A error code (0 unless FFA_ERROR). */
int32_t fx_ns(struct fx *f, uint32_t fid, uint64_t w1, uint64_t w2, uint64_t w3,
	      uint64_t w4);
int32_t fx_ns_regs(struct fx *f, const struct ffn_regs *in);
/* The call in f->r from the normal world on @cpu; the answer replaces it. */
void fx_ns_on(struct fx *f, uint32_t cpu);
int32_t fx_sp(struct fx *f, ffn_id_t sp, uint16_t vcpu, uint32_t fid,
	      uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4);
int32_t fx_sp_regs(struct fx *f, ffn_id_t sp, uint16_t vcpu,
		   const struct ffn_regs *in);

/* ffn_spmc_framework_set, and what it raises delivered. */
int32_t fx_framework_set(struct fx *f, uint32_t cpu, ffn_id_t sender,
			 ffn_id_t receiver);

/* Shorthands over the ABIs. */
int32_t fx_create(struct fx *f, ffn_id_t vm, uint32_t vcpus);
int32_t fx_destroy(struct fx *f, ffn_id_t vm);
/* BIND at @receiver for @sender, from the right world. */
int32_t fx_bind(struct fx *f, ffn_id_t sender, ffn_id_t receiver,
		uint64_t bitmap, bool per_vcpu);
int32_t fx_unbind(struct fx *f, ffn_id_t sender, ffn_id_t receiver,
		  uint64_t bitmap);
/* SET from @sender (an SP's vCPU 0, or the normal world for a VM). */
int32_t fx_set(struct fx *f, ffn_id_t sender, ffn_id_t receiver, uint32_t flags,
	       uint64_t bitmap);
/* GET for @receiver's @vcpu; bitmaps land in f->r. */
int32_t fx_get(struct fx *f, ffn_id_t receiver, uint16_t vcpu, uint32_t flags);
uint64_t fx_get_sp_bits(const struct fx *f);
uint64_t fx_get_vm_bits(const struct fx *f);

/* The result registers must be exactly FFA_SUCCESS_32 with all zero. */
void fx_assert_plain_success(const struct fx *f);

#endif /* FFN_SPMC_FIXTURE_H */
