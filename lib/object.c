// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_object_*: signal, signal_peer, wait_one, wait_many, get_info.
 */
#include "private.h"

/* wait_many hands the caller's array to the kernel as is. */
__ZX_STATIC_ASSERT(sizeof(zx_wait_item_t) == sizeof(struct zircon_wait_item),
		   "wait item size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_wait_item_t, handle) ==
		   __builtin_offsetof(struct zircon_wait_item, handle), "wait item handle");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_wait_item_t, waitfor) ==
		   __builtin_offsetof(struct zircon_wait_item, waitfor), "wait item waitfor");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_wait_item_t, pending) ==
		   __builtin_offsetof(struct zircon_wait_item, pending), "wait item pending");
__ZX_STATIC_ASSERT(ZX_WAIT_MANY_MAX_ITEMS == ZIRCON_WAIT_MANY_MAX_ITEMS, "wait_many limit");

__EXPORT zx_status_t zx_object_signal(zx_handle_t handle, uint32_t clear_mask,
				      uint32_t set_mask)
{
	struct zircon_object_signal arg = {
		.handle = handle,
		.clear_mask = clear_mask,
		.set_mask = set_mask,
	};

	return __zircon_ioctl(ZIRCON_IOC_OBJECT_SIGNAL, &arg);
}

__EXPORT zx_status_t zx_object_signal_peer(zx_handle_t handle, uint32_t clear_mask,
					   uint32_t set_mask)
{
	struct zircon_object_signal arg = {
		.handle = handle,
		.clear_mask = clear_mask,
		.set_mask = set_mask,
	};

	return __zircon_ioctl(ZIRCON_IOC_OBJECT_SIGNAL_PEER, &arg);
}

__EXPORT zx_status_t zx_object_wait_one(zx_handle_t handle, zx_signals_t signals,
					zx_time_t deadline, zx_signals_t* observed)
{
	struct zircon_object_wait_one arg = {
		.handle = handle,
		.signals = signals,
		.deadline = deadline,
	};
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_OBJECT_WAIT_ONE, &arg);

	/* Zircon reports the signals on a timeout or cancel as well. */
	if (observed && (status == ZX_OK || status == ZX_ERR_TIMED_OUT ||
			 status == ZX_ERR_CANCELED))
		*observed = arg.observed;
	return status;
}

__EXPORT zx_status_t zx_object_wait_many(zx_wait_item_t* items, size_t num_items,
					 zx_time_t deadline)
{
	struct zircon_object_wait_many arg = {
		.items = zircon_ptr(items),
		.count = num_items,
		.deadline = deadline,
	};

	return __zircon_ioctl(ZIRCON_IOC_OBJECT_WAIT_MANY, &arg);
}

/* On LP64 zx_info_socket_t is the kernel's record. */
__ZX_STATIC_ASSERT(sizeof(size_t) != 8 ||
		   sizeof(zx_info_socket_t) == sizeof(struct zircon_info_socket),
		   "zx_info_socket_t size");
__ZX_STATIC_ASSERT(sizeof(size_t) != 8 ||
		   __builtin_offsetof(zx_info_socket_t, tx_buf_size) ==
		   __builtin_offsetof(struct zircon_info_socket, tx_buf_size),
		   "zx_info_socket_t layout");

/*
 * ZX_INFO_SOCKET on a 32-bit ABI: the kernel fills its own record (size_t
 * fields as __u64) and we narrow it into the caller's buffer.
 */
static zx_status_t get_info_socket32(struct zircon_object_get_info* arg, void* buffer,
				     size_t buffer_size)
{
	struct zircon_info_socket k;
	zx_info_socket_t info;
	zx_status_t status;

	arg->buffer = zircon_ptr(&k);
	arg->buffer_size = buffer_size >= sizeof(info) ? sizeof(k) : 0;
	status = __zircon_ioctl(ZIRCON_IOC_OBJECT_GET_INFO, arg);
	if (status != ZX_OK)
		return status;
	info = (zx_info_socket_t){ 0 };
	info.options = k.options;
	info.rx_buf_max = (size_t)k.rx_buf_max;
	info.rx_buf_size = (size_t)k.rx_buf_size;
	info.rx_buf_available = (size_t)k.rx_buf_available;
	info.tx_buf_max = (size_t)k.tx_buf_max;
	info.tx_buf_size = (size_t)k.tx_buf_size;
	/* Zircon's copy out fails, and then it reports no counts. */
	return __zircon_copy_safe(buffer, &info, sizeof(info)) ? ZX_ERR_INVALID_ARGS : ZX_OK;
}

__EXPORT zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic, void* buffer,
					size_t buffer_size, size_t* actual, size_t* avail)
{
	struct zircon_object_get_info arg = {
		.handle = handle,
		.topic = topic,
		.buffer = zircon_ptr(buffer),
		.buffer_size = buffer_size,
	};
	zx_status_t status;

	if (sizeof(size_t) != sizeof(__u64) && topic == ZX_INFO_SOCKET)
		status = get_info_socket32(&arg, buffer, buffer_size);
	else
		status = __zircon_ioctl(ZIRCON_IOC_OBJECT_GET_INFO, &arg);

	/* The counts say how big a buffer to retry with, so report them then too. */
	if (status == ZX_OK || status == ZX_ERR_BUFFER_TOO_SMALL) {
		if (actual)
			*actual = (size_t)arg.actual;
		if (avail)
			*avail = (size_t)arg.avail;
	}
	return status;
}

ZX_SYSCALL_ALIAS(zx_object_signal);
ZX_SYSCALL_ALIAS(zx_object_signal_peer);
ZX_SYSCALL_ALIAS(zx_object_wait_one);
ZX_SYSCALL_ALIAS(zx_object_wait_many);
ZX_SYSCALL_ALIAS(zx_object_get_info);
