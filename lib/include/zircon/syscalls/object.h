/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * zx_object_get_info() topics and the records of the handle topics. All
 * topic values are listed so Fuchsia code compiles; the kernel answers the
 * ones it implements and ZX_ERR_NOT_SUPPORTED for the rest.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_OBJECT_H_
#define SYSROOT_ZIRCON_SYSCALLS_OBJECT_H_

#include <zircon/types.h>

__BEGIN_CDECLS

/* Versioned topics: the version is the upper 4 bits, counting from 0. */
#define __ZX_INFO_TOPIC(t, v) ((zx_object_info_topic_t)((t) | ((v) << 28)))

typedef uint32_t zx_object_info_topic_t;

/* The comment after each topic names the record type written and how many. */
#define ZX_INFO_NONE ((zx_object_info_topic_t)0u)
#define ZX_INFO_HANDLE_VALID ((zx_object_info_topic_t)1u)
#define ZX_INFO_HANDLE_BASIC ((zx_object_info_topic_t)2u)           /* zx_info_handle_basic_t[1] */
#define ZX_INFO_PROCESS __ZX_INFO_TOPIC(3u, 1u)                     /* zx_info_process_t[1] */
#define ZX_INFO_PROCESS_THREADS ((zx_object_info_topic_t)4u)        /* zx_koid_t[n] */
#define ZX_INFO_VMAR ((zx_object_info_topic_t)7u)                   /* zx_info_vmar_t[1] */
#define ZX_INFO_JOB_CHILDREN ((zx_object_info_topic_t)8u)           /* zx_koid_t[n] */
#define ZX_INFO_JOB_PROCESSES ((zx_object_info_topic_t)9u)          /* zx_koid_t[n] */
#define ZX_INFO_THREAD ((zx_object_info_topic_t)10u)                /* zx_info_thread_t[1] */
#define ZX_INFO_THREAD_EXCEPTION_REPORT_V1 __ZX_INFO_TOPIC(11u, 0u) /* zx_exception_report_t[1] */
#define ZX_INFO_THREAD_EXCEPTION_REPORT __ZX_INFO_TOPIC(11u, 1u)    /* zx_exception_report_t[1] */
#define ZX_INFO_TASK_STATS ((zx_object_info_topic_t)12u)            /* zx_info_task_stats_t[1] */
#define ZX_INFO_PROCESS_MAPS_V1 __ZX_INFO_TOPIC(13u, 0u)            /* zx_info_maps_t[n] */
#define ZX_INFO_PROCESS_MAPS __ZX_INFO_TOPIC(13u, 1u)               /* zx_info_maps_t[n] */
#define ZX_INFO_PROCESS_VMOS_V1 __ZX_INFO_TOPIC(14u, 0u)            /* zx_info_vmo_t[n] */
#define ZX_INFO_PROCESS_VMOS_V2 __ZX_INFO_TOPIC(14u, 1u)            /* zx_info_vmo_t[n] */
#define ZX_INFO_PROCESS_VMOS __ZX_INFO_TOPIC(14u, 2u)               /* zx_info_vmo_t[n] */
#define ZX_INFO_THREAD_STATS ((zx_object_info_topic_t)15u)          /* zx_info_thread_stats_t[1] */
#define ZX_INFO_CPU_STATS ((zx_object_info_topic_t)16u)             /* zx_info_cpu_stats_t[n] */
#define ZX_INFO_KMEM_STATS_V1 __ZX_INFO_TOPIC(17u, 0u)              /* zx_info_kmem_stats_v1_t[1] */
#define ZX_INFO_KMEM_STATS __ZX_INFO_TOPIC(17u, 1u)                 /* zx_info_kmem_stats_t[1] */
#define ZX_INFO_RESOURCE ((zx_object_info_topic_t)18u)              /* zx_info_resource_t[1] */
#define ZX_INFO_HANDLE_COUNT ((zx_object_info_topic_t)19u)          /* zx_info_handle_count_t[1] */
#define ZX_INFO_BTI ((zx_object_info_topic_t)20u)                   /* zx_info_bti_t[1] */
#define ZX_INFO_PROCESS_HANDLE_STATS ((zx_object_info_topic_t)21u)  /* zx_info_process_handle_stats_t[1] */
#define ZX_INFO_SOCKET ((zx_object_info_topic_t)22u)                /* zx_info_socket_t[1] */
#define ZX_INFO_VMO_V1 __ZX_INFO_TOPIC(23u, 0u)                     /* zx_info_vmo_t[1] */
#define ZX_INFO_VMO_V2 __ZX_INFO_TOPIC(23u, 1u)                     /* zx_info_vmo_t[1] */
#define ZX_INFO_VMO __ZX_INFO_TOPIC(23u, 2u)                        /* zx_info_vmo_t[1] */
#define ZX_INFO_JOB ((zx_object_info_topic_t)24u)                   /* zx_info_job_t[1] */
#define ZX_INFO_TIMER ((zx_object_info_topic_t)25u)                 /* zx_info_timer_t[1] */
#define ZX_INFO_STREAM ((zx_object_info_topic_t)26u)                /* zx_info_stream_t[1] */
#define ZX_INFO_HANDLE_TABLE ((zx_object_info_topic_t)27u)          /* zx_info_handle_extended_t[n] */
#define ZX_INFO_MSI ((zx_object_info_topic_t)28u)                   /* zx_info_msi_t[1] */
#define ZX_INFO_GUEST_STATS ((zx_object_info_topic_t)29u)           /* zx_info_guest_stats_t[1] */
#define ZX_INFO_TASK_RUNTIME_V1 __ZX_INFO_TOPIC(30u, 0u)            /* zx_info_task_runtime_t[1] */
#define ZX_INFO_TASK_RUNTIME __ZX_INFO_TOPIC(30u, 1u)               /* zx_info_task_runtime_t[1] */
#define ZX_INFO_KMEM_STATS_EXTENDED ((zx_object_info_topic_t)31u)   /* zx_info_kmem_stats_extended_t[1] */
#define ZX_INFO_VCPU ((zx_object_info_topic_t)32u)                  /* zx_info_vcpu_t[1] */
#define ZX_INFO_KMEM_STATS_COMPRESSION ((zx_object_info_topic_t)33u) /* zx_info_kmem_stats_compression_t[1] */
#define ZX_INFO_IOB ((zx_object_info_topic_t)34u)                   /* zx_info_iob_t[1] */
#define ZX_INFO_IOB_REGIONS ((zx_object_info_topic_t)35u)           /* zx_iob_region_info_t[n] */
#define ZX_INFO_VMAR_MAPS ((zx_object_info_topic_t)36u)             /* zx_info_maps_t[n] */

/* ZX_INFO_HANDLE_BASIC */
typedef struct zx_info_handle_basic {
	/* the object's koid */
	zx_koid_t koid;
	/* the handle's rights */
	zx_rights_t rights;
	/* ZX_OBJ_TYPE_* */
	zx_obj_type_t type;
	/*
	 * The koid of the related object (the peer of a peered object, the
	 * parent of a task), else 0. Fixed at creation: it does not change
	 * when the related object goes away.
	 */
	zx_koid_t related_koid;
	uint32_t reserved;
	uint8_t padding1[4];
} zx_info_handle_basic_t;

/* ZX_INFO_HANDLE_TABLE, one per handle */
typedef struct zx_info_handle_extended {
	zx_obj_type_t type;
	/* the handle value, valid only in the process that owns the table */
	zx_handle_t handle_value;
	zx_rights_t rights;
	uint32_t reserved;
	zx_koid_t koid;
	zx_koid_t related_koid;
	/* unimplemented in Zircon: always 0 */
	zx_koid_t peer_owner_koid;
} zx_info_handle_extended_t;

/* ZX_INFO_HANDLE_COUNT */
typedef struct zx_info_handle_count {
	/* the number of handles to the object */
	uint32_t handle_count;
} zx_info_handle_count_t;

/* ZX_INFO_PROCESS_HANDLE_STATS */
typedef struct zx_info_process_handle_stats {
	/* handles to objects of each ZX_OBJ_TYPE_* */
	uint32_t handle_count[ZX_OBJ_TYPE_UPPER_BOUND];
} zx_info_process_handle_stats_t;

/* ZX_INFO_SOCKET (size_t fields: the library converts on 32-bit ABIs) */
typedef struct zx_info_socket {
	/* the options the socket was created with */
	uint32_t options;
	uint8_t padding1[4];
	/* capacity of this endpoint's receive buffer, in bytes */
	size_t rx_buf_max;
	/* bytes queued in this endpoint's receive buffer */
	size_t rx_buf_size;
	/* bytes the next read can return (a datagram's size, for datagram sockets) */
	size_t rx_buf_available;
	/* capacity of the peer's receive buffer; 0 once the peer is closed */
	size_t tx_buf_max;
	/* bytes queued in the peer's receive buffer; 0 once the peer is closed */
	size_t tx_buf_size;
} zx_info_socket_t;

/* Properties (zx_object_get_property, zx_object_set_property) */
#define ZX_PROP_NAME ((uint32_t)3u) /* char[ZX_MAX_NAME_LEN] */
#define ZX_PROP_SOCKET_RX_THRESHOLD 12u /* size_t */
#define ZX_PROP_SOCKET_TX_THRESHOLD 13u /* size_t */

/* Same layout on every ABI, 32-bit included: the kernel writes these bytes. */
__ZX_STATIC_ASSERT(sizeof(zx_info_handle_basic_t) == 32, "zx_info_handle_basic_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_basic_t, koid) == 0, "basic.koid");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_basic_t, rights) == 8, "basic.rights");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_basic_t, type) == 12, "basic.type");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_basic_t, related_koid) == 16,
		   "basic.related_koid");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_basic_t, reserved) == 24, "basic.reserved");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_basic_t, padding1) == 28, "basic.padding1");

__ZX_STATIC_ASSERT(sizeof(zx_info_handle_extended_t) == 40, "zx_info_handle_extended_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_extended_t, type) == 0, "extended.type");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_extended_t, handle_value) == 4,
		   "extended.handle_value");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_extended_t, rights) == 8, "extended.rights");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_extended_t, reserved) == 12,
		   "extended.reserved");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_extended_t, koid) == 16, "extended.koid");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_extended_t, related_koid) == 24,
		   "extended.related_koid");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_handle_extended_t, peer_owner_koid) == 32,
		   "extended.peer_owner_koid");

__ZX_STATIC_ASSERT(sizeof(zx_info_handle_count_t) == 4, "zx_info_handle_count_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_process_handle_stats_t) == 256,
		   "zx_info_process_handle_stats_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_OBJECT_H_ */
