// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the channel implementation. */
#include <linux/errno.h>
#include "syscalls.h"

long zx_ioctl_channel_create(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
long zx_ioctl_channel_write(struct zx_table *table, void __user *uarg, bool etc) { return -ENOTTY; }
long zx_ioctl_channel_read(struct zx_table *table, void __user *uarg, bool etc) { return -ENOTTY; }
long zx_ioctl_channel_call(struct zx_table *table, void __user *uarg, bool etc) { return -ENOTTY; }
