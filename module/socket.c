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
 *
 * Locking
 * -------
 * Both endpoints live in one allocation, struct zx_socket_pair, whose
 * mutex io_lock serialises everything that touches either buffer or the
 * endpoints' socket state: writes, reads, dispositions, thresholds, and
 * the last-handle close of either side. So under io_lock a peer that is
 * linked stays linked, and its buffer stays put while we copy to or from
 * user memory, which happens under io_lock and never under the object
 * lock. Signals change under the pair's shared object lock, nested inside
 * io_lock. A buffer's size and avail are written with both locks held, so
 * ZX_INFO_SOCKET reads them under the object lock alone.
 *
 * A write copies into memory readers cannot see yet (fresh chunks, and
 * the room past the last chunk's tail) and publishes it only once the
 * whole copy succeeded; a read copies out before it consumes anything. A
 * fault (-EFAULT, which the library reports as ZX_ERR_INVALID_ARGS)
 * therefore changes nothing.
 *
 * Lifetimes
 * ---------
 * An endpoint frees its receive buffer when its last handle closes
 * (nobody can read it any more), under io_lock, before it unlinks the
 * peers. The pair is freed, after an RCU grace period as objects are,
 * once both endpoints have been released.
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
	struct list_head node;		/* on zx_socket_buf.chunks */
	u32 head;			/* first unread byte of data[] */
	u32 tail;			/* end of the published bytes */
	u8 data[];
};

#define ZX_SOCKET_CHUNK_BYTES	((u32)(PAGE_SIZE - sizeof(struct zx_socket_chunk)))
#define ZX_SOCKET_HDR		((u32)sizeof(u32))	/* a datagram's length */

struct zx_socket_buf {
	struct list_head chunks;	/* FIFO, none empty; under io_lock */
	u32 size;			/* payload bytes; io_lock + object lock */
	u32 avail;			/* next read's bytes; io_lock + object lock */
};

struct zx_socket_pair;

struct zx_socket {
	struct zx_object base;
	struct zx_socket_pair *pair;	/* immutable */
	struct zx_socket_buf rx;	/* what the peer wrote */
	/* Under pair->io_lock: */
	u32 read_threshold;		/* ZX_PROP_SOCKET_RX_THRESHOLD; 0: off */
	u32 write_threshold;		/* ZX_PROP_SOCKET_TX_THRESHOLD; 0: off */
	bool read_disabled;		/* the peer's writes are disabled */
};

struct zx_socket_pair {
	struct mutex io_lock;		/* see the top of this file */
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
static struct zx_socket *zx_socket_peer(struct zx_socket *s)
{
	/* ->peer only changes in zx_socket_zero_handles(), under io_lock. */
	lockdep_assert_held(&s->pair->io_lock);
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
static u32 zx_socket_buf_avail(struct zx_socket *s, u32 size)
{
	const struct zx_socket_chunk *c;
	u32 len;

	lockdep_assert_held(&s->pair->io_lock);
	if (!zx_socket_is_dgram(s) || !size)
		return size;
	c = list_first_entry(&s->rx.chunks, struct zx_socket_chunk, node);
	memcpy(&len, c->data + c->head, ZX_SOCKET_HDR);
	return len;
}

/* A write copied in but not published yet. */
struct zx_socket_fill {
	struct list_head fresh;		/* new chunks, filled in */
	struct zx_socket_chunk *last;	/* the buffer's last chunk, if used */
	u32 last_tail;			/* its tail once published */
};

/* The copy filled @c up to @end. */
static void zx_socket_fill_mark(struct zx_socket_fill *f,
				struct zx_socket_chunk *c, u32 end)
{
	if (c == f->last)
		f->last_tail = end;
	else
		c->tail = end;
}

/*
 * Copy @len bytes from @src, after a length header for a datagram, into
 * the room left in @buf's last chunk and into fresh chunks, publishing
 * nothing. On failure nothing is left allocated.
 */
static int zx_socket_fill(struct zx_socket_buf *buf, struct zx_socket_fill *f,
			  const u8 __user *src, u32 len, bool dgram)
{
	u32 need = len + (dgram ? ZX_SOCKET_HDR : 0);
	struct zx_socket_chunk *c;
	u32 room = 0, off, n, i;

	INIT_LIST_HEAD(&f->fresh);
	f->last = list_empty(&buf->chunks) ? NULL :
		list_last_entry(&buf->chunks, struct zx_socket_chunk, node);
	if (f->last)
		room = ZX_SOCKET_CHUNK_BYTES - f->last->tail;
	if (dgram && room < ZX_SOCKET_HDR)
		room = 0;		/* headers never straddle chunks */
	if (!room)
		f->last = NULL;

	for (i = 0; room + i * ZX_SOCKET_CHUNK_BYTES < need; i++) {
		c = (void *)__get_free_page(ZX_GFP);
		if (!c) {
			zx_socket_free_chunks(&f->fresh);
			return ZX_ERR_NO_MEMORY;
		}
		c->head = 0;
		c->tail = 0;
		list_add_tail(&c->node, &f->fresh);
	}

	c = f->last ?: list_first_entry(&f->fresh, struct zx_socket_chunk, node);
	off = c->tail;
	if (dgram) {
		memcpy(c->data + off, &len, ZX_SOCKET_HDR);
		off += ZX_SOCKET_HDR;
	}
	while (len) {
		if (off == ZX_SOCKET_CHUNK_BYTES) {
			zx_socket_fill_mark(f, c, off);
			c = c == f->last ?
				list_first_entry(&f->fresh, struct zx_socket_chunk, node) :
				list_next_entry(c, node);
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
	zx_socket_fill_mark(f, c, off);
	return 0;
}

static void zx_socket_publish(struct zx_socket_buf *buf,
			      struct zx_socket_fill *f)
{
	if (f->last)
		f->last->tail = f->last_tail;
	list_splice_tail_init(&f->fresh, &buf->chunks);
}

/* Copy @len bytes, starting @skip bytes into @buf, to @dst. */
static int zx_socket_copy_out(struct zx_socket_buf *buf, u32 skip,
			      u8 __user *dst, u32 len)
{
	struct zx_socket_chunk *c;
	u32 have, n;

	list_for_each_entry(c, &buf->chunks, node) {
		if (!len)
			break;
		have = c->tail - c->head;
		if (skip >= have) {
			skip -= have;
			continue;
		}
		n = min(len, have - skip);
		if (copy_to_user(dst, c->data + c->head + skip, n))
			return -EFAULT;
		dst += n;
		len -= n;
		skip = 0;
	}
	return 0;
}

/* Drop the first @len bytes of @buf, datagram headers included. */
static void zx_socket_consume(struct zx_socket_buf *buf, u32 len)
{
	struct zx_socket_chunk *c;
	u32 n;

	while (len) {
		c = list_first_entry(&buf->chunks, struct zx_socket_chunk, node);
		n = min(len, c->tail - c->head);
		c->head += n;
		len -= n;
		if (c->head == c->tail) {
			list_del(&c->node);
			free_page((unsigned long)c);
		}
	}
}

static int zx_socket_write(struct zx_socket *s, const u8 __user *src,
			   size_t len, size_t *actual)
{
	struct zx_socket_pair *pair = s->pair;
	bool dgram = zx_socket_is_dgram(s);
	zx_signals_t set = 0, clear = 0;
	struct zx_socket_fill fill;
	struct zx_socket *peer;
	u32 room, n, size;
	int ret;

	if (mutex_lock_killable(&pair->io_lock))
		return -EINTR;
	/* Zircon's order: peer, disposition, empty write, size, room. */
	peer = zx_socket_peer(s);
	if (!peer) {
		ret = ZX_ERR_PEER_CLOSED;
		goto out;
	}
	if (atomic_read(&s->base.signals) & ZX_SOCKET_WRITE_DISABLED) {
		ret = ZX_ERR_BAD_STATE;
		goto out;
	}
	ret = 0;
	*actual = 0;
	if (!len)
		goto out;
	if (len > U32_MAX) {
		ret = ZX_ERR_INVALID_ARGS;
		goto out;
	}
	room = ZX_SOCKET_CAPACITY - peer->rx.size;
	if (!room) {
		ret = ZX_ERR_SHOULD_WAIT;
		goto out;
	}
	if (dgram && len > ZX_SOCKET_CAPACITY) {
		ret = ZX_ERR_OUT_OF_RANGE;
		goto out;
	}
	if (dgram && len > room) {
		ret = ZX_ERR_SHOULD_WAIT;	/* datagrams are never short */
		goto out;
	}
	n = min_t(size_t, len, room);
	ret = zx_socket_fill(&peer->rx, &fill, src, n, dgram);
	if (ret)
		goto out;
	zx_socket_publish(&peer->rx, &fill);
	size = peer->rx.size + n;

	zx_object_lock(&s->base);
	if (!peer->rx.size)
		set |= ZX_SOCKET_READABLE;
	if (peer->read_threshold && size >= peer->read_threshold)
		set |= ZX_SOCKET_READ_THRESHOLD;
	peer->rx.avail = zx_socket_buf_avail(peer, size);
	peer->rx.size = size;
	zx_object_update_state_locked(&peer->base, 0, set);
	if (s->write_threshold &&
	    ZX_SOCKET_CAPACITY - size < s->write_threshold)
		clear |= ZX_SOCKET_WRITE_THRESHOLD;
	if (size == ZX_SOCKET_CAPACITY)
		clear |= ZX_SOCKET_WRITABLE;
	zx_object_update_state_locked(&s->base, clear, 0);
	zx_object_unlock(&s->base);
	*actual = n;
out:
	mutex_unlock(&pair->io_lock);
	return ret;
}

static int zx_socket_read(struct zx_socket *s, bool peek, u8 __user *dst,
			  size_t len, size_t *actual)
{
	struct zx_socket_pair *pair = s->pair;
	zx_signals_t set = 0, clear = 0;
	u32 n, skip, drop, taken, size;
	struct zx_socket *peer;
	bool was_full;
	int ret;

	if (mutex_lock_killable(&pair->io_lock))
		return -EINTR;
	if (len > U32_MAX) {
		ret = ZX_ERR_INVALID_ARGS;
		goto out;
	}
	peer = zx_socket_peer(s);
	if (!s->rx.size) {
		/* Data written before the peer closed stays readable. */
		if (!peer)
			ret = ZX_ERR_PEER_CLOSED;
		else if (s->read_disabled)
			ret = ZX_ERR_BAD_STATE;	/* for good, until re-enabled */
		else
			ret = ZX_ERR_SHOULD_WAIT;
		goto out;
	}
	if (zx_socket_is_dgram(s)) {
		/*
		 * One datagram, truncated to @len, the rest discarded. As in
		 * Zircon, a zero-length read leaves the datagram in place.
		 */
		n = min_t(size_t, len, s->rx.avail);
		skip = ZX_SOCKET_HDR;
		taken = len ? s->rx.avail : 0;
		drop = len ? ZX_SOCKET_HDR + taken : 0;
	} else {
		n = min_t(size_t, len, s->rx.size);
		skip = 0;
		taken = n;
		drop = n;
	}
	ret = zx_socket_copy_out(&s->rx, skip, dst, n);
	if (ret)
		goto out;
	*actual = n;
	if (peek)
		goto out;	/* PEEK changes no signals */

	was_full = s->rx.size == ZX_SOCKET_CAPACITY;
	zx_socket_consume(&s->rx, drop);
	size = s->rx.size - taken;

	zx_object_lock(&s->base);
	s->rx.avail = zx_socket_buf_avail(s, size);
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
		if (was_full && taken &&
		    !(atomic_read(&peer->base.signals) & ZX_SOCKET_WRITE_DISABLED))
			set |= ZX_SOCKET_WRITABLE;
		zx_object_update_state_locked(&peer->base, 0, set);
	}
	zx_object_unlock(&s->base);
out:
	mutex_unlock(&pair->io_lock);
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
static bool zx_socket_may_enable_peer(struct zx_socket *reader, u32 d)
{
	return d != ZX_SOCKET_DISPOSITION_WRITE_ENABLED || !reader->rx.size ||
	       !(atomic_read(&reader->base.signals) & ZX_SOCKET_PEER_WRITE_DISABLED);
}

static void zx_socket_set_read_disabled(struct zx_socket *reader, u32 d)
{
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
	struct zx_socket_pair *pair = s->pair;
	struct zx_socket *peer;
	int ret = 0;

	if (mutex_lock_killable(&pair->io_lock))
		return -EINTR;
	peer = zx_socket_peer(s);
	if (!zx_socket_may_enable_peer(s, dp) ||
	    (peer && !zx_socket_may_enable_peer(peer, d))) {
		ret = ZX_ERR_BAD_STATE;
		goto out;
	}
	zx_socket_disposition_masks(d, peer &&
				    peer->rx.size < ZX_SOCKET_CAPACITY,
				    &me, &other);
	if (peer)
		zx_socket_disposition_masks(dp, s->rx.size < ZX_SOCKET_CAPACITY,
					    &other, &me);

	zx_object_lock(&s->base);
	if (peer) {
		zx_socket_set_read_disabled(peer, d);
		zx_object_update_state_locked(&peer->base, other.clear,
					      other.set);
	}
	zx_socket_set_read_disabled(s, dp);
	zx_object_update_state_locked(&s->base, me.clear, me.set);
	zx_object_unlock(&s->base);
out:
	mutex_unlock(&pair->io_lock);
	return ret;
}

static int zx_socket_get_property(struct zx_object *obj, u32 property,
				  u64 *value)
{
	struct zx_socket *s = to_socket(obj);
	int ret = 0;

	if (mutex_lock_killable(&s->pair->io_lock))
		return -EINTR;
	if (property == ZX_PROP_SOCKET_RX_THRESHOLD)
		*value = s->read_threshold;
	else if (property == ZX_PROP_SOCKET_TX_THRESHOLD)
		*value = s->write_threshold;
	else
		ret = ZX_ERR_INVALID_ARGS;
	mutex_unlock(&s->pair->io_lock);
	return ret;
}

/*
 * Zircon's SetReadThreshold() and SetWriteThreshold(): the threshold
 * signal is re-evaluated at once (and cleared for 0, "off").
 */
static int zx_socket_set_property(struct zx_object *obj, u32 property,
				  u64 value)
{
	struct zx_socket *s = to_socket(obj);
	struct zx_socket *peer;
	zx_signals_t signal;
	bool active;
	int ret = 0;

	if (mutex_lock_killable(&s->pair->io_lock))
		return -EINTR;
	switch (property) {
	case ZX_PROP_SOCKET_RX_THRESHOLD:
		if (value > ZX_SOCKET_CAPACITY) {
			ret = ZX_ERR_INVALID_ARGS;
			goto out;
		}
		s->read_threshold = value;
		signal = ZX_SOCKET_READ_THRESHOLD;
		active = value && s->rx.size >= value;
		break;
	case ZX_PROP_SOCKET_TX_THRESHOLD:
		peer = zx_socket_peer(s);
		if (!peer) {
			ret = ZX_ERR_PEER_CLOSED;
			goto out;
		}
		if (value > ZX_SOCKET_CAPACITY) {
			ret = ZX_ERR_INVALID_ARGS;
			goto out;
		}
		s->write_threshold = value;
		signal = ZX_SOCKET_WRITE_THRESHOLD;
		active = value && ZX_SOCKET_CAPACITY - peer->rx.size >= value;
		break;
	default:
		ret = ZX_ERR_INVALID_ARGS;
		goto out;
	}
	zx_object_update_state(obj, active ? 0 : signal, active ? signal : 0);
out:
	mutex_unlock(&s->pair->io_lock);
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
 * Last handle closed: drop the receive buffer, then unlink the peers and
 * let the survivor see PEER_CLOSED, all under io_lock so that no read,
 * write or threshold change is half-way through either side.
 */
static void zx_socket_zero_handles(struct zx_object *obj)
{
	struct zx_socket *s = to_socket(obj);
	LIST_HEAD(chunks);

	mutex_lock(&s->pair->io_lock);
	list_splice_init(&s->rx.chunks, &chunks);
	zx_object_lock(obj);
	s->rx.size = 0;
	s->rx.avail = 0;
	zx_object_unlock(obj);
	zx_object_peer_zero_handles(obj);
	mutex_unlock(&s->pair->io_lock);
	zx_socket_free_chunks(&chunks);
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
	struct zx_socket_pair *pair = to_socket(obj)->pair;

	/* The buffer went with the last handle. */
	if (refcount_dec_and_test(&pair->ref)) {
		mutex_destroy(&pair->io_lock);
		kfree_rcu(pair, rcu);
	}
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
	mutex_init(&pair->io_lock);
	refcount_set(&pair->ref, 2);
	pair->options = args.options;
	for (i = 0; i < 2; i++) {
		struct zx_socket *s = &pair->end[i];

		zx_object_init(&s->base, &zx_socket_ops);
		atomic_set(&s->base.signals, ZX_SOCKET_WRITABLE);
		s->pair = pair;
		INIT_LIST_HEAD(&s->rx.chunks);
		objs[i] = &s->base;
	}
	if (zx_object_pair(objs[0], objs[1])) {
		mutex_destroy(&pair->io_lock);
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
