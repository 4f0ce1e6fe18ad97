// SPDX-License-Identifier: BSD-3-Clause
/* ffa-notify: script, run, trace and benchmark FF-A notification flows. */
#include <stdio.h>
#include <string.h>

#include "tool.h"

static void usage(FILE *f)
{
	fputs("usage: ffa-notify COMMAND [ARGS]\n"
	      "\n"
	      "Arm FF-A v1.2 notifications on the host: the SPMC engine, the\n"
	      "hypervisor mediator and the endpoint driver, scripted or run "
	      "on threads.\n"
	      "\n"
	      "commands:\n"
	      "  script FILE|- [--keep-going]   run a console script\n"
	      "  script --doc FILE.md           run every ```ffa example of a "
	      "document\n"
	      "                                 (ffa-notify script --help)\n"
	      "  run [SCENARIO] [options]       run a concurrent simulation\n"
	      "                                 (ffa-notify run --help)\n"
	      "  help, -h, --help               this text\n"
	      "  -V, --version                  the version\n"
	      "\n"
	      "Exit status: that of the command; 2 for a usage error.\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return FFN_TOOL_EXIT_USAGE;
	}
	if (strcmp(argv[1], "script") == 0)
		return ffn_tool_script_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0)
		return ffn_tool_run_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		ffn_tool_version(stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	fprintf(stderr, "ffa-notify: unknown command '%s'\n", argv[1]);
	fprintf(stderr, "Try 'ffa-notify --help'.\n");
	return FFN_TOOL_EXIT_USAGE;
}
