/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zircon ABI values the module needs: rights, signals, object types and the
 * statuses it returns. The values are Fuchsia's (zircon/types.h, rights.h,
 * errors.h); the library's public headers carry the same values under the
 * same names for userspace.
 */
#ifndef _ZIRCON_ZX_ABI_H
#define _ZIRCON_ZX_ABI_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/zircon.h>

typedef u32 zx_handle_t;
typedef u32 zx_signals_t;
typedef u32 zx_rights_t;

#define ZX_HANDLE_INVALID		0u
#define ZX_HANDLE_FIXED_BITS_MASK	0x3u
#define ZX_KOID_FIRST			1024ull
#define ZX_TIME_INFINITE		S64_MAX

/* Signals */
#define ZX_OBJECT_PEER_CLOSED		BIT(2)
#define ZX_OBJECT_SIGNALED		BIT(3)
#define ZX_SIGNAL_HANDLE_CLOSED		BIT(23)
#define ZX_USER_SIGNAL_ALL		0xff000000u
#define ZX_EVENT_SIGNALED		ZX_OBJECT_SIGNALED
#define ZX_EVENTPAIR_PEER_CLOSED	ZX_OBJECT_PEER_CLOSED
#define ZX_TIMER_SIGNALED		ZX_OBJECT_SIGNALED

/* Rights */
#define ZX_RIGHT_DUPLICATE		BIT(0)
#define ZX_RIGHT_TRANSFER		BIT(1)
#define ZX_RIGHT_READ			BIT(2)
#define ZX_RIGHT_WRITE			BIT(3)
#define ZX_RIGHT_SIGNAL			BIT(12)
#define ZX_RIGHT_SIGNAL_PEER		BIT(13)
#define ZX_RIGHT_WAIT			BIT(14)
#define ZX_RIGHT_INSPECT		BIT(15)
#define ZX_RIGHT_SAME_RIGHTS		BIT(31)
#define ZX_RIGHTS_BASIC			(ZX_RIGHT_TRANSFER | ZX_RIGHT_DUPLICATE | \
					 ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT)
#define ZX_DEFAULT_EVENT_RIGHTS		(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL)
#define ZX_DEFAULT_EVENTPAIR_RIGHTS	(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL | \
					 ZX_RIGHT_SIGNAL_PEER)
#define ZX_DEFAULT_PORT_RIGHTS		((ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT) | \
					 ZX_RIGHT_READ | ZX_RIGHT_WRITE)
#define ZX_DEFAULT_LINUX_FD_RIGHTS	(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL)
#define ZX_DEFAULT_TIMER_RIGHTS		(ZX_RIGHTS_BASIC | ZX_RIGHT_WRITE | \
					 ZX_RIGHT_SIGNAL)

/* Object types */
#define ZX_OBJ_TYPE_NONE		0u
#define ZX_OBJ_TYPE_EVENT		5u
#define ZX_OBJ_TYPE_PORT		6u
#define ZX_OBJ_TYPE_EVENTPAIR		16u
#define ZX_OBJ_TYPE_TIMER		22u
/* zircon/linux.h: outside Zircon's range of types. */
#define ZX_OBJ_TYPE_LINUX_FD		0x10000u

#define ZX_PROCESS_TERMINATED		ZX_OBJECT_SIGNALED
#define ZX_LINUX_FD_READABLE		BIT(0)
#define ZX_LINUX_FD_WRITABLE		BIT(1)
#define ZX_LINUX_FD_PEER_CLOSED		BIT(2)
#define ZX_LINUX_FD_ERROR		BIT(4)
#define ZX_LINUX_FD_PRIORITY		BIT(5)
/* Every signal a wrapper's readiness drives. */
#define ZX_LINUX_FD_SIGNALS		(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_WRITABLE | \
					 ZX_LINUX_FD_PEER_CLOSED | ZX_PROCESS_TERMINATED | \
					 ZX_LINUX_FD_ERROR | ZX_LINUX_FD_PRIORITY)

/* Ports, async waits, timers */
#define ZX_PKT_TYPE_USER		0u
#define ZX_PKT_TYPE_SIGNAL_ONE		1u
#define ZX_PORT_BIND_TO_INTERRUPT	BIT(0)
#define ZX_WAIT_ASYNC_TIMESTAMP		BIT(0)
#define ZX_WAIT_ASYNC_EDGE		BIT(1)
#define ZX_WAIT_ASYNC_BOOT_TIMESTAMP	BIT(2)
#define ZX_CLOCK_MONOTONIC		0u
#define ZX_TIMER_SLACK_CENTER		0u
#define ZX_TIMER_SLACK_EARLY		1u
#define ZX_TIMER_SLACK_LATE		2u

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

/* Statuses, as the negative errnos <linux/zircon.h> assigns them. */
#define ZX_ERR_NOT_SUPPORTED	(-ZIRCON_ERRNO_NOT_SUPPORTED)
#define ZX_ERR_NO_RESOURCES	(-ZIRCON_ERRNO_NO_RESOURCES)
#define ZX_ERR_NO_MEMORY	(-ZIRCON_ERRNO_NO_MEMORY)
#define ZX_ERR_INVALID_ARGS	(-ZIRCON_ERRNO_INVALID_ARGS)
#define ZX_ERR_BAD_HANDLE	(-ZIRCON_ERRNO_BAD_HANDLE)
#define ZX_ERR_WRONG_TYPE	(-ZIRCON_ERRNO_WRONG_TYPE)
#define ZX_ERR_OUT_OF_RANGE	(-ZIRCON_ERRNO_OUT_OF_RANGE)
#define ZX_ERR_BUFFER_TOO_SMALL	(-ZIRCON_ERRNO_BUFFER_TOO_SMALL)
#define ZX_ERR_BAD_STATE	(-ZIRCON_ERRNO_BAD_STATE)
#define ZX_ERR_TIMED_OUT	(-ZIRCON_ERRNO_TIMED_OUT)
#define ZX_ERR_CANCELED	(-ZIRCON_ERRNO_CANCELED)
#define ZX_ERR_PEER_CLOSED	(-ZIRCON_ERRNO_PEER_CLOSED)
#define ZX_ERR_ACCESS_DENIED	(-ZIRCON_ERRNO_ACCESS_DENIED)
#define ZX_ERR_SHOULD_WAIT	(-ZIRCON_ERRNO_SHOULD_WAIT)
#define ZX_ERR_NOT_FOUND	(-ZIRCON_ERRNO_NOT_FOUND)

#endif /* _ZIRCON_ZX_ABI_H */
