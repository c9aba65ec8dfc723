/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Every system call of Fuchsia's public vDSO, with Fuchsia's signatures,
 * under both of its names (zx_ and _zx_, the second an ELF alias of the
 * first, as the vDSO has them). The kernel-object calls are ioctls on the
 * process's /dev/zircon handle table (see <zircon/linux.h>); a call made
 * when the device cannot be opened returns ZX_ERR_NOT_SUPPORTED. The calls
 * this platform has no object for are declared and return
 * ZX_ERR_NOT_SUPPORTED (Documentation/zircon.rst lists which).
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_H_
#define SYSROOT_ZIRCON_SYSCALLS_H_

#include <zircon/compiler.h>
#include <zircon/errors.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/string_view.h>
#include <zircon/syscalls/clock.h>
#include <zircon/syscalls/exception.h>
#include <zircon/syscalls/iob.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/pci.h>
#include <zircon/syscalls/port.h>
#include <zircon/syscalls/profile.h>
#include <zircon/syscalls/smc.h>
#include <zircon/syscalls/system.h>
#include <zircon/syscalls/types.h>
#include <zircon/time.h>
#include <zircon/types.h>

/* Fuchsia's parameter annotations (handle_acquire, ...) mean nothing here. */
#ifndef ZX_SYSCALL_PARAM_ATTR
#define ZX_SYSCALL_PARAM_ATTR(x)
#endif

__BEGIN_CDECLS

/* Handles */
zx_status_t zx_handle_close(zx_handle_t handle);
zx_status_t zx_handle_close_many(const zx_handle_t* handles, size_t num_handles);
zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights, zx_handle_t* out);
zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights, zx_handle_t* out);

/* Events */
zx_status_t zx_event_create(uint32_t options, zx_handle_t* out);
zx_status_t zx_eventpair_create(uint32_t options, zx_handle_t* out0, zx_handle_t* out1);

/* Objects: signals, waits, info */
zx_status_t zx_object_signal(zx_handle_t handle, uint32_t clear_mask, uint32_t set_mask);
zx_status_t zx_object_signal_peer(zx_handle_t handle, uint32_t clear_mask, uint32_t set_mask);
zx_status_t zx_object_wait_one(zx_handle_t handle, zx_signals_t signals, zx_time_t deadline,
			       zx_signals_t* observed);
zx_status_t zx_object_wait_many(zx_wait_item_t* items, size_t num_items, zx_time_t deadline);
zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic, void* buffer,
			       size_t buffer_size, size_t* actual, size_t* avail);

/* Ports */
zx_status_t zx_port_create(uint32_t options, zx_handle_t* out);
zx_status_t zx_port_queue(zx_handle_t handle, const zx_port_packet_t* packet);
zx_status_t zx_port_wait(zx_handle_t handle, zx_time_t deadline, zx_port_packet_t* packet);
zx_status_t zx_port_cancel(zx_handle_t handle, zx_handle_t source, uint64_t key);
zx_status_t zx_port_cancel_key(zx_handle_t handle, uint32_t options, uint64_t key);
zx_status_t zx_object_wait_async(zx_handle_t handle, zx_handle_t port, uint64_t key,
				 zx_signals_t signals, uint32_t options);

/* Timers */
zx_status_t zx_timer_create(uint32_t options, zx_clock_t clock_id, zx_handle_t* out);
zx_status_t zx_timer_set(zx_handle_t handle, zx_time_t deadline, zx_duration_t slack);
zx_status_t zx_timer_cancel(zx_handle_t handle);

/* Object properties */
zx_status_t zx_object_get_property(zx_handle_t handle, uint32_t property, void* value,
				   size_t value_size);
zx_status_t zx_object_set_property(zx_handle_t handle, uint32_t property, const void* value,
				   size_t value_size);

/* Channels */
zx_status_t zx_channel_create(uint32_t options, zx_handle_t* out0, zx_handle_t* out1);
zx_status_t zx_channel_write(zx_handle_t handle, uint32_t options, const void* bytes,
			     uint32_t num_bytes, const zx_handle_t* handles, uint32_t num_handles);
zx_status_t zx_channel_write_etc(zx_handle_t handle, uint32_t options, const void* bytes,
				 uint32_t num_bytes, zx_handle_disposition_t* handles,
				 uint32_t num_handles);
zx_status_t zx_channel_read(zx_handle_t handle, uint32_t options, void* bytes,
			    zx_handle_t* handles, uint32_t num_bytes, uint32_t num_handles,
			    uint32_t* actual_bytes, uint32_t* actual_handles);
zx_status_t zx_channel_read_etc(zx_handle_t handle, uint32_t options, void* bytes,
				zx_handle_info_t* handles, uint32_t num_bytes,
				uint32_t num_handles, uint32_t* actual_bytes,
				uint32_t* actual_handles);
zx_status_t zx_channel_call(zx_handle_t handle, uint32_t options, zx_time_t deadline,
			    const zx_channel_call_args_t* args, uint32_t* actual_bytes,
			    uint32_t* actual_handles);
zx_status_t zx_channel_call_etc(zx_handle_t handle, uint32_t options, zx_time_t deadline,
				zx_channel_call_etc_args_t* args, uint32_t* actual_bytes,
				uint32_t* actual_handles);

/* Sockets */
zx_status_t zx_socket_create(uint32_t options, zx_handle_t* out0, zx_handle_t* out1);
zx_status_t zx_socket_write(zx_handle_t handle, uint32_t options, const void* buffer,
			    size_t buffer_size, size_t* actual);
zx_status_t zx_socket_read(zx_handle_t handle, uint32_t options, void* buffer,
			   size_t buffer_size, size_t* actual);
zx_status_t zx_socket_set_disposition(zx_handle_t handle, uint32_t disposition,
				      uint32_t disposition_peer);

/* FIFOs */
zx_status_t zx_fifo_create(size_t elem_count, size_t elem_size, uint32_t options,
			   zx_handle_t* out0, zx_handle_t* out1);
zx_status_t zx_fifo_write(zx_handle_t handle, size_t elem_size, const void* data, size_t count,
			  size_t* actual_count);
zx_status_t zx_fifo_read(zx_handle_t handle, size_t elem_size, void* data, size_t data_size,
			 size_t* actual_count);

/* Time */
zx_time_t zx_clock_get_monotonic(void);
zx_instant_boot_t zx_clock_get_boot(void);
zx_time_t zx_deadline_after(zx_duration_t nanoseconds);
zx_status_t zx_nanosleep(zx_time_t deadline);
zx_instant_mono_ticks_t zx_ticks_get(void);
zx_instant_boot_ticks_t zx_ticks_get_boot(void);
zx_ticks_t zx_ticks_per_second(void);

/* System information, randomness, debug output */
uint32_t zx_system_get_dcache_line_size(void);
uint32_t zx_system_get_num_cpus(void);
uint32_t zx_system_get_page_size(void);
uint64_t zx_system_get_physmem(void);
zx_string_view_t zx_system_get_version_string(void);
zx_status_t zx_system_get_features(uint32_t kind, uint32_t* features);
void zx_cprng_draw(void* buffer, size_t buffer_size);
zx_status_t zx_cprng_add_entropy(const void* buffer, size_t buffer_size);
zx_status_t zx_debug_write(const char* buffer, size_t buffer_size);

/* Counters */
zx_status_t zx_counter_create(uint32_t options, zx_handle_t* out);
zx_status_t zx_counter_add(zx_handle_t handle, int64_t value);
zx_status_t zx_counter_read(zx_handle_t handle, int64_t* value);
zx_status_t zx_counter_write(zx_handle_t handle, int64_t value);

/* Kernel clocks */
zx_status_t zx_clock_create(uint64_t options, const void* args, zx_handle_t* out);
zx_status_t zx_clock_read(zx_handle_t handle, zx_time_t* now);
zx_status_t zx_clock_get_details(zx_handle_t handle, uint64_t options, void* details);
zx_status_t zx_clock_update(zx_handle_t handle, uint64_t options, const void* args);
zx_status_t zx_clock_read_mapped(const void* clock_addr, zx_time_t* now);
zx_status_t zx_clock_get_details_mapped(const void* clock_addr, uint64_t options,
					void* details);

/* Interrupts */
zx_status_t zx_interrupt_create(zx_handle_t src_obj, uint32_t src_num, uint32_t options,
				zx_handle_t* out_handle);
zx_status_t zx_interrupt_bind(zx_handle_t handle, zx_handle_t port_handle, uint64_t key,
			      uint32_t options);
zx_status_t zx_interrupt_wait(zx_handle_t handle, zx_time_t* out_timestamp);
zx_status_t zx_interrupt_destroy(zx_handle_t handle);
zx_status_t zx_interrupt_ack(zx_handle_t handle);
zx_status_t zx_interrupt_trigger(zx_handle_t handle, uint32_t options, zx_time_t timestamp);
zx_status_t zx_interrupt_bind_vcpu(zx_handle_t handle, zx_handle_t vcpu, uint32_t options);
zx_status_t zx_msi_allocate(zx_handle_t handle, uint32_t count, zx_handle_t* out_allocation);
zx_status_t zx_msi_create(zx_handle_t handle, uint32_t options, uint32_t msi_id, zx_handle_t vmo,
			  size_t vmo_offset, zx_handle_t* out_interrupt);

/* Handles and objects (not available here) */
zx_status_t zx_handle_check_valid(zx_handle_t handle);
zx_status_t zx_object_get_child(zx_handle_t handle, uint64_t koid, zx_rights_t rights,
				zx_handle_t* out);
zx_status_t zx_object_set_profile(zx_handle_t handle, zx_handle_t profile, uint32_t options);

/* Threads */
void zx_thread_exit(void);
zx_status_t zx_thread_create(zx_handle_t process, const char* name, size_t name_size,
			     uint32_t options, zx_handle_t* out);
zx_status_t zx_thread_start(zx_handle_t handle, zx_vaddr_t thread_entry, zx_vaddr_t stack,
			    uintptr_t arg1, uintptr_t arg2);
zx_status_t zx_thread_read_state(zx_handle_t handle, uint32_t kind, void* buffer,
				 size_t buffer_size);
zx_status_t zx_thread_write_state(zx_handle_t handle, uint32_t kind, const void* buffer,
				  size_t buffer_size);
zx_status_t zx_thread_legacy_yield(uint32_t options);
zx_status_t zx_thread_raise_exception(uint32_t options, zx_excp_type_t type,
				      const zx_exception_context_t* context);

/* Processes */
void zx_process_exit(int64_t retcode);
zx_status_t zx_process_create(zx_handle_t job, const char* name, size_t name_size,
			      uint32_t options, zx_handle_t* proc_handle,
			      zx_handle_t* vmar_handle);
zx_status_t zx_process_start(zx_handle_t handle, zx_handle_t thread, zx_vaddr_t entry,
			     zx_vaddr_t stack, zx_handle_t arg1, uintptr_t arg2);
zx_status_t zx_process_read_memory(zx_handle_t handle, zx_vaddr_t vaddr, void* buffer,
				   size_t buffer_size, size_t* actual);
zx_status_t zx_process_write_memory(zx_handle_t handle, zx_vaddr_t vaddr, const void* buffer,
				    size_t buffer_size, size_t* actual);

/* Jobs, tasks and exceptions */
zx_status_t zx_job_create(zx_handle_t parent_job, uint32_t options, zx_handle_t* out);
zx_status_t zx_job_set_policy(zx_handle_t handle, uint32_t options, uint32_t topic,
			      const void* policy, uint32_t policy_size);
zx_status_t zx_job_set_critical(zx_handle_t job, uint32_t options, zx_handle_t process);
zx_status_t zx_task_suspend(zx_handle_t handle, zx_handle_t* token);
zx_status_t zx_task_suspend_token(zx_handle_t handle, zx_handle_t* token);
zx_status_t zx_task_create_exception_channel(zx_handle_t handle, uint32_t options,
					     zx_handle_t* out);
zx_status_t zx_task_kill(zx_handle_t handle);
zx_status_t zx_exception_get_thread(zx_handle_t handle, zx_handle_t* out);
zx_status_t zx_exception_get_process(zx_handle_t handle, zx_handle_t* out);

/* Futexes */
zx_status_t zx_futex_wait(const zx_futex_t* value_ptr, zx_futex_t current_value,
			  zx_handle_t new_futex_owner, zx_time_t deadline);
zx_status_t zx_futex_wake(const zx_futex_t* value_ptr, uint32_t wake_count);
zx_status_t zx_futex_requeue(const zx_futex_t* value_ptr, uint32_t wake_count,
			     zx_futex_t current_value, const zx_futex_t* requeue_ptr,
			     uint32_t requeue_count, zx_handle_t new_requeue_owner);
zx_status_t zx_futex_wake_single_owner(const zx_futex_t* value_ptr);
zx_status_t zx_futex_requeue_single_owner(const zx_futex_t* value_ptr, zx_futex_t current_value,
					  const zx_futex_t* requeue_ptr, uint32_t requeue_count,
					  zx_handle_t new_requeue_owner);
zx_status_t zx_futex_get_owner(const zx_futex_t* value_ptr, zx_koid_t* koid);
void zx_futex_wake_handle_close_thread_exit(const zx_futex_t* value_ptr, uint32_t wake_count,
					    int32_t new_value, zx_handle_t close_handle);

/* Virtual memory objects */
zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t* out);
zx_status_t zx_vmo_read(zx_handle_t handle, void* buffer, uint64_t offset, size_t buffer_size);
zx_status_t zx_vmo_write(zx_handle_t handle, const void* buffer, uint64_t offset,
			 size_t buffer_size);
zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t* size);
zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size);
zx_status_t zx_vmo_get_stream_size(zx_handle_t handle, uint64_t* size);
zx_status_t zx_vmo_set_stream_size(zx_handle_t handle, uint64_t size);
zx_status_t zx_vmo_op_range(zx_handle_t handle, uint32_t op, uint64_t offset, uint64_t size,
			    void* buffer, size_t buffer_size);
zx_status_t zx_vmo_create_child(zx_handle_t handle, uint32_t options, uint64_t offset,
				uint64_t size, zx_handle_t* out);
zx_status_t zx_vmo_set_cache_policy(zx_handle_t handle, uint32_t cache_policy);
zx_status_t zx_vmo_replace_as_executable(zx_handle_t handle, zx_handle_t vmex,
					 zx_handle_t* out);
zx_status_t zx_vmo_create_contiguous(zx_handle_t bti, size_t size, uint32_t alignment_log2,
				     zx_handle_t* out);
zx_status_t zx_vmo_create_physical(zx_handle_t resource, zx_paddr_t paddr, size_t size,
				   zx_handle_t* out);
zx_status_t zx_vmo_transfer_data(zx_handle_t dst_vmo, uint32_t options, uint64_t offset,
				 uint64_t length, zx_handle_t src_vmo, uint64_t src_offset);

/* Virtual memory address regions */
zx_status_t zx_vmar_allocate(zx_handle_t parent_vmar, zx_vm_option_t options, size_t offset,
			     size_t size, zx_handle_t* child_vmar, zx_vaddr_t* child_addr);
zx_status_t zx_vmar_destroy(zx_handle_t handle);
zx_status_t zx_vmar_map(zx_handle_t handle, zx_vm_option_t options, size_t vmar_offset,
			zx_handle_t vmo, uint64_t vmo_offset, size_t len, zx_vaddr_t* mapped_addr);
zx_status_t zx_vmar_unmap(zx_handle_t handle, zx_vaddr_t addr, size_t len);
zx_status_t zx_vmar_protect(zx_handle_t handle, zx_vm_option_t options, zx_vaddr_t addr,
			    size_t len);
zx_status_t zx_vmar_op_range(zx_handle_t handle, uint32_t op, zx_vaddr_t address, size_t size,
			     void* buffer, size_t buffer_size);
zx_status_t zx_vmar_map_clock(zx_handle_t handle, zx_vm_option_t options, uint64_t vmar_offset,
			      zx_handle_t clock_handle, uint64_t len, zx_vaddr_t* mapped_addr);
zx_status_t zx_vmar_map_iob(zx_handle_t handle, zx_vm_option_t options, size_t vmar_offset,
			    zx_handle_t ep, uint32_t region_index, uint64_t region_offset,
			    size_t region_len, zx_vaddr_t* addr_out);
zx_status_t zx_vmar_unmap_handle_close_thread_exit(zx_handle_t vmar_handle, zx_vaddr_t addr,
						   size_t size, zx_handle_t close_handle);

/* Streams */
zx_status_t zx_stream_create(uint32_t options, zx_handle_t vmo, zx_off_t seek,
			     zx_handle_t* out_stream);
zx_status_t zx_stream_writev(zx_handle_t handle, uint32_t options, const zx_iovec_t* vector,
			     size_t num_vector, size_t* actual);
zx_status_t zx_stream_writev_at(zx_handle_t handle, uint32_t options, zx_off_t offset,
				const zx_iovec_t* vector, size_t num_vector, size_t* actual);
zx_status_t zx_stream_readv(zx_handle_t handle, uint32_t options, zx_iovec_t* vector,
			    size_t num_vector, size_t* actual);
zx_status_t zx_stream_readv_at(zx_handle_t handle, uint32_t options, zx_off_t offset,
			       zx_iovec_t* vector, size_t num_vector, size_t* actual);
zx_status_t zx_stream_seek(zx_handle_t handle, zx_stream_seek_origin_t whence, int64_t offset,
			   zx_off_t* out_seek);

/* Pagers */
zx_status_t zx_pager_create(uint32_t options, zx_handle_t* out);
zx_status_t zx_pager_create_vmo(zx_handle_t pager, uint32_t options, zx_handle_t port,
				uint64_t key, uint64_t size, zx_handle_t* out);
zx_status_t zx_pager_detach_vmo(zx_handle_t pager, zx_handle_t vmo);
zx_status_t zx_pager_supply_pages(zx_handle_t pager, zx_handle_t pager_vmo, uint64_t offset,
				  uint64_t length, zx_handle_t aux_vmo, uint64_t aux_offset);
zx_status_t zx_pager_op_range(zx_handle_t pager, uint32_t op, zx_handle_t pager_vmo,
			      uint64_t offset, uint64_t length, uint64_t data);
zx_status_t zx_pager_query_dirty_ranges(zx_handle_t pager, zx_handle_t pager_vmo,
					uint64_t offset, uint64_t length, void* buffer,
					size_t buffer_size, size_t* actual, size_t* avail);
zx_status_t zx_pager_query_vmo_stats(zx_handle_t pager, zx_handle_t pager_vmo, uint32_t options,
				     void* buffer, size_t buffer_size);

/* IOBuffers */
zx_status_t zx_iob_create(uint64_t options, const void* regions, size_t num_regions,
			  zx_handle_t* ep0_out, zx_handle_t* ep1_out);

/* Cache maintenance */
zx_status_t zx_cache_flush(const void* addr, size_t size, uint32_t options);

/* Profiles, resources, the debug log, tracing */
zx_status_t zx_profile_create(zx_handle_t profile_rsrc, uint32_t options,
			      const zx_profile_info_t* profile, zx_handle_t* out);
zx_status_t zx_resource_create(zx_handle_t parent_rsrc, uint32_t options, uint64_t base,
			       size_t size, const char* name, size_t name_size,
			       zx_handle_t* resource_out);
zx_status_t zx_debuglog_create(zx_handle_t resource, uint32_t options, zx_handle_t* out);
zx_status_t zx_debuglog_write(zx_handle_t handle, uint32_t options, const void* buffer,
			      size_t buffer_size);
zx_status_t zx_debuglog_read(zx_handle_t handle, uint32_t options, void* buffer,
			     size_t buffer_size);
zx_status_t zx_debug_read(zx_handle_t handle, char* buffer, size_t buffer_size, size_t* actual);
zx_status_t zx_debug_send_command(zx_handle_t resource, const char* buffer, size_t buffer_size);
zx_status_t zx_ktrace_read(zx_handle_t handle, void* data, uint32_t offset, size_t data_size,
			   size_t* actual);
zx_status_t zx_ktrace_control(zx_handle_t handle, uint32_t action, uint32_t options, void* ptr);
zx_status_t zx_ktrace_write(zx_handle_t handle, uint32_t id, uint32_t arg0, uint32_t arg1);
zx_status_t zx_mtrace_control(zx_handle_t handle, uint32_t kind, uint32_t action,
			      uint32_t options, void* ptr, size_t ptr_size);

/* System control */
zx_status_t zx_system_get_event(zx_handle_t root_job, uint32_t kind, zx_handle_t* event);
zx_status_t zx_system_mexec(zx_handle_t resource, zx_handle_t kernel_vmo,
			    zx_handle_t bootimage_vmo);
zx_status_t zx_system_mexec_payload_get(zx_handle_t resource, void* buffer, size_t buffer_size);
zx_status_t zx_system_powerctl(zx_handle_t resource, uint32_t cmd,
			       const zx_system_powerctl_arg_t* arg);
zx_status_t zx_system_get_performance_info(zx_handle_t resource, uint32_t topic, size_t count,
					   void* info, size_t* output_count);
zx_status_t zx_system_set_performance_info(zx_handle_t resource, uint32_t topic,
					   const void* info, size_t count);

/* Hypervisor */
zx_status_t zx_guest_create(zx_handle_t resource, uint32_t options, zx_handle_t* guest_handle,
			    zx_handle_t* vmar_handle);
zx_status_t zx_guest_set_trap(zx_handle_t handle, uint32_t kind, zx_vaddr_t addr, size_t size,
			      zx_handle_t port_handle, uint64_t key);
zx_status_t zx_vcpu_create(zx_handle_t guest, uint32_t options, zx_vaddr_t entry,
			   zx_handle_t* out);
zx_status_t zx_vcpu_enter(zx_handle_t handle, zx_port_packet_t* packet);
zx_status_t zx_vcpu_kick(zx_handle_t handle);
zx_status_t zx_vcpu_interrupt(zx_handle_t handle, uint32_t vector);
zx_status_t zx_vcpu_read_state(zx_handle_t handle, uint32_t kind, void* buffer,
			       size_t buffer_size);
zx_status_t zx_vcpu_write_state(zx_handle_t handle, uint32_t kind, const void* buffer,
				size_t buffer_size);

/* Drivers: BTIs, IOMMUs, PCI, I/O ports, SMC, firmware, framebuffer */
zx_status_t zx_bti_create(zx_handle_t iommu, uint32_t options, uint64_t bti_id,
			  zx_handle_t* out);
zx_status_t zx_bti_pin(zx_handle_t handle, uint32_t options, zx_handle_t vmo, uint64_t offset,
		       uint64_t size, zx_paddr_t* addrs, size_t num_addrs, zx_handle_t* pmt);
zx_status_t zx_bti_release_quarantine(zx_handle_t handle);
zx_status_t zx_pmt_unpin(zx_handle_t handle);
zx_status_t zx_iommu_create(zx_handle_t resource, uint32_t type, const void* desc,
			    size_t desc_size, zx_handle_t* out);
zx_status_t zx_ioports_request(zx_handle_t resource, uint16_t io_addr, uint32_t len);
zx_status_t zx_ioports_release(zx_handle_t resource, uint16_t io_addr, uint32_t len);
zx_status_t zx_pc_firmware_tables(zx_handle_t handle, zx_paddr_t* acpi_rsdp, zx_paddr_t* smbios);
zx_status_t zx_smc_call(zx_handle_t handle, const zx_smc_parameters_t* parameters,
			zx_smc_result_t* out_smc_result);
zx_status_t zx_framebuffer_get_info(zx_handle_t resource, uint32_t* format, uint32_t* width,
				    uint32_t* height, uint32_t* stride);
zx_status_t zx_framebuffer_set_range(zx_handle_t resource, zx_handle_t vmo, uint32_t len,
				     uint32_t format, uint32_t width, uint32_t height,
				     uint32_t stride);
zx_status_t zx_pci_get_nth_device(zx_handle_t handle, uint32_t index,
				  zx_pcie_device_info_t* out_info, zx_handle_t* out_handle);
zx_status_t zx_pci_enable_bus_master(zx_handle_t handle, uint32_t enable);
zx_status_t zx_pci_reset_device(zx_handle_t handle);
zx_status_t zx_pci_config_read(zx_handle_t handle, uint16_t offset, size_t width,
			       uint32_t* out_val);
zx_status_t zx_pci_config_write(zx_handle_t handle, uint16_t offset, size_t width, uint32_t val);
zx_status_t zx_pci_cfg_pio_rw(zx_handle_t handle, uint8_t bus, uint8_t dev, uint8_t func,
			      uint8_t offset, uint32_t* val, size_t width, uint32_t write);
zx_status_t zx_pci_get_bar(zx_handle_t handle, uint32_t bar_num, zx_pci_bar_t* out_bar,
			   zx_handle_t* out_handle);
zx_status_t zx_pci_map_interrupt(zx_handle_t handle, int32_t which_irq, zx_handle_t* out_handle);
zx_status_t zx_pci_query_irq_mode(zx_handle_t handle, uint32_t mode, uint32_t* out_max_irqs);
zx_status_t zx_pci_set_irq_mode(zx_handle_t handle, uint32_t mode, uint32_t requested_irq_count);
zx_status_t zx_pci_init(zx_handle_t handle, const zx_pci_init_arg_t* init_buf, uint32_t len);
zx_status_t zx_pci_add_subtract_io_range(zx_handle_t handle, uint32_t mmio, uint64_t base,
					 uint64_t len, uint32_t add);

/*
 * Every call above by its name without the zx_ prefix, in the order
 * declared: the _zx_ declarations below come from it.
 */
#define __ZX_SYSCALL_NAMES(X) \
	X(handle_close) X(handle_close_many) X(handle_duplicate) X(handle_replace) \
	X(event_create) X(eventpair_create) X(object_signal) X(object_signal_peer) \
	X(object_wait_one) X(object_wait_many) X(object_get_info) X(port_create) \
	X(port_queue) X(port_wait) X(port_cancel) X(port_cancel_key) X(object_wait_async) \
	X(timer_create) X(timer_set) X(timer_cancel) X(object_get_property) \
	X(object_set_property) X(channel_create) X(channel_write) X(channel_write_etc) \
	X(channel_read) X(channel_read_etc) X(channel_call) X(channel_call_etc) \
	X(socket_create) X(socket_write) X(socket_read) X(socket_set_disposition) \
	X(fifo_create) X(fifo_write) X(fifo_read) X(clock_get_monotonic) X(clock_get_boot) \
	X(deadline_after) X(nanosleep) X(ticks_get) X(ticks_get_boot) X(ticks_per_second) \
	X(system_get_dcache_line_size) X(system_get_num_cpus) X(system_get_page_size) \
	X(system_get_physmem) X(system_get_version_string) X(system_get_features) \
	X(cprng_draw) X(cprng_add_entropy) X(debug_write) X(counter_create) X(counter_add) \
	X(counter_read) X(counter_write) X(clock_create) X(clock_read) X(clock_get_details) \
	X(clock_update) X(clock_read_mapped) X(clock_get_details_mapped) \
	X(interrupt_create) X(interrupt_bind) X(interrupt_wait) X(interrupt_destroy) \
	X(interrupt_ack) X(interrupt_trigger) X(interrupt_bind_vcpu) X(msi_allocate) \
	X(msi_create) X(handle_check_valid) X(object_get_child) X(object_set_profile) \
	X(thread_exit) X(thread_create) X(thread_start) X(thread_read_state) \
	X(thread_write_state) X(thread_legacy_yield) X(thread_raise_exception) \
	X(process_exit) X(process_create) X(process_start) X(process_read_memory) \
	X(process_write_memory) X(job_create) X(job_set_policy) X(job_set_critical) \
	X(task_suspend) X(task_suspend_token) X(task_create_exception_channel) X(task_kill) \
	X(exception_get_thread) X(exception_get_process) X(futex_wait) X(futex_wake) \
	X(futex_requeue) X(futex_wake_single_owner) X(futex_requeue_single_owner) \
	X(futex_get_owner) X(futex_wake_handle_close_thread_exit) X(vmo_create) X(vmo_read) \
	X(vmo_write) X(vmo_get_size) X(vmo_set_size) X(vmo_get_stream_size) \
	X(vmo_set_stream_size) X(vmo_op_range) X(vmo_create_child) X(vmo_set_cache_policy) \
	X(vmo_replace_as_executable) X(vmo_create_contiguous) X(vmo_create_physical) \
	X(vmo_transfer_data) X(vmar_allocate) X(vmar_destroy) X(vmar_map) X(vmar_unmap) \
	X(vmar_protect) X(vmar_op_range) X(vmar_map_clock) X(vmar_map_iob) \
	X(vmar_unmap_handle_close_thread_exit) X(stream_create) X(stream_writev) \
	X(stream_writev_at) X(stream_readv) X(stream_readv_at) X(stream_seek) \
	X(pager_create) X(pager_create_vmo) X(pager_detach_vmo) X(pager_supply_pages) \
	X(pager_op_range) X(pager_query_dirty_ranges) X(pager_query_vmo_stats) \
	X(iob_create) X(cache_flush) X(profile_create) X(resource_create) \
	X(debuglog_create) X(debuglog_write) X(debuglog_read) X(debug_read) \
	X(debug_send_command) X(ktrace_read) X(ktrace_control) X(ktrace_write) \
	X(mtrace_control) X(system_get_event) X(system_mexec) X(system_mexec_payload_get) \
	X(system_powerctl) X(system_get_performance_info) X(system_set_performance_info) \
	X(guest_create) X(guest_set_trap) X(vcpu_create) X(vcpu_enter) X(vcpu_kick) \
	X(vcpu_interrupt) X(vcpu_read_state) X(vcpu_write_state) X(bti_create) X(bti_pin) \
	X(bti_release_quarantine) X(pmt_unpin) X(iommu_create) X(ioports_request) \
	X(ioports_release) X(pc_firmware_tables) X(smc_call) X(framebuffer_get_info) \
	X(framebuffer_set_range) X(pci_get_nth_device) X(pci_enable_bus_master) \
	X(pci_reset_device) X(pci_config_read) X(pci_config_write) X(pci_cfg_pio_rw) \
	X(pci_get_bar) X(pci_map_interrupt) X(pci_query_irq_mode) X(pci_set_irq_mode) \
	X(pci_init) X(pci_add_subtract_io_range)

/*
 * Fuchsia's vDSO exports each call a second time as _zx_<name> (libraries
 * such as libsync call those); libzircon does the same, with ELF aliases.
 */
#define __ZX_DECLARE_ALIAS(name) extern __typeof__(zx_##name) _zx_##name;
__ZX_SYSCALL_NAMES(__ZX_DECLARE_ALIAS)
#undef __ZX_DECLARE_ALIAS

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_H_ */
