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
 * never allocates after it exists. head and tail run freely and wrap at
 * 2^32; elem_count is a power of two, so head - tail is the fill level.
 *
 * A writer reaches the peer's ring through ->peer under the shared lock
 * and takes a reference on it there (->peer holds none), so the ring
 * stays valid while the writer sleeps on its mutex or faults on the
 * user's buffer.
 *
 * Locking
 * -------
 * ring->mutex serialises everything that moves data through one ring: the
 * peer's writers and this end's readers. It guards head, tail and data
 * and is held across copy_{from,to}_user(), which may fault and sleep.
 * The shared spinlock (zx_object_lock()) guards the signals and ->peer, as
 * for every peered object; it nests inside a ring mutex and is never held
 * across a user copy. Lock order: ring mutex -> shared spinlock. No path
 * holds two ring mutexes. The mutex is taken interruptibly: a copy that
 * faults on, say, a userfaultfd page can hold it for as long as user space
 * likes, and whoever waits behind it must stay killable (the call restarts,
 * nothing having happened).
 *
 * Signals follow the rings: an end is READABLE while its ring holds an
 * element and WRITABLE while the peer's ring has room and the peer is
 * alive. Both change only under the mutex of the ring they describe (and
 * the spinlock), so they are always consistent with it; only the peer's
 * last close, under the spinlock alone, drops WRITABLE for good. Elements
 * become visible, and ->peer is rechecked, in one spinlock section: once
 * an end shows PEER_CLOSED nothing new appears in its ring, as in Zircon.
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
	struct mutex mutex;		/* moves data through this ring */
	u32 head;			/* under mutex; advanced with base.lock held */
	u32 tail;			/* under mutex */
	u32 elem_count;			/* immutable, a power of two */
	u32 elem_size;			/* immutable */
	u8 *data;			/* under mutex: elem_count * elem_size bytes */
};

static struct zx_fifo *to_fifo(struct zx_object *obj)
{
	return container_of(obj, struct zx_fifo, base);
}

static void zx_fifo_release(struct zx_object *obj)
{
	struct zx_fifo *fifo = to_fifo(obj);

	mutex_destroy(&fifo->mutex);
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
	return count && size && !(count & (count - 1)) &&
	       count <= ZX_FIFO_MAX_SIZE_BYTES &&
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
	mutex_init(&fifo->mutex);
	fifo->head = 0;
	fifo->tail = 0;
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
 * Copy @n elements between @ubuf and @ring's slots from free-running
 * index @pos on, wrapping at the end of the ring.
 */
static int zx_fifo_copy(struct zx_fifo *ring, u32 pos, void __user *ubuf,
			u32 n, bool to_ring)
{
	lockdep_assert_held(&ring->mutex);
	while (n) {
		u32 off = pos & (ring->elem_count - 1);
		u32 chunk = min(n, ring->elem_count - off);
		size_t len = (size_t)chunk * ring->elem_size;
		u8 *slot = ring->data + (size_t)off * ring->elem_size;
		unsigned long left;

		if (to_ring)
			left = copy_from_user(slot, ubuf, len);
		else
			left = copy_to_user(ubuf, slot, len);
		if (left)
			return -EFAULT;
		pos += chunk;
		n -= chunk;
		ubuf += len;
	}
	return 0;
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
	u32 used, room, n = 0;
	int ret = 0;

	if (mutex_lock_interruptible(&dst->mutex))
		return -ERESTARTSYS;
	used = dst->head - dst->tail;
	room = dst->elem_count - used;
	if (room) {
		n = min_t(u64, args->count, room);
		ret = zx_fifo_copy(dst, dst->head, u64_to_user_ptr(args->data),
				   n, true);
	}
	if (!ret) {
		zx_object_lock(&dst->base);
		if (src->base.peer != &dst->base) {
			ret = ZX_ERR_PEER_CLOSED;	/* closed since we looked */
		} else if (!room) {
			ret = ZX_ERR_SHOULD_WAIT;
		} else {
			dst->head += n;
			if (!used)
				zx_object_update_state_locked(&dst->base, 0,
							      ZX_FIFO_READABLE);
			if (n == room)
				zx_object_update_state_locked(&src->base,
							      ZX_FIFO_WRITABLE, 0);
		}
		zx_object_unlock(&dst->base);
	}
	mutex_unlock(&dst->mutex);
	*actual = n;
	return ret;
}

/* Read from @fifo's own ring (ReadToUserLocked in Zircon). */
static int zx_fifo_pop(struct zx_fifo *fifo, const struct zircon_fifo_io *args,
		       u32 *actual)
{
	u32 used, n = 0;
	int ret = 0;

	if (mutex_lock_interruptible(&fifo->mutex))
		return -ERESTARTSYS;
	used = fifo->head - fifo->tail;
	if (used) {
		n = min_t(u64, args->count, used);
		ret = zx_fifo_copy(fifo, fifo->tail,
				   u64_to_user_ptr(args->data), n, false);
	}
	if (!ret) {
		zx_object_lock(&fifo->base);
		if (!used) {
			/* Queued elements outlive the peer; then it is over. */
			ret = fifo->base.peer ? ZX_ERR_SHOULD_WAIT :
						ZX_ERR_PEER_CLOSED;
		} else {
			fifo->tail += n;
			if (used == fifo->elem_count && fifo->base.peer)
				zx_object_update_state_locked(fifo->base.peer, 0,
							      ZX_FIFO_WRITABLE);
			if (n == used)
				zx_object_update_state_locked(&fifo->base,
							      ZX_FIFO_READABLE, 0);
		}
		zx_object_unlock(&fifo->base);
	}
	mutex_unlock(&fifo->mutex);
	*actual = n;
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
