/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZIRCON_WAIT_H
#define _ZIRCON_WAIT_H

#include <linux/ktime.h>

bool zx_deadline_to_ktime(s64 deadline, ktime_t *out);

#endif /* _ZIRCON_WAIT_H */
