// SPDX-License-Identifier: GPL-2.0
/*
 * Object system calls: signal, signal_peer and get_info.
 *
 * Signalling runs entirely under rcu_read_lock(): the handle found there
 * keeps its object's memory alive, so the fast path takes no reference and
 * no lock but the object's own.
 */

#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "socket.h"
#include "syscalls.h"
#include "table.h"

static long zx_object_signal_common(struct zx_table *table, void __user *uarg,
				    bool peer)
{
	struct zircon_object_signal args;
	struct zx_handle *handle;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;

	rcu_read_lock();
	handle = zx_table_lookup(table, args.handle);
	ret = zx_handle_check(handle, ZX_OBJ_TYPE_NONE,
			      peer ? ZX_RIGHT_SIGNAL_PEER : ZX_RIGHT_SIGNAL);
	if (!ret && peer)
		ret = zx_object_user_signal_peer(handle->obj, args.clear_mask,
						 args.set_mask);
	else if (!ret)
		ret = zx_object_user_signal(handle->obj, args.clear_mask,
					    args.set_mask);
	rcu_read_unlock();
	return ret;
}

long zx_ioctl_object_signal(struct zx_table *table, void __user *uarg)
{
	return zx_object_signal_common(table, uarg, false);
}

long zx_ioctl_object_signal_peer(struct zx_table *table, void __user *uarg)
{
	return zx_object_signal_common(table, uarg, true);
}

/* The record of a single-record topic. */
union zx_info_record {
	struct zx_info_handle_basic basic;
	struct zx_info_handle_count count;
	struct zircon_info_socket socket;
};

/*
 * Fill @rec for @topic; needs @rights on the handle, and an object of
 * @type unless that is ZX_OBJ_TYPE_NONE.
 */
static int zx_info_record(struct zx_table *table, zx_handle_t value,
			  u32 topic, u32 type, zx_rights_t rights,
			  union zx_info_record *rec)
{
	struct zx_handle *handle;
	struct zx_object *obj;
	int ret;

	rcu_read_lock();
	handle = zx_table_lookup(table, value);
	ret = zx_handle_check(handle, type, rights);
	if (!ret) {
		obj = handle->obj;
		if (topic == ZX_INFO_HANDLE_BASIC) {
			rec->basic = (struct zx_info_handle_basic) {
				.koid = obj->koid,
				.rights = handle->rights,
				.type = obj->ops->type,
				.related_koid = obj->related_koid,
			};
		} else if (topic == ZX_INFO_HANDLE_COUNT) {
			rec->count.handle_count =
				atomic_read(&obj->handle_count);
		} else {
			zx_socket_get_info(obj, &rec->socket);
		}
	}
	rcu_read_unlock();
	return ret;
}

/*
 * Zircon's single_record_result(): the record if it fits, then actual and
 * avail, and BUFFER_TOO_SMALL if the record did not fit.
 */
long zx_ioctl_object_get_info(struct zx_table *table, void __user *uarg)
{
	struct zircon_object_get_info __user *up = uarg;
	struct zircon_object_get_info args;
	union zx_info_record rec;
	size_t size;
	u64 actual = 0;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;

	/* As Zircon: the handle first, whatever the topic. */
	rcu_read_lock();
	ret = zx_table_lookup(table, args.handle) ? 0 : ZX_ERR_BAD_HANDLE;
	rcu_read_unlock();
	if (ret)
		return ret;

	switch (args.topic) {
	case ZX_INFO_HANDLE_VALID:
		return 0;
	case ZX_INFO_HANDLE_BASIC:
		ret = zx_info_record(table, args.handle, args.topic,
				     ZX_OBJ_TYPE_NONE, 0, &rec);
		size = sizeof(rec.basic);
		break;
	case ZX_INFO_HANDLE_COUNT:
		ret = zx_info_record(table, args.handle, args.topic,
				     ZX_OBJ_TYPE_NONE, ZX_RIGHT_INSPECT, &rec);
		size = sizeof(rec.count);
		break;
	case ZX_INFO_SOCKET:
		ret = zx_info_record(table, args.handle, args.topic,
				     ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_INSPECT, &rec);
		size = sizeof(rec.socket);
		break;
	default:
		return ZX_ERR_NOT_SUPPORTED;
	}
	if (ret)
		return ret;

	if (args.buffer_size >= size) {
		if (copy_to_user(u64_to_user_ptr(args.buffer), &rec, size))
			return -EFAULT;
		actual = 1;
	}
	if (put_user(actual, &up->actual) || put_user(1ull, &up->avail))
		return -EFAULT;
	return actual ? 0 : ZX_ERR_BUFFER_TOO_SMALL;
}
