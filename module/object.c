// SPDX-License-Identifier: GPL-2.0
/*
 * Object core: koids, the signal word, observers, handle pinning and peers.
 * See object.h for the object model and lifetimes.
 */

#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "object.h"
#include "table.h"
#include "trace.h"

/*
 * Every signal change that wakes anybody walks the observer list under the
 * object lock, and so does every close of a handle to the object: a bound
 * keeps a user with a handle to someone else's object from making that
 * walk arbitrarily long (Zircon bounds it only by kernel memory).
 */
unsigned int zx_max_object_observers = 65536;
module_param_named(max_object_observers, zx_max_object_observers, uint, 0644);
MODULE_PARM_DESC(max_object_observers,
		 "Waits, wait_async registrations and poll descriptors queued on one object (default 65536)");

/* Koids are never reused; Zircon starts them at ZX_KOID_FIRST. */
static atomic64_t zx_next_koid = ATOMIC64_INIT(ZX_KOID_FIRST);

u64 zx_koid_alloc(void)
{
	return atomic64_fetch_inc(&zx_next_koid);
}

void zx_object_init(struct zx_object *obj, const struct zx_object_ops *ops)
{
	obj->ops = ops;
	spin_lock_init(&obj->own_lock);
	obj->lock = &obj->own_lock;
	atomic_set(&obj->signals, 0);
	INIT_LIST_HEAD(&obj->observers);
	obj->nr_observers = 0;
	obj->nr_slots = 0;
	obj->triggers = 0;
	obj->peer = NULL;
	obj->peer_lock = NULL;
	kref_init(&obj->ref);
	atomic_set(&obj->handle_count, 1);	/* the creator's handle */
	obj->koid = zx_koid_alloc();
	obj->related_koid = 0;
	INIT_LIST_HEAD(&obj->registry);	/* entered in zx_table_publish_new() */
	memset(obj->name, 0, sizeof(obj->name));
}

/* ZX_PROP_NAME: the object's name, all ZX_MAX_NAME_LEN bytes, NUL-padded. */
void zx_object_get_name(struct zx_object *obj, char name[ZX_MAX_NAME_LEN])
{
	zx_object_lock(obj);
	memcpy(name, obj->name, ZX_MAX_NAME_LEN);
	zx_object_unlock(obj);
}

/*
 * Name @obj with the first @len (< ZX_MAX_NAME_LEN) bytes of @name, up to
 * the first NUL, as Zircon does; the rest is NUL-padded.
 */
void zx_object_set_name(struct zx_object *obj, const char *name, size_t len)
{
	char buf[ZX_MAX_NAME_LEN] = { 0 };

	len = min_t(size_t, len, ZX_MAX_NAME_LEN - 1);
	memcpy(buf, name, strnlen(name, len));
	zx_object_lock(obj);
	memcpy(obj->name, buf, sizeof(buf));
	zx_object_unlock(obj);
}

/*
 * Link two fresh, unpublished objects as peers sharing one new lock.
 * Returns 0, or ZX_ERR_NO_MEMORY with nothing linked (the caller frees
 * both objects).
 */
int zx_object_pair(struct zx_object *a, struct zx_object *b)
{
	struct zx_peer_lock *pl = kmalloc(sizeof(*pl), ZX_GFP);

	if (!pl)
		return ZX_ERR_NO_MEMORY;
	spin_lock_init(&pl->lock);
	refcount_set(&pl->ref, 2);
	a->peer_lock = pl;
	b->peer_lock = pl;
	a->lock = &pl->lock;
	b->lock = &pl->lock;
	a->peer = b;
	b->peer = a;
	a->related_koid = b->koid;
	b->related_koid = a->koid;
	return 0;
}

static void zx_object_release(struct kref *ref)
{
	struct zx_object *obj = container_of(ref, struct zx_object, ref);
	struct zx_peer_lock *pl = obj->peer_lock;

	WARN_ON_ONCE(!list_empty(&obj->observers));
	trace_zircon_object_destroy(obj);
	zx_registry_remove(obj);
	obj->ops->release(obj);
	/* RCU readers may still hold obj->lock's address: defer the free. */
	if (pl && refcount_dec_and_test(&pl->ref))
		kfree_rcu(pl, rcu);
}

void zx_object_put(struct zx_object *obj)
{
	kref_put(&obj->ref, zx_object_release);
}

/*
 * Give up one handle's share of @obj (a handle count and a reference):
 * the last handle's departure runs ops->on_zero_handles(). Process
 * context, no locks held.
 */
void zx_object_drop_handle(struct zx_object *obj)
{
	int remaining = atomic_dec_return(&obj->handle_count);

	if (!remaining) {
		if (obj->ops->on_zero_handles)
			obj->ops->on_zero_handles(obj);
	} else if (obj->ops->handle_dropped) {
		obj->ops->handle_dropped(obj, remaining);
	}
	zx_object_put(obj);
}

static void zx_object_queue_observer_locked(struct zx_object *obj,
					    struct zx_observer *obs)
{
	lockdep_assert_held(obj->lock);
	list_add(&obs->node, &obj->observers);	/* LIFO, as Zircon */
	obj->nr_observers++;
	if (!obs->reserved)
		obj->nr_slots++;
	obj->triggers |= obs->trigger;
	/* Alive while this is queued: its close cancels it first. */
	if (obs->handle)
		obs->handle->nr_observers++;
}

static void zx_object_unqueue_observer_locked(struct zx_object *obj,
					      struct zx_observer *obs)
{
	lockdep_assert_held(obj->lock);
	list_del_init(&obs->node);
	if (!--obj->nr_observers)
		obj->triggers = 0;
	if (!obs->reserved)
		obj->nr_slots--;
	if (obs->handle)
		obs->handle->nr_observers--;
}

/*
 * Fire the observers that @signals match. Those that stay do not match,
 * so the walk also narrows ->triggers to what is left: a signal nobody
 * watches costs no walk, and one that somebody watches costs a walk that
 * fires them.
 */
static void zx_object_notify_locked(struct zx_object *obj, zx_signals_t signals)
{
	struct zx_observer *obs, *tmp;
	zx_signals_t left = 0;

	lockdep_assert_held(obj->lock);
	if (!(obj->triggers & signals))
		return;
	list_for_each_entry_safe(obs, tmp, &obj->observers, node) {
		if (obs->trigger & signals) {
			zx_object_unqueue_observer_locked(obj, obs);
			obs->fire(obs, signals);
		} else {
			left |= obs->trigger;
		}
	}
	obj->triggers = left;
}

/* Clear, then set; observers run only if some bit became newly active. */
void zx_object_update_state_locked(struct zx_object *obj,
				   zx_signals_t clear, zx_signals_t set)
{
	zx_signals_t old, new;

	lockdep_assert_held(obj->lock);
	old = atomic_read(&obj->signals);
	new = (old & ~clear) | set;
	if (new == old)
		return;
	atomic_set(&obj->signals, new);
	trace_zircon_signal(obj, old, new);
	if (set & ~old)
		zx_object_notify_locked(obj, new);
}

void zx_object_update_state(struct zx_object *obj,
			    zx_signals_t clear, zx_signals_t set)
{
	zx_object_lock(obj);
	zx_object_update_state_locked(obj, clear, set);
	zx_object_unlock(obj);
}

/* zx_object_signal() after the rights check. */
int zx_object_user_signal(struct zx_object *obj,
			  zx_signals_t clear, zx_signals_t set)
{
	if ((clear | set) & ~obj->ops->user_signals)
		return ZX_ERR_INVALID_ARGS;
	zx_object_update_state(obj, clear, set);
	return 0;
}

/* zx_object_signal_peer() after the rights check. */
int zx_object_user_signal_peer(struct zx_object *obj,
			       zx_signals_t clear, zx_signals_t set)
{
	int ret = 0;

	if (!obj->ops->peered)
		return ZX_ERR_NOT_SUPPORTED;
	if ((clear | set) & ~obj->ops->user_signals)
		return ZX_ERR_INVALID_ARGS;

	zx_object_lock(obj);
	if (obj->peer)
		zx_object_update_state_locked(obj->peer, clear, set);
	else
		ret = ZX_ERR_PEER_CLOSED;
	zx_object_unlock(obj);
	return ret;
}

/*
 * on_zero_handles for peered objects: unlink both sides and let the
 * survivor assert PEER_CLOSED, before the closing syscall returns.
 */
void zx_object_peer_zero_handles(struct zx_object *obj)
{
	struct zx_object *peer;

	zx_object_lock(obj);
	peer = obj->peer;
	WRITE_ONCE(obj->peer, NULL);
	if (peer) {
		WRITE_ONCE(peer->peer, NULL);
		peer->ops->on_peer_closed_locked(peer);
	}
	zx_object_unlock(obj);
}

/*
 * Queue @obs on @obj. Level-triggered observers fire at once instead if a
 * watched signal is already active; edge-triggered ones (@edge) wait for
 * the next transition. Fails if @handle was closed since it was looked up.
 * On success the observer holds a reference on @obj, which its owner drops
 * after the observer has left the list.
 */
int zx_object_add_observer(struct zx_object *obj, struct zx_observer *obs,
			   struct zx_handle *handle, zx_signals_t trigger,
			   bool edge)
{
	zx_signals_t signals;
	int ret = 0;

	if (!obj->ops->waitable)
		return ZX_ERR_NOT_SUPPORTED;

	zx_object_lock(obj);
	/* Under the lock: a port's close may be looking at it already. */
	obs->handle = handle;
	obs->handle_serial = handle->serial;
	obs->trigger = trigger;
	obs->reserved = false;
	INIT_LIST_HEAD(&obs->node);
	if (handle->closed) {
		ret = ZX_ERR_BAD_HANDLE;
		goto out;
	}
	signals = atomic_read(&obj->signals);
	if (!edge && (signals & trigger)) {
		zx_object_get(obj);
		obs->fire(obs, signals);
	} else if (obj->nr_slots >= READ_ONCE(zx_max_object_observers)) {
		ret = ZX_ERR_NO_RESOURCES;
	} else {
		zx_object_get(obj);
		zx_object_queue_observer_locked(obj, obs);
	}
out:
	zx_object_unlock(obj);
	return ret;
}

/*
 * Take @obs off the list if it is still queued; reports the signals at
 * that moment. Returns false if it already fired.
 */
bool zx_object_remove_observer(struct zx_object *obj, struct zx_observer *obs,
			       zx_signals_t *signals)
{
	bool queued;

	zx_object_lock(obj);
	queued = !list_empty(&obs->node);
	if (queued)
		zx_object_unqueue_observer_locked(obj, obs);
	*signals = atomic_read(&obj->signals);
	zx_object_unlock(obj);
	return queued;
}

/*
 * Take a handle count and a reference on @obj for a new handle minted from
 * @handle (duplicate, replace), unless @handle has been closed meanwhile.
 */
int zx_object_pin_handle(struct zx_object *obj, struct zx_handle *handle)
{
	int ret = 0;

	zx_object_lock(obj);
	if (handle->closed) {
		ret = ZX_ERR_BAD_HANDLE;
	} else {
		atomic_inc(&obj->handle_count);
		zx_object_get(obj);
	}
	zx_object_unlock(obj);
	return ret;
}

/*
 * Take every observer for which @match() is true off @obj and fire it with
 * the current signals plus ZX_SIGNAL_HANDLE_CLOSED, which observers treat
 * as "cancelled". Returns how many there were.
 */
unsigned int zx_object_cancel_locked(struct zx_object *obj,
				     bool (*match)(struct zx_observer *obs,
						   const void *arg),
				     const void *arg)
{
	struct zx_observer *obs, *tmp;
	zx_signals_t signals;
	unsigned int n = 0;

	lockdep_assert_held(obj->lock);
	signals = atomic_read(&obj->signals) | ZX_SIGNAL_HANDLE_CLOSED;
	list_for_each_entry_safe(obs, tmp, &obj->observers, node) {
		if (match(obs, arg)) {
			zx_object_unqueue_observer_locked(obj, obs);
			obs->fire(obs, signals);
			n++;
		}
	}
	return n;
}

static bool zx_observer_via(struct zx_observer *obs, const void *handle)
{
	return obs->handle == handle;
}

/*
 * Mark @handle closed and cancel every observer registered through it:
 * waits made through this handle value end with ZX_ERR_CANCELED, async
 * waits through it are dropped, waits made through other handles to the
 * same object go on. The walk is skipped when nothing was registered
 * through the handle, so a close costs nothing for the object's other
 * observers (somebody else's, perhaps).
 */
void zx_object_close_handle(struct zx_object *obj, struct zx_handle *handle)
{
	zx_object_lock(obj);
	handle->closed = true;
	/* Most handles have none: their close walks nothing. */
	if (handle->nr_observers)
		zx_object_cancel_locked(obj, zx_observer_via, handle);
	zx_object_unlock(obj);
}

/*
 * For persistent watchers (poll descriptors) that hold their own
 * reference and no handle: take an observer slot on @obj for the life of
 * @obs, so that arming it later cannot fail. ZX_ERR_NO_RESOURCES once
 * max_object_observers slots are taken.
 */
int zx_object_reserve_observer(struct zx_object *obj, struct zx_observer *obs)
{
	int ret = 0;

	INIT_LIST_HEAD(&obs->node);
	obs->handle = NULL;
	obs->reserved = true;
	zx_object_lock(obj);
	if (obj->nr_slots >= READ_ONCE(zx_max_object_observers))
		ret = ZX_ERR_NO_RESOURCES;
	else
		obj->nr_slots++;
	zx_object_unlock(obj);
	return ret;
}

/* Undo zx_object_reserve_observer(), taking @obs off the list if armed. */
void zx_object_release_observer(struct zx_object *obj, struct zx_observer *obs)
{
	zx_object_lock(obj);
	if (!list_empty(&obs->node))
		zx_object_unqueue_observer_locked(obj, obs);
	obj->nr_slots--;
	zx_object_unlock(obj);
}

/*
 * Queue @obs, reserved by zx_object_reserve_observer(), unless a @trigger
 * signal is already active or it is queued already. Returns whether a
 * signal is active.
 */
bool zx_object_arm_observer(struct zx_object *obj, struct zx_observer *obs,
			    zx_signals_t trigger)
{
	bool active;

	zx_object_lock(obj);
	active = atomic_read(&obj->signals) & trigger;
	if (!active && list_empty(&obs->node)) {
		obs->trigger = trigger;
		zx_object_queue_observer_locked(obj, obs);
	}
	zx_object_unlock(obj);
	return active;
}
