// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A virtual interrupt bound to a port, as a driver's interrupt loop runs
 * on Fuchsia.
 *
 *  - The "device" thread fires the interrupt with zx_interrupt_trigger(),
 *    passing a timestamp.
 *  - The driver binds the interrupt to a port made with
 *    ZX_PORT_BIND_TO_INTERRUPT and serves ZX_PKT_TYPE_INTERRUPT packets
 *    from zx_port_wait(), each carrying the trigger's timestamp; it calls
 *    zx_interrupt_ack() when it has handled one, which lets the next
 *    trigger through (triggers meanwhile are held, not lost).
 *  - To stop, the driver destroys the interrupt.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define IRQ_KEY 42
#define FIRES 5

static zx_handle_t irq, fired;

static void check(zx_status_t status, const char* what)
{
	if (status != ZX_OK) {
		fprintf(stderr, "%s: %s\n", what, zx_status_get_string(status));
		exit(1);
	}
}

/* The device: fire, then wait until the driver says it handled it. */
static void* device(void* arg)
{
	(void)arg;
	for (int i = 1; i <= FIRES; i++) {
		check(zx_interrupt_trigger(irq, 0, zx_clock_get_monotonic()), "trigger");
		check(zx_object_wait_one(fired, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE, NULL), "wait");
		check(zx_object_signal(fired, ZX_USER_SIGNAL_0, 0), "signal");
	}
	return NULL;
}

int main(void)
{
	zx_handle_t port;
	pthread_t thread;
	int handled = 0;

	/* No resource on Linux: a virtual interrupt needs none. */
	check(zx_interrupt_create(ZX_HANDLE_INVALID, 0, ZX_INTERRUPT_VIRTUAL, &irq), "create");
	check(zx_port_create(ZX_PORT_BIND_TO_INTERRUPT, &port), "zx_port_create");
	check(zx_interrupt_bind(irq, port, IRQ_KEY, ZX_INTERRUPT_BIND), "bind");
	check(zx_event_create(0, &fired), "zx_event_create");
	if (pthread_create(&thread, NULL, device, NULL))
		return 1;

	while (handled < FIRES) {
		zx_port_packet_t packet;

		check(zx_port_wait(port, ZX_TIME_INFINITE, &packet), "zx_port_wait");
		if (packet.key != IRQ_KEY || packet.type != ZX_PKT_TYPE_INTERRUPT)
			return 1;
		handled++;
		printf("interrupt %d, triggered %lld ns ago\n", handled,
		       (long long)(zx_clock_get_monotonic() - packet.interrupt.timestamp));
		check(zx_interrupt_ack(irq), "ack");
		check(zx_object_signal(fired, 0, ZX_USER_SIGNAL_0), "signal");
	}
	pthread_join(thread, NULL);
	check(zx_interrupt_destroy(irq), "destroy");
	printf("after destroy, trigger says %s\n",
	       zx_status_get_string(zx_interrupt_trigger(irq, 0, 0)));
	zx_handle_close(irq);
	zx_handle_close(port);
	zx_handle_close(fired);
	return 0;
}
