/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Scheduler profiles: zx_profile_info_t, what zx_profile_create() takes,
 * and the priority range, as in Fuchsia's syscalls/profile.h.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_PROFILE_H_
#define SYSROOT_ZIRCON_SYSCALLS_PROFILE_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/syscalls/scheduler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

#define ZX_PRIORITY_LOWEST 0
#define ZX_PRIORITY_LOW 8
#define ZX_PRIORITY_DEFAULT 16
#define ZX_PRIORITY_HIGH 24
#define ZX_PRIORITY_HIGHEST 31

/* zx_profile_info_t::flags: which fields are meant */
#define ZX_PROFILE_INFO_FLAG_PRIORITY ((uint32_t)1u << 0)
#define ZX_PROFILE_INFO_FLAG_CPU_MASK ((uint32_t)1u << 1)
#define ZX_PROFILE_INFO_FLAG_DEADLINE ((uint32_t)1u << 2)
#define ZX_PROFILE_INFO_FLAG_NO_INHERIT ((uint32_t)1u << 3)
#define ZX_PROFILE_INFO_FLAG_MEMORY_PRIORITY ((uint32_t)1u << 4)

typedef struct zx_profile_info {
	uint32_t flags;
	uint8_t padding1[4];
	__extension__ union {
		__extension__ struct {
			int32_t priority;
			uint8_t padding2[20];
		};
		zx_sched_deadline_params_t deadline_params;
	};
	zx_cpu_set_t cpu_affinity_mask;
} zx_profile_info_t;

__ZX_STATIC_ASSERT(sizeof(zx_profile_info_t) == 96, "zx_profile_info_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_profile_info_t, cpu_affinity_mask) == 32,
		   "profile.cpu_affinity_mask");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_PROFILE_H_ */
