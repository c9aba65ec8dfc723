// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: a signed 64-bit value and two signals that say which side of
 * zero it is on.
 *
 * Lifetime: a counter is a solo object with no state outside itself; it
 * lives exactly as long as its kref (handles and queued observers) and is
 * freed after an RCU grace period like every object.
 *
 * Locking: the value changes only under the object lock, together with
 * ZX_COUNTER_POSITIVE / ZX_COUNTER_NON_POSITIVE, so the signals always
 * match the value a reader under the lock sees; exactly one of them is
 * set at any time. Users may only touch the user signals.
 */

#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"

struct zx_counter {
	struct zx_object base;
	s64 value;			/* under base.lock */
};

static struct zx_counter *to_counter(struct zx_object *obj)
{
	return container_of(obj, struct zx_counter, base);
}

static void zx_counter_release(struct zx_object *obj)
{
	kfree_rcu(to_counter(obj), base.rcu);
}

static const struct zx_object_ops zx_counter_ops = {
	.type = ZX_OBJ_TYPE_COUNTER,
	.default_rights = ZX_DEFAULT_COUNTER_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.waitable = true,
	.release = zx_counter_release,
};

/* Store @value and make the signals say which side of zero it is on. */
static void zx_counter_set_locked(struct zx_counter *c, s64 value)
{
	lockdep_assert_held(c->base.lock);
	c->value = value;
	if (value > 0)
		zx_object_update_state_locked(&c->base, ZX_COUNTER_NON_POSITIVE,
					      ZX_COUNTER_POSITIVE);
	else
		zx_object_update_state_locked(&c->base, ZX_COUNTER_POSITIVE,
					      ZX_COUNTER_NON_POSITIVE);
}

long zx_ioctl_counter_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_event_create __user *up = uarg;
	struct zircon_event_create args;
	struct zx_counter *c;
	struct zx_object *obj;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;
	c = kmalloc(sizeof(*c), ZX_GFP);
	if (!c)
		return ZX_ERR_NO_MEMORY;
	zx_object_init(&c->base, &zx_counter_ops);
	c->value = 0;
	/* Not published yet: nobody can be watching the signals. */
	atomic_set(&c->base.signals, ZX_COUNTER_NON_POSITIVE);
	obj = &c->base;
	return zx_table_publish_new(table, &obj, &args.out, 1, &up->out);
}

enum zx_counter_op { ZX_COUNTER_ADD, ZX_COUNTER_WRITE, ZX_COUNTER_READ };

/*
 * One operation on the counter behind @value, with Zircon's rights:
 * READ|WRITE to add, WRITE to write, READ to read (into *@v). An add that
 * would overflow leaves the value alone and gives OUT_OF_RANGE.
 */
static int zx_counter_do(struct zx_table *table, zx_handle_t value,
			 enum zx_counter_op op, s64 *v)
{
	static const zx_rights_t rights[] = {
		[ZX_COUNTER_ADD] = ZX_RIGHTS_IO,
		[ZX_COUNTER_WRITE] = ZX_RIGHT_WRITE,
		[ZX_COUNTER_READ] = ZX_RIGHT_READ,
	};
	struct zx_handle *handle;
	struct zx_counter *c;
	s64 sum;
	int ret;

	rcu_read_lock();
	handle = zx_table_lookup(table, value);
	ret = zx_handle_check(handle, ZX_OBJ_TYPE_COUNTER, rights[op]);
	if (ret)
		goto out;
	c = to_counter(handle->obj);
	zx_object_lock(&c->base);
	if (op == ZX_COUNTER_READ)
		*v = c->value;
	else if (op == ZX_COUNTER_WRITE)
		zx_counter_set_locked(c, *v);
	else if (check_add_overflow(c->value, *v, &sum))
		ret = ZX_ERR_OUT_OF_RANGE;
	else
		zx_counter_set_locked(c, sum);
	zx_object_unlock(&c->base);
out:
	rcu_read_unlock();
	return ret;
}

static long zx_counter_update_ioctl(struct zx_table *table, void __user *uarg,
				    enum zx_counter_op op)
{
	struct zircon_counter_update args;
	s64 v;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	v = args.value;
	return zx_counter_do(table, args.handle, op, &v);
}

long zx_ioctl_counter_add(struct zx_table *table, void __user *uarg)
{
	return zx_counter_update_ioctl(table, uarg, ZX_COUNTER_ADD);
}

long zx_ioctl_counter_write(struct zx_table *table, void __user *uarg)
{
	return zx_counter_update_ioctl(table, uarg, ZX_COUNTER_WRITE);
}

/* As Zircon: the value is copied out last; a bad pointer is INVALID_ARGS. */
long zx_ioctl_counter_read(struct zx_table *table, void __user *uarg)
{
	struct zircon_counter_read args;
	s64 v = 0;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	ret = zx_counter_do(table, args.handle, ZX_COUNTER_READ, &v);
	if (!ret && put_user(v, (s64 __user *)u64_to_user_ptr(args.value)))
		return -EFAULT;
	return ret;
}
