// SPDX-License-Identifier: GPL-2.0
/*
 * Introspection: registries of live objects and open tables, and their
 * debugfs views /sys/kernel/debug/zircon/{objects,tables}.
 *
 * Objects: every object enters zx_objects when zx_table_publish_new()
 * first gives it a handle and leaves it in zx_object_release(), so objects
 * held only by a channel message (or a handle descriptor) are listed too.
 * Only those two places take zx_objects_lock; signals, waits and ports
 * never do. The cost is one list_head per object and a short global
 * critical section on create and destroy. The last reference may drop in
 * softirq (a timer's expiry queueing a port packet), under an object lock
 * with bottom halves off, or under a wait queue's irq-safe lock, so the
 * lock is taken with interrupts off.
 *
 * A reader walks the list one object at a time: it pins the next object
 * with kref_get_unless_zero() under the lock (an object whose count is
 * zero is being released and is skipped), drops the lock, prints the
 * object under its own lock and then continues from it; a pinned object
 * cannot leave the list. The reader never holds zx_objects_lock and an
 * object lock together.
 *
 * Tables: zx_tables, under the zx_tables_lock mutex, taken on open and
 * release of /dev/zircon and by readers. A table leaves the list before
 * its handles are closed; readers walk its handles under RCU, which keeps
 * handles and objects they find alive (both are freed after a grace
 * period).
 */

#include <linux/debugfs.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "object.h"
#include "table.h"

static DEFINE_SPINLOCK(zx_objects_lock);
static LIST_HEAD(zx_objects);		/* zx_object.registry, zx_objects_lock */

static DEFINE_MUTEX(zx_tables_lock);
static LIST_HEAD(zx_tables);		/* zx_table.registry, zx_tables_lock */

static struct dentry *zx_debugfs_dir;

/* Once per object, from zx_table_publish_new(). Any context. */
void zx_registry_add(struct zx_object *obj)
{
	unsigned long flags;

	spin_lock_irqsave(&zx_objects_lock, flags);
	if (list_empty(&obj->registry))
		list_add_tail(&obj->registry, &zx_objects);
	spin_unlock_irqrestore(&zx_objects_lock, flags);
}

/* From zx_object_release(): process context, softirq or irqs off. */
void zx_registry_remove(struct zx_object *obj)
{
	unsigned long flags;

	spin_lock_irqsave(&zx_objects_lock, flags);
	list_del_init(&obj->registry);
	spin_unlock_irqrestore(&zx_objects_lock, flags);
}

void zx_table_register(struct zx_table *table)
{
	mutex_lock(&zx_tables_lock);
	list_add_tail(&table->registry, &zx_tables);
	mutex_unlock(&zx_tables_lock);
}

void zx_table_unregister(struct zx_table *table)
{
	mutex_lock(&zx_tables_lock);
	list_del(&table->registry);
	mutex_unlock(&zx_tables_lock);
}

static const char *zx_type_name(u32 type)
{
	switch (type) {
	case ZX_OBJ_TYPE_CHANNEL:
		return "channel";
	case ZX_OBJ_TYPE_EVENT:
		return "event";
	case ZX_OBJ_TYPE_PORT:
		return "port";
	case ZX_OBJ_TYPE_SOCKET:
		return "socket";
	case ZX_OBJ_TYPE_EVENTPAIR:
		return "eventpair";
	case ZX_OBJ_TYPE_FIFO:
		return "fifo";
	case ZX_OBJ_TYPE_TIMER:
		return "timer";
	case ZX_OBJ_TYPE_COUNTER:
		return "counter";
	case ZX_OBJ_TYPE_CLOCK:
		return "clock";
	case ZX_OBJ_TYPE_INTERRUPT:
		return "interrupt";
	case ZX_OBJ_TYPE_LINUX_FD:
		return "linux_fd";
	default:
		return "unknown";
	}
}

/* Pin the object after @prev (pinned, or NULL for the first); NULL at the end. */
static struct zx_object *zx_objects_next(struct zx_object *prev)
{
	struct zx_object *obj;
	unsigned long flags;

	spin_lock_irqsave(&zx_objects_lock, flags);
	if (prev)
		obj = list_next_entry(prev, registry);
	else
		obj = list_first_entry(&zx_objects, struct zx_object, registry);
	list_for_each_entry_from(obj, &zx_objects, registry)
		if (kref_get_unless_zero(&obj->ref))
			break;
	if (list_entry_is_head(obj, &zx_objects, registry))
		obj = NULL;
	spin_unlock_irqrestore(&zx_objects_lock, flags);
	return obj;
}

static void zx_object_show(struct seq_file *m, struct zx_object *obj)
{
	char name[ZX_MAX_NAME_LEN];
	struct zx_observer *obs;
	unsigned int observers = 0;
	zx_signals_t signals;
	u64 peer;

	zx_object_lock(obj);
	signals = atomic_read(&obj->signals);
	peer = obj->peer ? obj->peer->koid : 0;
	list_for_each_entry(obs, &obj->observers, node)
		observers++;
	memcpy(name, obj->name, sizeof(name));
	zx_object_unlock(obj);
	seq_printf(m, "%llu\t%s\t0x%08x\t%d\t%llu\t%u\t", obj->koid,
		   zx_type_name(obj->ops->type), signals,
		   atomic_read(&obj->handle_count), peer, observers);
	/* The name is the user's: escape what would break the columns. */
	seq_escape(m, name, " \t\n\\");
	seq_putc(m, '\n');
}

static int zx_objects_show(struct seq_file *m, void *unused)
{
	struct zx_object *obj, *prev = NULL;

	seq_puts(m, "koid\ttype\tsignals\thandles\tpeer\tobservers\tname\n");
	for (;;) {
		obj = zx_objects_next(prev);
		if (prev)
			zx_object_put(prev);	/* may release it: no lock held */
		if (!obj)
			break;
		zx_object_show(m, obj);
		prev = obj;
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(zx_objects);

static void zx_table_show(struct seq_file *m, struct zx_table *table)
{
	struct zx_handle *handle;
	unsigned long slot;

	lockdep_assert_held(&zx_tables_lock);	/* keeps @table on the list */
	seq_printf(m, "table\t%llu\tpid\t%d\thandles\t%d\n", table->koid,
		   pid_vnr(table->owner), atomic_read(&table->count));
	rcu_read_lock();	/* keeps the handles and objects found alive */
	xa_for_each(&table->handles, slot, handle) {
		if (xa_is_value(handle))
			continue;
		seq_printf(m, "\t0x%08x\t%llu\t%s\t0x%08x\n",
			   zx_table_value(table, handle->id), handle->obj->koid,
			   zx_type_name(handle->obj->ops->type),
			   handle->rights);
	}
	rcu_read_unlock();
}

static int zx_tables_show(struct seq_file *m, void *unused)
{
	struct zx_table *table;

	mutex_lock(&zx_tables_lock);
	list_for_each_entry(table, &zx_tables, registry)
		zx_table_show(m, table);
	mutex_unlock(&zx_tables_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(zx_tables);

/* Without debugfs the module works as before; the files just do not exist. */
void zx_debugfs_init(void)
{
	zx_debugfs_dir = debugfs_create_dir("zircon", NULL);
	debugfs_create_file("objects", 0400, zx_debugfs_dir, NULL,
			    &zx_objects_fops);
	debugfs_create_file("tables", 0400, zx_debugfs_dir, NULL,
			    &zx_tables_fops);
}

void zx_debugfs_exit(void)
{
	debugfs_remove(zx_debugfs_dir);	/* waits for readers; takes ERR_PTR */
}
