// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: the endpoint object and its state changes - queueing and
 * dequeuing messages with their signals, transactions (zx_channel_call)
 * and the last close. See channel.h for the object model; the system
 * calls are in channel_ops.c.
 *
 * Signals: READABLE while the queue holds a message. WRITABLE while the
 * peer is there and its queue has room; PEER_CLOSED once the peer's last
 * handle has closed. Zircon bounds a queue only by killing the writer
 * (a policy exception past 3500 messages); here a full queue makes writes
 * fail with ZX_ERR_SHOULD_WAIT and clears the writer's WRITABLE until the
 * reader catches up (Documentation/zircon.rst).
 */

#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "channel.h"
#include "table.h"
#include "wait.h"

/* Interrupted calls an end keeps replies for (see zx_channel_call_end()). */
#define ZX_CHANNEL_MAX_PARKED	16

static unsigned int zx_channel_max_msgs = 3500;
static unsigned int zx_channel_max_bytes = 4 << 20;

static int zx_channel_max_msgs_set(const char *val,
				   const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 1 << 20);
}

static int zx_channel_max_bytes_set(const char *val,
				    const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, ZX_CHANNEL_MAX_MSG_BYTES, 1 << 30);
}

static const struct kernel_param_ops zx_channel_max_msgs_ops = {
	.set = zx_channel_max_msgs_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops zx_channel_max_bytes_ops = {
	.set = zx_channel_max_bytes_set,
	.get = param_get_uint,
};

module_param_cb(channel_max_msgs, &zx_channel_max_msgs_ops,
		&zx_channel_max_msgs, 0644);
MODULE_PARM_DESC(channel_max_msgs,
		 "Messages a channel end queues before writes wait (default 3500, Zircon's limit)");
module_param_cb(channel_max_bytes, &zx_channel_max_bytes_ops,
		&zx_channel_max_bytes, 0644);
MODULE_PARM_DESC(channel_max_bytes,
		 "Bytes a channel end queues before writes wait (default 4 MiB)");

/* What a queued message costs against its queue's bound. */
static size_t zx_channel_msg_cost(const struct zx_channel_msg *msg)
{
	return sizeof(*msg) + msg->num_bytes +
	       msg->num_handles * (sizeof(struct zx_handle) + sizeof(void *));
}

static bool zx_channel_full_locked(const struct zx_channel *ch)
{
	lockdep_assert_held(ch->base.lock);
	return ch->queued_msgs >= READ_ONCE(zx_channel_max_msgs) ||
	       ch->queued_bytes >= READ_ONCE(zx_channel_max_bytes);
}

static void zx_channel_caller_finish(struct zx_channel_caller *caller)
{
	list_del_init(&caller->node);
	/* Pairs with the acquire in zx_channel_caller_done(). */
	smp_store_release(&caller->done, 1);
	wake_up_process(caller->task);
}

static void zx_channel_caller_fire(struct zx_observer *obs,
				   zx_signals_t signals)
{
	struct zx_channel_caller *caller =
		container_of(obs, struct zx_channel_caller, obs);

	if (caller->done)
		return;
	caller->status = (signals & ZX_SIGNAL_HANDLE_CLOSED) ?
			 ZX_ERR_CANCELED : ZX_ERR_PEER_CLOSED;
	zx_channel_caller_finish(caller);
}

static bool zx_channel_caller_done(void *arg)
{
	struct zx_channel_caller *caller = arg;

	/* Pairs with the release in zx_channel_caller_finish(). */
	return smp_load_acquire(&caller->done);
}

static u32 zx_channel_msg_txid(const struct zx_channel_msg *msg)
{
	u32 txid = 0;

	if (msg->num_bytes >= sizeof(txid))
		memcpy(&txid, msg->bytes, sizeof(txid));
	return txid;
}

/* Hand @msg to a caller on @ch waiting for it; false if there is none. */
static bool zx_channel_answer_locked(struct zx_channel *ch,
				     struct zx_channel_msg *msg)
{
	struct zx_channel_caller *caller;
	u32 txid;

	lockdep_assert_held(ch->base.lock);
	if (list_empty(&ch->callers))
		return false;
	txid = zx_channel_msg_txid(msg);
	list_for_each_entry(caller, &ch->callers, node) {
		if (caller->txid != txid || caller->reply)
			continue;
		caller->reply = msg;
		/* A parked call keeps it, listed (queued), until resumed. */
		if (caller->task)
			zx_channel_caller_finish(caller);
		else
			zx_channel_gc_enqueue_locked(ch, msg);
		return true;
	}
	return false;
}

/*
 * Deliver @msg, written through @ch, to the peer: to the call waiting for
 * it, else to the end of the peer's queue. On failure @msg stays the
 * caller's.
 */
int zx_channel_send(struct zx_channel *ch, struct zx_channel_msg *msg)
{
	struct zx_channel *peer;
	int ret = 0;

	zx_object_lock(&ch->base);
	if (!ch->base.peer) {
		ret = ZX_ERR_PEER_CLOSED;
		goto out;
	}
	peer = to_channel(ch->base.peer);
	if (zx_channel_answer_locked(peer, msg))
		goto out;
	if (zx_channel_full_locked(peer)) {
		ret = ZX_ERR_SHOULD_WAIT;
		goto out;
	}
	list_add_tail(&msg->node, &peer->queue);
	zx_channel_gc_enqueue_locked(peer, msg);
	peer->queued_msgs++;
	peer->queued_bytes += zx_channel_msg_cost(msg);
	zx_object_update_state_locked(&peer->base, 0, ZX_CHANNEL_READABLE);
	if (zx_channel_full_locked(peer))
		zx_object_update_state_locked(&ch->base, ZX_CHANNEL_WRITABLE, 0);
out:
	zx_object_unlock(&ch->base);
	return ret;
}

static void zx_channel_dequeue_locked(struct zx_channel *ch,
				      struct zx_channel_msg *msg)
{
	bool was_full = zx_channel_full_locked(ch);

	list_del(&msg->node);
	zx_channel_gc_dequeue_locked(ch, msg);
	ch->queued_msgs--;
	ch->queued_bytes -= zx_channel_msg_cost(msg);
	if (list_empty(&ch->queue))
		zx_object_update_state_locked(&ch->base, ZX_CHANNEL_READABLE, 0);
	if (was_full && !zx_channel_full_locked(ch) && ch->base.peer)
		zx_object_update_state_locked(ch->base.peer, 0,
					      ZX_CHANNEL_WRITABLE);
}

/*
 * Take the message at the head of @ch's queue if it fits the reader's
 * buffers and table slots are reserved for its handles (in @index, of
 * which *@reserved are held). Returns 0 with *@out set, or an error:
 * SHOULD_WAIT or PEER_CLOSED for an empty queue, BUFFER_TOO_SMALL (the
 * message dropped with @discard), or 1 when more slots are needed.
 * The sizes of the head message go to @actual either way.
 */
static int zx_channel_take_locked(struct zx_channel *ch, u32 num_bytes,
				  u32 num_handles, bool discard, u32 reserved,
				  struct zx_channel_msg **out, u32 actual[2])
{
	struct zx_channel_msg *msg;

	lockdep_assert_held(ch->base.lock);
	msg = list_first_entry_or_null(&ch->queue, struct zx_channel_msg, node);
	if (!msg)
		return ch->base.peer ? ZX_ERR_SHOULD_WAIT : ZX_ERR_PEER_CLOSED;
	actual[0] = msg->num_bytes;
	actual[1] = msg->num_handles;
	if (msg->num_bytes > num_bytes || msg->num_handles > num_handles) {
		if (!discard)
			return ZX_ERR_BUFFER_TOO_SMALL;
		zx_channel_dequeue_locked(ch, msg);
		*out = msg;
		return ZX_ERR_BUFFER_TOO_SMALL;
	}
	if (msg->num_handles > reserved)
		return 1;
	zx_channel_dequeue_locked(ch, msg);
	*out = msg;
	return 0;
}

/*
 * Copy a message the reader owns now out to user memory, bytes first, and
 * move its handles into @table's slots reserved in @index. A fault loses
 * the message, as on Zircon.
 */
static int zx_channel_msg_copy_out(struct zx_table *table,
				   struct zx_channel_msg *msg, u32 *index,
				   void __user *ubytes, void __user *uhandles,
				   bool etc)
{
	LIST_HEAD(lost);

	if (!copy_to_user(ubytes, msg->bytes, msg->num_bytes) &&
	    !zx_channel_msg_take_handles(table, msg, index, uhandles, etc))
		return 0;
	zx_channel_msg_unreserve(table, index, msg->num_handles);
	list_add(&msg->node, &lost);
	zx_channel_reap(&lost);
	return -EFAULT;
}

int zx_channel_read(struct zx_table *table, struct zx_channel *ch,
		    const struct zx_channel_io *io, bool discard, u32 actual[2])
{
	u32 index[ZX_CHANNEL_MAX_MSG_HANDLES];
	struct zx_channel_msg *msg = NULL;
	u32 reserved = 0;
	int ret;

	for (;;) {
		zx_object_lock(&ch->base);
		ret = zx_channel_take_locked(ch, io->num_bytes, io->num_handles,
					     discard, reserved, &msg, actual);
		zx_object_unlock(&ch->base);
		if (ret != 1)
			break;
		/* Reserve outside the lock (it may sleep), then look again. */
		ret = zx_channel_msg_reserve(table, index + reserved,
					     actual[1] - reserved);
		if (ret)
			break;
		reserved = actual[1];
	}
	if (ret || !msg) {
		zx_channel_msg_unreserve(table, index, reserved);
		if (msg) {
			LIST_HEAD(dropped);

			list_add(&msg->node, &dropped);
			zx_channel_reap(&dropped);
		}
		return ret;
	}
	/* A smaller message may have replaced the one we reserved for. */
	zx_channel_msg_unreserve(table, index + msg->num_handles,
				 reserved - msg->num_handles);
	return zx_channel_msg_copy_out(table, msg, index, io->bytes,
				       io->handles, io->etc);
}

/*
 * Deliver a reply the caller took off the queue or was handed: BUFFER_TOO_
 * SMALL (the reply dropped) unless it fits, else like a read.
 */
static int zx_channel_reply_out(struct zx_table *table,
				struct zx_channel_msg *msg,
				const struct zx_channel_io *io, u32 actual[2])
{
	u32 index[ZX_CHANNEL_MAX_MSG_HANDLES];
	LIST_HEAD(dropped);
	int ret;

	actual[0] = msg->num_bytes;
	actual[1] = msg->num_handles;
	if (msg->num_bytes > io->num_bytes || msg->num_handles > io->num_handles)
		ret = ZX_ERR_BUFFER_TOO_SMALL;
	else
		ret = zx_channel_msg_reserve(table, index, msg->num_handles);
	if (!ret)
		return zx_channel_msg_copy_out(table, msg, index, io->bytes,
					       io->handles, io->etc);
	list_add(&msg->node, &dropped);
	zx_channel_reap(&dropped);
	return ret;
}

/* A queued message answering @txid: a reply that came while we were away. */
static struct zx_channel_msg *zx_channel_find_reply_locked(struct zx_channel *ch,
							   u32 txid)
{
	struct zx_channel_msg *msg;

	lockdep_assert_held(ch->base.lock);
	list_for_each_entry(msg, &ch->queue, node) {
		if (zx_channel_msg_txid(msg) == txid) {
			zx_channel_dequeue_locked(ch, msg);
			return msg;
		}
	}
	return NULL;
}

/*
 * Start a zx_channel_call() through @handle, which the caller found under
 * rcu_read_lock() and still holds it for: from now on the peer's close or
 * @handle's ends the call.
 */
int zx_channel_call_begin(struct zx_channel *ch, struct zx_handle *handle,
			  struct zx_channel_caller *caller)
{
	*caller = (struct zx_channel_caller) {
		.node = LIST_HEAD_INIT(caller->node),
		.task = current,
		.obs.fire = zx_channel_caller_fire,
	};
	return zx_object_add_observer(&ch->base, &caller->obs, handle,
				      ZX_CHANNEL_PEER_CLOSED, false);
}

/*
 * End a call: returns the reply it got, if any. Without one, a call
 * interrupted by a Linux signal leaves *@park (preallocated; taken, and
 * *@park cleared) on the callers list in its place, so that a reply coming
 * while its thread runs the handler is kept for the resumed call rather
 * than queued where any reader could take it - on Zircon the thread would
 * only be suspended. An end keeps at most ZX_CHANNEL_MAX_PARKED; past
 * that, or with the peer gone, the reply is queued (and the resumed call
 * looks for it there).
 */
static struct zx_channel_msg *zx_channel_call_end(struct zx_channel *ch,
						  struct zx_channel_caller *caller,
						  struct zx_channel_caller **park)
{
	struct zx_channel_msg *reply;
	zx_signals_t now;

	zx_object_lock(&ch->base);
	reply = caller->reply;
	if (!reply && *park && !list_empty(&caller->node) && ch->base.peer &&
	    ch->parked < ZX_CHANNEL_MAX_PARKED) {
		**park = (struct zx_channel_caller) { .txid = caller->txid };
		list_replace_init(&caller->node, &(*park)->node);
		ch->parked++;
		*park = NULL;
	} else {
		list_del_init(&caller->node);
	}
	zx_object_unlock(&ch->base);
	zx_object_remove_observer(&ch->base, &caller->obs, &now);
	zx_object_put(&ch->base);
	return reply;
}

void zx_channel_call_abort(struct zx_channel *ch,
			   struct zx_channel_caller *caller)
{
	struct zx_channel_caller *none = NULL;

	zx_channel_call_end(ch, caller, &none);
}

/* The parked entry of the interrupted call @txid, taken off the list. */
static struct zx_channel_caller *zx_channel_unpark_locked(struct zx_channel *ch,
							  u32 txid)
{
	struct zx_channel_caller *parked;

	lockdep_assert_held(ch->base.lock);
	list_for_each_entry(parked, &ch->callers, node) {
		if (!parked->task && parked->txid == txid) {
			list_del_init(&parked->node);
			ch->parked--;
			if (parked->reply)
				zx_channel_gc_dequeue_locked(ch, parked->reply);
			return parked;
		}
	}
	return NULL;
}

/*
 * The transaction of zx_channel_call(), begun by zx_channel_call_begin():
 * send @msg under a fresh transaction id, or for a call resumed after a
 * Linux signal (@msg NULL) look for the reply to *@txid among the queued
 * messages first; then wait until the peer answers, the peer or the
 * caller's handle closes, the deadline passes or a Linux signal comes
 * (-ERESTARTSYS, *@txid telling what to resume). Consumes @msg and the
 * caller's pin on @ch.
 */
int zx_channel_call(struct zx_table *table, struct zx_channel *ch,
		    struct zx_channel_caller *caller, struct zx_channel_msg *msg,
		    u32 *txid, s64 deadline, const struct zx_channel_io *io,
		    u32 actual[2])
{
	struct zx_channel_caller *park = NULL;
	struct zx_channel_msg *reply = NULL;
	int ret;

	zx_object_lock(&ch->base);
	if (msg) {
		*txid = ch->next_txid++ | 0x80000000u;
		memcpy(msg->bytes, txid, sizeof(*txid));
	} else {
		park = zx_channel_unpark_locked(ch, *txid);
		reply = park ? park->reply : zx_channel_find_reply_locked(ch, *txid);
	}
	caller->txid = *txid;
	if (reply) {
		caller->reply = reply;
		caller->done = 1;
	} else if (!caller->done) {
		list_add_tail(&caller->node, &ch->callers);
	}
	zx_object_unlock(&ch->base);
	kfree(park);
	park = NULL;

	ret = msg ? zx_channel_send(ch, msg) : 0;
	/*
	 * The wait needs no pin: the caller's observer holds a reference,
	 * and the caller's handle stays in its table, or the call ends.
	 * That keeps ZX_INFO_HANDLE_COUNT what Zircon would say meanwhile.
	 */
	zx_object_drop_handle(&ch->base);
	if (ret) {
		LIST_HEAD(unsent);

		zx_channel_call_abort(ch, caller);
		list_add(&msg->node, &unsent);
		zx_channel_reap(&unsent);
		return ret;
	}
	ret = zx_sleep_until(zx_channel_caller_done, caller, NULL, deadline);
	if (!ret)
		ret = caller->status;	/* done: a reply, or why there is none */
	if (ret == -ERESTARTSYS)
		park = kmalloc(sizeof(*park), ZX_GFP);
	reply = zx_channel_call_end(ch, caller, &park);
	kfree(park);
	if (reply)
		return zx_channel_reply_out(table, reply, io, actual);
	return ret;
}

/*
 * Empty an end nobody can read any more (closed, or garbage): its queue
 * and the replies kept for interrupted calls go to @msgs for destruction,
 * the parked entries themselves to @unparked.
 */
void zx_channel_flush_locked(struct zx_channel *ch, struct list_head *msgs,
			     struct list_head *unparked)
{
	struct zx_channel_caller *parked, *tmp;
	struct zx_channel_msg *msg;

	lockdep_assert_held(ch->base.lock);
	if (ch->queued_channels) {
		list_for_each_entry(msg, &ch->queue, node)
			zx_channel_gc_dequeue_locked(ch, msg);
	}
	list_splice_tail_init(&ch->queue, msgs);
	ch->queued_msgs = 0;
	ch->queued_bytes = 0;
	zx_object_update_state_locked(&ch->base, ZX_CHANNEL_READABLE, 0);
	list_for_each_entry_safe(parked, tmp, &ch->callers, node) {
		if (parked->task)
			continue;
		list_move(&parked->node, unparked);
		if (parked->reply) {
			zx_channel_gc_dequeue_locked(ch, parked->reply);
			list_add_tail(&parked->reply->node, msgs);
		}
	}
	ch->parked = 0;
}

void zx_channel_free_parked(struct list_head *unparked)
{
	struct zx_channel_caller *parked, *tmp;

	list_for_each_entry_safe(parked, tmp, unparked, node)
		kfree(parked);
}

/* Unlink the peers, then hand the queue to @msgs for destruction. */
static void zx_channel_close_end(struct zx_channel *ch, struct list_head *msgs)
{
	LIST_HEAD(unparked);
	struct zx_object *peer;
	bool orphan = false;

	zx_object_lock(&ch->base);
	peer = ch->base.peer;
	WRITE_ONCE(ch->base.peer, NULL);
	if (peer) {
		WRITE_ONCE(peer->peer, NULL);
		peer->ops->on_peer_closed_locked(peer);
		/* Unlinked, the peer may go as soon as we unlock. */
		orphan = READ_ONCE(to_channel(peer)->inflight);
	}
	zx_channel_flush_locked(ch, msgs, &unparked);
	zx_object_unlock(&ch->base);
	zx_channel_free_parked(&unparked);
	/* A peer whose handles are in flight was kept live by this end. */
	if (orphan)
		zx_channel_gc_schedule();
}

static void zx_channel_zero_handles(struct zx_object *obj)
{
	LIST_HEAD(msgs);

	zx_channel_close_end(to_channel(obj), &msgs);
	zx_channel_reap(&msgs);
}

/*
 * zx_object_drop_handle() for a handle in a message being destroyed:
 * closing the last one queues this end's messages on @msgs instead of
 * destroying them from within.
 */
void zx_channel_drop_transit(struct zx_channel *ch, struct list_head *msgs)
{
	unsigned int remaining = atomic_dec_return(&ch->base.handle_count);

	if (!remaining)
		zx_channel_close_end(ch, msgs);
	else
		zx_channel_gc_maybe(ch, remaining);
	zx_object_put(&ch->base);
}

static void zx_channel_handle_dropped(struct zx_object *obj,
				      unsigned int remaining)
{
	zx_channel_gc_maybe(to_channel(obj), remaining);
}

static void zx_channel_peer_closed_locked(struct zx_object *obj)
{
	/* Also ends the calls waiting on this end, with PEER_CLOSED. */
	zx_object_update_state_locked(obj, ZX_CHANNEL_WRITABLE,
				      ZX_CHANNEL_PEER_CLOSED);
}

static void zx_channel_release(struct zx_object *obj)
{
	struct zx_channel *ch = to_channel(obj);

	WARN_ON_ONCE(!list_empty(&ch->queue) || ch->inflight);
	kfree_rcu(ch, base.rcu);
}

static const struct zx_object_ops zx_channel_ops = {
	.type = ZX_OBJ_TYPE_CHANNEL,
	.default_rights = ZX_DEFAULT_CHANNEL_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.peered = true,
	.waitable = true,
	.on_zero_handles = zx_channel_zero_handles,
	.handle_dropped = zx_channel_handle_dropped,
	.on_peer_closed_locked = zx_channel_peer_closed_locked,
	.release = zx_channel_release,
};

bool zx_is_channel(const struct zx_object *obj)
{
	return obj->ops == &zx_channel_ops;
}

static struct zx_channel *zx_channel_alloc(void)
{
	struct zx_channel *ch = kzalloc(sizeof(*ch), ZX_GFP);

	if (!ch)
		return NULL;
	zx_object_init(&ch->base, &zx_channel_ops);
	INIT_LIST_HEAD(&ch->queue);
	INIT_LIST_HEAD(&ch->callers);
	INIT_LIST_HEAD(&ch->gc_node);
	INIT_LIST_HEAD(&ch->gc_work);
	atomic_set(&ch->base.signals, ZX_CHANNEL_WRITABLE);
	return ch;
}

/* Two linked ends, each with a creator's handle count, not published. */
int zx_channel_create_pair(struct zx_object *objs[2])
{
	struct zx_channel *ch[2] = { zx_channel_alloc(), zx_channel_alloc() };

	if (!ch[0] || !ch[1] || zx_object_pair(&ch[0]->base, &ch[1]->base)) {
		kfree(ch[0]);
		kfree(ch[1]);
		return ZX_ERR_NO_MEMORY;
	}
	objs[0] = &ch[0]->base;
	objs[1] = &ch[1]->base;
	return 0;
}
