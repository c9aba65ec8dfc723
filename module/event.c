// SPDX-License-Identifier: GPL-2.0
/*
 * Events and eventpairs: objects with no state but their signals.
 *
 * An event is a solo object; an eventpair is two peered objects sharing
 * one lock. Users may set and clear the user signals and SIGNALED; the
 * survivor of an eventpair gets PEER_CLOSED when the other side's last
 * handle closes.
 */

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"

#define ZX_EVENT_USER_SIGNALS	(ZX_USER_SIGNAL_ALL | ZX_EVENT_SIGNALED)

struct zx_event {
	struct zx_object base;
};

static void zx_event_release(struct zx_object *obj)
{
	kfree_rcu(container_of(obj, struct zx_event, base), base.rcu);
}

static const struct zx_object_ops zx_event_ops = {
	.type = ZX_OBJ_TYPE_EVENT,
	.default_rights = ZX_DEFAULT_EVENT_RIGHTS,
	.user_signals = ZX_EVENT_USER_SIGNALS,
	.waitable = true,
	.release = zx_event_release,
};

static void zx_eventpair_peer_closed_locked(struct zx_object *obj)
{
	zx_object_update_state_locked(obj, 0, ZX_EVENTPAIR_PEER_CLOSED);
}

static const struct zx_object_ops zx_eventpair_ops = {
	.type = ZX_OBJ_TYPE_EVENTPAIR,
	.default_rights = ZX_DEFAULT_EVENTPAIR_RIGHTS,
	.user_signals = ZX_EVENT_USER_SIGNALS,	/* not PEER_CLOSED */
	.peered = true,
	.waitable = true,
	.on_zero_handles = zx_object_peer_zero_handles,
	.on_peer_closed_locked = zx_eventpair_peer_closed_locked,
	.release = zx_event_release,
};

static struct zx_event *zx_event_alloc(const struct zx_object_ops *ops)
{
	struct zx_event *ev = kmalloc(sizeof(*ev), ZX_GFP);

	if (ev)
		zx_object_init(&ev->base, ops);
	return ev;
}

long zx_ioctl_event_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_event_create __user *up = uarg;
	struct zircon_event_create args;
	struct zx_object *obj;
	struct zx_event *ev;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;
	ev = zx_event_alloc(&zx_event_ops);
	if (!ev)
		return ZX_ERR_NO_MEMORY;
	obj = &ev->base;
	return zx_table_publish_new(table, &obj, &args.out, 1, &up->out);
}

long zx_ioctl_eventpair_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_eventpair_create __user *up = uarg;
	struct zircon_eventpair_create args;
	struct zx_object *objs[2];
	struct zx_event *ev[2];
	u32 values[2];

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.options)
		return ZX_ERR_NOT_SUPPORTED;

	ev[0] = zx_event_alloc(&zx_eventpair_ops);
	ev[1] = zx_event_alloc(&zx_eventpair_ops);
	if (!ev[0] || !ev[1] || zx_object_pair(&ev[0]->base, &ev[1]->base)) {
		kfree(ev[0]);
		kfree(ev[1]);
		return ZX_ERR_NO_MEMORY;
	}
	objs[0] = &ev[0]->base;
	objs[1] = &ev[1]->base;
	return zx_table_publish_new(table, objs, values, 2, &up->out0);
}
