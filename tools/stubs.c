// SPDX-License-Identifier: BSD-3-Clause
/* Weak defaults for subcommands whose files have not landed yet. */
#include <stdio.h>

#include "tool.h"
