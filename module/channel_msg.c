// SPDX-License-Identifier: GPL-2.0
/*
 * Channel messages: moving handles from the writer's table into a message,
 * from a message into the reader's table, and destroying messages.
 *
 * Zircon consumes every handle a write names, whatever the outcome: the
 * ones that pass their checks move into the message, the others are
 * closed, and a write that fails before looking at them (bad options, a
 * bad channel handle, a size out of range) closes them all. Only a fault
 * reading the handle array itself leaves the rest where they were. The
 * checks and their order are Zircon's (object/user_handles.cc).
 */

#include <linux/compat.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "channel.h"
#include "table.h"
#include "trace.h"

/* Handle array entries read from user memory at a time. */
#define ZX_CHANNEL_CHUNK	16

struct zx_channel_msg *zx_channel_msg_alloc(u32 num_bytes, u32 num_handles)
{
	struct zx_channel_msg *msg;

	/*
	 * Up to 64 KiB: kvmalloc() may fall back to vmalloc, which does not
	 * take __GFP_NORETRY; __GFP_RETRY_MAYFAIL also fails rather than
	 * invoking the OOM killer, in the memory cgroup too.
	 */
	msg = kvmalloc(struct_size(msg, handles, num_handles) + num_bytes,
		       GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	if (!msg)
		return NULL;
	msg->num_bytes = num_bytes;
	msg->num_handles = 0;		/* counts the handles stored so far */
	msg->num_channels = 0;
	msg->bytes = (u8 *)&msg->handles[num_handles];
	return msg;
}

/*
 * Destroy every message on @msgs, closing the handles inside. Closing a
 * channel's last handle adds its queue to @msgs rather than destroying it
 * from within (zx_channel_drop_transit()), so chains of channels inside
 * channels never recurse.
 */
void zx_channel_reap(struct list_head *msgs)
{
	struct zx_channel_msg *msg;
	u32 i;

	while ((msg = list_first_entry_or_null(msgs, struct zx_channel_msg,
					       node))) {
		list_del(&msg->node);
		for (i = 0; i < msg->num_handles; i++) {
			struct zx_handle *handle = msg->handles[i];
			struct zx_object *obj = handle->obj;

			/* Never in a table: no RCU reader, no observer. */
			kfree(handle);
			if (zx_is_channel(obj))
				zx_channel_drop_transit(to_channel(obj), msgs);
			else
				zx_object_drop_handle(obj);
		}
		kvfree(msg);
		cond_resched();
	}
}

/*
 * The Zircon value of a status, for the few that are stored in user
 * memory rather than returned (zx_handle_disposition_t.result). A fault
 * is ZX_ERR_INVALID_ARGS, as everywhere.
 */
static s32 zx_status_value(int status)
{
	static const struct { int err; s32 value; } map[] = {
		{ ZIRCON_ERRNO_INTERNAL, -1 },
		{ ZIRCON_ERRNO_NOT_SUPPORTED, -2 },
		{ ZIRCON_ERRNO_NO_RESOURCES, -3 },
		{ ZIRCON_ERRNO_NO_MEMORY, -4 },
		{ ZIRCON_ERRNO_INVALID_ARGS, -10 },
		{ EFAULT, -10 },
		{ ZIRCON_ERRNO_BAD_HANDLE, -11 },
		{ ZIRCON_ERRNO_WRONG_TYPE, -12 },
		{ ZIRCON_ERRNO_OUT_OF_RANGE, -14 },
		{ ZIRCON_ERRNO_ACCESS_DENIED, -30 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (-status == map[i].err)
			return map[i].value;
	return status ? -1 : 0;
}

/* One zx_channel_iovec_t, whichever ABI the caller has. */
struct zx_channel_iov {
	void __user *buffer;
	u32 capacity;
	u32 reserved;
};

static int zx_channel_read_iovs(struct zx_channel_iov *iov,
				const void __user *uvec, u32 first, u32 n)
{
	struct {
		u64 buffer;
		u32 capacity;
		u32 reserved;
	} v[ZX_CHANNEL_CHUNK];
	u32 i;

	if (in_compat_syscall()) {
		struct {
			compat_uptr_t buffer;
			u32 capacity;
			u32 reserved;
		} c[ZX_CHANNEL_CHUNK];

		if (copy_from_user(c, uvec + first * sizeof(c[0]),
				   n * sizeof(c[0])))
			return -EFAULT;
		for (i = 0; i < n; i++) {
			iov[i].buffer = compat_ptr(c[i].buffer);
			iov[i].capacity = c[i].capacity;
			iov[i].reserved = c[i].reserved;
		}
		return 0;
	}
	if (copy_from_user(v, uvec + first * sizeof(v[0]), n * sizeof(v[0])))
		return -EFAULT;
	for (i = 0; i < n; i++) {
		iov[i].buffer = u64_to_user_ptr(v[i].buffer);
		iov[i].capacity = v[i].capacity;
		iov[i].reserved = v[i].reserved;
	}
	return 0;
}

/*
 * ZX_CHANNEL_WRITE_USE_IOVEC: the size of the message gathered from
 * @count iovecs at @uvec: at most 8192 of them and 64 KiB in all
 * (OUT_OF_RANGE), reserved fields zero (INVALID_ARGS).
 */
int zx_channel_iov_size(const void __user *uvec, u32 count, u32 *size)
{
	struct zx_channel_iov iov[ZX_CHANNEL_CHUNK];
	u32 first, n, i;
	u64 total = 0;

	if (count > ZX_CHANNEL_MAX_MSG_IOVECS)
		return ZX_ERR_OUT_OF_RANGE;
	for (first = 0; first < count; first += n) {
		n = min_t(u32, count - first, ZX_CHANNEL_CHUNK);
		if (zx_channel_read_iovs(iov, uvec, first, n))
			return -EFAULT;
		for (i = 0; i < n; i++) {
			if (iov[i].reserved)
				return ZX_ERR_INVALID_ARGS;
			total += iov[i].capacity;
		}
	}
	if (total > ZX_CHANNEL_MAX_MSG_BYTES)
		return ZX_ERR_OUT_OF_RANGE;
	*size = total;
	return 0;
}

/* Gather the iovecs' bytes into @msg; they must still add up to its size. */
int zx_channel_iov_copy(struct zx_channel_msg *msg, const void __user *uvec,
			u32 count)
{
	struct zx_channel_iov iov[ZX_CHANNEL_CHUNK];
	u32 first, n, i, done = 0;

	for (first = 0; first < count; first += n) {
		n = min_t(u32, count - first, ZX_CHANNEL_CHUNK);
		if (zx_channel_read_iovs(iov, uvec, first, n))
			return -EFAULT;
		for (i = 0; i < n; i++) {
			/* The array changed since zx_channel_iov_size(). */
			if (iov[i].capacity > msg->num_bytes - done)
				return ZX_ERR_INVALID_ARGS;
			if (copy_from_user(msg->bytes + done, iov[i].buffer,
					   iov[i].capacity))
				return -EFAULT;
			done += iov[i].capacity;
		}
	}
	return done == msg->num_bytes ? 0 : ZX_ERR_INVALID_ARGS;
}

/* One handle array entry, from a zx_handle_t or a disposition. */
struct zx_channel_entry {
	u32 operation;
	zx_handle_t handle;
	u32 type;
	zx_rights_t rights;
};

static int zx_channel_read_chunk(struct zx_channel_entry *e,
				 const void __user *uhandles, u32 first, u32 n,
				 bool etc)
{
	struct zircon_handle_disposition d[ZX_CHANNEL_CHUNK];
	u32 v[ZX_CHANNEL_CHUNK];
	u32 i;

	if (etc) {
		const struct zircon_handle_disposition __user *ud = uhandles;

		if (copy_from_user(d, ud + first, n * sizeof(*d)))
			return -EFAULT;
		for (i = 0; i < n; i++) {
			e[i].operation = d[i].operation;
			e[i].handle = d[i].handle;
			e[i].type = d[i].type;
			e[i].rights = d[i].rights;
		}
		return 0;
	}
	if (copy_from_user(v, (const u32 __user *)uhandles + first,
			   n * sizeof(*v)))
		return -EFAULT;
	for (i = 0; i < n; i++) {
		e[i].operation = ZX_HANDLE_OP_MOVE;
		e[i].handle = v[i];
		e[i].type = ZX_OBJ_TYPE_NONE;
		e[i].rights = ZX_RIGHT_SAME_RIGHTS;
	}
	return 0;
}

/* Checks common to both operations; *@rights becomes the rights to send. */
static int zx_channel_check_entry(const struct zx_object *obj, zx_rights_t have,
				  const struct zx_channel_entry *e,
				  const struct zx_object *channel,
				  zx_rights_t *rights)
{
	if (!(have & ZX_RIGHT_TRANSFER))
		return ZX_ERR_ACCESS_DENIED;
	if (obj == channel)
		return ZX_ERR_NOT_SUPPORTED;
	if (e->type != ZX_OBJ_TYPE_NONE && obj->ops->type != e->type)
		return ZX_ERR_WRONG_TYPE;
	if (e->rights == ZX_RIGHT_SAME_RIGHTS) {
		*rights = have;
		return 0;
	}
	if ((have & e->rights) != e->rights)
		return ZX_ERR_INVALID_ARGS;
	*rights = e->rights;
	return 0;
}

/* ZX_HANDLE_OP_DUPLICATE: a new handle; the source stays in the table. */
static int zx_channel_dup_entry(struct zx_table *table,
				const struct zx_channel_entry *e,
				const struct zx_object *channel,
				struct zx_handle **out)
{
	struct zx_handle *src, *handle;
	zx_rights_t rights;
	int ret;

	handle = zx_handle_alloc(NULL, 0);
	if (!handle)
		return ZX_ERR_NO_MEMORY;
	rcu_read_lock();
	src = zx_table_lookup(table, e->handle);
	if (!src) {
		ret = ZX_ERR_BAD_HANDLE;
	} else {
		ret = zx_channel_check_entry(src->obj, src->rights, e, channel,
					     &rights);
		if (!ret && !(src->rights & ZX_RIGHT_DUPLICATE))
			ret = ZX_ERR_ACCESS_DENIED;
		if (!ret)
			ret = zx_object_pin_handle(src->obj, src);
		if (!ret) {
			handle->obj = src->obj;
			handle->rights = rights;
		}
	}
	rcu_read_unlock();
	if (ret) {
		kfree(handle);
		return ret;
	}
	*out = handle;
	return 0;
}

/* ZX_HANDLE_OP_MOVE (or an invalid operation): the source always goes. */
static int zx_channel_move_entry(struct zx_table *table,
				 const struct zx_channel_entry *e,
				 const struct zx_object *channel,
				 struct zx_handle **out)
{
	struct zx_handle *src = zx_table_remove(table, e->handle);
	struct zx_handle *handle;
	struct zx_object *obj;
	zx_rights_t have, rights;
	int ret;

	if (!src)
		return ZX_ERR_BAD_HANDLE;
	have = src->rights;
	/* Waits made through the source end, as when it is closed. */
	obj = zx_handle_release_object(src);
	if (e->operation != ZX_HANDLE_OP_MOVE)
		ret = ZX_ERR_INVALID_ARGS;
	else
		ret = zx_channel_check_entry(obj, have, e, channel, &rights);
	if (!ret) {
		handle = zx_handle_alloc(obj, rights);
		if (!handle)
			ret = ZX_ERR_NO_MEMORY;
	}
	if (ret) {
		zx_object_drop_handle(obj);
		return ret;
	}
	*out = handle;
	return 0;
}

static void zx_channel_msg_add(struct zx_channel_msg *msg,
			       struct zx_handle *handle)
{
	msg->handles[msg->num_handles++] = handle;
	if (zx_is_channel(handle->obj))
		msg->num_channels++;
}

/*
 * Move the @num handles of a write's handle array into @msg, which has
 * room for them, processing every entry and returning the first error.
 * For _etc writes, each failing entry's result is written back. The
 * caller destroys @msg on failure.
 */
int zx_channel_msg_put_handles(struct zx_table *table,
			       struct zx_channel_msg *msg, u32 num,
			       const struct zx_object *channel,
			       const void __user *uhandles, bool etc)
{
	struct zircon_handle_disposition __user *ud = (void __user *)uhandles;
	struct zx_channel_entry e[ZX_CHANNEL_CHUNK];
	u32 first, n, i;
	int ret = 0;

	for (first = 0; first < num; first += n) {
		n = min_t(u32, num - first, ZX_CHANNEL_CHUNK);
		if (zx_channel_read_chunk(e, uhandles, first, n, etc)) {
			ret = -EFAULT;
			break;
		}
		for (i = 0; i < n; i++) {
			struct zx_handle *handle;
			int err;

			if (etc && e[i].operation == ZX_HANDLE_OP_DUPLICATE)
				err = zx_channel_dup_entry(table, &e[i],
							   channel, &handle);
			else
				err = zx_channel_move_entry(table, &e[i],
							    channel, &handle);
			if (!err) {
				trace_zircon_handle_transfer(ZX_TRACE_CHANNEL_WRITE,
							     table, e[i].handle,
							     false, handle->obj,
							     handle->rights);
				zx_channel_msg_add(msg, handle);
				continue;
			}
			if (etc && put_user(zx_status_value(err),
					    &ud[first + i].result))
				err = -EFAULT;
			if (!ret)
				ret = err;
		}
	}
	return ret;
}

/*
 * A write that failed before reaching its handles still consumes them:
 * close every entry but _etc duplicates, stopping at a fault.
 */
void zx_channel_consume_handles(struct zx_table *table,
				const void __user *uhandles, u32 num_handles,
				bool etc)
{
	struct zx_channel_entry e[ZX_CHANNEL_CHUNK];
	u32 first, n, i;

	for (first = 0; first < num_handles; first += n) {
		n = min_t(u32, num_handles - first, ZX_CHANNEL_CHUNK);
		if (zx_channel_read_chunk(e, uhandles, first, n, etc))
			return;
		for (i = 0; i < n; i++) {
			if (e[i].operation != ZX_HANDLE_OP_DUPLICATE)
				zx_table_close(table, e[i].handle);
		}
		if (fatal_signal_pending(current))
			return;
		cond_resched();
	}
}

/* Reserve table slots for a message's @n handles, all or nothing. */
int zx_channel_msg_reserve(struct zx_table *table, u32 *index, u32 n)
{
	u32 i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = zx_table_reserve(table, &index[i], false);
		if (ret) {
			zx_channel_msg_unreserve(table, index, i);
			return ret;
		}
	}
	return 0;
}

void zx_channel_msg_unreserve(struct zx_table *table, u32 *index, u32 n)
{
	while (n--)
		zx_table_unreserve(table, index[n]);
}

static int zx_channel_write_values(struct zx_table *table,
				   const struct zx_channel_msg *msg,
				   const u32 *index, void __user *uhandles,
				   bool etc)
{
	struct zircon_handle_info info[ZX_CHANNEL_CHUNK];
	u32 v[ZX_CHANNEL_CHUNK];
	u32 first, n, i;

	for (first = 0; first < msg->num_handles; first += n) {
		n = min_t(u32, msg->num_handles - first, ZX_CHANNEL_CHUNK);
		for (i = 0; i < n; i++) {
			const struct zx_handle *handle = msg->handles[first + i];

			v[i] = zx_table_value(table, index[first + i]);
			info[i] = (struct zircon_handle_info) {
				.handle = v[i],
				.type = handle->obj->ops->type,
				.rights = handle->rights,
			};
		}
		if (etc ? copy_to_user((struct zircon_handle_info __user *)
				       uhandles + first, info, n * sizeof(*info)) :
			  copy_to_user((u32 __user *)uhandles + first, v,
				       n * sizeof(*v)))
			return -EFAULT;
	}
	return 0;
}

/*
 * Hand a dequeued message's handles to the reader: write their values
 * (or handle infos) to @uhandles, then publish them in the slots reserved
 * in @index. On success the handles belong to the table and the message
 * is freed; on a fault the caller unreserves and destroys the message.
 */
int zx_channel_msg_take_handles(struct zx_table *table,
				struct zx_channel_msg *msg, u32 *index,
				void __user *uhandles, bool etc)
{
	u32 i;

	if (zx_channel_write_values(table, msg, index, uhandles, etc))
		return -EFAULT;
	for (i = 0; i < msg->num_handles; i++) {
		trace_zircon_handle_transfer(ZX_TRACE_CHANNEL_READ, table,
					     index[i], true,
					     msg->handles[i]->obj,
					     msg->handles[i]->rights);
		zx_table_publish(table, index[i], msg->handles[i]);
	}
	kvfree(msg);
	return 0;
}
