// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_get_property and zx_object_set_property.
 *
 * The checks every property shares, in Zircon's order (object.cc): the
 * value pointer, the handle and its GET_PROPERTY/SET_PROPERTY right, the
 * property, the value's size, the object's type, and only then the
 * value itself, which the type's hook gets or sets. Every property here
 * is a size_t in Zircon and travels as a __u64 (8 bytes) on every ABI.
 */

#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "syscalls.h"
#include "table.h"

struct zx_property {
	u32 id;
	u32 type;			/* the object type that has it */
};

static const struct zx_property zx_properties[] = {
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
	else if (args->size < sizeof(u64))
		ret = ZX_ERR_BUFFER_TOO_SMALL;
	else if (obj->ops->type != prop->type ||
		 !obj->ops->get_property || !obj->ops->set_property)
		ret = ZX_ERR_WRONG_TYPE;
	else
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
	if (get_user(value, (u64 __user *)u64_to_user_ptr(args.value)))
		ret = -EFAULT;
	else
		ret = obj->ops->set_property(obj, args.property, value);
	zx_object_put(obj);
	return ret;
}
