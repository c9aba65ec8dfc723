// SPDX-License-Identifier: GPL-2.0
/*
 * Handle tables: value encoding, lock-free lookup, reservation and
 * publication of new handles, removal and close. See table.h.
 */

#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "table.h"
#include "trace.h"

/* Free slots there must be before one is reused (see table.h). */
#define ZX_TABLE_MIN_FREE	1024
#define ZX_SLOT_FREE		XA_MARK_0
/* Handle ids are 30 bits: the two low bits of a value are fixed. */
#define ZX_ID_BITS		30

struct zx_table *zx_table_create(void)
{
	struct zx_table *table = kzalloc(sizeof(*table), ZX_GFP);

	if (!table)
		return NULL;
	xa_init(&table->handles);
	/* Room for max_handles, plus the one a replace may briefly add. */
	table->slot_bits = fls(READ_ONCE(zx_max_handles));
	table->mixer = get_random_u32() & ~ZX_HANDLE_FIXED_BITS_MASK;
	table->owner = get_pid(task_tgid(current));
	table->koid = zx_koid_alloc();
	zx_table_register(table);
	return table;
}

/*
 * Close every handle: the file is gone, or its owner process is exiting
 * (see zx_flush()); either way no ioctl can race with this.
 */
void zx_table_close_all(struct zx_table *table)
{
	struct zx_handle *handle;
	unsigned long slot;

	xa_for_each(&table->handles, slot, handle) {
		if (xa_is_value(handle) ||
		    xa_erase(&table->handles, slot) != handle)
			continue;
		atomic_dec(&table->count);
		zx_handle_destroy(handle);
		cond_resched();
	}
}

void zx_table_destroy(struct zx_table *table)
{
	zx_table_unregister(table);	/* before its handles go */
	zx_table_close_all(table);
	xa_destroy(&table->handles);
	put_pid(table->owner);
	kfree(table);
}

zx_handle_t zx_table_value(const struct zx_table *table, u32 id)
{
	return ((id << 2) | ZX_HANDLE_FIXED_BITS_MASK) ^ table->mixer;
}

static u32 zx_table_slot(const struct zx_table *table, u32 id)
{
	return id & (BIT(table->slot_bits) - 1);
}

static bool zx_table_id(const struct zx_table *table, zx_handle_t value,
			u32 *id)
{
	if ((value & ZX_HANDLE_FIXED_BITS_MASK) != ZX_HANDLE_FIXED_BITS_MASK)
		return false;
	*id = (value ^ table->mixer) >> 2;
	return true;
}

/* The handle in @entry (an xarray entry), if it has this @id. */
static struct zx_handle *zx_table_match(void *entry, u32 id)
{
	struct zx_handle *handle = entry;

	if (!handle || xa_is_value(handle) || READ_ONCE(handle->id) != id)
		return NULL;
	return handle;
}

struct zx_handle *zx_table_lookup(struct zx_table *table, zx_handle_t value)
{
	u32 id;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "handle lookup outside RCU");
	if (!zx_table_id(table, value, &id))
		return NULL;
	return zx_table_match(xa_load(&table->handles, zx_table_slot(table, id)),
			      id);
}

/*
 * Zircon's check order for typed lookups: BAD_HANDLE, then WRONG_TYPE
 * ("wrong type takes precedence over access denied"), then ACCESS_DENIED.
 * @type is ZX_OBJ_TYPE_NONE for calls that take any object.
 */
int zx_handle_check(const struct zx_handle *handle, u32 type,
		    zx_rights_t rights)
{
	if (!handle)
		return ZX_ERR_BAD_HANDLE;
	if (type != ZX_OBJ_TYPE_NONE && handle->obj->ops->type != type)
		return ZX_ERR_WRONG_TYPE;
	if ((handle->rights & rights) != rights)
		return ZX_ERR_ACCESS_DENIED;
	return 0;
}

/*
 * The object of @handle (found under RCU, which the caller holds), with a
 * reference, after zx_handle_check(). The handle may be closing: its
 * object's memory is still there, but its count may have reached zero.
 */
int zx_handle_get_object(const struct zx_handle *handle, u32 type,
			 zx_rights_t rights, struct zx_object **out)
{
	int ret = zx_handle_check(handle, type, rights);

	if (ret)
		return ret;
	if (!kref_get_unless_zero(&handle->obj->ref))
		return ZX_ERR_BAD_HANDLE;
	*out = handle->obj;
	return 0;
}

/*
 * Look @value up, check it as zx_handle_check() does and take a reference
 * on its object, which the caller drops with zx_object_put().
 */
int zx_table_get_object(struct zx_table *table, zx_handle_t value, u32 type,
			zx_rights_t rights, struct zx_object **out)
{
	int ret;

	rcu_read_lock();
	ret = zx_handle_get_object(zx_table_lookup(table, value), type, rights,
				   out);
	rcu_read_unlock();
	return ret;
}

/*
 * A handle's memory is reused once it is freed, so whatever must tell
 * handles apart after one of them is gone (a port's queued packets, which
 * zx_port_cancel() matches to the handle they were registered through)
 * compares serials: the CPU in the top 16 bits and a count of that CPU's
 * handles below, unique without a shared counter.
 */
static DEFINE_PER_CPU(u64, zx_handle_serials);

static u64 zx_handle_serial(void)
{
	u64 n, cpu;

	preempt_disable();
	cpu = smp_processor_id();
	n = __this_cpu_inc_return(zx_handle_serials);
	preempt_enable();
	return (cpu << 48) | (n & (BIT_ULL(48) - 1));
}

/* A new handle takes over a handle count and a reference on @obj. */
struct zx_handle *zx_handle_alloc(struct zx_object *obj, zx_rights_t rights)
{
	struct zx_handle *handle = kmalloc(sizeof(*handle), ZX_GFP);

	if (handle) {
		handle->obj = obj;
		handle->rights = rights;
		handle->closed = false;
		handle->nr_observers = 0;
		handle->serial = zx_handle_serial();
	}
	return handle;
}

/*
 * End a handle that has left its table but keep what it held: waits made
 * through it are cancelled, and its share of the object (a handle count
 * and a reference) passes to the caller, who moves it elsewhere (a handle
 * descriptor) or drops it with zx_object_drop_handle().
 */
struct zx_object *zx_handle_release_object(struct zx_handle *handle)
{
	struct zx_object *obj = handle->obj;

	zx_object_close_handle(obj, handle);
	kfree_rcu(handle, rcu);
	return obj;
}

/* Close a handle that has left its table (or never entered one). */
void zx_handle_destroy(struct zx_handle *handle)
{
	zx_object_drop_handle(zx_handle_release_object(handle));
}

void __zx_table_refresh(struct zx_table *table, zx_handle_t value)
{
	struct zx_object *obj;

	if (zx_table_get_object(table, value, ZX_OBJ_TYPE_NONE, 0, &obj))
		return;
	if (obj->ops->refresh)
		obj->ops->refresh(obj, NULL, false);
	zx_object_put(obj);
}

/* Reuse a free slot, or take a fresh one, while there are fresh ones. */
static bool zx_table_reuse_slot(const struct zx_table *table)
{
	if (!table->nr_free)
		return false;
	return table->nr_free >= ZX_TABLE_MIN_FREE ||
	       table->nr_slots >= BIT(table->slot_bits);
}

/*
 * Claim a slot for a reservation (XA_ZERO_ENTRY, which lookups see as
 * empty) and make its id. Free slots are taken in turn, from a cursor
 * that sweeps the table. Fails with -ENOMEM if the xarray needs a node
 * (the caller allocates it and retries) or -ENOSPC.
 */
static int zx_table_claim_slot(struct zx_table *table, struct xa_state *xas,
			       u32 *id)
{
	u32 gen_mask = BIT(ZX_ID_BITS - table->slot_bits) - 1;
	u32 gen = 0;
	void *entry;

	lockdep_assert_held(&table->handles.xa_lock);
	if (zx_table_reuse_slot(table)) {
		xas_set(xas, table->reuse_cursor);
		entry = xas_find_marked(xas, ULONG_MAX, ZX_SLOT_FREE);
		if (!entry) {
			xas_set(xas, 0);
			entry = xas_find_marked(xas, ULONG_MAX, ZX_SLOT_FREE);
		}
		if (WARN_ON_ONCE(!xa_is_value(entry)))
			return -ENOSPC;
		gen = (xa_to_value(entry) + 1) & gen_mask;
		/* The slot exists: this stores without allocating. */
		xas_store(xas, XA_ZERO_ENTRY);
		xas_clear_mark(xas, ZX_SLOT_FREE);
		table->nr_free--;
		table->reuse_cursor = xas->xa_index + 1;
	} else {
		if (table->nr_slots >= BIT(table->slot_bits))
			return -ENOSPC;
		xas_set(xas, table->nr_slots);
		xas_store(xas, XA_ZERO_ENTRY);
		if (xas_error(xas))
			return xas_error(xas);
		table->nr_slots++;
	}
	*id = (gen << table->slot_bits) | xas->xa_index;
	return 0;
}

/*
 * Reserve a slot, so that publishing the handle later cannot fail: calls
 * that make handles first reserve, then copy the values out, then publish.
 * @over_limit is for calls that give a handle back in the same step.
 */
int zx_table_reserve(struct zx_table *table, u32 *id, bool over_limit)
{
	XA_STATE(xas, &table->handles, 0);
	int ret;

	if (atomic_inc_return(&table->count) > READ_ONCE(zx_max_handles) &&
	    !over_limit) {
		atomic_dec(&table->count);
		return ZX_ERR_NO_RESOURCES;
	}
	do {
		xas_lock(&xas);
		ret = zx_table_claim_slot(table, &xas, id);
		xas_unlock(&xas);
	} while (xas_nomem(&xas, ZX_GFP));
	if (ret) {
		atomic_dec(&table->count);
		return ret == -ENOSPC ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
	}
	return 0;
}

/* Make @slot free again, remembering the generation of @id. */
static void zx_table_free_slot(struct zx_table *table, u32 id)
{
	XA_STATE(xas, &table->handles, zx_table_slot(table, id));

	lockdep_assert_held(&table->handles.xa_lock);
	/* The slot exists: this stores without allocating. */
	xas_store(&xas, xa_mk_value(id >> table->slot_bits));
	xas_set_mark(&xas, ZX_SLOT_FREE);
	table->nr_free++;
}

void zx_table_unreserve(struct zx_table *table, u32 id)
{
	xa_lock(&table->handles);
	zx_table_free_slot(table, id);
	xa_unlock(&table->handles);
	atomic_dec(&table->count);
}

void zx_table_publish(struct zx_table *table, u32 id,
		      struct zx_handle *handle)
{
	if (handle->obj->ops->refresh && !READ_ONCE(table->refreshable))
		WRITE_ONCE(table->refreshable, true);
	handle->id = id;
	/* The slot is reserved, so this stores without allocating. */
	WARN_ON_ONCE(xa_is_err(xa_store(&table->handles,
					zx_table_slot(table, id), handle,
					GFP_NOWAIT)));
}

/*
 * Take the handle for @value out of the table, if it maps to @expected (or
 * to any handle, for a NULL @expected). The caller closes it.
 */
static struct zx_handle *zx_table_take(struct zx_table *table,
				       zx_handle_t value,
				       const struct zx_handle *expected)
{
	struct zx_handle *handle;
	u32 id;

	if (!zx_table_id(table, value, &id))
		return NULL;
	xa_lock(&table->handles);
	handle = zx_table_match(xa_load(&table->handles,
					zx_table_slot(table, id)), id);
	if (handle && (!expected || handle == expected))
		zx_table_free_slot(table, id);
	else
		handle = NULL;
	xa_unlock(&table->handles);
	if (handle)
		atomic_dec(&table->count);
	return handle;
}

struct zx_handle *zx_table_remove(struct zx_table *table, zx_handle_t value)
{
	return zx_table_take(table, value, NULL);
}

/* Remove @value only if it still maps to @handle. */
bool zx_table_remove_exact(struct zx_table *table, zx_handle_t value,
			   struct zx_handle *handle)
{
	return zx_table_take(table, value, handle) == handle;
}

int zx_table_close(struct zx_table *table, zx_handle_t value)
{
	struct zx_handle *handle = zx_table_remove(table, value);

	if (!handle)
		return ZX_ERR_BAD_HANDLE;
	zx_handle_destroy(handle);
	return 0;
}

/*
 * Make a handle with default rights for each fresh object in @objs and
 * store its value in @values, all or nothing: slots are reserved first,
 * the values are copied to @uvalues, and only then are the handles
 * published. On failure every object is released.
 */
int zx_table_publish_new(struct zx_table *table, struct zx_object **objs,
			 u32 *values, unsigned int n, void __user *uvalues)
{
	struct zx_handle *handles[2] = { NULL, NULL };
	unsigned int i, reserved = 0;
	u32 id[2];
	int ret;

	/* Every object starts here: from now on debugfs lists it. */
	for (i = 0; i < n; i++) {
		zx_registry_add(objs[i]);
		trace_zircon_object_create(objs[i]);
	}
	for (i = 0; i < n; i++) {
		handles[i] = zx_handle_alloc(objs[i], objs[i]->ops->default_rights);
		if (!handles[i]) {
			ret = ZX_ERR_NO_MEMORY;
			goto fail;
		}
	}
	for (; reserved < n; reserved++) {
		ret = zx_table_reserve(table, &id[reserved], false);
		if (ret)
			goto fail;
	}
	for (i = 0; i < n; i++)
		values[i] = zx_table_value(table, id[i]);
	if (copy_to_user(uvalues, values, n * sizeof(*values))) {
		ret = -EFAULT;
		goto fail;
	}
	for (i = 0; i < n; i++)
		zx_table_publish(table, id[i], handles[i]);
	return 0;

fail:
	while (reserved--)
		zx_table_unreserve(table, id[reserved]);
	for (i = 0; i < n; i++) {
		kfree(handles[i]);
		zx_object_drop_handle(objs[i]);
	}
	return ret;
}
