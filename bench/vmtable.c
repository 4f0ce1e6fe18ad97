// SPDX-License-Identifier: BSD-3-Clause
/*
 * What the SPMC's two ways of finding a VM's slot cost in memory (the
 * cfg.vm_id_table choice), from ffn_spmc_storage_size at several
 * capacities: the storage with the direct ID table minus the storage with
 * the hash map, the rest of the configuration equal.
 */
#include <stdlib.h>

#include "bench.h"

static size_t size_at(uint32_t vms, bool table)
{
	static struct ffn_spmc_sp_desc sp = {
		.id = 0x8001, .vcpu_count = 8, .notifications = true};
	struct ffn_spmc_config cfg = {
		.sps = &sp,
		.sp_count = 1,
		.vm_capacity = vms,
		.vm_max_vcpus = 4,
		.cpu_count = BW_CPUS,
		.vm_id_table = table,
	};

	return ffn_spmc_storage_size(&cfg);
}

int bench_memory_vm_table(const struct bw_opts *o)
{
	static const uint32_t caps[] = {16, 256, 4096, 32767};
	FILE *csv = bw_csv(o, "memory_vm_table.csv",
			   "vm_capacity,storage_hash_map,storage_id_table,"
			   "table_minus_map");

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		size_t map = size_at(caps[i], false),
		       table = size_at(caps[i], true);
		if (map == 0 || table == 0) {
			fprintf(stderr, "ffn-bench: bad SPMC config\n");
			exit(1);
		}
		fprintf(csv, "%u,%zu,%zu,%lld\n", caps[i], map, table,
			(long long)table - (long long)map);
		fprintf(stderr,
			"  memory spmc VM lookup at %5u VMs: table - map = "
			"%lld B\n",
			caps[i], (long long)table - (long long)map);
	}
	fclose(csv);
	return 0;
}
