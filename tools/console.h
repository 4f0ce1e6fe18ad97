/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The `ffa-notify script` console: internal interfaces shared by its
 * files. console_parse.c turns one line into a struct con_stmt (syntax
 * only; the setup statements and endpoint names through host/parse.h),
 * console_world.c runs statements against a deterministic world (the SPMC
 * engine, optionally the mediator, and an event loop), console_print.c formats
 * registers and interrupts, console.c reads scripts, checks expectations and
 * sets the exit status. docs/console.md is the language reference.
 */
#ifndef FFN_CONSOLE_H
#define FFN_CONSOLE_H

#include <stddef.h>
#include <stdio.h>

#include "ffn/abi.h"
#include "parse.h"

/* Errors and endpoints are the setup parser's (host/parse.h). */
#define CON_ERR_LEN FFN_HP_ERR_LEN
#define con_fail ffn_hp_fail
#define CON_MAX_REGS 32

/* Interrupt kinds the console prints and expects. */
enum con_irq_kind {
	CON_IRQ_SRI,
	CON_IRQ_NPI,
	CON_IRQ_MEI,
	CON_IRQ_OTHER, /* a virtual interrupt with another INTID */
};

/* One interrupt delivered while a statement ran. */
struct con_irq {
	enum con_irq_kind kind;
	uint32_t intid; /* CON_IRQ_OTHER only */
	struct ffn_hp_ep target;
};

/* wK=VALUE or xK=VALUE. */
struct con_reg {
	uint8_t idx;
	bool is_x;
	uint64_t value;
};

enum con_stmt_kind {
	CON_ST_EMPTY, /* blank or comment */
	CON_ST_CPUS,
	CON_ST_HYPERVISOR,
	CON_ST_SP,
	CON_ST_VM,
	CON_ST_DESTROY,
	CON_ST_VCPU,
	CON_ST_SCHEDULER,
	CON_ST_ALLOW,
	CON_ST_CALL,
	CON_ST_EXPECT,
};

enum con_expect_kind {
	CON_EX_RESULT, /* expect NAME [regs] / expect FFA_ERROR CODE [regs] */
	CON_EX_REGS,   /* expect wK=V ... */
	CON_EX_IRQ,    /* expect irq KIND [TARGET] */
	CON_EX_NO_IRQ, /* expect no irq [KIND [TARGET]] */
};

struct con_stmt {
	enum con_stmt_kind kind;
	char text[256]; /* the statement, normalised, for echo and messages */

	/* cpus N / sp ID / vm ID: number and options. */
	uint32_t num;
	uint32_t vcpus; /* 0 = not given */
	bool el0;
	bool no_notifications;
	bool vm_created, vm_destroyed; /* sp: VM availability messages */
	bool on;		       /* hypervisor on|off, vcpu ... on|off */

	/* Endpoints: the caller, or the statement's VM(s). */
	struct ffn_hp_ep ep;
	struct ffn_hp_ep ep2; /* allow: the receiver */

	/* Calls. */
	uint32_t fid;
	struct con_reg regs[CON_MAX_REGS];
	unsigned nregs;

	/* Expectations (registers reuse regs/nregs). */
	enum con_expect_kind ex;
	bool has_w0;
	uint32_t w0;
	bool has_code;
	int32_t code;
	bool has_irq_kind;
	enum con_irq_kind irq_kind;
	bool has_target;
	struct ffn_hp_ep target;
};

/* console_parse.c */
/*
 * Parse one line. Return: 0 (@st filled, CON_ST_EMPTY for nothing), or -1
 * with a message in @err for a malformed line.
 */
int con_parse_line(const char *line, struct con_stmt *st, char *err);

/* console_print.c */
const char *con_fid_name(uint32_t fid); /* NULL when unknown */
/* The function ID named @name. Return: 0, or -1 when unknown. */
int con_fid_lookup(const char *name, uint32_t *fid);
/* The error code named @name (NOT_SUPPORTED...). Return: 0 or -1. */
int con_error_lookup(const char *name, int32_t *code);
void con_format_ep(char *buf, size_t len, const struct ffn_hp_ep *ep);
void con_format_irq(char *buf, size_t len, const struct con_irq *irq);
const char *con_irq_kind_name(enum con_irq_kind k);
/* The function ID or value in w0: its name, or 0x%08x. */
void con_format_w0(char *buf, size_t len, uint32_t w0);
/*
 * "-> RESULT regs" for the result of a call of @call_fid, with decoded
 * extras (the error name, INFO_GET lists).
 */
void con_print_result(FILE *f, const char *indent, uint32_t call_fid,
		      const struct ffn_regs *r);
/* The call's arguments: non-zero registers as wK= (or xK= for 64-bit). */
void con_format_args(char *buf, size_t len, const struct ffn_regs *r);
/* The result on one line, non-zero registers only (trace lines). */
void con_format_result_short(char *buf, size_t len, const struct ffn_regs *r);

/* console_world.c */
struct con_world;

struct con_world *con_world_new(FILE *out);
void con_world_free(struct con_world *w);
/*
 * Run one statement (not an expectation) and everything it sets off.
 * Return: 0, or -1 with a message in @err when the statement cannot run
 * (unknown endpoint, setup after the world started, ...).
 */
int con_world_exec(struct con_world *w, const struct con_stmt *st, char *err);
/* The last statement's result registers and interrupts. */
const struct ffn_regs *con_world_last_regs(const struct con_world *w);
const struct con_irq *con_world_last_irqs(const struct con_world *w,
					  unsigned *count);

#endif /* FFN_CONSOLE_H */
