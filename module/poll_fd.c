// SPDX-License-Identifier: GPL-2.0
/*
 * Poll descriptors: zx_linux_poll_fd().
 *
 * A poll descriptor holds a reference to an object (not a handle: the
 * caller's handle stays where it is, and closing it does not stop the
 * descriptor) and polls readable while any of its signals is active. It
 * keeps one observer, armed by ->poll whenever nothing is active, that
 * fires on the next rise and wakes the descriptor's wait queue; so a
 * signal change costs nothing unless somebody polls. The observer's slot
 * (max_object_observers) is taken when the descriptor is made, where a
 * full object can be refused with ZX_ERR_NO_RESOURCES; ->poll cannot fail. On a port the
 * descriptor polls readable while a packet is queued, on the port's queue
 * for pollers (not its waiters': see port.c). For a Linux descriptor
 * wrapper ->poll also re-polls the wrapped file, so the answer is
 * current; wake-ups come from the wrapper's worker through the observer.
 */

#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/zircon.h>

#include "interop.h"
#include "syscalls.h"
#include "table.h"

struct zx_poll_file {
	struct zx_object *obj;		/* referenced, immutable */
	zx_signals_t signals;		/* immutable */
	bool port;			/* immutable */
	wait_queue_head_t wq;		/* pollers */
	struct zx_observer obs;		/* on obj's list while armed */
};

static void zx_poll_file_fire(struct zx_observer *obs, zx_signals_t signals)
{
	struct zx_poll_file *pf = container_of(obs, struct zx_poll_file, obs);

	/* Under obj's lock; a cancel (HANDLE_CLOSED) never reaches us. */
	wake_up_poll(&pf->wq, EPOLLIN | EPOLLRDNORM);
}

static __poll_t zx_poll_file_poll(struct file *file, poll_table *pt)
{
	struct zx_poll_file *pf = file->private_data;
	struct zx_object *obj = pf->obj;

	if (pf->port)
		return zx_port_poll(obj, file, pt);
	/*
	 * Not @pt: epoll queues on a file without holding a reference to
	 * it, so it may only queue on the file it polls, not on the file a
	 * wrapper can drop at any time. The wrapper's worker wakes us.
	 */
	if (obj->ops->refresh)
		obj->ops->refresh(obj, NULL, true);
	poll_wait(file, &pf->wq, pt);
	if (zx_object_arm_observer(obj, &pf->obs, pf->signals))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static void zx_poll_file_free(void *priv)
{
	struct zx_poll_file *pf = priv;

	if (!pf->port)
		zx_object_release_observer(pf->obj, &pf->obs);
	zx_object_put(pf->obj);
	kfree(pf);
}

static int zx_poll_file_release(struct inode *inode, struct file *file)
{
	zx_poll_file_free(file->private_data);
	return 0;
}

static void zx_poll_file_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct zx_poll_file *pf = file->private_data;

	seq_printf(m, "zircon-koid:\t%llu\n", pf->obj->koid);
	seq_printf(m, "zircon-signals:\t%#x\n", pf->signals);
}

static const struct file_operations zx_poll_file_fops = {
	.owner = THIS_MODULE,
	.poll = zx_poll_file_poll,
	.release = zx_poll_file_release,
	.show_fdinfo = zx_poll_file_show_fdinfo,
	.llseek = noop_llseek,
};

long zx_ioctl_poll_fd(struct zx_table *table, void __user *uarg)
{
	struct zircon_poll_fd __user *up = uarg;
	struct zircon_poll_fd args;
	struct zx_poll_file *pf;
	struct zx_handle *handle;
	struct zx_object *obj;
	bool port;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~O_CLOEXEC)
		return ZX_ERR_INVALID_ARGS;

	rcu_read_lock();
	handle = zx_table_lookup(table, args.handle);
	/* A port is readable with READ (its default rights have no WAIT). */
	port = handle && handle->obj->ops->type == ZX_OBJ_TYPE_PORT;
	ret = zx_handle_get_object(handle, ZX_OBJ_TYPE_NONE,
				   port ? ZX_RIGHT_READ : ZX_RIGHT_WAIT, &obj);
	rcu_read_unlock();
	if (ret)
		return ret;

	pf = kzalloc(sizeof(*pf), ZX_GFP);
	if (!pf) {
		zx_object_put(obj);
		return ZX_ERR_NO_MEMORY;
	}
	/* Its observer's slot, so that ->poll can always arm it. */
	ret = port ? 0 : zx_object_reserve_observer(obj, &pf->obs);
	if (ret) {
		kfree(pf);
		zx_object_put(obj);
		return ret;
	}
	pf->obj = obj;
	pf->signals = args.signals;
	pf->port = port;
	init_waitqueue_head(&pf->wq);
	pf->obs.fire = zx_poll_file_fire;
	return zx_fd_install("[zircon-poll]", &zx_poll_file_fops, pf,
			     zx_poll_file_free, args.flags, &up->fd);
}
