/* SPDX-License-Identifier: GPL-2.0 */
/* ioctl handlers, one per Zircon system call. */
#ifndef _ZIRCON_SYSCALLS_H
#define _ZIRCON_SYSCALLS_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct zx_table;

long zx_ioctl_handle_close(struct zx_table *table, void __user *uarg);
long zx_ioctl_handle_close_many(struct zx_table *table, void __user *uarg);
long zx_ioctl_handle_duplicate(struct zx_table *table, void __user *uarg);
long zx_ioctl_handle_replace(struct zx_table *table, void __user *uarg);
long zx_ioctl_event_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_eventpair_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_signal(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_signal_peer(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_wait_one(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_wait_many(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_get_info(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_wait_async(struct zx_table *table, void __user *uarg);
long zx_ioctl_port_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_port_queue(struct zx_table *table, void __user *uarg);
long zx_ioctl_port_wait(struct zx_table *table, void __user *uarg);
long zx_ioctl_port_cancel(struct zx_table *table, void __user *uarg);
long zx_ioctl_port_cancel_key(struct zx_table *table, void __user *uarg);
long zx_ioctl_timer_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_timer_set(struct zx_table *table, void __user *uarg);
long zx_ioctl_timer_cancel(struct zx_table *table, void __user *uarg);
long zx_ioctl_handle_to_fd(struct zx_table *table, void __user *uarg);
long zx_ioctl_fd_to_handle(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_from_fd(struct zx_table *table, void __user *uarg);
long zx_ioctl_poll_fd(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_get_property(struct zx_table *table, void __user *uarg);
long zx_ioctl_object_set_property(struct zx_table *table, void __user *uarg);
long zx_ioctl_channel_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_channel_write(struct zx_table *table, void __user *uarg,
			    bool etc);
long zx_ioctl_channel_read(struct zx_table *table, void __user *uarg,
			   bool etc);
long zx_ioctl_channel_call(struct zx_table *table, void __user *uarg,
			   bool etc);
long zx_ioctl_socket_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_socket_write(struct zx_table *table, void __user *uarg);
long zx_ioctl_socket_read(struct zx_table *table, void __user *uarg);
long zx_ioctl_socket_set_disposition(struct zx_table *table,
				     void __user *uarg);
long zx_ioctl_fifo_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_fifo_write(struct zx_table *table, void __user *uarg);
long zx_ioctl_fifo_read(struct zx_table *table, void __user *uarg);
long zx_ioctl_counter_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_counter_add(struct zx_table *table, void __user *uarg);
long zx_ioctl_counter_read(struct zx_table *table, void __user *uarg);
long zx_ioctl_counter_write(struct zx_table *table, void __user *uarg);
long zx_ioctl_clock_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_clock_read(struct zx_table *table, void __user *uarg);
long zx_ioctl_clock_get_details(struct zx_table *table, void __user *uarg);
long zx_ioctl_clock_update(struct zx_table *table, void __user *uarg);
long zx_ioctl_interrupt_create(struct zx_table *table, void __user *uarg);
long zx_ioctl_interrupt_trigger(struct zx_table *table, void __user *uarg);
long zx_ioctl_interrupt_wait(struct zx_table *table, void __user *uarg);
long zx_ioctl_interrupt_ack(struct zx_table *table, void __user *uarg);
long zx_ioctl_interrupt_destroy(struct zx_table *table, void __user *uarg);
long zx_ioctl_interrupt_bind(struct zx_table *table, void __user *uarg);

#endif /* _ZIRCON_SYSCALLS_H */
