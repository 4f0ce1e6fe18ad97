/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Promela model of the ffa-notify delivery protocol (docs/security.md).
 *
 * What is modelled, one notification ID per (receiver, kind) since bits
 * of one bitmap travel together and SET is idempotent per bit:
 *   - the SPMC: pending bits, the "not yet listed" report marks (rep),
 *     INFO_GET with a capacity of CAP lists per call and an exact
 *     more-pending bit, GET that returns and clears, BITMAP_CREATE and
 *     BITMAP_DESTROY (DENIED while anything is pending);
 *   - the SRI: raised on the CPU the sender runs on, or latched per CPU
 *     with the delay flag and raised when that CPU returns to the normal
 *     world (the SP's FFA_MSG_WAIT, or the end of any SMC on that CPU);
 *   - the mediator: the SRI handler that only schedules the tasklet, the
 *     tasklet that drains INFO_GET_64 while more-pending is set, looks the
 *     VM up by ID with a reference (vm_get/vm_put), records the pending
 *     state and injects the NPI (first online vCPU for a global entry, the
 *     listed vCPU for a per-vCPU one), and holds an NPI for offline vCPUs
 *     as src/mediator/drain.c does, without a lock: set the held flag,
 *     look for an online vCPU again, and whoever test-and-clears a set
 *     flag (the drain or ffn_mediator_vcpu_online, which runs after the
 *     host marked the vCPU online) injects;
 *   - guests that answer an NPI with FFA_NOTIFICATION_GET on that vCPU;
 *   - VM 0 destroyed (drain + retry of BITMAP_DESTROY), its context freed
 *     once no deferred work holds it, and the same ID created again in
 *     the same storage;
 *   - vCPUs going offline and back online.
 *
 * Bounds (make verify): 2 VMs x 2 vCPUs, 1 SP sender, 2 physical CPUs,
 * MAX_SETS SETs, CAP lists per INFO_GET, 2 offline/online episodes, one
 * destroy + re-create of VM 0. See docs/security.md.
 *
 * Mutants (each must FAIL; scripts/verify checks that they do):
 *   -DMUT_LATE_CLEAR   tasklet clears its "scheduled" flag after draining
 *   -DMUT_NO_RECHECK   the held-NPI path does not look for an online
 *                      vCPU again after setting its flag (the
 *                      check-then-hold race against vcpu_online)
 *   -DMUT_UAF          the tasklet touches the context after vm_put (the
 *                      Xen patch's use-after-RCU-unlock)
 *   -DMUT_NO_FLUSH     MSG_WAIT does not flush the delayed-SRI latch
 */

#ifndef MAX_SETS
#define MAX_SETS 3
#endif
#ifndef CAP
#define CAP 2
#endif

#define NVM 2		/* VMs: index 0 (ID reused) and 1 */
#define NV 2		/* vCPUs per VM */
#define NK 3		/* kinds per VM: 0 global, 1 vCPU 0, 2 vCPU 1 */
#define NE 6		/* NVM * NK report entries */
#define NCPU 2

#define FREE 0
#define LIVE 1
#define DYING 2

/* ---- SPMC ---- */
bool bitmap[NVM];	/* BITMAP_CREATE done for the VM ID */
bool bound[NVM];	/* the guest bound its IDs to the SP */
bool pend[NE];		/* pending at the SPMC */
bool rep[NE];		/* pending and not yet listed by INFO_GET */
bool latch[NCPU];	/* delayed SRI owed on this CPU */

/* ---- mediator and host ---- */
bool work_sched;	/* tasklet scheduled */
byte state[NVM];	/* FREE, LIVE, DYING */
byte gen[NVM];		/* life of the storage slot (ID reuse) */
byte refs[NVM];		/* vm_get references held by deferred work */
bool running[NVM];	/* the host runs the guest */
byte busy[NVM];		/* guest traps in progress */
bool online[NVM * NV];
bool virq[NVM * NV];	/* virtual NPI pending in the vGIC */
bool held_g[NVM];	/* global NPI held: every vCPU was offline */
bool held_v[NVM * NV];	/* per-vCPU NPI held for an offline vCPU */
bool mpend[NE];		/* the mediator's pending record (for the guest's INFO_GET) */

/* ---- ghost ---- */
bool owed[NE];		/* set while the receiver lives, not yet returned */
bool npi_lost;		/* unused by the protocol, kept for traces */

/* Named predicates for the LTL claims. */
#define owed0g owed[0]
#define owed0a owed[1]
#define owed0b owed[2]
#define owed1g owed[3]
#define owed1a owed[4]
#define owed1b owed[5]

ltl live_0g { [] (owed0g -> <> !owed0g) }
ltl live_0a { [] (owed0a -> <> !owed0a) }
ltl live_0b { [] (owed0b -> <> !owed0b) }
ltl live_1g { [] (owed1g -> <> !owed1g) }
ltl live_1a { [] (owed1a -> <> !owed1a) }
ltl live_1b { [] (owed1b -> <> !owed1b) }
/* Conservation at the SPMC: a report mark never outlives its bit. */
ltl conserve { [] ((rep[0] -> pend[0]) && (rep[1] -> pend[1]) &&
		   (rep[2] -> pend[2]) && (rep[3] -> pend[3]) &&
		   (rep[4] -> pend[4]) && (rep[5] -> pend[5])) }

/*
 * The vCPU an NPI for kind @k of VM @i goes to: the first online vCPU for
 * a global entry, the listed vCPU for a per-vCPU one; 2 when offline.
 */
#define FIND_TARGET(i, k, v)						\
	if								\
	:: k == 0 && online[i * NV] -> v = 0				\
	:: k == 0 && !online[i * NV] && online[i * NV + 1] -> v = 1	\
	:: k == 0 && !online[i * NV] && !online[i * NV + 1] -> v = 2	\
	:: k != 0 && online[i * NV + k - 1] -> v = k - 1		\
	:: k != 0 && !online[i * NV + k - 1] -> v = 2			\
	fi

/* Deferred work touching a context it looked up as life @h. */
#define TOUCH(i, h) assert(state[i] != FREE && gen[i] == h)

/* A normal-world SMC returns on @c: a delayed SRI owed there fires. */
/*
 * Raising the SRI on a CPU: its handler does nothing but schedule the
 * tasklet (ffn_mediator_sri_irq), so the raise and the handler are one
 * step here; which CPU took it does not matter to the tasklet.
 */
#define RAISE_SRI(c) work_sched = 1

inline ns_return(c)
{
	if
	:: latch[c] -> latch[c] = 0; RAISE_SRI(c)
	:: else -> skip
	fi
}

/* SPMC GET for VM @i, vCPU @v: return and clear global + vCPU bits. */
inline spmc_get(i, v)
{
	pend[i * NK] = 0; rep[i * NK] = 0;
	pend[i * NK + 1 + v] = 0; rep[i * NK + 1 + v] = 0
}

/*
 * One FFA_NOTIFICATION_SET from the SP running on CPU @c to a VM and kind
 * it chooses, immediate or with the delay-SRI flag. At the SPMC this is
 * one step: it holds the receiver's lock and info_lock throughout.
 */
inline sp_set(c)
{
	atomic {
		if
		:: i = 0
		:: i = 1
		fi;
		if
		:: k = 0
		:: k = 1
		:: k = 2
		fi;
		e = i * NK + k;
		sets++;
		if
		:: bitmap[i] && bound[i] ->
			/* only bits that become pending are reported */
			if
			:: !pend[e] -> pend[e] = 1; rep[e] = 1
			:: else -> skip
			fi;
			if
			:: state[i] == LIVE -> owed[e] = 1
			:: else -> skip
			fi;
			/* every SET signals, now or delayed */
			if
			:: RAISE_SRI(c)
			:: latch[c] = 1
			fi
		:: else -> skip /* DENIED: no bitmap or unbound */
		fi;
		i = 0; k = 0; e = 0
	}
}

/*
 * The SP: given a CPU, it SETs at least once, then calls FFA_MSG_WAIT,
 * which returns the CPU to the normal world. (A run with no SET changes
 * nothing; leaving it out keeps every cycle of the model progressing, so
 * the liveness claims need no fairness assumption.)
 */
active proctype SP()
{
	byte sets = 0, c, i, k, e;

	do
	:: sets < MAX_SETS ->
		if
		:: c = 0
		:: c = 1
		fi;
		sp_set(c);
		do
		:: sets < MAX_SETS -> sp_set(c)
		:: break
		od;
		/* FFA_MSG_WAIT: the CPU goes back to the normal world */
#ifndef MUT_NO_FLUSH
		atomic { ns_return(c); c = 0 }
#else
		c = 0
#endif
	:: else -> break
	od
}

/* The mediator's tasklet (runs on CPU 0). */
active proctype WORK()
{
	byte got, e, n, i, k, v, h;
	bool more, ok;

end_work:
	do
	:: atomic {
		work_sched ->
#ifndef MUT_LATE_CLEAR
		work_sched = 0
#else
		skip
#endif
	   }
		do
		:: /* INFO_GET_64 at the SPMC: list up to CAP entries */
			d_step {
				got = 0;
				n = 0;
				e = 0;
				do
				:: e < NE ->
					if
					:: rep[e] && n < CAP ->
						got = got | (1 << e);
						rep[e] = 0;
						n++
					:: else -> skip
					fi;
					e++
				:: else -> break
				od;
				more = rep[0] || rep[1] || rep[2] || rep[3] ||
				       rep[4] || rep[5];
				/* the SMC returns on CPU 0 */
				ns_return(0);
				e = 0;
				n = 0
			}
			do
			:: d_step {
				/* the next list of the reply, if any */
				do
				:: e < NE && !(got & (1 << e)) -> e++
				:: else -> break
				od;
				if
				:: e < NE ->
					got = got & ~(1 << e);
					i = e / NK;
					k = e % NK
				:: else -> skip
				fi
			   }
				if
				:: e == NE -> break
				:: else -> skip
				fi;
				/* vm_get: a live VM, with a reference */
				atomic {
					if
					:: state[i] == LIVE ->
						refs[i]++;
						h = gen[i];
						ok = 1
					:: else -> ok = 0 /* vanished */
					fi
				}
				if
				:: ok ->
#ifdef MUT_UAF
					refs[i]--;
#endif
					/* record, then inject, or hold (drain.c) */
					atomic {
						TOUCH(i, h);
						mpend[e] = 1;
						FIND_TARGET(i, k, v)
					}
					if
					:: v < 2 ->
						atomic {
							TOUCH(i, h);
							virq[i * NV + v] = 1
						}
					:: else ->
						/* every target offline: set the
						 * held flag, then look again */
						atomic {
							TOUCH(i, h);
							if
							:: k == 0 -> held_g[i] = 1
							:: else ->
								held_v[i * NV + k - 1] = 1
							fi
						}
#ifndef MUT_NO_RECHECK
						atomic {
							TOUCH(i, h);
							FIND_TARGET(i, k, v)
						}
						/* whoever clears a set flag injects */
						atomic {
							TOUCH(i, h);
							if
							:: v < 2 && k == 0 && held_g[i] ->
								held_g[i] = 0;
								virq[i * NV + v] = 1
							:: v < 2 && k != 0 &&
							   held_v[i * NV + k - 1] ->
								held_v[i * NV + k - 1] = 0;
								virq[i * NV + v] = 1
							:: else -> skip
							fi
						}
#endif
						skip
					fi;
#ifndef MUT_UAF
					refs[i]--;
#endif
					skip
				:: else -> skip
				fi;
				d_step { i = 0; k = 0; v = 0; h = 0; ok = 0 }
			od;
			if
			:: more -> d_step { got = 0; e = 0; more = 0 }
			:: else -> d_step { got = 0; e = 0 }; break
			fi
		od;
#ifdef MUT_LATE_CLEAR
		work_sched = 0
#endif
	od
}

/* One guest vCPU: binds, and answers each NPI with a GET. */
proctype GUEST(byte i; byte v)
{
end_guest:
	do
	:: atomic {
		running[i] && online[i * NV + v] && virq[i * NV + v] ->
		virq[i * NV + v] = 0;
		busy[i]++
	   }
		/* FFA_NOTIFICATION_GET(SP|SPM|VM|HYP) on vCPU v, forwarded */
		/* the mediator forwards to the SPMC, then forgets its record */
		d_step {
			spmc_get(i, v);
			owed[i * NK] = 0;
			owed[i * NK + 1 + v] = 0;
			mpend[i * NK] = 0;
			mpend[i * NK + 1 + v] = 0;
			busy[i]--
		}
	:: atomic { running[i] && bitmap[i] && !bound[i] -> bound[i] = 1 }
	od
}

/*
 * Host: take vCPU @x (VM x / NV) offline, later online again and call
 * ffn_mediator_vcpu_online(). Two of them on VM 1's two vCPUs let every
 * vCPU of a VM be offline at once.
 */
proctype TOGGLE(byte x)
{
	byte i = x / NV;

	atomic {
		if
		:: state[i] == LIVE && online[x] -> online[x] = 0
		:: else -> goto done
		fi
	}
	/* ... some time later the vCPU comes back */
	atomic {
		if
		:: state[i] == LIVE -> online[x] = 1
		:: else -> goto done
		fi
	}
	/* ffn_mediator_vcpu_online: test-and-clear each held flag */
	atomic {
		if
		:: held_v[x] -> held_v[x] = 0; virq[x] = 1
		:: else -> skip
		fi
	}
	atomic {
		if
		:: held_g[i] -> held_g[i] = 0; virq[x] = 1
		:: else -> skip
		fi
	}
done:
	skip
}

/* Host: destroy VM 0 and create it again with the same ID. */
proctype LIFE()
{
	bool ok;

	atomic {
		state[0] = DYING; /* vm_get no longer finds it */
		running[0] = 0;
		/* its notifications die with it */
		owed[0] = 0; owed[1] = 0; owed[2] = 0
	}
	busy[0] == 0; /* the guest has left every trap */
	/* ffn_mediator_vm_destroy: BITMAP_DESTROY, drain and retry */
	do
	:: atomic {
		if
		:: !(pend[0] || pend[1] || pend[2]) ->
			bitmap[0] = 0;
			bound[0] = 0;
			ok = 1
		:: else -> ok = 0 /* DENIED: pending */
		fi;
		ns_return(1)
	   }
		if
		:: ok -> break
		:: else ->
			atomic { spmc_get(0, 0); ns_return(1) }
			atomic { spmc_get(0, 1); ns_return(1) }
		fi
	od;
	/* freed only when no deferred work holds the context */
	atomic {
		refs[0] == 0 ->
		state[0] = FREE;
		gen[0]++
	}
	/* a new VM with the same ID, in the same storage */
	atomic { bitmap[0] = 1; ns_return(1) } /* BITMAP_CREATE */
	atomic {
		held_g[0] = 0;
		held_v[0] = 0; held_v[1] = 0;
		virq[0] = 0; virq[1] = 0;
		mpend[0] = 0; mpend[1] = 0; mpend[2] = 0;
		online[0] = 1; online[1] = 1;
		state[0] = LIVE;
		running[0] = 1
	}
}

init
{
	atomic {
		bitmap[0] = 1; bitmap[1] = 1;
		state[0] = LIVE; state[1] = LIVE;
		running[0] = 1; running[1] = 1;
		online[0] = 1; online[1] = 1; online[2] = 1; online[3] = 1;
		run GUEST(0, 0); run GUEST(0, 1);
		run GUEST(1, 0); run GUEST(1, 1);
		run TOGGLE(2); run TOGGLE(3);
		run LIFE()
	}
}
