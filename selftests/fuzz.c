// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: seeded random sequences of calls from several threads and
 * processes, checking the invariants the API promises.
 *
 * Every operation is one entry of fuzz_ops[]; each object type adds its
 * own there (events, eventpairs, ports with their registrations, timers). Each thread keeps a private pool of handles whose rights
 * and signals it knows (so it can check that a failed call changed
 * nothing), a list of values it closed (which must stay dead), and shares
 * a pool of objects and a port with the other threads, where closes of
 * objects and of the port race signals, waits, registrations, matches and
 * duplicates. Invariants checked on every call:
 *
 *  - the status is one the call may return, never ZX_ERR_INTERNAL;
 *  - a closed value never works again (ZX_ERR_BAD_HANDLE, HANDLE_VALID);
 *  - a failed call leaves the object's signals and the handle's rights as
 *    they were; a successful one changes them exactly as documented;
 *  - rights checks fail exactly when a right is missing;
 *  - every wait ends (deadlines are short; the harness timeout backs it);
 *  - garbage ioctls (unknown numbers, bad pointers, nonzero pads) fail with
 *    the documented errno and change nothing.
 *
 * Knobs (environment): ZX_FUZZ_SEED (default: from the clock; printed),
 * ZX_FUZZ_OPS (operations per thread, default 5000), ZX_FUZZ_THREADS
 * (default 4), ZX_FUZZ_PROCS (processes, default 2). A failure prints the
 * seed, thread and operation number. With ZX_FUZZ_THREADS=1 and
 * ZX_FUZZ_PROCS=1 a seed replays exactly; with more, each thread replays
 * its own sequence and only the interleaving differs.
 */
#define ZXT_FIXTURE fuzz
#include "zx_selftest.h"

#include <poll.h>
#include <sys/socket.h>
#include <zircon/syscalls/port.h>

#define POOL 32
#define SHARED 16
#define STALE 64

/*
 * A handle of the thread's private pool. Private objects never leave the
 * pool, so an object (or an eventpair side) is alive exactly while some
 * slot holds its koid.
 */
struct fuzz_handle {
	zx_handle_t value;
	zx_rights_t rights;
	uint32_t type;		/* ZX_OBJ_TYPE_*, 0 for an empty slot */
	zx_koid_t koid;
	zx_koid_t peer_koid;	/* eventpairs: the other side */
	bool foreign;		/* it or its peer went through another process */
};

struct fuzz_thread {
	uint64_t rng;
	unsigned int id;
	unsigned long op;
	int fd;				/* this process's table, for raw ioctls */
	struct fuzz_handle pool[POOL];
	zx_handle_t stale[STALE];
	unsigned int nstale;
	unsigned long calls[32];
	char failure[256];
};

static zx_handle_t shared_pool[SHARED];	/* any thread may use or close */
static zx_handle_t shared_port;		/* replaced (closed) at random */
/* Handle descriptors in flight between all processes (SOCK_DGRAM pair). */
static int fd_sock[2] = { -1, -1 };

#define FUZZ_FAIL(t, ...) do { \
	snprintf((t)->failure, sizeof((t)->failure), __VA_ARGS__); \
	return false; \
} while (0)

#define FUZZ_EXPECT(t, cond) do { \
	if (!(cond)) \
		FUZZ_FAIL(t, "%s:%d: %s", __func__, __LINE__, #cond); \
} while (0)

#define FUZZ_STATUS(t, status, ...) do { \
	zx_status_t __s = (status); \
	const zx_status_t __ok[] = { __VA_ARGS__ }; \
	bool __found = false; \
	for (size_t __i = 0; __i < sizeof(__ok) / sizeof(__ok[0]); __i++) \
		__found |= __s == __ok[__i]; \
	if (!__found) \
		FUZZ_FAIL(t, "%s:%d: unexpected %s", __func__, __LINE__, \
			  zx_status_get_string(__s)); \
} while (0)

static uint32_t fuzz_rand(struct fuzz_thread *t, uint32_t n)
{
	return n ? (uint32_t)(zxt_rand(&t->rng) % n) : 0;
}

static struct fuzz_handle *fuzz_slot(struct fuzz_thread *t, bool used)
{
	unsigned int start = fuzz_rand(t, POOL);

	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[(start + i) % POOL];

		if (!!h->type == used)
			return h;
	}
	return NULL;
}

/* A slot holding a handle to @koid, or NULL if that object is gone. */
static struct fuzz_handle *fuzz_find(struct fuzz_thread *t, zx_koid_t koid)
{
	for (unsigned int i = 0; i < POOL; i++)
		if (t->pool[i].type && t->pool[i].koid == koid)
			return &t->pool[i];
	return NULL;
}

static bool fuzz_fill(struct fuzz_thread *t, struct fuzz_handle *h, zx_handle_t value,
		      zx_rights_t rights)
{
	zx_info_handle_basic_t info;

	FUZZ_EXPECT(t, zx_object_get_info(value, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					  NULL, NULL) == ZX_OK);
	FUZZ_EXPECT(t, info.rights == rights);
	*h = (struct fuzz_handle){ value, rights, info.type, info.koid, info.related_koid, false };
	return true;
}

/* No object has all bits set: the value of a signal word nobody can read. */
#define FUZZ_UNKNOWN 0xffffffffu

/* An object's signals, read through any handle to it with ZX_RIGHT_WAIT. */
static zx_signals_t fuzz_signals_of(struct fuzz_thread *t, zx_koid_t koid)
{
	zx_signals_t obs = FUZZ_UNKNOWN;

	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[i];

		if (h->type && h->koid == koid && h->foreign)
			break;
		if (h->type && h->koid == koid && (h->rights & ZX_RIGHT_WAIT)) {
			/* A timer's SIGNALED changes by itself: not checkable. */
			if (h->type != ZX_OBJ_TYPE_TIMER)
				zx_object_wait_one(h->value, 0, 0, &obs);
			break;
		}
	}
	return obs;
}

/* A random live slot holding an object of @type, or NULL. */
static struct fuzz_handle *fuzz_slot_of(struct fuzz_thread *t, uint32_t type)
{
	unsigned int start = fuzz_rand(t, POOL);

	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[(start + i) % POOL];

		if (h->type == type)
			return h;
	}
	return NULL;
}

/* The signals object_signal{,_peer} may touch on @type. */
static zx_signals_t fuzz_user_signals(uint32_t type)
{
	return type == ZX_OBJ_TYPE_EVENT || type == ZX_OBJ_TYPE_EVENTPAIR ?
	       ZX_USER_SIGNAL_ALL | ZX_EVENT_SIGNALED : ZX_USER_SIGNAL_ALL;
}

static void fuzz_forget(struct fuzz_thread *t, struct fuzz_handle *h)
{
	t->stale[t->nstale++ % STALE] = h->value;
	*h = (struct fuzz_handle){ 0 };
}

/* A random mask, biased towards bits that matter. */
static zx_signals_t fuzz_mask(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 4)) {
	case 0:
		return ZX_USER_SIGNAL_ALL & (uint32_t)zxt_rand(&t->rng);
	case 1:
		return ZX_EVENT_SIGNALED | (ZX_USER_SIGNAL_0 << fuzz_rand(t, 8));
	case 2:
		return 1u << fuzz_rand(t, 32);
	default:
		return (uint32_t)zxt_rand(&t->rng);
	}
}

static zx_rights_t fuzz_rights(struct fuzz_thread *t, zx_rights_t have)
{
	switch (fuzz_rand(t, 4)) {
	case 0:
		return ZX_RIGHT_SAME_RIGHTS;
	case 1:
		return have & (uint32_t)zxt_rand(&t->rng);
	case 2:
		return (uint32_t)zxt_rand(&t->rng);	/* usually not a subset */
	default:
		return have & ~(1u << fuzz_rand(t, 16));
	}
}

/* A value that is not a live handle of this thread's pool. */
static zx_handle_t fuzz_dead_value(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 3)) {
	case 0:
		if (t->nstale)
			return t->stale[fuzz_rand(t, t->nstale < STALE ? t->nstale : STALE)];
		return ZX_HANDLE_INVALID;
	case 1:
		/* Low bits not both set: never a handle. */
		return (uint32_t)zxt_rand(&t->rng) & ~1u;
	default:
		return ZX_HANDLE_INVALID;
	}
}

static bool op_create(struct fuzz_thread *t)
{
	struct fuzz_handle *a = fuzz_slot(t, false), *b;
	uint32_t options = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = 0, h1 = 0;
	zx_status_t s;

	if (!a)
		return true;
	switch (fuzz_rand(t, 5)) {
	case 0:
		s = zx_port_create(options, &h0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, (s == ZX_OK) == !(options & ~ZX_PORT_BIND_TO_INTERRUPT));
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_PORT_RIGHTS);
	case 1: {
		uint32_t mode = fuzz_rand(t, 4), clock = fuzz_rand(t, 8) ? 0 : 1;

		s = zx_timer_create(mode, clock, &h0);
		FUZZ_EXPECT(t, s == (mode <= 2 && clock == 0 ? ZX_OK : ZX_ERR_INVALID_ARGS));
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_TIMER_RIGHTS);
	}
	default:
		break;
	}
	if (fuzz_rand(t, 2)) {
		s = zx_event_create(options, &h0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, (s == ZX_OK) == (options == 0));
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_EVENT_RIGHTS);
	}
	a->type = ZX_OBJ_TYPE_EVENTPAIR;	/* claim it before looking again */
	b = fuzz_slot(t, false);
	a->type = 0;
	if (!b)
		return true;
	s = zx_eventpair_create(options, &h0, &h1);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_SUPPORTED);
	FUZZ_EXPECT(t, (s == ZX_OK) == (options == 0));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill(t, a, h0, ZX_DEFAULT_EVENTPAIR_RIGHTS) ||
	    !fuzz_fill(t, b, h1, ZX_DEFAULT_EVENTPAIR_RIGHTS))
		return false;
	FUZZ_EXPECT(t, a->peer_koid == b->koid && b->peer_koid == a->koid);
	return true;
}

static bool op_signal(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true), *target, *other;
	bool peer = fuzz_rand(t, 2);
	zx_signals_t clear = fuzz_mask(t), set = fuzz_mask(t), before, after;
	zx_rights_t need = peer ? ZX_RIGHT_SIGNAL_PEER : ZX_RIGHT_SIGNAL;
	zx_status_t s, want;

	if (!h)
		return true;
	other = h->peer_koid ? fuzz_find(t, h->peer_koid) : NULL;
	target = peer && other ? other : h;
	before = fuzz_signals_of(t, target->koid);
	s = peer ? zx_object_signal_peer(h->value, clear, set)
		 : zx_object_signal(h->value, clear, set);
	after = fuzz_signals_of(t, target->koid);

	if (!(h->rights & need))
		want = ZX_ERR_ACCESS_DENIED;
	else if (peer && h->type != ZX_OBJ_TYPE_EVENTPAIR)
		want = ZX_ERR_NOT_SUPPORTED;
	else if ((clear | set) & ~fuzz_user_signals(h->type))
		want = ZX_ERR_INVALID_ARGS;
	else if (peer && !other && h->foreign)
		want = s == ZX_OK ? ZX_OK : ZX_ERR_PEER_CLOSED;	/* peer elsewhere */
	else if (peer && !other)
		want = ZX_ERR_PEER_CLOSED;
	else
		want = ZX_OK;
	if (s != want)
		FUZZ_FAIL(t, "signal%s(rights 0x%x, clear 0x%x, set 0x%x): %s, expected %s",
			  peer ? "_peer" : "", h->rights, clear, set,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (before == FUZZ_UNKNOWN)
		return true;
	if (s == ZX_OK && after != ((before & ~clear) | set))
		FUZZ_FAIL(t, "signal%s(clear 0x%x, set 0x%x): 0x%x became 0x%x",
			  peer ? "_peer" : "", clear, set, before, after);
	if (s != ZX_OK && after != before)
		FUZZ_FAIL(t, "signal%s(clear 0x%x, set 0x%x) failed with %s but 0x%x became 0x%x",
			  peer ? "_peer" : "", clear, set, zx_status_get_string(s), before, after);
	return true;
}

static bool op_wait(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_signals_t want = fuzz_mask(t), observed = 0, now;
	zx_time_t deadline = fuzz_rand(t, 4) ? 0 : zx_deadline_after(ZX_USEC(fuzz_rand(t, 200)));
	zx_status_t s;

	if (!h)
		return true;
	now = fuzz_signals_of(t, h->koid);
	s = zx_object_wait_one(h->value, want, deadline, &observed);
	if (!(h->rights & ZX_RIGHT_WAIT)) {
		FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		return true;
	}
	if (now == FUZZ_UNKNOWN) {	/* a timer */
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
		return true;
	}
	/* Nobody else touches this object: its signals cannot change. */
	if (observed != now)
		FUZZ_FAIL(t, "wait_one on type %u: observed 0x%x, signals were 0x%x",
			  h->type, observed, now);
	FUZZ_EXPECT(t, s == ((now & want) ? ZX_OK : ZX_ERR_TIMED_OUT));
	return true;
}

static bool op_wait_many(struct fuzz_thread *t)
{
	struct fuzz_handle *slots[8];
	zx_wait_item_t items[8];
	size_t n = 1 + fuzz_rand(t, 8);
	bool any_denied = false, any_match = false, any_dead = false, any_timer = false;
	zx_status_t s;

	for (size_t i = 0; i < n; i++) {
		struct fuzz_handle *h = slots[i] = fuzz_slot(t, true);

		if (!h || !fuzz_rand(t, 16)) {
			items[i] = (zx_wait_item_t){ fuzz_dead_value(t), 1, 0xdead };
			any_dead = true;
			continue;
		}
		items[i] = (zx_wait_item_t){ h->value, fuzz_mask(t), 0xdead };
		any_denied |= !(h->rights & ZX_RIGHT_WAIT);
		any_timer |= h->type == ZX_OBJ_TYPE_TIMER || h->foreign;
		any_match |= !!(fuzz_signals_of(t, h->koid) & items[i].waitfor);
	}
	s = zx_object_wait_many(items, n, 0);
	if (any_dead || any_denied) {
		FUZZ_STATUS(t, s, ZX_ERR_BAD_HANDLE, ZX_ERR_ACCESS_DENIED);
		for (size_t i = 0; i < n; i++)
			FUZZ_EXPECT(t, items[i].pending == 0xdead);
		return true;
	}
	if (any_timer) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
		return true;
	}
	FUZZ_EXPECT(t, s == (any_match ? ZX_OK : ZX_ERR_TIMED_OUT));
	for (size_t i = 0; i < n; i++)
		FUZZ_EXPECT(t, items[i].pending == fuzz_signals_of(t, slots[i]->koid));
	return true;
}

static bool op_duplicate(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true), *d = fuzz_slot(t, false);
	bool replace = fuzz_rand(t, 2);
	zx_handle_t out = ZX_HANDLE_INVALID;
	zx_rights_t rights, got;
	zx_status_t s;
	bool subset;

	if (!h || !d)
		return true;
	rights = fuzz_rights(t, h->rights);
	subset = rights == ZX_RIGHT_SAME_RIGHTS || (h->rights & rights) == rights;
	got = rights == ZX_RIGHT_SAME_RIGHTS ? h->rights : rights;
	s = replace ? zx_handle_replace(h->value, rights, &out)
		    : zx_handle_duplicate(h->value, rights, &out);

	if (!replace && !(h->rights & ZX_RIGHT_DUPLICATE)) {
		FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		return true;
	}
	FUZZ_EXPECT(t, s == (subset ? ZX_OK : ZX_ERR_INVALID_ARGS));
	if (replace) {
		/* The source is gone whether or not the replace worked. */
		zx_handle_t old = h->value;

		if (s == ZX_OK) {
			FUZZ_EXPECT(t, out != old);
			h->value = out;
			h->rights = got;
			t->stale[t->nstale++ % STALE] = old;
		} else {
			fuzz_forget(t, h);
		}
		FUZZ_EXPECT(t, zx_object_get_info(old, ZX_INFO_HANDLE_VALID, NULL, 0,
						  NULL, NULL) == ZX_ERR_BAD_HANDLE);
		return true;
	}
	if (s == ZX_OK) {
		*d = *h;
		d->value = out;
		d->rights = got;
		FUZZ_EXPECT(t, zx_object_get_info(out, ZX_INFO_HANDLE_BASIC, NULL, 0, NULL,
						  NULL) == ZX_ERR_BUFFER_TOO_SMALL);
	}
	return true;
}

static bool op_close(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_handle_t dead = fuzz_dead_value(t);
	zx_handle_t many[4];
	size_t n = 0;
	zx_status_t s;

	if (fuzz_rand(t, 2)) {
		if (!h)
			return true;
		zx_handle_t value = h->value;

		FUZZ_EXPECT(t, zx_handle_close(value) == ZX_OK);
		fuzz_forget(t, h);
		FUZZ_EXPECT(t, zx_handle_close(value) == ZX_ERR_BAD_HANDLE);
		return true;
	}
	/* close_many: some live handles, maybe a dead value, maybe INVALID. */
	while (n < 3 && (h = fuzz_slot(t, true))) {
		many[n++] = h->value;
		fuzz_forget(t, h);
	}
	if (fuzz_rand(t, 2))
		many[n++] = dead;
	s = zx_handle_close_many(many, n);
	for (size_t i = 0; i < n; i++)
		FUZZ_EXPECT(t, zx_object_get_info(many[i], ZX_INFO_HANDLE_VALID, NULL, 0,
						  NULL, NULL) != ZX_OK);
	/* Only the dead value, if it was added and is not INVALID, is bad. */
	FUZZ_EXPECT(t, s == (n && many[n - 1] == dead && dead != ZX_HANDLE_INVALID ?
			     ZX_ERR_BAD_HANDLE : ZX_OK));
	return true;
}

static bool op_info(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_info_handle_basic_t basic;
	zx_info_handle_count_t count;
	size_t actual = 7, avail = 7;
	zx_status_t s;

	if (!h)
		return true;
	s = zx_object_get_info(h->value, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic),
			       &actual, &avail);
	FUZZ_EXPECT(t, s == ZX_OK && actual == 1 && avail == 1);
	FUZZ_EXPECT(t, basic.rights == h->rights && basic.type == h->type);
	FUZZ_EXPECT(t, basic.koid >= ZX_KOID_FIRST);
	s = zx_object_get_info(h->value, ZX_INFO_HANDLE_COUNT, &count,
			       fuzz_rand(t, 2) ? sizeof(count) : fuzz_rand(t, 4), &actual, &avail);
	if (!(h->rights & ZX_RIGHT_INSPECT))
		FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
	else
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BUFFER_TOO_SMALL);
	s = zx_object_get_info(h->value, 3 + fuzz_rand(t, 16), &count, sizeof(count),
			       NULL, NULL);
	FUZZ_STATUS(t, s, ZX_ERR_NOT_SUPPORTED, ZX_OK, ZX_ERR_BUFFER_TOO_SMALL,
		    ZX_ERR_ACCESS_DENIED);
	return true;
}

/* Every call on a value this thread closed fails with BAD_HANDLE. */
static bool op_stale(struct fuzz_thread *t)
{
	zx_handle_t v = fuzz_dead_value(t), out = 0;
	zx_signals_t obs;

	if (v == ZX_HANDLE_INVALID)
		return true;
	FUZZ_EXPECT(t, zx_object_signal(v, 0, ZX_USER_SIGNAL_0) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_object_signal_peer(v, 0, ZX_USER_SIGNAL_0) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_object_wait_one(v, 1, 0, &obs) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_handle_duplicate(v, ZX_RIGHT_SAME_RIGHTS, &out) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_handle_replace(v, ZX_RIGHT_SAME_RIGHTS, &out) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_handle_close(v) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_object_get_info(v, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) ==
		       ZX_ERR_BAD_HANDLE);
	return true;
}

/*
 * The shared pool: closes race signals, waits and duplicates from other
 * threads, so only the set of possible outcomes is checked.
 */
static bool op_shared(struct fuzz_thread *t)
{
	unsigned int i = fuzz_rand(t, SHARED);
	zx_handle_t h = __atomic_load_n(&shared_pool[i], __ATOMIC_ACQUIRE);
	zx_handle_t fresh = 0, dup = 0;
	zx_signals_t obs;
	zx_status_t s;

	zx_handle_t port = __atomic_load_n(&shared_port, __ATOMIC_ACQUIRE);
	zx_port_packet_t pkt;

	switch (fuzz_rand(t, 9)) {
	case 5:	/* registrations racing closes of the object and of the port */
		s = zx_object_wait_async(h, port, fuzz_rand(t, 4),
					 ZX_USER_SIGNAL_0 << fuzz_rand(t, 8),
					 fuzz_rand(t, 2) ? ZX_WAIT_ASYNC_EDGE : 0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE);
		return true;
	case 6:
		s = zx_port_wait(port, 0, &pkt);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_BAD_HANDLE);
		if (s == ZX_OK)
			FUZZ_EXPECT(t, pkt.type == ZX_PKT_TYPE_SIGNAL_ONE &&
				       (pkt.signal.trigger & pkt.signal.observed));
		return true;
	case 7:	/* close the port under pending registrations and packets */
		if (zx_port_create(0, &fresh) != ZX_OK)
			return true;
		port = __atomic_exchange_n(&shared_port, fresh, __ATOMIC_ACQ_REL);
		FUZZ_STATUS(t, zx_handle_close(port), ZX_OK);
		return true;
	case 8:
		s = zx_port_cancel(port, h, fuzz_rand(t, 4));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_FOUND, ZX_ERR_BAD_HANDLE);
		return true;
	case 0:	/* replace the slot's handle with a fresh event, close the old */
		if (zx_event_create(0, &fresh) != ZX_OK)
			return true;
		h = __atomic_exchange_n(&shared_pool[i], fresh, __ATOMIC_ACQ_REL);
		FUZZ_STATUS(t, zx_handle_close(h), ZX_OK);
		return true;
	case 1:
		s = zx_object_signal(h, fuzz_rand(t, 2) ? ZX_USER_SIGNAL_ALL : 0,
				     ZX_USER_SIGNAL_0 << fuzz_rand(t, 8));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE);
		return true;
	case 2:
		s = zx_object_wait_one(h, ZX_USER_SIGNAL_0 << fuzz_rand(t, 8),
				       zx_deadline_after(ZX_USEC(fuzz_rand(t, 500))), &obs);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_CANCELED, ZX_ERR_BAD_HANDLE);
		if (s == ZX_ERR_CANCELED)
			FUZZ_EXPECT(t, obs & ZX_SIGNAL_HANDLE_CLOSED);
		return true;
	case 3:
		s = zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &dup);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE);
		if (s == ZX_OK)
			FUZZ_STATUS(t, zx_handle_close(dup), ZX_OK);
		return true;
	default: {
		zx_wait_item_t items[2] = {
			{ h, ZX_USER_SIGNAL_0 << fuzz_rand(t, 8), 0 },
			{ shared_pool[fuzz_rand(t, SHARED)], ZX_USER_SIGNAL_ALL, 0 },
		};

		s = zx_object_wait_many(items, 2, zx_deadline_after(ZX_USEC(fuzz_rand(t, 500))));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_CANCELED, ZX_ERR_BAD_HANDLE);
		return true;
	}
	}
}

/* Timers of the private pool: set, cancel, and what SIGNALED must be. */
static bool op_timer(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot_of(t, ZX_OBJ_TYPE_TIMER);
	zx_duration_t slack = fuzz_rand(t, 8) ? (zx_duration_t)fuzz_rand(t, 100000) : -1;
	zx_time_t deadline;
	zx_signals_t obs = 0;
	zx_status_t s;

	if (!h)
		return true;
	switch (fuzz_rand(t, 4)) {
	case 0:
		deadline = 0;
		break;
	case 1:
		deadline = zx_clock_get_monotonic() - fuzz_rand(t, 1000000);
		break;
	case 2:
		deadline = zx_deadline_after(fuzz_rand(t, 2000000));
		break;
	default:
		deadline = zx_deadline_after(ZX_SEC(3600));
		break;
	}
	if (fuzz_rand(t, 3)) {
		s = zx_timer_set(h->value, deadline, slack);
		if (!(h->rights & ZX_RIGHT_WRITE) && slack >= 0) {
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
			return true;
		}
		FUZZ_EXPECT(t, s == (slack < 0 ? ZX_ERR_OUT_OF_RANGE : ZX_OK));
		if (s != ZX_OK || !(h->rights & ZX_RIGHT_WAIT))
			return true;
		s = zx_object_wait_one(h->value, ZX_TIMER_SIGNALED, 0, &obs);
		if (deadline <= zx_clock_get_monotonic() - ZX_SEC(1) || deadline == 0)
			FUZZ_EXPECT(t, s == ZX_OK);
		if (deadline > zx_clock_get_monotonic() + ZX_SEC(60))
			FUZZ_EXPECT(t, s == ZX_ERR_TIMED_OUT);
		return true;
	}
	s = zx_timer_cancel(h->value);
	FUZZ_EXPECT(t, s == (h->rights & ZX_RIGHT_WRITE ? ZX_OK : ZX_ERR_ACCESS_DENIED));
	if (s == ZX_OK && (h->rights & ZX_RIGHT_WAIT))
		FUZZ_EXPECT(t, zx_object_wait_one(h->value, ZX_TIMER_SIGNALED, 0, NULL) ==
			       ZX_ERR_TIMED_OUT);
	return true;
}

/* Ports of the private pool: registrations, packets, cancels. */
static bool op_port(struct fuzz_thread *t)
{
	struct fuzz_handle *port = fuzz_slot_of(t, ZX_OBJ_TYPE_PORT);
	struct fuzz_handle *h = fuzz_slot(t, true);
	uint64_t key = fuzz_rand(t, 8);
	zx_port_packet_t pkt;
	zx_status_t s;
	uint32_t opts;

	if (!port || !h)
		return true;
	switch (fuzz_rand(t, 5)) {
	case 0:
		opts = fuzz_rand(t, 8) ? fuzz_rand(t, 4) : 1u << fuzz_rand(t, 32);
		s = zx_object_wait_async(h->value, port->value, key, fuzz_mask(t), opts);
		if (opts & ~(ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE |
			     ZX_WAIT_ASYNC_BOOT_TIMESTAMP) ||
		    opts == (ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_BOOT_TIMESTAMP))
			FUZZ_EXPECT(t, s == ZX_ERR_INVALID_ARGS);
		else if (!(port->rights & ZX_RIGHT_WRITE) || !(h->rights & ZX_RIGHT_WAIT))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_RESOURCES);
		return true;
	case 1:
		memset(&pkt, 0xa5, sizeof(pkt));
		s = zx_port_wait(port->value, 0, &pkt);
		if (!(port->rights & ZX_RIGHT_READ)) {
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
			return true;
		}
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
		if (s == ZX_OK && pkt.type == ZX_PKT_TYPE_SIGNAL_ONE) {
			FUZZ_EXPECT(t, pkt.status == ZX_OK && pkt.signal.count == 1);
			FUZZ_EXPECT(t, pkt.signal.trigger & pkt.signal.observed);
			FUZZ_EXPECT(t, pkt.signal.reserved1 == 0);
		} else if (s == ZX_OK) {
			FUZZ_EXPECT(t, pkt.type == ZX_PKT_TYPE_USER);
		}
		return true;
	case 2:
		memset(&pkt, 0, sizeof(pkt));
		pkt.key = key;
		pkt.type = (uint32_t)zxt_rand(&t->rng);
		pkt.user.u64[0] = zxt_rand(&t->rng);
		s = zx_port_queue(port->value, &pkt);
		if (!(port->rights & ZX_RIGHT_WRITE))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT);
		return true;
	case 3:
		s = zx_port_cancel(port->value, h->value, key);
		if (!(port->rights & ZX_RIGHT_WRITE) || !(h->rights & ZX_RIGHT_WAIT))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_FOUND);
		return true;
	default:
		opts = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
		s = zx_port_cancel_key(port->value, opts, key);
		if (opts)
			FUZZ_EXPECT(t, s == ZX_ERR_INVALID_ARGS);
		else if (!(port->rights & ZX_RIGHT_WRITE))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_FOUND);
		return true;
	}
}

static bool fuzz_known_cmd(const unsigned int *cmds, size_t n, unsigned int cmd)
{
	if (cmd == ZIRCON_IOC_NOP || cmd == ZIRCON_IOC_GET_ABI_INFO)
		return true;
	for (size_t i = 0; i < n; i++)
		if (cmds[i] == cmd)
			return true;
	return false;
}

/*
 * Mostly ours; otherwise any type except those the VFS answers itself for
 * every file (FIONBIO, FIGETBSZ, FICLONE, ...), which are not garbage.
 */
static unsigned int fuzz_magic(struct fuzz_thread *t)
{
	unsigned int magic;

	if (fuzz_rand(t, 4))
		return ZIRCON_IOC_MAGIC;
	do
		magic = fuzz_rand(t, 256);
	while (magic == 0 || magic == 'T' || magic == 'f' || magic == 0x94 ||
	       magic == 'X' || magic == 0x15);
	return magic;
}

/*
 * Raw ioctls: unknown command numbers, bad pointers and nonzero pads get
 * their documented errno, and the object behind a live handle is intact.
 */
/* Send @fd to whichever process reads fd_sock next; closes our copy. */
static void fuzz_send_fd(int fd)
{
	char c = 'h', cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &c, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	sendmsg(fd_sock[0], &msg, MSG_DONTWAIT);	/* a full queue drops it */
	close(fd);
}

static int fuzz_recv_fd(void)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(fd_sock[1], &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* Import @fd's handle into a free slot; @fd must still carry it. */
static bool fuzz_import(struct fuzz_thread *t, int fd, struct fuzz_handle *d)
{
	zx_info_handle_basic_t info;
	zx_handle_t h, again;

	FUZZ_STATUS(t, zx_linux_fd_to_handle(fd, &h), ZX_OK);
	FUZZ_EXPECT(t, zx_linux_fd_to_handle(fd, &again) == ZX_ERR_BAD_STATE);
	FUZZ_EXPECT(t, again == ZX_HANDLE_INVALID);
	FUZZ_EXPECT(t, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					  NULL, NULL) == ZX_OK);
	return fuzz_fill(t, d, h, info.rights);
}

/*
 * The Linux interop calls: handles out to descriptors and back (directly,
 * through dup()s, or through another process), descriptors closed with
 * their handle inside, Linux descriptors wrapped, poll descriptors.
 */
static bool op_fd(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true), *d = fuzz_slot(t, false);
	zx_status_t s;
	int fd = -1, fd2;

	switch (fuzz_rand(t, 4)) {
	case 0: {	/* out to a descriptor, then back, away or dropped */
		int flags = fuzz_rand(t, 8) ? O_CLOEXEC : (int)zxt_rand(&t->rng);
		struct fuzz_handle was;

		if (!h)
			return true;
		was = *h;
		s = zx_linux_handle_to_fd(h->value, flags, &fd);
		fuzz_forget(t, h);	/* consumed, whatever the outcome */
		if (flags & ~O_CLOEXEC)
			FUZZ_EXPECT(t, s == ZX_ERR_INVALID_ARGS);
		else if (!(was.rights & ZX_RIGHT_TRANSFER))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK);
		if (s != ZX_OK)
			return true;
		switch (fuzz_rand(t, 3)) {
		case 0:
			fd2 = dup(fd);
			if (!fuzz_import(t, fuzz_rand(t, 2) ? fd : fd2, h))
				return false;
			FUZZ_EXPECT(t, h->koid == was.koid && h->rights == was.rights);
			h->foreign = was.foreign;
			close(fd2);
			close(fd);
			return true;
		case 1:
			/* Whoever imports it can signal it and its peer. */
			for (unsigned int i = 0; i < POOL; i++)
				if (t->pool[i].type && (t->pool[i].koid == was.koid ||
							t->pool[i].koid == was.peer_koid))
					t->pool[i].foreign = true;
			fuzz_send_fd(fd);
			return true;
		default:
			close(fd);	/* closes the handle */
			return true;
		}
	}
	case 1:		/* a descriptor from any process */
		fd = fuzz_recv_fd();
		if (fd < 0)
			return true;
		if (d && !fuzz_import(t, fd, d))
			return false;
		if (d)
			d->foreign = true;
		close(fd);
		return true;
	case 2: {	/* a wrapped eventfd follows its readiness */
		zx_signals_t seen = 0;
		uint64_t one = 1;
		zx_handle_t w;

		fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (fd < 0)
			return true;
		s = zx_linux_object_from_fd(fd, &w);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY);
		if (s == ZX_OK) {
			FUZZ_EXPECT(t, zx_object_wait_one(w, ZX_LINUX_FD_READABLE, 0, &seen) ==
				       ZX_ERR_TIMED_OUT);
			FUZZ_EXPECT(t, write(fd, &one, sizeof(one)) == sizeof(one));
			FUZZ_EXPECT(t, zx_object_wait_one(w, ZX_LINUX_FD_READABLE,
							  ZX_TIME_INFINITE, &seen) == ZX_OK);
			FUZZ_EXPECT(t, seen & ZX_LINUX_FD_WRITABLE);
			if (d && fuzz_rand(t, 2)) {
				if (!fuzz_fill(t, d, w, ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL))
					return false;
			} else
				zx_handle_close(w);
		}
		close(fd);
		return true;
	}
	default: {	/* a poll descriptor agrees with the signals */
		zx_signals_t mask = fuzz_mask(t), now;
		struct pollfd pfd;

		if (!h)
			return true;
		s = zx_linux_poll_fd(h->value, mask, O_CLOEXEC, &fd);
		if (h->type == ZX_OBJ_TYPE_PORT) {
			FUZZ_EXPECT(t, s == (h->rights & ZX_RIGHT_READ ? ZX_OK
								: ZX_ERR_ACCESS_DENIED));
		} else if (!(h->rights & ZX_RIGHT_WAIT)) {
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		} else {
			FUZZ_EXPECT(t, s == ZX_OK);
			now = fuzz_signals_of(t, h->koid);
			pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
			FUZZ_EXPECT(t, poll(&pfd, 1, 0) >= 0);
			if (now != FUZZ_UNKNOWN)
				FUZZ_EXPECT(t, !!(pfd.revents & POLLIN) == !!(now & mask));
		}
		if (s == ZX_OK)
			close(fd);
		return true;
	}
	}
}

static bool op_garbage(struct fuzz_thread *t)
{
	static const unsigned int cmds[] = {
		ZIRCON_IOC_HANDLE_CLOSE, ZIRCON_IOC_HANDLE_CLOSE_MANY,
		ZIRCON_IOC_HANDLE_DUPLICATE, ZIRCON_IOC_HANDLE_REPLACE,
		ZIRCON_IOC_EVENT_CREATE, ZIRCON_IOC_EVENTPAIR_CREATE,
		ZIRCON_IOC_OBJECT_SIGNAL, ZIRCON_IOC_OBJECT_SIGNAL_PEER,
		ZIRCON_IOC_OBJECT_WAIT_ONE, ZIRCON_IOC_OBJECT_WAIT_MANY,
		ZIRCON_IOC_OBJECT_GET_INFO, ZIRCON_IOC_OBJECT_WAIT_ASYNC,
		ZIRCON_IOC_PORT_CREATE, ZIRCON_IOC_PORT_QUEUE, ZIRCON_IOC_PORT_WAIT,
		ZIRCON_IOC_PORT_CANCEL, ZIRCON_IOC_PORT_CANCEL_KEY,
		ZIRCON_IOC_TIMER_CREATE, ZIRCON_IOC_TIMER_SET, ZIRCON_IOC_TIMER_CANCEL,
		ZIRCON_IOC_HANDLE_TO_FD, ZIRCON_IOC_FD_TO_HANDLE,
		ZIRCON_IOC_OBJECT_FROM_FD, ZIRCON_IOC_POLL_FD,
	};
	static const uintptr_t bad_ptrs[] = { 0, 1, 4095, (uintptr_t)-4096 };
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_signals_t before = h ? fuzz_signals_of(t, h->koid) : 0;
	unsigned int cmd;
	int r, err;

	switch (fuzz_rand(t, 3)) {
	case 0: {	/* an unknown command */
		unsigned char buf[128];

		do {
			cmd = _IOC(fuzz_rand(t, 4), fuzz_magic(t), fuzz_rand(t, 0x40),
				   fuzz_rand(t, 128));
		} while (fuzz_known_cmd(cmds, sizeof(cmds) / sizeof(cmds[0]), cmd));
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)zxt_rand(&t->rng);
		r = ioctl(t->fd, cmd, buf);
		err = errno;
		FUZZ_EXPECT(t, r == -1 && err == ENOTTY);
		break;
	}
	case 1:		/* a known command with a bad argument pointer */
		cmd = cmds[fuzz_rand(t, sizeof(cmds) / sizeof(cmds[0]))];
		r = ioctl(t->fd, cmd, bad_ptrs[fuzz_rand(t, 4)]);
		err = errno;
		FUZZ_EXPECT(t, r == -1 && err == EFAULT);
		break;
	default: {	/* a signal with a nonzero pad on a live handle */
		struct zircon_object_signal args = {
			.handle = h ? h->value : 0,
			.set_mask = ZX_USER_SIGNAL_0,
			.pad = 1u << fuzz_rand(t, 32),
		};

		r = ioctl(t->fd, ZIRCON_IOC_OBJECT_SIGNAL, &args);
		err = errno;
		FUZZ_EXPECT(t, r == -1 && err == EINVAL);
		break;
	}
	}
	if (h)
		FUZZ_EXPECT(t, fuzz_signals_of(t, h->koid) == before);
	return true;
}

static const struct fuzz_op {
	const char *name;
	bool (*run)(struct fuzz_thread *t);
	unsigned int weight;
} fuzz_ops[] = {
	{ "create", op_create, 6 },
	{ "signal", op_signal, 8 },
	{ "wait", op_wait, 4 },
	{ "wait_many", op_wait_many, 3 },
	{ "duplicate", op_duplicate, 4 },
	{ "close", op_close, 5 },
	{ "info", op_info, 2 },
	{ "stale", op_stale, 2 },
	{ "shared", op_shared, 6 },
	{ "garbage", op_garbage, 2 },
	{ "timer", op_timer, 3 },
	{ "port", op_port, 6 },
	{ "fd", op_fd, 4 },
};

#define NOPS (sizeof(fuzz_ops) / sizeof(fuzz_ops[0]))

static const struct fuzz_op *fuzz_pick(struct fuzz_thread *t)
{
	unsigned int total = 0, r;

	for (size_t i = 0; i < NOPS; i++)
		total += fuzz_ops[i].weight;
	r = fuzz_rand(t, total);
	for (size_t i = 0; i < NOPS; i++) {
		if (r < fuzz_ops[i].weight)
			return &fuzz_ops[i];
		r -= fuzz_ops[i].weight;
	}
	return &fuzz_ops[0];
}

static unsigned long fuzz_env(const char *name, unsigned long dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : dflt;
}

static unsigned long fuzz_nops;

static void *fuzz_thread_main(void *arg)
{
	struct fuzz_thread *t = arg;

	for (t->op = 0; t->op < fuzz_nops; t->op++) {
		const struct fuzz_op *op = fuzz_pick(t);

		t->calls[op - fuzz_ops]++;
		if (!op->run(t)) {
			char msg[320];

			snprintf(msg, sizeof(msg), "op %lu (%s): %s", t->op, op->name, t->failure);
			memcpy(t->failure, msg, sizeof(t->failure) - 1);
			t->failure[sizeof(t->failure) - 1] = 0;
			return t;
		}
	}
	for (size_t i = 0; i < POOL; i++)
		if (t->pool[i].type)
			zx_handle_close(t->pool[i].value);
	return NULL;
}

/* One process: T threads over one shared pool. Returns operations run. */
static unsigned long fuzz_process(uint64_t seed, unsigned int proc, unsigned int nthreads,
				  char *failure, size_t len)
{
	struct fuzz_thread *threads = calloc(nthreads, sizeof(*threads));
	pthread_t *tids = calloc(nthreads, sizeof(*tids));
	unsigned long total = 0;

	failure[0] = 0;
	for (size_t i = 0; i < SHARED; i++)
		if (zx_event_create(0, &shared_pool[i]) != ZX_OK)
			snprintf(failure, len, "cannot create the shared pool");
	if (zx_port_create(0, &shared_port) != ZX_OK)
		snprintf(failure, len, "cannot create the shared port");
	for (unsigned int i = 0; i < nthreads; i++) {
		threads[i].id = i;
		threads[i].rng = (seed ^ (0x9E3779B97F4A7C15ull * (proc * 64 + i + 1))) | 1;
		threads[i].fd = zx_linux_device_fd();
		pthread_create(&tids[i], NULL, fuzz_thread_main, &threads[i]);
	}
	for (unsigned int i = 0; i < nthreads; i++) {
		void *ret;

		pthread_join(tids[i], &ret);
		total += threads[i].op;
		if (ret && !failure[0])
			snprintf(failure, len, "seed %llu process %u thread %u %s",
				 (unsigned long long)seed, proc, i, threads[i].failure);
	}
	zx_handle_close_many(shared_pool, SHARED);
	zx_handle_close(shared_port);
	free(threads);
	free(tids);
	return total;
}

TEST_ZX_SLOW(random_calls)
{
	uint64_t seed = fuzz_env("ZX_FUZZ_SEED", 0);
	unsigned int nthreads = fuzz_env("ZX_FUZZ_THREADS", 4);
	unsigned int nprocs = fuzz_env("ZX_FUZZ_PROCS", 2);
	unsigned long total = 0;
	char failure[400];
	pid_t pids[16];

	if (!seed)
		seed = (uint64_t)zxt_mono_ns() ^ ((uint64_t)getpid() << 32);
	fuzz_nops = fuzz_env("ZX_FUZZ_OPS", 5000);
	ASSERT_GE(nthreads, 1u);
	ASSERT_LE(nprocs, 16u);
	TH_LOG("seed %llu: %u process(es) x %u thread(s) x %lu operations",
	       (unsigned long long)seed, nprocs, nthreads, fuzz_nops);

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fd_sock));
	/* Processes 1..n-1 are children with tables of their own. */
	for (unsigned int p = 1; p < nprocs; p++) {
		pids[p] = fork();
		ASSERT_GE(pids[p], 0);
		if (pids[p] == 0) {
			fuzz_process(seed, p, nthreads, failure, sizeof(failure));
			if (failure[0])
				fprintf(stderr, "# %s\n", failure);
			_exit(failure[0] ? 1 : 0);
		}
	}
	total = fuzz_process(seed, 0, nthreads, failure, sizeof(failure));
	EXPECT_EQ(0, failure[0]) TH_LOG("%s", failure);
	for (unsigned int p = 1; p < nprocs; p++) {
		zxt_reap_ok(pids[p]);
		total += fuzz_nops * nthreads;
	}
	/* Descriptors still in flight close their handles with the socket. */
	close(fd_sock[0]);
	close(fd_sock[1]);
	TH_LOG("fuzzed %lu operations, seed %llu", total, (unsigned long long)seed);
}

TEST_HARNESS_MAIN
