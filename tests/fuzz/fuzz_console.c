// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target (c): the console's script language. Each input is a script:
 * every line goes through con_parse_line (tools/console_parse.c), and the
 * statements that parse run in a fresh console world, as `ffa-notify
 * script` would, stopping at the first malformed line. The parser must
 * never crash or overrun on any bytes, and the world must survive any
 * statement the parser accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct con_world *w;
	char line[512], err[CON_ERR_LEN];
	size_t i = 0;
	unsigned stmts = 0;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	w = con_world_new(devnull);
	if (!w)
		abort();
	while (i < size && stmts < 64) {
		struct con_stmt st;
		size_t n = 0;

		while (i < size && data[i] != '\n' && n + 1 < sizeof(line))
			line[n++] = (char)data[i++];
		while (i < size && data[i] != '\n') /* overlong: cut */
			i++;
		i++;
		line[n] = '\0';
		memset(&st, 0, sizeof(st));
		if (con_parse_line(line, &st, err) != 0)
			break;
		stmts++;
		if (st.kind == CON_ST_EMPTY || st.kind == CON_ST_EXPECT)
			continue;
		if (con_world_exec(w, &st, err) != 0)
			break;
	}
	con_world_free(w);
	return 0;
}
