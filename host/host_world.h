/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What every hosted world (the console, the simulator, the benchmarks,
 * the tests and the fuzzers) agrees on about its interrupt controller:
 * the interrupt IDs the SPMC hands out with FFA_FEATURES. They are the
 * ones Hafnium and TF-A use on Arm, so traces read as on hardware.
 */
#ifndef FFN_HOST_WORLD_H
#define FFN_HOST_WORLD_H

#include "ffn/spmc.h"

#define FFN_HOST_NPI_INTID 5u /* virtual, S-EL1 SPs */
#define FFN_HOST_MEI_INTID 4u /* virtual, S-EL1 SPs */
#define FFN_HOST_SRI_INTID 8u /* non-secure SGI 8 */

/* Fill the interrupt IDs of an SPMC configuration. */
static inline void ffn_host_spmc_intids(struct ffn_spmc_config *cfg)
{
	cfg->npi_intid = FFN_HOST_NPI_INTID;
	cfg->mei_intid = FFN_HOST_MEI_INTID;
	cfg->sri_intid = FFN_HOST_SRI_INTID;
}

#endif /* FFN_HOST_WORLD_H */
