/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zircon.h - ioctl ABI of /dev/zircon, Zircon kernel objects for Linux.
 *
 * Every open file of /dev/zircon is one handle table, bound to the process
 * that opened it. Each ioctl is one Zircon system call; its argument is a
 * fixed-size struct whose fields are naturally aligned on both 32- and
 * 64-bit ABIs, user pointers travel as 64-bit integers, and every pad or
 * reserved field must be zero.
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
#define ZIRCON_FEATURE_CHANNEL		_BITULL(8)
#define ZIRCON_FEATURE_SOCKET		_BITULL(9)
#define ZIRCON_FEATURE_FIFO		_BITULL(10)
#define ZIRCON_FEATURE_COUNTER		_BITULL(11)
#define ZIRCON_FEATURE_CLOCK		_BITULL(12)
#define ZIRCON_FEATURE_INTERRUPT	_BITULL(13)

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

/*
 * Peered IPC objects. ZIRCON_IOC_CHANNEL_CREATE and ZIRCON_IOC_SOCKET_CREATE
 * take struct zircon_eventpair_create's layout.
 */

/* One entry of a write_etc handle array, identical to zx_handle_disposition_t. */
struct zircon_handle_disposition {
	__u32 operation;	/* ZX_HANDLE_OP_MOVE (0) or _DUPLICATE (1) */
	__u32 handle;
	__u32 type;		/* expected ZX_OBJ_TYPE_*, or 0 for any */
	__u32 rights;		/* rights to send, or ZX_RIGHT_SAME_RIGHTS */
	__s32 result;		/* written on failure: this entry's status */
};

/* One entry of a read_etc handle array, identical to zx_handle_info_t. */
struct zircon_handle_info {
	__u32 handle;
	__u32 type;
	__u32 rights;
	__u32 unused;
};

/* ZIRCON_IOC_CHANNEL_WRITE, ZIRCON_IOC_CHANNEL_WRITE_ETC */
struct zircon_channel_write {
	__u32 handle;
	__u32 options;
	__u64 bytes;		/* const void * */
	__u64 handles;		/* __u32 *, or zircon_handle_disposition * (_ETC) */
	__u32 num_bytes;
	__u32 num_handles;
};

/* ZIRCON_IOC_CHANNEL_READ, ZIRCON_IOC_CHANNEL_READ_ETC */
struct zircon_channel_read {
	__u32 handle;
	__u32 options;
	__u64 bytes;		/* void *, written */
	__u64 handles;		/* __u32 *, or zircon_handle_info * (_ETC), written */
	__u32 num_bytes;
	__u32 num_handles;
	__u32 actual_bytes;	/* written, also on BUFFER_TOO_SMALL */
	__u32 actual_handles;	/* written, also on BUFFER_TOO_SMALL */
};

/*
 * ZIRCON_IOC_CHANNEL_CALL, ZIRCON_IOC_CHANNEL_CALL_ETC. A call interrupted
 * by a Linux signal after its message was sent comes back with -EINTR (or
 * is restarted by the kernel) with ZIRCON_CALL_RESUME set in flags and the
 * transaction id in txid: issued again with the same struct, it only waits
 * for that reply.
 */
struct zircon_channel_call {
	__u32 handle;
	__u32 options;
	__s64 deadline;		/* absolute CLOCK_MONOTONIC ns */
	__u64 wr_bytes;		/* const void *, at least 4 bytes (the txid) */
	__u64 wr_handles;	/* __u32 *, or zircon_handle_disposition * (_ETC) */
	__u64 rd_bytes;		/* void *, written */
	__u64 rd_handles;	/* __u32 *, or zircon_handle_info * (_ETC) */
	__u32 wr_num_bytes;
	__u32 wr_num_handles;
	__u32 rd_num_bytes;
	__u32 rd_num_handles;
	__u32 actual_bytes;	/* written */
	__u32 actual_handles;	/* written */
	__u32 txid;		/* written with ZIRCON_CALL_RESUME */
	__u32 flags;		/* 0, or as left by an interrupted call */
};

#define ZIRCON_CALL_RESUME	_BITUL(0)

/* ZIRCON_IOC_SOCKET_WRITE, ZIRCON_IOC_SOCKET_READ */
struct zircon_socket_io {
	__u32 handle;
	__u32 options;
	__u64 buffer;		/* const void * (write) or void * (read) */
	__u64 size;
	__u64 actual;		/* written */
};

/* ZIRCON_IOC_SOCKET_SET_DISPOSITION */
struct zircon_socket_set_disposition {
	__u32 handle;
	__u32 disposition;
	__u32 disposition_peer;
	__u32 pad;
};

/* ZIRCON_IOC_FIFO_CREATE */
struct zircon_fifo_create {
	__u64 elem_count;
	__u64 elem_size;
	__u32 options;
	__u32 out0;		/* written */
	__u32 out1;		/* written */
	__u32 pad;
};

/* ZIRCON_IOC_FIFO_WRITE, ZIRCON_IOC_FIFO_READ */
struct zircon_fifo_io {
	__u32 handle;
	__u32 pad;
	__u64 elem_size;
	__u64 data;		/* const void * (write) or void * (read) */
	__u64 count;		/* elements */
	__u64 actual;		/* written: elements moved */
};

/*
 * ZIRCON_IOC_OBJECT_GET_PROPERTY, ZIRCON_IOC_OBJECT_SET_PROPERTY. Properties
 * Zircon declares as size_t travel as __u64 (size 8) on every ABI.
 */
struct zircon_object_property {
	__u32 handle;
	__u32 property;
	__u64 value;		/* void * */
	__u64 size;
};

/*
 * Counters. ZIRCON_IOC_COUNTER_CREATE takes struct zircon_event_create's
 * layout.
 */

/* ZIRCON_IOC_COUNTER_ADD, ZIRCON_IOC_COUNTER_WRITE */
struct zircon_counter_update {
	__u32 handle;
	__u32 pad;
	__s64 value;
};

/* ZIRCON_IOC_COUNTER_READ */
struct zircon_counter_read {
	__u32 handle;
	__u32 pad;
	__u64 value;		/* __s64 *, written */
};

/*
 * Kernel clocks. The option words carry ZX_CLOCK_ARGS_VERSION(n) in their
 * top 6 bits, as in Zircon; the kernel reads and writes the versioned
 * structs below, identical to Fuchsia's zx_clock_*_t.
 */

/* ZIRCON_IOC_CLOCK_CREATE */
struct zircon_clock_create {
	__u64 options;
	__u64 args;		/* const zx_clock_create_args_v1_t *, or 0 */
	__u32 out;		/* written */
	__u32 pad;
};

/* ZIRCON_IOC_CLOCK_READ */
struct zircon_clock_read {
	__u32 handle;
	__u32 pad;
	__u64 now;		/* __s64 *, written */
};

/* ZIRCON_IOC_CLOCK_GET_DETAILS */
struct zircon_clock_get_details {
	__u32 handle;
	__u32 pad;
	__u64 options;		/* ZX_CLOCK_ARGS_VERSION(1) */
	__u64 details;		/* struct zircon_clock_details_v1 *, written */
};

/* ZIRCON_IOC_CLOCK_UPDATE */
struct zircon_clock_update {
	__u32 handle;
	__u32 pad;
	__u64 options;		/* version and ZX_CLOCK_UPDATE_OPTION_* */
	__u64 args;		/* const zircon_clock_update_args_v1 or _v2 * */
};

/* zx_clock_transformation_t */
struct zircon_clock_transformation {
	__s64 reference_offset;
	__s64 synthetic_offset;
	__u32 synthetic_ticks;
	__u32 reference_ticks;
};

/* zx_clock_details_v1_t */
struct zircon_clock_details_v1 {
	__u64 options;
	__s64 backstop_time;
	struct zircon_clock_transformation reference_ticks_to_synthetic;
	struct zircon_clock_transformation reference_to_synthetic;
	__u64 error_bound;
	__s64 query_ticks;
	__s64 last_value_update_ticks;
	__s64 last_rate_adjust_update_ticks;
	__s64 last_error_bounds_update_ticks;
	__u32 generation_counter;
	__u8 padding1[4];
};

/* zx_clock_update_args_v1_t */
struct zircon_clock_update_args_v1 {
	__s32 rate_adjust;
	__u8 padding1[4];
	__s64 value;
	__u64 error_bound;
};

/* zx_clock_update_args_v2_t */
struct zircon_clock_update_args_v2 {
	__s32 rate_adjust;
	__u8 padding1[4];
	__s64 synthetic_value;
	__s64 reference_value;
	__u64 error_bound;
};

/*
 * Virtual interrupts. ZIRCON_IOC_INTERRUPT_ACK and _DESTROY take struct
 * zircon_handle_close's layout.
 */

/* ZIRCON_IOC_INTERRUPT_CREATE */
struct zircon_interrupt_create {
	__u32 src_obj;		/* ignored for ZX_INTERRUPT_VIRTUAL */
	__u32 src_num;		/* ignored for ZX_INTERRUPT_VIRTUAL */
	__u32 options;
	__u32 out;		/* written */
};

/* ZIRCON_IOC_INTERRUPT_TRIGGER */
struct zircon_interrupt_trigger {
	__u32 handle;
	__u32 options;		/* must be zero */
	__s64 timestamp;
};

/* ZIRCON_IOC_INTERRUPT_WAIT */
struct zircon_interrupt_wait {
	__u32 handle;
	__u32 pad;
	__u64 timestamp;	/* __s64 *, written, or 0 */
};

/* ZIRCON_IOC_INTERRUPT_BIND */
struct zircon_interrupt_bind {
	__u32 handle;
	__u32 port;
	__u64 key;
	__u32 options;		/* ZX_INTERRUPT_BIND or ZX_INTERRUPT_UNBIND */
	__u32 pad;
};

/* ZX_INFO_SOCKET record: zx_info_socket_t with size_t fields as __u64. */
struct zircon_info_socket {
	__u32 options;
	__u32 padding1;
	__u64 rx_buf_max;
	__u64 rx_buf_size;
	__u64 rx_buf_available;
	__u64 tx_buf_max;
	__u64 tx_buf_size;
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
#define ZIRCON_IOC_OBJECT_GET_PROPERTY \
	_IOW(ZIRCON_IOC_MAGIC, 0x36, struct zircon_object_property)
#define ZIRCON_IOC_OBJECT_SET_PROPERTY \
	_IOW(ZIRCON_IOC_MAGIC, 0x37, struct zircon_object_property)
#define ZIRCON_IOC_CHANNEL_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x70, struct zircon_eventpair_create)
#define ZIRCON_IOC_CHANNEL_WRITE \
	_IOW(ZIRCON_IOC_MAGIC, 0x71, struct zircon_channel_write)
#define ZIRCON_IOC_CHANNEL_WRITE_ETC \
	_IOW(ZIRCON_IOC_MAGIC, 0x72, struct zircon_channel_write)
#define ZIRCON_IOC_CHANNEL_READ \
	_IOWR(ZIRCON_IOC_MAGIC, 0x73, struct zircon_channel_read)
#define ZIRCON_IOC_CHANNEL_READ_ETC \
	_IOWR(ZIRCON_IOC_MAGIC, 0x74, struct zircon_channel_read)
#define ZIRCON_IOC_CHANNEL_CALL \
	_IOWR(ZIRCON_IOC_MAGIC, 0x75, struct zircon_channel_call)
#define ZIRCON_IOC_CHANNEL_CALL_ETC \
	_IOWR(ZIRCON_IOC_MAGIC, 0x76, struct zircon_channel_call)
#define ZIRCON_IOC_SOCKET_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x80, struct zircon_eventpair_create)
#define ZIRCON_IOC_SOCKET_WRITE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x81, struct zircon_socket_io)
#define ZIRCON_IOC_SOCKET_READ \
	_IOWR(ZIRCON_IOC_MAGIC, 0x82, struct zircon_socket_io)
#define ZIRCON_IOC_SOCKET_SET_DISPOSITION \
	_IOW(ZIRCON_IOC_MAGIC, 0x83, struct zircon_socket_set_disposition)
#define ZIRCON_IOC_FIFO_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x90, struct zircon_fifo_create)
#define ZIRCON_IOC_FIFO_WRITE \
	_IOWR(ZIRCON_IOC_MAGIC, 0x91, struct zircon_fifo_io)
#define ZIRCON_IOC_FIFO_READ \
	_IOWR(ZIRCON_IOC_MAGIC, 0x92, struct zircon_fifo_io)
#define ZIRCON_IOC_COUNTER_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0xa0, struct zircon_event_create)
#define ZIRCON_IOC_COUNTER_ADD \
	_IOW(ZIRCON_IOC_MAGIC, 0xa1, struct zircon_counter_update)
#define ZIRCON_IOC_COUNTER_READ \
	_IOW(ZIRCON_IOC_MAGIC, 0xa2, struct zircon_counter_read)
#define ZIRCON_IOC_COUNTER_WRITE \
	_IOW(ZIRCON_IOC_MAGIC, 0xa3, struct zircon_counter_update)
#define ZIRCON_IOC_CLOCK_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0xb0, struct zircon_clock_create)
#define ZIRCON_IOC_CLOCK_READ \
	_IOW(ZIRCON_IOC_MAGIC, 0xb1, struct zircon_clock_read)
#define ZIRCON_IOC_CLOCK_GET_DETAILS \
	_IOW(ZIRCON_IOC_MAGIC, 0xb2, struct zircon_clock_get_details)
#define ZIRCON_IOC_CLOCK_UPDATE \
	_IOW(ZIRCON_IOC_MAGIC, 0xb3, struct zircon_clock_update)
#define ZIRCON_IOC_INTERRUPT_CREATE \
	_IOWR(ZIRCON_IOC_MAGIC, 0xc0, struct zircon_interrupt_create)
#define ZIRCON_IOC_INTERRUPT_TRIGGER \
	_IOW(ZIRCON_IOC_MAGIC, 0xc1, struct zircon_interrupt_trigger)
#define ZIRCON_IOC_INTERRUPT_WAIT \
	_IOW(ZIRCON_IOC_MAGIC, 0xc2, struct zircon_interrupt_wait)
#define ZIRCON_IOC_INTERRUPT_ACK \
	_IOW(ZIRCON_IOC_MAGIC, 0xc3, struct zircon_handle_close)
#define ZIRCON_IOC_INTERRUPT_DESTROY \
	_IOW(ZIRCON_IOC_MAGIC, 0xc4, struct zircon_handle_close)
#define ZIRCON_IOC_INTERRUPT_BIND \
	_IOW(ZIRCON_IOC_MAGIC, 0xc5, struct zircon_interrupt_bind)

#endif /* _UAPI_LINUX_ZIRCON_H */
