// SPDX-License-Identifier: BSD-3-Clause
/*
 * The console's script language: one statement per line, tokens split by
 * white space, `#` to the end of the line is a comment. This file checks
 * syntax only; whether an endpoint exists is the world's business, so
 * that a script can name a VM it creates on an earlier line.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "console.h"

#define MAX_TOKENS 48

struct toks {
	char buf[512];
	char *t[MAX_TOKENS];
	unsigned n;
};

static int tokenize(const char *line, struct toks *tk, char *err)
{
	size_t len = strcspn(line, "#\r\n");
	char *p;

	if (len >= sizeof(tk->buf))
		return con_fail(err, "line too long");
	memcpy(tk->buf, line, len);
	tk->buf[len] = '\0';
	tk->n = 0;
	for (p = tk->buf;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (tk->n == MAX_TOKENS)
			return con_fail(err, "too many words on one line");
		tk->t[tk->n++] = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return 0;
}

/* Decimal or 0x-hex, the whole string, no sign. */
static bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		unsigned d;
		if (isdigit((unsigned char)*s))
			d = (unsigned)(*s - '0');
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static int parse_num(const char *s, uint64_t max, uint64_t *out, char *err)
{
	if (!parse_u64(s, out))
		return con_fail(err, "bad number '%s'", s);
	if (*out > max)
		return con_fail(err, "number '%s' is out of range (max 0x%llx)",
				s, (unsigned long long)max);
	return 0;
}

/* "ID" then optional ".N" in @s (after the "vm:" or "sp:" prefix). */
static int parse_id_vcpu(const char *s, struct con_ep *ep, char *err)
{
	char idbuf[32];
	const char *dot = strchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);
	uint64_t v;

	if (len == 0 || len >= sizeof(idbuf))
		return con_fail(err, "bad endpoint ID in '%s'", s);
	memcpy(idbuf, s, len);
	idbuf[len] = '\0';
	if (parse_num(idbuf, 0xFFFF, &v, err))
		return -1;
	ep->id = (uint16_t)v;
	ep->vcpu = 0;
	ep->has_vcpu = false;
	if (dot != NULL) {
		if (parse_num(dot + 1, 0xFFFF, &v, err))
			return -1;
		ep->vcpu = (uint32_t)v;
		ep->has_vcpu = true;
	}
	return 0;
}

/*
 * An endpoint: ns[.CPU], vm:ID[.VCPU], sp:ID[.VCPU]; with @allow_cpu also
 * cpu:N. Return: 1 when @s is not endpoint-shaped at all, 0 on success,
 * -1 when it is endpoint-shaped but malformed.
 */
static int parse_ep(const char *s, struct con_ep *ep, bool allow_cpu, char *err)
{
	memset(ep, 0, sizeof(*ep));
	if (strcmp(s, "ns") == 0 || strncmp(s, "ns.", 3) == 0) {
		uint64_t v = 0;
		ep->kind = CON_EP_NS;
		if (s[2] == '.') {
			if (parse_num(s + 3, 0xFFFF, &v, err))
				return -1;
			ep->has_vcpu = true;
		}
		ep->vcpu = (uint32_t)v;
		return 0;
	}
	if (strncmp(s, "vm:", 3) == 0) {
		ep->kind = CON_EP_VM;
		if (parse_id_vcpu(s + 3, ep, err))
			return -1;
		if (ffn_id_is_sp(ep->id))
			return con_fail(err, "'%s': a VM ID has bit 15 clear",
					s);
		return 0;
	}
	if (strncmp(s, "sp:", 3) == 0) {
		ep->kind = CON_EP_SP;
		if (parse_id_vcpu(s + 3, ep, err))
			return -1;
		if (!ffn_id_is_sp(ep->id))
			return con_fail(err, "'%s': an SP ID has bit 15 set",
					s);
		return 0;
	}
	if (strncmp(s, "cpu:", 4) == 0) {
		uint64_t v;
		if (!allow_cpu)
			return con_fail(err, "'%s' is not an endpoint", s);
		if (parse_num(s + 4, 0xFFFF, &v, err))
			return -1;
		ep->kind = CON_EP_CPU;
		ep->vcpu = (uint32_t)v;
		ep->has_vcpu = true;
		return 0;
	}
	return 1;
}

static int need_ep(const char *s, struct con_ep *ep, bool allow_cpu, char *err)
{
	int rc = parse_ep(s, ep, allow_cpu, err);

	if (rc > 0)
		return con_fail(err, "'%s' is not an endpoint", s);
	return rc;
}

static int need_vm(const char *s, struct con_ep *ep, char *err)
{
	if (need_ep(s, ep, false, err))
		return -1;
	if (ep->kind != CON_EP_VM)
		return con_fail(err, "'%s' is not a VM (vm:ID)", s);
	return 0;
}

/*
 * wK=VALUE / xK=VALUE. @min_idx is 1 for calls, 0 for expectations.
 * Return: 1 when @s has no '=', 0 on success, -1 on error.
 */
static int parse_reg(const char *s, unsigned min_idx, struct con_reg *reg,
		     char *err)
{
	const char *eq = strchr(s, '=');
	char name[16];
	uint64_t idx, v;
	size_t len;

	if (eq == NULL)
		return 1;
	len = (size_t)(eq - s);
	if (len < 2 || len >= sizeof(name) || (s[0] != 'w' && s[0] != 'x'))
		return con_fail(err,
				"bad register in '%s' (w%u..w7 or x%u..x17)", s,
				min_idx, min_idx);
	memcpy(name, s + 1, len - 1);
	name[len - 1] = '\0';
	if (!parse_u64(name, &idx))
		return con_fail(err, "bad register in '%s'", s);
	reg->is_x = s[0] == 'x';
	if (idx < min_idx || idx > (reg->is_x ? 17u : 7u))
		return con_fail(
			err, "register %.*s out of range (w%u..w7, x%u..x17)",
			(int)len, s, min_idx, min_idx);
	if (!parse_u64(eq + 1, &v)) {
		/* A function ID by name: FFA_FEATURES w1=FFA_RUN. */
		uint32_t fid;
		if (con_fid_lookup(eq + 1, &fid) != 0)
			return con_fail(err, "bad number '%s'", eq + 1);
		v = fid;
	}
	if (!reg->is_x && v > 0xFFFFFFFFull)
		return con_fail(err, "'%s': a w register holds 32 bits", s);
	reg->idx = (uint8_t)idx;
	reg->value = v;
	return 0;
}

static int parse_regs(struct toks *tk, unsigned from, unsigned min_idx,
		      struct con_stmt *st, char *err)
{
	for (unsigned i = from; i < tk->n; i++) {
		struct con_reg reg;
		int rc = parse_reg(tk->t[i], min_idx, &reg, err);
		if (rc > 0)
			return con_fail(
				err, "expected a register (wK=VALUE), got '%s'",
				tk->t[i]);
		if (rc < 0)
			return -1;
		for (unsigned j = 0; j < st->nregs; j++)
			if (st->regs[j].idx == reg.idx)
				return con_fail(err, "register %u given twice",
						reg.idx);
		if (st->nregs == CON_MAX_REGS)
			return con_fail(err, "too many registers");
		st->regs[st->nregs++] = reg;
	}
	return 0;
}

static int parse_irq_kind(const char *s, enum con_irq_kind *k, char *err)
{
	if (strcmp(s, "SRI") == 0)
		*k = CON_IRQ_SRI;
	else if (strcmp(s, "NPI") == 0)
		*k = CON_IRQ_NPI;
	else if (strcmp(s, "MEI") == 0)
		*k = CON_IRQ_MEI;
	else
		return con_fail(
			err, "unknown interrupt kind '%s' (SRI, NPI, MEI)", s);
	return 0;
}

static int parse_irq_expect(struct toks *tk, unsigned at, struct con_stmt *st,
			    char *err)
{
	if (at >= tk->n)
		return 0;
	if (parse_irq_kind(tk->t[at], &st->irq_kind, err))
		return -1;
	st->has_irq_kind = true;
	if (++at >= tk->n)
		return 0;
	if (need_ep(tk->t[at], &st->target, true, err))
		return -1;
	if (st->target.kind == CON_EP_NS)
		return con_fail(err,
				"an interrupt to the normal world is cpu:N");
	st->has_target = true;
	if (at + 1 < tk->n)
		return con_fail(err, "unexpected '%s'", tk->t[at + 1]);
	return 0;
}

static int parse_code(const char *s, int32_t *code, char *err)
{
	uint64_t v;

	if (con_error_lookup(s, code) == 0)
		return 0;
	if (s[0] == '-') {
		if (!parse_u64(s + 1, &v) || v > 0x80000000ull)
			return con_fail(err, "bad error code '%s'", s);
		*code = (int32_t)(-(int64_t)v);
		return 0;
	}
	if (!parse_u64(s, &v) || v > 0xFFFFFFFFull)
		return con_fail(err, "unknown error code '%s'", s);
	*code = (int32_t)(uint32_t)v;
	return 0;
}

static int parse_expect(struct toks *tk, struct con_stmt *st, char *err)
{
	const char *a;
	uint64_t v;

	if (tk->n < 2)
		return con_fail(err,
				"expect what? (NAME, wK=VALUE, irq, no irq)");
	a = tk->t[1];
	if (strcmp(a, "irq") == 0) {
		st->ex = CON_EX_IRQ;
		if (tk->n < 3)
			return con_fail(err, "expect irq KIND [TARGET]");
		return parse_irq_expect(tk, 2, st, err);
	}
	if (strcmp(a, "no") == 0) {
		if (tk->n < 3 || strcmp(tk->t[2], "irq") != 0)
			return con_fail(err, "expect no irq [KIND [TARGET]]");
		st->ex = CON_EX_NO_IRQ;
		return parse_irq_expect(tk, 3, st, err);
	}
	if (strchr(a, '=') != NULL) {
		st->ex = CON_EX_REGS;
		return parse_regs(tk, 1, 0, st, err);
	}
	st->ex = CON_EX_RESULT;
	st->has_w0 = true;
	if (con_fid_lookup(a, &st->w0) != 0) {
		if (!parse_u64(a, &v) || v > 0xFFFFFFFFull)
			return con_fail(err, "unknown result '%s'", a);
		st->w0 = (uint32_t)v;
	}
	if (st->w0 == FFN_FID_ERROR && tk->n > 2 &&
	    strchr(tk->t[2], '=') == NULL) {
		if (parse_code(tk->t[2], &st->code, err))
			return -1;
		st->has_code = true;
		return parse_regs(tk, 3, 0, st, err);
	}
	return parse_regs(tk, 2, 0, st, err);
}

static int parse_onoff(const char *s, bool *on, char *err)
{
	if (strcmp(s, "on") == 0)
		*on = true;
	else if (strcmp(s, "off") == 0)
		*on = false;
	else
		return con_fail(err, "expected on or off, got '%s'", s);
	return 0;
}

static int want_args(struct toks *tk, unsigned lo, unsigned hi, const char *use,
		     char *err)
{
	if (tk->n - 1 < lo || tk->n - 1 > hi)
		return con_fail(err, "usage: %s", use);
	return 0;
}

/*
 * sp ID [vcpus N] [el0] [no-notifications] [vm-created] [vm-destroyed];
 * vm ID [vcpus N].
 */
static int parse_partition(struct toks *tk, struct con_stmt *st, bool sp,
			   char *err)
{
	const char *use = sp ? "sp ID [vcpus N] [el0] [no-notifications] "
			       "[vm-created] [vm-destroyed]"
			     : "vm ID [vcpus N]";
	uint64_t v;

	if (tk->n < 2)
		return con_fail(err, "usage: %s", use);
	if (parse_num(tk->t[1], 0xFFFF, &v, err))
		return -1;
	if (sp && !ffn_id_is_sp((ffn_id_t)v))
		return con_fail(err, "SP ID %s: bit 15 must be set", tk->t[1]);
	if (!sp && ffn_id_is_sp((ffn_id_t)v))
		return con_fail(err, "VM ID %s: bit 15 must be clear",
				tk->t[1]);
	st->num = (uint32_t)v;
	for (unsigned i = 2; i < tk->n; i++) {
		if (strcmp(tk->t[i], "vcpus") == 0 && i + 1 < tk->n) {
			if (parse_num(tk->t[++i], 0xFFFF, &v, err))
				return -1;
			if (v == 0)
				return con_fail(err,
						"vcpus must be at least 1");
			st->vcpus = (uint32_t)v;
		} else if (sp && strcmp(tk->t[i], "el0") == 0) {
			st->el0 = true;
		} else if (sp && strcmp(tk->t[i], "no-notifications") == 0) {
			st->no_notifications = true;
		} else if (sp && strcmp(tk->t[i], "vm-created") == 0) {
			st->vm_created = true;
		} else if (sp && strcmp(tk->t[i], "vm-destroyed") == 0) {
			st->vm_destroyed = true;
		} else {
			return con_fail(err, "unexpected '%s' (usage: %s)",
					tk->t[i], use);
		}
	}
	return 0;
}

static int parse_call(struct toks *tk, struct con_stmt *st, char *err)
{
	uint64_t v;

	st->kind = CON_ST_CALL;
	if (tk->n < 2)
		return con_fail(err,
				"%s: which ABI? (ENDPOINT ABI [wK=VALUE]...)",
				tk->t[0]);
	if (con_fid_lookup(tk->t[1], &st->fid) != 0) {
		if (!parse_u64(tk->t[1], &v))
			return con_fail(err, "unknown ABI '%s'", tk->t[1]);
		if (v > 0xFFFFFFFFull)
			return con_fail(
				err, "function ID '%s' is wider than 32 bits",
				tk->t[1]);
		st->fid = (uint32_t)v;
	}
	return parse_regs(tk, 2, 1, st, err);
}

static void normalise(const struct toks *tk, struct con_stmt *st)
{
	size_t at = 0;

	st->text[0] = '\0';
	for (unsigned i = 0; i < tk->n && at < sizeof(st->text) - 1; i++) {
		int n = snprintf(st->text + at, sizeof(st->text) - at, "%s%s",
				 i ? " " : "", tk->t[i]);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

int con_parse_line(const char *line, struct con_stmt *st, char *err)
{
	struct toks tk;
	const char *k;
	uint64_t v;
	int rc;

	memset(st, 0, sizeof(*st));
	if (tokenize(line, &tk, err))
		return -1;
	if (tk.n == 0) {
		st->kind = CON_ST_EMPTY;
		return 0;
	}
	normalise(&tk, st);
	k = tk.t[0];

	if (strcmp(k, "cpus") == 0) {
		st->kind = CON_ST_CPUS;
		if (want_args(&tk, 1, 1, "cpus N", err) ||
		    parse_num(tk.t[1], 1024, &v, err))
			return -1;
		if (v == 0)
			return con_fail(err, "cpus must be at least 1");
		st->num = (uint32_t)v;
		return 0;
	}
	if (strcmp(k, "hypervisor") == 0) {
		st->kind = CON_ST_HYPERVISOR;
		if (want_args(&tk, 1, 1, "hypervisor off|on", err))
			return -1;
		return parse_onoff(tk.t[1], &st->on, err);
	}
	if (strcmp(k, "sp") == 0) {
		st->kind = CON_ST_SP;
		return parse_partition(&tk, st, true, err);
	}
	if (strcmp(k, "vm") == 0) {
		st->kind = CON_ST_VM;
		return parse_partition(&tk, st, false, err);
	}
	if (strcmp(k, "destroy") == 0) {
		st->kind = CON_ST_DESTROY;
		if (want_args(&tk, 1, 1, "destroy vm:ID", err))
			return -1;
		return need_vm(tk.t[1], &st->ep, err);
	}
	if (strcmp(k, "vcpu") == 0) {
		st->kind = CON_ST_VCPU;
		if (want_args(&tk, 2, 2, "vcpu vm:ID.N off|on", err) ||
		    need_vm(tk.t[1], &st->ep, err))
			return -1;
		return parse_onoff(tk.t[2], &st->on, err);
	}
	if (strcmp(k, "scheduler") == 0) {
		st->kind = CON_ST_SCHEDULER;
		if (want_args(&tk, 1, 1, "scheduler vm:ID|none", err))
			return -1;
		if (strcmp(tk.t[1], "none") == 0) {
			st->on = false;
			return 0;
		}
		st->on = true;
		return need_vm(tk.t[1], &st->ep, err);
	}
	if (strcmp(k, "allow") == 0) {
		st->kind = CON_ST_ALLOW;
		if (want_args(&tk, 3, 3, "allow vm:A -> vm:B", err))
			return -1;
		if (strcmp(tk.t[2], "->") != 0)
			return con_fail(err, "usage: allow vm:A -> vm:B");
		if (need_vm(tk.t[1], &st->ep, err) ||
		    need_vm(tk.t[3], &st->ep2, err))
			return -1;
		return 0;
	}
	if (strcmp(k, "expect") == 0) {
		st->kind = CON_ST_EXPECT;
		return parse_expect(&tk, st, err);
	}
	rc = parse_ep(k, &st->ep, false, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return con_fail(err, "unknown statement '%s'", k);
	return parse_call(&tk, st, err);
}
