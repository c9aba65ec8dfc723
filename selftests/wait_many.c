// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_wait_many: the order of its checks (count 0, count > 64, the
 * items copy, then each item's handle and rights), pending for every item
 * (snapshot for the matched ones, current state for the others), up to 64
 * items, cancellation, duplicate handles (spec 2.9).
 */
#define ZXT_FIXTURE wait_many
#include "zx_selftest.h"

#define POISON 0xdeadbeefu

static void fill(zx_wait_item_t *it, size_t n, zx_handle_t h, zx_signals_t waitfor)
{
	size_t i;

	for (i = 0; i < n; i++) {
		it[i].handle = h;
		it[i].waitfor = waitfor;
		it[i].pending = POISON;
	}
}

TEST_ZX(count_zero_sleeps_until_deadline)
{
	zx_wait_item_t it[1];
	zx_time_t deadline;

	deadline = zx_deadline_after(ZXT_MSEC(100));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(NULL, 0, deadline));
	EXPECT_GE(zxt_mono_ns(), deadline);

	fill(it, 1, ZX_HANDLE_INVALID, ZX_USER_SIGNAL_0);
	deadline = zx_deadline_after(ZXT_MSEC(20));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 0, deadline));
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(POISON, it[0].pending);

	/* count 0 comes before the items pointer is looked at */
	deadline = zx_deadline_after(ZXT_MSEC(20));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many((zx_wait_item_t *)1, 0, deadline));
	EXPECT_GE(zxt_mono_ns(), deadline);
}

TEST_ZX(count_zero_past_deadline)
{
	int64_t t0 = zxt_mono_ns();

	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(NULL, 0, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(NULL, 0, ZX_TIME_INFINITE_PAST));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_many(NULL, 0, zx_clock_get_monotonic() - ZXT_SEC(20)));
	EXPECT_LT(zxt_mono_ns() - t0, ZXT_SEC(10));
}

TEST_ZX(count_zero_linux_signal)
{
	struct zxt_interrupter in;
	zx_time_t deadline;
	zx_status_t st;

	zxt_intr_install(SIGUSR1, 0);
	deadline = zx_deadline_after(ZXT_MSEC(300));
	/* 0: whatever system call the library sleeps in */
	zxt_interrupter_start(&in, 0, SIGUSR1, 5, ZX_HANDLE_INVALID, 0);
	st = zx_object_wait_many(NULL, 0, deadline);
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, st);
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_GE(in.sent, 1);
}

TEST_ZX(too_many_items)
{
	zx_wait_item_t it[ZX_WAIT_MANY_MAX_ITEMS + 1];
	zx_handle_t e = zxt_event(_metadata);

	EXPECT_EQ(64u, ZX_WAIT_MANY_MAX_ITEMS);
	/* checked before the items are read */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_object_wait_many(NULL, 65, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_object_wait_many(NULL, 65, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_object_wait_many((zx_wait_item_t *)1, 1000, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_object_wait_many(NULL, SIZE_MAX, 0));
	/* and with valid items, including an active one */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	fill(it, 65, e, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_object_wait_many(it, 65, 0));
	EXPECT_EQ(POISON, it[0].pending);
	EXPECT_EQ(POISON, it[64].pending);
	zxt_close(_metadata, e);
}

TEST_ZX(bad_items_pointer)
{
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_wait_many(NULL, 1, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_wait_many(NULL, 64, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_wait_many((zx_wait_item_t *)1, 2, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_many((zx_wait_item_t *)(uintptr_t)-4096, 2, ZX_TIME_INFINITE));
}

TEST_ZX(bad_handle_item)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t stale = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	zx_wait_item_t it[3];

	zxt_close(_metadata, stale);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));

	fill(it, 3, e, ZX_USER_SIGNAL_0);
	it[1].handle = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_many(it, 3, 0));
	EXPECT_EQ(POISON, it[0].pending);
	EXPECT_EQ(POISON, it[1].pending);
	EXPECT_EQ(POISON, it[2].pending);

	fill(it, 3, e, ZX_USER_SIGNAL_0);
	it[2].handle = stale;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_many(it, 3, ZX_TIME_INFINITE));
	EXPECT_EQ(POISON, it[0].pending);
	EXPECT_EQ(POISON, it[2].pending);

	fill(it, 1, ZX_HANDLE_INVALID, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_many(it, 1, 0));
	EXPECT_EQ(POISON, it[0].pending);
	zxt_close(_metadata, e);
}

TEST_ZX(access_denied_item)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t nowait = zxt_dup(_metadata, e, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_WAIT);
	zx_handle_t waitonly = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);
	zx_wait_item_t it[3];

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));

	fill(it, 3, e, ZX_USER_SIGNAL_0);
	it[1].handle = nowait;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_many(it, 3, ZX_TIME_INFINITE));
	EXPECT_EQ(POISON, it[0].pending);
	EXPECT_EQ(POISON, it[1].pending);

	/* items are checked in order: the first failing one decides */
	fill(it, 3, e, ZX_USER_SIGNAL_0);
	it[0].handle = ZX_HANDLE_INVALID;
	it[1].handle = nowait;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_many(it, 3, 0));
	fill(it, 3, e, ZX_USER_SIGNAL_0);
	it[0].handle = nowait;
	it[1].handle = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_many(it, 3, 0));
	EXPECT_EQ(POISON, it[2].pending);

	/* WAIT alone is enough */
	fill(it, 2, waitonly, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(it, 2, 0));
	EXPECT_EQ(ZX_USER_SIGNAL_0, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_0, it[1].pending);
	zxt_close(_metadata, nowait);
	zxt_close(_metadata, waitonly);
	zxt_close(_metadata, e);
}

/* Failed waits leave no observer behind: the objects still work normally. */
TEST_ZX(failed_wait_leaves_nothing)
{
	zx_handle_t e = zxt_event(_metadata), f = zxt_event(_metadata);
	zx_wait_item_t it[3];
	struct zxt_waiter w;

	fill(it, 3, e, ZX_USER_SIGNAL_0);
	it[1].handle = f;
	it[2].handle = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_many(it, 3, ZX_TIME_INFINITE));
	/* closing e must not "cancel" a leftover; a fresh wait works */
	zxt_waiter_start_blocked(&w, f, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	zxt_close(_metadata, e);
	EXPECT_FALSE(zxt_waiter_done(&w));
	ASSERT_EQ(ZX_OK, zx_object_signal(f, 0, ZX_USER_SIGNAL_0));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	zxt_close(_metadata, f);
}

TEST_ZX(already_active)
{
	zx_handle_t e0 = zxt_event(_metadata), e1 = zxt_event(_metadata);
	zx_wait_item_t it[2];

	ASSERT_EQ(ZX_OK, zx_object_signal(e0, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3));
	ASSERT_EQ(ZX_OK, zx_object_signal(e1, 0, ZX_USER_SIGNAL_1));
	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	EXPECT_EQ(ZX_OK, zx_object_wait_many(it, 2, 0));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3, it[0].pending);
	/* not matched: its current state, unwatched bits included */
	EXPECT_EQ(ZX_USER_SIGNAL_1, it[1].pending);

	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	EXPECT_EQ(ZX_OK, zx_object_wait_many(it, 2, ZX_TIME_INFINITE_PAST));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_1, it[1].pending);
	zxt_close(_metadata, e0);
	zxt_close(_metadata, e1);
}

TEST_ZX(timeout_reports_current_state)
{
	zx_handle_t e0 = zxt_event(_metadata), e1 = zxt_event(_metadata);
	zx_wait_item_t it[2];
	zx_time_t deadline;

	ASSERT_EQ(ZX_OK, zx_object_signal(e1, 0, ZX_USER_SIGNAL_1 | ZX_EVENT_SIGNALED));
	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 2, 0));
	EXPECT_EQ(0u, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_EVENT_SIGNALED, it[1].pending);

	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	deadline = zx_deadline_after(ZXT_MSEC(50));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 2, deadline));
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(0u, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_EVENT_SIGNALED, it[1].pending);

	/* waitfor 0 everywhere: nothing can match */
	fill(it, 2, e1, 0);
	deadline = zx_deadline_after(ZXT_MSEC(20));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 2, deadline));
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_EVENT_SIGNALED, it[0].pending);
	zxt_close(_metadata, e0);
	zxt_close(_metadata, e1);
}

/* Like Zircon's ObjectWaitManyTest.TransientSignalsNotReturned. */
TEST_ZX(match_snapshot)
{
	zx_handle_t e0 = zxt_event(_metadata), e1 = zxt_event(_metadata);
	zx_wait_item_t it[2];
	struct zxt_many_waiter w;

	ASSERT_EQ(ZX_OK, zx_object_signal(e1, 0, ZX_USER_SIGNAL_1));
	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	zxt_many_waiter_start_blocked(&w, it, 2, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e0, 0, ZX_USER_SIGNAL_2));
	ASSERT_EQ(ZX_OK, zx_object_signal(e0, ZX_USER_SIGNAL_2, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e0, 0, ZX_USER_SIGNAL_0));
	/* after the match: not in the matched item's snapshot */
	ASSERT_EQ(ZX_OK, zx_object_signal(e0, 0, ZX_USER_SIGNAL_5));
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_1, it[1].pending);
	zxt_close(_metadata, e0);
	zxt_close(_metadata, e1);
}

TEST_ZX(max_items)
{
	enum { N = ZX_WAIT_MANY_MAX_ITEMS };
	zx_handle_t e[N];
	zx_wait_item_t it[N];
	struct zxt_many_waiter w;
	zx_time_t deadline;
	int i;

	for (i = 0; i < N; i++) {
		e[i] = zxt_event(_metadata);
		it[i].handle = e[i];
		it[i].waitfor = ZX_USER_SIGNAL_0;
		it[i].pending = POISON;
	}
	deadline = zx_deadline_after(ZXT_MSEC(20));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, N, deadline));
	EXPECT_GE(zxt_mono_ns(), deadline);
	for (i = 0; i < N; i++) {
		EXPECT_EQ(0u, it[i].pending) TH_LOG("item %d", i);
		it[i].pending = POISON;
	}

	zxt_many_waiter_start_blocked(&w, it, N, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e[37], 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_4));
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	for (i = 0; i < N; i++) {
		EXPECT_EQ(i == 37 ? ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_4 : 0u, it[i].pending)
			TH_LOG("item %d", i);
	}
	/* the last item also counts */
	for (i = 0; i < N; i++)
		it[i].pending = POISON;
	ASSERT_EQ(ZX_OK, zx_object_signal(e[37], ZX_USER_SIGNAL_0, 0));
	zxt_many_waiter_start_blocked(&w, it, N, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e[N - 1], 0, ZX_USER_SIGNAL_0));
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, it[N - 1].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_4, it[37].pending);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(e, N));
}

TEST_ZX(close_cancels)
{
	zx_handle_t e0 = zxt_event(_metadata), e1 = zxt_event(_metadata);
	zx_handle_t keep = zxt_dup(_metadata, e0, ZX_RIGHT_SAME_RIGHTS);
	zx_wait_item_t it[2];
	struct zxt_many_waiter w;

	ASSERT_EQ(ZX_OK, zx_object_signal(e0, 0, ZX_USER_SIGNAL_6));
	ASSERT_EQ(ZX_OK, zx_object_signal(e1, 0, ZX_USER_SIGNAL_1));
	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	zxt_many_waiter_start_blocked(&w, it, 2, ZX_TIME_INFINITE);
	zxt_close(_metadata, e0);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED | ZX_USER_SIGNAL_6, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_1, it[1].pending);
	zxt_close(_metadata, keep);
	zxt_close(_metadata, e1);
}

/* The same handle value twice: a match and a close affect both entries. */
TEST_ZX(same_handle_twice)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_wait_item_t it[2];
	struct zxt_many_waiter w;

	fill(it, 2, e, ZX_USER_SIGNAL_0);
	it[1].waitfor = ZX_USER_SIGNAL_1;
	zxt_many_waiter_start_blocked(&w, it, 2, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_1, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_1, it[1].pending);

	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_1, ZX_USER_SIGNAL_3));
	fill(it, 2, e, ZX_USER_SIGNAL_0);
	zxt_many_waiter_start_blocked(&w, it, 2, ZX_TIME_INFINITE);
	zxt_close(_metadata, e);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED | ZX_USER_SIGNAL_3, it[0].pending);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED | ZX_USER_SIGNAL_3, it[1].pending);
}

/* Two handles to one object: closing one cancels only its entries. */
TEST_ZX(duplicate_handles)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	zx_wait_item_t it[3];
	struct zxt_many_waiter w;

	fill(it, 3, e, ZX_USER_SIGNAL_0);
	it[1].handle = d;
	zxt_many_waiter_start_blocked(&w, it, 3, ZX_TIME_INFINITE);
	zxt_close(_metadata, d);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(0u, it[0].pending);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED, it[1].pending);
	EXPECT_EQ(0u, it[2].pending);
	zxt_close(_metadata, e);
}

TEST_ZX(mixed_objects)
{
	zx_handle_t e = zxt_event(_metadata), a, b;
	zx_wait_item_t it[3];
	struct zxt_many_waiter w;

	zxt_eventpair(_metadata, &a, &b);
	it[0] = (zx_wait_item_t){ e, ZX_EVENT_SIGNALED, POISON };
	it[1] = (zx_wait_item_t){ b, ZX_EVENTPAIR_PEER_CLOSED, POISON };
	it[2] = (zx_wait_item_t){ a, ZX_USER_SIGNAL_0, POISON };
	zxt_many_waiter_start_blocked(&w, it, 2, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_2));
	zxt_close(_metadata, a);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(0u, it[0].pending);
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED | ZX_USER_SIGNAL_2, it[1].pending);
	/* count 2: the third item was neither used nor written */
	EXPECT_EQ(POISON, it[2].pending);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
}

static void linux_signal_many(struct __test_metadata *_metadata, int signo, int flags)
{
	zx_handle_t e0 = zxt_event(_metadata), e1 = zxt_event(_metadata);
	zx_wait_item_t it[2];
	struct zxt_interrupter in;
	zx_time_t deadline;
	zx_status_t st;

	zxt_intr_install(signo, flags);

	/* until the deadline */
	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	deadline = zx_deadline_after(ZXT_MSEC(300));
	zxt_interrupter_start(&in, ZIRCON_IOC_OBJECT_WAIT_MANY, signo, 5, ZX_HANDLE_INVALID, 0);
	st = zx_object_wait_many(it, 2, deadline);
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, st);
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_GE(in.sent, 1);
	EXPECT_EQ(0u, it[0].pending);
	EXPECT_EQ(0u, it[1].pending);

	/* until the match */
	fill(it, 2, e0, ZX_USER_SIGNAL_0);
	it[1].handle = e1;
	zxt_interrupter_start(&in, ZIRCON_IOC_OBJECT_WAIT_MANY, signo, 5, e1, ZX_USER_SIGNAL_0);
	st = zx_object_wait_many(it, 2, ZX_TIME_INFINITE);
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ZX_OK, st);
	EXPECT_EQ(5, in.sent);
	EXPECT_EQ(0u, it[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_0, it[1].pending);
	zxt_close(_metadata, e0);
	zxt_close(_metadata, e1);
}

TEST_ZX(linux_signal_sa_restart)
{
	linux_signal_many(_metadata, SIGALRM, SA_RESTART);
}

TEST_ZX(linux_signal_no_restart)
{
	linux_signal_many(_metadata, SIGUSR1, 0);
}

TEST_HARNESS_MAIN
