/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handle tables.
 *
 * One table per open file of /dev/zircon, bound to the process (thread
 * group) that opened it. A handle is an object reference plus rights; the
 * table maps handle values to handles in an xarray, so lookups are
 * lock-free (RCU) and cost the same with one handle or a million.
 *
 * Values, as on Zircon: a handle lives in a slot of the table and the
 * slot carries a generation, bumped each time the slot is reused. The
 * handle's id is (generation << slot_bits) | slot, and its value is
 * ((id << 2) | 3) ^ mixer, with a random per-table mixer whose low two
 * bits are zero: values are nonzero, end in binary 11 and are not
 * predictable, and a stale value (an older generation) finds no handle.
 * slot_bits is fixed when the table is opened, just enough for max_handles
 * then; the rest of the 30 bits are the generation (11 with the default
 * limit, Zircon has 12).
 *
 * Slots are reused only once ZX_TABLE_MIN_FREE of them are free, in turn,
 * so a value comes back only after ZX_TABLE_MIN_FREE << generation bits
 * allocations at the very least (two million with the default limit). Slots
 * stay dense and the xarray keeps its nodes: creating and closing handles
 * neither allocates nor frees tree nodes, and lookups walk a shallow tree.
 * A free slot holds its generation as a value entry, marked ZX_SLOT_FREE.
 *
 * A handle leaves its table in one step (xarray erase) and is closed in a
 * second one, under its object's lock (zx_object_close_handle()), which
 * marks it closed and cancels the observers registered through it. Callers
 * that found a handle under RCU and want to register an observer or mint a
 * new handle from it do so under the object lock and check ->closed first,
 * so nothing is ever attached to a handle that is already gone.
 */
#ifndef _ZIRCON_TABLE_H
#define _ZIRCON_TABLE_H

#include <linux/pid.h>
#include <linux/xarray.h>

#include "object.h"

struct zx_handle {
	struct zx_object *obj;		/* holds a reference and a handle count */
	zx_rights_t rights;		/* immutable */
	u32 id;				/* immutable once published */
	bool closed;			/* under obj->lock; set once */
	unsigned int nr_observers;	/* under obj->lock: queued through it */
	u64 serial;			/* immutable; unique among all handles ever */
	struct rcu_head rcu;
};

struct zx_table {
	/* slot -> zx_handle, or a free slot's generation; xa_lock for writers */
	struct xarray handles;
	u32 slot_bits;			/* immutable */
	u32 nr_slots;			/* slots ever used, under xa_lock */
	u32 nr_free;			/* free slots, under xa_lock */
	u32 reuse_cursor;		/* where the next reuse looks, under xa_lock */
	u32 mixer;			/* immutable; low two bits zero */
	atomic_t count;			/* handles and reservations */
	struct pid *owner;		/* immutable: the opener's thread group */
	bool refreshable;		/* set once an object with ->refresh enters */
	u64 koid;			/* immutable */
	struct list_head registry;	/* on zx_tables (debugfs.c), zx_tables_lock */
};

extern unsigned int zx_max_handles;

struct zx_table *zx_table_create(void);
void zx_table_destroy(struct zx_table *table);
void zx_table_register(struct zx_table *table);
void zx_table_unregister(struct zx_table *table);

/* Caller holds rcu_read_lock(); returns NULL for a value not in the table. */
struct zx_handle *zx_table_lookup(struct zx_table *table, zx_handle_t value);
int zx_handle_check(const struct zx_handle *handle, u32 type,
		    zx_rights_t rights);
int zx_handle_get_object(const struct zx_handle *handle, u32 type,
			 zx_rights_t rights, struct zx_object **out);
int zx_table_get_object(struct zx_table *table, zx_handle_t value, u32 type,
			zx_rights_t rights, struct zx_object **out);

struct zx_handle *zx_handle_alloc(struct zx_object *obj, zx_rights_t rights);
void zx_handle_destroy(struct zx_handle *handle);
struct zx_object *zx_handle_release_object(struct zx_handle *handle);
void zx_table_close_all(struct zx_table *table);
void __zx_table_refresh(struct zx_table *table, zx_handle_t value);

/* Before a wait looks at @value's signals (see zx_object_ops.refresh). */
static inline void zx_table_refresh(struct zx_table *table, zx_handle_t value)
{
	if (unlikely(READ_ONCE(table->refreshable)))
		__zx_table_refresh(table, value);
}

/*
 * Reserve a slot for a new handle: *@id names it until zx_table_publish()
 * or zx_table_unreserve(); zx_table_value() is the value it will have.
 */
int zx_table_reserve(struct zx_table *table, u32 *id, bool over_limit);
void zx_table_unreserve(struct zx_table *table, u32 id);
zx_handle_t zx_table_value(const struct zx_table *table, u32 id);
void zx_table_publish(struct zx_table *table, u32 id,
		      struct zx_handle *handle);
struct zx_handle *zx_table_remove(struct zx_table *table, zx_handle_t value);
bool zx_table_remove_exact(struct zx_table *table, zx_handle_t value,
			   struct zx_handle *handle);
int zx_table_close(struct zx_table *table, zx_handle_t value);
int zx_table_publish_new(struct zx_table *table, struct zx_object **objs,
			 u32 *values, unsigned int n, void __user *uvalues);

#endif /* _ZIRCON_TABLE_H */
