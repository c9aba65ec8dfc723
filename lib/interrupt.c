// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_interrupt_*: virtual interrupts. There are no resources here, so
 * src_obj and src_num mean nothing (pass ZX_HANDLE_INVALID and 0, as for a
 * virtual interrupt on Fuchsia).
 */
#include "private.h"

__EXPORT zx_status_t zx_interrupt_create(zx_handle_t src_obj, uint32_t src_num, uint32_t options,
					 zx_handle_t* out_handle)
{
	struct zircon_interrupt_create arg = {
		.src_obj = src_obj,
		.src_num = src_num,
		.options = options,
	};
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_INTERRUPT_CREATE, &arg);

	return status != ZX_OK ? status : __zircon_hand_out(arg.out, out_handle);
}

__EXPORT zx_status_t zx_interrupt_bind(zx_handle_t handle, zx_handle_t port_handle, uint64_t key,
				       uint32_t options)
{
	struct zircon_interrupt_bind arg = {
		.handle = handle,
		.port = port_handle,
		.key = key,
		.options = options,
	};

	return __zircon_ioctl(ZIRCON_IOC_INTERRUPT_BIND, &arg);
}

/* Blocks; a Linux signal handler runs and the wait resumes. */
__EXPORT zx_status_t zx_interrupt_wait(zx_handle_t handle, zx_time_t* out_timestamp)
{
	struct zircon_interrupt_wait arg = {
		.handle = handle,
		.timestamp = zircon_ptr(out_timestamp),
	};

	return __zircon_ioctl(ZIRCON_IOC_INTERRUPT_WAIT, &arg);
}

__EXPORT zx_status_t zx_interrupt_destroy(zx_handle_t handle)
{
	struct zircon_handle_close arg = { .handle = handle };

	return __zircon_ioctl(ZIRCON_IOC_INTERRUPT_DESTROY, &arg);
}

__EXPORT zx_status_t zx_interrupt_ack(zx_handle_t handle)
{
	struct zircon_handle_close arg = { .handle = handle };

	return __zircon_ioctl(ZIRCON_IOC_INTERRUPT_ACK, &arg);
}

__EXPORT zx_status_t zx_interrupt_trigger(zx_handle_t handle, uint32_t options,
					  zx_time_t timestamp)
{
	struct zircon_interrupt_trigger arg = {
		.handle = handle,
		.options = options,
		.timestamp = timestamp,
	};

	return __zircon_ioctl(ZIRCON_IOC_INTERRUPT_TRIGGER, &arg);
}

ZX_SYSCALL_ALIAS(zx_interrupt_create);
ZX_SYSCALL_ALIAS(zx_interrupt_bind);
ZX_SYSCALL_ALIAS(zx_interrupt_wait);
ZX_SYSCALL_ALIAS(zx_interrupt_destroy);
ZX_SYSCALL_ALIAS(zx_interrupt_ack);
ZX_SYSCALL_ALIAS(zx_interrupt_trigger);
