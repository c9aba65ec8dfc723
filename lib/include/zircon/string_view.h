/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * zx_string_view_t: a pointer and a length, what
 * zx_system_get_version_string() returns. The string is NUL-terminated;
 * the length does not count the NUL.
 */
#ifndef SYSROOT_ZIRCON_STRING_VIEW_H_
#define SYSROOT_ZIRCON_STRING_VIEW_H_

#include <stddef.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

typedef struct zx_string_view {
	const char* c_str;
	size_t length;
} zx_string_view_t;

__END_CDECLS

#endif /* SYSROOT_ZIRCON_STRING_VIEW_H_ */
