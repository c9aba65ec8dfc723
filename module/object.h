/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel objects: the signal word, observers and peers.
 *
 * Object model and lifetimes
 * --------------------------
 * Every kernel object embeds a struct zx_object. Its memory is owned by a
 * kref: every handle holds one reference, and so does every observer that
 * is queued on it (a blocked wait). Handles are counted separately in
 * handle_count; when that reaches zero, ops->on_zero_handles() runs
 * synchronously in the closing task (that is how an eventpair's survivor
 * sees PEER_CLOSED before zx_handle_close() returns). Objects are freed
 * after an RCU grace period, so a lookup that found a handle under
 * rcu_read_lock() may still take the object's lock even while the last
 * handle is being closed.
 *
 * Signals live in one 32-bit atomic word. It is only changed with *lock
 * held, together with the walk of the observer list, so that whenever the
 * lock is free no queued observer matches an active signal. Clearing never
 * wakes anybody and setting a bit that is already set wakes nobody.
 *
 * Observers are wait-queue-like entries with one callback, fire(), called
 * under *lock when the entry is taken off the list: with the signals that
 * matched, or with the current signals plus ZX_SIGNAL_HANDLE_CLOSED when
 * it is cancelled (the handle it was registered through is closed, or a
 * port cancels it). fire() must not sleep. Object locks are taken with
 * bottom halves disabled, because timers raise signals from softirq.
 *
 * Peers (eventpair, channel, socket, fifo) share one lock, held in a
 * small refcounted zx_peer_lock, and point at each other through ->peer,
 * which is protected by that lock. The pointer holds no reference: it is
 * cleared, both ways, when either side's last handle closes, which always
 * happens before either side can be freed. (The channel garbage collector
 * reads it without the lock, under RCU: it only ever goes to NULL.)
 */
#ifndef _ZIRCON_OBJECT_H
#define _ZIRCON_OBJECT_H

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>

#include "zx_abi.h"

/*
 * Every allocation a user can cause: charged to the caller's memory cgroup,
 * and failing with ZX_ERR_NO_MEMORY rather than invoking the OOM killer, as
 * Zircon reports exhaustion to the caller instead of killing it.
 */
#define ZX_GFP	(GFP_KERNEL_ACCOUNT | __GFP_NORETRY | __GFP_NOWARN)

struct zx_object;
struct zx_handle;
struct poll_table_struct;

struct zx_object_ops {
	u32 type;			/* ZX_OBJ_TYPE_* */
	zx_rights_t default_rights;
	zx_signals_t user_signals;	/* settable by object_signal{,_peer} */
	bool peered;
	bool waitable;			/* default rights include WAIT */
	/* Last handle closed; process context, no locks held. Optional. */
	void (*on_zero_handles)(struct zx_object *obj);
	/*
	 * A handle closed and @remaining (> 0) are left; process context,
	 * no locks held. Optional (channels: see channel_gc.c).
	 */
	void (*handle_dropped)(struct zx_object *obj, unsigned int remaining);
	/* Peer of a closing side; called with the shared lock held. */
	void (*on_peer_closed_locked)(struct zx_object *obj);
	/* Last reference dropped: free the object with kfree_rcu(). */
	void (*release)(struct zx_object *obj);
	/*
	 * Optional, for signals that mirror state outside the module (a
	 * Linux file's readiness): bring them up to date before a wait
	 * looks at them. Process context, no locks held; may sleep. A
	 * non-NULL @pt also queues the poller on the outside state.
	 * @from_poll: called from a poll descriptor's ->poll, possibly
	 * nested in another file's poll (epoll holding its mutex).
	 */
	void (*refresh)(struct zx_object *obj, struct poll_table_struct *pt,
			bool from_poll);
	/*
	 * zx_object_{get,set}_property() after the rights check, for the
	 * properties this type has (ZX_ERR_INVALID_ARGS for the others).
	 * Process context, no locks held. Optional.
	 */
	int (*get_property)(struct zx_object *obj, u32 property, u64 *value);
	int (*set_property)(struct zx_object *obj, u32 property, u64 value);
};

/* Lock shared by the two sides of a peered object. */
struct zx_peer_lock {
	spinlock_t lock;		/* both sides' signals, observers, peer */
	refcount_t ref;			/* one per side */
	struct rcu_head rcu;
};

struct zx_object {
	const struct zx_object_ops *ops;
	spinlock_t *lock;		/* &own_lock, or &peer_lock->lock */
	atomic_t signals;		/* read locklessly, written under *lock */
	struct list_head observers;	/* of zx_observer, under *lock */
	unsigned int nr_observers;	/* on the list, under *lock */
	/*
	 * Under *lock: observer slots taken, bounded by max_object_observers:
	 * one per queued observer, one per poll descriptor armed or not.
	 */
	unsigned int nr_slots;
	zx_signals_t triggers;		/* under *lock: every trigger on the list, or more */
	struct zx_object *peer;		/* under *lock; NULL once closed */
	struct zx_peer_lock *peer_lock;	/* peered objects only, immutable */
	struct kref ref;
	atomic_t handle_count;
	u64 koid;			/* immutable */
	u64 related_koid;		/* immutable: the peer's koid, or 0 */
	spinlock_t own_lock;		/* solo objects' *lock */
	/* ZX_PROP_NAME, NUL-padded; under *lock (zx_object_{get,set}_name()) */
	char name[ZX_MAX_NAME_LEN];
	/* On zx_objects (debugfs.c) from publication to release; zx_objects_lock. */
	struct list_head registry;
	struct rcu_head rcu;
};

struct zx_observer {
	struct list_head node;		/* on obj->observers, under obj->lock */
	struct zx_handle *handle;	/* registered through, or NULL */
	u64 handle_serial;		/* that handle's serial, which outlives it */
	zx_signals_t trigger;
	bool reserved;			/* has a slot of its own: zx_object_reserve_observer() */
	/* Called under obj->lock, once, as the observer leaves the list. */
	void (*fire)(struct zx_observer *obs, zx_signals_t signals);
};

extern unsigned int zx_max_object_observers;

u64 zx_koid_alloc(void);
void zx_object_init(struct zx_object *obj, const struct zx_object_ops *ops);
int zx_object_pair(struct zx_object *a, struct zx_object *b);
void zx_object_put(struct zx_object *obj);
void zx_object_drop_handle(struct zx_object *obj);
void zx_object_get_name(struct zx_object *obj, char name[ZX_MAX_NAME_LEN]);
void zx_object_set_name(struct zx_object *obj, const char *name, size_t len);

/* The registry of live objects (debugfs.c). */
void zx_registry_add(struct zx_object *obj);
void zx_registry_remove(struct zx_object *obj);
void zx_debugfs_init(void);
void zx_debugfs_exit(void);

/*
 * Object locks are taken from softirq context too (timer expiry, see
 * timer.c), so process context takes them with bottom halves disabled.
 */
static inline void zx_object_lock(struct zx_object *obj)
	__acquires(obj->lock)
{
	spin_lock_bh(obj->lock);
}

static inline void zx_object_unlock(struct zx_object *obj)
	__releases(obj->lock)
{
	spin_unlock_bh(obj->lock);
}

static inline void zx_object_get(struct zx_object *obj)
{
	kref_get(&obj->ref);
}

void zx_object_update_state_locked(struct zx_object *obj,
				   zx_signals_t clear, zx_signals_t set);
void zx_object_update_state(struct zx_object *obj,
			    zx_signals_t clear, zx_signals_t set);
int zx_object_user_signal(struct zx_object *obj,
			  zx_signals_t clear, zx_signals_t set);
int zx_object_user_signal_peer(struct zx_object *obj,
			       zx_signals_t clear, zx_signals_t set);
void zx_object_peer_zero_handles(struct zx_object *obj);

int zx_object_add_observer(struct zx_object *obj, struct zx_observer *obs,
			   struct zx_handle *handle, zx_signals_t trigger,
			   bool edge);
bool zx_object_remove_observer(struct zx_object *obj, struct zx_observer *obs,
			       zx_signals_t *signals);
int zx_object_pin_handle(struct zx_object *obj, struct zx_handle *handle);
unsigned int zx_object_cancel_locked(struct zx_object *obj,
				     bool (*match)(struct zx_observer *obs,
						   const void *arg),
				     const void *arg);
void zx_object_close_handle(struct zx_object *obj, struct zx_handle *handle);
int zx_object_reserve_observer(struct zx_object *obj, struct zx_observer *obs);
void zx_object_release_observer(struct zx_object *obj, struct zx_observer *obs);
bool zx_object_arm_observer(struct zx_object *obj, struct zx_observer *obs,
			    zx_signals_t trigger);

#endif /* _ZIRCON_OBJECT_H */
