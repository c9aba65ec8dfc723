// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_port_*: create, queue, wait, cancel, cancel_key; zx_object_wait_async.
 */
#include "private.h"

/* queue and wait hand the caller's packet to the kernel as is. */
#define PACKET_FIELD(f)                                                        \
	__ZX_STATIC_ASSERT(__builtin_offsetof(zx_port_packet_t, f) ==          \
			   __builtin_offsetof(struct zircon_port_packet, f),   \
			   "port packet " #f)
__ZX_STATIC_ASSERT(sizeof(zx_port_packet_t) == sizeof(struct zircon_port_packet),
		   "port packet size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_signal_t) == sizeof(struct zircon_packet_signal),
		   "signal packet size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_user_t) ==
		   sizeof(((struct zircon_port_packet*)0)->user), "user packet size");
PACKET_FIELD(key);
PACKET_FIELD(type);
PACKET_FIELD(status);
PACKET_FIELD(user);
PACKET_FIELD(signal);
PACKET_FIELD(signal.trigger);
PACKET_FIELD(signal.observed);
PACKET_FIELD(signal.count);
PACKET_FIELD(signal.timestamp);
PACKET_FIELD(signal.reserved1);
#undef PACKET_FIELD

__EXPORT zx_status_t zx_port_create(uint32_t options, zx_handle_t* out)
{
	struct zircon_port_create arg = { .options = options };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_PORT_CREATE, &arg);

	return status != ZX_OK ? status : __zircon_hand_out(arg.out, out);
}

__EXPORT zx_status_t zx_port_queue(zx_handle_t handle, const zx_port_packet_t* packet)
{
	struct zircon_port_queue arg = {
		.handle = handle,
		.packet = zircon_ptr(packet),
	};

	return __zircon_ioctl(ZIRCON_IOC_PORT_QUEUE, &arg);
}

__EXPORT zx_status_t zx_port_wait(zx_handle_t handle, zx_time_t deadline,
				  zx_port_packet_t* packet)
{
	/* The kernel writes the packet; a bad pointer loses it, as on Zircon. */
	struct zircon_port_wait arg = {
		.handle = handle,
		.deadline = deadline,
		.packet = zircon_ptr(packet),
	};

	return __zircon_ioctl(ZIRCON_IOC_PORT_WAIT, &arg);
}

__EXPORT zx_status_t zx_port_cancel(zx_handle_t handle, zx_handle_t source, uint64_t key)
{
	struct zircon_port_cancel arg = {
		.handle = handle,
		.source = source,
		.key = key,
	};

	return __zircon_ioctl(ZIRCON_IOC_PORT_CANCEL, &arg);
}

__EXPORT zx_status_t zx_port_cancel_key(zx_handle_t handle, uint32_t options, uint64_t key)
{
	struct zircon_port_cancel_key arg = {
		.handle = handle,
		.options = options,
		.key = key,
	};

	return __zircon_ioctl(ZIRCON_IOC_PORT_CANCEL_KEY, &arg);
}

__EXPORT zx_status_t zx_object_wait_async(zx_handle_t handle, zx_handle_t port, uint64_t key,
					  zx_signals_t signals, uint32_t options)
{
	struct zircon_object_wait_async arg = {
		.handle = handle,
		.port = port,
		.key = key,
		.signals = signals,
		.options = options,
	};

	return __zircon_ioctl(ZIRCON_IOC_OBJECT_WAIT_ASYNC, &arg);
}

ZX_SYSCALL_ALIAS(zx_port_create);
ZX_SYSCALL_ALIAS(zx_port_queue);
ZX_SYSCALL_ALIAS(zx_port_wait);
ZX_SYSCALL_ALIAS(zx_port_cancel);
ZX_SYSCALL_ALIAS(zx_port_cancel_key);
ZX_SYSCALL_ALIAS(zx_object_wait_async);
