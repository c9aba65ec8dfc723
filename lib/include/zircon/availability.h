/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Fuchsia API levels. A build for Fuchsia sets __Fuchsia_API_level__ and
 * these macros hide what its level does not have. Builds for Linux set
 * none: every declaration is visible, as at Fuchsia's HEAD.
 */
#ifndef SYSROOT_ZIRCON_AVAILABILITY_H_
#define SYSROOT_ZIRCON_AVAILABILITY_H_

/* The pseudo-levels of unreleased and in-development APIs. */
#define FUCHSIA_HEAD 4292870144
#define FUCHSIA_NEXT 4291821568

#if defined(__Fuchsia_API_level__)
#define FUCHSIA_API_LEVEL_AT_LEAST(level) (__Fuchsia_API_level__ >= (level))
#define FUCHSIA_API_LEVEL_LESS_THAN(level) (__Fuchsia_API_level__ < (level))
#define FUCHSIA_API_LEVEL_AT_MOST(level) (__Fuchsia_API_level__ <= (level))
#else
#define FUCHSIA_API_LEVEL_AT_LEAST(level) 1
#define FUCHSIA_API_LEVEL_LESS_THAN(level) 0
#define FUCHSIA_API_LEVEL_AT_MOST(level) 0
#endif

/* Declaration attributes by level: no-ops without an API level. */
#if defined(__Fuchsia_API_level__) && defined(__clang__)
#define ZX_AVAILABLE_SINCE(level) __attribute__((availability(fuchsia, introduced = level)))
#define ZX_DEPRECATED_SINCE(added, deprecated, msg) \
	__attribute__((availability(fuchsia, introduced = added, deprecated = deprecated, message = msg)))
#define ZX_REMOVED_SINCE(added, deprecated, removed, msg)                            \
	__attribute__((availability(fuchsia, introduced = added, deprecated = deprecated, \
				    obsoleted = removed, message = msg)))
#else
#define ZX_AVAILABLE_SINCE(level)
#define ZX_DEPRECATED_SINCE(added, deprecated, msg)
#define ZX_REMOVED_SINCE(added, deprecated, removed, msg)
#endif

#endif /* SYSROOT_ZIRCON_AVAILABILITY_H_ */
