// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Ping-pong over an eventpair: two threads take turns raising a user
 * signal on the other side with zx_object_signal_peer() and waiting for
 * their own with zx_object_wait_one(). Then one side closes and the other
 * sees PEER_CLOSED.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <zircon/syscalls.h>

#define ROUNDS 1000
#define PING ZX_USER_SIGNAL_0

static void check(zx_status_t status, const char *what)
{
	if (status != ZX_OK) {
		fprintf(stderr, "%s: %s\n", what, zx_status_get_string(status));
		exit(1);
	}
}

/* Wait for PING on @self, clear it, and ping the peer back. */
static void bounce(zx_handle_t self)
{
	check(zx_object_wait_one(self, PING, ZX_TIME_INFINITE, NULL), "wait_one");
	check(zx_object_signal(self, PING, 0), "signal");
	check(zx_object_signal_peer(self, 0, PING), "signal_peer");
}

static void *ponger(void *arg)
{
	zx_handle_t self = *(zx_handle_t *)arg;

	for (int i = 0; i < ROUNDS; i++)
		bounce(self);
	return NULL;
}

int main(void)
{
	zx_handle_t ping, pong;
	zx_signals_t observed;
	pthread_t thread;

	check(zx_eventpair_create(0, &ping, &pong), "eventpair_create");
	pthread_create(&thread, NULL, ponger, &pong);

	zx_time_t start = zx_clock_get_monotonic();
	for (int i = 0; i < ROUNDS; i++) {
		check(zx_object_signal_peer(ping, 0, PING), "signal_peer");
		check(zx_object_wait_one(ping, PING, ZX_TIME_INFINITE, NULL), "wait_one");
		check(zx_object_signal(ping, PING, 0), "signal");
	}
	zx_duration_t took = zx_clock_get_monotonic() - start;
	pthread_join(thread, NULL);
	printf("pingpong: %d round trips over an eventpair, %lld ns each\n",
	       ROUNDS, (long long)(took / ROUNDS));

	check(zx_handle_close(pong), "close");
	check(zx_object_wait_one(ping, ZX_EVENTPAIR_PEER_CLOSED, 0, &observed),
	      "wait_one(PEER_CLOSED)");
	printf("pingpong: after closing one side the other observes 0x%x (PEER_CLOSED)\n",
	       observed);
	zx_status_t status = zx_object_signal_peer(ping, 0, PING);
	printf("pingpong: signal_peer now returns %s\n", zx_status_get_string(status));
	zx_handle_close(ping);
	return status == ZX_ERR_PEER_CLOSED ? 0 : 1;
}
