// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the socket implementation. */
#include <linux/errno.h>
#include "syscalls.h"

long zx_ioctl_socket_create(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
long zx_ioctl_socket_write(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
long zx_ioctl_socket_read(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
long zx_ioctl_socket_set_disposition(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
