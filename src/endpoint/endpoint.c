// SPDX-License-Identifier: BSD-3-Clause
/* The endpoint driver (placeholder until it lands). */
#include "ffn/abi.h"
