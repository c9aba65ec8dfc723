// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: zx_counter_create, _add, _read, _write as current Zircon has
 * them: type 34, rights 0xD00F, the value starting at 0, exactly one of
 * ZX_COUNTER_POSITIVE and ZX_COUNTER_NON_POSITIVE set, add needing
 * READ|WRITE and leaving the value alone on overflow (OUT_OF_RANGE), read
 * needing READ and failing a bad pointer with INVALID_ARGS, write needing
 * WRITE; every subset of the default rights; waits and port packets on the
 * signals; and adds from many threads at once.
 */
#define ZXT_FIXTURE counter
#include "zx_selftest.h"

#define POS ZX_COUNTER_POSITIVE
#define NONPOS ZX_COUNTER_NON_POSITIVE

static zx_handle_t counter(struct __test_metadata *_metadata)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_counter_create(0, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

static int64_t value_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	int64_t v = 0x5a5a5a5a;

	ASSERT_EQ(ZX_OK, zx_counter_read(h, &v));
	return v;
}

TEST_ZX(create_defaults)
{
	zx_handle_t c = counter(_metadata);
	zx_info_handle_basic_t info = zxt_info(_metadata, c);

	EXPECT_EQ(3u, c & 3u);
	EXPECT_EQ(34u, info.type);
	EXPECT_EQ(ZX_OBJ_TYPE_COUNTER, info.type);
	EXPECT_EQ(0xD00Fu, info.rights);
	EXPECT_EQ(ZX_DEFAULT_COUNTER_RIGHTS, info.rights);
	EXPECT_EQ(0u, info.related_koid);
	EXPECT_EQ(0x10u, POS);
	EXPECT_EQ(0x20u, NONPOS);
	EXPECT_EQ(0, value_of(_metadata, c));
	EXPECT_EQ(NONPOS, zxt_signals(_metadata, c));
	zxt_close(_metadata, c);
}

TEST_ZX(create_bad_args)
{
	static const uint32_t bad[] = { 1, 2, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		zx_handle_t h = 0x1234;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_counter_create(bad[i], &h));
		EXPECT_EQ(0x1234u, h);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_counter_create(bad[i], NULL));
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_counter_create(0, NULL));
}

TEST_ZX(signals_follow_the_value)
{
	static const struct { int op; int64_t arg, value; } steps[] = {
		{ 0, 1, 1 }, { 0, -1, 0 }, { 0, -5, -5 }, { 1, 7, 7 }, { 0, -7, 0 },
		{ 1, INT64_MAX, INT64_MAX }, { 1, INT64_MIN, INT64_MIN }, { 0, INT64_MAX, -1 },
		{ 0, 2, 1 }, { 1, 0, 0 }, { 0, 0, 0 },
	};
	zx_handle_t c = counter(_metadata);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		zx_status_t s = steps[i].op ? zx_counter_write(c, steps[i].arg) :
					      zx_counter_add(c, steps[i].arg);

		ASSERT_EQ(ZX_OK, s);
		EXPECT_EQ(steps[i].value, value_of(_metadata, c)) TH_LOG("step %u", i);
		EXPECT_EQ(steps[i].value > 0 ? POS : NONPOS, zxt_signals(_metadata, c))
			TH_LOG("step %u", i);
	}
	zxt_close(_metadata, c);
}

TEST_ZX(add_overflow_leaves_value)
{
	zx_handle_t c = counter(_metadata);

	ASSERT_EQ(ZX_OK, zx_counter_write(c, INT64_MAX));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_counter_add(c, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_counter_add(c, INT64_MAX));
	EXPECT_EQ(INT64_MAX, value_of(_metadata, c));
	EXPECT_EQ(POS, zxt_signals(_metadata, c));
	EXPECT_EQ(ZX_OK, zx_counter_add(c, 0));
	ASSERT_EQ(ZX_OK, zx_counter_write(c, INT64_MIN));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_counter_add(c, -1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_counter_add(c, INT64_MIN));
	EXPECT_EQ(INT64_MIN, value_of(_metadata, c));
	EXPECT_EQ(NONPOS, zxt_signals(_metadata, c));
	EXPECT_EQ(ZX_OK, zx_counter_add(c, INT64_MAX));
	EXPECT_EQ(-1, value_of(_metadata, c));
	zxt_close(_metadata, c);
}

TEST_ZX(read_bad_pointer)
{
	zx_handle_t c = counter(_metadata);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_counter_read(c, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_counter_read(c, (int64_t *)8));
	/* the handle comes first */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_counter_read(ZX_HANDLE_INVALID, NULL));
	zxt_close(_metadata, c);
}

TEST_ZX(bad_handles_and_types)
{
	zx_handle_t c = counter(_metadata), e = zxt_event(_metadata), stale = c;
	int64_t v = 3;

	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_counter_add(e, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_counter_read(e, &v));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_counter_write(e, 1));
	zxt_close(_metadata, c);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_counter_add(stale, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_counter_read(stale, &v));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_counter_write(stale, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_counter_add(ZX_HANDLE_INVALID, 1));
	EXPECT_EQ(3, v);
	zxt_close(_metadata, e);
}

/* The value's two signals are the kernel's: only user signals are settable. */
TEST_ZX(object_signal_user_only)
{
	zx_handle_t c = counter(_metadata);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(c, 0, POS));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(c, NONPOS, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(c, 0, ZX_COUNTER_SIGNALED));
	EXPECT_EQ(ZX_OK, zx_object_signal(c, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(NONPOS | ZX_USER_SIGNAL_0, zxt_signals(_metadata, c));
	/* no peer, and no SIGNAL_PEER right to reach one */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(c, 0, ZX_USER_SIGNAL_0));
	zxt_close(_metadata, c);
}

TEST_ZX(rights_matrix)
{
	static const zx_rights_t bits[] = {
		ZX_RIGHT_READ, ZX_RIGHT_WRITE, ZX_RIGHT_WAIT, ZX_RIGHT_SIGNAL, ZX_RIGHT_DUPLICATE,
	};
	zx_handle_t c = counter(_metadata);
	unsigned int mask, i;

	for (mask = 0; mask < (1u << ARRAY_SIZE(bits)); mask++) {
		zx_rights_t r = ZX_RIGHT_TRANSFER;
		zx_handle_t d;
		int64_t v = 42;

		for (i = 0; i < ARRAY_SIZE(bits); i++)
			if (mask & (1u << i))
				r |= bits[i];
		d = zxt_dup(_metadata, c, r);
		ASSERT_EQ(ZX_OK, zx_counter_write(c, 5));
		EXPECT_EQ((r & ZX_RIGHTS_IO) == ZX_RIGHTS_IO ? ZX_OK : ZX_ERR_ACCESS_DENIED,
			  zx_counter_add(d, 1)) TH_LOG("rights 0x%x", r);
		EXPECT_EQ((r & ZX_RIGHTS_IO) == ZX_RIGHTS_IO ? 6 : 5, value_of(_metadata, c));
		EXPECT_EQ((r & ZX_RIGHT_READ) ? ZX_OK : ZX_ERR_ACCESS_DENIED,
			  zx_counter_read(d, &v)) TH_LOG("rights 0x%x", r);
		EXPECT_EQ((r & ZX_RIGHT_READ) ? value_of(_metadata, c) : 42, v);
		EXPECT_EQ((r & ZX_RIGHT_WRITE) ? ZX_OK : ZX_ERR_ACCESS_DENIED,
			  zx_counter_write(d, -3)) TH_LOG("rights 0x%x", r);
		EXPECT_EQ((r & ZX_RIGHT_WAIT) ? ZX_ERR_TIMED_OUT : ZX_ERR_ACCESS_DENIED,
			  zx_object_wait_one(d, ZX_USER_SIGNAL_7, 0, NULL));
		EXPECT_EQ((r & ZX_RIGHT_SIGNAL) ? ZX_OK : ZX_ERR_ACCESS_DENIED,
			  zx_object_signal(d, ZX_USER_SIGNAL_1, 0));
		zxt_close(_metadata, d);
	}
	zxt_close(_metadata, c);
}

/* Raw ABI: nonzero padding is refused before anything is looked at. */
TEST_ZX(abi_padding)
{
	int fd = zx_linux_device_fd();
	zx_handle_t c = counter(_metadata);
	struct zircon_counter_update u = { .handle = c, .pad = 1, .value = 1 };
	struct zircon_counter_read rd = { .handle = c, .pad = 1 };
	int64_t v = 0;

	ASSERT_GE(fd, 0);
	rd.value = (uintptr_t)&v;
	EXPECT_EQ(-1, ioctl(fd, ZIRCON_IOC_COUNTER_ADD, &u));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(fd, ZIRCON_IOC_COUNTER_WRITE, &u));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(fd, ZIRCON_IOC_COUNTER_READ, &rd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, value_of(_metadata, c));
	zxt_close(_metadata, c);
}

/* A waiter on POSITIVE and an async wait on NON_POSITIVE see the crossings. */
TEST_ZX(wait_and_port)
{
	zx_handle_t c = counter(_metadata), p = zxt_port(_metadata);
	zx_port_packet_t pkt;
	zx_signals_t obs = 0;

	ASSERT_EQ(ZX_OK, zx_object_wait_async(c, p, 7, POS, 0));
	ASSERT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, &pkt));
	ASSERT_EQ(ZX_OK, zx_counter_add(c, 2));
	ASSERT_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	EXPECT_EQ(7u, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
	EXPECT_EQ(POS, pkt.signal.observed);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(c, p, 8, NONPOS, 0));
	ASSERT_EQ(ZX_OK, zx_counter_add(c, -1));
	ASSERT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, &pkt));
	ASSERT_EQ(ZX_OK, zx_counter_add(c, -1));
	ASSERT_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	EXPECT_EQ(8u, pkt.key);
	EXPECT_EQ(NONPOS, pkt.signal.observed);
	EXPECT_EQ(ZX_OK, zx_object_wait_one(c, NONPOS, 0, &obs));
	EXPECT_EQ(NONPOS, obs);
	zxt_close(_metadata, p);
	zxt_close(_metadata, c);
}

/* Producers add, consumers take one each: nothing is lost or invented. */
struct race {
	zx_handle_t c;
	int n;
	int64_t delta;
};

static void *adder(void *arg)
{
	struct race *r = arg;
	int i;

	for (i = 0; i < r->n; i++)
		if (zx_counter_add(r->c, r->delta) != ZX_OK)
			return (void *)1;
	return NULL;
}

TEST_ZX(concurrent_adds)
{
	enum { THREADS = 8, ROUNDS = 20000 };
	zx_handle_t c = counter(_metadata);
	struct race r[THREADS];
	pthread_t t[THREADS];
	void *ret;
	int i;

	for (i = 0; i < THREADS; i++) {
		r[i] = (struct race){ .c = c, .n = ROUNDS, .delta = (i & 1) ? -3 : 5 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, adder, &r[i]));
	}
	for (i = 0; i < THREADS; i++) {
		ASSERT_EQ(0, pthread_join(t[i], &ret));
		EXPECT_EQ(NULL, ret);
	}
	EXPECT_EQ((int64_t)THREADS / 2 * ROUNDS * 2, value_of(_metadata, c));
	EXPECT_EQ(POS, zxt_signals(_metadata, c));
	zxt_close(_metadata, c);
}

/* Close against add and wait on another thread: no use after free. */
static void *closer(void *arg)
{
	struct race *r = arg;

	zx_handle_close(r->c);
	return NULL;
}

TEST_ZX(close_races_add)
{
	struct zxt_loop l;

	zxt_loop_init(&l, 200, 5000);
	while (zxt_loop_next(&l)) {
		zx_handle_t c = counter(_metadata);
		struct race r = { .c = c };
		pthread_t t;
		zx_status_t s;

		ASSERT_EQ(0, pthread_create(&t, NULL, closer, &r));
		s = zx_counter_add(c, 1);
		EXPECT_TRUE(s == ZX_OK || s == ZX_ERR_BAD_HANDLE);
		s = zx_object_wait_one(c, POS, zx_deadline_after(ZXT_SEC(10)), NULL);
		EXPECT_TRUE(s == ZX_OK || s == ZX_ERR_BAD_HANDLE || s == ZX_ERR_CANCELED);
		ASSERT_EQ(0, pthread_join(t, NULL));
	}
}

TEST_HARNESS_MAIN
