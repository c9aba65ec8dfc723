/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Resource kinds and flags for zx_resource_create(), as in Fuchsia's
 * syscalls/resource.h. Not available on Linux.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_RESOURCE_H_
#define SYSROOT_ZIRCON_SYSCALLS_RESOURCE_H_

#include <stdint.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

/* the low 16 bits of the options: the kind */
#define ZX_RSRC_KIND_MMIO ((uint32_t)0u)
#define ZX_RSRC_KIND_IRQ ((uint32_t)1u)
#define ZX_RSRC_KIND_IOPORT ((uint32_t)2u)
#define ZX_RSRC_KIND_ROOT ((uint32_t)3u)
#define ZX_RSRC_KIND_SMC ((uint32_t)4u)
#define ZX_RSRC_KIND_SYSTEM ((uint32_t)5u)
#define ZX_RSRC_KIND_COUNT ((uint32_t)6u)

/* the high 16 bits: flags */
#define ZX_RSRC_FLAG_EXCLUSIVE ((uint32_t)0x00010000u)
#define ZX_RSRC_FLAGS_MASK (ZX_RSRC_FLAG_EXCLUSIVE)

#define ZX_RSRC_EXTRACT_KIND(x) ((x) & 0x0000FFFF)
#define ZX_RSRC_EXTRACT_FLAGS(x) ((x) & 0xFFFF0000)

/* the ranges of the ZX_RSRC_KIND_SYSTEM resource */
#define ZX_RSRC_SYSTEM_HYPERVISOR_BASE ((uint64_t)0u)
#define ZX_RSRC_SYSTEM_VMEX_BASE ((uint64_t)1u)
#define ZX_RSRC_SYSTEM_DEBUG_BASE ((uint64_t)2u)
#define ZX_RSRC_SYSTEM_INFO_BASE ((uint64_t)3u)
#define ZX_RSRC_SYSTEM_CPU_BASE ((uint64_t)4u)
#define ZX_RSRC_SYSTEM_POWER_BASE ((uint64_t)5u)
#define ZX_RSRC_SYSTEM_MEXEC_BASE ((uint64_t)6u)
#define ZX_RSRC_SYSTEM_ENERGY_INFO_BASE ((uint64_t)7u)
#define ZX_RSRC_SYSTEM_IOMMU_BASE ((uint64_t)8u)
#define ZX_RSRC_SYSTEM_FRAMEBUFFER_BASE ((uint64_t)9u)
#define ZX_RSRC_SYSTEM_PROFILE_BASE ((uint64_t)10u)
#define ZX_RSRC_SYSTEM_MSI_BASE ((uint64_t)11u)
#define ZX_RSRC_SYSTEM_DEBUGLOG_BASE ((uint64_t)12u)
#define ZX_RSRC_SYSTEM_STALL_BASE ((uint64_t)13u)
#define ZX_RSRC_SYSTEM_TRACING_BASE ((uint64_t)14u)
#define ZX_RSRC_SYSTEM_SAMPLING_BASE ((uint64_t)15u)
#define ZX_RSRC_SYSTEM_COUNT ((uint64_t)16u)

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_RESOURCE_H_ */
