// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_handle_*: close, close_many, duplicate, replace.
 */
#include "private.h"

void __zircon_discard(zx_handle_t handle)
{
	struct zircon_handle_close arg = { .handle = handle };

	__zircon_ioctl(ZIRCON_IOC_HANDLE_CLOSE, &arg);
}

zx_status_t __zircon_hand_out(zx_handle_t handle, zx_handle_t* out)
{
	if (!out) {
		__zircon_discard(handle);
		return ZX_ERR_INVALID_ARGS;
	}
	*out = handle;
	return ZX_OK;
}

zx_status_t __zircon_hand_out_pair(zx_status_t status, const zx_handle_t pair[2],
				   zx_handle_t* out0, zx_handle_t* out1)
{
	if (status == ZX_OK && out0 && out1) {
		*out0 = pair[0];
		*out1 = pair[1];
		return ZX_OK;
	}
	if (status == ZX_OK) {
		__zircon_discard(pair[0]);
		__zircon_discard(pair[1]);
		status = ZX_ERR_INVALID_ARGS;
	}
	/* On failure both outputs read ZX_HANDLE_INVALID. */
	if (out0)
		*out0 = ZX_HANDLE_INVALID;
	if (out1)
		*out1 = ZX_HANDLE_INVALID;
	return status;
}

__EXPORT zx_status_t zx_handle_close(zx_handle_t handle)
{
	struct zircon_handle_close arg = { .handle = handle };

	/* Like free(NULL): valid even in a process that has no table. */
	if (handle == ZX_HANDLE_INVALID)
		return ZX_OK;
	return __zircon_ioctl(ZIRCON_IOC_HANDLE_CLOSE, &arg);
}

__EXPORT zx_status_t zx_handle_close_many(const zx_handle_t* handles, size_t num_handles)
{
	struct zircon_handle_close_many arg = {
		.handles = zircon_ptr(handles),
		.count = num_handles,
	};

	return __zircon_ioctl(ZIRCON_IOC_HANDLE_CLOSE_MANY, &arg);
}

static zx_status_t dup_or_replace(unsigned long request, zx_handle_t handle,
				  zx_rights_t rights, zx_handle_t* out)
{
	struct zircon_handle_dup arg = { .handle = handle, .rights = rights };
	zx_status_t status = __zircon_ioctl(request, &arg);

	/* Without @out, replace still consumed the source, exactly as in Zircon. */
	return status != ZX_OK ? status : __zircon_hand_out(arg.out, out);
}

__EXPORT zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights,
					 zx_handle_t* out)
{
	return dup_or_replace(ZIRCON_IOC_HANDLE_DUPLICATE, handle, rights, out);
}

__EXPORT zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights,
				       zx_handle_t* out)
{
	return dup_or_replace(ZIRCON_IOC_HANDLE_REPLACE, handle, rights, out);
}

ZX_SYSCALL_ALIAS(zx_handle_close);
ZX_SYSCALL_ALIAS(zx_handle_close_many);
ZX_SYSCALL_ALIAS(zx_handle_duplicate);
ZX_SYSCALL_ALIAS(zx_handle_replace);
