// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_object_wait_many() over several events: a worker thread signals one
 * of them; the waiter learns which from the per-item pending signals.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <zircon/syscalls.h>

#define N 4

static zx_handle_t events[N];

static void *signal_third(void *arg)
{
	(void)arg;
	zx_object_signal(events[2], 0, ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_3);
	return NULL;
}

int main(void)
{
	zx_wait_item_t items[N];
	pthread_t thread;
	zx_status_t status;

	for (int i = 0; i < N; i++) {
		if (zx_event_create(0, &events[i]) != ZX_OK)
			return 1;
		items[i] = (zx_wait_item_t){ .handle = events[i],
					     .waitfor = ZX_EVENT_SIGNALED };
	}
	/* One event has an unrelated signal set: wait_many reports it too. */
	zx_object_signal(events[0], 0, ZX_USER_SIGNAL_0);

	pthread_create(&thread, NULL, signal_third, NULL);
	status = zx_object_wait_many(items, N, zx_deadline_after(ZX_SEC(10)));
	pthread_join(thread, NULL);
	int ok = status == ZX_OK && (items[2].pending & ZX_EVENT_SIGNALED);

	printf("wait_many: %s\n", zx_status_get_string(status));
	for (int i = 0; i < N; i++)
		printf("wait_many:   item %d pending 0x%08x%s\n", i, items[i].pending,
		       items[i].pending & ZX_EVENT_SIGNALED ? "  <- signaled" : "");

	/* Nothing signaled within the deadline: every item still reports. */
	zx_object_signal(events[2], ZX_EVENT_SIGNALED, 0);
	status = zx_object_wait_many(items, N, zx_deadline_after(ZX_MSEC(10)));
	printf("wait_many: with nothing signaled: %s\n", zx_status_get_string(status));

	zx_handle_close_many(events, N);
	return ok && status == ZX_ERR_TIMED_OUT ? 0 : 1;
}
