/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channels: two peered endpoints that carry messages of bytes and handles.
 *
 * Object model and lifetimes
 * --------------------------
 * A message is one allocation: its handles (struct zx_handle, in no table:
 * "in transit") and its bytes. Writing builds the message in the writer's
 * context, moving handles out of the writer's table, and queues it on the
 * peer; reading dequeues it and publishes its handles in the reader's
 * table. A handle in transit keeps its object's handle count, so an object
 * whose only handle sits in an unread message stays alive, and destroying
 * a message closes its handles like zx_handle_close() would.
 *
 * An endpoint's queue belongs to the endpoint: it survives the peer's
 * close, and is destroyed (iteratively, see zx_channel_reap()) when the
 * endpoint's own last handle closes. Destroying a queue can close other
 * channels whose queues hold more channels, so destruction never recurses.
 *
 * Channels can form reference cycles through their queues (an endpoint
 * inside its own queue). channel_gc.c finds endpoints reachable only from
 * such cycles and destroys their queues. Every message that enters or
 * leaves a queue (or the reply slot of an interrupted call) tells it so,
 * under the queue's lock: zx_channel_gc_{en,de}queue_locked().
 *
 * Locking
 * -------
 * Both endpoints share one spinlock (zx_object.lock, the peer lock), which
 * protects the queues, the callers lists and the signals. Messages are
 * built and copied to user memory outside it. zx_channel_gc_lock (see
 * channel_gc.c) protects the collector's counts; it nests inside an
 * endpoint's lock, never the other way round.
 */
#ifndef _ZIRCON_CHANNEL_H
#define _ZIRCON_CHANNEL_H

#include <linux/list.h>
#include <linux/types.h>

#include "object.h"

struct zx_table;

/* Bits of zx_channel.gc_flags. */
enum { ZX_GC_CANDIDATE, ZX_GC_MARKED };

struct zx_channel_msg {
	struct list_head node;		/* on the receiving end's queue */
	u32 num_bytes;
	u32 num_handles;
	u32 num_channels;		/* handles to channels, for the collector */
	u8 *bytes;			/* inside this allocation */
	struct zx_handle *handles[];
};

struct zx_channel {
	struct zx_object base;
	/* Under base.lock: */
	struct list_head queue;		/* of zx_channel_msg, oldest first */
	u32 queued_msgs;
	size_t queued_bytes;		/* bytes plus handles, for the bound */
	struct list_head callers;	/* of zx_channel_caller: calls, parked ones */
	u32 parked;			/* parked callers (task NULL) */
	u32 next_txid;			/* call transaction ids of this end */
	u32 queued_channels;		/* queued messages with channel handles */
	/* The collector's (channel_gc.c says which lock covers which): */
	unsigned int inflight;		/* handles to this end in queued messages */
	struct list_head gc_node;	/* on the in-flight list while inflight */
	struct list_head gc_work;	/* on a run's candidates list */
	struct zx_channel *gc_next;	/* on a run's mark list */
	int gc_refs;			/* handles not found in candidates' queues */
	unsigned long gc_flags;		/* ZX_GC_CANDIDATE, ZX_GC_MARKED */
};

/* A message's bytes and handle array in user memory. */
struct zx_channel_io {
	void __user *bytes;
	void __user *handles;		/* u32s, or dispositions/infos (etc) */
	u32 num_bytes;			/* or iovecs, with iovec */
	u32 num_handles;
	bool etc;
	bool iovec;			/* ZX_CHANNEL_WRITE_USE_IOVEC */
};

/* A caller blocked in zx_channel_call(), on its own end's callers list. */
struct zx_channel_caller {
	struct zx_observer obs;		/* PEER_CLOSED, or its handle's close */
	struct list_head node;		/* on callers, under the lock */
	struct task_struct *task;	/* NULL: parked, its call interrupted */
	struct zx_channel_msg *reply;	/* under the lock */
	u32 txid;			/* immutable once listed */
	int status;			/* under the lock: PEER_CLOSED, CANCELED */
	int done;			/* set (release) once reply or status is */
};

static inline struct zx_channel *to_channel(struct zx_object *obj)
{
	return container_of(obj, struct zx_channel, base);
}

/* channel.c */
bool zx_is_channel(const struct zx_object *obj);
int zx_channel_create_pair(struct zx_object *objs[2]);
int zx_channel_send(struct zx_channel *ch, struct zx_channel_msg *msg);
int zx_channel_read(struct zx_table *table, struct zx_channel *ch,
		    const struct zx_channel_io *io, bool discard, u32 actual[2]);
int zx_channel_call_begin(struct zx_channel *ch, struct zx_handle *handle,
			  struct zx_channel_caller *caller);
void zx_channel_call_abort(struct zx_channel *ch,
			   struct zx_channel_caller *caller);
int zx_channel_call(struct zx_table *table, struct zx_channel *ch,
		    struct zx_channel_caller *caller, struct zx_channel_msg *msg,
		    u32 *txid, s64 deadline, const struct zx_channel_io *io,
		    u32 actual[2]);
void zx_channel_drop_transit(struct zx_channel *ch, struct list_head *msgs);
void zx_channel_flush_locked(struct zx_channel *ch, struct list_head *msgs,
			     struct list_head *unparked);
void zx_channel_free_parked(struct list_head *unparked);

/* channel_msg.c */
struct zx_channel_msg *zx_channel_msg_alloc(u32 num_bytes, u32 num_handles);
int zx_channel_iov_size(const void __user *uvec, u32 count, u32 *size);
int zx_channel_iov_copy(struct zx_channel_msg *msg, const void __user *uvec,
			u32 count);
void zx_channel_reap(struct list_head *msgs);
int zx_channel_msg_put_handles(struct zx_table *table,
			       struct zx_channel_msg *msg, u32 num,
			       const struct zx_object *channel,
			       const void __user *uhandles, bool etc);
void zx_channel_consume_handles(struct zx_table *table,
				const void __user *uhandles, u32 num_handles,
				bool etc);
int zx_channel_msg_reserve(struct zx_table *table, u32 *index, u32 n);
void zx_channel_msg_unreserve(struct zx_table *table, u32 *index, u32 n);
int zx_channel_msg_take_handles(struct zx_table *table,
				struct zx_channel_msg *msg, u32 *index,
				void __user *uhandles, bool etc);

/* channel_gc.c */
void zx_channel_gc_enqueue_locked(struct zx_channel *ch,
				  const struct zx_channel_msg *msg);
void zx_channel_gc_dequeue_locked(struct zx_channel *ch,
				  const struct zx_channel_msg *msg);
void zx_channel_gc_schedule(void);
void zx_channel_gc_maybe(struct zx_channel *ch, unsigned int remaining);
int zx_channel_gc_init(void);
void zx_channel_gc_exit(void);

#endif /* _ZIRCON_CHANNEL_H */
