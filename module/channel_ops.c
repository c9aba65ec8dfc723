// SPDX-License-Identifier: GPL-2.0
/*
 * Channel system calls: create, write, read, call and their _etc forms.
 *
 * Every call pins its channel end (a handle count, not just a reference)
 * while it works on it, so the cycle collector never takes an end somebody
 * is reading, writing or calling through for garbage. (A call's wait is
 * covered by the caller's handle instead: see zx_channel_call().)
 */

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "channel.h"
#include "syscalls.h"
#include "table.h"

long zx_ioctl_channel_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_eventpair_create __user *up = uarg;
	struct zircon_eventpair_create args;
	struct zx_object *objs[2];
	u32 values[2];
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;
	ret = zx_channel_create_pair(objs);
	if (ret)
		return ret;
	return zx_table_publish_new(table, objs, values, 2, &up->out0);
}

/*
 * Look up @value as a channel end with @rights and pin it; with @caller,
 * also start a zx_channel_call() through it.
 */
static int zx_channel_get(struct zx_table *table, zx_handle_t value,
			  zx_rights_t rights, struct zx_channel_caller *caller,
			  struct zx_channel **out)
{
	struct zx_handle *handle;
	struct zx_channel *ch;
	int ret;

	rcu_read_lock();
	handle = zx_table_lookup(table, value);
	ret = zx_handle_check(handle, ZX_OBJ_TYPE_CHANNEL, rights);
	if (!ret)
		ret = zx_object_pin_handle(handle->obj, handle);
	if (ret) {
		rcu_read_unlock();
		return ret;
	}
	ch = to_channel(handle->obj);
	if (caller)
		ret = zx_channel_call_begin(ch, handle, caller);
	rcu_read_unlock();
	if (ret) {
		zx_object_drop_handle(&ch->base);
		return ret;
	}
	*out = ch;
	return 0;
}

static void zx_channel_put(struct zx_channel *ch,
			   struct zx_channel_caller *caller)
{
	if (caller)
		zx_channel_call_abort(ch, caller);
	zx_object_drop_handle(&ch->base);
}

/*
 * The write half of write and call, in Zircon's order: @early (the
 * caller's argument checks), the channel lookup, sizes (at least
 * @min_bytes), the bytes, then the handles. Whatever fails, the handles
 * named are consumed.
 */
static int zx_channel_prepare(struct zx_table *table, zx_handle_t value,
			      int early, zx_rights_t rights, u32 min_bytes,
			      const struct zx_channel_io *io,
			      struct zx_channel_caller *caller,
			      struct zx_channel **chp,
			      struct zx_channel_msg **msgp)
{
	struct zx_channel_msg *msg;
	struct zx_channel *ch;
	u32 size = io->num_bytes;
	LIST_HEAD(failed);
	int ret = early;

	if (!ret)
		ret = zx_channel_get(table, value, rights, caller, &ch);
	if (ret)
		goto consume;
	if (io->iovec)
		ret = zx_channel_iov_size(io->bytes, io->num_bytes, &size);
	else if (size > ZX_CHANNEL_MAX_MSG_BYTES)
		ret = ZX_ERR_OUT_OF_RANGE;
	if (!ret && io->num_handles > ZX_CHANNEL_MAX_MSG_HANDLES)
		ret = ZX_ERR_OUT_OF_RANGE;
	if (!ret && size < min_bytes)
		ret = ZX_ERR_INVALID_ARGS;
	if (ret)
		goto put;
	msg = zx_channel_msg_alloc(size, io->num_handles);
	if (!msg) {
		ret = ZX_ERR_NO_MEMORY;
		goto put;
	}
	if (io->iovec)
		ret = zx_channel_iov_copy(msg, io->bytes, io->num_bytes);
	else if (copy_from_user(msg->bytes, io->bytes, size))
		ret = -EFAULT;
	if (ret) {
		kvfree(msg);
		goto put;
	}
	ret = zx_channel_msg_put_handles(table, msg, io->num_handles,
					 &ch->base, io->handles, io->etc);
	if (ret) {
		list_add(&msg->node, &failed);
		zx_channel_reap(&failed);
		zx_channel_put(ch, caller);
		return ret;
	}
	*chp = ch;
	*msgp = msg;
	return 0;

put:
	zx_channel_put(ch, caller);
consume:
	zx_channel_consume_handles(table, io->handles, io->num_handles, io->etc);
	return ret;
}

/* A message's user buffers, as an ioctl struct gives them. */
static struct zx_channel_io zx_channel_user_io(u64 bytes, u64 handles,
					       u32 num_bytes, u32 num_handles,
					       bool etc, u32 options)
{
	return (struct zx_channel_io) {
		.bytes = u64_to_user_ptr(bytes),
		.handles = u64_to_user_ptr(handles),
		.num_bytes = num_bytes,
		.num_handles = num_handles,
		.etc = etc,
		.iovec = options & ZX_CHANNEL_WRITE_USE_IOVEC,
	};
}

long zx_ioctl_channel_write(struct zx_table *table, void __user *uarg,
			    bool etc)
{
	struct zircon_channel_write args;
	struct zx_channel_msg *msg;
	struct zx_channel_io io;
	struct zx_channel *ch;
	LIST_HEAD(unsent);
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	io = zx_channel_user_io(args.bytes, args.handles,
				args.num_bytes, args.num_handles, etc, args.options);
	ret = zx_channel_prepare(table, args.handle,
				 args.options & ~ZX_CHANNEL_WRITE_USE_IOVEC ?
				 ZX_ERR_INVALID_ARGS : 0,
				 ZX_RIGHT_WRITE, 0, &io, NULL, &ch, &msg);
	if (ret)
		return ret;
	ret = zx_channel_send(ch, msg);
	if (ret) {
		list_add(&msg->node, &unsent);
		zx_channel_reap(&unsent);
	}
	zx_channel_put(ch, NULL);
	return ret;
}

/* The sizes a read or call reports, with its message or instead of it. */
static int zx_channel_put_actual(u32 __user *uactual, int ret,
				 const u32 actual[2])
{
	if (ret && ret != ZX_ERR_BUFFER_TOO_SMALL)
		return ret;
	if (copy_to_user(uactual, actual, 2 * sizeof(*actual)))
		return -EFAULT;
	return ret;
}

long zx_ioctl_channel_read(struct zx_table *table, void __user *uarg,
			   bool etc)
{
	struct zircon_channel_read __user *up = uarg;
	struct zircon_channel_read args;
	struct zx_channel_io io;
	struct zx_channel *ch;
	u32 actual[2];
	int ret;

	BUILD_BUG_ON(offsetof(struct zircon_channel_read, actual_handles) !=
		     offsetof(struct zircon_channel_read, actual_bytes) + 4);
	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	ret = zx_channel_get(table, args.handle, ZX_RIGHT_READ, NULL, &ch);
	if (ret)
		return ret;
	io = zx_channel_user_io(args.bytes, args.handles,
				args.num_bytes, args.num_handles, etc, 0);
	if (args.options & ~ZX_CHANNEL_READ_MAY_DISCARD)
		ret = ZX_ERR_NOT_SUPPORTED;
	else
		ret = zx_channel_read(table, ch, &io, args.options, actual);
	zx_channel_put(ch, NULL);
	return zx_channel_put_actual(&up->actual_bytes, ret, actual);
}

/* Zircon checks these before it looks at the channel. */
static int zx_channel_call_early(const struct zircon_channel_call *args)
{
	if (args->options & ~ZX_CHANNEL_WRITE_USE_IOVEC)
		return ZX_ERR_INVALID_ARGS;
	if (!(args->options & ZX_CHANNEL_WRITE_USE_IOVEC) &&
	    args->wr_num_bytes < sizeof(u32))
		return ZX_ERR_INVALID_ARGS;
	return 0;
}

long zx_ioctl_channel_call(struct zx_table *table, void __user *uarg,
			   bool etc)
{
	struct zircon_channel_call __user *up = uarg;
	struct zx_channel_caller caller;
	struct zircon_channel_call args;
	struct zx_channel_msg *msg = NULL;
	struct zx_channel_io wr, rd;
	struct zx_channel *ch;
	u32 actual[2];
	int ret;

	BUILD_BUG_ON(offsetof(struct zircon_channel_call, actual_handles) !=
		     offsetof(struct zircon_channel_call, actual_bytes) + 4);
	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~ZIRCON_CALL_RESUME)
		return -EINVAL;
	wr = zx_channel_user_io(args.wr_bytes, args.wr_handles,
				args.wr_num_bytes, args.wr_num_handles, etc, args.options);
	rd = zx_channel_user_io(args.rd_bytes, args.rd_handles,
				args.rd_num_bytes, args.rd_num_handles, etc, 0);
	if (args.flags & ZIRCON_CALL_RESUME) {
		ret = zx_channel_get(table, args.handle,
				     ZX_RIGHT_READ | ZX_RIGHT_WRITE, &caller, &ch);
		/* Closed while the call was interrupted: as if it waited. */
		if (ret == ZX_ERR_BAD_HANDLE)
			ret = ZX_ERR_CANCELED;
	} else {
		ret = zx_channel_prepare(table, args.handle,
					 zx_channel_call_early(&args),
					 ZX_RIGHT_READ | ZX_RIGHT_WRITE,
					 sizeof(u32), &wr, &caller, &ch, &msg);
	}
	if (ret)
		return ret;
	ret = zx_channel_call(table, ch, &caller, msg, &args.txid,
			      args.deadline, &rd, actual);
	if (ret == -ERESTARTSYS) {
		/* The request is out: a restarted call only waits. */
		args.flags = ZIRCON_CALL_RESUME;
		if (put_user(args.txid, &up->txid) ||
		    put_user(args.flags, &up->flags))
			return -EFAULT;
		return ret;
	}
	return zx_channel_put_actual(&up->actual_bytes, ret, actual);
}
