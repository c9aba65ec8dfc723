/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Basic Zircon types: handles, statuses, signals, koids, object types and
 * the wait item, with Fuchsia's names and values.
 */
#ifndef SYSROOT_ZIRCON_TYPES_H_
#define SYSROOT_ZIRCON_TYPES_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/errors.h>
#include <zircon/rights.h>
#include <zircon/time.h>

__BEGIN_CDECLS

typedef uint32_t zx_handle_t;

/*
 * 0 is never a valid handle, and the low two bits of a valid handle are
 * always 1: callers may use them as tag bits but must set them back to 1
 * before passing the handle to a syscall.
 */
#define ZX_HANDLE_INVALID ((zx_handle_t)0)
#define ZX_HANDLE_FIXED_BITS_MASK ((zx_handle_t)0x3)

/* ZX_OK (0) or a negative error from <zircon/errors.h>, in [-2^30, 0]. */
typedef int32_t zx_status_t;

/* clock ids */
typedef uint32_t zx_clock_t;
#define ZX_CLOCK_MONOTONIC ((zx_clock_t)0)

/* zx_timer_create() options: where in [deadline - slack, deadline + slack] it may fire */
#define ZX_TIMER_SLACK_CENTER ((uint32_t)0u)
#define ZX_TIMER_SLACK_EARLY ((uint32_t)1u)
#define ZX_TIMER_SLACK_LATE ((uint32_t)2u)

typedef uint32_t zx_signals_t;

#define ZX_SIGNAL_NONE ((zx_signals_t)0u)
#define ZX_USER_SIGNAL_ALL ((zx_signals_t)0xff000000u)

/* Generic signal bits; objects give them meaning through the aliases below. */
#define __ZX_OBJECT_SIGNAL_ALL ((zx_signals_t)0x00ffffffu)
#define __ZX_OBJECT_READABLE ((zx_signals_t)1u << 0)
#define __ZX_OBJECT_WRITABLE ((zx_signals_t)1u << 1)
#define __ZX_OBJECT_PEER_CLOSED ((zx_signals_t)1u << 2)
#define __ZX_OBJECT_SIGNALED ((zx_signals_t)1u << 3)
#define __ZX_OBJECT_SIGNAL_4 ((zx_signals_t)1u << 4)
#define __ZX_OBJECT_SIGNAL_5 ((zx_signals_t)1u << 5)
#define __ZX_OBJECT_SIGNAL_6 ((zx_signals_t)1u << 6)
#define __ZX_OBJECT_SIGNAL_7 ((zx_signals_t)1u << 7)
#define __ZX_OBJECT_SIGNAL_8 ((zx_signals_t)1u << 8)
#define __ZX_OBJECT_SIGNAL_9 ((zx_signals_t)1u << 9)
#define __ZX_OBJECT_SIGNAL_10 ((zx_signals_t)1u << 10)
#define __ZX_OBJECT_SIGNAL_11 ((zx_signals_t)1u << 11)
#define __ZX_OBJECT_SIGNAL_12 ((zx_signals_t)1u << 12)
#define __ZX_OBJECT_SIGNAL_13 ((zx_signals_t)1u << 13)
#define __ZX_OBJECT_SIGNAL_14 ((zx_signals_t)1u << 14)
#define __ZX_OBJECT_SIGNAL_15 ((zx_signals_t)1u << 15)
#define __ZX_OBJECT_SIGNAL_16 ((zx_signals_t)1u << 16)
#define __ZX_OBJECT_SIGNAL_17 ((zx_signals_t)1u << 17)
#define __ZX_OBJECT_SIGNAL_18 ((zx_signals_t)1u << 18)
#define __ZX_OBJECT_SIGNAL_19 ((zx_signals_t)1u << 19)
#define __ZX_OBJECT_SIGNAL_20 ((zx_signals_t)1u << 20)
#define __ZX_OBJECT_SIGNAL_21 ((zx_signals_t)1u << 21)
#define __ZX_OBJECT_SIGNAL_22 ((zx_signals_t)1u << 22)
#define __ZX_OBJECT_HANDLE_CLOSED ((zx_signals_t)1u << 23)

/* User signals, set and cleared only by zx_object_signal{,_peer}(). */
#define ZX_USER_SIGNAL_0 ((zx_signals_t)1u << 24)
#define ZX_USER_SIGNAL_1 ((zx_signals_t)1u << 25)
#define ZX_USER_SIGNAL_2 ((zx_signals_t)1u << 26)
#define ZX_USER_SIGNAL_3 ((zx_signals_t)1u << 27)
#define ZX_USER_SIGNAL_4 ((zx_signals_t)1u << 28)
#define ZX_USER_SIGNAL_5 ((zx_signals_t)1u << 29)
#define ZX_USER_SIGNAL_6 ((zx_signals_t)1u << 30)
#define ZX_USER_SIGNAL_7 ((zx_signals_t)1u << 31)

/* Synthetic: only reported by a wait canceled because its handle closed. */
#define ZX_SIGNAL_HANDLE_CLOSED __ZX_OBJECT_HANDLE_CLOSED

/* Event */
#define ZX_EVENT_SIGNALED __ZX_OBJECT_SIGNALED
#define ZX_EVENT_SIGNAL_MASK (ZX_USER_SIGNAL_ALL | __ZX_OBJECT_SIGNALED)

/* EventPair */
#define ZX_EVENTPAIR_SIGNALED __ZX_OBJECT_SIGNALED
#define ZX_EVENTPAIR_PEER_CLOSED __ZX_OBJECT_PEER_CLOSED
#define ZX_EVENTPAIR_SIGNAL_MASK \
	(ZX_USER_SIGNAL_ALL | __ZX_OBJECT_SIGNALED | __ZX_OBJECT_PEER_CLOSED)

/* Channel */
#define ZX_CHANNEL_READABLE __ZX_OBJECT_READABLE
#define ZX_CHANNEL_WRITABLE __ZX_OBJECT_WRITABLE
#define ZX_CHANNEL_PEER_CLOSED __ZX_OBJECT_PEER_CLOSED

/* Clock */
#define ZX_CLOCK_STARTED __ZX_OBJECT_SIGNAL_4
#define ZX_CLOCK_UPDATED __ZX_OBJECT_SIGNAL_5

/* Socket */
#define ZX_SOCKET_READABLE __ZX_OBJECT_READABLE
#define ZX_SOCKET_WRITABLE __ZX_OBJECT_WRITABLE
#define ZX_SOCKET_PEER_CLOSED __ZX_OBJECT_PEER_CLOSED
#define ZX_SOCKET_PEER_WRITE_DISABLED __ZX_OBJECT_SIGNAL_4
#define ZX_SOCKET_WRITE_DISABLED __ZX_OBJECT_SIGNAL_5
#define ZX_SOCKET_READ_THRESHOLD __ZX_OBJECT_SIGNAL_10
#define ZX_SOCKET_WRITE_THRESHOLD __ZX_OBJECT_SIGNAL_11

/* Fifo */
#define ZX_FIFO_READABLE __ZX_OBJECT_READABLE
#define ZX_FIFO_WRITABLE __ZX_OBJECT_WRITABLE
#define ZX_FIFO_PEER_CLOSED __ZX_OBJECT_PEER_CLOSED

/* Counter */
#define ZX_COUNTER_SIGNALED __ZX_OBJECT_SIGNALED
#define ZX_COUNTER_POSITIVE __ZX_OBJECT_SIGNAL_4
#define ZX_COUNTER_NON_POSITIVE __ZX_OBJECT_SIGNAL_5

/* Task signals (process, thread, job) */
#define ZX_TASK_TERMINATED __ZX_OBJECT_SIGNALED

/* Job */
#define ZX_JOB_TERMINATED __ZX_OBJECT_SIGNALED
#define ZX_JOB_NO_JOBS __ZX_OBJECT_SIGNAL_4
#define ZX_JOB_NO_PROCESSES __ZX_OBJECT_SIGNAL_5

/* Process */
#define ZX_PROCESS_TERMINATED __ZX_OBJECT_SIGNALED

/* Thread */
#define ZX_THREAD_TERMINATED __ZX_OBJECT_SIGNALED
#define ZX_THREAD_RUNNING __ZX_OBJECT_SIGNAL_4
#define ZX_THREAD_SUSPENDED __ZX_OBJECT_SIGNAL_5

/* Log */
#define ZX_LOG_READABLE __ZX_OBJECT_READABLE
#define ZX_LOG_WRITABLE __ZX_OBJECT_WRITABLE

/* Timer */
#define ZX_TIMER_SIGNALED __ZX_OBJECT_SIGNALED

/* VMO */
#define ZX_VMO_ZERO_CHILDREN __ZX_OBJECT_SIGNALED

/* IOBuffer */
#define ZX_IOB_PEER_CLOSED __ZX_OBJECT_PEER_CLOSED

/* Virtual interrupt */
#define ZX_VIRTUAL_INTERRUPT_UNTRIGGERED __ZX_OBJECT_SIGNAL_4

/* zx_interrupt_create() options (virtual interrupts only, here) */
#define ZX_INTERRUPT_VIRTUAL ((uint32_t)0x10u)
#define ZX_INTERRUPT_TIMESTAMP_MONO ((uint32_t)0x40u)
#define ZX_INTERRUPT_SLOT_USER ((uint32_t)62u)

/* zx_interrupt_bind() options */
#define ZX_INTERRUPT_BIND ((uint32_t)0x0u)
#define ZX_INTERRUPT_UNBIND ((uint32_t)0x1u)

/*
 * Kernel object ids: 63 bits, MSB zero. Values with the MSB set are free
 * for programs that invent koids for artificial objects.
 */
typedef uint64_t zx_koid_t;
#define ZX_KOID_INVALID ((uint64_t)0)
#define ZX_KOID_KERNEL ((uint64_t)1)
/* The first non-reserved koid. The first 1024 are reserved. */
#define ZX_KOID_FIRST ((uint64_t)1024)

/* Maximum number of items zx_object_wait_many() accepts. */
#define ZX_WAIT_MANY_MAX_ITEMS ((size_t)64)

/* One entry of zx_object_wait_many(); pending is written by the call. */
typedef struct zx_wait_item {
	zx_handle_t handle;
	zx_signals_t waitfor;
	zx_signals_t pending;
} zx_wait_item_t;

__ZX_STATIC_ASSERT(sizeof(zx_wait_item_t) == 12, "zx_wait_item_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_wait_item_t, handle) == 0, "zx_wait_item_t.handle");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_wait_item_t, waitfor) == 4, "zx_wait_item_t.waitfor");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_wait_item_t, pending) == 8, "zx_wait_item_t.pending");

/* Channels */
#define ZX_CHANNEL_MAX_MSG_BYTES ((uint32_t)65536u)
#define ZX_CHANNEL_MAX_MSG_HANDLES ((uint32_t)64u)
#define ZX_CHANNEL_MAX_MSG_IOVECS ((uint32_t)8192u)
#define ZX_CHANNEL_READ_MAY_DISCARD ((uint32_t)1u)
#define ZX_CHANNEL_WRITE_USE_IOVEC ((uint32_t)2u)

/* With ZX_CHANNEL_WRITE_USE_IOVEC, the bytes are gathered from these. */
typedef struct zx_channel_iovec {
	const void* buffer;
	uint32_t capacity;
	uint32_t reserved;
} zx_channel_iovec_t;

/* The first four bytes of a message zx_channel_call() sends or matches. */
typedef uint32_t zx_txid_t;

typedef uint32_t zx_handle_op_t;
#define ZX_HANDLE_OP_MOVE ((zx_handle_op_t)0u)
#define ZX_HANDLE_OP_DUPLICATE ((zx_handle_op_t)1u)

/* One handle for zx_channel_write_etc(); result is written on failure. */
typedef struct zx_handle_disposition {
	zx_handle_op_t operation;
	zx_handle_t handle;
	uint32_t type;
	zx_rights_t rights;
	zx_status_t result;
} zx_handle_disposition_t;

/* One handle as zx_channel_read_etc() reports it. */
typedef struct zx_handle_info {
	zx_handle_t handle;
	uint32_t type;
	zx_rights_t rights;
	uint32_t unused;
} zx_handle_info_t;

typedef struct zx_channel_call_args {
	const void* wr_bytes;
	const zx_handle_t* wr_handles;
	void* rd_bytes;
	zx_handle_t* rd_handles;
	uint32_t wr_num_bytes;
	uint32_t wr_num_handles;
	uint32_t rd_num_bytes;
	uint32_t rd_num_handles;
} zx_channel_call_args_t;

typedef struct zx_channel_call_etc_args {
	const void* wr_bytes;
	zx_handle_disposition_t* wr_handles;
	void* rd_bytes;
	zx_handle_info_t* rd_handles;
	uint32_t wr_num_bytes;
	uint32_t wr_num_handles;
	uint32_t rd_num_bytes;
	uint32_t rd_num_handles;
} zx_channel_call_etc_args_t;

/* Sockets */
#define ZX_SOCKET_STREAM ((uint32_t)0u)
#define ZX_SOCKET_DATAGRAM ((uint32_t)1u << 0)
#define ZX_SOCKET_CREATE_MASK (ZX_SOCKET_DATAGRAM)
#define ZX_SOCKET_PEEK ((uint32_t)1u << 3)
#define ZX_SOCKET_DISPOSITION_WRITE_DISABLED ((uint32_t)1u << 0)
#define ZX_SOCKET_DISPOSITION_WRITE_ENABLED ((uint32_t)1u << 1)

/* FIFOs: elem_count * elem_size may not exceed this. */
#define ZX_FIFO_MAX_SIZE_BYTES ((size_t)4096u)

/* virtual address */
typedef uintptr_t zx_vaddr_t;
/* physical address */
typedef uintptr_t zx_paddr_t;
/* hypervisor guest physical address */
typedef uintptr_t zx_gpaddr_t;
/* offset */
typedef uint64_t zx_off_t;

/* Maximum length of a kernel object name, including the terminating NUL. */
#define ZX_MAX_NAME_LEN ((size_t)32u)

typedef uint32_t zx_obj_type_t;

#define ZX_OBJ_TYPE_NONE ((zx_obj_type_t)0u)
#define ZX_OBJ_TYPE_PROCESS ((zx_obj_type_t)1u)
#define ZX_OBJ_TYPE_THREAD ((zx_obj_type_t)2u)
#define ZX_OBJ_TYPE_VMO ((zx_obj_type_t)3u)
#define ZX_OBJ_TYPE_CHANNEL ((zx_obj_type_t)4u)
#define ZX_OBJ_TYPE_EVENT ((zx_obj_type_t)5u)
#define ZX_OBJ_TYPE_PORT ((zx_obj_type_t)6u)
#define ZX_OBJ_TYPE_INTERRUPT ((zx_obj_type_t)9u)
#define ZX_OBJ_TYPE_PCI_DEVICE ((zx_obj_type_t)11u)
#define ZX_OBJ_TYPE_DEBUGLOG ((zx_obj_type_t)12u)
#define ZX_OBJ_TYPE_SOCKET ((zx_obj_type_t)14u)
#define ZX_OBJ_TYPE_RESOURCE ((zx_obj_type_t)15u)
#define ZX_OBJ_TYPE_EVENTPAIR ((zx_obj_type_t)16u)
#define ZX_OBJ_TYPE_JOB ((zx_obj_type_t)17u)
#define ZX_OBJ_TYPE_VMAR ((zx_obj_type_t)18u)
#define ZX_OBJ_TYPE_FIFO ((zx_obj_type_t)19u)
#define ZX_OBJ_TYPE_GUEST ((zx_obj_type_t)20u)
#define ZX_OBJ_TYPE_VCPU ((zx_obj_type_t)21u)
#define ZX_OBJ_TYPE_TIMER ((zx_obj_type_t)22u)
#define ZX_OBJ_TYPE_IOMMU ((zx_obj_type_t)23u)
#define ZX_OBJ_TYPE_BTI ((zx_obj_type_t)24u)
#define ZX_OBJ_TYPE_PROFILE ((zx_obj_type_t)25u)
#define ZX_OBJ_TYPE_PMT ((zx_obj_type_t)26u)
#define ZX_OBJ_TYPE_SUSPEND_TOKEN ((zx_obj_type_t)27u)
#define ZX_OBJ_TYPE_PAGER ((zx_obj_type_t)28u)
#define ZX_OBJ_TYPE_EXCEPTION ((zx_obj_type_t)29u)
#define ZX_OBJ_TYPE_CLOCK ((zx_obj_type_t)30u)
#define ZX_OBJ_TYPE_STREAM ((zx_obj_type_t)31u)
#define ZX_OBJ_TYPE_MSI ((zx_obj_type_t)32u)
#define ZX_OBJ_TYPE_IOB ((zx_obj_type_t)33u)
#define ZX_OBJ_TYPE_COUNTER ((zx_obj_type_t)34u)

/* For backwards compatibility. */
#define ZX_OBJ_TYPE_LOG ZX_OBJ_TYPE_DEBUGLOG

/* The ABI promises no more than 64 object types. */
#define ZX_OBJ_TYPE_UPPER_BOUND ((zx_obj_type_t)64u)

__END_CDECLS

#endif /* SYSROOT_ZIRCON_TYPES_H_ */
