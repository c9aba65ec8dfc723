// SPDX-License-Identifier: GPL-2.0
/*
 * The channel cycle collector.
 *
 * A channel end can sit in a message queued on itself or on any end that
 * only it can reach (write end A through its peer B, close B: A's only
 * handle is in A's own queue). Zircon leaks such cycles; here they would
 * leak kernel memory, so this collector finds and destroys them, in the
 * manner of the Unix-socket garbage collector (net/unix/garbage.c).
 *
 * Each end counts the handles to it that sit in messages (inflight), and
 * ends with any are on zx_channel_inflight. An end all of whose handles
 * are in messages is a candidate. A candidate is live if a handle to it
 * sits in a message outside the candidates' queues, or its peer is not a
 * candidate (the peer's owner can still write to it, and would see
 * PEER_CLOSED if it went); everything in a live end's queue, and its
 * peer, is live too. The candidates left are garbage: their queues are
 * destroyed, which closes the ends in them, and so on.
 *
 * Races: the counts change only under zx_channel_gc_lock, which a run
 * holds throughout, and are conservative - a handle is counted from the
 * moment it enters a message until it has left it (been published or
 * closed), so a handle on its way in or out is never found in a queue and
 * keeps its end live. Reading, writing or calling through an end pins it
 * (channel_ops.c), so such an end is never a candidate, and every end its
 * owner can write to is live through the peer rule.
 *
 * Runs happen in a work item, after a handle of an end with handles in
 * flight is dropped or an end loses its peer; zx_channel_gc_exit()
 * collects whatever is left when the module goes.
 */

#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "channel.h"
#include "table.h"

/* Protects every end's inflight, gc_* fields and zx_channel_inflight. */
static DEFINE_SPINLOCK(zx_channel_gc_lock);
static LIST_HEAD(zx_channel_inflight);

static void zx_channel_gc_count(struct zx_channel_msg *msg, int delta)
{
	u32 i;

	spin_lock(&zx_channel_gc_lock);
	for (i = 0; i < msg->num_handles; i++) {
		struct zx_object *obj = msg->handles[i]->obj;
		struct zx_channel *ch;

		if (!zx_is_channel(obj))
			continue;
		ch = to_channel(obj);
		WRITE_ONCE(ch->inflight, ch->inflight + delta);
		if (ch->inflight == 1 && delta > 0)
			list_add_tail(&ch->gc_node, &zx_channel_inflight);
		else if (!ch->inflight)
			list_del_init(&ch->gc_node);
	}
	spin_unlock(&zx_channel_gc_lock);
}

/* @msg's handles to channels entered it. */
void zx_channel_gc_add(struct zx_channel_msg *msg)
{
	zx_channel_gc_count(msg, 1);
}

/* @msg's handles to channels are leaving it. */
void zx_channel_gc_remove(struct zx_channel_msg *msg)
{
	zx_channel_gc_count(msg, -1);
}

static void zx_channel_gc_fn(struct work_struct *work);
static DECLARE_WORK(zx_channel_gc_work, zx_channel_gc_fn);

void zx_channel_gc_schedule(void)
{
	schedule_work(&zx_channel_gc_work);
}

/*
 * @ch lost a handle and @remaining are left. If all of them are in
 * messages, it may have become garbage.
 */
void zx_channel_gc_maybe(struct zx_channel *ch, unsigned int remaining)
{
	if (remaining <= READ_ONCE(ch->inflight))
		zx_channel_gc_schedule();
}

typedef void (*zx_channel_gc_fn_t)(struct zx_channel *child,
				   struct zx_channel **stack);

static void zx_channel_gc_msg(struct zx_channel_msg *msg, zx_channel_gc_fn_t fn,
			      struct zx_channel **stack)
{
	u32 i;

	for (i = 0; i < msg->num_handles && msg->num_channels; i++) {
		struct zx_object *obj = msg->handles[i]->obj;

		if (zx_is_channel(obj) && to_channel(obj)->gc_candidate)
			fn(to_channel(obj), stack);
	}
}

/*
 * Call @fn on every candidate end that @ch holds: in its queue, in replies
 * kept for interrupted calls, and (with @peer) its peer.
 */
static void zx_channel_gc_children(struct zx_channel *ch, zx_channel_gc_fn_t fn,
				   struct zx_channel **stack, bool peer)
{
	struct zx_channel_caller *parked;
	struct zx_channel_msg *msg;

	zx_object_lock(&ch->base);
	list_for_each_entry(msg, &ch->queue, node)
		zx_channel_gc_msg(msg, fn, stack);
	list_for_each_entry(parked, &ch->callers, node) {
		if (!parked->task && parked->reply)
			zx_channel_gc_msg(parked->reply, fn, stack);
	}
	if (peer && ch->base.peer && to_channel(ch->base.peer)->gc_candidate)
		fn(to_channel(ch->base.peer), stack);
	zx_object_unlock(&ch->base);
}

static void zx_channel_gc_unref(struct zx_channel *child,
				struct zx_channel **stack)
{
	child->gc_refs--;
}

static void zx_channel_gc_mark(struct zx_channel *child,
			       struct zx_channel **stack)
{
	if (child->gc_reachable)
		return;
	child->gc_reachable = true;
	child->gc_next = *stack;
	*stack = child;
}

/* A candidate whose peer is not one: its peer's owner keeps it. */
static bool zx_channel_gc_peer_live(struct zx_channel *ch)
{
	bool live;

	zx_object_lock(&ch->base);
	live = ch->base.peer && !to_channel(ch->base.peer)->gc_candidate;
	zx_object_unlock(&ch->base);
	return live;
}

/* One collection; destroys what it finds outside the lock. */
static void zx_channel_gc_run(void)
{
	struct zx_channel *ch, *stack = NULL;
	LIST_HEAD(candidates);
	LIST_HEAD(unparked);
	LIST_HEAD(dead);

	spin_lock(&zx_channel_gc_lock);
	list_for_each_entry(ch, &zx_channel_inflight, gc_node) {
		if (atomic_read(&ch->base.handle_count) != ch->inflight)
			continue;
		ch->gc_candidate = true;
		ch->gc_reachable = false;
		ch->gc_refs = ch->inflight;
		list_add_tail(&ch->gc_work, &candidates);
	}
	/* Handles not found in candidates' queues are held from outside. */
	list_for_each_entry(ch, &candidates, gc_work)
		zx_channel_gc_children(ch, zx_channel_gc_unref, NULL, false);
	list_for_each_entry(ch, &candidates, gc_work) {
		if (ch->gc_refs || zx_channel_gc_peer_live(ch))
			zx_channel_gc_mark(ch, &stack);
	}
	while (stack) {
		ch = stack;
		stack = ch->gc_next;
		zx_channel_gc_children(ch, zx_channel_gc_mark, &stack, true);
	}
	list_for_each_entry(ch, &candidates, gc_work) {
		ch->gc_candidate = false;
		if (ch->gc_reachable)
			continue;
		zx_object_lock(&ch->base);
		zx_channel_flush_locked(ch, &dead, &unparked);
		zx_object_unlock(&ch->base);
	}
	spin_unlock(&zx_channel_gc_lock);
	zx_channel_free_parked(&unparked);
	/* Closes the garbage ends' handles, and with them the ends. */
	zx_channel_reap(&dead);
}

static void zx_channel_gc_fn(struct work_struct *work)
{
	zx_channel_gc_run();
}

/* No table is left: whatever is still in flight is garbage. */
void zx_channel_gc_exit(void)
{
	int runs;

	cancel_work_sync(&zx_channel_gc_work);
	for (runs = 0; runs < 64; runs++) {
		spin_lock(&zx_channel_gc_lock);
		if (list_empty(&zx_channel_inflight)) {
			spin_unlock(&zx_channel_gc_lock);
			break;
		}
		spin_unlock(&zx_channel_gc_lock);
		zx_channel_gc_run();
	}
	cancel_work_sync(&zx_channel_gc_work);
	WARN_ON_ONCE(!list_empty(&zx_channel_inflight));
}
