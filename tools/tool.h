/* SPDX-License-Identifier: BSD-3-Clause */
/* Subcommands of the ffa-notify command and the helpers they share. */
#ifndef FFN_TOOL_H
#define FFN_TOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit status of every subcommand for a usage error or bad input. */
#define FFN_TOOL_EXIT_USAGE 2

/* ffa-notify script FILE|- [--keep-going]: the console (tools/console*). */
int ffn_tool_script_main(int argc, char **argv);

/* ffa-notify run [SCENARIO] [options]: the concurrent platform (tools/run*). */
int ffn_tool_run_main(int argc, char **argv);

/* "ffa-notify 1.2.3" and the licence line, on @f. */
void ffn_tool_version(FILE *f);

/*
 * Parse the value @val of option @opt as an unsigned integer (decimal or
 * 0x hex) in [@min, @max]. Runs in the main thread at startup.
 * Return: 0 with *@out set, or -1 after printing "@prog: --opt: ..." on
 * stderr (not a number, negative, above the range, overflow).
 */
int ffn_tool_u64(const char *prog, const char *opt, const char *val,
		 uint64_t min, uint64_t max, uint64_t *out);

/*
 * Open @path for reading as a script or scenario ("-" is stdin, shown as
 * <stdin>). A directory, or a file that cannot be opened, is refused.
 * Return: the stream, or NULL after printing "@prog: PATH: REASON" (the
 * system's error text) on stderr.
 */
FILE *ffn_tool_open_input(const char *prog, const char *path);

/*
 * Read all of @path (see ffn_tool_open_input) into a NUL-terminated
 * buffer; a NUL byte inside the text is refused with "PATH:LINE: error:".
 * Return: the buffer (free() it), or NULL after printing why on stderr.
 */
char *ffn_tool_read_text(const char *prog, const char *path);

/*
 * Open @path for writing before any work starts, so that a bad output path
 * is a usage error and not a lost run.
 * Return: the stream, or NULL after printing "@prog: PATH: REASON".
 */
FILE *ffn_tool_open_output(const char *prog, const char *path);

/*
 * Flush and close @f (opened by ffn_tool_open_output); @write_rc is what
 * the writer returned.
 * Return: 0, or -1 after printing "@prog: cannot write PATH: REASON".
 */
int ffn_tool_close_output(const char *prog, const char *path, FILE *f,
			  int write_rc);

#endif /* FFN_TOOL_H */
