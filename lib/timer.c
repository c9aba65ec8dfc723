// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_timer_*: create, set, cancel.
 */
#include "private.h"

__EXPORT zx_status_t zx_timer_create(uint32_t options, zx_clock_t clock_id, zx_handle_t* out)
{
	struct zircon_timer_create arg = { .options = options, .clock_id = clock_id };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_TIMER_CREATE, &arg);

	return status != ZX_OK ? status : __zircon_hand_out(arg.out, out);
}

__EXPORT zx_status_t zx_timer_set(zx_handle_t handle, zx_time_t deadline, zx_duration_t slack)
{
	struct zircon_timer_set arg = {
		.handle = handle,
		.deadline = deadline,
		.slack = slack,
	};

	return __zircon_ioctl(ZIRCON_IOC_TIMER_SET, &arg);
}

__EXPORT zx_status_t zx_timer_cancel(zx_handle_t handle)
{
	struct zircon_handle_close arg = { .handle = handle };

	return __zircon_ioctl(ZIRCON_IOC_TIMER_CANCEL, &arg);
}

ZX_SYSCALL_ALIAS(zx_timer_create);
ZX_SYSCALL_ALIAS(zx_timer_set);
ZX_SYSCALL_ALIAS(zx_timer_cancel);
