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
#define ZX_INFO_PROCESS_MAPS_V2 __ZX_INFO_TOPIC(13u, 1u)            /* zx_info_maps_t[n] */
#define ZX_INFO_PROCESS_MAPS __ZX_INFO_TOPIC(13u, 2u)               /* zx_info_maps_t[n] */
#define ZX_INFO_PROCESS_VMOS_V1 __ZX_INFO_TOPIC(14u, 0u)            /* zx_info_vmo_t[n] */
#define ZX_INFO_PROCESS_VMOS_V2 __ZX_INFO_TOPIC(14u, 1u)            /* zx_info_vmo_t[n] */
#define ZX_INFO_PROCESS_VMOS_V3 __ZX_INFO_TOPIC(14u, 2u)            /* zx_info_vmo_t[n] */
#define ZX_INFO_PROCESS_VMOS __ZX_INFO_TOPIC(14u, 3u)               /* zx_info_vmo_t[n] */
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
#define ZX_INFO_VMO_V3 __ZX_INFO_TOPIC(23u, 2u)                     /* zx_info_vmo_t[1] */
#define ZX_INFO_VMO __ZX_INFO_TOPIC(23u, 3u)                        /* zx_info_vmo_t[1] */
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

/* ZX_INFO_PROCESS */
typedef struct zx_info_process {
	/* the exit code; only meaningful once exited */
	int64_t return_code;
	/* monotonic time the process started; 0 before */
	zx_time_t start_time;
	/* ZX_INFO_PROCESS_FLAG_* */
	uint32_t flags;
	uint8_t padding1[4];
} zx_info_process_t;

#define ZX_INFO_PROCESS_FLAG_STARTED ((uint32_t)1u << 0)
#define ZX_INFO_PROCESS_FLAG_EXITED ((uint32_t)1u << 1)
#define ZX_INFO_PROCESS_FLAG_DEBUGGER_ATTACHED ((uint32_t)1u << 2)

/* ZX_INFO_JOB */
typedef struct zx_info_job {
	int64_t return_code;
	bool exited;
	bool kill_on_oom;
	bool debugger_attached;
	uint8_t padding1[5];
} zx_info_job_t;

/* zx_info_thread_t::state: the basic state in the low byte, why it blocks above */
typedef uint32_t zx_thread_state_t;
#define ZX_THREAD_STATE_NEW ((zx_thread_state_t)0x0000u)
#define ZX_THREAD_STATE_RUNNING ((zx_thread_state_t)0x0001u)
#define ZX_THREAD_STATE_SUSPENDED ((zx_thread_state_t)0x0002u)
#define ZX_THREAD_STATE_BLOCKED ((zx_thread_state_t)0x0003u)
#define ZX_THREAD_STATE_DYING ((zx_thread_state_t)0x0004u)
#define ZX_THREAD_STATE_DEAD ((zx_thread_state_t)0x0005u)
#define ZX_THREAD_STATE_BLOCKED_EXCEPTION ((zx_thread_state_t)0x0103u)
#define ZX_THREAD_STATE_BLOCKED_SLEEPING ((zx_thread_state_t)0x0203u)
#define ZX_THREAD_STATE_BLOCKED_FUTEX ((zx_thread_state_t)0x0303u)
#define ZX_THREAD_STATE_BLOCKED_PORT ((zx_thread_state_t)0x0403u)
#define ZX_THREAD_STATE_BLOCKED_CHANNEL ((zx_thread_state_t)0x0503u)
#define ZX_THREAD_STATE_BLOCKED_WAIT_ONE ((zx_thread_state_t)0x0603u)
#define ZX_THREAD_STATE_BLOCKED_WAIT_MANY ((zx_thread_state_t)0x0703u)
#define ZX_THREAD_STATE_BLOCKED_INTERRUPT ((zx_thread_state_t)0x0803u)
#define ZX_THREAD_STATE_BLOCKED_PAGER ((zx_thread_state_t)0x0903u)

/* The basic state of a zx_info_thread_t::state */
#define ZX_THREAD_STATE_BASIC(n) ((n) & 0xff)

/* ZX_INFO_THREAD */
typedef struct zx_info_thread {
	/* ZX_THREAD_STATE_* */
	uint32_t state;
	/* ZX_EXCEPTION_CHANNEL_TYPE_* of the channel it waits on, if blocked in one */
	uint32_t wait_exception_channel_type;
	zx_cpu_set_t cpu_affinity_mask;
} zx_info_thread_t;

/* zx_info_thread_stats_t::last_scheduled_cpu of a thread that never ran */
#define ZX_INFO_INVALID_CPU ((uint32_t)0xFFFFFFFFu)

/* ZX_INFO_THREAD_STATS */
typedef struct zx_info_thread_stats {
	zx_duration_t total_runtime;
	uint32_t last_scheduled_cpu;
	uint8_t padding1[4];
} zx_info_thread_stats_t;

/* ZX_INFO_TASK_STATS */
typedef struct zx_info_task_stats {
	size_t mem_mapped_bytes;
	size_t mem_private_bytes;
	size_t mem_shared_bytes;
	size_t mem_scaled_shared_bytes;
} zx_info_task_stats_t;

/* ZX_INFO_TASK_RUNTIME */
typedef struct zx_info_task_runtime {
	zx_duration_t cpu_time;
	zx_duration_t queue_time;
	zx_duration_t page_fault_time;
	zx_duration_t lock_contention_time;
} zx_info_task_runtime_t;

/* ZX_INFO_VMAR */
typedef struct zx_info_vmar {
	uintptr_t base;
	size_t len;
} zx_info_vmar_t;

/* zx_info_vmo_t::flags */
#define ZX_INFO_VMO_TYPE_PHYSICAL ((uint32_t)0u)
#define ZX_INFO_VMO_TYPE_PAGED ((uint32_t)1u << 0)
#define ZX_INFO_VMO_RESIZABLE ((uint32_t)1u << 1)
#define ZX_INFO_VMO_IS_COW_CLONE ((uint32_t)1u << 2)
#define ZX_INFO_VMO_VIA_HANDLE ((uint32_t)1u << 3)
#define ZX_INFO_VMO_VIA_MAPPING ((uint32_t)1u << 4)
#define ZX_INFO_VMO_PAGER_BACKED ((uint32_t)1u << 5)
#define ZX_INFO_VMO_CONTIGUOUS ((uint32_t)1u << 6)
#define ZX_INFO_VMO_DISCARDABLE ((uint32_t)1u << 7)
#define ZX_INFO_VMO_IMMUTABLE ((uint32_t)1u << 8)
#define ZX_INFO_VMO_VIA_IOB_HANDLE ((uint32_t)1u << 9)
#define ZX_INFO_VMO_TYPE(flags) ((flags) & (1u << 0))

/* ZX_INFO_VMO, ZX_INFO_PROCESS_VMOS (older versions are prefixes of it) */
typedef struct zx_info_vmo {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;
	uint64_t metadata_bytes;
	uint64_t committed_change_events;
	uint64_t populated_bytes;
	uint64_t committed_private_bytes;
	uint64_t populated_private_bytes;
	uint64_t committed_scaled_bytes;
	uint64_t populated_scaled_bytes;
	uint64_t committed_fractional_scaled_bytes;
	uint64_t populated_fractional_scaled_bytes;
} zx_info_vmo_t;

/* zx_info_maps_t::type */
typedef uint32_t zx_info_maps_type_t;
#define ZX_INFO_MAPS_TYPE_NONE ((zx_info_maps_type_t)0u)
#define ZX_INFO_MAPS_TYPE_ASPACE ((zx_info_maps_type_t)1u)
#define ZX_INFO_MAPS_TYPE_VMAR ((zx_info_maps_type_t)2u)
#define ZX_INFO_MAPS_TYPE_MAPPING ((zx_info_maps_type_t)3u)

typedef struct zx_info_maps_mapping {
	/* ZX_VM_PERM_* of the mapping */
	zx_vm_option_t mmu_flags;
	uint8_t padding1[4];
	zx_koid_t vmo_koid;
	uint64_t vmo_offset;
	uint64_t committed_bytes;
	uint64_t populated_bytes;
	uint64_t committed_private_bytes;
	uint64_t populated_private_bytes;
	uint64_t committed_scaled_bytes;
	uint64_t populated_scaled_bytes;
	uint64_t committed_fractional_scaled_bytes;
	uint64_t populated_fractional_scaled_bytes;
} zx_info_maps_mapping_t;

/* ZX_INFO_PROCESS_MAPS, ZX_INFO_VMAR_MAPS: depth-first, the aspace at depth 0 */
typedef struct zx_info_maps {
	char name[ZX_MAX_NAME_LEN];
	zx_vaddr_t base;
	size_t size;
	size_t depth;
	zx_info_maps_type_t type;
	uint8_t padding1[4];
	union {
		zx_info_maps_mapping_t mapping;
	} u;
} zx_info_maps_t;

/* ZX_INFO_TIMER */
typedef struct zx_info_timer {
	uint32_t options;
	zx_clock_t clock_id;
	/* 0 when not armed */
	zx_time_t deadline;
	zx_duration_t slack;
} zx_info_timer_t;

/* ZX_INFO_STREAM */
typedef struct zx_info_stream {
	uint32_t options;
	uint8_t padding1[4];
	zx_off_t seek;
	uint64_t content_size;
} zx_info_stream_t;

/* ZX_INFO_RESOURCE */
typedef struct zx_info_resource {
	uint32_t kind;
	uint32_t flags;
	uint64_t base;
	size_t size;
	char name[ZX_MAX_NAME_LEN];
} zx_info_resource_t;

/* ZX_INFO_BTI */
typedef struct zx_info_bti {
	uint64_t minimum_contiguity;
	uint64_t aspace_size;
	uint64_t pmo_count;
	uint64_t quarantine_count;
} zx_info_bti_t;

/* ZX_INFO_IOB */
typedef struct zx_info_iob {
	uint64_t options;
	uint32_t region_count;
	uint8_t padding[4];
} zx_info_iob_t;

/* Properties (zx_object_get_property, zx_object_set_property) */
#define ZX_PROP_REGISTER_GS 2u                /* uintptr_t, x86 threads */
#define ZX_PROP_NAME 3u                       /* char[ZX_MAX_NAME_LEN] */
#define ZX_PROP_REGISTER_FS 4u                /* uintptr_t, x86 threads */
#define ZX_PROP_PROCESS_DEBUG_ADDR 5u         /* uintptr_t */
#define ZX_PROP_PROCESS_VDSO_BASE_ADDRESS 6u  /* uintptr_t */
#define ZX_PROP_PROCESS_HW_TRACE_CONTEXT_ID 7u /* uintptr_t */
#define ZX_PROP_PROCESS_BREAK_ON_LOAD 8u      /* uintptr_t */
#define ZX_PROP_SOCKET_RX_THRESHOLD 12u       /* size_t */
#define ZX_PROP_SOCKET_TX_THRESHOLD 13u       /* size_t */
#define ZX_PROP_JOB_KILL_ON_OOM 15u           /* size_t */
#define ZX_PROP_EXCEPTION_STATE 16u           /* uint32_t, ZX_EXCEPTION_STATE_* */
#define ZX_PROP_VMO_CONTENT_SIZE 17u          /* uint64_t */
#define ZX_PROP_EXCEPTION_STRATEGY 18u        /* uint32_t, ZX_EXCEPTION_STRATEGY_* */
#define ZX_PROP_STREAM_MODE_APPEND 19u        /* uint8_t */

/* ZX_PROP_PROCESS_DEBUG_ADDR: ask the dynamic linker to trap once it is set */
#define ZX_PROCESS_DEBUG_ADDR_BREAK_ON_SET ((uintptr_t)1u)

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
__ZX_STATIC_ASSERT(sizeof(zx_info_process_t) == 24, "zx_info_process_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_process_t, flags) == 16, "process.flags");
__ZX_STATIC_ASSERT(sizeof(zx_info_job_t) == 16, "zx_info_job_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_thread_t) == 72, "zx_info_thread_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_thread_t, cpu_affinity_mask) == 8,
		   "thread.cpu_affinity_mask");
__ZX_STATIC_ASSERT(sizeof(zx_info_thread_stats_t) == 16, "zx_info_thread_stats_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_task_runtime_t) == 32, "zx_info_task_runtime_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_maps_mapping_t) == 88, "zx_info_maps_mapping_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_timer_t) == 24, "zx_info_timer_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_stream_t) == 24, "zx_info_stream_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_bti_t) == 32, "zx_info_bti_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_iob_t) == 16, "zx_info_iob_t size");

/* Fuchsia is LP64: these hold size_t or uintptr_t fields. */
#if UINTPTR_MAX == UINT64_MAX
__ZX_STATIC_ASSERT(sizeof(zx_info_task_stats_t) == 32, "zx_info_task_stats_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_vmar_t) == 16, "zx_info_vmar_t size");
__ZX_STATIC_ASSERT(sizeof(zx_info_vmo_t) == 176, "zx_info_vmo_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_vmo_t, flags) == 80, "vmo.flags");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_vmo_t, cache_policy) == 100, "vmo.cache_policy");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_vmo_t, populated_bytes) == 120,
		   "vmo.populated_bytes");
__ZX_STATIC_ASSERT(sizeof(zx_info_maps_t) == 152, "zx_info_maps_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_maps_t, type) == 56, "maps.type");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_info_maps_t, u) == 64, "maps.u");
__ZX_STATIC_ASSERT(sizeof(zx_info_resource_t) == 56, "zx_info_resource_t size");
#endif
__ZX_STATIC_ASSERT(sizeof(zx_info_process_handle_stats_t) == 256,
		   "zx_info_process_handle_stats_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_OBJECT_H_ */
