/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux interop: the descriptors this module makes besides /dev/zircon.
 *
 * A handle descriptor (handle_fd.c) carries one handle's share of an
 * object, moved out of a table, and gives it back to exactly one table.
 * A Linux descriptor wrapper (linux_fd.c) is an object whose signals
 * follow a file's poll readiness. A poll descriptor (poll_fd.c) is a file
 * that polls readable while an object has some signals active.
 *
 * Reference cycles: a wrapper holds its file until its last handle closes,
 * and handles live in files (tables, handle descriptors). So no file that
 * can hold references to other files of its user's choosing is ever
 * wrapped: not this module's own, not AF_UNIX or AF_KCM sockets, io_uring
 * rings or binder devices (linux_fd.c says why each, and why the others
 * are safe). Then no chain of references through a wrapper can lead back
 * to it.
 */
#ifndef _ZIRCON_INTEROP_H
#define _ZIRCON_INTEROP_H

#include <linux/fs.h>
#include <linux/poll.h>

struct zx_object;

bool zx_file_is_ours(const struct file *file);
int zx_fd_install(const char *name, const struct file_operations *fops,
		  void *priv, void (*free_priv)(void *priv), int flags,
		  s32 __user *ufd);
__poll_t zx_port_poll(struct zx_object *obj, struct file *file,
		      poll_table *pt);

/* Module load and unload (main.c): the wrappers' re-poll workqueue. */
int zx_linux_fd_init(void);
void zx_linux_fd_exit(void);

#endif /* _ZIRCON_INTEROP_H */
