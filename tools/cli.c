// SPDX-License-Identifier: BSD-3-Clause
/*
 * What every subcommand needs from the command line: strict numbers,
 * inputs that are regular text, and outputs checked before the work.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool.h"

#ifndef FFN_TOOL_VERSION
#define FFN_TOOL_VERSION "0.0.0"
#endif

void ffn_tool_version(FILE *f)
{
	fputs("ffa-notify " FFN_TOOL_VERSION "\n"
	      "Arm FF-A v1.2 notifications: SPMC engine, hypervisor mediator, "
	      "endpoint driver.\n"
	      "License: BSD-3-Clause.\n",
	      f);
}

int ffn_tool_u64(const char *prog, const char *opt, const char *val,
		 uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	const char *p = val;
	char *end;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9') {
		/* strtoull would take "-1" as a huge number. */
		fprintf(stderr, "%s: %s: '%s' is not a number\n", prog, opt,
			val);
		return -1;
	}
	errno = 0;
	v = strtoull(p, &end, 0);
	if (*end != '\0' || end == p) {
		fprintf(stderr, "%s: %s: '%s' is not a number\n", prog, opt,
			val);
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		fprintf(stderr, "%s: %s: %s is out of range (%llu to %llu)\n",
			prog, opt, val, (unsigned long long)min,
			(unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

FILE *ffn_tool_open_input(const char *prog, const char *path)
{
	struct stat st;
	FILE *f;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path,
			S_ISDIR(st.st_mode) ? strerror(EISDIR)
					    : strerror(errno));
		if (f != stdin)
			fclose(f);
		return NULL;
	}
	return f;
}

char *ffn_tool_read_text(const char *prog, const char *path)
{
	FILE *f = ffn_tool_open_input(prog, path);
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *buf = NULL, *nul;
	size_t len = 0, cap = 0;
	bool bad = false;

	if (f == NULL)
		return NULL;
	for (;;) {
		size_t n;

		if (cap - len < 4096) {
			char *p = realloc(buf, cap + 65536);

			if (p == NULL) {
				fprintf(stderr, "%s: %s: out of memory\n", prog,
					name);
				bad = true;
				break;
			}
			buf = p;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (!bad && ferror(f)) {
		fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
		bad = true;
	}
	if (f != stdin)
		fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	nul = memchr(buf, '\0', len);
	if (nul != NULL) {
		unsigned line = 1;

		for (const char *q = buf; q < nul; q++)
			line += *q == '\n';
		fprintf(stderr, "%s:%u: error: NUL byte in the line\n", name,
			line);
		free(buf);
		return NULL;
	}
	return buf;
}

FILE *ffn_tool_open_output(const char *prog, const char *path)
{
	struct stat st;
	FILE *f;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(EISDIR));
		return NULL;
	}
	f = fopen(path, "w");
	if (f == NULL)
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
	return f;
}

int ffn_tool_close_output(const char *prog, const char *path, FILE *f,
			  int write_rc)
{
	int err = 0;

	if (fflush(f) != 0 || ferror(f))
		err = errno ? errno : EIO;
	if (fclose(f) != 0 && err == 0)
		err = errno;
	if (err == 0 && write_rc == 0)
		return 0;
	fprintf(stderr, "%s: cannot write %s: %s\n", prog, path,
		strerror(err ? err : EIO));
	return -1;
}
