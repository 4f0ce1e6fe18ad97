// SPDX-License-Identifier: BSD-3-Clause
/* The hypervisor-side mediator (placeholder until it lands). */
#include "ffn/mediator.h"
