// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_status_get_string.
 */
#include "private.h"

/*
 * Fuchsia's table: every status of <zircon/errors.h> except
 * ZX_ERR_INTERNAL_INTR_KILLED, which never leaves the kernel and which
 * Fuchsia's own zx_status_get_string() also reports as "(UNKNOWN)".
 */
#define ZIRCON_STATUSES(X)                                                        \
	X(ZX_OK) X(ZX_ERR_INTERNAL) X(ZX_ERR_NOT_SUPPORTED) X(ZX_ERR_NO_RESOURCES)   \
	X(ZX_ERR_NO_MEMORY) X(ZX_ERR_INTERNAL_INTR_RETRY) X(ZX_ERR_INVALID_ARGS)     \
	X(ZX_ERR_BAD_HANDLE) X(ZX_ERR_WRONG_TYPE) X(ZX_ERR_BAD_SYSCALL)              \
	X(ZX_ERR_OUT_OF_RANGE) X(ZX_ERR_BUFFER_TOO_SMALL) X(ZX_ERR_BAD_STATE)        \
	X(ZX_ERR_TIMED_OUT) X(ZX_ERR_SHOULD_WAIT) X(ZX_ERR_CANCELED)                 \
	X(ZX_ERR_PEER_CLOSED) X(ZX_ERR_NOT_FOUND) X(ZX_ERR_ALREADY_EXISTS)           \
	X(ZX_ERR_ALREADY_BOUND) X(ZX_ERR_UNAVAILABLE) X(ZX_ERR_ACCESS_DENIED)        \
	X(ZX_ERR_IO) X(ZX_ERR_IO_REFUSED) X(ZX_ERR_IO_DATA_INTEGRITY)                \
	X(ZX_ERR_IO_DATA_LOSS) X(ZX_ERR_IO_NOT_PRESENT) X(ZX_ERR_IO_OVERRUN)         \
	X(ZX_ERR_IO_MISSED_DEADLINE) X(ZX_ERR_IO_INVALID) X(ZX_ERR_BAD_PATH)         \
	X(ZX_ERR_NOT_DIR) X(ZX_ERR_NOT_FILE) X(ZX_ERR_FILE_BIG) X(ZX_ERR_NO_SPACE)   \
	X(ZX_ERR_NOT_EMPTY) X(ZX_ERR_STOP) X(ZX_ERR_NEXT) X(ZX_ERR_ASYNC)            \
	X(ZX_ERR_PROTOCOL_NOT_SUPPORTED) X(ZX_ERR_ADDRESS_UNREACHABLE)               \
	X(ZX_ERR_ADDRESS_IN_USE) X(ZX_ERR_NOT_CONNECTED)                             \
	X(ZX_ERR_CONNECTION_REFUSED) X(ZX_ERR_CONNECTION_RESET)                      \
	X(ZX_ERR_CONNECTION_ABORTED)

__EXPORT const char* zx_status_get_string(zx_status_t status)
{
	switch (status) {
#define ZIRCON_STATUS_CASE(name) \
	case name:               \
		return #name;
		ZIRCON_STATUSES(ZIRCON_STATUS_CASE)
#undef ZIRCON_STATUS_CASE
	default:
		return "(UNKNOWN)";
	}
}
