// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: seeded random sequences of calls from several threads and
 * processes, checking the invariants the API promises.
 *
 * Every operation is one entry of fuzz_ops[]; each object type adds its
 * own there (events, eventpairs, ports with their registrations, timers,
 * channels, sockets, FIFOs). Each thread keeps a private pool of handles
 * whose rights and signals it knows (so it can check that a failed call
 * changed nothing), a list of values it closed (which must stay dead), and
 * shares a pool of objects and a port with the other threads, where closes
 * of objects and of the port race signals, waits, registrations, matches
 * and duplicates. Handles leave the pool when they are written into a
 * channel (on success and failure alike, except ZX_HANDLE_OP_DUPLICATE)
 * and join it when a read or a call brings them in; a handle whose object
 * or peer went into a channel is "foreign" from then on, its signals no
 * longer this thread's alone. A server thread per process answers
 * zx_channel_call()s on a shared channel, sometimes, late or wrongly, and
 * threads replace that channel under each other's calls. Invariants
 * checked on every call:
 *
 *  - the status is one the call may return, never ZX_ERR_INTERNAL;
 *  - a closed value never works again (ZX_ERR_BAD_HANDLE, HANDLE_VALID);
 *  - a failed call leaves the object's signals and the handle's rights as
 *    they were; a successful one changes them exactly as documented;
 *  - rights checks fail exactly when a right is missing;
 *  - every wait ends (deadlines are short; the harness timeout backs it);
 *  - garbage ioctls (unknown numbers, bad pointers, nonzero pads) fail with
 *    the documented errno and change nothing;
 *  - a channel write consumes exactly the handles it names (but duplicates)
 *    and fails if any entry is bad; a message arrives whole, once, with the
 *    handles (koid, type, rights) it was sent with (messages describe
 *    themselves); read buffers are untouched past what was read;
 *  - a socket's signals agree with ZX_INFO_SOCKET and its thresholds; a
 *    write or read moves exactly what the buffer allows; no byte changes;
 *  - a FIFO transfer moves whole elements, short only when full or empty.
 *
 * A signaller thread per process sends Linux signals to the others
 * (handler with SA_RESTART in process 0, without in the rest): waits and
 * calls interrupted half way must end exactly as if they had not been.
 *
 * Knobs (environment): ZX_FUZZ_SEED (default: from the clock; printed),
 * ZX_FUZZ_OPS (operations per thread, default 5000), ZX_FUZZ_THREADS
 * (default 4), ZX_FUZZ_PROCS (processes, default 2), ZX_FUZZ_SIGNALS (0:
 * no signaller). A failure prints the seed, thread and operation number.
 * With ZX_FUZZ_THREADS=1, ZX_FUZZ_PROCS=1 and ZX_FUZZ_SIGNALS=0 a seed
 * replays the same calls, except where the server thread's timing decides
 * (whether a call on the shared channel is answered in time); with more
 * threads, each replays its own sequence and only the interleaving differs.
 */
#define ZXT_FIXTURE fuzz
#include "zx_selftest.h"

#include <poll.h>
#include <sys/mman.h>
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
	bool foreign;		/* it or its peer may be used outside this thread */
	uint32_t aux;		/* sockets: options | FUZZ_AUX_KNOWN; FIFOs: size | count << 16 */
};

#define FUZZ_AUX_KNOWN (1u << 31)

/* Counters of what the IPC operations achieved, printed at the end. */
enum {
	ST_MSG_SENT, ST_MSG_READ, ST_HANDLES_SENT, ST_HANDLES_READ, ST_CALL_OK,
	ST_CALL_TIMED_OUT, ST_SERVED, ST_GATHERED, ST_SOCK_BYTES, ST_FIFO_ELEMS, FUZZ_NSTATS
};

static const char *const fuzz_stat_names[FUZZ_NSTATS] = {
	"messages sent", "messages read", "handles sent", "handles read", "calls answered",
	"calls timed out", "requests served", "messages gathered from iovecs", "socket bytes",
	"FIFO elements",
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
	unsigned long stats[FUZZ_NSTATS];
	uint32_t last_txid;	/* of the last call request read, to answer */
	uint8_t *buf;		/* FUZZ_BUF bytes to write from */
	uint8_t *rbuf;		/* FUZZ_BUF bytes to read into */
	uint8_t *edge;		/* a page, and an unmapped one after it */
	zx_channel_iovec_t *iov;	/* ZX_CHANNEL_MAX_MSG_IOVECS + 1 */
	char failure[256];
};

/* Past a socket's capacity (256 KiB) and the largest message. */
#define FUZZ_BUF (320u * 1024)

static zx_handle_t shared_pool[SHARED];	/* any thread may use or close */
static zx_handle_t shared_port;		/* replaced (closed) at random */
static zx_handle_t shared_chan;		/* calls go to the server; replaced at random */
static zx_handle_t server_ctl;		/* new listening ends go to the server */
#define SHARED_CH 4
static zx_handle_t shared_ch[SHARED_CH];	/* two channels: ends 2k and 2k + 1 */
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
	*h = (struct fuzz_handle){ value, rights, info.type, info.koid, info.related_koid, false,
				   0 };
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

/* Objects with a peer that zx_object_signal_peer() reaches. */
static bool fuzz_peered(uint32_t type)
{
	return type == ZX_OBJ_TYPE_EVENTPAIR || type == ZX_OBJ_TYPE_CHANNEL ||
	       type == ZX_OBJ_TYPE_SOCKET || type == ZX_OBJ_TYPE_FIFO;
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
	else if (peer && !fuzz_peered(h->type))
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

/* ------------------------------------------------------------------ */
/* IPC objects: what they share                                         */

/* The slot holding @value, or NULL: a dead or foreign value. */
static struct fuzz_handle *fuzz_by_value(struct fuzz_thread *t, zx_handle_t value)
{
	if (value == ZX_HANDLE_INVALID)
		return NULL;
	for (unsigned int i = 0; i < POOL; i++)
		if (t->pool[i].type && t->pool[i].value == value)
			return &t->pool[i];
	return NULL;
}

/*
 * @koid's object, or a copy of its handle, has gone where other threads
 * (or the collector) can reach it: its signals, and its peer's, are no
 * longer this thread's alone.
 */
static void fuzz_taint(struct fuzz_thread *t, zx_koid_t koid)
{
	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[i];

		if (h->type && (h->koid == koid || h->peer_koid == koid))
			h->foreign = true;
	}
}

/* Two free slots for a pair, or false. */
static bool fuzz_two_slots(struct fuzz_thread *t, struct fuzz_handle **a, struct fuzz_handle **b)
{
	*a = fuzz_slot(t, false);
	if (!*a)
		return false;
	(*a)->type = ZX_OBJ_TYPE_NONE + 1;	/* claim it before looking again */
	*b = fuzz_slot(t, false);
	(*a)->type = 0;
	return *b;
}

/* Fill both slots of a new pair and check they are each other's peers. */
static bool fuzz_fill_pair(struct fuzz_thread *t, struct fuzz_handle *a, struct fuzz_handle *b,
			   zx_handle_t h0, zx_handle_t h1, zx_rights_t rights, uint32_t aux)
{
	if (!fuzz_fill(t, a, h0, rights) || !fuzz_fill(t, b, h1, rights))
		return false;
	FUZZ_EXPECT(t, a->peer_koid == b->koid && b->peer_koid == a->koid);
	a->aux = aux;
	b->aux = aux;
	return true;
}

/*
 * A handle to aim a call on @type at: mostly one of that type, sometimes
 * any other, sometimes a dead value. *@hp is its slot, or NULL.
 */
static zx_handle_t fuzz_target(struct fuzz_thread *t, uint32_t type, struct fuzz_handle **hp)
{
	uint32_t r = fuzz_rand(t, 16);
	struct fuzz_handle *h = NULL;

	if (r < 13)
		h = fuzz_slot_of(t, type);
	else if (r < 15)
		h = fuzz_slot(t, true);
	*hp = h;
	return h ? h->value : fuzz_dead_value(t);
}

/* What looking up @h as a @type with @rights gives. */
static zx_status_t fuzz_lookup(const struct fuzz_handle *h, uint32_t type, zx_rights_t rights)
{
	if (!h)
		return ZX_ERR_BAD_HANDLE;
	if (h->type != type)
		return ZX_ERR_WRONG_TYPE;
	if ((h->rights & rights) != rights)
		return ZX_ERR_ACCESS_DENIED;
	return ZX_OK;
}

/*
 * Is @h's object this thread's alone, so that its signals (read through
 * @h) tell exactly what a call on it must do?
 */
static bool fuzz_private(const struct fuzz_handle *h, uint32_t type)
{
	return h && h->type == type && !h->foreign && (h->rights & ZX_RIGHT_WAIT);
}

static zx_signals_t fuzz_signals_now(zx_handle_t h)
{
	zx_signals_t obs = FUZZ_UNKNOWN;

	zx_object_wait_one(h, 0, 0, &obs);
	return obs;
}

/* Bytes from a per-call seed: a reader can tell each one is right. */
static uint8_t fuzz_pattern(uint64_t seed, size_t i)
{
	return (uint8_t)(((seed + i) * 0x9E3779B97F4A7C15ull) >> 56);
}

/* A transfer size: mostly small, sometimes a page or two, rarely huge. */
static size_t fuzz_io_len(struct fuzz_thread *t, size_t huge)
{
	switch (fuzz_rand(t, 32)) {
	case 0:
		return 0;
	case 1:
		return huge - fuzz_rand(t, 2) + fuzz_rand(t, 2);
	case 2:
	case 3:
		return fuzz_rand(t, (uint32_t)huge + 1);
	default:
		return fuzz_rand(t, 4) ? 1 + fuzz_rand(t, 64) : 1 + fuzz_rand(t, 8192);
	}
}

/* Is @len bytes of @buf from @off on still @byte? */
static bool fuzz_untouched(const uint8_t *buf, size_t off, size_t len, uint8_t byte)
{
	for (size_t i = off; i < len; i++)
		if (buf[i] != byte)
			return false;
	return true;
}

#define FUZZ_FRESH 0xee		/* what read buffers hold before a read */
#define FUZZ_PAGE 4096

/*
 * A buffer of @len bytes that runs off mapped memory: its first *@k
 * bytes (fewer than @len, unless @len is 0) are the end of t->edge,
 * filled with @fill, and the rest is not mapped, so a copy of more than
 * *@k bytes faults part way through.
 */
static uint8_t *fuzz_edge(struct fuzz_thread *t, size_t len, uint8_t fill, size_t *k)
{
	*k = fuzz_rand(t, len < FUZZ_PAGE ? (uint32_t)len : FUZZ_PAGE);
	memset(t->edge, fill, FUZZ_PAGE);
	return t->edge + FUZZ_PAGE - *k;
}

/* ------------------------------------------------------------------ */
/* Sockets                                                              */

/* Every byte of every stream write, and of datagrams too short to describe themselves. */
#define FUZZ_STREAM_BYTE 0xc3
#define FUZZ_DGRAM_MAGIC 0x6d677a66u

/* The start of a datagram that describes itself; pattern bytes follow. */
struct fuzz_dgram {
	uint32_t magic;
	uint32_t len;
	uint64_t seed;
};

/* A socket end's state, when it is this thread's alone. */
struct fuzz_sock {
	bool known;
	zx_signals_t sig;
	zx_info_socket_t info;
};

static bool fuzz_sock_state(struct fuzz_thread *t, const struct fuzz_handle *h,
			    struct fuzz_sock *st)
{
	st->known = fuzz_private(h, ZX_OBJ_TYPE_SOCKET) && (h->rights & ZX_RIGHT_INSPECT);
	if (!st->known)
		return true;
	FUZZ_EXPECT(t, zx_object_get_info(h->value, ZX_INFO_SOCKET, &st->info, sizeof(st->info),
					  NULL, NULL) == ZX_OK);
	st->sig = fuzz_signals_now(h->value);
	return true;
}

/*
 * The signals agree with the buffers and thresholds: READABLE with data,
 * WRITABLE with room in a live peer's buffer and writes enabled, the
 * threshold signals with their thresholds.
 */
static bool fuzz_sock_check(struct fuzz_thread *t, const struct fuzz_handle *h)
{
	struct fuzz_sock st;
	const zx_info_socket_t *i = &st.info;
	size_t rx = 0, tx = 0;
	bool closed;

	if (!fuzz_sock_state(t, h, &st))
		return false;
	if (!st.known)
		return true;
	closed = st.sig & ZX_SOCKET_PEER_CLOSED;
	FUZZ_EXPECT(t, i->rx_buf_size <= i->rx_buf_max && i->tx_buf_size <= i->tx_buf_max);
	FUZZ_EXPECT(t, i->rx_buf_available <= i->rx_buf_size);
	FUZZ_EXPECT(t, (i->rx_buf_available == 0) == (i->rx_buf_size == 0));
	if (!(i->options & ZX_SOCKET_DATAGRAM))
		FUZZ_EXPECT(t, i->rx_buf_available == i->rx_buf_size);
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_READABLE) == (i->rx_buf_size > 0));
	FUZZ_EXPECT(t, closed == (i->tx_buf_max == 0));
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_WRITABLE) ==
		       (!closed && !(st.sig & ZX_SOCKET_WRITE_DISABLED) &&
			i->tx_buf_size < i->tx_buf_max));
	if (!(h->rights & ZX_RIGHT_GET_PROPERTY))
		return true;
	FUZZ_EXPECT(t, zx_object_get_property(h->value, ZX_PROP_SOCKET_RX_THRESHOLD, &rx,
					      sizeof(rx)) == ZX_OK);
	FUZZ_EXPECT(t, zx_object_get_property(h->value, ZX_PROP_SOCKET_TX_THRESHOLD, &tx,
					      sizeof(tx)) == ZX_OK);
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_READ_THRESHOLD) == (rx && i->rx_buf_size >= rx));
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_WRITE_THRESHOLD) ==
		       (tx && !closed && i->tx_buf_max - i->tx_buf_size >= tx));
	return true;
}

/* What a socket carries, as far as this thread can tell. */
enum fuzz_sock_kind { FUZZ_STREAM, FUZZ_DGRAM, FUZZ_EITHER };

static enum fuzz_sock_kind fuzz_sock_kind(const struct fuzz_handle *h)
{
	zx_info_socket_t info;

	if (h && (h->aux & FUZZ_AUX_KNOWN))
		return h->aux & ZX_SOCKET_DATAGRAM ? FUZZ_DGRAM : FUZZ_STREAM;
	if (h && zx_object_get_info(h->value, ZX_INFO_SOCKET, &info, sizeof(info), NULL,
				    NULL) == ZX_OK)
		return info.options & ZX_SOCKET_DATAGRAM ? FUZZ_DGRAM : FUZZ_STREAM;
	return FUZZ_EITHER;
}

/*
 * What a write sends: a datagram long enough describes itself, anything
 * else is FUZZ_STREAM_BYTE throughout (the right thing for either type).
 */
static void fuzz_sock_fill(struct fuzz_thread *t, bool dgram, size_t len)
{
	struct fuzz_dgram d = { FUZZ_DGRAM_MAGIC, (uint32_t)len, zxt_rand(&t->rng) };

	if (!dgram || len < sizeof(d)) {
		memset(t->buf, FUZZ_STREAM_BYTE, len);
		return;
	}
	memcpy(t->buf, &d, sizeof(d));
	for (size_t i = sizeof(d); i < len; i++)
		t->buf[i] = fuzz_pattern(d.seed, i);
}

/*
 * What a read returned is what some write sent, and nothing past it
 * moved. @dgram: the socket may be a datagram socket.
 */
static bool fuzz_sock_bytes_ok(struct fuzz_thread *t, bool dgram, size_t actual, size_t len)
{
	struct fuzz_dgram d;

	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, actual, len, FUZZ_FRESH));
	if (dgram && actual >= sizeof(d.magic) && !memcmp(t->rbuf, &(uint32_t){ FUZZ_DGRAM_MAGIC },
							 sizeof(d.magic))) {
		if (actual < sizeof(d))
			return true;
		memcpy(&d, t->rbuf, sizeof(d));
		/* Truncated only to the buffer's size. */
		FUZZ_EXPECT(t, d.len == actual || (d.len > actual && actual == len));
		for (size_t i = sizeof(d); i < actual; i++)
			if (t->rbuf[i] != fuzz_pattern(d.seed, i))
				FUZZ_FAIL(t, "datagram of %u: byte %zu is 0x%02x, not 0x%02x",
					  d.len, i, t->rbuf[i], fuzz_pattern(d.seed, i));
		return true;
	}
	if (dgram && actual < sizeof(d.magic))
		return true;	/* maybe the start of a header */
	for (size_t i = 0; i < actual; i++)
		if (t->rbuf[i] != FUZZ_STREAM_BYTE)
			FUZZ_FAIL(t, "socket read %zu bytes: byte %zu is 0x%02x", actual, i,
				  t->rbuf[i]);
	return true;
}

static bool fuzz_socket_create(struct fuzz_thread *t)
{
	uint32_t options = fuzz_rand(t, 8) ? fuzz_rand(t, 2) : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = ZX_HANDLE_INVALID, h1 = ZX_HANDLE_INVALID;
	struct fuzz_handle *a, *b;
	zx_status_t s;

	if (!fuzz_two_slots(t, &a, &b))
		return true;
	s = zx_socket_create(options, &h0, &h1);
	FUZZ_EXPECT(t, s == (options & ~ZX_SOCKET_CREATE_MASK ? ZX_ERR_INVALID_ARGS : ZX_OK));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill_pair(t, a, b, h0, h1, ZX_DEFAULT_SOCKET_RIGHTS, options | FUZZ_AUX_KNOWN))
		return false;
	FUZZ_EXPECT(t, fuzz_signals_now(h0) == ZX_SOCKET_WRITABLE);
	return fuzz_sock_check(t, a) && fuzz_sock_check(t, b);
}

static zx_status_t fuzz_sock_write_want(const struct fuzz_sock *st, size_t len, size_t *actual)
{
	const zx_info_socket_t *i = &st->info;
	bool dgram = i->options & ZX_SOCKET_DATAGRAM;
	size_t room = i->tx_buf_max - i->tx_buf_size;

	*actual = 0;
	if (st->sig & ZX_SOCKET_PEER_CLOSED)
		return ZX_ERR_PEER_CLOSED;
	if (st->sig & ZX_SOCKET_WRITE_DISABLED)
		return ZX_ERR_BAD_STATE;
	if (!len)
		return ZX_OK;
	if (dgram && len > i->tx_buf_max)
		return room ? ZX_ERR_OUT_OF_RANGE : ZX_ERR_SHOULD_WAIT;	/* either */
	if (!room || (dgram && len > room))
		return ZX_ERR_SHOULD_WAIT;
	*actual = len < room ? len : room;
	return ZX_OK;
}

static bool fuzz_socket_write(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t options = fuzz_rand(t, 16) ? 0 : 1u << fuzz_rand(t, 32);
	size_t len = fuzz_io_len(t, 256 * 1024), actual = 12345, want_actual, k = len;
	bool edge = len && !fuzz_rand(t, 16);
	const uint8_t *src = t->buf;
	struct fuzz_sock before, after;
	zx_status_t s, want;

	if (!fuzz_sock_state(t, h, &before))
		return false;
	fuzz_sock_fill(t, fuzz_sock_kind(h) == FUZZ_DGRAM, len);
	if (edge) {
		/* A fault part way through sends nothing. */
		uint8_t *p = fuzz_edge(t, len, 0, &k);

		memcpy(p, t->buf, k);
		src = p;
	}
	s = zx_socket_write(v, options, src, len, &actual);
	if (s == ZX_OK)
		t->stats[ST_SOCK_BYTES] += actual;
	want = options ? ZX_ERR_INVALID_ARGS : fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_WRITE);
	if (want != ZX_OK) {
		FUZZ_EXPECT(t, s == want);
		return true;
	}
	if (!before.known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT, ZX_ERR_PEER_CLOSED, ZX_ERR_BAD_STATE,
			    ZX_ERR_OUT_OF_RANGE, ZX_ERR_NO_MEMORY, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_OK || actual <= k);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || edge);
		return true;
	}
	want = fuzz_sock_write_want(&before, len, &want_actual);
	if (want == ZX_OK && want_actual > k)
		want = ZX_ERR_INVALID_ARGS;
	if (want == ZX_ERR_OUT_OF_RANGE && s == ZX_ERR_SHOULD_WAIT)
		want = s;
	if (s != want && s != ZX_ERR_NO_MEMORY)
		FUZZ_FAIL(t, "socket_write(%zu) with 0x%x, %zu of %zu queued: %s, expected %s", len,
			  before.sig, before.info.tx_buf_size, before.info.tx_buf_max,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (!fuzz_sock_state(t, h, &after))
		return false;
	if (s == ZX_OK) {
		FUZZ_EXPECT(t, actual == want_actual);
		FUZZ_EXPECT(t, after.info.tx_buf_size == before.info.tx_buf_size + actual);
	} else {
		FUZZ_EXPECT(t, after.info.tx_buf_size == before.info.tx_buf_size);
		FUZZ_EXPECT(t, after.sig == before.sig);
	}
	return fuzz_sock_check(t, h);
}

static bool fuzz_socket_read(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t options = fuzz_rand(t, 4) ? 0 : ZX_SOCKET_PEEK;
	size_t len = fuzz_io_len(t, 256 * 1024), actual = 12345, want_actual = 0, k = len;
	bool maybe_dgram = fuzz_sock_kind(h) != FUZZ_STREAM, dgram;
	bool edge = len && !fuzz_rand(t, 16);
	struct fuzz_sock before, after;
	uint8_t *dst = t->rbuf;
	zx_status_t s, want;

	if (!fuzz_rand(t, 32))
		options = 1u << fuzz_rand(t, 32);
	if (!fuzz_sock_state(t, h, &before))
		return false;
	memset(t->rbuf, FUZZ_FRESH, len);
	if (edge)
		dst = fuzz_edge(t, len, FUZZ_FRESH, &k);	/* a fault takes nothing */
	s = zx_socket_read(v, options, dst, len, &actual);
	if (edge && s == ZX_OK) {
		FUZZ_EXPECT(t, actual <= k);
		memcpy(t->rbuf, dst, actual);
	}
	want = options & ~ZX_SOCKET_PEEK ? ZX_ERR_INVALID_ARGS :
	       fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_READ);
	if (want != ZX_OK) {
		FUZZ_EXPECT(t, s == want);
		return true;
	}
	if (s == ZX_OK && !fuzz_sock_bytes_ok(t, maybe_dgram, actual, len))
		return false;
	if (s != ZX_OK)
		FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, len, FUZZ_FRESH));
	if (!before.known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT, ZX_ERR_PEER_CLOSED, ZX_ERR_BAD_STATE,
			    ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_OK || actual <= len);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || edge);
		return true;
	}
	dgram = before.info.options & ZX_SOCKET_DATAGRAM;
	if (before.info.rx_buf_size) {
		want = ZX_OK;
		want_actual = dgram ? before.info.rx_buf_available : before.info.rx_buf_size;
		want_actual = len < want_actual ? len : want_actual;
	} else if (before.sig & ZX_SOCKET_PEER_CLOSED) {
		want = ZX_ERR_PEER_CLOSED;
	} else if (before.sig & ZX_SOCKET_PEER_WRITE_DISABLED) {
		want = ZX_ERR_BAD_STATE;
	} else {
		want = ZX_ERR_SHOULD_WAIT;
	}
	if (want == ZX_OK && want_actual > k)
		want = ZX_ERR_INVALID_ARGS;
	if (s != want)
		FUZZ_FAIL(t, "socket_read(%zu) with 0x%x, %zu queued: %s, expected %s", len,
			  before.sig, before.info.rx_buf_size, zx_status_get_string(s),
			  zx_status_get_string(want));
	if (!fuzz_sock_state(t, h, &after))
		return false;
	if (s == ZX_OK) {
		size_t gone = dgram ? (len ? before.info.rx_buf_available : 0) : actual;

		FUZZ_EXPECT(t, actual == want_actual);
		if (options & ZX_SOCKET_PEEK)
			gone = 0;
		FUZZ_EXPECT(t, after.info.rx_buf_size == before.info.rx_buf_size - gone);
	} else {
		FUZZ_EXPECT(t, after.info.rx_buf_size == before.info.rx_buf_size);
		FUZZ_EXPECT(t, after.sig == before.sig);
	}
	return fuzz_sock_check(t, h);
}

/* A disposition: mostly the valid ones, both flags at once, or junk. */
static uint32_t fuzz_disposition(struct fuzz_thread *t)
{
	static const uint32_t d[] = {
		0, 0, ZX_SOCKET_DISPOSITION_WRITE_DISABLED, ZX_SOCKET_DISPOSITION_WRITE_ENABLED,
		ZX_SOCKET_DISPOSITION_WRITE_DISABLED, ZX_SOCKET_DISPOSITION_WRITE_ENABLED,
		ZX_SOCKET_DISPOSITION_WRITE_DISABLED | ZX_SOCKET_DISPOSITION_WRITE_ENABLED,
	};
	uint32_t r = fuzz_rand(t, sizeof(d) / sizeof(d[0]) + 1);

	return r < sizeof(d) / sizeof(d[0]) ? d[r] : (uint32_t)zxt_rand(&t->rng);
}

static bool fuzz_disposition_valid(uint32_t d)
{
	return d == 0 || d == ZX_SOCKET_DISPOSITION_WRITE_DISABLED ||
	       d == ZX_SOCKET_DISPOSITION_WRITE_ENABLED;
}

/*
 * Re-enabling writes is refused while the reader still holds what was
 * written before they were disabled (Zircon's IsDispositionStateValid).
 */
static zx_status_t fuzz_disposition_want(const struct fuzz_sock *st, uint32_t d, uint32_t dp)
{
	const zx_info_socket_t *i = &st->info;
	bool closed = st->sig & ZX_SOCKET_PEER_CLOSED;

	if (dp == ZX_SOCKET_DISPOSITION_WRITE_ENABLED && i->rx_buf_size &&
	    (st->sig & ZX_SOCKET_PEER_WRITE_DISABLED))
		return ZX_ERR_BAD_STATE;
	if (!closed && d == ZX_SOCKET_DISPOSITION_WRITE_ENABLED && i->tx_buf_size &&
	    (st->sig & ZX_SOCKET_WRITE_DISABLED))
		return ZX_ERR_BAD_STATE;
	return ZX_OK;
}

static bool fuzz_socket_disposition(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t d = fuzz_disposition(t), dp = fuzz_disposition(t);
	struct fuzz_sock before, after;
	zx_status_t s, want;

	if (!fuzz_sock_state(t, h, &before))
		return false;
	s = zx_socket_set_disposition(v, d, dp);
	if (!fuzz_disposition_valid(d) || !fuzz_disposition_valid(dp))
		want = ZX_ERR_INVALID_ARGS;
	else
		want = fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_MANAGE_SOCKET);
	if (want == ZX_OK && !before.known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_STATE);
		return true;
	}
	if (want == ZX_OK)
		want = fuzz_disposition_want(&before, d, dp);
	if (s != want)
		FUZZ_FAIL(t, "set_disposition(0x%x, 0x%x) with 0x%x, rx %zu tx %zu: %s, not %s",
			  d, dp, before.known ? before.sig : 0, before.info.rx_buf_size,
			  before.info.tx_buf_size, zx_status_get_string(s),
			  zx_status_get_string(want));
	if (!before.known)
		return true;
	if (!fuzz_sock_state(t, h, &after))
		return false;
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, after.sig == before.sig);
	} else {
		if (d)
			FUZZ_EXPECT(t, !!(after.sig & ZX_SOCKET_WRITE_DISABLED) ==
				       (d == ZX_SOCKET_DISPOSITION_WRITE_DISABLED));
		if (dp && !(before.sig & ZX_SOCKET_PEER_CLOSED))
			FUZZ_EXPECT(t, !!(after.sig & ZX_SOCKET_PEER_WRITE_DISABLED) ==
				       (dp == ZX_SOCKET_DISPOSITION_WRITE_DISABLED));
	}
	return fuzz_sock_check(t, h);
}

/* A threshold: off, within the capacity, the capacity, or past it. */
static size_t fuzz_threshold(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 6)) {
	case 0:
		return 0;
	case 1:
		return 256 * 1024;
	case 2:
		return 256 * 1024 + 1 + fuzz_rand(t, 1000);
	case 3:
		return (size_t)zxt_rand(&t->rng);
	default:
		return 1 + fuzz_rand(t, fuzz_rand(t, 2) ? 64 : 256 * 1024);
	}
}

static bool fuzz_socket_property(struct fuzz_thread *t)
{
	static const uint32_t props[] = {
		ZX_PROP_SOCKET_RX_THRESHOLD, ZX_PROP_SOCKET_TX_THRESHOLD, 0, 14, 4,
	};
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t prop = props[fuzz_rand(t, 5) < 4 ? fuzz_rand(t, 2) : 2 + fuzz_rand(t, 3)];
	bool set = fuzz_rand(t, 2), null = !fuzz_rand(t, 32);
	size_t value = fuzz_threshold(t), got = 12345, size = sizeof(value);
	struct fuzz_sock before;
	zx_status_t s, want;

	if (!fuzz_rand(t, 16))
		size = fuzz_rand(t, sizeof(value));
	if (!fuzz_sock_state(t, h, &before))
		return false;
	s = set ? zx_object_set_property(v, prop, null ? NULL : &value, size)
		: zx_object_get_property(v, prop, null ? NULL : &got, size);
	if (null)
		want = ZX_ERR_INVALID_ARGS;
	else if (!h)
		want = ZX_ERR_BAD_HANDLE;
	else if (!(h->rights & (set ? ZX_RIGHT_SET_PROPERTY : ZX_RIGHT_GET_PROPERTY)))
		want = ZX_ERR_ACCESS_DENIED;
	else if (prop != ZX_PROP_SOCKET_RX_THRESHOLD && prop != ZX_PROP_SOCKET_TX_THRESHOLD)
		want = ZX_ERR_NOT_SUPPORTED;
	else if (size < sizeof(value))
		want = ZX_ERR_BUFFER_TOO_SMALL;
	else if (h->type != ZX_OBJ_TYPE_SOCKET)
		want = ZX_ERR_WRONG_TYPE;
	else if (!before.known)
		want = ZX_OK;	/* or a refusal, below */
	else if (set && prop == ZX_PROP_SOCKET_TX_THRESHOLD &&
		 (before.sig & ZX_SOCKET_PEER_CLOSED))
		want = ZX_ERR_PEER_CLOSED;
	else if (set && value > before.info.rx_buf_max)
		want = ZX_ERR_INVALID_ARGS;
	else
		want = ZX_OK;
	if (want == ZX_OK && !before.known && set) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_PEER_CLOSED);
		return true;
	}
	if (s != want)
		FUZZ_FAIL(t, "%s_property(%u, %zu, size %zu) on type %u: %s, expected %s",
			  set ? "set" : "get", prop, value, size, h ? h->type : 0,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (s == ZX_OK && set && before.known && (h->rights & ZX_RIGHT_GET_PROPERTY)) {
		FUZZ_EXPECT(t, zx_object_get_property(v, prop, &got, sizeof(got)) == ZX_OK);
		FUZZ_EXPECT(t, got == value);
	}
	if (s == ZX_OK && !set)
		FUZZ_EXPECT(t, got <= 256 * 1024);
	return before.known ? fuzz_sock_check(t, h) : true;
}

static bool fuzz_socket_info(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	size_t len = fuzz_rand(t, 4) ? sizeof(zx_info_socket_t) : fuzz_rand(t, 64);
	size_t actual = 7, avail = 7;
	zx_info_socket_t info;
	zx_status_t s, want;

	s = zx_object_get_info(v, ZX_INFO_SOCKET, &info, len, &actual, &avail);
	want = fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_INSPECT);
	if (want == ZX_OK && len < sizeof(info))
		want = ZX_ERR_BUFFER_TOO_SMALL;
	FUZZ_EXPECT(t, s == want);
	if (s == ZX_OK || s == ZX_ERR_BUFFER_TOO_SMALL)
		FUZZ_EXPECT(t, actual == (s == ZX_OK) && avail == 1);
	if (s == ZX_OK && (h->aux & FUZZ_AUX_KNOWN))
		FUZZ_EXPECT(t, info.options == (h->aux & ZX_SOCKET_CREATE_MASK));
	return s == ZX_OK ? fuzz_sock_check(t, h) : true;
}

static bool op_socket(struct fuzz_thread *t)
{
	/* The pool runs low: without a socket every call would be on a dead value. */
	if (!fuzz_slot_of(t, ZX_OBJ_TYPE_SOCKET))
		return fuzz_socket_create(t);
	switch (fuzz_rand(t, 8)) {
	case 0:
		return fuzz_socket_create(t);
	case 1:
	case 2:
		return fuzz_socket_write(t);
	case 3:
	case 4:
		return fuzz_socket_read(t);
	case 5:
		return fuzz_socket_disposition(t);
	case 6:
		return fuzz_socket_property(t);
	default:
		return fuzz_socket_info(t);
	}
}

/* ------------------------------------------------------------------ */
/* FIFOs                                                                */

#define FUZZ_FIFO_BYTE 0x5a	/* every byte of every element written */

/* A dimension: mostly a power of two that fits, sometimes one that does not. */
static size_t fuzz_fifo_dim(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 16)) {
	case 0:
		return 0;
	case 1:
		return 3 + 2 * fuzz_rand(t, 8);		/* not a power of two */
	case 2:
		return ZX_FIFO_MAX_SIZE_BYTES + 1 + fuzz_rand(t, 8192);
	case 3:
		return sizeof(size_t) == 8 ? (size_t)1 << (32 + fuzz_rand(t, 31)) : SIZE_MAX;
	case 4:
	case 5:
		return 1 + fuzz_rand(t, 64);
	default:
		return (size_t)1 << fuzz_rand(t, 13);
	}
}

/* Zircon's rule, with the kernel's extra: the count is a power of two. */
static bool fuzz_fifo_dims_ok(uint64_t count, uint64_t size)
{
	return count && size && !(count & (count - 1)) && count <= ZX_FIFO_MAX_SIZE_BYTES &&
	       size <= ZX_FIFO_MAX_SIZE_BYTES && count * size <= ZX_FIFO_MAX_SIZE_BYTES;
}

/* The element size and count @h's FIFO was made with; 0 if unknown. */
static uint32_t fuzz_fifo_size(const struct fuzz_handle *h)
{
	return h && h->type == ZX_OBJ_TYPE_FIFO ? h->aux & 0xffff : 0;
}

static uint32_t fuzz_fifo_count(const struct fuzz_handle *h)
{
	return h && h->type == ZX_OBJ_TYPE_FIFO ? h->aux >> 16 : 0;
}

static bool fuzz_fifo_create(struct fuzz_thread *t)
{
	size_t count = fuzz_fifo_dim(t), size = fuzz_fifo_dim(t);
	uint32_t options = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = ZX_HANDLE_INVALID, h1 = ZX_HANDLE_INVALID;
	struct fuzz_handle *a, *b;
	zx_status_t s, want;

	if (!fuzz_two_slots(t, &a, &b))
		return true;
	s = zx_fifo_create(count, size, options, &h0, &h1);
	want = !fuzz_fifo_dims_ok(count, size) ? ZX_ERR_OUT_OF_RANGE :
	       options ? ZX_ERR_INVALID_ARGS : ZX_OK;
	if (s != want && s != ZX_ERR_NO_MEMORY)
		FUZZ_FAIL(t, "fifo_create(%zu, %zu, 0x%x): %s, expected %s", count, size, options,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill_pair(t, a, b, h0, h1, ZX_DEFAULT_FIFO_RIGHTS,
			    (uint32_t)size | (uint32_t)count << 16))
		return false;
	FUZZ_EXPECT(t, fuzz_signals_now(h0) == ZX_FIFO_WRITABLE);
	return true;
}

/* An element size and count for a transfer on @h. */
static void fuzz_fifo_io_args(struct fuzz_thread *t, const struct fuzz_handle *h,
			      size_t *size, size_t *count)
{
	uint32_t known = fuzz_fifo_size(h), n = fuzz_fifo_count(h);

	*size = known && fuzz_rand(t, 8) ? known : 1 + fuzz_rand(t, fuzz_rand(t, 2) ? 16 : 4097);
	switch (fuzz_rand(t, 16)) {
	case 0:
		*count = 0;
		break;
	case 1:
		*count = sizeof(size_t) == 8 ? (size_t)1 << 40 : SIZE_MAX;
		break;
	default:
		*count = 1 + fuzz_rand(t, n ? 2 * n : 16);
		break;
	}
}

/*
 * Elements read are whole elements somebody wrote, and nothing past them
 * moved.
 */
static bool fuzz_fifo_bytes_ok(struct fuzz_thread *t, size_t size, size_t actual)
{
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, actual * size, FUZZ_FIFO_BYTE));
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, actual * size,
				      ZX_FIFO_MAX_SIZE_BYTES + 64, FUZZ_FRESH));
	return true;
}

static bool fuzz_fifo_io(struct fuzz_thread *t, bool write)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_FIFO, &h);
	bool known = fuzz_private(h, ZX_OBJ_TYPE_FIFO) && fuzz_fifo_size(h);
	size_t size, count, actual = 12345, k = FUZZ_BUF;
	zx_signals_t before = known ? fuzz_signals_now(v) : 0, after;
	bool size_ok, edge = !fuzz_rand(t, 16);
	uint8_t *data = write ? t->buf : t->rbuf;
	zx_status_t s, want;
	uint64_t bytes;

	fuzz_fifo_io_args(t, h, &size, &count);
	size_ok = count && size == fuzz_fifo_size(h);
	/* At most the ring's 4 KiB move, whatever the count. */
	bytes = (uint64_t)count * size < ZX_FIFO_MAX_SIZE_BYTES ? (uint64_t)count * size :
								  ZX_FIFO_MAX_SIZE_BYTES;
	memset(t->buf, FUZZ_FIFO_BYTE, ZX_FIFO_MAX_SIZE_BYTES);
	memset(t->rbuf, FUZZ_FRESH, ZX_FIFO_MAX_SIZE_BYTES + 64);
	if (edge)	/* a fault part way through moves nothing */
		data = fuzz_edge(t, bytes, write ? FUZZ_FIFO_BYTE : FUZZ_FRESH, &k);
	s = write ? zx_fifo_write(v, size, data, count, &actual)
		  : zx_fifo_read(v, size, data, count, &actual);
	if (s == ZX_OK) {
		FUZZ_EXPECT(t, actual * size <= k);
		if (!write && edge)
			memcpy(t->rbuf, data, actual * size);
	}
	want = fuzz_lookup(h, ZX_OBJ_TYPE_FIFO, write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ);
	if (want != ZX_OK) {
		FUZZ_EXPECT(t, s == want);
		return true;
	}
	if (s == ZX_OK) {
		FUZZ_EXPECT(t, actual >= 1 && actual <= count);
		t->stats[ST_FIFO_ELEMS] += actual;
	}
	if (!write && !fuzz_fifo_bytes_ok(t, size, s == ZX_OK ? actual : 0))
		return false;
	if (!known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_OUT_OF_RANGE, ZX_ERR_SHOULD_WAIT,
			    ZX_ERR_PEER_CLOSED, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || edge);
		return true;
	}
	/* A write looks for the peer first, a read at the sizes first. */
	if (write && (before & ZX_FIFO_PEER_CLOSED))
		want = ZX_ERR_PEER_CLOSED;
	else if (!size_ok)
		want = ZX_ERR_OUT_OF_RANGE;
	else if (!(before & (write ? ZX_FIFO_WRITABLE : ZX_FIFO_READABLE)))
		want = write || !(before & ZX_FIFO_PEER_CLOSED) ? ZX_ERR_SHOULD_WAIT :
								  ZX_ERR_PEER_CLOSED;
	else
		want = ZX_OK;
	/* How many elements the ring takes or holds is not tracked: either. */
	if (want == ZX_OK && edge && s == ZX_ERR_INVALID_ARGS)
		want = s;
	if (s != want)
		FUZZ_FAIL(t, "fifo_%s(size %zu of %u, count %zu) with 0x%x: %s, expected %s",
			  write ? "write" : "read", size, fuzz_fifo_size(h), count, before,
			  zx_status_get_string(s), zx_status_get_string(want));
	after = fuzz_signals_now(v);
	FUZZ_EXPECT(t, !(after & ZX_FIFO_PEER_CLOSED) || !(after & ZX_FIFO_WRITABLE));
	/* Short only when the ring filled up or ran dry. */
	if (s == ZX_OK && actual < count)
		FUZZ_EXPECT(t, !(after & (write ? ZX_FIFO_WRITABLE : ZX_FIFO_READABLE)));
	if (s != ZX_OK)
		FUZZ_EXPECT(t, after == before);
	return true;
}

static bool op_fifo(struct fuzz_thread *t)
{
	if (!fuzz_slot_of(t, ZX_OBJ_TYPE_FIFO))
		return fuzz_fifo_create(t);
	switch (fuzz_rand(t, 5)) {
	case 0:
		return fuzz_fifo_create(t);
	case 1:
	case 2:
		return fuzz_fifo_io(t, true);
	default:
		return fuzz_fifo_io(t, false);
	}
}

/* ------------------------------------------------------------------ */
/* Channels                                                             */

#define FUZZ_MSG_MAGIC 0x6d787a66u
/* Handle arrays run a little past the limit, for ZX_ERR_OUT_OF_RANGE. */
#define FUZZ_MAX_HANDLES (ZX_CHANNEL_MAX_MSG_HANDLES + 4)
/* A disposition's result before the call: any write to it is a status. */
#define FUZZ_UNSET ((zx_status_t)0x7eadbeef)

/*
 * The start of a message that describes itself: whoever reads it checks
 * it arrived whole, unmixed, and (when the records fit) with the very
 * handles it was sent with. Pattern bytes follow the records.
 */
struct fuzz_msg_hdr {
	uint32_t txid;		/* zx_channel_call()'s, or anything */
	uint32_t magic;
	uint32_t num_bytes;
	uint32_t num_handles;
	uint64_t seed;
};

struct fuzz_msg_rec {
	uint64_t koid;
	uint32_t type;
	uint32_t rights;
};

/* The errors one entry of a handle array may cause, as bits. */
enum {
	FE_BAD_HANDLE = 1 << 0,
	FE_INVALID_ARGS = 1 << 1,
	FE_ACCESS_DENIED = 1 << 2,
	FE_NOT_SUPPORTED = 1 << 3,
	FE_WRONG_TYPE = 1 << 4,
};

static uint32_t fuzz_ebit(zx_status_t s)
{
	switch (s) {
	case ZX_ERR_BAD_HANDLE:
		return FE_BAD_HANDLE;
	case ZX_ERR_INVALID_ARGS:
		return FE_INVALID_ARGS;
	case ZX_ERR_ACCESS_DENIED:
		return FE_ACCESS_DENIED;
	case ZX_ERR_NOT_SUPPORTED:
		return FE_NOT_SUPPORTED;
	case ZX_ERR_WRONG_TYPE:
		return FE_WRONG_TYPE;
	default:
		return 0;
	}
}

/* A write's handle array as planned, and what each entry must do. */
struct fuzz_msg {
	bool etc;
	uint32_t n;
	uint32_t errs;					/* every entry's, together */
	zx_handle_t v[FUZZ_MAX_HANDLES];		/* plain writes */
	zx_handle_disposition_t d[FUZZ_MAX_HANDLES];	/* _etc (MOVE for plain ones) */
	uint32_t err[FUZZ_MAX_HANDLES];
	bool consumed[FUZZ_MAX_HANDLES];		/* takes its value out of the table */
	struct fuzz_msg_rec rec[FUZZ_MAX_HANDLES];	/* what the reader gets */
};

/* Read buffers for handles, both forms. */
struct fuzz_rd {
	zx_handle_t v[ZX_CHANNEL_MAX_MSG_HANDLES];
	zx_handle_info_t info[ZX_CHANNEL_MAX_MSG_HANDLES];
};

static bool fuzz_msg_has_recs(uint32_t num_bytes, uint32_t num_handles)
{
	return num_bytes >= sizeof(struct fuzz_msg_hdr) +
			    (size_t)num_handles * sizeof(struct fuzz_msg_rec);
}

/*
 * Fill @buf with a message that describes itself or, when the header does
 * not fit and sometimes anyway, with bytes nobody checks.
 */
static void fuzz_msg_build(struct fuzz_thread *t, uint8_t *buf, uint32_t num_bytes,
			   const struct fuzz_msg_rec *recs, uint32_t num_handles)
{
	struct fuzz_msg_hdr hdr = { 0, FUZZ_MSG_MAGIC, num_bytes, num_handles,
				    zxt_rand(&t->rng) };
	size_t off = sizeof(hdr);

	if (num_bytes < sizeof(hdr) || !fuzz_rand(t, 8)) {
		for (size_t i = 0; i < num_bytes; i++)
			buf[i] = fuzz_pattern(hdr.seed, i);
		if (num_bytes >= 2 * sizeof(uint32_t))
			memcpy(buf + sizeof(uint32_t), &(uint32_t){ ~FUZZ_MSG_MAGIC },
			       sizeof(uint32_t));
		return;
	}
	memcpy(buf, &hdr, sizeof(hdr));
	if (fuzz_msg_has_recs(num_bytes, num_handles)) {
		memcpy(buf + off, recs, num_handles * sizeof(*recs));
		off += num_handles * sizeof(*recs);
	}
	for (size_t i = off; i < num_bytes; i++)
		buf[i] = fuzz_pattern(hdr.seed, i);
}

/* A message that describes itself is exactly what was sent. */
static bool fuzz_msg_check(struct fuzz_thread *t, const uint8_t *buf, uint32_t num_bytes,
			   const zx_handle_t *handles, uint32_t num_handles)
{
	struct fuzz_msg_hdr hdr;
	size_t off = sizeof(hdr);

	if (num_bytes < sizeof(hdr))
		return true;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.magic != FUZZ_MSG_MAGIC)
		return true;
	if (hdr.num_bytes != num_bytes || hdr.num_handles != num_handles)
		FUZZ_FAIL(t, "message of %u bytes and %u handles arrived with %u and %u",
			  hdr.num_bytes, hdr.num_handles, num_bytes, num_handles);
	for (uint32_t i = 0; fuzz_msg_has_recs(num_bytes, num_handles) && i < num_handles; i++) {
		zx_info_handle_basic_t info;
		struct fuzz_msg_rec rec;

		memcpy(&rec, buf + off, sizeof(rec));
		off += sizeof(rec);
		FUZZ_EXPECT(t, zx_object_get_info(handles[i], ZX_INFO_HANDLE_BASIC, &info,
						  sizeof(info), NULL, NULL) == ZX_OK);
		if (info.koid != rec.koid || info.type != rec.type || info.rights != rec.rights)
			FUZZ_FAIL(t, "handle %u/%u: koid %llu type %u rights 0x%x, sent %llu %u 0x%x",
				  i, num_handles, (unsigned long long)info.koid, info.type,
				  info.rights, (unsigned long long)rec.koid, rec.type, rec.rights);
	}
	for (size_t i = off; i < num_bytes; i++)
		if (buf[i] != fuzz_pattern(hdr.seed, i))
			FUZZ_FAIL(t, "message of %u bytes: byte %zu is 0x%02x, not 0x%02x",
				  num_bytes, i, buf[i], fuzz_pattern(hdr.seed, i));
	return true;
}

/* A message size: mostly small, sometimes pages, rarely the limit or past it. */
static uint32_t fuzz_msg_len(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 64)) {
	case 0:
		return ZX_CHANNEL_MAX_MSG_BYTES + fuzz_rand(t, 2);
	case 1:
	case 2:
		return fuzz_rand(t, ZX_CHANNEL_MAX_MSG_BYTES);
	default:
		return fuzz_rand(t, 4) ? fuzz_rand(t, 160) : fuzz_rand(t, 4096);
	}
}

/* One unknown option bit (ZX_CHANNEL_WRITE_USE_IOVEC would change the call). */
static uint32_t fuzz_bad_option(struct fuzz_thread *t)
{
	uint32_t o;

	do
		o = 1u << fuzz_rand(t, 32);
	while (o == ZX_CHANNEL_WRITE_USE_IOVEC);
	return o;
}

/* Room to read into: often enough for anything, sometimes too little. */
static void fuzz_read_room(struct fuzz_thread *t, uint32_t *nb, uint32_t *nh)
{
	*nb = fuzz_rand(t, 2) ? ZX_CHANNEL_MAX_MSG_BYTES :
	      fuzz_rand(t, 4) ? fuzz_rand(t, 200) : fuzz_rand(t, ZX_CHANNEL_MAX_MSG_BYTES);
	*nh = fuzz_rand(t, 2) ? ZX_CHANNEL_MAX_MSG_HANDLES : fuzz_rand(t, 5);
}

/*
 * The value of entry @i: mostly a live handle not named yet; sometimes
 * the channel's own (refused), its peer's (a channel end into its own
 * queue: a cycle only the collector can free), one named already, or a
 * dead value.
 */
static zx_handle_t fuzz_entry_value(struct fuzz_thread *t, const struct fuzz_handle *ch,
				    const struct fuzz_msg *m, uint32_t i, uint64_t *named)
{
	const struct fuzz_handle *h;
	unsigned int start;

	switch (fuzz_rand(t, 40)) {
	case 0:
		if (ch)
			return ch->value;
		break;
	case 1:
	case 2:
		h = ch && ch->peer_koid ? fuzz_find(t, ch->peer_koid) : NULL;
		if (h)
			return h->value;
		break;
	case 3:
		if (i)
			return m->v[fuzz_rand(t, i)];
		break;
	case 4:
		return fuzz_dead_value(t);
	default:
		break;
	}
	start = fuzz_rand(t, POOL);
	for (unsigned int k = 0; k < POOL; k++) {
		unsigned int j = (start + k) % POOL;

		if (t->pool[j].type && !(*named & (1ull << j))) {
			*named |= 1ull << j;
			return t->pool[j].value;
		}
	}
	return fuzz_dead_value(t);
}

/* Entry @i's disposition: mostly a move, sometimes a duplicate or junk. */
static void fuzz_entry_disposition(struct fuzz_thread *t, struct fuzz_msg *m, uint32_t i)
{
	const struct fuzz_handle *h = fuzz_by_value(t, m->v[i]);
	zx_handle_disposition_t *d = &m->d[i];
	uint32_t r = fuzz_rand(t, 16);

	*d = (zx_handle_disposition_t){
		.operation = ZX_HANDLE_OP_MOVE,
		.handle = m->v[i],
		.type = ZX_OBJ_TYPE_NONE,
		.rights = ZX_RIGHT_SAME_RIGHTS,
		.result = FUZZ_UNSET,
	};
	if (!m->etc)
		return;
	if (r >= 11)
		d->operation = r < 15 ? ZX_HANDLE_OP_DUPLICATE : (uint32_t)zxt_rand(&t->rng);
	r = fuzz_rand(t, 8);
	if (r == 0)
		d->type = h ? h->type : ZX_OBJ_TYPE_EVENT;
	else if (r == 1)
		d->type = fuzz_rand(t, 32);
	if (!fuzz_rand(t, 4))
		d->rights = fuzz_rights(t, h ? h->rights : 0);
}

/*
 * What entry @i must do, given the entries before it (a value an earlier
 * entry consumed is gone): the errors it may cause, whether it consumes
 * its value, and what the reader gets if the write goes through.
 */
static void fuzz_entry_predict(struct fuzz_thread *t, struct fuzz_msg *m, uint32_t i,
			       zx_koid_t chan_koid)
{
	const zx_handle_disposition_t *d = &m->d[i];
	bool dup = d->operation == ZX_HANDLE_OP_DUPLICATE;
	const struct fuzz_handle *h = fuzz_by_value(t, m->v[i]);
	uint32_t e = 0;
	zx_rights_t have;

	m->consumed[i] = !dup;
	for (uint32_t j = 0; j < i; j++)
		if (m->v[j] == m->v[i] && m->consumed[j])
			h = NULL;
	m->rec[i] = (struct fuzz_msg_rec){ 0 };
	if (!h) {
		m->err[i] = FE_BAD_HANDLE;
		m->errs |= FE_BAD_HANDLE;
		return;
	}
	have = h->rights;
	if (!dup && d->operation != ZX_HANDLE_OP_MOVE)
		e |= FE_INVALID_ARGS;
	if (!(have & ZX_RIGHT_TRANSFER))
		e |= FE_ACCESS_DENIED;
	if (h->koid == chan_koid)
		e |= FE_NOT_SUPPORTED;
	if (d->type != ZX_OBJ_TYPE_NONE && d->type != h->type)
		e |= FE_WRONG_TYPE;
	if (d->rights != ZX_RIGHT_SAME_RIGHTS && (have & d->rights) != d->rights)
		e |= FE_INVALID_ARGS;
	if (dup && !(have & ZX_RIGHT_DUPLICATE))
		e |= FE_ACCESS_DENIED;
	m->err[i] = e;
	m->errs |= e;
	m->rec[i] = (struct fuzz_msg_rec){
		h->koid, h->type, d->rights == ZX_RIGHT_SAME_RIGHTS ? have : d->rights
	};
}

/* The handle array of a write through @ch (NULL: the shared channel). */
static void fuzz_plan(struct fuzz_thread *t, struct fuzz_msg *m, const struct fuzz_handle *ch)
{
	zx_koid_t chan_koid = ch && ch->type == ZX_OBJ_TYPE_CHANNEL ? ch->koid : 0;
	uint32_t r = fuzz_rand(t, 16);
	uint64_t named = 0;

	m->etc = fuzz_rand(t, 2);
	m->errs = 0;
	m->n = r < 8 ? 0 : r < 14 ? 1 + fuzz_rand(t, 4) :
	       r < 15 ? fuzz_rand(t, ZX_CHANNEL_MAX_MSG_HANDLES + 1) :
			fuzz_rand(t, FUZZ_MAX_HANDLES + 1);
	for (uint32_t i = 0; i < m->n; i++)
		m->v[i] = fuzz_entry_value(t, ch, m, i, &named);
	for (uint32_t i = 0; i < m->n; i++)
		fuzz_entry_disposition(t, m, i);
	for (uint32_t i = 0; i < m->n; i++)
		fuzz_entry_predict(t, m, i, chan_koid);
}

/*
 * After a write or call, whatever it returned: a value any entry consumed
 * is gone from the table (and the pool); the others kept their rights. If
 * the message may have gone out, what it named is foreign now. Each
 * entry whose result was written failed in a way the entry can.
 */
static bool fuzz_after_write(struct fuzz_thread *t, const struct fuzz_msg *m, bool sent)
{
	zx_info_handle_basic_t info;

	for (uint32_t i = 0; i < m->n; i++) {
		struct fuzz_handle *h = fuzz_by_value(t, m->v[i]);
		bool consumed = false;

		if (!h)
			continue;
		for (uint32_t j = 0; j < m->n; j++)
			consumed |= m->v[j] == m->v[i] && m->consumed[j];
		if (sent)
			fuzz_taint(t, h->koid);
		if (consumed) {
			FUZZ_EXPECT(t, zx_object_get_info(m->v[i], ZX_INFO_HANDLE_VALID, NULL, 0,
							  NULL, NULL) == ZX_ERR_BAD_HANDLE);
			fuzz_forget(t, h);
		} else {
			FUZZ_EXPECT(t, zx_object_get_info(m->v[i], ZX_INFO_HANDLE_BASIC, &info,
							  sizeof(info), NULL, NULL) == ZX_OK);
			FUZZ_EXPECT(t, info.rights == h->rights);
		}
	}
	for (uint32_t i = 0; m->etc && i < m->n; i++) {
		zx_status_t r = m->d[i].result;

		if (r != FUZZ_UNSET && !(fuzz_ebit(r) & m->err[i]) && r != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "entry %u of %u (op %u, errors 0x%x): result %d (%s)", i,
				  m->n, m->d[i].operation, m->err[i], r, zx_status_get_string(r));
	}
	if (sent) {
		t->stats[ST_MSG_SENT]++;
		t->stats[ST_HANDLES_SENT] += m->n;
	}
	return true;
}

/*
 * A write refused before delivery: with @early (the options, the channel,
 * the sizes) if that is set, else with some entry's error if any entry
 * has one. *@done: the status was one of those, nothing more to check.
 */
static bool fuzz_write_refused(struct fuzz_thread *t, const struct fuzz_msg *m, zx_status_t s,
			       zx_status_t early, bool *done)
{
	*done = true;
	if (early != ZX_OK) {
		if (s != early)
			FUZZ_FAIL(t, "write with %u handles: %s, expected %s", m->n,
				  zx_status_get_string(s), zx_status_get_string(early));
		return true;
	}
	if (m->errs) {
		if (!(fuzz_ebit(s) & m->errs) && s != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "write with %u handles, entry errors 0x%x: %s", m->n, m->errs,
				  zx_status_get_string(s));
		return true;
	}
	*done = false;
	return true;
}

/* A handle that arrived in a message: into a free slot, or closed. */
static bool fuzz_adopt(struct fuzz_thread *t, zx_handle_t value)
{
	struct fuzz_handle *d = fuzz_slot(t, false);
	zx_info_handle_basic_t info;

	FUZZ_EXPECT(t, zx_object_get_info(value, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					  NULL, NULL) == ZX_OK);
	fuzz_taint(t, info.koid);
	if (!d) {
		FUZZ_EXPECT(t, zx_handle_close(value) == ZX_OK);
		return true;
	}
	*d = (struct fuzz_handle){ value, info.rights, info.type, info.koid, info.related_koid,
				   true, 0 };
	return true;
}

/*
 * A message arrived: @nb bytes in t->rbuf (room @room_b) and @nh handles
 * in @rd (room @room_h). Nothing past them was written; the handles are
 * new, distinct and what the message says; they join the pool.
 */
static bool fuzz_received(struct fuzz_thread *t, bool etc, const struct fuzz_rd *rd,
			  uint32_t nb, uint32_t nh, uint32_t room_b, uint32_t room_h)
{
	size_t each = etc ? sizeof(rd->info[0]) : sizeof(rd->v[0]);
	const uint8_t *arr = etc ? (const uint8_t *)rd->info : (const uint8_t *)rd->v;
	zx_handle_t v[ZX_CHANNEL_MAX_MSG_HANDLES] = { 0 };
	zx_info_handle_basic_t info;

	FUZZ_EXPECT(t, nb <= room_b && nh <= room_h);
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, nb, room_b, FUZZ_FRESH));
	FUZZ_EXPECT(t, fuzz_untouched(arr, nh * each, room_h * each, FUZZ_FRESH));
	for (uint32_t i = 0; i < nh; i++) {
		v[i] = etc ? rd->info[i].handle : rd->v[i];
		for (uint32_t j = 0; j < i; j++)
			FUZZ_EXPECT(t, v[j] != v[i]);
		FUZZ_EXPECT(t, !fuzz_by_value(t, v[i]));
		FUZZ_EXPECT(t, zx_object_get_info(v[i], ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
						  NULL, NULL) == ZX_OK);
		if (etc)
			FUZZ_EXPECT(t, rd->info[i].type == info.type && rd->info[i].unused == 0 &&
				       rd->info[i].rights == info.rights);
	}
	if (!fuzz_msg_check(t, t->rbuf, nb, v, nh))
		return false;
	for (uint32_t i = 0; i < nh; i++)
		if (!fuzz_adopt(t, v[i]))
			return false;
	t->stats[ST_MSG_READ]++;
	t->stats[ST_HANDLES_READ] += nh;
	return true;
}

static bool fuzz_channel_create(struct fuzz_thread *t)
{
	uint32_t options = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = ZX_HANDLE_INVALID, h1 = ZX_HANDLE_INVALID;
	struct fuzz_handle *a, *b;
	zx_status_t s;

	if (!fuzz_two_slots(t, &a, &b))
		return true;
	s = zx_channel_create(options, &h0, &h1);
	if (s != (options ? ZX_ERR_INVALID_ARGS : ZX_OK) && s != ZX_ERR_NO_MEMORY)
		FUZZ_FAIL(t, "channel_create(0x%x): %s", options, zx_status_get_string(s));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill_pair(t, a, b, h0, h1, ZX_DEFAULT_CHANNEL_RIGHTS, 0))
		return false;
	FUZZ_EXPECT(t, fuzz_signals_now(h0) == ZX_CHANNEL_WRITABLE);
	return true;
}

/* A private peer of @koid's channel must now have a message. */
static bool fuzz_peer_readable(struct fuzz_thread *t, zx_koid_t peer_koid)
{
	struct fuzz_handle *p = peer_koid ? fuzz_find(t, peer_koid) : NULL;

	if (fuzz_private(p, ZX_OBJ_TYPE_CHANNEL))
		FUZZ_EXPECT(t, fuzz_signals_now(p->value) & ZX_CHANNEL_READABLE);
	return true;
}

/* Where a call's user memory runs off the mapped pages, if anywhere. */
enum fuzz_fault { FAULT_NONE, FAULT_BYTES, FAULT_HANDLES };

static enum fuzz_fault fuzz_fault(struct fuzz_thread *t, uint32_t nb, uint32_t nh)
{
	switch (fuzz_rand(t, 32)) {
	case 0:
		return nb ? FAULT_BYTES : FAULT_NONE;
	case 1:
		return nh ? FAULT_HANDLES : FAULT_NONE;
	default:
		return FAULT_NONE;
	}
}

/* The first *@k bytes of @len at @src, then unmapped memory. */
static const void *fuzz_edge_copy(struct fuzz_thread *t, const void *src, size_t len, size_t *k)
{
	uint8_t *p = fuzz_edge(t, len, 0, k);

	memcpy(p, src, *k);
	return p;
}

/*
 * ZX_CHANNEL_WRITE_USE_IOVEC: the @nb bytes of t->buf gathered from
 * pieces in order (some empty), so the message arrives as built; or one
 * iovec too many, or a nonzero reserved field. Returns what the kernel
 * must find wrong with them (ZX_OK: nothing), the count in *@count.
 */
static zx_status_t fuzz_iovecs(struct fuzz_thread *t, uint32_t nb, uint32_t *count)
{
	zx_channel_iovec_t *iov = t->iov;
	uint32_t n = 0, off = 0, len;

	if (!fuzz_rand(t, 32)) {
		for (n = 0; n <= ZX_CHANNEL_MAX_MSG_IOVECS; n++)
			iov[n] = (zx_channel_iovec_t){ NULL, 0, 0 };
		*count = n;
		return ZX_ERR_OUT_OF_RANGE;
	}
	while (off < nb || !n || !fuzz_rand(t, 4)) {
		len = fuzz_rand(t, 4) ? fuzz_rand(t, nb - off + 1) : 0;
		if (n == 15)
			len = nb - off;		/* the last piece takes the rest */
		iov[n++] = (zx_channel_iovec_t){ len ? t->buf + off : NULL, len, 0 };
		off += len;
		if (n == 16)
			break;
	}
	*count = n;
	if (!fuzz_rand(t, 32)) {
		iov[fuzz_rand(t, n)].reserved = 1u << fuzz_rand(t, 32);
		return ZX_ERR_INVALID_ARGS;
	}
	return nb > ZX_CHANNEL_MAX_MSG_BYTES ? ZX_ERR_OUT_OF_RANGE : ZX_OK;
}

/*
 * After a write whose handle array faulted part way: the kernel handled
 * the entries before the fault (consuming all but duplicates) and left
 * the rest alone. Where the fault hit is its business; that the consumed
 * entries are a prefix is not.
 */
static bool fuzz_after_partial(struct fuzz_thread *t, const struct fuzz_msg *m)
{
	bool kept = false;

	for (uint32_t i = 0; i < m->n; i++) {
		struct fuzz_handle *h = m->consumed[i] ? fuzz_by_value(t, m->v[i]) : NULL;

		if (!h)
			continue;
		if (zx_object_get_info(m->v[i], ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) ==
		    ZX_OK) {
			kept = true;
			continue;
		}
		if (kept)
			FUZZ_FAIL(t, "handle array faulted: entry %u of %u consumed after one kept",
				  i, m->n);
		fuzz_forget(t, h);
	}
	return true;
}

/*
 * zx_channel_write{,_etc} through @v: @ch is its slot; or @shared: @v is
 * not in the pool and another thread may close it at any time.
 */
static bool fuzz_write(struct fuzz_thread *t, zx_handle_t v, struct fuzz_handle *ch, bool shared)
{
	uint32_t options = fuzz_rand(t, 16) ? 0 : fuzz_bad_option(t);
	uint32_t nb = fuzz_msg_len(t);
	bool known = fuzz_private(ch, ZX_OBJ_TYPE_CHANNEL), done;
	zx_signals_t before = known ? fuzz_signals_now(v) : 0;
	zx_koid_t peer = ch ? ch->peer_koid : 0;
	zx_status_t s, early, want;
	struct fuzz_msg m;

	zx_status_t iov_err = FUZZ_UNSET;	/* no iovecs */
	const void *bytes = t->buf, *handles;
	enum fuzz_fault fault;
	uint32_t count = nb;
	size_t k;

	fuzz_plan(t, &m, ch);
	fuzz_msg_build(t, t->buf, nb, m.rec, m.n);
	if (nb >= sizeof(t->last_txid) && t->last_txid && !fuzz_rand(t, 4))
		memcpy(t->buf, &t->last_txid, sizeof(t->last_txid));	/* answer a call */
	handles = m.etc ? (const void *)m.d : (const void *)m.v;
	fault = fuzz_fault(t, nb, m.n);
	if (fault == FAULT_BYTES)
		bytes = fuzz_edge_copy(t, t->buf, nb, &k);
	else if (fault == FAULT_HANDLES)
		handles = fuzz_edge_copy(t, handles,
					 m.n * (m.etc ? sizeof(m.d[0]) : sizeof(m.v[0])), &k);
	else if (!fuzz_rand(t, 8))
		iov_err = fuzz_iovecs(t, nb, &count);
	if (iov_err != FUZZ_UNSET) {
		options |= ZX_CHANNEL_WRITE_USE_IOVEC;
		bytes = t->iov;
	}
	s = m.etc ? zx_channel_write_etc(v, options, bytes, count, (void *)handles, m.n)
		  : zx_channel_write(v, options, bytes, count, handles, m.n);
	early = options & ~ZX_CHANNEL_WRITE_USE_IOVEC ? ZX_ERR_INVALID_ARGS :
		shared ? ZX_OK : fuzz_lookup(ch, ZX_OBJ_TYPE_CHANNEL, ZX_RIGHT_WRITE);
	if (early == ZX_OK && iov_err != FUZZ_UNSET)
		early = iov_err;
	if (early == ZX_OK && (nb > ZX_CHANNEL_MAX_MSG_BYTES || m.n > ZX_CHANNEL_MAX_MSG_HANDLES))
		early = ZX_ERR_OUT_OF_RANGE;
	if (shared && s == ZX_ERR_BAD_HANDLE && !(options & ~ZX_CHANNEL_WRITE_USE_IOVEC))
		early = s;	/* replaced under us */
	if (early == ZX_OK && fault == FAULT_BYTES) {
		/* The bytes are read before any handle is looked at. */
		FUZZ_STATUS(t, s, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY);
		return fuzz_after_write(t, &m, false);
	}
	if (fault == FAULT_HANDLES) {
		if (early != ZX_OK)
			FUZZ_EXPECT(t, s == early);
		else if (!(fuzz_ebit(s) & m.errs))
			FUZZ_STATUS(t, s, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY);
		return fuzz_after_partial(t, &m);
	}
	if (!fuzz_write_refused(t, &m, s, early, &done))
		return false;
	if (!done && !known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_PEER_CLOSED, ZX_ERR_SHOULD_WAIT, ZX_ERR_NO_MEMORY);
	} else if (!done) {
		/* Writable exactly while the peer is there and its queue has room. */
		want = before & ZX_CHANNEL_PEER_CLOSED ? ZX_ERR_PEER_CLOSED :
		       before & ZX_CHANNEL_WRITABLE ? ZX_OK : ZX_ERR_SHOULD_WAIT;
		if (s != want && s != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "channel_write(%u bytes, %u handles) with 0x%x: %s, not %s",
				  nb, m.n, before, zx_status_get_string(s),
				  zx_status_get_string(want));
	}
	if (!fuzz_after_write(t, &m, s == ZX_OK))
		return false;
	t->stats[ST_GATHERED] += s == ZX_OK && iov_err == ZX_OK;
	return s != ZX_OK || fuzz_peer_readable(t, peer);
}

/*
 * A read that found the message too big: nothing written but the sizes,
 * which are past the room. Unless discarded, the message is still first
 * and reads whole with room enough.
 */
static bool fuzz_too_small(struct fuzz_thread *t, zx_handle_t v, bool discard, bool known,
			   bool etc, struct fuzz_rd *rd, uint32_t room_b, uint32_t nb,
			   uint32_t nh, uint32_t room_h)
{
	uint32_t nb2 = 0, nh2 = 0;
	zx_status_t s;

	FUZZ_EXPECT(t, nb > room_b || nh > room_h);
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
	FUZZ_EXPECT(t, fuzz_untouched((const uint8_t *)rd, 0, sizeof(*rd), FUZZ_FRESH));
	if (discard || !known)
		return true;
	FUZZ_EXPECT(t, fuzz_signals_now(v) & ZX_CHANNEL_READABLE);
	if (fuzz_rand(t, 2))
		return true;
	memset(t->rbuf, FUZZ_FRESH, ZX_CHANNEL_MAX_MSG_BYTES);
	s = etc ? zx_channel_read_etc(v, 0, t->rbuf, rd->info, ZX_CHANNEL_MAX_MSG_BYTES,
				      ZX_CHANNEL_MAX_MSG_HANDLES, &nb2, &nh2)
		: zx_channel_read(v, 0, t->rbuf, rd->v, ZX_CHANNEL_MAX_MSG_BYTES,
				  ZX_CHANNEL_MAX_MSG_HANDLES, &nb2, &nh2);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return true;
	FUZZ_EXPECT(t, nb2 == nb && nh2 == nh);
	return fuzz_received(t, etc, rd, nb2, nh2, ZX_CHANNEL_MAX_MSG_BYTES,
			     ZX_CHANNEL_MAX_MSG_HANDLES);
}

/*
 * A read into a handle array that runs off mapped memory after @k bytes.
 * Handle values written before a fault were never handed out; after a
 * read that fit, the array moves to @rd as if nothing happened.
 */
static bool fuzz_read_edge(struct fuzz_thread *t, zx_status_t s, bool etc, const void *arr,
			   size_t k, uint32_t nh, struct fuzz_rd *rd)
{
	size_t each = etc ? sizeof(rd->info[0]) : sizeof(rd->v[0]);
	const uint8_t *p = arr;

	if (s == ZX_OK) {
		FUZZ_EXPECT(t, nh * each <= k);
		FUZZ_EXPECT(t, fuzz_untouched(p, nh * each, k, FUZZ_FRESH));
		memcpy(etc ? (void *)rd->info : (void *)rd->v, p, nh * each);
		return true;
	}
	for (size_t off = 0; off + each <= k; off += each) {
		zx_handle_t v;

		if (fuzz_untouched(p, off, off + each, FUZZ_FRESH))
			continue;
		memcpy(&v, p + off, sizeof(v));		/* the first field either way */
		if (zx_object_get_info(v, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) == ZX_OK)
			FUZZ_FAIL(t, "read faulted (%s) but handle 0x%x it wrote out is live",
				  zx_status_get_string(s), v);
	}
	return true;
}

/* zx_channel_read{,_etc} through @v (see fuzz_write()). */
static bool fuzz_read(struct fuzz_thread *t, zx_handle_t v, struct fuzz_handle *ch, bool shared)
{
	uint32_t options = fuzz_rand(t, 4) ? 0 : ZX_CHANNEL_READ_MAY_DISCARD;
	bool etc = fuzz_rand(t, 2), known = fuzz_private(ch, ZX_OBJ_TYPE_CHANNEL);
	zx_signals_t before = known ? fuzz_signals_now(v) : 0;
	uint32_t room_b, room_h, nb = 12345, nh = 12345, txid;
	void *bytes = t->rbuf, *handles;
	enum fuzz_fault fault;
	zx_status_t s, want;
	struct fuzz_rd rd;
	size_t each = etc ? sizeof(rd.info[0]) : sizeof(rd.v[0]), k = 0;

	if (!fuzz_rand(t, 32))
		options |= 1u << fuzz_rand(t, 32);
	fuzz_read_room(t, &room_b, &room_h);
	memset(t->rbuf, FUZZ_FRESH, room_b);
	memset(&rd, FUZZ_FRESH, sizeof(rd));
	handles = etc ? (void *)rd.info : (void *)rd.v;
	fault = fuzz_fault(t, room_b, room_h);
	if (fault == FAULT_BYTES)
		bytes = t->edge + FUZZ_PAGE;	/* not mapped at all */
	else if (fault == FAULT_HANDLES)
		handles = fuzz_edge(t, room_h * each, FUZZ_FRESH, &k);
	s = etc ? zx_channel_read_etc(v, options, bytes, handles, room_b, room_h, &nb, &nh)
		: zx_channel_read(v, options, bytes, handles, room_b, room_h, &nb, &nh);
	if (fault == FAULT_HANDLES && !fuzz_read_edge(t, s, etc, handles, k, nh, &rd))
		return false;
	want = shared ? ZX_OK : fuzz_lookup(ch, ZX_OBJ_TYPE_CHANNEL, ZX_RIGHT_READ);
	if (shared && s == ZX_ERR_BAD_HANDLE)
		want = s;	/* replaced under us */
	if (want == ZX_OK && (options & ~ZX_CHANNEL_READ_MAY_DISCARD))
		want = ZX_ERR_NOT_SUPPORTED;
	if (want != ZX_OK) {
		/* Which comes first, the handle or the options, is not Zircon's contract. */
		if (s != want && !(s == ZX_ERR_NOT_SUPPORTED &&
				   (options & ~ZX_CHANNEL_READ_MAY_DISCARD)))
			FUZZ_FAIL(t, "channel_read(0x%x): %s, expected %s", options,
				  zx_status_get_string(s), zx_status_get_string(want));
		FUZZ_EXPECT(t, nb == 12345 && nh == 12345);
		return true;
	}
	if (!known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BUFFER_TOO_SMALL, ZX_ERR_SHOULD_WAIT,
			    ZX_ERR_PEER_CLOSED, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES,
			    ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || fault);
	} else {
		want = before & ZX_CHANNEL_READABLE ? ZX_OK :
		       before & ZX_CHANNEL_PEER_CLOSED ? ZX_ERR_PEER_CLOSED : ZX_ERR_SHOULD_WAIT;
		if (want == ZX_OK && s == ZX_ERR_BUFFER_TOO_SMALL)
			want = s;
		/* A fault copying out loses the message, as on Zircon. */
		if (want == ZX_OK && fault && s == ZX_ERR_INVALID_ARGS)
			want = s;
		if (s != want && s != ZX_ERR_NO_MEMORY && s != ZX_ERR_NO_RESOURCES)
			FUZZ_FAIL(t, "channel_read with 0x%x: %s, expected %s", before,
				  zx_status_get_string(s), zx_status_get_string(want));
	}
	if (s == ZX_ERR_BUFFER_TOO_SMALL)
		return fuzz_too_small(t, v, options & ZX_CHANNEL_READ_MAY_DISCARD, known, etc, &rd,
				      room_b, nb, nh, room_h);
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, nb == 12345 && nh == 12345);
		FUZZ_EXPECT(t, fault || fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
		/* Bytes go out first: a fault there wrote no handle. */
		FUZZ_EXPECT(t, fault != FAULT_BYTES ||
			       fuzz_untouched((const uint8_t *)&rd, 0, sizeof(rd), FUZZ_FRESH));
		return true;
	}
	FUZZ_EXPECT(t, fault != FAULT_BYTES || nb == 0);
	/* A call's request: answer it, some time, with a plain write. */
	if (nb >= sizeof(txid)) {
		memcpy(&txid, t->rbuf, sizeof(txid));
		if (txid & 0x80000000u)
			t->last_txid = txid;
	}
	return fuzz_received(t, etc, &rd, nb, nh, room_b, room_h);
}

/*
 * zx_channel_call{,_etc} through @v (see fuzz_write()) with a deadline in
 * the past or a few milliseconds away. On a private channel nobody can
 * answer; on the shared one the server sometimes does, in time or not.
 */
static bool fuzz_call(struct fuzz_thread *t, zx_handle_t v, struct fuzz_handle *ch, bool shared)
{
	uint32_t options = fuzz_rand(t, 32) ? 0 : fuzz_bad_option(t);
	uint32_t nb = fuzz_rand(t, 16) ? sizeof(zx_txid_t) + fuzz_msg_len(t) : fuzz_rand(t, 4);
	zx_time_t deadline = fuzz_rand(t, 2) ? ZX_TIME_INFINITE_PAST :
			     zx_deadline_after(ZX_USEC(fuzz_rand(t, 3000)));
	bool known = fuzz_private(ch, ZX_OBJ_TYPE_CHANNEL), done;
	zx_signals_t before = known ? fuzz_signals_now(v) : 0;
	uint32_t room_b, room_h, ab = 12345, ah = 12345, txid;
	zx_koid_t peer = ch ? ch->peer_koid : 0;
	zx_status_t s, pre, early, want;
	struct fuzz_msg m;
	struct fuzz_rd rd;

	zx_status_t iov_err = FUZZ_UNSET;	/* no iovecs */
	const void *wr = t->buf;
	void *rd_bytes = t->rbuf;
	enum fuzz_fault fault;
	uint32_t count = nb;
	bool lose_reply;
	size_t k;

	fuzz_plan(t, &m, ch);
	fuzz_msg_build(t, t->buf, nb, m.rec, m.n);
	fuzz_read_room(t, &room_b, &room_h);
	memset(t->rbuf, FUZZ_FRESH, room_b);
	memset(&rd, FUZZ_FRESH, sizeof(rd));
	/* A fault on the request is a write's; on the reply's bytes, a read's. */
	fault = fuzz_fault(t, nb, room_b);
	lose_reply = fault == FAULT_HANDLES;
	if (fault == FAULT_BYTES)
		wr = fuzz_edge_copy(t, t->buf, nb, &k);
	else if (lose_reply)
		rd_bytes = t->edge + FUZZ_PAGE;
	if (!fault && !fuzz_rand(t, 8)) {
		iov_err = fuzz_iovecs(t, nb, &count);
		options |= ZX_CHANNEL_WRITE_USE_IOVEC;
		wr = t->iov;
	}
	if (m.etc) {
		zx_channel_call_etc_args_t a = { wr, m.d, rd_bytes, rd.info,
						 count, m.n, room_b, room_h };

		s = zx_channel_call_etc(v, options, deadline, &a, &ab, &ah);
	} else {
		zx_channel_call_args_t a = { wr, m.v, rd_bytes, rd.v, count, m.n, room_b, room_h };

		s = zx_channel_call(v, options, deadline, &a, &ab, &ah);
	}
	/* The txid must fit: checked first, or (iovecs) once their total is known. */
	pre = options & ~ZX_CHANNEL_WRITE_USE_IOVEC ||
	      (iov_err == FUZZ_UNSET && nb < sizeof(zx_txid_t)) ? ZX_ERR_INVALID_ARGS : ZX_OK;
	early = pre != ZX_OK ? pre : shared ? ZX_OK :
		fuzz_lookup(ch, ZX_OBJ_TYPE_CHANNEL, ZX_RIGHT_READ | ZX_RIGHT_WRITE);
	if (early == ZX_OK && iov_err != FUZZ_UNSET)
		early = iov_err;
	if (early == ZX_OK && (nb > ZX_CHANNEL_MAX_MSG_BYTES || m.n > ZX_CHANNEL_MAX_MSG_HANDLES))
		early = ZX_ERR_OUT_OF_RANGE;
	if (early == ZX_OK && nb < sizeof(zx_txid_t))
		early = ZX_ERR_INVALID_ARGS;
	if (shared && s == ZX_ERR_BAD_HANDLE && pre == ZX_OK)
		early = s;	/* replaced under us */
	if (early == ZX_OK && fault == FAULT_BYTES) {
		FUZZ_STATUS(t, s, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY);
		FUZZ_EXPECT(t, ab == 12345 && ah == 12345);
		return fuzz_after_write(t, &m, false);
	}
	if (!fuzz_write_refused(t, &m, s, early, &done))
		return false;
	if (!done && !known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_BUFFER_TOO_SMALL,
			    ZX_ERR_PEER_CLOSED, ZX_ERR_SHOULD_WAIT, ZX_ERR_CANCELED,
			    ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES, ZX_ERR_INVALID_ARGS);
		/* Replies have bytes (the txid): into unmapped memory they fault. */
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || lose_reply);
		FUZZ_EXPECT(t, s != ZX_OK || !lose_reply);
	} else if (!done) {
		want = before & ZX_CHANNEL_PEER_CLOSED ? ZX_ERR_PEER_CLOSED :
		       before & ZX_CHANNEL_WRITABLE ? ZX_ERR_TIMED_OUT : ZX_ERR_SHOULD_WAIT;
		if (s != want && s != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "channel_call(%u bytes, %u handles) with 0x%x: %s, not %s",
				  nb, m.n, before, zx_status_get_string(s),
				  zx_status_get_string(want));
	}
	if (!fuzz_after_write(t, &m, !done && s != ZX_ERR_SHOULD_WAIT && s != ZX_ERR_NO_MEMORY))
		return false;
	t->stats[ST_CALL_TIMED_OUT] += s == ZX_ERR_TIMED_OUT;
	if (known && s == ZX_ERR_TIMED_OUT && !fuzz_peer_readable(t, peer))
		return false;
	if (s == ZX_ERR_BUFFER_TOO_SMALL) {
		/* The reply is gone; only its sizes came back. */
		FUZZ_EXPECT(t, ab > room_b || ah > room_h);
		FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
		FUZZ_EXPECT(t, fuzz_untouched((const uint8_t *)&rd, 0, sizeof(rd), FUZZ_FRESH));
		return true;
	}
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, ab == 12345 && ah == 12345);
		FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
		return true;
	}
	/* A reply matched our transaction id, which the kernel chose. */
	FUZZ_EXPECT(t, ab >= sizeof(txid));
	memcpy(&txid, t->rbuf, sizeof(txid));
	FUZZ_EXPECT(t, txid & 0x80000000u);
	t->stats[ST_CALL_OK]++;
	return fuzz_received(t, m.etc, &rd, ab, ah, room_b, room_h);
}

static bool op_channel(struct fuzz_thread *t)
{
	struct fuzz_handle *ch;
	uint32_t r = fuzz_rand(t, 8);
	zx_handle_t v;

	if (r == 0 || !fuzz_slot_of(t, ZX_OBJ_TYPE_CHANNEL))
		return fuzz_channel_create(t);
	v = fuzz_target(t, ZX_OBJ_TYPE_CHANNEL, &ch);
	if (r < 4)
		return fuzz_write(t, v, ch, false);
	if (r < 7)
		return fuzz_read(t, v, ch, false);
	return fuzz_call(t, v, ch, false);
}

/* ------------------------------------------------------------------ */
/* The server: one thread per process answering calls on shared_chan    */

#define SERVER_ENDS 16

struct fuzz_server {
	struct fuzz_thread t;		/* its rng, buffers, counters and failure */
	pthread_t thread;
	zx_handle_t ctl;		/* brings listening ends (see op_server) */
	zx_handle_t ends[SERVER_ENDS];	/* the peers of shared_chan, old and new */
	unsigned int nends;
};

/*
 * Answer one request on @end: not at all, with another transaction id,
 * or with its txid; the reply gives back the handles that may travel,
 * sometimes with fewer rights, and sometimes a new event.
 */
static bool server_serve(struct fuzz_thread *t, zx_handle_t end)
{
	zx_handle_disposition_t out[ZX_CHANNEL_MAX_MSG_HANDLES];
	struct fuzz_msg_rec recs[ZX_CHANNEL_MAX_MSG_HANDLES];
	zx_handle_info_t in[ZX_CHANNEL_MAX_MSG_HANDLES];
	zx_handle_t v[ZX_CHANNEL_MAX_MSG_HANDLES];
	uint32_t nb = 0, nh = 0, n = 0, txid = 0, len;
	zx_info_handle_basic_t info;
	zx_status_t s;

	s = zx_channel_read_etc(end, 0, t->rbuf, in, ZX_CHANNEL_MAX_MSG_BYTES,
				ZX_CHANNEL_MAX_MSG_HANDLES, &nb, &nh);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return true;
	for (uint32_t i = 0; i < nh; i++)
		v[i] = in[i].handle;
	if (!fuzz_msg_check(t, t->rbuf, nb, v, nh))
		return false;
	t->stats[ST_SERVED]++;
	if (nb >= sizeof(txid))
		memcpy(&txid, t->rbuf, sizeof(txid));
	switch (fuzz_rand(t, 8)) {
	case 0:		/* no answer */
		FUZZ_EXPECT(t, zx_handle_close_many(v, nh) == ZX_OK);
		return true;
	case 1:		/* somebody else's transaction, or none */
		txid = fuzz_rand(t, 2) ? txid ^ 1 : (uint32_t)zxt_rand(&t->rng) & 0x7fffffffu;
		break;
	default:
		break;
	}
	for (uint32_t i = 0; i < nh; i++) {
		zx_rights_t rights = ZX_RIGHT_SAME_RIGHTS;

		if (!(in[i].rights & ZX_RIGHT_TRANSFER)) {
			FUZZ_EXPECT(t, zx_handle_close(v[i]) == ZX_OK);
			continue;
		}
		if (!fuzz_rand(t, 4))
			rights = in[i].rights & (uint32_t)zxt_rand(&t->rng);
		FUZZ_EXPECT(t, zx_object_get_info(v[i], ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
						  NULL, NULL) == ZX_OK);
		out[n] = (zx_handle_disposition_t){ ZX_HANDLE_OP_MOVE, v[i], in[i].type, rights,
						    FUZZ_UNSET };
		recs[n++] = (struct fuzz_msg_rec){
			info.koid, info.type, rights == ZX_RIGHT_SAME_RIGHTS ? info.rights : rights
		};
	}
	if (n < ZX_CHANNEL_MAX_MSG_HANDLES && !fuzz_rand(t, 4) &&
	    zx_event_create(0, &out[n].handle) == ZX_OK) {
		FUZZ_EXPECT(t, zx_object_get_info(out[n].handle, ZX_INFO_HANDLE_BASIC, &info,
						  sizeof(info), NULL, NULL) == ZX_OK);
		out[n] = (zx_handle_disposition_t){ ZX_HANDLE_OP_MOVE, out[n].handle,
						    ZX_OBJ_TYPE_EVENT, ZX_RIGHT_SAME_RIGHTS,
						    FUZZ_UNSET };
		recs[n++] = (struct fuzz_msg_rec){ info.koid, info.type, info.rights };
	}
	len = sizeof(txid) + (fuzz_rand(t, 8) ? fuzz_rand(t, 1000) : fuzz_rand(t, 8192));
	fuzz_msg_build(t, t->buf, len, recs, n);
	memcpy(t->buf, &txid, sizeof(txid));
	s = zx_channel_write_etc(end, 0, t->buf, len, out, n);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_PEER_CLOSED, ZX_ERR_SHOULD_WAIT, ZX_ERR_NO_MEMORY);
	for (uint32_t i = 0; i < n; i++) {
		FUZZ_EXPECT(t, out[i].result == FUZZ_UNSET || s == ZX_ERR_NO_MEMORY);
		FUZZ_EXPECT(t, zx_object_get_info(out[i].handle, ZX_INFO_HANDLE_VALID, NULL, 0,
						  NULL, NULL) == ZX_ERR_BAD_HANDLE);
	}
	return true;
}

/* A new listening end from a thread that replaced shared_chan. */
static bool server_take_end(struct fuzz_server *srv)
{
	struct fuzz_thread *t = &srv->t;
	uint32_t nb = 1, nh = 0;
	zx_handle_t end;
	zx_status_t s;

	s = zx_channel_read(srv->ctl, 0, NULL, &end, 0, 1, &nb, &nh);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return true;
	FUZZ_EXPECT(t, nb == 0 && nh == 1);
	if (srv->nends == SERVER_ENDS) {
		FUZZ_EXPECT(t, zx_handle_close(srv->ends[0]) == ZX_OK);
		srv->ends[0] = srv->ends[--srv->nends];
	}
	srv->ends[srv->nends++] = end;
	return true;
}

/* Serve until the control channel's peer closes: the threads are done. */
static bool server_loop(struct fuzz_server *srv)
{
	struct fuzz_thread *t = &srv->t;
	zx_wait_item_t items[1 + SERVER_ENDS];
	const zx_signals_t want = ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED;

	for (;;) {
		items[0] = (zx_wait_item_t){ srv->ctl, want, 0 };
		for (unsigned int i = 0; i < srv->nends; i++)
			items[1 + i] = (zx_wait_item_t){ srv->ends[i], want, 0 };
		FUZZ_STATUS(t, zx_object_wait_many(items, 1 + srv->nends, ZX_TIME_INFINITE), ZX_OK);
		if (items[0].pending & ZX_CHANNEL_READABLE) {
			if (!server_take_end(srv))
				return false;
			continue;
		}
		if (items[0].pending & ZX_CHANNEL_PEER_CLOSED)
			return true;
		for (unsigned int i = srv->nends; i-- > 0;) {
			if (items[1 + i].pending & ZX_CHANNEL_READABLE) {
				if (!server_serve(t, srv->ends[i]))
					return false;
			} else if (items[1 + i].pending & ZX_CHANNEL_PEER_CLOSED) {
				FUZZ_EXPECT(t, zx_handle_close(srv->ends[i]) == ZX_OK);
				srv->ends[i] = srv->ends[--srv->nends];
			}
		}
	}
}

static void *fuzz_server_main(void *arg)
{
	struct fuzz_server *srv = arg;
	bool ok = server_loop(srv);

	zx_handle_close_many(srv->ends, srv->nends);
	zx_handle_close(srv->ctl);
	return ok ? NULL : srv;
}

/* Replace the shared channel under whoever is calling through it. */
static bool fuzz_server_replace(struct fuzz_thread *t)
{
	zx_handle_t client, listener, old;
	zx_status_t s;

	if (zx_channel_create(0, &client, &listener) != ZX_OK)
		return true;
	s = zx_channel_write(server_ctl, 0, NULL, 0, &listener, 1);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT, ZX_ERR_PEER_CLOSED, ZX_ERR_NO_MEMORY);
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, zx_handle_close(client) == ZX_OK);
		return true;
	}
	old = __atomic_exchange_n(&shared_chan, client, __ATOMIC_ACQ_REL);
	FUZZ_STATUS(t, zx_handle_close(old), ZX_OK);
	return true;
}

/*
 * Channel ends every thread uses at once: reads race reads and the peer's
 * close, a call is answered by whichever thread reads its request (and
 * writes its txid back), and channels are replaced under all of it.
 */
static bool op_xchannel(struct fuzz_thread *t)
{
	unsigned int i = fuzz_rand(t, SHARED_CH);
	zx_handle_t v = __atomic_load_n(&shared_ch[i], __ATOMIC_ACQUIRE), a, b;

	switch (fuzz_rand(t, 16)) {
	case 0:
		if (zx_channel_create(0, &a, &b) != ZX_OK)
			return true;
		a = __atomic_exchange_n(&shared_ch[i & ~1u], a, __ATOMIC_ACQ_REL);
		b = __atomic_exchange_n(&shared_ch[i | 1u], b, __ATOMIC_ACQ_REL);
		FUZZ_STATUS(t, zx_handle_close(a), ZX_OK);
		FUZZ_STATUS(t, zx_handle_close(b), ZX_OK);
		return true;
	case 1:
	case 2:
	case 3:
	case 4:
	case 5:
		return fuzz_read(t, v, NULL, true);
	case 6:
	case 7:
	case 8:
	case 9:
		return fuzz_write(t, v, NULL, true);
	default:
		return fuzz_call(t, v, NULL, true);
	}
}

/*
 * The shared channel: calls (most), reads of late and stray replies,
 * requests nobody waits for, and replacing the channel.
 */
static bool op_server(struct fuzz_thread *t)
{
	zx_handle_t v = __atomic_load_n(&shared_chan, __ATOMIC_ACQUIRE);

	switch (fuzz_rand(t, 16)) {
	case 0:
		return fuzz_server_replace(t);
	case 1:
	case 2:
	case 3:
	case 4:
		return fuzz_read(t, v, NULL, true);
	case 5:
		return fuzz_write(t, v, NULL, true);
	default:
		return fuzz_call(t, v, NULL, true);
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
			/* Even a poll that does not wait sees a pending signal. */
			while (poll(&pfd, 1, 0) < 0)
				FUZZ_EXPECT(t, errno == EINTR);
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
		ZIRCON_IOC_OBJECT_GET_PROPERTY, ZIRCON_IOC_OBJECT_SET_PROPERTY,
		ZIRCON_IOC_CHANNEL_CREATE, ZIRCON_IOC_CHANNEL_WRITE, ZIRCON_IOC_CHANNEL_WRITE_ETC,
		ZIRCON_IOC_CHANNEL_READ, ZIRCON_IOC_CHANNEL_READ_ETC, ZIRCON_IOC_CHANNEL_CALL,
		ZIRCON_IOC_CHANNEL_CALL_ETC, ZIRCON_IOC_SOCKET_CREATE, ZIRCON_IOC_SOCKET_WRITE,
		ZIRCON_IOC_SOCKET_READ, ZIRCON_IOC_SOCKET_SET_DISPOSITION,
		ZIRCON_IOC_FIFO_CREATE, ZIRCON_IOC_FIFO_WRITE, ZIRCON_IOC_FIFO_READ,
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
	{ "channel", op_channel, 8 },
	{ "server", op_server, 4 },
	{ "xchannel", op_xchannel, 3 },
	{ "socket", op_socket, 5 },
	{ "fifo", op_fifo, 3 },
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
static unsigned int fuzz_finished;	/* threads of this process done */

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
			__atomic_add_fetch(&fuzz_finished, 1, __ATOMIC_RELEASE);
			return t;
		}
	}
	for (size_t i = 0; i < POOL; i++)
		if (t->pool[i].type)
			zx_handle_close(t->pool[i].value);
	__atomic_add_fetch(&fuzz_finished, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Linux signals at random threads (the server's too), with a handler that
 * does nothing: an interrupted wait or call carries on where it was (the
 * library reissues it, and a call only waits again for its reply; with
 * SA_RESTART the kernel restarts it), so no outcome may change. Process
 * 0's handler has SA_RESTART, the others' not.
 */
struct fuzz_signaller {
	pthread_t thread;
	const pthread_t *targets;
	unsigned int ntargets, nthreads;
	uint64_t rng;
	unsigned long sent;
};

static void fuzz_sig_handler(int sig)
{
	(void)sig;
}

static void *fuzz_signaller_main(void *arg)
{
	struct fuzz_signaller *sg = arg;

	/* Until the last fuzz thread is done; none is joined before that. */
	while (__atomic_load_n(&fuzz_finished, __ATOMIC_ACQUIRE) < sg->nthreads) {
		pthread_kill(sg->targets[zxt_rand(&sg->rng) % sg->ntargets], SIGUSR1);
		sg->sent++;
		zx_nanosleep(zx_deadline_after(ZX_USEC(100 + zxt_rand(&sg->rng) % 400)));
	}
	return NULL;
}

static bool fuzz_signaller_start(struct fuzz_signaller *sg, unsigned int proc, uint64_t seed)
{
	struct sigaction sa = { .sa_handler = fuzz_sig_handler };

	sa.sa_flags = proc == 0 ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	sg->rng = (seed ^ (0xA0761D6478BD642Full * (proc + 1))) | 1;
	return sigaction(SIGUSR1, &sa, NULL) == 0 &&
	       pthread_create(&sg->thread, NULL, fuzz_signaller_main, sg) == 0;
}

static bool fuzz_buffers(struct fuzz_thread *t)
{
	void *p = mmap(NULL, 2 * FUZZ_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect((uint8_t *)p + FUZZ_PAGE, FUZZ_PAGE, PROT_NONE))
		return false;
	t->edge = p;
	t->buf = malloc(FUZZ_BUF);
	t->rbuf = malloc(FUZZ_BUF);
	t->iov = calloc(ZX_CHANNEL_MAX_MSG_IOVECS + 1, sizeof(*t->iov));
	return t->buf && t->rbuf && t->iov;
}

static void fuzz_free_buffers(struct fuzz_thread *t)
{
	free(t->buf);
	free(t->rbuf);
	free(t->iov);
	if (t->edge)
		munmap(t->edge, 2 * FUZZ_PAGE);
}

/* The shared channel, and a server thread listening on its peer. */
static bool fuzz_server_start(struct fuzz_server *srv, uint64_t seed, unsigned int proc)
{
	srv->t.rng = (seed ^ (0xD1B54A32D192ED03ull * (proc + 1))) | 1;
	srv->nends = 1;
	if (!fuzz_buffers(&srv->t) ||
	    zx_channel_create(0, &shared_chan, &srv->ends[0]) != ZX_OK ||
	    zx_channel_create(0, &server_ctl, &srv->ctl) != ZX_OK)
		return false;
	return pthread_create(&srv->thread, NULL, fuzz_server_main, srv) == 0;
}

/* Closing the control channel tells the server to finish. */
static bool fuzz_server_stop(struct fuzz_server *srv)
{
	void *ret;

	zx_handle_close(__atomic_exchange_n(&shared_chan, ZX_HANDLE_INVALID, __ATOMIC_ACQ_REL));
	zx_handle_close(server_ctl);
	pthread_join(srv->thread, &ret);
	fuzz_free_buffers(&srv->t);
	return !ret;
}

/* What each operation ran and what the IPC ones achieved, for the log. */
static void fuzz_report(unsigned int proc, const struct fuzz_thread *threads,
			unsigned int nthreads, const struct fuzz_server *srv,
			unsigned long signals, double secs)
{
	char line[1200];
	size_t n = 0;

	n += snprintf(line + n, sizeof(line) - n, "# process %u: %.1f s, %lu Linux signals;",
		      proc, secs, signals);
	for (size_t i = 0; i < NOPS; i++) {
		unsigned long c = 0;

		for (unsigned int k = 0; k < nthreads; k++)
			c += threads[k].calls[i];
		n += snprintf(line + n, sizeof(line) - n, " %s %lu", fuzz_ops[i].name, c);
	}
	for (size_t i = 0; i < FUZZ_NSTATS && n < sizeof(line); i++) {
		unsigned long c = srv->t.stats[i];

		for (unsigned int k = 0; k < nthreads; k++)
			c += threads[k].stats[i];
		n += snprintf(line + n, sizeof(line) - n, "%s %s %lu", i ? "," : ";",
			      fuzz_stat_names[i], c);
	}
	fprintf(stderr, "%s\n", line);
}

/*
 * One process: T threads over one shared pool, one server. Returns
 * operations run.
 */
static unsigned long fuzz_process(uint64_t seed, unsigned int proc, unsigned int nthreads,
				  char *failure, size_t len)
{
	struct fuzz_thread *threads = calloc(nthreads, sizeof(*threads));
	struct fuzz_server *srv = calloc(1, sizeof(*srv));
	pthread_t *tids = calloc(nthreads + 1, sizeof(*tids));
	bool signals = fuzz_env("ZX_FUZZ_SIGNALS", 1);
	struct fuzz_signaller sg = { 0 };
	int64_t start = zxt_mono_ns();
	unsigned long total = 0;

	failure[0] = 0;
	for (size_t i = 0; i < SHARED; i++)
		if (zx_event_create(0, &shared_pool[i]) != ZX_OK)
			snprintf(failure, len, "cannot create the shared pool");
	if (zx_port_create(0, &shared_port) != ZX_OK)
		snprintf(failure, len, "cannot create the shared port");
	for (size_t i = 0; i < SHARED_CH; i += 2)
		if (zx_channel_create(0, &shared_ch[i], &shared_ch[i + 1]) != ZX_OK)
			snprintf(failure, len, "cannot create the shared channels");
	if (!fuzz_server_start(srv, seed, proc)) {
		snprintf(failure, len, "cannot start the server");
		return 0;
	}
	for (unsigned int i = 0; i < nthreads; i++) {
		threads[i].id = i;
		threads[i].rng = (seed ^ (0x9E3779B97F4A7C15ull * (proc * 64 + i + 1))) | 1;
		threads[i].fd = zx_linux_device_fd();
		if (!fuzz_buffers(&threads[i]))
			snprintf(failure, len, "out of memory");
		pthread_create(&tids[i], NULL, fuzz_thread_main, &threads[i]);
	}
	tids[nthreads] = srv->thread;
	sg = (struct fuzz_signaller){ .targets = tids, .ntargets = nthreads + 1,
				      .nthreads = nthreads };
	if (signals && !fuzz_signaller_start(&sg, proc, seed))
		snprintf(failure, len, "cannot start the signaller");
	if (signals)
		pthread_join(sg.thread, NULL);
	for (unsigned int i = 0; i < nthreads; i++) {
		void *ret;

		pthread_join(tids[i], &ret);
		total += threads[i].op;
		if (ret && !failure[0])
			snprintf(failure, len, "seed %llu process %u thread %u %s",
				 (unsigned long long)seed, proc, i, threads[i].failure);
	}
	if (!fuzz_server_stop(srv) && !failure[0])
		snprintf(failure, len, "seed %llu process %u server: %s",
			 (unsigned long long)seed, proc, srv->t.failure);
	fuzz_report(proc, threads, nthreads, srv, sg.sent, (zxt_mono_ns() - start) / 1e9);
	zx_handle_close_many(shared_pool, SHARED);
	zx_handle_close(shared_port);
	zx_handle_close_many(shared_ch, SHARED_CH);
	for (unsigned int i = 0; i < nthreads; i++)
		fuzz_free_buffers(&threads[i]);
	free(threads);
	free(srv);
	free(tids);
	return total;
}

TEST_ZX_SLOW(random_calls)
{
	uint64_t seed = fuzz_env("ZX_FUZZ_SEED", 0);
	unsigned int nthreads = fuzz_env("ZX_FUZZ_THREADS", 4);
	unsigned int nprocs = fuzz_env("ZX_FUZZ_PROCS", 2);
	int64_t start = zxt_mono_ns();
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
	TH_LOG("fuzzed %lu operations in %.1f s, seed %llu", total,
	       (zxt_mono_ns() - start) / 1e9, (unsigned long long)seed);
}

TEST_HARNESS_MAIN
