// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SVG sequence diagram of `ffa-notify run --svg`: the first delivery
 * of each path, call by call, recorded while the system is otherwise idle
 * (ffn_sim_capture). Lanes are the roles a notification passes through;
 * each row is one arrow with its label above the line and its time since
 * the block's first row in the left column.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define SEV_CAP 4096u

bool sim_capturing(struct ffn_sim *s)
{
	return atomic_load(&s->cap_block) >= 0;
}

int sim_lane_of(struct ffn_sim *s, struct sim_dom *d)
{
	if (d == s->cap_snd)
		return LANE_SENDER;
	if (d == s->cap_rcv)
		return LANE_RCV;
	if (d == s->sched)
		return LANE_SCHED;
	return -1;
}

void sim_sev_add(struct ffn_sim *s, int from, int to, char kind,
		 const char *label)
{
	struct sim_sev *e, *grown;
	int block = atomic_load(&s->cap_block);
	uint64_t now = ffn_sim_now();

	if (block < 0 || from < 0 || (kind != 'n' && to < 0))
		return;
	pthread_mutex_lock(&s->trace_mu);
	grown = sim_grow(s->sev, &s->capsev, s->nsev, sizeof(*e), 256, SEV_CAP);
	if (grown == NULL) {
		pthread_mutex_unlock(&s->trace_mu);
		return;
	}
	s->sev = grown;
	e = &s->sev[s->nsev++];
	e->block = block;
	e->from = from;
	e->to = to;
	e->kind = kind;
	e->ts = now;
	snprintf(e->label, sizeof(e->label), "%s", label);
	pthread_mutex_unlock(&s->trace_mu);
}

static void xml_text(FILE *f, const char *str)
{
	for (; *str; str++) {
		switch (*str) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*str, f);
		}
	}
}

/* Geometry, in pixels. */
#define SVG_W 1600
#define TIME_X 84   /* right edge of the time column */
#define LANE_X0 200 /* first lifeline */
#define LANE_DX 260
#define LANE_BOX 170
#define HEAD_Y 62 /* top of the lane boxes */
#define TOP 100	  /* first row */
#define ROW_H 28
#define LABEL_UP 6 /* a label's baseline above its line */

static int lane_x(int lane)
{
	return LANE_X0 + lane * LANE_DX;
}

/* How each kind is drawn: class, colour, width, dashes, marker. */
struct style {
	char kind;
	const char *cls, *color, *dash, *what;
	double width;
};

static const struct style styles[] = {
	{'c', "call", "#222", "", "call", 1.2},
	{'r', "ret", "#555", "6,3", "return", 1.2},
	{'i', "irq", "#c0392b", "", "interrupt", 1.6},
	{'v', "virq", "#7d3c98", "2,2", "virtual interrupt", 1.6},
	{'h', "handover", "#1f77b4", "10,3", "CPU handed over", 3.0},
};

static const struct style *style_of(char kind)
{
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (styles[i].kind == kind)
			return &styles[i];
	return &styles[0];
}

static void svg_head(FILE *f, int h, const char *const *lanes, int life_end)
{
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"DejaVu Sans Mono, monospace\" "
		"font-size=\"11\">\n<defs>\n",
		SVG_W, h, SVG_W, h);
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		fprintf(f,
			"<marker id=\"m%c\" markerWidth=\"9\" "
			"markerHeight=\"8\" refX=\"8.5\" refY=\"4\" "
			"orient=\"auto\" markerUnits=\"userSpaceOnUse\">"
			"<path d=\"M0,0 L9,4 L0,8 z\" fill=\"%s\"/></marker>\n",
			styles[i].kind, styles[i].color);
	/* The halo only hides the grey lifelines behind a label. */
	fputs("<style>text.l{paint-order:stroke;stroke:#fff;stroke-width:3px;"
	      "stroke-linejoin:round}"
	      ".h{font-size:13px;font-weight:bold}"
	      ".b{font-size:12px;font-weight:bold;fill:#1a5276}"
	      ".t{fill:#777;font-size:10px}</style>\n</defs>\n",
	      f);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", SVG_W,
		h);
	fputs("<text x=\"10\" y=\"20\" class=\"h\">ffa-notify run: the first "
	      "delivery of each path, call by call</text>\n",
	      f);
	/* Legend: one sample line per kind, and the callback note. */
	fputs("<g class=\"legend\">", f);
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		const struct style *st = &styles[i];
		int x = 10 + (int)i * 200;

		fprintf(f,
			"<g class=\"key\"><line x1=\"%d\" y1=\"38\" x2=\"%d\" "
			"y2=\"38\" stroke=\"%s\" stroke-width=\"%.1f\"",
			x, x + 50, st->color, st->width);
		if (*st->dash)
			fprintf(f, " stroke-dasharray=\"%s\"", st->dash);
		fprintf(f,
			" marker-end=\"url(#m%c)\"/><text x=\"%d\" y=\"42\">"
			"%s</text></g>",
			st->kind, x + 58, st->what);
	}
	fprintf(f,
		"<g class=\"key\"><rect x=\"%d\" y=\"30\" width=\"50\" "
		"height=\"16\" rx=\"3\" fill=\"#fdebd0\" stroke=\"#ca6f1e\"/>"
		"<text x=\"%d\" y=\"42\">receiver's callback</text></g>",
		10 + 5 * 200, 10 + 5 * 200 + 58);
	fputs("</g>\n", f);
	fprintf(f,
		"<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"b\">"
		"t, us</text>\n",
		TIME_X, HEAD_Y + 17);
	for (int l = 0; l < LANE_COUNT; l++) {
		int x = lane_x(l);

		fprintf(f,
			"<g class=\"lane\" id=\"lane-%d\"><rect x=\"%d\" "
			"y=\"%d\" width=\"%d\" height=\"24\" rx=\"4\" "
			"fill=\"#eaf2f8\" stroke=\"#1a5276\"/><text x=\"%d\" "
			"y=\"%d\" text-anchor=\"middle\" class=\"h\">%s</text>"
			"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			"stroke=\"#bbb\" stroke-dasharray=\"4,4\"/></g>\n",
			l, x - LANE_BOX / 2, HEAD_Y, LANE_BOX, x, HEAD_Y + 17,
			lanes[l], x, HEAD_Y + 24, x, life_end);
	}
}

static void svg_note(FILE *f, const struct sim_sev *e, int y)
{
	int x = lane_x(e->from);

	fprintf(f,
		"<g class=\"note\"><rect x=\"%d\" y=\"%d\" width=\"340\" "
		"height=\"20\" rx=\"3\" fill=\"#fdebd0\" stroke=\"#ca6f1e\"/>"
		"<text x=\"%d\" y=\"%d\">",
		x - 330, y - 14, x - 322, y);
	xml_text(f, e->label);
	fputs("</text></g>\n", f);
}

static void svg_arrow(FILE *f, const struct sim_sev *e, int y)
{
	const struct style *st = style_of(e->kind);
	int x1 = lane_x(e->from), x2 = lane_x(e->to);

	if (x1 == x2)
		x2 = x1 + 40;
	fprintf(f,
		"<g class=\"%s\" data-from=\"%d\" data-to=\"%d\"><line "
		"x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		"stroke-width=\"%.1f\"",
		st->cls, e->from, e->to, x1, y, x2, y, st->color, st->width);
	if (*st->dash)
		fprintf(f, " stroke-dasharray=\"%s\"", st->dash);
	/* Labels start clear of the arrowhead and of the tail's lifeline. */
	fprintf(f,
		" marker-end=\"url(#m%c)\"/><text class=\"l\" x=\"%d\" "
		"y=\"%d\" fill=\"%s\">",
		st->kind, (x1 < x2 ? x1 : x2) + 12, y - LABEL_UP,
		e->kind == 'c' || e->kind == 'r' ? "#222" : st->color);
	xml_text(f, e->label);
	fputs("</text></g>\n", f);
}

int ffn_sim_write_svg(struct ffn_sim *s, FILE *f)
{
	static const char *const lane_hyp[LANE_COUNT] = {
		"sender",   "SPMC",	    "SRI / CPU",
		"mediator", "scheduler VM", "receiver vCPU",
	};
	/* Without a hypervisor the OS's work item does the mediator's job
	 * and the OS itself schedules the SPs. */
	static const char *const lane_os[LANE_COUNT] = {
		"sender",	"SPMC",		  "SRI / CPU",
		"ns work item", "scheduler (ns)", "receiver",
	};
	const char *const *lane_names = s->cfg.hyp_off ? lane_os : lane_hyp;
	int y, last;

	pthread_mutex_lock(&s->trace_mu);
	/* The height: the rows exactly, so no lifeline runs on empty. */
	last = TOP;
	for (unsigned b = 0; b < s->nblocks; b++) {
		last += ROW_H + ROW_H / 2;
		for (size_t i = 0; i < s->nsev; i++)
			last += s->sev[i].block == (int)b ? ROW_H : 0;
	}
	svg_head(f, last + 24, lane_names, last + 10);
	y = TOP;
	for (unsigned b = 0; b < s->nblocks; b++) {
		uint64_t t0 = 0;

		y += ROW_H;
		fprintf(f, "<text x=\"10\" y=\"%d\" class=\"b\">", y);
		xml_text(f, s->blocks[b].title);
		fputs("</text>\n", f);
		fprintf(f,
			"<line x1=\"10\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			"stroke=\"#1a5276\" stroke-width=\"0.5\"/>\n",
			y + 6, SVG_W - 10, y + 6);
		y += ROW_H / 2;
		for (size_t i = 0; i < s->nsev; i++) {
			const struct sim_sev *e = &s->sev[i];

			if (e->block != (int)b)
				continue;
			if (t0 == 0)
				t0 = e->ts;
			y += ROW_H;
			fprintf(f,
				"<text class=\"t\" x=\"%d\" y=\"%d\" "
				"text-anchor=\"end\">%.1f</text>\n",
				TIME_X, y + 4, (double)(e->ts - t0) / 1000.0);
			if (e->kind == 'n')
				svg_note(f, e, y);
			else
				svg_arrow(f, e, y);
		}
	}
	fputs("</svg>\n", f);
	pthread_mutex_unlock(&s->trace_mu);
	return ferror(f) ? -1 : 0;
}
