// SPDX-License-Identifier: BSD-3-Clause
/*
 * The VM table of a hosted world (see world.h): the records the mediator
 * finds through vm_get, the references it holds, and the freeing once it
 * allows it. The table's lock is a leaf: the mediator calls vm_get and
 * vm_put under its own locks, so nothing here calls into the mediator
 * with the lock held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

void ffn_hw_vms_init(struct ffn_hw_vms *t, struct ffn_mediator *med)
{
	pthread_mutex_init(&t->lock, NULL);
	t->med = med;
	t->by_id = ffn_hw_zalloc(sizeof(*t->by_id) * FFN_VM_ID_COUNT);
}

static void free_vm(struct ffn_hw_vm *v)
{
	free(v->storage);
	free(v);
}

void ffn_hw_vms_fini(struct ffn_hw_vms *t)
{
	while (t->list != NULL) {
		struct ffn_hw_vm *v = t->list;

		t->list = v->next;
		free_vm(v);
	}
	free(t->by_id);
	pthread_mutex_destroy(&t->lock);
	memset(t, 0, sizeof(*t));
}

struct ffn_hw_vm *ffn_hw_vms_find(struct ffn_hw_vms *t, ffn_id_t id)
{
	struct ffn_hw_vm *v;

	if (ffn_id_is_sp(id) || t->by_id == NULL)
		return NULL;
	pthread_mutex_lock(&t->lock);
	v = t->by_id[id];
	if (v != NULL && !v->alive)
		v = NULL;
	pthread_mutex_unlock(&t->lock);
	return v;
}

int ffn_hw_vms_create(struct ffn_hw_vms *t, ffn_id_t id, uint16_t vcpus,
		      void *host, struct ffn_hw_vm **out)
{
	struct ffn_hw_vm *v, *old;
	size_t size = ffn_med_vm_storage_size(vcpus);
	int rc;

	*out = NULL;
	if (vcpus > FFN_HW_MAX_VM_VCPUS || size == 0 || ffn_id_is_sp(id))
		return FFN_INVALID_PARAMETERS;
	v = ffn_hw_zalloc(sizeof(*v));
	v->id = id;
	v->vcpus = vcpus;
	v->host = host;
	for (unsigned i = 0; i < vcpus; i++)
		v->online[i] = true;
	v->storage = ffn_hw_zalloc(size);
	rc = ffn_mediator_vm_create(t->med, &v->med, id, vcpus, v->storage,
				    size, 0, v);
	if (rc != FFN_OK) {
		free_vm(v);
		return rc;
	}
	pthread_mutex_lock(&t->lock);
	v->next = t->list;
	t->list = v;
	old = t->by_id[id];
	if (old != NULL && old->alive) {
		rc = FFN_HW_DUPLICATE; /* v stays dying, never freed early */
	} else {
		v->alive = true;
		t->by_id[id] = v;
		*out = v;
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

/* Under t->lock: unlink @v and count it; the caller frees it. */
static void unlink_locked(struct ffn_hw_vms *t, struct ffn_hw_vm *v)
{
	struct ffn_hw_vm **pp;

	for (pp = &t->list; *pp != v; pp = &(*pp)->next)
		;
	*pp = v->next;
	if (t->by_id[v->id] == v)
		t->by_id[v->id] = NULL;
	atomic_fetch_add(&t->freed, 1);
}

/*
 * Free @v if it is dead, unreferenced and the mediator allows it. A VM
 * that is not alive with no reference gets none again (vm_get no longer
 * finds it), so the mediator is asked outside the lock; @v->checked keeps
 * a second asker away meanwhile.
 */
static bool try_free(struct ffn_hw_vms *t, struct ffn_hw_vm *v)
{
	bool mine, ok;

	pthread_mutex_lock(&t->lock);
	mine = !v->alive && v->refs == 0 && !v->checked;
	if (mine)
		v->checked = true;
	pthread_mutex_unlock(&t->lock);
	if (!mine)
		return false;
	ok = ffn_mediator_vm_freeable(t->med, v->med);
	pthread_mutex_lock(&t->lock);
	if (ok)
		unlink_locked(t, v);
	else
		v->checked = false;
	pthread_mutex_unlock(&t->lock);
	if (ok)
		free_vm(v);
	return ok;
}

int ffn_hw_vms_destroy(struct ffn_hw_vms *t, struct ffn_hw_vm *vm)
{
	int rc;

	pthread_mutex_lock(&t->lock);
	vm->alive = false;
	if (t->by_id[vm->id] == vm)
		t->by_id[vm->id] = NULL;
	pthread_mutex_unlock(&t->lock);
	rc = ffn_mediator_vm_destroy(t->med, vm->med, 0);
	if (t->free_at_put)
		(void)try_free(t, vm);
	return rc;
}

struct ffn_med_vm *ffn_hw_vms_get(struct ffn_hw_vms *t, ffn_id_t id)
{
	struct ffn_med_vm *vm = NULL;
	struct ffn_hw_vm *v;

	atomic_fetch_add(&t->get_calls, 1);
	if (ffn_id_is_sp(id))
		return NULL;
	pthread_mutex_lock(&t->lock);
	v = t->by_id[id];
	if (v != NULL && v->alive) {
		v->refs++;
		vm = v->med;
	}
	pthread_mutex_unlock(&t->lock);
	return vm;
}

void ffn_hw_vms_put(struct ffn_hw_vms *t, struct ffn_med_vm *mvm)
{
	struct ffn_hw_vm *v = ffn_med_vm_host(mvm);

	pthread_mutex_lock(&t->lock);
	if (v->refs == 0) {
		fputs("ffn host: vm_put without vm_get\n", stderr);
		abort();
	}
	v->refs--;
	pthread_mutex_unlock(&t->lock);
	if (t->free_at_put)
		(void)try_free(t, v);
}

void ffn_hw_vms_reap(struct ffn_hw_vms *t)
{
	unsigned round;

	pthread_mutex_lock(&t->lock);
	round = ++t->round;
	pthread_mutex_unlock(&t->lock);
	for (;;) {
		struct ffn_hw_vm *v;

		/* Each candidate once a round: one not freeable stays. */
		pthread_mutex_lock(&t->lock);
		for (v = t->list; v != NULL; v = v->next)
			if (!v->alive && v->refs == 0 && v->round != round)
				break;
		if (v != NULL)
			v->round = round;
		pthread_mutex_unlock(&t->lock);
		if (v == NULL)
			break;
		(void)try_free(t, v);
	}
}

unsigned ffn_hw_vms_count(struct ffn_hw_vms *t)
{
	unsigned n = 0;

	pthread_mutex_lock(&t->lock);
	for (const struct ffn_hw_vm *v = t->list; v != NULL; v = v->next)
		n++;
	pthread_mutex_unlock(&t->lock);
	return n;
}
