/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The benchmark world: a real SPMC engine with 16 SPs, a real mediator on
 * top of it through a minimal host port, and N VMs (IDs 1..N) created
 * through the mediator, so every VM has its SPMC bitmap.
 *
 * The port does the least a host can: an SMC is a direct call into the
 * engine, vm_get is an array index, every vCPU is online, and interrupts
 * are counted (and passed to an optional hook for the threaded benches).
 * Nothing here is a test: no assertion about time, only measurements.
 */
#ifndef FFN_BENCH_H
#define FFN_BENCH_H

#include <stdint.h>
#include <stdio.h>

#include "ffn/mediator.h"
#include "ffn/spmc.h"

#define BW_SP_COUNT 16u
#define BW_SP_VCPUS 8u
#define BW_SP_FIRST 0x8001u
/* The measured SP is in the middle of the SP table, not the first one. */
#define BW_SP_MID 0x8009u
/* The other SP of SP-to-SP calls. */
#define BW_SP_PEER 0x8004u
#define BW_CPUS 4u
#define BW_VM_VCPUS 4u

struct bw;

/* Called on every virtual interrupt the mediator injects. */
typedef void (*bw_virq_hook)(void *ctx, ffn_id_t vm, uint16_t vcpu,
			     uint32_t intid);

struct bw {
	struct ffn_spmc spmc;
	void *spmc_storage;
	size_t spmc_size;

	struct ffn_mediator med;
	void *med_storage;
	size_t med_size;

	uint32_t nvms;
	uint16_t vm_vcpus;
	struct ffn_med_vm **vm; /* [nvms], index = ID - 1 */
	uint8_t *vm_storage;
	size_t vm_stride;

	/* Port state. */
	_Atomic uint64_t sri_raised[BW_CPUS];
	_Atomic uint64_t npi_pended;
	_Atomic uint64_t virqs;
	_Atomic uint32_t work_pending;
	bw_virq_hook virq_hook;
	void *hook_ctx;
	/* Set while the measured call runs: its SMCs go through
	 * bm_smc_in_measured so callgrind can separate them. */
	int in_measured;
};

/* Build a world with @nvms VMs of @vm_vcpus vCPUs; exits on failure. */
struct bw *bw_new(uint32_t nvms, uint16_t vm_vcpus);
void bw_free(struct bw *w);

/* The VM in the middle of the creation order, and a second one. */
static inline ffn_id_t bw_vm_mid(const struct bw *w)
{
	return (ffn_id_t)(w->nvms / 2u + 1u);
}

static inline ffn_id_t bw_vm_peer(const struct bw *w)
{
	return (ffn_id_t)(w->nvms / 2u);
}

static inline struct ffn_med_vm *bw_med_vm(struct bw *w, ffn_id_t id)
{
	return w->vm[id - 1u];
}

/* Calls with a register image built from fid and w1..w4. */
void bw_regs(struct ffn_regs *r, uint32_t fid, uint64_t w1, uint64_t w2,
	     uint64_t w3, uint64_t w4);
/* Abort with a message unless @r is a success (or, with @ok_err, that
 * error). The benches only measure calls that do what they should. */
void bw_expect(const struct ffn_regs *r, int32_t ok_err, const char *what);

/* Run the mediator's SRI work if the SPMC raised the SRI on @cpu. */
void bw_take_sri(struct bw *w, uint32_t cpu);

/* Timing. */
uint64_t bw_tick(void);	       /* a cycle counter, serialised */
double bw_tick_ns(void);       /* ns per tick (calibrated once) */
double bw_tick_overhead(void); /* ticks of an empty timed region */
uint64_t bw_now_ns(void);      /* CLOCK_MONOTONIC */

/* Medians and percentiles of doubles (sorts @v). */
double bw_median(double *v, size_t n);
double bw_percentile(double *v, size_t n, double p);
/*
 * The mean of the samples at most 4x the median: the samples an interrupt
 * or a preemption hit are dropped, and the mean (unlike the median) sees
 * through a coarse clock, whose steps average out over many samples.
 */
double bw_robust_mean(double *v, size_t n);

/* Callgrind client requests (no-ops outside valgrind). */
void bw_cg_dump(const char *tag);
int bw_on_valgrind(void);

/* The subcommands. */
struct bw_opts {
	const char *out_dir; /* CSV files go here */
	int quick;	     /* smallest size, few iterations (CI) */
	int instr;	     /* callgrind mode: K1/K2 loops and dumps */
	uint32_t sizes[8];
	unsigned nsizes;
	unsigned runs;
	unsigned iters;
};

/* --vm-id-table: worlds made by bw_new use the SPMC's direct ID table. */
extern bool bw_vm_id_table;

/*
 * --qemu-marks (with --instr): each measured call is bracketed by
 * bw_mark_on/bw_mark_off and every dump also calls bw_mark_dump, for the
 * instruction-counting QEMU plugin (bench/qemu_icount.c); empty brackets
 * are measured too ("calls/calibrate/...") so their cost can be taken out.
 */
extern bool bw_marks;
void bw_mark_on(void);
void bw_mark_off(void);

/* The one ID the phases signal, and GET of every category. */
#define BIT 1ull
#define GET_ALL                                                                \
	(FFN_GET_FLAG_SP | FFN_GET_FLAG_VM | FFN_GET_FLAG_SPM |                \
	 FFN_GET_FLAG_HYP)

/* measured.c: the measured wrappers (names read by bench/instr.sh). */
void bm_measured_ns(struct bw *w, uint32_t cpu, struct ffn_regs *r);
void bm_measured_sp(struct bw *w, ffn_id_t sp, uint16_t vcpu,
		    struct ffn_regs *r);
void bm_measured_med(struct bw *w, struct ffn_med_vm *vm, struct ffn_regs *r);
void bm_measured_work(struct bw *w, uint32_t cpu);
/* ... and unmeasured calls that must answer @ok_err (FFN_OK for sp/med). */
void bw_ns_call(struct bw *w, uint32_t fid, uint64_t w1, uint64_t w2,
		uint64_t bits, int32_t ok_err, const char *what);
void bw_sp_call(struct bw *w, ffn_id_t sp, uint32_t fid, uint64_t w1,
		uint64_t w2, uint64_t bits, const char *what);
void bw_med_call(struct bw *w, ffn_id_t vm, uint32_t fid, uint64_t w1,
		 uint64_t w2, uint64_t bits, const char *what);
/* The registers of SP BW_SP_MID setting ID 0 for @vm. */
void bw_set_sp_to_vm(struct bw *w, ffn_id_t vm, struct ffn_regs *r);

int bench_calls(const struct bw_opts *o);
int bench_memory_vm_table(const struct bw_opts *o);
int bench_drain(const struct bw_opts *o);
int bench_latency(const struct bw_opts *o);
int bench_throughput(const struct bw_opts *o);
int bench_memory(const struct bw_opts *o);
int bench_simlat(const struct bw_opts *o); /* needs sim/ (FFN_BENCH_SIM) */

FILE *bw_csv(const struct bw_opts *o, const char *name, const char *header);

#endif /* FFN_BENCH_H */
