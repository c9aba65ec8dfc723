// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * The calls of Fuchsia's vDSO that this platform has no object for: they
 * link, and return ZX_ERR_NOT_SUPPORTED without looking at their
 * arguments (Documentation/zircon.rst, "Declared, not available").
 *
 * All of them are one function under many names. Every caller's
 * arguments are the caller's to clean up on each ABI libzircon is built
 * for, so a function that takes none and returns a status serves every
 * prototype; the headers keep each call's own. The three calls that
 * cannot return are defined by hand below.
 */
#include <unistd.h>

#include "private.h"

/* Every call that returns ZX_ERR_NOT_SUPPORTED, without its zx_ prefix. */
#define ZIRCON_NOT_SUPPORTED(X) \
	X(clock_read_mapped) X(clock_get_details_mapped) X(interrupt_bind_vcpu) \
	X(msi_allocate) X(msi_create) X(handle_check_valid) X(object_get_child) \
	X(object_set_profile) X(thread_create) X(thread_start) X(thread_read_state) \
	X(thread_write_state) X(thread_legacy_yield) X(thread_raise_exception) \
	X(process_create) X(process_start) X(process_read_memory) X(process_write_memory) \
	X(job_create) X(job_set_policy) X(job_set_critical) X(task_suspend) \
	X(task_suspend_token) X(task_create_exception_channel) X(task_kill) \
	X(exception_get_thread) X(exception_get_process) X(futex_wait) X(futex_wake) \
	X(futex_requeue) X(futex_wake_single_owner) X(futex_requeue_single_owner) \
	X(futex_get_owner) X(vmo_create) X(vmo_read) X(vmo_write) X(vmo_get_size) \
	X(vmo_set_size) X(vmo_get_stream_size) X(vmo_set_stream_size) X(vmo_op_range) \
	X(vmo_create_child) X(vmo_set_cache_policy) X(vmo_replace_as_executable) \
	X(vmo_create_contiguous) X(vmo_create_physical) X(vmo_transfer_data) \
	X(vmar_allocate) X(vmar_destroy) X(vmar_map) X(vmar_unmap) X(vmar_protect) \
	X(vmar_op_range) X(vmar_map_clock) X(vmar_map_iob) \
	X(vmar_unmap_handle_close_thread_exit) \
	X(stream_create) X(stream_writev) X(stream_writev_at) X(stream_readv) \
	X(stream_readv_at) X(stream_seek) X(pager_create) X(pager_create_vmo) \
	X(pager_detach_vmo) X(pager_supply_pages) X(pager_op_range) \
	X(pager_query_dirty_ranges) X(pager_query_vmo_stats) X(iob_create) X(cache_flush) \
	X(profile_create) X(resource_create) X(debuglog_create) X(debuglog_write) \
	X(debuglog_read) X(debug_read) X(debug_send_command) X(ktrace_read) \
	X(ktrace_control) X(ktrace_write) X(mtrace_control) X(system_get_event) \
	X(system_mexec) X(system_mexec_payload_get) X(system_powerctl) \
	X(system_get_performance_info) X(system_set_performance_info) X(guest_create) \
	X(guest_set_trap) X(vcpu_create) X(vcpu_enter) X(vcpu_kick) X(vcpu_interrupt) \
	X(vcpu_read_state) X(vcpu_write_state) X(bti_create) X(bti_pin) \
	X(bti_release_quarantine) X(pmt_unpin) X(iommu_create) X(ioports_request) \
	X(ioports_release) X(pc_firmware_tables) X(smc_call) X(framebuffer_get_info) \
	X(framebuffer_set_range) X(pci_get_nth_device) X(pci_enable_bus_master) \
	X(pci_reset_device) X(pci_config_read) X(pci_config_write) X(pci_cfg_pio_rw) \
	X(pci_get_bar) X(pci_map_interrupt) X(pci_query_irq_mode) X(pci_set_irq_mode) \
	X(pci_init) X(pci_add_subtract_io_range)

zx_status_t __zircon_not_supported(void);

zx_status_t __zircon_not_supported(void)
{
	return ZX_ERR_NOT_SUPPORTED;
}

/* Their prototypes differ from the stub's on purpose (see above); clang does not warn. */
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wattribute-alias"
#endif

#define NOT_SUPPORTED(name)                                                          \
	extern __typeof__(zx_##name) zx_##name                                       \
		__attribute__((__alias__("__zircon_not_supported"), __visibility__("default"))); \
	extern __typeof__(zx_##name) _zx_##name                                      \
		__attribute__((__alias__("__zircon_not_supported"), __visibility__("default")));

ZIRCON_NOT_SUPPORTED(NOT_SUPPORTED)

/*
 * A process is a Linux process: exiting it is _exit(2), whose status
 * keeps the low 8 bits of retcode (Zircon keeps all 64).
 */
__EXPORT void zx_process_exit(int64_t retcode)
{
	_exit((int)retcode);
}

/*
 * No Zircon thread exists here to exit, and these calls cannot report
 * failure: Zircon traps when one of their steps fails, so do we.
 */
__EXPORT void zx_thread_exit(void)
{
	__builtin_trap();
}

__EXPORT void zx_futex_wake_handle_close_thread_exit(const zx_futex_t* value_ptr,
						     uint32_t wake_count, int32_t new_value,
						     zx_handle_t close_handle)
{
	(void)value_ptr;
	(void)wake_count;
	(void)new_value;
	(void)close_handle;
	__builtin_trap();
}

ZX_SYSCALL_ALIAS(zx_process_exit);
ZX_SYSCALL_ALIAS(zx_thread_exit);
ZX_SYSCALL_ALIAS(zx_futex_wake_handle_close_thread_exit);
