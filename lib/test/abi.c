// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Compile-time check of the public headers, valid as C and as C++: values
 * and layouts the Fuchsia ABI fixes, and every function's exact signature.
 * With -DZX_ABI_MAIN it also links a program that calls through them, which
 * proves the symbols exist with C linkage.
 */
#include <zircon/assert.h>
#include <zircon/errors.h>
#include <zircon/features.h>
#include <zircon/fidl.h>
#include <zircon/limits.h>
#include <zircon/linux.h>
#include <zircon/listnode.h>
#include <zircon/pixelformat.h>
#include <zircon/process.h>
#include <zircon/processargs.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/clock.h>
#include <zircon/syscalls/debug.h>
#include <zircon/syscalls/exception.h>
#include <zircon/syscalls/hypervisor.h>
#include <zircon/syscalls/iob.h>
#include <zircon/syscalls/iommu.h>
#include <zircon/syscalls/log.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/pci.h>
#include <zircon/syscalls/policy.h>
#include <zircon/syscalls/port.h>
#include <zircon/syscalls/profile.h>
#include <zircon/syscalls/resource.h>
#include <zircon/syscalls/smc.h>
#include <zircon/syscalls/system.h>
#include <zircon/time.h>
#include <zircon/types.h>

#define CHECK(cond) __ZX_STATIC_ASSERT(cond, #cond)

/* types and limits */
CHECK(sizeof(zx_handle_t) == 4 && sizeof(zx_status_t) == 4 && sizeof(zx_signals_t) == 4);
CHECK(sizeof(zx_rights_t) == 4 && sizeof(zx_obj_type_t) == 4 && sizeof(zx_koid_t) == 8);
CHECK(sizeof(zx_time_t) == 8 && sizeof(zx_duration_t) == 8 && sizeof(zx_ticks_t) == 8);
/* zx_futex_t is atomic_int in C, int in C++: the same 4-byte word. */
CHECK(sizeof(zx_futex_t) == 4 && sizeof(zx_futex_storage_t) == 4);
CHECK((zx_status_t)-1 < 0 && (zx_time_t)-1 < 0 && (zx_signals_t)-1 > 0);
CHECK(ZX_HANDLE_INVALID == 0 && ZX_HANDLE_FIXED_BITS_MASK == 3);
CHECK(ZX_KOID_INVALID == 0 && ZX_KOID_KERNEL == 1 && ZX_KOID_FIRST == 1024);
CHECK(ZX_TIME_INFINITE == INT64_MAX && ZX_TIME_INFINITE_PAST == INT64_MIN);
CHECK(ZX_CLOCK_MONOTONIC == 0 && ZX_WAIT_MANY_MAX_ITEMS == 64 && ZX_MAX_NAME_LEN == 32);

/* statuses */
CHECK(ZX_OK == 0 && ZX_ERR_INTERNAL == -1 && ZX_ERR_NOT_SUPPORTED == -2);
CHECK(ZX_ERR_NO_RESOURCES == -3 && ZX_ERR_NO_MEMORY == -4 && ZX_ERR_INTERNAL_INTR_RETRY == -6);
CHECK(ZX_ERR_INVALID_ARGS == -10 && ZX_ERR_BAD_HANDLE == -11 && ZX_ERR_WRONG_TYPE == -12);
CHECK(ZX_ERR_BAD_SYSCALL == -13 && ZX_ERR_OUT_OF_RANGE == -14 && ZX_ERR_BUFFER_TOO_SMALL == -15);
CHECK(ZX_ERR_BAD_STATE == -20 && ZX_ERR_TIMED_OUT == -21 && ZX_ERR_SHOULD_WAIT == -22);
CHECK(ZX_ERR_CANCELED == -23 && ZX_ERR_PEER_CLOSED == -24 && ZX_ERR_NOT_FOUND == -25);
CHECK(ZX_ERR_ALREADY_EXISTS == -26 && ZX_ERR_ALREADY_BOUND == -27 && ZX_ERR_UNAVAILABLE == -28);
CHECK(ZX_ERR_ACCESS_DENIED == -30 && ZX_ERR_IO == -40 && ZX_ERR_IO_INVALID == -47);
CHECK(ZX_ERR_BAD_PATH == -50 && ZX_ERR_NOT_EMPTY == -55 && ZX_ERR_STOP == -60);
CHECK(ZX_ERR_ASYNC == -62 && ZX_ERR_PROTOCOL_NOT_SUPPORTED == -70);
CHECK(ZX_ERR_CONNECTION_ABORTED == -76 && ZX_ERR_INTERNAL_INTR_KILLED == -502);

/* signals */
CHECK(ZX_SIGNAL_NONE == 0 && __ZX_OBJECT_SIGNAL_ALL == 0x00FFFFFFu);
CHECK(__ZX_OBJECT_READABLE == 1u && __ZX_OBJECT_SIGNAL_22 == 0x00400000u);
CHECK(ZX_USER_SIGNAL_0 == 0x01000000u && ZX_USER_SIGNAL_7 == 0x80000000u);
CHECK(ZX_USER_SIGNAL_ALL == 0xFF000000u && ZX_SIGNAL_HANDLE_CLOSED == 0x00800000u);
CHECK(ZX_EVENT_SIGNALED == 0x8u && ZX_EVENT_SIGNAL_MASK == 0xFF000008u);
CHECK(ZX_EVENTPAIR_SIGNALED == 0x8u && ZX_EVENTPAIR_PEER_CLOSED == 0x4u);
CHECK(ZX_EVENTPAIR_SIGNAL_MASK == 0xFF00000Cu);
CHECK(ZX_CHANNEL_READABLE == 1u && ZX_CHANNEL_WRITABLE == 2u && ZX_CHANNEL_PEER_CLOSED == 4u);
CHECK(ZX_SOCKET_PEER_WRITE_DISABLED == 0x10u && ZX_SOCKET_WRITE_DISABLED == 0x20u);
CHECK(ZX_SOCKET_READ_THRESHOLD == 0x400u && ZX_SOCKET_WRITE_THRESHOLD == 0x800u);
CHECK(ZX_TIMER_SIGNALED == 0x8u && ZX_JOB_NO_PROCESSES == 0x20u && ZX_CLOCK_UPDATED == 0x20u);

/* rights */
CHECK(ZX_RIGHT_DUPLICATE == 1u && ZX_RIGHT_WAIT == 0x4000u && ZX_RIGHT_RESIZE == 0x400000u);
CHECK(ZX_RIGHT_MANAGE_VMO == 0x1000000u && ZX_RIGHT_SAME_RIGHTS == 0x80000000u);
CHECK(ZX_RIGHTS_BASIC == 0xC003u && ZX_RIGHTS_IO == 0xCu && ZX_RIGHTS_PROPERTY == 0xC0u);
CHECK(ZX_RIGHTS_POLICY == 0xC00u);
CHECK(ZX_DEFAULT_EVENT_RIGHTS == 0xD003u && ZX_DEFAULT_EVENTPAIR_RIGHTS == 0xF003u);
CHECK(ZX_DEFAULT_PORT_RIGHTS == 0x800Fu && ZX_DEFAULT_CHANNEL_RIGHTS == 0xF00Eu);
CHECK(ZX_DEFAULT_SOCKET_RIGHTS == 0x10F0CFu && ZX_DEFAULT_FIFO_RIGHTS == 0xF00Fu);
CHECK(ZX_DEFAULT_TIMER_RIGHTS == 0xD00Bu && ZX_DEFAULT_VMAR_RIGHTS == 0x208003u);
CHECK(ZX_DEFAULT_JOB_RIGHTS == 0x7DFCFu && ZX_DEFAULT_PROCESS_RIGHTS == 0x6D3CFu);
CHECK(ZX_DEFAULT_THREAD_RIGHTS == 0x4D2CFu && ZX_DEFAULT_VMO_RIGHTS == 0xD0EFu);

/* object types */
CHECK(ZX_OBJ_TYPE_EVENT == 5 && ZX_OBJ_TYPE_PORT == 6 && ZX_OBJ_TYPE_EVENTPAIR == 16);
CHECK(ZX_OBJ_TYPE_CHANNEL == 4 && ZX_OBJ_TYPE_SOCKET == 14 && ZX_OBJ_TYPE_FIFO == 19);
CHECK(ZX_OBJ_TYPE_TIMER == 22 && ZX_OBJ_TYPE_IOB == 33 && ZX_OBJ_TYPE_LOG == 12);
CHECK(ZX_OBJ_TYPE_UPPER_BOUND == 64 && ZX_OBJ_TYPE_COUNTER == 34 && ZX_OBJ_TYPE_CLOCK == 30);

/* get_info */
CHECK(ZX_INFO_NONE == 0 && ZX_INFO_HANDLE_VALID == 1 && ZX_INFO_HANDLE_BASIC == 2);
CHECK(ZX_INFO_HANDLE_COUNT == 19 && ZX_INFO_HANDLE_TABLE == 27);
CHECK(ZX_INFO_PROCESS == 0x10000003u && __ZX_INFO_TOPIC(5u, 2u) == 0x20000005u);
CHECK(sizeof(zx_info_handle_basic_t) == 32 && sizeof(zx_info_handle_count_t) == 4);

/* ports */
CHECK(sizeof(zx_port_packet_t) == 48 && sizeof(zx_packet_signal_t) == 32);
CHECK(ZX_PKT_TYPE_USER == 0 && ZX_PKT_TYPE_SIGNAL_ONE == 1 && ZX_PKT_TYPE_PAGE_REQUEST == 9);
CHECK(ZX_WAIT_ASYNC_TIMESTAMP == 1 && ZX_WAIT_ASYNC_EDGE == 2 && ZX_PORT_BIND_TO_INTERRUPT == 1);
CHECK(ZX_WAIT_ASYNC_ONCE == 0 && ZX_WAIT_ASYNC_BOOT_TIMESTAMP == 4);
CHECK(sizeof(zx_packet_user_t) == 32 && sizeof(zx_packet_type_t) == 4);
CHECK(__builtin_offsetof(zx_port_packet_t, key) == 0 && __builtin_offsetof(zx_port_packet_t, type) == 8);
CHECK(__builtin_offsetof(zx_port_packet_t, status) == 12);
CHECK(__builtin_offsetof(zx_port_packet_t, user) == 16 &&
      __builtin_offsetof(zx_port_packet_t, signal) == 16);
CHECK(__builtin_offsetof(zx_packet_signal_t, trigger) == 0 &&
      __builtin_offsetof(zx_packet_signal_t, observed) == 4);
CHECK(__builtin_offsetof(zx_packet_signal_t, count) == 8 &&
      __builtin_offsetof(zx_packet_signal_t, timestamp) == 16);
CHECK(__builtin_offsetof(zx_packet_signal_t, reserved1) == 24);

/* timers */
CHECK(ZX_TIMER_SLACK_CENTER == 0 && ZX_TIMER_SLACK_EARLY == 1 && ZX_TIMER_SLACK_LATE == 2);
CHECK(sizeof(zx_clock_t) == 4 && ZX_CLOCK_MONOTONIC == 0);

/* clocks, counters, interrupts */
CHECK(ZX_CLOCK_BOOT == 1 && ZX_CLOCK_UTC == 1 && ZX_CLOCK_THREAD == 2);
CHECK(ZX_CLOCK_ARGS_VERSION(1) == 0x0400000000000000ull && ZX_CLOCK_OPT_AUTO_START == 4u);
CHECK(ZX_CLOCK_OPT_BOOT == 8u && ZX_CLOCK_UPDATE_OPTIONS_ALL == 0xFu);
CHECK(ZX_CLOCK_UPDATE_OPTION_BOTH_VALUES_VALID == 9u);
CHECK(ZX_CLOCK_UNKNOWN_ERROR == UINT64_MAX && ZX_CLOCK_STARTED == 0x10u);
CHECK(sizeof(zx_clock_details_v1_t) == 112 && sizeof(zx_clock_update_args_v2_t) == 32);
CHECK(ZX_COUNTER_SIGNALED == 0x8u && ZX_COUNTER_POSITIVE == 0x10u);
CHECK(ZX_COUNTER_NON_POSITIVE == 0x20u);
CHECK(ZX_INTERRUPT_VIRTUAL == 0x10u && ZX_INTERRUPT_TIMESTAMP_MONO == 0x40u);
CHECK(ZX_INTERRUPT_BIND == 0u && ZX_INTERRUPT_UNBIND == 1u && ZX_INTERRUPT_SLOT_USER == 62u);
CHECK(ZX_PKT_TYPE_INTERRUPT == 7u && sizeof(zx_packet_interrupt_t) == 32);
CHECK(__builtin_offsetof(zx_port_packet_t, interrupt) == 16);

/* system, CPRNG, features, limits */
CHECK(ZX_CPRNG_DRAW_MAX_LEN == 256 && ZX_CPRNG_ADD_ENTROPY_MAX_LEN == 256);
CHECK(ZX_FEATURE_KIND_CPU == 0 && ZX_FEATURE_KIND_VM == 4 && ZX_HAS_CPU_FEATURES == 1u);
CHECK(ZX_VM_FEATURE_CAN_MAP_XOM == 1u && ZX_ARM64_FEATURE_ISA_ARM32 == (1u << 21));
CHECK(ZX_PAGE_SIZE == 4096 && ZX_PAGE_SHIFT == 12 && ZX_PAGE_MASK == 4095);

/* properties and info structs */
CHECK(ZX_PROP_NAME == 3 && ZX_MAX_NAME_LEN == 32 && ZX_PROP_VMO_CONTENT_SIZE == 17);
CHECK(ZX_INFO_VMO == 0x30000017u && ZX_INFO_PROCESS_MAPS == 0x2000000Du);
CHECK(sizeof(zx_info_process_t) == 24 && sizeof(zx_info_thread_t) == 72);
CHECK(sizeof(zx_info_thread_stats_t) == 16 && sizeof(zx_cpu_set_t) == 64);
CHECK(ZX_THREAD_STATE_BLOCKED_WAIT_MANY == 0x0703u && ZX_THREAD_STATE_DEAD == 5u);
CHECK(ZX_THREAD_STATE_BASIC(ZX_THREAD_STATE_BLOCKED_PORT) == ZX_THREAD_STATE_BLOCKED);
CHECK(sizeof(zx_exception_report_t) == 40 && ZX_EXCP_POLICY_ERROR == 0x8208u);
CHECK(ZX_EXCP_FATAL_PAGE_FAULT == 0x108u && ZX_EXCEPTION_CHANNEL_TYPE_JOB_DEBUGGER == 5u);
#if UINTPTR_MAX == UINT64_MAX
CHECK(sizeof(zx_info_vmo_t) == 176 && sizeof(zx_info_maps_t) == 152);
CHECK(sizeof(zx_info_vmar_t) == 16 && sizeof(zx_info_task_stats_t) == 32);
#endif

/* VM options, processargs, policy */
CHECK(ZX_VM_PERM_READ == 1u && ZX_VM_SPECIFIC == 0x10u && ZX_VM_ALIGN_4KB == (12u << 24));
CHECK(ZX_VMO_RESIZABLE == 2u && ZX_VMO_CHILD_SNAPSHOT == 1u && ZX_VMO_OP_ZERO == 10u);
CHECK(PA_HND(PA_FD, 3) == 0x00030030u && ZX_PROCARGS_PROTOCOL == 0x4150585du);
CHECK(ZX_POL_NEW_ANY == 3u && ZX_POL_ACTION_KILL == 4u && ZX_JOB_POL_BASIC_V2 == 0x01000000u);
CHECK(sizeof(zx_log_record_t) == 256 && sizeof(zx_smc_parameters_t) == 64);
CHECK(sizeof(zx_profile_info_t) == 96 && ZX_PRIORITY_DEFAULT == 16);

/* FIDL wire types and pixel formats */
CHECK(FIDL_ALLOC_PRESENT == UINTPTR_MAX && FIDL_ALLOC_ABSENT == 0 && FIDL_ALIGNMENT == 8);
CHECK(FIDL_ALIGN(9u) == 16u && FIDL_ALIGN(16u) == 16u && FIDL_MAX_DEPTH == 32);
CHECK(FIDL_HANDLE_PRESENT == 0xffffffffu && FIDL_HANDLE_ABSENT == ZX_HANDLE_INVALID);
CHECK(FIDL_WIRE_FORMAT_VERSION_V2 == 2u && kFidlWireFormatMagicNumberInitial == 1);
CHECK(kFidlOrdinalEpitaph == UINT64_MAX && FIDL_TRANSPORT_ERR_UNKNOWN_METHOD == -2);
CHECK(FIDL_MESSAGE_HEADER_DYNAMIC_FLAGS_FLEXIBLE_METHOD == 0x80 &&
      FIDL_MESSAGE_HEADER_AT_REST_FLAGS_0_USE_VERSION_V2 == 2);
CHECK(sizeof(fidl_message_header_t) == 16 && sizeof(fidl_epitaph_t) == 24);
CHECK(__builtin_offsetof(fidl_message_header_t, at_rest_flags) == 4 &&
      __builtin_offsetof(fidl_message_header_t, dynamic_flags) == 6);
CHECK(sizeof(fidl_envelope_v2_t) == 8 && __builtin_offsetof(fidl_envelope_v2_t, flags) == 6);
CHECK(ZX_PIXEL_FORMAT_BYTES(ZX_PIXEL_FORMAT_ARGB_8888) == 4 &&
      ZX_PIXEL_FORMAT_BYTES(ZX_PIXEL_FORMAT_RGB_888) == 3 && ZX_PIXEL_FORMAT_GRAY_8 == 0x00010007u);

#ifdef __cplusplus
/* countof works in C++ too, as a constant expression. */
static const int abi_five[5] = { 0 };
static_assert(countof(abi_five) == 5, "countof");

/* The time helpers are constexpr in C++ and saturate like Fuchsia's. */
CHECK(ZX_SEC(2) == 2000000000 && ZX_MSEC(3) == 3000000 && ZX_USEC(4) == 4000);
CHECK(ZX_MIN(1) == ZX_SEC(60) && ZX_HOUR(1) == ZX_MIN(60) && ZX_NSEC(5) == 5);
CHECK(zx_duration_from_sec(INT64_MAX) == ZX_TIME_INFINITE);
CHECK(zx_duration_from_sec(INT64_MIN) == ZX_TIME_INFINITE_PAST);
CHECK(zx_duration_from_hour(-1) == -3600000000000);
CHECK(zx_time_add_duration(ZX_TIME_INFINITE, 1) == ZX_TIME_INFINITE);
CHECK(zx_time_add_duration(ZX_TIME_INFINITE_PAST, -1) == ZX_TIME_INFINITE_PAST);
CHECK(zx_time_sub_duration(ZX_TIME_INFINITE_PAST, 1) == ZX_TIME_INFINITE_PAST);
CHECK(zx_time_sub_duration(0, ZX_TIME_INFINITE_PAST) == ZX_TIME_INFINITE);
CHECK(zx_time_sub_time(-2, ZX_TIME_INFINITE) == ZX_TIME_INFINITE_PAST);
CHECK(zx_duration_mul_int64(-2, INT64_MAX) == ZX_TIME_INFINITE_PAST);
CHECK(zx_duration_mul_int64(-2, INT64_MIN) == ZX_TIME_INFINITE);
CHECK(zx_ticks_add_ticks(1, 2) == 3 && zx_ticks_sub_ticks(1, 2) == -1);
CHECK(zx_time_from_timespec(zx_timespec_from_time(ZX_SEC(3) + 7)) == ZX_SEC(3) + 7);
#endif

/*
 * Every function, with the exact Fuchsia signature. The pointers are
 * globals, so the linker must resolve each function.
 */
zx_status_t (*abi_handle_close)(zx_handle_t) = zx_handle_close;
zx_status_t (*abi_handle_close_many)(const zx_handle_t*, size_t) = zx_handle_close_many;
zx_status_t (*abi_handle_duplicate)(zx_handle_t, zx_rights_t, zx_handle_t*) =
	zx_handle_duplicate;
zx_status_t (*abi_handle_replace)(zx_handle_t, zx_rights_t, zx_handle_t*) =
	zx_handle_replace;
zx_status_t (*abi_event_create)(uint32_t, zx_handle_t*) = zx_event_create;
zx_status_t (*abi_eventpair_create)(uint32_t, zx_handle_t*, zx_handle_t*) =
	zx_eventpair_create;
zx_status_t (*abi_object_signal)(zx_handle_t, uint32_t, uint32_t) = zx_object_signal;
zx_status_t (*abi_object_signal_peer)(zx_handle_t, uint32_t, uint32_t) =
	zx_object_signal_peer;
zx_status_t (*abi_object_wait_one)(zx_handle_t, zx_signals_t, zx_time_t, zx_signals_t*) =
	zx_object_wait_one;
zx_status_t (*abi_object_wait_many)(zx_wait_item_t*, size_t, zx_time_t) =
	zx_object_wait_many;
zx_status_t (*abi_object_get_info)(zx_handle_t, uint32_t, void*, size_t, size_t*, size_t*) =
	zx_object_get_info;
zx_status_t (*abi_port_create)(uint32_t, zx_handle_t*) = zx_port_create;
zx_status_t (*abi_port_queue)(zx_handle_t, const zx_port_packet_t*) = zx_port_queue;
zx_status_t (*abi_port_wait)(zx_handle_t, zx_time_t, zx_port_packet_t*) = zx_port_wait;
zx_status_t (*abi_port_cancel)(zx_handle_t, zx_handle_t, uint64_t) = zx_port_cancel;
zx_status_t (*abi_port_cancel_key)(zx_handle_t, uint32_t, uint64_t) = zx_port_cancel_key;
zx_status_t (*abi_object_wait_async)(zx_handle_t, zx_handle_t, uint64_t, zx_signals_t,
				     uint32_t) = zx_object_wait_async;
zx_status_t (*abi_timer_create)(uint32_t, zx_clock_t, zx_handle_t*) = zx_timer_create;
zx_status_t (*abi_timer_set)(zx_handle_t, zx_time_t, zx_duration_t) = zx_timer_set;
zx_status_t (*abi_timer_cancel)(zx_handle_t) = zx_timer_cancel;
zx_time_t (*abi_clock_get_monotonic)(void) = zx_clock_get_monotonic;
zx_time_t (*abi_deadline_after)(zx_duration_t) = zx_deadline_after;
zx_status_t (*abi_nanosleep)(zx_time_t) = zx_nanosleep;
const char* (*abi_status_get_string)(zx_status_t) = zx_status_get_string;
int (*abi_linux_device_fd)(void) = zx_linux_device_fd;
zx_instant_boot_t (*abi_clock_get_boot)(void) = zx_clock_get_boot;
zx_instant_mono_ticks_t (*abi_ticks_get)(void) = zx_ticks_get;
zx_instant_boot_ticks_t (*abi_ticks_get_boot)(void) = zx_ticks_get_boot;
zx_ticks_t (*abi_ticks_per_second)(void) = zx_ticks_per_second;
uint32_t (*abi_system_get_num_cpus)(void) = zx_system_get_num_cpus;
uint32_t (*abi_system_get_page_size)(void) = zx_system_get_page_size;
uint64_t (*abi_system_get_physmem)(void) = zx_system_get_physmem;
uint32_t (*abi_system_get_dcache_line_size)(void) = zx_system_get_dcache_line_size;
zx_string_view_t (*abi_system_get_version_string)(void) = zx_system_get_version_string;
zx_status_t (*abi_system_get_features)(uint32_t, uint32_t*) = zx_system_get_features;
void (*abi_cprng_draw)(void*, size_t) = zx_cprng_draw;
zx_status_t (*abi_cprng_add_entropy)(const void*, size_t) = zx_cprng_add_entropy;
zx_status_t (*abi_debug_write)(const char*, size_t) = zx_debug_write;
zx_handle_t (*abi_process_self)(void) = zx_process_self;
zx_handle_t (*abi_take_startup_handle)(uint32_t) = zx_take_startup_handle;
void (*abi_process_exit)(int64_t) = zx_process_exit;
zx_status_t (*abi_vmo_create)(uint64_t, uint32_t, zx_handle_t*) = zx_vmo_create;
zx_status_t (*abi_vmar_map)(zx_handle_t, zx_vm_option_t, size_t, zx_handle_t, uint64_t, size_t,
			    zx_vaddr_t*) = zx_vmar_map;
zx_status_t (*abi_futex_wake)(const zx_futex_t*, uint32_t) = zx_futex_wake;
zx_status_t (*abi_vmar_map_iob)(zx_handle_t, zx_vm_option_t, size_t, zx_handle_t, uint32_t,
				uint64_t, size_t, zx_vaddr_t*) = zx_vmar_map_iob;
/* The second names, with the same types. */
zx_status_t (*abi_alias_handle_close)(zx_handle_t) = _zx_handle_close;
zx_handle_t (*abi_alias_thread_self)(void) = _zx_thread_self;
zx_handle_t (*abi_alias_job_default)(void) = _zx_job_default;
zx_status_t (*abi_alias_vmo_create)(uint64_t, uint32_t, zx_handle_t*) = _zx_vmo_create;
zx_ticks_t (*abi_alias_ticks_per_second)(void) = _zx_ticks_per_second;

#ifdef ZX_ABI_MAIN
int main(void)
{
	/* Calls that need no device: they work on any host. */
	if (abi_handle_close(ZX_HANDLE_INVALID) != ZX_OK)
		return 1;
	if (abi_status_get_string(ZX_ERR_TIMED_OUT)[7] != 'T' || abi_deadline_after(0) <= 0)
		return 1;
	/* An alias is the function itself, and a stub validates nothing. */
	if ((void*)abi_alias_handle_close != (void*)abi_handle_close ||
	    abi_alias_vmo_create(0, 0, NULL) != ZX_ERR_NOT_SUPPORTED ||
	    abi_vmo_create(0, 0, NULL) != ZX_ERR_NOT_SUPPORTED)
		return 1;
	if (abi_alias_ticks_per_second() != 1000000000 || abi_ticks_get() <= 0 ||
	    abi_system_get_page_size() < ZX_PAGE_SIZE || abi_process_self() != ZX_HANDLE_INVALID)
		return 1;
	return 0;
}
#endif
