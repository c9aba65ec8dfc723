// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_clock_*: kernel clock objects (create, read, get_details, update).
 * The kernel reads and writes the versioned argument structs itself, so
 * a bad pointer gives ZX_ERR_INVALID_ARGS as on Fuchsia.
 */
#include <zircon/syscalls/clock.h>

#include "private.h"

__EXPORT zx_status_t zx_clock_create(uint64_t options, const void* args, zx_handle_t* out)
{
	struct zircon_clock_create arg = { .options = options, .args = zircon_ptr(args) };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_CLOCK_CREATE, &arg);

	return status != ZX_OK ? status : __zircon_hand_out(arg.out, out);
}

__EXPORT zx_status_t zx_clock_read(zx_handle_t handle, zx_time_t* now)
{
	struct zircon_clock_read arg = { .handle = handle, .now = zircon_ptr(now) };

	return __zircon_ioctl(ZIRCON_IOC_CLOCK_READ, &arg);
}

__EXPORT zx_status_t zx_clock_get_details(zx_handle_t handle, uint64_t options, void* details)
{
	struct zircon_clock_get_details arg = {
		.handle = handle,
		.options = options,
		.details = zircon_ptr(details),
	};

	return __zircon_ioctl(ZIRCON_IOC_CLOCK_GET_DETAILS, &arg);
}

__EXPORT zx_status_t zx_clock_update(zx_handle_t handle, uint64_t options, const void* args)
{
	struct zircon_clock_update arg = {
		.handle = handle,
		.options = options,
		.args = zircon_ptr(args),
	};

	return __zircon_ioctl(ZIRCON_IOC_CLOCK_UPDATE, &arg);
}

ZX_SYSCALL_ALIAS(zx_clock_create);
ZX_SYSCALL_ALIAS(zx_clock_read);
ZX_SYSCALL_ALIAS(zx_clock_get_details);
ZX_SYSCALL_ALIAS(zx_clock_update);
