/* SPDX-License-Identifier: BSD-3-Clause */
/* Internals of the mediator (placeholder until src/mediator lands). */
#ifndef FFN_MEDIATOR_TYPES_H
#define FFN_MEDIATOR_TYPES_H

struct ffn_med_vm {
	ffn_id_t id;
	uint16_t vcpu_count;
};

struct ffn_mediator {
	const struct ffn_mediator_ops *ops;
	void *ops_ctx;
};

#endif /* FFN_MEDIATOR_TYPES_H */
