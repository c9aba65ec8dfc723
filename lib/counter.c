// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_counter_*: create, add, read, write.
 */
#include "private.h"

__EXPORT zx_status_t zx_counter_create(uint32_t options, zx_handle_t* out)
{
	struct zircon_event_create arg = { .options = options };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_COUNTER_CREATE, &arg);

	return status != ZX_OK ? status : __zircon_hand_out(arg.out, out);
}

__EXPORT zx_status_t zx_counter_add(zx_handle_t handle, int64_t value)
{
	struct zircon_counter_update arg = { .handle = handle, .value = value };

	return __zircon_ioctl(ZIRCON_IOC_COUNTER_ADD, &arg);
}

/* The kernel writes *value, so a bad pointer gives ZX_ERR_INVALID_ARGS. */
__EXPORT zx_status_t zx_counter_read(zx_handle_t handle, int64_t* value)
{
	struct zircon_counter_read arg = { .handle = handle, .value = zircon_ptr(value) };

	return __zircon_ioctl(ZIRCON_IOC_COUNTER_READ, &arg);
}

__EXPORT zx_status_t zx_counter_write(zx_handle_t handle, int64_t value)
{
	struct zircon_counter_update arg = { .handle = handle, .value = value };

	return __zircon_ioctl(ZIRCON_IOC_COUNTER_WRITE, &arg);
}

ZX_SYSCALL_ALIAS(zx_counter_create);
ZX_SYSCALL_ALIAS(zx_counter_add);
ZX_SYSCALL_ALIAS(zx_counter_read);
ZX_SYSCALL_ALIAS(zx_counter_write);
