// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A wait cancelled by closing its handle: one thread waits on an event
 * through handle A while holding a duplicate B; the main thread closes A.
 * The wait ends with ZX_ERR_CANCELED and ZX_SIGNAL_HANDLE_CLOSED, while a
 * wait through B is not affected.
 */
#include <pthread.h>
#include <stdio.h>

#include <zircon/syscalls.h>

static zx_handle_t a, b, started;

static void *waiter(void *arg)
{
	zx_signals_t observed = 0;
	zx_status_t status;

	(void)arg;
	zx_object_signal(started, 0, ZX_EVENT_SIGNALED);
	status = zx_object_wait_one(a, ZX_EVENT_SIGNALED, ZX_TIME_INFINITE, &observed);
	printf("cancel: wait through A returned %s, observed 0x%08x%s\n",
	       zx_status_get_string(status), observed,
	       observed & ZX_SIGNAL_HANDLE_CLOSED ? " (HANDLE_CLOSED)" : "");
	return (void *)(long)status;
}

int main(void)
{
	pthread_t thread;
	void *result;
	zx_status_t status;

	zx_event_create(0, &a);
	zx_event_create(0, &started);
	zx_handle_duplicate(a, ZX_RIGHT_SAME_RIGHTS, &b);
	pthread_create(&thread, NULL, waiter, NULL);

	/* Let the waiter get going, then close A under it. */
	zx_object_wait_one(started, ZX_EVENT_SIGNALED, ZX_TIME_INFINITE, NULL);
	zx_nanosleep(zx_deadline_after(ZX_MSEC(50)));
	zx_handle_close(a);
	pthread_join(thread, &result);

	zx_object_signal(b, 0, ZX_EVENT_SIGNALED);
	status = zx_object_wait_one(b, ZX_EVENT_SIGNALED, 0, NULL);
	printf("cancel: the object lives on through B: wait through B returned %s\n",
	       zx_status_get_string(status));
	zx_handle_close(b);
	zx_handle_close(started);
	return (long)result == ZX_ERR_CANCELED && status == ZX_OK ? 0 : 1;
}
