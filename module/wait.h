/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZIRCON_WAIT_H
#define _ZIRCON_WAIT_H

#include <linux/ktime.h>

struct wait_queue_head;

bool zx_deadline_to_ktime(s64 deadline, ktime_t *out);
s64 zx_clock_offset(bool boottime);
int zx_sleep_until(bool (*done)(void *arg), void *arg,
		   struct wait_queue_head *wq, s64 deadline);

#endif /* _ZIRCON_WAIT_H */
