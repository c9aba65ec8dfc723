// SPDX-License-Identifier: GPL-2.0
/*
 * Races and stress: close racing wait_one and wait_many, the last close of
 * an eventpair side racing signal_peer, many waiters released by one
 * signal over and over, ping-pong without lost wake-ups, a multi-threaded
 * random workload checking invariants, and the per-table handle limit.
 *
 * Loops run up to their full count natively in a few seconds and stop at
 * a time budget (ZXT_STRESS_SECONDS, default 4) under emulation, never
 * below a minimum count. Threads are ordered with pthread barriers and
 * zircon objects only.
 */
#define ZXT_FIXTURE stress
#include "zx_selftest.h"

#define PARAM "/sys/module/zircon/parameters/max_handles"

/* ------------------------------------------------------------------ */
/* close racing wait_one                                               */

struct close_wait_race {
	pthread_barrier_t start, end;
	zx_handle_t h;
	bool stop;
	zx_status_t st;
	zx_signals_t obs;
};

static void *close_wait_waiter(void *p)
{
	struct close_wait_race *r = p;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->obs = 0xdeadbeef;
		/* finite, so that a wait nobody ends fails instead of hanging */
		r->st = zx_object_wait_one(r->h, ZX_USER_SIGNAL_0, zx_deadline_after(ZXT_SEC(20)),
					   &r->obs);
		pthread_barrier_wait(&r->end);
	}
}

TEST_ZX_SLOW(close_races_wait_one)
{
	struct close_wait_race r = { 0 };
	unsigned long n[3] = { 0 };	/* CANCELED, OK, BAD_HANDLE */
	struct zxt_loop loop;
	uint64_t seed = 0x1234567;
	pthread_t t;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, close_wait_waiter, &r));
	zxt_loop_init(&loop, 200, 100000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t e = zxt_event(_metadata);
		zx_handle_t keep = ZX_HANDLE_INVALID;
		static const unsigned int modes[8] = { 0, 0, 0, 1, 1, 1, 2, 3 };
		unsigned int mode = modes[zxt_rand(&seed) % 8];

		/* mode 0: close the last handle; 1: close with a duplicate alive;
		 * 2: signal, then close; 3: close a duplicate, then signal */
		if (mode != 0)
			keep = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
		r.h = (mode == 3) ? keep : e;
		pthread_barrier_wait(&r.start);
		if (mode == 2) {
			ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
		}
		ASSERT_EQ(ZX_OK, zx_handle_close(e));
		if (mode == 3) {
			ASSERT_EQ(ZX_OK, zx_object_signal(keep, 0, ZX_USER_SIGNAL_0));
		}
		pthread_barrier_wait(&r.end);

		switch (mode) {
		case 0:
		case 1:
			/* canceled, or the close came before the wait looked the handle up */
			if (r.st == ZX_ERR_CANCELED) {
				ASSERT_EQ(ZX_SIGNAL_HANDLE_CLOSED, r.obs) TH_LOG("iteration %lu", loop.done);
				n[0]++;
			} else {
				ASSERT_EQ(ZX_ERR_BAD_HANDLE, r.st) TH_LOG("iteration %lu", loop.done);
				n[2]++;
			}
			break;
		case 2:
			/* matched, or too late to find the handle; never canceled */
			if (r.st == ZX_OK) {
				ASSERT_EQ(ZX_USER_SIGNAL_0, r.obs);
				n[1]++;
			} else {
				ASSERT_EQ(ZX_ERR_BAD_HANDLE, r.st) TH_LOG("iteration %lu", loop.done);
				n[2]++;
			}
			break;
		case 3:
			/* the wait through the survivor is never canceled */
			ASSERT_EQ(ZX_OK, r.st) TH_LOG("iteration %lu", loop.done);
			ASSERT_EQ(ZX_USER_SIGNAL_0, r.obs);
			n[1]++;
			break;
		}
		if (keep != ZX_HANDLE_INVALID)
			zxt_close(_metadata, keep);
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	TH_LOG("%lu iterations: %lu canceled, %lu ok, %lu bad handle",
	       loop.done, n[0], n[1], n[2]);
}

/* ------------------------------------------------------------------ */
/* close racing wait_many                                              */

struct close_many_race {
	pthread_barrier_t start, end;
	zx_wait_item_t it[3];
	bool stop;
	zx_status_t st;
};

static void *close_many_waiter(void *p)
{
	struct close_many_race *r = p;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->st = zx_object_wait_many(r->it, 3, zx_deadline_after(ZXT_SEC(20)));
		pthread_barrier_wait(&r->end);
	}
}

TEST_ZX_SLOW(close_races_wait_many)
{
	struct close_many_race r = { 0 };
	unsigned long canceled = 0, bad = 0;
	struct zxt_loop loop;
	pthread_t t;
	zx_handle_t other = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_object_signal(other, 0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, close_many_waiter, &r));
	zxt_loop_init(&loop, 200, 100000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t e = zxt_event(_metadata);
		zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);

		r.it[0] = (zx_wait_item_t){ d, ZX_USER_SIGNAL_0, 0xdeadbeef };
		r.it[1] = (zx_wait_item_t){ other, ZX_USER_SIGNAL_0, 0xdeadbeef };
		r.it[2] = (zx_wait_item_t){ e, ZX_USER_SIGNAL_0, 0xdeadbeef };
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close(e));
		pthread_barrier_wait(&r.end);
		if (r.st == ZX_ERR_CANCELED) {
			/* only the entry of the closed handle says so */
			ASSERT_EQ(0u, r.it[0].pending) TH_LOG("iteration %lu", loop.done);
			ASSERT_EQ(ZX_USER_SIGNAL_1, r.it[1].pending);
			ASSERT_EQ(ZX_SIGNAL_HANDLE_CLOSED, r.it[2].pending);
			canceled++;
		} else {
			ASSERT_EQ(ZX_ERR_BAD_HANDLE, r.st) TH_LOG("iteration %lu", loop.done);
			/* a failed lookup writes no pending */
			ASSERT_EQ(0xdeadbeefu, r.it[0].pending);
			bad++;
		}
		zxt_close(_metadata, d);
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	zxt_close(_metadata, other);
	TH_LOG("%lu iterations: %lu canceled, %lu bad handle",
	       loop.done, canceled, bad);
}

/* ------------------------------------------------------------------ */
/* last close of a side racing signal_peer                             */

struct peer_race {
	pthread_barrier_t start, end;
	zx_handle_t from;
	bool stop;
	zx_status_t st;
};

static void *peer_signaller(void *p)
{
	struct peer_race *r = p;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->st = zx_object_signal_peer(r->from, 0, ZX_USER_SIGNAL_0);
		pthread_barrier_wait(&r->end);
	}
}

TEST_ZX_SLOW(close_races_signal_peer)
{
	struct peer_race r = { 0 };
	unsigned long ok = 0, closed = 0, bad = 0;
	struct zxt_loop loop;
	uint64_t seed = 42;
	pthread_t t;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, peer_signaller, &r));
	zxt_loop_init(&loop, 200, 100000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t a, b;
		zx_signals_t sa = 0, sb;
		bool toward_closing = zxt_rand(&seed) & 1;

		zxt_eventpair(_metadata, &a, &b);
		/*
		 * toward_closing: the survivor b signals a while a's last
		 * handle closes. Otherwise a signals b through the very
		 * handle being closed.
		 */
		r.from = toward_closing ? b : a;
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close(a));
		pthread_barrier_wait(&r.end);

		sb = zxt_signals(_metadata, b);
		if (toward_closing) {
			/* OK (a still there) or PEER_CLOSED, nothing else */
			if (r.st == ZX_OK) {
				ok++;
			} else {
				ASSERT_EQ(ZX_ERR_PEER_CLOSED, r.st) TH_LOG("iteration %lu", loop.done);
				closed++;
			}
			ASSERT_EQ(ZX_EVENTPAIR_PEER_CLOSED, sb) TH_LOG("iteration %lu", loop.done);
		} else {
			/* b got USER_0 exactly when the call says it worked */
			if (r.st == ZX_OK) {
				sa = ZX_USER_SIGNAL_0;
				ok++;
			} else if (r.st == ZX_ERR_PEER_CLOSED) {
				closed++;
			} else {
				ASSERT_EQ(ZX_ERR_BAD_HANDLE, r.st) TH_LOG("iteration %lu", loop.done);
				bad++;
			}
			ASSERT_EQ(ZX_EVENTPAIR_PEER_CLOSED | sa, sb) TH_LOG("iteration %lu", loop.done);
		}
		/* and it stays that way */
		ASSERT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0));
		zxt_close(_metadata, b);
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	TH_LOG("%lu iterations: %lu ok, %lu peer closed, %lu bad handle",
	       loop.done, ok, closed, bad);
}

/* The last handles of both sides closed at once from two threads. */
struct both_close {
	pthread_barrier_t start, end;
	zx_handle_t h;
	bool stop;
	zx_status_t st;
};

static void *both_closer(void *p)
{
	struct both_close *r = p;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->st = zx_handle_close(r->h);
		pthread_barrier_wait(&r->end);
	}
}

TEST_ZX_SLOW(both_sides_close_at_once)
{
	struct both_close r = { 0 };
	struct zxt_loop loop;
	pthread_t t;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, both_closer, &r));
	zxt_loop_init(&loop, 200, 100000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t a, b;

		zxt_eventpair(_metadata, &a, &b);
		if (loop.done & 1) {
			ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0));
		}
		r.h = b;
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close(a));
		pthread_barrier_wait(&r.end);
		ASSERT_EQ(ZX_OK, r.st) TH_LOG("iteration %lu", loop.done);
		ASSERT_FALSE(zxt_valid(a));
		ASSERT_FALSE(zxt_valid(b));
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
}

/* ------------------------------------------------------------------ */
/* many waiters, one signal, many rounds                               */

enum { NWAITERS = 64 };

struct herd {
	pthread_barrier_t start, end;
	zx_handle_t h;
	bool stop;
	zx_status_t st[NWAITERS];
	zx_signals_t obs[NWAITERS];
};

struct herd_arg {
	struct herd *herd;
	int i;
};

static void *herd_waiter(void *p)
{
	struct herd_arg *a = p;
	struct herd *h = a->herd;

	for (;;) {
		pthread_barrier_wait(&h->start);
		if (h->stop)
			return NULL;
		h->st[a->i] = zx_object_wait_one(h->h, ZX_EVENT_SIGNALED, ZX_TIME_INFINITE,
						 &h->obs[a->i]);
		pthread_barrier_wait(&h->end);
	}
}

TEST_ZX_SLOW(thundering_herd)
{
	struct herd *h = calloc(1, sizeof(*h));
	struct herd_arg arg[NWAITERS];
	pthread_t t[NWAITERS];
	struct zxt_loop loop;
	int i;

	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, pthread_barrier_init(&h->start, NULL, NWAITERS + 1));
	ASSERT_EQ(0, pthread_barrier_init(&h->end, NULL, NWAITERS + 1));
	for (i = 0; i < NWAITERS; i++) {
		arg[i].herd = h;
		arg[i].i = i;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, herd_waiter, &arg[i]));
	}
	zxt_loop_init(&loop, 20, 500);
	while (zxt_loop_next(&loop)) {
		zx_handle_t e = zxt_event(_metadata);

		h->h = e;
		pthread_barrier_wait(&h->start);
		/* some are blocked by now, some not yet: all must come back OK */
		ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_2));
		pthread_barrier_wait(&h->end);
		for (i = 0; i < NWAITERS; i++) {
			ASSERT_EQ(ZX_OK, h->st[i]) TH_LOG("round %lu waiter %d", loop.done, i);
			ASSERT_EQ(ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_2, h->obs[i]);
		}
		zxt_close(_metadata, e);
	}
	h->stop = true;
	pthread_barrier_wait(&h->start);
	for (i = 0; i < NWAITERS; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
	}
	free(h);
}

/* ------------------------------------------------------------------ */
/* ping-pong: a lost wake-up hangs (and the harness timeout fails it)   */

struct pong {
	zx_handle_t h;
	unsigned long rounds;	/* completed by the ponger */
	zx_status_t st;
	unsigned long line;
};

#define PONG_CHECK(expr) do { \
	zx_status_t __s = (expr); \
	if (__s != ZX_OK) { \
		p->st = __s; \
		p->line = __LINE__; \
		return NULL; \
	} \
} while (0)

static void *ponger(void *arg)
{
	struct pong *p = arg;
	zx_signals_t obs;

	for (;;) {
		PONG_CHECK(zx_object_wait_one(p->h, ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_PEER_CLOSED,
					      ZX_TIME_INFINITE, &obs));
		if (obs & ZX_EVENTPAIR_PEER_CLOSED) {
			p->st = ZX_ERR_PEER_CLOSED;
			return NULL;
		}
		PONG_CHECK(zx_object_signal(p->h, ZX_USER_SIGNAL_0, 0));
		PONG_CHECK(zx_object_signal_peer(p->h, 0, ZX_USER_SIGNAL_0));
		p->rounds++;
	}
}

TEST_ZX_SLOW(ping_pong)
{
	struct pong p = { 0 };
	zx_handle_t a, b;
	zx_signals_t obs;
	struct zxt_loop loop;
	pthread_t t;

	zxt_eventpair(_metadata, &a, &b);
	p.h = b;
	ASSERT_EQ(0, pthread_create(&t, NULL, ponger, &p));
	zxt_loop_init(&loop, 500, 20000);
	while (zxt_loop_next(&loop)) {
		ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0));
		ASSERT_EQ(ZX_OK, zx_object_wait_one(a, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE, &obs));
		ASSERT_EQ(ZX_USER_SIGNAL_0, obs);
		ASSERT_EQ(ZX_OK, zx_object_signal(a, ZX_USER_SIGNAL_0, 0));
	}
	/* closing our side ends the ponger through PEER_CLOSED */
	zxt_close(_metadata, a);
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, p.st) TH_LOG("ponger failed at line %lu", p.line);
	EXPECT_EQ(loop.done, p.rounds);
	zxt_close(_metadata, b);
	TH_LOG("%lu round trips", loop.done);
}

/* ------------------------------------------------------------------ */
/* random multi-threaded workload                                       */

enum { NTHREADS = 8, MAXLIVE = 16, MAXKOIDS = 1 << 16 };

struct worker {
	pthread_t t;
	int id;
	uint64_t seed;
	zx_handle_t shared_event, shared_pair;	/* this thread's own duplicates */
	pthread_barrier_t *start;
	int64_t end_ns;
	unsigned long ops;
	/* first failure */
	int fail_line;
	long long fail_got, fail_want;
	/* every koid this thread created */
	zx_koid_t *koids;
	size_t nkoids;
};

#define W_CHECK(want, got) do { \
	long long __w = (long long)(want), __g = (long long)(got); \
	if (__w != __g) { \
		w->fail_line = __LINE__; \
		w->fail_want = __w; \
		w->fail_got = __g; \
		goto out; \
	} \
} while (0)

#define W_TRUE(cond) W_CHECK(1, !!(cond))

static zx_signals_t w_signals(zx_handle_t h, zx_status_t *st)
{
	zx_signals_t obs = 0xdeadbeef;

	*st = zx_object_wait_one(h, 0, 0, &obs);
	return obs;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	zx_handle_t live[MAXLIVE];
	zx_signals_t state[MAXLIVE];	/* the signals each live event should have */
	int nlive = 0, i;
	zx_status_t st;

	pthread_barrier_wait(w->start);
	while (zxt_mono_ns() < w->end_ns) {
		unsigned int op = zxt_rand(&w->seed) % 11;
		zx_signals_t s, obs;
		zx_handle_t h = ZX_HANDLE_INVALID, h2 = ZX_HANDLE_INVALID;
		zx_info_handle_basic_t info;

		w->ops++;
		switch (op) {
		case 0:	/* create an event and keep it */
			if (nlive == MAXLIVE)
				break;
			W_CHECK(ZX_OK, zx_event_create(0, &h));
			W_CHECK(3, h & 3);
			for (i = 0; i < nlive; i++)
				W_TRUE(live[i] != h);
			W_CHECK(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
							  sizeof(info), NULL, NULL));
			W_CHECK(0xD003, info.rights);
			W_TRUE(info.koid >= 1024);
			if (w->nkoids < MAXKOIDS)
				w->koids[w->nkoids++] = info.koid;
			W_CHECK(0, w_signals(h, &st));
			W_CHECK(ZX_ERR_TIMED_OUT, st);
			live[nlive] = h;
			state[nlive++] = 0;
			break;
		case 1:	/* signal a live event, check its state */
			if (!nlive)
				break;
			i = zxt_rand(&w->seed) % nlive;
			s = (zx_signals_t)zxt_rand(&w->seed) & ZXT_EVENT_ALLOWED;
			obs = (zx_signals_t)zxt_rand(&w->seed) & ZXT_EVENT_ALLOWED;
			W_CHECK(ZX_OK, zx_object_signal(live[i], obs, s));
			state[i] = (state[i] & ~obs) | s;
			W_CHECK(state[i], w_signals(live[i], &st));
			break;
		case 2:	/* close a live event; its value goes stale */
			if (!nlive)
				break;
			i = zxt_rand(&w->seed) % nlive;
			h = live[i];
			W_CHECK(ZX_OK, zx_handle_close(h));
			W_CHECK(ZX_ERR_BAD_HANDLE, zx_object_signal(h, 0, 0));
			W_CHECK(ZX_ERR_BAD_HANDLE, zx_handle_close(h));
			live[i] = live[--nlive];
			state[i] = state[nlive];
			break;
		case 3:	/* duplicate with random rights */
			if (!nlive)
				break;
			i = zxt_rand(&w->seed) % nlive;
			s = (zx_signals_t)zxt_rand(&w->seed) & 0xD003;
			W_CHECK(ZX_OK, zx_handle_duplicate(live[i], s, &h));
			W_CHECK(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
							  sizeof(info), NULL, NULL));
			W_CHECK(s, info.rights);
			W_CHECK((s & ZX_RIGHT_SIGNAL) ? ZX_OK : ZX_ERR_ACCESS_DENIED,
				zx_object_signal(h, 0, 0));
			W_CHECK(ZX_OK, zx_handle_close(h));
			break;
		case 4:	/* replace a live event */
			if (!nlive)
				break;
			i = zxt_rand(&w->seed) % nlive;
			W_CHECK(ZX_OK, zx_handle_replace(live[i], ZX_RIGHT_SAME_RIGHTS, &h));
			W_TRUE(h != live[i]);
			W_CHECK(ZX_ERR_BAD_HANDLE, zx_object_signal(live[i], 0, 0));
			live[i] = h;
			W_CHECK(state[i], w_signals(h, &st));
			break;
		case 5:	/* the shared event: anyone may change it */
			s = (zx_signals_t)zxt_rand(&w->seed) & ZX_USER_SIGNAL_ALL;
			W_CHECK(ZX_OK, zx_object_signal(w->shared_event, s & 0x55000000u,
							s & 0xaa000000u));
			obs = w_signals(w->shared_event, &st);
			W_CHECK(ZX_ERR_TIMED_OUT, st);
			W_CHECK(0, obs & ~ZXT_EVENT_ALLOWED);
			break;
		case 6:	/* wait_many over own and shared objects, deadline 0 */
		{
			zx_wait_item_t it[3];
			int k = nlive ? (int)(zxt_rand(&w->seed) % nlive) : -1;

			it[0] = (zx_wait_item_t){ w->shared_event, ZX_USER_SIGNAL_1, 0 };
			it[1] = (zx_wait_item_t){ w->shared_pair, ZX_USER_SIGNAL_0, 0 };
			it[2] = (zx_wait_item_t){ k >= 0 ? live[k] : w->shared_event,
						  ZX_USER_SIGNAL_7, 0 };
			st = zx_object_wait_many(it, 3, 0);
			W_TRUE(st == ZX_OK || st == ZX_ERR_TIMED_OUT);
			W_CHECK(0, it[0].pending & ~ZXT_EVENT_ALLOWED);
			W_CHECK(0, it[1].pending & ~(ZXT_EVENTPAIR_ALLOWED));
			if (k >= 0)
				W_CHECK(state[k], it[2].pending);
			if (st == ZX_OK)
				W_TRUE((it[0].pending & ZX_USER_SIGNAL_1) ||
				       (it[1].pending & ZX_USER_SIGNAL_0) ||
				       (it[2].pending & ZX_USER_SIGNAL_7));
			break;
		}
		case 7:	/* the shared pair: signal its peer (owned by the main thread) */
			s = (zx_signals_t)zxt_rand(&w->seed) & ZX_USER_SIGNAL_ALL;
			W_CHECK(ZX_OK, zx_object_signal_peer(w->shared_pair, s & 0xaa000000u,
							     s & 0x55000000u));
			break;
		case 8:	/* a private eventpair's whole life */
			W_CHECK(ZX_OK, zx_eventpair_create(0, &h, &h2));
			W_CHECK(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
							  sizeof(info), NULL, NULL));
			if (w->nkoids + 2 <= MAXKOIDS) {
				w->koids[w->nkoids++] = info.koid;
				w->koids[w->nkoids++] = info.related_koid;
			}
			W_CHECK(ZX_OK, zx_object_signal_peer(h, 0, ZX_USER_SIGNAL_3));
			W_CHECK(ZX_USER_SIGNAL_3, w_signals(h2, &st));
			W_CHECK(ZX_OK, zx_handle_close(h));
			W_CHECK(ZX_USER_SIGNAL_3 | ZX_EVENTPAIR_PEER_CLOSED, w_signals(h2, &st));
			W_CHECK(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(h2, 0, ZX_USER_SIGNAL_0));
			W_CHECK(ZX_OK, zx_handle_close(h2));
			break;
		case 9:	/* a short timed wait that must time out */
		{
			zx_time_t dl;

			if (!nlive)
				break;
			i = zxt_rand(&w->seed) % nlive;
			if (state[i] & ZX_USER_SIGNAL_6)
				break;
			dl = zx_deadline_after((zx_duration_t)(zxt_rand(&w->seed) % 200000));
			W_CHECK(ZX_ERR_TIMED_OUT, zx_object_wait_one(live[i], ZX_USER_SIGNAL_6, dl, &obs));
			W_TRUE(zxt_mono_ns() >= dl);
			W_CHECK(state[i], obs);
			break;
		}
		case 10: /* close_many of fresh events with holes */
		{
			zx_handle_t m[4] = { 0 };

			W_CHECK(ZX_OK, zx_event_create(0, &m[0]));
			W_CHECK(ZX_OK, zx_event_create(0, &m[2]));
			W_CHECK(ZX_OK, zx_handle_close_many(m, 4));
			W_CHECK(ZX_ERR_BAD_HANDLE, zx_handle_close(m[0]));
			W_CHECK(ZX_ERR_BAD_HANDLE, zx_handle_close(m[2]));
			break;
		}
		}
	}
out:
	for (i = 0; i < nlive; i++)
		zx_handle_close(live[i]);
	return NULL;
}

TEST_ZX_SLOW(random_workload)
{
	struct worker *w = calloc(NTHREADS, sizeof(*w));
	pthread_barrier_t start;
	zx_handle_t ev = zxt_event(_metadata), pa, pb;
	zx_koid_t *all;
	size_t nall = 0, k;
	unsigned long ops = 0;
	int i;

	ASSERT_NE(NULL, w);
	zxt_eventpair(_metadata, &pa, &pb);
	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NTHREADS + 1));
	for (i = 0; i < NTHREADS; i++) {
		w[i].id = i;
		w[i].seed = 0x9e3779b97f4a7c15ull * (i + 1);
		w[i].shared_event = zxt_dup(_metadata, ev, ZX_RIGHT_SAME_RIGHTS);
		w[i].shared_pair = zxt_dup(_metadata, pa, ZX_RIGHT_SAME_RIGHTS);
		w[i].start = &start;
		w[i].koids = calloc(MAXKOIDS, sizeof(zx_koid_t));
		ASSERT_NE(NULL, w[i].koids);
		ASSERT_EQ(0, pthread_create(&w[i].t, NULL, worker_main, &w[i]));
	}
	{
		int64_t end = zxt_mono_ns() + zxt_budget_ns();

		for (i = 0; i < NTHREADS; i++)
			w[i].end_ns = end;
	}
	pthread_barrier_wait(&start);
	for (i = 0; i < NTHREADS; i++) {
		ASSERT_EQ(0, pthread_join(w[i].t, NULL));
		ops += w[i].ops;
		EXPECT_EQ(0, w[i].fail_line)
			TH_LOG("thread %d failed at line %d: got %lld, want %lld",
			       i, w[i].fail_line, w[i].fail_got, w[i].fail_want);
	}
	/* shared objects: only allowed bits, and every duplicate still works */
	EXPECT_EQ(0u, zxt_signals(_metadata, ev) & ~ZXT_EVENT_ALLOWED);
	EXPECT_EQ(0u, zxt_signals(_metadata, pb) & ~ZX_USER_SIGNAL_ALL);
	EXPECT_EQ((uint32_t)NTHREADS + 1, zxt_handle_count(_metadata, ev));
	for (i = 0; i < NTHREADS; i++) {
		zxt_close(_metadata, w[i].shared_event);
		zxt_close(_metadata, w[i].shared_pair);
	}
	EXPECT_EQ(0u, zxt_signals(_metadata, pb) & ZX_EVENTPAIR_PEER_CLOSED);
	zxt_close(_metadata, pa);
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, pb) & ZX_EVENTPAIR_PEER_CLOSED);

	/* koids are never reused, across threads and objects */
	for (i = 0; i < NTHREADS; i++)
		nall += w[i].nkoids;
	all = calloc(nall ? nall : 1, sizeof(*all));
	ASSERT_NE(NULL, all);
	nall = 0;
	for (i = 0; i < NTHREADS; i++) {
		memcpy(all + nall, w[i].koids, w[i].nkoids * sizeof(*all));
		nall += w[i].nkoids;
		free(w[i].koids);
	}
	qsort(all, nall, sizeof(*all), zxt_cmp_u64);
	for (k = 1; k < nall; k++) {
		ASSERT_NE(all[k - 1], all[k]) TH_LOG("koid %llu reused", (unsigned long long)all[k]);
	}
	TH_LOG("%lu operations, %zu objects", ops, nall);
	free(all);
	free(w);
	zxt_close(_metadata, pb);
	zxt_close(_metadata, ev);
}

/* ------------------------------------------------------------------ */
/* the per-table handle limit                                           */

static unsigned int abi_max_handles(struct __test_metadata *_metadata)
{
	struct zircon_abi_info info = { 0 };
	int fd = open(ZXT_DEVICE, O_RDWR | O_CLOEXEC);

	EXPECT_LE(0, fd);
	EXPECT_EQ(0, ioctl(fd, ZIRCON_IOC_GET_ABI_INFO, &info));
	close(fd);
	return info.max_handles;
}

static int write_param(unsigned int v)
{
	char buf[32];
	int fd = open(PARAM, O_WRONLY | O_CLOEXEC), n, ok;

	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%u", v);
	ok = write(fd, buf, n) == n;
	close(fd);
	return ok ? 0 : -1;
}

/* Runs in a child: fill a fresh table to exactly @limit handles. */
static void fill_table(unsigned int limit)
{
	zx_handle_t *h = calloc(limit + 1, sizeof(*h));
	zx_handle_t x = ZX_HANDLE_INVALID, y = ZX_HANDLE_INVALID;
	unsigned int n = 0;
	zx_status_t st = 12345;

	CHILD_CHECK(h != NULL);
	while (n <= limit && (st = zx_event_create(0, &h[n])) == ZX_OK)
		n++;
	CHILD_EQ(ZX_ERR_NO_RESOURCES, st);
	CHILD_EQ(limit, n);
	/* full: nothing that adds a handle works; replace swaps one for one */
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_eventpair_create(0, &x, &y));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_handle_duplicate(h[0], ZX_RIGHT_SAME_RIGHTS, &x));
	CHILD_EQ(ZX_OK, zx_handle_replace(h[0], ZX_RIGHT_SAME_RIGHTS, &x));
	h[0] = x;
	CHILD_EQ(ZX_OK, zx_object_signal(h[0], 0, ZX_USER_SIGNAL_0));
	/* one free slot: an eventpair needs two, and takes neither */
	CHILD_EQ(ZX_OK, zx_handle_close(h[--n]));
	x = y = ZX_HANDLE_INVALID;
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_eventpair_create(0, &x, &y));
	CHILD_EQ(ZX_OK, zx_event_create(0, &h[n]));
	n++;
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_event_create(0, &x));
	/* empty it: everything works again */
	CHILD_EQ(ZX_OK, zx_handle_close_many(h, n));
	CHILD_EQ(ZX_OK, zx_eventpair_create(0, &x, &y));
	CHILD_EQ(ZX_OK, zx_handle_close(x));
	CHILD_EQ(ZX_OK, zx_handle_close(y));
	free(h);
}

TEST_ZX_SLOW(handle_limit)
{
	unsigned int max = abi_max_handles(_metadata), limit = max;
	bool lowered = false;
	pid_t pid;
	int st = 0;

	ASSERT_GT(max, 0u);
	if (max > 4096 && write_param(4096) == 0) {
		lowered = true;
		limit = 4096;
		ASSERT_EQ(4096u, abi_max_handles(_metadata));
	} else if (max > 65536) {
		SKIP(return, "max_handles is %u and " PARAM " is not writable", max);
	}
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		fill_table(limit);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (lowered) {
		ASSERT_EQ(0, write_param(max));
	}
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

/*
 * Calls that fail after making something (the result cannot be copied
 * out) leave nothing behind: after many such failures a table limited to
 * 64 handles still takes 64.
 */
TEST_ZX_SLOW(failed_calls_leak_no_handles)
{
	unsigned int max = abi_max_handles(_metadata);
	pid_t pid;
	int st = 0;

	if (write_param(64) != 0)
		SKIP(return, PARAM " is not writable");
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		long page = sysconf(_SC_PAGESIZE);
		int fd = open(ZXT_DEVICE, O_RDWR | O_CLOEXEC), i;
		struct zircon_event_create ec = { 0 };
		struct zircon_handle_dup *dup_ro;
		char *ro;
		unsigned int n = 0;

		CHILD_CHECK(fd >= 0);
		CHILD_EQ(0, ioctl(fd, ZIRCON_IOC_EVENT_CREATE, &ec));
		ro = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHILD_CHECK(ro != MAP_FAILED);
		dup_ro = (void *)ro;
		dup_ro->handle = ec.out;
		dup_ro->rights = ZX_RIGHT_SAME_RIGHTS;
		CHILD_EQ(0, mprotect(ro, page, PROT_READ));
		for (i = 0; i < 200; i++) {
			CHILD_CHECK(ioctl(fd, ZIRCON_IOC_HANDLE_DUPLICATE, dup_ro) == -1);
			CHILD_CHECK(ioctl(fd, ZIRCON_IOC_EVENT_CREATE, ro + 64) == -1);
			CHILD_CHECK(ioctl(fd, ZIRCON_IOC_EVENTPAIR_CREATE, ro + 128) == -1);
		}
		/* 63 more fit next to the one we hold */
		for (;;) {
			struct zircon_event_create e2 = { 0 };

			if (ioctl(fd, ZIRCON_IOC_EVENT_CREATE, &e2) != 0)
				break;
			n++;
		}
		CHILD_EQ(ENOSPC, errno);	/* ZX_ERR_NO_RESOURCES */
		CHILD_EQ(63, n);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ASSERT_EQ(0, write_param(max));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

/* ------------------------------------------------------------------ */
/* create/close churn from many threads: values never collide           */

struct churn {
	pthread_t t;
	pthread_barrier_t *start;
	int64_t end_ns;
	unsigned long n;
	int fail_line;
};

static void *churn_main(void *arg)
{
	struct churn *c = arg;
	zx_handle_t h[32];
	int i, j;

	pthread_barrier_wait(c->start);
	while (zxt_mono_ns() < c->end_ns) {
		for (i = 0; i < 32; i++) {
			if (zx_event_create(0, &h[i]) != ZX_OK) {
				c->fail_line = __LINE__;
				return NULL;
			}
			for (j = 0; j < i; j++) {
				if (h[j] == h[i]) {
					c->fail_line = __LINE__;
					return NULL;
				}
			}
		}
		for (i = 0; i < 32; i++) {
			/* each handle is still ours and untouched by the others */
			zx_signals_t obs = 1;

			if (zx_object_wait_one(h[i], 0, 0, &obs) != ZX_ERR_TIMED_OUT || obs != 0 ||
			    zx_object_signal(h[i], 0, ZX_USER_SIGNAL_0) != ZX_OK) {
				c->fail_line = __LINE__;
				return NULL;
			}
		}
		if (zx_handle_close_many(h, 32) != ZX_OK) {
			c->fail_line = __LINE__;
			return NULL;
		}
		c->n += 32;
	}
	return NULL;
}

TEST_ZX_SLOW(create_close_churn)
{
	struct churn c[NTHREADS];
	pthread_barrier_t start;
	int64_t end;
	int i;

	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NTHREADS + 1));
	end = zxt_mono_ns() + zxt_budget_ns();
	for (i = 0; i < NTHREADS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].start = &start;
		c[i].end_ns = end;
		ASSERT_EQ(0, pthread_create(&c[i].t, NULL, churn_main, &c[i]));
	}
	pthread_barrier_wait(&start);
	for (i = 0; i < NTHREADS; i++) {
		ASSERT_EQ(0, pthread_join(c[i].t, NULL));
		EXPECT_EQ(0, c[i].fail_line) TH_LOG("thread %d", i);
		EXPECT_GT(c[i].n, 0u);
	}
}

TEST_HARNESS_MAIN
