// SPDX-License-Identifier: BSD-3-Clause
/*
 * ffa-notify script FILE|- [--keep-going]
 * ffa-notify script --doc FILE.md [--keep-going]
 *
 * Reads a script line by line (so `-` works as an interactive console),
 * runs each statement in the world, and checks expectations against the
 * last statement that was not itself an expectation.
 *
 * Exit status: 0 when every expectation holds; 1 at the first one that
 * fails (with --keep-going: after the whole script, when any failed);
 * 2 for a malformed script, at the bad line, with nothing run past it.
 *
 * --doc runs every ```ffa block of a Markdown file as its own script in a
 * fresh world (a first line "# exit: N" sets the status that block must
 * end with) and exits 0 only when every block ends as it says. This is how
 * the examples of docs/console.md and README.md are tested.
 */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "tool.h"

enum { ST_CONTINUE = 0, ST_FAILED = 1, ST_MALFORMED = 2 };

struct runner {
	const char *name;
	struct con_world *w;
	bool keep_going;
	bool have_last;
	unsigned failures;
};

static void diag(const char *name, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void diag(const char *name, unsigned line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s:%u: ", name, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool target_matches(const struct con_ep *want, const struct con_ep *got)
{
	if (want->kind != got->kind)
		return false;
	if (want->kind != CON_EP_CPU && want->id != got->id)
		return false;
	return !want->has_vcpu || want->vcpu == got->vcpu;
}

static bool irq_matches(const struct con_stmt *st, const struct con_irq *irq)
{
	if (st->has_irq_kind && st->irq_kind != irq->kind)
		return false;
	return !st->has_target || target_matches(&st->target, &irq->target);
}

/* "irq NPI vm:1" / "irq" / "irq SRI", as the expectation names it. */
static void format_want_irq(char *buf, size_t len, const struct con_stmt *st)
{
	char ep[48] = "";

	if (st->has_target)
		con_format_ep(ep, sizeof(ep), &st->target);
	snprintf(buf, len, "irq%s%s%s%s", st->has_irq_kind ? " " : "",
		 st->has_irq_kind ? con_irq_kind_name(st->irq_kind) : "",
		 st->has_target ? " " : "", ep);
}

static void format_got_irqs(char *buf, size_t len, const struct con_irq *irqs,
			    unsigned n)
{
	size_t at = 0;

	if (n == 0) {
		snprintf(buf, len, "no interrupt");
		return;
	}
	buf[0] = '\0';
	for (unsigned i = 0; i < n && at < len; i++) {
		char one[96];
		int k;
		con_format_irq(one, sizeof(one), &irqs[i]);
		k = snprintf(buf + at, len - at, "%s%s", i ? ", " : "", one);
		if (k < 0)
			break;
		at += (size_t)k;
	}
}

static void format_result(char *buf, size_t len, const struct ffn_regs *r)
{
	char w0[32];

	con_format_w0(w0, sizeof(w0), (uint32_t)r->x[0]);
	if ((uint32_t)r->x[0] == FFN_FID_ERROR) {
		int32_t code = (int32_t)(uint32_t)r->x[2];
		const char *n = ffn_error_name(code);
		if (n != NULL)
			snprintf(buf, len, "%s %s", w0, n);
		else
			snprintf(buf, len, "%s %d", w0, code);
	} else {
		snprintf(buf, len, "%s", w0);
	}
}

/* Check one expectation. Return: true when it holds, else @msg says why. */
static bool check(const struct runner *rn, const struct con_stmt *st, char *msg,
		  size_t len)
{
	const struct ffn_regs *r = con_world_last_regs(rn->w);
	unsigned n;
	const struct con_irq *irqs = con_world_last_irqs(rn->w, &n);
	char want[512], got[512];

	if (st->ex == CON_EX_IRQ || st->ex == CON_EX_NO_IRQ) {
		bool found = false;
		for (unsigned i = 0; i < n && !found; i++)
			found = irq_matches(st, &irqs[i]);
		if (found == (st->ex == CON_EX_IRQ))
			return true;
		format_want_irq(want, sizeof(want), st);
		format_got_irqs(got, sizeof(got), irqs, n);
		snprintf(msg, len, "expected %s%s, got %s",
			 st->ex == CON_EX_NO_IRQ ? "no " : "", want, got);
		return false;
	}
	if (st->has_w0) {
		bool ok = (uint32_t)r->x[0] == st->w0;
		if (ok && st->has_code)
			ok = (uint32_t)r->x[2] == (uint32_t)st->code;
		if (!ok) {
			struct ffn_regs w;
			ffn_regs_init(&w, st->w0);
			w.x[2] = (uint32_t)st->code;
			if (st->has_code) {
				format_result(want, sizeof(want), &w);
			} else {
				con_format_w0(want, sizeof(want), st->w0);
			}
			format_result(got, sizeof(got), r);
			snprintf(msg, len, "expected %s, got %s", want, got);
			return false;
		}
	}
	for (unsigned i = 0; i < st->nregs; i++) {
		const struct con_reg *e = &st->regs[i];
		uint64_t v = r->x[e->idx];
		if (!e->is_x)
			v = (uint32_t)v;
		if (v != e->value) {
			snprintf(msg, len,
				 "expected %c%u=0x%llx, got %c%u=0x%llx",
				 e->is_x ? 'x' : 'w', e->idx,
				 (unsigned long long)e->value,
				 e->is_x ? 'x' : 'w', e->idx,
				 (unsigned long long)v);
			return false;
		}
	}
	return true;
}

static int runner_line(struct runner *rn, const char *line, unsigned lineno)
{
	struct con_stmt st;
	char err[CON_ERR_LEN];

	if (con_parse_line(line, &st, err) != 0) {
		diag(rn->name, lineno, "error: %s", err);
		return ST_MALFORMED;
	}
	if (st.kind == CON_ST_EMPTY)
		return ST_CONTINUE;
	if (st.kind == CON_ST_EXPECT) {
		char msg[1200];
		if (!rn->have_last) {
			diag(rn->name, lineno,
			     "error: expect with no statement before it");
			return ST_MALFORMED;
		}
		if (check(rn, &st, msg, sizeof(msg)))
			return ST_CONTINUE;
		diag(rn->name, lineno, "%s", msg);
		rn->failures++;
		return rn->keep_going ? ST_CONTINUE : ST_FAILED;
	}
	if (con_world_exec(rn->w, &st, err) != 0) {
		diag(rn->name, lineno, "error: %s", err);
		return ST_MALFORMED;
	}
	if (st.kind != CON_ST_CPUS && st.kind != CON_ST_HYPERVISOR &&
	    st.kind != CON_ST_SP)
		rn->have_last = true;
	return ST_CONTINUE;
}

static int runner_finish(struct runner *rn, int status)
{
	if (status == ST_CONTINUE && rn->failures > 0) {
		fflush(stdout);
		fprintf(stderr, "%s: %u expectation(s) failed\n", rn->name,
			rn->failures);
		status = ST_FAILED;
	}
	con_world_free(rn->w);
	rn->w = NULL;
	return status;
}

static int run_file(FILE *in, const char *name, bool keep_going)
{
	struct runner rn = {name, con_world_new(stdout), keep_going, false, 0};
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int status = ST_CONTINUE;

	while (status == ST_CONTINUE && getline(&line, &cap, in) >= 0) {
		status = runner_line(&rn, line, ++lineno);
		fflush(stdout);
	}
	free(line);
	return runner_finish(&rn, status);
}

/* A block's "# exit: N" first line, or 0. */
static int block_expected_exit(const char *line)
{
	int n;

	if (sscanf(line, "# exit: %d", &n) == 1)
		return n;
	return 0;
}

static int run_doc(FILE *in, const char *name, bool keep_going)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0, blocks = 0, bad = 0;
	struct runner rn;
	bool in_block = false, first = false, stopped = false;
	int status = 0, expect_exit = 0;
	unsigned start = 0;

	memset(&rn, 0, sizeof(rn));
	while (getline(&line, &cap, in) >= 0) {
		lineno++;
		if (!in_block) {
			if (strncmp(line, "```ffa", 6) == 0 &&
			    strspn(line + 6, " \t\r\n") == strlen(line + 6)) {
				in_block = first = true;
				stopped = false;
				start = lineno;
				rn = (struct runner){name,
						     con_world_new(stdout),
						     keep_going, false, 0};
				status = ST_CONTINUE;
				expect_exit = 0;
				printf("=== %s:%u\n", name, lineno);
			}
			continue;
		}
		if (strncmp(line, "```", 3) == 0) {
			in_block = false;
			status = runner_finish(&rn, status);
			blocks++;
			if (status != expect_exit) {
				bad++;
				fflush(stdout);
				fprintf(stderr,
					"%s:%u: example ended with status %d, "
					"expected %d\n",
					name, start, status, expect_exit);
			}
			continue;
		}
		if (first) {
			expect_exit = block_expected_exit(line);
			first = false;
		}
		if (!stopped) {
			status = runner_line(&rn, line, lineno);
			stopped = status != ST_CONTINUE;
		}
	}
	free(line);
	if (in_block) {
		runner_finish(&rn, status);
		fprintf(stderr, "%s:%u: unterminated ```ffa block\n", name,
			start);
		return ST_MALFORMED;
	}
	printf("=== %u example(s), %u did not end as documented\n", blocks,
	       bad);
	if (blocks == 0) {
		/* A document tested for its examples must have some. */
		fprintf(stderr, "%s: no ```ffa block\n", name);
		return ST_MALFORMED;
	}
	return bad ? ST_FAILED : 0;
}

static void usage(void)
{
	fputs("usage: ffa-notify script FILE|- [--keep-going]\n"
	      "       ffa-notify script --doc FILE.md [--keep-going]\n",
	      stderr);
}

int ffn_tool_script_main(int argc, char **argv)
{
	const char *file = NULL;
	bool keep_going = false, doc = false;
	FILE *in;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--keep-going") == 0 ||
		    strcmp(argv[i], "-k") == 0) {
			keep_going = true;
		} else if (strcmp(argv[i], "--doc") == 0) {
			doc = true;
		} else if (strcmp(argv[i], "--help") == 0 ||
			   strcmp(argv[i], "-h") == 0) {
			usage();
			return 0;
		} else if (file == NULL) {
			file = argv[i];
		} else {
			usage();
			return 2;
		}
	}
	if (file == NULL) {
		usage();
		return 2;
	}
	/* Engine logs go to stderr as they happen: keep the transcript in
	 * step with them line by line. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(file, "-") == 0) {
		in = stdin;
		file = "<stdin>";
	} else {
		in = fopen(file, "r");
		if (in == NULL) {
			perror(file);
			return 2;
		}
	}
	rc = doc ? run_doc(in, file, keep_going)
		 : run_file(in, file, keep_going);
	if (in != stdin)
		fclose(in);
	return rc;
}
