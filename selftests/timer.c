// SPDX-License-Identifier: GPL-2.0
/*
 * Timers: zx_timer_create, zx_timer_set and zx_timer_cancel with Zircon's
 * checks (negative slack before the handle), ZX_TIMER_SIGNALED cleared by
 * set and cancel, past deadlines signaled at once, future ones never
 * before deadline - slack, re-arming, the last close, every subset of the
 * default rights, timers watched through ports; and the races: set and
 * cancel against expiry, close against expiry, expiry against the port's
 * close.
 */
#define ZXT_FIXTURE timer
#include "zx_selftest.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* The earliest a timer set for @dl with @slack may fire. */
static zx_time_t earliest(uint32_t options, zx_time_t dl, zx_duration_t slack)
{
	return options == ZX_TIMER_SLACK_LATE ? dl : dl - slack;
}

/* ------------------------------------------------------------------ */
/* create                                                              */

TEST_ZX(create_defaults)
{
	uint32_t opt;

	for (opt = ZX_TIMER_SLACK_CENTER; opt <= ZX_TIMER_SLACK_LATE; opt++) {
		zx_handle_t t = zxt_timer(_metadata, opt);
		zx_info_handle_basic_t info = zxt_info(_metadata, t);

		EXPECT_EQ(3u, t & 3u);
		EXPECT_EQ(ZX_OBJ_TYPE_TIMER, info.type);
		EXPECT_EQ(22u, info.type);
		EXPECT_EQ(0xD00Bu, info.rights);
		EXPECT_EQ(ZX_DEFAULT_TIMER_RIGHTS, info.rights);
		EXPECT_GE(info.koid, ZX_KOID_FIRST);
		EXPECT_EQ(0u, info.related_koid);
		/* not signaled, not armed */
		EXPECT_EQ(0u, zxt_signals(_metadata, t));
		EXPECT_EQ(1u, zxt_handle_count(_metadata, t));
		zxt_close(_metadata, t);
	}
}

TEST_ZX(create_bad_args)
{
	const uint32_t bad_opts[] = { 3, 4, 0x100, 0x80000000u, 0xffffffffu };
	const zx_clock_t bad_clocks[] = { 1, 2, 3, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_opts); i++) {
		zx_handle_t h = 0x1234;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_timer_create(bad_opts[i], ZX_CLOCK_MONOTONIC, &h))
			TH_LOG("options 0x%x", bad_opts[i]);
		EXPECT_EQ(0x1234u, h);
	}
	for (i = 0; i < ARRAY_SIZE(bad_clocks); i++) {
		zx_handle_t h = 0x1234;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_timer_create(0, bad_clocks[i], &h))
			TH_LOG("clock 0x%x", bad_clocks[i]);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_timer_create(bad_opts[i], bad_clocks[i], &h));
		EXPECT_EQ(0x1234u, h);
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_timer_create(0, ZX_CLOCK_MONOTONIC, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_timer_create(ZX_TIMER_SLACK_LATE, ZX_CLOCK_MONOTONIC, NULL));
}

/* ------------------------------------------------------------------ */
/* set                                                                 */

TEST_ZX(past_deadline_signals_at_once)
{
	zx_handle_t t = zxt_timer(_metadata, 0);
	zx_time_t now = zx_clock_get_monotonic();
	const zx_time_t dls[] = { 0, -1, ZX_TIME_INFINITE_PAST, 1, now - ZXT_SEC(1), now };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dls); i++) {
		ASSERT_EQ(ZX_OK, zx_timer_set(t, dls[i], 0)) TH_LOG("deadline %lld",
								      (long long)dls[i]);
		/* signaled before set returned */
		EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t)) TH_LOG("deadline %lld",
									      (long long)dls[i]);
		ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
		EXPECT_EQ(0u, zxt_signals(_metadata, t));
	}
	/* with slack too */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t));
	zxt_close(_metadata, t);
}

TEST_ZX(set_clears_signaled_first)
{
	zx_handle_t t = zxt_timer(_metadata, 0);

	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE, 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, t));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_SEC(3600)), 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, t));
	/* and set again in the past: cleared, then signaled again */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t));
	zxt_close(_metadata, t);
}

/* A future deadline: not before deadline - slack (deadline for LATE). */
TEST_ZX(future_deadline)
{
	const zx_duration_t slacks[] = { 0, ZXT_MSEC(5), ZXT_MSEC(20) };
	uint32_t opt;
	unsigned int i;

	for (opt = ZX_TIMER_SLACK_CENTER; opt <= ZX_TIMER_SLACK_LATE; opt++) {
		for (i = 0; i < ARRAY_SIZE(slacks); i++) {
			zx_handle_t t = zxt_timer(_metadata, opt);
			zx_time_t dl = zx_deadline_after(ZXT_MSEC(40));
			zx_time_t low = earliest(opt, dl, slacks[i]);
			zx_signals_t obs = 0, now_sig;
			int64_t checked;

			ASSERT_EQ(ZX_OK, zx_timer_set(t, dl, slacks[i]));
			now_sig = zxt_signals(_metadata, t);
			checked = zxt_mono_ns();
			if (checked < low) {
				EXPECT_EQ(0u, now_sig);
			}
			ASSERT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
							    zx_deadline_after(ZXT_SEC(30)), &obs));
			EXPECT_GE(zxt_mono_ns(), low)
				TH_LOG("options %u slack %lld: early by %lld ns", opt,
				       (long long)slacks[i], (long long)(low - zxt_mono_ns()));
			EXPECT_EQ(ZX_TIMER_SIGNALED, obs);
			/* and it stays signaled */
			EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t));
			zxt_close(_metadata, t);
		}
	}
}

/* Zircon checks the slack before it looks at the handle. */
TEST_ZX(negative_slack)
{
	zx_handle_t t = zxt_timer(_metadata, 0), e = zxt_event(_metadata);
	zx_handle_t ro = zxt_dup(_metadata, t, ZX_RIGHT_WAIT);

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(t, 0, -1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(t, ZX_TIME_INFINITE, ZX_TIME_INFINITE_PAST));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(ZX_HANDLE_INVALID, 0, -1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(e, 0, -1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(ro, 0, -1));
	EXPECT_EQ(0u, zxt_signals(_metadata, t));
	/* and a failed set leaves the timer as it was */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(t, ZX_TIME_INFINITE, -1));
	EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t));
	zxt_close(_metadata, ro);
	zxt_close(_metadata, e);
	zxt_close(_metadata, t);
}

TEST_ZX(set_and_cancel_check_order)
{
	zx_handle_t t = zxt_timer(_metadata, 0), e = zxt_event(_metadata), p = zxt_port(_metadata);
	zx_handle_t nowrite = zxt_dup(_metadata, t, ZX_DEFAULT_TIMER_RIGHTS & ~ZX_RIGHT_WRITE);
	zx_handle_t stale = zxt_dup(_metadata, t, ZX_RIGHT_SAME_RIGHTS);

	zxt_close(_metadata, stale);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_set(ZX_HANDLE_INVALID, 0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_set(stale, 0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_set(e, 0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_set(p, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_timer_set(nowrite, 0, 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, t));

	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_cancel(ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_cancel(stale));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_cancel(e));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_cancel(p));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_timer_cancel(nowrite));
	EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t));
	EXPECT_EQ(0u, zxt_signals(_metadata, e));
	zxt_close(_metadata, nowrite);
	zxt_close(_metadata, p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, t);
}

TEST_ZX(infinite_deadline_never_fires)
{
	zx_handle_t t = zxt_timer(_metadata, ZX_TIMER_SLACK_LATE);
	zx_signals_t obs = 0x1234;
	zx_time_t dl;

	ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE, 0));
	dl = zx_deadline_after(ZXT_MSEC(30));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(t, ZX_TIMER_SIGNALED, dl, &obs));
	EXPECT_EQ(0u, obs);
	/* deadline + slack beyond INT64_MAX is no problem */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE, ZX_TIME_INFINITE));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE - 1, ZXT_SEC(10)));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
						       zx_deadline_after(ZXT_MSEC(10)), &obs));
	ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
	zxt_close(_metadata, t);
}

/* ------------------------------------------------------------------ */
/* cancel and re-arm                                                   */

TEST_ZX(cancel)
{
	zx_handle_t t = zxt_timer(_metadata, 0);
	zx_signals_t obs = 0;

	/* before any set: nothing to do */
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(0u, zxt_signals(_metadata, t));
	/* clears SIGNALED */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(0u, zxt_signals(_metadata, t));
	/* stops a pending timer */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_MSEC(20)), 0));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
						       zx_deadline_after(ZXT_MSEC(80)), &obs));
	EXPECT_EQ(0u, obs);
	/* and the timer is reusable */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_MSEC(5)), 0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(ZXT_SEC(30)), &obs));
	zxt_close(_metadata, t);
}

TEST_ZX(reset_replaces_deadline)
{
	zx_handle_t t = zxt_timer(_metadata, 0);
	zx_signals_t obs = 0;
	zx_time_t dl;

	/* far, then near: fires at the near one */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_SEC(3600)), 0));
	dl = zx_deadline_after(ZXT_MSEC(10));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, dl, 0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(ZXT_SEC(30)), &obs));
	EXPECT_GE(zxt_mono_ns(), dl);
	/* near, then far: the near one is gone */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_MSEC(10)), 0));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_SEC(3600)), 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
						       zx_deadline_after(ZXT_MSEC(80)), &obs));
	zxt_close(_metadata, t);
}

/* User signals live beside ZX_TIMER_SIGNALED, which only the timer sets. */
TEST_ZX(user_signals)
{
	zx_handle_t t = zxt_timer(_metadata, 0);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(t, 0, ZX_TIMER_SIGNALED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(t, ZX_TIMER_SIGNALED, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(t, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(t, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7 | ZX_TIMER_SIGNALED,
		  zxt_signals(_metadata, t));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE, 0));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7, zxt_signals(_metadata, t));
	ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7, zxt_signals(_metadata, t));
	zxt_close(_metadata, t);
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

TEST_ZX(rights_matrix)
{
	zx_handle_t t = zxt_timer(_metadata, 0), p = zxt_port(_metadata);
	zx_rights_t bit[32];
	int n = bits_of(ZX_DEFAULT_TIMER_RIGHTS, bit);
	unsigned int mask;

	ASSERT_EQ(6, n);
	for (mask = 0; mask < (1u << n); mask++) {
		zx_rights_t r = 0;
		zx_handle_t d, d2 = ZX_HANDLE_INVALID;
		zx_info_handle_count_t cnt;
		zx_status_t want;
		int i;

		for (i = 0; i < n; i++)
			if (mask & (1u << i))
				r |= bit[i];
		d = zxt_dup(_metadata, t, r);
		EXPECT_EQ(r, zxt_rights(_metadata, d));

		want = (r & ZX_RIGHT_WRITE) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_timer_set(d, 0, 0)) TH_LOG("rights 0x%x", r);
		EXPECT_EQ(want == ZX_OK ? ZX_TIMER_SIGNALED : 0u, zxt_signals(_metadata, t));
		EXPECT_EQ(want, zx_timer_cancel(d)) TH_LOG("rights 0x%x", r);
		EXPECT_EQ(0u, zxt_signals(_metadata, t));

		want = (r & ZX_RIGHT_WAIT) ? ZX_ERR_TIMED_OUT : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_object_wait_one(d, ZX_TIMER_SIGNALED, 0, NULL))
			TH_LOG("rights 0x%x", r);
		want = (r & ZX_RIGHT_WAIT) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_object_wait_async(d, p, mask, ZX_TIMER_SIGNALED, 0))
			TH_LOG("rights 0x%x", r);
		if (want == ZX_OK) {
			/* canceling needs WAIT on the source, which d has */
			EXPECT_EQ(ZX_OK, zx_port_cancel(p, d, mask));
		}

		want = (r & ZX_RIGHT_SIGNAL) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_object_signal(d, 0, ZX_USER_SIGNAL_1)) TH_LOG("rights 0x%x", r);
		ASSERT_EQ(ZX_OK, zx_object_signal(t, ZX_USER_SIGNAL_1, 0));

		want = (r & ZX_RIGHT_INSPECT) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_object_get_info(d, ZX_INFO_HANDLE_COUNT, &cnt, sizeof(cnt),
						   NULL, NULL)) TH_LOG("rights 0x%x", r);
		want = (r & ZX_RIGHT_DUPLICATE) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
		EXPECT_EQ(want, zx_handle_duplicate(d, ZX_RIGHT_SAME_RIGHTS, &d2));
		if (d2 != ZX_HANDLE_INVALID)
			zxt_close(_metadata, d2);
		zxt_close(_metadata, d);
	}
	zxt_port_empty(p);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, t));
	zxt_close(_metadata, p);
	zxt_close(_metadata, t);
}

/* ------------------------------------------------------------------ */
/* waiting on timers                                                   */

TEST_ZX(blocked_waiter_woken_by_expiry)
{
	zx_handle_t t = zxt_timer(_metadata, 0);
	struct zxt_waiter w;
	zx_time_t dl;

	zxt_waiter_start_blocked(&w, t, ZX_TIMER_SIGNALED | ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	dl = zx_deadline_after(ZXT_MSEC(10));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, dl, 0));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_TIMER_SIGNALED, w.observed);
	EXPECT_GE(w.returned_ns, dl);
	zxt_close(_metadata, t);
}

/* A timer watched through a port delivers one packet per registration. */
TEST_ZX(wait_async_on_timer)
{
	zx_handle_t t = zxt_timer(_metadata, 0), p = zxt_port(_metadata);
	zx_port_packet_t pkt;
	zx_time_t dl;

	/*
	 * Register before arming: on a slow kernel 10 ms can pass between
	 * two calls, and a registration made after expiry fires at once, in
	 * registration order rather than Zircon's newest-first.
	 */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, p, 5, ZX_TIMER_SIGNALED, ZX_WAIT_ASYNC_TIMESTAMP));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, p, 6, ZX_TIMER_SIGNALED, 0));
	dl = zx_deadline_after(ZXT_MSEC(10));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, dl, 0));
	memset(&pkt, 0xa5, sizeof(pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(p, zx_deadline_after(ZXT_SEC(30)), &pkt));
	EXPECT_GE(zxt_mono_ns(), dl);
	zxt_expect_signal_packet(pkt, 6, ZX_TIMER_SIGNALED, ZX_TIMER_SIGNALED);
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(5u, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
	EXPECT_EQ(ZX_TIMER_SIGNALED, pkt.signal.trigger);
	EXPECT_EQ(ZX_TIMER_SIGNALED, pkt.signal.observed);
	EXPECT_GE((int64_t)pkt.signal.timestamp, dl);
	EXPECT_LE((int64_t)pkt.signal.timestamp, zxt_mono_ns());
	zxt_port_empty(p);

	/* already signaled: a level registration fires at once */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, p, 7, ZX_TIMER_SIGNALED, 0));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 7, ZX_TIMER_SIGNALED, ZX_TIMER_SIGNALED);
	/* edge: the next expiry after a re-arm */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, p, 8, ZX_TIMER_SIGNALED, ZX_WAIT_ASYNC_EDGE));
	zxt_port_empty(p);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_MSEC(5)), 0));
	ASSERT_EQ(ZX_OK, zx_port_wait(p, zx_deadline_after(ZXT_SEC(30)), &pkt));
	zxt_expect_signal_packet(pkt, 8, ZX_TIMER_SIGNALED, ZX_TIMER_SIGNALED);
	/* a timer canceled before its deadline sends nothing */
	dl = zx_deadline_after(ZXT_MSEC(50));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, dl, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, p, 9, ZX_TIMER_SIGNALED, 0));
	ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
	if (zxt_mono_ns() < dl) {
		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, dl + ZXT_MSEC(50), &pkt));
		EXPECT_EQ(ZX_OK, zx_port_cancel(p, t, 9));
	} else {
		TH_LOG("too slow to cancel before the deadline: not checked");
		zx_port_cancel(p, t, 9);
	}
	zxt_close(_metadata, p);
	zxt_close(_metadata, t);
}

/* Many timers, random deadlines, slack and modes: each fires once, not early. */
TEST_ZX(many_timers)
{
	enum { N = 64 };
	zx_handle_t t[N], p = zxt_port(_metadata);
	zx_time_t low[N];
	uint8_t seen[N] = { 0 };
	uint64_t seed = 77;
	int i;

	for (i = 0; i < N; i++) {
		uint32_t opt = (uint32_t)(zxt_rand(&seed) % 3);
		zx_duration_t slack = (zx_duration_t)(zxt_rand(&seed) % ZXT_MSEC(5));
		zx_time_t dl = zx_deadline_after((zx_duration_t)(zxt_rand(&seed) % ZXT_MSEC(50)));

		t[i] = zxt_timer(_metadata, opt);
		low[i] = earliest(opt, dl, slack);
		ASSERT_EQ(ZX_OK, zx_timer_set(t[i], dl, slack));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(t[i], p, (uint64_t)i, ZX_TIMER_SIGNALED,
						      ZX_WAIT_ASYNC_TIMESTAMP));
	}
	for (i = 0; i < N; i++) {
		zx_port_packet_t pkt;

		ASSERT_EQ(ZX_OK, zx_port_wait(p, zx_deadline_after(ZXT_SEC(30)), &pkt));
		ASSERT_LT(pkt.key, (uint64_t)N);
		EXPECT_EQ(0, seen[pkt.key]);
		seen[pkt.key] = 1;
		EXPECT_GE((int64_t)pkt.signal.timestamp, low[pkt.key]) TH_LOG("timer %d", (int)pkt.key);
		EXPECT_EQ(ZX_TIMER_SIGNALED, pkt.signal.observed);
	}
	zxt_port_empty(p);
	for (i = 0; i < N; i++)
		EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t[i]));
	ASSERT_EQ(ZX_OK, zx_handle_close_many(t, N));
	zxt_close(_metadata, p);
}

/*
 * Timer deadlines, port_wait deadlines and wait_async timestamps are all
 * in the caller's time namespace: a child whose monotonic clock is set
 * back by S seconds sets a timer 100 ms after its own "now"; a module
 * reading that as the host's clock would fire it at once.
 */
static void timens_timer_child(void)
{
	zx_handle_t t = ZX_HANDLE_INVALID, p = ZX_HANDLE_INVALID;
	zx_port_packet_t pkt;
	zx_time_t dl, before, after;
	zx_signals_t obs;

	CHILD_EQ(ZX_OK, zx_timer_create(0, ZX_CLOCK_MONOTONIC, &t));
	CHILD_EQ(ZX_OK, zx_port_create(0, &p));

	/* a port wait times out at its deadline here */
	dl = zx_deadline_after(ZXT_MSEC(100));
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, dl, &pkt));
	CHILD_CHECK(zxt_mono_ns() >= dl);

	/* a timer fires at its deadline here, not at once */
	dl = zx_deadline_after(ZXT_MSEC(100));
	CHILD_EQ(ZX_OK, zx_timer_set(t, dl, 0));
	obs = 0x1234;
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(t, 0, 0, &obs));
	if (zxt_mono_ns() < dl)
		CHILD_EQ(0u, obs);
	CHILD_EQ(ZX_OK, zx_object_wait_async(t, p, 1, ZX_TIMER_SIGNALED,
					     ZX_WAIT_ASYNC_TIMESTAMP));
	CHILD_EQ(ZX_OK, zx_port_wait(p, zx_deadline_after(ZXT_SEC(30)), &pkt));
	after = zxt_mono_ns();
	CHILD_CHECK(after >= dl);
	CHILD_EQ(1u, pkt.key);
	/* and its timestamp is on this clock */
	CHILD_CHECK((int64_t)pkt.signal.timestamp >= dl);
	CHILD_CHECK((int64_t)pkt.signal.timestamp <= after);

	/* a deadline past here but future for the host fires at once */
	CHILD_EQ(ZX_OK, zx_timer_set(t, zx_clock_get_monotonic() - ZXT_MSEC(500), 0));
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(t, 0, 0, &obs));
	CHILD_EQ(ZX_TIMER_SIGNALED, obs);

	/* a wait_async timestamp from a match during the call */
	before = zxt_mono_ns();
	CHILD_EQ(ZX_OK, zx_object_wait_async(t, p, 2, ZX_TIMER_SIGNALED,
					     ZX_WAIT_ASYNC_TIMESTAMP));
	after = zxt_mono_ns();
	CHILD_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	CHILD_EQ(2u, pkt.key);
	CHILD_CHECK((int64_t)pkt.signal.timestamp >= before);
	CHILD_CHECK((int64_t)pkt.signal.timestamp <= after);
	CHILD_EQ(ZX_OK, zx_handle_close(t));
	CHILD_EQ(ZX_OK, zx_handle_close(p));
}

TEST_ZX(time_namespace)
{
	zxt_run_in_timens(timens_timer_child);
}

/* ------------------------------------------------------------------ */
/* close                                                               */

/* Only the last handle's close cancels the timer. */
TEST_ZX(close_of_a_duplicate_does_not_cancel)
{
	zx_handle_t t = zxt_timer(_metadata, 0);
	zx_handle_t d = zxt_dup(_metadata, t, ZX_RIGHT_WAIT);
	zx_signals_t obs = 0;

	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZXT_MSEC(10)), 0));
	zxt_close(_metadata, t);
	EXPECT_EQ(ZX_OK, zx_object_wait_one(d, ZX_TIMER_SIGNALED,
					    zx_deadline_after(ZXT_SEC(30)), &obs));
	EXPECT_EQ(ZX_TIMER_SIGNALED, obs);
	zxt_close(_metadata, d);
}

/*
 * Closing an armed timer: its registrations go with the handle, so a
 * timer closed before its deadline never sends a packet.
 */
TEST_ZX(close_armed_timer)
{
	enum { N = 32 };
	zx_handle_t p = zxt_port(_metadata);
	zx_time_t dl[N], closed[N], last = 0;
	zx_port_packet_t pkt;
	zx_status_t st;
	int i, early = 0;

	for (i = 0; i < N; i++) {
		zx_handle_t t = zxt_timer(_metadata, ZX_TIMER_SLACK_LATE);

		dl[i] = zx_deadline_after(ZXT_MSEC(20) + i * 1000);
		ASSERT_EQ(ZX_OK, zx_timer_set(t, dl[i], 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(t, p, (uint64_t)i, ZX_TIMER_SIGNALED, 0));
		zxt_close(_metadata, t);
		closed[i] = zxt_mono_ns();
		if (closed[i] < dl[i])
			early++;
		if (dl[i] > last)
			last = dl[i];
	}
	/* past every deadline: only timers closed after theirs may have fired */
	while ((st = zx_port_wait(p, last + ZXT_MSEC(50), &pkt)) == ZX_OK) {
		ASSERT_LT(pkt.key, (uint64_t)N);
		EXPECT_GE(closed[pkt.key], dl[pkt.key]) TH_LOG("timer %d fired after its close",
							      (int)pkt.key);
	}
	EXPECT_EQ(ZX_ERR_TIMED_OUT, st);
	TH_LOG("%d of %d closed before their deadline", early, N);
	zxt_close(_metadata, p);
}

/* ------------------------------------------------------------------ */
/* races                                                               */

/* set and cancel against the timer's expiry: cancel always wins once it returns. */
TEST_ZX_SLOW(set_cancel_race_expiry)
{
	zx_handle_t t = zxt_timer(_metadata, 0);
	struct zxt_loop loop;
	uint64_t seed = 1234;
	unsigned long fired = 0;

	zxt_loop_init(&loop, 2000, 200000);
	while (zxt_loop_next(&loop)) {
		zx_duration_t d = (zx_duration_t)(zxt_rand(&seed) % 20000);
		zx_signals_t s;

		ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(d), 0));
		if (zxt_rand(&seed) & 1) {
			s = zxt_signals(_metadata, t);
			fired += s != 0;
		}
		if (zxt_rand(&seed) & 1) {
			ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
		} else {
			ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE, 0));
		}
		/* an expiry that lost the race must not land afterwards */
		ASSERT_EQ(0u, zxt_signals(_metadata, t)) TH_LOG("iteration %lu", loop.done);
	}
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
						       zx_deadline_after(ZXT_MSEC(20)), NULL));
	zxt_close(_metadata, t);
	TH_LOG("%lu iterations, %lu seen fired", loop.done, fired);
}

/* The last close against the expiry, with a registration on a port. */
TEST_ZX_SLOW(close_race_expiry)
{
	zx_handle_t p = zxt_port(_metadata);
	struct zxt_loop loop;
	uint64_t seed = 99;
	unsigned long delivered = 0;

	zxt_loop_init(&loop, 2000, 100000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t t = zxt_timer(_metadata, (uint32_t)(loop.done % 3));
		zx_port_packet_t pkt;
		zx_status_t st;

		ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(
			(zx_duration_t)(zxt_rand(&seed) % 20000)), 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(t, p, loop.done, ZX_TIMER_SIGNALED, 0));
		zxt_close(_metadata, t);
		/* it fired before the close, or never */
		st = zx_port_wait(p, 0, &pkt);
		if (st == ZX_OK) {
			ASSERT_EQ(loop.done, pkt.key);
			delivered++;
		} else {
			ASSERT_EQ(ZX_ERR_TIMED_OUT, st);
		}
	}
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, zx_deadline_after(ZXT_MSEC(20)), NULL));
	zxt_close(_metadata, p);
	TH_LOG("%lu iterations, %lu delivered", loop.done, delivered);
}

/*
 * zx_timer_set racing the timer's last close: the set either arms a timer
 * that the close then cancels, or finds the handle gone. A set that armed
 * the timer after the close cancelled it would leave an hrtimer running in
 * freed memory: the sleep at the end gives such a timer time to expire
 * while this test still runs (KASAN and debug objects report it). Each
 * round closes CLOSE_BATCH timers at once, each being set by all setters.
 */
enum { SETTERS = 3, CLOSE_BATCH = 64, STORM = 32 };

struct set_close_race {
	pthread_barrier_t start, end;
	zx_handle_t t[CLOSE_BATCH];
	bool stop;
};

struct set_close_setter {
	pthread_t th;
	struct set_close_race *r;
	int id;
	unsigned long sets;
	zx_status_t bad;		/* a status other than OK or BAD_HANDLE */
	uint64_t seed;
	zx_handle_t storm[STORM];	/* expiring on this thread's CPU all the time */
};

static void *set_close_setter_main(void *arg)
{
	struct set_close_setter *s = arg;
	struct set_close_race *r = s->r;

	for (;;) {
		unsigned long n = 0;
		int gone, i;

		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		do {
			gone = 0;
			for (i = 0; i < CLOSE_BATCH; i++) {
				int k = (i + s->id * 21) % CLOSE_BATCH;
				zx_duration_t d = ZXT_USEC(20) +
					(zx_duration_t)(zxt_rand(&s->seed) % 300000);
				zx_status_t st = zx_timer_set(r->t[k], zx_deadline_after(d),
							      (n & 1) ? 1000 : 0);

				if (st == ZX_ERR_BAD_HANDLE)
					gone++;
				else if (st != ZX_OK)
					s->bad = st;
				n++;
				/*
				 * Expiries in softirq on this CPU stretch the time
				 * between a set's handle lookup and its lock.
				 */
				if (!(n & 7))
					zx_timer_set(s->storm[(n >> 3) % STORM], zx_deadline_after(
						(zx_duration_t)(zxt_rand(&s->seed) % 100000)), 0);
			}
		} while (gone < CLOSE_BATCH && n < 10000000);
		s->sets += n;
		pthread_barrier_wait(&r->end);
	}
}

TEST_ZX_SLOW(set_races_last_close)
{
	struct set_close_race r = { 0 };
	struct set_close_setter s[SETTERS];
	struct zxt_loop loop;
	unsigned long sets = 0;
	int i, k;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, SETTERS + 1));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, SETTERS + 1));
	for (i = 0; i < SETTERS; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].r = &r;
		s[i].id = i;
		s[i].seed = 31337u * (uint64_t)(i + 1);
		for (k = 0; k < STORM; k++)
			s[i].storm[k] = zxt_timer(_metadata, 0);
		ASSERT_EQ(0, pthread_create(&s[i].th, NULL, set_close_setter_main, &s[i]));
	}
	zxt_loop_init(&loop, 50, 5000);
	while (zxt_loop_next(&loop)) {
		for (k = 0; k < CLOSE_BATCH; k++)
			r.t[k] = zxt_timer(_metadata, (uint32_t)k % 3);
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close_many(r.t, CLOSE_BATCH));
		pthread_barrier_wait(&r.end);
		for (i = 0; i < SETTERS; i++) {
			ASSERT_EQ(ZX_OK, s[i].bad) TH_LOG("setter %d, round %lu", i, loop.done);
		}
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	for (i = 0; i < SETTERS; i++) {
		ASSERT_EQ(0, pthread_join(s[i].th, NULL));
		sets += s[i].sets;
		ASSERT_EQ(ZX_OK, zx_handle_close_many(s[i].storm, STORM));
	}
	/* past every deadline set above */
	ASSERT_EQ(ZX_OK, zx_nanosleep(zx_deadline_after(ZXT_MSEC(20))));
	TH_LOG("%lu rounds of %d timers, %lu sets", loop.done, CLOSE_BATCH, sets);
}

/* Timers expiring while the port they report to closes. */
TEST_ZX_SLOW(expiry_races_port_close)
{
	enum { NT = 8 };
	zx_handle_t t[NT];
	struct zxt_loop loop;
	uint64_t seed = 5;
	int i;

	for (i = 0; i < NT; i++)
		t[i] = zxt_timer(_metadata, (uint32_t)i % 3);
	zxt_loop_init(&loop, 500, 50000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t p = zxt_port(_metadata);

		for (i = 0; i < NT; i++) {
			ASSERT_EQ(ZX_OK, zx_timer_set(t[i], zx_deadline_after(
				(zx_duration_t)(zxt_rand(&seed) % 30000)), 0));
			ASSERT_EQ(ZX_OK, zx_object_wait_async(t[i], p, (uint64_t)i,
							      ZX_TIMER_SIGNALED,
							      ZX_WAIT_ASYNC_TIMESTAMP));
		}
		zxt_close(_metadata, p);
	}
	/* every timer is still a working timer */
	for (i = 0; i < NT; i++) {
		ASSERT_EQ(ZX_OK, zx_timer_set(t[i], 0, 0));
		EXPECT_EQ(ZX_TIMER_SIGNALED, zxt_signals(_metadata, t[i]));
	}
	ASSERT_EQ(ZX_OK, zx_handle_close_many(t, NT));
	TH_LOG("%lu iterations", loop.done);
}

TEST_HARNESS_MAIN
