// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel clock objects: an affine transformation of a reference clock.
 *
 * A clock's value at reference time r is
 *	synthetic_offset + (r - reference_offset) * synthetic / reference
 * where the reference is CLOCK_MONOTONIC (or CLOCK_BOOTTIME with
 * ZX_CLOCK_OPT_BOOT). reference_offset is kept in host time; calls convert
 * to and from the caller's time namespace with zx_clock_offset(), so a
 * clock reads the same for every process and agrees with the caller's
 * zx_clock_get_monotonic(). A stopped clock has the rate 0/1 and reads its
 * backstop; the first update that sets a value starts it (ZX_CLOCK_STARTED,
 * sticky). One tick is one nanosecond, so both transformations in the
 * details are the same.
 *
 * Lifetime: a clock is a solo object with nothing outside itself; the
 * common rule alone decides when it goes.
 *
 * Locking: updates change the transformation under the object lock, inside
 * a write section of @seq (whose writers are serialised by that lock), and
 * sample the reference inside it; zx_clock_read() samples the reference
 * inside a read section of @seq, retries, and takes no lock.
 */

#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"
#include "wait.h"

#define ZX_CLOCK_RATE_PPM	1000000u

struct zx_clock_xform {
	s64 reference_offset;		/* host reference time */
	s64 synthetic_offset;
	u32 synthetic_ticks;
	u32 reference_ticks;
};

struct zx_clock {
	struct zx_object base;
	seqcount_spinlock_t seq;	/* readers of xform; written under base.lock */
	struct zx_clock_xform xform;	/* under base.lock and seq */
	u64 options;			/* immutable: ZX_CLOCK_OPT_* */
	s64 backstop;			/* immutable */
	/* The rest under base.lock. */
	bool started;
	s32 rate_adjust;		/* ppm, the rate once started */
	u64 error_bound;
	s64 last_value_update;		/* host reference time, 0: never */
	s64 last_rate_adjust_update;
	s64 last_error_bounds_update;
	u32 generation;
};

static struct zx_clock *to_clock(struct zx_object *obj)
{
	return container_of(obj, struct zx_clock, base);
}

static void zx_clock_release(struct zx_object *obj)
{
	kfree_rcu(to_clock(obj), base.rcu);
}

static const struct zx_object_ops zx_clock_ops = {
	.type = ZX_OBJ_TYPE_CLOCK,
	.default_rights = ZX_DEFAULT_CLOCK_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.waitable = true,
	.release = zx_clock_release,
};

/* Host reference time now. */
static s64 zx_clock_ref_now(u64 options)
{
	return options & ZX_CLOCK_OPT_BOOT ? ktime_get_boottime_ns() :
					     ktime_get_ns();
}

/* The caller's view of host reference time @ref, saturating. */
static s64 zx_clock_to_user(u64 options, s64 ref)
{
	s64 out;

	if (check_add_overflow(ref, zx_clock_offset(options & ZX_CLOCK_OPT_BOOT),
			       &out))
		out = ref > 0 ? S64_MAX : S64_MIN;
	return out;
}

static s64 zx_clock_to_host(u64 options, s64 ref)
{
	s64 out;

	if (check_sub_overflow(ref, zx_clock_offset(options & ZX_CLOCK_OPT_BOOT),
			       &out))
		out = ref > 0 ? S64_MAX : S64_MIN;
	return out;
}

/* The transformation at host reference time @ref, saturating. */
static s64 zx_clock_apply(const struct zx_clock_xform *x, s64 ref)
{
	u64 delta, scaled;
	bool neg = ref < x->reference_offset;
	s64 out;

	delta = neg ? (u64)x->reference_offset - (u64)ref :
		      (u64)ref - (u64)x->reference_offset;
	scaled = mul_u64_u64_div_u64(delta, x->synthetic_ticks,
				     x->reference_ticks);
	if (scaled > S64_MAX)
		return neg ? S64_MIN : S64_MAX;
	if (neg ? check_sub_overflow(x->synthetic_offset, (s64)scaled, &out) :
		  check_add_overflow(x->synthetic_offset, (s64)scaled, &out))
		return neg ? S64_MIN : S64_MAX;
	return out;
}

long zx_ioctl_clock_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_clock_create __user *up = uarg;
	struct zircon_clock_create args;
	u64 version, opts;
	s64 backstop = 0, now;
	struct zx_clock *clock;
	struct zx_object *obj;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	/* Zircon's order: the version and its arguments, then the options. */
	version = args.options >> ZX_CLOCK_ARGS_VERSION_SHIFT;
	opts = args.options & ~ZX_CLOCK_ARGS_VERSION_MASK;
	if (version == 0 && args.args)
		return ZX_ERR_INVALID_ARGS;
	if (version == 1 &&
	    get_user(backstop, (s64 __user *)u64_to_user_ptr(args.args)))
		return -EFAULT;
	if (version > 1)
		return ZX_ERR_INVALID_ARGS;
	if (opts & ~ZX_CLOCK_OPTS_ALL)
		return ZX_ERR_INVALID_ARGS;
	if ((opts & ZX_CLOCK_OPT_CONTINUOUS) && !(opts & ZX_CLOCK_OPT_MONOTONIC))
		return ZX_ERR_INVALID_ARGS;
	now = zx_clock_ref_now(opts);
	if (backstop < 0 || ((opts & ZX_CLOCK_OPT_AUTO_START) &&
			     backstop > zx_clock_to_user(opts, now)))
		return ZX_ERR_INVALID_ARGS;
	/* No clock mappings here (no VMARs). */
	if (opts & ZX_CLOCK_OPT_MAPPABLE)
		return ZX_ERR_NOT_SUPPORTED;

	clock = kzalloc(sizeof(*clock), ZX_GFP);
	if (!clock)
		return ZX_ERR_NO_MEMORY;
	zx_object_init(&clock->base, &zx_clock_ops);
	seqcount_spinlock_init(&clock->seq, &clock->base.own_lock);
	clock->options = opts;
	clock->backstop = backstop;
	clock->error_bound = ZX_CLOCK_UNKNOWN_ERROR;
	if (opts & ZX_CLOCK_OPT_AUTO_START) {
		/* An identity copy of the reference, already started. */
		clock->xform = (struct zx_clock_xform) {
			.reference_offset = now,
			.synthetic_offset = zx_clock_to_user(opts, now),
			.synthetic_ticks = 1,
			.reference_ticks = 1,
		};
		clock->started = true;
		clock->last_value_update = now;
		clock->last_rate_adjust_update = now;
		/* Not published yet: nobody can be watching the signals. */
		atomic_set(&clock->base.signals, ZX_CLOCK_STARTED);
	} else {
		clock->xform = (struct zx_clock_xform) {
			.synthetic_offset = backstop,
			.synthetic_ticks = 0,
			.reference_ticks = 1,
		};
	}
	obj = &clock->base;
	return zx_table_publish_new(table, &obj, &args.out, 1, &up->out);
}

/* The clock behind @value with @rights, referenced. */
static int zx_clock_ref(struct zx_table *table, zx_handle_t value,
			zx_rights_t rights, struct zx_clock **out)
{
	struct zx_object *obj;
	int ret = zx_table_get_object(table, value, ZX_OBJ_TYPE_CLOCK, rights,
				      &obj);

	if (!ret)
		*out = to_clock(obj);
	return ret;
}

/* The clock's value now, without the lock (see zx_clock_update_locked()). */
static s64 zx_clock_value_now(struct zx_clock *clock)
{
	struct zx_clock_xform x;
	unsigned int seq;
	s64 ref;

	do {
		seq = read_seqcount_begin(&clock->seq);
		x = clock->xform;
		ref = zx_clock_ref_now(clock->options);
	} while (read_seqcount_retry(&clock->seq, seq));
	return zx_clock_apply(&x, ref);
}

long zx_ioctl_clock_read(struct zx_table *table, void __user *uarg)
{
	struct zircon_clock_read args;
	struct zx_clock *clock;
	s64 now;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	ret = zx_clock_ref(table, args.handle, ZX_RIGHT_READ, &clock);
	if (ret)
		return ret;
	now = zx_clock_value_now(clock);
	zx_object_put(&clock->base);
	if (put_user(now, (s64 __user *)u64_to_user_ptr(args.now)))
		return -EFAULT;
	return 0;
}

long zx_ioctl_clock_get_details(struct zx_table *table, void __user *uarg)
{
	struct zircon_clock_get_details args;
	struct zircon_clock_details_v1 d = { 0 };
	struct zx_clock *clock;
	u64 opts;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.options != ZX_CLOCK_ARGS_VERSION(1) || !args.details)
		return ZX_ERR_INVALID_ARGS;
	ret = zx_clock_ref(table, args.handle, ZX_RIGHT_READ, &clock);
	if (ret)
		return ret;
	opts = clock->options;
	zx_object_lock(&clock->base);
	d.options = opts;
	d.backstop_time = clock->backstop;
	d.reference_to_synthetic.reference_offset =
		zx_clock_to_user(opts, clock->xform.reference_offset);
	d.reference_to_synthetic.synthetic_offset =
		clock->xform.synthetic_offset;
	d.reference_to_synthetic.synthetic_ticks = clock->xform.synthetic_ticks;
	d.reference_to_synthetic.reference_ticks = clock->xform.reference_ticks;
	d.error_bound = clock->error_bound;
	d.query_ticks = zx_clock_to_user(opts, zx_clock_ref_now(opts));
	d.last_value_update_ticks = clock->last_value_update ?
		zx_clock_to_user(opts, clock->last_value_update) : 0;
	d.last_rate_adjust_update_ticks = clock->last_rate_adjust_update ?
		zx_clock_to_user(opts, clock->last_rate_adjust_update) : 0;
	d.last_error_bounds_update_ticks = clock->last_error_bounds_update ?
		zx_clock_to_user(opts, clock->last_error_bounds_update) : 0;
	d.generation_counter = clock->generation;
	zx_object_unlock(&clock->base);
	/* One tick is one nanosecond. */
	d.reference_ticks_to_synthetic = d.reference_to_synthetic;
	zx_object_put(&clock->base);
	if (copy_to_user(u64_to_user_ptr(args.details), &d, sizeof(d)))
		return -EFAULT;
	return 0;
}

/* An update's arguments, v1 and v2 alike. */
struct zx_clock_update_req {
	u64 version;
	u64 flags;			/* ZX_CLOCK_UPDATE_OPTION_* */
	s32 rate_adjust;
	s64 value;
	s64 reference;			/* host time, with REFERENCE_VALUE_VALID */
	u64 error_bound;
};

#define ZX_CLOCK_SET	ZX_CLOCK_UPDATE_OPTION_VALUE_VALID
#define ZX_CLOCK_RATE	ZX_CLOCK_UPDATE_OPTION_RATE_ADJUST_VALID
#define ZX_CLOCK_ERROR	ZX_CLOCK_UPDATE_OPTION_ERROR_BOUND_VALID
#define ZX_CLOCK_REF	ZX_CLOCK_UPDATE_OPTION_REFERENCE_VALUE_VALID

/* Steps 3 to 8 of Zircon's zx_clock_update(), under the lock. */
static int zx_clock_update_locked(struct zx_clock *clock,
				  const struct zx_clock_update_req *req)
{
	bool set = req->flags & ZX_CLOCK_SET, rate = req->flags & ZX_CLOCK_RATE;
	bool ref = req->flags & ZX_CLOCK_REF;
	bool mono = clock->options & ZX_CLOCK_OPT_MONOTONIC;
	struct zx_clock_xform x = clock->xform;
	s32 ppm = rate ? req->rate_adjust : clock->rate_adjust;
	s64 now, at;

	lockdep_assert_held(clock->base.lock);
	if (req->version == 1 && ref)
		return ZX_ERR_INVALID_ARGS;
	if (ref && !set && !rate)
		return ZX_ERR_INVALID_ARGS;
	if (!clock->started && !set)
		return ZX_ERR_BAD_STATE;
	if (clock->started && set && (clock->options & ZX_CLOCK_OPT_CONTINUOUS))
		return ZX_ERR_INVALID_ARGS;
	if (req->version == 2 && clock->started && mono &&
	    ((set && !ref) || ((set || ref) && rate)))
		return ZX_ERR_INVALID_ARGS;

	/*
	 * "Now" is sampled inside the write section, as readers sample it
	 * inside their read section: a read that does not retry either
	 * sampled before it (the old line) or after it (the new one), so a
	 * rate change never makes a reader see the clock go back.
	 */
	write_seqcount_begin(&clock->seq);
	now = zx_clock_ref_now(clock->options);
	at = ref ? req->reference : now;
	if (set || rate) {
		/* The new line passes through (at, value), or stays continuous at @at. */
		x.synthetic_offset = set ? req->value : zx_clock_apply(&x, at);
		x.reference_offset = at;
		x.synthetic_ticks = ZX_CLOCK_RATE_PPM + ppm;
		x.reference_ticks = ZX_CLOCK_RATE_PPM;
	}
	if (zx_clock_apply(&x, now) < clock->backstop ||
	    (mono && clock->started &&
	     zx_clock_apply(&x, now) < zx_clock_apply(&clock->xform, now))) {
		write_seqcount_end(&clock->seq);
		return ZX_ERR_INVALID_ARGS;
	}
	clock->xform = x;
	write_seqcount_end(&clock->seq);
	clock->rate_adjust = ppm;
	if (set)
		clock->last_value_update = now;
	if (rate)
		clock->last_rate_adjust_update = now;
	if (req->flags & ZX_CLOCK_ERROR) {
		clock->error_bound = req->error_bound;
		clock->last_error_bounds_update = now;
	}
	clock->generation++;
	/* STARTED is sticky; UPDATED is a strobe: current waiters only. */
	zx_object_update_state_locked(&clock->base, 0,
				      ZX_CLOCK_STARTED | ZX_CLOCK_UPDATED);
	zx_object_update_state_locked(&clock->base, ZX_CLOCK_UPDATED, 0);
	clock->started = true;
	return 0;
}

long zx_ioctl_clock_update(struct zx_table *table, void __user *uarg)
{
	struct zircon_clock_update args;
	struct zircon_clock_update_args_v2 v2 = { 0 };
	struct zx_clock_update_req req;
	struct zx_clock *clock;
	void __user *uargs;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	/* Zircon's order: everything about the arguments before the handle. */
	uargs = u64_to_user_ptr(args.args);
	req.version = args.options >> ZX_CLOCK_ARGS_VERSION_SHIFT;
	req.flags = args.options & ~ZX_CLOCK_ARGS_VERSION_MASK;
	if (!args.args || (req.version != 1 && req.version != 2))
		return ZX_ERR_INVALID_ARGS;
	if (req.version == 1) {
		struct zircon_clock_update_args_v1 v1;

		if (copy_from_user(&v1, uargs, sizeof(v1)))
			return -EFAULT;
		v2.rate_adjust = v1.rate_adjust;
		v2.synthetic_value = v1.value;
		v2.error_bound = v1.error_bound;
	} else if (copy_from_user(&v2, uargs, sizeof(v2))) {
		return -EFAULT;
	}
	if (!req.flags || (req.flags & ~ZX_CLOCK_UPDATE_OPTIONS_ALL))
		return ZX_ERR_INVALID_ARGS;
	if ((req.flags & ZX_CLOCK_RATE) &&
	    (v2.rate_adjust < ZX_CLOCK_UPDATE_MIN_RATE_ADJUST ||
	     v2.rate_adjust > ZX_CLOCK_UPDATE_MAX_RATE_ADJUST))
		return ZX_ERR_INVALID_ARGS;
	req.rate_adjust = v2.rate_adjust;
	req.value = v2.synthetic_value;
	req.error_bound = v2.error_bound;

	ret = zx_clock_ref(table, args.handle, ZX_RIGHT_WRITE, &clock);
	if (ret)
		return ret;
	req.reference = zx_clock_to_host(clock->options, v2.reference_value);
	zx_object_lock(&clock->base);
	ret = zx_clock_update_locked(clock, &req);
	zx_object_unlock(&clock->base);
	zx_object_put(&clock->base);
	return ret;
}
