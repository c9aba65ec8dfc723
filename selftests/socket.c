// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets: zx_socket_create/write/read/set_disposition, the socket
 * thresholds (zx_object_get_property/set_property) and ZX_INFO_SOCKET
 * (spec zircon-ipc.md A.3): every error in Zircon's order, both socket
 * types, signals as waits see them, bad user pointers, the buffer bound,
 * stress runs that account for every byte, and callers whose user copy
 * stalls (a userfaultfd page) blocking nobody on the other end.
 */
#include <linux/membarrier.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/mman.h>

#define ZXT_FIXTURE socket
#include "zx_selftest.h"

/* The module's capacity per direction (rx_buf_max). */
#define CAP 262144u

#define S_R ZX_SOCKET_READABLE
#define S_W ZX_SOCKET_WRITABLE
#define S_PC ZX_SOCKET_PEER_CLOSED
#define S_PWD ZX_SOCKET_PEER_WRITE_DISABLED
#define S_WD ZX_SOCKET_WRITE_DISABLED
#define S_RT ZX_SOCKET_READ_THRESHOLD
#define S_WT ZX_SOCKET_WRITE_THRESHOLD

#define DIS ZX_SOCKET_DISPOSITION_WRITE_DISABLED
#define EN ZX_SOCKET_DISPOSITION_WRITE_ENABLED

#define RX ZX_PROP_SOCKET_RX_THRESHOLD
#define TX ZX_PROP_SOCKET_TX_THRESHOLD

static void zxt_socket(struct __test_metadata *_metadata, uint32_t options, zx_handle_t *a,
		       zx_handle_t *b)
{
	*a = *b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_socket_create(options, a, b));
	ASSERT_NE(ZX_HANDLE_INVALID, *a);
	ASSERT_NE(ZX_HANDLE_INVALID, *b);
}

static zx_info_socket_t zxt_sinfo(struct __test_metadata *_metadata, zx_handle_t h)
{
	zx_info_socket_t info;
	size_t actual = 99, avail = 99;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_SOCKET, &info, sizeof(info), &actual,
					    &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	return info;
}

/* Bytes queued for @h to read. */
static size_t zxt_rx(struct __test_metadata *_metadata, zx_handle_t h)
{
	return zxt_sinfo(_metadata, h).rx_buf_size;
}

static size_t zxt_get_prop(struct __test_metadata *_metadata, zx_handle_t h, uint32_t prop)
{
	size_t v = 0xdeadbeef;

	ASSERT_EQ(ZX_OK, zx_object_get_property(h, prop, &v, sizeof(v)));
	return v;
}

static zx_status_t zxt_set_prop(zx_handle_t h, uint32_t prop, size_t v)
{
	return zx_object_set_property(h, prop, &v, sizeof(v));
}

/* A byte pattern that depends on @seed and the position. */
static void zxt_fill(void *p, size_t n, uint32_t seed)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed * 131u + i * 7u + (i >> 8));
}

static bool zxt_check(const void *p, size_t n, uint32_t seed)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (uint8_t)(seed * 131u + i * 7u + (i >> 8)))
			return false;
	return true;
}

#define WRITE_OK(h, buf, n, want) do { \
	size_t __a = 12345; \
	ASSERT_EQ(ZX_OK, zx_socket_write((h), 0, (buf), (n), &__a)); \
	ASSERT_EQ((size_t)(want), __a); \
} while (0)

#define READ_OK(h, opts, buf, n, want) do { \
	size_t __a = 12345; \
	ASSERT_EQ(ZX_OK, zx_socket_read((h), (opts), (buf), (n), &__a)); \
	ASSERT_EQ((size_t)(want), __a); \
} while (0)

/* Fill @h's peer's buffer up to exactly CAP bytes (stream): a short write. */
static void zxt_fill_up(struct __test_metadata *_metadata, zx_handle_t h, uint32_t seed)
{
	size_t queued = zxt_sinfo(_metadata, h).tx_buf_size;
	uint8_t *buf = malloc(CAP);

	ASSERT_NE(NULL, buf);
	zxt_fill(buf, CAP, seed);
	WRITE_OK(h, buf, CAP, CAP - queued);
	free(buf);
}

/* @n accessible bytes followed by an inaccessible page. */
static uint8_t *zxt_guarded(struct __test_metadata *_metadata, size_t n, int prot)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = (n + page - 1) / page * page;
	uint8_t *map;

	map = mmap(NULL, len + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + len, page, PROT_NONE));
	if (prot != (PROT_READ | PROT_WRITE))
		ASSERT_EQ(0, mprotect(map, len, prot));
	return map + len - n;
}

/* ------------------------------------------------------------------ */
/* Creation                                                           */

TEST_ZX(create_defaults)
{
	static const uint32_t types[] = { ZX_SOCKET_STREAM, ZX_SOCKET_DATAGRAM };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		zx_info_handle_basic_t ia, ib;
		zx_info_socket_t si;
		zx_handle_t a, b;

		zxt_socket(_metadata, types[i], &a, &b);
		ia = zxt_info(_metadata, a);
		ib = zxt_info(_metadata, b);
		EXPECT_EQ(ZX_DEFAULT_SOCKET_RIGHTS, ia.rights);
		EXPECT_EQ(0x10F0CFu, ib.rights);
		EXPECT_EQ(ZX_OBJ_TYPE_SOCKET, ia.type);
		EXPECT_EQ(14u, ib.type);
		EXPECT_NE(ia.koid, ib.koid);
		EXPECT_EQ(ib.koid, ia.related_koid);
		EXPECT_EQ(ia.koid, ib.related_koid);
		/* both ends start WRITABLE, and nothing else */
		EXPECT_EQ(S_W, zxt_signals(_metadata, a));
		EXPECT_EQ(S_W, zxt_signals(_metadata, b));

		si = zxt_sinfo(_metadata, a);
		EXPECT_EQ(types[i], si.options);
		EXPECT_EQ(0, si.padding1[0] | si.padding1[1] | si.padding1[2] | si.padding1[3]);
		EXPECT_EQ(CAP, si.rx_buf_max);
		EXPECT_EQ(0u, si.rx_buf_size);
		EXPECT_EQ(0u, si.rx_buf_available);
		EXPECT_EQ(CAP, si.tx_buf_max);
		EXPECT_EQ(0u, si.tx_buf_size);
		EXPECT_EQ(0u, zxt_get_prop(_metadata, a, RX));
		EXPECT_EQ(0u, zxt_get_prop(_metadata, a, TX));
		zxt_close(_metadata, a);
		zxt_close(_metadata, b);
	}
}

TEST_ZX(create_bad_options)
{
	static const uint32_t bad[] = { 2, 3, ZX_SOCKET_PEEK, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zx_handle_t a = 1, b = 1;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(bad[i], &a, &b));
		EXPECT_EQ(ZX_HANDLE_INVALID, a);
		EXPECT_EQ(ZX_HANDLE_INVALID, b);
	}
}

TEST_ZX(create_null_out)
{
	zx_handle_t a = 1, b = 1;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(0, NULL, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(ZX_SOCKET_DATAGRAM, &a, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(0, NULL, NULL));
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_HANDLE_INVALID, b);
	/* bad options win over the missing outputs */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(2, NULL, NULL));
}

/* ------------------------------------------------------------------ */
/* Write and read: errors in Zircon's order                           */

TEST_ZX(write_errors_in_order)
{
	zx_handle_t a, b, e, noright, stale;
	uint8_t buf[16] = { 0 };
	size_t actual = 77;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	e = zxt_event(_metadata);
	noright = zxt_dup(_metadata, a, ZX_DEFAULT_SOCKET_RIGHTS & ~ZX_RIGHT_WRITE);
	stale = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);

	/* the buffer, then the options, before the handle */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(stale, 1, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(stale, 0, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(stale, 1, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, ZX_SOCKET_PEEK, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0x80000000u, buf, 1, &actual));
	/* the handle: BAD_HANDLE, WRONG_TYPE, ACCESS_DENIED */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_write(stale, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_write(ZX_HANDLE_INVALID, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_socket_write(e, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_write(noright, 0, buf, 1, &actual));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(0u, zxt_rx(_metadata, b));

	/* NULL with size 0 is fine, and actual may be NULL */
	WRITE_OK(a, NULL, 0, 0);
	EXPECT_EQ(ZX_OK, zx_socket_write(a, 0, buf, 5, NULL));
	EXPECT_EQ(5u, zxt_rx(_metadata, b));

	/* full: len 0 is still ZX_OK (checked first), then SHOULD_WAIT */
	zxt_fill_up(_metadata, a, 1);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_write(a, 0, buf, 1, &actual));
	WRITE_OK(a, buf, 0, 0);
#if SIZE_MAX > UINT32_MAX
	/* more than 4 GiB: INVALID_ARGS after the len 0 check, before full */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, buf, (size_t)UINT32_MAX + 1, &actual));
#endif
	EXPECT_EQ(CAP, zxt_rx(_metadata, b));

	/* BAD_STATE (write disabled) comes before len 0 and full */
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, DIS, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_write(a, 0, buf, 0, &actual));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_write(a, 0, buf, 1, &actual));
	/* PEER_CLOSED comes before BAD_STATE */
	zxt_close(_metadata, b);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_write(a, 0, buf, 0, &actual));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_write(a, 0, buf, 1, &actual));
	/* the argument checks still come first */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_write(noright, 0, buf, 1, &actual));
	EXPECT_EQ(77u, actual);
	zxt_close(_metadata, noright);
	zxt_close(_metadata, a);
	zxt_close(_metadata, e);
}

TEST_ZX(read_errors_in_order)
{
	zx_handle_t a, b, e, noright, stale;
	uint8_t buf[16] = { 0 };
	size_t actual = 77;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	e = zxt_event(_metadata);
	noright = zxt_dup(_metadata, b, ZX_DEFAULT_SOCKET_RIGHTS & ~ZX_RIGHT_READ);
	stale = zxt_dup(_metadata, b, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);
	WRITE_OK(a, "hello", 5, 5);

	/* the buffer, then the options, before the handle */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(stale, 2, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(stale, 0, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(stale, 1, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, ZX_SOCKET_PEEK | 1, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, 0x80000000u, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_read(stale, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_read(ZX_HANDLE_INVALID, ZX_SOCKET_PEEK, buf, 1,
						    &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_socket_read(e, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_read(noright, 0, buf, 1, &actual));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(5u, zxt_rx(_metadata, b));

	/* a zero-length read of a stream returns nothing and consumes nothing */
	READ_OK(b, 0, NULL, 0, 0);
	READ_OK(b, 0, buf, 0, 0);
	EXPECT_EQ(5u, zxt_rx(_metadata, b));
	EXPECT_EQ(ZX_OK, zx_socket_read(b, 0, buf, sizeof(buf), NULL));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));

	/* empty: SHOULD_WAIT; the size check comes first */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, ZX_SOCKET_PEEK, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, 0, NULL, 0, &actual));
#if SIZE_MAX > UINT32_MAX
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, 0, buf, (size_t)UINT32_MAX + 1, &actual));
#endif
	/* read disabled (the peer's writes are) and empty: BAD_STATE */
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, DIS, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_read(b, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_read(b, ZX_SOCKET_PEEK, buf, 1, &actual));
	/* no peer comes before read disabled */
	zxt_close(_metadata, a);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(b, 0, buf, 1, &actual));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(b, 0, NULL, 0, &actual));
#if SIZE_MAX > UINT32_MAX
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, 0, buf, (size_t)UINT32_MAX + 1, &actual));
#endif
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_read(noright, 0, buf, 1, &actual));
	EXPECT_EQ(77u, actual);
	zxt_close(_metadata, noright);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* Streams                                                            */

TEST_ZX(stream_roundtrip_and_peek)
{
	uint8_t in[300], out[400];
	zx_info_socket_t si;
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	zxt_fill(in, sizeof(in), 3);
	WRITE_OK(a, in, 100, 100);
	WRITE_OK(a, in + 100, 200, 200);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	si = zxt_sinfo(_metadata, b);
	EXPECT_EQ(300u, si.rx_buf_size);
	EXPECT_EQ(300u, si.rx_buf_available);
	EXPECT_EQ(0u, si.tx_buf_size);
	si = zxt_sinfo(_metadata, a);
	EXPECT_EQ(0u, si.rx_buf_size);
	EXPECT_EQ(300u, si.tx_buf_size);

	/* PEEK returns the front and leaves it, and its signals, alone */
	memset(out, 0, sizeof(out));
	READ_OK(b, ZX_SOCKET_PEEK, out, 50, 50);
	EXPECT_EQ(0, memcmp(out, in, 50));
	READ_OK(b, ZX_SOCKET_PEEK, out, sizeof(out), 300);
	EXPECT_EQ(0, memcmp(out, in, 300));
	EXPECT_EQ(300u, zxt_rx(_metadata, b));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));

	/* reads cross write boundaries: a stream */
	READ_OK(b, 0, out, 150, 150);
	EXPECT_EQ(0, memcmp(out, in, 150));
	EXPECT_EQ(150u, zxt_rx(_metadata, b));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	READ_OK(b, 0, out, sizeof(out), 150);
	EXPECT_EQ(0, memcmp(out, in + 150, 150));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	si = zxt_sinfo(_metadata, b);
	EXPECT_EQ(0u, si.rx_buf_size);
	EXPECT_EQ(0u, si.rx_buf_available);

	/* the two directions are independent */
	WRITE_OK(b, in, 7, 7);
	WRITE_OK(a, in + 7, 9, 9);
	READ_OK(a, 0, out, sizeof(out), 7);
	EXPECT_EQ(0, memcmp(out, in, 7));
	READ_OK(b, 0, out, sizeof(out), 9);
	EXPECT_EQ(0, memcmp(out, in + 7, 9));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Many writes, reads and peeks of odd sizes: the bytes come out in order. */
TEST_ZX(stream_odd_sizes_in_order)
{
	static uint8_t in[3 * CAP], out[3 * CAP];
	size_t written = 0, readn = 0;
	uint64_t seed = 42;
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	zxt_fill(in, sizeof(in), 9);
	while (readn < sizeof(in)) {
		size_t n = zxt_rand(&seed) % 9000 + 1, got = 0;
		uint32_t opts = zxt_rand(&seed) % 4 ? 0 : ZX_SOCKET_PEEK;
		zx_status_t st;

		if (written < sizeof(in)) {
			size_t room = CAP - (written - readn);

			if (n > sizeof(in) - written)
				n = sizeof(in) - written;
			st = zx_socket_write(a, 0, in + written, n, &got);
			/* short when nearly full, SHOULD_WAIT only when full */
			ASSERT_EQ(room ? ZX_OK : ZX_ERR_SHOULD_WAIT, st);
			if (st == ZX_OK)
				ASSERT_EQ(n < room ? n : room, got);
			if (st == ZX_OK)
				written += got;
		}
		ASSERT_EQ(written - readn, zxt_rx(_metadata, b));
		n = zxt_rand(&seed) % 7000 + 1;
		st = zx_socket_read(b, opts, out + readn, n, &got);
		ASSERT_TRUE(st == ZX_OK || st == ZX_ERR_SHOULD_WAIT);
		if (st != ZX_OK)
			continue;
		ASSERT_EQ(n < written - readn ? n : written - readn, got);
		ASSERT_EQ(0, memcmp(out + readn, in + readn, got));
		if (!opts)
			readn += got;
	}
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(stream_short_write_when_nearly_full)
{
	uint8_t *buf = malloc(CAP);
	uint8_t out[64];
	size_t actual;
	zx_handle_t a, b;

	ASSERT_NE(NULL, buf);
	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	zxt_fill(buf, CAP, 5);
	WRITE_OK(a, buf, CAP - 10, CAP - 10);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	/* only 10 fit: a short write, and now a is not WRITABLE */
	WRITE_OK(a, buf + CAP - 10, 100, 10);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_write(a, 0, buf, 1, &actual));
	EXPECT_EQ(CAP, zxt_rx(_metadata, b));
	EXPECT_EQ(CAP, zxt_sinfo(_metadata, a).tx_buf_size);

	/* a PEEK frees nothing */
	READ_OK(b, ZX_SOCKET_PEEK, out, 1, 1);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	/* one byte read: WRITABLE again, and one byte fits */
	READ_OK(b, 0, out, 1, 1);
	EXPECT_EQ(buf[0], out[0]);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	WRITE_OK(a, "xyz", 3, 1);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	READ_OK(b, 0, out, 9, 9);
	EXPECT_EQ(0, memcmp(out, buf + 1, 9));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	free(buf);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * A reader that never reads: the writer gets SHOULD_WAIT after exactly
 * the capacity and WRITABLE goes; the buffer never grows past it.
 */
TEST_ZX(memory_bound_reader_never_reads)
{
	static uint8_t buf[7001];
	size_t total = 0, actual;
	zx_handle_t a, b;
	zx_status_t st;
	int i;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	zxt_fill(buf, sizeof(buf), 1);
	for (;;) {
		actual = 0;
		st = zx_socket_write(a, 0, buf, sizeof(buf), &actual);
		if (st != ZX_OK)
			break;
		ASSERT_LT(0u, actual);
		total += actual;
		ASSERT_LE(total, (size_t)CAP);
		if (total < CAP)
			ASSERT_EQ(sizeof(buf), actual);
	}
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, st);
	EXPECT_EQ((size_t)CAP, total);
	EXPECT_EQ(0u, zxt_signals(_metadata, a) & S_W);
	EXPECT_EQ(CAP, zxt_rx(_metadata, b));
	for (i = 0; i < 100; i++)
		ASSERT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_write(a, 0, buf, 1 + i, &actual));
	EXPECT_EQ(CAP, zxt_rx(_metadata, b));
	EXPECT_EQ(CAP, zxt_sinfo(_metadata, a).tx_buf_size);

	/* the same for datagrams: nothing more once they no longer fit */
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &a, &b);
	total = 0;
	for (;;) {
		st = zx_socket_write(a, 0, buf, sizeof(buf), &actual);
		if (st != ZX_OK)
			break;
		ASSERT_EQ(sizeof(buf), actual);
		total += actual;
	}
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, st);
	EXPECT_EQ((size_t)CAP / sizeof(buf) * sizeof(buf), total);
	EXPECT_EQ(total, zxt_rx(_metadata, b));
	/* a smaller datagram still fits, and then exactly nothing */
	WRITE_OK(a, buf, CAP - total, CAP - total);
	EXPECT_EQ(0u, zxt_signals(_metadata, a) & S_W);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_write(a, 0, buf, 1, &actual));
	EXPECT_EQ(CAP, zxt_rx(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Datagrams                                                          */

TEST_ZX(datagram_boundaries_truncation_peek)
{
	uint8_t in[100], out[100];
	zx_info_socket_t si;
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &a, &b);
	zxt_fill(in, sizeof(in), 11);
	WRITE_OK(a, in, 10, 10);
	WRITE_OK(a, in + 10, 20, 20);
	WRITE_OK(a, in + 30, 30, 30);
	WRITE_OK(a, in + 60, 1, 1);
	si = zxt_sinfo(_metadata, b);
	EXPECT_EQ((uint32_t)ZX_SOCKET_DATAGRAM, si.options);
	EXPECT_EQ(61u, si.rx_buf_size);
	EXPECT_EQ(10u, si.rx_buf_available);	/* the next datagram */
	EXPECT_EQ(61u, zxt_sinfo(_metadata, a).tx_buf_size);

	/* PEEK: one datagram, truncated, consumed not */
	READ_OK(b, ZX_SOCKET_PEEK, out, sizeof(out), 10);
	EXPECT_EQ(0, memcmp(out, in, 10));
	READ_OK(b, ZX_SOCKET_PEEK, out, 3, 3);
	EXPECT_EQ(0, memcmp(out, in, 3));
	/* a zero-length read leaves the datagram where it is (as Zircon) */
	READ_OK(b, 0, NULL, 0, 0);
	EXPECT_EQ(10u, zxt_sinfo(_metadata, b).rx_buf_available);
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));

	/* a short buffer truncates the datagram and discards the rest */
	memset(out, 0, sizeof(out));
	READ_OK(b, 0, out, 4, 4);
	EXPECT_EQ(0, memcmp(out, in, 4));
	EXPECT_EQ(0, out[4]);
	si = zxt_sinfo(_metadata, b);
	EXPECT_EQ(51u, si.rx_buf_size);
	EXPECT_EQ(20u, si.rx_buf_available);
	/* a long buffer returns one datagram, not more */
	READ_OK(b, 0, out, sizeof(out), 20);
	EXPECT_EQ(0, memcmp(out, in + 10, 20));
	READ_OK(b, 0, out, 30, 30);
	EXPECT_EQ(0, memcmp(out, in + 30, 30));
	EXPECT_EQ(1u, zxt_sinfo(_metadata, b).rx_buf_available);
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	READ_OK(b, 0, out, 1, 1);
	EXPECT_EQ(in[60], out[0]);
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	si = zxt_sinfo(_metadata, b);
	EXPECT_EQ(0u, si.rx_buf_size);
	EXPECT_EQ(0u, si.rx_buf_available);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, 0, out, sizeof(out), NULL));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Datagrams of every size around the chunk boundaries come back whole. */
TEST_ZX(datagram_sizes_across_chunks)
{
	static uint8_t in[70000], out[70000];
	static const size_t sizes[] = { 1, 2, 3, 4, 5, 4063, 4064, 4065, 4067, 4068, 4069, 4072,
					4073, 4090, 4092, 4096, 8000, 8136, 8140, 8144, 12345,
					65535, 65536, 65537, 69999 };
	unsigned int i, j, round;
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &a, &b);
	/* a different starting offset each round, so headers land everywhere */
	for (round = 0; round < 40; round++) {
		WRITE_OK(a, in, round * 13 + 1, round * 13 + 1);
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			zxt_fill(in, sizes[i], i + round);
			WRITE_OK(a, in, sizes[i], sizes[i]);
			if (zxt_rx(_metadata, b) > CAP / 2 || i + 1 == sizeof(sizes) / sizeof(sizes[0])) {
				READ_OK(b, 0, out, sizeof(out), round * 13 + 1);
				for (j = 0; j <= i; j++) {
					zx_info_socket_t si = zxt_sinfo(_metadata, b);

					ASSERT_EQ(sizes[j], si.rx_buf_available);
					READ_OK(b, 0, out, sizeof(out), sizes[j]);
					ASSERT_TRUE(zxt_check(out, sizes[j], j + round))
						TH_LOG("round %u size %zu", round, sizes[j]);
				}
				break;
			}
		}
		ASSERT_EQ(0u, zxt_rx(_metadata, b));
		/* whatever was not written this round */
		for (j = i + 1; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			zxt_fill(in, sizes[j], j + round);
			WRITE_OK(a, in, sizes[j], sizes[j]);
			READ_OK(b, 0, out, sizeof(out), sizes[j]);
			ASSERT_TRUE(zxt_check(out, sizes[j], j + round));
		}
	}
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(datagram_size_limits_and_order)
{
	uint8_t *buf = malloc(CAP + 1);
	size_t actual = 77;
	zx_handle_t a, b;

	ASSERT_NE(NULL, buf);
	zxt_fill(buf, CAP + 1, 2);
	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &a, &b);
	/* larger than the capacity: OUT_OF_RANGE, never SHOULD_WAIT */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_socket_write(a, 0, buf, CAP + 1, &actual));
	/* exactly the capacity fits an empty socket */
	WRITE_OK(a, buf, CAP, CAP);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	/* full is checked before the size, as Zircon does */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_write(a, 0, buf, CAP + 1, &actual));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_write(a, 0, buf, 1, &actual));
	EXPECT_EQ(CAP, zxt_sinfo(_metadata, b).rx_buf_available);
	READ_OK(b, 0, buf + 1, CAP, CAP);
	EXPECT_TRUE(zxt_check(buf + 1, CAP, 2));

	/* not full, but the datagram does not fit: all or nothing */
	zxt_fill(buf, CAP + 1, 2);
	WRITE_OK(a, buf, CAP - 100, CAP - 100);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_socket_write(a, 0, buf, CAP + 1, &actual));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_write(a, 0, buf, 101, &actual));
	EXPECT_EQ(CAP - 100, zxt_rx(_metadata, b));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	WRITE_OK(a, buf, 100, 100);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(77u, actual);
	free(buf);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Signals                                                            */

TEST_ZX(signals_follow_the_buffer)
{
	static uint8_t buf[CAP];
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	WRITE_OK(a, buf, 1, 1);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	WRITE_OK(a, buf, CAP - 2, CAP - 2);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	WRITE_OK(a, buf, 1, 1);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	/* the other direction is untouched */
	WRITE_OK(b, buf, 3, 3);
	EXPECT_EQ(S_R, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	READ_OK(a, 0, buf, 3, 3);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	READ_OK(b, 0, buf, CAP - 1, CAP - 1);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	READ_OK(b, 0, buf, CAP, 1);
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(user_signals_and_signal_peer)
{
	zx_handle_t a, b;
	int bit;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	for (bit = 0; bit < 32; bit++) {
		zx_signals_t s = 1u << bit;
		zx_status_t want = (s & ZX_USER_SIGNAL_ALL) ? ZX_OK : ZX_ERR_INVALID_ARGS;

		EXPECT_EQ(want, zx_object_signal(a, 0, s)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal(a, s, 0)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal_peer(a, 0, s)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal_peer(a, s, 0)) TH_LOG("bit %d", bit);
	}
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	/* the socket's own signals cannot be touched, not even with user bits */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(a, S_W, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(a, 0, S_R | ZX_USER_SIGNAL_0));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));

	EXPECT_EQ(ZX_OK, zx_object_signal(a, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(S_W | ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | ZX_USER_SIGNAL_3, zxt_signals(_metadata, b));
	/* user signals survive I/O */
	WRITE_OK(a, "x", 1, 1);
	EXPECT_EQ(S_W | S_R | ZX_USER_SIGNAL_3, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(b, ZX_USER_SIGNAL_7, 0));
	EXPECT_EQ(S_W | ZX_USER_SIGNAL_0, zxt_signals(_metadata, a));

	/* rights */
	{
		zx_handle_t nosig = zxt_dup(_metadata, a, ZX_DEFAULT_SOCKET_RIGHTS &
					    ~(ZX_RIGHT_SIGNAL | ZX_RIGHT_SIGNAL_PEER));

		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(nosig, 0, ZX_USER_SIGNAL_1));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(nosig, 0, ZX_USER_SIGNAL_1));
		zxt_close(_metadata, nosig);
	}

	zxt_close(_metadata, a);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_OK, zx_object_signal(b, ZX_USER_SIGNAL_3, ZX_USER_SIGNAL_2));
	EXPECT_EQ(S_R | S_PC | ZX_USER_SIGNAL_2, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
}

TEST_ZX(wait_one_wakes_on_io)
{
	static uint8_t buf[CAP];
	struct zxt_waiter w;
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	/* a reader blocked on READABLE */
	zxt_waiter_start_blocked(&w, b, S_R, ZX_TIME_INFINITE);
	WRITE_OK(a, buf, 10, 10);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(S_R | S_W, w.observed);

	/* a writer blocked on WRITABLE */
	WRITE_OK(a, buf, CAP, CAP - 10);
	zxt_waiter_start_blocked(&w, a, S_W, ZX_TIME_INFINITE);
	READ_OK(b, ZX_SOCKET_PEEK, buf, 5, 5);
	EXPECT_FALSE(zxt_waiter_done(&w));
	READ_OK(b, 0, buf, 5, 5);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(S_W, w.observed);

	/* PEER_CLOSED wakes a reader; the data is still there */
	READ_OK(b, 0, buf, CAP, CAP - 5);
	zxt_waiter_start_blocked(&w, b, S_R | S_PC, ZX_TIME_INFINITE);
	zxt_close(_metadata, a);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(S_PC, w.observed);

	/* a wait that times out reports the signals */
	zxt_waiter_start(&w, b, S_R, zx_deadline_after(ZXT_MSEC(1)));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, w.status);
	EXPECT_EQ(S_PC, w.observed);
	zxt_close(_metadata, b);
}

TEST_ZX(wait_many_sees_each_socket)
{
	zx_handle_t a1, b1, a2, b2;
	struct zxt_many_waiter w;
	zx_wait_item_t items[3];
	uint8_t buf[8];

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a1, &b1);
	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &a2, &b2);
	memset(items, 0, sizeof(items));
	items[0] = (zx_wait_item_t){ .handle = b1, .waitfor = S_R };
	items[1] = (zx_wait_item_t){ .handle = b2, .waitfor = S_R | S_RT };
	items[2] = (zx_wait_item_t){ .handle = a1, .waitfor = S_PC };
	zxt_many_waiter_start_blocked(&w, items, 3, ZX_TIME_INFINITE);
	WRITE_OK(a2, "dgram", 5, 5);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(S_W, items[0].pending);
	EXPECT_EQ(S_W | S_R, items[1].pending);
	EXPECT_EQ(S_W, items[2].pending);

	/* READ_THRESHOLD alone wakes it, and peer close on another item */
	READ_OK(b2, 0, buf, sizeof(buf), 5);
	items[0] = (zx_wait_item_t){ .handle = b1, .waitfor = S_RT };
	items[1] = (zx_wait_item_t){ .handle = b2, .waitfor = S_RT };
	items[2] = (zx_wait_item_t){ .handle = a1, .waitfor = S_PC };
	ASSERT_EQ(ZX_OK, zxt_set_prop(b1, RX, 3));
	zxt_many_waiter_start_blocked(&w, items, 3, ZX_TIME_INFINITE);
	WRITE_OK(a1, "ab", 2, 2);
	EXPECT_EQ(12345, __atomic_load_n(&w.status, __ATOMIC_ACQUIRE));
	WRITE_OK(a1, "c", 1, 1);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(S_W | S_R | S_RT, items[0].pending);
	EXPECT_EQ(S_W, items[1].pending);

	zxt_many_waiter_start_blocked(&w, &items[2], 1, ZX_TIME_INFINITE);
	zxt_close(_metadata, b1);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(S_PC, items[2].pending);
	zxt_close(_metadata, a1);
	zxt_close(_metadata, a2);
	zxt_close(_metadata, b2);
}

TEST_ZX(wait_async_packets)
{
	static uint8_t buf[CAP];
	zx_handle_t a, b, port = zxt_port(_metadata);

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	/* level: WRITABLE is already there */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 1, S_W, 0));
	zxt_expect_signal_packet(zxt_take(_metadata, port), 1, S_W, S_W);
	/* READABLE arrives with the first write, once */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, port, 2, S_R, 0));
	zxt_port_empty(port);
	WRITE_OK(a, buf, 100, 100);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 2, S_R, S_R | S_W);
	WRITE_OK(a, buf, 100, 100);
	zxt_port_empty(port);

	/* WRITABLE comes back when a read frees space in a full buffer */
	WRITE_OK(a, buf, CAP, CAP - 200);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 3, S_W, 0));
	zxt_port_empty(port);
	READ_OK(b, 0, buf, 1, 1);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 3, S_W, S_W);

	/* WRITE_THRESHOLD, edge-triggered, comes with enough free space */
	ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, 1000));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 4, S_WT, ZX_WAIT_ASYNC_EDGE));
	READ_OK(b, 0, buf, 998, 998);
	zxt_port_empty(port);
	READ_OK(b, 0, buf, 1, 1);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 4, S_WT, S_W | S_WT);

	/* PEER_CLOSED */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 5, S_PC, 0));
	zxt_close(_metadata, b);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 5, S_PC, S_PC);
	zxt_port_empty(port);
	zxt_close(_metadata, a);
	zxt_close(_metadata, port);
}

TEST_ZX(peer_close_leaves_data_readable)
{
	uint8_t in[5000], out[5000];
	zx_info_socket_t si;
	zx_handle_t a, b, a2;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	zxt_fill(in, sizeof(in), 4);
	WRITE_OK(a, in, sizeof(in), sizeof(in));
	WRITE_OK(b, in, 10, 10);
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, TX, 100));
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 4000));
	EXPECT_EQ(S_W | S_R | S_WT | S_RT, zxt_signals(_metadata, b));

	/* closing a duplicate is not closing the peer */
	a2 = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, a);
	EXPECT_EQ(S_W | S_R | S_WT | S_RT, zxt_signals(_metadata, b));
	zxt_close(_metadata, a2);
	/* WRITABLE and WRITE_THRESHOLD go, PEER_CLOSED comes, data stays */
	EXPECT_EQ(S_R | S_RT | S_PC, zxt_signals(_metadata, b));
	si = zxt_sinfo(_metadata, b);
	EXPECT_EQ(sizeof(in), si.rx_buf_size);
	EXPECT_EQ(CAP, si.rx_buf_max);
	EXPECT_EQ(0u, si.tx_buf_max);
	EXPECT_EQ(0u, si.tx_buf_size);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_write(b, 0, in, 1, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zxt_set_prop(b, TX, 10));
	EXPECT_EQ(100u, zxt_get_prop(_metadata, b, TX));
	EXPECT_EQ(ZX_OK, zxt_set_prop(b, RX, 4500));
	EXPECT_EQ(S_R | S_RT | S_PC, zxt_signals(_metadata, b));

	READ_OK(b, 0, out, 1000, 1000);
	EXPECT_EQ(S_R | S_PC, zxt_signals(_metadata, b));
	READ_OK(b, ZX_SOCKET_PEEK, out + 1000, sizeof(out), sizeof(out) - 1000);
	READ_OK(b, 0, out + 1000, sizeof(out), sizeof(out) - 1000);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	EXPECT_EQ(S_PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(b, 0, out, 1, NULL));
	zxt_close(_metadata, b);

	/* a datagram socket too, and the reader's close frees the writer's data */
	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &a, &b);
	WRITE_OK(a, in, 7, 7);
	WRITE_OK(a, in, 9, 9);
	WRITE_OK(b, in, 3, 3);
	zxt_close(_metadata, a);
	READ_OK(b, 0, out, sizeof(out), 7);
	READ_OK(b, 0, out, sizeof(out), 9);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(b, 0, out, sizeof(out), NULL));
	EXPECT_EQ(S_PC, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Thresholds                                                         */

TEST_ZX(read_threshold)
{
	static uint8_t buf[CAP];
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 100));
	EXPECT_EQ(100u, zxt_get_prop(_metadata, b, RX));
	EXPECT_EQ(0u, zxt_get_prop(_metadata, a, RX));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	WRITE_OK(a, buf, 99, 99);
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	WRITE_OK(a, buf, 1, 1);
	EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
	/* PEEK changes nothing */
	READ_OK(b, ZX_SOCKET_PEEK, buf, 50, 50);
	EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
	READ_OK(b, 0, buf, 1, 1);
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));

	/* setting re-evaluates at once: lower sets, higher clears, 0 clears */
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 99));
	EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 100));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 1));
	EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 0));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	EXPECT_EQ(0u, zxt_get_prop(_metadata, b, RX));
	WRITE_OK(a, buf, 1000, 1000);
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));

	/* up to the capacity; beyond it INVALID_ARGS and nothing changes */
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxt_set_prop(b, RX, CAP + 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxt_set_prop(b, RX, SIZE_MAX));
	EXPECT_EQ(1u, zxt_get_prop(_metadata, b, RX));
	EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, CAP));
	EXPECT_EQ(CAP, zxt_get_prop(_metadata, b, RX));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	WRITE_OK(a, buf, CAP, CAP - 1099);
	EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
	/* the reader's threshold is its own: a's is unaffected */
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	READ_OK(b, 0, buf, 1, 1);
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));

	/* datagrams count payload bytes */
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &a, &b);
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 10));
	WRITE_OK(a, buf, 6, 6);
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	WRITE_OK(a, buf, 4, 4);
	EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
	READ_OK(b, 0, buf, 1, 1);	/* the whole 6-byte datagram goes */
	EXPECT_EQ(4u, zxt_rx(_metadata, b));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(write_threshold)
{
	static uint8_t buf[CAP];
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	/* asserted at once: the peer's buffer is empty */
	ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, 1000));
	EXPECT_EQ(1000u, zxt_get_prop(_metadata, a, TX));
	EXPECT_EQ(S_W | S_WT, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	WRITE_OK(a, buf, CAP - 1000, CAP - 1000);
	EXPECT_EQ(S_W | S_WT, zxt_signals(_metadata, a));
	WRITE_OK(a, buf, 1, 1);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	/* a PEEK frees nothing; a read of one byte makes 1000 free */
	READ_OK(b, ZX_SOCKET_PEEK, buf, 10, 10);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	READ_OK(b, 0, buf, 1, 1);
	EXPECT_EQ(S_W | S_WT, zxt_signals(_metadata, a));

	/* setting re-evaluates at once */
	ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, 1001));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, 999));
	EXPECT_EQ(S_W | S_WT, zxt_signals(_metadata, a));
	ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, 0));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	WRITE_OK(a, buf, CAP, 1000);
	READ_OK(b, 0, buf, CAP, CAP);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(0u, zxt_get_prop(_metadata, a, TX));

	/* the whole capacity is a valid threshold; more is not */
	ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, CAP));
	EXPECT_EQ(S_W | S_WT, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxt_set_prop(a, TX, CAP + 1));
	EXPECT_EQ(CAP, zxt_get_prop(_metadata, a, TX));
	WRITE_OK(a, buf, 1, 1);
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	READ_OK(b, 0, buf, 1, 1);
	EXPECT_EQ(S_W | S_WT, zxt_signals(_metadata, a));

	/* TX needs a peer (checked before the value); RX does not */
	zxt_close(_metadata, b);
	EXPECT_EQ(S_PC, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zxt_set_prop(a, TX, 1));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zxt_set_prop(a, TX, CAP + 1));
	EXPECT_EQ(ZX_OK, zxt_set_prop(a, RX, 5));
	EXPECT_EQ(CAP, zxt_get_prop(_metadata, a, TX));
	EXPECT_EQ(S_PC, zxt_signals(_metadata, a));
	zxt_close(_metadata, a);
}

TEST_ZX(property_errors_in_order)
{
	zx_handle_t a, b, e, noget, noset, stale;
	uint8_t big[16];
	size_t v = 5;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	e = zxt_event(_metadata);
	noget = zxt_dup(_metadata, a, ZX_DEFAULT_SOCKET_RIGHTS & ~ZX_RIGHT_GET_PROPERTY);
	noset = zxt_dup(_metadata, a, ZX_DEFAULT_SOCKET_RIGHTS & ~ZX_RIGHT_SET_PROPERTY);
	stale = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);

	/* a NULL value first, then the handle and its right */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_property(stale, 999, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(stale, 999, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_property(a, RX, NULL, sizeof(v)));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_property(stale, 999, &v, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_set_property(ZX_HANDLE_INVALID, RX, &v, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_property(noget, 999, &v, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_set_property(noset, 999, &v, 0));
	/* no other object here has the property rights */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_property(e, RX, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_set_property(e, TX, &v, sizeof(v)));
	/* then the property (Zircon's NOT_SUPPORTED), then the size */
	EXPECT_EQ(ZX_OK, zx_object_set_property(noget, TX, &v, sizeof(v)));
	EXPECT_EQ(ZX_OK, zx_object_get_property(noset, TX, &v, sizeof(v)));
	EXPECT_EQ(5u, v);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_get_property(a, 0, &v, 0));
	{
		char name[64];	/* ZX_PROP_NAME is every object's now */

		EXPECT_EQ(ZX_OK, zx_object_get_property(a, ZX_PROP_NAME, name, sizeof(name)));
	}
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_set_property(a, 11, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_set_property(a, 14, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_set_property(a, 0xffffffffu, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_property(a, RX, &v, 0));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_property(a, TX, &v, sizeof(v) - 1));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_set_property(a, RX, &v, 1));
	/* the size comes before the value and the peer */
	v = SIZE_MAX;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_set_property(a, RX, &v, sizeof(v) - 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(a, RX, &v, sizeof(v)));
	EXPECT_EQ(0u, zxt_get_prop(_metadata, a, RX));
	EXPECT_EQ(5u, zxt_get_prop(_metadata, a, TX));

	/* a larger buffer is fine: sizeof(size_t) bytes are used */
	memset(big, 0xa5, sizeof(big));
	EXPECT_EQ(ZX_OK, zx_object_get_property(a, TX, big, sizeof(big)));
	v = 0;
	memcpy(&v, big, sizeof(v));
	EXPECT_EQ(5u, v);
	EXPECT_EQ(0xa5, big[sizeof(v)]);
	v = 77;
	memcpy(big, &v, sizeof(v));
	EXPECT_EQ(ZX_OK, zx_object_set_property(a, RX, big, sizeof(big)));
	EXPECT_EQ(77u, zxt_get_prop(_metadata, a, RX));

	zxt_close(_metadata, b);
	v = 1;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_set_property(a, TX, &v, 1));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_set_property(a, TX, &v, sizeof(v)));
	zxt_close(_metadata, noget);
	zxt_close(_metadata, noset);
	zxt_close(_metadata, a);
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* Dispositions                                                       */

TEST_ZX(disposition_errors_in_order)
{
	static const uint32_t bad[] = { DIS | EN, 4, 8, 0x80000000u, DIS | 4, 0xffffffffu };
	zx_handle_t a, b, e, noright, stale;
	unsigned int i;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	e = zxt_event(_metadata);
	noright = zxt_dup(_metadata, a, ZX_DEFAULT_SOCKET_RIGHTS & ~ZX_RIGHT_MANAGE_SOCKET);
	stale = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);

	/* the flags come before the handle */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_set_disposition(a, bad[i], 0));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_set_disposition(a, 0, bad[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_set_disposition(a, DIS, bad[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_set_disposition(stale, bad[i], EN));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_set_disposition(e, 0, bad[i]));
	}
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_set_disposition(stale, 0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_set_disposition(ZX_HANDLE_INVALID, DIS, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_socket_set_disposition(e, DIS, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_set_disposition(noright, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_set_disposition(noright, DIS, DIS));
	/* MANAGE_SOCKET alone is enough */
	{
		zx_handle_t only = zxt_dup(_metadata, a, ZX_RIGHT_MANAGE_SOCKET);

		EXPECT_EQ(ZX_OK, zx_socket_set_disposition(only, 0, 0));
		zxt_close(_metadata, only);
	}
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	zxt_close(_metadata, noright);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
}

/*
 * Every (disposition, disposition_peer) pair on a fresh socket, then the
 * reverse: signals on both ends, and which writes still work.
 */
TEST_ZX(disposition_all_combinations)
{
	static const uint32_t ds[] = { 0, DIS, EN };
	unsigned int i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < 3; j++) {
			zx_signals_t sa = S_W, sb = S_W;
			zx_handle_t a, b;
			uint8_t c = 1;
			size_t got;

			zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
			ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, ds[i], ds[j]));
			if (ds[i] == DIS) {
				sa = (sa & ~S_W) | S_WD;
				sb |= S_PWD;
			}
			if (ds[j] == DIS) {
				sb = (sb & ~S_W) | S_WD;
				sa |= S_PWD;
			}
			EXPECT_EQ(sa, zxt_signals(_metadata, a)) TH_LOG("%u %u", ds[i], ds[j]);
			EXPECT_EQ(sb, zxt_signals(_metadata, b)) TH_LOG("%u %u", ds[i], ds[j]);
			EXPECT_EQ(ds[i] == DIS ? ZX_ERR_BAD_STATE : ZX_OK,
				  zx_socket_write(a, 0, &c, 1, &got));
			EXPECT_EQ(ds[j] == DIS ? ZX_ERR_BAD_STATE : ZX_OK,
				  zx_socket_write(b, 0, &c, 1, &got));
			/* what was written before nothing else was can be read */
			EXPECT_EQ(ds[i] == DIS ? ZX_ERR_BAD_STATE : ZX_OK,
				  zx_socket_read(b, 0, &c, 1, &got));
			EXPECT_EQ(ds[j] == DIS ? ZX_ERR_BAD_STATE : ZX_OK,
				  zx_socket_read(a, 0, &c, 1, &got));

			/* the same call from the other end, with the roles swapped */
			ASSERT_EQ(ZX_OK, zx_socket_set_disposition(b, ds[j] == DIS ? EN : ds[j],
								   ds[i] == DIS ? EN : ds[i]));
			EXPECT_EQ(S_W, zxt_signals(_metadata, a)) TH_LOG("%u %u", ds[i], ds[j]);
			EXPECT_EQ(S_W, zxt_signals(_metadata, b)) TH_LOG("%u %u", ds[i], ds[j]);
			WRITE_OK(a, &c, 1, 1);
			WRITE_OK(b, &c, 1, 1);
			READ_OK(a, 0, &c, 1, 1);
			READ_OK(b, 0, &c, 1, 1);
			EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(a, 0, &c, 1, &got));
			EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, 0, &c, 1, &got));
			zxt_close(_metadata, a);
			zxt_close(_metadata, b);
		}
	}
}

TEST_ZX(disposition_drain_and_reenable)
{
	static uint8_t buf[CAP];
	uint8_t out[16];
	size_t got;
	zx_handle_t a, b;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	WRITE_OK(a, "0123456789", 10, 10);
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, DIS, 0));
	EXPECT_EQ(S_WD, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R | S_PWD, zxt_signals(_metadata, b));
	/* disabling twice is harmless */
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, DIS, 0));
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(b, 0, DIS));
	EXPECT_EQ(S_WD, zxt_signals(_metadata, a));

	/* re-enabling a's writes while b has not read them: BAD_STATE, no change */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(a, EN, 0));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(b, 0, EN));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(a, EN, DIS));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(b, DIS, EN));
	EXPECT_EQ(S_WD, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R | S_PWD, zxt_signals(_metadata, b));
	WRITE_OK(b, "x", 1, 1);

	/* b reads what was written, then BAD_STATE: nothing more will come */
	READ_OK(b, 0, out, 4, 4);
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(a, EN, 0));
	READ_OK(b, ZX_SOCKET_PEEK, out, sizeof(out), 6);
	READ_OK(b, 0, out, sizeof(out), 6);
	EXPECT_EQ(0, memcmp(out, "456789", 6));
	EXPECT_EQ(S_W | S_PWD, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_read(b, 0, out, 1, &got));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_write(a, 0, out, 1, &got));

	/* now it may be re-enabled (from either end), which reverses the signals */
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(b, 0, EN));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, a));	/* b's "x" */
	EXPECT_EQ(S_W, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, 0, out, 1, &got));
	WRITE_OK(a, "y", 1, 1);
	READ_OK(b, 0, out, 1, 1);
	EXPECT_EQ('y', out[0]);

	/* ENABLED on an end that was never disabled, with data pending: fine */
	WRITE_OK(a, "zz", 2, 2);
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, EN, EN));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, a));
	EXPECT_EQ(S_W | S_R, zxt_signals(_metadata, b));

	/*
	 * Disabled with a full buffer: draining it does not make the disabled
	 * end WRITABLE (Zircon would), re-enabling does.
	 */
	READ_OK(a, 0, out, 1, 1);
	READ_OK(b, 0, out, 2, 2);
	WRITE_OK(a, buf, CAP, CAP);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, DIS, 0));
	EXPECT_EQ(S_WD, zxt_signals(_metadata, a));
	READ_OK(b, 0, buf, CAP - 1, CAP - 1);
	EXPECT_EQ(S_WD, zxt_signals(_metadata, a));
	READ_OK(b, 0, buf, 1, 1);
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, EN, 0));
	EXPECT_EQ(S_W, zxt_signals(_metadata, a));
	/* re-enabling while the peer's buffer is full does not claim WRITABLE */
	WRITE_OK(a, buf, CAP, CAP);
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(a, DIS, 0));
	ASSERT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(a, EN, 0));
	EXPECT_EQ(S_WD, zxt_signals(_metadata, a));
	WRITE_OK(b, buf, CAP, CAP);
	EXPECT_EQ(S_R | S_PWD, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(b, EN, 0));	/* b never was */
	EXPECT_EQ(S_R | S_PWD, zxt_signals(_metadata, b));
	EXPECT_EQ(S_R | S_WD, zxt_signals(_metadata, a));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * With the peer closed Zircon still applies the disposition to the
 * calling end and returns ZX_OK; WRITABLE never comes back.
 */
TEST_ZX(disposition_after_peer_closed)
{
	zx_handle_t a, b;
	uint8_t out[4];

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	WRITE_OK(b, "ab", 2, 2);
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(b, DIS, 0));
	zxt_close(_metadata, b);
	EXPECT_EQ(S_R | S_PWD | S_PC, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_OK, zx_socket_set_disposition(a, DIS, 0));
	EXPECT_EQ(S_R | S_PWD | S_PC | S_WD, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_OK, zx_socket_set_disposition(a, EN, DIS));
	EXPECT_EQ(S_R | S_PWD | S_PC, zxt_signals(_metadata, a));
	/* a still holds b's data, written while b was disabled */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(a, 0, EN));
	READ_OK(a, 0, out, sizeof(out), 2);
	EXPECT_EQ(ZX_OK, zx_socket_set_disposition(a, 0, EN));
	EXPECT_EQ(S_PWD | S_PC, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(a, 0, out, 1, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_write(a, 0, out, 1, NULL));
	zxt_close(_metadata, a);
}

/* ------------------------------------------------------------------ */
/* ZX_INFO_SOCKET                                                     */

TEST_ZX(info_socket_errors)
{
	zx_handle_t a, b, e, noinspect, stale;
	zx_info_socket_t si;
	size_t actual = 77, avail = 77;

	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	e = zxt_event(_metadata);
	noinspect = zxt_dup(_metadata, a, ZX_DEFAULT_SOCKET_RIGHTS & ~ZX_RIGHT_INSPECT);
	stale = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_info(stale, ZX_INFO_SOCKET, &si, sizeof(si),
							 &actual, &avail));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_object_get_info(e, ZX_INFO_SOCKET, &si, sizeof(si),
							 &actual, &avail));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_info(noinspect, ZX_INFO_SOCKET, &si,
							    sizeof(si), &actual, &avail));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(77u, avail);
	/* too small: the counts say so */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_info(a, ZX_INFO_SOCKET, &si,
							       sizeof(si) - 1, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	actual = avail = 77;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_info(a, ZX_INFO_SOCKET, NULL, 0,
							       &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	/* BASIC needs no right; COUNT needs INSPECT too */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_info(noinspect, ZX_INFO_HANDLE_COUNT, &si,
							    sizeof(si), NULL, NULL));
	EXPECT_EQ(ZX_OBJ_TYPE_SOCKET, zxt_info(_metadata, noinspect).type);
	/* a larger buffer gets one record */
	{
		zx_info_socket_t two[2];

		memset(two, 0x5a, sizeof(two));
		EXPECT_EQ(ZX_OK, zx_object_get_info(a, ZX_INFO_SOCKET, two, sizeof(two), &actual,
						    &avail));
		EXPECT_EQ(1u, actual);
		EXPECT_EQ(1u, avail);
		EXPECT_EQ(CAP, two[0].rx_buf_max);
		EXPECT_EQ(0x5a, ((uint8_t *)&two[1])[0]);
	}
	zxt_close(_metadata, noinspect);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* Bad user pointers: INVALID_ARGS and nothing changed                 */

TEST_ZX(bad_pointers_write)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), got = 77;
	uint8_t out[64], *g, *none;
	unsigned int t;

	none = zxt_guarded(_metadata, 3 * page, PROT_NONE);
	g = zxt_guarded(_metadata, 3 * page + 100, PROT_READ | PROT_WRITE);
	memset(g, 'g', 3 * page + 100);
	for (t = 0; t < 2; t++) {
		uint32_t type = t ? ZX_SOCKET_DATAGRAM : ZX_SOCKET_STREAM;
		zx_handle_t a, b;

		zxt_socket(_metadata, type, &a, &b);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, none, 1, &got));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, (void *)(uintptr_t)1, 1,
								&got));
		/* valid for three pages and more, then a fault: nothing published */
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, g, 3 * page + 101, &got));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, g + 3 * page + 50, 51, &got));
		EXPECT_EQ(77u, got);
		EXPECT_EQ(0u, zxt_rx(_metadata, b));
		EXPECT_EQ(S_W, zxt_signals(_metadata, b));
		EXPECT_EQ(S_W, zxt_signals(_metadata, a));

		/* with data queued: the partly filled last chunk stays as it was */
		WRITE_OK(a, "abc", 3, 3);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, g + 3 * page + 90, 11, &got));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(a, 0, g, 3 * page + 101, &got));
		EXPECT_EQ(3u, zxt_rx(_metadata, b));
		WRITE_OK(a, "de", 2, 2);
		READ_OK(b, 0, out, sizeof(out), t ? 3 : 5);
		EXPECT_EQ(0, memcmp(out, t ? "abc" : "abcde", t ? 3 : 5));
		if (t)
			READ_OK(b, 0, out, sizeof(out), 2);
		EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, 0, out, sizeof(out), NULL));
		EXPECT_EQ(S_W, zxt_signals(_metadata, b));
		zxt_close(_metadata, a);
		zxt_close(_metadata, b);
	}
}

TEST_ZX(bad_pointers_read)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), got = 77;
	static uint8_t in[3 * 4096 + 300], out[3 * 4096 + 300];
	uint8_t *ro, *g;
	unsigned int t;

	ro = zxt_guarded(_metadata, page, PROT_READ);
	g = zxt_guarded(_metadata, 100, PROT_READ | PROT_WRITE);
	zxt_fill(in, sizeof(in), 8);
	for (t = 0; t < 2; t++) {
		uint32_t type = t ? ZX_SOCKET_DATAGRAM : ZX_SOCKET_STREAM;
		zx_handle_t a, b;

		zxt_socket(_metadata, type, &a, &b);
		WRITE_OK(a, in, sizeof(in), sizeof(in));
		ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 10));
		ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, CAP));
		EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
		EXPECT_EQ(S_W, zxt_signals(_metadata, a));
		/* unwritable, read-only, or valid for 100 bytes only */
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, 0, (void *)(uintptr_t)8, 10,
							       &got));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, 0, ro, 10, &got));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, ZX_SOCKET_PEEK, ro, 10, &got));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, 0, g, 101, &got));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(b, 0, g, sizeof(in), &got));
		EXPECT_EQ(77u, got);
		/* nothing consumed, no signal changed */
		EXPECT_EQ(sizeof(in), zxt_rx(_metadata, b));
		EXPECT_EQ(sizeof(in), zxt_sinfo(_metadata, b).rx_buf_available);
		EXPECT_EQ(S_W | S_R | S_RT, zxt_signals(_metadata, b));
		EXPECT_EQ(S_W, zxt_signals(_metadata, a));
		/* 100 bytes do fit */
		READ_OK(b, ZX_SOCKET_PEEK, g, 100, 100);
		EXPECT_EQ(0, memcmp(g, in, 100));
		READ_OK(b, 0, out, sizeof(out), sizeof(in));
		EXPECT_EQ(0, memcmp(out, in, sizeof(in)));
		EXPECT_EQ(S_W | S_WT, zxt_signals(_metadata, a));
		zxt_close(_metadata, a);
		zxt_close(_metadata, b);
	}
}

TEST_ZX(bad_pointers_property_and_info)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), actual = 77, avail = 77;
	uint8_t *ro, *none;
	zx_handle_t a, b;

	ro = zxt_guarded(_metadata, page, PROT_READ);
	none = zxt_guarded(_metadata, page, PROT_NONE);
	zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
	ASSERT_EQ(ZX_OK, zxt_set_prop(b, RX, 7));

	/* the value is read or written last: other errors come first */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(b, RX, none, sizeof(size_t)));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(b, RX, ro + page - 1,
							       sizeof(size_t)));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_property(b, RX, ro, sizeof(size_t)));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_property(b, RX, none, sizeof(size_t)));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_property(b, RX, none, 1));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_object_set_property(b, 99, none, sizeof(size_t)));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_set_property(ZX_HANDLE_INVALID, RX, none,
							     sizeof(size_t)));
	/* the value is read before the peer is looked at */
	zxt_close(_metadata, a);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_set_property(b, TX, ro, sizeof(size_t)));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(b, TX, none, sizeof(size_t)));
	EXPECT_EQ(7u, zxt_get_prop(_metadata, b, RX));

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_info(b, ZX_INFO_SOCKET, ro,
							   sizeof(zx_info_socket_t), &actual,
							   &avail));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_info(b, ZX_INFO_SOCKET, NULL,
							   sizeof(zx_info_socket_t), &actual,
							   &avail));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(77u, avail);
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Races and stress                                                   */

struct zxt_closer {
	zx_handle_t h;
	zx_status_t last;
	size_t bytes;
	int dgram;
};

/* Write until the peer is gone; then the writer must see PEER_CLOSED. */
static void *zxt_writer_until_closed(void *arg)
{
	struct zxt_closer *c = arg;
	static uint8_t buf[20000];
	uint64_t seed = c->h;

	for (;;) {
		size_t n = zxt_rand(&seed) % sizeof(buf) + 1, got = 0;
		zx_signals_t obs;

		c->last = zx_socket_write(c->h, 0, buf, n, &got);
		if (c->last == ZX_OK) {
			c->bytes += got;
			continue;
		}
		if (c->last != ZX_ERR_SHOULD_WAIT)
			return NULL;
		zx_object_wait_one(c->h, S_W | S_WT | S_PC, ZX_TIME_INFINITE, &obs);
	}
}

/*
 * A writer, a reader, and side calls (info, properties, dispositions)
 * race the reader's close: no crash, no leak, and the writer ends with
 * PEER_CLOSED.
 */
TEST_ZX_SLOW(race_close_against_io)
{
	struct zxt_loop loop;
	static uint8_t out[30000];

	zxt_loop_init(&loop, 50, 2000);
	while (zxt_loop_next(&loop)) {
		struct zxt_closer c;
		zx_handle_t a, b;
		pthread_t t;
		int k, reads = (int)(loop.done % 5);

		zxt_socket(_metadata, loop.done & 1 ? ZX_SOCKET_DATAGRAM : 0, &a, &b);
		memset(&c, 0, sizeof(c));
		c.h = a;
		ASSERT_EQ(ZX_OK, zxt_set_prop(a, TX, 1 + loop.done % 30000));
		ASSERT_EQ(0, pthread_create(&t, NULL, zxt_writer_until_closed, &c));
		for (k = 0; k < reads; k++) {
			zx_signals_t obs;

			zx_object_wait_one(b, S_R, ZX_TIME_INFINITE, &obs);
			zx_socket_read(b, 0, out, sizeof(out), NULL);
			zxt_sinfo(_metadata, b);
			zxt_sinfo(_metadata, a);
			zxt_set_prop(b, RX, k * 1000);
			if (k == 3)
				zx_socket_set_disposition(b, 0, DIS);
		}
		zxt_close(_metadata, b);
		ASSERT_EQ(0, pthread_join(t, NULL));
		ASSERT_TRUE(c.last == ZX_ERR_PEER_CLOSED || c.last == ZX_ERR_BAD_STATE)
			TH_LOG("writer ended with %d", c.last);
		EXPECT_EQ(0u, zxt_sinfo(_metadata, a).tx_buf_size);
		zxt_close(_metadata, a);
	}
}

/*
 * Stream stress: NPAIRS socket pairs, both directions, each with NW
 * writers and NR readers. Everything moves in 64-byte records (writes and
 * reads are multiples of 64 and so is the capacity, so short writes never
 * split one): writer id, sequence number, and 48 bytes that depend on
 * both. Each record must arrive exactly once, intact, and in order as far
 * as one reader can tell. The last writer of a direction disables its
 * writes, so the readers end on BAD_STATE once the buffer is drained.
 */
#define ST_REC 64u
#define ST_NPAIRS 2
#define ST_NW 2
#define ST_NR 2
#define ST_DIRS (2 * ST_NPAIRS)
#define ST_WRITERS (ST_DIRS * ST_NW)
#define ST_TOTAL (1ull << 30)			/* bytes, over all directions */
#define ST_RECS_PER_WRITER (ST_TOTAL / ST_REC / ST_WRITERS)

struct st_rec {
	uint32_t writer;
	uint32_t check;
	uint64_t seq;
	uint64_t body[6];
};

struct st_dir {
	zx_handle_t w, r;			/* write end, read end */
	int writers_left;
};

struct st_state {
	struct st_dir dirs[ST_DIRS];
	uint64_t *seen[ST_WRITERS];		/* bitmaps */
	uint64_t bytes_read;
	int failed;
	char why[160];
};

struct st_thread {
	struct st_state *st;
	int dir, id;				/* id: global writer, or reader */
	pthread_t t;
};

static uint64_t st_body(uint32_t writer, uint64_t seq, int i)
{
	return (seq + 1) * 0x9E3779B97F4A7C15ull ^ ((uint64_t)writer << 40) ^ (uint64_t)i * 0x51;
}

static void st_fail(struct st_state *st, const char *what, uint64_t a, uint64_t b)
{
	if (!__atomic_exchange_n(&st->failed, 1, __ATOMIC_ACQ_REL))
		snprintf(st->why, sizeof(st->why), "%s (%llu, %llu)", what,
			 (unsigned long long)a, (unsigned long long)b);
}

static void *st_writer(void *arg)
{
	struct st_thread *th = arg;
	struct st_state *st = th->st;
	struct st_dir *d = &st->dirs[th->dir];
	uint64_t seed = 0x1234567ull + (uint64_t)th->id, seq = 0;
	struct st_rec *buf = malloc(1024 * sizeof(*buf));
	size_t have = 0, off = 0;

	if (!buf) {
		st_fail(st, "malloc", 0, 0);
		return NULL;
	}
	while (!__atomic_load_n(&st->failed, __ATOMIC_RELAXED)) {
		size_t got = 0;
		zx_status_t s;

		if (off == have) {
			size_t n = zxt_rand(&seed) % 1024 + 1, i;
			int k;

			if (seq == ST_RECS_PER_WRITER)
				break;
			if (n > ST_RECS_PER_WRITER - seq)
				n = ST_RECS_PER_WRITER - seq;
			for (i = 0; i < n; i++, seq++) {
				buf[i].writer = (uint32_t)th->id;
				buf[i].check = (uint32_t)(seq * 2654435761u) ^ (uint32_t)th->id;
				buf[i].seq = seq;
				for (k = 0; k < 6; k++)
					buf[i].body[k] = st_body(th->id, seq, k);
			}
			have = n * ST_REC;
			off = 0;
		}
		s = zx_socket_write(d->w, 0, (uint8_t *)buf + off, have - off, &got);
		if (s == ZX_OK) {
			if (got == 0 || got % ST_REC)
				st_fail(st, "write size", got, have - off);
			off += got;
		} else if (s == ZX_ERR_SHOULD_WAIT) {
			zx_signals_t obs = 0;

			s = zx_object_wait_one(d->w, S_W | S_PC, ZX_TIME_INFINITE, &obs);
			if (s != ZX_OK || (obs & S_PC))
				st_fail(st, "writer wait", (uint64_t)-s, obs);
		} else {
			st_fail(st, "write", (uint64_t)-s, 0);
		}
	}
	free(buf);
	if (__atomic_sub_fetch(&d->writers_left, 1, __ATOMIC_ACQ_REL) == 0) {
		zx_status_t s = zx_socket_set_disposition(d->w, DIS, 0);

		if (s != ZX_OK)
			st_fail(st, "disable", (uint64_t)-s, 0);
	}
	return NULL;
}

static void *st_reader(void *arg)
{
	struct st_thread *th = arg;
	struct st_state *st = th->st;
	struct st_dir *d = &st->dirs[th->dir];
	uint64_t seed = 0x7654321ull + (uint64_t)th->id, last[ST_WRITERS], bytes = 0;
	struct st_rec *buf = malloc(1024 * sizeof(*buf));
	int i;

	if (!buf) {
		st_fail(st, "malloc", 0, 0);
		return NULL;
	}
	for (i = 0; i < ST_WRITERS; i++)
		last[i] = UINT64_MAX;
	while (!__atomic_load_n(&st->failed, __ATOMIC_RELAXED)) {
		size_t want = (zxt_rand(&seed) % 1024 + 1) * ST_REC, got = 0, n;
		zx_status_t s = zx_socket_read(d->r, 0, buf, want, &got);

		if (s == ZX_ERR_SHOULD_WAIT) {
			zx_signals_t obs = 0;

			s = zx_object_wait_one(d->r, S_R | S_PWD | S_PC, ZX_TIME_INFINITE, &obs);
			if (s != ZX_OK || (obs & S_PC))
				st_fail(st, "reader wait", (uint64_t)-s, obs);
			continue;
		}
		if (s == ZX_ERR_BAD_STATE)
			break;			/* drained, and no more will come */
		if (s != ZX_OK) {
			st_fail(st, "read", (uint64_t)-s, 0);
			break;
		}
		if (got == 0 || got % ST_REC)
			st_fail(st, "read size", got, want);
		bytes += got;
		for (n = 0; n < got / ST_REC; n++) {
			const struct st_rec *r = &buf[n];
			uint32_t w = r->writer;
			int k;

			if (w >= ST_WRITERS || w / ST_NW != (uint32_t)th->dir ||
			    r->seq >= ST_RECS_PER_WRITER) {
				st_fail(st, "bad record", w, r->seq);
				break;
			}
			if (r->check != ((uint32_t)(r->seq * 2654435761u) ^ w))
				st_fail(st, "check", w, r->seq);
			for (k = 0; k < 6; k++)
				if (r->body[k] != st_body(w, r->seq, k))
					st_fail(st, "body", w, r->seq);
			if (last[w] != UINT64_MAX && r->seq <= last[w])
				st_fail(st, "order", w, r->seq);
			last[w] = r->seq;
			if (__atomic_fetch_or(&st->seen[w][r->seq / 64], 1ull << (r->seq % 64),
					      __ATOMIC_RELAXED) & (1ull << (r->seq % 64)))
				st_fail(st, "duplicate", w, r->seq);
		}
	}
	__atomic_add_fetch(&st->bytes_read, bytes, __ATOMIC_RELAXED);
	free(buf);
	return NULL;
}

TEST_ZX_SLOW(stress_stream_1gib)
{
	struct st_thread w[ST_WRITERS], r[ST_DIRS * ST_NR];
	struct st_state *st = calloc(1, sizeof(*st));
	int64_t t0 = zxt_mono_ns();
	uint64_t i, n;
	int p, k;

	ASSERT_NE(NULL, st);
	for (p = 0; p < ST_NPAIRS; p++) {
		zx_handle_t a, b;

		zxt_socket(_metadata, ZX_SOCKET_STREAM, &a, &b);
		st->dirs[2 * p] = (struct st_dir){ .w = a, .r = b, .writers_left = ST_NW };
		st->dirs[2 * p + 1] = (struct st_dir){ .w = b, .r = a, .writers_left = ST_NW };
	}
	for (k = 0; k < ST_WRITERS; k++) {
		st->seen[k] = calloc(ST_RECS_PER_WRITER / 64 + 1, sizeof(uint64_t));
		ASSERT_NE(NULL, st->seen[k]);
	}
	for (k = 0; k < ST_DIRS * ST_NR; k++) {
		r[k] = (struct st_thread){ .st = st, .dir = k / ST_NR, .id = k };
		ASSERT_EQ(0, pthread_create(&r[k].t, NULL, st_reader, &r[k]));
	}
	for (k = 0; k < ST_WRITERS; k++) {
		w[k] = (struct st_thread){ .st = st, .dir = k / ST_NW, .id = k };
		ASSERT_EQ(0, pthread_create(&w[k].t, NULL, st_writer, &w[k]));
	}
	for (k = 0; k < ST_WRITERS; k++)
		ASSERT_EQ(0, pthread_join(w[k].t, NULL));
	for (k = 0; k < ST_DIRS * ST_NR; k++)
		ASSERT_EQ(0, pthread_join(r[k].t, NULL));
	ASSERT_EQ(0, st->failed) TH_LOG("%s", st->why);

	/* every record of every writer, exactly once */
	EXPECT_EQ((uint64_t)ST_TOTAL, st->bytes_read);
	for (k = 0; k < ST_WRITERS; k++) {
		for (i = 0, n = 0; i < ST_RECS_PER_WRITER / 64 + 1; i++)
			n += (uint64_t)__builtin_popcountll(st->seen[k][i]);
		EXPECT_EQ((uint64_t)ST_RECS_PER_WRITER, n) TH_LOG("writer %d", k);
		free(st->seen[k]);
	}
	for (p = 0; p < ST_DIRS; p++) {
		EXPECT_EQ(0u, zxt_rx(_metadata, st->dirs[p].r));
		EXPECT_EQ(S_PWD, zxt_signals(_metadata, st->dirs[p].r) & (S_R | S_PWD | S_PC));
	}
	for (p = 0; p < ST_NPAIRS; p++) {
		zxt_close(_metadata, st->dirs[2 * p].w);
		zxt_close(_metadata, st->dirs[2 * p].r);
	}
	TH_LOG("moved %llu MiB in %.1f s", (unsigned long long)(ST_TOTAL >> 20),
	       (double)(zxt_mono_ns() - t0) / 1e9);
	free(st);
}

/*
 * Datagram stress: writers send datagrams of random sizes (a 16-byte
 * header, then bytes that depend on writer, sequence and length); readers
 * must get each one whole, exactly once, with its own size. Writers wait
 * on WRITE_THRESHOLD set to the largest datagram, as datagram writers
 * should: WRITABLE alone does not promise room for a whole one.
 */
#define DG_NW 3
#define DG_NR 2
#define DG_MAX 20000u

struct dg_state {
	zx_handle_t w, r;
	uint64_t per_writer;
	uint64_t *seen[DG_NW];
	int writers_left;
	uint64_t count;
	int failed;
	char why[160];
};

struct dg_thread {
	struct dg_state *st;
	int id;
	pthread_t t;
};

static uint8_t dg_byte(uint32_t w, uint64_t seq, size_t i)
{
	return (uint8_t)(w * 89u + seq * 31u + i * 7u + (i >> 9));
}

static size_t dg_len(uint32_t w, uint64_t seq)
{
	uint64_t s = (seq + 1) * 0x9E3779B97F4A7C15ull ^ w;

	/* mostly small, sometimes up to DG_MAX */
	return 16 + (size_t)(zxt_rand(&s) % ((seq % 8) ? 600 : DG_MAX - 16));
}

static void dg_fail(struct dg_state *st, const char *what, uint64_t a, uint64_t b)
{
	if (!__atomic_exchange_n(&st->failed, 1, __ATOMIC_ACQ_REL))
		snprintf(st->why, sizeof(st->why), "%s (%llu, %llu)", what,
			 (unsigned long long)a, (unsigned long long)b);
}

static void *dg_writer(void *arg)
{
	struct dg_thread *th = arg;
	struct dg_state *st = th->st;
	static __thread uint8_t buf[DG_MAX];
	uint64_t seq = 0;

	while (seq < st->per_writer && !__atomic_load_n(&st->failed, __ATOMIC_RELAXED)) {
		size_t len = dg_len(th->id, seq), i, got = 0;
		uint32_t w = (uint32_t)th->id;
		zx_status_t s;

		memcpy(buf, &w, 4);
		memcpy(buf + 4, &len, 4);
		memcpy(buf + 8, &seq, 8);
		for (i = 16; i < len; i++)
			buf[i] = dg_byte(w, seq, i);
		s = zx_socket_write(st->w, 0, buf, len, &got);
		if (s == ZX_OK) {
			if (got != len)
				dg_fail(st, "short datagram", got, len);
			seq++;
		} else if (s == ZX_ERR_SHOULD_WAIT) {
			zx_signals_t obs = 0;

			s = zx_object_wait_one(st->w, S_WT | S_PC, ZX_TIME_INFINITE, &obs);
			if (s != ZX_OK || (obs & S_PC))
				dg_fail(st, "writer wait", (uint64_t)-s, obs);
		} else {
			dg_fail(st, "write", (uint64_t)-s, len);
		}
	}
	if (__atomic_sub_fetch(&st->writers_left, 1, __ATOMIC_ACQ_REL) == 0)
		zx_socket_set_disposition(st->w, DIS, 0);
	return NULL;
}

static void *dg_reader(void *arg)
{
	struct dg_thread *th = arg;
	struct dg_state *st = th->st;
	static __thread uint8_t buf[DG_MAX + 100];
	uint64_t count = 0;

	while (!__atomic_load_n(&st->failed, __ATOMIC_RELAXED)) {
		size_t got = 0, len = 0, i;
		uint32_t w;
		uint64_t seq;
		zx_status_t s = zx_socket_read(st->r, 0, buf, sizeof(buf), &got);

		if (s == ZX_ERR_SHOULD_WAIT) {
			zx_signals_t obs = 0;

			s = zx_object_wait_one(st->r, S_R | S_PWD | S_PC, ZX_TIME_INFINITE, &obs);
			if (s != ZX_OK || (obs & S_PC))
				dg_fail(st, "reader wait", (uint64_t)-s, obs);
			continue;
		}
		if (s == ZX_ERR_BAD_STATE)
			break;
		if (s != ZX_OK) {
			dg_fail(st, "read", (uint64_t)-s, 0);
			break;
		}
		memcpy(&w, buf, 4);
		memcpy(&len, buf + 4, 4);
		memcpy(&seq, buf + 8, 8);
		if (got < 16 || w >= DG_NW || seq >= st->per_writer || got != len ||
		    len != dg_len(w, seq)) {
			dg_fail(st, "boundary", got, len);
			break;
		}
		for (i = 16; i < len; i++)
			if (buf[i] != dg_byte(w, seq, i)) {
				dg_fail(st, "content", w, seq);
				break;
			}
		if (__atomic_fetch_or(&st->seen[w][seq / 64], 1ull << (seq % 64),
				      __ATOMIC_RELAXED) & (1ull << (seq % 64)))
			dg_fail(st, "duplicate", w, seq);
		count++;
	}
	__atomic_add_fetch(&st->count, count, __ATOMIC_RELAXED);
	return NULL;
}

TEST_ZX_SLOW(stress_datagram_boundaries)
{
	struct dg_thread w[DG_NW], r[DG_NR];
	struct dg_state *st = calloc(1, sizeof(*st));
	uint64_t i, n;
	int k;

	ASSERT_NE(NULL, st);
	zxt_socket(_metadata, ZX_SOCKET_DATAGRAM, &st->w, &st->r);
	ASSERT_EQ(ZX_OK, zxt_set_prop(st->w, TX, DG_MAX));
	st->per_writer = 6000;
	st->writers_left = DG_NW;
	for (k = 0; k < DG_NW; k++) {
		st->seen[k] = calloc(st->per_writer / 64 + 1, sizeof(uint64_t));
		ASSERT_NE(NULL, st->seen[k]);
	}
	for (k = 0; k < DG_NR; k++) {
		r[k] = (struct dg_thread){ .st = st, .id = k };
		ASSERT_EQ(0, pthread_create(&r[k].t, NULL, dg_reader, &r[k]));
	}
	for (k = 0; k < DG_NW; k++) {
		w[k] = (struct dg_thread){ .st = st, .id = k };
		ASSERT_EQ(0, pthread_create(&w[k].t, NULL, dg_writer, &w[k]));
	}
	for (k = 0; k < DG_NW; k++)
		ASSERT_EQ(0, pthread_join(w[k].t, NULL));
	for (k = 0; k < DG_NR; k++)
		ASSERT_EQ(0, pthread_join(r[k].t, NULL));
	ASSERT_EQ(0, st->failed) TH_LOG("%s", st->why);
	EXPECT_EQ(DG_NW * st->per_writer, st->count);
	for (k = 0; k < DG_NW; k++) {
		for (i = 0, n = 0; i < st->per_writer / 64 + 1; i++)
			n += (uint64_t)__builtin_popcountll(st->seen[k][i]);
		EXPECT_EQ(st->per_writer, n);
		free(st->seen[k]);
	}
	zxt_close(_metadata, st->w);
	zxt_close(_metadata, st->r);
	free(st);
}

/* ------------------------------------------------------------------ */
/* A user copy that stalls blocks nobody on the other end             */

/*
 * A thread whose user buffer runs into a page registered with
 * userfaultfd (UFFDIO_REGISTER_MODE_MISSING) sits in copy_from_user() or
 * copy_to_user() until we UFFDIO_COPY the page in: the stall of a peer
 * whose buffer is a userfaultfd or FUSE mapping that never answers.
 * Everything the holder of the other end does meanwhile, its close and its
 * process's exit included, must complete while the copy is still stalled
 * (checked afterwards: the thread is still in its ioctl). A watchdog
 * resolves the fault once STALL_DEADLINE has passed, so a module that
 * makes them wait fails here, naming the call that waited, instead of
 * hanging; the deadline is generous for emulation, nothing here is
 * timed more tightly.
 *
 * These helpers also run in a forked child (stalled_io_frees_every_page),
 * where ASSERT_* must not be used: they return NULL, or what failed.
 */
#define STALL_DEADLINE ZXT_SEC(15)
#define STALL_PRE 60000u		/* queued for the end that is read */
#define STALL_RUNNING 12345

struct stall {
	int uffd;
	size_t page;
	uint8_t *map;			/* an ordinary page, then the trap */
	uint8_t *trap;			/* faults until resolved */
	uint8_t *fill;			/* what UFFDIO_COPY puts there */
	pthread_mutex_t lock;
	int resolved, resolve_errno;	/* under lock */
	/* the stalled call */
	pthread_t thread;
	sem_t started;
	pid_t tid;
	unsigned int cmd;
	zx_handle_t h;
	uint8_t *buf;
	size_t len, actual;
	zx_status_t status;		/* STALL_RUNNING until it returns */
	/* the watchdog over what is done beside it */
	pthread_t dog;
	sem_t done;
	int fired;
};

static char stall_why[320];
static char stall_skip_why[160];
static const char stall_skip[] = "skip";

static const char *sc_fail(int line, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *sc_fail(int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(stall_why, sizeof(stall_why), "line %d: ", line);

	va_start(ap, fmt);
	vsnprintf(stall_why + n, sizeof(stall_why) - n, fmt, ap);
	va_end(ap);
	return stall_why;
}

#define SC_CHECK(cond) do { \
	if (!(cond)) \
		return sc_fail(__LINE__, "%s", #cond); \
} while (0)

#define SC_EQ(want, got) do { \
	long long __w = (long long)(want), __g = (long long)(got); \
	if (__w != __g) \
		return sc_fail(__LINE__, "%s is %lld, expected %s (%lld)", #got, __g, \
			       #want, __w); \
} while (0)

/* @call, made beside the stalled copy: it must not have waited for it. */
#define PROMPT(st, call) __extension__ ({ \
	__typeof__(call) __pr = (call); \
	if (__atomic_load_n(&(st)->fired, __ATOMIC_ACQUIRE)) \
		return sc_fail(__LINE__, "%s waited for the stalled copy (%d s)", #call, \
			       (int)(STALL_DEADLINE / ZXT_SEC(1))); \
	__pr; \
})

/* A userfaultfd and two pages, the second registered: stall_skip if none. */
static const char *stall_open(struct stall *st)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;

	memset(st, 0, sizeof(*st));
	st->page = (size_t)sysconf(_SC_PAGESIZE);
	/* No UFFD_USER_MODE_ONLY: the faults to catch are the kernel's. */
	st->uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (st->uffd < 0 && (errno == ENOSYS || errno == EPERM)) {
		snprintf(stall_skip_why, sizeof(stall_skip_why),
			 "userfaultfd unavailable (%s): needs CONFIG_USERFAULTFD and root",
			 strerror(errno));
		return stall_skip;
	}
	SC_CHECK(st->uffd >= 0);
	SC_EQ(0, ioctl(st->uffd, UFFDIO_API, &api));
	st->map = mmap(NULL, 2 * st->page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	SC_CHECK(st->map != MAP_FAILED);
	memset(st->map, 0, st->page);
	st->trap = st->map + st->page;
	memset(&reg, 0, sizeof(reg));
	reg.range.start = (uintptr_t)st->trap;
	reg.range.len = st->page;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	SC_EQ(0, ioctl(st->uffd, UFFDIO_REGISTER, &reg));
	st->fill = malloc(st->page);
	SC_CHECK(st->fill != NULL);
	memset(st->fill, 0x5a, st->page);
	SC_EQ(0, pthread_mutex_init(&st->lock, NULL));
	SC_EQ(0, sem_init(&st->started, 0, 0));
	SC_EQ(0, sem_init(&st->done, 0, 0));
	return NULL;
}

static void *stall_main(void *arg)
{
	struct stall *st = arg;
	size_t actual = 0;
	zx_status_t s;

	st->tid = zxt_gettid();
	sem_post(&st->started);
	if (st->cmd == ZIRCON_IOC_SOCKET_WRITE)
		s = zx_socket_write(st->h, 0, st->buf, st->len, &actual);
	else
		s = zx_socket_read(st->h, 0, st->buf, st->len, &actual);
	st->actual = actual;
	__atomic_store_n(&st->status, s, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Start zx_socket_write (@write) or zx_socket_read on @h with @buf, which
 * runs into the trap, and return once its copy is stalled there: the
 * userfaultfd reported the fault and the thread sits in its ioctl.
 */
static const char *stall_start(struct stall *st, zx_handle_t h, bool write, uint8_t *buf,
			       size_t len)
{
	int64_t give_up = zxt_mono_ns() + STALL_DEADLINE;
	struct pollfd p = { .fd = st->uffd, .events = POLLIN };
	struct uffd_msg msg;
	int r;

	st->h = h;
	st->cmd = write ? ZIRCON_IOC_SOCKET_WRITE : ZIRCON_IOC_SOCKET_READ;
	st->buf = buf;
	st->len = len;
	st->status = STALL_RUNNING;
	SC_EQ(0, pthread_create(&st->thread, NULL, stall_main, st));
	while (sem_wait(&st->started) != 0)
		;
	/* poll's timeout only bounds the wait for the fault */
	while ((r = poll(&p, 1, 100)) != 1) {
		SC_CHECK(r == 0 || errno == EINTR);
		SC_EQ(STALL_RUNNING, __atomic_load_n(&st->status, __ATOMIC_ACQUIRE));
		SC_CHECK(zxt_mono_ns() < give_up);
	}
	SC_EQ(sizeof(msg), read(st->uffd, &msg, sizeof(msg)));
	SC_EQ(UFFD_EVENT_PAGEFAULT, msg.event);
	SC_EQ((uintptr_t)st->trap, msg.arg.pagefault.address & ~(uint64_t)(st->page - 1));
	while ((r = zxt_blocked_in_ioctl(st->tid, st->cmd)) == 0 && zxt_mono_ns() < give_up)
		sched_yield();
	SC_EQ(1, r);
	return NULL;
}

/* Let the copy go on: UFFDIO_COPY the trap page in (once). */
static void stall_resolve(struct stall *st)
{
	struct uffdio_copy c;

	pthread_mutex_lock(&st->lock);
	while (!st->resolved) {
		memset(&c, 0, sizeof(c));
		c.dst = (uintptr_t)st->trap;
		c.src = (uintptr_t)st->fill;
		c.len = st->page;
		if (ioctl(st->uffd, UFFDIO_COPY, &c) == 0 || errno == EEXIST)
			st->resolved = 1;
		else if (errno != EAGAIN)
			st->resolved = st->resolve_errno = errno;
	}
	pthread_mutex_unlock(&st->lock);
}

static void *stall_dog_main(void *arg)
{
	struct stall *st = arg;
	int64_t end = zxt_mono_ns() + STALL_DEADLINE;
	struct timespec ts = { .tv_sec = end / ZXT_SEC(1), .tv_nsec = end % ZXT_SEC(1) };

	while (sem_clockwait(&st->done, CLOCK_MONOTONIC, &ts) != 0) {
		if (errno == ETIMEDOUT) {
			__atomic_store_n(&st->fired, 1, __ATOMIC_RELEASE);
			stall_resolve(st);
			break;
		}
	}
	return NULL;
}

static const char *stall_dog_start(struct stall *st)
{
	SC_EQ(0, pthread_create(&st->dog, NULL, stall_dog_main, st));
	return NULL;
}

/* Everything beside the copy is done: did any of it wait for the copy? */
static const char *stall_dog_stop(struct stall *st)
{
	int64_t give_up = zxt_mono_ns() + STALL_DEADLINE;
	int r;

	sem_post(&st->done);
	SC_EQ(0, pthread_join(st->dog, NULL));
	SC_EQ(0, __atomic_load_n(&st->fired, __ATOMIC_ACQUIRE));
	/* and all of it happened while the copy was stalled */
	while ((r = zxt_blocked_in_ioctl(st->tid, st->cmd)) == 0 &&
	       __atomic_load_n(&st->status, __ATOMIC_ACQUIRE) == STALL_RUNNING &&
	       zxt_mono_ns() < give_up)
		sched_yield();
	SC_EQ(STALL_RUNNING, __atomic_load_n(&st->status, __ATOMIC_ACQUIRE));
	SC_EQ(1, r);
	return NULL;
}

/* Resolve the fault and reap the call; its status. */
static zx_status_t stall_finish(struct stall *st)
{
	stall_resolve(st);
	pthread_join(st->thread, NULL);
	return st->resolve_errno ? 99999 : st->status;
}

static void stall_close(struct stall *st)
{
	munmap(st->map, 2 * st->page);
	close(st->uffd);
	free(st->fill);
	pthread_mutex_destroy(&st->lock);
	sem_destroy(&st->started);
	sem_destroy(&st->done);
}

static zx_status_t sc_info(zx_handle_t h, zx_info_socket_t *si)
{
	return zx_object_get_info(h, ZX_INFO_SOCKET, si, sizeof(*si), NULL, NULL);
}

static zx_status_t sc_prop(zx_handle_t h, uint32_t prop, size_t v)
{
	return zx_object_set_property(h, prop, &v, sizeof(v));
}

/*
 * A socket with STALL_PRE bytes for @b to read (two datagrams of half,
 * for datagram sockets) and "back" for @a.
 */
static const char *stall_socket(uint32_t type, zx_handle_t *a, zx_handle_t *b, uint8_t *pre)
{
	size_t got;

	SC_EQ(ZX_OK, zx_socket_create(type, a, b));
	zxt_fill(pre, STALL_PRE, 21);
	SC_EQ(ZX_OK, zx_socket_write(*a, 0, pre, STALL_PRE / 2, &got));
	SC_EQ(STALL_PRE / 2, got);
	SC_EQ(ZX_OK, zx_socket_write(*a, 0, pre + STALL_PRE / 2, STALL_PRE / 2, &got));
	SC_EQ(STALL_PRE / 2, got);
	SC_EQ(ZX_OK, zx_socket_write(*b, 0, "back", 4, &got));
	return NULL;
}

/* @a has "back" and then, on a stream, @more in the same read. */
static const char *stall_read_back(zx_handle_t a, bool dg, const char *more)
{
	size_t n = strlen(more), got;
	char out[64];

	SC_EQ(ZX_OK, zx_socket_read(a, 0, out, sizeof(out), &got));
	SC_EQ(dg ? 4 : 4 + n, got);
	SC_CHECK(!memcmp(out, "back", 4));
	if (dg && n) {
		SC_EQ(ZX_OK, zx_socket_read(a, 0, out, sizeof(out), &got));
		SC_EQ(n, got);
	}
	SC_CHECK(!memcmp(dg ? out : out + 4, more, n));
	return NULL;
}

/*
 * A writer on a stalls in copy_from_user. The holder of b reads, peeks,
 * writes, looks at ZX_INFO_SOCKET, sets and gets both thresholds, sets
 * dispositions, signals and waits, and closes b: all at once. The write,
 * once its copy completes, finds its peer gone: ZX_ERR_PEER_CLOSED, as a
 * write made after the close gets, and nothing of it lands.
 */
static const char *stall_writer_vs_peer(uint32_t type)
{
	static uint8_t pre[STALL_PRE], out[STALL_PRE];
	bool dg = type == ZX_SOCKET_DATAGRAM;
	zx_info_socket_t si;
	zx_signals_t obs;
	struct stall st;
	zx_handle_t a, b;
	const char *r;
	size_t got, v;

	if ((r = stall_open(&st)) || (r = stall_socket(type, &a, &b, pre)))
		return r;
	/* 100 ordinary bytes, then the trap page */
	if ((r = stall_start(&st, a, true, st.trap - 100, 100 + st.page)) ||
	    (r = stall_dog_start(&st)))
		return r;
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_read(b, ZX_SOCKET_PEEK, out, 100, &got)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_read(b, 0, out, 100, &got)));
	SC_EQ(100, got);
	SC_CHECK(!memcmp(out, pre, 100));
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_write(b, 0, "xyz", 3, &got)));
	SC_EQ(ZX_OK, PROMPT(&st, sc_info(b, &si)));
	SC_EQ(dg ? STALL_PRE / 2 : STALL_PRE - 100, si.rx_buf_size);
	SC_EQ(7, si.tx_buf_size);
	SC_EQ(ZX_OK, PROMPT(&st, sc_prop(b, RX, 10)));
	SC_EQ(ZX_OK, PROMPT(&st, sc_prop(b, TX, 5)));
	v = 0;
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_get_property(b, TX, &v, sizeof(v))));
	SC_EQ(5, v);
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_set_disposition(b, EN, 0)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_set_disposition(b, DIS, 0)));
	SC_EQ(ZX_ERR_BAD_STATE, PROMPT(&st, zx_socket_write(b, 0, "w", 1, &got)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0)));
	SC_EQ(ZX_ERR_TIMED_OUT, PROMPT(&st, zx_object_wait_one(b, S_PC, 0, &obs)));
	SC_EQ(S_R | S_RT | S_WT | S_WD, obs);
	SC_EQ(ZX_OK, PROMPT(&st, zx_handle_close(b)));
	if ((r = stall_dog_stop(&st)))
		return r;

	SC_EQ(ZX_OK, zx_object_wait_one(a, S_PC, 0, &obs));
	SC_EQ(S_R | S_PC | S_PWD | ZX_USER_SIGNAL_0, obs);
	SC_EQ(ZX_OK, sc_info(a, &si));
	SC_EQ(0, si.tx_buf_size);
	SC_EQ(ZX_ERR_PEER_CLOSED, stall_finish(&st));
	if ((r = stall_read_back(a, dg, "xyz")))
		return r;
	SC_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(a, 0, out, sizeof(out), &got));
	SC_EQ(ZX_OK, zx_handle_close(a));
	stall_close(&st);
	return NULL;
}

/*
 * The end of a scenario whose peer is gone: the watchdog stops, the
 * stalled copy returns PEER_CLOSED, @a has nothing left to read, and
 * everything is closed.
 */
static const char *stall_end_peer_closed(struct stall *st, zx_handle_t a, bool dg)
{
	const char *r;

	if ((r = stall_dog_stop(st)))
		return r;
	SC_EQ(ZX_ERR_PEER_CLOSED, stall_finish(st));
	if ((r = stall_read_back(a, dg, "")))
		return r;
	SC_EQ(ZX_OK, zx_handle_close(a));
	stall_close(st);
	return NULL;
}

/*
 * The same with nothing but the close: a writer on a stalls, and b's last
 * handle is closed at once. The close returns, a sees PEER_CLOSED, and the
 * write gets ZX_ERR_PEER_CLOSED once its copy completes.
 */
static const char *stall_writer_vs_peer_close(uint32_t type)
{
	static uint8_t pre[STALL_PRE];
	bool dg = type == ZX_SOCKET_DATAGRAM;
	zx_signals_t obs;
	struct stall st;
	zx_handle_t a, b;
	const char *r;

	if ((r = stall_open(&st)) || (r = stall_socket(type, &a, &b, pre)))
		return r;
	if ((r = stall_start(&st, a, true, st.trap - 100, 100 + st.page)) ||
	    (r = stall_dog_start(&st)))
		return r;
	SC_EQ(ZX_OK, PROMPT(&st, zx_handle_close(b)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_wait_one(a, S_PC, 0, &obs)));
	return stall_end_peer_closed(&st, a, dg);
}

/*
 * A reader of b stalls in copy_to_user. The holder of a writes (into the
 * buffer being read), reads its own end, looks, sets thresholds and a
 * disposition, and closes a: all at once. The read, once its copy
 * completes, returns what it took its snapshot of; what a wrote during the
 * copy stays readable after it.
 */
static const char *stall_reader_vs_peer(uint32_t type)
{
	static uint8_t pre[STALL_PRE], more[6000], out[STALL_PRE + 6000];
	bool dg = type == ZX_SOCKET_DATAGRAM;
	zx_info_socket_t si;
	zx_signals_t obs;
	struct stall st;
	zx_handle_t a, b;
	const char *r;
	size_t got, v;

	if ((r = stall_open(&st)) || (r = stall_socket(type, &a, &b, pre)))
		return r;
	zxt_fill(more, sizeof(more), 22);
	/* 100 bytes into an ordinary page, then 3000 into the trap */
	if ((r = stall_start(&st, b, false, st.trap - 100, 3100)) ||
	    (r = stall_dog_start(&st)))
		return r;
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_write(a, 0, more, sizeof(more), &got)));
	SC_EQ(sizeof(more), got);
	SC_EQ(ZX_OK, PROMPT(&st, sc_info(a, &si)));
	SC_EQ(4, si.rx_buf_size);
	SC_EQ(STALL_PRE + sizeof(more), si.tx_buf_size);
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_read(a, ZX_SOCKET_PEEK, out, 64, &got)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_read(a, 0, out, 64, &got)));
	SC_EQ(4, got);
	SC_EQ(ZX_ERR_SHOULD_WAIT, PROMPT(&st, zx_socket_read(a, 0, out, 64, &got)));
	SC_EQ(ZX_OK, PROMPT(&st, sc_prop(a, TX, 100)));
	v = 0;
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_get_property(a, TX, &v, sizeof(v))));
	SC_EQ(100, v);
	SC_EQ(ZX_OK, PROMPT(&st, sc_prop(a, RX, 1)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_set_disposition(a, EN, 0)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_handle_close(a)));
	if ((r = stall_dog_stop(&st)))
		return r;

	SC_EQ(ZX_OK, zx_object_wait_one(b, S_PC, 0, &obs));
	SC_EQ(S_R | S_PC | ZX_USER_SIGNAL_0, obs);
	SC_EQ(ZX_OK, stall_finish(&st));
	SC_EQ(3100, st.actual);
	SC_CHECK(!memcmp(st.trap - 100, pre, 3100));
	if (dg) {
		/* the first datagram went, truncated, with the stalled read */
		SC_EQ(ZX_OK, zx_socket_read(b, 0, out, sizeof(out), &got));
		SC_EQ(STALL_PRE / 2, got);
		SC_CHECK(!memcmp(out, pre + STALL_PRE / 2, STALL_PRE / 2));
		SC_EQ(ZX_OK, zx_socket_read(b, 0, out, sizeof(out), &got));
		SC_EQ(sizeof(more), got);
		SC_CHECK(!memcmp(out, more, sizeof(more)));
	} else {
		SC_EQ(ZX_OK, zx_socket_read(b, 0, out, sizeof(out), &got));
		SC_EQ(STALL_PRE - 3100 + sizeof(more), got);
		SC_CHECK(!memcmp(out, pre + 3100, STALL_PRE - 3100));
		SC_CHECK(!memcmp(out + STALL_PRE - 3100, more, sizeof(more)));
	}
	SC_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(b, 0, out, sizeof(out), &got));
	SC_EQ(ZX_OK, zx_handle_close(b));
	stall_close(&st);
	return NULL;
}

/*
 * b's last handle is closed while a reader of b is stalled copying out of
 * b's buffer: the close returns at once (the buffer is left to that
 * reader), a sees PEER_CLOSED at once, and the read, whose snapshot came
 * before the close, completes with its bytes.
 */
static const char *stall_reader_own_close(uint32_t type)
{
	static uint8_t pre[STALL_PRE];
	bool dg = type == ZX_SOCKET_DATAGRAM;
	zx_info_socket_t si;
	zx_signals_t obs;
	struct stall st;
	zx_handle_t a, b;
	const char *r;
	size_t got;

	if ((r = stall_open(&st)) || (r = stall_socket(type, &a, &b, pre)))
		return r;
	if ((r = stall_start(&st, b, false, st.trap - 100, 3100)) ||
	    (r = stall_dog_start(&st)))
		return r;
	SC_EQ(ZX_OK, PROMPT(&st, zx_handle_close(b)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_wait_one(a, S_PC, 0, &obs)));
	SC_EQ(ZX_ERR_PEER_CLOSED, PROMPT(&st, zx_socket_write(a, 0, "x", 1, &got)));
	SC_EQ(ZX_OK, PROMPT(&st, sc_info(a, &si)));
	SC_EQ(4, si.rx_buf_size);
	SC_EQ(0, si.tx_buf_size);
	if ((r = PROMPT(&st, stall_read_back(a, dg, ""))))
		return r;
	if ((r = stall_dog_stop(&st)))
		return r;

	SC_EQ(ZX_OK, stall_finish(&st));
	SC_EQ(3100, st.actual);
	SC_CHECK(!memcmp(st.trap - 100, pre, 3100));
	SC_EQ(ZX_OK, zx_handle_close(a));
	stall_close(&st);
	return NULL;
}

/*
 * a's last handle is closed while a writer on a is stalled: the close
 * returns at once, b sees PEER_CLOSED and reads what was written before;
 * the write gets ZX_ERR_PEER_CLOSED and never lands.
 */
static const char *stall_writer_own_close(uint32_t type)
{
	static uint8_t pre[STALL_PRE], out[STALL_PRE];
	bool dg = type == ZX_SOCKET_DATAGRAM;
	zx_signals_t obs;
	struct stall st;
	zx_handle_t a, b;
	const char *r;
	size_t got;

	if ((r = stall_open(&st)) || (r = stall_socket(type, &a, &b, pre)))
		return r;
	if ((r = stall_start(&st, a, true, st.trap - 100, 100 + st.page)) ||
	    (r = stall_dog_start(&st)))
		return r;
	SC_EQ(ZX_OK, PROMPT(&st, zx_handle_close(a)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_wait_one(b, S_PC, 0, &obs)));
	SC_EQ(ZX_OK, PROMPT(&st, zx_socket_read(b, 0, out, 100, &got)));
	SC_EQ(100, got);
	SC_CHECK(!memcmp(out, pre, 100));
	if ((r = stall_dog_stop(&st)))
		return r;

	SC_EQ(ZX_ERR_PEER_CLOSED, stall_finish(&st));
	SC_EQ(ZX_OK, zx_socket_read(b, 0, out, sizeof(out), &got));
	SC_EQ(dg ? STALL_PRE / 2 : STALL_PRE - 100, got);
	SC_CHECK(!memcmp(out, pre + STALL_PRE - got, got));
	SC_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(b, 0, out, sizeof(out), &got));
	SC_EQ(ZX_OK, zx_handle_close(b));
	stall_close(&st);
	return NULL;
}

/*
 * b's only handle is in another process's table; while a writer on a is
 * stalled, that process exits (its exit closes b): the exit completes,
 * and the write gets ZX_ERR_PEER_CLOSED.
 */
static const char *stall_writer_vs_peer_exit(uint32_t type)
{
	static uint8_t pre[STALL_PRE];
	bool dg = type == ZX_SOCKET_DATAGRAM;
	int fd, go[2], ack[2], status = -1;
	zx_signals_t obs;
	struct stall st;
	zx_handle_t a, b;
	const char *r;
	pid_t pid;
	char c;

	if ((r = stall_open(&st)) || (r = stall_socket(type, &a, &b, pre)))
		return r;
	SC_EQ(ZX_OK, zx_linux_handle_to_fd(b, 0, &fd));
	SC_EQ(0, pipe(go));
	SC_EQ(0, pipe(ack));
	fflush(NULL);
	pid = fork();
	SC_CHECK(pid >= 0);
	if (pid == 0) {
		zx_handle_t h;

		close(go[1]);
		close(ack[0]);
		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
		close(fd);
		CHILD_CHECK(write(ack[1], "i", 1) == 1);
		CHILD_CHECK(read(go[0], &c, 1) == 1);
		_exit(0);	/* and the exit closes b */
	}
	close(go[0]);
	close(ack[1]);
	close(fd);
	SC_EQ(1, read(ack[0], &c, 1));	/* b is in the child's table */
	close(ack[0]);
	if ((r = stall_start(&st, a, true, st.trap - 100, 100 + st.page)) ||
	    (r = stall_dog_start(&st)))
		return r;
	SC_EQ(1, write(go[1], "x", 1));
	close(go[1]);
	SC_EQ(pid, PROMPT(&st, waitpid(pid, &status, 0)));
	SC_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	SC_EQ(ZX_OK, PROMPT(&st, zx_object_wait_one(a, S_PC, 0, &obs)));
	return stall_end_peer_closed(&st, a, dg);
}

/*
 * A write on a stalls after it was laid out to continue the last chunk of
 * b's buffer; meanwhile b's reader drains the buffer, which frees that
 * chunk. The write still lands whole, in a chunk of its own: for a small
 * write (copied through the stack) and for one of more than a page.
 */
static const char *stall_write_lands_after_drain(uint32_t type)
{
	static uint8_t pre[STALL_PRE], out[STALL_PRE];
	bool dg = type == ZX_SOCKET_DATAGRAM;
	unsigned int big;
	zx_info_socket_t si;
	struct stall st;
	zx_handle_t a, b;
	const char *r;
	size_t got, i;

	for (big = 0; big < 2; big++) {
		uint8_t *buf;
		size_t len;

		if ((r = stall_open(&st)) || (r = stall_socket(type, &a, &b, pre)))
			return r;
		buf = big ? st.trap - 100 : st.trap;
		len = big ? 100 + st.page : 10;
		if ((r = stall_start(&st, a, true, buf, len)) || (r = stall_dog_start(&st)))
			return r;
		SC_EQ(ZX_OK, PROMPT(&st, zx_socket_read(b, 0, out, sizeof(out), &got)));
		SC_EQ(dg ? STALL_PRE / 2 : STALL_PRE, got);
		if (dg) {
			SC_EQ(ZX_OK, PROMPT(&st, zx_socket_read(b, 0, out, sizeof(out), &got)));
			SC_EQ(STALL_PRE / 2, got);
		}
		SC_EQ(ZX_ERR_SHOULD_WAIT, PROMPT(&st, zx_socket_read(b, 0, out, 1, &got)));
		if ((r = stall_dog_stop(&st)))
			return r;

		SC_EQ(ZX_OK, stall_finish(&st));
		SC_EQ(len, st.actual);
		SC_EQ(ZX_OK, sc_info(b, &si));
		SC_EQ(len, si.rx_buf_size);
		SC_EQ(len, si.rx_buf_available);
		SC_EQ(ZX_OK, zx_socket_read(b, 0, out, sizeof(out), &got));
		SC_EQ(len, got);
		for (i = 0; i < len; i++)
			SC_EQ(i < len - (big ? st.page : 10) ? 0 : 0x5a, out[i]);
		SC_EQ(ZX_ERR_SHOULD_WAIT, zx_socket_read(b, 0, out, 1, &got));
		SC_EQ(ZX_OK, zx_handle_close(a));
		SC_EQ(ZX_OK, zx_handle_close(b));
		stall_close(&st);
	}
	return NULL;
}

/* Run @fn for both socket types; SKIP without userfaultfd. */
#define STALL_RUN(fn) do { \
	static const uint32_t __types[] = { ZX_SOCKET_STREAM, ZX_SOCKET_DATAGRAM }; \
	unsigned int __i; \
	for (__i = 0; __i < 2; __i++) { \
		const char *__r = fn(__types[__i]); \
		if (__r == stall_skip) \
			SKIP(return, "%s", stall_skip_why); \
		ASSERT_TRUE(__r == NULL) \
			TH_LOG("%s, %s: %s", #fn, __i ? "datagram" : "stream", __r); \
	} \
} while (0)

TEST_ZX(stalled_write_peer_close_returns)
{
	STALL_RUN(stall_writer_vs_peer_close);
}

TEST_ZX(stalled_write_blocks_no_peer)
{
	STALL_RUN(stall_writer_vs_peer);
}

TEST_ZX(stalled_read_blocks_no_peer)
{
	STALL_RUN(stall_reader_vs_peer);
}

TEST_ZX(stalled_io_own_close_returns)
{
	STALL_RUN(stall_reader_own_close);
	STALL_RUN(stall_writer_own_close);
}

TEST_ZX(stalled_write_peer_process_exit)
{
	STALL_RUN(stall_writer_vs_peer_exit);
}

TEST_ZX(stalled_write_lands_after_drain)
{
	STALL_RUN(stall_write_lands_after_drain);
}

/*
 * Every page the stalled scenarios allocate is freed: their buffers
 * (including the one a close leaves to a reader still copying out of it)
 * and the private chunks of writes that never landed. They run, a few
 * rounds of each, in a child in a memory cgroup, to which every chunk is
 * charged; once the child is gone, the cgroup's memory must drain to
 * (nearly) nothing. memory.high = 0 flushes the per-CPU charge caches
 * and reclaims what is reclaimable; RCU-deferred frees of the objects
 * themselves get until the deadline (membarrier waits a grace period per
 * look). What is left then is 10-30 KiB of slab; the buffers a close
 * leaves to a reader alone come to ~500 KiB over the rounds, were they
 * leaked.
 */
#define STALL_ROUNDS 6
#define STALL_RESIDUE (128 << 10)

static int stall_rounds(void)
{
	static const uint32_t types[] = { ZX_SOCKET_STREAM, ZX_SOCKET_DATAGRAM };
	const char *(*const fns[])(uint32_t) = {
		stall_writer_vs_peer_close, stall_writer_vs_peer, stall_reader_vs_peer,
		stall_reader_own_close, stall_writer_own_close,
		stall_write_lands_after_drain,
	};
	unsigned int k, i, t;

	for (k = 0; k < STALL_ROUNDS; k++) {
		for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
			for (t = 0; t < 2; t++) {
				const char *r = fns[i](types[t]);

				if (r == stall_skip)
					return 4;
				if (r) {
					fprintf(stderr, "# child: scenario %u, type %u: %s\n", i,
						types[t], r);
					return 1;
				}
			}
		}
	}
	return 0;
}

TEST_ZX_SLOW(stalled_io_frees_every_page)
{
	const char *cg = "/sys/fs/cgroup/zx-socket-stall";
	char path[128], current[128];
	long long cur = -1;
	int64_t give_up;
	int st, looks = 0;
	pid_t pid;

	zxt_memcg_make(cg);
	pid = zxt_fork_into_cgroup(cg);
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(stall_rounds());
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st)) TH_LOG("child killed by signal %d", WTERMSIG(st));
	if (WEXITSTATUS(st) == 4) {
		rmdir(cg);
		SKIP(return, "%s", "userfaultfd unavailable");
	}
	ASSERT_EQ(0, WEXITSTATUS(st));

	give_up = zxt_mono_ns() + ZXT_SEC(90);
	snprintf(path, sizeof(path), "%s/memory.high", cg);
	snprintf(current, sizeof(current), "%s/memory.current", cg);
	for (;;) {
		ASSERT_EQ(0, zxt_write_file(path, "0"));
		cur = zxt_read_number(current);
		ASSERT_LE(0, cur);
		looks++;
		if (cur <= STALL_RESIDUE || zxt_mono_ns() > give_up)
			break;
		syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
	}
	TH_LOG("%lld bytes left charged to the cgroup (look %d)", cur, looks);
	EXPECT_LE(cur, STALL_RESIDUE);
	EXPECT_EQ(0, rmdir(cg));
}

TEST_HARNESS_MAIN
