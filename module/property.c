// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the property implementation. */
#include <linux/errno.h>
#include "syscalls.h"

long zx_ioctl_object_get_property(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
long zx_ioctl_object_set_property(struct zx_table *table, void __user *uarg) { return -ENOTTY; }
