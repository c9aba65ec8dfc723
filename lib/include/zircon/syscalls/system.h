/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * System control: zx_system_powerctl() commands and argument,
 * zx_system_get_event() kinds and the CPU performance info, as in
 * Fuchsia's syscalls/system.h. None of these is available on Linux.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_SYSTEM_H_
#define SYSROOT_ZIRCON_SYSCALLS_SYSTEM_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/time.h>

__BEGIN_CDECLS

/* zx_system_powerctl() commands */
#define ZX_SYSTEM_POWERCTL_ENABLE_ALL_CPUS 1u
#define ZX_SYSTEM_POWERCTL_DISABLE_ALL_CPUS_BUT_PRIMARY 2u
#define ZX_SYSTEM_POWERCTL_ACPI_TRANSITION_S_STATE 3u
#define ZX_SYSTEM_POWERCTL_X86_SET_PKG_PL1 4u
#define ZX_SYSTEM_POWERCTL_REBOOT 5u
#define ZX_SYSTEM_POWERCTL_REBOOT_BOOTLOADER 6u
#define ZX_SYSTEM_POWERCTL_REBOOT_RECOVERY 7u
#define ZX_SYSTEM_POWERCTL_SHUTDOWN 8u
#define ZX_SYSTEM_POWERCTL_ACK_KERNEL_INITIATED_REBOOT 9u

typedef struct zx_system_powerctl_arg {
	__extension__ union {
		struct {
			uint8_t target_s_state; /* 1 to 5 */
			uint8_t sleep_type_a;   /* SLP_TYPa */
			uint8_t sleep_type_b;   /* SLP_TYPb */
		} acpi_transition_s_state;
		struct {
			uint32_t power_limit; /* PL1, milliwatts */
			uint32_t time_window; /* PL1 window, microseconds */
			uint8_t clamp;
			uint8_t enable;
		} x86_power_limit;
	};
} zx_system_powerctl_arg_t;

/* zx_system_get_event() kinds */
#define ZX_SYSTEM_EVENT_OUT_OF_MEMORY 1u
#define ZX_SYSTEM_EVENT_MEMORY_PRESSURE_CRITICAL 2u
#define ZX_SYSTEM_EVENT_MEMORY_PRESSURE_WARNING 3u
#define ZX_SYSTEM_EVENT_MEMORY_PRESSURE_NORMAL 4u
#define ZX_SYSTEM_EVENT_IMMINENT_OUT_OF_MEMORY 5u

/* zx_system_{get,set}_performance_info() topics */
#define ZX_CPU_PERF_SCALE ((uint32_t)1u)
#define ZX_CPU_DEFAULT_PERF_SCALE ((uint32_t)2u)
#define ZX_CPU_POWER_LIMIT ((uint32_t)3u)

/* A fixed-point scale: integral_part + fractional_part / 2^32 */
typedef struct zx_cpu_performance_scale {
	uint32_t integral_part;
	uint32_t fractional_part;
} zx_cpu_performance_scale_t;

typedef struct zx_cpu_performance_info {
	uint32_t logical_cpu_number;
	zx_cpu_performance_scale_t performance_scale;
} zx_cpu_performance_info_t;

/* ZX_CPU_POWER_LIMIT: a CPU's power budget */
typedef struct zx_cpu_power_limit {
	uint32_t logical_cpu_number;
	uint8_t padding1[4];
	uint64_t max_power_nw;
} zx_cpu_power_limit_t;

__ZX_STATIC_ASSERT(sizeof(zx_cpu_performance_info_t) == 12, "zx_cpu_performance_info_t size");
__ZX_STATIC_ASSERT(sizeof(zx_cpu_power_limit_t) == 16, "zx_cpu_power_limit_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_SYSTEM_H_ */
