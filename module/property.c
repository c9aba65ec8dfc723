// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_get_property and zx_object_set_property.
 *
 * The checks every property shares, in Zircon's order (object.cc): the
 * value pointer, the handle and its GET_PROPERTY/SET_PROPERTY right, the
 * property, the value's size, the object's type, and only then the
 * value itself, which the type's hook gets or sets. The per-type
 * properties are size_t in Zircon and travel as a __u64 (8 bytes) on
 * every ABI.
 *
 * ZX_PROP_NAME is every object's (object.c keeps it): a get needs room
 * for ZX_MAX_NAME_LEN bytes and always writes all of them, NUL-padded; a
 * set reads at most ZX_MAX_NAME_LEN - 1 bytes and the name ends at the
 * first NUL.
 */

#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"

struct zx_property {
	u32 id;
	u32 type;			/* the object type that has it, or NONE: all */
};

static const struct zx_property zx_properties[] = {
	{ ZX_PROP_NAME, ZX_OBJ_TYPE_NONE },
	{ ZX_PROP_SOCKET_RX_THRESHOLD, ZX_OBJ_TYPE_SOCKET },
	{ ZX_PROP_SOCKET_TX_THRESHOLD, ZX_OBJ_TYPE_SOCKET },
};

/*
 * Everything up to the value: returns the object, referenced; the type
 * that has the property has both hooks.
 */
static int zx_property_begin(struct zx_table *table,
			     const struct zircon_object_property *args,
			     zx_rights_t right, struct zx_object **out)
{
	const struct zx_property *prop = NULL;
	struct zx_handle *handle;
	struct zx_object *obj;
	unsigned int i;
	int ret;

	if (!args->value)
		return ZX_ERR_INVALID_ARGS;

	rcu_read_lock();
	handle = zx_table_lookup(table, args->handle);
	ret = zx_handle_check(handle, ZX_OBJ_TYPE_NONE, right);
	if (ret)
		goto out;
	for (i = 0; i < ARRAY_SIZE(zx_properties); i++)
		if (zx_properties[i].id == args->property)
			prop = &zx_properties[i];
	obj = handle->obj;
	if (!prop)
		ret = ZX_ERR_NOT_SUPPORTED;
	else if (prop->id == ZX_PROP_NAME)
		ret = right == ZX_RIGHT_GET_PROPERTY &&
		      args->size < ZX_MAX_NAME_LEN ? ZX_ERR_BUFFER_TOO_SMALL : 0;
	else if (args->size < sizeof(u64))
		ret = ZX_ERR_BUFFER_TOO_SMALL;
	else if (obj->ops->type != prop->type ||
		 !obj->ops->get_property || !obj->ops->set_property)
		ret = ZX_ERR_WRONG_TYPE;
	if (ret)
		goto out;
	ret = zx_handle_get_object(handle, ZX_OBJ_TYPE_NONE, 0, out);
out:
	rcu_read_unlock();
	return ret;
}

long zx_ioctl_object_get_property(struct zx_table *table, void __user *uarg)
{
	struct zircon_object_property args;
	struct zx_object *obj;
	u64 value;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	ret = zx_property_begin(table, &args, ZX_RIGHT_GET_PROPERTY, &obj);
	if (ret)
		return ret;
	if (args.property == ZX_PROP_NAME) {
		char name[ZX_MAX_NAME_LEN];

		zx_object_get_name(obj, name);
		zx_object_put(obj);
		if (copy_to_user(u64_to_user_ptr(args.value), name, sizeof(name)))
			return -EFAULT;
		return 0;
	}
	ret = obj->ops->get_property(obj, args.property, &value);
	zx_object_put(obj);
	if (!ret && put_user(value, (u64 __user *)u64_to_user_ptr(args.value)))
		return -EFAULT;
	return ret;
}

long zx_ioctl_object_set_property(struct zx_table *table, void __user *uarg)
{
	struct zircon_object_property args;
	struct zx_object *obj;
	u64 value;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	ret = zx_property_begin(table, &args, ZX_RIGHT_SET_PROPERTY, &obj);
	if (ret)
		return ret;
	if (args.property == ZX_PROP_NAME) {
		char name[ZX_MAX_NAME_LEN] = { 0 };
		size_t len = min_t(u64, args.size, ZX_MAX_NAME_LEN - 1);

		if (copy_from_user(name, u64_to_user_ptr(args.value), len))
			ret = -EFAULT;
		else
			zx_object_set_name(obj, name, len);
		zx_object_put(obj);
		return ret;
	}
	if (get_user(value, (u64 __user *)u64_to_user_ptr(args.value)))
		ret = -EFAULT;
	else
		ret = obj->ops->set_property(obj, args.property, value);
	zx_object_put(obj);
	return ret;
}
