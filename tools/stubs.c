// SPDX-License-Identifier: BSD-3-Clause
/* Weak defaults for subcommands whose files have not landed yet. */
#include <stdio.h>

#include "tool.h"

__attribute__((weak)) int ffn_tool_run_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("ffa-notify: 'run' is not built yet\n", stderr);
	return 2;
}
