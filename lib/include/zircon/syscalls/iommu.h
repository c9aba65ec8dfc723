/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * IOMMU descriptors for zx_iommu_create(), as in Fuchsia's
 * syscalls/iommu.h. Not available on Linux.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_IOMMU_H_
#define SYSROOT_ZIRCON_SYSCALLS_IOMMU_H_

#include <stdbool.h>
#include <stdint.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

#define ZX_IOMMU_MAX_DESC_LEN 4096

/* zx_iommu_create() types */
#define ZX_IOMMU_TYPE_DUMMY 0u
#define ZX_IOMMU_TYPE_INTEL 1u

typedef struct zx_iommu_desc_dummy {
	uint8_t reserved;
} zx_iommu_desc_dummy_t;

#define ZX_IOMMU_INTEL_SCOPE_ENDPOINT 0
#define ZX_IOMMU_INTEL_SCOPE_BRIDGE 1

/* A device the unit covers: its bus, and a path of dev/func pairs */
typedef struct zx_iommu_desc_intel_scope {
	uint8_t type;
	uint8_t start_bus;
	uint8_t num_hops;
	uint8_t dev_func[5];
} zx_iommu_desc_intel_scope_t;

typedef struct zx_iommu_desc_intel_reserved_memory {
	uint64_t base_addr;
	uint64_t len;
	uint8_t scope_bytes;
	uint8_t _reserved[7];
	/* followed by scope_bytes of zx_iommu_desc_intel_scope_t */
} zx_iommu_desc_intel_reserved_memory_t;

typedef struct zx_iommu_desc_intel {
	uint64_t register_base;
	uint16_t pci_segment;
	bool whole_segment;
	uint8_t scope_bytes;
	uint16_t reserved_memory_bytes;
	uint8_t _reserved[2];
	/* followed by the scopes, then the reserved memory descriptors */
} zx_iommu_desc_intel_t;

__ZX_STATIC_ASSERT(sizeof(zx_iommu_desc_intel_scope_t) == 8, "intel_scope size");
__ZX_STATIC_ASSERT(sizeof(zx_iommu_desc_intel_t) == 16, "zx_iommu_desc_intel_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_IOMMU_H_ */
