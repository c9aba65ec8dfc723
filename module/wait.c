// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous waits: zx_object_wait_one() and zx_object_wait_many().
 *
 * A wait queues one observer per item (level-triggered: it fires at once
 * if a watched signal is already active), sleeps until one of them fires,
 * the absolute CLOCK_MONOTONIC deadline passes or a Linux signal arrives,
 * then takes every observer that has not fired back off its object. Each
 * item reports the signals it saw when it fired, or the object's signals
 * at removal; a fire caused by closing the handle the wait was made
 * through carries ZX_SIGNAL_HANDLE_CLOSED and makes the call fail with
 * ZX_ERR_CANCELED.
 *
 * A Linux signal ends the call with -ERESTARTSYS and no output; because
 * the deadline is absolute, the restarted call (by the kernel, or by the
 * library on EINTR) waits for exactly the same time.
 */

#include <linux/hrtimer.h>
#include <linux/wait.h>
#include <linux/nsproxy.h>
#include <linux/overflow.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/time_namespace.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"
#include "trace.h"
#include "wait.h"

/* One blocked caller, shared by all of its items. */
struct zx_waiter {
	struct task_struct *task;
	int done;			/* set (release) by the first fire */
};

struct zx_wait_entry {
	struct zx_observer obs;
	struct zx_waiter *waiter;
	struct zx_object *obj;		/* pinned while the observer is queued */
	zx_signals_t signals;		/* snapshot; written under obj->lock */
	bool fired;			/* written under obj->lock */
};

/* Small waits keep their entries on the stack. */
#define ZX_WAIT_ON_STACK	4

static void zx_wait_fire(struct zx_observer *obs, zx_signals_t signals)
{
	struct zx_wait_entry *e = container_of(obs, struct zx_wait_entry, obs);

	e->signals = signals;
	e->fired = true;
	/* Pairs with the acquire in zx_waiter_done(): done implies fired. */
	smp_store_release(&e->waiter->done, 1);
	wake_up_process(e->waiter->task);
}

/*
 * The caller's time namespace offset of CLOCK_MONOTONIC (or, with
 * @boottime, CLOCK_BOOTTIME): what userspace clocks read minus host time.
 */
s64 zx_clock_offset(bool boottime)
{
#ifdef CONFIG_TIME_NS
	struct timens_offsets *offsets = &current->nsproxy->time_ns->offsets;

	return timespec64_to_ns(boottime ? &offsets->boottime
					 : &offsets->monotonic);
#else
	return 0;
#endif
}

/*
 * Convert a Zircon deadline (CLOCK_MONOTONIC of the caller's time
 * namespace) to host monotonic time. Returns false for ZX_TIME_INFINITE.
 */
bool zx_deadline_to_ktime(s64 deadline, ktime_t *out)
{
	s64 offset = zx_clock_offset(false);

	if (deadline == ZX_TIME_INFINITE)
		return false;
	if (check_sub_overflow(deadline, offset, &deadline))
		deadline = offset > 0 ? S64_MIN : S64_MAX;
	*out = deadline;
	return true;
}

/*
 * Sleep until @done(@arg), a Linux signal or the absolute @deadline.
 * Whoever makes @done true wakes the task: directly, or through @wq (as an
 * exclusive waiter) if one is given. A condition that is already true wins
 * over a past deadline. Returns 0, ZX_ERR_TIMED_OUT or -ERESTARTSYS.
 */
int zx_sleep_until(bool (*done)(void *arg), void *arg,
		   struct wait_queue_head *wq, s64 deadline)
{
	DEFINE_WAIT(wait);
	ktime_t expires;
	ktime_t *timeout = NULL;
	int ret = 0;

	if (zx_deadline_to_ktime(deadline, &expires))
		timeout = &expires;

	for (;;) {
		if (wq)
			prepare_to_wait_exclusive(wq, &wait, TASK_INTERRUPTIBLE);
		else
			set_current_state(TASK_INTERRUPTIBLE);
		if (done(arg))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (timeout && ktime_compare(*timeout, ktime_get()) <= 0) {
			ret = ZX_ERR_TIMED_OUT;
			break;
		}
		schedule_hrtimeout_range_clock(timeout, current->timer_slack_ns,
					       HRTIMER_MODE_ABS, CLOCK_MONOTONIC);
	}
	if (wq)
		finish_wait(wq, &wait);
	else
		__set_current_state(TASK_RUNNING);
	return ret;
}

static bool zx_waiter_done(void *arg)
{
	struct zx_waiter *waiter = arg;

	/* Pairs with the release in zx_wait_fire(). */
	return smp_load_acquire(&waiter->done);
}

static int zx_wait_sleep(struct zx_waiter *waiter, s64 deadline)
{
	return zx_sleep_until(zx_waiter_done, waiter, NULL, deadline);
}

static zx_signals_t zx_wait_end(struct zx_wait_entry *e);

struct zx_poll_waiter {
	struct zx_waiter *waiter;
	struct poll_wqueues pwq;
};

/* Done, or one of the polled files woke us up. */
static bool zx_poll_waiter_done(void *arg)
{
	struct zx_poll_waiter *pw = arg;

	/* Pairs with the barrier in pollwake(). */
	return zx_waiter_done(pw->waiter) || smp_load_acquire(&pw->pwq.triggered);
}

/*
 * A wait on objects that mirror Linux files (ops->refresh) also queues
 * the waiter on the files themselves, like poll(2), and re-polls them in
 * its own context whenever one wakes it up: readiness that depends on
 * the poller (a signalfd and the waiting thread's signals) is then seen
 * as poll would see it, and nothing waits for the wrappers' worker.
 */
static int zx_wait_sleep_polling(struct zx_waiter *waiter,
				 struct zx_wait_entry *entries, size_t n,
				 s64 deadline)
{
	struct zx_poll_waiter *pw;
	poll_table *pt;
	size_t i;
	int ret;

	pw = kmalloc(sizeof(*pw), ZX_GFP);
	if (!pw)	/* the wrappers' worker still keeps the signals current */
		return zx_wait_sleep(waiter, deadline);
	pw->waiter = waiter;
	poll_initwait(&pw->pwq);
	pt = &pw->pwq.pt;
	for (;;) {
		for (i = 0; i < n; i++)
			if (entries[i].obj->ops->refresh)
				entries[i].obj->ops->refresh(entries[i].obj, pt,
							      false);
		pt->_qproc = NULL;	/* queued once is enough */
		ret = zx_sleep_until(zx_poll_waiter_done, pw, NULL, deadline);
		if (ret || zx_waiter_done(waiter))
			break;
		/* Reset before re-polling, as poll_schedule_timeout() does. */
		smp_store_mb(pw->pwq.triggered, 0);
	}
	poll_freewait(&pw->pwq);
	kfree(pw);
	return ret;
}

static bool zx_wait_polls(struct zx_wait_entry *entries, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (entries[i].obj->ops->refresh)
			return true;
	return false;
}

/*
 * Look up every item, in order, and stop at the first one that fails
 * (Zircon's error order: the handle checks, then whether the object can
 * be waited on). Then, if some item is already satisfied, report every
 * item's signals and return 1 without queueing anything: a wait that need
 * not sleep takes no lock and no reference. Otherwise queue one observer
 * per item and return 0. Caller holds rcu_read_lock(), which keeps the
 * handles and objects found here alive.
 */
static int zx_wait_prepare(struct zx_table *table, struct zx_wait_entry *entries,
			   struct zircon_wait_item *items, size_t n,
			   struct zx_waiter *waiter)
{
	bool satisfied = false;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		struct zx_handle *handle = zx_table_lookup(table, items[i].handle);

		ret = zx_handle_check(handle, ZX_OBJ_TYPE_NONE, ZX_RIGHT_WAIT);
		if (ret)
			return ret;
		if (!handle->obj->ops->waitable)
			return ZX_ERR_NOT_SUPPORTED;
		entries[i].obs.handle = handle;	/* for add_observer below */
		entries[i].obj = handle->obj;
		if (atomic_read(&handle->obj->signals) & items[i].waitfor)
			satisfied = true;
	}
	if (satisfied) {
		for (i = 0; i < n; i++)
			items[i].pending = atomic_read(&entries[i].obj->signals);
		return 1;
	}

	for (i = 0; i < n; i++) {
		struct zx_wait_entry *e = &entries[i];

		e->waiter = waiter;
		e->fired = false;
		e->obs.fire = zx_wait_fire;
		ret = zx_object_add_observer(e->obj, &e->obs, e->obs.handle,
					     items[i].waitfor, false);
		if (ret) {
			/* Closed since the lookup: undo the items queued. */
			while (i--)
				zx_wait_end(&entries[i]);
			return ret;
		}
	}
	return 0;
}

/* Dequeue @e if it has not fired; returns what the item observed. */
static zx_signals_t zx_wait_end(struct zx_wait_entry *e)
{
	zx_signals_t now;

	if (!zx_object_remove_observer(e->obj, &e->obs, &now))
		now = e->signals;	/* fired: the snapshot, read after the lock */
	zx_object_put(e->obj);
	return now;
}

static int zx_wait_result(int sleep_ret, zx_signals_t all_observed)
{
	if (all_observed & ZX_SIGNAL_HANDLE_CLOSED)
		return ZX_ERR_CANCELED;
	return sleep_ret;
}

long zx_ioctl_object_wait_one(struct zx_table *table, void __user *uarg)
{
	struct zircon_object_wait_one __user *up = uarg;
	struct zircon_object_wait_one args;
	struct zx_waiter waiter = { .task = current };
	struct zircon_wait_item item;
	struct zx_wait_entry e;
	zx_signals_t observed;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;

	item = (struct zircon_wait_item) {
		.handle = args.handle,
		.waitfor = args.signals,
	};
	zx_table_refresh(table, args.handle);
	rcu_read_lock();
	ret = zx_wait_prepare(table, &e, &item, 1, &waiter);
	if (ret >= 0)
		trace_zircon_wait_begin(e.obj, 1, item.waitfor, args.deadline);
	if (ret == 1)
		trace_zircon_wait_end(1, item.pending, 0);
	rcu_read_unlock();
	if (ret == 1)
		return put_user(item.pending, &up->observed) ? -EFAULT : 0;
	if (ret)
		return ret;

	if (unlikely(zx_wait_polls(&e, 1)) && !zx_waiter_done(&waiter))
		ret = zx_wait_sleep_polling(&waiter, &e, 1, args.deadline);
	else
		ret = zx_wait_sleep(&waiter, args.deadline);
	observed = zx_wait_end(&e);
	if (ret == -ERESTARTSYS && !e.fired) {
		trace_zircon_wait_end(1, observed, ret);
		return ret;
	}
	if (e.fired)
		ret = 0;

	ret = zx_wait_result(ret, observed);
	trace_zircon_wait_end(1, observed, ret);
	if (put_user(observed, &up->observed))
		return -EFAULT;
	return ret;
}

/* count == 0: Zircon sleeps until the deadline and times out. */
static int zx_wait_nothing(s64 deadline)
{
	struct zx_waiter waiter = { .task = current };

	return zx_wait_sleep(&waiter, deadline);
}

long zx_ioctl_object_wait_many(struct zx_table *table, void __user *uarg)
{
	struct zircon_wait_item items[ZIRCON_WAIT_MANY_MAX_ITEMS];
	struct zx_wait_entry stack_entries[ZX_WAIT_ON_STACK];
	struct zx_wait_entry *entries = stack_entries;
	struct zx_waiter waiter = { .task = current };
	struct zircon_object_wait_many args;
	void __user *uitems;
	zx_signals_t all = 0;
	bool fired = false;
	size_t n, i;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	/* Zircon's order: empty wait, then count, then the items. */
	if (args.count == 0)
		return zx_wait_nothing(args.deadline);
	if (args.count > ZIRCON_WAIT_MANY_MAX_ITEMS)
		return ZX_ERR_OUT_OF_RANGE;
	n = args.count;
	uitems = u64_to_user_ptr(args.items);
	if (copy_from_user(items, uitems, n * sizeof(*items)))
		return -EFAULT;
	if (n > ZX_WAIT_ON_STACK) {
		entries = kmalloc_array(n, sizeof(*entries), ZX_GFP);
		if (!entries)
			return ZX_ERR_NO_MEMORY;
	}

	for (i = 0; i < n; i++)
		zx_table_refresh(table, items[i].handle);
	rcu_read_lock();
	ret = zx_wait_prepare(table, entries, items, n, &waiter);
	if (ret >= 0)
		trace_zircon_wait_begin(entries[0].obj, n, items[0].waitfor,
					args.deadline);
	if (ret == 1)
		trace_zircon_wait_end(n, items[0].pending, 0);
	rcu_read_unlock();
	if (ret == 1) {
		ret = copy_to_user(uitems, items, n * sizeof(*items)) ? -EFAULT : 0;
		goto out_free;
	}
	if (ret)
		goto out_free;

	if (unlikely(zx_wait_polls(entries, n)) && !zx_waiter_done(&waiter))
		ret = zx_wait_sleep_polling(&waiter, entries, n, args.deadline);
	else
		ret = zx_wait_sleep(&waiter, args.deadline);
	for (i = 0; i < n; i++) {
		items[i].pending = zx_wait_end(&entries[i]);
		all |= items[i].pending;
		fired |= entries[i].fired;
	}
	if (ret == -ERESTARTSYS && !fired) {
		trace_zircon_wait_end(n, items[0].pending, ret);
		goto out_free;
	}
	if (fired)
		ret = 0;

	ret = zx_wait_result(ret, all);
	trace_zircon_wait_end(n, items[0].pending, ret);
	if (copy_to_user(uitems, items, n * sizeof(*items)))
		ret = -EFAULT;
out_free:
	if (entries != stack_entries)
		kfree(entries);
	return ret;
}
