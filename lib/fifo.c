// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_fifo_create, zx_fifo_write, zx_fifo_read.
 *
 * Sizes and counts travel as __u64 on every ABI: a 32-bit caller's size_t
 * is widened here, never multiplied, so the kernel sees exactly what was
 * passed.
 */
#include "private.h"

__EXPORT zx_status_t zx_fifo_create(size_t elem_count, size_t elem_size, uint32_t options,
				    zx_handle_t* out0, zx_handle_t* out1)
{
	struct zircon_fifo_create arg = {
		.elem_count = elem_count,
		.elem_size = elem_size,
		.options = options,
	};
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_FIFO_CREATE, &arg);
	const zx_handle_t pair[2] = { arg.out0, arg.out1 };

	return __zircon_hand_out_pair(status, pair, out0, out1);
}

static zx_status_t fifo_io(unsigned long request, zx_handle_t handle, size_t elem_size,
			   const void* data, size_t count, size_t* actual_count)
{
	struct zircon_fifo_io arg = {
		.handle = handle,
		.elem_size = elem_size,
		.data = zircon_ptr(data),
		.count = count,
	};
	zx_status_t status = __zircon_ioctl(request, &arg);

	/* actual_count may be NULL; it is at most the ring's 4096 elements. */
	if (status == ZX_OK && actual_count)
		*actual_count = (size_t)arg.actual;
	return status;
}

__EXPORT zx_status_t zx_fifo_write(zx_handle_t handle, size_t elem_size, const void* data,
				   size_t count, size_t* actual_count)
{
	return fifo_io(ZIRCON_IOC_FIFO_WRITE, handle, elem_size, data, count, actual_count);
}

__EXPORT zx_status_t zx_fifo_read(zx_handle_t handle, size_t elem_size, void* data,
				  size_t data_size, size_t* actual_count)
{
	/* data_size is an element count, whatever the name says. */
	return fifo_io(ZIRCON_IOC_FIFO_READ, handle, elem_size, data, data_size, actual_count);
}

ZX_SYSCALL_ALIAS(zx_fifo_create);
ZX_SYSCALL_ALIAS(zx_fifo_write);
ZX_SYSCALL_ALIAS(zx_fifo_read);
