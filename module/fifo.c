// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the FIFO implementation. */
#include <linux/errno.h>
#include "syscalls.h"

long zx_ioctl_fifo_create(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
long zx_ioctl_fifo_write(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
long zx_ioctl_fifo_read(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
