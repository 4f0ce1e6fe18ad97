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
	if (!ffn_hp_u64(name, &idx))
		return con_fail(err, "bad register in '%s'", s);
	reg->is_x = s[0] == 'x';
	if (idx < min_idx || idx > (reg->is_x ? 17u : 7u))
		return con_fail(
			err, "register %.*s out of range (w%u..w7, x%u..x17)",
			(int)len, s, min_idx, min_idx);
	if (!ffn_hp_u64(eq + 1, &v)) {
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

static int parse_regs(struct ffn_hp_toks *tk, unsigned from, unsigned min_idx,
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

static int parse_irq_expect(struct ffn_hp_toks *tk, unsigned at,
			    struct con_stmt *st, char *err)
{
	if (at >= tk->n)
		return 0;
	if (parse_irq_kind(tk->t[at], &st->irq_kind, err))
		return -1;
	st->has_irq_kind = true;
	if (++at >= tk->n)
		return 0;
	if (ffn_hp_need_ep(tk->t[at], &st->target, true, err))
		return -1;
	if (st->target.kind == FFN_HP_EP_NS)
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
		if (!ffn_hp_u64(s + 1, &v) || v > 0x80000000ull)
			return con_fail(err, "bad error code '%s'", s);
		*code = (int32_t)(-(int64_t)v);
		return 0;
	}
	if (!ffn_hp_u64(s, &v) || v > 0xFFFFFFFFull)
		return con_fail(err, "unknown error code '%s'", s);
	*code = (int32_t)(uint32_t)v;
	return 0;
}

static int parse_expect(struct ffn_hp_toks *tk, struct con_stmt *st, char *err)
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
		if (!ffn_hp_u64(a, &v) || v > 0xFFFFFFFFull)
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

static int parse_call(struct ffn_hp_toks *tk, struct con_stmt *st, char *err)
{
	uint64_t v;

	st->kind = CON_ST_CALL;
	if (tk->n < 2)
		return con_fail(err,
				"%s: which ABI? (ENDPOINT ABI [wK=VALUE]...)",
				tk->t[0]);
	if (con_fid_lookup(tk->t[1], &st->fid) != 0) {
		if (!ffn_hp_u64(tk->t[1], &v))
			return con_fail(err, "unknown ABI '%s'", tk->t[1]);
		if (v > 0xFFFFFFFFull)
			return con_fail(
				err, "function ID '%s' is wider than 32 bits",
				tk->t[1]);
		st->fid = (uint32_t)v;
	}
	return parse_regs(tk, 2, 1, st, err);
}

static void normalise(const struct ffn_hp_toks *tk, struct con_stmt *st)
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

/* A setup statement, as the console's statement. */
static void from_setup(struct con_stmt *st, const struct ffn_hp_setup *s)
{
	static const enum con_stmt_kind kinds[] = {
		[FFN_HP_CPUS] = CON_ST_CPUS,
		[FFN_HP_HYPERVISOR] = CON_ST_HYPERVISOR,
		[FFN_HP_SP] = CON_ST_SP,
		[FFN_HP_VM] = CON_ST_VM,
		[FFN_HP_SCHEDULER] = CON_ST_SCHEDULER,
		[FFN_HP_ALLOW] = CON_ST_ALLOW,
	};

	st->kind = kinds[s->kind];
	st->num = s->num;
	st->vcpus = s->vcpus;
	st->el0 = s->el0;
	st->no_notifications = s->no_notifications;
	st->vm_created = s->vm_created;
	st->vm_destroyed = s->vm_destroyed;
	st->on = s->on;
	st->ep = s->ep;
	st->ep2 = s->ep2;
}

int con_parse_line(const char *line, struct con_stmt *st, char *err)
{
	struct ffn_hp_toks tk;
	struct ffn_hp_setup setup;
	const char *k;
	int rc;

	memset(st, 0, sizeof(*st));
	if (ffn_hp_tokenize(line, &tk, err))
		return -1;
	if (tk.n == 0) {
		st->kind = CON_ST_EMPTY;
		return 0;
	}
	normalise(&tk, st);
	k = tk.t[0];

	rc = ffn_hp_setup(&tk, &setup, err);
	if (rc <= 0) {
		from_setup(st, &setup);
		return rc;
	}
	if (strcmp(k, "destroy") == 0) {
		st->kind = CON_ST_DESTROY;
		if (ffn_hp_want_args(&tk, 1, 1, "destroy vm:ID", err))
			return -1;
		return ffn_hp_need_vm(tk.t[1], &st->ep, err);
	}
	if (strcmp(k, "vcpu") == 0) {
		st->kind = CON_ST_VCPU;
		if (ffn_hp_want_args(&tk, 2, 2, "vcpu vm:ID.N off|on", err) ||
		    ffn_hp_need_vm(tk.t[1], &st->ep, err))
			return -1;
		return ffn_hp_onoff(tk.t[2], &st->on, err);
	}
	if (strcmp(k, "expect") == 0) {
		st->kind = CON_ST_EXPECT;
		return parse_expect(&tk, st, err);
	}
	rc = ffn_hp_ep(k, &st->ep, false, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return con_fail(err, "unknown statement '%s'", k);
	return parse_call(&tk, st, err);
}
