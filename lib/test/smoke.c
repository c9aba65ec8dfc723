// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Host smoke test of libzircon: the calls that need no kernel module, the
 * behaviour without /dev/zircon, and (linked statically, -DZX_INTERNALS)
 * the errno -> status table. Prints one line per failure.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <zircon/linux.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>

#ifdef ZX_INTERNALS
#include "../private.h"
#endif

static int failures;

#define EXPECT(cond)                                                        \
	do {                                                                \
		if (!(cond)) {                                              \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                         \
		}                                                           \
	} while (0)

#define EXPECT_STR(status, str) EXPECT(strcmp(zx_status_get_string(status), str) == 0)

static void test_status_strings(void)
{
	static const zx_status_t unknown[] = {
		1, -5, -7, -9, -16, -19, -29, -31, -39, -48, -49, -56, -59, -63, -69, -77,
		-502, INT32_MIN, INT32_MAX,
	};

	EXPECT_STR(ZX_OK, "ZX_OK");
	EXPECT_STR(ZX_ERR_INTERNAL, "ZX_ERR_INTERNAL");
	EXPECT_STR(ZX_ERR_INTERNAL_INTR_RETRY, "ZX_ERR_INTERNAL_INTR_RETRY");
	EXPECT_STR(ZX_ERR_INVALID_ARGS, "ZX_ERR_INVALID_ARGS");
	EXPECT_STR(ZX_ERR_BUFFER_TOO_SMALL, "ZX_ERR_BUFFER_TOO_SMALL");
	EXPECT_STR(ZX_ERR_UNAVAILABLE, "ZX_ERR_UNAVAILABLE");
	EXPECT_STR(ZX_ERR_ACCESS_DENIED, "ZX_ERR_ACCESS_DENIED");
	EXPECT_STR(ZX_ERR_IO_INVALID, "ZX_ERR_IO_INVALID");
	EXPECT_STR(ZX_ERR_NOT_EMPTY, "ZX_ERR_NOT_EMPTY");
	EXPECT_STR(ZX_ERR_ASYNC, "ZX_ERR_ASYNC");
	EXPECT_STR(ZX_ERR_CONNECTION_ABORTED, "ZX_ERR_CONNECTION_ABORTED");
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		EXPECT_STR(unknown[i], "(UNKNOWN)");
	/* Every status from -1 to -76 has either its own name or "(UNKNOWN)". */
	for (zx_status_t s = 0; s >= -76; s--) {
		const char* name = zx_status_get_string(s);

		EXPECT(name && (strncmp(name, "ZX_", 3) == 0 || strcmp(name, "(UNKNOWN)") == 0));
	}
}

static void test_time(void)
{
	zx_time_t t0 = zx_clock_get_monotonic(), t1, d;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t1 = zx_clock_get_monotonic();
	EXPECT(t0 > 0 && t0 <= zx_time_from_timespec(ts) && zx_time_from_timespec(ts) <= t1);

	d = zx_deadline_after(ZX_SEC(10));
	EXPECT(d >= t1 + ZX_SEC(10) && d < zx_clock_get_monotonic() + ZX_SEC(10) + 1);
	EXPECT(zx_deadline_after(ZX_TIME_INFINITE) == ZX_TIME_INFINITE);
	EXPECT(zx_deadline_after(ZX_TIME_INFINITE_PAST) < 0);

	/* Saturating helpers, with non-constant arguments. */
	volatile int64_t big = INT64_MAX / 2;
	EXPECT(ZX_SEC(big) == ZX_TIME_INFINITE && ZX_MSEC(-big) == ZX_TIME_INFINITE_PAST);
	EXPECT(zx_time_add_duration(big, big) == INT64_MAX - 1);
	EXPECT(zx_time_add_duration(big, big + 2) == ZX_TIME_INFINITE);
	EXPECT(zx_time_sub_duration(-big, big + 3) == ZX_TIME_INFINITE_PAST);
	EXPECT(zx_time_sub_time(big, -big - 2) == ZX_TIME_INFINITE);
	EXPECT(zx_duration_add_duration(-big, -big - 3) == ZX_TIME_INFINITE_PAST);
	EXPECT(zx_duration_sub_duration(0, INT64_MIN) == ZX_TIME_INFINITE);
	EXPECT(zx_duration_mul_int64(big, -3) == ZX_TIME_INFINITE_PAST);
	EXPECT(zx_duration_mul_int64(-big, -3) == ZX_TIME_INFINITE);
	EXPECT(zx_duration_from_usec(big) == ZX_TIME_INFINITE);
	ts = zx_timespec_from_duration(ZX_SEC(5) + 42);
	EXPECT(ts.tv_sec == 5 && ts.tv_nsec == 42);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_nanosleep(void)
{
	struct sigaction sa;
	struct itimerval it = { .it_value = { .tv_usec = 5000 } };
	zx_time_t start = zx_clock_get_monotonic(), deadline;

	EXPECT(zx_nanosleep(0) == ZX_OK);
	EXPECT(zx_nanosleep(ZX_TIME_INFINITE_PAST) == ZX_OK);
	EXPECT(zx_nanosleep(start - ZX_SEC(1)) == ZX_OK);
	EXPECT(zx_clock_get_monotonic() - start < ZX_MSEC(500));

	/* A signal handler without SA_RESTART must not cut the sleep short. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	deadline = zx_deadline_after(ZX_MSEC(30));
	EXPECT(zx_nanosleep(deadline) == ZX_OK);
	EXPECT(zx_clock_get_monotonic() >= deadline);
	signal(SIGALRM, SIG_DFL);
}

static void test_without_device(void)
{
	zx_handle_t h = 0x1234, h0 = 0x1234, h1 = 0x1234;
	zx_signals_t observed = 0x1234;
	size_t actual = 77, avail = 77;

	errno = 4242;
	EXPECT(zx_handle_close(ZX_HANDLE_INVALID) == ZX_OK);
	EXPECT(errno == 4242);

	if (access("/dev/zircon", F_OK) == 0) {
		printf("SKIP /dev/zircon exists: not checking calls without the module\n");
		return;
	}
	EXPECT(zx_linux_device_fd() == -1);
	errno = 4242;
	EXPECT(zx_event_create(0, &h) == ZX_ERR_NOT_SUPPORTED && h == 0x1234);
	EXPECT(errno == 4242); /* zx_* calls never change errno */
	EXPECT(zx_eventpair_create(0, &h0, &h1) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
	EXPECT(zx_handle_close(0x1233) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_handle_close_many(&h, 1) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_handle_duplicate(0x1233, ZX_RIGHT_SAME_RIGHTS, &h) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_handle_replace(0x1233, ZX_RIGHT_SAME_RIGHTS, &h) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_object_signal(0x1233, 0, ZX_USER_SIGNAL_0) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_object_signal_peer(0x1233, 0, ZX_USER_SIGNAL_0) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_object_wait_one(0x1233, 1, 0, &observed) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(observed == 0x1234);
	EXPECT(zx_object_wait_many(NULL, 0, 0) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_object_get_info(0x1233, ZX_INFO_HANDLE_VALID, NULL, 0, &actual, &avail) ==
	       ZX_ERR_NOT_SUPPORTED);
	EXPECT(actual == 77 && avail == 77);
	EXPECT(h == 0x1234);

	zx_port_packet_t packet;

	memset(&packet, 0x5a, sizeof(packet));
	EXPECT(zx_port_create(0, &h) == ZX_ERR_NOT_SUPPORTED && h == 0x1234);
	EXPECT(zx_port_queue(0x1233, &packet) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_port_wait(0x1233, 0, &packet) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(packet.key == 0x5a5a5a5a5a5a5a5aull);
	EXPECT(zx_port_cancel(0x1233, 0x1237, 1) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_port_cancel_key(0x1233, 0, 1) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_object_wait_async(0x1233, 0x1237, 1, ZX_USER_SIGNAL_0, 0) ==
	       ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_timer_create(0, ZX_CLOCK_MONOTONIC, &h) == ZX_ERR_NOT_SUPPORTED && h == 0x1234);
	EXPECT(zx_timer_set(0x1233, 0, 0) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(zx_timer_cancel(0x1233) == ZX_ERR_NOT_SUPPORTED);
	EXPECT(errno == 4242);
}

#ifdef ZX_INTERNALS
static void test_errno_table(void)
{
#define CHECK_ERRNO(name) EXPECT(__zircon_status_from_errno(ZIRCON_ERRNO_##name) == ZX_ERR_##name);
	ZIRCON_ERRNO_STATUSES(CHECK_ERRNO)
#undef CHECK_ERRNO
	EXPECT(__zircon_status_from_errno(EFAULT) == ZX_ERR_INVALID_ARGS);
	EXPECT(__zircon_status_from_errno(ENOTTY) == ZX_ERR_BAD_SYSCALL);
	EXPECT(__zircon_status_from_errno(EINVAL) == ZX_ERR_INVALID_ARGS);
	EXPECT(__zircon_status_from_errno(EPERM) == ZX_ERR_BAD_HANDLE);
	EXPECT(__zircon_status_from_errno(EXDEV) == ZX_ERR_INTERNAL);
	EXPECT(__zircon_status_from_errno(0) == ZX_ERR_INTERNAL);
}
#endif

int main(void)
{
	test_status_strings();
	test_time();
	test_nanosleep();
	test_without_device();
#ifdef ZX_INTERNALS
	test_errno_table();
#endif
	printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
	return failures != 0;
}
