// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A producer and a consumer that count work items with a counter.
 *
 *  - The producer puts items into a shared ring and zx_counter_add()s 1
 *    for each: the counter is the number of items ready.
 *  - The consumer waits for ZX_COUNTER_POSITIVE, which the kernel keeps
 *    asserted while the value is above zero, takes one item and adds -1.
 *    When the value drops to zero the kernel switches to
 *    ZX_COUNTER_NON_POSITIVE, so the consumer sleeps instead of spinning.
 *  - A second counter counts free slots the other way, so the producer
 *    never overruns the ring.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <zircon/syscalls.h>

#define ITEMS 1000
#define SLOTS 8

static int64_t ring[SLOTS];
static zx_handle_t ready, space;

static void check(zx_status_t status, const char *what)
{
	if (status != ZX_OK) {
		fprintf(stderr, "%s: %s\n", what, zx_status_get_string(status));
		exit(1);
	}
}

/* Wait until @counter is positive, then take one from it. */
static void take(zx_handle_t counter)
{
	check(zx_object_wait_one(counter, ZX_COUNTER_POSITIVE, ZX_TIME_INFINITE, NULL),
	      "zx_object_wait_one");
	/* Only this thread takes from @counter: it is still positive. */
	check(zx_counter_add(counter, -1), "zx_counter_add");
}

static void* producer(void* arg)
{
	(void)arg;
	for (int64_t i = 0; i < ITEMS; i++) {
		take(space);
		ring[i % SLOTS] = i * i;
		check(zx_counter_add(ready, 1), "zx_counter_add");
	}
	return NULL;
}

int main(void)
{
	pthread_t thread;
	int64_t sum = 0, want = 0, left;

	check(zx_counter_create(0, &ready), "zx_counter_create");
	check(zx_counter_create(0, &space), "zx_counter_create");
	check(zx_counter_write(space, SLOTS), "zx_counter_write");
	if (pthread_create(&thread, NULL, producer, NULL))
		return 1;
	for (int64_t i = 0; i < ITEMS; i++) {
		take(ready);
		sum += ring[i % SLOTS];
		want += i * i;
		check(zx_counter_add(space, 1), "zx_counter_add");
	}
	pthread_join(thread, NULL);
	check(zx_counter_read(ready, &left), "zx_counter_read");
	printf("consumed %d items, sum %lld (expected %lld), %lld left\n", ITEMS,
	       (long long)sum, (long long)want, (long long)left);
	zx_handle_close(ready);
	zx_handle_close(space);
	return sum == want && left == 0 ? 0 : 1;
}
