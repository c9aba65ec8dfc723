// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_socket_*: create, write, read, set_disposition.
 */
#include "private.h"

__EXPORT zx_status_t zx_socket_create(uint32_t options, zx_handle_t* out0, zx_handle_t* out1)
{
	struct zircon_eventpair_create arg = { .options = options };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_SOCKET_CREATE, &arg);
	const zx_handle_t pair[2] = { arg.out0, arg.out1 };

	return __zircon_hand_out_pair(status, pair, out0, out1);
}

static zx_status_t socket_io(unsigned long request, zx_handle_t handle, uint32_t options,
			     const void* buffer, size_t size, size_t* actual)
{
	struct zircon_socket_io arg = {
		.handle = handle,
		.options = options,
		.buffer = zircon_ptr(buffer),
		.size = size,
	};
	zx_status_t status = __zircon_ioctl(request, &arg);

	/* actual may be NULL: the caller ignores it. */
	if (status == ZX_OK && actual)
		*actual = (size_t)arg.actual;
	return status;
}

__EXPORT zx_status_t zx_socket_write(zx_handle_t handle, uint32_t options, const void* buffer,
				     size_t buffer_size, size_t* actual)
{
	return socket_io(ZIRCON_IOC_SOCKET_WRITE, handle, options, buffer, buffer_size, actual);
}

__EXPORT zx_status_t zx_socket_read(zx_handle_t handle, uint32_t options, void* buffer,
				    size_t buffer_size, size_t* actual)
{
	return socket_io(ZIRCON_IOC_SOCKET_READ, handle, options, buffer, buffer_size, actual);
}

__EXPORT zx_status_t zx_socket_set_disposition(zx_handle_t handle, uint32_t disposition,
					       uint32_t disposition_peer)
{
	struct zircon_socket_set_disposition arg = {
		.handle = handle,
		.disposition = disposition,
		.disposition_peer = disposition_peer,
	};

	return __zircon_ioctl(ZIRCON_IOC_SOCKET_SET_DISPOSITION, &arg);
}

ZX_SYSCALL_ALIAS(zx_socket_create);
ZX_SYSCALL_ALIAS(zx_socket_write);
ZX_SYSCALL_ALIAS(zx_socket_read);
ZX_SYSCALL_ALIAS(zx_socket_set_disposition);
