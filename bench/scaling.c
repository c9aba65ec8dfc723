// SPDX-License-Identifier: GPL-2.0
/*
 * Scaling curves: how a cost grows with the number of items waited on,
 * live handles, waiters, registrations or threads. One row per point,
 * kind "curve", param = x. The threaded curves live in scaling_threads.c.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#include "bench.h"

/* scaling_threads.c */
void scaling_wake_waiters(void);
void scaling_throughput(void);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Fill @r from @n per-op samples the caller timed itself (only part of
 * each round is timed). Sorts @v.
 */
void scaling_result(double *v, unsigned int n, uint64_t iters,
		    struct bench_result *r)
{
	bench_summarize(v, n, r);
	r->iters = iters;
}

/* Samples per timed-by-hand point, within the harness's array bound. */
unsigned int scaling_samples(void)
{
	return bench_opts.samples < 64 ? bench_opts.samples : 64;
}

/*
 * wait_many / poll_eventfds: only the last of x items is ready.
 *
 * Every bench_measure() below follows a short untimed run of its body:
 * under TCG the first run of a new code path is translated, and when it
 * is the calibration run it makes the harness settle on n = 1.
 */

struct wait_many_state {
	zx_wait_item_t items[ZX_WAIT_MANY_MAX_ITEMS];
	size_t count;
};

static void wait_many_body(void *arg, uint64_t n)
{
	struct wait_many_state *st = arg;
	zx_status_t s;

	while (n--) {
		s = zx_object_wait_many(st->items, st->count,
					ZX_TIME_INFINITE);
		bench_check(s == ZX_OK, "zx_object_wait_many: %d", s);
	}
	bench_check(st->items[st->count - 1].pending & ZX_EVENT_SIGNALED,
		    "last item not pending");
}

struct poll_state {
	struct pollfd fds[ZX_WAIT_MANY_MAX_ITEMS];
	nfds_t count;
};

static void poll_body(void *arg, uint64_t n)
{
	struct poll_state *st = arg;
	int ret;

	while (n--) {
		ret = poll(st->fds, st->count, -1);
		bench_check(ret == 1, "poll: %d", ret);
	}
	bench_check(st->fds[st->count - 1].revents & POLLIN,
		    "last eventfd not readable");
}

static const unsigned int wait_many_x[] = { 1, 2, 4, 8, 16, 32, 64 };

static void curve_wait_many(void)
{
	struct wait_many_state st;
	zx_handle_t ev[ZX_WAIT_MANY_MAX_ITEMS];
	struct bench_result r;
	zx_status_t s;
	size_t i, k;

	if (!bench_wanted("wait_many"))
		return;
	for (i = 0; i < ARRAY_SIZE(ev); i++) {
		s = zx_event_create(0, &ev[i]);
		bench_check(s == ZX_OK, "zx_event_create: %d", s);
		st.items[i] = (zx_wait_item_t){ ev[i], ZX_EVENT_SIGNALED, 0 };
	}
	for (k = 0; k < ARRAY_SIZE(wait_many_x); k++) {
		st.count = wait_many_x[k];
		s = zx_object_signal(ev[st.count - 1], 0, ZX_EVENT_SIGNALED);
		bench_check(s == ZX_OK, "zx_object_signal: %d", s);
		wait_many_body(&st, 16);
		bench_measure(wait_many_body, &st, &r);
		bench_report("curve", "zircon", "wait_many", st.count, "ns/op",
			     &r);
		s = zx_object_signal(ev[st.count - 1], ZX_EVENT_SIGNALED, 0);
		bench_check(s == ZX_OK, "zx_object_signal: %d", s);
	}
	s = zx_handle_close_many(ev, ARRAY_SIZE(ev));
	bench_check(s == ZX_OK, "zx_handle_close_many: %d", s);
}

static void curve_poll_eventfds(void)
{
	struct poll_state st;
	struct bench_result r;
	uint64_t one = 1, val;
	size_t i, k;

	if (!bench_wanted("poll_eventfds"))
		return;
	for (i = 0; i < ARRAY_SIZE(st.fds); i++) {
		st.fds[i].fd = eventfd(0, EFD_CLOEXEC);
		bench_check(st.fds[i].fd >= 0, "eventfd");
		st.fds[i].events = POLLIN;
	}
	for (k = 0; k < ARRAY_SIZE(wait_many_x); k++) {
		int last;

		st.count = wait_many_x[k];
		last = st.fds[st.count - 1].fd;
		bench_check(write(last, &one, 8) == 8, "eventfd write");
		poll_body(&st, 16);
		bench_measure(poll_body, &st, &r);
		bench_report("curve", "linux", "poll_eventfds", st.count,
			     "ns/op", &r);
		bench_check(read(last, &val, 8) == 8, "eventfd read");
	}
	for (i = 0; i < ARRAY_SIZE(st.fds); i++)
		close(st.fds[i].fd);
}

/*
 * handle_lookup_{hot,random}: one zx_object_signal through a handle of a
 * table holding x handles (duplicates of one event, the cheapest handle),
 * always the same handle or the next of a shuffled list of all x.
 */

struct lookup_state {
	const zx_handle_t *order;	/* handles in the order used */
	size_t count, next;
	bool on;
};

static void lookup_body(void *arg, uint64_t n)
{
	struct lookup_state *st = arg;
	zx_status_t s;

	while (n--) {
		zx_handle_t h = st->order[st->next];

		if (++st->next == st->count)
			st->next = 0;
		/* Toggle, so that every call changes the state. */
		st->on = !st->on;
		s = zx_object_signal(h, st->on ? 0 : ZX_EVENT_SIGNALED,
				     st->on ? ZX_EVENT_SIGNALED : 0);
		bench_check(s == ZX_OK, "zx_object_signal: %d", s);
	}
}

/* xorshift64: a fixed seed, so every run shuffles the same way. */
static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void shuffle(zx_handle_t *h, size_t n)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t i, j;

	for (i = n; i > 1; i--) {
		zx_handle_t t;

		j = xorshift(&seed) % i;
		t = h[i - 1];
		h[i - 1] = h[j];
		h[j] = t;
	}
}

static void lookup_point(const zx_handle_t *handles, zx_handle_t *shuffled,
			 size_t x)
{
	struct lookup_state st = { .order = handles, .count = 1 };
	struct bench_result r;

	if (bench_wanted("handle_lookup_hot")) {
		lookup_body(&st, 16);
		bench_measure(lookup_body, &st, &r);
		bench_report("curve", "zircon", "handle_lookup_hot", x,
			     "ns/op", &r);
	}
	if (bench_wanted("handle_lookup_random")) {
		memcpy(shuffled, handles, x * sizeof(*handles));
		shuffle(shuffled, x);
		st = (struct lookup_state){ .order = shuffled, .count = x };
		lookup_body(&st, 16);
		bench_measure(lookup_body, &st, &r);
		bench_report("curve", "zircon", "handle_lookup_random", x,
			     "ns/op", &r);
	}
}

static void curve_handle_lookup(void)
{
	size_t max = bench_opts.quick ? 10000 : 1000000;
	zx_handle_t *handles, *shuffled;
	size_t live = 1, x;
	zx_status_t s;

	if (!bench_wanted("handle_lookup_hot") &&
	    !bench_wanted("handle_lookup_random"))
		return;
	handles = calloc(max, sizeof(*handles));
	shuffled = calloc(max, sizeof(*shuffled));
	bench_check(handles && shuffled, "calloc");
	s = zx_event_create(0, &handles[0]);
	bench_check(s == ZX_OK, "zx_event_create: %d", s);
	for (x = 1; x <= max; x *= 10) {
		/* Grow the table to x handles, keeping the earlier ones. */
		for (; live < x; live++) {
			s = zx_handle_duplicate(handles[0],
						ZX_RIGHT_SAME_RIGHTS,
						&handles[live]);
			bench_check(s == ZX_OK, "zx_handle_duplicate %zu: %d",
				    live, s);
		}
		lookup_point(handles, shuffled, x);
	}
	s = zx_handle_close_many(handles, live);
	bench_check(s == ZX_OK, "zx_handle_close_many: %d", s);
	free(shuffled);
	free(handles);
}

/*
 * wait_async_fanout: x one-shot registrations on one event, all to one
 * port. Timed: the signal that fires them all plus the x zx_port_wait()
 * that dequeue them; registering again is not. ns per registration.
 */

struct fanout {
	zx_handle_t event, port;
	size_t x;
	uint8_t *seen;		/* per key, this round */
};

static void fanout_register(struct fanout *f)
{
	zx_status_t s;
	size_t i;

	for (i = 0; i < f->x; i++) {
		s = zx_object_wait_async(f->event, f->port, i,
					 ZX_EVENT_SIGNALED, 0);
		bench_check(s == ZX_OK, "zx_object_wait_async %zu: %d", i, s);
	}
	memset(f->seen, 0, f->x);
}

static void fanout_fire(struct fanout *f)
{
	zx_port_packet_t pkt;
	zx_status_t s;
	size_t i;

	s = zx_object_signal(f->event, 0, ZX_EVENT_SIGNALED);
	bench_check(s == ZX_OK, "zx_object_signal: %d", s);
	for (i = 0; i < f->x; i++) {
		s = zx_port_wait(f->port, ZX_TIME_INFINITE, &pkt);
		bench_check(s == ZX_OK, "zx_port_wait: %d", s);
		bench_check(pkt.type == ZX_PKT_TYPE_SIGNAL_ONE &&
			    pkt.key < f->x && !f->seen[pkt.key],
			    "packet type %u key %llu", pkt.type,
			    (unsigned long long)pkt.key);
		f->seen[pkt.key] = 1;
	}
}

/* Untimed: nothing left over, and the event back to unsignaled. */
static void fanout_reset(struct fanout *f)
{
	zx_port_packet_t pkt;
	zx_status_t s;

	s = zx_port_wait(f->port, 0, &pkt);
	bench_check(s == ZX_ERR_TIMED_OUT, "extra packet: %d", s);
	s = zx_object_signal(f->event, ZX_EVENT_SIGNALED, 0);
	bench_check(s == ZX_OK, "zx_object_signal: %d", s);
}

static size_t fanout_rounds(const struct fanout *f, size_t ops)
{
	return ops > f->x ? ops / f->x : 1;
}

/* One sample: enough rounds for about @ops registrations fired. */
static double fanout_sample(struct fanout *f, size_t ops)
{
	size_t rounds = fanout_rounds(f, ops), k;
	uint64_t t = 0;

	for (k = 0; k < rounds; k++) {
		uint64_t t0;

		fanout_register(f);
		t0 = bench_now_ns();
		fanout_fire(f);
		t += bench_now_ns() - t0;
		fanout_reset(f);
	}
	return (double)t / ((double)rounds * f->x);
}

static void curve_wait_async_fanout(void)
{
	size_t max = bench_opts.quick ? 1024 : 16384;
	size_t ops = bench_opts.quick ? 1024 : 16384;
	unsigned int i, n = scaling_samples();
	struct fanout f;
	struct bench_result r;
	double v[64];
	zx_status_t s;

	if (!bench_wanted("wait_async_fanout"))
		return;
	f.seen = malloc(max);
	bench_check(f.seen, "malloc");
	s = zx_event_create(0, &f.event);
	bench_check(s == ZX_OK, "zx_event_create: %d", s);
	s = zx_port_create(0, &f.port);
	bench_check(s == ZX_OK, "zx_port_create: %d", s);
	for (f.x = 1; f.x <= max; f.x *= 4) {
		fanout_sample(&f, 1);	/* warm up */
		for (i = 0; i < n; i++)
			v[i] = fanout_sample(&f, ops);
		scaling_result(v, n, fanout_rounds(&f, ops) * f.x, &r);
		bench_report("curve", "zircon", "wait_async_fanout", f.x,
			     "ns/op", &r);
	}
	s = zx_handle_close(f.port);
	bench_check(s == ZX_OK, "zx_handle_close: %d", s);
	s = zx_handle_close(f.event);
	bench_check(s == ZX_OK, "zx_handle_close: %d", s);
	free(f.seen);
}

void bench_scaling(void)
{
	curve_wait_many();
	curve_poll_eventfds();
	curve_handle_lookup();
	scaling_wake_waiters();
	curve_wait_async_fanout();
	scaling_throughput();
}
