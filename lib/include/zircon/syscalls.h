/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The Zircon system calls libzircon implements, with Fuchsia's signatures.
 * On Linux each one is an ioctl on the process's /dev/zircon handle table
 * (see <zircon/linux.h>). A call made when the device cannot be opened
 * returns ZX_ERR_NOT_SUPPORTED.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_H_
#define SYSROOT_ZIRCON_SYSCALLS_H_

#include <zircon/compiler.h>
#include <zircon/errors.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/port.h>
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

/* Counters */
zx_status_t zx_counter_create(uint32_t options, zx_handle_t* out);
zx_status_t zx_counter_add(zx_handle_t handle, int64_t value);
zx_status_t zx_counter_read(zx_handle_t handle, int64_t* value);
zx_status_t zx_counter_write(zx_handle_t handle, int64_t value);

/* Kernel clocks (<zircon/syscalls/clock.h>) */
zx_status_t zx_clock_create(uint64_t options, const void* args, zx_handle_t* out);
zx_status_t zx_clock_read(zx_handle_t handle, zx_time_t* now);
zx_status_t zx_clock_get_details(zx_handle_t handle, uint64_t options, void* details);
zx_status_t zx_clock_update(zx_handle_t handle, uint64_t options, const void* args);

/* Virtual interrupts */
zx_status_t zx_interrupt_create(zx_handle_t src_obj, uint32_t src_num, uint32_t options,
				zx_handle_t* out_handle);
zx_status_t zx_interrupt_bind(zx_handle_t handle, zx_handle_t port_handle, uint64_t key,
			      uint32_t options);
zx_status_t zx_interrupt_wait(zx_handle_t handle, zx_time_t* out_timestamp);
zx_status_t zx_interrupt_destroy(zx_handle_t handle);
zx_status_t zx_interrupt_ack(zx_handle_t handle);
zx_status_t zx_interrupt_trigger(zx_handle_t handle, uint32_t options, zx_time_t timestamp);

/* Time */
zx_time_t zx_clock_get_monotonic(void);
zx_time_t zx_deadline_after(zx_duration_t nanoseconds);
zx_status_t zx_nanosleep(zx_time_t deadline);

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_H_ */
