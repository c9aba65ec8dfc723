// SPDX-License-Identifier: GPL-2.0
/*
 * Signal semantics shared by every object: which transitions wake a
 * waiter, what it observes, atomic clear-then-set, and that the synthetic
 * HANDLE_CLOSED bit never becomes object state (spec 1.2, 2.6, 3.1, 5).
 */
#define ZXT_FIXTURE signals
#include "zx_selftest.h"

TEST_ZX(user_signals_start_inactive)
{
	zx_handle_t e = zxt_event(_metadata), a, b;

	zxt_eventpair(_metadata, &a, &b);
	EXPECT_EQ(0u, zxt_signals(_metadata, e));
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(0u, zxt_signals(_metadata, b));
	zxt_close(_metadata, e);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Setting then clearing an unwatched bit never satisfies a wait. */
TEST_ZX(clearing_wakes_nobody)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;
	int i;

	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
		ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_1, 0));
		ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
	}
	/* still waiting */
	EXPECT_FALSE(zxt_waiter_done(&w));
	zxt_wait_blocked(w.tid, ZIRCON_IOC_OBJECT_WAIT_ONE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, w.observed);
	zxt_close(_metadata, e);
}

/* A waiter observes the state at the matching transition, nothing later. */
TEST_ZX(snapshot_at_match)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_5));
	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	/* these happen after the match: the waiter must not see them */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_5, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_5, w.observed);
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, e));
	zxt_close(_metadata, e);
}

/* Clear and set in one call are one transition. */
TEST_ZX(clear_and_set_atomic)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_2));
	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_1, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_1));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_2, w.observed);
	zxt_close(_metadata, e);
}

TEST_ZX(any_watched_bit_matches)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;

	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7 | ZX_EVENT_SIGNALED,
				 ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_7));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_7, w.observed);
	zxt_close(_metadata, e);
}

/* One transition releases exactly the waiters it matches. */
TEST_ZX(one_transition_many_waiters)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w0, w1, w2;

	zxt_waiter_start_blocked(&w0, e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	zxt_waiter_start_blocked(&w1, e, ZX_USER_SIGNAL_1, ZX_TIME_INFINITE);
	zxt_waiter_start_blocked(&w2, e, ZX_USER_SIGNAL_2, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1));
	zxt_waiter_join(&w0);
	zxt_waiter_join(&w1);
	EXPECT_EQ(ZX_OK, w0.status);
	EXPECT_EQ(ZX_OK, w1.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, w0.observed);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, w1.observed);
	/* w2 is still blocked */
	EXPECT_FALSE(zxt_waiter_done(&w2));
	zxt_wait_blocked(w2.tid, ZIRCON_IOC_OBJECT_WAIT_ONE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_2));
	zxt_waiter_join(&w2);
	EXPECT_EQ(ZX_OK, w2.status);
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_2, w2.observed);
	zxt_close(_metadata, e);
}

/* The same waiter semantics through an eventpair's peer. */
TEST_ZX(signal_peer_snapshot)
{
	zx_handle_t a, b;
	struct zxt_waiter w;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_object_signal(b, 0, ZX_USER_SIGNAL_4));
	zxt_waiter_start_blocked(&w, b, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, ZX_USER_SIGNAL_1, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, ZX_USER_SIGNAL_4, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_3));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, w.observed);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* HANDLE_CLOSED is reported to a canceled wait but is not object state. */
TEST_ZX(handle_closed_is_synthetic)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	struct zxt_waiter w;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_6));
	zxt_waiter_start_blocked(&w, d, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	zxt_close(_metadata, d);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_6 | ZX_SIGNAL_HANDLE_CLOSED, w.observed);
	EXPECT_EQ(ZX_USER_SIGNAL_6, zxt_signals(_metadata, e));
	/* and a wait for it never matches */
	{
		zx_signals_t obs = 0;

		EXPECT_EQ(ZX_ERR_TIMED_OUT,
			  zx_object_wait_one(e, ZX_SIGNAL_HANDLE_CLOSED, 0, &obs));
		EXPECT_EQ(ZX_USER_SIGNAL_6, obs);
	}
	zxt_close(_metadata, e);
}

/* Signals belong to the object: they survive duplicate, replace, close of others. */
TEST_ZX(state_belongs_to_object)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	zx_handle_t r = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_2 | ZX_EVENT_SIGNALED));
	ASSERT_EQ(ZX_OK, zx_handle_replace(d, ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL, &r));
	EXPECT_EQ(ZX_USER_SIGNAL_2 | ZX_EVENT_SIGNALED, zxt_signals(_metadata, r));
	ASSERT_EQ(ZX_OK, zx_object_signal(r, ZX_EVENT_SIGNALED, 0));
	zxt_close(_metadata, e);
	EXPECT_EQ(ZX_USER_SIGNAL_2, zxt_signals(_metadata, r));
	zxt_close(_metadata, r);
}

/* A level wait for an already active signal completes at once. */
TEST_ZX(level_triggered)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_signals_t obs = 0;
	int i;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1));
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(ZX_OK, zx_object_wait_one(e, ZX_USER_SIGNAL_1, ZX_TIME_INFINITE, &obs));
		EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, obs);
	}
	/* setting an active bit again changes nothing */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, zxt_signals(_metadata, e));
	zxt_close(_metadata, e);
}

TEST_HARNESS_MAIN
