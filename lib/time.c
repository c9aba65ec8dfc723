// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_clock_get_monotonic, zx_clock_get_boot, zx_deadline_after,
 * zx_nanosleep, zx_ticks_get, zx_ticks_get_boot, zx_ticks_per_second.
 *
 * ZX_CLOCK_MONOTONIC is Linux's CLOCK_MONOTONIC and ZX_CLOCK_BOOT is
 * CLOCK_BOOTTIME: the clocks the module measures wait deadlines and boot
 * timestamps against, read through the vDSO and adjusted for the caller's
 * time namespace. A tick is a nanosecond of the same clocks, so ticks and
 * times always agree. None of these calls need the device.
 */
#include <errno.h>
#include <sched.h>
#include <time.h>

#include "private.h"

/* The largest time_t (32-bit on some ABIs): 2^(bits-1) - 1 without overflow. */
#define TIME_T_MAX (((((time_t)1 << (sizeof(time_t) * 8 - 2)) - 1) << 1) + 1)

/* Nanoseconds on @clock; cannot fail for the clocks used here. */
static zx_time_t clock_read_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (zx_time_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

__EXPORT zx_time_t zx_clock_get_monotonic(void)
{
	return clock_read_ns(CLOCK_MONOTONIC);
}

__EXPORT zx_instant_boot_t zx_clock_get_boot(void)
{
	return clock_read_ns(CLOCK_BOOTTIME);
}

__EXPORT zx_instant_mono_ticks_t zx_ticks_get(void)
{
	return clock_read_ns(CLOCK_MONOTONIC);
}

__EXPORT zx_instant_boot_ticks_t zx_ticks_get_boot(void)
{
	return clock_read_ns(CLOCK_BOOTTIME);
}

__EXPORT zx_ticks_t zx_ticks_per_second(void)
{
	return 1000000000;
}

__EXPORT zx_time_t zx_deadline_after(zx_duration_t nanoseconds)
{
	return zx_time_add_duration(zx_clock_get_monotonic(), nanoseconds);
}

__EXPORT zx_status_t zx_nanosleep(zx_time_t deadline)
{
	struct timespec ts;

	/*
	 * A deadline of 0 or before is Fuchsia's way to ask for a yield; any
	 * other past deadline returns at once from clock_nanosleep().
	 */
	if (deadline <= 0) {
		sched_yield();
		return ZX_OK;
	}
	if (deadline / 1000000000 > TIME_T_MAX) {
		/* Later than time_t can say: as good as ZX_TIME_INFINITE. */
		ts.tv_sec = TIME_T_MAX;
		ts.tv_nsec = 0;
	} else {
		ts.tv_sec = (time_t)(deadline / 1000000000);
		ts.tv_nsec = (long)(deadline % 1000000000);
	}
	/* An absolute deadline makes restarting after a signal exact. */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
	return ZX_OK;
}

ZX_SYSCALL_ALIAS(zx_clock_get_monotonic);
ZX_SYSCALL_ALIAS(zx_clock_get_boot);
ZX_SYSCALL_ALIAS(zx_ticks_get);
ZX_SYSCALL_ALIAS(zx_ticks_get_boot);
ZX_SYSCALL_ALIAS(zx_ticks_per_second);
ZX_SYSCALL_ALIAS(zx_deadline_after);
ZX_SYSCALL_ALIAS(zx_nanosleep);
