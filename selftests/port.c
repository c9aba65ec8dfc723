// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: zx_port_create, zx_port_queue, zx_port_wait, zx_port_cancel and
 * zx_port_cancel_key, with Zircon's check order; the user-packet cap,
 * FIFO order, one waiter released per packet, waiters and an exclusive
 * epoll of the port's poll descriptor both woken, every subset of the
 * default rights, closing ports with work pending, and the races: queue
 * against the last close, many threads draining one port.
 */
#define ZXT_FIXTURE port
#include "zx_selftest.h"

#include <sys/epoll.h>

#define PORT_MAX_USER_PACKETS 4097	/* Zircon: more than 4096 queued is refused */

/* ------------------------------------------------------------------ */
/* create                                                              */

TEST_ZX(create_defaults)
{
	zx_handle_t p = zxt_port(_metadata), q = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t info = zxt_info(_metadata, p);

	EXPECT_EQ(3u, p & 3u);
	EXPECT_EQ(ZX_OBJ_TYPE_PORT, info.type);
	EXPECT_EQ(0x800Fu, info.rights);
	EXPECT_EQ(ZX_DEFAULT_PORT_RIGHTS, info.rights);
	EXPECT_GE(info.koid, ZX_KOID_FIRST);
	EXPECT_EQ(0u, info.related_koid);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, p));
	/* a fresh port is empty */
	zxt_port_empty(p);

	/* ZX_PORT_BIND_TO_INTERRUPT is accepted (there are no interrupts to bind) */
	ASSERT_EQ(ZX_OK, zx_port_create(ZX_PORT_BIND_TO_INTERRUPT, &q));
	EXPECT_EQ(0x800Fu, zxt_rights(_metadata, q));
	EXPECT_EQ(ZX_OBJ_TYPE_PORT, zxt_info(_metadata, q).type);
	EXPECT_NE(info.koid, zxt_koid(_metadata, q));
	zxt_port_empty(q);
	zxt_close(_metadata, q);
	zxt_close(_metadata, p);
}

TEST_ZX(create_bad_options)
{
	const uint32_t bad[] = { 2, 3, 4, 0x100, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		zx_handle_t h = 0x1234;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(bad[i], &h)) TH_LOG("0x%x", bad[i]);
		EXPECT_EQ(0x1234u, h);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(bad[i], NULL));
	}
	/* a NULL out pointer: the port is made and discarded */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(0, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(ZX_PORT_BIND_TO_INTERRUPT, NULL));
}

/* No WAIT right: a port cannot be waited on, signaled or watched. */
TEST_ZX(not_waitable)
{
	zx_handle_t p = zxt_port(_metadata), p2 = zxt_port(_metadata), d = ZX_HANDLE_INVALID;
	zx_wait_item_t it = { p, ZX_USER_SIGNAL_0, 0 };
	zx_signals_t obs = 0x1234;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_one(p, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(0x1234u, obs);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_many(&it, 1, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_async(p, p2, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_async(p, p, 1, ZX_USER_SIGNAL_0, 0));
	/* no SIGNAL right either */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(p, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(p, 0, ZX_USER_SIGNAL_0));
	/* and the right cannot be added */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(p, 0x800Fu | ZX_RIGHT_WAIT, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(p2, p, 1));
	zxt_port_empty(p2);
	zxt_close(_metadata, p);
	zxt_close(_metadata, p2);
}

/* ------------------------------------------------------------------ */
/* queue and wait                                                      */

TEST_ZX(queue_wait_user_packet)
{
	zx_handle_t p = zxt_port(_metadata);
	zx_port_packet_t in, out;
	int i;

	memset(&in, 0, sizeof(in));
	in.key = 0xfedcba9876543210ull;
	in.type = ZX_PKT_TYPE_USER + 5;	/* forced to USER */
	in.status = -3;
	for (i = 0; i < 32; i++)
		in.user.c8[i] = (uint8_t)(0xf0 - i);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &in));
	/* the caller's packet is only read */
	EXPECT_EQ(ZX_PKT_TYPE_USER + 5, in.type);

	out = zxt_take(_metadata, p);
	EXPECT_EQ(in.key, out.key);
	EXPECT_EQ(ZX_PKT_TYPE_USER, out.type);
	EXPECT_EQ(-3, out.status);
	EXPECT_EQ(0, memcmp(in.user.c8, out.user.c8, 32));
	zxt_port_empty(p);

	/* every type, every status, is taken as a user packet */
	{
		const uint32_t types[] = { ZX_PKT_TYPE_SIGNAL_ONE, 2, ZX_PKT_TYPE_INTERRUPT,
					   ZX_PKT_TYPE_PAGE_REQUEST, 0xffffffffu };
		const zx_status_t st[] = { ZX_OK, 1, ZX_ERR_CANCELED, INT32_MIN, INT32_MAX };

		for (i = 0; i < (int)ARRAY_SIZE(types); i++) {
			in = zxt_user_packet((uint64_t)i);
			in.type = types[i];
			in.status = st[i];
			ASSERT_EQ(ZX_OK, zx_port_queue(p, &in));
		}
		for (i = 0; i < (int)ARRAY_SIZE(types); i++) {
			zx_port_packet_t want = zxt_user_packet((uint64_t)i);

			out = zxt_take(_metadata, p);
			want.status = st[i];
			EXPECT_EQ(0, memcmp(&want, &out, sizeof(out))) TH_LOG("packet %d", i);
		}
	}
	zxt_port_empty(p);
	zxt_close(_metadata, p);
}

TEST_ZX(queue_check_order)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t ro = zxt_dup(_metadata, p, ZX_RIGHT_READ | ZX_RIGHT_INSPECT);
	zx_handle_t stale = zxt_dup(_metadata, p, ZX_RIGHT_SAME_RIGHTS);
	zx_port_packet_t pkt = zxt_user_packet(1);

	zxt_close(_metadata, stale);
	/* the handle first: BAD_HANDLE, WRONG_TYPE, ACCESS_DENIED, even with no packet */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_queue(ZX_HANDLE_INVALID, &pkt));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_queue(stale, &pkt));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_queue(stale, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_queue(e, &pkt));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_queue(e, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_queue(ro, &pkt));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_queue(ro, NULL));
	/* then the packet */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_queue(p, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_queue(p, (const zx_port_packet_t *)1));
	/* nothing was queued by any of them */
	zxt_port_empty(p);
	EXPECT_EQ(0u, zxt_signals(_metadata, e));
	zxt_close(_metadata, ro);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(wait_check_order)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t wo = zxt_dup(_metadata, p, ZX_RIGHT_WRITE);
	zx_port_packet_t out;

	memset(&out, 0x5a, sizeof(out));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_wait(ZX_HANDLE_INVALID, 0, &out));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_wait(0x12345677, ZX_TIME_INFINITE, &out));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_wait(e, 0, &out));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_wait(e, ZX_TIME_INFINITE, NULL));
	/* a packet is ready, but the handle cannot read */
	{
		zx_port_packet_t in = zxt_user_packet(7);

		ASSERT_EQ(ZX_OK, zx_port_queue(wo, &in));
	}
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_wait(wo, 0, &out));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_wait(wo, ZX_TIME_INFINITE, NULL));
	{
		zx_port_packet_t untouched;

		memset(&untouched, 0x5a, sizeof(untouched));
		EXPECT_EQ(0, memcmp(&untouched, &out, sizeof(out)));
	}
	/* and the packet is still there */
	out = zxt_take(_metadata, p);
	EXPECT_EQ(7u, out.key);
	EXPECT_TRUE(zxt_user_packet_ok(&out));
	zxt_close(_metadata, wo);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* A packet that cannot be copied out is lost (Zircon dequeues first). */
TEST_ZX(wait_bad_buffer)
{
	zx_handle_t p = zxt_port(_metadata);
	zx_port_packet_t in = zxt_user_packet(1), out;

	/* empty port: the deadline comes first, nothing is written */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, NULL));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, zx_deadline_after(ZXT_MSEC(1)), NULL));

	ASSERT_EQ(ZX_OK, zx_port_queue(p, &in));
	in = zxt_user_packet(2);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &in));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_wait(p, 0, NULL));
	out = zxt_take(_metadata, p);
	EXPECT_EQ(2u, out.key);
	zxt_port_empty(p);
	zxt_close(_metadata, p);
}

TEST_ZX(wait_deadlines)
{
	zx_handle_t p = zxt_port(_metadata);
	const zx_time_t past[] = { 0, -1, ZX_TIME_INFINITE_PAST };
	zx_port_packet_t out, in;
	zx_time_t t0, dl;
	unsigned int i;

	/* a past deadline polls */
	t0 = zxt_mono_ns();
	for (i = 0; i < ARRAY_SIZE(past); i++) {
		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, past[i], &out));
	}
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, t0 - ZXT_SEC(1), &out));
	EXPECT_LT(zxt_mono_ns() - t0, ZXT_SEC(5));
	/* a future one waits at least until then */
	dl = zx_deadline_after(ZXT_MSEC(20));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, dl, &out));
	EXPECT_GE(zxt_mono_ns(), dl);
	/* a ready packet is returned even with a past deadline */
	in = zxt_user_packet(3);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &in));
	for (i = 0; i < ARRAY_SIZE(past); i++) {
		ASSERT_EQ(ZX_OK, zx_port_queue(p, &in));
	}
	for (i = 0; i < ARRAY_SIZE(past); i++) {
		memset(&out, 0, sizeof(out));
		EXPECT_EQ(ZX_OK, zx_port_wait(p, past[i], &out));
		EXPECT_TRUE(zxt_user_packet_ok(&out));
	}
	EXPECT_EQ(ZX_OK, zx_port_wait(p, ZX_TIME_INFINITE, &out));
	zxt_port_empty(p);
	zxt_close(_metadata, p);
}

TEST_ZX(fifo_order)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_port_packet_t pkt;
	uint64_t k;

	for (k = 0; k < 100; k++) {
		pkt = zxt_user_packet(k);
		ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	}
	for (k = 0; k < 100; k++) {
		pkt = zxt_take(_metadata, p);
		ASSERT_EQ(k, pkt.key);
		ASSERT_TRUE(zxt_user_packet_ok(&pkt));
	}
	zxt_port_empty(p);

	/* user and signal packets share one FIFO */
	pkt = zxt_user_packet(1);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	pkt = zxt_user_packet(3);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 4, ZX_USER_SIGNAL_0, 0));	/* at once */
	pkt = zxt_user_packet(5);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	for (k = 1; k <= 5; k++) {
		pkt = zxt_take(_metadata, p);
		ASSERT_EQ(k, pkt.key);
		ASSERT_EQ((k & 1) ? ZX_PKT_TYPE_USER : ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
	}
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* Queue through one handle, wait through a duplicate with only READ. */
TEST_ZX(duplicate_handles_share_the_queue)
{
	zx_handle_t p = zxt_port(_metadata);
	zx_handle_t r = zxt_dup(_metadata, p, ZX_RIGHT_READ);
	zx_handle_t w = zxt_dup(_metadata, p, ZX_RIGHT_WRITE);
	zx_port_packet_t pkt = zxt_user_packet(11);

	EXPECT_EQ(zxt_koid(_metadata, p), zxt_koid(_metadata, r));
	ASSERT_EQ(ZX_OK, zx_port_queue(w, &pkt));
	zxt_close(_metadata, p);	/* not the last handle */
	pkt = zxt_take(_metadata, r);
	EXPECT_EQ(11u, pkt.key);
	zxt_port_empty(r);
	zxt_close(_metadata, w);
	zxt_close(_metadata, r);
}

/* ------------------------------------------------------------------ */
/* capacity                                                            */

TEST_ZX(user_packet_capacity)
{
	zx_handle_t p = zxt_port(_metadata), other = zxt_port(_metadata);
	zx_handle_t e = zxt_event(_metadata);
	zx_port_packet_t pkt;
	uint64_t k;

	for (k = 0; k < PORT_MAX_USER_PACKETS; k++) {
		pkt = zxt_user_packet(k);
		ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt)) TH_LOG("packet %llu", (unsigned long long)k);
	}
	pkt = zxt_user_packet(k);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_port_queue(p, &pkt));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_port_queue(p, &pkt));
	/* the cap is per port */
	ASSERT_EQ(ZX_OK, zx_port_queue(other, &pkt));
	/* signal packets live in their registration and are not capped */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1000000, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1000001, ZX_USER_SIGNAL_0, 0));
	/* one out, one more in */
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(0u, pkt.key);
	pkt = zxt_user_packet(PORT_MAX_USER_PACKETS);
	EXPECT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_port_queue(p, &pkt));
	/* all of it comes out, in order, nothing more */
	for (k = 1; k < PORT_MAX_USER_PACKETS; k++) {
		pkt = zxt_take(_metadata, p);
		ASSERT_EQ(k, pkt.key);
		ASSERT_TRUE(zxt_user_packet_ok(&pkt));
	}
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 1000000, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 1000001, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ((uint64_t)PORT_MAX_USER_PACKETS, pkt.key);
	zxt_port_empty(p);
	/* emptied: the full cap is available again */
	for (k = 0; k < PORT_MAX_USER_PACKETS; k++) {
		pkt = zxt_user_packet(k);
		ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	}
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_port_queue(p, &pkt));
	/* closing a full port frees it all */
	zxt_close(_metadata, p);
	zxt_close(_metadata, other);
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* blocking waits                                                      */

struct port_waiter {
	pthread_t thread;
	sem_t started;
	pid_t tid;
	zx_handle_t port;
	zx_time_t deadline;
	zx_port_packet_t pkt;
	zx_status_t status;
	int64_t returned_ns;
	int *returned;
};

static void *port_waiter_main(void *arg)
{
	struct port_waiter *w = arg;
	zx_status_t st;

	w->tid = zxt_gettid();
	sem_post(&w->started);
	st = zx_port_wait(w->port, w->deadline, &w->pkt);
	w->returned_ns = zxt_mono_ns();
	__atomic_store_n(&w->status, st, __ATOMIC_RELEASE);
	if (w->returned)
		__atomic_add_fetch(w->returned, 1, __ATOMIC_ACQ_REL);
	return NULL;
}

#define port_waiter_start(w, p, dl, ret) do { \
	memset((w), 0, sizeof(*(w))); \
	(w)->port = (p); \
	(w)->deadline = (dl); \
	(w)->status = 12345; \
	(w)->returned = (ret); \
	ASSERT_EQ(0, sem_init(&(w)->started, 0, 0)); \
	ASSERT_EQ(0, pthread_create(&(w)->thread, NULL, port_waiter_main, (w))); \
	while (sem_wait(&(w)->started) != 0) \
		; \
	zxt_wait_blocked((w)->tid, ZIRCON_IOC_PORT_WAIT); \
} while (0)

static bool port_waiter_done(struct port_waiter *w)
{
	return __atomic_load_n(&w->status, __ATOMIC_ACQUIRE) != 12345;
}

TEST_ZX(wait_blocks_until_queue)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	struct port_waiter w;
	zx_port_packet_t pkt = zxt_user_packet(42);

	port_waiter_start(&w, p, ZX_TIME_INFINITE, NULL);
	EXPECT_FALSE(port_waiter_done(&w));
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(42u, w.pkt.key);
	EXPECT_TRUE(zxt_user_packet_ok(&w.pkt));

	/* and a signal packet wakes a waiter the same way */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 43, ZX_USER_SIGNAL_1, 0));
	port_waiter_start(&w, p, ZX_TIME_INFINITE, NULL);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_2));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	zxt_expect_signal_packet(w.pkt, 43, ZX_USER_SIGNAL_1, ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_2);

	/* a blocking wait times out at its deadline */
	{
		zx_time_t dl = zx_deadline_after(ZXT_MSEC(30));

		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, dl, &pkt));
		EXPECT_GE(zxt_mono_ns(), dl);
	}
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* N threads blocked on one port: each packet releases exactly one. */
TEST_ZX(one_waiter_per_packet)
{
	enum { N = 8 };
	zx_handle_t p = zxt_port(_metadata);
	struct port_waiter w[N];
	int returned = 0, i, k;
	uint64_t keys[N];

	for (i = 0; i < N; i++)
		port_waiter_start(&w[i], p, ZX_TIME_INFINITE, &returned);
	for (k = 0; k < N; k++) {
		zx_port_packet_t pkt = zxt_user_packet((uint64_t)k);
		int64_t give_up = zxt_mono_ns() + ZXT_SEC(ZXT_TIMEOUT / 2);

		ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
		while (__atomic_load_n(&returned, __ATOMIC_ACQUIRE) < k + 1 &&
		       zxt_mono_ns() < give_up)
			sched_yield();
		/* every thread still waiting is back inside the wait ... */
		for (i = 0; i < N; i++) {
			if (!port_waiter_done(&w[i]))
				zxt_wait_blocked(w[i].tid, ZIRCON_IOC_PORT_WAIT);
		}
		/* ... and exactly one more has returned */
		ASSERT_EQ(k + 1, __atomic_load_n(&returned, __ATOMIC_ACQUIRE));
	}
	for (i = 0; i < N; i++) {
		ASSERT_EQ(0, pthread_join(w[i].thread, NULL));
		EXPECT_EQ(ZX_OK, w[i].status);
		EXPECT_TRUE(zxt_user_packet_ok(&w[i].pkt));
		keys[i] = w[i].pkt.key;
	}
	qsort(keys, N, sizeof(keys[0]), zxt_cmp_u64);
	for (i = 0; i < N; i++) {
		EXPECT_EQ((uint64_t)i, keys[i]);
	}
	zxt_port_empty(p);
	zxt_close(_metadata, p);
}

/*
 * A port's poll descriptor in an epoll set with EPOLLEXCLUSIVE, a thread
 * blocked in epoll_wait() on the set and one blocked in zx_port_wait():
 * a packet owes each its wake-up. Were the epoll entry on the waiters'
 * queue, ahead of the waiter, it would take the packet's one exclusive
 * wake-up and the waiter would sleep on to its deadline with the packet
 * right there (and with the waiter ahead, epoll would get nothing). Both
 * orders; the waiter's deadline is far, and it must come back before it.
 */
struct epoll_waiter {
	pthread_t thread;
	sem_t started;
	pid_t tid;
	int ep, n;
	struct epoll_event ev;
};

static void *epoll_waiter_main(void *arg)
{
	struct epoll_waiter *e = arg;
	int n;

	e->tid = zxt_gettid();
	sem_post(&e->started);
	do {
		n = epoll_wait(e->ep, &e->ev, 1, 60000);
	} while (n < 0 && errno == EINTR);
	__atomic_store_n(&e->n, n, __ATOMIC_RELEASE);
	return NULL;
}

static bool blocked_in_epoll(pid_t tid)
{
#ifdef SYS_epoll_wait
	if (zxt_task_blocked_in(getpid(), tid, SYS_epoll_wait, 0) == 1)
		return true;
#endif
	return zxt_task_blocked_in(getpid(), tid, SYS_epoll_pwait, 0) == 1;
}

static void exclusive_epoll_and_waiter(struct __test_metadata *_metadata, bool epoll_first)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE };
	zx_handle_t p = zxt_port(_metadata);
	struct epoll_waiter ew;
	struct port_waiter w;
	zx_port_packet_t pkt;
	int64_t give_up;
	int pfd = -1;

	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(p, 0, O_CLOEXEC, &pfd));
	memset(&ew, 0, sizeof(ew));
	ew.n = 12345;
	ew.ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ew.ep);
	ev.data.fd = pfd;
	/* The order the two sleepers queue on the port in. */
	if (epoll_first)
		ASSERT_EQ(0, epoll_ctl(ew.ep, EPOLL_CTL_ADD, pfd, &ev));
	port_waiter_start(&w, p, zx_deadline_after(ZXT_SEC(15)), NULL);
	if (!epoll_first)
		ASSERT_EQ(0, epoll_ctl(ew.ep, EPOLL_CTL_ADD, pfd, &ev));
	ASSERT_EQ(0, sem_init(&ew.started, 0, 0));
	ASSERT_EQ(0, pthread_create(&ew.thread, NULL, epoll_waiter_main, &ew));
	while (sem_wait(&ew.started) != 0)
		;
	give_up = zxt_mono_ns() + ZXT_SEC(ZXT_TIMEOUT / 2);
	while (!blocked_in_epoll(ew.tid) && zxt_mono_ns() < give_up)
		sched_yield();
	ASSERT_TRUE(blocked_in_epoll(ew.tid));

	pkt = zxt_user_packet(77);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(77u, w.pkt.key);
	EXPECT_TRUE(zxt_user_packet_ok(&w.pkt));
	EXPECT_LT(w.returned_ns, w.deadline)
		TH_LOG("the waiter slept to its deadline with the packet queued");

	/*
	 * epoll was woken too; if the waiter took the packet before epoll
	 * looked, epoll went back to sleep and reports the next one.
	 */
	pkt = zxt_user_packet(78);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	ASSERT_EQ(0, pthread_join(ew.thread, NULL));
	EXPECT_EQ(1, ew.n);
	EXPECT_EQ(pfd, ew.ev.data.fd);
	EXPECT_TRUE(ew.ev.events & EPOLLIN);
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(78u, pkt.key);
	zxt_port_empty(p);
	EXPECT_EQ(0, epoll_wait(ew.ep, &ev, 1, 0));
	close(ew.ep);
	close(pfd);
	zxt_close(_metadata, p);
}

TEST_ZX(exclusive_epoll_then_waiter)
{
	exclusive_epoll_and_waiter(_metadata, true);
}

TEST_ZX(waiter_then_exclusive_epoll)
{
	exclusive_epoll_and_waiter(_metadata, false);
}

/*
 * Linux signals delivered to a thread blocked in zx_port_wait: the
 * handlers run, the wait goes on with its deadline, with or without
 * SA_RESTART, and still takes the packet that finally comes.
 */
static void port_wait_linux_signals(struct __test_metadata *_metadata, int flags)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	struct zxt_interrupter in;
	zx_port_packet_t pkt;
	zx_time_t deadline;
	zx_status_t st;

	zxt_intr_install(SIGUSR1, flags);
	/* timed out at the deadline, not before */
	deadline = zx_deadline_after(ZXT_MSEC(300));
	zxt_interrupter_start(&in, ZIRCON_IOC_PORT_WAIT, SIGUSR1, 5, ZX_HANDLE_INVALID, 0);
	st = zx_port_wait(p, deadline, &pkt);
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, st);
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_GE(in.sent, 1) TH_LOG("no signal was delivered during the wait");

	/* the packet of a registration that fires after the signals */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 77, ZX_USER_SIGNAL_3, 0));
	zxt_interrupter_start(&in, ZIRCON_IOC_PORT_WAIT, SIGUSR1, 5, e, ZX_USER_SIGNAL_3);
	st = zx_port_wait(p, ZX_TIME_INFINITE, &pkt);
	zxt_interrupter_stop(&in);
	ASSERT_EQ(ZX_OK, st);
	EXPECT_EQ(ZX_OK, in.then_status);
	zxt_expect_signal_packet(pkt, 77, ZX_USER_SIGNAL_3, ZX_USER_SIGNAL_3);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(wait_linux_signals_sa_restart)
{
	port_wait_linux_signals(_metadata, SA_RESTART);
}

TEST_ZX(wait_linux_signals_no_restart)
{
	port_wait_linux_signals(_metadata, 0);
}

/*
 * A process that exits with everything in flight: ports with user and
 * signal packets queued, registrations pending on events and armed
 * timers, a thread blocked in zx_port_wait. Its table goes with it.
 */
TEST_ZX(process_exit_with_work_pending)
{
	pid_t pid;
	int round;

	for (round = 0; round < 8; round++) {
		fflush(NULL);
		pid = fork();
		ASSERT_GE(pid, 0);
		if (pid == 0) {
			zx_handle_t p = ZX_HANDLE_INVALID, q = ZX_HANDLE_INVALID;
			struct port_waiter w;
			int i;

			CHILD_EQ(ZX_OK, zx_port_create(0, &p));
			CHILD_EQ(ZX_OK, zx_port_create(0, &q));
			for (i = 0; i < 32; i++) {
				zx_handle_t e = ZX_HANDLE_INVALID, t = ZX_HANDLE_INVALID;
				zx_port_packet_t pkt = zxt_user_packet((uint64_t)i);

				CHILD_EQ(ZX_OK, zx_event_create(0, &e));
				CHILD_EQ(ZX_OK, zx_timer_create(0, ZX_CLOCK_MONOTONIC, &t));
				CHILD_EQ(ZX_OK, zx_port_queue((i & 1) ? p : q, &pkt));
				CHILD_EQ(ZX_OK, zx_object_wait_async(e, p, (uint64_t)i,
								     ZX_USER_SIGNAL_0, 0));
				CHILD_EQ(ZX_OK, zx_object_wait_async(e, q, (uint64_t)i,
								     ZX_USER_SIGNAL_1, 0));
				CHILD_EQ(ZX_OK, zx_object_wait_async(t, (i & 2) ? p : q, (uint64_t)i,
								     ZX_TIMER_SIGNALED, 0));
				if (i & 1)
					CHILD_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
				CHILD_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(
					(i & 4) ? 0 : ZXT_MSEC(round) + i * 1000), 0));
			}
			/* a waiter on an empty port */
			{
				zx_handle_t empty = ZX_HANDLE_INVALID;

				CHILD_EQ(ZX_OK, zx_port_create(0, &empty));
				memset(&w, 0, sizeof(w));
				w.port = empty;
				w.deadline = ZX_TIME_INFINITE;
				w.status = 12345;
				CHILD_EQ(0, sem_init(&w.started, 0, 0));
				CHILD_EQ(0, pthread_create(&w.thread, NULL, port_waiter_main, &w));
				while (sem_wait(&w.started) != 0)
					;
				while (zxt_blocked_in_ioctl(w.tid, ZIRCON_IOC_PORT_WAIT) != 1)
					sched_yield();
			}
			/* some leave by exit, some by a fatal signal */
			if (round & 1)
				_exit(0);
			raise(SIGKILL);
			_exit(3);
		}
		{
			int st = 0;

			ASSERT_EQ(pid, waitpid(pid, &st, 0));
			if (round & 1) {
				ASSERT_TRUE(WIFEXITED(st));
				ASSERT_EQ(0, WEXITSTATUS(st));
			} else {
				ASSERT_TRUE(WIFSIGNALED(st)) TH_LOG("child status 0x%x", st);
				ASSERT_EQ(SIGKILL, WTERMSIG(st));
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* port_cancel                                                         */

TEST_ZX(cancel_check_order)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t ro = zxt_dup(_metadata, p, ZX_RIGHT_READ);
	zx_handle_t nowait = zxt_dup(_metadata, e, ZX_RIGHT_SIGNAL | ZX_RIGHT_INSPECT);
	zx_handle_t stale = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);

	zxt_close(_metadata, stale);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, 0));
	/* the port first, whatever the source */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(ZX_HANDLE_INVALID, e, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(ZX_HANDLE_INVALID, stale, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_cancel(e, e, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_cancel(e, stale, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(ro, e, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(ro, stale, 1));
	/* then the source: BAD_HANDLE, then WAIT (not WRITE) */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(p, ZX_HANDLE_INVALID, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(p, stale, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(p, nowait, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(p, p, 1));
	/* none of that touched the registration */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 1, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	zxt_port_empty(p);
	zxt_close(_metadata, nowait);
	zxt_close(_metadata, ro);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(cancel_pending_registration)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t w = zxt_dup(_metadata, p, ZX_RIGHT_WRITE);

	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 3));
	/* through any handle to the port with WRITE */
	EXPECT_EQ(ZX_OK, zx_port_cancel(w, e, 1));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 1));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 2, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	zxt_port_empty(p);
	/* delivered: nothing left to cancel */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 2));
	zxt_close(_metadata, w);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(cancel_queued_packet)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_port_packet_t pkt;

	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	/* both are queued now; cancel takes key 1's packet back */
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 1));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 1));
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 2, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	zxt_port_empty(p);
	/* a level wait that fired at once is queued, and canceled the same way */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 5, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 5));
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* One call cancels every registration and packet with that handle and key. */
TEST_ZX(cancel_all_matches)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_port_packet_t pkt;
	int i;

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 7, ZX_USER_SIGNAL_0, 0));
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 7, ZX_USER_SIGNAL_1, 0));
	}
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 8, ZX_USER_SIGNAL_1, 0));
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 7));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 7));
	zxt_port_empty(p);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 8, ZX_USER_SIGNAL_1, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* User packets have no source handle: port_cancel never removes them. */
TEST_ZX(cancel_leaves_user_packets)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_port_packet_t pkt = zxt_user_packet(1);

	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 1));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 1));
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(1u, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_USER, pkt.type);
	EXPECT_TRUE(zxt_user_packet_ok(&pkt));
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* Only what was registered through that very handle value. */
TEST_ZX(cancel_is_per_handle_value)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	zx_port_packet_t pkt;

	/* pending */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(d, p, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, d, 1));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, d, 1));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 1, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	zxt_port_empty(p);

	/* queued */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(d, p, 2, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 2));
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 2, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	zxt_port_empty(p);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, d, 2));

	/* a handle with only WAIT may cancel what was registered through it */
	{
		zx_handle_t wait_only = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);

		ASSERT_EQ(ZX_OK, zx_object_wait_async(wait_only, p, 3, ZX_USER_SIGNAL_1, 0));
		EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 3));
		EXPECT_EQ(ZX_OK, zx_port_cancel(p, wait_only, 3));
		zxt_close(_metadata, wait_only);
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	zxt_port_empty(p);
	zxt_close(_metadata, d);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* Only registrations on that port. */
TEST_ZX(cancel_is_per_port)
{
	zx_handle_t a = zxt_port(_metadata), b = zxt_port(_metadata), e = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, a, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(b, e, 1));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(b, 0, 1));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(b, e, 1));
	zxt_port_empty(b);
	zxt_expect_signal_packet(zxt_take(_metadata, a), 1, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	zxt_port_empty(a);
	zxt_close(_metadata, e);
	zxt_close(_metadata, b);
	zxt_close(_metadata, a);
}

/* ------------------------------------------------------------------ */
/* port_cancel_key                                                     */

TEST_ZX(cancel_key_check_order)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t ro = zxt_dup(_metadata, p, ZX_RIGHT_READ);
	zx_port_packet_t pkt = zxt_user_packet(1);

	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	/* options come before the handle */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_cancel_key(ZX_HANDLE_INVALID, 1, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_cancel_key(e, 1, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_cancel_key(ro, 0x80000000u, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_cancel_key(p, 1, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_cancel_key(p, 0xffffffffu, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel_key(ZX_HANDLE_INVALID, 0, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_cancel_key(e, 0, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel_key(ro, 0, 1));
	/* the packet is still there */
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(1u, pkt.key);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(p, 0, 1));
	zxt_close(_metadata, ro);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* Every registration and queued packet with the key, user packets included. */
TEST_ZX(cancel_key_everything_with_the_key)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata), f = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);
	zx_port_packet_t pkt;

	/* key 5: pending through e, d and f; queued through e; a user packet */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 5, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(d, p, 5, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(f, p, 5, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 5, ZX_USER_SIGNAL_1, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	pkt = zxt_user_packet(5);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	/* other keys: a registration, a user packet, a queued signal packet */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 6, ZX_USER_SIGNAL_0, 0));
	pkt = zxt_user_packet(7);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(f, p, 8, ZX_USER_SIGNAL_2, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(f, 0, ZX_USER_SIGNAL_2));

	EXPECT_EQ(ZX_OK, zx_port_cancel_key(p, 0, 5));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(p, 0, 5));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 5));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(f, 0, ZX_USER_SIGNAL_0));
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(7u, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_USER, pkt.type);
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 8, ZX_USER_SIGNAL_2, ZX_USER_SIGNAL_2);
	pkt = zxt_take(_metadata, p);
	zxt_expect_signal_packet(pkt, 6, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1);
	zxt_port_empty(p);

	/* just a user packet is enough to be found */
	pkt = zxt_user_packet(9);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	EXPECT_EQ(ZX_OK, zx_port_cancel_key(p, 0, 9));
	zxt_port_empty(p);
	zxt_close(_metadata, d);
	zxt_close(_metadata, f);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* Keys are 64 bits wide everywhere. */
TEST_ZX(keys_are_64_bits)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	const uint64_t hi = 0x100000001ull, lo = 1;
	zx_port_packet_t pkt;

	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, hi, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, lo));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(p, 0, lo));
	pkt = zxt_user_packet(~0ull);
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(p, 0, 0xffffffffull));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(~0ull, pkt.key);
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(hi, pkt.key);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* ------------------------------------------------------------------ */
/* rights                                                              */

static int bits_of(zx_rights_t mask, zx_rights_t *out)
{
	int n = 0, b;

	for (b = 0; b < 32; b++)
		if (mask & (1u << b))
			out[n++] = 1u << b;
	return n;
}

/* Every subset of 0x800F against every port call. */
TEST_ZX(rights_matrix)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_rights_t bit[32];
	int n = bits_of(ZX_DEFAULT_PORT_RIGHTS, bit);
	unsigned int mask;

	ASSERT_EQ(5, n);
	for (mask = 0; mask < (1u << n); mask++) {
		zx_rights_t r = 0;
		zx_handle_t d, d2 = ZX_HANDLE_INVALID;
		zx_port_packet_t pkt = zxt_user_packet(mask);
		zx_info_handle_count_t cnt;
		zx_status_t want;
		int i;

		for (i = 0; i < n; i++)
			if (mask & (1u << i))
				r |= bit[i];
		d = zxt_dup(_metadata, p, r);
		EXPECT_EQ(r, zxt_rights(_metadata, d));

		want = (r & ZX_RIGHT_WRITE) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_port_queue(d, &pkt)) TH_LOG("rights 0x%x", r);
		if (want == ZX_OK)
			EXPECT_EQ(mask, zxt_take(_metadata, p).key);
		zxt_port_empty(p);

		ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
		want = (r & ZX_RIGHT_READ) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_port_wait(d, 0, &pkt)) TH_LOG("rights 0x%x", r);
		if (want != ZX_OK)
			EXPECT_EQ(mask, zxt_take(_metadata, p).key);
		zxt_port_empty(p);
		want = (r & ZX_RIGHT_READ) ? ZX_ERR_TIMED_OUT : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_port_wait(d, 0, &pkt)) TH_LOG("rights 0x%x", r);

		want = (r & ZX_RIGHT_WRITE) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_object_wait_async(e, d, 1, ZX_USER_SIGNAL_0, 0))
			TH_LOG("rights 0x%x", r);
		want = (r & ZX_RIGHT_WRITE) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_port_cancel(d, e, 1)) TH_LOG("rights 0x%x", r);
		want = (r & ZX_RIGHT_WRITE) ? ZX_ERR_NOT_FOUND : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_port_cancel(d, e, 1)) TH_LOG("rights 0x%x", r);
		EXPECT_EQ(want, zx_port_cancel_key(d, 0, 1)) TH_LOG("rights 0x%x", r);
		/* options are checked before any right */
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_cancel_key(d, 1, 1));

		want = (r & ZX_RIGHT_INSPECT) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_object_get_info(d, ZX_INFO_HANDLE_COUNT, &cnt, sizeof(cnt),
						   NULL, NULL)) TH_LOG("rights 0x%x", r);
		want = (r & ZX_RIGHT_DUPLICATE) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_handle_duplicate(d, ZX_RIGHT_SAME_RIGHTS, &d2));
		if (d2 != ZX_HANDLE_INVALID)
			zxt_close(_metadata, d2);
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_one(d, ZX_USER_SIGNAL_0, 0, NULL));
		zxt_close(_metadata, d);
	}
	zxt_port_empty(p);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, p));
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* ------------------------------------------------------------------ */
/* closing ports                                                       */

/* The last close frees queued packets and detaches every registration. */
TEST_ZX(close_with_work_pending)
{
	enum { NEV = 16 };
	zx_handle_t e[NEV], p = zxt_port(_metadata), p2;
	zx_port_packet_t pkt;
	int i;

	for (i = 0; i < NEV; i++) {
		e[i] = zxt_event(_metadata);
		/* pending on even events, queued on odd ones, both on every third */
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e[i], p, (uint64_t)i, ZX_USER_SIGNAL_0, 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e[i], p, (uint64_t)i, ZX_USER_SIGNAL_1,
						      ZX_WAIT_ASYNC_TIMESTAMP));
		if (i & 1) {
			ASSERT_EQ(ZX_OK, zx_object_signal(e[i], 0, ZX_USER_SIGNAL_0));
		}
		pkt = zxt_user_packet((uint64_t)i);
		ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	}
	zxt_close(_metadata, p);
	/* matches after the close go nowhere; the events are unharmed */
	for (i = 0; i < NEV; i++) {
		ASSERT_EQ(ZX_OK, zx_object_signal(e[i], 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1));
		EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, zxt_signals(_metadata, e[i]));
		EXPECT_EQ(1u, zxt_handle_count(_metadata, e[i]));
	}
	/* and they can be watched through a new port */
	p2 = zxt_port(_metadata);
	for (i = 0; i < NEV; i++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e[i], p2, (uint64_t)i, ZX_USER_SIGNAL_1, 0));
	}
	/* already active: each fired at once, in registration order */
	for (i = 0; i < NEV; i++) {
		pkt = zxt_take(_metadata, p2);
		EXPECT_EQ((uint64_t)i, pkt.key);
	}
	zxt_port_empty(p2);
	zxt_close(_metadata, p2);
	for (i = 0; i < NEV; i++)
		zxt_close(_metadata, e[i]);
}

/* Closing one handle to a port is not closing the port. */
TEST_ZX(close_one_of_two_port_handles)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, p, ZX_RIGHT_SAME_RIGHTS);
	zx_port_packet_t pkt = zxt_user_packet(1);

	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_0, 0));
	zxt_close(_metadata, p);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_queue(p, &pkt));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	pkt = zxt_take(_metadata, d);
	EXPECT_EQ(1u, pkt.key);
	pkt = zxt_take(_metadata, d);
	zxt_expect_signal_packet(pkt, 2, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	/* delivered: nothing left for any handle to the port to cancel */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(d, e, 2));
	zxt_port_empty(d);
	zxt_close(_metadata, d);
	zxt_close(_metadata, e);
}

/* Many ports, closed with their queues full. */
TEST_ZX(many_full_ports_closed)
{
	enum { NP = 16 };
	zx_handle_t p[NP];
	int i, k;

	for (i = 0; i < NP; i++) {
		p[i] = zxt_port(_metadata);
		for (k = 0; k < PORT_MAX_USER_PACKETS; k++) {
			zx_port_packet_t pkt = zxt_user_packet((uint64_t)k);

			ASSERT_EQ(ZX_OK, zx_port_queue(p[i], &pkt));
		}
	}
	ASSERT_EQ(ZX_OK, zx_handle_close_many(p, NP));
}

/* ------------------------------------------------------------------ */
/* races                                                               */

struct queue_close_race {
	pthread_barrier_t start, end;
	zx_handle_t port;
	bool stop;
	unsigned long ok;
	zx_status_t last;
};

static void *queue_close_queuer(void *arg)
{
	struct queue_close_race *r = arg;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->ok = 0;
		for (;;) {
			zx_port_packet_t pkt = zxt_user_packet(r->ok);

			r->last = zx_port_queue(r->port, &pkt);
			if (r->last != ZX_OK || ++r->ok == PORT_MAX_USER_PACKETS)
				break;
		}
		pthread_barrier_wait(&r->end);
	}
}

/* Queueing while the port's last handle closes: OK, or BAD_HANDLE. */
TEST_ZX_SLOW(queue_races_last_close)
{
	struct queue_close_race r = { 0 };
	unsigned long bad = 0, full = 0, total = 0;
	struct zxt_loop loop;
	pthread_t t;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, queue_close_queuer, &r));
	zxt_loop_init(&loop, 200, 20000);
	while (zxt_loop_next(&loop)) {
		r.port = zxt_port(_metadata);
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close(r.port));
		pthread_barrier_wait(&r.end);
		total += r.ok;
		if (r.ok == PORT_MAX_USER_PACKETS) {
			full++;
		} else {
			ASSERT_EQ(ZX_ERR_BAD_HANDLE, r.last) TH_LOG("iteration %lu", loop.done);
			bad++;
		}
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	TH_LOG("%lu iterations: %lu packets queued, %lu ended in BAD_HANDLE, %lu filled the port",
	       loop.done, total, bad, full);
}

/* Many threads draining one port: no packet lost, none duplicated. */
enum { DRAINERS = 6, PRODUCERS = 3, DRAIN_EVENTS = 8 };

#define DRAIN_STOP_KEY (~0ull)

struct drain {
	zx_handle_t port;
	zx_handle_t events[DRAIN_EVENTS];
	uint8_t *seen;			/* per key, incremented by drainers */
	uint8_t *made;			/* per key, set by producers */
	unsigned long max;
	unsigned long next;		/* next key to hand out */
	int64_t end_ns;
	unsigned long min;
	pthread_barrier_t start;
	int fail_line;
	long long fail_got, fail_want;
};

#define D_CHECK(want, got) do { \
	long long __w = (long long)(want), __g = (long long)(got); \
	if (__w != __g) { \
		__atomic_store_n(&d->fail_want, __w, __ATOMIC_RELAXED); \
		__atomic_store_n(&d->fail_got, __g, __ATOMIC_RELAXED); \
		__atomic_store_n(&d->fail_line, __LINE__, __ATOMIC_RELEASE); \
		return NULL; \
	} \
} while (0)

static void *drain_main(void *arg)
{
	struct drain *d = arg;

	pthread_barrier_wait(&d->start);
	for (;;) {
		zx_port_packet_t pkt;
		zx_status_t st = zx_port_wait(d->port, zx_deadline_after(ZXT_SEC(60)), &pkt);

		D_CHECK(ZX_OK, st);
		if (pkt.key == DRAIN_STOP_KEY)
			return NULL;
		D_CHECK(1, pkt.key < d->max);
		if (pkt.type == ZX_PKT_TYPE_USER) {
			D_CHECK(1, zxt_user_packet_ok(&pkt));
		} else {
			D_CHECK(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
			D_CHECK(ZX_USER_SIGNAL_0, pkt.signal.trigger);
			D_CHECK(1, pkt.signal.count);
		}
		__atomic_add_fetch(&d->seen[pkt.key], 1, __ATOMIC_RELAXED);
	}
}

static void *produce_main(void *arg)
{
	struct drain *d = arg;

	pthread_barrier_wait(&d->start);
	for (;;) {
		unsigned long k = __atomic_fetch_add(&d->next, 1, __ATOMIC_RELAXED);
		zx_status_t st;

		if (k >= d->max || (k >= d->min && zxt_mono_ns() > d->end_ns))
			return NULL;
		d->made[k] = 1;
		if (k % 3) {
			zx_port_packet_t pkt = zxt_user_packet(k);

			while ((st = zx_port_queue(d->port, &pkt)) == ZX_ERR_SHOULD_WAIT)
				sched_yield();
			D_CHECK(ZX_OK, st);
		} else {
			zx_handle_t e = d->events[k % DRAIN_EVENTS];

			/* level: fires now if USER_0 is still up, else at the set below */
			D_CHECK(ZX_OK, zx_object_wait_async(e, d->port, k, ZX_USER_SIGNAL_0, 0));
			D_CHECK(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
			D_CHECK(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
		}
	}
}

TEST_ZX_SLOW(many_threads_drain_one_port)
{
	struct drain *d = calloc(1, sizeof(*d));
	pthread_t dr[DRAINERS], pr[PRODUCERS];
	unsigned long k, made = 0;
	int i;

	ASSERT_NE(NULL, d);
	d->port = zxt_port(_metadata);
	for (i = 0; i < DRAIN_EVENTS; i++)
		d->events[i] = zxt_event(_metadata);
	d->max = 200000;
	d->min = 3000;
	d->seen = calloc(d->max, 1);
	d->made = calloc(d->max, 1);
	ASSERT_NE(NULL, d->seen);
	ASSERT_NE(NULL, d->made);
	d->end_ns = zxt_mono_ns() + zxt_budget_ns();
	ASSERT_EQ(0, pthread_barrier_init(&d->start, NULL, DRAINERS + PRODUCERS));
	for (i = 0; i < DRAINERS; i++)
		ASSERT_EQ(0, pthread_create(&dr[i], NULL, drain_main, d));
	for (i = 0; i < PRODUCERS; i++)
		ASSERT_EQ(0, pthread_create(&pr[i], NULL, produce_main, d));
	for (i = 0; i < PRODUCERS; i++)
		ASSERT_EQ(0, pthread_join(pr[i], NULL));
	/* everything produced is queued (FIFO) ahead of the stop packets */
	for (i = 0; i < DRAINERS; i++) {
		zx_port_packet_t stop = zxt_user_packet(DRAIN_STOP_KEY);

		while (zx_port_queue(d->port, &stop) == ZX_ERR_SHOULD_WAIT)
			sched_yield();
	}
	for (i = 0; i < DRAINERS; i++)
		ASSERT_EQ(0, pthread_join(dr[i], NULL));
	ASSERT_EQ(0, d->fail_line) TH_LOG("line %d: got %lld, want %lld",
					  d->fail_line, d->fail_got, d->fail_want);
	for (k = 0; k < d->max; k++) {
		made += d->made[k];
		ASSERT_EQ(d->made[k], d->seen[k]) TH_LOG("key %lu", k);
	}
	zxt_port_empty(d->port);
	TH_LOG("%lu packets through %d drainers", made, DRAINERS);
	for (i = 0; i < DRAIN_EVENTS; i++)
		zxt_close(_metadata, d->events[i]);
	zxt_close(_metadata, d->port);
	free(d->seen);
	free(d->made);
	free(d);
}

TEST_HARNESS_MAIN
