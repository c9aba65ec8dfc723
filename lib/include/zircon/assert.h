/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Assertions, as Fuchsia's <zircon/assert.h> names them. A failed
 * assertion prints where and why on standard error and aborts.
 *
 * ZX_DEBUG_ASSERT*() are checked when ZX_DEBUG_ASSERT_IMPLEMENTED is 1:
 * with ZX_DEBUGLEVEL above 1 (Fuchsia's build sets it; 2 by default
 * here), unless NDEBUG is defined. When not checked, the condition is
 * still compiled but never evaluated.
 */
#ifndef SYSROOT_ZIRCON_ASSERT_H_
#define SYSROOT_ZIRCON_ASSERT_H_

#include <stdarg.h>
#include <stdio.h>
#include <zircon/compiler.h>

#ifndef ZX_DEBUGLEVEL
#define ZX_DEBUGLEVEL 2
#endif

#if ZX_DEBUGLEVEL > 1 && !defined(NDEBUG)
#define ZX_DEBUG_ASSERT_IMPLEMENTED 1
#else
#define ZX_DEBUG_ASSERT_IMPLEMENTED 0
#endif

__BEGIN_CDECLS

/* Print a printf-style message on standard error and abort. */
static inline __NO_RETURN __PRINTFLIKE(1, 2) void __zx_panic(const char* format, ...) {
	va_list ap;

	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	/* abort(3), without <stdlib.h> (which C++ wraps in its own header) */
	__builtin_abort();
}

__END_CDECLS

#define ZX_PANIC(...) __zx_panic(__VA_ARGS__)

/* Reached only if the code is wrong. */
#define __ZX_ASSERT_FAIL(cond) \
	ZX_PANIC("ASSERT FAILED at (%s:%d): %s\n", __FILE__, __LINE__, cond)

#define ZX_ASSERT(x)                             \
	do {                                     \
		if (unlikely(!(x)))              \
			__ZX_ASSERT_FAIL(#x);    \
	} while (0)

/* The message is a printf format and its arguments, printed after the condition. */
#define ZX_ASSERT_MSG(x, ...)                                                          \
	do {                                                                           \
		if (unlikely(!(x))) {                                                  \
			fprintf(stderr, "ASSERT FAILED at (%s:%d): %s\n", __FILE__,    \
				__LINE__, #x);                                         \
			ZX_PANIC(__VA_ARGS__);                                         \
		}                                                                      \
	} while (0)

#define ZX_DEBUG_ASSERT(x)                                               \
	do {                                                             \
		if (ZX_DEBUG_ASSERT_IMPLEMENTED && unlikely(!(x)))       \
			__ZX_ASSERT_FAIL(#x);                            \
	} while (0)

#define ZX_DEBUG_ASSERT_MSG(x, ...)                                      \
	do {                                                             \
		if (ZX_DEBUG_ASSERT_IMPLEMENTED)                         \
			ZX_ASSERT_MSG(x, __VA_ARGS__);                   \
	} while (0)

/* The conditions themselves: true when not checked. */
#define ZX_DEBUG_ASSERT_COND(x) (!ZX_DEBUG_ASSERT_IMPLEMENTED || (x))
#define ZX_DEBUG_ASSERT_MSG_COND(x, ...) (!ZX_DEBUG_ASSERT_IMPLEMENTED || (x))

#endif /* SYSROOT_ZIRCON_ASSERT_H_ */
