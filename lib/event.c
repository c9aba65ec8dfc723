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

	if (status == ZX_OK && out0 && out1) {
		*out0 = arg.out0;
		*out1 = arg.out1;
		return ZX_OK;
	}
	if (status == ZX_OK) {
		__zircon_discard(arg.out0);
		__zircon_discard(arg.out1);
		status = ZX_ERR_INVALID_ARGS;
	}
	/* On failure both outputs read ZX_HANDLE_INVALID. */
	if (out0)
		*out0 = ZX_HANDLE_INVALID;
	if (out1)
		*out1 = ZX_HANDLE_INVALID;
	return status;
}
