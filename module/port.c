// SPDX-License-Identifier: GPL-2.0
/*
 * Ports and asynchronous waits.
 *
 * A port is a FIFO of packets plus a wait queue of threads blocked in
 * zx_port_wait(); each queued packet wakes exactly one of them. Poll
 * descriptors (poll_fd.c) have a wait queue of their own, woken, every
 * poller, for each packet: on the waiters' queue an EPOLLEXCLUSIVE epoll
 * entry ahead of a blocked zx_port_wait() would take the packet's one
 * wake-up and leave the waiter asleep with the packet queued. User
 * packets (zx_port_queue()) are allocated per call and capped per port, as
 * on Zircon. Signal packets are embedded in their registration
 * (zx_object_wait_async()), so a match never allocates and never fails;
 * live registrations are capped per port instead (max_port_observers).
 *
 * A registration, struct zx_port_observer, is an observer on the watched
 * object's list (under that object's lock) and an entry of its port (under
 * the port lock): on port->observers while pending, on port->packets once
 * it matched. Its state, under the port lock, settles every race once:
 *
 *   PENDING --match--> QUEUED --dequeued or cancelled--> DONE
 *   PENDING --cancelled, handle closed or port closed--> DONE
 *
 * It has two references, one per side. The object side ends when it leaves
 * the object's list (it fired or was cancelled there, or it was taken off);
 * the port side when it leaves the port (dequeued, cancelled, or the port's
 * last handle closed). Whoever drops the last one frees it. It also holds
 * a reference on the watched object and on the port, so each side can
 * always reach the other.
 *
 * Lock order: object lock, then port lock, then the port's wait queue
 * locks. The port never takes an object lock while holding its own: to
 * take registrations off their objects it first moves them to a private
 * list.
 */

#include <linux/moduleparam.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/zircon.h>

#include "interop.h"
#include "port.h"
#include "syscalls.h"
#include "table.h"
#include "trace.h"
#include "wait.h"

/* Zircon's kMaxAllocatedPacketCountPerPort, checked before counting. */
#define ZX_PORT_MAX_USER_PACKETS	4096

static unsigned int zx_max_port_observers = 65536;
module_param_named(max_port_observers, zx_max_port_observers, uint, 0644);
MODULE_PARM_DESC(max_port_observers,
		 "Live wait_async registrations per port (default 65536)");

struct zx_port {
	struct zx_object base;
	spinlock_t lock;		/* everything below but the queues */
	struct list_head packets;	/* zx_port_packet, FIFO */
	struct list_head observers;	/* pending zx_port_observer */
	/* zx_port_irq_packet (port.h), FIFO, served before ->packets */
	struct list_head irq_packets;
	bool bindable;			/* immutable: ZX_PORT_BIND_TO_INTERRUPT */
	unsigned int user_packets;
	unsigned int registrations;	/* pending or queued */
	bool zero_handles;
	wait_queue_head_t waiters;	/* zx_port_wait(), exclusive */
	wait_queue_head_t pollers;	/* poll descriptors, all woken */
};

struct zx_port_observer;

struct zx_port_packet {
	struct list_head node;		/* under the port lock */
	struct zx_port_observer *reg;	/* NULL for a user packet */
	struct zircon_port_packet pkt;
};

enum zx_reg_state { ZX_REG_PENDING, ZX_REG_QUEUED, ZX_REG_DONE };

struct zx_port_observer {
	struct zx_observer obs;		/* on the watched object's list */
	struct zx_port_packet packet;	/* node: port->observers, then ->packets */
	struct zx_port *port;		/* referenced */
	struct zx_object *obj;		/* referenced */
	enum zx_reg_state state;	/* under port->lock */
	refcount_t refs;		/* object side, port side, registrar */
	u32 options;
	s64 clock_offset;		/* for timestamps in the caller's clock */
};

static struct zx_port *to_port(struct zx_object *obj)
{
	return container_of(obj, struct zx_port, base);
}

static void zx_reg_free(struct zx_port_observer *reg)
{
	if (reg->obj)
		zx_object_put(reg->obj);
	zx_object_put(&reg->port->base);
	kfree(reg);
}

static void zx_reg_put(struct zx_port_observer *reg)
{
	if (refcount_dec_and_test(&reg->refs))
		zx_reg_free(reg);
}

/* The object side ended: drop the observer's pin and its reference. */
static void zx_reg_put_object_side(struct zx_port_observer *reg)
{
	zx_object_put(reg->obj);	/* never the last: reg holds one too */
	zx_reg_put(reg);
}

/*
 * A packet was queued (port lock released): wake one zx_port_wait(), and
 * the pollers, if any (wq_has_sleeper() pairs with zx_port_poll()).
 */
static void zx_port_wake(struct zx_port *port)
{
	wake_up(&port->waiters);
	if (wq_has_sleeper(&port->pollers))
		wake_up_poll(&port->pollers, EPOLLIN | EPOLLRDNORM);
}

static void zx_reg_fill(struct zx_port_observer *reg, zx_signals_t observed)
{
	struct zircon_packet_signal *sig = &reg->packet.pkt.signal;

	sig->observed = observed;
	sig->count = 1;
	if (reg->options & ZX_WAIT_ASYNC_TIMESTAMP)
		sig->timestamp = ktime_get_ns() + reg->clock_offset;
	else if (reg->options & ZX_WAIT_ASYNC_BOOT_TIMESTAMP)
		sig->timestamp = ktime_get_boottime_ns() + reg->clock_offset;
}

/*
 * The observer callback, under the watched object's lock: queue the
 * embedded packet on a match, drop the registration when cancelled.
 */
static void zx_reg_fire(struct zx_observer *obs, zx_signals_t signals)
{
	struct zx_port_observer *reg =
		container_of(obs, struct zx_port_observer, obs);
	struct zx_port *port = reg->port;
	bool queued = false, cancelled = false;

	trace_zircon_async_fire(&port->base, reg->obj, reg->packet.pkt.key,
				signals, !(signals & ZX_SIGNAL_HANDLE_CLOSED));
	spin_lock(&port->lock);		/* bottom halves are already off */
	if (reg->state == ZX_REG_PENDING) {
		list_del(&reg->packet.node);
		if (signals & ZX_SIGNAL_HANDLE_CLOSED) {
			reg->state = ZX_REG_DONE;
			port->registrations--;
			cancelled = true;
		} else {
			zx_reg_fill(reg, signals);
			list_add_tail(&reg->packet.node, &port->packets);
			reg->state = ZX_REG_QUEUED;
			queued = true;
		}
	}
	spin_unlock(&port->lock);

	if (queued)
		zx_port_wake(port);
	if (cancelled)
		zx_reg_put(reg);		/* port side */
	zx_reg_put_object_side(reg);
}

/*
 * Take the registrations on @detached (already off the port, state DONE)
 * off their objects too, and drop both sides. Port lock not held.
 */
static void zx_reg_detach_all(struct list_head *detached)
{
	struct zx_port_observer *reg, *tmp;
	zx_signals_t unused;

	list_for_each_entry_safe(reg, tmp, detached, packet.node) {
		list_del(&reg->packet.node);
		if (zx_object_remove_observer(reg->obj, &reg->obs, &unused))
			zx_reg_put_object_side(reg);
		zx_reg_put(reg);		/* port side */
	}
}

/* Free packets taken off a port, dropping registrations' port sides. */
static void zx_port_free_packets(struct list_head *packets)
{
	struct zx_port_packet *pk, *tmp;

	list_for_each_entry_safe(pk, tmp, packets, node) {
		list_del(&pk->node);
		if (pk->reg)
			zx_reg_put(pk->reg);
		else
			kfree(pk);
		/* A port may hold ~70000 packets; callers hold no lock. */
		cond_resched();
	}
}

/* Under the port lock: take @pk off the queue for good. */
static void zx_port_unqueue_locked(struct zx_port *port,
				   struct zx_port_packet *pk)
{
	lockdep_assert_held(&port->lock);
	list_del(&pk->node);
	if (pk->reg) {
		pk->reg->state = ZX_REG_DONE;
		port->registrations--;
	} else {
		port->user_packets--;
	}
}

/*
 * Last handle closed: drop every queued packet and detach every pending
 * registration; matches racing with this find them DONE and drop nothing
 * but their object side.
 */
static void zx_port_on_zero_handles(struct zx_object *obj)
{
	struct zx_port *port = to_port(obj);
	struct zx_port_packet *pk, *tmp;
	struct zx_port_observer *reg;
	LIST_HEAD(packets);
	LIST_HEAD(pending);

	spin_lock_bh(&port->lock);
	port->zero_handles = true;
	list_for_each_entry_safe(pk, tmp, &port->packets, node) {
		zx_port_unqueue_locked(port, pk);
		list_add_tail(&pk->node, &packets);
	}
	/* Interrupt packets belong to their interrupts: just unlink them. */
	while (!list_empty(&port->irq_packets))
		list_del_init(port->irq_packets.next);
	list_for_each_entry(reg, &port->observers, packet.node)
		reg->state = ZX_REG_DONE;
	list_splice_init(&port->observers, &pending);
	port->registrations = 0;
	spin_unlock_bh(&port->lock);

	zx_port_free_packets(&packets);
	zx_reg_detach_all(&pending);
}

static void zx_port_release(struct zx_object *obj)
{
	kfree_rcu(to_port(obj), base.rcu);
}

static const struct zx_object_ops zx_port_ops = {
	.type = ZX_OBJ_TYPE_PORT,
	.default_rights = ZX_DEFAULT_PORT_RIGHTS,
	.on_zero_handles = zx_port_on_zero_handles,
	.release = zx_port_release,
};

long zx_ioctl_port_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_port_create __user *up = uarg;
	struct zircon_port_create args;
	struct zx_object *obj;
	struct zx_port *port;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.options & ~ZX_PORT_BIND_TO_INTERRUPT)
		return ZX_ERR_INVALID_ARGS;
	port = kzalloc(sizeof(*port), ZX_GFP);
	if (!port)
		return ZX_ERR_NO_MEMORY;
	zx_object_init(&port->base, &zx_port_ops);
	spin_lock_init(&port->lock);
	INIT_LIST_HEAD(&port->packets);
	INIT_LIST_HEAD(&port->observers);
	INIT_LIST_HEAD(&port->irq_packets);
	port->bindable = args.options & ZX_PORT_BIND_TO_INTERRUPT;
	init_waitqueue_head(&port->waiters);
	init_waitqueue_head(&port->pollers);
	obj = &port->base;
	return zx_table_publish_new(table, &obj, &args.out, 1, &up->out);
}

/* Look up a port handle with @rights and take a reference on the port. */
static int zx_port_ref(struct zx_table *table, zx_handle_t value,
		       zx_rights_t rights, struct zx_port **out)
{
	struct zx_object *obj;
	int ret = zx_table_get_object(table, value, ZX_OBJ_TYPE_PORT, rights,
				      &obj);

	if (!ret)
		*out = to_port(obj);
	return ret;
}

/* A poll descriptor on a port (poll_fd.c): readable while a packet waits. */
__poll_t zx_port_poll(struct zx_object *obj, struct file *file,
		      poll_table *pt)
{
	struct zx_port *port = to_port(obj);

	poll_wait(file, &port->pollers, pt);
	/* Queued before looking: pairs with wq_has_sleeper() in zx_port_wake(). */
	smp_mb();
	return list_empty_careful(&port->packets) &&
	       list_empty_careful(&port->irq_packets) ? 0 : EPOLLIN | EPOLLRDNORM;
}

long zx_ioctl_port_queue(struct zx_table *table, void __user *uarg)
{
	struct zircon_port_queue args;
	struct zx_port_packet *pk;
	struct zx_port *port;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	ret = zx_port_ref(table, args.handle, ZX_RIGHT_WRITE, &port);
	if (ret)
		return ret;

	pk = kmalloc(sizeof(*pk), ZX_GFP);
	if (!pk) {
		ret = ZX_ERR_NO_MEMORY;
		goto out;
	}
	if (copy_from_user(&pk->pkt, u64_to_user_ptr(args.packet),
			   sizeof(pk->pkt))) {
		ret = -EFAULT;
		goto out;
	}
	pk->pkt.type = ZX_PKT_TYPE_USER;
	pk->reg = NULL;

	spin_lock_bh(&port->lock);
	if (port->zero_handles)
		ret = ZX_ERR_BAD_HANDLE;
	else if (port->user_packets > ZX_PORT_MAX_USER_PACKETS)
		ret = ZX_ERR_SHOULD_WAIT;
	trace_zircon_port_queue(&port->base, &pk->pkt, ret);
	if (!ret) {
		list_add_tail(&pk->node, &port->packets);
		port->user_packets++;
		pk = NULL;
	}
	spin_unlock_bh(&port->lock);
	if (!ret)
		zx_port_wake(port);
out:
	kfree(pk);
	zx_object_put(&port->base);
	return ret;
}

struct zx_port_take {
	struct zx_port *port;
	struct zircon_port_packet pkt;
	struct zx_port_packet *taken;	/* to free or put, if not an interrupt's */
	bool got;
};

/*
 * zx_sleep_until() condition: take the first packet, if any; interrupt
 * packets first. An interrupt packet is copied here, under the lock, and
 * stays its interrupt's.
 */
static bool zx_port_take(void *arg)
{
	struct zx_port_take *take = arg;
	struct zx_port *port = take->port;
	struct zx_port_irq_packet *irq;
	struct zx_port_packet *pk = NULL;

	spin_lock_bh(&port->lock);
	irq = list_first_entry_or_null(&port->irq_packets,
				       struct zx_port_irq_packet, node);
	if (irq) {
		list_del_init(&irq->node);
		take->pkt = irq->pkt;
	} else {
		pk = list_first_entry_or_null(&port->packets,
					      struct zx_port_packet, node);
		if (pk) {
			zx_port_unqueue_locked(port, pk);
			take->pkt = pk->pkt;
		}
	}
	spin_unlock_bh(&port->lock);
	take->taken = pk;
	take->got = irq || pk;
	return take->got;
}

/* A port made with ZX_PORT_BIND_TO_INTERRUPT? */
bool zx_port_bindable(struct zx_object *obj)
{
	return to_port(obj)->bindable;
}

/*
 * Queue @p with @timestamp on @obj; false if it is still queued. A port
 * with no handles left (nobody can read it) drops it. The timestamp is
 * written under the port lock, which zx_port_take() copies under.
 */
bool zx_port_irq_queue(struct zx_object *obj, struct zx_port_irq_packet *p,
		       s64 timestamp)
{
	struct zx_port *port = to_port(obj);
	bool queued = false, ok;

	spin_lock_bh(&port->lock);
	ok = list_empty(&p->node);
	if (ok && !port->zero_handles) {
		p->pkt.user[0] = timestamp;
		list_add_tail(&p->node, &port->irq_packets);
		queued = true;
	}
	spin_unlock_bh(&port->lock);
	if (queued) {
		trace_zircon_port_queue(&port->base, &p->pkt, 0);
		zx_port_wake(port);
	}
	return ok;
}

/* Take @p off @obj's queue; whether it was still queued (not yet read). */
bool zx_port_irq_unqueue(struct zx_object *obj, struct zx_port_irq_packet *p)
{
	struct zx_port *port = to_port(obj);
	bool queued;

	spin_lock_bh(&port->lock);
	queued = !list_empty(&p->node);
	list_del_init(&p->node);
	spin_unlock_bh(&port->lock);
	return queued;
}

long zx_ioctl_port_wait(struct zx_table *table, void __user *uarg)
{
	struct zx_port_take take = { };
	struct zircon_port_wait args;
	struct zx_port *port;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	ret = zx_port_ref(table, args.handle, ZX_RIGHT_READ, &port);
	if (ret)
		return ret;

	take.port = port;
	ret = zx_sleep_until(zx_port_take, &take, &port->waiters, args.deadline);
	if (take.got)
		ret = 0;
	trace_zircon_port_dequeue(&port->base, take.got ? &take.pkt : NULL,
				  ret);
	if (take.got) {
		if (take.taken && take.taken->reg)
			zx_reg_put(take.taken->reg);	/* port side */
		else
			kfree(take.taken);
		/* Like Zircon, a fault here loses the packet. */
		if (copy_to_user(u64_to_user_ptr(args.packet), &take.pkt,
				 sizeof(take.pkt)))
			ret = -EFAULT;
	} else if (!list_empty_careful(&port->packets) ||
		   !list_empty_careful(&port->irq_packets)) {
		/* We may have eaten the wake-up meant for this packet. */
		wake_up(&port->waiters);
	}
	zx_object_put(&port->base);
	return ret;
}

struct zx_cancel_match {
	const struct zx_port *port;
	const struct zx_handle *handle;
	u64 key;
};

static bool zx_reg_matches(struct zx_observer *obs, const void *arg)
{
	const struct zx_cancel_match *m = arg;
	struct zx_port_observer *reg;

	if (obs->fire != zx_reg_fire || obs->handle != m->handle)
		return false;
	reg = container_of(obs, struct zx_port_observer, obs);
	return reg->port == m->port && reg->packet.pkt.key == m->key;
}

/*
 * Remove queued packets that match: with @handle, the signal packets of
 * registrations made through it; without, every packet with the key. A
 * queued packet may outlive its handle, whose memory a later handle can
 * reuse: compare serials, not addresses.
 */
static unsigned int zx_port_cancel_queued(struct zx_port *port,
					  const struct zx_handle *handle,
					  u64 key, struct list_head *out)
{
	struct zx_port_packet *pk, *tmp;
	unsigned int n = 0;

	spin_lock_bh(&port->lock);
	list_for_each_entry_safe(pk, tmp, &port->packets, node) {
		if (pk->pkt.key != key)
			continue;
		if (handle && (!pk->reg ||
			       pk->reg->obs.handle_serial != handle->serial))
			continue;
		zx_port_unqueue_locked(port, pk);
		list_add_tail(&pk->node, out);
		n++;
	}
	spin_unlock_bh(&port->lock);
	return n;
}

long zx_ioctl_port_cancel(struct zx_table *table, void __user *uarg)
{
	struct zircon_port_cancel args;
	struct zx_cancel_match match;
	struct zx_handle *source;
	struct zx_object *obj;
	struct zx_port *port;
	unsigned int n = 0;
	LIST_HEAD(packets);
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;

	/* Zircon's order: the port, then the source. */
	ret = zx_port_ref(table, args.handle, ZX_RIGHT_WRITE, &port);
	if (ret)
		return ret;
	rcu_read_lock();
	source = zx_table_lookup(table, args.source);
	ret = zx_handle_check(source, ZX_OBJ_TYPE_NONE, ZX_RIGHT_WAIT);
	if (!ret && !source->obj->ops->waitable)
		ret = ZX_ERR_NOT_SUPPORTED;
	if (!ret) {
		match = (struct zx_cancel_match){ port, source, args.key };
		obj = source->obj;
		zx_object_lock(obj);
		n = zx_object_cancel_locked(obj, zx_reg_matches, &match);
		zx_object_unlock(obj);
		n += zx_port_cancel_queued(port, source, args.key, &packets);
		trace_zircon_async_cancel(&port->base, obj, args.key, n);
	}
	rcu_read_unlock();
	zx_object_put(&port->base);
	zx_port_free_packets(&packets);
	if (ret)
		return ret;
	return n ? 0 : ZX_ERR_NOT_FOUND;
}

long zx_ioctl_port_cancel_key(struct zx_table *table, void __user *uarg)
{
	struct zircon_port_cancel_key args;
	struct zx_port_observer *reg, *tmp;
	struct zx_port *port;
	unsigned int n;
	LIST_HEAD(packets);
	LIST_HEAD(pending);
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;
	ret = zx_port_ref(table, args.handle, ZX_RIGHT_WRITE, &port);
	if (ret)
		return ret;

	n = zx_port_cancel_queued(port, NULL, args.key, &packets);
	spin_lock_bh(&port->lock);
	list_for_each_entry_safe(reg, tmp, &port->observers, packet.node) {
		if (reg->packet.pkt.key != args.key)
			continue;
		reg->state = ZX_REG_DONE;
		port->registrations--;
		list_move_tail(&reg->packet.node, &pending);
		n++;
	}
	spin_unlock_bh(&port->lock);
	trace_zircon_async_cancel(&port->base, NULL, args.key, n);

	zx_port_free_packets(&packets);
	zx_reg_detach_all(&pending);
	zx_object_put(&port->base);
	return n ? 0 : ZX_ERR_NOT_FOUND;
}

/* Put a fresh registration on its port; fails once the port is closing. */
static int zx_reg_attach(struct zx_port_observer *reg)
{
	struct zx_port *port = reg->port;
	int ret = 0;

	spin_lock_bh(&port->lock);
	if (port->zero_handles)
		ret = ZX_ERR_BAD_HANDLE;
	else if (port->registrations >= READ_ONCE(zx_max_port_observers))
		ret = ZX_ERR_NO_RESOURCES;
	if (!ret) {
		list_add_tail(&reg->packet.node, &port->observers);
		port->registrations++;
	}
	spin_unlock_bh(&port->lock);
	return ret;
}

/* Take a registration off its port if it is still pending there. */
static bool zx_reg_abandon(struct zx_port_observer *reg)
{
	struct zx_port *port = reg->port;
	bool pending;

	spin_lock_bh(&port->lock);
	pending = reg->state == ZX_REG_PENDING;
	if (pending) {
		list_del(&reg->packet.node);
		reg->state = ZX_REG_DONE;
		port->registrations--;
	}
	spin_unlock_bh(&port->lock);
	return pending;
}

/*
 * Register @reg (reg->obj: @handle's object, referenced) through @handle:
 * on the port first, then on the object. Caller holds rcu_read_lock().
 * The caller's own reference (the third one) keeps @reg alive here even
 * if it fires and is dequeued at once. Consumes @reg, whatever the result.
 */
static int zx_reg_start(struct zx_port_observer *reg, struct zx_handle *handle,
			zx_signals_t signals)
{
	bool edge = reg->options & ZX_WAIT_ASYNC_EDGE;
	zx_signals_t unused;
	bool detached;
	int ret;

	ret = zx_reg_attach(reg);
	if (ret) {
		zx_reg_free(reg);	/* it was never visible */
		return ret;
	}

	/* Before it can fire (at once, if level-triggered). */
	trace_zircon_async_register(&reg->port->base, reg->obj,
				    reg->packet.pkt.key, signals, reg->options);
	ret = zx_object_add_observer(reg->obj, &reg->obs, handle, signals,
				     edge);
	if (ret) {
		if (zx_reg_abandon(reg)) {
			zx_reg_free(reg);
			return ret;
		}
		/* The port's close took it and drops the port side. */
		refcount_dec(&reg->refs);	/* object side, never started */
		zx_reg_put(reg);
		return ret;
	}

	/*
	 * A port close or cancel_key that detached it before it reached the
	 * object could not take it off the object: do that now.
	 */
	spin_lock_bh(&reg->port->lock);
	detached = reg->state == ZX_REG_DONE;
	spin_unlock_bh(&reg->port->lock);
	if (detached && zx_object_remove_observer(reg->obj, &reg->obs, &unused))
		zx_reg_put_object_side(reg);
	zx_reg_put(reg);	/* the registrar's reference */
	return 0;
}

long zx_ioctl_object_wait_async(struct zx_table *table, void __user *uarg)
{
	struct zircon_object_wait_async args;
	struct zx_port_observer *reg;
	struct zx_handle *handle;
	struct zx_port *port;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	/* Zircon's order: options, then the port, then the object. */
	if (args.options & ~(ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE |
			     ZX_WAIT_ASYNC_BOOT_TIMESTAMP))
		return ZX_ERR_INVALID_ARGS;
	if ((args.options & ZX_WAIT_ASYNC_TIMESTAMP) &&
	    (args.options & ZX_WAIT_ASYNC_BOOT_TIMESTAMP))
		return ZX_ERR_INVALID_ARGS;

	reg = kzalloc(sizeof(*reg), ZX_GFP);
	if (!reg)
		return ZX_ERR_NO_MEMORY;
	INIT_LIST_HEAD(&reg->obs.node);
	reg->obs.fire = zx_reg_fire;
	reg->state = ZX_REG_PENDING;
	refcount_set(&reg->refs, 3);
	reg->options = args.options;
	reg->clock_offset =
		zx_clock_offset(args.options & ZX_WAIT_ASYNC_BOOT_TIMESTAMP);
	reg->packet.reg = reg;
	reg->packet.pkt.key = args.key;
	reg->packet.pkt.type = ZX_PKT_TYPE_SIGNAL_ONE;
	reg->packet.pkt.signal.trigger = args.signals;

	zx_table_refresh(table, args.handle);
	ret = zx_port_ref(table, args.port, ZX_RIGHT_WRITE, &port);
	if (ret) {
		kfree(reg);
		return ret;
	}
	reg->port = port;
	rcu_read_lock();
	handle = zx_table_lookup(table, args.handle);
	ret = zx_handle_get_object(handle, ZX_OBJ_TYPE_NONE, ZX_RIGHT_WAIT,
				   &reg->obj);
	if (ret)
		zx_reg_free(reg);	/* reg->obj is still NULL */
	else
		ret = zx_reg_start(reg, handle, args.signals);
	rcu_read_unlock();
	return ret;
}
