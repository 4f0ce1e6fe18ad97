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
#include <errno.h>
#include <getopt.h>
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

static bool target_matches(const struct ffn_hp_ep *want,
			   const struct ffn_hp_ep *got)
{
	if (want->kind != got->kind)
		return false;
	if (want->kind != FFN_HP_EP_CPU && want->id != got->id)
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

static int runner_line(struct runner *rn, const char *line, size_t len,
		       unsigned lineno)
{
	struct con_stmt st;
	char err[CON_ERR_LEN];

	/* The parser sees a C string: a NUL would silently cut the line. */
	if (memchr(line, '\0', len) != NULL) {
		diag(rn->name, lineno, "error: NUL byte in the line");
		return ST_MALFORMED;
	}
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
	ssize_t n;

	while (status == ST_CONTINUE && (n = getline(&line, &cap, in)) >= 0) {
		status = runner_line(&rn, line, (size_t)n, ++lineno);
		fflush(stdout);
	}
	if (status == ST_CONTINUE && ferror(in)) {
		diag(name, lineno + 1, "error: %s", strerror(errno));
		status = ST_MALFORMED;
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
	ssize_t n;

	memset(&rn, 0, sizeof(rn));
	while ((n = getline(&line, &cap, in)) >= 0) {
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
			status = runner_line(&rn, line, (size_t)n, lineno);
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

static void usage(FILE *f)
{
	fputs("usage: ffa-notify script [--keep-going] FILE|-\n"
	      "       ffa-notify script --doc [--keep-going] FILE.md\n"
	      "\n"
	      "Drives FF-A calls register by register against the real SPMC\n"
	      "engine and mediator in one deterministic, single-threaded "
	      "world,\n"
	      "prints every call, its result registers and every interrupt,\n"
	      "and checks the expectations written next to the calls.\n"
	      "\n"
	      "options:\n"
	      "  -k, --keep-going  run to the end, print and count every "
	      "failure\n"
	      "  -d, --doc         FILE.md: run each ```ffa block in a fresh "
	      "world\n"
	      "                    (a first line '# exit: N' is the status it "
	      "must end with)\n"
	      "  -h, --help        this text\n"
	      "  -V, --version     the version\n"
	      "\n"
	      "The language, one statement per line ('#' starts a comment):\n"
	      "  setup        cpus N; hypervisor on|off; sp ID [vcpus N] "
	      "[el0]\n"
	      "               [no-notifications]\n"
	      "  VMs          vm ID [vcpus N]; destroy vm:ID; vcpu vm:ID.N "
	      "off|on;\n"
	      "               scheduler vm:ID|none; allow vm:A -> vm:B\n"
	      "  a call       ENDPOINT ABI [wN=VALUE|xN=VALUE ...], ENDPOINT "
	      "being\n"
	      "               ns[.CPU], vm:ID[.VCPU] or sp:ID[.VCPU]; e.g.\n"
	      "               sp:0x8001 FFA_NOTIFICATION_SET w1=0x80010001 "
	      "w3=0x1\n"
	      "  expectation  expect FFA_SUCCESS_32 [wN=V ...]; expect "
	      "FFA_ERROR CODE;\n"
	      "               expect wN=V; expect [no] irq [SRI|NPI] "
	      "[TARGET]\n"
	      "Reference and tutorial: docs/console.md.\n"
	      "\n"
	      "Exit status: 0 when every expectation holds; 1 when one fails\n"
	      "(FILE:LINE: expected ..., got ...); 2 for a usage error, an\n"
	      "unreadable file or a malformed line (FILE:LINE: error: ...), "
	      "with\n"
	      "nothing run past it.\n",
	      f);
}

#define PROG "ffa-notify script"

int ffn_tool_script_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"keep-going", no_argument, NULL, 'k'},
		{"doc", no_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *file;
	bool keep_going = false, doc = false;
	FILE *in;
	int rc, c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":kdhV", lo, NULL)) != -1) {
		switch (c) {
		case 'k':
			keep_going = true;
			break;
		case 'd':
			doc = true;
			break;
		case 'h':
			usage(stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		case 'V':
			ffn_tool_version(stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		default:
			fprintf(stderr, PROG ": unknown option '%s'\n",
				argv[optind - 1]);
			fputs("Try 'ffa-notify script --help'.\n", stderr);
			return FFN_TOOL_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, PROG ": %s\n",
			optind == argc
				? "no script given (FILE, or - for stdin)"
				: "one script at most");
		fputs("Try 'ffa-notify script --help'.\n", stderr);
		return FFN_TOOL_EXIT_USAGE;
	}
	file = argv[optind];
	in = ffn_tool_open_input(PROG, file);
	if (in == NULL)
		return FFN_TOOL_EXIT_USAGE;
	if (in == stdin)
		file = "<stdin>";
	/* Engine logs go to stderr as they happen: keep the transcript in
	 * step with them line by line. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = doc ? run_doc(in, file, keep_going)
		 : run_file(in, file, keep_going);
	if (in != stdin)
		fclose(in);
	if (fflush(stdout) != 0 && rc == 0) {
		fprintf(stderr, PROG ": cannot write the transcript\n");
		rc = 1;
	}
	return rc;
}
