// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_wait_one: immediate matches, deadlines, the observed-signals
 * snapshot, cancellation by closing the waited handle, errors, many
 * waiters, and Linux signals arriving during a wait (spec 2.8, 3.2).
 */
#define ZXT_FIXTURE wait_one
#include "zx_selftest.h"

#include <sys/time.h>

/* Already active: ZX_OK at once, whatever the deadline, with all signals. */
TEST_ZX(already_active)
{
	static const zx_time_t deadlines[] = { 0, 1, -1, ZX_TIME_INFINITE_PAST, ZX_TIME_INFINITE };
	zx_handle_t e = zxt_event(_metadata);
	unsigned int i;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3 |
					  ZX_EVENT_SIGNALED));
	for (i = 0; i < sizeof(deadlines) / sizeof(deadlines[0]); i++) {
		zx_signals_t obs = 0;

		EXPECT_EQ(ZX_OK, zx_object_wait_one(e, ZX_USER_SIGNAL_3, deadlines[i], &obs))
			TH_LOG("deadline %" PRId64, deadlines[i]);
		EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3 | ZX_EVENT_SIGNALED, obs);
	}
	/* a past deadline with the clock read back a little */
	{
		zx_signals_t obs = 0;

		EXPECT_EQ(ZX_OK, zx_object_wait_one(e, ZX_EVENT_SIGNALED,
						    zx_clock_get_monotonic() - ZXT_SEC(1), &obs));
		EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_3 | ZX_EVENT_SIGNALED, obs);
	}
	zxt_close(_metadata, e);
}

/* Past deadlines poll: TIMED_OUT at once with the current state. */
TEST_ZX(past_deadline_polls)
{
	static const zx_time_t deadlines[] = { 0, 1, -1, ZX_TIME_INFINITE_PAST };
	zx_handle_t e = zxt_event(_metadata);
	unsigned int i;
	int64_t t0;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	t0 = zxt_mono_ns();
	for (i = 0; i < sizeof(deadlines) / sizeof(deadlines[0]); i++) {
		zx_signals_t obs = 0;

		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_USER_SIGNAL_0, deadlines[i], &obs));
		EXPECT_EQ(ZX_USER_SIGNAL_1, obs);
	}
	{
		zx_signals_t obs = 0;

		EXPECT_EQ(ZX_ERR_TIMED_OUT,
			  zx_object_wait_one(e, ZX_USER_SIGNAL_0,
					     zx_clock_get_monotonic() - ZXT_SEC(20), &obs));
		EXPECT_EQ(ZX_USER_SIGNAL_1, obs);
	}
	/* no wait at all (generous bound for emulation; 20 s would mean a relative deadline) */
	EXPECT_LT(zxt_mono_ns() - t0, ZXT_SEC(10));
	zxt_close(_metadata, e);
}

TEST_ZX(timeout_observes_current_state)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_signals_t obs = 0;
	zx_time_t deadline;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_3 | ZX_EVENT_SIGNALED));
	deadline = zx_deadline_after(ZXT_MSEC(50));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_USER_SIGNAL_0, deadline, &obs));
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(ZX_USER_SIGNAL_3 | ZX_EVENT_SIGNALED, obs);

	/* a fresh object observes 0 */
	{
		zx_handle_t f = zxt_event(_metadata);

		obs = 0xffffffff;
		deadline = zx_deadline_after(ZXT_MSEC(10));
		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(f, ZX_EVENT_SIGNALED, deadline, &obs));
		EXPECT_GE(zxt_mono_ns(), deadline);
		EXPECT_EQ(0u, obs);
		zxt_close(_metadata, f);
	}
	zxt_close(_metadata, e);
}

/* signals == 0 never matches: the wait lasts until the deadline. */
TEST_ZX(empty_signal_set_waits_for_deadline)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_signals_t obs = 0;
	zx_time_t deadline;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0 | ZX_EVENT_SIGNALED));
	deadline = zx_deadline_after(ZXT_MSEC(100));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, 0, deadline, &obs));
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_EVENT_SIGNALED, obs);
	zxt_close(_metadata, e);
}

/* signals == 0 with a signal arriving meanwhile: still TIMED_OUT. */
TEST_ZX(empty_signal_set_ignores_changes)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;
	zx_time_t deadline = zx_deadline_after(ZXT_MSEC(200));

	zxt_waiter_start_blocked(&w, e, 0, deadline);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_2 | ZX_EVENT_SIGNALED));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, w.status);
	EXPECT_GE(w.returned_ns, deadline);
	EXPECT_EQ(ZX_USER_SIGNAL_2 | ZX_EVENT_SIGNALED, w.observed);
	zxt_close(_metadata, e);
}

TEST_ZX(infinite_until_signaled)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;

	zxt_waiter_start_blocked(&w, e, ZX_EVENT_SIGNALED, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_EVENT_SIGNALED, w.observed);
	zxt_close(_metadata, e);
}

/* A finite deadline, matched before it passes. */
TEST_ZX(match_before_deadline)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;

	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_4, zx_deadline_after(ZXT_SEC(100)));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_4));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_4, w.observed);
	zxt_close(_metadata, e);
}

/* Like Zircon's TransientSignalsNotReturned. */
TEST_ZX(transient_signals_not_returned)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;

	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_1, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_2));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_2, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_3));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_1, w.observed);
	zxt_close(_metadata, e);
}

/* Closing the waited handle cancels: CANCELED, HANDLE_CLOSED | state. */
TEST_ZX(close_cancels_wait)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t keep = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	struct zxt_waiter w;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_5));
	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	zxt_close(_metadata, e);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED | ZX_USER_SIGNAL_5, w.observed);
	EXPECT_EQ(ZX_USER_SIGNAL_5, zxt_signals(_metadata, keep));
	zxt_close(_metadata, keep);
}

/* Also when it was the object's last handle, and with a finite deadline. */
TEST_ZX(close_last_handle_cancels_wait)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter w;

	zxt_waiter_start_blocked(&w, e, ZX_EVENT_SIGNALED, zx_deadline_after(ZXT_SEC(100)));
	zxt_close(_metadata, e);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED, w.observed);
}

/* Closing a duplicate does not cancel a wait made through the original. */
TEST_ZX(close_duplicate_does_not_cancel)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	struct zxt_waiter w, wd;

	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	zxt_waiter_start_blocked(&wd, d, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	zxt_close(_metadata, d);
	zxt_waiter_join(&wd);
	EXPECT_EQ(ZX_ERR_CANCELED, wd.status);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED, wd.observed);
	/* the wait through e goes on */
	EXPECT_FALSE(zxt_waiter_done(&w));
	zxt_wait_blocked(w.tid, ZIRCON_IOC_OBJECT_WAIT_ONE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, w.observed);
	zxt_close(_metadata, e);
}

/* Closing another object's handle does not disturb the wait. */
TEST_ZX(close_other_handle_does_not_cancel)
{
	zx_handle_t e = zxt_event(_metadata), other = zxt_event(_metadata);
	struct zxt_waiter w;

	zxt_waiter_start_blocked(&w, e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	zxt_close(_metadata, other);
	EXPECT_FALSE(zxt_waiter_done(&w));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	zxt_close(_metadata, e);
}

struct null_waiter {
	pid_t tid;
	sem_t started;
	zx_handle_t h;
	zx_status_t status;
};

static void *null_waiter_main(void *arg)
{
	struct null_waiter *w = arg;

	w->tid = zxt_gettid();
	sem_post(&w->started);
	w->status = zx_object_wait_one(w->h, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE, NULL);
	return NULL;
}

TEST_ZX(observed_may_be_null)
{
	zx_handle_t e = zxt_event(_metadata);
	struct null_waiter w = { 0 };
	pthread_t t;

	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_USER_SIGNAL_0, 0, NULL));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(e, ZX_USER_SIGNAL_0, zx_deadline_after(ZXT_MSEC(5)), NULL));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, 0, zx_deadline_after(ZXT_MSEC(5)), NULL));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE, NULL));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e, ZX_USER_SIGNAL_0, 0, NULL));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));

	/* canceled with NULL observed: the status alone says it */
	w.h = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	w.status = 12345;
	ASSERT_EQ(0, sem_init(&w.started, 0, 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, null_waiter_main, &w));
	while (sem_wait(&w.started) != 0)
		;
	zxt_wait_blocked(w.tid, ZIRCON_IOC_OBJECT_WAIT_ONE);
	zxt_close(_metadata, w.h);
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	zxt_close(_metadata, e);
}

TEST_ZX(errors)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t nowait = zxt_dup(_metadata, e, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_WAIT);
	zx_handle_t waitonly = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);
	zx_handle_t stale = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	zx_signals_t obs = 0;

	zxt_close(_metadata, stale);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_one(ZX_HANDLE_INVALID, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_one(stale, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_one(stale, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE, &obs));
	/* no WAIT right: ACCESS_DENIED, even though the signal is active */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_one(nowait, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_one(nowait, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE, &obs));
	/* WAIT alone is enough */
	obs = 0;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(waitonly, ZX_USER_SIGNAL_0, 0, &obs));
	EXPECT_EQ(ZX_USER_SIGNAL_0, obs);
	zxt_close(_metadata, nowait);
	zxt_close(_metadata, waitonly);
	zxt_close(_metadata, e);
}

/* 64 threads blocked on one event are all released by one signal. */
TEST_ZX(many_waiters_one_signal)
{
	enum { N = 64 };
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_waiter *w = calloc(N, sizeof(*w));
	int i;

	ASSERT_NE(NULL, w);
	for (i = 0; i < N; i++)
		zxt_waiter_start(&w[i], e, ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_7, ZX_TIME_INFINITE);
	for (i = 0; i < N; i++)
		zxt_wait_blocked(w[i].tid, ZIRCON_IOC_OBJECT_WAIT_ONE);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_1));
	for (i = 0; i < N; i++) {
		zxt_waiter_join(&w[i]);
		EXPECT_EQ(ZX_OK, w[i].status) TH_LOG("waiter %d", i);
		EXPECT_EQ(ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_1, w[i].observed) TH_LOG("waiter %d", i);
	}
	zxt_close(_metadata, e);
	free(w);
}

/* Duplicates of one object, each waited on: one signal releases all. */
TEST_ZX(waiters_on_duplicates)
{
	enum { N = 8 };
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t d[N];
	struct zxt_waiter w[N];
	int i;

	for (i = 0; i < N; i++) {
		d[i] = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);
		zxt_waiter_start_blocked(&w[i], d[i], ZX_USER_SIGNAL_0, ZX_TIME_INFINITE);
	}
	/* closing d[0] cancels w[0] only */
	zxt_close(_metadata, d[0]);
	zxt_waiter_join(&w[0]);
	EXPECT_EQ(ZX_ERR_CANCELED, w[0].status);
	for (i = 1; i < N; i++) {
		EXPECT_FALSE(zxt_waiter_done(&w[i]));
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	for (i = 1; i < N; i++) {
		zxt_waiter_join(&w[i]);
		EXPECT_EQ(ZX_OK, w[i].status);
		EXPECT_EQ(ZX_USER_SIGNAL_0, w[i].observed);
		zxt_close(_metadata, d[i]);
	}
	zxt_close(_metadata, e);
}

/*
 * Linux signals delivered to the waiting thread: the wait is resumed with
 * its original absolute deadline. @flags: SA_RESTART or 0.
 */
static void linux_signal_until_deadline(struct __test_metadata *_metadata, int signo, int flags)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_interrupter in;
	zx_signals_t obs = 0;
	zx_status_t st;
	zx_time_t deadline;

	zxt_intr_install(signo, flags);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_2));
	deadline = zx_deadline_after(ZXT_MSEC(300));
	zxt_interrupter_start(&in, ZIRCON_IOC_OBJECT_WAIT_ONE, signo, 5, ZX_HANDLE_INVALID, 0);
	st = zx_object_wait_one(e, ZX_USER_SIGNAL_0, deadline, &obs);
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, st);
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(ZX_USER_SIGNAL_2, obs);
	EXPECT_GE(in.sent, 1) TH_LOG("no signal was delivered during the wait");
	zxt_close(_metadata, e);
}

static void linux_signal_until_match(struct __test_metadata *_metadata, int signo, int flags)
{
	zx_handle_t e = zxt_event(_metadata);
	struct zxt_interrupter in;
	zx_signals_t obs = 0;
	zx_status_t st;

	zxt_intr_install(signo, flags);
	zxt_interrupter_start(&in, ZIRCON_IOC_OBJECT_WAIT_ONE, signo, 5, e, ZX_USER_SIGNAL_0);
	st = zx_object_wait_one(e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE, &obs);
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ZX_OK, st);
	EXPECT_EQ(ZX_USER_SIGNAL_0, obs);
	EXPECT_EQ(5, in.sent);
	EXPECT_EQ(ZX_OK, in.then_status);
	zxt_close(_metadata, e);
}

TEST_ZX(linux_signal_sa_restart_until_deadline)
{
	linux_signal_until_deadline(_metadata, SIGALRM, SA_RESTART);
}

TEST_ZX(linux_signal_no_restart_until_deadline)
{
	linux_signal_until_deadline(_metadata, SIGUSR1, 0);
}

TEST_ZX(linux_signal_sa_restart_until_match)
{
	linux_signal_until_match(_metadata, SIGUSR2, SA_RESTART);
}

TEST_ZX(linux_signal_no_restart_until_match)
{
	linux_signal_until_match(_metadata, SIGALRM, 0);
}

/* A periodic timer signal (process-directed) storming a 200 ms wait. */
static void on_itimer(int sig)
{
	(void)sig;
}

TEST_ZX(itimer_storm)
{
	zx_handle_t e = zxt_event(_metadata);
	struct itimerval it = { .it_interval = { 0, 1000 }, .it_value = { 0, 1000 } };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;
	zx_time_t deadline;
	zx_signals_t obs = 0;
	zx_status_t st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_itimer;
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));	/* no SA_RESTART */
	deadline = zx_deadline_after(ZXT_MSEC(200));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	st = zx_object_wait_one(e, ZX_EVENT_SIGNALED, deadline, &obs);
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &off, NULL));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, st);
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(0u, obs);
	zxt_close(_metadata, e);
}

TEST_HARNESS_MAIN
