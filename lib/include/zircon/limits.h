/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Page sizes, as in Fuchsia's limits.h. ZX_PAGE_SIZE is the base page of
 * every architecture; zx_system_get_page_size() gives the running
 * system's, between ZX_MIN_PAGE_SIZE and ZX_MAX_PAGE_SIZE.
 */
#ifndef SYSROOT_ZIRCON_LIMITS_H_
#define SYSROOT_ZIRCON_LIMITS_H_

#include <stdint.h>

#define ZX_MIN_PAGE_SHIFT ((uint32_t)12u)
#if defined(__aarch64__) || defined(__arm__)
#define ZX_MAX_PAGE_SHIFT ((uint32_t)16u)
#else
#define ZX_MAX_PAGE_SHIFT ((uint32_t)21u)
#endif

#define ZX_MIN_PAGE_SIZE ((uintptr_t)(1u << ZX_MIN_PAGE_SHIFT))
#define ZX_MAX_PAGE_SIZE ((uintptr_t)(1u << ZX_MAX_PAGE_SHIFT))

#define ZX_PAGE_SHIFT ZX_MIN_PAGE_SHIFT
#define ZX_PAGE_SIZE ZX_MIN_PAGE_SIZE
#define ZX_PAGE_MASK (ZX_PAGE_SIZE - 1u)

#endif /* SYSROOT_ZIRCON_LIMITS_H_ */
