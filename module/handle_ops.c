// SPDX-License-Identifier: GPL-2.0
/*
 * Handle system calls: close, close_many, duplicate and replace.
 */

#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"

/* Zircon removes handles from user arrays in chunks of this many. */
#define ZX_CLOSE_CHUNK	64

long zx_ioctl_handle_close(struct zx_table *table, void __user *uarg)
{
	struct zircon_handle_close args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.handle == ZX_HANDLE_INVALID)
		return 0;
	return zx_table_close(table, args.handle);
}

/*
 * Close every listed handle, even after a bad or repeated one. Like
 * Zircon, the status is that of the last chunk of 64 handles, and a fault
 * reading the array stops the call.
 */
long zx_ioctl_handle_close_many(struct zx_table *table, void __user *uarg)
{
	struct zircon_handle_close_many args;
	u32 chunk[ZX_CLOSE_CHUNK];
	const u32 __user *uhandles;
	u64 done, n, i;
	int ret = 0;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	uhandles = u64_to_user_ptr(args.handles);

	for (done = 0; done < args.count; done += n) {
		n = min_t(u64, args.count - done, ZX_CLOSE_CHUNK);
		if (copy_from_user(chunk, uhandles + done, n * sizeof(u32)))
			return -EFAULT;
		ret = 0;
		for (i = 0; i < n; i++) {
			if (chunk[i] != ZX_HANDLE_INVALID &&
			    zx_table_close(table, chunk[i]))
				ret = ZX_ERR_BAD_HANDLE;
		}
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return ret;
}

/*
 * Rights of a handle made from one holding @have: ZX_RIGHT_SAME_RIGHTS
 * alone keeps them, anything else must be a subset.
 */
static int zx_derive_rights(zx_rights_t have, zx_rights_t want,
			    zx_rights_t *out)
{
	if (want == ZX_RIGHT_SAME_RIGHTS)
		want = have;
	else if ((have & want) != want)
		return ZX_ERR_INVALID_ARGS;
	*out = want;
	return 0;
}

/*
 * Make a new handle with @rights to the object behind @value, copy its
 * value to @uout and publish it. With @replace, @value leaves the table
 * in the same step and is closed. Everything that can fail or sleep
 * happens before the source is touched, so a failure leaves it as it was.
 */
static int zx_handle_mint(struct zx_table *table, zx_handle_t value,
			  zx_rights_t rights, bool replace, u32 __user *uout)
{
	struct zx_handle *src, *handle;
	u32 index;
	int ret;

	handle = zx_handle_alloc(NULL, rights);
	if (!handle)
		return ZX_ERR_NO_MEMORY;
	/* A replace gives one handle back: let it through a full table. */
	ret = zx_table_reserve(table, &index, replace);
	if (ret)
		goto free_handle;

	rcu_read_lock();
	src = zx_table_lookup(table, value);
	ret = src ? zx_object_pin_handle(src->obj, src) : ZX_ERR_BAD_HANDLE;
	if (!ret)
		handle->obj = src->obj;	/* the pin is the new handle's share */
	rcu_read_unlock();
	if (ret)
		goto unreserve;

	if (put_user(zx_table_value(table, index), uout)) {
		ret = -EFAULT;
		goto unmint;
	}
	/* @src is compared, not used: it may have been closed meanwhile. */
	if (replace && !zx_table_remove_exact(table, value, src)) {
		ret = ZX_ERR_BAD_HANDLE;
		goto unmint;
	}
	zx_table_publish(table, index, handle);
	if (replace)
		zx_handle_destroy(src);	/* ours now: it left the table */
	return 0;

unmint:
	zx_table_unreserve(table, index);
	zx_handle_destroy(handle);
	return ret;
unreserve:
	zx_table_unreserve(table, index);
free_handle:
	kfree(handle);
	return ret;
}

/*
 * Zircon's handle_dup_replace(): duplicate needs ZX_RIGHT_DUPLICATE and
 * never touches the source; replace needs no rights and closes the source
 * even when @rights are invalid.
 */
static long zx_handle_dup_replace(struct zx_table *table, void __user *uarg,
				  bool replace)
{
	struct zircon_handle_dup __user *up = uarg;
	struct zircon_handle_dup args;
	struct zx_handle *src;
	zx_rights_t rights;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;

	rcu_read_lock();
	src = zx_table_lookup(table, args.handle);
	ret = zx_handle_check(src, ZX_OBJ_TYPE_NONE,
			      replace ? 0 : ZX_RIGHT_DUPLICATE);
	if (!ret)
		ret = zx_derive_rights(src->rights, args.rights, &rights);
	rcu_read_unlock();
	if (replace && ret == ZX_ERR_INVALID_ARGS)
		zx_table_close(table, args.handle);
	if (ret)
		return ret;
	return zx_handle_mint(table, args.handle, rights, replace, &up->out);
}

long zx_ioctl_handle_duplicate(struct zx_table *table, void __user *uarg)
{
	return zx_handle_dup_replace(table, uarg, false);
}

long zx_ioctl_handle_replace(struct zx_table *table, void __user *uarg)
{
	return zx_handle_dup_replace(table, uarg, true);
}
