// SPDX-License-Identifier: GPL-2.0
/*
 * Handle descriptors: zx_linux_handle_to_fd() and zx_linux_fd_to_handle().
 *
 * zx_linux_handle_to_fd() takes a handle out of the caller's table (waits
 * made through it are cancelled, as when a handle leaves for a channel)
 * and moves its share of the object - one handle count and one reference -
 * into a new anonymous file, with the handle's rights. The file can be
 * inherited, dup()ed and sent with SCM_RIGHTS like any other; all those
 * descriptors share the one open file, whose share is taken at most once
 * (xchg), so descriptors never mint more handles than went in. A file
 * released with its share still in it drops it: the object sees its
 * handle close (an eventpair's peer gets PEER_CLOSED).
 */

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/zircon.h>

#include "interop.h"
#include "syscalls.h"
#include "table.h"
#include "trace.h"

struct zx_handle_file {
	struct zx_object *obj;		/* the share; NULL once imported (xchg) */
	zx_rights_t rights;		/* immutable */
	u32 type;			/* immutable, for fdinfo */
	u64 koid;			/* immutable, for fdinfo */
};

static void zx_handle_file_free(void *priv)
{
	struct zx_handle_file *hf = priv;
	struct zx_object *obj = xchg(&hf->obj, NULL);

	if (obj)
		zx_object_drop_handle(obj);
	kfree(hf);
}

static int zx_handle_file_release(struct inode *inode, struct file *file)
{
	zx_handle_file_free(file->private_data);
	return 0;
}

static void zx_handle_file_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct zx_handle_file *hf = file->private_data;

	seq_printf(m, "zircon-koid:\t%llu\n", hf->koid);
	seq_printf(m, "zircon-type:\t%u\n", hf->type);
	seq_printf(m, "zircon-rights:\t%#x\n", hf->rights);
	seq_printf(m, "zircon-imported:\t%d\n", !READ_ONCE(hf->obj));
}

static const struct file_operations zx_handle_file_fops = {
	.owner = THIS_MODULE,
	.release = zx_handle_file_release,
	.show_fdinfo = zx_handle_file_show_fdinfo,
	.llseek = noop_llseek,
};

/*
 * Put @priv in a new anonymous file at a new descriptor, and copy the
 * number to @ufd before the descriptor goes live. On failure @priv is
 * freed: by @free_priv before the file exists, by the file's release
 * after.
 */
int zx_fd_install(const char *name, const struct file_operations *fops,
		  void *priv, void (*free_priv)(void *priv), int flags,
		  s32 __user *ufd)
{
	struct file *file;
	int fd;

	file = anon_inode_getfile(name, fops, priv, O_RDWR);
	if (IS_ERR(file)) {
		free_priv(priv);
		return ZX_ERR_NO_MEMORY;
	}
	fd = get_unused_fd_flags(flags);
	if (fd < 0) {
		fput(file);
		return fd == -EMFILE || fd == -ENFILE ? ZX_ERR_NO_RESOURCES
						      : ZX_ERR_NO_MEMORY;
	}
	if (put_user(fd, ufd)) {
		put_unused_fd(fd);
		fput(file);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;
}

long zx_ioctl_handle_to_fd(struct zx_table *table, void __user *uarg)
{
	struct zircon_handle_to_fd __user *up = uarg;
	struct zircon_handle_to_fd args;
	struct zx_handle_file *hf;
	struct zx_handle *handle;
	int ret = 0;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;
	/* From here on the handle is consumed, whatever happens. */
	handle = zx_table_remove(table, args.handle);
	if (!handle)
		return ZX_ERR_BAD_HANDLE;
	if (args.flags & ~O_CLOEXEC)
		ret = ZX_ERR_INVALID_ARGS;
	else if (!(handle->rights & ZX_RIGHT_TRANSFER))
		ret = ZX_ERR_ACCESS_DENIED;
	hf = ret ? NULL : kmalloc(sizeof(*hf), ZX_GFP);
	if (!hf) {
		zx_handle_destroy(handle);
		return ret ?: ZX_ERR_NO_MEMORY;
	}
	trace_zircon_handle_transfer(ZX_TRACE_HANDLE_TO_FD, table, args.handle,
				     false, handle->obj, handle->rights);
	hf->rights = handle->rights;
	hf->type = handle->obj->ops->type;
	hf->koid = handle->obj->koid;
	hf->obj = zx_handle_release_object(handle);
	return zx_fd_install("[zircon-handle]", &zx_handle_file_fops, hf,
			     zx_handle_file_free, args.flags, &up->fd);
}

long zx_ioctl_fd_to_handle(struct zx_table *table, void __user *uarg)
{
	struct zircon_fd_to_handle __user *up = uarg;
	struct zircon_fd_to_handle args;
	struct zx_handle_file *hf;
	struct zx_handle *handle;
	struct zx_object *obj;
	struct file *file;
	u32 index;
	int ret;

	if (copy_from_user(&args, up, sizeof(args)))
		return -EFAULT;
	if (args.pad || args.pad2)
		return -EINVAL;
	file = fget(args.fd);
	if (!file)
		return ZX_ERR_BAD_HANDLE;
	ret = ZX_ERR_WRONG_TYPE;
	if (file->f_op != &zx_handle_file_fops)
		goto out_fput;
	hf = file->private_data;

	/* Everything that can fail comes before the share is taken. */
	ret = ZX_ERR_NO_MEMORY;
	handle = zx_handle_alloc(NULL, hf->rights);
	if (!handle)
		goto out_fput;
	ret = zx_table_reserve(table, &index, false);
	if (ret)
		goto out_free;
	ret = -EFAULT;
	if (put_user(zx_table_value(table, index), &up->out))
		goto out_unreserve;
	obj = xchg(&hf->obj, NULL);
	ret = ZX_ERR_BAD_STATE;		/* imported through another copy */
	if (!obj)
		goto out_unreserve;
	handle->obj = obj;
	trace_zircon_handle_transfer(ZX_TRACE_FD_TO_HANDLE, table, index, true,
				     obj, handle->rights);
	zx_table_publish(table, index, handle);
	fput(file);
	return 0;

out_unreserve:
	zx_table_unreserve(table, index);
out_free:
	kfree(handle);
out_fput:
	fput(file);
	return ret;
}
