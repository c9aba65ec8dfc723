// SPDX-License-Identifier: GPL-2.0
/*
 * Timers: ZX_TIMER_SIGNALED asserted when a deadline passes.
 *
 * Each timer object owns a soft hrtimer (HRTIMER_MODE_ABS_SOFT): it
 * expires in softirq context and raises the signal there, under the
 * object lock, which is why object locks are taken with bottom halves
 * disabled everywhere. Setting or cancelling never waits for a running
 * expiry (that would deadlock on the object lock); instead the expiry
 * checks, under the lock, that the timer is still armed and that the
 * armed window has begun, so a stale expiry of an earlier setting can
 * never signal early. The last handle's close cancels the hrtimer and
 * waits for it, so a released timer is never running.
 */

#include <linux/hrtimer.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"
#include "wait.h"

struct zx_timer {
	struct zx_object base;
	struct hrtimer hrtimer;
	ktime_t earliest;		/* under base.lock: window start */
	bool armed;			/* under base.lock */
	u32 slack_mode;			/* immutable: ZX_TIMER_SLACK_* */
};

static struct zx_timer *to_timer(struct zx_object *obj)
{
	return container_of(obj, struct zx_timer, base);
}

static enum hrtimer_restart zx_timer_expired(struct hrtimer *hrtimer)
{
	struct zx_timer *timer = container_of(hrtimer, struct zx_timer, hrtimer);

	zx_object_lock(&timer->base);
	if (timer->armed && ktime_compare(ktime_get(), timer->earliest) >= 0) {
		timer->armed = false;
		zx_object_update_state_locked(&timer->base, 0, ZX_TIMER_SIGNALED);
	}
	zx_object_unlock(&timer->base);
	return HRTIMER_NORESTART;
}

/* Under the lock: stop a pending expiry and deassert SIGNALED. */
static void zx_timer_cancel_locked(struct zx_timer *timer)
{
	lockdep_assert_held(timer->base.lock);
	timer->armed = false;
	hrtimer_try_to_cancel(&timer->hrtimer);
	zx_object_update_state_locked(&timer->base, ZX_TIMER_SIGNALED, 0);
}

static void zx_timer_on_zero_handles(struct zx_object *obj)
{
	struct zx_timer *timer = to_timer(obj);

	zx_object_lock(obj);
	timer->armed = false;
	zx_object_unlock(obj);
	hrtimer_cancel(&timer->hrtimer);
}

static void zx_timer_release(struct zx_object *obj)
{
	kfree_rcu(to_timer(obj), base.rcu);
}

static const struct zx_object_ops zx_timer_ops = {
	.type = ZX_OBJ_TYPE_TIMER,
	.default_rights = ZX_DEFAULT_TIMER_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.waitable = true,
	.on_zero_handles = zx_timer_on_zero_handles,
	.release = zx_timer_release,
};

long zx_ioctl_timer_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_timer_create __user *up = uarg;
	struct zircon_timer_create args;
	struct zx_timer *timer;
	struct zx_object *obj;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.options > ZX_TIMER_SLACK_LATE ||
	    args.clock_id != ZX_CLOCK_MONOTONIC)
		return ZX_ERR_INVALID_ARGS;
	timer = kzalloc(sizeof(*timer), ZX_GFP);
	if (!timer)
		return ZX_ERR_NO_MEMORY;
	zx_object_init(&timer->base, &zx_timer_ops);
	hrtimer_init(&timer->hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	timer->hrtimer.function = zx_timer_expired;
	timer->slack_mode = args.options;
	obj = &timer->base;
	return zx_table_publish_new(table, &obj, &args.out, 1, &up->out);
}

/* Arm @timer for @deadline with @slack, as its slack mode says. */
static void zx_timer_arm_locked(struct zx_timer *timer, ktime_t deadline,
				s64 slack)
{
	ktime_t start = deadline;
	u64 range = slack;

	lockdep_assert_held(timer->base.lock);
	switch (timer->slack_mode) {
	case ZX_TIMER_SLACK_CENTER:	/* [deadline - slack, deadline + slack] */
		start = ktime_sub_ns(deadline, slack);	/* deadline > 0 */
		/* hrtimers take the range as a ktime: keep it positive */
		range = min_t(u64, (u64)slack * 2, KTIME_MAX);
		break;
	case ZX_TIMER_SLACK_EARLY:	/* [deadline - slack, deadline] */
		start = ktime_sub_ns(deadline, slack);	/* deadline > 0 */
		break;
	default:			/* [deadline, deadline + slack] */
		break;
	}
	timer->earliest = start;
	timer->armed = true;
	hrtimer_start_range_ns(&timer->hrtimer, start, range,
			       HRTIMER_MODE_ABS_SOFT);
}

/*
 * zx_timer_set() (@set) or zx_timer_cancel() (@set NULL) on the timer
 * behind @value, which needs ZX_RIGHT_WRITE. Both cancel first. A handle
 * closed since the lookup is refused under the lock, so nothing arms a
 * timer whose last close has already cancelled it.
 */
static int zx_timer_reset(struct zx_table *table, zx_handle_t value,
			  const struct zircon_timer_set *set)
{
	struct zx_handle *handle;
	struct zx_timer *timer;
	ktime_t deadline = 0;
	bool timed = false;
	int ret;

	if (set)
		timed = zx_deadline_to_ktime(set->deadline, &deadline);
	rcu_read_lock();
	handle = zx_table_lookup(table, value);
	ret = zx_handle_check(handle, ZX_OBJ_TYPE_TIMER, ZX_RIGHT_WRITE);
	if (ret)
		goto out;
	timer = to_timer(handle->obj);
	zx_object_lock(&timer->base);
	if (handle->closed) {
		ret = ZX_ERR_BAD_HANDLE;
	} else {
		zx_timer_cancel_locked(timer);
		if (set && (set->deadline == 0 ||
			    (timed && ktime_compare(deadline, ktime_get()) <= 0)))
			zx_object_update_state_locked(&timer->base, 0,
						      ZX_TIMER_SIGNALED);
		else if (set && timed)
			zx_timer_arm_locked(timer, deadline, set->slack);
	}
	zx_object_unlock(&timer->base);
out:
	rcu_read_unlock();
	return ret;
}

long zx_ioctl_timer_set(struct zx_table *table, void __user *uarg)
{
	struct zircon_timer_set args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.slack < 0)
		return ZX_ERR_OUT_OF_RANGE;
	return zx_timer_reset(table, args.handle, &args);
}

long zx_ioctl_timer_cancel(struct zx_table *table, void __user *uarg)
{
	struct zircon_handle_close args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	return zx_timer_reset(table, args.handle, NULL);
}
