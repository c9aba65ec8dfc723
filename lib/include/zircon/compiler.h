/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Compiler helpers with Fuchsia's names, so code written for Fuchsia that
 * uses them builds unchanged. Every macro is guarded: another library (or a
 * BSD-style <sys/cdefs.h>) may have defined the same name first.
 */
#ifndef SYSROOT_ZIRCON_COMPILER_H_
#define SYSROOT_ZIRCON_COMPILER_H_

#if !defined(__GNUC__) && !defined(__clang__)
#error "zircon headers need GCC or Clang"
#endif

#ifndef __has_cpp_attribute
#define __has_cpp_attribute(x) 0
#endif
#ifndef __has_feature
#define __has_feature(x) 0
#endif

#if !defined(__ASSEMBLER__)

#ifndef __BEGIN_CDECLS
#ifdef __cplusplus
#define __BEGIN_CDECLS extern "C" {
#define __END_CDECLS }
#else
#define __BEGIN_CDECLS
#define __END_CDECLS
#endif
#endif

#ifdef __cplusplus
#define __CONSTEXPR constexpr
#else
#define __CONSTEXPR
#endif

/* C11 and C++11 both have static assertions, under different names. */
#ifdef __cplusplus
#define __ZX_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define __ZX_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

#ifndef __NO_INLINE
#define __NO_INLINE __attribute__((__noinline__))
#endif
#ifndef __ALWAYS_INLINE
#define __ALWAYS_INLINE __attribute__((__always_inline__))
#endif
#ifndef __UNUSED
#define __UNUSED __attribute__((__unused__))
#endif
#ifndef __PACKED
#define __PACKED __attribute__((__packed__))
#endif
#ifndef __THREAD
#define __THREAD __thread
#endif
#ifndef __ALIGNED
#define __ALIGNED(x) __attribute__((__aligned__(x)))
#endif
#ifndef __NO_RETURN
#define __NO_RETURN __attribute__((__noreturn__))
#endif
#ifndef __WARN_UNUSED_RESULT
#define __WARN_UNUSED_RESULT __attribute__((__warn_unused_result__))
#endif
#ifndef __DEPRECATE
#define __DEPRECATE __attribute__((__deprecated__))
#endif
#ifndef __PURE
#define __PURE __attribute__((__pure__))
#endif
#ifndef __CONST
#define __CONST __attribute__((__const__))
#endif
#ifndef __MALLOC
#define __MALLOC __attribute__((__malloc__))
#endif
#ifndef __PRINTFLIKE
#define __PRINTFLIKE(__fmt, __varargs) \
	__attribute__((__format__(__printf__, __fmt, __varargs)))
#endif
#ifndef __SCANFLIKE
#define __SCANFLIKE(__fmt, __varargs) \
	__attribute__((__format__(__scanf__, __fmt, __varargs)))
#endif
#ifndef __NONNULL
#define __NONNULL(n) __attribute__((__nonnull__ n))
#endif
#ifndef __LEAF_FN
#define __LEAF_FN __attribute__((__leaf__))
#endif
#ifndef __ALIAS
#define __ALIAS(x) __attribute__((__alias__(x)))
#endif
#ifndef __SECTION
#define __SECTION(x) __attribute__((__section__(x)))
#endif
#ifndef __WEAK
#define __WEAK __attribute__((__weak__))
#endif
#ifndef __WEAK_ALIAS
#define __WEAK_ALIAS(x) __attribute__((__weak__, __alias__(x)))
#endif
#ifndef __ALWAYS_EMIT
#define __ALWAYS_EMIT __attribute__((__used__))
#endif
#ifndef __EXPORT
#define __EXPORT __attribute__((__visibility__("default")))
#endif
#ifndef __LOCAL
#define __LOCAL __attribute__((__visibility__("hidden")))
#endif

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#ifndef __ISCONSTANT
#define __ISCONSTANT(x) __builtin_constant_p(x)
#endif
#ifndef __UNREACHABLE
#define __UNREACHABLE __builtin_unreachable()
#endif
#ifndef __offsetof
#define __offsetof(type, field) __builtin_offsetof(type, field)
#endif
/* The number of elements of an array (in C++ a pointer does not compile). */
#if !defined(countof) && !defined(__cplusplus)
#define countof(a) (sizeof(a) / sizeof((a)[0]))
#elif !defined(countof)
extern "C++" {
template <typename T, decltype(sizeof(0)) N>
constexpr decltype(sizeof(0)) countof(T const (&)[N]) noexcept {
	return N;
}
}
#endif

/* true if the operation overflowed; *result gets the wrapped value */
#ifndef add_overflow
#define add_overflow(a, b, result) __builtin_add_overflow(a, b, result)
#endif
#ifndef sub_overflow
#define sub_overflow(a, b, result) __builtin_sub_overflow(a, b, result)
#endif
#ifndef mul_overflow
#define mul_overflow(a, b, result) __builtin_mul_overflow(a, b, result)
#endif

#ifndef __FALLTHROUGH
#if defined(__cplusplus) && __cplusplus >= 201703L
#define __FALLTHROUGH [[fallthrough]]
#else
#define __FALLTHROUGH __attribute__((__fallthrough__))
#endif
#endif

/*
 * Clang's thread-safety analysis (-Wthread-safety): the annotations
 * Fuchsia's code puts on locks and what they guard. Other compilers
 * ignore them.
 */
#if defined(__clang__)
#define __THREAD_ANNOTATION(x) __attribute__((x))
#else
#define __THREAD_ANNOTATION(x)
#endif
#define __TA_CAPABILITY(x) __THREAD_ANNOTATION(__capability__(x))
#define __TA_GUARDED(x) __THREAD_ANNOTATION(__guarded_by__(x))
#define __TA_PT_GUARDED(x) __THREAD_ANNOTATION(__pt_guarded_by__(x))
#define __TA_ACQUIRED_BEFORE(...) __THREAD_ANNOTATION(__acquired_before__(__VA_ARGS__))
#define __TA_ACQUIRED_AFTER(...) __THREAD_ANNOTATION(__acquired_after__(__VA_ARGS__))
#define __TA_REQUIRES(...) __THREAD_ANNOTATION(__requires_capability__(__VA_ARGS__))
#define __TA_REQUIRES_SHARED(...) \
	__THREAD_ANNOTATION(__requires_shared_capability__(__VA_ARGS__))
#define __TA_ACQUIRE(...) __THREAD_ANNOTATION(__acquire_capability__(__VA_ARGS__))
#define __TA_ACQUIRE_SHARED(...) __THREAD_ANNOTATION(__acquire_shared_capability__(__VA_ARGS__))
#define __TA_RELEASE(...) __THREAD_ANNOTATION(__release_capability__(__VA_ARGS__))
#define __TA_RELEASE_SHARED(...) __THREAD_ANNOTATION(__release_shared_capability__(__VA_ARGS__))
#define __TA_TRY_ACQUIRE(...) __THREAD_ANNOTATION(__try_acquire_capability__(__VA_ARGS__))
#define __TA_TRY_ACQUIRE_SHARED(...) \
	__THREAD_ANNOTATION(__try_acquire_shared_capability__(__VA_ARGS__))
#define __TA_EXCLUDES(...) __THREAD_ANNOTATION(__locks_excluded__(__VA_ARGS__))
#define __TA_ASSERT(...) __THREAD_ANNOTATION(__assert_capability__(__VA_ARGS__))
#define __TA_ASSERT_SHARED(...) __THREAD_ANNOTATION(__assert_shared_capability__(__VA_ARGS__))
#define __TA_RETURN_CAPABILITY(x) __THREAD_ANNOTATION(__lock_returned__(x))
#define __TA_SCOPED_CAPABILITY __THREAD_ANNOTATION(__scoped_lockable__)
#define __TA_NO_THREAD_SAFETY_ANALYSIS __THREAD_ANNOTATION(__no_thread_safety_analysis__)

/* Clang's lifetime annotations: a type that owns, or points to, a T. */
#if defined(__clang__) && defined(__cplusplus)
#if __has_cpp_attribute(gsl::Owner)
#define __OWNER(x) [[gsl::Owner(x)]]
#define __POINTER(x) [[gsl::Pointer(x)]]
#endif
#endif
#ifndef __OWNER
#define __OWNER(x)
#define __POINTER(x)
#endif

/* Keep the compiler from putting a function's locals on the safe stack. */
#ifndef __NO_SAFESTACK
#define __NO_SAFESTACK
#endif

#endif /* !__ASSEMBLER__ */

#endif /* SYSROOT_ZIRCON_COMPILER_H_ */
