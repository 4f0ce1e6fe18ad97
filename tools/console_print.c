// SPDX-License-Identifier: BSD-3-Clause
/*
 * How the console writes things: function IDs and error codes by name,
 * endpoints (VM IDs in decimal, SP IDs in hex, as scripts write them),
 * interrupts, and result registers (w registers in 32-bit hex, x
 * registers in 64-bit hex for 64-bit results).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "ffn/info_list.h"
#include "parse.h"

/* What the console names besides the calls (host/parse.h): answers. */
static const uint32_t answer_fids[] = {FFN_FID_ERROR,
				       FFN_FID_SUCCESS_32,
				       FFN_FID_SUCCESS_64,
				       FFN_FID_INTERRUPT,
				       FFN_FID_MSG_SEND_DIRECT_REQ_32,
				       FFN_FID_MSG_SEND_DIRECT_RESP_32};

const char *con_fid_name(uint32_t fid)
{
	return ffn_fid_name(fid);
}

static bool fid_in(const uint32_t *t, size_t n, const char *name, uint32_t *fid)
{
	for (size_t i = 0; i < n; i++) {
		const char *nm = ffn_fid_name(t[i]);

		if (nm != NULL && strcmp(nm, name) == 0) {
			*fid = t[i];
			return true;
		}
	}
	return false;
}

int con_fid_lookup(const char *name, uint32_t *fid)
{
	if (fid_in(ffn_hp_calls, FFN_HP_CALL_COUNT, name, fid) ||
	    fid_in(answer_fids, sizeof(answer_fids) / sizeof(answer_fids[0]),
		   name, fid))
		return 0;
	return -1;
}

int con_error_lookup(const char *name, int32_t *code)
{
	for (int32_t e = FFN_NOT_SUPPORTED; e >= FFN_NOT_READY; e--) {
		const char *n = ffn_error_name(e);
		if (n != NULL && strcmp(n, name) == 0) {
			*code = e;
			return 0;
		}
	}
	return -1;
}

void con_format_ep(char *buf, size_t len, const struct ffn_hp_ep *ep)
{
	switch (ep->kind) {
	case FFN_HP_EP_NS:
		snprintf(buf, len, "ns.%u", ep->vcpu);
		break;
	case FFN_HP_EP_CPU:
		snprintf(buf, len, "cpu:%u", ep->vcpu);
		break;
	case FFN_HP_EP_VM:
		if (ep->has_vcpu)
			snprintf(buf, len, "vm:%u.%u", ep->id, ep->vcpu);
		else
			snprintf(buf, len, "vm:%u", ep->id);
		break;
	case FFN_HP_EP_SP:
		if (ep->has_vcpu)
			snprintf(buf, len, "sp:0x%04x.%u", ep->id, ep->vcpu);
		else
			snprintf(buf, len, "sp:0x%04x", ep->id);
		break;
	}
}

const char *con_irq_kind_name(enum con_irq_kind k)
{
	switch (k) {
	case CON_IRQ_SRI:
		return "SRI";
	case CON_IRQ_NPI:
		return "NPI";
	case CON_IRQ_MEI:
		return "MEI";
	default:
		return "VIRQ";
	}
}

void con_format_irq(char *buf, size_t len, const struct con_irq *irq)
{
	char ep[48];

	con_format_ep(ep, sizeof(ep), &irq->target);
	if (irq->kind == CON_IRQ_OTHER)
		snprintf(buf, len, "irq VIRQ%u %s", irq->intid, ep);
	else
		snprintf(buf, len, "irq %s %s", con_irq_kind_name(irq->kind),
			 ep);
}

void con_format_w0(char *buf, size_t len, uint32_t w0)
{
	const char *n = con_fid_name(w0);

	if (n != NULL)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "0x%08x", w0);
}

static bool result_is_64(const struct ffn_regs *r)
{
	return (uint32_t)r->x[0] == FFN_FID_SUCCESS_64;
}

/* Decode an INFO_GET success: "[0x8001] [0x0001 0 1 2] more-pending". */
static void print_info_lists(FILE *f, const char *indent,
			     const struct ffn_regs *r, bool is64)
{
	struct ffn_info_reader rd;
	struct ffn_info_entry e;

	if (ffn_info_reader_init(&rd, r, is64) != 0) {
		fprintf(f, "%s   (not a well-formed INFO_GET reply)\n", indent);
		return;
	}
	fprintf(f, "%s   lists:", indent);
	while (ffn_info_reader_next(&rd, &e)) {
		if (ffn_id_is_sp(e.id))
			fprintf(f, " [0x%04x", e.id);
		else
			fprintf(f, " [%u", e.id);
		for (unsigned i = 0; i < e.vcpu_count; i++)
			fprintf(f, " %u", e.vcpus[i]);
		fputc(']', f);
	}
	if (ffn_info_reader_more(&rd))
		fputs(" more-pending", f);
	fputc('\n', f);
}

void con_print_result(FILE *f, const char *indent, uint32_t call_fid,
		      const struct ffn_regs *r)
{
	char w0[32];
	bool is64 = result_is_64(r);

	con_format_w0(w0, sizeof(w0), (uint32_t)r->x[0]);
	fprintf(f, "%s-> %s", indent, w0);
	for (unsigned i = 1; i <= 7; i++) {
		if (is64)
			fprintf(f, " x%u=0x%016llx", i,
				(unsigned long long)r->x[i]);
		else
			fprintf(f, " w%u=0x%08x", i, (uint32_t)r->x[i]);
	}
	for (unsigned i = 8; i < FFN_REG_COUNT; i++)
		if (r->x[i] != 0)
			fprintf(f, " x%u=0x%016llx", i,
				(unsigned long long)r->x[i]);
	if ((uint32_t)r->x[0] == FFN_FID_ERROR) {
		const char *n = ffn_error_name((int32_t)(uint32_t)r->x[2]);
		if (n != NULL)
			fprintf(f, " (%s)", n);
	}
	fputc('\n', f);
	if (call_fid == FFN_FID_NOTIFICATION_INFO_GET_32 &&
	    (uint32_t)r->x[0] == FFN_FID_SUCCESS_32)
		print_info_lists(f, indent, r, false);
	if (call_fid == FFN_FID_NOTIFICATION_INFO_GET_64 &&
	    (uint32_t)r->x[0] == FFN_FID_SUCCESS_64)
		print_info_lists(f, indent, r, true);
}

static void append(char *buf, size_t len, size_t *at, const char *fmt,
		   unsigned idx, uint64_t v, bool is64)
{
	int n;

	if (*at >= len)
		return;
	if (is64)
		n = snprintf(buf + *at, len - *at, fmt, 'x', idx,
			     (unsigned long long)v);
	else
		n = snprintf(buf + *at, len - *at, fmt, 'w', idx,
			     (unsigned long long)(uint32_t)v);
	if (n > 0)
		*at += (size_t)n;
}

/* Non-zero registers from @first, 32-bit unless @is64. */
static void format_nonzero(char *buf, size_t len, size_t at,
			   const struct ffn_regs *r, unsigned first, bool is64)
{
	for (unsigned i = first; i < FFN_REG_COUNT; i++) {
		bool wide = is64 || i > 7;
		uint64_t v = wide ? r->x[i] : (uint32_t)r->x[i];
		if (v != 0)
			append(buf, len, &at, " %c%u=0x%llx", i, v, wide);
	}
}

void con_format_args(char *buf, size_t len, const struct ffn_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	size_t at;

	con_format_w0(buf, len, fid);
	at = strlen(buf);
	format_nonzero(buf, len, at, r, 1, FFN_FID_IS_64(fid));
}

void con_format_result_short(char *buf, size_t len, const struct ffn_regs *r)
{
	size_t at;

	con_format_w0(buf, len, (uint32_t)r->x[0]);
	at = strlen(buf);
	if ((uint32_t)r->x[0] == FFN_FID_ERROR) {
		const char *n = ffn_error_name((int32_t)(uint32_t)r->x[2]);
		if (n != NULL) {
			snprintf(buf + at, len - at, " %s", n);
			return;
		}
	}
	format_nonzero(buf, len, at, r, 1, result_is_64(r));
}
