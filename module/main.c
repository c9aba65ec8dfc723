// SPDX-License-Identifier: GPL-2.0
/*
 * zircon.ko - Zircon kernel objects and signals for Linux.
 *
 * /dev/zircon is a misc device; each open file is one handle table
 * (table.c), bound to the thread group that opened it: a table used from
 * any other process is refused with -EPERM, so a forked child (or the
 * receiver of the descriptor) can never touch its parent's handles and
 * the library opens a fresh table in the child.
 *
 * This file is plumbing only: open/release and the ioctl dispatch. Objects
 * and their signals live in object.c, waits in wait.c, the object types in
 * one file each, the system calls in *_ops.c.
 *
 * Lock order (outermost first): table xa_lock, then an object's lock (for
 * peers, the lock they share), then a port's lock, then a port's wait
 * queue lock. The table lock is never held with the others today; no two
 * object locks are ever held together; nothing under them sleeps. Object
 * and port locks are taken with bottom halves off (timers expire in
 * softirq). Waits hold no lock while sleeping.
 *
 * Registries (debugfs.c): the tables mutex is outermost (open, release
 * and debugfs readers only); the objects spinlock is innermost, taken
 * with interrupts off on publication and in release, which may run under
 * an object lock, and never held by a reader together with another lock.
 */

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "channel.h"
#include "interop.h"
#include "syscalls.h"
#include "table.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

#define ZX_MAX_HANDLES_DEFAULT	(256 * 1024)
#define ZX_MAX_HANDLES_LIMIT	BIT(24)

unsigned int zx_max_handles = ZX_MAX_HANDLES_DEFAULT;

static int zx_max_handles_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	if (n < 1 || n > ZX_MAX_HANDLES_LIMIT)
		return -ERANGE;
	WRITE_ONCE(zx_max_handles, n);
	return 0;
}

static const struct kernel_param_ops zx_max_handles_ops = {
	.set = zx_max_handles_set,
	.get = param_get_uint,
};
module_param_cb(max_handles, &zx_max_handles_ops, &zx_max_handles, 0644);
MODULE_PARM_DESC(max_handles,
		 "Handles per table (default 262144, at most 16777216)");

static int zx_open(struct inode *inode, struct file *file)
{
	struct zx_table *table = zx_table_create();

	if (!table)
		return -ENOMEM;
	file->private_data = table;
	return stream_open(inode, file);
}

/*
 * Process death: when the owner's last thread exits, its descriptor table
 * is closed, and with it this file - but a child may still hold a copy
 * (inherited by fork before the library dropped it, or by vfork), which
 * would keep every handle, and every peer's PEER_CLOSED, waiting for that
 * child. So the owner's exit closes the handles here, whoever else still
 * holds the file; nobody else can use the table anyway.
 */
static int zx_flush(struct file *file, fl_owner_t id)
{
	struct zx_table *table = file->private_data;

	if ((current->flags & PF_EXITING) &&
	    !atomic_read(&current->signal->live) &&
	    task_tgid(current) == table->owner)
		zx_table_close_all(table);
	return 0;
}

static int zx_release(struct inode *inode, struct file *file)
{
	zx_table_destroy(file->private_data);
	return 0;
}

static long zx_ioctl_abi_info(void __user *uarg)
{
	struct zircon_abi_info info = {
		.abi_version = ZIRCON_ABI_VERSION,
		.max_handles = READ_ONCE(zx_max_handles),
		.features = ZIRCON_FEATURE_EVENT | ZIRCON_FEATURE_EVENTPAIR |
			    ZIRCON_FEATURE_WAIT_MANY | ZIRCON_FEATURE_GET_INFO |
			    ZIRCON_FEATURE_PORT | ZIRCON_FEATURE_WAIT_ASYNC |
			    ZIRCON_FEATURE_TIMER | ZIRCON_FEATURE_LINUX_FD |
			    ZIRCON_FEATURE_CHANNEL | ZIRCON_FEATURE_SOCKET |
			    ZIRCON_FEATURE_FIFO | ZIRCON_FEATURE_COUNTER |
			    ZIRCON_FEATURE_CLOCK | ZIRCON_FEATURE_INTERRUPT,
	};

	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long zx_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct zx_table *table = file->private_data;
	void __user *uarg = (void __user *)arg;

	if (cmd == ZIRCON_IOC_GET_ABI_INFO)
		return zx_ioctl_abi_info(uarg);
	if (task_tgid(current) != table->owner)
		return -EPERM;

	switch (cmd) {
	case ZIRCON_IOC_NOP:
		return 0;
	case ZIRCON_IOC_HANDLE_CLOSE:
		return zx_ioctl_handle_close(table, uarg);
	case ZIRCON_IOC_HANDLE_CLOSE_MANY:
		return zx_ioctl_handle_close_many(table, uarg);
	case ZIRCON_IOC_HANDLE_DUPLICATE:
		return zx_ioctl_handle_duplicate(table, uarg);
	case ZIRCON_IOC_HANDLE_REPLACE:
		return zx_ioctl_handle_replace(table, uarg);
	case ZIRCON_IOC_EVENT_CREATE:
		return zx_ioctl_event_create(table, uarg);
	case ZIRCON_IOC_EVENTPAIR_CREATE:
		return zx_ioctl_eventpair_create(table, uarg);
	case ZIRCON_IOC_OBJECT_SIGNAL:
		return zx_ioctl_object_signal(table, uarg);
	case ZIRCON_IOC_OBJECT_SIGNAL_PEER:
		return zx_ioctl_object_signal_peer(table, uarg);
	case ZIRCON_IOC_OBJECT_WAIT_ONE:
		return zx_ioctl_object_wait_one(table, uarg);
	case ZIRCON_IOC_OBJECT_WAIT_MANY:
		return zx_ioctl_object_wait_many(table, uarg);
	case ZIRCON_IOC_OBJECT_GET_INFO:
		return zx_ioctl_object_get_info(table, uarg);
	case ZIRCON_IOC_OBJECT_WAIT_ASYNC:
		return zx_ioctl_object_wait_async(table, uarg);
	case ZIRCON_IOC_PORT_CREATE:
		return zx_ioctl_port_create(table, uarg);
	case ZIRCON_IOC_PORT_QUEUE:
		return zx_ioctl_port_queue(table, uarg);
	case ZIRCON_IOC_PORT_WAIT:
		return zx_ioctl_port_wait(table, uarg);
	case ZIRCON_IOC_PORT_CANCEL:
		return zx_ioctl_port_cancel(table, uarg);
	case ZIRCON_IOC_PORT_CANCEL_KEY:
		return zx_ioctl_port_cancel_key(table, uarg);
	case ZIRCON_IOC_TIMER_CREATE:
		return zx_ioctl_timer_create(table, uarg);
	case ZIRCON_IOC_TIMER_SET:
		return zx_ioctl_timer_set(table, uarg);
	case ZIRCON_IOC_TIMER_CANCEL:
		return zx_ioctl_timer_cancel(table, uarg);
	case ZIRCON_IOC_HANDLE_TO_FD:
		return zx_ioctl_handle_to_fd(table, uarg);
	case ZIRCON_IOC_FD_TO_HANDLE:
		return zx_ioctl_fd_to_handle(table, uarg);
	case ZIRCON_IOC_OBJECT_FROM_FD:
		return zx_ioctl_object_from_fd(table, uarg);
	case ZIRCON_IOC_POLL_FD:
		return zx_ioctl_poll_fd(table, uarg);
	case ZIRCON_IOC_OBJECT_GET_PROPERTY:
		return zx_ioctl_object_get_property(table, uarg);
	case ZIRCON_IOC_OBJECT_SET_PROPERTY:
		return zx_ioctl_object_set_property(table, uarg);
	case ZIRCON_IOC_CHANNEL_CREATE:
		return zx_ioctl_channel_create(table, uarg);
	case ZIRCON_IOC_CHANNEL_WRITE:
	case ZIRCON_IOC_CHANNEL_WRITE_ETC:
		return zx_ioctl_channel_write(table, uarg,
					      cmd == ZIRCON_IOC_CHANNEL_WRITE_ETC);
	case ZIRCON_IOC_CHANNEL_READ:
	case ZIRCON_IOC_CHANNEL_READ_ETC:
		return zx_ioctl_channel_read(table, uarg,
					     cmd == ZIRCON_IOC_CHANNEL_READ_ETC);
	case ZIRCON_IOC_CHANNEL_CALL:
	case ZIRCON_IOC_CHANNEL_CALL_ETC:
		return zx_ioctl_channel_call(table, uarg,
					     cmd == ZIRCON_IOC_CHANNEL_CALL_ETC);
	case ZIRCON_IOC_SOCKET_CREATE:
		return zx_ioctl_socket_create(table, uarg);
	case ZIRCON_IOC_SOCKET_WRITE:
		return zx_ioctl_socket_write(table, uarg);
	case ZIRCON_IOC_SOCKET_READ:
		return zx_ioctl_socket_read(table, uarg);
	case ZIRCON_IOC_SOCKET_SET_DISPOSITION:
		return zx_ioctl_socket_set_disposition(table, uarg);
	case ZIRCON_IOC_FIFO_CREATE:
		return zx_ioctl_fifo_create(table, uarg);
	case ZIRCON_IOC_FIFO_WRITE:
		return zx_ioctl_fifo_write(table, uarg);
	case ZIRCON_IOC_FIFO_READ:
		return zx_ioctl_fifo_read(table, uarg);
	case ZIRCON_IOC_COUNTER_CREATE:
		return zx_ioctl_counter_create(table, uarg);
	case ZIRCON_IOC_COUNTER_ADD:
		return zx_ioctl_counter_add(table, uarg);
	case ZIRCON_IOC_COUNTER_READ:
		return zx_ioctl_counter_read(table, uarg);
	case ZIRCON_IOC_COUNTER_WRITE:
		return zx_ioctl_counter_write(table, uarg);
	case ZIRCON_IOC_CLOCK_CREATE:
		return zx_ioctl_clock_create(table, uarg);
	case ZIRCON_IOC_CLOCK_READ:
		return zx_ioctl_clock_read(table, uarg);
	case ZIRCON_IOC_CLOCK_GET_DETAILS:
		return zx_ioctl_clock_get_details(table, uarg);
	case ZIRCON_IOC_CLOCK_UPDATE:
		return zx_ioctl_clock_update(table, uarg);
	case ZIRCON_IOC_INTERRUPT_CREATE:
		return zx_ioctl_interrupt_create(table, uarg);
	case ZIRCON_IOC_INTERRUPT_TRIGGER:
		return zx_ioctl_interrupt_trigger(table, uarg);
	case ZIRCON_IOC_INTERRUPT_WAIT:
		return zx_ioctl_interrupt_wait(table, uarg);
	case ZIRCON_IOC_INTERRUPT_ACK:
		return zx_ioctl_interrupt_ack(table, uarg);
	case ZIRCON_IOC_INTERRUPT_DESTROY:
		return zx_ioctl_interrupt_destroy(table, uarg);
	case ZIRCON_IOC_INTERRUPT_BIND:
		return zx_ioctl_interrupt_bind(table, uarg);
	default:
		return -ENOTTY;
	}
}

/* /proc/<pid>/fdinfo/<fd>: the table's koid, handles (and reservations). */
static void zx_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct zx_table *table = file->private_data;

	seq_printf(m, "zircon-koid:\t%llu\n", table->koid);
	seq_printf(m, "zircon-handles:\t%d\n", atomic_read(&table->count));
	seq_printf(m, "zircon-max-handles:\t%u\n", READ_ONCE(zx_max_handles));
}

static const struct file_operations zx_fops = {
	.owner = THIS_MODULE,
	.open = zx_open,
	.flush = zx_flush,
	.release = zx_release,
	.unlocked_ioctl = zx_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.show_fdinfo = zx_show_fdinfo,
};

static struct miscdevice zx_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "zircon",
	.fops = &zx_fops,
	.mode = 0666,
};

/* Files of this module: tables, handle and poll descriptors. */
bool zx_file_is_ours(const struct file *file)
{
	return file->f_op->owner == THIS_MODULE;
}

/* The ABI structs must have the same layout on 32- and 64-bit. */
static void __init zx_check_abi(void)
{
	BUILD_BUG_ON(sizeof(struct zircon_abi_info) != 32);
	BUILD_BUG_ON(sizeof(struct zircon_handle_close) != 8);
	BUILD_BUG_ON(sizeof(struct zircon_handle_close_many) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_handle_dup) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_event_create) != 8);
	BUILD_BUG_ON(sizeof(struct zircon_eventpair_create) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_object_signal) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_object_wait_one) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_wait_item) != 12);
	BUILD_BUG_ON(sizeof(struct zircon_object_wait_many) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_object_get_info) != 40);
	BUILD_BUG_ON(sizeof(struct zx_info_handle_basic) != 32);
	BUILD_BUG_ON(sizeof(struct zircon_port_create) != 8);
	BUILD_BUG_ON(sizeof(struct zircon_port_packet) != 48);
	BUILD_BUG_ON(sizeof(struct zircon_port_queue) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_port_wait) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_port_cancel) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_port_cancel_key) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_object_wait_async) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_timer_create) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_timer_set) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_handle_to_fd) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_fd_to_handle) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_object_from_fd) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_poll_fd) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_handle_disposition) != 20);
	BUILD_BUG_ON(sizeof(struct zircon_handle_info) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_channel_write) != 32);
	BUILD_BUG_ON(sizeof(struct zircon_channel_read) != 40);
	BUILD_BUG_ON(sizeof(struct zircon_channel_call) != 80);
	BUILD_BUG_ON(sizeof(struct zircon_socket_io) != 32);
	BUILD_BUG_ON(sizeof(struct zircon_socket_set_disposition) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_fifo_create) != 32);
	BUILD_BUG_ON(sizeof(struct zircon_fifo_io) != 40);
	BUILD_BUG_ON(sizeof(struct zircon_object_property) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_info_socket) != 48);
	BUILD_BUG_ON(sizeof(struct zircon_counter_update) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_counter_read) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_clock_create) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_clock_read) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_clock_get_details) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_clock_update) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_clock_details_v1) != 112);
	BUILD_BUG_ON(sizeof(struct zircon_clock_update_args_v1) != 24);
	BUILD_BUG_ON(sizeof(struct zircon_clock_update_args_v2) != 32);
	BUILD_BUG_ON(sizeof(struct zircon_interrupt_create) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_interrupt_trigger) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_interrupt_wait) != 16);
	BUILD_BUG_ON(sizeof(struct zircon_interrupt_bind) != 24);
}

static int __init zx_init(void)
{
	int ret;

	zx_check_abi();
	ret = zx_channel_gc_init();
	if (ret)
		return ret;
	ret = zx_linux_fd_init();
	if (ret) {
		zx_channel_gc_exit();
		return ret;
	}
	zx_debugfs_init();
	ret = misc_register(&zx_misc);
	if (ret) {
		zx_debugfs_exit();
		zx_linux_fd_exit();
		zx_channel_gc_exit();
	}
	return ret;
}

static void __exit zx_exit(void)
{
	zx_debugfs_exit();
	misc_deregister(&zx_misc);
	/* Every file is closed: only cycles of channels can be left. */
	zx_channel_gc_exit();
	/* Drain the wrappers' re-poll work (the collector may have closed some). */
	zx_linux_fd_exit();
	/* Objects and handles are freed with kfree_rcu(); nothing of ours runs later. */
}

module_init(zx_init);
module_exit(zx_exit);

MODULE_AUTHOR("zircon-lkm developers");
MODULE_DESCRIPTION("Zircon kernel objects and signals (/dev/zircon)");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
