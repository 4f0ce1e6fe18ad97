// SPDX-License-Identifier: BSD-3-Clause
/*
 * Bytes of state per VM, per vCPU and per SP, from the storage-size
 * functions: the difference between two configurations that differ only
 * in the counted thing, divided by how much it differs. ID maps are sized
 * to powers of two, so every difference is taken between powers of two,
 * where the map's share (2 slots of 8 bytes per entry) is exact.
 */
#include <stdlib.h>

#include "bench.h"

static size_t spmc_size(uint32_t sps, uint16_t sp_vcpus, uint32_t vms,
			uint16_t vm_vcpus)
{
	struct ffn_spmc_sp_desc *d = calloc(sps ? sps : 1, sizeof(*d));
	struct ffn_spmc_config cfg = {
		.sps = d,
		.sp_count = sps,
		.vm_capacity = vms,
		.vm_max_vcpus = vm_vcpus,
		.cpu_count = BW_CPUS,
	};
	size_t size;

	for (uint32_t i = 0; i < sps; i++) {
		d[i].id = (ffn_id_t)(0x8001u + i);
		d[i].vcpu_count = sp_vcpus;
		d[i].notifications = true;
	}
	size = ffn_spmc_storage_size(&cfg);
	free(d);
	if (size == 0) {
		fprintf(stderr, "ffn-bench: bad SPMC config\n");
		exit(1);
	}
	return size;
}

static size_t med_size(uint32_t vms, uint32_t sps)
{
	struct ffn_mediator_config cfg = {
		.vm_capacity = vms,
		.sp_capacity = sps,
		.policy_capacity = 64,
		.cpu_count = BW_CPUS,
	};

	return ffn_mediator_storage_size(&cfg);
}

/*
 * Bytes are whole: every difference above is taken where the sizes are
 * exact multiples of what is counted, so the quotient is an integer; it
 * is rounded (not truncated) against floating-point noise.
 */
static void row(FILE *csv, const char *layer, const char *what, double bytes,
		const char *how)
{
	unsigned long long b = (unsigned long long)(bytes + 0.5);

	fprintf(csv, "%s,%s,%llu,\"%s\"\n", layer, what, b, how);
	fprintf(stderr, "  memory %-8s %-28s %9llu B\n", layer, what, b);
}

int bench_memory(const struct bw_opts *o)
{
	FILE *csv = bw_csv(o, "memory.csv", "layer,what,bytes,how");
	double per_vm1, per_vm4, per_vm8, per_vm64;

	/* SPMC, per normal-world bitmap (VM) of V vCPUs. */
	per_vm1 = (double)(spmc_size(16, 8, 2048, 1) -
			   spmc_size(16, 8, 1024, 1)) /
		  1024.0;
	per_vm4 = (double)(spmc_size(16, 8, 2048, 4) -
			   spmc_size(16, 8, 1024, 4)) /
		  1024.0;
	per_vm8 = (double)(spmc_size(16, 8, 2048, 8) -
			   spmc_size(16, 8, 1024, 8)) /
		  1024.0;
	per_vm64 = (double)(spmc_size(16, 8, 2048, 64) -
			    spmc_size(16, 8, 1024, 64)) /
		   1024.0;
	row(csv, "spmc", "per VM (1 vCPU)", per_vm1,
	    "(size(2048 VMs)-size(1024 VMs))/1024 at vm_max_vcpus=1");
	row(csv, "spmc", "per VM (4 vCPUs)", per_vm4, "same at vm_max_vcpus=4");
	row(csv, "spmc", "per VM (8 vCPUs)", per_vm8, "same at vm_max_vcpus=8");
	row(csv, "spmc", "per VM vCPU", (per_vm64 - per_vm8) / 56.0,
	    "(per VM at 64 vCPUs - per VM at 8)/56");
	row(csv, "spmc", "per SP (1 vCPU)",
	    (double)(spmc_size(32, 1, 8, 4) - spmc_size(16, 1, 8, 4)) / 16.0,
	    "(size(32 SPs)-size(16 SPs))/16");
	row(csv, "spmc", "per SP vCPU",
	    (double)(spmc_size(16, 64, 8, 4) - spmc_size(16, 8, 8, 4)) /
		    (16.0 * 56.0),
	    "(size(SPs of 64 vCPUs)-size(SPs of 8))/(16*56)");
	row(csv, "spmc", "total at 32767 VMs x 4 vCPUs + 16 SPs x 8",
	    (double)spmc_size(16, 8, 32767, 4), "ffn_spmc_storage_size");

	/* Mediator: the instance's per-VM share plus the VM's context. */
	double med_vm_map =
		(double)(med_size(2048, 16) - med_size(1024, 16)) / 1024.0;
	row(csv, "mediator", "per VM in the instance", med_vm_map,
	    "(size(2048 VMs)-size(1024 VMs))/1024");
	row(csv, "mediator", "per VM context (1 vCPU)",
	    (double)ffn_med_vm_storage_size(1), "ffn_med_vm_storage_size(1)");
	row(csv, "mediator", "per VM context (4 vCPUs)",
	    (double)ffn_med_vm_storage_size(4), "ffn_med_vm_storage_size(4)");
	row(csv, "mediator", "per VM vCPU",
	    (double)(ffn_med_vm_storage_size(64) - ffn_med_vm_storage_size(8)) /
		    56.0,
	    "(ffn_med_vm_storage_size(64)-(8))/56");
	row(csv, "mediator", "per SP (scheduler records)",
	    (double)(med_size(1024, 32) - med_size(1024, 16)) / 16.0,
	    "(size(sp_capacity 32)-size(16))/16");
	row(csv, "mediator", "total at 32767 VMs x 4 vCPUs",
	    (double)med_size(32767, 16) +
		    32767.0 * (double)ffn_med_vm_storage_size(4),
	    "storage_size + 32767 * ffn_med_vm_storage_size(4)");
	fclose(csv);
	return 0;
}
