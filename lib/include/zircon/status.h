/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
#ifndef SYSROOT_ZIRCON_STATUS_H_
#define SYSROOT_ZIRCON_STATUS_H_

#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

/*
 * The name of a status code: zx_status_get_string(ZX_ERR_TIMED_OUT) is
 * "ZX_ERR_TIMED_OUT". Any value that is not a status Fuchsia names gives
 * "(UNKNOWN)". The string is static; never NULL.
 */
const char* zx_status_get_string(zx_status_t status);

__END_CDECLS

#endif /* SYSROOT_ZIRCON_STATUS_H_ */
