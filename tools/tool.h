/* SPDX-License-Identifier: BSD-3-Clause */
/* Subcommands of the ffa-notify command; each owns its files in tools/. */
#ifndef FFN_TOOL_H
#define FFN_TOOL_H

/* ffa-notify script FILE|- [--keep-going]: the console (tools/console*). */
int ffn_tool_script_main(int argc, char **argv);

/* ffa-notify run [SCENARIO] [options]: the concurrent platform (tools/run*). */
int ffn_tool_run_main(int argc, char **argv);

#endif /* FFN_TOOL_H */
