// SPDX-License-Identifier: BSD-3-Clause
/* The parser of setup statements and endpoint names (see parse.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

const uint32_t ffn_hp_calls[FFN_HP_CALL_COUNT] = {
	FFN_FID_NOTIFICATION_BIND,
	FFN_FID_NOTIFICATION_UNBIND,
	FFN_FID_NOTIFICATION_SET,
	FFN_FID_NOTIFICATION_GET,
	FFN_FID_NOTIFICATION_INFO_GET_32,
	FFN_FID_NOTIFICATION_INFO_GET_64,
	FFN_FID_NOTIFICATION_BITMAP_CREATE,
	FFN_FID_NOTIFICATION_BITMAP_DESTROY,
	FFN_FID_VERSION,
	FFN_FID_FEATURES,
	FFN_FID_RUN,
	FFN_FID_MSG_WAIT};

int ffn_hp_fail(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, FFN_HP_ERR_LEN, fmt, ap);
	va_end(ap);
	return -1;
}

int ffn_hp_tokenize(const char *line, struct ffn_hp_toks *tk, char *err)
{
	size_t len = strcspn(line, "#\r\n");
	char *p;

	if (len >= sizeof(tk->buf))
		return ffn_hp_fail(err, "line too long");
	memcpy(tk->buf, line, len);
	tk->buf[len] = '\0';
	tk->n = 0;
	for (p = tk->buf;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (tk->n == FFN_HP_MAX_TOKENS)
			return ffn_hp_fail(err, "too many words on one line");
		tk->t[tk->n++] = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return 0;
}

/* Decimal or 0x-hex, the whole string, no sign. */
bool ffn_hp_u64(const char *s, uint64_t *out)
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

int ffn_hp_num(const char *s, uint64_t max, uint64_t *out, char *err)
{
	if (!ffn_hp_u64(s, out))
		return ffn_hp_fail(err, "bad number '%s'", s);
	if (*out > max)
		return ffn_hp_fail(err,
				   "number '%s' is out of range (max 0x%llx)",
				   s, (unsigned long long)max);
	return 0;
}

/* "ID" then optional ".N" in @s (after the "vm:" or "sp:" prefix). */
static int parse_id_vcpu(const char *s, struct ffn_hp_ep *ep, char *err)
{
	char idbuf[32];
	const char *dot = strchr(s, '.');
	size_t len = dot ? (size_t)(dot - s) : strlen(s);
	uint64_t v;

	if (len == 0 || len >= sizeof(idbuf))
		return ffn_hp_fail(err, "bad endpoint ID in '%s'", s);
	memcpy(idbuf, s, len);
	idbuf[len] = '\0';
	if (ffn_hp_num(idbuf, 0xFFFF, &v, err))
		return -1;
	ep->id = (uint16_t)v;
	ep->vcpu = 0;
	ep->has_vcpu = false;
	if (dot != NULL) {
		if (ffn_hp_num(dot + 1, 0xFFFF, &v, err))
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
int ffn_hp_ep(const char *s, struct ffn_hp_ep *ep, bool allow_cpu, char *err)
{
	memset(ep, 0, sizeof(*ep));
	if (strcmp(s, "ns") == 0 || strncmp(s, "ns.", 3) == 0) {
		uint64_t v = 0;
		ep->kind = FFN_HP_EP_NS;
		if (s[2] == '.') {
			if (ffn_hp_num(s + 3, 0xFFFF, &v, err))
				return -1;
			ep->has_vcpu = true;
		}
		ep->vcpu = (uint32_t)v;
		return 0;
	}
	if (strncmp(s, "vm:", 3) == 0) {
		ep->kind = FFN_HP_EP_VM;
		if (parse_id_vcpu(s + 3, ep, err))
			return -1;
		if (ffn_id_is_sp(ep->id))
			return ffn_hp_fail(err,
					   "'%s': a VM ID has bit 15 clear", s);
		return 0;
	}
	if (strncmp(s, "sp:", 3) == 0) {
		ep->kind = FFN_HP_EP_SP;
		if (parse_id_vcpu(s + 3, ep, err))
			return -1;
		if (!ffn_id_is_sp(ep->id))
			return ffn_hp_fail(err, "'%s': an SP ID has bit 15 set",
					   s);
		return 0;
	}
	if (strncmp(s, "cpu:", 4) == 0) {
		uint64_t v;
		if (!allow_cpu)
			return ffn_hp_fail(err, "'%s' is not an endpoint", s);
		if (ffn_hp_num(s + 4, 0xFFFF, &v, err))
			return -1;
		ep->kind = FFN_HP_EP_CPU;
		ep->vcpu = (uint32_t)v;
		ep->has_vcpu = true;
		return 0;
	}
	return 1;
}

int ffn_hp_need_ep(const char *s, struct ffn_hp_ep *ep, bool allow_cpu,
		   char *err)
{
	int rc = ffn_hp_ep(s, ep, allow_cpu, err);

	if (rc > 0)
		return ffn_hp_fail(err, "'%s' is not an endpoint", s);
	return rc;
}

int ffn_hp_need_vm(const char *s, struct ffn_hp_ep *ep, char *err)
{
	if (ffn_hp_need_ep(s, ep, false, err))
		return -1;
	if (ep->kind != FFN_HP_EP_VM)
		return ffn_hp_fail(err, "'%s' is not a VM (vm:ID)", s);
	return 0;
}

int ffn_hp_onoff(const char *s, bool *on, char *err)
{
	if (strcmp(s, "on") == 0)
		*on = true;
	else if (strcmp(s, "off") == 0)
		*on = false;
	else
		return ffn_hp_fail(err, "expected on or off, got '%s'", s);
	return 0;
}

int ffn_hp_want_args(const struct ffn_hp_toks *tk, unsigned lo, unsigned hi,
		     const char *use, char *err)
{
	if (tk->n - 1 < lo || tk->n - 1 > hi)
		return ffn_hp_fail(err, "usage: %s", use);
	return 0;
}

/*
 * sp ID [vcpus N] [el0] [no-notifications] [vm-created] [vm-destroyed];
 * vm ID [vcpus N].
 */
static int parse_partition(const struct ffn_hp_toks *tk,
			   struct ffn_hp_setup *st, bool sp, char *err)
{
	const char *use = sp ? "sp ID [vcpus N] [el0] [no-notifications] "
			       "[vm-created] [vm-destroyed]"
			     : "vm ID [vcpus N]";
	uint64_t v;

	if (tk->n < 2)
		return ffn_hp_fail(err, "usage: %s", use);
	if (ffn_hp_num(tk->t[1], 0xFFFF, &v, err))
		return -1;
	if (sp && !ffn_id_is_sp((ffn_id_t)v))
		return ffn_hp_fail(err, "SP ID %s: bit 15 must be set",
				   tk->t[1]);
	if (!sp && ffn_id_is_sp((ffn_id_t)v))
		return ffn_hp_fail(err, "VM ID %s: bit 15 must be clear",
				   tk->t[1]);
	st->num = (uint32_t)v;
	for (unsigned i = 2; i < tk->n; i++) {
		if (strcmp(tk->t[i], "vcpus") == 0 && i + 1 < tk->n) {
			if (ffn_hp_num(tk->t[++i], 0xFFFF, &v, err))
				return -1;
			if (v == 0)
				return ffn_hp_fail(err,
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
			return ffn_hp_fail(err, "unexpected '%s' (usage: %s)",
					   tk->t[i], use);
		}
	}
	return 0;
}

int ffn_hp_setup(const struct ffn_hp_toks *tk, struct ffn_hp_setup *st,
		 char *err)
{
	const char *k = tk->t[0];
	uint64_t v;

	memset(st, 0, sizeof(*st));
	if (strcmp(k, "cpus") == 0) {
		st->kind = FFN_HP_CPUS;
		if (ffn_hp_want_args(tk, 1, 1, "cpus N", err) ||
		    ffn_hp_num(tk->t[1], 1024, &v, err))
			return -1;
		if (v == 0)
			return ffn_hp_fail(err, "cpus must be at least 1");
		st->num = (uint32_t)v;
		return 0;
	}
	if (strcmp(k, "hypervisor") == 0) {
		st->kind = FFN_HP_HYPERVISOR;
		if (ffn_hp_want_args(tk, 1, 1, "hypervisor off|on", err))
			return -1;
		return ffn_hp_onoff(tk->t[1], &st->on, err);
	}
	if (strcmp(k, "sp") == 0) {
		st->kind = FFN_HP_SP;
		return parse_partition(tk, st, true, err);
	}
	if (strcmp(k, "vm") == 0) {
		st->kind = FFN_HP_VM;
		return parse_partition(tk, st, false, err);
	}
	if (strcmp(k, "scheduler") == 0) {
		st->kind = FFN_HP_SCHEDULER;
		if (ffn_hp_want_args(tk, 1, 1, "scheduler vm:ID|none", err))
			return -1;
		if (strcmp(tk->t[1], "none") == 0) {
			st->on = false;
			return 0;
		}
		st->on = true;
		return ffn_hp_need_vm(tk->t[1], &st->ep, err);
	}
	if (strcmp(k, "allow") == 0) {
		st->kind = FFN_HP_ALLOW;
		if (ffn_hp_want_args(tk, 3, 3, "allow vm:A -> vm:B", err))
			return -1;
		if (strcmp(tk->t[2], "->") != 0)
			return ffn_hp_fail(err, "usage: allow vm:A -> vm:B");
		if (ffn_hp_need_vm(tk->t[1], &st->ep, err) ||
		    ffn_hp_need_vm(tk->t[3], &st->ep2, err))
			return -1;
		return 0;
	}
	return 1;
}
