// SPDX-License-Identifier: GPL-2.0
/*
 * Time: zx_clock_get_monotonic, zx_deadline_after, zx_nanosleep, the
 * saturating helpers of <zircon/time.h>, deadlines inside a Linux time
 * namespace, and zx_status_get_string.
 */
#define ZXT_FIXTURE time
#include "zx_selftest.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

TEST_ZX(monotonic_never_goes_back)
{
	zx_time_t prev = zx_clock_get_monotonic(), t;
	int i;

	EXPECT_GT(prev, 0);
	for (i = 0; i < 10000; i++) {
		t = zx_clock_get_monotonic();
		ASSERT_GE(t, prev) TH_LOG("iteration %d", i);
		prev = t;
	}
}

/* The same clock as CLOCK_MONOTONIC, read between two reads of it. */
TEST_ZX(monotonic_is_clock_monotonic)
{
	int i;

	for (i = 0; i < 100; i++) {
		int64_t t1 = zxt_mono_ns();
		zx_time_t z = zx_clock_get_monotonic();
		int64_t t2 = zxt_mono_ns();

		ASSERT_LE(t1, z);
		ASSERT_LE(z, t2);
	}
	/* and it advances with real time */
	{
		zx_time_t a = zx_clock_get_monotonic();
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		EXPECT_GE(zx_clock_get_monotonic() - a, ZXT_MSEC(20));
	}
}

TEST_ZX(deadline_after)
{
	static const zx_duration_t ds[] = {
		0, 1, 999, ZXT_MSEC(1), ZXT_SEC(1), ZXT_SEC(3600), ZXT_SEC(86400LL * 365 * 100),
		-1, -ZXT_SEC(1), -ZXT_SEC(86400LL * 365),
	};
	unsigned int i;

	for (i = 0; i < sizeof(ds) / sizeof(ds[0]); i++) {
		int64_t t1 = zxt_mono_ns();
		zx_time_t d = zx_deadline_after(ds[i]);
		int64_t t2 = zxt_mono_ns();

		EXPECT_LE(t1 + ds[i], d) TH_LOG("duration %" PRId64, ds[i]);
		EXPECT_LE(d, t2 + ds[i]) TH_LOG("duration %" PRId64, ds[i]);
	}
	/* INT64_MIN: now + INT64_MIN does not overflow while now >= 0 */
	{
		int64_t t1 = zxt_mono_ns();
		zx_time_t d = zx_deadline_after(INT64_MIN);
		int64_t t2 = zxt_mono_ns();

		EXPECT_LE(t1 + INT64_MIN, d);
		EXPECT_LE(d, t2 + INT64_MIN);
		EXPECT_LT(d, 0);
	}
}

TEST_ZX(deadline_after_saturates)
{
	int64_t now = zxt_mono_ns();

	EXPECT_EQ(ZX_TIME_INFINITE, zx_deadline_after(ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_deadline_after(INT64_MAX - 1));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_deadline_after(INT64_MAX - now / 2));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_deadline_after(INT64_MAX - 1000));
	/* just below overflow is not saturated: a real, far deadline */
	{
		zx_time_t d = zx_deadline_after(ZXT_SEC(86400LL * 365 * 200));

		EXPECT_NE(ZX_TIME_INFINITE, d);
		EXPECT_GT(d, now);
	}
}

TEST_ZX(time_helpers_saturate)
{
	EXPECT_EQ(ZX_TIME_INFINITE, zx_time_add_duration(ZX_TIME_INFINITE - 1, 5));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_time_add_duration(ZX_TIME_INFINITE, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST, zx_time_add_duration(ZX_TIME_INFINITE_PAST + 1, -5));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST, zx_time_sub_duration(ZX_TIME_INFINITE_PAST + 1, 5));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_time_sub_duration(ZX_TIME_INFINITE - 1, -5));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_time_sub_time(ZX_TIME_INFINITE, -1));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST, zx_time_sub_time(ZX_TIME_INFINITE_PAST, 1));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_duration_mul_int64(ZXT_SEC(1), INT64_MAX / 2));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST, zx_duration_mul_int64(ZXT_SEC(1), INT64_MIN / 2));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_duration_add_duration(INT64_MAX, 1));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST, zx_duration_sub_duration(INT64_MIN, 1));
	/* no saturation where none is due */
	EXPECT_EQ(15, zx_time_add_duration(10, 5));
	EXPECT_EQ(5, zx_time_sub_duration(10, 5));
	EXPECT_EQ(-5, zx_time_sub_time(5, 10));
	EXPECT_EQ(1000000000LL, ZX_SEC(1));
	EXPECT_EQ(1000000LL, ZX_MSEC(1));
	EXPECT_EQ(1000LL, ZX_USEC(1));
	EXPECT_EQ(1LL, ZX_NSEC(1));
	EXPECT_EQ(60LL * 1000000000LL, ZX_MIN(1));
	EXPECT_EQ(3600LL * 1000000000LL, ZX_HOUR(1));
	EXPECT_EQ(INT64_MAX, ZX_TIME_INFINITE);
	EXPECT_EQ(INT64_MIN, ZX_TIME_INFINITE_PAST);
}

TEST_ZX(nanosleep_past_returns_at_once)
{
	static const zx_time_t past[] = { 0, 1, -1, ZX_TIME_INFINITE_PAST };
	int64_t t0 = zxt_mono_ns();
	unsigned int i;

	for (i = 0; i < sizeof(past) / sizeof(past[0]); i++) {
		EXPECT_EQ(ZX_OK, zx_nanosleep(past[i])) TH_LOG("deadline %" PRId64, past[i]);
	}
	EXPECT_EQ(ZX_OK, zx_nanosleep(zx_clock_get_monotonic() - ZXT_SEC(20)));
	EXPECT_EQ(ZX_OK, zx_nanosleep(zx_clock_get_monotonic()));
	/* generous for emulation; 20 s would mean a relative interpretation */
	EXPECT_LT(zxt_mono_ns() - t0, ZXT_SEC(10));
}

TEST_ZX(nanosleep_until_deadline)
{
	zx_time_t deadline = zx_deadline_after(ZXT_MSEC(100));

	EXPECT_EQ(ZX_OK, zx_nanosleep(deadline));
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
}

TEST_ZX(nanosleep_linux_signal)
{
	struct zxt_interrupter in;
	zx_time_t deadline;
	zx_status_t st;

	zxt_intr_install(SIGUSR1, 0);
	deadline = zx_deadline_after(ZXT_MSEC(300));
	zxt_interrupter_start(&in, 0, SIGUSR1, 5, ZX_HANDLE_INVALID, 0);
	st = zx_nanosleep(deadline);
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ZX_OK, st);
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_GE(in.sent, 1);
}

/*
 * Deadlines are in the caller's time namespace. A child in a new time
 * namespace whose monotonic clock is set back by S seconds (S >= 1) waits
 * with a deadline 200 ms after its own "now": a module that took the
 * deadline as the host's clock would see it S seconds in the past and
 * return at once.
 */
static void timens_deadlines_child(void)
{
	zx_handle_t e = ZX_HANDLE_INVALID;
	zx_wait_item_t it;
	zx_signals_t obs = 0;
	zx_time_t deadline;
	int64_t t1, t2;

	t1 = zxt_mono_ns();
	deadline = zx_clock_get_monotonic();
	t2 = zxt_mono_ns();
	CHILD_CHECK(t1 <= deadline && deadline <= t2);

	CHILD_EQ(ZX_OK, zx_event_create(0, &e));
	deadline = zx_deadline_after(ZXT_MSEC(200));
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_EVENT_SIGNALED, deadline, &obs));
	CHILD_CHECK(zxt_mono_ns() >= deadline);

	it = (zx_wait_item_t){ e, ZX_EVENT_SIGNALED, 0 };
	deadline = zx_deadline_after(ZXT_MSEC(200));
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(&it, 1, deadline));
	CHILD_CHECK(zxt_mono_ns() >= deadline);

	deadline = zx_deadline_after(ZXT_MSEC(200));
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(NULL, 0, deadline));
	CHILD_CHECK(zxt_mono_ns() >= deadline);

	deadline = zx_deadline_after(ZXT_MSEC(200));
	CHILD_EQ(ZX_OK, zx_nanosleep(deadline));
	CHILD_CHECK(zxt_mono_ns() >= deadline);

	/* and a deadline that is past here but future for the host */
	deadline = zx_clock_get_monotonic() - ZXT_MSEC(500);
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_EVENT_SIGNALED, deadline, &obs));
	CHILD_EQ(ZX_OK, zx_handle_close(e));
}

TEST_ZX(time_namespace_deadlines)
{
	zxt_run_in_timens(timens_deadlines_child);
}

struct status_name {
	zx_status_t status;
	const char *name;
};

#define S(x) { x, #x }
static const struct status_name statuses[] = {
	S(ZX_OK), S(ZX_ERR_INTERNAL), S(ZX_ERR_NOT_SUPPORTED), S(ZX_ERR_NO_RESOURCES),
	S(ZX_ERR_NO_MEMORY), S(ZX_ERR_INVALID_ARGS), S(ZX_ERR_BAD_HANDLE),
	S(ZX_ERR_WRONG_TYPE), S(ZX_ERR_BAD_SYSCALL), S(ZX_ERR_OUT_OF_RANGE),
	S(ZX_ERR_BUFFER_TOO_SMALL), S(ZX_ERR_BAD_STATE), S(ZX_ERR_TIMED_OUT),
	S(ZX_ERR_SHOULD_WAIT), S(ZX_ERR_CANCELED), S(ZX_ERR_PEER_CLOSED), S(ZX_ERR_NOT_FOUND),
	S(ZX_ERR_ALREADY_EXISTS), S(ZX_ERR_ALREADY_BOUND), S(ZX_ERR_UNAVAILABLE),
	S(ZX_ERR_ACCESS_DENIED), S(ZX_ERR_IO), S(ZX_ERR_IO_REFUSED), S(ZX_ERR_IO_DATA_INTEGRITY),
	S(ZX_ERR_IO_DATA_LOSS), S(ZX_ERR_IO_NOT_PRESENT), S(ZX_ERR_IO_OVERRUN),
	S(ZX_ERR_IO_MISSED_DEADLINE), S(ZX_ERR_IO_INVALID), S(ZX_ERR_BAD_PATH), S(ZX_ERR_NOT_DIR),
	S(ZX_ERR_NOT_FILE), S(ZX_ERR_FILE_BIG), S(ZX_ERR_NO_SPACE), S(ZX_ERR_NOT_EMPTY),
	S(ZX_ERR_STOP), S(ZX_ERR_NEXT), S(ZX_ERR_ASYNC), S(ZX_ERR_PROTOCOL_NOT_SUPPORTED),
	S(ZX_ERR_ADDRESS_UNREACHABLE), S(ZX_ERR_ADDRESS_IN_USE), S(ZX_ERR_NOT_CONNECTED),
	S(ZX_ERR_CONNECTION_REFUSED), S(ZX_ERR_CONNECTION_RESET), S(ZX_ERR_CONNECTION_ABORTED),
};
#undef S

/* The values of spec 1.4, so a wrong header fails here too. */
_Static_assert(ZX_OK == 0 && ZX_ERR_INTERNAL == -1 && ZX_ERR_NOT_SUPPORTED == -2 &&
	       ZX_ERR_NO_RESOURCES == -3 && ZX_ERR_NO_MEMORY == -4 &&
	       ZX_ERR_INTERNAL_INTR_RETRY == -6 && ZX_ERR_INVALID_ARGS == -10 &&
	       ZX_ERR_BAD_HANDLE == -11 && ZX_ERR_WRONG_TYPE == -12 &&
	       ZX_ERR_BAD_SYSCALL == -13 && ZX_ERR_OUT_OF_RANGE == -14 &&
	       ZX_ERR_BUFFER_TOO_SMALL == -15 && ZX_ERR_BAD_STATE == -20 &&
	       ZX_ERR_TIMED_OUT == -21 && ZX_ERR_SHOULD_WAIT == -22 && ZX_ERR_CANCELED == -23 &&
	       ZX_ERR_PEER_CLOSED == -24 && ZX_ERR_NOT_FOUND == -25 &&
	       ZX_ERR_ALREADY_EXISTS == -26 && ZX_ERR_ALREADY_BOUND == -27 &&
	       ZX_ERR_UNAVAILABLE == -28 && ZX_ERR_ACCESS_DENIED == -30, "status values");
_Static_assert(ZX_ERR_IO == -40 && ZX_ERR_IO_REFUSED == -41 && ZX_ERR_IO_DATA_INTEGRITY == -42 &&
	       ZX_ERR_IO_DATA_LOSS == -43 && ZX_ERR_IO_NOT_PRESENT == -44 &&
	       ZX_ERR_IO_OVERRUN == -45 && ZX_ERR_IO_MISSED_DEADLINE == -46 &&
	       ZX_ERR_IO_INVALID == -47 && ZX_ERR_BAD_PATH == -50 && ZX_ERR_NOT_DIR == -51 &&
	       ZX_ERR_NOT_FILE == -52 && ZX_ERR_FILE_BIG == -53 && ZX_ERR_NO_SPACE == -54 &&
	       ZX_ERR_NOT_EMPTY == -55 && ZX_ERR_STOP == -60 && ZX_ERR_NEXT == -61 &&
	       ZX_ERR_ASYNC == -62 && ZX_ERR_PROTOCOL_NOT_SUPPORTED == -70 &&
	       ZX_ERR_ADDRESS_UNREACHABLE == -71 && ZX_ERR_ADDRESS_IN_USE == -72 &&
	       ZX_ERR_NOT_CONNECTED == -73 && ZX_ERR_CONNECTION_REFUSED == -74 &&
	       ZX_ERR_CONNECTION_RESET == -75 && ZX_ERR_CONNECTION_ABORTED == -76 &&
	       ZX_ERR_INTERNAL_INTR_KILLED == -502, "status values");

TEST_ZX(status_get_string)
{
	static const zx_status_t unknown[] = { 1, -5, -7, -29, -31, -100, -501, -503, -1000,
					       INT32_MIN, INT32_MAX };
	unsigned int i, j;
	const char *s;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		s = zx_status_get_string(statuses[i].status);
		ASSERT_NE(NULL, s);
		EXPECT_STREQ(statuses[i].name, s);
	}
	/* the kernel-internal ones: a name of that family, or (UNKNOWN) like Fuchsia */
	s = zx_status_get_string(ZX_ERR_INTERNAL_INTR_RETRY);
	ASSERT_NE(NULL, s);
	EXPECT_EQ(0, strncmp(s, "ZX_ERR_INTERNAL_INTR", 20)) TH_LOG("INTR_RETRY: %s", s);
	s = zx_status_get_string(ZX_ERR_INTERNAL_INTR_KILLED);
	ASSERT_NE(NULL, s);
	EXPECT_TRUE(!strcmp(s, "(UNKNOWN)") || !strcmp(s, "ZX_ERR_INTERNAL_INTR_KILLED"))
		TH_LOG("INTR_KILLED: %s", s);
	/* anything else: Fuchsia's "(UNKNOWN)" */
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		s = zx_status_get_string(unknown[i]);
		ASSERT_NE(NULL, s);
		EXPECT_STREQ("(UNKNOWN)", s) TH_LOG("status %d", unknown[i]);
		for (j = 0; j < sizeof(statuses) / sizeof(statuses[0]); j++) {
			EXPECT_STRNE(statuses[j].name, s);
		}
	}
}

TEST_HARNESS_MAIN
