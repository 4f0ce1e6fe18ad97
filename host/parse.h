/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one parser of what describes a hosted world, shared by the console
 * (`ffa-notify script`, docs/console.md) and the scenario files of
 * `ffa-notify run` (docs/scenarios.md): lines split into words, numbers,
 * endpoint names and the setup statements
 *
 *     cpus N
 *     hypervisor on|off
 *     sp ID [vcpus N] [el0] [no-notifications] [vm-created] [vm-destroyed]
 *     vm ID [vcpus N]
 *     scheduler vm:ID|none
 *     allow vm:A -> vm:B
 *
 * This is syntax only: whether an endpoint exists, or a statement may come
 * where it does, is for the world that runs it. Errors are written into a
 * buffer of FFN_HP_ERR_LEN bytes, without a position (the caller adds
 * its FILE:LINE).
 *
 * Context: any thread; nothing is shared.
 */
#ifndef FFN_HOST_PARSE_H
#define FFN_HOST_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "ffn/abi.h"

#define FFN_HP_ERR_LEN 256

/*
 * The calls of the notification ABI an endpoint makes, in a fixed order:
 * the console knows them by name (with the answers it also names), the
 * fuzzers draw one by index (so the order is part of their corpora).
 */
#define FFN_HP_CALL_COUNT 12u
extern const uint32_t ffn_hp_calls[FFN_HP_CALL_COUNT];
#define FFN_HP_MAX_TOKENS 48

/* Write an error into @err (FFN_HP_ERR_LEN bytes). Return: -1. */
int ffn_hp_fail(char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line's words: `#` to the end of the line is a comment. */
struct ffn_hp_toks {
	char buf[512];
	char *t[FFN_HP_MAX_TOKENS];
	unsigned n;
};

/* Split @line (up to its first newline). Return: 0, or -1 with @err. */
int ffn_hp_tokenize(const char *line, struct ffn_hp_toks *tk, char *err);

/* Decimal or 0x-hex, the whole string, no sign. Return: success. */
bool ffn_hp_u64(const char *s, uint64_t *out);
/* ffn_hp_u64 at most @max. Return: 0, or -1 with @err. */
int ffn_hp_num(const char *s, uint64_t max, uint64_t *out, char *err);
/* "on" or "off". Return: 0, or -1 with @err. */
int ffn_hp_onoff(const char *s, bool *on, char *err);

/* The endpoints (and interrupt targets) a line names. */
enum ffn_hp_ep_kind {
	FFN_HP_EP_NS,  /* ns[.CPU]: the NS physical instance (hypervisor off) */
	FFN_HP_EP_VM,  /* vm:ID[.VCPU] */
	FFN_HP_EP_SP,  /* sp:ID[.VCPU] */
	FFN_HP_EP_CPU, /* cpu:N: a physical interrupt to the normal world */
};

struct ffn_hp_ep {
	enum ffn_hp_ep_kind kind;
	uint16_t id;   /* VM or SP ID; 0 for ns and cpu */
	uint32_t vcpu; /* vCPU, or CPU for ns and cpu:N */
	bool has_vcpu; /* written with .VCPU (or cpu:N) */
};

/*
 * An endpoint: ns[.CPU], vm:ID[.VCPU], sp:ID[.VCPU]; with @allow_cpu also
 * cpu:N. A VM ID has bit 15 clear, an SP ID has it set.
 * Return: 1 when @s is not endpoint-shaped at all, 0 on success, -1 (with
 * @err) when it is endpoint-shaped but malformed.
 */
int ffn_hp_ep(const char *s, struct ffn_hp_ep *ep, bool allow_cpu, char *err);
/* ffn_hp_ep, where only an endpoint may stand. Return: 0 or -1. */
int ffn_hp_need_ep(const char *s, struct ffn_hp_ep *ep, bool allow_cpu,
		   char *err);
/* An endpoint that must be a VM (vm:ID[.VCPU]). Return: 0 or -1. */
int ffn_hp_need_vm(const char *s, struct ffn_hp_ep *ep, char *err);

enum ffn_hp_setup_kind {
	FFN_HP_CPUS,
	FFN_HP_HYPERVISOR,
	FFN_HP_SP,
	FFN_HP_VM,
	FFN_HP_SCHEDULER,
	FFN_HP_ALLOW,
};

struct ffn_hp_setup {
	enum ffn_hp_setup_kind kind;
	uint32_t num;	/* cpus N, sp ID, vm ID */
	uint32_t vcpus; /* 0 = not given */
	bool el0;
	bool no_notifications;
	bool vm_created, vm_destroyed; /* sp: VM availability messages */
	bool on;	      /* hypervisor on|off; scheduler: false for none */
	struct ffn_hp_ep ep;  /* scheduler: the VM; allow: the sender */
	struct ffn_hp_ep ep2; /* allow: the receiver */
};

/*
 * A setup statement in @tk (at least one word). Return: 1 when the first
 * word is not a setup statement's, 0 with @st filled, or -1 with @err.
 */
int ffn_hp_setup(const struct ffn_hp_toks *tk, struct ffn_hp_setup *st,
		 char *err);

/* "usage: @use" unless the statement has @lo..@hi arguments. */
int ffn_hp_want_args(const struct ffn_hp_toks *tk, unsigned lo, unsigned hi,
		     const char *use, char *err);

#endif /* FFN_HOST_PARSE_H */
