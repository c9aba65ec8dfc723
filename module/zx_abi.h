/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zircon ABI values the module needs: rights, signals, object types and the
 * statuses it returns. The values are Fuchsia's (zircon/types.h, rights.h,
 * errors.h); the library's public headers carry the same values under the
 * same names for userspace.
 */
#ifndef _ZIRCON_ZX_ABI_H
#define _ZIRCON_ZX_ABI_H

#include <linux/errno.h>
#include <linux/types.h>

typedef u32 zx_handle_t;
typedef u32 zx_signals_t;
typedef u32 zx_rights_t;

#define ZX_HANDLE_INVALID		0u
#define ZX_HANDLE_FIXED_BITS_MASK	0x3u
#define ZX_KOID_FIRST			1024ull
#define ZX_TIME_INFINITE		S64_MAX

/* Signals */
#define ZX_OBJECT_PEER_CLOSED		(1u << 2)
#define ZX_OBJECT_SIGNALED		(1u << 3)
#define ZX_SIGNAL_HANDLE_CLOSED		(1u << 23)
#define ZX_USER_SIGNAL_ALL		0xff000000u
#define ZX_EVENT_SIGNALED		ZX_OBJECT_SIGNALED
#define ZX_EVENTPAIR_PEER_CLOSED	ZX_OBJECT_PEER_CLOSED

/* Rights */
#define ZX_RIGHT_DUPLICATE		(1u << 0)
#define ZX_RIGHT_TRANSFER		(1u << 1)
#define ZX_RIGHT_SIGNAL			(1u << 12)
#define ZX_RIGHT_SIGNAL_PEER		(1u << 13)
#define ZX_RIGHT_WAIT			(1u << 14)
#define ZX_RIGHT_INSPECT		(1u << 15)
#define ZX_RIGHT_SAME_RIGHTS		(1u << 31)
#define ZX_RIGHTS_BASIC			(ZX_RIGHT_TRANSFER | ZX_RIGHT_DUPLICATE | \
					 ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT)
#define ZX_DEFAULT_EVENT_RIGHTS		(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL)
#define ZX_DEFAULT_EVENTPAIR_RIGHTS	(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL | \
					 ZX_RIGHT_SIGNAL_PEER)

/* Object types */
#define ZX_OBJ_TYPE_NONE		0u
#define ZX_OBJ_TYPE_EVENT		5u
#define ZX_OBJ_TYPE_EVENTPAIR		16u

/* get_info topics */
#define ZX_INFO_HANDLE_VALID		1u
#define ZX_INFO_HANDLE_BASIC		2u
#define ZX_INFO_HANDLE_COUNT		19u

struct zx_info_handle_basic {
	u64 koid;
	u32 rights;
	u32 type;
	u64 related_koid;
	u32 reserved;
	u8 padding1[4];
};

struct zx_info_handle_count {
	u32 handle_count;
};

/*
 * Statuses, as the negative errnos of ZIRCON_STATUS_ERRNOS in
 * <linux/zircon.h>: kernel code returns these and the library maps them
 * back to zx_status_t.
 */
#define ZX_ERR_NOT_SUPPORTED		(-EOPNOTSUPP)
#define ZX_ERR_NO_RESOURCES		(-ENOSPC)
#define ZX_ERR_NO_MEMORY		(-ENOMEM)
#define ZX_ERR_INVALID_ARGS		(-EINVAL)
#define ZX_ERR_BAD_HANDLE		(-EBADF)
#define ZX_ERR_WRONG_TYPE		(-EPROTOTYPE)
#define ZX_ERR_OUT_OF_RANGE		(-ERANGE)
#define ZX_ERR_BUFFER_TOO_SMALL		(-EOVERFLOW)
#define ZX_ERR_TIMED_OUT		(-ETIMEDOUT)
#define ZX_ERR_CANCELED			(-ECANCELED)
#define ZX_ERR_PEER_CLOSED		(-EPIPE)
#define ZX_ERR_ACCESS_DENIED		(-EACCES)

#endif /* _ZIRCON_ZX_ABI_H */
