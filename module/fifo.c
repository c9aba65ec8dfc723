// SPDX-License-Identifier: GPL-2.0
/*
 * FIFOs: two peered objects, each with a ring of fixed-size elements.
 *
 * Object model and lifetimes
 * --------------------------
 * zx_fifo_create() makes two ends sharing one zx_peer_lock. Each end owns
 * the ring its own handles read from; the peer's handles write into it.
 * Both rings (elem_count * elem_size <= 4 KiB each) are allocated at
 * create, charged to the creator, and freed with their end, so a FIFO
 * never allocates after it exists. head and tail are slot indices below
 * elem_count (any count, as current Zircon allows), and used is the fill
 * level.
 *
 * A writer reaches the peer's ring through ->peer under the shared lock
 * and takes a reference on it there (->peer holds none), so the ring
 * stays valid while the writer sleeps on its mutex or faults on the
 * user's buffer.
 *
 * Locking
 * -------
 * A ring is a single-producer, single-consumer queue with a lock for each
 * side: wlock serialises the peer's writers (it guards head and the free
 * slots), rlock this end's readers (tail and the filled slots). Each is
 * held across copy_{from,to}_user(), which may fault and sleep for as long
 * as user space likes (a userfaultfd or FUSE-backed buffer), but only
 * users of the same side ever wait behind it: the holder of the other end
 * can never stall this end's reads, nor its writes to the other ring. A
 * writer only fills slots past head and a reader only empties slots
 * before it, so neither needs the other's lock; head and tail move, with
 * the signals they imply, under the shared spinlock (zx_object_lock()),
 * which also guards ->peer as for every peered object and nests inside
 * either mutex. No path holds two ring mutexes. The mutexes are taken
 * interruptibly: a waiter behind a stalled copy stays killable (the call
 * restarts, nothing having happened).
 *
 * Signals follow the rings: an end is READABLE while its ring holds an
 * element and WRITABLE while the peer's ring has room and the peer is
 * alive. They change with head and tail, under the spinlock, so they are
 * always consistent with the ring; only the peer's last close, under the
 * spinlock alone, drops WRITABLE for good. Elements become visible, and
 * ->peer is rechecked, in one spinlock section: once an end shows
 * PEER_CLOSED nothing new appears in its ring, as in Zircon.
 *
 * A copy fault publishes nothing: a write copies into free slots and
 * advances head only after the whole copy succeeded; a read advances tail
 * only after the user has every element.
 */

#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"

struct zx_fifo {
	struct zx_object base;
	struct mutex wlock;		/* the peer's writers into this ring */
	struct mutex rlock;		/* this end's readers */
	u32 head;			/* written under wlock and base.lock */
	u32 tail;			/* written under rlock and base.lock */
	u32 used;			/* elements in the ring, under base.lock */
	u32 elem_count;			/* immutable */
	u32 elem_size;			/* immutable */
	u8 *data;			/* slots past head: wlock; before it: rlock */
};

static struct zx_fifo *to_fifo(struct zx_object *obj)
{
	return container_of(obj, struct zx_fifo, base);
}

static void zx_fifo_release(struct zx_object *obj)
{
	struct zx_fifo *fifo = to_fifo(obj);

	mutex_destroy(&fifo->wlock);
	mutex_destroy(&fifo->rlock);
	kfree(fifo->data);
	kfree_rcu(fifo, base.rcu);
}

static void zx_fifo_peer_closed_locked(struct zx_object *obj)
{
	zx_object_update_state_locked(obj, ZX_FIFO_WRITABLE,
				      ZX_FIFO_PEER_CLOSED);
}

static const struct zx_object_ops zx_fifo_ops = {
	.type = ZX_OBJ_TYPE_FIFO,
	.default_rights = ZX_DEFAULT_FIFO_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.peered = true,
	.waitable = true,
	.on_zero_handles = zx_object_peer_zero_handles,
	.on_peer_closed_locked = zx_fifo_peer_closed_locked,
	.release = zx_fifo_release,
};

/*
 * Zircon's limits, each operand alone first so that the 64-bit product
 * cannot overflow.
 */
static bool zx_fifo_size_ok(u64 count, u64 size)
{
	return count && size && count <= ZX_FIFO_MAX_SIZE_BYTES &&
	       size <= ZX_FIFO_MAX_SIZE_BYTES &&
	       count * size <= ZX_FIFO_MAX_SIZE_BYTES;
}

static struct zx_fifo *zx_fifo_alloc(u32 count, u32 size)
{
	struct zx_fifo *fifo = kmalloc(sizeof(*fifo), ZX_GFP);

	if (!fifo)
		return NULL;
	fifo->data = kmalloc(count * size, ZX_GFP);
	if (!fifo->data) {
		kfree(fifo);
		return NULL;
	}
	zx_object_init(&fifo->base, &zx_fifo_ops);
	/* Not published yet: nobody can be watching the signals. */
	atomic_set(&fifo->base.signals, ZX_FIFO_WRITABLE);
	mutex_init(&fifo->wlock);
	mutex_init(&fifo->rlock);
	fifo->head = 0;
	fifo->tail = 0;
	fifo->used = 0;
	fifo->elem_count = count;
	fifo->elem_size = size;
	return fifo;
}

static void zx_fifo_free(struct zx_fifo *fifo)
{
	if (fifo) {
		kfree(fifo->data);
		kfree(fifo);
	}
}

long zx_ioctl_fifo_create(struct zx_table *table, void __user *uarg)
{
	struct zircon_fifo_create __user *up = uarg;
	struct zircon_fifo_create args;
	struct zx_object *objs[2];
	struct zx_fifo *fifo[2];
	u32 values[2];

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	/* Zircon rejects the sizes first: create(0, 0, 1) is OUT_OF_RANGE. */
	if (!zx_fifo_size_ok(args.elem_count, args.elem_size))
		return ZX_ERR_OUT_OF_RANGE;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;

	fifo[0] = zx_fifo_alloc(args.elem_count, args.elem_size);
	fifo[1] = zx_fifo_alloc(args.elem_count, args.elem_size);
	if (!fifo[0] || !fifo[1] ||
	    zx_object_pair(&fifo[0]->base, &fifo[1]->base)) {
		zx_fifo_free(fifo[0]);
		zx_fifo_free(fifo[1]);
		return ZX_ERR_NO_MEMORY;
	}
	objs[0] = &fifo[0]->base;
	objs[1] = &fifo[1]->base;
	return zx_table_publish_new(table, objs, values, 2, &up->out0);
}

/* Look up a FIFO handle with @rights and take a reference on its end. */
static int zx_fifo_ref(struct zx_table *table, zx_handle_t value,
		       zx_rights_t rights, struct zx_fifo **out)
{
	struct zx_object *obj;
	int ret = zx_table_get_object(table, value, ZX_OBJ_TYPE_FIFO, rights,
				      &obj);

	if (!ret)
		*out = to_fifo(obj);
	return ret;
}

/* The peer end, with a reference, or NULL once it has closed. */
static struct zx_fifo *zx_fifo_peer_ref(struct zx_fifo *fifo)
{
	struct zx_object *peer;

	zx_object_lock(&fifo->base);
	peer = fifo->base.peer;
	/* A linked peer still has handles, so references too. */
	if (peer)
		zx_object_get(peer);
	zx_object_unlock(&fifo->base);
	return peer ? to_fifo(peer) : NULL;
}

/*
 * Copy @n elements between @ubuf and @ring's slots from slot @pos on,
 * wrapping at the end of the ring. The caller holds the side's mutex
 * that owns those slots.
 */
static int zx_fifo_copy(struct zx_fifo *ring, u32 pos, void __user *ubuf,
			u32 n, bool to_ring)
{
	while (n) {
		u32 chunk = min(n, ring->elem_count - pos);
		size_t len = (size_t)chunk * ring->elem_size;
		u8 *slot = ring->data + (size_t)pos * ring->elem_size;
		unsigned long left;

		if (to_ring)
			left = copy_from_user(slot, ubuf, len);
		else
			left = copy_to_user(ubuf, slot, len);
		if (left)
			return -EFAULT;
		pos = 0;
		n -= chunk;
		ubuf += len;
	}
	return 0;
}

/* Slot @pos moved on by @n <= elem_count, wrapping at the end. */
static u32 zx_fifo_advance(const struct zx_fifo *ring, u32 pos, u32 n)
{
	pos += n;
	return pos >= ring->elem_count ? pos - ring->elem_count : pos;
}

/* Zircon's OUT_OF_RANGE checks for both directions. */
static int zx_fifo_check_io(const struct zx_fifo *ring,
			    const struct zircon_fifo_io *args)
{
	if (args->elem_size != ring->elem_size || !args->count)
		return ZX_ERR_OUT_OF_RANGE;
	return 0;
}

/* Write from @src's handle into @dst's ring (WriteSelfLocked in Zircon). */
static int zx_fifo_push(struct zx_fifo *src, struct zx_fifo *dst,
			const struct zircon_fifo_io *args, u32 *actual)
{
	u32 room, n = 0;
	int ret = 0;

	if (mutex_lock_interruptible(&dst->wlock))
		return -ERESTARTSYS;
	/* Readers only ever make room: what is free now stays free. */
	zx_object_lock(&dst->base);
	room = dst->elem_count - dst->used;
	if (src->base.peer != &dst->base)
		ret = ZX_ERR_PEER_CLOSED;	/* closed since we looked */
	else if (!room)
		ret = ZX_ERR_SHOULD_WAIT;
	zx_object_unlock(&dst->base);
	if (ret)
		goto out;

	n = min_t(u64, args->count, room);
	ret = zx_fifo_copy(dst, dst->head, u64_to_user_ptr(args->data), n,
			   true);
	if (ret)
		goto out;
	zx_object_lock(&dst->base);
	if (src->base.peer != &dst->base) {
		ret = ZX_ERR_PEER_CLOSED;
	} else {
		if (!dst->used)
			zx_object_update_state_locked(&dst->base, 0,
						      ZX_FIFO_READABLE);
		dst->head = zx_fifo_advance(dst, dst->head, n);
		dst->used += n;
		if (dst->used == dst->elem_count)
			zx_object_update_state_locked(&src->base,
						      ZX_FIFO_WRITABLE, 0);
	}
	zx_object_unlock(&dst->base);
out:
	mutex_unlock(&dst->wlock);
	*actual = ret ? 0 : n;
	return ret;
}

/* Read from @fifo's own ring (ReadToUserLocked in Zircon). */
static int zx_fifo_pop(struct zx_fifo *fifo, const struct zircon_fifo_io *args,
		       u32 *actual)
{
	u32 used, n = 0;
	int ret = 0;

	if (mutex_lock_interruptible(&fifo->rlock))
		return -ERESTARTSYS;
	/* Writers only ever add: what is there now stays there. */
	zx_object_lock(&fifo->base);
	used = fifo->used;
	/* Queued elements outlive the peer; then it is over. */
	if (!used)
		ret = fifo->base.peer ? ZX_ERR_SHOULD_WAIT : ZX_ERR_PEER_CLOSED;
	zx_object_unlock(&fifo->base);
	if (ret)
		goto out;

	n = min_t(u64, args->count, used);
	ret = zx_fifo_copy(fifo, fifo->tail, u64_to_user_ptr(args->data), n,
			   false);
	if (ret)
		goto out;
	zx_object_lock(&fifo->base);
	if (fifo->used == fifo->elem_count && fifo->base.peer)
		zx_object_update_state_locked(fifo->base.peer, 0,
					      ZX_FIFO_WRITABLE);
	fifo->tail = zx_fifo_advance(fifo, fifo->tail, n);
	fifo->used -= n;
	if (!fifo->used)
		zx_object_update_state_locked(&fifo->base, ZX_FIFO_READABLE, 0);
	zx_object_unlock(&fifo->base);
out:
	mutex_unlock(&fifo->rlock);
	*actual = ret ? 0 : n;
	return ret;
}

/*
 * Zircon's order: the handle (BAD_HANDLE, WRONG_TYPE, ACCESS_DENIED);
 * for a write the peer (PEER_CLOSED) before the sizes (OUT_OF_RANGE), for
 * a read the sizes first; then SHOULD_WAIT, or PEER_CLOSED for a drained
 * read; a bad buffer last (INVALID_ARGS, nothing moved).
 */
static long zx_fifo_io(struct zx_table *table, void __user *uarg, bool write)
{
	struct zircon_fifo_io __user *up = uarg;
	struct zircon_fifo_io args;
	struct zx_fifo *fifo, *dst;
	u32 actual = 0;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	ret = zx_fifo_ref(table, args.handle,
			  write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ, &fifo);
	if (ret)
		return ret;

	if (write) {
		dst = zx_fifo_peer_ref(fifo);
		if (!dst) {
			ret = ZX_ERR_PEER_CLOSED;
		} else {
			ret = zx_fifo_check_io(dst, &args);
			if (!ret)
				ret = zx_fifo_push(fifo, dst, &args, &actual);
			zx_object_put(&dst->base);
		}
	} else {
		ret = zx_fifo_check_io(fifo, &args);
		if (!ret)
			ret = zx_fifo_pop(fifo, &args, &actual);
	}
	zx_object_put(&fifo->base);

	/* As in Zircon, a bad count pointer fails a transfer that happened. */
	if (!ret && put_user((u64)actual, &up->actual))
		ret = -EFAULT;
	return ret;
}

long zx_ioctl_fifo_write(struct zx_table *table, void __user *uarg)
{
	return zx_fifo_io(table, uarg, true);
}

long zx_ioctl_fifo_read(struct zx_table *table, void __user *uarg)
{
	return zx_fifo_io(table, uarg, false);
}
