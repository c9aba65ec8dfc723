// SPDX-License-Identifier: GPL-2.0
/*
 * Linux descriptor wrappers: zx_linux_object_from_fd().
 *
 * A wrapper is an object (ZX_OBJ_TYPE_LINUX_FD) holding a reference to an
 * open file, whose signals follow the file's poll readiness:
 *
 *   EPOLLIN, EPOLLRDNORM	ZX_LINUX_FD_READABLE
 *   EPOLLOUT, EPOLLWRNORM	ZX_LINUX_FD_WRITABLE
 *   EPOLLHUP, EPOLLRDHUP	ZX_LINUX_FD_PEER_CLOSED
 *   EPOLLERR			ZX_LINUX_FD_ERROR
 *   EPOLLPRI			ZX_LINUX_FD_PRIORITY
 *   pidfd readable		also ZX_PROCESS_TERMINATED
 *
 * It stays queued on the file's wait queues, like an epoll item. A wake-up
 * may come from any context, including hard interrupts, where the object
 * lock (bottom-half safe only) cannot be taken, so it only queues a work
 * item that polls the file again and applies the result. Readiness can
 * also go away without any wake-up (a reader drains a socket), so every
 * wait and wait_async first polls the file once more in the caller's
 * context (ops->refresh): a new wait never sees stale signals.
 *
 * Concurrent polls may finish out of order; each takes a generation
 * number before polling, and only a result newer than the last one
 * applied is applied, so the signals end up as seen by the latest poll.
 *
 * Which files can be wrapped
 * --------------------------
 * A wrapper holds its file until its last handle closes, and its handles
 * can sit inside other files: a handle descriptor (handle_fd.c) holds one,
 * a table holds many. If the wrapped file can itself hold references to
 * other files, a user can close a loop: wrap one end of an AF_UNIX socket
 * pair, turn the wrapper's handle into a handle descriptor and send that
 * with SCM_RIGHTS so that it waits in the wrapped socket's own queue.
 * Then wrapper -> socket -> queued descriptor -> wrapper, nobody holds
 * the loop from outside, and nothing ever frees it: the objects, the
 * files and a reference on this module stay until reboot (rmmod fails).
 * Linux's own collector (net/unix/garbage.c) cannot see the wrapper's
 * reference, and this module cannot see into the socket's queue; no
 * collector can see through an arbitrary Linux file.
 *
 * So a wrapper never holds a file that can hold references to files of
 * the caller's choosing. zx_file_holds_files() refuses, with
 * ZX_ERR_NOT_SUPPORTED, every such kind that can be polled (a file that
 * cannot be polled is refused anyway) in Linux 6.1 to 6.12:
 *
 *  - files of this module: tables and handle descriptors hold handles
 *    (poll descriptors only a reference, but nothing is gained by
 *    wrapping them);
 *  - AF_UNIX sockets, of every type: SCM_RIGHTS messages queue files;
 *  - AF_KCM sockets: a KCM multiplexor holds the files of the sockets
 *    attached to it (only TCP sockets today, but holding other sockets'
 *    files is all it does, and its family is a free, exact test);
 *  - io_uring rings: registered ("fixed") files and requests in flight
 *    hold files. Linux refuses rings in SCM_RIGHTS and as fixed files
 *    of a ring for this same reason; io_is_uring_fops() is not exported,
 *    so a ring is recognised by its anonymous inode's name, "[io_uring]";
 *  - binder devices: a transaction in flight holds the files it
 *    carries. They live on binderfs (recognised by its magic) or, where
 *    binder is a module (Debian builds it so), are recognised by their
 *    owner, binder_linux; a kernel with binder built in and no binderfs
 *    has nothing to recognise its devices by, and this file refuses to
 *    build for it. Debian's cloud kernels have no binder at all.
 *
 * Other files hold files too, but only files of fixed kinds that hold
 * none themselves, so no loop can pass through them and they are
 * wrapped: /dev/fuse (passthrough backing files, 6.9 and later: regular
 * files only, and registering one needs CAP_SYS_ADMIN) and files on FUSE
 * (their backing file, regular); vhost devices (eventfds, and AF_PACKET,
 * tun and tap sockets as backends); DRM devices (dma-bufs, which hold
 * buffers); perf events (BPF programs, whose maps hold perf events, and
 * all of that needs CAP_BPF or CAP_PERFMON). epoll holds no references to
 * the files in its set (each leaves the set when it is closed). Files
 * whose references are held only while a call runs (seccomp's addfd,
 * pidfd_getfd()) form no loop either. Files that hold files but cannot
 * be polled (KVM and VFIO devices, loop and nbd block devices, autofs)
 * are refused anyway.
 *
 * Lifetime
 * --------
 * The file and the wait queue entries belong to the handles: when the
 * last one closes (process context), zx_linux_fd_teardown() takes every
 * entry off its queue and drops the file. Poll descriptors may keep the
 * object after that; its signals then stay as they were. A poll under way
 * (the work's, or a waiting thread's) holds a reference of its own on the
 * file, so the file itself may outlive the close until that poll returns.
 *
 * The re-poll work belongs to itself: a wake-up takes a reference on the
 * object for it before queueing it, and gives it back if the work was
 * already queued; the work drops that reference as its very last access
 * to the object. Taking it is safe because the wake-up runs under its
 * queue's lock with its entry on the queue, so teardown has not yet got
 * past that entry and the last handle's reference is still held. Teardown
 * therefore never waits for the work, which may be stuck for good in a
 * file's ->poll (a FUSE file whose daemon does not answer): it only takes
 * the entries off and drops the file, and a work that runs later finds
 * no file and only drops its reference. The work runs on this module's
 * own workqueue, so a stuck ->poll holds up no one else's work, and
 * module unload (zx_linux_fd_exit(), after every handle is gone) drains
 * it before the code goes away.
 *
 * A POLLFREE wake-up (the queue itself is being freed, as a signalfd's
 * is when its process is reaped) takes the entry off and clears the
 * entry's queue pointer as its last access to the wrapper, as
 * ep_poll_callback() does: teardown that sees the cleared pointer skips
 * that entry and may free the wrapper at once. A queue that sends
 * POLLFREE is not freed before an RCU grace period (signalfd's sighand
 * cache is SLAB_TYPESAFE_BY_RCU), so teardown, reading the pointer under
 * RCU, can still take that queue's lock to take its entry off.
 */

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/zircon.h>
#include <net/sock.h>

#include "interop.h"
#include "syscalls.h"
#include "table.h"

#ifndef PIDFS_MAGIC
#define PIDFS_MAGIC	0x50494446
#endif

/* Files that queue on more wait queues than this are refused. */
#define ZX_LINUX_FD_MAX_QUEUES	4

/*
 * Binder built in without binderfs makes plain misc devices, which have
 * nothing this file could recognise them by (see the header comment).
 */
#if IS_BUILTIN(CONFIG_ANDROID_BINDER_IPC) && !IS_ENABLED(CONFIG_ANDROID_BINDERFS)
#error "binder devices outside binderfs cannot be told from other files: see linux_fd.c"
#endif

/* Re-poll work of every wrapper; drained by module unload. */
static struct workqueue_struct *zx_linux_fd_wq;

struct zx_linux_fd;

struct zx_fd_queue {
	wait_queue_entry_t wait;
	wait_queue_head_t *whead;	/* NULL once removed (POLLFREE) */
	struct zx_linux_fd *lfd;	/* immutable */
};

struct zx_linux_fd {
	struct zx_object base;
	struct file *file;		/* under base.lock; NULL after teardown */
	bool pidfd;			/* immutable */
	bool epoll;			/* immutable */
	bool signalfd;			/* immutable */
	u32 applied_gen;		/* under base.lock */
	atomic_t poll_gen;
	struct work_struct repoll;	/* holds a reference while queued */
	poll_table pt;			/* creation only */
	unsigned int nqueues;		/* creation only, then immutable */
	bool too_many_queues;		/* creation only */
	struct zx_fd_queue queues[ZX_LINUX_FD_MAX_QUEUES];
};

static struct zx_linux_fd *to_linux_fd(struct zx_object *obj)
{
	return container_of(obj, struct zx_linux_fd, base);
}

static zx_signals_t zx_linux_fd_signals(const struct zx_linux_fd *lfd,
					__poll_t mask)
{
	zx_signals_t signals = 0;

	if (mask & (EPOLLIN | EPOLLRDNORM))
		signals |= ZX_LINUX_FD_READABLE;
	if (mask & (EPOLLOUT | EPOLLWRNORM))
		signals |= ZX_LINUX_FD_WRITABLE;
	if (mask & (EPOLLHUP | EPOLLRDHUP))
		signals |= ZX_LINUX_FD_PEER_CLOSED;
	if (mask & EPOLLERR)
		signals |= ZX_LINUX_FD_ERROR;
	if (mask & EPOLLPRI)
		signals |= ZX_LINUX_FD_PRIORITY;
	if (lfd->pidfd && (signals & ZX_LINUX_FD_READABLE))
		signals |= ZX_PROCESS_TERMINATED;
	return signals;
}

/* Poll the file (queueing @pt's owner if given) and apply the result. */
static void zx_linux_fd_refresh(struct zx_object *obj, poll_table *pt,
				bool from_poll)
{
	struct zx_linux_fd *lfd = to_linux_fd(obj);
	struct file *file;
	__poll_t mask;
	u32 gen;

	/*
	 * An epoll file polls its items under its mutex; one of them may be
	 * a poll descriptor of this very wrapper, whose ->poll would come
	 * back here and poll the epoll file again: a self-deadlock. Inside
	 * ->poll such a wrapper reports the signals its worker keeps.
	 */
	if (from_poll && lfd->epoll)
		return;
	gen = atomic_inc_return(&lfd->poll_gen);

	zx_object_lock(obj);
	file = lfd->file;
	if (file)
		get_file(file);
	zx_object_unlock(obj);
	if (!file)
		return;
	mask = vfs_poll(file, pt);
	fput(file);

	zx_object_lock(obj);
	if ((s32)(gen - lfd->applied_gen) > 0) {
		lfd->applied_gen = gen;
		zx_object_update_state_locked(obj, ZX_LINUX_FD_SIGNALS,
					      zx_linux_fd_signals(lfd, mask));
	}
	zx_object_unlock(obj);
}

/* The work queued by wake-ups; it owns the reference they took for it. */
static void zx_linux_fd_repoll(struct work_struct *work)
{
	struct zx_linux_fd *lfd = container_of(work, struct zx_linux_fd,
					       repoll);

	/*
	 * A signalfd is ready or not for the thread that polls it; a worker
	 * has no signals, and its "not ready" would undo what a waiting
	 * thread just saw. Only callers poll a signalfd.
	 */
	if (!lfd->signalfd)
		zx_linux_fd_refresh(&lfd->base, NULL, false);
	/* Last access: this may free the wrapper (never our code). */
	zx_object_put(&lfd->base);
}

/*
 * Wake-up from the file, in any context, under the queue's lock: leave
 * the polling to the work. Our entry is on the queue, so teardown has not
 * taken it off yet and the last handle's reference is still held: the
 * count is above zero, and the reference given back below is not the last.
 */
static int zx_linux_fd_wake(wait_queue_entry_t *wait, unsigned int mode,
			    int sync, void *key)
{
	struct zx_fd_queue *q = container_of(wait, struct zx_fd_queue, wait);
	struct zx_linux_fd *lfd = q->lfd;

	/* Before queueing: the work may run, and put, at once. */
	zx_object_get(&lfd->base);
	if (!queue_work(zx_linux_fd_wq, &lfd->repoll))
		zx_object_put(&lfd->base);	/* already queued */

	if (key_to_poll(key) & POLLFREE) {
		/* The queue is going away (signalfd): get off it for good. */
		list_del_init(&wait->entry);
		/*
		 * Last access to q and lfd: once teardown sees NULL it skips
		 * this entry and may free the wrapper. Pairs with the
		 * acquire in zx_linux_fd_teardown().
		 */
		smp_store_release(&q->whead, NULL);
	}
	return 0;
}

static void zx_linux_fd_queue_proc(struct file *file, wait_queue_head_t *whead,
				   poll_table *pt)
{
	struct zx_linux_fd *lfd = container_of(pt, struct zx_linux_fd, pt);
	struct zx_fd_queue *q;

	if (lfd->nqueues == ZX_LINUX_FD_MAX_QUEUES) {
		lfd->too_many_queues = true;
		return;
	}
	q = &lfd->queues[lfd->nqueues++];
	q->lfd = lfd;
	q->whead = whead;
	init_waitqueue_func_entry(&q->wait, zx_linux_fd_wake);
	add_wait_queue(whead, &q->wait);
}

/*
 * The last handle closed: leave the file's wait queues and drop the file.
 * A re-poll work queued or running holds its own reference and finds no
 * file; it is not waited for (it may be stuck in the file's ->poll).
 */
static void zx_linux_fd_teardown(struct zx_object *obj)
{
	struct zx_linux_fd *lfd = to_linux_fd(obj);
	wait_queue_head_t *whead;
	struct file *file;
	unsigned int i;

	zx_object_lock(obj);
	file = lfd->file;
	lfd->file = NULL;
	zx_object_unlock(obj);

	for (i = 0; i < lfd->nqueues; i++) {
		rcu_read_lock();
		/*
		 * A POLLFREE queue is freed only after an RCU grace period;
		 * pairs with the release in zx_linux_fd_wake().
		 */
		whead = smp_load_acquire(&lfd->queues[i].whead);
		if (whead)
			remove_wait_queue(whead, &lfd->queues[i].wait);
		rcu_read_unlock();
	}
	if (file)
		fput(file);
}

static void zx_linux_fd_release(struct zx_object *obj)
{
	kfree_rcu(to_linux_fd(obj), base.rcu);
}

static const struct zx_object_ops zx_linux_fd_ops = {
	.type = ZX_OBJ_TYPE_LINUX_FD,
	.default_rights = ZX_DEFAULT_LINUX_FD_RIGHTS,
	.user_signals = ZX_USER_SIGNAL_ALL,
	.waitable = true,
	.on_zero_handles = zx_linux_fd_teardown,
	.release = zx_linux_fd_release,
	.refresh = zx_linux_fd_refresh,
};

/* Anonymous inodes' dentries are named once and never renamed. */
static bool zx_file_is_anon(const struct file *file, const char *name)
{
	const struct dentry *dentry = file->f_path.dentry;

	return dentry->d_sb->s_magic == ANON_INODE_FS_MAGIC &&
	       !strcmp(dentry->d_name.name, name);
}

static bool zx_file_is_pidfd(const struct file *file)
{
	/* pidfs since 6.9, an anonymous inode before. */
	return file->f_path.dentry->d_sb->s_magic == PIDFS_MAGIC ||
	       zx_file_is_anon(file, "[pidfd]");
}

/*
 * Can @file hold references to files of its user's choosing, so that a
 * wrapper holding it could end up in a loop of references that nothing
 * breaks? See "Which files can be wrapped" above.
 */
static bool zx_file_holds_files(struct file *file)
{
	struct socket *sock = sock_from_file(file);
	struct module *owner = file->f_op->owner;

	if (zx_file_is_ours(file))
		return true;
	if (sock) {
		/* Immutable while the socket is open, and we hold it. */
		const struct sock *sk = sock->sk;

		return sk && (sk->sk_family == AF_UNIX ||
			      sk->sk_family == AF_KCM);
	}
	if (zx_file_is_anon(file, "[io_uring]"))
		return true;
	/* Binder: on binderfs, or anywhere from Debian's binder module. */
	if (file_inode(file)->i_sb->s_magic == BINDERFS_SUPER_MAGIC)
		return true;
	return owner && !strcmp(owner->name, "binder_linux");
}

long zx_ioctl_object_from_fd(struct zx_table *table, void __user *uarg)
{
	struct zircon_object_from_fd __user *up = uarg;
	struct zircon_object_from_fd args;
	struct zx_linux_fd *lfd;
	struct zx_object *obj;
	struct file *file;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	if (args.options)
		return ZX_ERR_INVALID_ARGS;
	file = fget(args.fd);
	if (!file)
		return ZX_ERR_BAD_HANDLE;
	/* Files that can hold files could close a loop through the wrapper. */
	if (!file_can_poll(file) || zx_file_holds_files(file)) {
		fput(file);
		return ZX_ERR_NOT_SUPPORTED;
	}
	lfd = kzalloc(sizeof(*lfd), ZX_GFP);
	if (!lfd) {
		fput(file);
		return ZX_ERR_NO_MEMORY;
	}
	obj = &lfd->base;
	zx_object_init(obj, &zx_linux_fd_ops);
	lfd->file = file;
	lfd->pidfd = zx_file_is_pidfd(file);
	lfd->epoll = zx_file_is_anon(file, "[eventpoll]");
	lfd->signalfd = zx_file_is_anon(file, "[signalfd]");
	INIT_WORK(&lfd->repoll, zx_linux_fd_repoll);
	init_poll_funcptr(&lfd->pt, zx_linux_fd_queue_proc);

	vfs_poll(file, &lfd->pt);
	if (lfd->too_many_queues) {
		zx_object_drop_handle(obj);
		return ZX_ERR_NOT_SUPPORTED;
	}
	/* Not published yet, but wake-ups may already run the work. */
	zx_linux_fd_refresh(obj, NULL, false);
	return zx_table_publish_new(table, &obj, &args.out, 1, &up->out);
}

/* Module load and unload (main.c): the workqueue of the re-poll work. */
int __init zx_linux_fd_init(void)
{
	zx_linux_fd_wq = alloc_workqueue("zircon_linux_fd", 0, 0);
	return zx_linux_fd_wq ? 0 : -ENOMEM;
}

/* Every handle is gone, so nothing queues work any more: drain, destroy. */
void zx_linux_fd_exit(void)
{
	destroy_workqueue(zx_linux_fd_wq);
}
