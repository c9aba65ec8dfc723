// SPDX-License-Identifier: GPL-2.0
/*
 * The channel cycle collector.
 *
 * A channel end can sit in a message queued on itself or on any end that
 * only it can reach (write end A through its peer B, close B: A's only
 * handle is in A's own queue). Zircon leaks such cycles; here they would
 * leak kernel memory, so this collector finds and destroys them.
 *
 * What is counted
 * ---------------
 * An end's inflight is the number of handles to it inside messages that
 * are *queued* on some end: on its queue, or kept as the reply of an
 * interrupted call (both "queued" below). A message being built, being
 * delivered to a reader or handed straight to a blocked caller is not
 * queued; its handles count as ordinary handles. Queueing and dequeueing
 * happen under the receiving end's lock, and the count changes in the same
 * critical section (zx_channel_gc_enqueue_locked() and _dequeue_locked(),
 * which nest zx_channel_gc_lock inside the end's lock). So an end is a
 * *candidate*, all of whose handles are queued, exactly when its handle
 * count equals its inflight count, and a handle leaves a queue - the only
 * way back into a table - only through _dequeue_locked().
 *
 * The algorithm
 * -------------
 * A run, serialised by zx_channel_gc_mutex:
 *
 *  1. Select: under the collector lock, in batches, every end on the
 *     in-flight list whose handle count equals its inflight becomes a
 *     candidate (a reference is taken, so it outlives the run), with
 *     gc_refs = inflight. From here until step 4 the run is in SCAN.
 *  2. Discount: for each candidate, under its lock, every handle found in
 *     its queue that names a candidate decrements that candidate's
 *     gc_refs. What is left counts handles held from outside.
 *  3. Mark: a candidate with gc_refs > 0, or whose peer is not a
 *     candidate (the peer's owner can write to it), is live; so is every
 *     candidate in a live candidate's queue, and its peer.
 *  4. Sweep: the candidates left unmarked are garbage: their queues are
 *     destroyed, which closes the ends inside, and so on.
 *
 * Why it is safe without a lock held across the run: the queues are read
 * one at a time, each under its own lock, while users go on. During SCAN,
 * every handle that leaves a queue marks its end live (the barrier in
 * _dequeue_locked(), under the collector lock). A candidate has no handle
 * outside queues, so nobody can read, write or call through it, or make a
 * new handle to it, without first taking one of its handles out of a
 * queue, which marks it; a message queued after selection only carries
 * handles that were outside queues then, which name live ends. Hence a
 * candidate that is never marked had all of its handles (exactly inflight
 * at selection: none can have been added) found in candidates' queues,
 * where they still are, and every one of those candidates is unmarked
 * too, or marking would have reached it. A live end's queue is never
 * destroyed, and no end that a user can still reach is either. The
 * decision is taken under the collector lock with no marks pending; after
 * it the barrier is off, since only the sweep itself touches garbage.
 * (This is the lesson of CVE-2021-0920 in the Unix collector: counting and
 * marking must see the same graph. Linux's 2024 rewrite keeps the graph
 * consistent by updating it under its lock at send and receive; here the
 * counts are updated that way and the barrier covers the walk.)
 *
 * Cost and fairness: the collector lock is held only for a bounded batch
 * of selections, a mark list hand-over and per-message count updates, so
 * one user's tens of thousands of ends in flight never make another
 * user's channel writes wait for a whole walk; each queue is walked under
 * its own end's lock, which only that channel's users share.
 *
 * Runs happen on the module's own kthread worker, "zircon-gc", after a
 * handle of an end with handles in flight is dropped or an end loses its
 * peer. The worker runs at the lowest priority (nice 19): collecting one
 * user's garbage is background work that must not take CPU time from
 * anybody's calls. zx_channel_gc_exit() collects whatever is left when the
 * module goes.
 *
 * Lock order: an end's lock, then zx_channel_gc_lock. The run itself
 * takes them one at a time, or in that order.
 */

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "channel.h"
#include "table.h"

/*
 * Protects every end's inflight, gc_node and gc_next (while on the mark
 * list), zx_channel_inflight, zx_channel_gc_marked and zx_channel_gc_phase,
 * and the CANDIDATE flag while the phase is SCAN (the run sets it under
 * this lock, the barrier reads it under it; the run clears it once the
 * phase is IDLE). MARKED is an atomic bit, set by the barrier under this
 * lock or by the run under an end's lock. None of it is held for longer
 * than a batch of ZX_GC_BATCH ends.
 */
static DEFINE_SPINLOCK(zx_channel_gc_lock);
static LIST_HEAD(zx_channel_inflight);
static struct zx_channel *zx_channel_gc_marked;	/* marked by the barrier */
static enum { ZX_GC_IDLE, ZX_GC_SCAN, ZX_GC_SWEEP } zx_channel_gc_phase;

/* One run at a time; a run's candidates and gc_refs belong to it. */
static DEFINE_MUTEX(zx_channel_gc_mutex);

/* Ends selected, or moved back to the in-flight list, per lock hold. */
#define ZX_GC_BATCH	64

static struct zx_channel *zx_gc_channel(const struct zx_handle *handle)
{
	return zx_is_channel(handle->obj) ? to_channel(handle->obj) : NULL;
}

/* Count @msg's handles to channels in (+1) or out (-1) of @ch's queue. */
static void zx_channel_gc_count_locked(struct zx_channel *ch,
				       const struct zx_channel_msg *msg,
				       int delta)
{
	struct zx_channel *child;
	u32 i;

	lockdep_assert_held(ch->base.lock);
	if (!msg->num_channels)
		return;
	ch->queued_channels += delta;
	spin_lock(&zx_channel_gc_lock);
	for (i = 0; i < msg->num_handles; i++) {
		child = zx_gc_channel(msg->handles[i]);
		if (!child)
			continue;
		WRITE_ONCE(child->inflight, child->inflight + delta);
		if (delta > 0) {
			if (child->inflight == 1)
				list_add_tail(&child->gc_node,
					      &zx_channel_inflight);
			continue;
		}
		if (!child->inflight)
			list_del_init(&child->gc_node);
		/* The barrier: a handle out of a queue makes its end live. */
		if (zx_channel_gc_phase == ZX_GC_SCAN &&
		    test_bit(ZX_GC_CANDIDATE, &child->gc_flags) &&
		    !test_and_set_bit(ZX_GC_MARKED, &child->gc_flags)) {
			child->gc_next = zx_channel_gc_marked;
			zx_channel_gc_marked = child;
		}
	}
	spin_unlock(&zx_channel_gc_lock);
}

/* @msg was queued on @ch, or kept for one of its interrupted calls. */
void zx_channel_gc_enqueue_locked(struct zx_channel *ch,
				  const struct zx_channel_msg *msg)
{
	zx_channel_gc_count_locked(ch, msg, 1);
}

/* @msg left @ch's queue (or parked replies): to a reader, or to die. */
void zx_channel_gc_dequeue_locked(struct zx_channel *ch,
				  const struct zx_channel_msg *msg)
{
	zx_channel_gc_count_locked(ch, msg, -1);
}

static void zx_channel_gc_fn(struct kthread_work *work);
static DEFINE_KTHREAD_WORK(zx_channel_gc_work, zx_channel_gc_fn);
static struct kthread_worker *zx_channel_gc_worker;

void zx_channel_gc_schedule(void)
{
	kthread_queue_work(zx_channel_gc_worker, &zx_channel_gc_work);
}

/*
 * @ch lost a handle and @remaining are left. If all of them are queued,
 * it may have become garbage.
 */
void zx_channel_gc_maybe(struct zx_channel *ch, unsigned int remaining)
{
	if (remaining <= READ_ONCE(ch->inflight))
		zx_channel_gc_schedule();
}

static bool zx_gc_candidate(const struct zx_channel *ch)
{
	return test_bit(ZX_GC_CANDIDATE, &ch->gc_flags);
}

/* A run's list of ends to walk for marking (gc_next), the run's own. */
struct zx_gc_stack {
	struct zx_channel *top;
};

static void zx_channel_gc_mark(struct zx_channel *ch, struct zx_gc_stack *st)
{
	if (test_and_set_bit(ZX_GC_MARKED, &ch->gc_flags))
		return;
	ch->gc_next = st->top;
	st->top = ch;
}

enum zx_gc_walk { ZX_GC_DISCOUNT, ZX_GC_PROPAGATE };

static void zx_channel_gc_visit(const struct zx_channel_msg *msg,
				enum zx_gc_walk walk, struct zx_gc_stack *st)
{
	struct zx_channel *child;
	u32 i;

	for (i = 0; i < msg->num_handles && msg->num_channels; i++) {
		child = zx_gc_channel(msg->handles[i]);
		if (!child || !zx_gc_candidate(child))
			continue;
		if (walk == ZX_GC_DISCOUNT)
			child->gc_refs--;
		else
			zx_channel_gc_mark(child, st);
	}
}

/*
 * Visit the candidates @ch holds, in its queue and in the replies kept
 * for its interrupted calls: discount them, or mark them and (when
 * propagating) @ch's peer.
 */
static void zx_channel_gc_walk(struct zx_channel *ch, enum zx_gc_walk walk,
			       struct zx_gc_stack *st)
{
	struct zx_channel_caller *parked;
	struct zx_channel_msg *msg;
	struct zx_channel *peer;

	zx_object_lock(&ch->base);
	if (walk == ZX_GC_PROPAGATE && ch->base.peer) {
		peer = to_channel(ch->base.peer);
		if (zx_gc_candidate(peer))
			zx_channel_gc_mark(peer, st);
	}
	if (ch->queued_channels) {
		list_for_each_entry(msg, &ch->queue, node)
			zx_channel_gc_visit(msg, walk, st);
		list_for_each_entry(parked, &ch->callers, node) {
			if (!parked->task && parked->reply)
				zx_channel_gc_visit(parked->reply, walk, st);
		}
	}
	zx_object_unlock(&ch->base);
}

/* A candidate whose peer is not one: its peer's owner keeps it. */
static bool zx_channel_gc_peer_live(struct zx_channel *ch)
{
	bool live;

	zx_object_lock(&ch->base);
	live = ch->base.peer && !zx_gc_candidate(to_channel(ch->base.peer));
	zx_object_unlock(&ch->base);
	return live;
}

/* Step 1: take the candidates off the in-flight list, a batch at a time. */
static void zx_channel_gc_select(struct list_head *candidates)
{
	struct zx_channel *ch;
	LIST_HEAD(scan);
	int n;

	spin_lock_bh(&zx_channel_gc_lock);
	zx_channel_gc_phase = ZX_GC_SCAN;
	list_splice_init(&zx_channel_inflight, &scan);
	while (!list_empty(&scan)) {
		for (n = 0; n < ZX_GC_BATCH && !list_empty(&scan); n++) {
			ch = list_first_entry(&scan, struct zx_channel, gc_node);
			list_move_tail(&ch->gc_node, &zx_channel_inflight);
			if (atomic_read(&ch->base.handle_count) != ch->inflight)
				continue;
			/* Queued handles hold references: never the last. */
			zx_object_get(&ch->base);
			clear_bit(ZX_GC_MARKED, &ch->gc_flags);
			set_bit(ZX_GC_CANDIDATE, &ch->gc_flags);
			ch->gc_refs = ch->inflight;
			list_add_tail(&ch->gc_work, candidates);
		}
		/* Ends dequeued meanwhile left @scan with their inflight. */
		spin_unlock_bh(&zx_channel_gc_lock);
		cond_resched();
		spin_lock_bh(&zx_channel_gc_lock);
	}
	spin_unlock_bh(&zx_channel_gc_lock);
}

/* Step 3, until no mark is pending; then the barrier goes off. */
static void zx_channel_gc_mark_all(struct list_head *candidates)
{
	struct zx_gc_stack st = { NULL };
	struct zx_channel *ch;

	list_for_each_entry(ch, candidates, gc_work) {
		if (ch->gc_refs > 0 || zx_channel_gc_peer_live(ch))
			zx_channel_gc_mark(ch, &st);
		cond_resched();
	}
	for (;;) {
		while (st.top) {
			ch = st.top;
			st.top = ch->gc_next;
			zx_channel_gc_walk(ch, ZX_GC_PROPAGATE, &st);
			cond_resched();
		}
		spin_lock_bh(&zx_channel_gc_lock);
		st.top = zx_channel_gc_marked;
		zx_channel_gc_marked = NULL;
		if (!st.top)
			zx_channel_gc_phase = ZX_GC_SWEEP;
		spin_unlock_bh(&zx_channel_gc_lock);
		if (!st.top)
			return;
	}
}

/* One collection; destroys what it finds with no lock held. */
static void zx_channel_gc_run(void)
{
	struct zx_channel *ch, *tmp;
	LIST_HEAD(candidates);
	LIST_HEAD(unparked);
	LIST_HEAD(dead);

	mutex_lock(&zx_channel_gc_mutex);
	zx_channel_gc_select(&candidates);
	list_for_each_entry(ch, &candidates, gc_work) {
		zx_channel_gc_walk(ch, ZX_GC_DISCOUNT, NULL);
		cond_resched();
	}
	zx_channel_gc_mark_all(&candidates);

	/* Step 4. Nobody can reach an unmarked candidate any more. */
	list_for_each_entry(ch, &candidates, gc_work) {
		if (!test_bit(ZX_GC_MARKED, &ch->gc_flags)) {
			zx_object_lock(&ch->base);
			zx_channel_flush_locked(ch, &dead, &unparked);
			zx_object_unlock(&ch->base);
		}
		cond_resched();
	}
	spin_lock_bh(&zx_channel_gc_lock);
	zx_channel_gc_phase = ZX_GC_IDLE;
	spin_unlock_bh(&zx_channel_gc_lock);
	/*
	 * Off the barrier's sight now (it looks only during SCAN), and no
	 * other run can start before the mutex is released: no lock needed.
	 */
	list_for_each_entry(ch, &candidates, gc_work) {
		clear_bit(ZX_GC_CANDIDATE, &ch->gc_flags);
		cond_resched();
	}
	mutex_unlock(&zx_channel_gc_mutex);

	zx_channel_free_parked(&unparked);
	/* Closes the garbage ends' handles, and with them the ends. */
	zx_channel_reap(&dead);
	list_for_each_entry_safe(ch, tmp, &candidates, gc_work) {
		list_del_init(&ch->gc_work);
		zx_object_put(&ch->base);
		cond_resched();
	}
}

static void zx_channel_gc_fn(struct kthread_work *work)
{
	zx_channel_gc_run();
}

static bool zx_channel_gc_idle(void)
{
	bool idle;

	spin_lock_bh(&zx_channel_gc_lock);
	idle = list_empty(&zx_channel_inflight);
	spin_unlock_bh(&zx_channel_gc_lock);
	return idle;
}

int zx_channel_gc_init(void)
{
	struct kthread_worker *worker = kthread_create_worker(0, "zircon-gc");

	if (IS_ERR(worker))
		return PTR_ERR(worker);
	set_user_nice(worker->task, MAX_NICE);
	zx_channel_gc_worker = worker;
	return 0;
}

/* No table is left: whatever is still in flight is garbage. */
void zx_channel_gc_exit(void)
{
	int runs;

	kthread_cancel_work_sync(&zx_channel_gc_work);
	for (runs = 0; runs < 64 && !zx_channel_gc_idle(); runs++)
		zx_channel_gc_run();
	kthread_cancel_work_sync(&zx_channel_gc_work);
	WARN_ON_ONCE(!zx_channel_gc_idle());
	kthread_destroy_worker(zx_channel_gc_worker);
}
