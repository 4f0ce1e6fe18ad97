// SPDX-License-Identifier: BSD-3-Clause
/* The SPMC notification engine (being written). */
#include "ffn/spmc.h"
