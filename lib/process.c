// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_process_self, zx_thread_self, zx_vmar_root_self, zx_job_default,
 * zx_take_startup_handle: <zircon/process.h>. None of these objects
 * exists for a Linux process, and nothing passes it startup handles, so
 * each returns ZX_HANDLE_INVALID. The four self/default accessors have
 * _zx_ aliases, as they do on Fuchsia.
 */
#include <zircon/process.h>

#include "private.h"

__EXPORT zx_handle_t zx_process_self(void)
{
	return ZX_HANDLE_INVALID;
}

__EXPORT zx_handle_t zx_thread_self(void)
{
	return ZX_HANDLE_INVALID;
}

__EXPORT zx_handle_t zx_vmar_root_self(void)
{
	return ZX_HANDLE_INVALID;
}

__EXPORT zx_handle_t zx_job_default(void)
{
	return ZX_HANDLE_INVALID;
}

ZX_SYSCALL_ALIAS(zx_process_self);
ZX_SYSCALL_ALIAS(zx_thread_self);
ZX_SYSCALL_ALIAS(zx_vmar_root_self);
ZX_SYSCALL_ALIAS(zx_job_default);

__EXPORT zx_handle_t zx_take_startup_handle(uint32_t hnd_info)
{
	(void)hnd_info;
	return ZX_HANDLE_INVALID;
}
