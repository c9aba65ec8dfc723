/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ports offer other objects: interrupt packets (interrupt.c).
 *
 * An interrupt packet is preallocated in its interrupt and only ever
 * linked on a port's own queue of interrupt packets, which zx_port_wait()
 * serves before the others, as Zircon does. Queueing never allocates; it
 * fails only while the packet is still queued (not read yet). A port whose
 * last handle has closed takes the packet and drops it. The caller holds
 * its interrupt's object lock (object lock, then port lock).
 */
#ifndef _ZIRCON_PORT_H
#define _ZIRCON_PORT_H

#include <linux/list.h>
#include <linux/zircon.h>

struct zx_object;

struct zx_port_irq_packet {
	/* On the port's irq_packets under its lock; empty when not queued. */
	struct list_head node;
	struct zircon_port_packet pkt;
};

bool zx_port_bindable(struct zx_object *port);
bool zx_port_irq_queue(struct zx_object *port, struct zx_port_irq_packet *p,
		       s64 timestamp);
bool zx_port_irq_unqueue(struct zx_object *port, struct zx_port_irq_packet *p);

#endif /* _ZIRCON_PORT_H */
