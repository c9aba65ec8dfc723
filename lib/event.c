// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_event_create, zx_eventpair_create.
 */
#include "private.h"

__EXPORT zx_status_t zx_event_create(uint32_t options, zx_handle_t* out)
{
	struct zircon_event_create arg = { .options = options };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_EVENT_CREATE, &arg);

	return status != ZX_OK ? status : __zircon_hand_out(arg.out, out);
}

__EXPORT zx_status_t zx_eventpair_create(uint32_t options, zx_handle_t* out0,
					 zx_handle_t* out1)
{
	struct zircon_eventpair_create arg = { .options = options };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_EVENTPAIR_CREATE, &arg);
	const zx_handle_t pair[2] = { arg.out0, arg.out1 };

	return __zircon_hand_out_pair(status, pair, out0, out1);
}

ZX_SYSCALL_ALIAS(zx_event_create);
ZX_SYSCALL_ALIAS(zx_eventpair_create);
