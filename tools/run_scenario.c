// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scenario files of `ffa-notify run` (docs/scenarios.md): the console's
 * setup statements (cpus, hypervisor on|off, sp, vm, scheduler, allow),
 * parsed by the hosted world's parser (host/parse.h), and the workload
 * statements (count, duration, rate, seed, flow, churn, vcpu). Every
 * check that can be made on the text is made here, with FILE:LINE.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
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

struct ctx {
	const char *file;
	unsigned line;
	char *err;
	size_t errlen;
	bool hyp_off;
	char msg[FFN_HP_ERR_LEN]; /* the shared parser's message */
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

/* The shared parser's error, with FILE:LINE. */
static int parse_failed(struct ctx *c)
{
	return fail(c, "%s", c->msg);
}

static int num(struct ctx *c, const char *s, uint64_t max, uint64_t *out)
{
	return ffn_hp_num(s, max, out, c->msg) ? parse_failed(c) : 0;
}

/*
 * "vm:ID[.V]", "sp:ID[.V]" or, with hypervisor off, "ns[.CPU]" (ID 0).
 * @has_vcpu says whether .V was given.
 */
static int endpoint(struct ctx *c, const char *s, ffn_id_t *id, uint16_t *vcpu,
		    bool *has_vcpu)
{
	struct ffn_hp_ep ep;
	int rc = ffn_hp_ep(s, &ep, false, c->msg);

	if (rc < 0)
		return parse_failed(c);
	if (rc > 0)
		return fail(c, "expected vm:ID or sp:ID, got '%s'", s);
	if (ep.kind == FFN_HP_EP_NS) {
		if (!c->hyp_off)
			return fail(c,
				    "%s: the NS instance exists only with "
				    "'hypervisor off'",
				    s);
		ep.id = FFN_ID_NS_PHYS;
		if (ep.vcpu >= FFN_SIM_MAX_CPUS)
			return fail(c, "%s: there are at most %u CPUs", s,
				    FFN_SIM_MAX_CPUS);
	} else if (ep.vcpu >= FFN_SIM_MAX_VCPUS) {
		return fail(c, "%s: vCPU out of range (at most %u vCPUs)", s,
			    FFN_SIM_MAX_VCPUS);
	} else if (ep.kind == FFN_HP_EP_VM && ep.id == 0) {
		return fail(c, "vm:0 is the hypervisor, not a VM");
	}
	*id = ep.id;
	*vcpu = (uint16_t)ep.vcpu;
	*has_vcpu = ep.has_vcpu;
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

static int stmt_dom(struct ctx *c, struct ffn_sim_config *cfg,
		    const struct ffn_hp_setup *st)
{
	struct ffn_sim_dom_desc d = {.vcpus = 1};
	bool sp = st->kind == FFN_HP_SP;

	d.id = (ffn_id_t)st->num;
	if (!sp && d.id == 0)
		return fail(c, "VM ID 0 is not a VM ID (1..0x7fff)");
	if (st->vcpus > FFN_SIM_MAX_VCPUS)
		return fail(c, "vcpus %u is above the limit %u", st->vcpus,
			    FFN_SIM_MAX_VCPUS);
	if (st->vm_created || st->vm_destroyed)
		return fail(c, "the threaded platform sends no VM availability "
			       "messages (vm-created, vm-destroyed)");
	if (st->vcpus != 0)
		d.vcpus = (uint16_t)st->vcpus;
	d.el0 = st->el0;
	d.no_notif = st->no_notifications;
	if (dom(cfg, d.id) != NULL)
		return fail(c, "0x%x is declared twice", d.id);
	if (cfg->dom_count == FFN_SIM_MAX_DOMS)
		return fail(c, "more than %d VMs and SPs", FFN_SIM_MAX_DOMS);
	cfg->doms[cfg->dom_count++] = d;
	return 0;
}

/* cpus, hypervisor, sp, vm, scheduler, allow (host/parse.h). */
static int stmt_setup(struct ctx *c, struct ffn_sim_config *cfg,
		      const struct ffn_hp_setup *st, char **t)
{
	switch (st->kind) {
	case FFN_HP_CPUS:
		if (st->num > FFN_SIM_MAX_CPUS)
			return fail(c, "cpus %u is above the limit %u", st->num,
				    FFN_SIM_MAX_CPUS);
		if (cfg->dom_count != 0)
			return fail(c, "cpus must come before sp and vm");
		cfg->cpus = st->num;
		return 0;
	case FFN_HP_HYPERVISOR:
		for (uint32_t i = 0; i < cfg->dom_count; i++)
			if (ffn_id_is_vm(cfg->doms[i].id))
				return fail(c, "hypervisor must come before "
					       "vm statements");
		if (cfg->flow_count != 0)
			return fail(c, "hypervisor must come before flow "
				       "statements");
		cfg->hyp_off = !st->on;
		c->hyp_off = cfg->hyp_off;
		return 0;
	case FFN_HP_SP:
	case FFN_HP_VM:
		return stmt_dom(c, cfg, st);
	case FFN_HP_SCHEDULER:
		if (!st->on || dom(cfg, st->ep.id) == NULL || st->ep.has_vcpu)
			return fail(c, "%s is not a declared VM", t[1]);
		cfg->scheduler = st->ep.id;
		return 0;
	default: /* FFN_HP_ALLOW */
		if (st->ep.id == st->ep2.id || st->ep.id == 0 ||
		    st->ep2.id == 0)
			return fail(c, "allow takes two different VMs");
		if (cfg->allow_count == FFN_SIM_MAX_FLOWS)
			return fail(c, "too many allow statements");
		cfg->allow[cfg->allow_count].sender = st->ep.id;
		cfg->allow[cfg->allow_count].receiver = st->ep2.id;
		cfg->allow_count++;
		return 0;
	}
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

static int statement(struct ctx *c, struct run_scenario *sc,
		     struct ffn_hp_toks *tk)
{
	struct ffn_sim_config *cfg = &sc->cfg;
	char **t = tk->t;
	unsigned n = tk->n;
	struct ffn_hp_setup setup;
	ffn_id_t a;
	uint16_t va;
	bool ha;
	uint64_t v;
	int rc;

	if (c->hyp_off &&
	    (strcmp(t[0], "vm") == 0 || strcmp(t[0], "scheduler") == 0 ||
	     strcmp(t[0], "allow") == 0 || strcmp(t[0], "churn") == 0 ||
	     strcmp(t[0], "vcpu") == 0))
		return fail(c,
			    "'%s' needs 'hypervisor on' (there are no VMs "
			    "with the hypervisor off)",
			    t[0]);
	rc = ffn_hp_setup(tk, &setup, c->msg);
	if (rc < 0)
		return parse_failed(c);
	if (rc == 0)
		return stmt_setup(c, cfg, &setup, t);
	if (strcmp(t[0], "count") == 0) {
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
	struct ctx c = {file, 0, err, errlen, false, ""};
	const char *p = text;

	memset(sc, 0, sizeof(*sc));
	sc->cfg.cpus = 4;
	sc->cfg.count = 10000;
	sc->cfg.rate = 5000;
	sc->cfg.seed = 1;
	while (*p != '\0') {
		struct ffn_hp_toks tk;
		size_t len = strcspn(p, "\n");

		c.line++;
		if (ffn_hp_tokenize(p, &tk, c.msg))
			return parse_failed(&c);
		p += len + (p[len] == '\n');
		if (tk.n != 0 && statement(&c, sc, &tk))
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
