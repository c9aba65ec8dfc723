/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Time and duration types and Fuchsia's overflow-safe arithmetic on them.
 * All helpers saturate: a result above INT64_MAX is ZX_TIME_INFINITE, one
 * below INT64_MIN is ZX_TIME_INFINITE_PAST. They are constexpr in C++14 and
 * later.
 */
#ifndef SYSROOT_ZIRCON_TIME_H_
#define SYSROOT_ZIRCON_TIME_H_

#include <stdint.h>
#include <time.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

/* absolute time in nanoseconds (generally of the monotonic clock) */
typedef int64_t zx_time_t;
/* a duration in nanoseconds */
typedef int64_t zx_duration_t;
/* a duration in hardware ticks */
typedef int64_t zx_ticks_t;

/*
 * Fuchsia's newer names, which say which timeline a value is on: the
 * monotonic one (stops in suspend) or the boot one (counts it). All are
 * int64_t nanoseconds or ticks, interchangeable with the three above.
 */
typedef int64_t zx_instant_mono_t;
typedef int64_t zx_instant_boot_t;
typedef int64_t zx_duration_mono_t;
typedef int64_t zx_duration_boot_t;
typedef int64_t zx_instant_mono_ticks_t;
typedef int64_t zx_instant_boot_ticks_t;
typedef int64_t zx_duration_mono_ticks_t;
typedef int64_t zx_duration_boot_ticks_t;

#define ZX_TIME_INFINITE INT64_MAX
#define ZX_TIME_INFINITE_PAST INT64_MIN

/*
 * a + b can only overflow when both have the same sign, so the sign of b
 * says which way to saturate; a - b overflows towards the sign of -b.
 */
__CONSTEXPR static inline int64_t __zx_add_sat(int64_t a, int64_t b) {
	int64_t x = 0;
	if (__builtin_add_overflow(a, b, &x))
		return b < 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

__CONSTEXPR static inline int64_t __zx_sub_sat(int64_t a, int64_t b) {
	int64_t x = 0;
	if (__builtin_sub_overflow(a, b, &x))
		return b > 0 ? ZX_TIME_INFINITE_PAST : ZX_TIME_INFINITE;
	return x;
}

__CONSTEXPR static inline int64_t __zx_mul_sat(int64_t a, int64_t b) {
	int64_t x = 0;
	if (__builtin_mul_overflow(a, b, &x))
		return (a < 0) == (b < 0) ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
	return x;
}

__CONSTEXPR static inline zx_time_t zx_time_add_duration(zx_time_t time, zx_duration_t duration) {
	return __zx_add_sat(time, duration);
}

__CONSTEXPR static inline zx_time_t zx_time_sub_duration(zx_time_t time, zx_duration_t duration) {
	return __zx_sub_sat(time, duration);
}

__CONSTEXPR static inline zx_duration_t zx_time_sub_time(zx_time_t time1, zx_time_t time2) {
	return __zx_sub_sat(time1, time2);
}

__CONSTEXPR static inline zx_duration_t zx_duration_add_duration(zx_duration_t dur1,
								  zx_duration_t dur2) {
	return __zx_add_sat(dur1, dur2);
}

__CONSTEXPR static inline zx_duration_t zx_duration_sub_duration(zx_duration_t dur1,
								  zx_duration_t dur2) {
	return __zx_sub_sat(dur1, dur2);
}

__CONSTEXPR static inline zx_duration_t zx_duration_mul_int64(zx_duration_t duration,
							       int64_t multiplier) {
	return __zx_mul_sat(duration, multiplier);
}

__CONSTEXPR static inline int64_t zx_nsec_from_duration(zx_duration_t n) { return n; }

__CONSTEXPR static inline zx_duration_t zx_duration_from_nsec(int64_t n) {
	return zx_duration_mul_int64(1, n);
}

__CONSTEXPR static inline zx_duration_t zx_duration_from_usec(int64_t n) {
	return zx_duration_mul_int64(1000, n);
}

__CONSTEXPR static inline zx_duration_t zx_duration_from_msec(int64_t n) {
	return zx_duration_mul_int64(1000000, n);
}

__CONSTEXPR static inline zx_duration_t zx_duration_from_sec(int64_t n) {
	return zx_duration_mul_int64(1000000000, n);
}

__CONSTEXPR static inline zx_duration_t zx_duration_from_min(int64_t n) {
	return zx_duration_mul_int64(60000000000, n);
}

__CONSTEXPR static inline zx_duration_t zx_duration_from_hour(int64_t n) {
	return zx_duration_mul_int64(3600000000000, n);
}

__CONSTEXPR static inline zx_ticks_t zx_ticks_add_ticks(zx_ticks_t ticks1, zx_ticks_t ticks2) {
	return __zx_add_sat(ticks1, ticks2);
}

__CONSTEXPR static inline zx_ticks_t zx_ticks_sub_ticks(zx_ticks_t ticks1, zx_ticks_t ticks2) {
	return __zx_sub_sat(ticks1, ticks2);
}

__CONSTEXPR static inline zx_ticks_t zx_ticks_mul_int64(zx_ticks_t ticks, int64_t multiplier) {
	return __zx_mul_sat(ticks, multiplier);
}

/* struct timespec exists if <time.h> is C11's (TIME_UTC) or POSIX's (CLOCK_REALTIME). */
#if defined(TIME_UTC) || defined(CLOCK_REALTIME)

__CONSTEXPR static inline zx_duration_t zx_duration_from_timespec(struct timespec ts) {
	return zx_duration_add_duration(zx_duration_from_sec(ts.tv_sec),
					zx_duration_from_nsec(ts.tv_nsec));
}

__CONSTEXPR static inline struct timespec zx_timespec_from_duration(zx_duration_t duration) {
	const struct timespec ts = {
		(time_t)(duration / 1000000000),
		(long)(duration % 1000000000),
	};
	return ts;
}

__CONSTEXPR static inline zx_time_t zx_time_from_timespec(struct timespec ts) {
	return zx_duration_from_timespec(ts);
}

__CONSTEXPR static inline struct timespec zx_timespec_from_time(zx_time_t time) {
	return zx_timespec_from_duration(time);
}

#endif /* TIME_UTC || CLOCK_REALTIME */

/*
 * Unit conversions that fold to constants when n is one; prefer the
 * functions above for non-constant values.
 */
#define ZX_NSEC(n) (__ISCONSTANT(n) ? ((zx_duration_t)(1LL * (n))) : (zx_duration_from_nsec(n)))
#define ZX_USEC(n) (__ISCONSTANT(n) ? ((zx_duration_t)(1000LL * (n))) : (zx_duration_from_usec(n)))
#define ZX_MSEC(n) \
	(__ISCONSTANT(n) ? ((zx_duration_t)(1000000LL * (n))) : (zx_duration_from_msec(n)))
#define ZX_SEC(n) \
	(__ISCONSTANT(n) ? ((zx_duration_t)(1000000000LL * (n))) : (zx_duration_from_sec(n)))
#define ZX_MIN(n) \
	(__ISCONSTANT(n) ? ((zx_duration_t)(60LL * 1000000000LL * (n))) : (zx_duration_from_min(n)))
#define ZX_HOUR(n) \
	(__ISCONSTANT(n) ? ((zx_duration_t)(3600LL * 1000000000LL * (n))) \
			 : (zx_duration_from_hour(n)))

__END_CDECLS

#endif /* SYSROOT_ZIRCON_TIME_H_ */
