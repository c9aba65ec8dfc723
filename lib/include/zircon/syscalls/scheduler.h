/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Deadline scheduling parameters, as in Fuchsia's syscalls/scheduler.h.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_SCHEDULER_H_
#define SYSROOT_ZIRCON_SYSCALLS_SCHEDULER_H_

#include <zircon/compiler.h>
#include <zircon/time.h>

__BEGIN_CDECLS

/* capacity <= relative_deadline <= period, all in nanoseconds */
typedef struct zx_sched_deadline_params {
	zx_duration_t capacity;
	zx_duration_t relative_deadline;
	zx_duration_t period;
} zx_sched_deadline_params_t;

__ZX_STATIC_ASSERT(sizeof(zx_sched_deadline_params_t) == 24, "zx_sched_deadline_params_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_SCHEDULER_H_ */
