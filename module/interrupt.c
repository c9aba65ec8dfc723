// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual interrupts: zx_interrupt_create(ZX_INTERRUPT_VIRTUAL) and
 * trigger, wait, ack, destroy, bind and unbind, with Zircon's states:
 *
 *   IDLE --trigger--> TRIGGERED --wait returns--> NEEDACK --wait/ack--> IDLE
 *   IDLE --wait--> WAITING --trigger--> TRIGGERED (the waiter returns)
 *   bound: IDLE/TRIGGERED --trigger or bind--> NEEDACK (packet queued)
 *          NEEDACK --ack--> IDLE, or NEEDACK again with the pending trigger
 *   any --destroy or last close--> DESTROYED
 *
 * There is no resource object here, so src_obj and src_num are ignored
 * (Zircon ignores them for virtual interrupts too); physical interrupts
 * are not supported.
 *
 * Lifetime: a solo object. A bound interrupt holds a reference on its
 * port, dropped on unbind or release; its packet is preallocated in the
 * object and is off every port queue once the last handle has closed
 * (on_zero_handles destroys the interrupt and unqueues the packet), so a
 * port never reaches a freed interrupt.
 *
 * Locking: state, timestamp, port and key under the object lock; the port
 * lock nests inside it (port.h). The one waiter sleeps on @wq and
 * re-checks the state under the lock.
 */

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/zircon.h>

#include "port.h"
#include "syscalls.h"
#include "table.h"
#include "wait.h"

enum zx_irq_state {
	ZX_IRQ_IDLE,
	ZX_IRQ_TRIGGERED,
	ZX_IRQ_NEEDACK,
	ZX_IRQ_WAITING,
	ZX_IRQ_DESTROYED,
};

struct zx_interrupt {
	struct zx_object base;
	enum zx_irq_state state;	/* under base.lock */
	bool pending;			/* under base.lock: a trigger not yet delivered */
	s64 timestamp;			/* under base.lock: the pending trigger's */
	struct zx_object *port;		/* under base.lock; referenced, or NULL */
	struct zx_port_irq_packet packet; /* key under base.lock; node: port.h */
	wait_queue_head_t wq;		/* the thread in zx_interrupt_wait() */
};

static struct zx_interrupt *to_irq(struct zx_object *obj)
{
	return container_of(obj, struct zx_interrupt, base);
}

/*
 * Queue the pending trigger's packet on the bound port: NEEDACK. Refused
 * (false) while the packet is still queued, unread, as in Zircon. A port
 * whose handles are all closed drops it, as if queued where nobody reads.
 */
static bool zx_irq_send_locked(struct zx_interrupt *irq)
{
	lockdep_assert_held(irq->base.lock);
	if (!zx_port_irq_queue(irq->port, &irq->packet, irq->timestamp))
		return false;
	irq->pending = false;
	irq->state = ZX_IRQ_NEEDACK;
	return true;
}

/* Destroy: wake a waiter, take the packet back; whether it was queued. */
static bool zx_irq_destroy_locked(struct zx_interrupt *irq)
{
	bool queued = false;

	lockdep_assert_held(irq->base.lock);
	if (irq->port)
		queued = zx_port_irq_unqueue(irq->port, &irq->packet);
	irq->state = ZX_IRQ_DESTROYED;
	irq->pending = false;
	wake_up(&irq->wq);
	return queued;
}

static void zx_irq_on_zero_handles(struct zx_object *obj)
{
	struct zx_interrupt *irq = to_irq(obj);
	struct zx_object *port;

	zx_object_lock(obj);
	zx_irq_destroy_locked(irq);
	port = irq->port;
	irq->port = NULL;
	zx_object_unlock(obj);
	if (port)
		zx_object_put(port);
}

static void zx_irq_release(struct zx_object *obj)
{
	kfree_rcu(to_irq(obj), base.rcu);
}

static const struct zx_object_ops zx_interrupt_ops = {
	.type = ZX_OBJ_TYPE_INTERRUPT,
	.default_rights = ZX_DEFAULT_INTERRUPT_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.waitable = true,
	.on_zero_handles = zx_irq_on_zero_handles,
	.release = zx_irq_release,
};

long zx_ioctl_interrupt_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_interrupt_create __user *up = uarg;
	struct zircon_interrupt_create args;
	struct zx_interrupt *irq;
	struct zx_object *obj;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	/* Virtual only; src_obj and src_num are ignored, as in Zircon. */
	if (!(args.options & ZX_INTERRUPT_VIRTUAL) ||
	    (args.options & ~(ZX_INTERRUPT_VIRTUAL | ZX_INTERRUPT_TIMESTAMP_MONO)))
		return ZX_ERR_INVALID_ARGS;
	irq = kzalloc(sizeof(*irq), ZX_GFP);
	if (!irq)
		return ZX_ERR_NO_MEMORY;
	zx_object_init(&irq->base, &zx_interrupt_ops);
	init_waitqueue_head(&irq->wq);
	INIT_LIST_HEAD(&irq->packet.node);
	irq->packet.pkt.type = ZX_PKT_TYPE_INTERRUPT;
	irq->state = ZX_IRQ_IDLE;
	/* Not published yet: nobody can be watching the signals. */
	atomic_set(&irq->base.signals, ZX_VIRTUAL_INTERRUPT_UNTRIGGERED);
	obj = &irq->base;
	return zx_table_publish_new(table, &obj, &args.out, 1, &up->out);
}

/* The interrupt behind @value with @rights, referenced. */
static int zx_irq_ref(struct zx_table *table, zx_handle_t value,
		      zx_rights_t rights, struct zx_interrupt **out)
{
	struct zx_object *obj;
	int ret = zx_table_get_object(table, value, ZX_OBJ_TYPE_INTERRUPT,
				      rights, &obj);

	if (!ret)
		*out = to_irq(obj);
	return ret;
}

long zx_ioctl_interrupt_trigger(struct zx_table *table, void __user *uarg)
{
	struct zircon_interrupt_trigger args;
	struct zx_interrupt *irq;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;
	ret = zx_irq_ref(table, args.handle, ZX_RIGHT_SIGNAL, &irq);
	if (ret)
		return ret;
	zx_object_lock(&irq->base);
	if (irq->state == ZX_IRQ_DESTROYED) {
		ret = ZX_ERR_CANCELED;
		goto out;
	}
	if (!irq->pending) {
		irq->pending = true;
		irq->timestamp = args.timestamp;
	}
	if (irq->port) {
		/* NEEDACK: the trigger waits for the ack. */
		if (irq->state != ZX_IRQ_NEEDACK && !zx_irq_send_locked(irq))
			ret = ZX_ERR_BAD_STATE;	/* the last packet is unread */
	} else {
		if (irq->state == ZX_IRQ_WAITING)
			wake_up(&irq->wq);
		irq->state = ZX_IRQ_TRIGGERED;
	}
	if (!ret)
		zx_object_update_state_locked(&irq->base,
					      ZX_VIRTUAL_INTERRUPT_UNTRIGGERED, 0);
out:
	zx_object_unlock(&irq->base);
	zx_object_put(&irq->base);
	return ret;
}

/* zx_sleep_until() condition: the waiter was released. */
static bool zx_irq_released(void *arg)
{
	struct zx_interrupt *irq = arg;
	bool done;

	zx_object_lock(&irq->base);
	done = irq->state != ZX_IRQ_WAITING;
	zx_object_unlock(&irq->base);
	return done;
}

/*
 * zx_interrupt_wait(): the state machine's step, then (maybe) a killable
 * sleep. A Linux signal puts the interrupt back to IDLE and restarts.
 */
static int zx_irq_wait(struct zx_interrupt *irq, s64 *ts)
{
	int ret = 0;

	zx_object_lock(&irq->base);
	if (irq->port) {
		ret = ZX_ERR_BAD_STATE;
		goto out;
	}
	switch (irq->state) {
	case ZX_IRQ_DESTROYED:
		ret = ZX_ERR_CANCELED;
		goto out;
	case ZX_IRQ_WAITING:
		ret = ZX_ERR_BAD_STATE;	/* another thread waits */
		goto out;
	case ZX_IRQ_TRIGGERED:
		goto triggered;
	default:			/* IDLE, or NEEDACK: an implicit ack */
		break;
	}
	irq->state = ZX_IRQ_WAITING;
	zx_object_update_state_locked(&irq->base, 0,
				      ZX_VIRTUAL_INTERRUPT_UNTRIGGERED);
	zx_object_unlock(&irq->base);

	ret = zx_sleep_until(zx_irq_released, irq, &irq->wq, ZX_TIME_INFINITE);

	zx_object_lock(&irq->base);
	if (irq->state == ZX_IRQ_WAITING) {
		irq->state = ZX_IRQ_IDLE;	/* interrupted: nothing happened */
		goto out;
	}
	if (irq->state == ZX_IRQ_DESTROYED) {
		ret = ZX_ERR_CANCELED;
		goto out;
	}
	if (irq->state != ZX_IRQ_TRIGGERED) {
		ret = ZX_ERR_BAD_STATE;	/* bound meanwhile */
		goto out;
	}
triggered:
	irq->state = ZX_IRQ_NEEDACK;
	irq->pending = false;
	*ts = irq->timestamp;
	ret = 0;
out:
	zx_object_unlock(&irq->base);
	return ret;
}

long zx_ioctl_interrupt_wait(struct zx_table *table, void __user *uarg)
{
	struct zircon_interrupt_wait args;
	struct zx_interrupt *irq;
	s64 ts = 0;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	ret = zx_irq_ref(table, args.handle, ZX_RIGHT_WAIT, &irq);
	if (ret)
		return ret;
	ret = zx_irq_wait(irq, &ts);
	zx_object_put(&irq->base);
	if (!ret && args.timestamp &&
	    put_user(ts, (s64 __user *)u64_to_user_ptr(args.timestamp)))
		return -EFAULT;
	return ret;
}

/* The interrupt named by a zircon_handle_close argument, with @rights. */
static int zx_irq_ref_arg(struct zx_table *table, void __user *uarg,
			  zx_rights_t rights, struct zx_interrupt **out)
{
	struct zircon_handle_close args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	return zx_irq_ref(table, args.handle, rights, out);
}

long zx_ioctl_interrupt_ack(struct zx_table *table, void __user *uarg)
{
	struct zx_interrupt *irq;
	int ret;

	ret = zx_irq_ref_arg(table, uarg, ZX_RIGHT_WRITE, &irq);
	if (ret)
		return ret;
	zx_object_lock(&irq->base);
	if (!irq->port) {
		ret = ZX_ERR_BAD_STATE;
	} else if (irq->state == ZX_IRQ_DESTROYED) {
		ret = ZX_ERR_CANCELED;
	} else if (irq->state == ZX_IRQ_NEEDACK && irq->pending) {
		if (!zx_irq_send_locked(irq))
			ret = ZX_ERR_BAD_STATE;	/* the last packet is unread */
	} else if (irq->state == ZX_IRQ_NEEDACK) {
		irq->state = ZX_IRQ_IDLE;
		zx_object_update_state_locked(&irq->base, 0,
					      ZX_VIRTUAL_INTERRUPT_UNTRIGGERED);
	}
	zx_object_unlock(&irq->base);
	zx_object_put(&irq->base);
	return ret;
}

/* Needs no rights, as in Zircon. */
long zx_ioctl_interrupt_destroy(struct zx_table *table, void __user *uarg)
{
	struct zx_interrupt *irq;
	bool read;
	int ret;

	ret = zx_irq_ref_arg(table, uarg, 0, &irq);
	if (ret)
		return ret;
	zx_object_lock(&irq->base);
	/* Bound, NEEDACK and the packet already read: NOT_FOUND, destroyed. */
	read = irq->port && irq->state == ZX_IRQ_NEEDACK &&
	       list_empty(&irq->packet.node);
	if (irq->state != ZX_IRQ_DESTROYED)
		zx_irq_destroy_locked(irq);
	zx_object_unlock(&irq->base);
	zx_object_put(&irq->base);
	return read ? ZX_ERR_NOT_FOUND : 0;
}

/* Bind (@port, @key) or unbind, under the interrupt's lock. */
static int zx_irq_bind_locked(struct zx_interrupt *irq, struct zx_object *port,
			      u64 key, bool bind, struct zx_object **drop)
{
	lockdep_assert_held(irq->base.lock);
	if (!bind) {
		if (irq->port != port)
			return ZX_ERR_NOT_FOUND;
		if (irq->state == ZX_IRQ_DESTROYED)
			return ZX_ERR_CANCELED;
		zx_port_irq_unqueue(port, &irq->packet);
		*drop = port;
		irq->port = NULL;
		irq->pending = false;
		irq->state = ZX_IRQ_IDLE;
		zx_object_update_state_locked(&irq->base, 0,
					      ZX_VIRTUAL_INTERRUPT_UNTRIGGERED);
		return 0;
	}
	if (irq->state == ZX_IRQ_DESTROYED)
		return ZX_ERR_CANCELED;
	if (irq->state == ZX_IRQ_WAITING)
		return ZX_ERR_BAD_STATE;
	if (irq->port)
		return ZX_ERR_ALREADY_BOUND;
	zx_object_get(port);
	irq->port = port;
	irq->packet.pkt.key = key;
	/* A trigger that came first is delivered now. */
	if (irq->state == ZX_IRQ_TRIGGERED)
		zx_irq_send_locked(irq);	/* not queued: just bound */
	else if (irq->state == ZX_IRQ_NEEDACK)
		irq->state = ZX_IRQ_IDLE;	/* acked by the wait it returned */
	return 0;
}

long zx_ioctl_interrupt_bind(struct zx_table *table, void __user *uarg)
{
	struct zircon_interrupt_bind args;
	struct zx_object *port = NULL, *drop = NULL;
	struct zx_interrupt *irq;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.options != ZX_INTERRUPT_BIND && args.options != ZX_INTERRUPT_UNBIND)
		return ZX_ERR_INVALID_ARGS;
	ret = zx_irq_ref(table, args.handle, ZX_RIGHT_READ, &irq);
	if (ret)
		return ret;
	ret = zx_table_get_object(table, args.port, ZX_OBJ_TYPE_PORT,
				  ZX_RIGHT_WRITE, &port);
	if (!ret && !zx_port_bindable(port))
		ret = ZX_ERR_WRONG_TYPE;
	if (!ret) {
		zx_object_lock(&irq->base);
		ret = zx_irq_bind_locked(irq, port, args.key,
					 args.options == ZX_INTERRUPT_BIND, &drop);
		zx_object_unlock(&irq->base);
	}
	if (drop)
		zx_object_put(drop);	/* the binding's reference */
	if (port)
		zx_object_put(port);
	zx_object_put(&irq->base);
	return ret;
}
