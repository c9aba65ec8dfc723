// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets: two peered endpoints that carry a byte stream
 * (ZX_SOCKET_STREAM) or datagrams (ZX_SOCKET_DATAGRAM) both ways.
 *
 * Buffers
 * -------
 * Each endpoint has a receive buffer holding what its peer wrote, at most
 * ZX_SOCKET_CAPACITY bytes of payload (256 KiB, close to Zircon's 128
 * MBufs). It is a FIFO of page-sized chunks allocated as data is written
 * (ZX_GFP: charged to the writer's memory cgroup) and freed as it is
 * read, so an idle socket holds no buffer memory and a reader that never
 * reads costs its writers ZX_ERR_SHOULD_WAIT, nothing more. A datagram is
 * stored as a u32 length header and its bytes; a header never straddles
 * two chunks, and headers do not count against the capacity (a buffer of
 * one-byte datagrams takes about five times the capacity: still bounded).
 * Besides its buffer an endpoint's writers hold at most one write's
 * private chunks (the one being copied in, up to the capacity).
 *
 * Locking
 * -------
 * No lock that the other endpoint's users need, and none that a close
 * waits for, is ever held across a user copy. A caller whose copy stalls
 * (its buffer is a userfaultfd page nobody answers, or a FUSE-backed
 * mapping) delays only the callers queued behind it on its own endpoint
 * in its own direction; the peer's reads, writes, dispositions, property
 * calls and close, and its process's exit, go on. Three locks:
 *
 * - The pair's object lock (zx_object_lock(), the shared spinlock of
 *   every peered object, bottom halves disabled) protects ->peer, the
 *   signals, each buffer's structure (chunk list, size, avail, a chunk's
 *   head and tail), the thresholds, read_disabled and rx_closed. Nothing
 *   under it sleeps or touches user memory; the one copy under it is a
 *   write's merge into the last chunk (less than a page). Chunks taken
 *   off a buffer under it are freed after it is dropped.
 * - An endpoint's write_lock (a mutex, taken killably) serialises the
 *   endpoint's writers, so each buffer has one producer at a time. It is
 *   held across copy_from_user(). A write checks itself in Zircon's order
 *   and sizes itself under the object lock, copies the user's bytes into
 *   fresh private chunks laid out as they will sit in the buffer (a small
 *   write that fits in the last chunk: into a bounce buffer on the
 *   stack), then, under the object lock again, re-checks that the peer is
 *   linked and the endpoint's writes are enabled (so a write takes effect
 *   there, and fails as it would have had it started then), merges its
 *   first bytes into the buffer's last chunk with memcpy if that is still
 *   where the write was laid out to continue, appends the rest and
 *   publishes size, avail and signals. The room counted at the start is
 *   still there: only this producer adds to the buffer.
 * - An endpoint's read_lock (a mutex, taken killably) serialises the
 *   readers of the endpoint's receive buffer: one consumer at a time. It
 *   is held across copy_to_user(). A read takes its snapshot (size,
 *   avail, first chunk) under the object lock and copies out without it:
 *   the bytes before the snapshot's end are stable, because a writer only
 *   appends chunks and fills the last one past its tail (WRITE_ONCE(),
 *   read with READ_ONCE()), and only the holder of read_lock moves a head
 *   or frees a chunk. It then consumes under the object lock. A PEEK
 *   consumes nothing.
 *
 * Order: write_lock or read_lock, then the object lock; no path holds
 * two of the mutexes. The last-handle close takes no mutex it could wait
 * for (mutex_trylock() only).
 *
 * A write copies into memory readers cannot see yet and publishes it only
 * once the whole copy succeeded; a read copies out before it consumes
 * anything. A fault (-EFAULT, which the library reports as
 * ZX_ERR_INVALID_ARGS) therefore changes nothing.
 *
 * Lifetimes
 * ---------
 * One rule: a receive buffer's chunks are freed only by whoever holds the
 * endpoint's read_lock (a reader consuming; the last-handle close, which
 * first unlinks the peers and then frees the buffer if mutex_trylock()
 * succeeds), or by the endpoint's release, when nobody can hold it any
 * more. A close that finds a reader copying sets rx_closed and leaves the
 * chunks to that reader, which frees them on its way out, or to the
 * release. A writer's private chunks are its own until it publishes them,
 * which it does only while the peers are linked, and it frees whatever
 * it did not publish. The pair is freed, after an RCU grace period as
 * objects are, once both endpoints have been released.
 */

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "socket.h"
#include "syscalls.h"
#include "table.h"

/* Payload bytes per direction; ZX_INFO_SOCKET reports it. */
#define ZX_SOCKET_CAPACITY	(256u * 1024)

struct zx_socket_chunk {
	struct list_head node;		/* on zx_socket_buf.chunks, or private */
	u32 head;			/* first unread byte; object lock */
	u32 tail;			/* end of the bytes; object lock, see above */
	u8 data[];
};

#define ZX_SOCKET_CHUNK_BYTES	((u32)(PAGE_SIZE - sizeof(struct zx_socket_chunk)))
#define ZX_SOCKET_HDR		((u32)sizeof(u32))	/* a datagram's length */

/* Under the object lock; chunks freed by the read_lock holder only. */
struct zx_socket_buf {
	struct list_head chunks;	/* FIFO, none empty */
	u32 size;			/* published payload bytes */
	u32 avail;			/* next read's bytes */
};

struct zx_socket_pair;

struct zx_socket {
	struct zx_object base;
	struct zx_socket_pair *pair;	/* immutable */
	struct mutex write_lock;	/* this end's writers: the peer's rx */
	struct mutex read_lock;		/* this end's readers: rx */
	struct zx_socket_buf rx;	/* what the peer wrote */
	/* Under the object lock: */
	u32 read_threshold;		/* ZX_PROP_SOCKET_RX_THRESHOLD; 0: off */
	u32 write_threshold;		/* ZX_PROP_SOCKET_TX_THRESHOLD; 0: off */
	bool read_disabled;		/* the peer's writes are disabled */
	bool rx_closed;			/* last handle closed; rx is the reader's */
};

struct zx_socket_pair {
	refcount_t ref;			/* one per endpoint */
	u32 options;			/* immutable: ZX_SOCKET_DATAGRAM or not */
	struct rcu_head rcu;
	struct zx_socket end[2];
};

static inline struct zx_socket *to_socket(struct zx_object *obj)
{
	return container_of(obj, struct zx_socket, base);
}

static bool zx_socket_is_dgram(const struct zx_socket *s)
{
	return s->pair->options & ZX_SOCKET_DATAGRAM;
}

/* The peer, or NULL once either side's last handle has closed. */
static struct zx_socket *zx_socket_peer_locked(struct zx_socket *s)
{
	lockdep_assert_held(s->base.lock);
	return s->base.peer ? to_socket(s->base.peer) : NULL;
}

static void zx_socket_free_chunks(struct list_head *chunks)
{
	struct zx_socket_chunk *c, *tmp;

	list_for_each_entry_safe(c, tmp, chunks, node)
		free_page((unsigned long)c);
	INIT_LIST_HEAD(chunks);
}

/* What the next read returns: the next datagram, or every byte. */
static u32 zx_socket_buf_avail_locked(struct zx_socket *s, u32 size)
{
	const struct zx_socket_chunk *c;
	u32 len;

	lockdep_assert_held(s->base.lock);
	if (!zx_socket_is_dgram(s) || !size)
		return size;
	c = list_first_entry(&s->rx.chunks, struct zx_socket_chunk, node);
	memcpy(&len, c->data + c->head, ZX_SOCKET_HDR);
	return len;
}

/* Move @s's whole receive buffer to @dead, for freeing without the lock. */
static void zx_socket_drop_rx_locked(struct zx_socket *s, struct list_head *dead)
{
	lockdep_assert_held(s->base.lock);
	list_splice_tail_init(&s->rx.chunks, dead);
	s->rx.size = 0;
	s->rx.avail = 0;
}

/*
 * Writes this small (header included) that fit in the room of the last
 * chunk are copied in through the stack rather than a fresh page: many
 * small writes appended to a buffer cost no page allocation each.
 */
#define ZX_SOCKET_SMALL		256u

/* A write being copied in: private until published. */
struct zx_socket_fill {
	struct list_head fresh;		/* private chunks, filled in */
	struct zx_socket_chunk *last;	/* the buffer's last chunk when planned */
	u32 off;			/* where the write starts: last's tail, or 0 */
	u32 small;			/* bytes in bounce[], or 0: in fresh */
	u8 bounce[ZX_SOCKET_SMALL];
};

/*
 * Lay a write of @len bytes out to continue @peer's last chunk past its
 * tail, if it has room (for a datagram, room for the header at least:
 * headers never straddle chunks), else to start a chunk of its own.
 */
static void zx_socket_plan_locked(struct zx_socket *peer,
				  struct zx_socket_fill *f, u32 len, bool dgram)
{
	u32 need = len + (dgram ? ZX_SOCKET_HDR : 0);
	struct zx_socket_buf *buf = &peer->rx;
	u32 room = 0;

	lockdep_assert_held(peer->base.lock);
	f->last = list_empty(&buf->chunks) ? NULL :
		list_last_entry(&buf->chunks, struct zx_socket_chunk, node);
	if (f->last)
		room = ZX_SOCKET_CHUNK_BYTES - f->last->tail;
	if (dgram && room < ZX_SOCKET_HDR)
		room = 0;
	if (!room)
		f->last = NULL;
	f->off = f->last ? f->last->tail : 0;
	f->small = need <= room && need <= ZX_SOCKET_SMALL ? need : 0;
}

/*
 * Copy @len bytes from @src, after a length header for a datagram, into
 * f->bounce for a small write, else into fresh chunks, the first one
 * filled from f->off. No lock held: this may fault and sleep for as long
 * as user space likes. On failure nothing is left allocated.
 */
static int zx_socket_fill(struct zx_socket_fill *f, const u8 __user *src,
			  u32 len, bool dgram)
{
	u32 need = len + (dgram ? ZX_SOCKET_HDR : 0);
	u32 off = f->off, n, i, pages;
	struct zx_socket_chunk *c;

	INIT_LIST_HEAD(&f->fresh);
	if (f->small) {
		if (dgram)
			memcpy(f->bounce, &len, ZX_SOCKET_HDR);
		if (copy_from_user(f->bounce + need - len, src, len))
			return -EFAULT;
		return 0;
	}
	pages = DIV_ROUND_UP(off + need, ZX_SOCKET_CHUNK_BYTES);
	for (i = 0; i < pages; i++) {
		c = (void *)__get_free_page(ZX_GFP);
		if (!c) {
			zx_socket_free_chunks(&f->fresh);
			return ZX_ERR_NO_MEMORY;
		}
		c->head = i ? 0 : off;
		c->tail = c->head;
		list_add_tail(&c->node, &f->fresh);
	}

	c = list_first_entry(&f->fresh, struct zx_socket_chunk, node);
	if (dgram) {
		memcpy(c->data + off, &len, ZX_SOCKET_HDR);
		off += ZX_SOCKET_HDR;
	}
	while (len) {
		if (off == ZX_SOCKET_CHUNK_BYTES) {
			c->tail = off;
			c = list_next_entry(c, node);
			off = 0;
		}
		n = min(len, ZX_SOCKET_CHUNK_BYTES - off);
		if (copy_from_user(c->data + off, src, n)) {
			zx_socket_free_chunks(&f->fresh);
			return -EFAULT;
		}
		src += n;
		len -= n;
		off += n;
	}
	c->tail = off;
	return 0;
}

/*
 * Append @f to @peer's buffer. If the chunk the write was laid out to
 * continue is still the last one, with the same tail (a reader may have
 * consumed and freed it meanwhile, never anything else), the write's
 * first bytes are copied into it: a small write's bounce, or the first
 * fresh chunk's bytes, and that chunk goes back to f->fresh for the
 * caller to free. Otherwise the first fresh chunk is appended as it is,
 * starting at f->off, and a small write, which has no chunk, fails:
 * false, and nothing changed.
 */
static bool zx_socket_publish_locked(struct zx_socket *peer,
				     struct zx_socket_fill *f)
{
	struct zx_socket_buf *buf = &peer->rx;
	struct zx_socket_chunk *first, *last;
	bool merge;

	lockdep_assert_held(peer->base.lock);
	last = list_empty(&buf->chunks) ? NULL :
		list_last_entry(&buf->chunks, struct zx_socket_chunk, node);
	merge = f->last && last == f->last && last->tail == f->off;
	if (f->small) {
		if (!merge)
			return false;
		memcpy(last->data + f->off, f->bounce, f->small);
		WRITE_ONCE(last->tail, f->off + f->small);
		return true;
	}
	first = list_first_entry(&f->fresh, struct zx_socket_chunk, node);
	if (merge) {
		memcpy(last->data + f->off, first->data + f->off,
		       first->tail - f->off);
		WRITE_ONCE(last->tail, first->tail);
		list_del(&first->node);
		list_splice_tail_init(&f->fresh, &buf->chunks);
		list_add(&first->node, &f->fresh);
	} else {
		list_splice_tail_init(&f->fresh, &buf->chunks);
	}
	return true;
}

/*
 * A small write found its chunk consumed and freed (the buffer is empty
 * now, and stays so: nobody else adds to it): give it a chunk of its own.
 */
static int zx_socket_unbounce(struct zx_socket_fill *f)
{
	struct zx_socket_chunk *c = (void *)__get_free_page(ZX_GFP);

	if (!c)
		return ZX_ERR_NO_MEMORY;
	memcpy(c->data, f->bounce, f->small);
	c->head = 0;
	c->tail = f->small;
	list_add_tail(&c->node, &f->fresh);
	f->last = NULL;
	f->off = 0;
	f->small = 0;
	return 0;
}

/*
 * The checks, in Zircon's order (peer, disposition, empty write, size,
 * room), and the write's size in @n and layout in @f.
 */
static int zx_socket_write_begin_locked(struct zx_socket *s, size_t len,
					u32 *n, struct zx_socket_fill *f)
{
	struct zx_socket *peer = zx_socket_peer_locked(s);
	bool dgram = zx_socket_is_dgram(s);
	u32 room;

	lockdep_assert_held(s->base.lock);
	*n = 0;
	if (!peer)
		return ZX_ERR_PEER_CLOSED;
	if (atomic_read(&s->base.signals) & ZX_SOCKET_WRITE_DISABLED)
		return ZX_ERR_BAD_STATE;
	if (!len)
		return 0;
	if (len > U32_MAX)
		return ZX_ERR_INVALID_ARGS;
	room = ZX_SOCKET_CAPACITY - peer->rx.size;
	if (!room)
		return ZX_ERR_SHOULD_WAIT;
	if (dgram && len > ZX_SOCKET_CAPACITY)
		return ZX_ERR_OUT_OF_RANGE;
	if (dgram && len > room)
		return ZX_ERR_SHOULD_WAIT;	/* datagrams are never short */
	*n = min_t(size_t, len, room);
	zx_socket_plan_locked(peer, f, *n, dgram);
	return 0;
}

/*
 * Publish the @n bytes in @f, unless the peer went away or this end's
 * writes were disabled while they were copied in. -EAGAIN: a small
 * write's chunk is gone, zx_socket_unbounce() and try again.
 */
static int zx_socket_write_end_locked(struct zx_socket *s,
				      struct zx_socket_fill *f, u32 n)
{
	struct zx_socket *peer = zx_socket_peer_locked(s);
	zx_signals_t set = 0, clear = 0;
	u32 size;

	lockdep_assert_held(s->base.lock);
	if (!peer)
		return ZX_ERR_PEER_CLOSED;
	if (atomic_read(&s->base.signals) & ZX_SOCKET_WRITE_DISABLED)
		return ZX_ERR_BAD_STATE;
	if (!zx_socket_publish_locked(peer, f))
		return -EAGAIN;
	size = peer->rx.size + n;
	if (!peer->rx.size)
		set |= ZX_SOCKET_READABLE;
	if (peer->read_threshold && size >= peer->read_threshold)
		set |= ZX_SOCKET_READ_THRESHOLD;
	peer->rx.avail = zx_socket_buf_avail_locked(peer, size);
	peer->rx.size = size;
	zx_object_update_state_locked(&peer->base, 0, set);
	if (s->write_threshold &&
	    ZX_SOCKET_CAPACITY - size < s->write_threshold)
		clear |= ZX_SOCKET_WRITE_THRESHOLD;
	if (size == ZX_SOCKET_CAPACITY)
		clear |= ZX_SOCKET_WRITABLE;
	zx_object_update_state_locked(&s->base, clear, 0);
	return 0;
}

static int zx_socket_write(struct zx_socket *s, const u8 __user *src,
			   size_t len, size_t *actual)
{
	struct zx_socket_fill fill;
	u32 n;
	int ret;

	if (mutex_lock_killable(&s->write_lock))
		return -EINTR;
	zx_object_lock(&s->base);
	ret = zx_socket_write_begin_locked(s, len, &n, &fill);
	zx_object_unlock(&s->base);
	if (ret || !n)
		goto out;

	ret = zx_socket_fill(&fill, src, n, zx_socket_is_dgram(s));
	if (ret)
		goto out;

	for (;;) {
		zx_object_lock(&s->base);
		ret = zx_socket_write_end_locked(s, &fill, n);
		zx_object_unlock(&s->base);
		if (ret != -EAGAIN)
			break;
		ret = zx_socket_unbounce(&fill);
		if (ret)
			break;
	}
	zx_socket_free_chunks(&fill.fresh);
out:
	mutex_unlock(&s->write_lock);
	if (!ret)
		*actual = n;
	return ret;
}

/* A read's snapshot, taken under the object lock. */
struct zx_socket_read {
	struct zx_socket_chunk *first;	/* the buffer's first chunk */
	u32 n;				/* bytes to copy out */
	u32 skip;			/* from this far into the buffer */
	u32 taken;			/* payload bytes consumed */
	u32 drop;			/* buffer bytes consumed (headers too) */
};

static int zx_socket_read_begin_locked(struct zx_socket *s, size_t len,
				       struct zx_socket_read *rd)
{
	lockdep_assert_held(s->base.lock);
	if (!s->rx.size) {
		/* Data written before the peer closed stays readable. */
		if (!zx_socket_peer_locked(s))
			return ZX_ERR_PEER_CLOSED;
		if (s->read_disabled)
			return ZX_ERR_BAD_STATE; /* for good, until re-enabled */
		return ZX_ERR_SHOULD_WAIT;
	}
	if (zx_socket_is_dgram(s)) {
		/*
		 * One datagram, truncated to @len, the rest discarded. As in
		 * Zircon, a zero-length read leaves the datagram in place.
		 */
		rd->n = min_t(size_t, len, s->rx.avail);
		rd->skip = ZX_SOCKET_HDR;
		rd->taken = len ? s->rx.avail : 0;
		rd->drop = len ? ZX_SOCKET_HDR + rd->taken : 0;
	} else {
		rd->n = min_t(size_t, len, s->rx.size);
		rd->skip = 0;
		rd->taken = rd->n;
		rd->drop = rd->n;
	}
	rd->first = list_first_entry(&s->rx.chunks, struct zx_socket_chunk,
				     node);
	return 0;
}

/*
 * Copy @len bytes, starting @skip bytes into the buffer whose first chunk
 * is @c, to @dst. The caller holds read_lock and not the object lock; all
 * @skip + @len bytes were published before it took its snapshot, so this
 * follows a chunk's ->next only where a later chunk existed then.
 */
static int zx_socket_copy_out(struct zx_socket_chunk *c, u32 skip,
			      u8 __user *dst, u32 len)
{
	u32 have, n;

	while (len) {
		have = READ_ONCE(c->tail) - c->head;
		if (skip < have) {
			n = min(len, have - skip);
			if (copy_to_user(dst, c->data + c->head + skip, n))
				return -EFAULT;
			dst += n;
			len -= n;
			skip = 0;
		} else {
			skip -= have;
		}
		if (len)
			c = list_next_entry(c, node);
	}
	return 0;
}

/*
 * Drop the first @len bytes of @s's buffer, datagram headers included;
 * emptied chunks go to @dead. The caller holds read_lock too.
 */
static void zx_socket_consume_locked(struct zx_socket *s, u32 len,
				     struct list_head *dead)
{
	struct zx_socket_chunk *c;
	u32 n;

	lockdep_assert_held(s->base.lock);
	while (len) {
		c = list_first_entry(&s->rx.chunks, struct zx_socket_chunk,
				     node);
		n = min(len, c->tail - c->head);
		c->head += n;
		len -= n;
		if (c->head == c->tail)
			list_move_tail(&c->node, dead);
	}
}

/* Consume what @rd copied out; the signals follow, as for a write. */
static void zx_socket_read_end_locked(struct zx_socket *s,
				      const struct zx_socket_read *rd,
				      struct list_head *dead)
{
	struct zx_socket *peer = zx_socket_peer_locked(s);
	bool was_full = s->rx.size == ZX_SOCKET_CAPACITY;
	zx_signals_t set = 0, clear = 0;
	u32 size;

	lockdep_assert_held(s->base.lock);
	zx_socket_consume_locked(s, rd->drop, dead);
	size = s->rx.size - rd->taken;
	s->rx.avail = zx_socket_buf_avail_locked(s, size);
	s->rx.size = size;
	if (s->read_threshold && size < s->read_threshold)
		clear |= ZX_SOCKET_READ_THRESHOLD;
	if (!size)
		clear |= ZX_SOCKET_READABLE;
	zx_object_update_state_locked(&s->base, clear, 0);
	if (peer) {
		if (peer->write_threshold &&
		    ZX_SOCKET_CAPACITY - size >= peer->write_threshold)
			set |= ZX_SOCKET_WRITE_THRESHOLD;
		/* Unlike Zircon, a write-disabled end never turns WRITABLE. */
		if (was_full && rd->taken &&
		    !(atomic_read(&peer->base.signals) & ZX_SOCKET_WRITE_DISABLED))
			set |= ZX_SOCKET_WRITABLE;
		zx_object_update_state_locked(&peer->base, 0, set);
	}
}

static int zx_socket_read(struct zx_socket *s, bool peek, u8 __user *dst,
			  size_t len, size_t *actual)
{
	struct zx_socket_read rd;
	LIST_HEAD(dead);
	int ret;

	if (mutex_lock_killable(&s->read_lock))
		return -EINTR;
	if (len > U32_MAX) {
		ret = ZX_ERR_INVALID_ARGS;
		goto out;
	}
	zx_object_lock(&s->base);
	ret = zx_socket_read_begin_locked(s, len, &rd);
	zx_object_unlock(&s->base);
	if (ret)
		goto out;

	ret = zx_socket_copy_out(rd.first, rd.skip, dst, rd.n);
	if (ret)
		goto out;
	*actual = rd.n;
	if (peek)
		goto out;	/* PEEK changes no signals */

	zx_object_lock(&s->base);
	zx_socket_read_end_locked(s, &rd, &dead);
	zx_object_unlock(&s->base);
out:
	/* The last handle closed while we held read_lock: rx is ours. */
	if (READ_ONCE(s->rx_closed)) {
		zx_object_lock(&s->base);
		zx_socket_drop_rx_locked(s, &dead);
		zx_object_unlock(&s->base);
	}
	mutex_unlock(&s->read_lock);
	zx_socket_free_chunks(&dead);
	return ret;
}

/* Signal changes, for one endpoint. */
struct zx_socket_masks {
	zx_signals_t clear, set;
};

/*
 * Giving an endpoint the write disposition @d: the signal changes on the
 * endpoint (@me) and on its peer (@other), which reads what it writes.
 * @room: the peer's buffer has room (so WRITABLE is true on re-enabling).
 */
static void zx_socket_disposition_masks(u32 d, bool room,
					struct zx_socket_masks *me,
					struct zx_socket_masks *other)
{
	if (d == ZX_SOCKET_DISPOSITION_WRITE_DISABLED) {
		me->clear |= ZX_SOCKET_WRITABLE;
		me->set |= ZX_SOCKET_WRITE_DISABLED;
		other->set |= ZX_SOCKET_PEER_WRITE_DISABLED;
	} else if (d == ZX_SOCKET_DISPOSITION_WRITE_ENABLED) {
		me->clear |= ZX_SOCKET_WRITE_DISABLED;
		if (room)
			me->set |= ZX_SOCKET_WRITABLE;
		other->clear |= ZX_SOCKET_PEER_WRITE_DISABLED;
	}
}

/*
 * Zircon's IsDispositionStateValid(): the peer of @reader may not have its
 * writes re-enabled while @reader still holds data the peer wrote after
 * being disabled, i.e. data not yet read.
 */
static bool zx_socket_may_enable_peer_locked(struct zx_socket *reader, u32 d)
{
	lockdep_assert_held(reader->base.lock);
	return d != ZX_SOCKET_DISPOSITION_WRITE_ENABLED || !reader->rx.size ||
	       !(atomic_read(&reader->base.signals) & ZX_SOCKET_PEER_WRITE_DISABLED);
}

static void zx_socket_set_read_disabled_locked(struct zx_socket *reader, u32 d)
{
	lockdep_assert_held(reader->base.lock);
	if (d == ZX_SOCKET_DISPOSITION_WRITE_DISABLED)
		reader->read_disabled = true;
	else if (d == ZX_SOCKET_DISPOSITION_WRITE_ENABLED)
		reader->read_disabled = false;
}

/*
 * @d for @s, @dp for its peer. With the peer gone, Zircon still applies
 * @d to @s and returns ZX_OK; so do we, without ever asserting WRITABLE.
 */
static int zx_socket_set_disposition(struct zx_socket *s, u32 d, u32 dp)
{
	struct zx_socket_masks me = {}, other = {};
	struct zx_socket *peer;
	int ret = 0;

	zx_object_lock(&s->base);
	peer = zx_socket_peer_locked(s);
	if (!zx_socket_may_enable_peer_locked(s, dp) ||
	    (peer && !zx_socket_may_enable_peer_locked(peer, d))) {
		ret = ZX_ERR_BAD_STATE;
		goto out;
	}
	zx_socket_disposition_masks(d, peer &&
				    peer->rx.size < ZX_SOCKET_CAPACITY,
				    &me, &other);
	if (peer) {
		zx_socket_disposition_masks(dp, s->rx.size < ZX_SOCKET_CAPACITY,
					    &other, &me);
		zx_socket_set_read_disabled_locked(peer, d);
		zx_object_update_state_locked(&peer->base, other.clear,
					      other.set);
	}
	zx_socket_set_read_disabled_locked(s, dp);
	zx_object_update_state_locked(&s->base, me.clear, me.set);
out:
	zx_object_unlock(&s->base);
	return ret;
}

static int zx_socket_get_property(struct zx_object *obj, u32 property,
				  u64 *value)
{
	struct zx_socket *s = to_socket(obj);
	int ret = 0;

	zx_object_lock(obj);
	if (property == ZX_PROP_SOCKET_RX_THRESHOLD)
		*value = s->read_threshold;
	else if (property == ZX_PROP_SOCKET_TX_THRESHOLD)
		*value = s->write_threshold;
	else
		ret = ZX_ERR_INVALID_ARGS;
	zx_object_unlock(obj);
	return ret;
}

static int zx_socket_set_threshold_locked(struct zx_socket *s, u32 property,
					  u64 value)
{
	struct zx_socket *peer;
	zx_signals_t signal;
	bool active;

	lockdep_assert_held(s->base.lock);
	switch (property) {
	case ZX_PROP_SOCKET_RX_THRESHOLD:
		if (value > ZX_SOCKET_CAPACITY)
			return ZX_ERR_INVALID_ARGS;
		s->read_threshold = value;
		signal = ZX_SOCKET_READ_THRESHOLD;
		active = value && s->rx.size >= value;
		break;
	case ZX_PROP_SOCKET_TX_THRESHOLD:
		peer = zx_socket_peer_locked(s);
		if (!peer)
			return ZX_ERR_PEER_CLOSED;
		if (value > ZX_SOCKET_CAPACITY)
			return ZX_ERR_INVALID_ARGS;
		s->write_threshold = value;
		signal = ZX_SOCKET_WRITE_THRESHOLD;
		active = value && ZX_SOCKET_CAPACITY - peer->rx.size >= value;
		break;
	default:
		return ZX_ERR_INVALID_ARGS;
	}
	zx_object_update_state_locked(&s->base, active ? 0 : signal,
				      active ? signal : 0);
	return 0;
}

/*
 * Zircon's SetReadThreshold() and SetWriteThreshold(): the threshold
 * signal is re-evaluated at once (and cleared for 0, "off").
 */
static int zx_socket_set_property(struct zx_object *obj, u32 property,
				  u64 value)
{
	int ret;

	zx_object_lock(obj);
	ret = zx_socket_set_threshold_locked(to_socket(obj), property, value);
	zx_object_unlock(obj);
	return ret;
}

/* ZX_INFO_SOCKET; the caller holds rcu_read_lock() or a reference. */
void zx_socket_get_info(struct zx_object *obj, struct zircon_info_socket *info)
{
	struct zx_socket *s = to_socket(obj);

	memset(info, 0, sizeof(*info));
	info->options = s->pair->options;
	info->rx_buf_max = ZX_SOCKET_CAPACITY;
	zx_object_lock(obj);
	info->rx_buf_size = s->rx.size;
	info->rx_buf_available = s->rx.avail;
	if (obj->peer) {
		info->tx_buf_max = ZX_SOCKET_CAPACITY;
		info->tx_buf_size = to_socket(obj->peer)->rx.size;
	}
	zx_object_unlock(obj);
}

/*
 * Last handle closed: unlink the peers (the survivor sees PEER_CLOSED,
 * and a write copying into a private chunk finds the peer gone when it
 * comes to publish), then free the receive buffer unless a reader is
 * copying out of it, in which case it is that reader's to free. Never
 * waits for a lock held across a user copy.
 */
static void zx_socket_zero_handles(struct zx_object *obj)
{
	struct zx_socket *s = to_socket(obj);
	LIST_HEAD(dead);

	zx_object_peer_zero_handles(obj);
	zx_object_lock(obj);
	WRITE_ONCE(s->rx_closed, true);
	zx_object_unlock(obj);
	if (!mutex_trylock(&s->read_lock))
		return;
	zx_object_lock(obj);
	zx_socket_drop_rx_locked(s, &dead);
	zx_object_unlock(obj);
	mutex_unlock(&s->read_lock);
	zx_socket_free_chunks(&dead);
}

/*
 * Zircon clears WRITABLE and asserts PEER_CLOSED; WRITE_THRESHOLD, which
 * measures room in the peer's buffer, goes too.
 */
static void zx_socket_peer_closed_locked(struct zx_object *obj)
{
	zx_object_update_state_locked(obj, ZX_SOCKET_WRITABLE |
				      ZX_SOCKET_WRITE_THRESHOLD,
				      ZX_SOCKET_PEER_CLOSED);
}

static void zx_socket_release(struct zx_object *obj)
{
	struct zx_socket *s = to_socket(obj);
	struct zx_socket_pair *pair = s->pair;

	/* Whatever a reader racing the last close left behind. */
	zx_socket_free_chunks(&s->rx.chunks);
	mutex_destroy(&s->read_lock);
	mutex_destroy(&s->write_lock);
	if (refcount_dec_and_test(&pair->ref))
		kfree_rcu(pair, rcu);
}

static const struct zx_object_ops zx_socket_ops = {
	.type = ZX_OBJ_TYPE_SOCKET,
	.default_rights = ZX_DEFAULT_SOCKET_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.peered = true,
	.waitable = true,
	.on_zero_handles = zx_socket_zero_handles,
	.on_peer_closed_locked = zx_socket_peer_closed_locked,
	.release = zx_socket_release,
	.get_property = zx_socket_get_property,
	.set_property = zx_socket_set_property,
};

/* Look up a socket handle with @rights and take a reference on it. */
static int zx_socket_get(struct zx_table *table, zx_handle_t value,
			 zx_rights_t rights, struct zx_socket **out)
{
	struct zx_object *obj;
	int ret = zx_table_get_object(table, value, ZX_OBJ_TYPE_SOCKET, rights,
				      &obj);

	if (!ret)
		*out = to_socket(obj);
	return ret;
}

long zx_ioctl_socket_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_eventpair_create __user *up = uarg;
	struct zircon_eventpair_create args;
	struct zx_socket_pair *pair;
	struct zx_object *objs[2];
	u32 values[2];
	int i;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.options & ~ZX_SOCKET_CREATE_MASK)
		return ZX_ERR_INVALID_ARGS;

	pair = kzalloc(sizeof(*pair), ZX_GFP);
	if (!pair)
		return ZX_ERR_NO_MEMORY;
	refcount_set(&pair->ref, 2);
	pair->options = args.options;
	for (i = 0; i < 2; i++) {
		struct zx_socket *s = &pair->end[i];

		zx_object_init(&s->base, &zx_socket_ops);
		atomic_set(&s->base.signals, ZX_SOCKET_WRITABLE);
		s->pair = pair;
		mutex_init(&s->write_lock);
		mutex_init(&s->read_lock);
		INIT_LIST_HEAD(&s->rx.chunks);
		objs[i] = &s->base;
	}
	if (zx_object_pair(objs[0], objs[1])) {
		for (i = 0; i < 2; i++) {
			mutex_destroy(&pair->end[i].write_lock);
			mutex_destroy(&pair->end[i].read_lock);
		}
		kfree(pair);
		return ZX_ERR_NO_MEMORY;
	}
	return zx_table_publish_new(table, objs, values, 2, &up->out0);
}

/* Zircon checks the buffer and options before the handle. */
long zx_ioctl_socket_write(struct zx_table *table, void __user *uarg)
{
	struct zircon_socket_io __user *up = uarg;
	struct zircon_socket_io args;
	struct zx_socket *s;
	size_t actual;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.size && !args.buffer)
		return ZX_ERR_INVALID_ARGS;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;
	ret = zx_socket_get(table, args.handle, ZX_RIGHT_WRITE, &s);
	if (ret)
		return ret;
	ret = zx_socket_write(s, u64_to_user_ptr(args.buffer), args.size,
			      &actual);
	zx_object_put(&s->base);
	if (!ret && put_user((u64)actual, &up->actual))
		return -EFAULT;
	return ret;
}

long zx_ioctl_socket_read(struct zx_table *table, void __user *uarg)
{
	struct zircon_socket_io __user *up = uarg;
	struct zircon_socket_io args;
	struct zx_socket *s;
	size_t actual;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.size && !args.buffer)
		return ZX_ERR_INVALID_ARGS;
	if (args.options & ~ZX_SOCKET_PEEK)
		return ZX_ERR_INVALID_ARGS;
	ret = zx_socket_get(table, args.handle, ZX_RIGHT_READ, &s);
	if (ret)
		return ret;
	ret = zx_socket_read(s, args.options & ZX_SOCKET_PEEK,
			     u64_to_user_ptr(args.buffer), args.size, &actual);
	zx_object_put(&s->base);
	if (!ret && put_user((u64)actual, &up->actual))
		return -EFAULT;
	return ret;
}

static bool zx_socket_disposition_valid(u32 d)
{
	return d == 0 || d == ZX_SOCKET_DISPOSITION_WRITE_DISABLED ||
	       d == ZX_SOCKET_DISPOSITION_WRITE_ENABLED;
}

long zx_ioctl_socket_set_disposition(struct zx_table *table,
				     void __user *uarg)
{
	struct zircon_socket_set_disposition args;
	struct zx_socket *s;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	/* Both flags, or unknown ones, for either end. */
	if (!zx_socket_disposition_valid(args.disposition) ||
	    !zx_socket_disposition_valid(args.disposition_peer))
		return ZX_ERR_INVALID_ARGS;
	ret = zx_socket_get(table, args.handle, ZX_RIGHT_MANAGE_SOCKET, &s);
	if (ret)
		return ret;
	if (args.disposition || args.disposition_peer)
		ret = zx_socket_set_disposition(s, args.disposition,
						args.disposition_peer);
	zx_object_put(&s->base);
	return ret;
}
