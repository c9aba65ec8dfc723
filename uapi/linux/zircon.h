/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zircon.h - ioctl ABI of /dev/zircon, Zircon kernel objects for Linux.
 *
 * Every open file of /dev/zircon is one handle table, bound to the process
 * that opened it. Each ioctl is one Zircon system call; its argument is a
 * fixed-size struct whose fields are naturally aligned on both 32- and
 * 64-bit ABIs, user pointers travel as __u64, and every pad or reserved
 * field must be zero.
 *
 * Zircon statuses are returned as negative errnos, one errno per status
 * (ZIRCON_ERRNO_* below), so strace stays readable and the library can
 * map them back exactly.
 */
#ifndef _UAPI_LINUX_ZIRCON_H
#define _UAPI_LINUX_ZIRCON_H

#include <linux/const.h>
#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/errno.h>

#define ZIRCON_ABI_VERSION	1

/* Feature bits reported by ZIRCON_IOC_GET_ABI_INFO. */
#define ZIRCON_FEATURE_EVENT		_BITULL(0)
#define ZIRCON_FEATURE_EVENTPAIR	_BITULL(1)
#define ZIRCON_FEATURE_WAIT_MANY	_BITULL(2)
#define ZIRCON_FEATURE_GET_INFO		_BITULL(3)
#define ZIRCON_FEATURE_PORT		_BITULL(4)
#define ZIRCON_FEATURE_WAIT_ASYNC	_BITULL(5)
#define ZIRCON_FEATURE_TIMER		_BITULL(6)
#define ZIRCON_FEATURE_LINUX_FD		_BITULL(7)

/*
 * Zircon statuses travel as negative errnos, one errno per status, so that
 * strace stays readable and the library maps them back exactly. EFAULT (a
 * bad user pointer) also means ZX_ERR_INVALID_ARGS; EPERM means the table
 * belongs to another process; EINTR is never seen by callers of the
 * library (waits restart with the same absolute deadline).
 */
#define ZIRCON_ERRNO_INTERNAL		EIO		/* -1 */
#define ZIRCON_ERRNO_NOT_SUPPORTED	EOPNOTSUPP	/* -2 */
#define ZIRCON_ERRNO_NO_RESOURCES	ENOSPC		/* -3 */
#define ZIRCON_ERRNO_NO_MEMORY		ENOMEM		/* -4 */
#define ZIRCON_ERRNO_INVALID_ARGS	EINVAL		/* -10 */
#define ZIRCON_ERRNO_BAD_HANDLE		EBADF		/* -11 */
#define ZIRCON_ERRNO_WRONG_TYPE		EPROTOTYPE	/* -12 */
#define ZIRCON_ERRNO_BAD_SYSCALL	ENOTTY		/* -13 */
#define ZIRCON_ERRNO_OUT_OF_RANGE	ERANGE		/* -14 */
#define ZIRCON_ERRNO_BUFFER_TOO_SMALL	EOVERFLOW	/* -15 */
#define ZIRCON_ERRNO_BAD_STATE		EBADFD		/* -20 */
#define ZIRCON_ERRNO_TIMED_OUT		ETIMEDOUT	/* -21 */
#define ZIRCON_ERRNO_SHOULD_WAIT	EAGAIN		/* -22 */
#define ZIRCON_ERRNO_CANCELED		ECANCELED	/* -23 */
#define ZIRCON_ERRNO_PEER_CLOSED	EPIPE		/* -24 */
#define ZIRCON_ERRNO_NOT_FOUND		ENOENT		/* -25 */
#define ZIRCON_ERRNO_ALREADY_EXISTS	EEXIST		/* -26 */
#define ZIRCON_ERRNO_ALREADY_BOUND	EISCONN		/* -27 */
#define ZIRCON_ERRNO_UNAVAILABLE	EBUSY		/* -28 */
#define ZIRCON_ERRNO_ACCESS_DENIED	EACCES		/* -30 */

/* ZIRCON_IOC_GET_ABI_INFO */
struct zircon_abi_info {
	__u32 abi_version;	/* ZIRCON_ABI_VERSION */
	__u32 max_handles;	/* per-table handle limit */
	__u64 features;		/* ZIRCON_FEATURE_* */
	__u64 reserved[2];	/* written as zero */
};

/* ZIRCON_IOC_HANDLE_CLOSE */
struct zircon_handle_close {
	__u32 handle;
	__u32 pad;
};

/* ZIRCON_IOC_HANDLE_CLOSE_MANY */
struct zircon_handle_close_many {
	__u64 handles;		/* const __u32 *, may be 0 if count is 0 */
	__u64 count;
};

/* ZIRCON_IOC_HANDLE_DUPLICATE, ZIRCON_IOC_HANDLE_REPLACE */
struct zircon_handle_dup {
	__u32 handle;
	__u32 rights;
	__u32 out;		/* written */
	__u32 pad;
};

/* ZIRCON_IOC_EVENT_CREATE */
struct zircon_event_create {
	__u32 options;
	__u32 out;		/* written */
};

/* ZIRCON_IOC_EVENTPAIR_CREATE */
struct zircon_eventpair_create {
	__u32 options;
	__u32 out0;		/* written */
	__u32 out1;		/* written */
	__u32 pad;
};

/* ZIRCON_IOC_OBJECT_SIGNAL, ZIRCON_IOC_OBJECT_SIGNAL_PEER */
struct zircon_object_signal {
	__u32 handle;
	__u32 clear_mask;
	__u32 set_mask;
	__u32 pad;
};

/* ZIRCON_IOC_OBJECT_WAIT_ONE */
struct zircon_object_wait_one {
	__u32 handle;
	__u32 signals;
	__s64 deadline;		/* absolute CLOCK_MONOTONIC ns */
	__u32 observed;		/* written, also on TIMED_OUT and CANCELED */
	__u32 pad;
};

/* Layout of one item, identical to zx_wait_item_t. */
struct zircon_wait_item {
	__u32 handle;
	__u32 waitfor;
	__u32 pending;		/* written */
};

#define ZIRCON_WAIT_MANY_MAX_ITEMS	64

/* ZIRCON_IOC_OBJECT_WAIT_MANY */
struct zircon_object_wait_many {
	__u64 items;		/* struct zircon_wait_item *, read and written */
	__u64 count;
	__s64 deadline;		/* absolute CLOCK_MONOTONIC ns */
};

/* ZIRCON_IOC_OBJECT_GET_INFO */
struct zircon_object_get_info {
	__u32 handle;
	__u32 topic;
	__u64 buffer;		/* void *, records are written here */
	__u64 buffer_size;
	__u64 actual;		/* written, also on BUFFER_TOO_SMALL */
	__u64 avail;		/* written, also on BUFFER_TOO_SMALL */
};

/* ZIRCON_IOC_PORT_CREATE */
struct zircon_port_create {
	__u32 options;
	__u32 out;		/* written */
};

/* The signal part of a packet, identical to zx_packet_signal_t. */
struct zircon_packet_signal {
	__u32 trigger;
	__u32 observed;
	__u64 count;
	__u64 timestamp;
	__u64 reserved1;
};

/* One port packet, identical to zx_port_packet_t (48 bytes). */
struct zircon_port_packet {
	__u64 key;
	__u32 type;
	__s32 status;
	union {
		__u64 user[4];
		struct zircon_packet_signal signal;
	};
};

/* ZIRCON_IOC_PORT_QUEUE */
struct zircon_port_queue {
	__u32 handle;
	__u32 pad;
	__u64 packet;		/* const struct zircon_port_packet * */
};

/* ZIRCON_IOC_PORT_WAIT */
struct zircon_port_wait {
	__u32 handle;
	__u32 pad;
	__s64 deadline;		/* absolute CLOCK_MONOTONIC ns */
	__u64 packet;		/* struct zircon_port_packet *, written */
};

/* ZIRCON_IOC_PORT_CANCEL */
struct zircon_port_cancel {
	__u32 handle;
	__u32 source;
	__u64 key;
};

/* ZIRCON_IOC_PORT_CANCEL_KEY */
struct zircon_port_cancel_key {
	__u32 handle;
	__u32 options;
	__u64 key;
};

/* ZIRCON_IOC_OBJECT_WAIT_ASYNC */
struct zircon_object_wait_async {
	__u32 handle;
	__u32 port;
	__u64 key;
	__u32 signals;
	__u32 options;
};

/* ZIRCON_IOC_TIMER_CREATE */
struct zircon_timer_create {
	__u32 options;
	__u32 clock_id;
	__u32 out;		/* written */
	__u32 pad;
};

/* ZIRCON_IOC_TIMER_SET */
struct zircon_timer_set {
	__u32 handle;
	__u32 pad;
	__s64 deadline;		/* absolute CLOCK_MONOTONIC ns */
	__s64 slack;		/* ns */
};

/* ZIRCON_IOC_TIMER_CANCEL: struct zircon_handle_close's layout */

/*
 * Linux interop (zircon/linux.h). A handle descriptor carries one object
 * and the rights of the handle it was made from, and yields it back once.
 */

/* ZIRCON_IOC_HANDLE_TO_FD */
struct zircon_handle_to_fd {
	__u32 handle;		/* consumed, whatever the outcome */
	__u32 flags;		/* O_CLOEXEC or 0 */
	__s32 fd;		/* written */
	__u32 pad;
};

/* ZIRCON_IOC_FD_TO_HANDLE */
struct zircon_fd_to_handle {
	__s32 fd;
	__u32 pad;
	__u32 out;		/* written */
	__u32 pad2;
};

/* ZIRCON_IOC_OBJECT_FROM_FD */
struct zircon_object_from_fd {
	__s32 fd;		/* any pollable descriptor but our own */
	__u32 options;		/* must be zero */
	__u32 out;		/* written */
	__u32 pad;
};

/* ZIRCON_IOC_POLL_FD */
struct zircon_poll_fd {
	__u32 handle;
	__u32 signals;		/* ignored for a port */
	__u32 flags;		/* O_CLOEXEC or 0 */
	__s32 fd;		/* written */
};

#define ZIRCON_IOC_MAGIC	0xB9

#define ZIRCON_IOC_GET_ABI_INFO \
	_IOR(ZIRCON_IOC_MAGIC, 0x00, struct zircon_abi_info)
#define ZIRCON_IOC_NOP \
	_IO(ZIRCON_IOC_MAGIC, 0x01)
#define ZIRCON_IOC_HANDLE_CLOSE \
	_IOW(ZIRCON_IOC_MAGIC, 0x10, struct zircon_handle_close)
#define ZIRCON_IOC_HANDLE_CLOSE_MANY \
	_IOW(ZIRCON_IOC_MAGIC, 0x11, struct zircon_handle_close_many)
#define ZIRCON_IOC_HANDLE_DUPLICATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x12, struct zircon_handle_dup)
#define ZIRCON_IOC_HANDLE_REPLACE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x13, struct zircon_handle_dup)
#define ZIRCON_IOC_EVENT_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x20, struct zircon_event_create)
#define ZIRCON_IOC_EVENTPAIR_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x21, struct zircon_eventpair_create)
#define ZIRCON_IOC_OBJECT_SIGNAL \
	_IOW(ZIRCON_IOC_MAGIC, 0x30, struct zircon_object_signal)
#define ZIRCON_IOC_OBJECT_SIGNAL_PEER \
	_IOW(ZIRCON_IOC_MAGIC, 0x31, struct zircon_object_signal)
#define ZIRCON_IOC_OBJECT_WAIT_ONE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x32, struct zircon_object_wait_one)
#define ZIRCON_IOC_OBJECT_WAIT_MANY \
	_IOW(ZIRCON_IOC_MAGIC, 0x33, struct zircon_object_wait_many)
#define ZIRCON_IOC_OBJECT_GET_INFO \
	_IOWR(ZIRCON_IOC_MAGIC, 0x34, struct zircon_object_get_info)

#define ZIRCON_IOC_PORT_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x40, struct zircon_port_create)
#define ZIRCON_IOC_PORT_QUEUE \
	_IOW(ZIRCON_IOC_MAGIC, 0x41, struct zircon_port_queue)
#define ZIRCON_IOC_PORT_WAIT \
	_IOW(ZIRCON_IOC_MAGIC, 0x42, struct zircon_port_wait)
#define ZIRCON_IOC_PORT_CANCEL \
	_IOW(ZIRCON_IOC_MAGIC, 0x43, struct zircon_port_cancel)
#define ZIRCON_IOC_PORT_CANCEL_KEY \
	_IOW(ZIRCON_IOC_MAGIC, 0x44, struct zircon_port_cancel_key)
#define ZIRCON_IOC_OBJECT_WAIT_ASYNC \
	_IOW(ZIRCON_IOC_MAGIC, 0x35, struct zircon_object_wait_async)
#define ZIRCON_IOC_TIMER_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x50, struct zircon_timer_create)
#define ZIRCON_IOC_TIMER_SET \
	_IOW(ZIRCON_IOC_MAGIC, 0x51, struct zircon_timer_set)
#define ZIRCON_IOC_TIMER_CANCEL \
	_IOW(ZIRCON_IOC_MAGIC, 0x52, struct zircon_handle_close)
#define ZIRCON_IOC_HANDLE_TO_FD \
	_IOWR(ZIRCON_IOC_MAGIC, 0x60, struct zircon_handle_to_fd)
#define ZIRCON_IOC_FD_TO_HANDLE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x61, struct zircon_fd_to_handle)
#define ZIRCON_IOC_OBJECT_FROM_FD \
	_IOWR(ZIRCON_IOC_MAGIC, 0x62, struct zircon_object_from_fd)
#define ZIRCON_IOC_POLL_FD \
	_IOWR(ZIRCON_IOC_MAGIC, 0x63, struct zircon_poll_fd)

#endif /* _UAPI_LINUX_ZIRCON_H */
