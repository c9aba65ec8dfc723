/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of zircon.ko (TRACE_SYSTEM zircon).
 *
 * Every event is a static key when disabled: the call sites pass the
 * pointers they already hold and every field is computed in
 * TP_fast_assign(), so a disabled tracepoint costs a patched-out jump and
 * no extra load, lock or function call. "pid" is current's pid where the
 * event fires (the interrupted task for events raised from softirq, such
 * as a timer's signals). "status" is what the module returns: 0 or a
 * negative errno, ZX_ERR_* travelling as -ZIRCON_ERRNO_* (uapi/linux/
 * zircon.h; ZX_ERR_TIMED_OUT is -ETIMEDOUT), as strace shows it too.
 *
 * Out of tree: define_trace.h includes this file again through
 * TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE, i.e. "./trace.h" looked up in
 * the include path; Kbuild adds -I$(src)/module for module/main.c, the one
 * file that defines CREATE_TRACE_POINTS.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM zircon

#if !defined(_ZIRCON_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _ZIRCON_TRACE_H

#include <linux/sched.h>
#include <linux/tracepoint.h>
#include <linux/zircon.h>

#include "object.h"
#include "table.h"

/* zircon_handle_transfer's op. */
#define ZX_TRACE_CHANNEL_WRITE	0	/* a table's handle into a message */
#define ZX_TRACE_CHANNEL_READ	1	/* a message's handle into a table */
#define ZX_TRACE_HANDLE_TO_FD	2	/* a table's handle into a descriptor */
#define ZX_TRACE_FD_TO_HANDLE	3	/* a descriptor's object into a table */

TRACE_EVENT(zircon_object_create,
	    TP_PROTO(const struct zx_object *obj),
	    TP_ARGS(obj),
	    TP_STRUCT__entry(__field(u64, koid)
			     __field(u64, peer)
			     __field(u32, type)
			     __field(pid_t, pid)),
	    TP_fast_assign(__entry->koid = obj->koid;
			   __entry->peer = obj->related_koid;
			   __entry->type = obj->ops->type;
			   __entry->pid = current->pid;),
	    TP_printk("koid=%llu type=%u peer=%llu pid=%d",
		      __entry->koid, __entry->type, __entry->peer, __entry->pid));

TRACE_EVENT(zircon_object_destroy,
	    TP_PROTO(const struct zx_object *obj),
	    TP_ARGS(obj),
	    TP_STRUCT__entry(__field(u64, koid)
			     __field(u32, type)),
	    TP_fast_assign(__entry->koid = obj->koid;
			   __entry->type = obj->ops->type;),
	    TP_printk("koid=%llu type=%u", __entry->koid, __entry->type));

/* The signal word changed from @old to @new (under the object's lock). */
TRACE_EVENT(zircon_signal,
	    TP_PROTO(const struct zx_object *obj, zx_signals_t old, zx_signals_t new),
	    TP_ARGS(obj, old, new),
	    TP_STRUCT__entry(__field(u64, koid)
			     __field(u32, old)
			     __field(u32, new)
			     __field(pid_t, pid)),
	    TP_fast_assign(__entry->koid = obj->koid;
			   __entry->old = old;
			   __entry->new = new;
			   __entry->pid = current->pid;),
	    TP_printk("koid=%llu old=0x%x new=0x%x pid=%d",
		      __entry->koid, __entry->old, __entry->new, __entry->pid));

/*
 * A wait_one (@count 1) or wait_many looked its handles up: @obj is the
 * first item's object, @signals what that item waits for.
 */
TRACE_EVENT(zircon_wait_begin,
	    TP_PROTO(const struct zx_object *obj, u32 count, zx_signals_t signals,
		     s64 deadline),
	    TP_ARGS(obj, count, signals, deadline),
	    TP_STRUCT__entry(__field(u64, koid)
			     __field(s64, deadline)
			     __field(u32, count)
			     __field(u32, signals)
			     __field(pid_t, pid)),
	    TP_fast_assign(__entry->koid = obj->koid;
			   __entry->deadline = deadline;
			   __entry->count = count;
			   __entry->signals = signals;
			   __entry->pid = current->pid;),
	    TP_printk("koid=%llu count=%u signals=0x%x deadline=%lld pid=%d",
		      __entry->koid, __entry->count, __entry->signals,
		      __entry->deadline, __entry->pid));

/* @observed: the (first) item's signals; @status: the call's result. */
TRACE_EVENT(zircon_wait_end,
	    TP_PROTO(u32 count, zx_signals_t observed, int status),
	    TP_ARGS(count, observed, status),
	    TP_STRUCT__entry(__field(u32, count)
			     __field(u32, observed)
			     __field(int, status)
			     __field(pid_t, pid)),
	    TP_fast_assign(__entry->count = count;
			   __entry->observed = observed;
			   __entry->status = status;
			   __entry->pid = current->pid;),
	    TP_printk("count=%u observed=0x%x status=%d pid=%d",
		      __entry->count, __entry->observed, __entry->status,
		      __entry->pid));

/* zx_object_wait_async() queued a registration on @obj for @port. */
TRACE_EVENT(zircon_async_register,
	    TP_PROTO(const struct zx_object *port, const struct zx_object *obj,
		     u64 key, zx_signals_t signals, u32 options),
	    TP_ARGS(port, obj, key, signals, options),
	    TP_STRUCT__entry(__field(u64, port)
			     __field(u64, koid)
			     __field(u64, key)
			     __field(u32, signals)
			     __field(u32, options)
			     __field(pid_t, pid)),
	    TP_fast_assign(__entry->port = port->koid;
			   __entry->koid = obj->koid;
			   __entry->key = key;
			   __entry->signals = signals;
			   __entry->options = options;
			   __entry->pid = current->pid;),
	    TP_printk("port=%llu koid=%llu key=%llu signals=0x%x options=0x%x pid=%d",
		      __entry->port, __entry->koid, __entry->key, __entry->signals,
		      __entry->options, __entry->pid));

/*
 * A registration left @obj's observer list, under its lock: @matched (its
 * packet goes to @port unless the port is closing or cancelled it first)
 * or cancelled (@signals has ZX_SIGNAL_HANDLE_CLOSED).
 */
TRACE_EVENT(zircon_async_fire,
	    TP_PROTO(const struct zx_object *port, const struct zx_object *obj,
		     u64 key, zx_signals_t signals, bool matched),
	    TP_ARGS(port, obj, key, signals, matched),
	    TP_STRUCT__entry(__field(u64, port)
			     __field(u64, koid)
			     __field(u64, key)
			     __field(u32, signals)
			     __field(bool, matched)),
	    TP_fast_assign(__entry->port = port->koid;
			   __entry->koid = obj->koid;
			   __entry->key = key;
			   __entry->signals = signals;
			   __entry->matched = matched;),
	    TP_printk("port=%llu koid=%llu key=%llu signals=0x%x matched=%d",
		      __entry->port, __entry->koid, __entry->key, __entry->signals,
		      __entry->matched));

/* port_cancel (@koid: the source's object) or port_cancel_key (@koid 0). */
TRACE_EVENT(zircon_async_cancel,
	    TP_PROTO(const struct zx_object *port, const struct zx_object *obj,
		     u64 key, unsigned int count),
	    TP_ARGS(port, obj, key, count),
	    TP_STRUCT__entry(__field(u64, port)
			     __field(u64, koid)
			     __field(u64, key)
			     __field(u32, count)
			     __field(pid_t, pid)),
	    TP_fast_assign(__entry->port = port->koid;
			   __entry->koid = obj ? obj->koid : 0;
			   __entry->key = key;
			   __entry->count = count;
			   __entry->pid = current->pid;),
	    TP_printk("port=%llu koid=%llu key=%llu count=%u pid=%d",
		      __entry->port, __entry->koid, __entry->key, __entry->count,
		      __entry->pid));

DECLARE_EVENT_CLASS(zircon_port_packet,
		    TP_PROTO(const struct zx_object *port,
			     const struct zircon_port_packet *pkt, int status),
		    TP_ARGS(port, pkt, status),
		    TP_STRUCT__entry(__field(u64, port)
				     __field(u64, key)
				     __field(u32, type)
				     __field(int, status)
				     __field(pid_t, pid)),
		    TP_fast_assign(__entry->port = port->koid;
				   __entry->key = pkt ? pkt->key : 0;
				   __entry->type = pkt ? pkt->type : 0;
				   __entry->status = status;
				   __entry->pid = current->pid;),
		    TP_printk("port=%llu key=%llu type=%u status=%d pid=%d",
			      __entry->port, __entry->key, __entry->type, __entry->status,
			      __entry->pid));

/* zx_port_queue(): a user packet, queued or refused (@status). */
DEFINE_EVENT(zircon_port_packet, zircon_port_queue,
	     TP_PROTO(const struct zx_object *port,
		      const struct zircon_port_packet *pkt, int status),
	     TP_ARGS(port, pkt, status));

/* zx_port_wait(): a packet taken (@pkt), or none (NULL) and why. */
DEFINE_EVENT(zircon_port_packet, zircon_port_dequeue,
	     TP_PROTO(const struct zx_object *port,
		      const struct zircon_port_packet *pkt, int status),
	     TP_ARGS(port, pkt, status));

/*
 * A handle moved between a table and a channel message or a descriptor
 * (@op: ZX_TRACE_*). @value is the handle's value in @table, or, with
 * @is_id, its id there (the value is computed here).
 */
TRACE_EVENT(zircon_handle_transfer,
	    TP_PROTO(int op, const struct zx_table *table, u32 value, bool is_id,
		     const struct zx_object *obj, zx_rights_t rights),
	    TP_ARGS(op, table, value, is_id, obj, rights),
	    TP_STRUCT__entry(__field(u64, table)
			     __field(u64, koid)
			     __field(u32, value)
			     __field(u32, rights)
			     __field(int, op)
			     __field(pid_t, pid)),
	    TP_fast_assign(__entry->table = table->koid;
			   __entry->koid = obj->koid;
			   __entry->value = is_id ? zx_table_value(table, value) : value;
			   __entry->rights = rights;
			   __entry->op = op;
			   __entry->pid = current->pid;),
	    TP_printk("op=%s table=%llu handle=0x%x koid=%llu rights=0x%x pid=%d",
		      __print_symbolic(__entry->op,
				       { ZX_TRACE_CHANNEL_WRITE, "channel_write" },
				       { ZX_TRACE_CHANNEL_READ, "channel_read" },
				       { ZX_TRACE_HANDLE_TO_FD, "handle_to_fd" },
				       { ZX_TRACE_FD_TO_HANDLE, "fd_to_handle" }),
		      __entry->table, __entry->value, __entry->koid,
		      __entry->rights, __entry->pid));

#endif /* _ZIRCON_TRACE_H */

/* Out of tree: found as ./trace.h through -I$(src)/module (Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
