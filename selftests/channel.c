// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: zx_channel_create/write/write_etc/read/read_etc/call/call_etc
 * (spec zircon-ipc.md A.2, zircon-core.md 3.4). Every error in Zircon's
 * order, with the rule that a write consumes the handles it was given
 * whatever the outcome; the signals as waits, ports and poll see them;
 * PEER_CLOSED before zx_handle_close() returns; every object type moved
 * through a channel with its koid and rights; objects kept alive by
 * messages and freed with them; garbage cycles collected; the queue
 * bound; zx_channel_call with its txids, deadlines, cancellation and
 * Linux signals; two processes talking; races with the last close; and
 * stress runs that account for every message, byte and handle.
 *
 * Objects that are consumed or freed somewhere out of sight are watched
 * through "markers": one end of an eventpair goes into the message, the
 * test keeps the other, which shows ZX_EVENTPAIR_PEER_CLOSED once the
 * first end's object is gone. Where the module may do that later (the
 * garbage collector), the test waits for it with a 10 s deadline.
 *
 * Knobs: ZX_CHANNEL_STRESS_MSGS (messages of stress_mpmc, default
 * 1000000), ZX_CHANNEL_PINGPONG_ROUNDS (round trips of 64 handles per
 * pair in stress_handle_pingpong, default 4096: 1 Mi handle moves),
 * ZX_CHANNEL_STRESS_SECONDS (a time cap for both, for slow kernels,
 * default 100). The other race tests follow ZXT_STRESS_SECONDS.
 *
 */
#include <poll.h>
#include <sys/mman.h>

#define ZXT_FIXTURE channel
#include "zx_selftest.h"

#define CH_R ZX_CHANNEL_READABLE
#define CH_W ZX_CHANNEL_WRITABLE
#define CH_PC ZX_CHANNEL_PEER_CLOSED
#define EP_PC ZX_EVENTPAIR_PEER_CLOSED

#define MAX_BYTES ZX_CHANNEL_MAX_MSG_BYTES
#define MAX_HANDLES ZX_CHANNEL_MAX_MSG_HANDLES

/* How long anything that "happens eventually" may take (TCG is slow). */
#define EVENTUALLY ZXT_SEC(10)
/* Deadline for waits that must succeed. */
#define LONG_DEADLINE() zx_deadline_after(ZXT_SEC(60))

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void ch_pair(struct __test_metadata *_metadata, zx_handle_t *a, zx_handle_t *b)
{
	*a = *b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_channel_create(0, a, b));
	ASSERT_NE(ZX_HANDLE_INVALID, *a);
	ASSERT_NE(ZX_HANDLE_INVALID, *b);
}

/*
 * A new channel whose first end has only @rights (channels cannot be
 * duplicated, so the end itself is replaced); the other end in *peer.
 */
static zx_handle_t ch_reduced(struct __test_metadata *_metadata, zx_rights_t rights,
			      zx_handle_t *peer)
{
	zx_handle_t a, b, r = ZX_HANDLE_INVALID;

	ch_pair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_handle_replace(a, rights, &r));
	EXPECT_EQ(rights, zxt_rights(_metadata, r));
	*peer = b;
	return r;
}

/* A handle value that was valid once and is closed now. */
static zx_handle_t stale_value(struct __test_metadata *_metadata)
{
	zx_handle_t h = zxt_event(_metadata);

	zxt_close(_metadata, h);
	return h;
}

/*
 * A marker: h goes into messages; peer stays in the table and sees
 * ZX_EVENTPAIR_PEER_CLOSED once h's object is gone.
 */
struct marker {
	zx_handle_t h, peer;
	zx_koid_t koid;
};

static struct marker marker_new(struct __test_metadata *_metadata)
{
	struct marker m;

	zxt_eventpair(_metadata, &m.h, &m.peer);
	m.koid = zxt_koid(_metadata, m.h);
	return m;
}

/* A marker whose h has only @rights. */
static struct marker marker_reduced(struct __test_metadata *_metadata, zx_rights_t rights)
{
	struct marker m = marker_new(_metadata);
	zx_handle_t r = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_handle_replace(m.h, rights, &r));
	m.h = r;
	return m;
}

/* Has the object at the other end of @peer gone, within @ns? */
static bool died_within(zx_handle_t peer, int64_t ns)
{
	zx_signals_t obs = 0;

	return zx_object_wait_one(peer, EP_PC, zx_deadline_after(ns), &obs) == ZX_OK;
}

/* The marker's object is alive right now. */
#define EXPECT_ALIVE(m) \
	EXPECT_EQ(0u, zxt_signals(_metadata, (m).peer) & EP_PC) \
		TH_LOG("marker %llu is dead", (unsigned long long)(m).koid)

/* The marker's object goes away (at once, or within EVENTUALLY). */
#define EXPECT_DEAD(m) \
	EXPECT_TRUE(died_within((m).peer, EVENTUALLY)) \
		TH_LOG("marker %llu never died", (unsigned long long)(m).koid)

/* The marker's handle left the table and its object was destroyed. */
#define EXPECT_CONSUMED(m) do { \
	EXPECT_FALSE(zxt_valid((m).h)) TH_LOG("marker %llu still in the table", \
					       (unsigned long long)(m).koid); \
	EXPECT_DEAD(m); \
} while (0)

#define EXPECT_NOT_CONSUMED(m) do { \
	EXPECT_TRUE(zxt_valid((m).h)); \
	EXPECT_ALIVE(m); \
} while (0)

static void marker_close(struct __test_metadata *_metadata, struct marker *m)
{
	if (zxt_valid(m->h))
		zxt_close(_metadata, m->h);
	zxt_close(_metadata, m->peer);
}

/* Nothing is queued on @h and its peer is alive. */
#define EXPECT_EMPTY(h) do { \
	uint32_t __ab = 77, __ah = 77; \
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read((h), 0, NULL, NULL, 0, 0, &__ab, &__ah)); \
	EXPECT_EQ(0u, zxt_signals(_metadata, (h)) & CH_R); \
} while (0)

#define WRITE_OK(h, bytes, nb, hs, nh) \
	ASSERT_EQ(ZX_OK, zx_channel_write((h), 0, (bytes), (nb), (hs), (nh)))

/* Write a message of @nb bytes (value @fill) and no handles. */
static void write_fill(struct __test_metadata *_metadata, zx_handle_t h, uint8_t fill,
		       uint32_t nb)
{
	uint8_t buf[256];

	ASSERT_GE(sizeof(buf), nb);
	memset(buf, fill, nb);
	WRITE_OK(h, buf, nb, NULL, 0);
}

/*
 * Read one message that must be exactly @nb bytes equal to @want (if not
 * NULL) and carry exactly @nh handles, which go to @out (if not NULL;
 * closed otherwise).
 */
static void read_expect(struct __test_metadata *_metadata, zx_handle_t h, const void *want,
			uint32_t nb, zx_handle_t *out, uint32_t nh)
{
	uint8_t *buf = malloc(MAX_BYTES + 16);
	zx_handle_t hs[MAX_HANDLES + 1];
	uint32_t ab = 77, ah = 77;

	ASSERT_NE(NULL, buf);
	memset(hs, 0, sizeof(hs));
	ASSERT_EQ(ZX_OK, zx_channel_read(h, 0, buf, hs, MAX_BYTES + 16, MAX_HANDLES + 1, &ab,
					 &ah));
	ASSERT_EQ(nb, ab);
	ASSERT_EQ(nh, ah);
	if (want)
		ASSERT_EQ(0, memcmp(buf, want, nb));
	free(buf);
	if (out)
		memcpy(out, hs, nh * sizeof(*hs));
	else if (nh)
		ASSERT_EQ(ZX_OK, zx_handle_close_many(hs, nh));
}

/* Read one message of @nb bytes all equal to @fill, without handles. */
static void read_fill(struct __test_metadata *_metadata, zx_handle_t h, uint8_t fill,
		      uint32_t nb)
{
	uint8_t want[256];

	ASSERT_GE(sizeof(want), nb);
	memset(want, fill, nb);
	read_expect(_metadata, h, want, nb, NULL, 0);
}

/*
 * Handles in this process's table (each test runs in a process of its
 * own, with a table of its own): count how many more fit with
 * max_handles lowered to TABLE_PROBE. -1: the parameter is not writable.
 */
#define TABLE_PROBE 512

static long table_used(void)
{
	static zx_handle_t h[TABLE_PROBE + 1];
	unsigned long old;
	zx_status_t st = ZX_OK;
	long n = 0;

	if (zxt_param_read("max_handles", &old) != 0 ||
	    zxt_param_write("max_handles", TABLE_PROBE) != 0)
		return -1;
	while (n <= TABLE_PROBE && (st = zx_event_create(0, &h[n])) == ZX_OK)
		n++;
	if (n)
		zx_handle_close_many(h, (size_t)n);
	zxt_param_write("max_handles", old);
	return st == ZX_ERR_NO_RESOURCES ? TABLE_PROBE - n : -2;
}

#define EXPECT_TABLE_USED(n) do { \
	long __used = table_used(); \
	if (__used == -1) \
		TH_LOG("max_handles not writable: handle leak not checked"); \
	else \
		EXPECT_EQ((long)(n), __used) TH_LOG("handles in the table"); \
} while (0)

/*
 * @n accessible bytes just before an inaccessible page; with @prot
 * PROT_READ the bytes are read-only.
 */
static uint8_t *guarded(struct __test_metadata *_metadata, size_t n, int prot)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = (n + page - 1) / page * page;
	uint8_t *map;

	if (!len)
		len = page;
	map = mmap(NULL, len + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + len, page, PROT_NONE));
	if (prot != (PROT_READ | PROT_WRITE))
		ASSERT_EQ(0, mprotect(map, len, prot));
	return map + len - n;
}

static zx_status_t wait_readable(zx_handle_t h, zx_time_t deadline)
{
	zx_signals_t obs = 0;
	zx_status_t st = zx_object_wait_one(h, CH_R | CH_PC, deadline, &obs);

	if (st == ZX_OK && !(obs & CH_R))
		st = ZX_ERR_PEER_CLOSED;
	return st;
}

static zx_txid_t txid_of(const void *msg)
{
	zx_txid_t t;

	memcpy(&t, msg, sizeof(t));
	return t;
}

/* ------------------------------------------------------------------ */
/* zx_channel_create                                                   */

TEST_ZX(create_defaults)
{
	zx_info_handle_basic_t ia, ib;
	zx_handle_t a, b;

	ch_pair(_metadata, &a, &b);
	EXPECT_NE(a, b);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, a & ZX_HANDLE_FIXED_BITS_MASK);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, b & ZX_HANDLE_FIXED_BITS_MASK);
	ia = zxt_info(_metadata, a);
	ib = zxt_info(_metadata, b);
	EXPECT_EQ(0xF00Eu, ia.rights);
	EXPECT_EQ(ZX_DEFAULT_CHANNEL_RIGHTS, ib.rights);
	EXPECT_EQ(4u, ia.type);
	EXPECT_EQ(ZX_OBJ_TYPE_CHANNEL, ib.type);
	EXPECT_GE(ia.koid, (zx_koid_t)ZX_KOID_FIRST);
	EXPECT_NE(ia.koid, ib.koid);
	EXPECT_EQ(ib.koid, ia.related_koid);
	EXPECT_EQ(ia.koid, ib.related_koid);
	/* both ends start WRITABLE, and nothing else */
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, a));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, b));
	EXPECT_EMPTY(a);
	EXPECT_EMPTY(b);
	EXPECT_TABLE_USED(2);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

TEST_ZX(create_bad_options)
{
	static const uint32_t bad[] = { 1, 2, 3, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		zx_handle_t a = 1, b = 1;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(bad[i], &a, &b));
		EXPECT_EQ(ZX_HANDLE_INVALID, a);
		EXPECT_EQ(ZX_HANDLE_INVALID, b);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(bad[i], NULL, NULL));
	}
	EXPECT_TABLE_USED(0);
}

/* NULL outputs: INVALID_ARGS, and neither end is left in the table. */
TEST_ZX(create_null_out)
{
	zx_handle_t a = 1, b = 1;
	int i;

	for (i = 0; i < 50; i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(0, NULL, &b));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(0, &a, NULL));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(0, NULL, NULL));
	}
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_HANDLE_INVALID, b);
	EXPECT_TABLE_USED(0);
}

/* No DUPLICATE right: one handle per end; replace still works. */
TEST_ZX(no_duplicate_right)
{
	zx_handle_t a, b, d = 12345, r = ZX_HANDLE_INVALID, r2 = ZX_HANDLE_INVALID;

	ch_pair(_metadata, &a, &b);
	EXPECT_EQ(0u, zxt_rights(_metadata, a) & ZX_RIGHT_DUPLICATE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(a, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(a, ZX_RIGHT_READ, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(b, ZX_RIGHT_NONE, &d));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, a));

	/* replace keeps the end (and its queue), with fewer rights */
	write_fill(_metadata, b, 7, 3);
	ASSERT_EQ(ZX_OK, zx_handle_replace(a, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(ZX_DEFAULT_CHANNEL_RIGHTS, zxt_rights(_metadata, r));
	ASSERT_EQ(ZX_OK, zx_handle_replace(r, ZX_RIGHT_READ | ZX_RIGHT_WAIT, &r2));
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_WAIT, zxt_rights(_metadata, r2));
	EXPECT_EQ(zxt_koid(_metadata, b), zxt_info(_metadata, r2).related_koid);
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, r2));
	read_fill(_metadata, r2, 7, 3);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write(r2, 0, "x", 1, NULL, 0));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	zxt_close(_metadata, r2);
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* zx_channel_write: the checks, in order, and handles always consumed  */

/*
 * Each failing call carries a marker, which must be gone from the table
 * and destroyed afterwards; nothing ever reaches the peer.
 */
TEST_ZX(write_check_order)
{
	zx_handle_t a, b, e, nowrite, nowrite_peer, stale, h65[65];
	struct marker m, m65[65];
	uint8_t *big = calloc(1, MAX_BYTES + 1);
	static const uint32_t bad_opts[] = { 1, 4, ZX_CHANNEL_WRITE_USE_IOVEC | 1, 0x80000000u };
	unsigned int i;

	ASSERT_NE(NULL, big);
	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	nowrite = ch_reduced(_metadata, ZX_DEFAULT_CHANNEL_RIGHTS & ~ZX_RIGHT_WRITE, &nowrite_peer);
	stale = stale_value(_metadata);

	/* options first: before the handle, its type and its rights */
	for (i = 0; i < ARRAY_SIZE(bad_opts); i++) {
		m = marker_new(_metadata);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, bad_opts[i], "x", 1, &m.h, 1));
		EXPECT_CONSUMED(m);
		marker_close(_metadata, &m);
	}
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(stale, 1, "x", 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(e, 1, big, MAX_BYTES + 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);

	/* the channel handle: BAD_HANDLE, WRONG_TYPE, ACCESS_DENIED */
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(stale, 0, big, MAX_BYTES + 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(ZX_HANDLE_INVALID, 0, "x", 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_write(e, 0, NULL, 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_write(m.peer, 0, "x", 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write(nowrite, 0, big, MAX_BYTES + 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	EXPECT_EMPTY(nowrite_peer);

	/* the sizes, before the bytes pointer and the handles in the array */
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_write(a, 0, big, MAX_BYTES + 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_write(a, 0, NULL, MAX_BYTES + 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_write(a, 0, NULL, 0xffffffffu, NULL, 0));
	/* 65 handles: all 65 consumed */
	for (i = 0; i < 65; i++) {
		m65[i] = marker_new(_metadata);
		h65[i] = m65[i].h;
	}
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_write(a, 0, "x", 1, h65, 65));
	for (i = 0; i < 65; i++) {
		EXPECT_CONSUMED(m65[i]);
		marker_close(_metadata, &m65[i]);
	}
	/* and a stale handle in the array does not change that */
	for (i = 0; i < 65; i++) {
		m65[i] = marker_new(_metadata);
		h65[i] = m65[i].h;
	}
	h65[0] = stale;
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_write(a, 0, "x", 1, h65, 65));
	for (i = 1; i < 65; i++)
		EXPECT_CONSUMED(m65[i]);
	for (i = 0; i < 65; i++)
		marker_close(_metadata, &m65[i]);

	/* the bytes pointer, before the handles in the array */
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, NULL, 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	{
		zx_handle_t two[2];

		m = marker_new(_metadata);
		two[0] = stale;
		two[1] = m.h;
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, (void *)(uintptr_t)1, 1,
								two, 2));
		EXPECT_CONSUMED(m);
		marker_close(_metadata, &m);
	}

	/* nothing reached b, and a is as it was */
	EXPECT_EMPTY(b);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	/* NULL with size 0 is fine on both arrays */
	WRITE_OK(a, NULL, 0, NULL, 0);
	read_expect(_metadata, b, NULL, 0, NULL, 0);
	EXPECT_EMPTY(b);
	free(big);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
	zxt_close(_metadata, nowrite);
	zxt_close(_metadata, nowrite_peer);
	EXPECT_TABLE_USED(0);
}

/*
 * The handles in the array: all are processed and the first error is
 * reported; every one is consumed.
 */
TEST_ZX(write_handle_errors)
{
	zx_handle_t a, b, stale = stale_value(_metadata), hs[3];
	struct marker m, n, nt;

	ch_pair(_metadata, &a, &b);

	/* a stale value: BAD_HANDLE; the valid ones around it are consumed */
	m = marker_new(_metadata);
	n = marker_new(_metadata);
	hs[0] = m.h;
	hs[1] = stale;
	hs[2] = n.h;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(a, 0, "x", 1, hs, 3));
	EXPECT_CONSUMED(m);
	EXPECT_CONSUMED(n);
	marker_close(_metadata, &m);
	marker_close(_metadata, &n);

	/* a repeated handle: BAD_HANDLE, consumed */
	m = marker_new(_metadata);
	hs[0] = m.h;
	hs[1] = m.h;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(a, 0, "x", 1, hs, 2));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);

	/* no TRANSFER: ACCESS_DENIED, and consumed all the same */
	nt = marker_reduced(_metadata, ZX_DEFAULT_EVENTPAIR_RIGHTS & ~ZX_RIGHT_TRANSFER);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write(a, 0, "x", 1, &nt.h, 1));
	EXPECT_CONSUMED(nt);
	marker_close(_metadata, &nt);

	/* the first error is the one reported, whatever comes after */
	nt = marker_reduced(_metadata, ZX_RIGHT_WAIT);
	m = marker_new(_metadata);
	hs[0] = m.h;
	hs[1] = nt.h;
	hs[2] = stale;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write(a, 0, "x", 1, hs, 3));
	EXPECT_CONSUMED(m);
	EXPECT_CONSUMED(nt);
	marker_close(_metadata, &m);
	marker_close(_metadata, &nt);
	nt = marker_reduced(_metadata, ZX_RIGHT_WAIT);
	hs[0] = stale;
	hs[1] = nt.h;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(a, 0, "x", 1, hs, 2));
	EXPECT_CONSUMED(nt);
	marker_close(_metadata, &nt);

	/* nothing reached b */
	EXPECT_EMPTY(b);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/*
 * The channel's own handle in the array: NOT_SUPPORTED, and it is
 * consumed like the others, which closes that end: the peer sees
 * PEER_CLOSED.
 */
TEST_ZX(write_own_handle)
{
	zx_handle_t a, b, hs[3], stale = stale_value(_metadata);
	struct marker m, nt;

	ch_pair(_metadata, &a, &b);
	m = marker_new(_metadata);
	hs[0] = m.h;
	hs[1] = a;
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_channel_write(a, 0, "x", 1, hs, 2));
	EXPECT_CONSUMED(m);
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(b, 0, NULL, NULL, 0, 0, NULL, NULL));
	marker_close(_metadata, &m);
	zxt_close(_metadata, b);

	/* alone, and with a message queued for it: that goes with it */
	ch_pair(_metadata, &a, &b);
	m = marker_new(_metadata);
	WRITE_OK(b, "q", 1, &m.h, 1);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_channel_write(a, 0, NULL, 0, &a, 1));
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);
	zxt_close(_metadata, b);

	/* order: a stale value first wins; the own handle before no TRANSFER */
	ch_pair(_metadata, &a, &b);
	hs[0] = stale;
	hs[1] = a;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(a, 0, NULL, 0, hs, 2));
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
	ch_pair(_metadata, &a, &b);
	nt = marker_reduced(_metadata, ZX_RIGHT_WAIT);
	hs[0] = a;
	hs[1] = nt.h;
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_channel_write(a, 0, NULL, 0, hs, 2));
	EXPECT_CONSUMED(nt);
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	marker_close(_metadata, &nt);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/*
 * The peer is closed: PEER_CLOSED after the handle checks, and the
 * handles are consumed (an eventpair end's peer sees PEER_CLOSED).
 */
TEST_ZX(write_peer_closed)
{
	zx_handle_t a, b, hs[2], stale = stale_value(_metadata);
	struct marker m, nt;

	ch_pair(_metadata, &a, &b);
	zxt_close(_metadata, b);
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write(a, 0, "x", 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write(a, 0, NULL, 0, NULL, 0));
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write(a, 0, "x", 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);

	/* the argument and handle checks still come first */
	m = marker_new(_metadata);
	hs[0] = m.h;
	hs[1] = stale;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(a, 0, "x", 1, hs, 2));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	nt = marker_reduced(_metadata, ZX_RIGHT_WAIT);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write(a, 0, "x", 1, &nt.h, 1));
	EXPECT_CONSUMED(nt);
	marker_close(_metadata, &nt);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_write(a, 0, NULL, MAX_BYTES + 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, NULL, 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 1, "x", 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_channel_write(a, 0, "x", 1, &a, 1));
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_TABLE_USED(0);
}

/*
 * A fault reading the handle array itself: INVALID_ARGS, and (the values
 * being unknown) nothing is consumed; nothing is sent.
 */
TEST_ZX(write_bad_handle_array)
{
	zx_handle_t a, b, *g;
	struct marker m;

	ch_pair(_metadata, &a, &b);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, "x", 1, NULL, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(a, 0, "x", 1, (zx_handle_t *)(uintptr_t)4, 1));
	/* one readable value, the second in an inaccessible page */
	g = (zx_handle_t *)guarded(_metadata, sizeof(zx_handle_t), PROT_READ | PROT_WRITE);
	g[0] = m.h;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, "x", 1, g, 2));
	EXPECT_NOT_CONSUMED(m);
	EXPECT_EMPTY(b);
	/* the same array, read whole, is fine */
	WRITE_OK(a, "y", 1, g, 1);
	EXPECT_FALSE(zxt_valid(m.h));
	read_expect(_metadata, b, "y", 1, NULL, 1);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Bytes that cannot be read: INVALID_ARGS, nothing sent, handles consumed. */
TEST_ZX(write_bad_bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *g = guarded(_metadata, 100, PROT_READ | PROT_WRITE);
	uint8_t *none = guarded(_metadata, page, PROT_NONE);
	zx_handle_t a, b;
	struct marker m;

	ch_pair(_metadata, &a, &b);
	memset(g, 'g', 100);
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, g, 101, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, none, 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 0, g - page, page + 101, NULL, 0));
	EXPECT_EMPTY(b);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	/* exactly the accessible bytes are fine */
	WRITE_OK(a, g, 100, NULL, 0);
	read_expect(_metadata, b, g, 100, NULL, 0);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* zx_channel_read                                                     */

TEST_ZX(read_check_order)
{
	zx_handle_t a, b, e, noread, noread_peer, stale = stale_value(_metadata);
	uint8_t buf[16];
	uint32_t ab = 77, ah = 77;
	static const uint32_t bad_opts[] = { 2, 3, 0x80000000u, 0xffffffffu };
	unsigned int i, round;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	noread = ch_reduced(_metadata, ZX_DEFAULT_CHANNEL_RIGHTS & ~ZX_RIGHT_READ, &noread_peer);

	for (round = 0; round < 2; round++) {
		/* round 1: with a message queued everywhere, which stays */
		if (round == 1) {
			write_fill(_metadata, a, 1, 5);
			write_fill(_metadata, noread_peer, 2, 5);
		}
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_read(stale, 0, buf, NULL, 16, 0, &ab, &ah));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_read(stale, 2, buf, NULL, 16, 0, &ab, &ah));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_channel_read(ZX_HANDLE_INVALID, 0, buf, NULL, 16, 0, &ab, &ah));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_read(e, 0, buf, NULL, 16, 0, &ab, &ah));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_read(e, 2, buf, NULL, 16, 0, &ab, &ah));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_channel_read(noread, 0, buf, NULL, 16, 0, &ab, &ah));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_channel_read(noread, 2, buf, NULL, 16, 0, &ab, &ah));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_channel_read(noread, 0, NULL, NULL, 0, 0, &ab, &ah));
		/* then the options */
		for (i = 0; i < ARRAY_SIZE(bad_opts); i++) {
			EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
				  zx_channel_read(b, bad_opts[i], buf, NULL, 16, 0, &ab, &ah));
			EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
				  zx_channel_read(b, bad_opts[i], NULL, NULL, 0, 0, &ab, &ah));
		}
		EXPECT_EQ(77u, ab);
		EXPECT_EQ(77u, ah);
		if (round == 0) {
			/* empty with a live peer: SHOULD_WAIT, also with MAY_DISCARD */
			EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read(b, 0, buf, NULL, 16, 0, &ab,
								      &ah));
			EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
				  zx_channel_read(b, ZX_CHANNEL_READ_MAY_DISCARD, buf, NULL, 16, 0,
						  &ab, &ah));
			EXPECT_EQ(77u, ab);
		}
	}
	/* the messages are still there */
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
	read_fill(_metadata, b, 1, 5);
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, noread));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_read(noread, 0, buf, NULL, 16, 0, &ab, &ah));
	/* actual_* may be NULL */
	write_fill(_metadata, a, 3, 4);
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, buf, NULL, sizeof(buf), 0, NULL, NULL));
	EXPECT_EQ(3, buf[0]);
	EXPECT_EQ(3, buf[3]);
	EXPECT_EMPTY(b);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
	zxt_close(_metadata, noread);
	zxt_close(_metadata, noread_peer);
}

/*
 * Too small a buffer: BUFFER_TOO_SMALL with the sizes needed, the message
 * stays (buffers untouched); with MAY_DISCARD it is dropped and its
 * handles closed, and the call still says BUFFER_TOO_SMALL.
 */
TEST_ZX(read_buffer_too_small)
{
	uint8_t msg[100], buf[200];
	zx_handle_t a, b, hs[4], got[4];
	struct marker m1, m2, m3;
	uint32_t ab, ah;
	unsigned int i;

	ch_pair(_metadata, &a, &b);
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 3 + 1);
	m1 = marker_new(_metadata);
	m2 = marker_new(_metadata);
	m3 = marker_new(_metadata);
	hs[0] = m1.h;
	hs[1] = m2.h;
	WRITE_OK(a, msg, 100, hs, 2);
	WRITE_OK(a, msg, 10, &m3.h, 1);
	write_fill(_metadata, a, 9, 1);

	memset(buf, 0xa5, sizeof(buf));
	memset(got, 0xa5, sizeof(got));
	ab = ah = 77;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read(b, 0, buf, got, 99, 2, &ab, &ah));
	EXPECT_EQ(100u, ab);
	EXPECT_EQ(2u, ah);
	ab = ah = 77;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read(b, 0, buf, got, 100, 1, &ab, &ah));
	EXPECT_EQ(100u, ab);
	EXPECT_EQ(2u, ah);
	ab = ah = 77;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read(b, 0, NULL, NULL, 0, 0, &ab, &ah));
	EXPECT_EQ(100u, ab);
	EXPECT_EQ(2u, ah);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read(b, 0, buf, got, 0, 4, NULL, NULL));
	ab = 77;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read(b, 0, buf, NULL, 200, 0, &ab, NULL));
	EXPECT_EQ(100u, ab);
	/* nothing was copied anywhere, and everything is still queued */
	for (i = 0; i < sizeof(buf); i++)
		ASSERT_EQ(0xa5, buf[i]);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0xa5a5a5a5u, got[i]);
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
	EXPECT_ALIVE(m1);
	EXPECT_ALIVE(m2);

	/* exactly the size needed */
	ab = ah = 77;
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, buf, got, 100, 2, &ab, &ah));
	EXPECT_EQ(100u, ab);
	EXPECT_EQ(2u, ah);
	EXPECT_EQ(0, memcmp(buf, msg, 100));
	EXPECT_EQ(0xa5, buf[100]);
	EXPECT_EQ(m1.koid, zxt_koid(_metadata, got[0]));
	EXPECT_EQ(m2.koid, zxt_koid(_metadata, got[1]));
	EXPECT_ALIVE(m1);

	/* MAY_DISCARD: too small, so the message and its handle are gone */
	ab = ah = 77;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(b, ZX_CHANNEL_READ_MAY_DISCARD, buf, got, 9, 1, &ab, &ah));
	EXPECT_EQ(10u, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_DEAD(m3);
	/* MAY_DISCARD with room to spare is a plain read */
	ab = ah = 77;
	ASSERT_EQ(ZX_OK, zx_channel_read(b, ZX_CHANNEL_READ_MAY_DISCARD, buf, got, sizeof(buf),
					 4, &ab, &ah));
	EXPECT_EQ(1u, ab);
	EXPECT_EQ(0u, ah);
	EXPECT_EQ(9, buf[0]);
	EXPECT_EMPTY(b);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));

	/* MAY_DISCARD of a message whose handles did not fit */
	m3.h = ZX_HANDLE_INVALID;
	marker_close(_metadata, &m3);
	m3 = marker_new(_metadata);
	WRITE_OK(a, "abc", 3, &m3.h, 1);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(b, ZX_CHANNEL_READ_MAY_DISCARD, buf, got, 3, 0, NULL, NULL));
	EXPECT_DEAD(m3);
	EXPECT_EMPTY(b);

	EXPECT_EQ(ZX_OK, zx_handle_close_many(got, 2));
	EXPECT_DEAD(m1);
	EXPECT_DEAD(m2);
	marker_close(_metadata, &m1);
	marker_close(_metadata, &m2);
	marker_close(_metadata, &m3);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/*
 * Buffers the kernel cannot write with a message that fits: the message
 * is dequeued and lost (INVALID_ARGS); its handles are closed, not left
 * in the table. Too small a buffer is reported before any copy.
 */
TEST_ZX(read_bad_buffers)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *ro = guarded(_metadata, page, PROT_READ);
	uint8_t *g = guarded(_metadata, 50, PROT_READ | PROT_WRITE);
	zx_handle_t *hro = (zx_handle_t *)guarded(_metadata, page, PROT_READ);
	zx_handle_t a, b, got[2];
	struct marker m;
	uint32_t ab, ah;

	ch_pair(_metadata, &a, &b);

	/* too small beats the bad pointer: nothing happens */
	write_fill(_metadata, a, 4, 60);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(b, 0, (void *)(uintptr_t)8, NULL, 10, 0, &ab, &ah));
	EXPECT_EQ(60u, ab);
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));

	/* bytes: unwritable, read-only, or valid for 50 bytes of 60 */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_read(b, 0, g, NULL, 60, 0, &ab, &ah));
	EXPECT_EMPTY(b);
	write_fill(_metadata, a, 5, 10);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_read(b, 0, ro, NULL, 10, 0, &ab, &ah));
	EXPECT_EMPTY(b);
	write_fill(_metadata, a, 6, 10);
	write_fill(_metadata, a, 7, 10);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(b, 0, (void *)(uintptr_t)8, NULL, 10, 0, &ab, &ah));
	/* only the first message was lost */
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
	read_fill(_metadata, b, 7, 10);

	/* with a handle: lost with the message, closed, not in our table */
	m = marker_new(_metadata);
	WRITE_OK(a, "abcd", 4, &m.h, 1);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_read(b, 0, ro, got, 4, 2, &ab, &ah));
	EXPECT_DEAD(m);
	EXPECT_EMPTY(b);
	marker_close(_metadata, &m);

	/* the handles array: read-only, or NULL */
	m = marker_new(_metadata);
	WRITE_OK(a, "abcd", 4, &m.h, 1);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_read(b, 0, g, hro, 4, 1, &ab, &ah));
	EXPECT_DEAD(m);
	EXPECT_EMPTY(b);
	marker_close(_metadata, &m);
	m = marker_new(_metadata);
	WRITE_OK(a, "abcd", 4, &m.h, 1);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_read(b, 0, g, NULL, 4, 1, &ab, &ah));
	EXPECT_DEAD(m);
	EXPECT_EMPTY(b);
	marker_close(_metadata, &m);
	/* a, b, and the three guarded mappings hold no handles */
	EXPECT_TABLE_USED(2);

	/* and a good read after all that */
	m = marker_new(_metadata);
	WRITE_OK(a, "wxyz", 4, &m.h, 1);
	ab = ah = 0;
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, g, got, 50, 2, &ab, &ah));
	EXPECT_EQ(4u, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(0, memcmp(g, "wxyz", 4));
	EXPECT_EQ(m.koid, zxt_koid(_metadata, got[0]));
	zxt_close(_metadata, got[0]);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * Received handles are new values in the reader's table, for the same
 * objects, with the same rights; the sender's values are gone.
 */
TEST_ZX(read_gives_fresh_handles)
{
	zx_handle_t a, b, e, r, sent[2], got[2];
	zx_koid_t ke, kr;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	r = zxt_dup(_metadata, e, ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL);
	ke = zxt_koid(_metadata, e);
	kr = zxt_koid(_metadata, r);
	ASSERT_EQ(ke, kr);
	EXPECT_EQ(2u, zxt_handle_count(_metadata, e));
	sent[0] = e;
	sent[1] = r;
	WRITE_OK(a, "hi", 2, sent, 2);
	EXPECT_FALSE(zxt_valid(e));
	EXPECT_FALSE(zxt_valid(r));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	read_expect(_metadata, b, "hi", 2, got, 2);
	EXPECT_NE(got[0], got[1]);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, got[0] & ZX_HANDLE_FIXED_BITS_MASK);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, got[1] & ZX_HANDLE_FIXED_BITS_MASK);
	EXPECT_EQ(ke, zxt_koid(_metadata, got[0]));
	EXPECT_EQ(ke, zxt_koid(_metadata, got[1]));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zxt_rights(_metadata, got[0]));
	EXPECT_EQ(ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL,
		  zxt_rights(_metadata, got[1]));
	EXPECT_EQ(2u, zxt_handle_count(_metadata, got[0]));
	/* the same object: a signal through one is seen through the other */
	ASSERT_EQ(ZX_OK, zx_object_signal(got[1], 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(ZX_USER_SIGNAL_3, zxt_signals(_metadata, got[0]));
	EXPECT_EQ(ZX_OK, zx_handle_close_many(got, 2));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/* ------------------------------------------------------------------ */
/* zx_channel_write_etc and zx_channel_read_etc                        */

static zx_handle_disposition_t disp(zx_handle_op_t op, zx_handle_t h, zx_obj_type_t type,
				    zx_rights_t rights)
{
	return (zx_handle_disposition_t){
		.operation = op, .handle = h, .type = type, .rights = rights, .result = ZX_OK,
	};
}

#define MOVE ZX_HANDLE_OP_MOVE
#define DUP ZX_HANDLE_OP_DUPLICATE
#define SAME ZX_RIGHT_SAME_RIGHTS

TEST_ZX(etc_move_and_duplicate)
{
	zx_handle_t a, b, e, e2;
	zx_handle_disposition_t d[5];
	zx_handle_info_t info[6];
	struct marker m, m2;
	uint32_t ab = 77, ah = 77;
	uint8_t buf[8];
	unsigned int i;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	e2 = zxt_event(_metadata);
	m = marker_new(_metadata);
	m2 = marker_new(_metadata);
	d[0] = disp(MOVE, e2, ZX_OBJ_TYPE_NONE, SAME);
	d[1] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER);
	d[2] = disp(MOVE, m.h, ZX_OBJ_TYPE_EVENTPAIR, ZX_RIGHT_TRANSFER | ZX_RIGHT_SIGNAL_PEER);
	d[3] = disp(DUP, e, ZX_OBJ_TYPE_NONE, SAME);
	d[4] = disp(MOVE, m2.h, ZX_OBJ_TYPE_NONE, ZX_RIGHT_NONE);
	ASSERT_EQ(ZX_OK, zx_channel_write_etc(a, 0, "etc", 3, d, 5));
	for (i = 0; i < 5; i++)
		EXPECT_EQ(ZX_OK, d[i].result);
	/* MOVE took them out of the table; DUPLICATE left the source */
	EXPECT_FALSE(zxt_valid(e2));
	EXPECT_FALSE(zxt_valid(m.h));
	EXPECT_FALSE(zxt_valid(m2.h));
	EXPECT_TRUE(zxt_valid(e));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zxt_rights(_metadata, e));
	EXPECT_EQ(3u, zxt_handle_count(_metadata, e));
	EXPECT_ALIVE(m);
	EXPECT_ALIVE(m2);

	memset(info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_channel_read_etc(b, 0, buf, info, sizeof(buf), 6, &ab, &ah));
	EXPECT_EQ(3u, ab);
	EXPECT_EQ(5u, ah);
	EXPECT_EQ(0, memcmp(buf, "etc", 3));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info[0].type);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, info[0].rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info[1].type);
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER, info[1].rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, info[2].type);
	EXPECT_EQ(ZX_RIGHT_TRANSFER | ZX_RIGHT_SIGNAL_PEER, info[2].rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info[3].type);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, info[3].rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, info[4].type);
	EXPECT_EQ(ZX_RIGHT_NONE, info[4].rights);
	for (i = 0; i < 5; i++) {
		zx_info_handle_basic_t bi = zxt_info(_metadata, info[i].handle);

		EXPECT_EQ(0u, info[i].unused);
		EXPECT_EQ(info[i].type, bi.type);
		EXPECT_EQ(info[i].rights, bi.rights);
	}
	/* the sixth slot was not written */
	EXPECT_EQ(0xa5a5a5a5u, info[5].handle);
	EXPECT_EQ(zxt_koid(_metadata, e), zxt_koid(_metadata, info[1].handle));
	EXPECT_EQ(zxt_koid(_metadata, e), zxt_koid(_metadata, info[3].handle));
	EXPECT_EQ(m.koid, zxt_koid(_metadata, info[2].handle));
	EXPECT_EQ(m2.koid, zxt_koid(_metadata, info[4].handle));
	/* the reduced rights are what the handles can do */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(info[1].handle, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(info[2].handle, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(info[2].handle, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, m.peer));
	for (i = 0; i < 5; i++)
		zxt_close(_metadata, info[i].handle);
	EXPECT_DEAD(m);
	EXPECT_DEAD(m2);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
	zxt_close(_metadata, e);
	marker_close(_metadata, &m);
	marker_close(_metadata, &m2);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/*
 * One bad entry of each kind in one call: every entry is processed, each
 * failing entry's result is its own error, the call returns the first;
 * MOVE entries are consumed, DUPLICATE sources stay, nothing is sent.
 */
TEST_ZX(etc_every_entry_error)
{
	zx_handle_t a, b, e, stale = stale_value(_metadata);
	struct marker m0, nt, wt, nr, nd, op;
	zx_handle_disposition_t d[9];

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	m0 = marker_new(_metadata);
	nt = marker_reduced(_metadata, ZX_DEFAULT_EVENTPAIR_RIGHTS & ~ZX_RIGHT_TRANSFER);
	wt = marker_new(_metadata);
	nr = marker_reduced(_metadata, ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT);
	nd = marker_reduced(_metadata, ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT);
	op = marker_new(_metadata);

	d[0] = disp(MOVE, m0.h, ZX_OBJ_TYPE_NONE, SAME);
	d[1] = disp(MOVE, stale, ZX_OBJ_TYPE_NONE, SAME);
	d[2] = disp(MOVE, nt.h, ZX_OBJ_TYPE_NONE, SAME);
	d[3] = disp(MOVE, a, ZX_OBJ_TYPE_NONE, SAME);
	d[4] = disp(MOVE, wt.h, ZX_OBJ_TYPE_EVENT, SAME);
	d[5] = disp(MOVE, nr.h, ZX_OBJ_TYPE_NONE, ZX_RIGHT_TRANSFER | ZX_RIGHT_SIGNAL);
	d[6] = disp(DUP, nd.h, ZX_OBJ_TYPE_EVENTPAIR, SAME);
	d[7] = disp(2, op.h, ZX_OBJ_TYPE_NONE, SAME);
	d[8] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, SAME);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write_etc(a, 0, "x", 1, d, 9));
	EXPECT_EQ(ZX_OK, d[0].result);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, d[1].result);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, d[2].result);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, d[3].result);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, d[4].result);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, d[5].result);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, d[6].result);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, d[7].result);
	EXPECT_EQ(ZX_OK, d[8].result);
	/* the other fields are left alone */
	EXPECT_EQ(2u, d[7].operation);
	EXPECT_EQ(op.h, d[7].handle);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, d[4].type);
	EXPECT_EQ(ZX_RIGHT_TRANSFER | ZX_RIGHT_SIGNAL, d[5].rights);

	EXPECT_CONSUMED(m0);
	EXPECT_CONSUMED(nt);
	EXPECT_CONSUMED(wt);
	EXPECT_CONSUMED(nr);
	EXPECT_CONSUMED(op);
	EXPECT_NOT_CONSUMED(nd);
	EXPECT_EQ(ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT, zxt_rights(_metadata, nd.h));
	/* the own handle was a MOVE: that end is closed */
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(b, 0, NULL, NULL, 0, 0, NULL, NULL));
	/* e stayed and its duplicate went with the message */
	EXPECT_TRUE(zxt_valid(e));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));

	marker_close(_metadata, &m0);
	marker_close(_metadata, &nt);
	marker_close(_metadata, &wt);
	marker_close(_metadata, &nr);
	marker_close(_metadata, &nd);
	marker_close(_metadata, &op);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
	EXPECT_TABLE_USED(0);
}

/* Entries failing several checks: the per-entry order. */
TEST_ZX(etc_entry_check_order)
{
	zx_handle_t a, b, e;
	zx_handle_disposition_t d;
	struct marker m;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);

	/* no TRANSFER before the type */
	m = marker_reduced(_metadata, ZX_RIGHT_WAIT | ZX_RIGHT_DUPLICATE);
	d = disp(MOVE, m.h, ZX_OBJ_TYPE_PORT, ZX_RIGHT_SIGNAL);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, d.result);
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	/* no TRANSFER, DUPLICATE: ACCESS_DENIED and the source stays */
	m = marker_reduced(_metadata, ZX_RIGHT_WAIT | ZX_RIGHT_DUPLICATE);
	d = disp(DUP, m.h, ZX_OBJ_TYPE_NONE, SAME);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, d.result);
	EXPECT_NOT_CONSUMED(m);
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_DUPLICATE, zxt_rights(_metadata, m.h));
	marker_close(_metadata, &m);
	/* the type before the rights */
	m = marker_reduced(_metadata, ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT);
	d = disp(MOVE, m.h, ZX_OBJ_TYPE_TIMER, ZX_RIGHT_SIGNAL);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, d.result);
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	/* the rights before the DUPLICATE right */
	m = marker_reduced(_metadata, ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT);
	d = disp(DUP, m.h, ZX_OBJ_TYPE_EVENTPAIR, ZX_RIGHT_TRANSFER | ZX_RIGHT_INSPECT);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, d.result);
	EXPECT_NOT_CONSUMED(m);
	marker_close(_metadata, &m);
	/* DUPLICATE without the DUPLICATE right, alone */
	m = marker_reduced(_metadata, ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT);
	d = disp(DUP, m.h, ZX_OBJ_TYPE_EVENTPAIR, ZX_RIGHT_TRANSFER);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, d.result);
	EXPECT_NOT_CONSUMED(m);
	marker_close(_metadata, &m);
	/* a bad op, with a handle that is fine otherwise */
	m = marker_new(_metadata);
	d = disp(0xffffffffu, m.h, ZX_OBJ_TYPE_NONE, SAME);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, d.result);
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	/* the own handle before the type; DUPLICATE leaves it (and a works) */
	d = disp(DUP, a, ZX_OBJ_TYPE_EVENT, SAME);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, d.result);
	EXPECT_TRUE(zxt_valid(a));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	/* a stale value before everything else */
	d = disp(DUP, stale_value(_metadata), ZX_OBJ_TYPE_EVENT, ZX_RIGHT_SIGNAL);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write_etc(a, 0, NULL, 0, &d, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, d.result);

	/* the same handle twice: DUP+DUP and DUP+MOVE work, MOVE+DUP does not */
	{
		zx_handle_disposition_t two[2];
		zx_handle_t got[2];

		two[0] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, SAME);
		two[1] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, ZX_RIGHT_WAIT);
		ASSERT_EQ(ZX_OK, zx_channel_write_etc(a, 0, NULL, 0, two, 2));
		read_expect(_metadata, b, NULL, 0, got, 2);
		EXPECT_EQ(zxt_koid(_metadata, e), zxt_koid(_metadata, got[0]));
		EXPECT_EQ(ZX_RIGHT_WAIT, zxt_rights(_metadata, got[1]));
		EXPECT_EQ(3u, zxt_handle_count(_metadata, e));
		ASSERT_EQ(ZX_OK, zx_handle_close_many(got, 2));
		two[0] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, SAME);
		two[1] = disp(MOVE, e, ZX_OBJ_TYPE_EVENT, SAME);
		ASSERT_EQ(ZX_OK, zx_channel_write_etc(a, 0, NULL, 0, two, 2));
		EXPECT_FALSE(zxt_valid(e));
		read_expect(_metadata, b, NULL, 0, got, 2);
		EXPECT_EQ(zxt_koid(_metadata, got[0]), zxt_koid(_metadata, got[1]));
		e = got[0];
		zxt_close(_metadata, got[1]);
		m = marker_new(_metadata);
		two[0] = disp(MOVE, m.h, ZX_OBJ_TYPE_NONE, SAME);
		two[1] = disp(DUP, m.h, ZX_OBJ_TYPE_NONE, SAME);
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write_etc(a, 0, NULL, 0, two, 2));
		EXPECT_EQ(ZX_OK, two[0].result);
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, two[1].result);
		EXPECT_CONSUMED(m);
		marker_close(_metadata, &m);
	}
	EXPECT_EMPTY(b);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
	EXPECT_TABLE_USED(0);
}

/*
 * Errors of the whole call (options, handle, rights, sizes, peer): MOVE
 * entries are consumed, DUPLICATE sources stay and their copies go.
 */
TEST_ZX(etc_call_errors)
{
	zx_handle_t a, b, e, nowrite, nowrite_peer, stale = stale_value(_metadata);
	zx_handle_disposition_t d[2], d65[65];
	struct marker m, m65[65];
	unsigned int i;
	int k;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	nowrite = ch_reduced(_metadata, ZX_DEFAULT_CHANNEL_RIGHTS & ~ZX_RIGHT_WRITE, &nowrite_peer);
	for (k = 0; k < 6; k++) {
		static const zx_status_t want[] = {
			ZX_ERR_INVALID_ARGS, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE,
			ZX_ERR_ACCESS_DENIED, ZX_ERR_OUT_OF_RANGE, ZX_ERR_INVALID_ARGS,
		};
		zx_status_t st;

		m = marker_new(_metadata);
		d[0] = disp(MOVE, m.h, ZX_OBJ_TYPE_NONE, SAME);
		d[1] = disp(DUP, e, ZX_OBJ_TYPE_NONE, SAME);
		switch (k) {
		case 0:
			st = zx_channel_write_etc(a, 1, "x", 1, d, 2);
			break;
		case 1:
			st = zx_channel_write_etc(stale, 0, "x", 1, d, 2);
			break;
		case 2:
			st = zx_channel_write_etc(e, 0, "x", 1, d, 2);
			break;
		case 3:
			st = zx_channel_write_etc(nowrite, 0, "x", 1, d, 2);
			break;
		case 4:
			st = zx_channel_write_etc(a, 0, NULL, MAX_BYTES + 1, d, 2);
			break;
		default:
			st = zx_channel_write_etc(a, 0, NULL, 1, d, 2);
			break;
		}
		EXPECT_EQ(want[k], st) TH_LOG("case %d", k);
		EXPECT_CONSUMED(m);
		EXPECT_TRUE(zxt_valid(e));
		EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
		marker_close(_metadata, &m);
	}
	/* 65 entries: OUT_OF_RANGE, all MOVEs consumed */
	for (i = 0; i < 65; i++) {
		m65[i] = marker_new(_metadata);
		d65[i] = disp(MOVE, m65[i].h, ZX_OBJ_TYPE_NONE, SAME);
	}
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_write_etc(a, 0, NULL, 0, d65, 65));
	for (i = 0; i < 65; i++) {
		EXPECT_CONSUMED(m65[i]);
		marker_close(_metadata, &m65[i]);
	}
	EXPECT_EMPTY(b);
	EXPECT_EMPTY(nowrite_peer);

	/* the peer closed */
	zxt_close(_metadata, b);
	m = marker_new(_metadata);
	d[0] = disp(MOVE, m.h, ZX_OBJ_TYPE_NONE, SAME);
	d[1] = disp(DUP, e, ZX_OBJ_TYPE_NONE, SAME);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write_etc(a, 0, "x", 1, d, 2));
	EXPECT_CONSUMED(m);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);
	zxt_close(_metadata, e);
	zxt_close(_metadata, nowrite);
	zxt_close(_metadata, nowrite_peer);
	EXPECT_TABLE_USED(0);
}

TEST_ZX(read_etc_errors)
{
	zx_handle_t a, b, e, stale = stale_value(_metadata);
	zx_handle_info_t info[2];
	struct marker m;
	uint8_t buf[8];
	uint32_t ab = 77, ah = 77;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	m = marker_new(_metadata);
	WRITE_OK(a, "info", 4, &m.h, 1);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_read_etc(stale, 0, buf, info, 8, 2, &ab, &ah));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_read_etc(e, 0, buf, info, 8, 2, &ab, &ah));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_channel_read_etc(b, 2, buf, info, 8, 2, &ab, &ah));
	EXPECT_EQ(77u, ab);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read_etc(b, 0, buf, info, 8, 0, &ab, &ah));
	EXPECT_EQ(4u, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_ALIVE(m);
	memset(info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_channel_read_etc(b, 0, buf, info, 8, 2, &ab, &ah));
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, info[0].type);
	EXPECT_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, info[0].rights);
	EXPECT_EQ(0u, info[0].unused);
	EXPECT_EQ(m.koid, zxt_koid(_metadata, info[0].handle));
	EXPECT_EQ(0xa5a5a5a5u, info[1].handle);
	zxt_close(_metadata, info[0].handle);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);
	/* MAY_DISCARD */
	m = marker_new(_metadata);
	WRITE_OK(a, "info", 4, &m.h, 1);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read_etc(b, ZX_CHANNEL_READ_MAY_DISCARD, buf, info, 3, 1, &ab, &ah));
	EXPECT_DEAD(m);
	EXPECT_EMPTY(b);
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* Signals                                                             */

TEST_ZX(readable_follows_the_queue)
{
	zx_handle_t a, b;
	int i;

	ch_pair(_metadata, &a, &b);
	for (i = 0; i < 3; i++) {
		write_fill(_metadata, a, (uint8_t)i, (uint32_t)i * 10);
		EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
		EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	}
	write_fill(_metadata, b, 9, 1);
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, a));
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
		read_fill(_metadata, b, (uint8_t)i, (uint32_t)i * 10);
	}
	/* empty: READABLE goes; a's own queue is untouched */
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, a));
	EXPECT_EMPTY(b);
	read_fill(_metadata, a, 9, 1);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * The last close of one end: before zx_handle_close() returns, the other
 * end has PEER_CLOSED and no WRITABLE; what was queued for it stays
 * readable, then reads say PEER_CLOSED; what was queued for the closed
 * end is destroyed with its handles.
 */
TEST_ZX(peer_closed_drain)
{
	zx_handle_t a, b, a2, got;
	struct marker for_b, for_a;

	ch_pair(_metadata, &a, &b);
	for_b = marker_new(_metadata);
	for_a = marker_new(_metadata);
	write_fill(_metadata, a, 1, 10);
	WRITE_OK(a, "m", 1, &for_b.h, 1);
	WRITE_OK(b, "n", 1, &for_a.h, 1);
	ASSERT_EQ(ZX_OK, zx_handle_replace(a, ZX_RIGHT_SAME_RIGHTS, &a2));
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
	zxt_close(_metadata, a2);
	EXPECT_EQ(CH_R | CH_PC, zxt_signals(_metadata, b));
	EXPECT_DEAD(for_a);
	EXPECT_ALIVE(for_b);
	/* writes fail, reads drain */
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write(b, 0, "x", 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0));
	read_fill(_metadata, b, 1, 10);
	EXPECT_EQ(CH_R | CH_PC, zxt_signals(_metadata, b));
	read_expect(_metadata, b, "m", 1, &got, 1);
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(b, 0, NULL, NULL, 0, 0, NULL, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_channel_read(b, ZX_CHANNEL_READ_MAY_DISCARD, NULL, NULL, 0, 0, NULL, NULL));
	/* the handle that came out is fine */
	EXPECT_EQ(for_b.koid, zxt_koid(_metadata, got));
	EXPECT_ALIVE(for_b);
	zxt_close(_metadata, got);
	EXPECT_DEAD(for_b);
	marker_close(_metadata, &for_a);
	marker_close(_metadata, &for_b);
	zxt_close(_metadata, b);
}

/* A closing end wakes waiters on the peer, before the close returns. */
TEST_ZX(peer_closed_wakes_waiters)
{
	struct zxt_waiter w;
	zx_handle_t a, b;

	ch_pair(_metadata, &a, &b);
	zxt_waiter_start_blocked(&w, b, CH_PC, LONG_DEADLINE());
	zxt_close(_metadata, a);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(CH_PC, w.observed);
	zxt_close(_metadata, b);
}

TEST_ZX(wait_one_wakes_on_write)
{
	struct zxt_waiter w;
	zx_handle_t a, b;

	ch_pair(_metadata, &a, &b);
	zxt_waiter_start_blocked(&w, b, CH_R, LONG_DEADLINE());
	/* a write the other way wakes nobody */
	write_fill(_metadata, b, 1, 1);
	EXPECT_FALSE(zxt_waiter_done(&w));
	write_fill(_metadata, a, 2, 2);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(CH_R | CH_W, w.observed);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(wait_many_on_channels)
{
	zx_handle_t a, b, c, d;
	zx_wait_item_t it[2];
	struct zxt_many_waiter w;

	ch_pair(_metadata, &a, &b);
	ch_pair(_metadata, &c, &d);
	it[0] = (zx_wait_item_t){ .handle = b, .waitfor = CH_R };
	it[1] = (zx_wait_item_t){ .handle = d, .waitfor = CH_R | CH_PC };
	zxt_many_waiter_start_blocked(&w, it, 2, LONG_DEADLINE());
	zxt_close(_metadata, c);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(CH_W, it[0].pending);
	EXPECT_EQ(CH_PC, it[1].pending);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, d);
}

TEST_ZX(wait_async_packets)
{
	zx_handle_t a, b, port = zxt_port(_metadata);

	ch_pair(_metadata, &a, &b);
	/* level: WRITABLE is up already */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 1, CH_W, 0));
	zxt_expect_signal_packet(zxt_take(_metadata, port), 1, CH_W, CH_W);
	/* READABLE when a message arrives, once */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, port, 2, CH_R, 0));
	zxt_port_empty(port);
	write_fill(_metadata, b, 1, 1);		/* the other direction */
	zxt_port_empty(port);
	write_fill(_metadata, a, 1, 1);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 2, CH_R, CH_R | CH_W);
	write_fill(_metadata, a, 2, 1);
	zxt_port_empty(port);
	/* edge: READABLE is up; a read that leaves one does not count */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, port, 3, CH_R, ZX_WAIT_ASYNC_EDGE));
	read_fill(_metadata, b, 1, 1);
	zxt_port_empty(port);
	read_fill(_metadata, b, 2, 1);
	zxt_port_empty(port);
	write_fill(_metadata, a, 3, 1);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 3, CH_R, CH_R | CH_W);
	/* PEER_CLOSED */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, port, 4, CH_PC, 0));
	zxt_port_empty(port);
	zxt_close(_metadata, a);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 4, CH_PC, CH_R | CH_PC);
	zxt_port_empty(port);
	zxt_close(_metadata, b);
	zxt_close(_metadata, port);
}

TEST_ZX(poll_fd_follows_readable)
{
	zx_handle_t a, b;
	struct pollfd p;
	int fd = -1;

	ch_pair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(b, CH_R, O_CLOEXEC, &fd));
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(0, poll(&p, 1, 0));
	write_fill(_metadata, a, 1, 1);
	write_fill(_metadata, a, 2, 1);
	EXPECT_EQ(1, poll(&p, 1, 0));
	read_fill(_metadata, b, 1, 1);
	EXPECT_EQ(1, poll(&p, 1, 0));
	read_fill(_metadata, b, 2, 1);
	EXPECT_EQ(0, poll(&p, 1, 0));
	close(fd);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(user_signals_and_signal_peer)
{
	zx_handle_t a, b, nosig, nosig_peer, nopeer, nopeer_peer;
	int bit;

	ch_pair(_metadata, &a, &b);
	for (bit = 0; bit < 32; bit++) {
		zx_signals_t s = (zx_signals_t)1u << bit;
		zx_status_t want = (s & ZX_USER_SIGNAL_ALL) ? ZX_OK : ZX_ERR_INVALID_ARGS;

		EXPECT_EQ(want, zx_object_signal(a, 0, s)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal_peer(a, 0, s)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal(a, s, 0)) TH_LOG("bit %d", bit);
	}
	EXPECT_EQ(CH_W | ZX_USER_SIGNAL_ALL, zxt_signals(_metadata, b));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	ASSERT_EQ(ZX_OK, zx_object_signal(a, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, ZX_USER_SIGNAL_ALL, ZX_USER_SIGNAL_7));
	EXPECT_EQ(CH_W | ZX_USER_SIGNAL_0, zxt_signals(_metadata, a));
	EXPECT_EQ(CH_W | ZX_USER_SIGNAL_7, zxt_signals(_metadata, b));
	/* user signals and queue signals are independent */
	write_fill(_metadata, b, 1, 1);
	EXPECT_EQ(CH_W | CH_R | ZX_USER_SIGNAL_0, zxt_signals(_metadata, a));
	read_fill(_metadata, a, 1, 1);
	EXPECT_EQ(CH_W | ZX_USER_SIGNAL_0, zxt_signals(_metadata, a));

	/* the rights */
	nosig = ch_reduced(_metadata, ZX_DEFAULT_CHANNEL_RIGHTS & ~ZX_RIGHT_SIGNAL, &nosig_peer);
	nopeer = ch_reduced(_metadata, ZX_DEFAULT_CHANNEL_RIGHTS & ~ZX_RIGHT_SIGNAL_PEER,
			    &nopeer_peer);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(nosig, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(nosig, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(nopeer, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_OK, zx_object_signal(nopeer, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(CH_W | ZX_USER_SIGNAL_1, zxt_signals(_metadata, nosig_peer));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, nopeer_peer));

	/* the peer gone: the mask first, then signal_peer fails; signal works */
	zxt_close(_metadata, b);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(a, 0, CH_R));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(a, 0, 0));
	EXPECT_EQ(ZX_OK, zx_object_signal(a, 0, ZX_USER_SIGNAL_2));
	EXPECT_EQ(CH_PC | ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_2, zxt_signals(_metadata, a));
	zxt_close(_metadata, a);
	zxt_close(_metadata, nosig);
	zxt_close(_metadata, nosig_peer);
	zxt_close(_metadata, nopeer);
	zxt_close(_metadata, nopeer_peer);
}

/*
 * A read whose handles do not fit in the reader's table: NO_RESOURCES,
 * and the message stays queued, handles and all (slots are reserved
 * before the message is taken).
 */
TEST_ZX(read_table_full)
{
	zx_handle_t a, b, hs[3], got[3];
	struct marker m[3];
	unsigned long old;
	zx_status_t st1, st2;
	uint32_t ab = 0, ah = 0;
	int i;

	if (zxt_param_read("max_handles", &old) != 0)
		SKIP(return, "max_handles not readable");
	ch_pair(_metadata, &a, &b);
	for (i = 0; i < 3; i++) {
		m[i] = marker_new(_metadata);
		hs[i] = m[i].h;
	}
	WRITE_OK(a, "three", 5, hs, 3);
	/* a, b and three marker peers are in the table: room for two more */
	if (zxt_param_write("max_handles", 7) != 0)
		SKIP(return, "max_handles not writable");
	st1 = zx_channel_read(b, 0, NULL, got, 0, 3, &ab, &ah);	/* too small first */
	st2 = zx_channel_read(b, 0, got, got, 8, 3, &ab, &ah);
	zxt_param_write("max_handles", old);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, st1);
	EXPECT_EQ(ZX_ERR_NO_RESOURCES, st2);
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
	for (i = 0; i < 3; i++) {
		EXPECT_ALIVE(m[i]);
	}
	EXPECT_TABLE_USED(5);
	read_expect(_metadata, b, "three", 5, got, 3);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(m[i].koid, zxt_koid(_metadata, got[i]));
		zxt_close(_metadata, got[i]);
		EXPECT_DEAD(m[i]);
		marker_close(_metadata, &m[i]);
	}
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * The raw ioctls: a nonzero pad, argument structs the kernel cannot read
 * or write, unknown call flags. Nothing is created, sent or consumed.
 */
static int raw_ioctl(unsigned long cmd, void *arg)
{
	return ioctl(zx_linux_device_fd(), cmd, arg) == 0 ? 0 : errno;
}

TEST_ZX(raw_abi)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *ro = guarded(_metadata, ps, PROT_READ);
	uint8_t *none = guarded(_metadata, ps, PROT_NONE);
	struct zircon_eventpair_create c = { .options = 0, .pad = 1 };
	struct zircon_channel_call call;
	zx_handle_t a, b;
	struct marker m;

	ch_pair(_metadata, &a, &b);
	/* create: pad, unreadable, readable but unwritable (no handles made) */
	EXPECT_EQ(EINVAL, raw_ioctl(ZIRCON_IOC_CHANNEL_CREATE, &c));
	EXPECT_EQ(0u, c.out0);
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_CREATE, none));
	EXPECT_EQ(0, ro[0]);	/* a fresh mapping: options 0, pad 0 */
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_CREATE, ro));
	EXPECT_TABLE_USED(2);

	/* write, read, call with unreadable argument structs */
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_WRITE, none));
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_WRITE_ETC, none));
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_READ, none));
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_READ_ETC, none));
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_CALL, none));
	EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_CALL_ETC, none));

	/* a call with unknown flags: EINVAL before anything else */
	m = marker_new(_metadata);
	memset(&call, 0, sizeof(call));
	call.handle = a;
	call.wr_bytes = (uintptr_t)"\0\0\0\0abcd";
	call.wr_num_bytes = 8;
	call.wr_handles = (uintptr_t)&m.h;
	call.wr_num_handles = 1;
	call.flags = 2;
	EXPECT_EQ(EINVAL, raw_ioctl(ZIRCON_IOC_CHANNEL_CALL, &call));
	EXPECT_NOT_CONSUMED(m);
	EXPECT_EMPTY(b);

	/* a read's struct that cannot take the sizes back: the message stays */
	write_fill(_metadata, b, 5, 5);
	{
		struct zircon_channel_read *r = (struct zircon_channel_read *)ro;

		ASSERT_EQ(0, mprotect(ro, ps, PROT_READ | PROT_WRITE));
		memset(r, 0, sizeof(*r));
		r->handle = a;
		r->num_bytes = 1;		/* too small */
		ASSERT_EQ(0, mprotect(ro, ps, PROT_READ));
		EXPECT_EQ(EFAULT, raw_ioctl(ZIRCON_IOC_CHANNEL_READ, r));
		EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, a));
	}
	read_fill(_metadata, a, 5, 5);
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * ZX_CHANNEL_WRITE_USE_IOVEC: the bytes gathered from an array of
 * zx_channel_iovec_t, in order, empty pieces allowed; 8192 pieces at most
 * and 64 KiB in all (OUT_OF_RANGE), reserved fields zero (INVALID_ARGS);
 * a bad array or piece is INVALID_ARGS. Handles are consumed on every
 * failure, and nothing is sent.
 */
#define IOV ZX_CHANNEL_WRITE_USE_IOVEC
#define MAX_IOVECS ZX_CHANNEL_MAX_MSG_IOVECS

TEST_ZX(iovec_write)
{
	static zx_channel_iovec_t iov[MAX_IOVECS + 1];
	static uint8_t in[MAX_BYTES], out[MAX_BYTES];
	zx_handle_t a, b, e, got;
	uint32_t i, ab = 0, ah = 0;
	size_t off = 0;

	ch_pair(_metadata, &a, &b);
	for (i = 0; i < MAX_BYTES; i++)
		in[i] = (uint8_t)(i * 5 + (i >> 8));
	/* pieces of 0..7 bytes over the buffer, in order */
	for (i = 0; off < 1000; i++) {
		size_t n = i % 8;

		iov[i] = (zx_channel_iovec_t){ .buffer = in + off, .capacity = (uint32_t)n };
		off += n;
	}
	e = zxt_event(_metadata);
	ASSERT_EQ(ZX_OK, zx_channel_write(a, IOV, iov, i, &e, 1));
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, out, &got, sizeof(out), 1, &ab, &ah));
	EXPECT_EQ(off, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(0, memcmp(in, out, off));
	zxt_close(_metadata, got);

	/* no pieces, or only empty ones: an empty message */
	WRITE_OK(a, NULL, 0, NULL, 0);
	ASSERT_EQ(ZX_OK, zx_channel_write(a, IOV, NULL, 0, NULL, 0));
	iov[0] = (zx_channel_iovec_t){ .buffer = NULL, .capacity = 0 };
	ASSERT_EQ(ZX_OK, zx_channel_write(a, IOV, iov, 1, NULL, 0));
	for (i = 0; i < 3; i++)
		read_expect(_metadata, b, NULL, 0, NULL, 0);

	/* 8192 pieces making exactly 64 KiB, through write_etc */
	for (i = 0; i < MAX_IOVECS; i++)
		iov[i] = (zx_channel_iovec_t){ .buffer = in + i * 8, .capacity = 8 };
	{
		zx_handle_disposition_t d = disp(MOVE, zxt_event(_metadata), ZX_OBJ_TYPE_EVENT,
						 SAME);

		ASSERT_EQ(ZX_OK, zx_channel_write_etc(a, IOV, iov, MAX_IOVECS, &d, 1));
	}
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, out, &got, sizeof(out), 1, &ab, &ah));
	EXPECT_EQ(MAX_BYTES, ab);
	EXPECT_EQ(0, memcmp(in, out, MAX_BYTES));
	zxt_close(_metadata, got);
	/* one piece of all of it */
	iov[0] = (zx_channel_iovec_t){ .buffer = in, .capacity = MAX_BYTES };
	ASSERT_EQ(ZX_OK, zx_channel_write(a, IOV, iov, 1, NULL, 0));
	read_expect(_metadata, b, in, MAX_BYTES, NULL, 0);
	EXPECT_EMPTY(b);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

TEST_ZX(iovec_errors)
{
	static zx_channel_iovec_t iov[MAX_IOVECS + 1];
	static uint8_t in[MAX_BYTES + 1];
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *none = guarded(_metadata, page, PROT_NONE);
	zx_channel_iovec_t *giov;
	zx_handle_t a, b, stale = stale_value(_metadata);
	struct marker m;
	uint32_t i;

	ch_pair(_metadata, &a, &b);
	for (i = 0; i <= MAX_IOVECS; i++)
		iov[i] = (zx_channel_iovec_t){ .buffer = in, .capacity = 1 };

#define IOV_FAILS(want, ch, vec, n) do { \
	m = marker_new(_metadata); \
	EXPECT_EQ((want), zx_channel_write((ch), IOV, (vec), (n), &m.h, 1)) \
		TH_LOG("line %d", __LINE__); \
	EXPECT_CONSUMED(m); \
	marker_close(_metadata, &m); \
} while (0)

	/* too many pieces, too many bytes; the handle checks come first */
	IOV_FAILS(ZX_ERR_OUT_OF_RANGE, a, iov, MAX_IOVECS + 1);
	IOV_FAILS(ZX_ERR_OUT_OF_RANGE, a, NULL, 0xffffffffu);
	IOV_FAILS(ZX_ERR_BAD_HANDLE, stale, iov, MAX_IOVECS + 1);
	iov[0].reserved = 1;
	IOV_FAILS(ZX_ERR_OUT_OF_RANGE, a, iov, MAX_IOVECS + 1);
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, iov, 1);
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, iov, 3);
	iov[0].reserved = 0;
	iov[2].reserved = 0x80000000u;
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, iov, 3);
	iov[2].reserved = 0;
	iov[0] = (zx_channel_iovec_t){ .buffer = in, .capacity = MAX_BYTES };
	IOV_FAILS(ZX_ERR_OUT_OF_RANGE, a, iov, 2);
	iov[0] = (zx_channel_iovec_t){ .buffer = in, .capacity = MAX_BYTES + 1 };
	IOV_FAILS(ZX_ERR_OUT_OF_RANGE, a, iov, 1);
	iov[0] = (zx_channel_iovec_t){ .buffer = in, .capacity = 0xffffffffu };
	iov[1] = (zx_channel_iovec_t){ .buffer = in, .capacity = 2 };
	IOV_FAILS(ZX_ERR_OUT_OF_RANGE, a, iov, 2);	/* no 32-bit wrap */
	/* bad pointers: the array, then a piece */
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, NULL, 1);
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, none, 1);
	giov = (zx_channel_iovec_t *)guarded(_metadata, sizeof(*giov), PROT_READ | PROT_WRITE);
	giov[0] = (zx_channel_iovec_t){ .buffer = in, .capacity = 1 };
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, giov, 2);
	iov[0] = (zx_channel_iovec_t){ .buffer = in, .capacity = 1 };
	iov[1] = (zx_channel_iovec_t){ .buffer = none, .capacity = 1 };
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, iov, 2);
	iov[1] = (zx_channel_iovec_t){ .buffer = NULL, .capacity = 1 };
	IOV_FAILS(ZX_ERR_INVALID_ARGS, a, iov, 2);
#undef IOV_FAILS
	EXPECT_EMPTY(b);
	/* the good piece alone still works */
	ASSERT_EQ(ZX_OK, zx_channel_write(a, IOV, giov, 1, NULL, 0));
	read_expect(_metadata, b, in, 1, NULL, 0);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/* ------------------------------------------------------------------ */
/* Limits                                                              */

TEST_ZX(largest_message)
{
	uint8_t *in = malloc(MAX_BYTES), *out = malloc(MAX_BYTES + 1);
	zx_handle_t a, b, hs[MAX_HANDLES], got[MAX_HANDLES + 1];
	zx_koid_t koids[MAX_HANDLES];
	uint32_t i, ab = 0, ah = 0;

	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	ch_pair(_metadata, &a, &b);
	for (i = 0; i < MAX_BYTES; i++)
		in[i] = (uint8_t)(i * 7 + (i >> 8));
	for (i = 0; i < MAX_HANDLES; i++) {
		hs[i] = zxt_event(_metadata);
		koids[i] = zxt_koid(_metadata, hs[i]);
	}
	WRITE_OK(a, in, MAX_BYTES, hs, MAX_HANDLES);
	for (i = 0; i < MAX_HANDLES; i++)
		ASSERT_FALSE(zxt_valid(hs[i]));
	/* one byte or one handle short: too small */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(b, 0, out, got, MAX_BYTES - 1, MAX_HANDLES, &ab, &ah));
	EXPECT_EQ(MAX_BYTES, ab);
	EXPECT_EQ(MAX_HANDLES, ah);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(b, 0, out, got, MAX_BYTES, MAX_HANDLES - 1, &ab, &ah));
	ab = ah = 0;
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, out, got, MAX_BYTES + 1, MAX_HANDLES + 1, &ab, &ah));
	EXPECT_EQ(MAX_BYTES, ab);
	EXPECT_EQ(MAX_HANDLES, ah);
	EXPECT_EQ(0, memcmp(in, out, MAX_BYTES));
	/* in the order they were sent */
	for (i = 0; i < MAX_HANDLES; i++)
		EXPECT_EQ(koids[i], zxt_koid(_metadata, got[i])) TH_LOG("handle %u", i);
	ASSERT_EQ(ZX_OK, zx_handle_close_many(got, MAX_HANDLES));

	/* the same the other way, through write_etc with duplicates */
	{
		zx_handle_disposition_t d[MAX_HANDLES];
		zx_handle_info_t info[MAX_HANDLES];
		zx_handle_t e = zxt_event(_metadata);

		for (i = 0; i < MAX_HANDLES; i++)
			d[i] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, ZX_RIGHT_WAIT);
		ASSERT_EQ(ZX_OK, zx_channel_write_etc(b, 0, in, MAX_BYTES, d, MAX_HANDLES));
		EXPECT_EQ(MAX_HANDLES + 1, zxt_handle_count(_metadata, e));
		ASSERT_EQ(ZX_OK, zx_channel_read_etc(a, 0, out, info, MAX_BYTES, MAX_HANDLES, &ab,
						     &ah));
		EXPECT_EQ(MAX_BYTES, ab);
		EXPECT_EQ(MAX_HANDLES, ah);
		EXPECT_EQ(0, memcmp(in, out, MAX_BYTES));
		for (i = 0; i < MAX_HANDLES; i++) {
			EXPECT_EQ(ZX_RIGHT_WAIT, info[i].rights);
			zxt_close(_metadata, info[i].handle);
		}
		EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
		zxt_close(_metadata, e);
	}
	free(in);
	free(out);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/* ------------------------------------------------------------------ */
/* Moving objects through channels                                     */

struct obj {
	const char *name;
	zx_handle_t h, keep;		/* keep: the other end, if any */
	zx_obj_type_t type;
	zx_koid_t koid;
	zx_rights_t rights;
};

#define NOBJ 11

static void make_objects(struct __test_metadata *_metadata, struct obj *o)
{
	zx_handle_t x, y;
	int i;

	memset(o, 0, NOBJ * sizeof(*o));
	o[0].name = "event";
	o[0].h = zxt_event(_metadata);
	o[1].name = "eventpair";
	zxt_eventpair(_metadata, &o[1].h, &o[1].keep);
	o[2].name = "port";
	o[2].h = zxt_port(_metadata);
	o[3].name = "timer";
	o[3].h = zxt_timer(_metadata, ZX_TIMER_SLACK_LATE);
	o[4].name = "socket";
	ASSERT_EQ(ZX_OK, zx_socket_create(ZX_SOCKET_STREAM, &o[4].h, &o[4].keep));
	o[5].name = "fifo";
	ASSERT_EQ(ZX_OK, zx_fifo_create(4, 8, 0, &o[5].h, &o[5].keep));
	o[6].name = "channel";
	ch_pair(_metadata, &o[6].h, &o[6].keep);
	/* both ends of one channel */
	ch_pair(_metadata, &x, &y);
	o[7].name = "channel end 0";
	o[7].h = x;
	o[8].name = "channel end 1";
	o[8].h = y;
	/* rights that are not the default ones */
	o[9].name = "event, fewer rights";
	o[9].h = zxt_event(_metadata);
	ASSERT_EQ(ZX_OK, zx_handle_replace(o[9].h, ZX_RIGHT_TRANSFER | ZX_RIGHT_INSPECT, &x));
	o[9].h = x;
	o[10].name = "channel, fewer rights";
	o[10].h = ch_reduced(_metadata, ZX_RIGHT_TRANSFER | ZX_RIGHT_READ | ZX_RIGHT_WAIT,
			     &o[10].keep);
	for (i = 0; i < NOBJ; i++) {
		zx_info_handle_basic_t bi = zxt_info(_metadata, o[i].h);

		o[i].type = bi.type;
		o[i].koid = bi.koid;
		o[i].rights = bi.rights;
	}
}

/* Each object, as received, still works and is still joined to its peer. */
static void use_objects(struct __test_metadata *_metadata, struct obj *o)
{
	zx_port_packet_t pkt = zxt_user_packet(42), got;
	uint64_t v = 0x1122334455667788ull, w = 0;
	zx_signals_t obs = 0;
	uint8_t c = 0;
	size_t n = 0;

	ASSERT_EQ(ZX_OK, zx_object_signal(o[0].h, 0, ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_EVENT_SIGNALED, zxt_signals(_metadata, o[0].h));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(o[1].h, 0, ZX_USER_SIGNAL_4));
	EXPECT_EQ(ZX_USER_SIGNAL_4, zxt_signals(_metadata, o[1].keep) & ZX_USER_SIGNAL_ALL);
	ASSERT_EQ(ZX_OK, zx_port_queue(o[2].h, &pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(o[2].h, 0, &got));
	EXPECT_TRUE(zxt_user_packet_ok(&got));
	ASSERT_EQ(ZX_OK, zx_timer_set(o[3].h, 0, 0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(o[3].h, ZX_TIMER_SIGNALED, LONG_DEADLINE(), &obs));
	ASSERT_EQ(ZX_OK, zx_socket_write(o[4].h, 0, "s", 1, &n));
	ASSERT_EQ(ZX_OK, zx_socket_read(o[4].keep, 0, &c, 1, &n));
	EXPECT_EQ('s', c);
	ASSERT_EQ(ZX_OK, zx_fifo_write(o[5].h, 8, &v, 1, &n));
	ASSERT_EQ(ZX_OK, zx_fifo_read(o[5].keep, 8, &w, 1, &n));
	EXPECT_EQ(v, w);
	write_fill(_metadata, o[6].h, 6, 6);
	read_fill(_metadata, o[6].keep, 6, 6);
	write_fill(_metadata, o[6].keep, 7, 7);
	read_fill(_metadata, o[6].h, 7, 7);
	EXPECT_EQ(o[8].koid, zxt_info(_metadata, o[7].h).related_koid);
	write_fill(_metadata, o[7].h, 8, 8);
	read_fill(_metadata, o[8].h, 8, 8);
	write_fill(_metadata, o[8].h, 9, 9);
	read_fill(_metadata, o[7].h, 9, 9);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(o[9].h, 0, ZX_EVENT_SIGNALED));
	write_fill(_metadata, o[10].keep, 10, 10);
	read_fill(_metadata, o[10].h, 10, 10);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_write(o[10].h, 0, "x", 1, NULL, 0));
}

static void close_objects(struct __test_metadata *_metadata, struct obj *o)
{
	int i;

	for (i = 0; i < NOBJ; i++) {
		zxt_close(_metadata, o[i].h);
		if (o[i].keep)
			zxt_close(_metadata, o[i].keep);
	}
}

/*
 * Every object type, one per message and then all in one message (both
 * ends of a channel included): same koid, type and rights on arrival,
 * and the objects still work, joined to their peers.
 */
TEST_ZX(transfer_every_type)
{
	zx_handle_t a, b, hs[NOBJ];
	zx_handle_info_t info[NOBJ + 1];
	struct obj o[NOBJ];
	char name[64];
	uint32_t ab, ah;
	int i, round;

	ch_pair(_metadata, &a, &b);
	make_objects(_metadata, o);
	/* one per message, a to b and back; then all in one message */
	for (round = 0; round < 3; round++) {
		zx_handle_t w = round == 1 ? b : a, r = round == 1 ? a : b;

		if (round < 2) {
			for (i = 0; i < NOBJ; i++)
				WRITE_OK(w, o[i].name, (uint32_t)strlen(o[i].name), &o[i].h, 1);
		} else {
			for (i = 0; i < NOBJ; i++)
				hs[i] = o[i].h;
			WRITE_OK(w, "all", 3, hs, NOBJ);
		}
		for (i = 0; i < NOBJ; i++) {
			EXPECT_FALSE(zxt_valid(o[i].h)) TH_LOG("%s", o[i].name);
		}
		memset(info, 0xa5, sizeof(info));
		for (i = 0; i < NOBJ; i++) {
			int k = round < 2 ? 0 : i;

			if (round < 2 || i == 0) {
				memset(name, 0, sizeof(name));
				ab = ah = 0;
				ASSERT_EQ(ZX_OK, zx_channel_read_etc(r, 0, name, info, sizeof(name),
								     NOBJ + 1, &ab, &ah));
				ASSERT_EQ(round < 2 ? 1u : (uint32_t)NOBJ, ah);
				if (round < 2)
					EXPECT_STREQ(o[i].name, name);
			}
			EXPECT_EQ(o[i].type, info[k].type) TH_LOG("%s", o[i].name);
			EXPECT_EQ(o[i].rights, info[k].rights) TH_LOG("%s", o[i].name);
			EXPECT_EQ(0u, info[k].unused);
			EXPECT_EQ(o[i].koid, zxt_koid(_metadata, info[k].handle))
				TH_LOG("%s", o[i].name);
			EXPECT_EQ(o[i].rights, zxt_rights(_metadata, info[k].handle));
			o[i].h = info[k].handle;
		}
		EXPECT_EMPTY(r);
		/* nobody saw its peer close on the way */
		for (i = 0; i < NOBJ; i++) {
			if (o[i].keep) {
				EXPECT_EQ(0u, zxt_signals(_metadata, o[i].keep) & EP_PC)
					TH_LOG("%s", o[i].name);
			}
		}
		EXPECT_EQ(0u, zxt_signals(_metadata, o[7].h) & CH_PC);
		use_objects(_metadata, o);
	}
	close_objects(_metadata, o);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/* A channel end moved with messages queued on it keeps them, in order. */
TEST_ZX(transfer_keeps_queue)
{
	zx_handle_t a, b, c0, c1, got, mh;
	struct marker m;
	int i;

	ch_pair(_metadata, &a, &b);
	ch_pair(_metadata, &c0, &c1);
	m = marker_new(_metadata);
	for (i = 0; i < 5; i++)
		write_fill(_metadata, c1, (uint8_t)i, (uint32_t)i + 1);
	WRITE_OK(c1, "m", 1, &m.h, 1);
	ASSERT_EQ(ZX_OK, zx_object_signal(c0, 0, ZX_USER_SIGNAL_2));
	WRITE_OK(a, "c", 1, &c0, 1);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, c1));
	read_expect(_metadata, b, "c", 1, &got, 1);
	EXPECT_EQ(CH_R | CH_W | ZX_USER_SIGNAL_2, zxt_signals(_metadata, got));
	for (i = 0; i < 5; i++)
		read_fill(_metadata, got, (uint8_t)i, (uint32_t)i + 1);
	read_expect(_metadata, got, "m", 1, &mh, 1);
	EXPECT_EQ(m.koid, zxt_koid(_metadata, mh));
	EXPECT_EMPTY(got);
	EXPECT_ALIVE(m);
	zxt_close(_metadata, mh);
	EXPECT_DEAD(m);
	/* and it is still c1's peer */
	write_fill(_metadata, got, 9, 9);
	read_fill(_metadata, c1, 9, 9);
	zxt_close(_metadata, got);
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, c1));
	marker_close(_metadata, &m);
	zxt_close(_metadata, c1);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * A handle that leaves the table for a message ends the waits made
 * through it (CANCELED), not those made through another handle.
 */
TEST_ZX(transfer_cancels_waits)
{
	struct zxt_waiter w1, w2;
	struct zxt_many_waiter wm;
	zx_wait_item_t it[2];
	zx_handle_t a, b, e, d, e2, other, got;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	zxt_waiter_start_blocked(&w1, e, ZX_USER_SIGNAL_0, LONG_DEADLINE());
	zxt_waiter_start_blocked(&w2, d, ZX_USER_SIGNAL_0, LONG_DEADLINE());
	WRITE_OK(a, "e", 1, &e, 1);
	zxt_waiter_join(&w1);
	EXPECT_EQ(ZX_ERR_CANCELED, w1.status);
	EXPECT_FALSE(zxt_waiter_done(&w2));
	/* the object, received, can still wake the other waiter */
	read_expect(_metadata, b, "e", 1, &got, 1);
	ASSERT_EQ(ZX_OK, zx_object_signal(got, 0, ZX_USER_SIGNAL_0));
	zxt_waiter_join(&w2);
	EXPECT_EQ(ZX_OK, w2.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, w2.observed);
	zxt_close(_metadata, got);
	zxt_close(_metadata, d);

	/* wait_many: the item whose handle left */
	e2 = zxt_event(_metadata);
	other = zxt_event(_metadata);
	it[0] = (zx_wait_item_t){ .handle = other, .waitfor = ZX_USER_SIGNAL_0 };
	it[1] = (zx_wait_item_t){ .handle = e2, .waitfor = ZX_USER_SIGNAL_0 };
	zxt_many_waiter_start_blocked(&wm, it, 2, LONG_DEADLINE());
	{
		zx_handle_disposition_t dd = disp(MOVE, e2, ZX_OBJ_TYPE_EVENT, ZX_RIGHT_WAIT);

		ASSERT_EQ(ZX_OK, zx_channel_write_etc(a, 0, NULL, 0, &dd, 1));
	}
	zxt_many_waiter_join(&wm);
	EXPECT_EQ(ZX_ERR_CANCELED, wm.status);
	read_expect(_metadata, b, NULL, 0, &got, 1);
	EXPECT_EQ(ZX_RIGHT_WAIT, zxt_rights(_metadata, got));
	zxt_close(_metadata, got);
	/* a failed write consumes the handle, which also cancels */
	zxt_waiter_start_blocked(&w1, other, ZX_USER_SIGNAL_0, LONG_DEADLINE());
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_write(a, 1, NULL, 0, &other, 1));
	zxt_waiter_join(&w1);
	EXPECT_EQ(ZX_ERR_CANCELED, w1.status);

	/*
	 * wait_async: registrations made through the moved handle go (no
	 * packet), a packet already queued stays, those made through
	 * another handle stay.
	 */
	{
		zx_handle_t port = zxt_port(_metadata), e3 = zxt_event(_metadata), d3;

		d3 = zxt_dup(_metadata, e3, ZX_RIGHT_SAME_RIGHTS);
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e3, port, 1, ZX_USER_SIGNAL_0, 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e3, port, 2, ZX_USER_SIGNAL_1, 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(d3, port, 3, ZX_USER_SIGNAL_0, 0));
		ASSERT_EQ(ZX_OK, zx_object_signal(d3, 0, ZX_USER_SIGNAL_1));
		WRITE_OK(a, "e3", 2, &e3, 1);
		read_expect(_metadata, b, "e3", 2, &got, 1);
		ASSERT_EQ(ZX_OK, zx_object_signal(got, 0, ZX_USER_SIGNAL_0));
		zxt_expect_signal_packet(zxt_take(_metadata, port), 2, ZX_USER_SIGNAL_1,
					 ZX_USER_SIGNAL_1);
		zxt_expect_signal_packet(zxt_take(_metadata, port), 3, ZX_USER_SIGNAL_0,
					 ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1);
		zxt_port_empty(port);
		zxt_close(_metadata, got);
		zxt_close(_metadata, d3);
		zxt_close(_metadata, port);
	}
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * An object whose only handle sits in an unread message is alive; it
 * dies with its last handle, wherever that is.
 */
TEST_ZX(message_keeps_object_alive)
{
	zx_handle_t a, b, got;
	struct marker m;

	/* the writer closes: the message and its handle stay for the reader */
	ch_pair(_metadata, &a, &b);
	m = marker_new(_metadata);
	WRITE_OK(a, "m", 1, &m.h, 1);
	EXPECT_FALSE(zxt_valid(m.h));
	EXPECT_EQ(0u, zxt_signals(_metadata, m.peer));
	zxt_close(_metadata, a);
	EXPECT_EQ(0u, zxt_signals(_metadata, m.peer));
	read_expect(_metadata, b, "m", 1, &got, 1);
	EXPECT_EQ(0u, zxt_signals(_metadata, m.peer));
	/* the eventpair still works both ways */
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(m.peer, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, got));
	zxt_close(_metadata, got);
	EXPECT_EQ(EP_PC, zxt_signals(_metadata, m.peer));	/* synchronous */
	marker_close(_metadata, &m);
	zxt_close(_metadata, b);

	/* the reader closes with the message unread: the object dies */
	ch_pair(_metadata, &a, &b);
	m = marker_new(_metadata);
	WRITE_OK(a, "m", 1, &m.h, 1);
	EXPECT_ALIVE(m);
	zxt_close(_metadata, b);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);

	/* both close: the same */
	ch_pair(_metadata, &a, &b);
	m = marker_new(_metadata);
	WRITE_OK(a, "m", 1, &m.h, 1);
	zxt_close(_metadata, a);
	EXPECT_ALIVE(m);
	zxt_close(_metadata, b);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);
	EXPECT_TABLE_USED(0);
}

/*
 * Nesting: a message holds a channel end whose queue holds a channel end
 * ... 1000 deep, a marker at the bottom. Closing the outermost end frees
 * the whole chain (without recursing 1000 deep in the kernel).
 */
#define CHAIN 1000

TEST_ZX_SLOW(nested_chain_freed)
{
	zx_handle_t *a = calloc(CHAIN, sizeof(*a)), *b = calloc(CHAIN, sizeof(*b)), top, got;
	struct marker m;
	int i, round;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < CHAIN; i++)
			ch_pair(_metadata, &a[i], &b[i]);
		m = marker_new(_metadata);
		/* a[0]'s queue: the marker; a[i]'s queue: a[i - 1] */
		WRITE_OK(b[0], "m", 1, &m.h, 1);
		for (i = 1; i < CHAIN; i++)
			WRITE_OK(b[i], "c", 1, &a[i - 1], 1);
		for (i = 0; i < CHAIN; i++)
			zxt_close(_metadata, b[i]);
		top = a[CHAIN - 1];
		EXPECT_EQ(CH_R | CH_PC, zxt_signals(_metadata, top));
		EXPECT_ALIVE(m);
		if (round == 0) {
			/* unwind it by hand: everything is there */
			for (i = CHAIN - 1; i > 0; i--) {
				read_expect(_metadata, top, "c", 1, &got, 1);
				zxt_close(_metadata, top);
				top = got;
			}
			read_expect(_metadata, top, "m", 1, &got, 1);
			EXPECT_EQ(m.koid, zxt_koid(_metadata, got));
			EXPECT_ALIVE(m);
			zxt_close(_metadata, got);
		}
		zxt_close(_metadata, top);
		EXPECT_DEAD(m);
		marker_close(_metadata, &m);
	}
	free(a);
	free(b);
	EXPECT_TABLE_USED(0);
}

/* ------------------------------------------------------------------ */
/* Garbage cycles                                                      */

/*
 * Make a garbage cycle (an end in its own queue, its peer closed) and
 * wait until the collector has freed it: a collection has run since.
 */
static void gc_run_once(struct __test_metadata *_metadata)
{
	zx_handle_t g0, g1;
	struct marker m = marker_new(_metadata);

	ch_pair(_metadata, &g0, &g1);
	WRITE_OK(g1, "g", 1, &m.h, 1);
	WRITE_OK(g1, "self", 4, &g0, 1);
	zxt_close(_metadata, g1);
	ASSERT_TRUE(died_within(m.peer, EVENTUALLY)) TH_LOG("the collector never ran");
	marker_close(_metadata, &m);
}

/*
 * A channel end in its own queue: written through its peer, it lands in
 * its own queue. Once the peer closes, nothing can ever read it: the
 * collector frees it and what else is queued there (a marker).
 */
TEST_ZX(gc_self_cycle)
{
	zx_handle_t a, b;
	struct marker m;
	int i;

	/* a handful without markers, for kmemleak to look at */
	for (i = 0; i < 20; i++) {
		ch_pair(_metadata, &a, &b);
		if (i & 1)
			write_fill(_metadata, b, 1, 100);
		WRITE_OK(b, "self", 4, &a, 1);
		EXPECT_FALSE(zxt_valid(a));
		zxt_close(_metadata, b);
	}
	ch_pair(_metadata, &a, &b);
	m = marker_new(_metadata);
	WRITE_OK(b, "m", 1, &m.h, 1);
	WRITE_OK(b, "self", 4, &a, 1);
	EXPECT_FALSE(zxt_valid(a));
	/*
	 * While b is open, a is alive (as on Zircon): b can write to it and
	 * would see PEER_CLOSED if it went. A garbage cycle made now and
	 * seen collected proves the collector ran meanwhile.
	 */
	gc_run_once(_metadata);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, b));
	EXPECT_ALIVE(m);
	write_fill(_metadata, b, 1, 1);
	zxt_close(_metadata, b);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);
	EXPECT_TABLE_USED(0);
}

/* Two channels, each end in the other's queue, then every handle closed. */
TEST_ZX(gc_two_channel_cycle)
{
	zx_handle_t a1, b1, a2, b2;
	struct marker m1, m2;
	int order;

	for (order = 0; order < 4; order++) {
		ch_pair(_metadata, &a1, &b1);
		ch_pair(_metadata, &a2, &b2);
		m1 = marker_new(_metadata);
		m2 = marker_new(_metadata);
		WRITE_OK(b1, "m1", 2, &m1.h, 1);	/* into a1's queue */
		WRITE_OK(b2, "m2", 2, &m2.h, 1);	/* into a2's queue */
		WRITE_OK(b2, "a1", 2, &a1, 1);		/* a1 into a2's queue */
		WRITE_OK(b1, "a2", 2, &a2, 1);		/* a2 into a1's queue */
		/* while b1 or b2 is open, the writer keeps the whole cycle */
		zxt_close(_metadata, order & 1 ? b1 : b2);
		if (order < 2) {
			gc_run_once(_metadata);
			EXPECT_ALIVE(m1);
			EXPECT_ALIVE(m2);
		}
		zxt_close(_metadata, order & 1 ? b2 : b1);
		EXPECT_DEAD(m1);
		EXPECT_DEAD(m2);
		marker_close(_metadata, &m1);
		marker_close(_metadata, &m2);
	}
	EXPECT_TABLE_USED(0);
}

/* A ring of 64 channels, each end in the next one's queue. */
TEST_ZX(gc_ring)
{
	enum { N = 64 };
	zx_handle_t a[N], b[N];
	struct marker m[4];
	int i;

	for (i = 0; i < N; i++)
		ch_pair(_metadata, &a[i], &b[i]);
	for (i = 0; i < 4; i++) {
		m[i] = marker_new(_metadata);
		WRITE_OK(b[i * 16 + 3], "m", 1, &m[i].h, 1);
	}
	for (i = 0; i < N; i++) {
		/* a[i] into a[(i + 1) % N]'s queue, with some bytes around it */
		write_fill(_metadata, b[(i + 1) % N], (uint8_t)i, (uint32_t)i);
		WRITE_OK(b[(i + 1) % N], "ring", 4, &a[i], 1);
	}
	for (i = 0; i < N; i++)
		zxt_close(_metadata, b[i]);
	for (i = 0; i < 4; i++) {
		EXPECT_DEAD(m[i]);
		marker_close(_metadata, &m[i]);
	}
	EXPECT_TABLE_USED(0);
}

/* A cycle whose queues hold every object type; all of it is freed. */
TEST_ZX(gc_cycle_holding_everything)
{
	zx_handle_t a1, b1, a2, b2, hs[NOBJ];
	struct obj o[NOBJ];
	zx_time_t deadline;
	int i;

	ch_pair(_metadata, &a1, &b1);
	ch_pair(_metadata, &a2, &b2);
	make_objects(_metadata, o);
	/* the objects' other ends stay with us: they see PEER_CLOSED */
	for (i = 0; i < NOBJ; i++)
		hs[i] = o[i].h;
	WRITE_OK(b1, "all", 3, hs, NOBJ);
	write_fill(_metadata, o[6].keep, 1, 10);	/* queued in a queued channel */
	WRITE_OK(b1, "a2", 2, &a2, 1);
	WRITE_OK(b2, "a1", 2, &a1, 1);
	zxt_close(_metadata, b1);
	zxt_close(_metadata, b2);
	deadline = zx_deadline_after(EVENTUALLY);
	for (i = 0; i < NOBJ; i++) {
		zx_signals_t obs = 0;

		if (!o[i].keep)
			continue;
		EXPECT_EQ(ZX_OK, zx_object_wait_one(o[i].keep, EP_PC, deadline, &obs))
			TH_LOG("%s never saw its peer close", o[i].name);
		zxt_close(_metadata, o[i].keep);
	}
	EXPECT_TABLE_USED(0);
}

/*
 * What can still be read is not garbage, even if no table holds it: a
 * chain hanging off a handle in the table, and a channel end kept in a
 * handle descriptor. A garbage cycle made afterwards and seen collected
 * proves the collector ran in between.
 */
TEST_ZX(gc_spares_reachable)
{
	zx_handle_t x, y, c0, c1, d0, d1, got, got2;
	struct marker keep1, keep2;
	int fd = -1;

	/* x's queue holds c0, whose queue holds keep1; c1 is closed */
	ch_pair(_metadata, &x, &y);
	ch_pair(_metadata, &c0, &c1);
	keep1 = marker_new(_metadata);
	WRITE_OK(c1, "k1", 2, &keep1.h, 1);
	WRITE_OK(y, "c0", 2, &c0, 1);
	zxt_close(_metadata, c1);
	zxt_close(_metadata, y);

	/* d0 lives in a descriptor; its queue holds keep2; d1 is closed */
	ch_pair(_metadata, &d0, &d1);
	keep2 = marker_new(_metadata);
	WRITE_OK(d1, "k2", 2, &keep2.h, 1);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(d0, O_CLOEXEC, &fd));
	zxt_close(_metadata, d1);

	/* garbage, and its collection */
	gc_run_once(_metadata);

	EXPECT_ALIVE(keep1);
	EXPECT_ALIVE(keep2);
	read_expect(_metadata, x, "c0", 2, &got, 1);
	EXPECT_EQ(CH_R | CH_PC, zxt_signals(_metadata, got));
	read_expect(_metadata, got, "k1", 2, &got2, 1);
	EXPECT_EQ(keep1.koid, zxt_koid(_metadata, got2));
	zxt_close(_metadata, got2);
	EXPECT_DEAD(keep1);
	zxt_close(_metadata, got);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &got));
	close(fd);
	read_expect(_metadata, got, "k2", 2, &got2, 1);
	EXPECT_EQ(keep2.koid, zxt_koid(_metadata, got2));
	EXPECT_ALIVE(keep2);
	zxt_close(_metadata, got2);
	EXPECT_DEAD(keep2);
	zxt_close(_metadata, got);
	zxt_close(_metadata, x);
	marker_close(_metadata, &keep1);
	marker_close(_metadata, &keep2);
	EXPECT_TABLE_USED(0);
}

/*
 * Threads making and dropping cycles while others move handles through
 * other channels: every cycle's marker dies, nothing else does.
 */
struct gc_churn {
	pthread_t t;
	int64_t end;
	unsigned long cycles;
	zx_handle_t *peers;	/* marker peers, to check afterwards */
	unsigned long npeers, cap;
	int fail_line;
};

static void *gc_churn_main(void *arg)
{
	struct gc_churn *c = arg;

	while (zxt_mono_ns() < c->end && c->npeers + 2 <= c->cap) {
		zx_handle_t a1, b1, a2, b2, m1, p1, m2, p2;

		if (zx_channel_create(0, &a1, &b1) != ZX_OK ||
		    zx_channel_create(0, &a2, &b2) != ZX_OK ||
		    zx_eventpair_create(0, &m1, &p1) != ZX_OK ||
		    zx_eventpair_create(0, &m2, &p2) != ZX_OK) {
			c->fail_line = __LINE__;
			return NULL;
		}
		c->peers[c->npeers++] = p1;
		c->peers[c->npeers++] = p2;
		if (zx_channel_write(b1, 0, "m", 1, &m1, 1) != ZX_OK ||
		    zx_channel_write(b2, 0, "m", 1, &m2, 1) != ZX_OK ||
		    zx_channel_write(b2, 0, "c", 1, &a1, 1) != ZX_OK ||
		    zx_channel_write(c->cycles & 1 ? b1 : b2, 0, "c", 1, &a2, 1) != ZX_OK ||
		    zx_handle_close(b1) != ZX_OK || zx_handle_close(b2) != ZX_OK) {
			c->fail_line = __LINE__;
			return NULL;
		}
		c->cycles++;
	}
	return NULL;
}

struct traffic {
	pthread_t t;
	zx_handle_t a, b;
	int stop;
	unsigned long moved;
	int fail_line;
};

/* One live channel with a marker bouncing through it; it must survive. */
static void *traffic_main(void *arg)
{
	struct traffic *tr = arg;
	zx_handle_t h = ZX_HANDLE_INVALID, p;

	if (zx_eventpair_create(0, &h, &p) != ZX_OK) {
		tr->fail_line = __LINE__;
		return NULL;
	}
	while (!__atomic_load_n(&tr->stop, __ATOMIC_ACQUIRE)) {
		uint32_t ab, ah;
		zx_signals_t obs;
		uint8_t buf[4];

		if (zx_channel_write(tr->a, 0, "t", 1, &h, 1) != ZX_OK ||
		    zx_channel_read(tr->b, 0, buf, NULL, 4, 0, &ab, &ah) != ZX_ERR_BUFFER_TOO_SMALL ||
		    zx_channel_read(tr->b, 0, buf, &h, 4, 1, &ab, &ah) != ZX_OK || ah != 1 ||
		    ab != 1 || buf[0] != 't') {
			tr->fail_line = __LINE__;
			break;
		}
		if (zx_object_wait_one(p, EP_PC, 0, &obs) != ZX_ERR_TIMED_OUT) {
			tr->fail_line = __LINE__;
			break;
		}
		tr->moved++;
	}
	zx_handle_close(h);
	zx_handle_close(p);
	return NULL;
}

TEST_ZX_SLOW(gc_churn)
{
	enum { NT = 3, CAP = 4000 };
	struct gc_churn c[NT];
	struct traffic tr;
	unsigned long total = 0, alive = 0, k;
	zx_time_t deadline;
	int i;

	memset(&tr, 0, sizeof(tr));
	ch_pair(_metadata, &tr.a, &tr.b);
	ASSERT_EQ(0, pthread_create(&tr.t, NULL, traffic_main, &tr));
	for (i = 0; i < NT; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].end = zxt_mono_ns() + zxt_budget_ns();
		c[i].cap = CAP / NT;
		c[i].peers = calloc(c[i].cap, sizeof(zx_handle_t));
		ASSERT_NE(NULL, c[i].peers);
		ASSERT_EQ(0, pthread_create(&c[i].t, NULL, gc_churn_main, &c[i]));
	}
	for (i = 0; i < NT; i++)
		ASSERT_EQ(0, pthread_join(c[i].t, NULL));
	__atomic_store_n(&tr.stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_join(tr.t, NULL));
	EXPECT_EQ(0, tr.fail_line);
	EXPECT_LT(0u, tr.moved);
	/* one deadline for all of them */
	deadline = zx_deadline_after(EVENTUALLY);
	for (i = 0; i < NT; i++) {
		EXPECT_EQ(0, c[i].fail_line) TH_LOG("thread %d", i);
		total += c[i].cycles;
		for (k = 0; k < c[i].npeers; k++) {
			zx_signals_t obs = 0;

			if (zx_object_wait_one(c[i].peers[k], EP_PC, deadline, &obs) != ZX_OK)
				alive++;
			zx_handle_close(c[i].peers[k]);
		}
		free(c[i].peers);
	}
	EXPECT_EQ(0u, alive) TH_LOG("markers never freed");
	TH_LOG("%lu cycles collected, %lu messages of traffic", total, tr.moved);
	EXPECT_LT(0u, total);
	zxt_close(_metadata, tr.a);
	zxt_close(_metadata, tr.b);
}

/* ------------------------------------------------------------------ */
/* The queue bound                                                     */

/* Write small messages to @h until SHOULD_WAIT; the count written. */
static unsigned long fill_queue(struct __test_metadata *_metadata, zx_handle_t h,
				uint32_t size)
{
	static uint8_t buf[MAX_BYTES];
	unsigned long n = 0;
	zx_status_t st = ZX_OK;

	while (n < 100000 && (st = zx_channel_write(h, 0, buf, size, NULL, 0)) == ZX_OK) {
		n++;
		buf[0]++;
	}
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, st) TH_LOG("after %lu messages of %u bytes", n, size);
	return n;
}

TEST_ZX(queue_bound_reader_never_reads)
{
	zx_handle_t a, b;
	unsigned long n, i;
	struct marker m;
	uint8_t out[16];

	ch_pair(_metadata, &a, &b);
	n = fill_queue(_metadata, a, 8);
	ASSERT_LT(0u, n);
	TH_LOG("%lu messages of 8 bytes queued", n);
	/* full: a is not WRITABLE, b (its own direction empty) is */
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, b));
	for (i = 0; i < 10; i++)
		EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_write(a, 0, out, 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_write(a, 0, NULL, 0, NULL, 0));
	/* a refused message's handles are consumed too */
	m = marker_new(_metadata);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_write(a, 0, out, 1, &m.h, 1));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	/* the other direction is not affected */
	write_fill(_metadata, b, 3, 3);
	read_fill(_metadata, a, 3, 3);

	/* one read makes room for one more */
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, out, NULL, sizeof(out), 0, NULL, NULL));
	EXPECT_EQ(0, out[0]);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	write_fill(_metadata, a, 0xee, 8);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_write(a, 0, out, 8, NULL, 0));
	/* everything that was accepted comes out, in order */
	for (i = 1; i < n; i++) {
		ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, out, NULL, sizeof(out), 0, NULL, NULL));
		ASSERT_EQ((uint8_t)i, out[0]) TH_LOG("message %lu", i);
		if (i == 1)
			EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	}
	read_fill(_metadata, b, 0xee, 8);
	EXPECT_EMPTY(b);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));

	/* full again, then the reader goes: PEER_CLOSED, not SHOULD_WAIT */
	EXPECT_EQ(n, fill_queue(_metadata, a, 8));
	zxt_close(_metadata, b);
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write(a, 0, out, 1, NULL, 0));
	zxt_close(_metadata, a);
}

/* Large messages hit the bound too (messages or bytes, whichever first). */
TEST_ZX(queue_bound_large_messages)
{
	zx_handle_t a, b;
	unsigned long n_small, n_big;

	ch_pair(_metadata, &a, &b);
	n_big = fill_queue(_metadata, a, MAX_BYTES);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	TH_LOG("%lu messages of 64 KiB queued (%lu KiB)", n_big, n_big * 64);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read(b, ZX_CHANNEL_READ_MAY_DISCARD, NULL,
							    NULL, 0, 0, NULL, NULL));
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	zxt_close(_metadata, b);
	zxt_close(_metadata, a);
	/* the count bound for tiny ones is no smaller */
	ch_pair(_metadata, &a, &b);
	n_small = fill_queue(_metadata, a, 0);
	EXPECT_GE(n_small, n_big);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* A writer blocked on WRITABLE wakes when the reader takes one. */
TEST_ZX(queue_bound_wakes_writer)
{
	struct zxt_waiter w;
	zx_handle_t a, b;

	ch_pair(_metadata, &a, &b);
	fill_queue(_metadata, a, 1);
	zxt_waiter_start_blocked(&w, a, CH_W, LONG_DEADLINE());
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_channel_read(b, ZX_CHANNEL_READ_MAY_DISCARD, NULL,
							    NULL, 0, 0, NULL, NULL));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(CH_W, w.observed);
	/* and one waiting for WRITABLE when the reader closes gets PEER_CLOSED */
	write_fill(_metadata, a, 1, 1);
	zxt_waiter_start_blocked(&w, a, CH_W | CH_PC, LONG_DEADLINE());
	zxt_close(_metadata, b);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(CH_PC, w.observed);
	zxt_close(_metadata, a);
}

/* ------------------------------------------------------------------ */
/* zx_channel_call                                                     */

static zx_channel_call_args_t call_args(const void *wb, uint32_t wn, const zx_handle_t *wh,
					uint32_t whn, void *rb, uint32_t rn, zx_handle_t *rh,
					uint32_t rhn)
{
	return (zx_channel_call_args_t){
		.wr_bytes = wb, .wr_handles = wh, .rd_bytes = rb, .rd_handles = rh,
		.wr_num_bytes = wn, .wr_num_handles = whn,
		.rd_num_bytes = rn, .rd_num_handles = rhn,
	};
}

/* Is the calling thread's peer @tid blocked in zx_channel_call()? */
static bool blocked_in_call(pid_t tid)
{
	return zxt_blocked_in_ioctl(tid, ZIRCON_IOC_CHANNEL_CALL) == 1 ||
	       zxt_blocked_in_ioctl(tid, ZIRCON_IOC_CHANNEL_CALL_ETC) == 1;
}

/* Spin (yielding) until @tid is blocked in a call; false after 60 s or on *stop. */
static bool wait_blocked_in_call(pid_t tid, const int *stop)
{
	int64_t give_up = zxt_mono_ns() + ZXT_SEC(60);

	while (!blocked_in_call(tid)) {
		if (zxt_mono_ns() > give_up || (stop && __atomic_load_n(stop, __ATOMIC_ACQUIRE)))
			return false;
		sched_yield();
	}
	return true;
}

/*
 * Argument and handle checks: each failing call carries a marker, which
 * is consumed; the server end receives nothing.
 */
TEST_ZX(call_check_order)
{
	zx_handle_t a, b, e, noread, noread_peer, nowrite, nowrite_peer, stale, hs[65];
	uint8_t wb[16] = { 0 }, rb[16];
	uint8_t *big = calloc(1, MAX_BYTES + 1);
	zx_handle_t rh[4];
	zx_channel_call_args_t args;
	struct marker m, m65[65];
	uint32_t ab = 77, ah = 77;
	int i;

	ASSERT_NE(NULL, big);
	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	stale = stale_value(_metadata);
	noread = ch_reduced(_metadata, ZX_DEFAULT_CHANNEL_RIGHTS & ~ZX_RIGHT_READ, &noread_peer);
	nowrite = ch_reduced(_metadata, ZX_DEFAULT_CHANNEL_RIGHTS & ~ZX_RIGHT_WRITE,
			     &nowrite_peer);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_call(a, 0, 0, NULL, &ab, &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_call_etc(a, 0, 0, NULL, &ab, &ah));

#define CALL_FAILS(want, ch, opts, nbytes) do { \
	m = marker_new(_metadata); \
	args = call_args(wb, (nbytes), &m.h, 1, rb, sizeof(rb), rh, 4); \
	EXPECT_EQ((want), zx_channel_call((ch), (opts), 0, &args, &ab, &ah)); \
	EXPECT_CONSUMED(m); \
	marker_close(_metadata, &m); \
} while (0)

	/* options and the size of the txid, before the handle */
	CALL_FAILS(ZX_ERR_INVALID_ARGS, a, 1, 8);
	CALL_FAILS(ZX_ERR_INVALID_ARGS, a, ZX_CHANNEL_WRITE_USE_IOVEC | 4, 8);
	CALL_FAILS(ZX_ERR_INVALID_ARGS, stale, 1, 8);
	CALL_FAILS(ZX_ERR_INVALID_ARGS, a, 0, 3);
	CALL_FAILS(ZX_ERR_INVALID_ARGS, a, 0, 0);
	CALL_FAILS(ZX_ERR_INVALID_ARGS, stale, 0, 3);
	CALL_FAILS(ZX_ERR_INVALID_ARGS, e, 0, 0);
	/* the handle: BAD_HANDLE, WRONG_TYPE, READ and WRITE */
	CALL_FAILS(ZX_ERR_BAD_HANDLE, stale, 0, 8);
	CALL_FAILS(ZX_ERR_BAD_HANDLE, ZX_HANDLE_INVALID, 0, 8);
	CALL_FAILS(ZX_ERR_WRONG_TYPE, e, 0, 8);
	CALL_FAILS(ZX_ERR_ACCESS_DENIED, noread, 0, 8);
	CALL_FAILS(ZX_ERR_ACCESS_DENIED, nowrite, 0, 8);
	EXPECT_EMPTY(noread_peer);
	/* sizes */
	m = marker_new(_metadata);
	args = call_args(big, MAX_BYTES + 1, &m.h, 1, rb, sizeof(rb), rh, 4);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_call(a, 0, 0, &args, &ab, &ah));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	for (i = 0; i < 65; i++) {
		m65[i] = marker_new(_metadata);
		hs[i] = m65[i].h;
	}
	args = call_args(wb, 8, hs, 65, rb, sizeof(rb), rh, 4);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_channel_call(a, 0, 0, &args, &ab, &ah));
	for (i = 0; i < 65; i++) {
		EXPECT_CONSUMED(m65[i]);
		marker_close(_metadata, &m65[i]);
	}
	/* the bytes pointer */
	m = marker_new(_metadata);
	args = call_args(NULL, 8, &m.h, 1, rb, sizeof(rb), rh, 4);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_call(a, 0, 0, &args, &ab, &ah));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	/* the handles in the array */
	m = marker_new(_metadata);
	hs[0] = m.h;
	hs[1] = stale;
	args = call_args(wb, 8, hs, 2, rb, sizeof(rb), rh, 4);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_call(a, 0, 0, &args, &ab, &ah));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	EXPECT_EQ(77u, ab);
	EXPECT_EQ(77u, ah);
	EXPECT_EMPTY(b);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	/* the own handle: NOT_SUPPORTED, and the end is gone */
	m = marker_new(_metadata);
	hs[0] = m.h;
	hs[1] = a;
	args = call_args(wb, 8, hs, 2, rb, sizeof(rb), rh, 4);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_channel_call(a, 0, 0, &args, &ab, &ah));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(b, 0, NULL, NULL, 0, 0, NULL, NULL));
	/* the peer gone */
	CALL_FAILS(ZX_ERR_PEER_CLOSED, b, 0, 8);
	m = marker_new(_metadata);
	args = call_args(big, MAX_BYTES, &m.h, 1, rb, sizeof(rb), rh, 4);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_call(b, 0, LONG_DEADLINE(), &args, &ab, &ah));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
#undef CALL_FAILS
	free(big);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
	zxt_close(_metadata, noread);
	zxt_close(_metadata, noread_peer);
	zxt_close(_metadata, nowrite);
	zxt_close(_metadata, nowrite_peer);
	EXPECT_TABLE_USED(0);
}

/*
 * An echo server: for each request, sends back the same bytes (so the
 * same txid) followed by "!", and the handles it received, in order.
 */
struct echo {
	pthread_t t;
	zx_handle_t h;
	int count;
	zx_txid_t txids[64];
	uint32_t bytes[64], handles[64];
	int fail_line;
};

static void *echo_main(void *arg)
{
	struct echo *s = arg;
	uint8_t *buf = malloc(MAX_BYTES + 1);
	zx_handle_t hs[MAX_HANDLES];
	int i;

	if (!buf) {
		s->fail_line = __LINE__;
		return NULL;
	}
	for (i = 0; i < s->count; i++) {
		uint32_t ab = 0, ah = 0;

		if (wait_readable(s->h, LONG_DEADLINE()) != ZX_OK ||
		    zx_channel_read(s->h, 0, buf, hs, MAX_BYTES, MAX_HANDLES, &ab, &ah) != ZX_OK) {
			s->fail_line = __LINE__;
			break;
		}
		if (i < 64) {
			s->txids[i] = txid_of(buf);
			s->bytes[i] = ab;
			s->handles[i] = ah;
		}
		buf[ab] = '!';
		if (zx_channel_write(s->h, 0, buf, ab < MAX_BYTES ? ab + 1 : ab, hs, ah) != ZX_OK) {
			s->fail_line = __LINE__;
			break;
		}
	}
	free(buf);
	return NULL;
}

static void echo_start(struct __test_metadata *_metadata, struct echo *s, zx_handle_t h,
		       int count)
{
	memset(s, 0, sizeof(*s));
	s->h = h;
	s->count = count;
	ASSERT_EQ(0, pthread_create(&s->t, NULL, echo_main, s));
}

static void echo_join(struct __test_metadata *_metadata, struct echo *s)
{
	ASSERT_EQ(0, pthread_join(s->t, NULL));
	EXPECT_EQ(0, s->fail_line);
}

TEST_ZX(call_roundtrip)
{
	zx_handle_t a, b, e, rh[4];
	uint8_t wb[32], rb[64];
	zx_channel_call_args_t args;
	struct echo s;
	zx_koid_t ke;
	uint32_t ab, ah;
	int i;

	ch_pair(_metadata, &a, &b);
	echo_start(_metadata, &s, b, 4);
	e = zxt_event(_metadata);
	ke = zxt_koid(_metadata, e);
	for (i = 0; i < 4; i++) {
		memset(wb, 0x11 * (i + 1), sizeof(wb));
		memset(rb, 0xa5, sizeof(rb));
		memset(rh, 0xa5, sizeof(rh));
		/* a user txid in the message: the kernel replaces it */
		args = call_args(wb, 10 + i, &e, i & 1, rb, sizeof(rb), rh, 4);
		ab = ah = 77;
		ASSERT_EQ(ZX_OK, zx_channel_call(a, 0, LONG_DEADLINE(), &args, &ab, &ah));
		EXPECT_EQ(11u + i, ab);
		EXPECT_EQ((uint32_t)(i & 1), ah);
		/* the caller's buffer is not written; the server saw a kernel txid */
		EXPECT_EQ(0x11u * (i + 1), wb[0]);
		EXPECT_EQ(0x11u * (i + 1), wb[3]);
		EXPECT_GE(s.txids[i], 0x80000000u) TH_LOG("txid %#x", s.txids[i]);
		EXPECT_EQ(s.txids[i], txid_of(rb));
		EXPECT_EQ(0, memcmp(rb + 4, wb + 4, 6 + i));
		EXPECT_EQ('!', rb[10 + i]);
		EXPECT_EQ(0xa5, rb[11 + i]);
		if (i & 1) {
			/* the handle went there and back */
			EXPECT_FALSE(zxt_valid(e));
			EXPECT_EQ(ke, zxt_koid(_metadata, rh[0]));
			e = rh[0];
			EXPECT_EQ(0xa5a5a5a5u, rh[1]);
		} else {
			EXPECT_TRUE(zxt_valid(e));
		}
		EXPECT_EMPTY(a);
	}
	echo_join(_metadata, &s);
	EXPECT_EMPTY(b);
	EXPECT_EQ(CH_W, zxt_signals(_metadata, a));
	zxt_close(_metadata, e);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

TEST_ZX(call_largest_messages)
{
	uint8_t *wb = malloc(MAX_BYTES), *rb = malloc(MAX_BYTES);
	zx_handle_t a, b, hs[MAX_HANDLES], rh[MAX_HANDLES];
	zx_koid_t koids[MAX_HANDLES];
	zx_channel_call_args_t args;
	struct echo s;
	uint32_t i, ab = 0, ah = 0;

	ASSERT_NE(NULL, wb);
	ASSERT_NE(NULL, rb);
	ch_pair(_metadata, &a, &b);
	for (i = 0; i < MAX_BYTES; i++)
		wb[i] = (uint8_t)(i * 13 + 5);
	for (i = 0; i < MAX_HANDLES; i++) {
		hs[i] = zxt_event(_metadata);
		koids[i] = zxt_koid(_metadata, hs[i]);
	}
	echo_start(_metadata, &s, b, 1);
	args = call_args(wb, MAX_BYTES, hs, MAX_HANDLES, rb, MAX_BYTES, rh, MAX_HANDLES);
	ASSERT_EQ(ZX_OK, zx_channel_call(a, 0, LONG_DEADLINE(), &args, &ab, &ah));
	echo_join(_metadata, &s);
	EXPECT_EQ(MAX_BYTES, s.bytes[0]);
	EXPECT_EQ(MAX_HANDLES, s.handles[0]);
	EXPECT_EQ(MAX_BYTES, ab);
	EXPECT_EQ(MAX_HANDLES, ah);
	EXPECT_EQ(0, memcmp(wb + 4, rb + 4, MAX_BYTES - 4));
	for (i = 0; i < MAX_HANDLES; i++)
		EXPECT_EQ(koids[i], zxt_koid(_metadata, rh[i]));
	ASSERT_EQ(ZX_OK, zx_handle_close_many(rh, MAX_HANDLES));
	free(wb);
	free(rb);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* zx_channel_call_etc: dispositions out, handle infos back. */
TEST_ZX(call_etc_roundtrip)
{
	zx_handle_t a, b, e;
	zx_handle_disposition_t d[2];
	zx_handle_info_t info[3];
	zx_channel_call_etc_args_t args;
	struct marker m;
	uint8_t wb[8] = { 0 }, rb[16];
	struct echo s;
	uint32_t ab = 0, ah = 0;

	ch_pair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	m = marker_new(_metadata);
	d[0] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER);
	d[1] = disp(MOVE, m.h, ZX_OBJ_TYPE_EVENTPAIR, SAME);
	memset(info, 0xa5, sizeof(info));
	args = (zx_channel_call_etc_args_t){
		.wr_bytes = wb, .wr_handles = d, .rd_bytes = rb, .rd_handles = info,
		.wr_num_bytes = 8, .wr_num_handles = 2, .rd_num_bytes = 16, .rd_num_handles = 3,
	};
	echo_start(_metadata, &s, b, 1);
	ASSERT_EQ(ZX_OK, zx_channel_call_etc(a, 0, LONG_DEADLINE(), &args, &ab, &ah));
	echo_join(_metadata, &s);
	EXPECT_EQ(9u, ab);
	EXPECT_EQ(2u, ah);
	EXPECT_EQ(ZX_OK, d[0].result);
	EXPECT_EQ(ZX_OK, d[1].result);
	EXPECT_TRUE(zxt_valid(e));
	EXPECT_FALSE(zxt_valid(m.h));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info[0].type);
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER, info[0].rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, info[1].type);
	EXPECT_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, info[1].rights);
	EXPECT_EQ(0u, info[0].unused);
	EXPECT_EQ(0u, info[1].unused);
	EXPECT_EQ(0xa5a5a5a5u, info[2].handle);
	EXPECT_EQ(zxt_koid(_metadata, e), zxt_koid(_metadata, info[0].handle));
	EXPECT_EQ(m.koid, zxt_koid(_metadata, info[1].handle));
	EXPECT_EQ(2u, zxt_handle_count(_metadata, e));
	zxt_close(_metadata, info[0].handle);
	zxt_close(_metadata, info[1].handle);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);

	/* a failing entry: its result, the call's status, nothing sent */
	m = marker_reduced(_metadata, ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT);
	d[0] = disp(DUP, e, ZX_OBJ_TYPE_EVENT, SAME);
	d[1] = disp(DUP, m.h, ZX_OBJ_TYPE_EVENTPAIR, SAME);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_channel_call_etc(a, 0, 0, &args, &ab, &ah));
	EXPECT_EQ(ZX_OK, d[0].result);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, d[1].result);
	EXPECT_NOT_CONSUMED(m);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
	EXPECT_EMPTY(b);
	marker_close(_metadata, &m);
	zxt_close(_metadata, e);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/*
 * A call whose request is gathered from iovecs: the txid goes over the
 * first four gathered bytes, whichever pieces hold them; fewer than four
 * bytes in all is INVALID_ARGS.
 */
TEST_ZX(call_iovec)
{
	static const uint8_t body[12] = { 0xee, 0xee, 0xee, 0xee, 1, 2, 3, 4, 5, 6, 7, 8 };
	zx_channel_iovec_t iov[5] = {
		{ .buffer = body, .capacity = 1 },
		{ .buffer = body + 1, .capacity = 0 },
		{ .buffer = body + 1, .capacity = 2 },
		{ .buffer = body + 3, .capacity = 3 },
		{ .buffer = body + 6, .capacity = 6 },
	};
	zx_handle_t a, b, rh[1];
	zx_channel_call_args_t args;
	uint8_t rb[16];
	struct echo s;
	struct marker m;
	uint32_t ab = 0, ah = 0;

	ch_pair(_metadata, &a, &b);
	echo_start(_metadata, &s, b, 1);
	m = marker_new(_metadata);
	args = call_args(iov, 5, &m.h, 1, rb, sizeof(rb), rh, 1);
	ASSERT_EQ(ZX_OK, zx_channel_call(a, IOV, LONG_DEADLINE(), &args, &ab, &ah));
	echo_join(_metadata, &s);
	EXPECT_EQ(12u, s.bytes[0]);
	EXPECT_GE(s.txids[0], 0x80000000u);
	EXPECT_EQ(13u, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(s.txids[0], txid_of(rb));
	EXPECT_EQ(0, memcmp(rb + 4, body + 4, 8));
	EXPECT_EQ('!', rb[12]);
	EXPECT_EQ(m.koid, zxt_koid(_metadata, rh[0]));
	zxt_close(_metadata, rh[0]);
	EXPECT_DEAD(m);
	marker_close(_metadata, &m);

	/* three bytes in all: INVALID_ARGS, the handle consumed, nothing sent */
	m = marker_new(_metadata);
	args = call_args(iov, 3, &m.h, 1, rb, sizeof(rb), NULL, 0);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_call(a, IOV, LONG_DEADLINE(), &args, &ab, &ah));
	EXPECT_CONSUMED(m);
	marker_close(_metadata, &m);
	EXPECT_EMPTY(b);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * The server sends an unrelated message (txid 0), a reply to nobody (a
 * kernel-range txid that is not the call's), then the reply. The call
 * gets the reply; the others, and a message queued before the call,
 * stay for plain reads, in order.
 */
struct interleave {
	pthread_t t;
	zx_handle_t h;
	zx_txid_t txid;
	int fail_line;
};

static void *interleave_main(void *arg)
{
	struct interleave *s = arg;
	uint8_t buf[64];
	zx_txid_t other;
	uint32_t ab = 0, ah = 0;

	if (wait_readable(s->h, LONG_DEADLINE()) != ZX_OK ||
	    zx_channel_read(s->h, 0, buf, NULL, sizeof(buf), 0, &ab, &ah) != ZX_OK || ab != 8) {
		s->fail_line = __LINE__;
		return NULL;
	}
	s->txid = txid_of(buf);
	other = s->txid == 0xffffffffu ? 0x80000000u : s->txid + 1;
	memset(buf, 0, 4);
	memcpy(buf + 4, "unrl", 4);
	if (zx_channel_write(s->h, 0, buf, 8, NULL, 0) != ZX_OK) {
		s->fail_line = __LINE__;
		return NULL;
	}
	memcpy(buf, &other, 4);
	memcpy(buf + 4, "othr", 4);
	if (zx_channel_write(s->h, 0, buf, 8, NULL, 0) != ZX_OK) {
		s->fail_line = __LINE__;
		return NULL;
	}
	memcpy(buf, &s->txid, 4);
	memcpy(buf + 4, "rply", 4);
	if (zx_channel_write(s->h, 0, buf, 8, NULL, 0) != ZX_OK)
		s->fail_line = __LINE__;
	return NULL;
}

TEST_ZX(call_interleaved_messages)
{
	uint8_t wb[8] = { 0 }, rb[16], want[8];
	zx_channel_call_args_t args;
	struct interleave s;
	zx_handle_t a, b;
	uint32_t ab = 0, ah = 0;

	ch_pair(_metadata, &a, &b);
	memcpy(want, "\0\0\0\0prev", 8);
	WRITE_OK(b, want, 8, NULL, 0);
	memset(&s, 0, sizeof(s));
	s.h = b;
	ASSERT_EQ(0, pthread_create(&s.t, NULL, interleave_main, &s));
	args = call_args(wb, 8, NULL, 0, rb, sizeof(rb), NULL, 0);
	ASSERT_EQ(ZX_OK, zx_channel_call(a, 0, LONG_DEADLINE(), &args, &ab, &ah));
	ASSERT_EQ(0, pthread_join(s.t, NULL));
	ASSERT_EQ(0, s.fail_line);
	EXPECT_EQ(8u, ab);
	EXPECT_EQ(s.txid, txid_of(rb));
	EXPECT_EQ(0, memcmp(rb + 4, "rply", 4));
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, a));
	read_expect(_metadata, a, want, 8, NULL, 0);
	memcpy(want, "\0\0\0\0unrl", 8);
	read_expect(_metadata, a, want, 8, NULL, 0);
	ASSERT_EQ(ZX_OK, zx_channel_read(a, 0, rb, NULL, sizeof(rb), 0, &ab, &ah));
	EXPECT_NE(s.txid, txid_of(rb));
	EXPECT_EQ(0, memcmp(rb + 4, "othr", 4));
	EXPECT_EMPTY(a);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * The deadline passes: TIMED_OUT (the message was sent all the same); a
 * reply that arrives later is an ordinary message.
 */
TEST_ZX(call_timeout_then_late_reply)
{
	uint8_t wb[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, rb[16], req[16];
	zx_channel_call_args_t args;
	zx_handle_t a, b;
	zx_time_t deadline;
	zx_txid_t t1, t2;
	uint32_t ab = 77, ah = 77;
	struct marker m;

	ch_pair(_metadata, &a, &b);
	/* a deadline already past: sent, then TIMED_OUT at once */
	m = marker_new(_metadata);
	args = call_args(wb, 8, &m.h, 1, rb, sizeof(rb), NULL, 0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_channel_call(a, 0, 0, &args, &ab, &ah));
	EXPECT_FALSE(zxt_valid(m.h));
	EXPECT_EQ(77u, ab);
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, req, &m.h, sizeof(req), 1, &ab, &ah));
	EXPECT_EQ(8u, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(m.koid, zxt_koid(_metadata, m.h));
	t1 = txid_of(req);
	EXPECT_GE(t1, 0x80000000u);
	EXPECT_EQ(0, memcmp(req + 4, wb + 4, 4));

	/* a deadline in the future, with nobody answering */
	deadline = zx_deadline_after(ZXT_MSEC(100));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_channel_call(a, 0, deadline, &args, &ab, &ah));
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_FALSE(zxt_valid(m.h));
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, req, &m.h, sizeof(req), 1, &ab, &ah));
	t2 = txid_of(req);
	EXPECT_GE(t2, 0x80000000u);

	/* the late replies land in the queue */
	EXPECT_EMPTY(a);
	memcpy(req + 4, "late", 4);
	WRITE_OK(b, req, 8, &m.h, 1);
	EXPECT_EQ(CH_R | CH_W, zxt_signals(_metadata, a));
	memcpy(req, &t1, 4);
	memcpy(req + 4, "old!", 4);
	WRITE_OK(b, req, 8, NULL, 0);
	ASSERT_EQ(ZX_OK, zx_channel_read(a, 0, rb, &m.h, sizeof(rb), 1, &ab, &ah));
	EXPECT_EQ(t2, txid_of(rb));
	EXPECT_EQ(0, memcmp(rb + 4, "late", 4));
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(m.koid, zxt_koid(_metadata, m.h));
	ASSERT_EQ(ZX_OK, zx_channel_read(a, 0, rb, NULL, sizeof(rb), 0, &ab, &ah));
	EXPECT_EQ(t1, txid_of(rb));
	EXPECT_EMPTY(a);
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* A thread that does one thing to a channel once @tid blocks in a call. */
struct when_blocked {
	pthread_t t;
	pid_t tid;
	zx_handle_t h;
	int action;		/* 0: close h; 1: read the request, then close h */
	zx_status_t status;
	int fail_line;
};

static void *when_blocked_main(void *arg)
{
	struct when_blocked *w = arg;

	if (!wait_blocked_in_call(w->tid, NULL)) {
		w->fail_line = __LINE__;
		return NULL;
	}
	if (w->action == 1 &&
	    zx_channel_read(w->h, ZX_CHANNEL_READ_MAY_DISCARD, NULL, NULL, 0, 0, NULL, NULL) !=
		    ZX_ERR_BUFFER_TOO_SMALL) {
		w->fail_line = __LINE__;
		return NULL;
	}
	w->status = zx_handle_close(w->h);
	return NULL;
}

static void when_blocked_start(struct __test_metadata *_metadata, struct when_blocked *w,
			       zx_handle_t h, int action)
{
	memset(w, 0, sizeof(*w));
	w->tid = zxt_gettid();
	w->h = h;
	w->action = action;
	ASSERT_EQ(0, pthread_create(&w->t, NULL, when_blocked_main, w));
}

/* The server closes while the caller waits: PEER_CLOSED. */
TEST_ZX(call_peer_closes)
{
	uint8_t wb[8] = { 0 }, rb[8];
	zx_channel_call_args_t args;
	struct when_blocked w;
	zx_handle_t a, b;
	struct marker m;
	int action;

	for (action = 0; action < 2; action++) {
		ch_pair(_metadata, &a, &b);
		m = marker_new(_metadata);
		args = call_args(wb, 8, &m.h, 1, rb, sizeof(rb), NULL, 0);
		when_blocked_start(_metadata, &w, b, action);
		EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_call(a, 0, LONG_DEADLINE(), &args, NULL,
							      NULL));
		ASSERT_EQ(0, pthread_join(w.t, NULL));
		EXPECT_EQ(0, w.fail_line);
		EXPECT_EQ(ZX_OK, w.status);
		EXPECT_DEAD(m);
		EXPECT_EQ(CH_PC, zxt_signals(_metadata, a));
		marker_close(_metadata, &m);
		zxt_close(_metadata, a);
	}
	EXPECT_TABLE_USED(0);
}

/* The caller's own handle closed by another thread: CANCELED. */
TEST_ZX(call_canceled_by_close)
{
	uint8_t wb[8] = { 0 }, rb[8], req[8];
	zx_channel_call_args_t args;
	struct when_blocked w;
	zx_handle_t a, b;

	ch_pair(_metadata, &a, &b);
	args = call_args(wb, 8, NULL, 0, rb, sizeof(rb), NULL, 0);
	when_blocked_start(_metadata, &w, a, 0);
	EXPECT_EQ(ZX_ERR_CANCELED, zx_channel_call(a, 0, LONG_DEADLINE(), &args, NULL, NULL));
	ASSERT_EQ(0, pthread_join(w.t, NULL));
	EXPECT_EQ(0, w.fail_line);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_FALSE(zxt_valid(a));
	/* the request was delivered; the server can no longer answer */
	EXPECT_EQ(CH_R | CH_PC, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, req, NULL, sizeof(req), 0, NULL, NULL));
	EXPECT_GE(txid_of(req), 0x80000000u);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write(b, 0, req, 8, NULL, 0));
	zxt_close(_metadata, b);
}

/*
 * A reply that does not fit the read buffers: BUFFER_TOO_SMALL with the
 * sizes, and the reply (with its handles) is discarded, not queued.
 */
struct big_reply {
	pthread_t t;
	zx_handle_t h;
	zx_handle_t rh;			/* sent with the reply */
	uint32_t bytes;
	int fail_line;
};

static void *big_reply_main(void *arg)
{
	struct big_reply *s = arg;
	uint8_t buf[128];
	uint32_t ab = 0;

	memset(buf, 'r', sizeof(buf));
	if (wait_readable(s->h, LONG_DEADLINE()) != ZX_OK ||
	    zx_channel_read(s->h, 0, buf, NULL, sizeof(buf), 0, &ab, NULL) != ZX_OK ||
	    zx_channel_write(s->h, 0, buf, s->bytes, &s->rh, 1) != ZX_OK)
		s->fail_line = __LINE__;
	return NULL;
}

TEST_ZX(call_reply_too_large)
{
	uint8_t wb[8] = { 0 }, rb[128];
	zx_handle_t a, b, rh[2];
	zx_channel_call_args_t args;
	struct big_reply s;
	struct marker m;
	uint32_t ab, ah;
	int k;

	ch_pair(_metadata, &a, &b);
	for (k = 0; k < 2; k++) {
		m = marker_new(_metadata);
		memset(&s, 0, sizeof(s));
		s.h = b;
		s.rh = m.h;
		s.bytes = 100;
		/* k 0: bytes too small; k 1: no room for the handle */
		args = call_args(wb, 8, NULL, 0, rb, k ? sizeof(rb) : 50, rh, k ? 0 : 2);
		ASSERT_EQ(0, pthread_create(&s.t, NULL, big_reply_main, &s));
		ab = ah = 77;
		EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
			  zx_channel_call(a, 0, LONG_DEADLINE(), &args, &ab, &ah));
		ASSERT_EQ(0, pthread_join(s.t, NULL));
		ASSERT_EQ(0, s.fail_line);
		EXPECT_EQ(100u, ab);
		EXPECT_EQ(1u, ah);
		EXPECT_DEAD(m);
		EXPECT_EMPTY(a);
		marker_close(_metadata, &m);
	}
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/* A call into a full queue: SHOULD_WAIT, its handles consumed. */
TEST_ZX(queue_bound_call)
{
	uint8_t wb[8] = { 0 }, rb[8];
	zx_channel_call_args_t args;
	zx_handle_t a, b;
	struct marker m;

	ch_pair(_metadata, &a, &b);
	fill_queue(_metadata, a, 4);
	m = marker_new(_metadata);
	args = call_args(wb, 8, &m.h, 1, rb, sizeof(rb), NULL, 0);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_call(a, 0, LONG_DEADLINE(), &args, NULL, NULL));
	EXPECT_CONSUMED(m);
	EXPECT_EQ(0u, zxt_signals(_metadata, a) & CH_R);
	marker_close(_metadata, &m);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * Several threads calling through the same end; the server collects
 * what is outstanding and replies in reverse order. Each caller gets its
 * own reply and its own handle back; outstanding txids are distinct.
 */
#define MC_CALLERS 6
#define MC_CALLS 40

struct mc_req {
	zx_txid_t txid;
	uint32_t caller;
	uint32_t seq;
	uint32_t check;
};

struct mc_caller {
	pthread_t t;
	zx_handle_t a;
	uint32_t id;
	int fail_line;
	uint32_t done;
};

static void *mc_caller_main(void *arg)
{
	struct mc_caller *c = arg;
	zx_handle_t e, rh[2];
	zx_koid_t ke;
	zx_info_handle_basic_t bi;
	uint32_t seq;

	if (zx_event_create(0, &e) != ZX_OK ||
	    zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi), NULL, NULL) != ZX_OK) {
		c->fail_line = __LINE__;
		return NULL;
	}
	ke = bi.koid;
	for (seq = 0; seq < MC_CALLS; seq++) {
		struct mc_req req = { 0x12345678u, c->id, seq, ~seq }, rep;
		zx_channel_call_args_t args = call_args(&req, sizeof(req), &e, 1, &rep,
							sizeof(rep), rh, 2);
		uint32_t ab = 0, ah = 0;

		memset(&rep, 0, sizeof(rep));
		if (zx_channel_call(c->a, 0, LONG_DEADLINE(), &args, &ab, &ah) != ZX_OK ||
		    ab != sizeof(rep) || ah != 1) {
			c->fail_line = __LINE__;
			return NULL;
		}
		e = rh[0];
		if (rep.caller != c->id || rep.seq != seq || rep.check != (seq ^ 0x5a5a5a5au) ||
		    rep.txid < 0x80000000u ||
		    zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi), NULL, NULL) !=
			    ZX_OK || bi.koid != ke) {
			c->fail_line = __LINE__;
			return NULL;
		}
		c->done++;
	}
	zx_handle_close(e);
	return NULL;
}

TEST_ZX_SLOW(call_many_callers)
{
	struct mc_caller c[MC_CALLERS];
	zx_handle_t a, b, hs[MC_CALLERS];
	struct mc_req reqs[MC_CALLERS];
	int served = 0, i, batches = 0, max_batch = 0;

	ch_pair(_metadata, &a, &b);
	for (i = 0; i < MC_CALLERS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].a = a;
		c[i].id = (uint32_t)i;
		ASSERT_EQ(0, pthread_create(&c[i].t, NULL, mc_caller_main, &c[i]));
	}
	while (served < MC_CALLERS * MC_CALLS) {
		int n = 0, j, k;

		ASSERT_EQ(ZX_OK, wait_readable(b, LONG_DEADLINE())) TH_LOG("served %d", served);
		while (n < MC_CALLERS) {
			uint32_t ab = 0, ah = 0;
			zx_status_t st = zx_channel_read(b, 0, &reqs[n], &hs[n], sizeof(reqs[n]), 1,
							 &ab, &ah);

			if (st == ZX_ERR_SHOULD_WAIT)
				break;
			ASSERT_EQ(ZX_OK, st);
			ASSERT_EQ(sizeof(reqs[n]), ab);
			ASSERT_EQ(1u, ah);
			ASSERT_GE(reqs[n].txid, 0x80000000u);
			ASSERT_EQ(~reqs[n].seq, reqs[n].check);
			for (k = 0; k < n; k++)
				ASSERT_NE(reqs[k].txid, reqs[n].txid) TH_LOG("txid reused");
			n++;
		}
		if (n > max_batch)
			max_batch = n;
		batches++;
		for (j = n - 1; j >= 0; j--) {
			reqs[j].check = reqs[j].seq ^ 0x5a5a5a5au;
			WRITE_OK(b, &reqs[j], sizeof(reqs[j]), &hs[j], 1);
			served++;
		}
	}
	for (i = 0; i < MC_CALLERS; i++) {
		ASSERT_EQ(0, pthread_join(c[i].t, NULL));
		EXPECT_EQ(0, c[i].fail_line) TH_LOG("caller %d", i);
		EXPECT_EQ((uint32_t)MC_CALLS, c[i].done);
	}
	TH_LOG("%d calls in %d batches, largest %d", served, batches, max_batch);
	EXPECT_EMPTY(a);
	EXPECT_EMPTY(b);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	EXPECT_TABLE_USED(0);
}

/*
 * Linux signals delivered to a thread blocked in zx_channel_call(): the
 * library resumes the call, which still gets its reply (or its
 * deadline). The server reads the request, then @count times waits
 * until the caller is blocked in the call, sends it @signo and waits for
 * the handler to have run; then (if @reply) waits until the caller is
 * blocked again and replies.
 */
struct sig_server {
	pthread_t t;
	zx_handle_t h;
	pthread_t target;
	pid_t tid;
	int signo, count, reply;
	int sent, stop;
	zx_txid_t txid;
	int fail_line;
};

static void *sig_server_main(void *arg)
{
	struct sig_server *s = arg;
	uint8_t buf[16];
	uint32_t ab = 0;
	int k;

	if (wait_readable(s->h, LONG_DEADLINE()) != ZX_OK ||
	    zx_channel_read(s->h, 0, buf, NULL, sizeof(buf), 0, &ab, NULL) != ZX_OK) {
		s->fail_line = __LINE__;
		return NULL;
	}
	s->txid = txid_of(buf);
	for (k = 0; k < s->count; k++) {
		uint64_t v;

		if (!wait_blocked_in_call(s->tid, &s->stop)) {
			if (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE))
				s->fail_line = __LINE__;
			return NULL;
		}
		pthread_kill(s->target, s->signo);
		while (read(*zxt_intr_fd(), &v, sizeof(v)) < 0 && errno == EINTR)
			;
		__atomic_add_fetch(&s->sent, 1, __ATOMIC_RELEASE);
	}
	if (!s->reply)
		return NULL;
	if (!wait_blocked_in_call(s->tid, NULL)) {
		s->fail_line = __LINE__;
		return NULL;
	}
	memcpy(buf + 4, "sigr", 4);
	if (zx_channel_write(s->h, 0, buf, 8, NULL, 0) != ZX_OK)
		s->fail_line = __LINE__;
	return NULL;
}

static void call_with_signals(struct __test_metadata *_metadata, int signo, int flags,
			      bool reply)
{
	uint8_t wb[8] = { 0 }, rb[16];
	zx_channel_call_args_t args = call_args(wb, 8, NULL, 0, rb, sizeof(rb), NULL, 0);
	struct sig_server s;
	zx_handle_t a, b;
	zx_time_t deadline;
	zx_status_t st;
	uint32_t ab = 0;

	zxt_intr_install(signo, flags);
	ch_pair(_metadata, &a, &b);
	memset(&s, 0, sizeof(s));
	s.h = b;
	s.target = pthread_self();
	s.tid = zxt_gettid();
	s.signo = signo;
	s.count = reply ? 5 : 3;
	s.reply = reply;
	ASSERT_EQ(0, pthread_create(&s.t, NULL, sig_server_main, &s));
	deadline = reply ? LONG_DEADLINE() : zx_deadline_after(ZXT_MSEC(300));
	st = zx_channel_call(a, 0, deadline, &args, &ab, NULL);
	__atomic_store_n(&s.stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_join(s.t, NULL));
	ASSERT_EQ(0, s.fail_line);
	if (reply) {
		EXPECT_EQ(ZX_OK, st);
		EXPECT_EQ(5, s.sent);
		EXPECT_EQ(8u, ab);
		EXPECT_EQ(s.txid, txid_of(rb));
		EXPECT_EQ(0, memcmp(rb + 4, "sigr", 4));
		EXPECT_EMPTY(a);
	} else {
		EXPECT_EQ(ZX_ERR_TIMED_OUT, st);
		EXPECT_GE(zxt_mono_ns(), deadline);
		EXPECT_GE(s.sent, 1) TH_LOG("no signal was delivered during the call");
		/* a late reply is an ordinary message */
		memcpy(wb, &s.txid, 4);
		WRITE_OK(b, wb, 8, NULL, 0);
		ASSERT_EQ(ZX_OK, zx_channel_read(a, 0, rb, NULL, sizeof(rb), 0, &ab, NULL));
		EXPECT_EQ(s.txid, txid_of(rb));
	}
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(call_linux_signal_sa_restart)
{
	call_with_signals(_metadata, SIGUSR1, SA_RESTART, true);
}

TEST_ZX(call_linux_signal_no_restart)
{
	call_with_signals(_metadata, SIGUSR2, 0, true);
}

TEST_ZX(call_linux_signal_sa_restart_deadline)
{
	call_with_signals(_metadata, SIGALRM, SA_RESTART, false);
}

TEST_ZX(call_linux_signal_no_restart_deadline)
{
	call_with_signals(_metadata, SIGUSR1, 0, false);
}

/*
 * Signals storm the caller while the server replies at arbitrary points
 * (before, during or after a handler runs): every call gets its own
 * reply.
 */
struct storm {
	pthread_t t;
	pthread_t target;
	pid_t tid;
	int signo;
	int stop;
	unsigned long sent;
};

static void *storm_main(void *arg)
{
	struct storm *s = arg;

	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		uint64_t v;

		if (!blocked_in_call(s->tid)) {
			sched_yield();
			continue;
		}
		pthread_kill(s->target, s->signo);
		while (read(*zxt_intr_fd(), &v, sizeof(v)) < 0 && errno == EINTR)
			;
		__atomic_add_fetch(&s->sent, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

struct storm_server {
	pthread_t t;
	zx_handle_t h;
	struct storm *storm;
	unsigned long served;
	int fail_line;
};

static void *storm_server_main(void *arg)
{
	struct storm_server *s = arg;
	uint64_t seed = 77;

	for (;;) {
		uint8_t buf[16];
		uint32_t ab = 0;
		unsigned long before, waits;
		int64_t give_up;
		zx_status_t st = wait_readable(s->h, LONG_DEADLINE());

		if (st == ZX_ERR_PEER_CLOSED)
			return NULL;		/* the caller is done */
		if (st != ZX_OK ||
		    zx_channel_read(s->h, 0, buf, NULL, sizeof(buf), 0, &ab, NULL) != ZX_OK ||
		    ab != 12) {
			s->fail_line = __LINE__;
			return NULL;
		}
		/* reply at once, or after 1 or 2 more signals (or 100 ms) */
		waits = zxt_rand(&seed) % 3;
		before = __atomic_load_n(&s->storm->sent, __ATOMIC_ACQUIRE);
		give_up = zxt_mono_ns() + ZXT_MSEC(100);
		while (__atomic_load_n(&s->storm->sent, __ATOMIC_ACQUIRE) < before + waits &&
		       zxt_mono_ns() < give_up)
			sched_yield();
		memcpy(buf + 12, "rply", 4);
		if (zx_channel_write(s->h, 0, buf, 16, NULL, 0) != ZX_OK) {
			s->fail_line = __LINE__;
			return NULL;
		}
		s->served++;
	}
}

static void call_storm(struct __test_metadata *_metadata, int flags)
{
	struct storm st;
	struct storm_server srv;
	struct zxt_loop loop;
	zx_handle_t a, b;
	unsigned long i;

	zxt_intr_install(SIGUSR1, flags);
	ch_pair(_metadata, &a, &b);
	memset(&st, 0, sizeof(st));
	st.target = pthread_self();
	st.tid = zxt_gettid();
	st.signo = SIGUSR1;
	memset(&srv, 0, sizeof(srv));
	srv.h = b;
	srv.storm = &st;
	ASSERT_EQ(0, pthread_create(&st.t, NULL, storm_main, &st));
	ASSERT_EQ(0, pthread_create(&srv.t, NULL, storm_server_main, &srv));
	zxt_loop_init(&loop, 60, 300);
	for (i = 0; zxt_loop_next(&loop); i++) {
		uint32_t wb[3] = { 0, (uint32_t)i, (uint32_t)~i }, rb[4], ab = 0;
		zx_channel_call_args_t args = call_args(wb, 12, NULL, 0, rb, sizeof(rb), NULL, 0);
		zx_status_t s = zx_channel_call(a, 0, LONG_DEADLINE(), &args, &ab, NULL);

		if (s != ZX_OK) {
			TH_LOG("call %lu: %d", i, s);
			break;
		}
		ASSERT_EQ(16u, ab);
		ASSERT_EQ((uint32_t)i, rb[1]) TH_LOG("call %lu got reply %u", i, rb[1]);
		ASSERT_EQ((uint32_t)~i, rb[2]);
		ASSERT_EQ(0, memcmp(&rb[3], "rply", 4));
	}
	__atomic_store_n(&st.stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_join(st.t, NULL));
	EXPECT_EMPTY(a);
	zxt_close(_metadata, a);
	ASSERT_EQ(0, pthread_join(srv.t, NULL));
	EXPECT_EQ(0, srv.fail_line);
	EXPECT_EQ(loop.done, i);
	EXPECT_EQ(i, srv.served);
	TH_LOG("%lu calls, %lu signals", i, st.sent);
	EXPECT_LT(0u, st.sent);
	zxt_close(_metadata, b);
}

TEST_ZX_SLOW(call_signal_storm_sa_restart)
{
	call_storm(_metadata, SA_RESTART);
}

TEST_ZX_SLOW(call_signal_storm_no_restart)
{
	call_storm(_metadata, 0);
}

/*
 * While a signal handler runs, the interrupted call is still in progress
 * as far as the program can tell: its reply, arriving then, is the
 * call's. It must not show up in the queue (READABLE, or a read by
 * another thread taking it), and the call must return it when the
 * handler returns. The handler holds still until the server has replied
 * and looked at the caller's end.
 */
static sem_t hold_ack, hold_release;

static void hold_handler(int sig)
{
	(void)sig;
	sem_post(&hold_ack);
	while (sem_wait(&hold_release) != 0)
		;
}

struct window_server {
	pthread_t t;
	zx_handle_t a, b;
	pthread_t target;
	pid_t tid;
	zx_signals_t seen;		/* a's signals with the reply written */
	zx_status_t read_status;	/* a read through a, then */
	int fail_line;
};

static void *window_server_main(void *arg)
{
	struct window_server *s = arg;
	uint8_t buf[16];
	uint32_t ab = 0;

	if (wait_readable(s->b, LONG_DEADLINE()) != ZX_OK ||
	    zx_channel_read(s->b, 0, buf, NULL, sizeof(buf), 0, &ab, NULL) != ZX_OK ||
	    !wait_blocked_in_call(s->tid, NULL)) {
		s->fail_line = __LINE__;
		return NULL;
	}
	pthread_kill(s->target, SIGUSR1);
	while (sem_wait(&hold_ack) != 0)
		;
	/* the caller is in its handler: reply now */
	memcpy(buf + 4, "rply", 4);
	if (zx_channel_write(s->b, 0, buf, 8, NULL, 0) != ZX_OK) {
		s->fail_line = __LINE__;
		sem_post(&hold_release);
		return NULL;
	}
	zx_object_wait_one(s->a, 0, 0, &s->seen);
	s->read_status = zx_channel_read(s->a, 0, buf, NULL, sizeof(buf), 0, &ab, NULL);
	/* a stolen reply goes back, so that the call can still finish */
	if (s->read_status == ZX_OK && zx_channel_write(s->b, 0, buf, ab, NULL, 0) != ZX_OK)
		s->fail_line = __LINE__;
	sem_post(&hold_release);
	return NULL;
}

static void reply_during_handler(struct __test_metadata *_metadata, int flags)
{
	uint8_t wb[8] = { 0 }, rb[16];
	zx_channel_call_args_t args = call_args(wb, 8, NULL, 0, rb, sizeof(rb), NULL, 0);
	struct window_server s;
	struct sigaction sa;
	uint32_t ab = 0;
	zx_status_t st;

	ASSERT_EQ(0, sem_init(&hold_ack, 0, 0));
	ASSERT_EQ(0, sem_init(&hold_release, 0, 0));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = hold_handler;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	memset(&s, 0, sizeof(s));
	ch_pair(_metadata, &s.a, &s.b);
	s.target = pthread_self();
	s.tid = zxt_gettid();
	ASSERT_EQ(0, pthread_create(&s.t, NULL, window_server_main, &s));
	st = zx_channel_call(s.a, 0, zx_deadline_after(ZXT_SEC(30)), &args, &ab, NULL);
	ASSERT_EQ(0, pthread_join(s.t, NULL));
	ASSERT_EQ(0, s.fail_line);
	EXPECT_EQ(ZX_OK, st);
	EXPECT_EQ(0, memcmp(rb + 4, "rply", 4));
	EXPECT_EQ(0u, s.seen & CH_R) TH_LOG("the call's reply was queued as a message");
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, s.read_status)
		TH_LOG("another thread's read took the call's reply");
	EXPECT_EMPTY(s.a);
	zxt_close(_metadata, s.a);
	zxt_close(_metadata, s.b);
}

TEST_ZX(call_reply_during_signal_handler_sa_restart)
{
	reply_during_handler(_metadata, SA_RESTART);
}

TEST_ZX(call_reply_during_signal_handler_no_restart)
{
	reply_during_handler(_metadata, 0);
}

/*
 * More callers interrupted at once than an end keeps replies for (the
 * module parks 16): every one of them, resumed, still gets its own reply.
 */
#define HELD_CALLERS 20

struct held_caller {
	pthread_t t;
	zx_handle_t a;
	pid_t tid;
	uint32_t id;
	zx_status_t status;
	uint32_t reply[3];
	int started;
};

static void *held_caller_main(void *arg)
{
	struct held_caller *c = arg;
	uint32_t req[3] = { 0, c->id, ~c->id }, ab = 0;
	zx_channel_call_args_t args = call_args(req, sizeof(req), NULL, 0, c->reply,
						sizeof(c->reply), NULL, 0);

	c->tid = zxt_gettid();
	__atomic_store_n(&c->started, 1, __ATOMIC_RELEASE);
	c->status = zx_channel_call(c->a, 0, zx_deadline_after(ZXT_SEC(60)), &args, &ab, NULL);
	if (c->status == ZX_OK && ab != sizeof(c->reply))
		c->status = ZX_ERR_INTERNAL;
	return NULL;
}

TEST_ZX(call_many_interrupted_at_once)
{
	struct held_caller c[HELD_CALLERS];
	uint32_t reqs[HELD_CALLERS][3];
	struct sigaction sa;
	zx_handle_t a, b;
	int i, n;

	ASSERT_EQ(0, sem_init(&hold_ack, 0, 0));
	ASSERT_EQ(0, sem_init(&hold_release, 0, 0));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = hold_handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ch_pair(_metadata, &a, &b);
	for (i = 0; i < HELD_CALLERS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].a = a;
		c[i].id = (uint32_t)i;
		ASSERT_EQ(0, pthread_create(&c[i].t, NULL, held_caller_main, &c[i]));
	}
	/* every request in, every caller blocked in its call */
	for (n = 0; n < HELD_CALLERS; n++) {
		uint32_t ab = 0;

		ASSERT_EQ(ZX_OK, wait_readable(b, LONG_DEADLINE()));
		ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, reqs[n], NULL, sizeof(reqs[n]), 0, &ab,
						 NULL));
		ASSERT_EQ(sizeof(reqs[n]), ab);
	}
	for (i = 0; i < HELD_CALLERS; i++) {
		while (!__atomic_load_n(&c[i].started, __ATOMIC_ACQUIRE))
			sched_yield();
		ASSERT_TRUE(wait_blocked_in_call(c[i].tid, NULL));
	}
	/* all of them into their handlers, and held there */
	for (i = 0; i < HELD_CALLERS; i++) {
		pthread_kill(c[i].t, SIGUSR1);
		while (sem_wait(&hold_ack) != 0)
			;
	}
	/* the replies come while nobody is waiting in the kernel */
	for (n = 0; n < HELD_CALLERS; n++) {
		reqs[n][2] = reqs[n][1] ^ 0xabcdef;
		WRITE_OK(b, reqs[n], sizeof(reqs[n]), NULL, 0);
	}
	for (i = 0; i < HELD_CALLERS; i++)
		sem_post(&hold_release);
	for (i = 0; i < HELD_CALLERS; i++) {
		ASSERT_EQ(0, pthread_join(c[i].t, NULL));
		EXPECT_EQ(ZX_OK, c[i].status) TH_LOG("caller %d", i);
		EXPECT_EQ((uint32_t)i, c[i].reply[1]);
		EXPECT_EQ((uint32_t)i ^ 0xabcdef, c[i].reply[2]);
	}
	EXPECT_EMPTY(a);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * A signal handler that closes the calling handle: the call was in
 * progress, so it ends CANCELED, as when another thread closes it.
 */
static zx_handle_t close_in_handler;

static void closing_handler(int sig)
{
	(void)sig;
	zx_handle_close(close_in_handler);
	sem_post(&hold_ack);
}

struct kick {
	pthread_t t;
	pthread_t target;
	pid_t tid;
	int fail_line;
};

static void *kick_main(void *arg)
{
	struct kick *k = arg;

	if (!wait_blocked_in_call(k->tid, NULL)) {
		k->fail_line = __LINE__;
		return NULL;
	}
	pthread_kill(k->target, SIGUSR2);
	while (sem_wait(&hold_ack) != 0)
		;
	return NULL;
}

TEST_ZX(call_handle_closed_by_signal_handler)
{
	uint8_t wb[8] = { 0 }, rb[16];
	zx_channel_call_args_t args = call_args(wb, 8, NULL, 0, rb, sizeof(rb), NULL, 0);
	struct sigaction sa;
	struct kick k;
	zx_handle_t a, b;
	zx_status_t st;

	ASSERT_EQ(0, sem_init(&hold_ack, 0, 0));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = closing_handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGUSR2, &sa, NULL));
	ch_pair(_metadata, &a, &b);
	close_in_handler = a;
	memset(&k, 0, sizeof(k));
	k.target = pthread_self();
	k.tid = zxt_gettid();
	ASSERT_EQ(0, pthread_create(&k.t, NULL, kick_main, &k));
	st = zx_channel_call(a, 0, zx_deadline_after(ZXT_SEC(30)), &args, NULL, NULL);
	ASSERT_EQ(0, pthread_join(k.t, NULL));
	ASSERT_EQ(0, k.fail_line);
	EXPECT_EQ(ZX_ERR_CANCELED, st);
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(CH_R | CH_PC, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Two processes                                                       */

/*
 * A parent and its child joined by a channel end passed as a handle
 * descriptor. The parent sends an event and a second channel's end; the
 * child signals the event, calls the parent through the second channel
 * (a handle each way), then sends both ends of a new eventpair and
 * exits: what is in flight outlives it; the ends it held are closed.
 */
struct xp_msg {
	zx_txid_t txid;
	char tag[4];
	zx_koid_t koid;
};

static void xp_child(int fd)
{
	zx_handle_t h, in[2], y0, y1, rh[1];
	zx_info_handle_basic_t bi;
	struct xp_msg req = { 0, "objs", 0 }, rep;
	zx_channel_call_args_t args;
	uint32_t ab = 0, ah = 0;

	CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	close(fd);
	CHILD_EQ(ZX_OK, wait_readable(h, LONG_DEADLINE()));
	CHILD_EQ(ZX_OK, zx_channel_read(h, 0, &rep, in, sizeof(rep), 2, &ab, &ah));
	CHILD_EQ(sizeof(rep), ab);
	CHILD_EQ(2, ah);
	CHILD_EQ(0, memcmp(rep.tag, "objs", 4));
	CHILD_EQ(ZX_OK, zx_object_get_info(in[0], ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi), NULL,
					   NULL));
	CHILD_CHECK(bi.koid == rep.koid);
	CHILD_EQ(ZX_OK, zx_object_signal(in[0], 0, ZX_USER_SIGNAL_0));

	/* call the parent through the received end, with the event */
	memcpy(req.tag, "ping", 4);
	args = call_args(&req, sizeof(req), &in[0], 1, &rep, sizeof(rep), rh, 1);
	CHILD_EQ(ZX_OK, zx_channel_call(in[1], 0, LONG_DEADLINE(), &args, &ab, &ah));
	CHILD_EQ(sizeof(rep), ab);
	CHILD_EQ(1, ah);
	CHILD_CHECK(rep.txid >= 0x80000000u);
	CHILD_EQ(0, memcmp(rep.tag, "pong", 4));
	CHILD_EQ(ZX_OK, zx_object_get_info(rh[0], ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi), NULL,
					   NULL));
	CHILD_CHECK(bi.koid == rep.koid);
	CHILD_EQ(ZX_OBJ_TYPE_EVENT, bi.type);

	/* both ends of an eventpair, then exit with everything open */
	CHILD_EQ(ZX_OK, zx_eventpair_create(0, &y0, &y1));
	CHILD_EQ(ZX_OK, zx_object_get_info(y0, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi), NULL,
					   NULL));
	req = (struct xp_msg){ 0, "y0y0", bi.koid };
	CHILD_EQ(ZX_OK, zx_channel_write(h, 0, &req, sizeof(req), &y0, 1));
	req = (struct xp_msg){ 0, "y1y1", bi.related_koid };
	CHILD_EQ(ZX_OK, zx_channel_write(h, 0, &req, sizeof(req), &y1, 1));
	_exit(0);
}

TEST_ZX(across_processes)
{
	zx_handle_t a, b, c0, c1, e, e_keep, hs[2], got[2], f;
	struct xp_msg msg;
	uint32_t ab, ah;
	pid_t pid;
	int fd = -1;

	ch_pair(_metadata, &a, &b);
	ch_pair(_metadata, &c0, &c1);
	e = zxt_event(_metadata);
	e_keep = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, 0, &fd));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		xp_child(fd);
	close(fd);
	msg = (struct xp_msg){ 0, "objs", zxt_koid(_metadata, e) };
	hs[0] = e;
	hs[1] = c1;
	WRITE_OK(a, &msg, sizeof(msg), hs, 2);
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e_keep, ZX_USER_SIGNAL_0, LONG_DEADLINE(), NULL));

	/* serve the child's call: the event comes back, another goes out */
	ASSERT_EQ(ZX_OK, wait_readable(c0, LONG_DEADLINE()));
	ab = ah = 0;
	ASSERT_EQ(ZX_OK, zx_channel_read(c0, 0, &msg, got, sizeof(msg), 2, &ab, &ah));
	EXPECT_EQ(sizeof(msg), ab);
	ASSERT_EQ(1u, ah);
	EXPECT_GE(msg.txid, 0x80000000u);
	EXPECT_EQ(0, memcmp(msg.tag, "ping", 4));
	EXPECT_EQ(zxt_koid(_metadata, e_keep), zxt_koid(_metadata, got[0]));
	zxt_close(_metadata, got[0]);
	f = zxt_event(_metadata);
	memcpy(msg.tag, "pong", 4);
	msg.koid = zxt_koid(_metadata, f);
	WRITE_OK(c0, &msg, sizeof(msg), &f, 1);

	/* the eventpair the child sent, both ends, after it exited */
	zxt_reap_ok(pid);
	EXPECT_EQ(CH_R | CH_PC, zxt_signals(_metadata, a));
	EXPECT_EQ(CH_PC, zxt_signals(_metadata, c0));
	ASSERT_EQ(ZX_OK, zx_channel_read(a, 0, &msg, &got[0], sizeof(msg), 1, &ab, &ah));
	EXPECT_EQ(0, memcmp(msg.tag, "y0y0", 4));
	EXPECT_EQ(msg.koid, zxt_koid(_metadata, got[0]));
	ASSERT_EQ(ZX_OK, zx_channel_read(a, 0, &msg, &got[1], sizeof(msg), 1, &ab, &ah));
	EXPECT_EQ(0, memcmp(msg.tag, "y1y1", 4));
	EXPECT_EQ(msg.koid, zxt_koid(_metadata, got[1]));
	EXPECT_EQ(zxt_koid(_metadata, got[0]), zxt_info(_metadata, got[1]).related_koid);
	EXPECT_EQ(0u, zxt_signals(_metadata, got[0]) & EP_PC);
	EXPECT_EQ(0u, zxt_signals(_metadata, got[1]) & EP_PC);
	zxt_close(_metadata, got[0]);
	EXPECT_EQ(EP_PC, zxt_signals(_metadata, got[1]) & EP_PC);
	zxt_close(_metadata, got[1]);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(a, 0, NULL, NULL, 0, 0, NULL, NULL));
	zxt_close(_metadata, a);
	zxt_close(_metadata, c0);
	zxt_close(_metadata, e_keep);
	EXPECT_TABLE_USED(0);
}

/* ------------------------------------------------------------------ */
/* Races                                                               */

/*
 * A writer sends markers until its peer goes; the reader reads a few and
 * closes. The writer ends with PEER_CLOSED, and every marker dies: read
 * and closed, destroyed with the reader's queue, or consumed by the
 * write that failed.
 */
#define WR_MAX 5000

struct wr_race {
	pthread_t t;
	zx_handle_t a;
	zx_handle_t peers[WR_MAX];
	unsigned int n;
	zx_status_t last;
	int fail_line;
};

static void *wr_race_main(void *arg)
{
	struct wr_race *w = arg;

	for (;;) {
		zx_handle_t h = ZX_HANDLE_INVALID, p = ZX_HANDLE_INVALID;
		zx_signals_t obs;

		if (w->n < WR_MAX) {
			if (zx_eventpair_create(0, &h, &p) != ZX_OK) {
				w->fail_line = __LINE__;
				return NULL;
			}
			w->peers[w->n++] = p;
		}
		w->last = zx_channel_write(w->a, 0, "w", 1, &h, h ? 1 : 0);
		if (w->last == ZX_OK)
			continue;
		if (w->last != ZX_ERR_SHOULD_WAIT)
			return NULL;
		if (zx_object_wait_one(w->a, CH_W | CH_PC, LONG_DEADLINE(), &obs) != ZX_OK) {
			w->fail_line = __LINE__;
			return NULL;
		}
	}
}

TEST_ZX_SLOW(race_write_vs_reader_close)
{
	struct wr_race *w = calloc(1, sizeof(*w));
	struct zxt_loop loop;
	unsigned long markers = 0;

	ASSERT_NE(NULL, w);
	zxt_loop_init(&loop, 20, 300);
	while (zxt_loop_next(&loop)) {
		zx_handle_t a, b, got;
		unsigned int i, reads = (unsigned int)(loop.done % 7);

		ch_pair(_metadata, &a, &b);
		memset(w, 0, sizeof(*w));
		w->a = a;
		ASSERT_EQ(0, pthread_create(&w->t, NULL, wr_race_main, w));
		for (i = 0; i < reads; i++) {
			ASSERT_EQ(ZX_OK, wait_readable(b, LONG_DEADLINE()));
			read_expect(_metadata, b, "w", 1, &got, 1);
			zxt_close(_metadata, got);
		}
		zxt_close(_metadata, b);
		ASSERT_EQ(0, pthread_join(w->t, NULL));
		ASSERT_EQ(0, w->fail_line);
		EXPECT_EQ(ZX_ERR_PEER_CLOSED, w->last);
		for (i = 0; i < w->n; i++) {
			ASSERT_TRUE(died_within(w->peers[i], EVENTUALLY))
				TH_LOG("round %lu marker %u of %u", loop.done, i, w->n);
			zxt_close(_metadata, w->peers[i]);
		}
		markers += w->n;
		zxt_close(_metadata, a);
	}
	TH_LOG("%lu rounds, %lu markers", loop.done, markers);
	free(w);
	EXPECT_TABLE_USED(0);
}

/*
 * A handle moved into a channel by one thread while another closes it,
 * or while another moves it into a second channel: exactly one wins.
 */
struct mover {
	pthread_t t;
	pthread_barrier_t *start, *end;
	zx_handle_t ch, *h;
	zx_status_t st;
	int action;		/* 0: write *h into ch; 1: close *h */
	int stop;
};

static void *mover_main(void *arg)
{
	struct mover *m = arg;

	for (;;) {
		pthread_barrier_wait(m->start);
		if (__atomic_load_n(&m->stop, __ATOMIC_ACQUIRE))
			return NULL;
		m->st = m->action ? zx_handle_close(*m->h) :
				    zx_channel_write(m->ch, 0, "mv", 2, m->h, 1);
		pthread_barrier_wait(m->end);
	}
}

TEST_ZX_SLOW(race_move_vs_close_and_move)
{
	pthread_barrier_t start, end;
	struct mover mv[2];
	zx_handle_t a1, b1, a2, b2, c0, c1, got;
	struct zxt_loop loop;
	unsigned long wins[3] = { 0, 0, 0 };
	int i;

	ch_pair(_metadata, &a1, &b1);
	ch_pair(_metadata, &a2, &b2);
	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, 3));
	ASSERT_EQ(0, pthread_barrier_init(&end, NULL, 3));
	for (i = 0; i < 2; i++) {
		memset(&mv[i], 0, sizeof(mv[i]));
		mv[i].start = &start;
		mv[i].end = &end;
		mv[i].h = &c0;
		mv[i].ch = i ? a2 : a1;
		ASSERT_EQ(0, pthread_create(&mv[i].t, NULL, mover_main, &mv[i]));
	}
	zxt_loop_init(&loop, 100, 3000);
	while (zxt_loop_next(&loop)) {
		bool closing = loop.done & 1;
		int winner = -1;

		ch_pair(_metadata, &c0, &c1);
		mv[1].action = closing;
		pthread_barrier_wait(&start);
		pthread_barrier_wait(&end);
		for (i = 0; i < 2; i++) {
			if (mv[i].st == ZX_OK) {
				ASSERT_EQ(-1, winner) TH_LOG("both won, round %lu", loop.done);
				winner = i;
			} else {
				ASSERT_EQ(ZX_ERR_BAD_HANDLE, mv[i].st);
			}
		}
		ASSERT_NE(-1, winner) TH_LOG("nobody won, round %lu", loop.done);
		EXPECT_FALSE(zxt_valid(c0));
		if (closing && winner == 1) {
			EXPECT_EQ(CH_PC, zxt_signals(_metadata, c1));
			EXPECT_EMPTY(b1);
			wins[2]++;
		} else {
			zx_handle_t r = winner ? b2 : b1;

			EXPECT_EQ(CH_W, zxt_signals(_metadata, c1));
			read_expect(_metadata, r, "mv", 2, &got, 1);
			EXPECT_EQ(zxt_koid(_metadata, c1), zxt_info(_metadata, got).related_koid);
			zxt_close(_metadata, got);
			EXPECT_EQ(CH_PC, zxt_signals(_metadata, c1));
			wins[winner]++;
		}
		EXPECT_EMPTY(b1);
		EXPECT_EMPTY(b2);
		zxt_close(_metadata, c1);
	}
	for (i = 0; i < 2; i++)
		__atomic_store_n(&mv[i].stop, 1, __ATOMIC_RELEASE);
	pthread_barrier_wait(&start);
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_join(mv[i].t, NULL));
	TH_LOG("%lu rounds: moved by 0: %lu, moved by 1: %lu, closed: %lu", loop.done, wins[0],
	       wins[1], wins[2]);
	zxt_close(_metadata, a1);
	zxt_close(_metadata, b1);
	zxt_close(_metadata, a2);
	zxt_close(_metadata, b2);
	EXPECT_TABLE_USED(0);
}

/*
 * The server either replies and closes at once, closes after reading,
 * or closes without reading: the call gets the reply in the first case
 * and PEER_CLOSED in the others, never anything else, never hangs.
 */
struct closing_server {
	pthread_t t;
	zx_handle_t h;
	int mode;
	int fail_line;
};

static void *closing_server_main(void *arg)
{
	struct closing_server *s = arg;
	uint8_t buf[16];

	if (s->mode != 2) {
		if (wait_readable(s->h, LONG_DEADLINE()) != ZX_OK ||
		    zx_channel_read(s->h, 0, buf, NULL, sizeof(buf), 0, NULL, NULL) != ZX_OK) {
			s->fail_line = __LINE__;
			return NULL;
		}
	}
	if (s->mode == 0 && zx_channel_write(s->h, 0, buf, 8, NULL, 0) != ZX_OK)
		s->fail_line = __LINE__;
	if (zx_handle_close(s->h) != ZX_OK)
		s->fail_line = __LINE__;
	return NULL;
}

TEST_ZX_SLOW(race_call_vs_server_close)
{
	struct zxt_loop loop;
	unsigned long outcome[3] = { 0, 0, 0 };

	zxt_loop_init(&loop, 60, 1500);
	while (zxt_loop_next(&loop)) {
		uint8_t wb[8] = { 0, 0, 0, 0, 1, 2, 3, 4 }, rb[8];
		zx_channel_call_args_t args = call_args(wb, 8, NULL, 0, rb, sizeof(rb), NULL, 0);
		struct closing_server s;
		zx_handle_t a, b;
		zx_status_t st;

		ch_pair(_metadata, &a, &b);
		memset(&s, 0, sizeof(s));
		s.h = b;
		s.mode = (int)(loop.done % 3);
		ASSERT_EQ(0, pthread_create(&s.t, NULL, closing_server_main, &s));
		st = zx_channel_call(a, 0, LONG_DEADLINE(), &args, NULL, NULL);
		ASSERT_EQ(0, pthread_join(s.t, NULL));
		ASSERT_EQ(0, s.fail_line);
		ASSERT_EQ(s.mode == 0 ? ZX_OK : ZX_ERR_PEER_CLOSED, st)
			TH_LOG("mode %d round %lu", s.mode, loop.done);
		if (st == ZX_OK)
			ASSERT_EQ(0, memcmp(rb + 4, wb + 4, 4));
		outcome[s.mode]++;
		EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(a, 0, NULL, NULL, 0, 0, NULL, NULL));
		zxt_close(_metadata, a);
	}
	TH_LOG("%lu rounds", loop.done);
}

/*
 * Reachable structures read back while the collector is kept busy by
 * garbage made in another thread: nothing reachable is ever freed.
 */
struct garbage_maker {
	pthread_t t;
	int stop;
	unsigned long made;
	int fail_line;
};

static void *garbage_maker_main(void *arg)
{
	struct garbage_maker *g = arg;

	while (!__atomic_load_n(&g->stop, __ATOMIC_ACQUIRE)) {
		zx_handle_t a1, b1, a2, b2;

		if (zx_channel_create(0, &a1, &b1) != ZX_OK ||
		    zx_channel_create(0, &a2, &b2) != ZX_OK ||
		    zx_channel_write(b1, 0, "g", 1, &a2, 1) != ZX_OK ||
		    zx_channel_write(b2, 0, "g", 1, &a1, 1) != ZX_OK ||
		    zx_handle_close(b1) != ZX_OK || zx_handle_close(b2) != ZX_OK) {
			g->fail_line = __LINE__;
			return NULL;
		}
		g->made++;
	}
	return NULL;
}

TEST_ZX_SLOW(gc_race_with_readers)
{
	struct garbage_maker g;
	struct zxt_loop loop;

	memset(&g, 0, sizeof(g));
	ASSERT_EQ(0, pthread_create(&g.t, NULL, garbage_maker_main, &g));
	zxt_loop_init(&loop, 30, 1000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t x, y, c0, c1, d0, d1, got, got2, got3;
		struct marker m = marker_new(_metadata);

		/* x's queue: c0; c0's queue: d0; d0's queue: m; only x in the table */
		ch_pair(_metadata, &x, &y);
		ch_pair(_metadata, &c0, &c1);
		ch_pair(_metadata, &d0, &d1);
		WRITE_OK(d1, "m", 1, &m.h, 1);
		WRITE_OK(c1, "d", 1, &d0, 1);
		WRITE_OK(y, "c", 1, &c0, 1);
		zxt_close(_metadata, d1);
		zxt_close(_metadata, c1);
		if (loop.done & 1)
			zxt_close(_metadata, y);
		read_expect(_metadata, x, "c", 1, &got, 1);
		read_expect(_metadata, got, "d", 1, &got2, 1);
		/* d0 back in its own queue's reach, for a moment in flight again */
		if (loop.done & 2) {
			zx_handle_t p, q;

			ch_pair(_metadata, &p, &q);
			WRITE_OK(q, "again", 5, &got2, 1);
			read_expect(_metadata, p, "again", 5, &got2, 1);
			zxt_close(_metadata, p);
			zxt_close(_metadata, q);
		}
		read_expect(_metadata, got2, "m", 1, &got3, 1);
		EXPECT_EQ(m.koid, zxt_koid(_metadata, got3));
		EXPECT_ALIVE(m);
		zxt_close(_metadata, got3);
		EXPECT_DEAD(m);
		zxt_close(_metadata, got2);
		zxt_close(_metadata, got);
		zxt_close(_metadata, x);
		if (!(loop.done & 1))
			zxt_close(_metadata, y);
		marker_close(_metadata, &m);
	}
	__atomic_store_n(&g.stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_join(g.t, NULL));
	EXPECT_EQ(0, g.fail_line);
	TH_LOG("%lu rounds, %lu garbage cycles made", loop.done, g.made);
	EXPECT_TABLE_USED(0);
}

/* ------------------------------------------------------------------ */
/* Stress                                                              */

/*
 * The stress tests run their full count (ZX_CHANNEL_STRESS_MSGS messages,
 * ZX_CHANNEL_PINGPONG_ROUNDS round trips), which fits comfortably under
 * qemu TCG with a stock kernel; on a much slower one (the debug kernel
 * with KASAN, lockdep and kmemleak runs them ~70x slower) they stop after
 * ZX_CHANNEL_STRESS_SECONDS (default STRESS_SECONDS; a third of it for
 * the ping-pong), but never before a minimum. The log line says how many
 * and whether the time cap cut the run short.
 */
#ifndef STRESS_SECONDS
#define STRESS_SECONDS 100ul
#endif

static int64_t stress_end_ns(unsigned int share)
{
	const char *s = getenv("ZX_CHANNEL_STRESS_SECONDS");
	unsigned long v = s ? strtoul(s, NULL, 10) : 0;

	return zxt_mono_ns() + ZXT_SEC(v ? v : STRESS_SECONDS) / share;
}

/*
 * SM_NCH channels, each with SM_NW writer and SM_NR reader threads.
 * Every message carries its writer, a sequence number, a length-dependent
 * payload and 0..SM_MAXH handles taken from a pool of SM_TOK events; the
 * koids of those handles are in the message too. Readers check every
 * byte, every handle's koid, type and rights, and that each token is in
 * exactly one place (pool or one message) at any time; they give the
 * handles back to the pool. Each (writer, sequence) must arrive exactly
 * once, in order as far as one reader can tell. Credits keep each queue
 * short of its bound, so no write may fail.
 */
#ifndef STRESS_MSGS_DEFAULT
#define STRESS_MSGS_DEFAULT 1000000ul
#endif
#define SM_NCH 2
#define SM_NW 2
#define SM_NR 2
#define SM_WRITERS (SM_NCH * SM_NW)
#define SM_TOK 256
#define SM_MAXH 3
#define SM_CREDITS 48
#define SM_PAYLOAD 200
#define SM_MIN_PER_WRITER 1000

struct sm_hdr {
	uint32_t writer;
	uint32_t nh;
	uint64_t seq;
	uint32_t len;
	uint32_t check;
	zx_koid_t koids[SM_MAXH];
};

struct sm_state {
	zx_handle_t w[SM_NCH], r[SM_NCH];
	int writers_left[SM_NCH];
	sem_t credits[SM_NCH];
	pthread_mutex_t pool_lock;
	zx_handle_t pool_h[SM_TOK];
	zx_koid_t pool_k[SM_TOK];	/* as the reader that returned it saw it */
	int pool_n;
	zx_koid_t koids[SM_TOK];	/* sorted */
	int state[SM_TOK];		/* 0: in the pool, 1: in a message */
	uint64_t per_writer;
	int64_t end_ns;			/* the time cap */
	uint64_t sent[SM_WRITERS];
	uint64_t *seen[SM_WRITERS];
	uint64_t msgs, handles, bytes;
	int failed;
	char why[160];
};

struct sm_thread {
	struct sm_state *st;
	int ch, id;
	pthread_t t;
};

static void sm_fail(struct sm_state *st, const char *what, uint64_t a, uint64_t b)
{
	if (!__atomic_exchange_n(&st->failed, 1, __ATOMIC_ACQ_REL))
		snprintf(st->why, sizeof(st->why), "%s (%llu, %llu)", what,
			 (unsigned long long)a, (unsigned long long)b);
}

static uint8_t sm_byte(uint32_t w, uint64_t seq, uint32_t i)
{
	return (uint8_t)(w * 37u + seq * 11u + i * 3u);
}

static uint32_t sm_len(uint32_t w, uint64_t seq)
{
	return (uint32_t)((seq * 2654435761u + w * 977u) % (SM_PAYLOAD + 1));
}

static int sm_token(struct sm_state *st, zx_koid_t k)
{
	int lo = 0, hi = SM_TOK - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (st->koids[mid] == k)
			return mid;
		if (st->koids[mid] < k)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void *sm_writer(void *arg)
{
	struct sm_thread *th = arg;
	struct sm_state *st = th->st;
	uint8_t buf[sizeof(struct sm_hdr) + SM_PAYLOAD];
	struct sm_hdr *hdr = (struct sm_hdr *)buf;
	uint64_t seed = 0x9876ull + (uint64_t)th->id, seq;

	for (seq = 0; seq < st->per_writer; seq++) {
		zx_handle_t hs[SM_MAXH];
		uint32_t nh = (uint32_t)(zxt_rand(&seed) % (SM_MAXH + 1)), i;
		zx_status_t s;

		if (__atomic_load_n(&st->failed, __ATOMIC_RELAXED))
			break;
		if (seq >= SM_MIN_PER_WRITER && seq % 64 == 0 && zxt_mono_ns() > st->end_ns)
			break;
		pthread_mutex_lock(&st->pool_lock);
		if (nh > (uint32_t)st->pool_n)
			nh = (uint32_t)st->pool_n;
		for (i = 0; i < nh; i++) {
			--st->pool_n;
			hs[i] = st->pool_h[st->pool_n];
			hdr->koids[i] = st->pool_k[st->pool_n];
		}
		pthread_mutex_unlock(&st->pool_lock);
		hdr->writer = (uint32_t)th->id;
		hdr->nh = nh;
		hdr->seq = seq;
		hdr->len = sm_len(hdr->writer, seq);
		hdr->check = (uint32_t)(seq * 0x9E3779B9u) ^ hdr->writer ^ nh;
		for (i = 0; i < nh; i++) {
			int k = sm_token(st, hdr->koids[i]);

			if (k < 0 || __atomic_exchange_n(&st->state[k], 1, __ATOMIC_ACQ_REL) != 0)
				sm_fail(st, "token already in flight", hdr->koids[i], seq);
		}
		for (i = 0; i < hdr->len; i++)
			buf[sizeof(*hdr) + i] = sm_byte(hdr->writer, seq, i);
		/* a credit: a slot in the queue (timed only to notice a failure) */
		for (;;) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			if (sem_timedwait(&st->credits[th->ch], &ts) == 0)
				break;
			if (__atomic_load_n(&st->failed, __ATOMIC_RELAXED))
				goto out;
		}
		s = zx_channel_write(st->w[th->ch], 0, buf, sizeof(*hdr) + hdr->len, hs, nh);
		if (s != ZX_OK) {
			sm_fail(st, "write", (uint64_t)-s, seq);
			break;
		}
		st->sent[th->id] = seq + 1;
	}
out:
	if (__atomic_sub_fetch(&st->writers_left[th->ch], 1, __ATOMIC_ACQ_REL) == 0)
		zx_handle_close(st->w[th->ch]);
	return NULL;
}

static void *sm_reader(void *arg)
{
	struct sm_thread *th = arg;
	struct sm_state *st = th->st;
	uint8_t buf[sizeof(struct sm_hdr) + SM_PAYLOAD + 16];
	struct sm_hdr *hdr = (struct sm_hdr *)buf;
	uint64_t last[SM_WRITERS], msgs = 0, handles = 0, bytes = 0;
	int i;

	for (i = 0; i < SM_WRITERS; i++)
		last[i] = UINT64_MAX;
	while (!__atomic_load_n(&st->failed, __ATOMIC_RELAXED)) {
		zx_handle_info_t info[MAX_HANDLES];
		uint32_t ab = 0, ah = 0, w, k;
		zx_status_t s = zx_channel_read_etc(st->r[th->ch], 0, buf, info, sizeof(buf),
						    MAX_HANDLES, &ab, &ah);

		if (s == ZX_ERR_SHOULD_WAIT) {
			zx_signals_t obs = 0;

			s = zx_object_wait_one(st->r[th->ch], CH_R | CH_PC,
					       zx_deadline_after(ZXT_SEC(120)), &obs);
			if (s != ZX_OK)
				sm_fail(st, "reader wait", (uint64_t)-s, obs);
			continue;
		}
		if (s == ZX_ERR_PEER_CLOSED)
			break;		/* drained, and the writers are done */
		if (s != ZX_OK) {
			sm_fail(st, "read", (uint64_t)-s, 0);
			break;
		}
		sem_post(&st->credits[th->ch]);
		w = hdr->writer;
		if (ab < sizeof(*hdr) || w >= SM_WRITERS || w / SM_NW != (uint32_t)th->ch ||
		    hdr->seq >= st->per_writer || hdr->len != sm_len(w, hdr->seq) ||
		    ab != sizeof(*hdr) + hdr->len || hdr->nh != ah || ah > SM_MAXH ||
		    hdr->check != ((uint32_t)(hdr->seq * 0x9E3779B9u) ^ w ^ ah)) {
			sm_fail(st, "bad message", ab, ah);
			break;
		}
		for (k = 0; k < hdr->len; k++)
			if (buf[sizeof(*hdr) + k] != sm_byte(w, hdr->seq, k)) {
				sm_fail(st, "payload", w, hdr->seq);
				break;
			}
		if (last[w] != UINT64_MAX && hdr->seq <= last[w])
			sm_fail(st, "order", w, hdr->seq);
		last[w] = hdr->seq;
		if (__atomic_fetch_or(&st->seen[w][hdr->seq / 64], 1ull << (hdr->seq % 64),
				      __ATOMIC_RELAXED) & (1ull << (hdr->seq % 64)))
			sm_fail(st, "duplicate message", w, hdr->seq);
		for (k = 0; k < ah; k++) {
			zx_info_handle_basic_t bi;
			int t;

			if (info[k].type != ZX_OBJ_TYPE_EVENT ||
			    info[k].rights != ZX_DEFAULT_EVENT_RIGHTS || info[k].unused != 0 ||
			    zx_object_get_info(info[k].handle, ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi),
					       NULL, NULL) != ZX_OK ||
			    bi.koid != hdr->koids[k] || (t = sm_token(st, bi.koid)) < 0) {
				sm_fail(st, "bad handle", w, hdr->seq);
				return NULL;
			}
			if (__atomic_exchange_n(&st->state[t], 0, __ATOMIC_ACQ_REL) != 1)
				sm_fail(st, "token not in flight", bi.koid, hdr->seq);
			pthread_mutex_lock(&st->pool_lock);
			st->pool_h[st->pool_n] = info[k].handle;
			st->pool_k[st->pool_n++] = bi.koid;
			pthread_mutex_unlock(&st->pool_lock);
		}
		msgs++;
		handles += ah;
		bytes += ab;
	}
	__atomic_add_fetch(&st->msgs, msgs, __ATOMIC_RELAXED);
	__atomic_add_fetch(&st->handles, handles, __ATOMIC_RELAXED);
	__atomic_add_fetch(&st->bytes, bytes, __ATOMIC_RELAXED);
	return NULL;
}

static unsigned long env_count(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	unsigned long v = s ? strtoul(s, NULL, 10) : 0;

	return v ? v : def;
}

TEST_ZX_SLOW(stress_mpmc)
{
	struct sm_thread w[SM_WRITERS], r[SM_NCH * SM_NR];
	struct sm_state *st = calloc(1, sizeof(*st));
	unsigned long total = env_count("ZX_CHANNEL_STRESS_MSGS", STRESS_MSGS_DEFAULT);
	int64_t t0 = zxt_mono_ns();
	double secs;
	uint64_t i, n;
	int c, k;

	ASSERT_NE(NULL, st);
	st->per_writer = (total + SM_WRITERS - 1) / SM_WRITERS;
	if (st->per_writer < SM_MIN_PER_WRITER)
		st->per_writer = SM_MIN_PER_WRITER;
	st->end_ns = stress_end_ns(1);
	ASSERT_EQ(0, pthread_mutex_init(&st->pool_lock, NULL));
	for (c = 0; c < SM_NCH; c++) {
		ch_pair(_metadata, &st->w[c], &st->r[c]);
		st->writers_left[c] = SM_NW;
		ASSERT_EQ(0, sem_init(&st->credits[c], 0, SM_CREDITS));
	}
	for (k = 0; k < SM_TOK; k++) {
		st->pool_h[k] = zxt_event(_metadata);
		st->koids[k] = zxt_koid(_metadata, st->pool_h[k]);
		st->pool_k[k] = st->koids[k];
	}
	st->pool_n = SM_TOK;
	qsort(st->koids, SM_TOK, sizeof(st->koids[0]), zxt_cmp_u64);
	for (k = 0; k < SM_WRITERS; k++) {
		st->seen[k] = calloc(st->per_writer / 64 + 1, sizeof(uint64_t));
		ASSERT_NE(NULL, st->seen[k]);
	}
	for (k = 0; k < SM_NCH * SM_NR; k++) {
		r[k] = (struct sm_thread){ .st = st, .ch = k / SM_NR, .id = k };
		ASSERT_EQ(0, pthread_create(&r[k].t, NULL, sm_reader, &r[k]));
	}
	for (k = 0; k < SM_WRITERS; k++) {
		w[k] = (struct sm_thread){ .st = st, .ch = k / SM_NW, .id = k };
		ASSERT_EQ(0, pthread_create(&w[k].t, NULL, sm_writer, &w[k]));
	}
	for (k = 0; k < SM_WRITERS; k++)
		ASSERT_EQ(0, pthread_join(w[k].t, NULL));
	for (k = 0; k < SM_NCH * SM_NR; k++)
		ASSERT_EQ(0, pthread_join(r[k].t, NULL));
	secs = (double)(zxt_mono_ns() - t0) / 1e9;
	ASSERT_EQ(0, st->failed) TH_LOG("%s", st->why);

	/* every message sent arrived exactly once, and nothing else */
	for (k = 0, n = 0; k < SM_WRITERS; k++) {
		uint64_t bits = 0;

		EXPECT_LE(SM_MIN_PER_WRITER, st->sent[k]);
		for (i = 0; i < st->per_writer / 64 + 1; i++)
			bits += (uint64_t)__builtin_popcountll(st->seen[k][i]);
		EXPECT_EQ(st->sent[k], bits) TH_LOG("writer %d", k);
		for (i = 0; i < st->sent[k]; i++) {
			ASSERT_TRUE(st->seen[k][i / 64] & (1ull << (i % 64)))
				TH_LOG("writer %d message %llu lost", k, (unsigned long long)i);
		}
		n += st->sent[k];
		free(st->seen[k]);
	}
	EXPECT_EQ(n, st->msgs);
	/* every token back in the pool, each once, alone with its object */
	ASSERT_EQ(SM_TOK, st->pool_n);
	{
		zx_koid_t got[SM_TOK];

		for (k = 0; k < SM_TOK; k++) {
			EXPECT_EQ(0, st->state[k]);
			got[k] = zxt_koid(_metadata, st->pool_h[k]);
			EXPECT_EQ(1u, zxt_handle_count(_metadata, st->pool_h[k]));
		}
		qsort(got, SM_TOK, sizeof(got[0]), zxt_cmp_u64);
		EXPECT_EQ(0, memcmp(got, st->koids, sizeof(got)));
	}
	ASSERT_EQ(ZX_OK, zx_handle_close_many(st->pool_h, SM_TOK));
	for (c = 0; c < SM_NCH; c++) {
		EXPECT_EQ(CH_PC, zxt_signals(_metadata, st->r[c]));
		zxt_close(_metadata, st->r[c]);
		sem_destroy(&st->credits[c]);
	}
	TH_LOG("%llu messages, %llu handles, %llu bytes in %.1f s (%.0f messages/s)%s",
	       (unsigned long long)st->msgs, (unsigned long long)st->handles,
	       (unsigned long long)st->bytes, secs, (double)st->msgs / secs,
	       n < st->per_writer * SM_WRITERS ? ", stopped by the time cap" : "");
	free(st);
	EXPECT_TABLE_USED(0);
}

/*
 * Handles in bulk: per pair of threads, 64 events go back and forth in
 * one message, ZX_CHANNEL_PINGPONG_ROUNDS round trips (or until the time
 * cap). Every hop checks the count, type and rights; every 16th round,
 * and at the end, the koids are exactly the original set.
 */
#define PP_PAIRS 2
#define PP_MIN_ROUNDS 64
#define PP_STOP UINT64_MAX
#ifndef PINGPONG_ROUNDS_DEFAULT
#define PINGPONG_ROUNDS_DEFAULT 4096ul
#endif

struct pp {
	pthread_t ta, tb;
	zx_handle_t a, b;
	zx_handle_t h[MAX_HANDLES];
	zx_koid_t koids[MAX_HANDLES];	/* sorted */
	unsigned long rounds, done;
	int64_t end_ns;
	int fail_line;
};

static bool pp_koids_ok(struct pp *p)
{
	zx_koid_t k[MAX_HANDLES];
	uint32_t i;

	for (i = 0; i < MAX_HANDLES; i++) {
		zx_info_handle_basic_t bi;

		if (zx_object_get_info(p->h[i], ZX_INFO_HANDLE_BASIC, &bi, sizeof(bi), NULL,
				       NULL) != ZX_OK)
			return false;
		k[i] = bi.koid;
	}
	qsort(k, MAX_HANDLES, sizeof(k[0]), zxt_cmp_u64);
	return memcmp(k, p->koids, sizeof(k)) == 0;
}

/*
 * Receive round @round's 64 handles into p->h (0: the stop message came
 * instead, -1: anything wrong), and send them on through @to if valid.
 */
static int pp_hop(struct pp *p, zx_handle_t from, zx_handle_t to, uint64_t round,
		  bool check_koids)
{
	zx_handle_info_t info[MAX_HANDLES];
	uint64_t got_round = 0;
	uint32_t ab = 0, ah = 0, i;

	if (wait_readable(from, LONG_DEADLINE()) != ZX_OK ||
	    zx_channel_read_etc(from, 0, &got_round, info, sizeof(got_round), MAX_HANDLES, &ab,
				&ah) != ZX_OK || ab != sizeof(got_round))
		return -1;
	if (got_round == PP_STOP && ah == 0)
		return 0;
	if (ah != MAX_HANDLES || got_round != round)
		return -1;
	for (i = 0; i < MAX_HANDLES; i++) {
		if (info[i].type != ZX_OBJ_TYPE_EVENT || info[i].rights != ZX_DEFAULT_EVENT_RIGHTS)
			return -1;
		p->h[i] = info[i].handle;
	}
	if (check_koids && !pp_koids_ok(p))
		return -1;
	if (to != ZX_HANDLE_INVALID &&
	    zx_channel_write(to, 0, &round, sizeof(round), p->h, MAX_HANDLES) != ZX_OK)
		return -1;
	return 1;
}

/* Side A: sends, checks what comes back, and says when to stop. */
static void *pp_a_main(void *arg)
{
	struct pp *p = arg;
	uint64_t r, stop = PP_STOP;

	for (r = 0; r < p->rounds; r++) {
		if (r >= PP_MIN_ROUNDS && zxt_mono_ns() > p->end_ns)
			break;
		if (zx_channel_write(p->a, 0, &r, sizeof(r), p->h, MAX_HANDLES) != ZX_OK ||
		    pp_hop(p, p->a, ZX_HANDLE_INVALID, r, r % 16 == 15) != 1) {
			p->fail_line = __LINE__;
			return NULL;
		}
		p->done++;
	}
	if (!pp_koids_ok(p) || zx_channel_write(p->a, 0, &stop, sizeof(stop), NULL, 0) != ZX_OK)
		p->fail_line = __LINE__;
	return NULL;
}

/* Side B: echoes, with its own handle array, until told to stop. */
static void *pp_b_main(void *arg)
{
	struct pp *p = arg;
	struct pp mine;
	uint64_t r;

	memcpy(mine.koids, p->koids, sizeof(mine.koids));
	for (r = 0;; r++) {
		if (pp_hop(&mine, p->b, p->b, r, false) != 1)
			return NULL;	/* stopped; or A notices */
	}
}

TEST_ZX_SLOW(stress_handle_pingpong)
{
	unsigned long rounds = env_count("ZX_CHANNEL_PINGPONG_ROUNDS", PINGPONG_ROUNDS_DEFAULT);
	struct pp *p = calloc(PP_PAIRS, sizeof(*p));
	int64_t t0 = zxt_mono_ns(), end = stress_end_ns(3);
	unsigned long moved = 0, msgs = 0;
	bool capped = false;
	double secs;
	int k, i;

	ASSERT_NE(NULL, p);
	for (k = 0; k < PP_PAIRS; k++) {
		ch_pair(_metadata, &p[k].a, &p[k].b);
		p[k].rounds = rounds;
		p[k].end_ns = end;
		for (i = 0; i < (int)MAX_HANDLES; i++) {
			p[k].h[i] = zxt_event(_metadata);
			p[k].koids[i] = zxt_koid(_metadata, p[k].h[i]);
		}
		qsort(p[k].koids, MAX_HANDLES, sizeof(p[k].koids[0]), zxt_cmp_u64);
		ASSERT_EQ(0, pthread_create(&p[k].tb, NULL, pp_b_main, &p[k]));
		ASSERT_EQ(0, pthread_create(&p[k].ta, NULL, pp_a_main, &p[k]));
	}
	for (k = 0; k < PP_PAIRS; k++) {
		ASSERT_EQ(0, pthread_join(p[k].ta, NULL));
		if (p[k].fail_line)
			zx_handle_close(p[k].a);	/* unblocks B */
		ASSERT_EQ(0, pthread_join(p[k].tb, NULL));
	}
	secs = (double)(zxt_mono_ns() - t0) / 1e9;
	for (k = 0; k < PP_PAIRS; k++) {
		ASSERT_EQ(0, p[k].fail_line) TH_LOG("pair %d round %lu", k, p[k].done);
		EXPECT_LE((unsigned long)PP_MIN_ROUNDS, p[k].done);
		capped |= p[k].done < rounds;
		moved += p[k].done * 2 * MAX_HANDLES;
		msgs += p[k].done * 2;
		for (i = 0; i < (int)MAX_HANDLES; i++)
			EXPECT_EQ(1u, zxt_handle_count(_metadata, p[k].h[i]));
		EXPECT_EMPTY(p[k].a);
		EXPECT_EMPTY(p[k].b);
		ASSERT_EQ(ZX_OK, zx_handle_close_many(p[k].h, MAX_HANDLES));
		zxt_close(_metadata, p[k].a);
		zxt_close(_metadata, p[k].b);
	}
	TH_LOG("%lu messages moved %lu handles in %.1f s (%.0f handles/s)%s", msgs, moved, secs,
	       (double)moved / secs, capped ? ", stopped by the time cap" : "");
	free(p);
	EXPECT_TABLE_USED(0);
}

TEST_HARNESS_MAIN
