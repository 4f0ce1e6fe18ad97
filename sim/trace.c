// SPDX-License-Identifier: BSD-3-Clause
/*
 * The trace of a run: Chrome Trace Event JSON (Perfetto, Catapult's
 * trace viewer, chrome://tracing). The sequence diagram is diagram.c.
 *
 * Trace layout: process "physical CPUs" (one track per CPU: the SRI
 * handler), process "mediator" (one track per tasklet and per trapping
 * vCPU), process "SPMC" (one track per calling context, so slices nest),
 * and one process per VM or SP with one track per vCPU. Calls are
 * complete ("X") events with their registers as arguments; interrupts
 * are instant ("i") events; flow arrows ("s" to "f") join a SET to the
 * callback that delivered it. Every track is named and ordered
 * (process_sort_index, thread_sort_index) so the page reads in the order
 * a notification travels.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define TRACE_CAP 200000u

void sim_trace_name(struct ffn_sim *s, int pid, int tid, const char *name)
{
	pthread_mutex_lock(&s->trace_mu);
	if (s->nnames < sizeof(s->names) / sizeof(s->names[0])) {
		struct sim_name *n = &s->names[s->nnames++];

		n->pid = pid;
		n->tid = tid;
		snprintf(n->name, sizeof(n->name), "%s", name);
	}
	pthread_mutex_unlock(&s->trace_mu);
}

void *sim_grow(void *arr, size_t *cap, size_t n, size_t elem, size_t first,
	       size_t max)
{
	size_t want = *cap ? *cap * 2 : first;
	void *p;

	if (n < *cap)
		return arr;
	if (want > max || (p = realloc(arr, want * elem)) == NULL)
		return NULL;
	*cap = want;
	return p;
}

static void trace_add(struct ffn_sim *s, char ph, int pid, int tid, uint64_t ts,
		      uint64_t dur, uint64_t id, const char *name,
		      const char *args, bool regs)
{
	struct sim_tev *e, *grown;

	if (!s->tracing)
		return;
	pthread_mutex_lock(&s->trace_mu);
	grown = sim_grow(s->tev, &s->captev, s->ntev, sizeof(*e), 4096,
			 TRACE_CAP);
	if (grown == NULL) {
		s->tev_dropped++;
		pthread_mutex_unlock(&s->trace_mu);
		return;
	}
	s->tev = grown;
	e = &s->tev[s->ntev++];
	e->ts = ts;
	e->dur = dur;
	e->id = id;
	e->pid = pid;
	e->tid = tid;
	e->ph = ph;
	e->regs = regs;
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->args, sizeof(e->args), "%s", args ? args : "");
	pthread_mutex_unlock(&s->trace_mu);
}

void sim_trace_ev(struct ffn_sim *s, char ph, int pid, int tid, uint64_t ts,
		  uint64_t dur, const char *name, const char *args)
{
	trace_add(s, ph, pid, tid, ts, dur, 0, name, args, false);
}

/*
 * A flow arrow from a SET ('s', inside the sender's "send" slice, stamped
 * before the SET) to the callback that delivered it ('f', inside the
 * receiver's handler slice). Flow events carry no arguments: viewers
 * merge the arguments of a flow's phases and warn when they differ.
 */
void sim_trace_flow(struct ffn_sim *s, char ph, int pid, int tid, uint64_t ts,
		    uint64_t id)
{
	trace_add(s, ph, pid, tid, ts, 0, id, "notification", NULL, false);
}

static const char *fid_str(uint32_t fid, char *buf, size_t len)
{
	const char *n = ffn_fid_name(fid);

	if (n != NULL)
		return n;
	snprintf(buf, len, "0x%08x", fid);
	return buf;
}

/* The registers worth showing for a call. */
void sim_fmt_call(char *buf, size_t len, const struct ffn_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	char tmp[16];
	const char *n = fid_str(fid, tmp, sizeof(tmp));

	switch (fid) {
	case FFN_FID_NOTIFICATION_SET:
	case FFN_FID_NOTIFICATION_BIND:
	case FFN_FID_NOTIFICATION_UNBIND:
		snprintf(buf, len, "%s w1=0x%08x w2=0x%x w3=0x%x w4=0x%x", n,
			 (uint32_t)r->x[1], (uint32_t)r->x[2],
			 (uint32_t)r->x[3], (uint32_t)r->x[4]);
		break;
	case FFN_FID_NOTIFICATION_GET:
	case FFN_FID_RUN:
	case FFN_FID_FEATURES:
	case FFN_FID_VERSION:
	case FFN_FID_NOTIFICATION_BITMAP_CREATE:
	case FFN_FID_NOTIFICATION_BITMAP_DESTROY:
		snprintf(buf, len, "%s w1=0x%08x w2=0x%x", n, (uint32_t)r->x[1],
			 (uint32_t)r->x[2]);
		break;
	default:
		snprintf(buf, len, "%s", n);
		break;
	}
}

void sim_fmt_ret(char *buf, size_t len, uint32_t in_fid,
		 const struct ffn_regs *r)
{
	uint32_t w0 = (uint32_t)r->x[0];
	char tmp[16];
	const char *n = fid_str(w0, tmp, sizeof(tmp));

	if (w0 == FFN_FID_ERROR) {
		const char *e = ffn_error_name((int32_t)(uint32_t)r->x[2]);

		snprintf(buf, len, "FFA_ERROR %s", e ? e : "?");
	} else if (in_fid == FFN_FID_NOTIFICATION_GET) {
		snprintf(buf, len, "%s sp=0x%llx vm=0x%llx spm=0x%x hyp=0x%x",
			 n,
			 (unsigned long long)ffn_bitmap_from_regs(r->x[2],
								  r->x[3]),
			 (unsigned long long)ffn_bitmap_from_regs(r->x[4],
								  r->x[5]),
			 (uint32_t)r->x[6], (uint32_t)r->x[7]);
	} else if (in_fid == FFN_FID_NOTIFICATION_INFO_GET_64 ||
		   in_fid == FFN_FID_NOTIFICATION_INFO_GET_32) {
		snprintf(buf, len, "%s x2=0x%llx x3=0x%llx", n,
			 (unsigned long long)r->x[2],
			 (unsigned long long)r->x[3]);
	} else {
		snprintf(buf, len, "%s", n);
	}
}

void sim_trace_call(struct ffn_sim *s, int pid, uint64_t t0,
		    const struct ffn_regs *in, const struct ffn_regs *out)
{
	char name[48], args[112], a[64], b[64];
	char tmp[16];
	uint64_t t1;

	if (!s->tracing)
		return;
	t1 = ffn_sim_now();
	snprintf(name, sizeof(name), "%s",
		 fid_str((uint32_t)in->x[0], tmp, sizeof(tmp)));
	sim_fmt_call(a, sizeof(a), in);
	sim_fmt_ret(b, sizeof(b), (uint32_t)in->x[0], out);
	/* Drop the name from the call text: it is the slice name. */
	snprintf(args, sizeof(args), "%s -> %s",
		 strchr(a, ' ') ? strchr(a, ' ') + 1 : "", b);
	trace_add(s, 'X', pid, sim_tls_key, t0, t1 - t0, 0, name, args, true);
}

static void json_str(FILE *f, const char *str)
{
	fputc('"', f);
	for (; *str; str++) {
		if (*str == '"' || *str == '\\')
			fputc('\\', f);
		if ((unsigned char)*str < 0x20)
			continue;
		fputc(*str, f);
	}
	fputc('"', f);
}

/*
 * Flows that have exactly one start and one finish (bit 0: a start, bit 1:
 * a finish, bit 2: a second one of either). A run that was interrupted or
 * hit the event cap leaves some half-recorded: they are not written.
 * Return: the marks indexed by flow ID (free() them), or NULL.
 */
static uint8_t *flow_marks(struct ffn_sim *s, uint64_t *nids)
{
	uint64_t n = atomic_load(&s->trace_ids) + 1;
	uint8_t *m = calloc(n, 1);

	*nids = m != NULL ? n : 0;
	for (size_t i = 0; m != NULL && i < s->ntev; i++) {
		const struct sim_tev *e = &s->tev[i];
		uint8_t bit = e->ph == 's' ? 1 : e->ph == 'f' ? 2 : 0;

		if (bit == 0 || e->id >= n)
			continue;
		if (m[e->id] & bit)
			m[e->id] |= 4;
		m[e->id] |= bit;
	}
	return m;
}

static bool flow_paired(const uint8_t *m, uint64_t nids, uint64_t id)
{
	return id < nids && m[id] == 3;
}

/*
 * Processes in the order a notification travels: the domains that mostly
 * send, the SPMC, the physical CPUs (the SRI), the mediator, then the
 * domains that mostly receive (and the scheduler VM, which only reacts).
 */
static int process_rank(struct ffn_sim *s, int pid)
{
	unsigned sends = 0, recvs = 0, d;

	switch (pid) {
	case PID_SPMC:
		return 100;
	case PID_CPUS:
		return 101;
	case PID_MED:
		return 102;
	default:
		break;
	}
	d = (unsigned)(pid - PID_DOM(0));
	for (unsigned i = 0; i < s->nflow; i++) {
		sends += s->flow[i].snd->index == d;
		recvs += s->flow[i].rcv->index == d;
	}
	return (sends > recvs ? 0 : 200) + (int)d;
}

/* A track: toolstack last, the others by thread key (CPU, vCPU order). */
static int thread_rank(int tid)
{
	return tid == KEY_MAIN ? 1000000 : tid;
}

#define TRACKS_CAP 4096u /* > every (pid, tid) pair a run can have */

struct tracks {
	uint64_t key[TRACKS_CAP]; /* pid << 32 | tid, 0 = empty */
};

/* Return: true if (pid, tid) was not in @t yet (it is now). */
static bool track_add(struct tracks *t, int pid, int tid)
{
	uint64_t k = (uint64_t)(uint32_t)pid << 32 | (uint32_t)tid;
	unsigned h = (unsigned)((k * 0x9E3779B97F4A7C15ull) >> 52);

	for (unsigned i = 0; i < TRACKS_CAP; i++) {
		unsigned j = (h + i) % TRACKS_CAP;

		if (t->key[j] == k)
			return false;
		if (t->key[j] == 0) {
			t->key[j] = k;
			return true;
		}
	}
	return false; /* full: treat as named */
}

static void meta(FILE *f, const char *what, int pid, int tid, const char *str,
		 int num)
{
	fprintf(f,
		",\n{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%d,\"tid\":%d,"
		"\"args\":{",
		what, pid, tid);
	if (str != NULL) {
		fputs("\"name\":", f);
		json_str(f, str);
	} else {
		fprintf(f, "\"sort_index\":%d", num);
	}
	fputs("}}", f);
}

static void write_event(FILE *f, const struct ffn_sim *s,
			const struct sim_tev *e)
{
	uint64_t ts = e->ts > s->t0 ? e->ts - s->t0 : 0;

	fprintf(f, ",\n{\"ph\":\"%c\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f,",
		e->ph, e->pid, e->tid, (double)ts / 1000.0);
	if (e->ph == 'X')
		fprintf(f, "\"dur\":%.3f,", (double)e->dur / 1000.0);
	else if (e->ph == 's' || e->ph == 'f')
		fprintf(f, "\"id\":%llu,\"cat\":\"notification\",%s",
			(unsigned long long)e->id,
			e->ph == 'f' ? "\"bp\":\"e\"," : "");
	else
		fputs("\"s\":\"t\",", f);
	fputs("\"name\":", f);
	json_str(f, e->name);
	if (e->args[0] != '\0') {
		fprintf(f, ",\"args\":{\"%s\":", e->regs ? "regs" : "detail");
		json_str(f, e->args);
		fputc('}', f);
	}
	fputc('}', f);
}

int ffn_sim_write_trace(struct ffn_sim *s, FILE *f)
{
	static const char *const procs[] = {NULL, "physical CPUs", "mediator",
					    "SPMC"};
	struct tracks *named = calloc(1, sizeof(*named));
	uint64_t nids;
	uint8_t *marks;

	if (named == NULL)
		return -1;
	pthread_mutex_lock(&s->trace_mu);
	marks = flow_marks(s, &nids);
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", f);
	/* Every record after this first one starts with ",\n". */
	fputs("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"tid\":0,"
	      "\"args\":{\"name\":\"physical CPUs\"}}",
	      f);
	for (int p = 1; p <= 3; p++) {
		if (p > 1)
			meta(f, "process_name", p, 0, procs[p], 0);
		meta(f, "process_sort_index", p, 0, NULL, process_rank(s, p));
	}
	for (unsigned i = 0; i < s->nnames; i++) {
		const struct sim_name *n = &s->names[i];

		if (n->tid < 0) {
			meta(f, "process_name", n->pid, 0, n->name, 0);
			meta(f, "process_sort_index", n->pid, 0, NULL,
			     process_rank(s, n->pid));
		} else if (track_add(named, n->pid, n->tid)) {
			meta(f, "thread_name", n->pid, n->tid, n->name, 0);
			meta(f, "thread_sort_index", n->pid, n->tid, NULL,
			     thread_rank(n->tid));
		}
	}
	for (size_t i = 0; i < s->ntev; i++) {
		const struct sim_tev *e = &s->tev[i];

		if ((e->ph == 's' || e->ph == 'f') &&
		    (marks == NULL || !flow_paired(marks, nids, e->id)))
			continue;
		/* Every track has a name, even one the platform forgot. */
		if (track_add(named, e->pid, e->tid)) {
			char name[32];

			snprintf(name, sizeof(name), "thread %d", e->tid);
			meta(f, "thread_name", e->pid, e->tid, name, 0);
			meta(f, "thread_sort_index", e->pid, e->tid, NULL,
			     thread_rank(e->tid));
		}
		write_event(f, s, e);
	}
	fputs("\n]}\n", f);
	pthread_mutex_unlock(&s->trace_mu);
	free(marks);
	free(named);
	return ferror(f) ? -1 : 0;
}

void sim_trace_free(struct ffn_sim *s)
{
	free(s->tev);
	free(s->sev);
	pthread_mutex_destroy(&s->trace_mu);
}
