// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scenario files of `ffa-notify run` (docs/scenarios.md): the console's
 * setup statements (cpus, hypervisor on|off, sp, vm, scheduler, allow) and the
 * workload statements (count, duration, rate, seed, flow, churn). Every
 * check that can be made on the text is made here, with FILE:LINE.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

/*
 * The default scenario: every path, one VM churned half-way, and every CPU
 * carrying traffic (the SRI is raised on the sender's CPU, and vCPU n runs
 * on CPU n mod 4, so senders on vCPUs 2 and 3 use CPUs 2 and 3).
 */
const char ffn_run_default_scenario[] =
	"# ffa-notify run: the default scenario\n"
	"cpus 4\n"
	"hypervisor on\n"
	"sp 0x8001 vcpus 4\n"
	"sp 0x8002 el0\n"
	"vm 1 vcpus 2\n"
	"vm 2 vcpus 4\n"
	"vm 3 vcpus 2\n"
	"vm 4 vcpus 4\n"
	"scheduler vm:1\n"
	"allow vm:2 -> vm:3\n"
	"allow vm:4 -> vm:2\n"
	"count 24000\n"
	"rate 6000\n"
	"seed 1\n"
	"flow sp:0x8001.0 -> vm:2 id 1\n"
	"flow sp:0x8001.1 -> vm:3 id 1\n"
	"flow sp:0x8001.2 -> vm:4.2 id 2 per-vcpu\n"
	"flow sp:0x8001.3 -> vm:2.3 id 3 per-vcpu\n"
	"flow vm:2.2 -> sp:0x8001 id 4\n"
	"flow vm:3.1 -> sp:0x8001 id 5\n"
	"flow vm:4.3 -> sp:0x8002 id 6\n"
	"flow sp:0x8001.1 -> sp:0x8002 id 7 delay-sri\n"
	"flow sp:0x8002 -> sp:0x8001 id 8\n"
	"flow vm:2.1 -> vm:3 id 9\n"
	"flow vm:4 -> vm:2 id 10\n"
	"churn vm:3 at 50%\n";

#define MAX_TOK 24

struct ctx {
	const char *file;
	unsigned line;
	char *err;
	size_t errlen;
	bool hyp_off;
};

static int fail(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "%s:%u: error: ", c->file, c->line);

	va_start(ap, fmt);
	if (n > 0 && (size_t)n < c->errlen)
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int num(struct ctx *c, const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0' || *s == '-')
		return fail(c, "expected a number, got '%s'", s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return fail(c, "expected a number, got '%s'", s);
	if (v > max)
		return fail(c, "%s is above the limit %llu", s,
			    (unsigned long long)max);
	*out = v;
	return 0;
}

/*
 * "vm:ID[.V]", "sp:ID[.V]" or, with hypervisor off, "ns[.CPU]" (ID 0).
 * @has_vcpu says whether .V was given.
 */
static int endpoint(struct ctx *c, const char *s, ffn_id_t *id, uint16_t *vcpu,
		    bool *has_vcpu)
{
	char buf[32];
	char *dot;
	uint64_t v;
	bool sp;

	if (strcmp(s, "ns") == 0 || strncmp(s, "ns.", 3) == 0) {
		if (!c->hyp_off)
			return fail(c,
				    "%s: the NS instance exists only with "
				    "'hypervisor off'",
				    s);
		*id = FFN_ID_NS_PHYS;
		*has_vcpu = s[2] == '.';
		*vcpu = 0;
		if (*has_vcpu) {
			if (num(c, s + 3, FFN_SIM_MAX_CPUS - 1, &v))
				return -1;
			*vcpu = (uint16_t)v;
		}
		return 0;
	}
	if (strncmp(s, "vm:", 3) == 0)
		sp = false;
	else if (strncmp(s, "sp:", 3) == 0)
		sp = true;
	else
		return fail(c, "expected vm:ID or sp:ID, got '%s'", s);
	snprintf(buf, sizeof(buf), "%s", s + 3);
	dot = strchr(buf, '.');
	*has_vcpu = dot != NULL;
	*vcpu = 0;
	if (dot != NULL) {
		*dot = '\0';
		if (num(c, dot + 1, FFN_SIM_MAX_VCPUS - 1, &v))
			return -1;
		*vcpu = (uint16_t)v;
	}
	if (num(c, buf, 0xFFFF, &v))
		return -1;
	*id = (ffn_id_t)v;
	if (sp != ffn_id_is_sp(*id))
		return fail(c, "%s: an SP ID has bit 15 set, a VM ID does not",
			    s);
	if (!sp && *id == 0)
		return fail(c, "vm:0 is the hypervisor, not a VM");
	return 0;
}

static const struct ffn_sim_dom_desc *dom(const struct ffn_sim_config *cfg,
					  ffn_id_t id)
{
	static struct ffn_sim_dom_desc ns; /* the parser is single-threaded */

	if (id == FFN_ID_NS_PHYS && cfg->hyp_off) {
		ns.id = FFN_ID_NS_PHYS;
		ns.vcpus = (uint16_t)cfg->cpus;
		return &ns;
	}
	for (uint32_t i = 0; i < cfg->dom_count; i++)
		if (cfg->doms[i].id == id)
			return &cfg->doms[i];
	return NULL;
}

static int want_args(struct ctx *c, unsigned n, unsigned min, unsigned max,
		     const char *usage)
{
	if (n < min || n > max)
		return fail(c, "usage: %s", usage);
	return 0;
}

static int stmt_dom(struct ctx *c, struct ffn_sim_config *cfg, char **t,
		    unsigned n, bool sp)
{
	struct ffn_sim_dom_desc d = {.vcpus = 1};
	uint64_t v;

	if (n < 2)
		return fail(c, sp ? "usage: sp ID [vcpus N] [el0] "
				    "[no-notifications]"
				  : "usage: vm ID [vcpus N]");
	if (num(c, t[1], 0xFFFF, &v))
		return -1;
	d.id = (ffn_id_t)v;
	if (sp && !ffn_id_is_sp(d.id))
		return fail(c, "SP ID 0x%x lacks bit 15", d.id);
	if (!sp && (ffn_id_is_sp(d.id) || d.id == 0))
		return fail(c, "VM ID %u is not a VM ID (1..0x7fff)", d.id);
	for (unsigned i = 2; i < n; i++) {
		if (strcmp(t[i], "vcpus") == 0 && i + 1 < n) {
			if (num(c, t[++i], FFN_SIM_MAX_VCPUS, &v))
				return -1;
			if (v == 0)
				return fail(c, "vcpus must be at least 1");
			d.vcpus = (uint16_t)v;
		} else if (sp && strcmp(t[i], "el0") == 0) {
			d.el0 = true;
		} else if (sp && strcmp(t[i], "no-notifications") == 0) {
			d.no_notif = true;
		} else {
			return fail(c, "unexpected '%s'", t[i]);
		}
	}
	if (dom(cfg, d.id) != NULL)
		return fail(c, "0x%x is declared twice", d.id);
	if (cfg->dom_count == FFN_SIM_MAX_DOMS)
		return fail(c, "more than %d VMs and SPs", FFN_SIM_MAX_DOMS);
	cfg->doms[cfg->dom_count++] = d;
	return 0;
}

static int stmt_flow(struct ctx *c, struct ffn_sim_config *cfg, char **t,
		     unsigned n)
{
	struct ffn_sim_flow_desc f = {.weight = 1};
	const struct ffn_sim_dom_desc *sd, *rd;
	bool hs, hr, id_given = false;
	uint64_t v;

	if (n < 4 || strcmp(t[2], "->") != 0)
		return fail(c, "usage: flow SENDER -> RECEIVER id N [per-vcpu] "
			       "[delay-sri] [weight W]");
	if (endpoint(c, t[1], &f.sender, &f.sender_vcpu, &hs) ||
	    endpoint(c, t[3], &f.receiver, &f.receiver_vcpu, &hr))
		return -1;
	for (unsigned i = 4; i < n; i++) {
		if (strcmp(t[i], "id") == 0 && i + 1 < n) {
			if (num(c, t[++i], 63, &v))
				return -1;
			f.id = (uint8_t)v;
			id_given = true;
		} else if (strcmp(t[i], "weight") == 0 && i + 1 < n) {
			if (num(c, t[++i], 1000000, &v))
				return -1;
			if (v == 0)
				return fail(c, "weight must be at least 1");
			f.weight = (uint32_t)v;
		} else if (strcmp(t[i], "per-vcpu") == 0) {
			f.per_vcpu = true;
		} else if (strcmp(t[i], "delay-sri") == 0) {
			f.delay_sri = true;
		} else {
			return fail(c, "unexpected '%s'", t[i]);
		}
	}
	if (!id_given)
		return fail(c, "flow needs 'id N' (the notification ID)");
	sd = dom(cfg, f.sender);
	rd = dom(cfg, f.receiver);
	if (sd == NULL)
		return fail(c, "%s is not declared", t[1]);
	if (rd == NULL)
		return fail(c, "%s is not declared", t[3]);
	if (f.sender == f.receiver)
		return fail(c, "sender and receiver are the same endpoint");
	if (f.sender_vcpu >= sd->vcpus)
		return fail(c, "%s: vCPU out of range", t[1]);
	if (f.receiver_vcpu >= rd->vcpus)
		return fail(c, "%s: vCPU out of range", t[3]);
	if (hr && !f.per_vcpu)
		return fail(c, "%s: a receiver vCPU needs per-vcpu", t[3]);
	if (f.delay_sri && !ffn_id_is_sp(f.sender))
		return fail(c, "delay-sri is for SP senders only");
	if (ffn_id_is_sp(f.receiver) && rd->no_notif)
		return fail(c, "%s has no-notifications", t[3]);
	if (ffn_id_is_vm(f.sender) && ffn_id_is_vm(f.receiver)) {
		bool ok = false;

		for (uint32_t i = 0; i < cfg->allow_count; i++)
			ok |= cfg->allow[i].sender == f.sender &&
			      cfg->allow[i].receiver == f.receiver;
		if (!ok)
			return fail(c,
				    "VM-to-VM flow not allowed: add "
				    "'allow %s -> %s' first",
				    t[1], t[3]);
	}
	if (ffn_id_is_sp(f.receiver) && cfg->scheduler == 0 && !cfg->hyp_off)
		return fail(c, "a flow to an SP needs a scheduler VM first "
			       "(it gives the SP cycles)");
	for (uint32_t i = 0; i < cfg->flow_count; i++) {
		const struct ffn_sim_flow_desc *o = &cfg->flows[i];

		if (o->receiver == f.receiver && o->id == f.id &&
		    ffn_id_is_sp(o->sender) == ffn_id_is_sp(f.sender))
			return fail(c,
				    "%s id %u from the %s world is already "
				    "bound by another flow",
				    t[3], f.id,
				    ffn_id_is_sp(f.sender) ? "SP" : "VM");
	}
	if (cfg->flow_count == FFN_SIM_MAX_FLOWS)
		return fail(c, "more than %d flows", FFN_SIM_MAX_FLOWS);
	cfg->flows[cfg->flow_count++] = f;
	return 0;
}

static int statement(struct ctx *c, struct run_scenario *sc, char **t,
		     unsigned n)
{
	struct ffn_sim_config *cfg = &sc->cfg;
	ffn_id_t a, b;
	uint16_t va, vb;
	bool ha, hb;
	uint64_t v;

	if (strcmp(t[0], "cpus") == 0) {
		if (want_args(c, n, 2, 2, "cpus N") ||
		    num(c, t[1], FFN_SIM_MAX_CPUS, &v))
			return -1;
		if (v == 0)
			return fail(c, "cpus must be at least 1");
		if (cfg->dom_count != 0)
			return fail(c, "cpus must come before sp and vm");
		cfg->cpus = (uint32_t)v;
	} else if (strcmp(t[0], "hypervisor") == 0) {
		if (want_args(c, n, 2, 2, "hypervisor on|off"))
			return -1;
		if (strcmp(t[1], "off") != 0 && strcmp(t[1], "on") != 0)
			return fail(c, "usage: hypervisor on|off");
		for (uint32_t i = 0; i < cfg->dom_count; i++)
			if (ffn_id_is_vm(cfg->doms[i].id))
				return fail(c, "hypervisor must come before "
					       "vm statements");
		if (cfg->flow_count != 0)
			return fail(c, "hypervisor must come before flow "
				       "statements");
		cfg->hyp_off = strcmp(t[1], "off") == 0;
		c->hyp_off = cfg->hyp_off;
	} else if (c->hyp_off &&
		   (strcmp(t[0], "vm") == 0 || strcmp(t[0], "scheduler") == 0 ||
		    strcmp(t[0], "allow") == 0 || strcmp(t[0], "churn") == 0 ||
		    strcmp(t[0], "vcpu") == 0)) {
		return fail(c,
			    "'%s' needs 'hypervisor on' (there are no VMs "
			    "with the hypervisor off)",
			    t[0]);
	} else if (strcmp(t[0], "sp") == 0) {
		return stmt_dom(c, cfg, t, n, true);
	} else if (strcmp(t[0], "vm") == 0) {
		return stmt_dom(c, cfg, t, n, false);
	} else if (strcmp(t[0], "scheduler") == 0) {
		if (want_args(c, n, 2, 2, "scheduler vm:ID") ||
		    endpoint(c, t[1], &a, &va, &ha))
			return -1;
		if (ffn_id_is_sp(a) || dom(cfg, a) == NULL || ha)
			return fail(c, "%s is not a declared VM", t[1]);
		cfg->scheduler = a;
	} else if (strcmp(t[0], "allow") == 0) {
		if (n != 4 || strcmp(t[2], "->") != 0)
			return fail(c, "usage: allow vm:A -> vm:B");
		if (endpoint(c, t[1], &a, &va, &ha) ||
		    endpoint(c, t[3], &b, &vb, &hb))
			return -1;
		if (ffn_id_is_sp(a) || ffn_id_is_sp(b) || a == b)
			return fail(c, "allow takes two different VMs");
		if (cfg->allow_count == FFN_SIM_MAX_FLOWS)
			return fail(c, "too many allow statements");
		cfg->allow[cfg->allow_count].sender = a;
		cfg->allow[cfg->allow_count].receiver = b;
		cfg->allow_count++;
	} else if (strcmp(t[0], "count") == 0) {
		if (want_args(c, n, 2, 2, "count N") ||
		    num(c, t[1], 1000000000ull, &v))
			return -1;
		cfg->count = v;
		sc->duration = 0;
	} else if (strcmp(t[0], "duration") == 0) {
		char *end;
		double d;

		if (want_args(c, n, 2, 2, "duration SECONDS"))
			return -1;
		d = strtod(t[1], &end);
		if (*end != '\0' || !(d > 0) || d > 3600)
			return fail(c, "bad duration '%s'", t[1]);
		sc->duration = d;
	} else if (strcmp(t[0], "rate") == 0) {
		if (want_args(c, n, 2, 2,
			      "rate N (SETs per second, 0 = "
			      "unpaced)") ||
		    num(c, t[1], 10000000, &v))
			return -1;
		cfg->rate = (double)v;
	} else if (strcmp(t[0], "seed") == 0) {
		if (want_args(c, n, 2, 2, "seed N") ||
		    num(c, t[1], UINT64_MAX, &v))
			return -1;
		cfg->seed = v;
	} else if (strcmp(t[0], "flow") == 0) {
		return stmt_flow(c, cfg, t, n);
	} else if (strcmp(t[0], "churn") == 0) {
		size_t len;

		if (n != 4 || strcmp(t[2], "at") != 0)
			return fail(c, "usage: churn vm:ID at P%%");
		if (endpoint(c, t[1], &a, &va, &ha))
			return -1;
		if (ffn_id_is_sp(a) || dom(cfg, a) == NULL || ha)
			return fail(c, "%s is not a declared VM", t[1]);
		if (a == cfg->scheduler)
			return fail(c, "the scheduler VM cannot be churned "
				       "(SPs would get no cycles)");
		len = strlen(t[3]);
		if (len > 0 && t[3][len - 1] == '%')
			t[3][len - 1] = '\0';
		if (num(c, t[3], 99, &v))
			return -1;
		if (cfg->churn_count == FFN_SIM_MAX_EVENTS)
			return fail(c, "at most %u churn statements",
				    FFN_SIM_MAX_EVENTS);
		cfg->churn[cfg->churn_count].vm = a;
		cfg->churn[cfg->churn_count].at_percent = (uint32_t)v;
		cfg->churn_count++;
	} else if (strcmp(t[0], "vcpu") == 0) {
		struct ffn_sim_vcpu_event ev = {0};
		const struct ffn_sim_dom_desc *d;
		size_t len;

		if (n != 5 || strcmp(t[3], "at") != 0 ||
		    (strcmp(t[2], "off") != 0 && strcmp(t[2], "on") != 0))
			return fail(c, "usage: vcpu vm:ID.N off|on at P%%");
		if (endpoint(c, t[1], &a, &va, &ha))
			return -1;
		d = dom(cfg, a);
		if (ffn_id_is_sp(a) || d == NULL || !ha)
			return fail(
				c,
				"%s is not a vCPU of a declared VM (vm:ID.N)",
				t[1]);
		if (va >= d->vcpus)
			return fail(c, "%s: vCPU out of range", t[1]);
		len = strlen(t[4]);
		if (len > 0 && t[4][len - 1] == '%')
			t[4][len - 1] = '\0';
		if (num(c, t[4], 100, &v))
			return -1;
		if (cfg->vcpu_ev_count == FFN_SIM_MAX_EVENTS)
			return fail(c, "at most %u vcpu statements",
				    FFN_SIM_MAX_EVENTS);
		ev.vm = a;
		ev.vcpu = va;
		ev.online = strcmp(t[2], "on") == 0;
		ev.at_percent = (uint32_t)v;
		cfg->vcpu_ev[cfg->vcpu_ev_count++] = ev;
	} else {
		return fail(c, "unknown statement '%s'", t[0]);
	}
	return 0;
}

int ffn_run_parse(const char *file, const char *text, struct run_scenario *sc,
		  char *err, size_t errlen)
{
	struct ctx c = {file, 0, err, errlen, false};
	const char *p = text;

	memset(sc, 0, sizeof(*sc));
	sc->cfg.cpus = 4;
	sc->cfg.count = 10000;
	sc->cfg.rate = 5000;
	sc->cfg.seed = 1;
	while (*p != '\0') {
		char buf[512];
		char *t[MAX_TOK];
		unsigned n = 0;
		size_t len = strcspn(p, "\n");
		char *q;

		c.line++;
		if (len >= sizeof(buf))
			return fail(&c, "line too long");
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += len + (p[len] == '\n');
		buf[strcspn(buf, "#\r")] = '\0';
		for (q = buf;;) {
			while (isspace((unsigned char)*q))
				q++;
			if (*q == '\0')
				break;
			if (n == MAX_TOK)
				return fail(&c, "too many words");
			t[n++] = q;
			while (*q != '\0' && !isspace((unsigned char)*q))
				q++;
			if (*q != '\0')
				*q++ = '\0';
		}
		if (n == 0)
			continue;
		if (statement(&c, sc, t, n))
			return -1;
	}
	c.line++;
	if (sc->cfg.flow_count == 0)
		return fail(&c, "no flow statement: nothing to send");
	for (uint32_t i = 0; i < sc->cfg.flow_count; i++)
		if (ffn_id_is_sp(sc->cfg.flows[i].receiver) &&
		    sc->cfg.scheduler == 0 && !sc->cfg.hyp_off)
			return fail(&c, "flows to SPs need a scheduler VM");
	for (uint32_t i = 0; i < sc->cfg.churn_count; i++)
		if (sc->cfg.churn[i].vm == sc->cfg.scheduler)
			return fail(&c, "the scheduler VM cannot be churned");
	/* A vCPU taken offline must come back, or its flows never end. */
	for (uint32_t i = 0; i < sc->cfg.vcpu_ev_count; i++) {
		const struct ffn_sim_vcpu_event *e = &sc->cfg.vcpu_ev[i];
		bool back = false;

		if (e->online)
			continue;
		for (uint32_t j = i + 1; j < sc->cfg.vcpu_ev_count; j++) {
			const struct ffn_sim_vcpu_event *o =
				&sc->cfg.vcpu_ev[j];

			back |= o->online && o->vm == e->vm &&
				o->vcpu == e->vcpu &&
				o->at_percent >= e->at_percent;
		}
		if (!back)
			return fail(&c,
				    "vm:%u.%u goes offline at %u%% and "
				    "never comes back on",
				    e->vm, e->vcpu, e->at_percent);
	}
	return 0;
}
