/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * IOBuffers: the region descriptions zx_iob_create() takes and
 * ZX_INFO_IOB_REGIONS reports, as in Fuchsia's syscalls/iob.h.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_IOB_H_
#define SYSROOT_ZIRCON_SYSCALLS_IOB_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

#define ZX_IOB_MAX_REGIONS ((uint32_t)64u)

typedef uint32_t zx_iob_region_type_t;
#define ZX_IOB_REGION_TYPE_PRIVATE ((zx_iob_region_type_t)0u)
#define ZX_IOB_REGION_TYPE_SHARED ((zx_iob_region_type_t)1u)

typedef uint32_t zx_iob_access_t;
#define ZX_IOB_ACCESS_EP0_CAN_MAP_READ ((zx_iob_access_t)1u << 0)
#define ZX_IOB_ACCESS_EP0_CAN_MAP_WRITE ((zx_iob_access_t)1u << 1)
#define ZX_IOB_ACCESS_EP0_CAN_MEDIATED_READ ((zx_iob_access_t)1u << 2)
#define ZX_IOB_ACCESS_EP0_CAN_MEDIATED_WRITE ((zx_iob_access_t)1u << 3)
#define ZX_IOB_ACCESS_EP1_CAN_MAP_READ ((zx_iob_access_t)1u << 4)
#define ZX_IOB_ACCESS_EP1_CAN_MAP_WRITE ((zx_iob_access_t)1u << 5)
#define ZX_IOB_ACCESS_EP1_CAN_MEDIATED_READ ((zx_iob_access_t)1u << 6)
#define ZX_IOB_ACCESS_EP1_CAN_MEDIATED_WRITE ((zx_iob_access_t)1u << 7)

typedef uint64_t zx_iob_discipline_type_t;
#define ZX_IOB_DISCIPLINE_TYPE_NONE ((zx_iob_discipline_type_t)0u)
#define ZX_IOB_DISCIPLINE_TYPE_ID_ALLOCATOR ((zx_iob_discipline_type_t)1u)

typedef struct zx_iob_discipline {
	zx_iob_discipline_type_t type;
	uint64_t reserved[8];
} zx_iob_discipline_t;

typedef struct zx_iob_region_private {
	uint64_t options;
	uint64_t padding[3];
} zx_iob_region_private_t;

typedef struct zx_iob_region_shared {
	uint64_t options;
	zx_handle_t shared_region;
	uint8_t padding1[4];
	uint64_t padding2[2];
} zx_iob_region_shared_t;

typedef struct zx_iob_region {
	zx_iob_region_type_t type;
	zx_iob_access_t access;
	uint64_t size;
	zx_iob_discipline_t discipline;
	__extension__ union {
		zx_iob_region_private_t private_region;
		zx_iob_region_shared_t shared_region;
		uint8_t max_extension[32];
	};
} zx_iob_region_t;

__ZX_STATIC_ASSERT(sizeof(zx_iob_discipline_t) == 72, "zx_iob_discipline_t size");
__ZX_STATIC_ASSERT(sizeof(zx_iob_region_t) == 120, "zx_iob_region_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_IOB_H_ */
