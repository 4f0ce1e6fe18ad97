/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A calls from the normal world: the framework calls the port answers
 * itself (FFA_ID_GET, the RX/TX pair, FFA_PARTITION_INFO_GET, direct
 * requests to the test partitions, FFA_FEATURES for those), FFA_RUN with
 * the partitions' NPI, and everything else through the engine
 * (ffn_spmc_call_ns): FFA_VERSION, FFA_FEATURES for the rest, every
 * notification ABI, FFA_MSG_WAIT and unknown FF-A IDs (NOT_SUPPORTED).
 * Pure: no hardware access, so the host tests drive it with the engine.
 */
#ifndef FW_FFA_H
#define FW_FFA_H

#include "mailbox.h"
#include "tp.h"

#define FW_FID_RX_RELEASE 0x84000065u
#define FW_FID_RXTX_MAP_64 0xC4000066u
#define FW_FID_RXTX_UNMAP 0x84000067u
#define FW_FID_PARTITION_INFO_GET 0x84000068u
#define FW_FID_ID_GET 0x84000069u
#define FW_FID_DIRECT_REQ_32 0x8400006Fu
#define FW_FID_DIRECT_REQ_64 0xC400006Fu
#define FW_FID_DIRECT_RESP_32 0x84000070u
#define FW_FID_DIRECT_RESP_64 0xC4000070u

struct fw_ffa {
	struct ffn_spmc *spmc;
	struct fw_tps *tps;
	struct fw_memmap map;
	struct fw_mailbox mb;
	struct fw_part_info parts[FW_TP_COUNT];
	/* The CPU came back through CPU_ON and has made no FF-A call since.
	 * Each entry is only touched by its own CPU. */
	bool back[FW_MAX_CPUS];
};

/* Set up @f over an initialised engine and its partitions. */
void fw_ffa_init(struct fw_ffa *f, struct ffn_spmc *spmc, struct fw_tps *tps,
		 const struct fw_memmap *map);

/*
 * @cpu leaves the pen for the normal world after PSCI CPU_ON; called on
 * that CPU. Its first FF-A call from then on first lists again what the
 * OS (ID 0) has pending per-vCPU for vCPU @cpu (ffn_spmc_vcpu_online):
 * by then the OS has marked the CPU online and can run the GET there.
 * Return: whether the caller must pend the SRI on @cpu, so that such a
 * call comes: the OS has a bitmap with per-vCPU bindings, and vCPU @cpu.
 */
bool fw_ffa_cpu_back(struct fw_ffa *f, uint32_t cpu);

/* Whether @fid is in the FF-A range of SMCCC function IDs. */
bool fw_ffa_owns(uint32_t fid);

/*
 * One FF-A call from the normal world on @cpu; @r holds it and receives
 * the result. Direct requests and FFA_RUN to a busy partition vCPU get
 * BUSY; a direct request names a known normal-world sender (ID 0, or a
 * VM with a notification bitmap) and a known partition, w2 = 0
 * (INVALID_PARAMETERS otherwise); FFA_RUN of the MP partition's
 * vCPU N is only accepted on CPU N (INVALID_PARAMETERS).
 */
void fw_ffa_call(struct fw_ffa *f, uint32_t cpu, struct ffn_regs *r);

#endif /* FW_FFA_H */
