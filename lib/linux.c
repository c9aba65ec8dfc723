// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zircon/linux.h: handles as file descriptors, descriptors as objects,
 * signals for poll/epoll. The kernel enforces the rules (rights, exactly
 * once); the library only checks output pointers before anything moves.
 */
#include <zircon/linux.h>

#include "private.h"

__EXPORT zx_status_t zx_linux_handle_to_fd(zx_handle_t handle, int flags, int* out_fd)
{
	struct zircon_handle_to_fd arg = { .handle = handle, .flags = (uint32_t)flags };
	zx_status_t status;

	if (!out_fd) {
		/* Consumed whatever the outcome, as by zx_channel_write(). */
		zx_handle_close(handle);
		return ZX_ERR_INVALID_ARGS;
	}
	status = __zircon_ioctl(ZIRCON_IOC_HANDLE_TO_FD, &arg);
	*out_fd = status == ZX_OK ? arg.fd : -1;
	return status;
}

__EXPORT zx_status_t zx_linux_fd_to_handle(int fd, zx_handle_t* out)
{
	struct zircon_fd_to_handle arg = { .fd = fd };
	zx_status_t status;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	status = __zircon_ioctl(ZIRCON_IOC_FD_TO_HANDLE, &arg);
	*out = status == ZX_OK ? arg.out : ZX_HANDLE_INVALID;
	return status;
}

__EXPORT zx_status_t zx_linux_object_from_fd(int fd, zx_handle_t* out)
{
	struct zircon_object_from_fd arg = { .fd = fd };
	zx_status_t status;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	status = __zircon_ioctl(ZIRCON_IOC_OBJECT_FROM_FD, &arg);
	*out = status == ZX_OK ? arg.out : ZX_HANDLE_INVALID;
	return status;
}

__EXPORT zx_status_t zx_linux_poll_fd(zx_handle_t handle, zx_signals_t signals, int flags,
				      int* out_fd)
{
	struct zircon_poll_fd arg = {
		.handle = handle,
		.signals = signals,
		.flags = (uint32_t)flags,
	};
	zx_status_t status;

	if (!out_fd)
		return ZX_ERR_INVALID_ARGS;
	status = __zircon_ioctl(ZIRCON_IOC_POLL_FD, &arg);
	*out_fd = status == ZX_OK ? arg.fd : -1;
	return status;
}
