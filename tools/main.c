// SPDX-License-Identifier: BSD-3-Clause
/* ffa-notify: script, run, trace and benchmark FF-A notification flows. */
#include <stdio.h>
#include <string.h>

#include "tool.h"

static void usage(FILE *f)
{
	fputs("usage: ffa-notify COMMAND [ARGS]\n"
	      "\n"
	      "commands:\n"
	      "  script FILE|- [--keep-going]   run a console script\n"
	      "  script --doc FILE.md           run every ```ffa example of a document\n"
	      "  run [SCENARIO] [options]       run a concurrent simulation\n"
	      "                                 (ffa-notify run --help)\n"
	      "  help                           this text\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "script") == 0)
		return ffn_tool_script_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0)
		return ffn_tool_run_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "ffa-notify: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
