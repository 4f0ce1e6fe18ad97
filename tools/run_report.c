// SPDX-License-Identifier: BSD-3-Clause
/*
 * What `ffa-notify run` shows: the progress display (a bar redrawn in place
 * on a terminal, plain lines otherwise, always on stderr so that stdout
 * holds only the header and the table) and the final table.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "run.h"

/* The terminal's width: the window size of stderr, else $COLUMNS, else 80. */
static unsigned term_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL) {
		long n = strtol(env, NULL, 10);

		if (n > 0 && n < 10000)
			return (unsigned)n;
	}
	return 80;
}

void run_progress(void *arg, uint64_t attempted, uint64_t total, uint64_t sent,
		  double secs)
{
	struct run_progress *p = arg;
	unsigned pct = total ? (unsigned)(attempted * 100 / total) : 100;
	char text[96], line[512];
	unsigned width, tlen, bar;

	if (p->quiet)
		return;
	snprintf(text, sizeof(text), " %3u%% %llu/%llu sent %.1f s", pct,
		 (unsigned long long)sent, (unsigned long long)total, secs);
	if (!p->tty) {
		if (secs - p->last >= 1.0 || attempted >= total) {
			p->last = secs;
			fprintf(stderr, "progress:%s\n", text);
		}
		return;
	}
	/*
	 * One line that never reaches the last column (a terminal would wrap
	 * it and the carriage return would then redraw one line too low):
	 * the bar takes what the text leaves, or goes, then the text is cut.
	 */
	width = term_width();
	if (width > sizeof(line) - 8)
		width = sizeof(line) - 8;
	width = width > 1 ? width - 1 : 1;
	tlen = (unsigned)strlen(text);
	bar = width > tlen + 12 ? width - tlen - 2 : 0;
	if (bar > 0) {
		unsigned fill = pct * bar / 100, i;

		line[0] = '[';
		for (i = 0; i < bar; i++)
			line[1 + i] = i < fill ? '#' : '.';
		line[1 + bar] = ']';
		line[2 + bar] = '\0';
		strcat(line, text);
	} else {
		snprintf(line, sizeof(line), "%s", text + 1);
		line[width < strlen(line) ? width : strlen(line)] = '\0';
	}
	/* \r to the start, the line, then erase what a longer one left. */
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	p->drawn = true;
}

void run_progress_end(struct run_progress *p)
{
	if (p->drawn)
		fputc('\n', stderr);
	p->drawn = false;
}

static void add_row(struct ffn_sim_row *tot, const struct ffn_sim_row *w)
{
	tot->flows += w->flows;
	tot->sent += w->sent;
	tot->delivered += w->delivered;
	tot->coalesced += w->coalesced;
	tot->discarded += w->discarded;
	tot->lost += w->lost;
	tot->spurious += w->spurious;
	tot->rejected += w->rejected;
	if (w->max > tot->max)
		tot->max = w->max;
}

const char run_columns_help[] =
	"  coalesced  SETs of a bit already pending: one callback delivered "
	"them all\n"
	"  discarded  pending at a VM when it was destroyed (died with it)\n"
	"  lost       sent and never delivered (must be 0)\n"
	"  spurious   interrupts or runs that found nothing to take\n";

void run_print_table(const struct ffn_sim_result *r, uint64_t count)
{
	struct ffn_sim_row tot = {0};

	printf("\n%-18s %5s %8s %9s %9s %9s %5s %8s %9s %9s %9s\n", "path",
	       "flows", "sent", "delivered", "coalesced", "discarded", "lost",
	       "spurious", "p50 us", "p99 us", "max us");
	for (unsigned p = 0; p < FFN_SIM_PATH_COUNT; p++) {
		const struct ffn_sim_row *w = &r->row[p];

		if (w->flows == 0)
			continue;
		printf("%-18s %5llu %8llu %9llu %9llu %9llu %5llu %8llu %9.1f "
		       "%9.1f %9.1f\n",
		       ffn_sim_path_name((enum ffn_sim_path)p),
		       (unsigned long long)w->flows,
		       (unsigned long long)w->sent,
		       (unsigned long long)w->delivered,
		       (unsigned long long)w->coalesced,
		       (unsigned long long)w->discarded,
		       (unsigned long long)w->lost,
		       (unsigned long long)w->spurious, (double)w->p50 / 1e3,
		       (double)w->p99 / 1e3, (double)w->max / 1e3);
		add_row(&tot, w);
	}
	printf("%-18s %5llu %8llu %9llu %9llu %9llu %5llu %8llu %9s %9s "
	       "%9.1f\n",
	       "total", (unsigned long long)tot.flows,
	       (unsigned long long)tot.sent, (unsigned long long)tot.delivered,
	       (unsigned long long)tot.coalesced,
	       (unsigned long long)tot.discarded, (unsigned long long)tot.lost,
	       (unsigned long long)tot.spurious, "", "", (double)tot.max / 1e3);
	printf("\n%s", run_columns_help);
	printf("\n%.2f s; physical SRIs %llu (unhandled %llu); mediator "
	       "INFO_GET_64 %llu; scheduler SRI handlers %llu (spurious %llu); "
	       "FFA_RUN %llu (errors %llu);\nVMs churned %llu (contexts freed "
	       "%llu, drain entries for vanished VMs %llu); vCPUs taken "
	       "offline %llu (NPIs held %llu); SETs refused %llu\n",
	       r->seconds, (unsigned long long)r->sri_taken,
	       (unsigned long long)r->sri_unhandled,
	       (unsigned long long)r->med_info_get,
	       (unsigned long long)r->sched_sri,
	       (unsigned long long)r->sched_spurious,
	       (unsigned long long)r->runs, (unsigned long long)r->run_errors,
	       (unsigned long long)r->churns, (unsigned long long)r->vm_freed,
	       (unsigned long long)r->med_vanished,
	       (unsigned long long)r->vcpu_offline,
	       (unsigned long long)r->npi_held,
	       (unsigned long long)tot.rejected);
	if (r->trace_dropped)
		printf("trace: %llu events dropped (cap reached)\n",
		       (unsigned long long)r->trace_dropped);
	if (r->leaked != 0)
		printf("accounting: %llu VM slot(s) or context(s) leaked\n",
		       (unsigned long long)r->leaked);
	if (r->interrupted)
		printf("interrupted: %llu of %llu SETs attempted, the rest not "
		       "sent\n",
		       (unsigned long long)r->attempted,
		       (unsigned long long)count);
	printf("%s%s\n", r->interrupted ? "result (interrupted): " : "result: ",
	       tot.lost != 0	? "NOTIFICATIONS LOST"
	       : r->leaked != 0 ? "STATE LEAKED"
				: "nothing lost");
}
