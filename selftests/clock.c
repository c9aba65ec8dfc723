// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel clocks: zx_clock_create (versions, options, backstop),
 * zx_clock_read (agrees with zx_clock_get_monotonic for an auto-started
 * clock), zx_clock_get_details (layout, checks before the handle),
 * zx_clock_update (v1 and v2, Zircon's order of checks), ZX_CLOCK_STARTED
 * (sticky) and ZX_CLOCK_UPDATED (a strobe); rights; readers racing updates.
 */
#define ZXT_FIXTURE clock
#include "zx_selftest.h"

#include <stdatomic.h>

#include <zircon/syscalls/clock.h>

#define V1 ZX_CLOCK_ARGS_VERSION(1)
#define V2 ZX_CLOCK_ARGS_VERSION(2)
#define SET ZX_CLOCK_UPDATE_OPTION_VALUE_VALID
#define RATE ZX_CLOCK_UPDATE_OPTION_RATE_ADJUST_VALID
#define ERR ZX_CLOCK_UPDATE_OPTION_ERROR_BOUND_VALID
#define REF ZX_CLOCK_UPDATE_OPTION_REFERENCE_VALUE_VALID

static zx_handle_t clock_new(struct __test_metadata *_metadata, uint64_t options,
			     zx_time_t backstop)
{
	zx_clock_create_args_v1_t args = { .backstop_time = backstop };
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_clock_create(options | V1, &args, &h));
	return h;
}

static zx_time_t clock_now(struct __test_metadata *_metadata, zx_handle_t h)
{
	zx_time_t t = -1;

	ASSERT_EQ(ZX_OK, zx_clock_read(h, &t));
	return t;
}

static zx_status_t set_v1(zx_handle_t h, uint64_t flags, int64_t value, int32_t rate)
{
	zx_clock_update_args_v1_t a = { .rate_adjust = rate, .value = value, .error_bound = 77 };

	return zx_clock_update(h, V1 | flags, &a);
}

static zx_status_t set_v2(zx_handle_t h, uint64_t flags, int64_t value, int64_t ref,
			  int32_t rate)
{
	zx_clock_update_args_v2_t a = {
		.rate_adjust = rate, .synthetic_value = value, .reference_value = ref,
	};

	return zx_clock_update(h, V2 | flags, &a);
}

TEST_ZX(values_and_layouts)
{
	EXPECT_EQ(0x0400000000000000ull, ZX_CLOCK_ARGS_VERSION(1));
	EXPECT_EQ(0xFC00000000000000ull, ZX_CLOCK_ARGS_VERSION_MASK);
	EXPECT_EQ(1u, ZX_CLOCK_OPT_MONOTONIC);
	EXPECT_EQ(2u, ZX_CLOCK_OPT_CONTINUOUS);
	EXPECT_EQ(4u, ZX_CLOCK_OPT_AUTO_START);
	EXPECT_EQ(8u, ZX_CLOCK_OPT_BOOT);
	EXPECT_EQ(0x10u, ZX_CLOCK_STARTED);
	EXPECT_EQ(0x20u, ZX_CLOCK_UPDATED);
	EXPECT_EQ(112u, sizeof(zx_clock_details_v1_t));
	EXPECT_EQ(24u, sizeof(zx_clock_update_args_v1_t));
	EXPECT_EQ(32u, sizeof(zx_clock_update_args_v2_t));
}

TEST_ZX(create_defaults)
{
	zx_handle_t c = clock_new(_metadata, 0, 12345);
	zx_info_handle_basic_t info = zxt_info(_metadata, c);

	EXPECT_EQ(ZX_OBJ_TYPE_CLOCK, info.type);
	EXPECT_EQ(30u, info.type);
	EXPECT_EQ(0xD00Fu, info.rights);
	/* stopped: reads the backstop, STARTED clear */
	EXPECT_EQ(12345, clock_now(_metadata, c));
	EXPECT_EQ(0u, zxt_signals(_metadata, c));
	zxt_close(_metadata, c);

	/* version 0, no arguments: backstop 0 */
	ASSERT_EQ(ZX_OK, zx_clock_create(0, NULL, &c));
	EXPECT_EQ(0, clock_now(_metadata, c));
	zxt_close(_metadata, c);
}

TEST_ZX(create_errors_in_order)
{
	zx_clock_create_args_v1_t args = { .backstop_time = 0 };
	zx_handle_t h = 0x1234;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(0, &args, &h));	/* v0 with args */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(V2, &args, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(ZX_CLOCK_ARGS_VERSION(63), &args, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(V1, NULL, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(V1, (void *)8, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(V1 | 0x20, &args, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(1ull << 40, NULL, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(V1 | ZX_CLOCK_OPT_CONTINUOUS, &args, &h));
	args.backstop_time = -1;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(V1, &args, &h));
	args.backstop_time = zx_clock_get_monotonic() + ZXT_SEC(3600);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_clock_create(V1 | ZX_CLOCK_OPT_AUTO_START, &args, &h));
	EXPECT_EQ(0x1234u, h);
	/* a future backstop is fine for a clock that is not started */
	ASSERT_EQ(ZX_OK, zx_clock_create(V1, &args, &h));
	EXPECT_EQ(args.backstop_time, clock_now(_metadata, h));
	zxt_close(_metadata, h);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_create(0, NULL, NULL));
}

/* An auto-started clock is the monotonic clock, seen from this process. */
TEST_ZX(auto_start_follows_monotonic)
{
	zx_handle_t c = clock_new(_metadata, ZX_CLOCK_OPT_AUTO_START | ZX_CLOCK_OPT_MONOTONIC |
				  ZX_CLOCK_OPT_CONTINUOUS, 0);
	zx_time_t before, t, after;

	EXPECT_EQ(ZX_CLOCK_STARTED, zxt_signals(_metadata, c));
	for (int i = 0; i < 100; i++) {
		before = zx_clock_get_monotonic();
		t = clock_now(_metadata, c);
		after = zx_clock_get_monotonic();
		EXPECT_LE(before, t);
		EXPECT_GE(after, t);
	}
	zxt_close(_metadata, c);
}

TEST_ZX(boot_clock)
{
	zx_handle_t c = clock_new(_metadata, ZX_CLOCK_OPT_AUTO_START | ZX_CLOCK_OPT_BOOT, 0);
	struct timespec ts;
	zx_time_t before, t;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	before = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	t = clock_now(_metadata, c);
	clock_gettime(CLOCK_BOOTTIME, &ts);
	EXPECT_LE(before, t);
	EXPECT_GE(ts.tv_sec * 1000000000LL + ts.tv_nsec, t);
	zxt_close(_metadata, c);
}

TEST_ZX(read_and_details_errors)
{
	zx_handle_t c = clock_new(_metadata, 0, 5), e = zxt_event(_metadata), ro;
	zx_clock_details_v1_t d;
	zx_time_t t;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_read(c, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_clock_read(e, &t));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_clock_read(ZX_HANDLE_INVALID, &t));
	/* options and pointer before the handle */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_get_details(ZX_HANDLE_INVALID, V2, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_get_details(ZX_HANDLE_INVALID, 0, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_get_details(ZX_HANDLE_INVALID, V1 | 1, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_get_details(ZX_HANDLE_INVALID, V1, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_clock_get_details(ZX_HANDLE_INVALID, V1, &d));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_clock_get_details(e, V1, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_get_details(c, V1, (void *)8));
	ro = zxt_dup(_metadata, c, ZX_RIGHT_WAIT);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_clock_read(ro, &t));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_clock_get_details(ro, V1, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, set_v1(ro, SET, 10, 0));
	zxt_close(_metadata, ro);
	ro = zxt_dup(_metadata, c, ZX_RIGHT_READ);
	EXPECT_EQ(ZX_OK, zx_clock_read(ro, &t));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, set_v1(ro, SET, 10, 0));
	zxt_close(_metadata, ro);
	zxt_close(_metadata, c);
	zxt_close(_metadata, e);
}

TEST_ZX(details_of_a_stopped_and_started_clock)
{
	zx_handle_t c = clock_new(_metadata, ZX_CLOCK_OPT_MONOTONIC, 1000);
	zx_clock_details_v1_t d;
	zx_time_t before;

	memset(&d, 0xa5, sizeof(d));
	ASSERT_EQ(ZX_OK, zx_clock_get_details(c, V1, &d));
	EXPECT_EQ(ZX_CLOCK_OPT_MONOTONIC, d.options);
	EXPECT_EQ(1000, d.backstop_time);
	EXPECT_EQ(0u, d.reference_to_synthetic.rate.synthetic_ticks);
	EXPECT_EQ(1u, d.reference_to_synthetic.rate.reference_ticks);
	EXPECT_EQ(1000, d.reference_to_synthetic.synthetic_offset);
	EXPECT_EQ(ZX_CLOCK_UNKNOWN_ERROR, d.error_bound);
	EXPECT_EQ(0u, d.generation_counter);
	EXPECT_EQ(0, d.last_value_update_ticks);

	before = zx_clock_get_monotonic();
	ASSERT_EQ(ZX_OK, set_v1(c, SET | ERR, 5000000, 0));
	ASSERT_EQ(ZX_OK, zx_clock_get_details(c, V1, &d));
	EXPECT_EQ(1u, d.generation_counter);
	EXPECT_EQ(77u, d.error_bound);
	EXPECT_EQ(d.reference_to_synthetic.rate.synthetic_ticks,
		  d.reference_to_synthetic.rate.reference_ticks);
	EXPECT_EQ(5000000, d.reference_to_synthetic.synthetic_offset);
	EXPECT_LE(before, d.reference_to_synthetic.reference_offset);
	EXPECT_LE(d.reference_to_synthetic.reference_offset, d.query_ticks);
	EXPECT_EQ(0, memcmp(&d.reference_to_synthetic, &d.reference_ticks_to_synthetic,
			    sizeof(zx_clock_transformation_t)));
	EXPECT_LE(before, d.last_value_update_ticks);
	EXPECT_LE(before, d.last_error_bounds_update_ticks);
	EXPECT_EQ(ZX_CLOCK_STARTED, zxt_signals(_metadata, c));
	EXPECT_LE(5000000, clock_now(_metadata, c));
	zxt_close(_metadata, c);
}

TEST_ZX(update_errors_in_order)
{
	zx_handle_t c = clock_new(_metadata, ZX_CLOCK_OPT_MONOTONIC | ZX_CLOCK_OPT_CONTINUOUS, 0);
	zx_clock_update_args_v1_t a1 = { 0 };
	zx_handle_t e = zxt_event(_metadata);

	/* before the handle */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_update(ZX_HANDLE_INVALID, V1 | SET, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_update(ZX_HANDLE_INVALID, SET, &a1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_clock_update(ZX_HANDLE_INVALID, ZX_CLOCK_ARGS_VERSION(3) | SET, &a1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_update(ZX_HANDLE_INVALID, V1 | SET, (void *)8));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_update(ZX_HANDLE_INVALID, V1, &a1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_clock_update(ZX_HANDLE_INVALID, V1 | 0x10, &a1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v1(ZX_HANDLE_INVALID, RATE, 0, 1001));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v1(ZX_HANDLE_INVALID, RATE, 0, -1001));
	/* then the handle */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, set_v1(ZX_HANDLE_INVALID, RATE, 0, 1000));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, set_v1(e, SET, 1, 0));
	/* then the arguments against each other and the clock */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v1(c, SET | REF, 1, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v2(c, REF | ERR, 1, 1, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, set_v1(c, RATE, 0, 10));
	EXPECT_EQ(ZX_ERR_BAD_STATE, set_v1(c, ERR, 0, 0));
	ASSERT_EQ(ZX_OK, set_v1(c, SET, ZXT_SEC(100), 0));
	EXPECT_EQ(ZX_CLOCK_STARTED, zxt_signals(_metadata, c));
	/* continuous: no more sets */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v1(c, SET, ZXT_SEC(200), 0));
	EXPECT_EQ(ZX_OK, set_v1(c, RATE, 0, -1000));
	EXPECT_EQ(ZX_OK, set_v1(c, ERR, 0, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v2(c, SET | REF, ZXT_SEC(300), 0, 0));
	zxt_close(_metadata, c);
	zxt_close(_metadata, e);
}

TEST_ZX(monotonic_never_goes_back)
{
	zx_handle_t c = clock_new(_metadata, ZX_CLOCK_OPT_MONOTONIC, 0);
	zx_time_t now;

	ASSERT_EQ(ZX_OK, set_v1(c, SET, ZXT_SEC(1000), 0));
	now = clock_now(_metadata, c);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v1(c, SET, now - ZXT_SEC(10), 0));
	EXPECT_EQ(ZX_OK, set_v1(c, SET, now + ZXT_SEC(10), 0));
	EXPECT_LE(now + ZXT_SEC(10), clock_now(_metadata, c));
	/* v2 on a started monotonic clock: a set needs a reference, and no rate */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v2(c, SET, now + ZXT_SEC(20), 0, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  set_v2(c, SET | REF | RATE, now + ZXT_SEC(20), zx_clock_get_monotonic(), 5));
	EXPECT_EQ(ZX_OK, set_v2(c, SET | REF, now + ZXT_SEC(30), zx_clock_get_monotonic(), 0));
	EXPECT_LE(now + ZXT_SEC(30), clock_now(_metadata, c));
	zxt_close(_metadata, c);
}

TEST_ZX(backstop_is_a_floor)
{
	zx_handle_t c = clock_new(_metadata, 0, ZXT_SEC(50));

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v1(c, SET, ZXT_SEC(49), 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, c));
	EXPECT_EQ(ZX_OK, set_v1(c, SET, ZXT_SEC(51), 0));
	/* not monotonic: back, but not below the backstop */
	EXPECT_EQ(ZX_OK, set_v1(c, SET, ZXT_SEC(50) + 1, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, set_v1(c, SET, ZXT_SEC(1), 0));
	zxt_close(_metadata, c);
}

TEST_ZX(v2_reference_value_sets_the_line)
{
	zx_handle_t c = clock_new(_metadata, 0, 0);
	zx_clock_details_v1_t d;
	zx_time_t ref = zx_clock_get_monotonic() - ZXT_SEC(1);

	ASSERT_EQ(ZX_OK, set_v2(c, SET | REF, ZXT_SEC(500), ref, 0));
	ASSERT_EQ(ZX_OK, zx_clock_get_details(c, V1, &d));
	EXPECT_EQ(ref, d.reference_to_synthetic.reference_offset);
	EXPECT_EQ(ZXT_SEC(500), d.reference_to_synthetic.synthetic_offset);
	EXPECT_LE(ZXT_SEC(501), clock_now(_metadata, c));
	zxt_close(_metadata, c);
}

/* A rate change keeps the clock continuous and changes its speed. */
TEST_ZX(rate_adjust)
{
	zx_handle_t c = clock_new(_metadata, ZX_CLOCK_OPT_MONOTONIC | ZX_CLOCK_OPT_CONTINUOUS, 0);
	zx_clock_details_v1_t d;
	zx_time_t t0, t1;

	ASSERT_EQ(ZX_OK, set_v1(c, SET | RATE, ZXT_SEC(10), 1000));
	ASSERT_EQ(ZX_OK, zx_clock_get_details(c, V1, &d));
	EXPECT_EQ(1001000u, d.reference_to_synthetic.rate.synthetic_ticks);
	EXPECT_EQ(1000000u, d.reference_to_synthetic.rate.reference_ticks);
	t0 = clock_now(_metadata, c);
	ASSERT_EQ(ZX_OK, set_v1(c, RATE, 0, -1000));
	t1 = clock_now(_metadata, c);
	EXPECT_LE(t0, t1);
	ASSERT_EQ(ZX_OK, zx_clock_get_details(c, V1, &d));
	EXPECT_EQ(999000u, d.reference_to_synthetic.rate.synthetic_ticks);
	EXPECT_EQ(2u, d.generation_counter);
	zxt_close(_metadata, c);
}

/* UPDATED wakes a waiter already there and is never left asserted. */
struct upd_waiter {
	zx_handle_t c;
	_Atomic pid_t tid;
	zx_status_t status;
	zx_signals_t observed;
};

static void *upd_wait(void *arg)
{
	struct upd_waiter *w = arg;

	atomic_store(&w->tid, zxt_gettid());

	w->status = zx_object_wait_one(w->c, ZX_CLOCK_UPDATED, ZX_TIME_INFINITE, &w->observed);
	return NULL;
}

TEST_ZX(updated_is_a_strobe)
{
	zx_handle_t c = clock_new(_metadata, 0, 0), p = zxt_port(_metadata);
	struct upd_waiter w = { .c = c };
	zx_port_packet_t pkt;
	pthread_t t;

	ASSERT_EQ(ZX_OK, zx_object_wait_async(c, p, 9, ZX_CLOCK_UPDATED, 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, upd_wait, &w));
	/* until the thread sleeps in the wait */
	while (!atomic_load(&w.tid))
		sched_yield();
	zxt_wait_blocked(atomic_load(&w.tid), ZIRCON_IOC_OBJECT_WAIT_ONE);
	ASSERT_EQ(ZX_OK, set_v1(c, SET, ZXT_SEC(1), 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_TRUE(w.observed & ZX_CLOCK_UPDATED);
	ASSERT_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	EXPECT_EQ(9u, pkt.key);
	EXPECT_TRUE(pkt.signal.observed & ZX_CLOCK_UPDATED);
	/* not left set; STARTED is */
	EXPECT_EQ(ZX_CLOCK_STARTED, zxt_signals(_metadata, c));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(c, 0, ZX_CLOCK_STARTED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(c, 0, ZX_CLOCK_UPDATED));
	zxt_close(_metadata, p);
	zxt_close(_metadata, c);
}

/* Readers never see a torn transformation while another thread updates. */
struct racer {
	zx_handle_t c;
	atomic_bool stop;
	unsigned long updates;
};

static void *updater(void *arg)
{
	struct racer *r = arg;
	int32_t rate = 0;

	while (!atomic_load(&r->stop)) {
		rate = rate == 1000 ? -1000 : 1000;
		if (set_v1(r->c, RATE, 0, rate) != ZX_OK)
			return (void *)1;
		r->updates++;
	}
	return NULL;
}

TEST_ZX(readers_race_updates)
{
	struct racer r = { .c = clock_new(_metadata, ZX_CLOCK_OPT_MONOTONIC |
					  ZX_CLOCK_OPT_AUTO_START, 0) };
	struct zxt_loop l;
	zx_time_t last = 0, t;
	pthread_t th;
	void *ret;

	ASSERT_EQ(0, pthread_create(&th, NULL, updater, &r));
	zxt_loop_init(&l, 2000, 200000);
	while (zxt_loop_next(&l)) {
		t = clock_now(_metadata, r.c);
		ASSERT_LE(last, t);	/* monotonic through every rate change */
		last = t;
	}
	atomic_store(&r.stop, true);
	ASSERT_EQ(0, pthread_join(th, &ret));
	EXPECT_EQ(NULL, ret);
	TH_LOG("%lu reads, %lu updates", l.done, r.updates);
	zxt_close(_metadata, r.c);
}

TEST_HARNESS_MAIN
