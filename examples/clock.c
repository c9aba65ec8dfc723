// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A kernel clock, as a time-keeping service would keep UTC on Fuchsia.
 *
 *  - zx_clock_create() with a backstop: the clock is not started yet and
 *    reads the backstop; ZX_CLOCK_STARTED is clear.
 *  - A waiter sleeps on ZX_CLOCK_STARTED, as clients of the clock do.
 *  - zx_clock_update() sets a value, which starts the clock, and later
 *    slews it by 100 ppm without a jump; zx_clock_get_details() shows the
 *    transformation the kernel applies to the monotonic clock.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <zircon/syscalls.h>
#include <zircon/syscalls/clock.h>

#define BACKSTOP ZX_SEC(1700000000)	/* some time in 2023 */

static void check(zx_status_t status, const char* what)
{
	if (status != ZX_OK) {
		fprintf(stderr, "%s: %s\n", what, zx_status_get_string(status));
		exit(1);
	}
}

static void* client(void* arg)
{
	zx_handle_t clock = *(zx_handle_t*)arg;
	zx_time_t now;

	check(zx_object_wait_one(clock, ZX_CLOCK_STARTED, ZX_TIME_INFINITE, NULL), "wait");
	check(zx_clock_read(clock, &now), "zx_clock_read");
	printf("client: clock started, reads %lld s\n", (long long)(now / ZX_SEC(1)));
	return NULL;
}

int main(void)
{
	zx_clock_create_args_v1_t create = { .backstop_time = BACKSTOP };
	zx_clock_update_args_v2_t update = { 0 };
	zx_clock_details_v1_t details;
	zx_handle_t clock, reader;
	zx_time_t now, later;
	pthread_t thread;

	check(zx_clock_create(ZX_CLOCK_ARGS_VERSION(1) | ZX_CLOCK_OPT_MONOTONIC |
				      ZX_CLOCK_OPT_CONTINUOUS,
			      &create, &clock),
	      "zx_clock_create");
	check(zx_clock_read(clock, &now), "zx_clock_read");
	printf("not started: reads the backstop, %lld s\n", (long long)(now / ZX_SEC(1)));

	/* Clients get a read-only handle. */
	check(zx_handle_duplicate(clock, ZX_RIGHT_READ | ZX_RIGHT_WAIT, &reader), "duplicate");
	if (pthread_create(&thread, NULL, client, &reader))
		return 1;

	/* Start it one hour past the backstop, at this very monotonic instant. */
	update.synthetic_value = BACKSTOP + ZX_HOUR(1);
	update.reference_value = zx_clock_get_monotonic();
	check(zx_clock_update(clock, ZX_CLOCK_ARGS_VERSION(2) |
				     ZX_CLOCK_UPDATE_OPTION_SYNTHETIC_VALUE_VALID |
				     ZX_CLOCK_UPDATE_OPTION_REFERENCE_VALUE_VALID,
			      &update),
	      "zx_clock_update (start)");
	pthread_join(thread, NULL);

	/* Slew: 100 ppm fast, continuous (a set would be refused now). */
	update.rate_adjust = 100;
	check(zx_clock_update(clock, ZX_CLOCK_ARGS_VERSION(2) |
				     ZX_CLOCK_UPDATE_OPTION_RATE_ADJUST_VALID,
			      &update),
	      "zx_clock_update (rate)");
	check(zx_clock_get_details(clock, ZX_CLOCK_ARGS_VERSION(1), &details), "get_details");
	printf("rate %u/%u, generation %u\n", details.reference_to_synthetic.rate.synthetic_ticks,
	       details.reference_to_synthetic.rate.reference_ticks, details.generation_counter);
	check(zx_clock_read(clock, &later), "zx_clock_read");
	zx_handle_close(reader);
	zx_handle_close(clock);
	return later >= BACKSTOP + ZX_HOUR(1) && details.generation_counter == 2 ? 0 : 1;
}
