// SPDX-License-Identifier: GPL-2.0
/*
 * FIFOs: zx_fifo_create, zx_fifo_write, zx_fifo_read (spec A.4). Every
 * error in Zircon's order, partial transfers, wrap-around checked against
 * a model, signals through wait_one, wait_many and port packets, user
 * signals, PEER_CLOSED and draining after it, bad buffers leaving the FIFO
 * untouched, races with the last close, many writers and readers, and a
 * copy stalled on a userfaultfd page never holding up the other end.
 */
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/mman.h>

#define ZXT_FIXTURE fifo
#include "zx_selftest.h"

#define RD ZX_FIFO_READABLE
#define WR ZX_FIFO_WRITABLE
#define PC ZX_FIFO_PEER_CLOSED
#define E8 sizeof(uint64_t)

static void fifo_pair(struct __test_metadata *_metadata, size_t count, size_t size,
		      zx_handle_t *a, zx_handle_t *b)
{
	*a = *b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_fifo_create(count, size, 0, a, b));
	ASSERT_NE(ZX_HANDLE_INVALID, *a);
	ASSERT_NE(ZX_HANDLE_INVALID, *b);
}

/* Write @n u64 elements first, first + 1, ...; exactly @want must go in. */
static void put_seq(struct __test_metadata *_metadata, zx_handle_t h, uint64_t first,
		    size_t n, size_t want)
{
	uint64_t v[4096];
	size_t i, actual = 12345;

	ASSERT_GE(4096u, n);
	for (i = 0; i < n; i++)
		v[i] = first + i;
	ASSERT_EQ(ZX_OK, zx_fifo_write(h, E8, v, n, &actual));
	ASSERT_EQ(want, actual);
}

/* Read up to @n u64 elements; exactly @want must come, first, first + 1, ... */
static void get_seq(struct __test_metadata *_metadata, zx_handle_t h, uint64_t first,
		    size_t n, size_t want)
{
	uint64_t v[4096];
	size_t i, actual = 12345;

	ASSERT_GE(4096u, n);
	memset(v, 0xa5, sizeof(v));
	ASSERT_EQ(ZX_OK, zx_fifo_read(h, E8, v, n, &actual));
	ASSERT_EQ(want, actual);
	for (i = 0; i < want; i++)
		ASSERT_EQ(first + i, v[i]) TH_LOG("element %zu", i);
	/* nothing written past the elements read */
	if (want < n)
		ASSERT_EQ(0xa5a5a5a5a5a5a5a5ull, v[want]);
}

/* ioctl() on the library's own table: 0, or the errno it failed with. */
static int raw(unsigned long cmd, void *arg)
{
	return ioctl(zx_linux_device_fd(), cmd, arg) == 0 ? 0 : errno;
}

/*
 * Two pages, the first read-write and the second inaccessible; returns the
 * second page's address, so [p - n, p) is good and [p, ...) faults.
 */
static uint8_t *guard_page(struct __test_metadata *_metadata)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *m = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + ps, ps, PROT_NONE));
	return m + ps;
}

static void guard_unmap(uint8_t *p)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);

	munmap(p - ps, 2 * ps);
}

/* ------------------------------------------------------------------ */
/* zx_fifo_create                                                      */

TEST_ZX(create_defaults)
{
	zx_info_handle_basic_t ia, ib;
	zx_handle_t a, b;

	fifo_pair(_metadata, 8, E8, &a, &b);
	EXPECT_NE(a, b);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, a & ZX_HANDLE_FIXED_BITS_MASK);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, b & ZX_HANDLE_FIXED_BITS_MASK);
	ia = zxt_info(_metadata, a);
	ib = zxt_info(_metadata, b);
	EXPECT_EQ(0xF00Fu, ia.rights);
	EXPECT_EQ(0xF00Fu, ib.rights);
	EXPECT_EQ(ZX_DEFAULT_FIFO_RIGHTS, ia.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_FIFO, ia.type);
	EXPECT_EQ(19u, ib.type);
	EXPECT_GE(ia.koid, (zx_koid_t)ZX_KOID_FIRST);
	EXPECT_NE(ia.koid, ib.koid);
	EXPECT_EQ(ib.koid, ia.related_koid);
	EXPECT_EQ(ia.koid, ib.related_koid);
	/* both ends start writable, nothing else */
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	EXPECT_EQ(WR, zxt_signals(_metadata, b));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, a));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/*
 * Every accepted geometry holds exactly elem_count elements per direction:
 * powers of two and, as current Zircon allows, counts that are not.
 */
TEST_ZX(create_every_count)
{
	static const size_t sizes[] = { 1, 3, 8, 24 };
	static const size_t counts[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 10, 16, 31, 32, 100, 128, 1000, 1023,
		1024, 2048, 2049, 4095, 4096,
	};
	uint8_t in[4096], out[4096];
	size_t c, count, s, i, actual;

	for (c = 0; c < ARRAY_SIZE(counts); c++) {
		count = counts[c];
		for (s = 0; s < ARRAY_SIZE(sizes) + 1; s++) {
			/* the listed sizes, then the largest that fits */
			size_t size = s < ARRAY_SIZE(sizes) ? sizes[s] :
				      4096 / count;
			zx_handle_t a, b;

			if (count * size > 4096)
				continue;
			fifo_pair(_metadata, count, size, &a, &b);
			for (i = 0; i < count * size; i++)
				in[i] = (uint8_t)(i * 7 + count + size);
			for (i = 0; i < 2; i++) {
				zx_handle_t w = i ? b : a, r = i ? a : b;

				actual = 0;
				ASSERT_EQ(ZX_OK, zx_fifo_write(w, size, in, count, &actual))
					TH_LOG("%zu x %zu", count, size);
				ASSERT_EQ(count, actual);
				EXPECT_EQ(RD, zxt_signals(_metadata, r) & RD);
				EXPECT_EQ(0u, zxt_signals(_metadata, w) & WR);
				ASSERT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_write(w, size, in, 1, NULL));
				memset(out, 0, sizeof(out));
				ASSERT_EQ(ZX_OK, zx_fifo_read(r, size, out, 4096, &actual));
				ASSERT_EQ(count, actual);
				ASSERT_EQ(0, memcmp(in, out, count * size))
					TH_LOG("%zu x %zu", count, size);
				EXPECT_EQ(WR, zxt_signals(_metadata, r));
				EXPECT_EQ(WR, zxt_signals(_metadata, w));
			}
			zxt_close(_metadata, a);
			zxt_close(_metadata, b);
		}
	}
}

TEST_ZX(create_out_of_range)
{
	static const struct { size_t count, size; } bad[] = {
		{ 0, 0 }, { 0, 8 }, { 8, 0 }, { 0, 4096 }, { 4096, 0 },
		/* not a power of two, and too big */
		{ 3, 2000 }, { 4095, 2 }, { 1023, 5 },
		/* either alone too big */
		{ 8192, 1 }, { 1, 4097 }, { 1, 8192 }, { 4097, 1 },
		/* product too big */
		{ 128, 33 }, { 4096, 2 }, { 2, 2049 }, { 2048, 3 }, { 2, 4096 },
		{ 4096, 4096 },
		/* a product that wraps a 32-bit size_t to 0 */
		{ 0x80000000u, 2 }, { 2, 0x80000000u }, { 0x10000u, 0x10000u },
		{ SIZE_MAX, 1 }, { 1, SIZE_MAX }, { SIZE_MAX, SIZE_MAX },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_create(bad[i].count, bad[i].size, 0, &a, &b))
			TH_LOG("%zu x %zu", bad[i].count, bad[i].size);
		EXPECT_EQ(ZX_HANDLE_INVALID, a);
		EXPECT_EQ(ZX_HANDLE_INVALID, b);
	}
#if SIZE_MAX > 0xffffffffu
	{
		/* 64-bit size_t: products that wrap to 0 or to a small value */
		static const struct { size_t count, size; } bad64[] = {
			{ (size_t)1 << 32, 1 }, { 1, (size_t)1 << 32 },
			{ (size_t)1 << 63, 2 }, { 2, (size_t)1 << 63 },
			{ (size_t)1 << 62, 4 }, { 4, ((size_t)1 << 62) + 1 },
			{ (size_t)1 << 32, (size_t)1 << 32 },
		};

		for (i = 0; i < ARRAY_SIZE(bad64); i++) {
			zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

			EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
				  zx_fifo_create(bad64[i].count, bad64[i].size, 0, &a, &b))
				TH_LOG("%zu x %zu", bad64[i].count, bad64[i].size);
			EXPECT_EQ(ZX_HANDLE_INVALID, a);
		}
	}
#endif
}

/*
 * Both ABIs carry 64-bit sizes: values no 32-bit size_t can hold, and 64-bit
 * products that wrap, reach the kernel and are refused there.
 */
TEST_ZX(create_out_of_range_u64)
{
	static const struct { uint64_t count, size; } bad[] = {
		{ 1ull << 32, 1 }, { 1, 1ull << 32 }, { (1ull << 32) + 8, 8 },
		{ 8, (1ull << 32) + 8 }, { 1ull << 63, 2 }, { 2, 1ull << 63 },
		{ 1ull << 62, 4 }, { 1ull << 32, 1ull << 32 }, { UINT64_MAX, UINT64_MAX },
		{ 1ull << 48, 1ull << 16 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct zircon_fifo_create c = {
			.elem_count = bad[i].count, .elem_size = bad[i].size,
		};

		EXPECT_EQ(ZIRCON_ERRNO_OUT_OF_RANGE, raw(ZIRCON_IOC_FIFO_CREATE, &c))
			TH_LOG("%#llx x %#llx", (unsigned long long)bad[i].count,
			       (unsigned long long)bad[i].size);
		EXPECT_EQ(0u, c.out0);
		EXPECT_EQ(0u, c.out1);
	}
}

/*
 * Zircon's kernel never looks at options; its own test expects
 * create(0, 0, 1) to be OUT_OF_RANGE. The sizes come first, then the
 * options are INVALID_ARGS as the documentation says.
 */
TEST_ZX(create_options)
{
	static const uint32_t bad[] = { 1, 2, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(8, E8, bad[i], &a, &b));
		EXPECT_EQ(ZX_HANDLE_INVALID, a);
		EXPECT_EQ(ZX_HANDLE_INVALID, b);
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_create(0, 0, bad[i], &a, &b));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(3, 8, bad[i], &a, &b));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_create(128, 33, bad[i], &a, &b));
		EXPECT_EQ(ZX_HANDLE_INVALID, a);
		EXPECT_EQ(ZX_HANDLE_INVALID, b);
	}
}

TEST_ZX(create_null_out)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(8, E8, 0, NULL, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(8, E8, 0, &a, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(8, E8, 0, NULL, NULL));
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_HANDLE_INVALID, b);
	/* the sizes are still checked first */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_create(0, E8, 0, NULL, NULL));
}

TEST_ZX(create_raw_abi)
{
	struct zircon_fifo_create c = { .elem_count = 8, .elem_size = 8, .pad = 1 };
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	struct zircon_fifo_create *ro;
	uint8_t *g = guard_page(_metadata);

	/* a nonzero pad is refused before anything else */
	EXPECT_EQ(EINVAL, raw(ZIRCON_IOC_FIFO_CREATE, &c));
	c.elem_count = 0;
	EXPECT_EQ(EINVAL, raw(ZIRCON_IOC_FIFO_CREATE, &c));
	EXPECT_EQ(0u, c.out0);

	/* an unreadable argument */
	EXPECT_EQ(EFAULT, raw(ZIRCON_IOC_FIFO_CREATE, g));
	EXPECT_EQ(EFAULT, raw(ZIRCON_IOC_FIFO_CREATE, g - sizeof(c) / 2));

	/* a readable but unwritable argument: no handles come out */
	ro = (struct zircon_fifo_create *)(g - ps);
	memset(ro, 0, sizeof(*ro));
	ro->elem_count = 8;
	ro->elem_size = 8;
	ASSERT_EQ(0, mprotect(g - ps, ps, PROT_READ));
	EXPECT_EQ(EFAULT, raw(ZIRCON_IOC_FIFO_CREATE, ro));
	guard_unmap(g);

	/* and the success path writes both values */
	memset(&c, 0, sizeof(c));
	c.elem_count = 2;
	c.elem_size = 2048;
	ASSERT_EQ(0, raw(ZIRCON_IOC_FIFO_CREATE, &c));
	EXPECT_EQ(3u, c.out0 & 3u);
	EXPECT_EQ(3u, c.out1 & 3u);
	EXPECT_EQ(zxt_koid(_metadata, c.out1), zxt_info(_metadata, c.out0).related_koid);
	zxt_close(_metadata, c.out0);
	zxt_close(_metadata, c.out1);
}

/* ------------------------------------------------------------------ */
/* Errors of write and read, in Zircon's order                         */

TEST_ZX(write_check_order)
{
	zx_handle_t a, b, ev, ev_none, ro, stale, none;
	uint64_t v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	size_t actual = 77;

	fifo_pair(_metadata, 4, E8, &a, &b);
	ev = zxt_event(_metadata);
	ev_none = zxt_dup(_metadata, ev, ZX_RIGHT_NONE);
	ro = zxt_dup(_metadata, a, ZX_DEFAULT_FIFO_RIGHTS & ~ZX_RIGHT_WRITE);
	none = zxt_dup(_metadata, a, ZX_RIGHT_NONE);
	stale = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);

	/* BAD_HANDLE, WRONG_TYPE, ACCESS_DENIED, whatever the other arguments */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_write(ZX_HANDLE_INVALID, 0, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_write(stale, 0, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_write(stale, E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_fifo_write(ev, 0, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_fifo_write(ev_none, E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_write(ro, 0, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_write(ro, E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_write(none, E8, v, 1, &actual));

	/* then the element size and the count */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, E8 - 1, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, E8 + 1, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, 0, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, 4 * E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, SIZE_MAX, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, E8, v, 0, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, E8, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, E8 + 1, NULL, 0, NULL));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	EXPECT_EQ(WR, zxt_signals(_metadata, b));

	/* then the buffer, only once there is room for an element */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, NULL, SIZE_MAX, &actual));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(WR, zxt_signals(_metadata, b));
	put_seq(_metadata, a, 1, 8, 4);
	/* full: SHOULD_WAIT before the buffer is looked at, after the sizes */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_write(a, E8, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_write(a, E8, v, SIZE_MAX, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, E8 + 1, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(a, E8, v, 0, &actual));
	EXPECT_EQ(77u, actual);

	/* PEER_CLOSED comes before the sizes, after the handle */
	zxt_close(_metadata, b);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(a, E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(a, E8 + 1, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(a, 0, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_write(ro, E8 + 1, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_fifo_write(ev, E8, v, 1, &actual));
	EXPECT_EQ(77u, actual);

	zxt_close(_metadata, ro);
	zxt_close(_metadata, none);
	zxt_close(_metadata, ev_none);
	zxt_close(_metadata, ev);
	zxt_close(_metadata, a);
}

TEST_ZX(read_check_order)
{
	zx_handle_t a, b, ev, wo, stale;
	uint64_t v[8];
	size_t actual = 77;

	fifo_pair(_metadata, 4, E8, &a, &b);
	ev = zxt_event(_metadata);
	wo = zxt_dup(_metadata, b, ZX_DEFAULT_FIFO_RIGHTS & ~ZX_RIGHT_READ);
	stale = zxt_dup(_metadata, b, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_read(ZX_HANDLE_INVALID, 0, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_read(stale, E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_fifo_read(ev, 0, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_read(wo, 0, NULL, 0, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_read(wo, E8, v, 1, &actual));

	/* the sizes come before the state: empty is not reported yet */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8 + 1, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8 - 1, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, 0, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, SIZE_MAX, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8, v, 0, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8, NULL, 0, NULL));
	/* empty: SHOULD_WAIT before the buffer is looked at */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(b, E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(b, E8, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(b, E8, v, SIZE_MAX, &actual));
	EXPECT_EQ(77u, actual);

	/* with elements: a bad buffer is INVALID_ARGS and they stay */
	put_seq(_metadata, a, 10, 2, 2);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8 + 1, NULL, 1, &actual));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, b));

	/* after the peer closes: the sizes first, then what is queued, then PEER_CLOSED */
	zxt_close(_metadata, a);
	EXPECT_EQ(RD | PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8 + 1, v, 1, &actual));
	get_seq(_metadata, b, 10, 8, 2);
	EXPECT_EQ(PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_read(b, E8, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_read(b, E8, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8, v, 0, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(b, E8 * 2, v, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_read(wo, E8, v, 1, &actual));
	EXPECT_EQ(77u, actual);

	zxt_close(_metadata, wo);
	zxt_close(_metadata, ev);
	zxt_close(_metadata, b);
}

/* Rights reduced with zx_handle_replace: each one gates exactly its call. */
TEST_ZX(replaced_rights)
{
	zx_handle_t a, b, a2, w_only = ZX_HANDLE_INVALID, r_only = ZX_HANDLE_INVALID;
	uint64_t v = 5;

	fifo_pair(_metadata, 4, E8, &a, &b);
	a2 = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, zx_handle_replace(a, ZX_RIGHT_WRITE, &w_only));
	ASSERT_EQ(ZX_OK, zx_handle_replace(b, ZX_RIGHT_READ | ZX_RIGHT_WAIT, &r_only));
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_EQ(ZX_RIGHT_WRITE, zxt_rights(_metadata, w_only));

	put_seq(_metadata, w_only, 1, 1, 1);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_read(w_only, E8, &v, 1, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_write(r_only, E8, &v, 1, NULL));
	get_seq(_metadata, r_only, 1, 1, 1);
	/* the ends still talk through the handles with the right rights */
	put_seq(_metadata, a2, 2, 1, 1);
	get_seq(_metadata, r_only, 2, 4, 1);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(r_only, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(w_only, 0, ZX_USER_SIGNAL_0));
	zxt_close(_metadata, a2);
	zxt_close(_metadata, w_only);
	zxt_close(_metadata, r_only);
}

TEST_ZX(io_raw_abi)
{
	struct zircon_fifo_io io;
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t *g = guard_page(_metadata);
	struct zircon_fifo_io *edge;
	zx_handle_t a, b;

	fifo_pair(_metadata, 4, E8, &a, &b);

	/* a nonzero pad is refused before the handle is looked at */
	memset(&io, 0, sizeof(io));
	io.handle = ZX_HANDLE_INVALID;
	io.pad = 1;
	EXPECT_EQ(EINVAL, raw(ZIRCON_IOC_FIFO_WRITE, &io));
	EXPECT_EQ(EINVAL, raw(ZIRCON_IOC_FIFO_READ, &io));
	EXPECT_EQ(EFAULT, raw(ZIRCON_IOC_FIFO_WRITE, g));
	EXPECT_EQ(EFAULT, raw(ZIRCON_IOC_FIFO_READ, g - 8));

	/* element sizes beyond 32 bits are compared whole, not truncated */
	memset(&io, 0, sizeof(io));
	io.handle = a;
	io.elem_size = (1ull << 32) | E8;
	io.data = (uintptr_t)v;
	io.count = 1;
	EXPECT_EQ(ZIRCON_ERRNO_OUT_OF_RANGE, raw(ZIRCON_IOC_FIFO_WRITE, &io));
	io.handle = b;
	EXPECT_EQ(ZIRCON_ERRNO_OUT_OF_RANGE, raw(ZIRCON_IOC_FIFO_READ, &io));
	/* counts beyond 32 bits move what there is */
	io.handle = a;
	io.elem_size = E8;
	io.count = UINT64_MAX;
	io.actual = 99;
	EXPECT_EQ(0, raw(ZIRCON_IOC_FIFO_WRITE, &io));
	EXPECT_EQ(4u, io.actual);
	io.count = 1ull << 32;
	EXPECT_EQ(ZIRCON_ERRNO_SHOULD_WAIT, raw(ZIRCON_IOC_FIFO_WRITE, &io));
	memset(v, 0, sizeof(v));
	io.handle = b;
	io.count = (1ull << 32) | 1;
	EXPECT_EQ(0, raw(ZIRCON_IOC_FIFO_READ, &io));
	EXPECT_EQ(4u, io.actual);
	EXPECT_EQ(1u, v[0]);
	EXPECT_EQ(4u, v[3]);
	EXPECT_EQ(0u, v[4]);

	/*
	 * actual cannot be written back: as in Zircon, the elements have
	 * moved and the call still fails with INVALID_ARGS (EFAULT here).
	 */
	edge = (struct zircon_fifo_io *)(g - offsetof(struct zircon_fifo_io, actual));
	ASSERT_EQ(0, mprotect(g, ps, PROT_READ | PROT_WRITE));
	memset(edge, 0, sizeof(*edge));
	edge->handle = a;
	edge->elem_size = E8;
	edge->data = (uintptr_t)v;
	edge->count = 2;
	ASSERT_EQ(0, mprotect(g, ps, PROT_READ));
	EXPECT_EQ(EFAULT, raw(ZIRCON_IOC_FIFO_WRITE, edge));
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, b));
	ASSERT_EQ(0, mprotect(g, ps, PROT_READ | PROT_WRITE));
	edge->handle = b;
	edge->data = (uintptr_t)(v + 4);
	edge->count = 1;
	ASSERT_EQ(0, mprotect(g, ps, PROT_READ));
	EXPECT_EQ(EFAULT, raw(ZIRCON_IOC_FIFO_READ, edge));
	EXPECT_EQ(1u, v[4]);
	/* the first element is gone; the second is next */
	get_seq(_metadata, b, 2, 4, 1);
	guard_unmap(g);

	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Bad buffers: INVALID_ARGS and the FIFO exactly as it was            */

TEST_ZX(write_bad_buffer_changes_nothing)
{
	uint8_t *g = guard_page(_metadata);
	uint64_t *last = (uint64_t *)(g - E8);	/* one good element, then the guard */
	zx_handle_t a, b;
	size_t actual = 77;

	fifo_pair(_metadata, 8, E8, &a, &b);
	*last = 100;

	/* NULL, the guard page, an element straddling it, a kernel address */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, g, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, g - 4, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, (void *)(uintptr_t)-4096, 1,
						     &actual));
	/* the first element is fine, the second faults: nothing goes in */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, last, 2, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, last, 8, &actual));
	EXPECT_EQ(77u, actual);
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	EXPECT_EQ(WR, zxt_signals(_metadata, b));
	{
		uint64_t got;

		EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(b, E8, &got, 1, NULL));
	}

	/* with room for one element only, the second is never read: success */
	put_seq(_metadata, a, 1, 7, 7);
	EXPECT_EQ(ZX_OK, zx_fifo_write(a, E8, last, 2, &actual));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	get_seq(_metadata, b, 1, 7, 7);
	get_seq(_metadata, b, 100, 1, 1);

	/*
	 * Move head and tail to slot 6: a write of 5 goes to slots 6..7 and
	 * then 0..2. A fault in the part after the wrap undoes the part before.
	 */
	put_seq(_metadata, a, 8, 6, 6);
	get_seq(_metadata, b, 8, 6, 6);
	{
		uint64_t *three = (uint64_t *)(g - 3 * E8), got;

		three[0] = 200;
		three[1] = 201;
		three[2] = 202;
		actual = 77;
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, three, 5, &actual));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(a, E8, three, 4, &actual));
		EXPECT_EQ(77u, actual);
		EXPECT_EQ(WR, zxt_signals(_metadata, a));
		EXPECT_EQ(WR, zxt_signals(_metadata, b));
		EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(b, E8, &got, 1, NULL));
		/* three good elements across the wrap do go in */
		EXPECT_EQ(ZX_OK, zx_fifo_write(a, E8, three, 3, &actual));
		EXPECT_EQ(3u, actual);
		get_seq(_metadata, b, 200, 8, 3);
	}
	guard_unmap(g);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(read_bad_buffer_keeps_elements)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *g = guard_page(_metadata);
	uint64_t *last = (uint64_t *)(g - E8);
	zx_handle_t a, b;
	size_t actual = 77;

	fifo_pair(_metadata, 8, E8, &a, &b);
	put_seq(_metadata, a, 1, 8, 8);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, g, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, g - 4, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, last, 2, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, last, 8, &actual));
	/* a read-only page */
	ASSERT_EQ(0, mprotect(g - ps, ps, PROT_READ));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, g - ps, 1, &actual));
	ASSERT_EQ(0, mprotect(g - ps, ps, PROT_READ | PROT_WRITE));
	EXPECT_EQ(77u, actual);
	/* still full: the writer is not writable, the reader readable */
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, b));

	/* one element fits before the guard: reading one works */
	EXPECT_EQ(ZX_OK, zx_fifo_read(b, E8, last, 1, &actual));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, *last);
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	get_seq(_metadata, b, 2, 3, 3);
	put_seq(_metadata, a, 9, 4, 4);
	/* 8 queued from slot 4: slots 4..7 then 0..3; fault after the wrap */
	{
		uint64_t *five = (uint64_t *)(g - 5 * E8);

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, five, 6, &actual));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(b, E8, five, 8, &actual));
		EXPECT_EQ(0u, zxt_signals(_metadata, a));
		EXPECT_EQ(RD | WR, zxt_signals(_metadata, b));
		EXPECT_EQ(ZX_OK, zx_fifo_read(b, E8, five, 5, &actual));
		EXPECT_EQ(5u, actual);
		EXPECT_EQ(5u, five[0]);
		EXPECT_EQ(9u, five[4]);
	}
	get_seq(_metadata, b, 10, 8, 3);
	EXPECT_EQ(WR, zxt_signals(_metadata, b));
	guard_unmap(g);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Pages never touched before are faulted in, not refused. */
TEST_ZX(buffers_fault_in)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *in = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
	uint8_t *out = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
	zx_handle_t a, b;
	size_t actual = 0, i;

	ASSERT_NE(MAP_FAILED, in);
	ASSERT_NE(MAP_FAILED, out);
	fifo_pair(_metadata, 4, 1024, &a, &b);
	/* untouched zero pages, straddling a page boundary */
	ASSERT_EQ(ZX_OK, zx_fifo_write(a, 1024, in + ps - 1024, 4, &actual));
	EXPECT_EQ(4u, actual);
	memset(in, 0x5a, 2 * ps);
	ASSERT_EQ(ZX_OK, zx_fifo_read(b, 1024, out + 100, 4, &actual));
	EXPECT_EQ(4u, actual);
	for (i = 0; i < 4096; i++)
		ASSERT_EQ(0, out[100 + i]);
	munmap(in, 2 * ps);
	munmap(out, 2 * ps);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Transfers                                                           */

/* Zircon's PartialWriteQueuesElementsThatFit and IndividualReadsPreserveOrder */
TEST_ZX(partial_write_and_read)
{
	zx_handle_t a, b;
	uint64_t one;
	size_t actual, i;

	fifo_pair(_metadata, 8, E8, &a, &b);
	put_seq(_metadata, a, 1, 5, 5);
	put_seq(_metadata, a, 6, 5, 3);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_write(a, E8, &one, 1, &actual));
	for (i = 0; i < 8; i++) {
		actual = 0;
		ASSERT_EQ(ZX_OK, zx_fifo_read(b, E8, &one, 1, &actual));
		ASSERT_EQ(1u, actual);
		ASSERT_EQ(i + 1, one);
		EXPECT_EQ(WR, zxt_signals(_metadata, a));
		EXPECT_EQ(i < 7 ? RD | WR : WR, zxt_signals(_metadata, b));
	}
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(b, E8, &one, 1, &actual));
	/* a read larger than what is queued returns what is queued */
	put_seq(_metadata, a, 20, 3, 3);
	get_seq(_metadata, b, 20, 8, 3);
	/* actual_count may be NULL */
	EXPECT_EQ(ZX_OK, zx_fifo_write(a, E8, &one, 1, NULL));
	EXPECT_EQ(ZX_OK, zx_fifo_read(b, E8, &one, 1, NULL));
	EXPECT_EQ(8u, one);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Odd element sizes keep their bytes; nothing of a neighbour leaks in. */
TEST_ZX(odd_element_sizes)
{
	static const size_t sizes[] = { 1, 3, 5, 7, 13, 255, 4095 };
	uint8_t in[4096 * 2], out[4096 * 2];
	unsigned int s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		size_t size = sizes[s], count = 1, actual, i, round;
		zx_handle_t a, b;

		while (count * 2 * size <= 4096)
			count *= 2;
		fifo_pair(_metadata, count, size, &a, &b);
		for (round = 0; round < 3; round++) {
			size_t n = count > 1 ? count - 1 : 1;

			for (i = 0; i < n * size; i++)
				in[i] = (uint8_t)(i * 31 + round + size);
			ASSERT_EQ(ZX_OK, zx_fifo_write(b, size, in, n, &actual));
			ASSERT_EQ(n, actual);
			memset(out, 0xee, sizeof(out));
			ASSERT_EQ(ZX_OK, zx_fifo_read(a, size, out, n + 1, &actual));
			ASSERT_EQ(n, actual);
			ASSERT_EQ(0, memcmp(in, out, n * size)) TH_LOG("size %zu", size);
			ASSERT_EQ(0xee, out[n * size]);
		}
		zxt_close(_metadata, a);
		zxt_close(_metadata, b);
	}
}

/*
 * Random writes and reads in both directions at once, against a model of
 * each ring: contents, partial counts, SHOULD_WAIT and the exact signals of
 * both ends after every call, with capacities that are powers of two and
 * ones that are not. The rings wrap hundreds of times.
 */
struct model {
	uint64_t q[16];
	unsigned int head, len, cap;
	uint64_t next_in, next_out;
};

TEST_ZX(wrap_around_against_model)
{
	static const size_t caps[] = { 1, 2, 3, 5, 8, 13, 16 };
	unsigned int c;
	uint64_t seed = 0x1234567;

	for (c = 0; c < ARRAY_SIZE(caps); c++) {
		struct model m[2] = { { .cap = caps[c] }, { .cap = caps[c] } };
		zx_handle_t end[2];
		int op;

		/* m[0]: end[0] writes, end[1] reads; m[1] the other way */
		fifo_pair(_metadata, caps[c], E8, &end[0], &end[1]);
		for (op = 0; op < 1500; op++) {
			uint64_t r = zxt_rand(&seed), v[20];
			int d = r & 1;
			struct model *mm = &m[d];
			zx_handle_t w = end[d], rd = end[!d];
			size_t n = 1 + (r >> 8) % 19, actual = 99, i;
			zx_signals_t s0, s1;

			if (r & 2) {
				size_t room = mm->cap - mm->len, want = n < room ? n : room;

				for (i = 0; i < n; i++)
					v[i] = mm->next_in + i;
				if (!room) {
					ASSERT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_write(w, E8, v, n, &actual));
				} else {
					ASSERT_EQ(ZX_OK, zx_fifo_write(w, E8, v, n, &actual));
					ASSERT_EQ(want, actual);
					for (i = 0; i < want; i++)
						mm->q[(mm->head + mm->len + i) % mm->cap] = v[i];
					mm->len += want;
					mm->next_in += want;
				}
			} else {
				size_t want = n < mm->len ? n : mm->len;

				memset(v, 0, sizeof(v));
				if (!mm->len) {
					ASSERT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(rd, E8, v, n, &actual));
				} else {
					ASSERT_EQ(ZX_OK, zx_fifo_read(rd, E8, v, n, &actual));
					ASSERT_EQ(want, actual);
					for (i = 0; i < want; i++) {
						ASSERT_EQ(mm->q[(mm->head + i) % mm->cap], v[i]);
						ASSERT_EQ(mm->next_out + i, v[i]);
					}
					mm->head = (mm->head + want) % mm->cap;
					mm->len -= want;
					mm->next_out += want;
				}
			}
			/* end[k] is READABLE iff m[!k] holds something, WRITABLE iff m[k] has room */
			s0 = (m[1].len ? RD : 0) | (m[0].len < m[0].cap ? WR : 0);
			s1 = (m[0].len ? RD : 0) | (m[1].len < m[1].cap ? WR : 0);
			ASSERT_EQ(s0, zxt_signals(_metadata, end[0])) TH_LOG("op %d", op);
			ASSERT_EQ(s1, zxt_signals(_metadata, end[1])) TH_LOG("op %d", op);
		}
		EXPECT_LT(50u * caps[c], m[0].next_out + m[1].next_out);
		zxt_close(_metadata, end[0]);
		zxt_close(_metadata, end[1]);
	}
}

/* Writes through several handles to one end interleave in call order. */
TEST_ZX(duplicates_share_the_ring)
{
	zx_handle_t a, b, a2, a3, b2;

	fifo_pair(_metadata, 16, E8, &a, &b);
	a2 = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	a3 = zxt_dup(_metadata, a, ZX_RIGHT_WRITE);
	b2 = zxt_dup(_metadata, b, ZX_RIGHT_READ | ZX_RIGHT_WAIT);
	put_seq(_metadata, a, 0, 2, 2);
	put_seq(_metadata, a2, 2, 3, 3);
	put_seq(_metadata, a3, 5, 1, 1);
	get_seq(_metadata, b2, 0, 3, 3);
	get_seq(_metadata, b, 3, 16, 3);
	/* closing duplicates is not closing the end */
	zxt_close(_metadata, a);
	zxt_close(_metadata, a2);
	EXPECT_EQ(WR, zxt_signals(_metadata, b));
	put_seq(_metadata, a3, 6, 1, 1);
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, b2));
	zxt_close(_metadata, a3);
	EXPECT_EQ(RD | PC, zxt_signals(_metadata, b2));
	get_seq(_metadata, b2, 6, 2, 1);
	zxt_close(_metadata, b);
	zxt_close(_metadata, b2);
}

/* ------------------------------------------------------------------ */
/* Signals                                                             */

/* Zircon's DequeueSignalsWriteable, and both directions independent. */
TEST_ZX(signals_follow_the_rings)
{
	zx_handle_t a, b;

	fifo_pair(_metadata, 4, E8, &a, &b);
	put_seq(_metadata, a, 1, 1, 1);
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, b));
	put_seq(_metadata, a, 2, 3, 3);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, b));
	/* the other direction is unaffected */
	put_seq(_metadata, b, 100, 4, 4);
	EXPECT_EQ(RD, zxt_signals(_metadata, a));
	EXPECT_EQ(RD, zxt_signals(_metadata, b));
	get_seq(_metadata, b, 1, 1, 1);
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, a));
	EXPECT_EQ(RD, zxt_signals(_metadata, b));
	get_seq(_metadata, a, 100, 4, 4);
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	EXPECT_EQ(RD | WR, zxt_signals(_metadata, b));
	get_seq(_metadata, b, 2, 4, 3);
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	EXPECT_EQ(WR, zxt_signals(_metadata, b));

	/* user signals ride along and survive the peer's close */
	ASSERT_EQ(ZX_OK, zx_object_signal(b, 0, ZX_USER_SIGNAL_2));
	put_seq(_metadata, a, 7, 4, 4);
	EXPECT_EQ(RD | ZX_USER_SIGNAL_2, zxt_signals(_metadata, b) & ~WR);
	zxt_close(_metadata, a);
	/* WRITABLE goes, PEER_CLOSED comes, READABLE stays while elements do */
	EXPECT_EQ(RD | PC | ZX_USER_SIGNAL_2, zxt_signals(_metadata, b));
	get_seq(_metadata, b, 7, 1, 1);
	EXPECT_EQ(RD | PC | ZX_USER_SIGNAL_2, zxt_signals(_metadata, b));
	get_seq(_metadata, b, 8, 8, 3);
	EXPECT_EQ(PC | ZX_USER_SIGNAL_2, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
}

/* The survivor of a full FIFO: draining never brings WRITABLE back. */
TEST_ZX(peer_closed_while_full)
{
	zx_handle_t a, b;

	fifo_pair(_metadata, 2, E8, &a, &b);
	put_seq(_metadata, a, 1, 2, 2);
	put_seq(_metadata, b, 5, 2, 2);
	EXPECT_EQ(RD, zxt_signals(_metadata, a));
	EXPECT_EQ(RD, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	EXPECT_EQ(RD | PC, zxt_signals(_metadata, b));
	get_seq(_metadata, b, 1, 1, 1);
	EXPECT_EQ(RD | PC, zxt_signals(_metadata, b));
	get_seq(_metadata, b, 2, 1, 1);
	EXPECT_EQ(PC, zxt_signals(_metadata, b));
	{
		uint64_t v = 0;

		EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_read(b, E8, &v, 1, NULL));
		EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(b, E8, &v, 1, NULL));
	}
	zxt_close(_metadata, b);
}

TEST_ZX(wait_one_wakes)
{
	struct zxt_waiter w;
	zx_handle_t a, b;

	fifo_pair(_metadata, 2, E8, &a, &b);

	/* a reader waiting for READABLE: the write wakes it */
	zxt_waiter_start_blocked(&w, b, RD, ZX_TIME_INFINITE);
	put_seq(_metadata, a, 1, 2, 2);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(RD | WR, w.observed);

	/* a writer waiting for WRITABLE on a full ring: the read wakes it */
	zxt_waiter_start_blocked(&w, a, WR, ZX_TIME_INFINITE);
	get_seq(_metadata, b, 1, 1, 1);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(WR, w.observed);

	/* WRITABLE on a full ring does not come back by itself */
	put_seq(_metadata, a, 3, 1, 1);
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(a, WR, zx_deadline_after(ZXT_MSEC(20)), NULL));

	/* the peer's close wakes a writer waiting for WRITABLE | PEER_CLOSED */
	zxt_waiter_start_blocked(&w, a, WR | PC, ZX_TIME_INFINITE);
	zxt_close(_metadata, b);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(PC, w.observed);
	zxt_close(_metadata, a);
}

TEST_ZX(wait_many_wakes)
{
	struct zxt_many_waiter w;
	zx_wait_item_t items[3];
	zx_handle_t a, b, e;

	fifo_pair(_metadata, 1, E8, &a, &b);
	e = zxt_event(_metadata);
	put_seq(_metadata, a, 1, 1, 1);
	items[0] = (zx_wait_item_t){ .handle = a, .waitfor = WR };
	items[1] = (zx_wait_item_t){ .handle = b, .waitfor = PC };
	items[2] = (zx_wait_item_t){ .handle = e, .waitfor = ZX_USER_SIGNAL_0 };
	zxt_many_waiter_start_blocked(&w, items, 3, ZX_TIME_INFINITE);
	get_seq(_metadata, b, 1, 1, 1);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(WR, items[0].pending);
	EXPECT_EQ(WR, items[1].pending);
	EXPECT_EQ(0u, items[2].pending);

	items[0].waitfor = RD;
	items[1].waitfor = RD;
	zxt_many_waiter_start_blocked(&w, items, 3, ZX_TIME_INFINITE);
	put_seq(_metadata, b, 2, 1, 1);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(RD | WR, items[0].pending);
	EXPECT_EQ(0u, items[1].pending);

	/* (closing a handle being waited on would cancel that wait) */
	items[0].waitfor = PC;
	items[1] = items[2];
	zxt_many_waiter_start_blocked(&w, items, 2, ZX_TIME_INFINITE);
	zxt_close(_metadata, b);
	zxt_many_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(RD | PC, items[0].pending);
	zxt_close(_metadata, a);
	zxt_close(_metadata, e);
}

TEST_ZX(wait_async_packets)
{
	zx_handle_t a, b, port = zxt_port(_metadata);

	fifo_pair(_metadata, 2, E8, &a, &b);

	/* level: WRITABLE is already up */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 1, WR, 0));
	zxt_expect_signal_packet(zxt_take(_metadata, port), 1, WR, WR);
	/* READABLE when the peer writes */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, port, 2, RD, 0));
	zxt_port_empty(port);
	put_seq(_metadata, a, 1, 1, 1);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 2, RD, RD | WR);
	/* edge: WRITABLE is up but only its next rising edge counts */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 3, WR, ZX_WAIT_ASYNC_EDGE));
	zxt_port_empty(port);
	put_seq(_metadata, a, 2, 1, 1);	/* full: WRITABLE drops */
	zxt_port_empty(port);
	get_seq(_metadata, b, 1, 1, 1);	/* and rises */
	zxt_expect_signal_packet(zxt_take(_metadata, port), 3, WR, WR);
	/* a read that leaves elements does not make READABLE rise again */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, port, 4, RD, ZX_WAIT_ASYNC_EDGE));
	put_seq(_metadata, a, 3, 1, 1);
	get_seq(_metadata, b, 2, 1, 1);
	zxt_port_empty(port);
	get_seq(_metadata, b, 3, 1, 1);
	zxt_port_empty(port);
	put_seq(_metadata, a, 4, 1, 1);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 4, RD, RD | WR);
	/* PEER_CLOSED, with READABLE still up */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, port, 5, PC, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, port, 6, PC | WR, ZX_WAIT_ASYNC_EDGE));
	zxt_port_empty(port);
	zxt_close(_metadata, a);
	zxt_expect_signal_packet(zxt_take(_metadata, port), 5, PC, RD | PC);
	zxt_port_empty(port);
	zxt_close(_metadata, b);
	zxt_close(_metadata, port);
}

/* A poll descriptor on a FIFO end follows READABLE. */
TEST_ZX(poll_fd_follows_readable)
{
	zx_handle_t a, b;
	struct pollfd p;
	int fd = -1;

	fifo_pair(_metadata, 4, E8, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(b, RD, O_CLOEXEC, &fd));
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(0, poll(&p, 1, 0));
	put_seq(_metadata, a, 1, 2, 2);
	EXPECT_EQ(1, poll(&p, 1, 0));
	get_seq(_metadata, b, 1, 1, 1);
	EXPECT_EQ(1, poll(&p, 1, 0));
	get_seq(_metadata, b, 2, 1, 1);
	EXPECT_EQ(0, poll(&p, 1, 0));
	close(fd);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(user_signals_and_signal_peer)
{
	zx_handle_t a, b;
	int bit;

	fifo_pair(_metadata, 4, E8, &a, &b);
	for (bit = 0; bit < 32; bit++) {
		zx_signals_t s = 1u << bit;
		zx_status_t want = (s & ZX_USER_SIGNAL_ALL) ? ZX_OK : ZX_ERR_INVALID_ARGS;

		EXPECT_EQ(want, zx_object_signal(a, 0, s)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal(a, s, 0)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal_peer(a, 0, s)) TH_LOG("bit %d", bit);
		EXPECT_EQ(want, zx_object_signal_peer(a, s, 0)) TH_LOG("bit %d", bit);
	}
	/* READABLE, WRITABLE and PEER_CLOSED are the FIFO's, not the user's */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(a, WR, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(a, 0, RD | ZX_USER_SIGNAL_0));
	EXPECT_EQ(WR, zxt_signals(_metadata, a));
	EXPECT_EQ(WR, zxt_signals(_metadata, b));

	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_ALL));
	EXPECT_EQ(WR | ZX_USER_SIGNAL_ALL, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, ZX_USER_SIGNAL_ALL, ZX_USER_SIGNAL_5));
	EXPECT_EQ(WR | ZX_USER_SIGNAL_5, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zx_object_signal(a, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(WR | ZX_USER_SIGNAL_1, zxt_signals(_metadata, a));
	/* data movement leaves user signals alone */
	put_seq(_metadata, b, 1, 4, 4);
	EXPECT_EQ(ZX_USER_SIGNAL_5, zxt_signals(_metadata, b));
	EXPECT_EQ(RD | WR | ZX_USER_SIGNAL_1, zxt_signals(_metadata, a));

	zxt_close(_metadata, b);
	/* the mask is checked before the peer; then PEER_CLOSED */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(a, 0, RD));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(a, 0, 0));
	EXPECT_EQ(ZX_OK, zx_object_signal(a, ZX_USER_SIGNAL_1, ZX_USER_SIGNAL_3));
	EXPECT_EQ(RD | PC | ZX_USER_SIGNAL_3, zxt_signals(_metadata, a));
	zxt_close(_metadata, a);
}

TEST_ZX(get_info_after_close)
{
	zx_info_handle_basic_t ia, ib;
	zx_handle_t a, b, ro;

	fifo_pair(_metadata, 4, E8, &a, &b);
	ia = zxt_info(_metadata, a);
	ro = zxt_dup(_metadata, b, ZX_RIGHT_READ | ZX_RIGHT_INSPECT);
	ib = zxt_info(_metadata, ro);
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_INSPECT, ib.rights);
	EXPECT_EQ(ia.koid, ib.related_koid);
	EXPECT_EQ(2u, zxt_handle_count(_metadata, b));
	zxt_close(_metadata, a);
	/* related_koid still names the closed peer */
	ib = zxt_info(_metadata, b);
	EXPECT_EQ(ia.koid, ib.related_koid);
	EXPECT_EQ(ia.related_koid, ib.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_FIFO, ib.type);
	zxt_close(_metadata, ro);
	zxt_close(_metadata, b);
}

/* Zircon's EndpointCloseSignalsPeerClosed. */
TEST_ZX(drain_after_peer_closed)
{
	zx_handle_t a, b;
	uint64_t v[8];

	fifo_pair(_metadata, 8, E8, &a, &b);
	put_seq(_metadata, a, 19, 3, 3);
	put_seq(_metadata, b, 40, 1, 1);
	zxt_close(_metadata, a);
	EXPECT_EQ(RD | PC, zxt_signals(_metadata, b));
	get_seq(_metadata, b, 19, 2, 2);
	get_seq(_metadata, b, 21, 8, 1);
	EXPECT_EQ(PC, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_read(b, E8, v, 8, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(b, E8, v, 1, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0));
	zxt_close(_metadata, b);
}

/* Both ends closed in every order, with data queued both ways. */
TEST_ZX(close_with_data_queued)
{
	int i;

	static uint8_t buf[4096];

	for (i = 0; i < 64; i++) {
		size_t size = 4096 >> (i % 13);
		zx_handle_t a, b, both[2];

		fifo_pair(_metadata, 1u << (i % 13), size, &a, &b);
		ASSERT_EQ(ZX_OK, zx_fifo_write(a, size, buf, 1, NULL));
		if (i & 1)
			ASSERT_EQ(ZX_OK, zx_fifo_write(b, size, buf, 1, NULL));
		both[0] = i & 2 ? a : b;
		both[1] = i & 2 ? b : a;
		if (i & 4) {
			ASSERT_EQ(ZX_OK, zx_handle_close_many(both, 2));
		} else {
			zxt_close(_metadata, both[0]);
			zxt_close(_metadata, both[1]);
		}
		EXPECT_FALSE(zxt_valid(a));
		EXPECT_FALSE(zxt_valid(b));
	}
}

/* ------------------------------------------------------------------ */
/* Across processes                                                    */

TEST_ZX(across_processes)
{
	enum { N = 2000 };
	zx_handle_t a, b;
	uint64_t next = 0, v[16];
	pid_t pid;
	int fd = -1;

	fifo_pair(_metadata, 16, E8, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(a, 0, &fd));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint64_t k = 0, w[16];
		zx_handle_t h;

		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
		while (k < N) {
			size_t i, n = 1 + k % 13, actual = 0;
			zx_status_t st;

			for (i = 0; i < n; i++)
				w[i] = k + i;
			if (n > N - k)
				n = N - k;
			st = zx_fifo_write(h, E8, w, n, &actual);
			if (st == ZX_ERR_SHOULD_WAIT) {
				CHILD_EQ(ZX_OK, zx_object_wait_one(h, WR, ZX_TIME_INFINITE, NULL));
				continue;
			}
			CHILD_EQ(ZX_OK, st);
			k += actual;
		}
		_exit(0);	/* the process's exit closes the end */
	}
	close(fd);
	for (;;) {
		size_t actual = 0, i;
		zx_status_t st = zx_fifo_read(b, E8, v, 16, &actual);

		if (st == ZX_ERR_SHOULD_WAIT) {
			ASSERT_EQ(ZX_OK, zx_object_wait_one(b, RD | PC, ZX_TIME_INFINITE, NULL));
			continue;
		}
		if (st == ZX_ERR_PEER_CLOSED)
			break;
		ASSERT_EQ(ZX_OK, st);
		for (i = 0; i < actual; i++)
			ASSERT_EQ(next++, v[i]);
	}
	EXPECT_EQ((uint64_t)N, next);
	zxt_reap_ok(pid);
	EXPECT_EQ(PC, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
}

/* ------------------------------------------------------------------ */
/* Races                                                               */

struct close_race {
	pthread_barrier_t start, end;
	zx_handle_t h;
	unsigned long ok;		/* elements moved */
	zx_status_t last;
	bool stop;
};

/* Writes one 4-byte element at a time through @h until something fails. */
static void *race_writer(void *arg)
{
	struct close_race *r = arg;

	for (;;) {
		uint32_t v;
		size_t actual;
		zx_status_t st;

		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->ok = 0;
		for (;;) {
			v = (uint32_t)r->ok;
			st = zx_fifo_write(r->h, sizeof(v), &v, 1, &actual);
			if (st == ZX_OK)
				r->ok++;
			else if (st != ZX_ERR_SHOULD_WAIT)
				break;
		}
		r->last = st;
		pthread_barrier_wait(&r->end);
	}
}

/*
 * A write racing the close of its own end's last handle: once close()
 * returns, the peer shows PEER_CLOSED and nothing new ever appears in its
 * ring; every element a write reported is there, in order.
 */
TEST_ZX_SLOW(write_races_own_close)
{
	struct close_race r = { 0 };
	unsigned long peer_closed = 0, total = 0;
	struct zxt_loop loop;
	pthread_t t;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, race_writer, &r));
	zxt_loop_init(&loop, 200, 20000);
	while (zxt_loop_next(&loop)) {
		unsigned long seen = 0, spin = loop.done % 64;
		zx_handle_t b;
		zx_status_t st;

		fifo_pair(_metadata, 1024, sizeof(uint32_t), &r.h, &b);
		pthread_barrier_wait(&r.start);
		while (spin--)
			sched_yield();
		ASSERT_EQ(ZX_OK, zx_handle_close(r.h));
		ASSERT_EQ(PC, zxt_signals(_metadata, b) & PC);
		/* drain what is there now; it must be all there ever is */
		for (;;) {
			uint32_t v[64];
			size_t actual, i;

			st = zx_fifo_read(b, sizeof(uint32_t), v, 64, &actual);
			if (st != ZX_OK)
				break;
			for (i = 0; i < actual; i++)
				ASSERT_EQ(seen++, v[i]);
		}
		ASSERT_EQ(ZX_ERR_PEER_CLOSED, st);
		pthread_barrier_wait(&r.end);
		ASSERT_EQ(seen, r.ok) TH_LOG("iteration %lu", loop.done);
		ASSERT_EQ(PC, zxt_signals(_metadata, b));
		if (r.last == ZX_ERR_PEER_CLOSED)
			peer_closed++;
		else
			ASSERT_EQ(ZX_ERR_BAD_HANDLE, r.last);
		total += seen;
		zxt_close(_metadata, b);
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	TH_LOG("%lu iterations, %lu elements, %lu writes caught mid-close (PEER_CLOSED)",
	       loop.done, total, peer_closed);
}

struct read_race {
	pthread_barrier_t start;
	zx_handle_t w, r;
	unsigned long moved;
	zx_status_t last_write;
};

/* Keeps the ring full through @w until the write fails. */
static void *rr_writer(void *arg)
{
	struct read_race *rr = arg;
	uint64_t v[2] = { 1, 2 };
	zx_status_t st;

	pthread_barrier_wait(&rr->start);
	while ((st = zx_fifo_write(rr->w, E8, v, 2, NULL)) == ZX_OK ||
	       st == ZX_ERR_SHOULD_WAIT) {
		if (st == ZX_ERR_SHOULD_WAIT)
			zx_object_wait_one(rr->w, WR | PC, ZX_TIME_INFINITE, NULL);
	}
	rr->last_write = st;
	return NULL;
}

/* Drains through @r (whose last handle is being closed) until that fails. */
static void *rr_reader(void *arg)
{
	struct read_race *rr = arg;
	uint64_t v[2];
	size_t actual;
	zx_status_t st;

	pthread_barrier_wait(&rr->start);
	while ((st = zx_fifo_read(rr->r, E8, v, 1 + (rr->moved & 1), &actual)) == ZX_OK ||
	       st == ZX_ERR_SHOULD_WAIT) {
		if (st == ZX_OK)
			__atomic_add_fetch(&rr->moved, actual, __ATOMIC_RELEASE);
		else	/* ends early, CANCELED, if the handle closes meanwhile */
			zx_object_wait_one(rr->r, RD, ZX_TIME_INFINITE, NULL);
	}
	return NULL;
}

/*
 * The reading end's last handle closes while a reader drains it and a
 * writer keeps it full: the writer ends with PEER_CLOSED and its end shows
 * exactly PEER_CLOSED; a read that was under way never brings WRITABLE back.
 */
TEST_ZX_SLOW(read_races_own_close)
{
	unsigned long moved = 0;
	struct zxt_loop loop;

	zxt_loop_init(&loop, 100, 10000);
	while (zxt_loop_next(&loop)) {
		struct read_race rr = { 0 };
		unsigned long spin = loop.done % 32;
		pthread_t tw, tr;
		int64_t give_up;

		ASSERT_EQ(0, pthread_barrier_init(&rr.start, NULL, 3));
		fifo_pair(_metadata, 2, E8, &rr.w, &rr.r);
		ASSERT_EQ(0, pthread_create(&tw, NULL, rr_writer, &rr));
		ASSERT_EQ(0, pthread_create(&tr, NULL, rr_reader, &rr));
		pthread_barrier_wait(&rr.start);
		/* close while the reader is busy: once it has read a few */
		give_up = zxt_mono_ns() + ZXT_SEC(10);
		while (__atomic_load_n(&rr.moved, __ATOMIC_ACQUIRE) < spin &&
		       zxt_mono_ns() < give_up)
			sched_yield();
		ASSERT_LE(spin, __atomic_load_n(&rr.moved, __ATOMIC_ACQUIRE));
		ASSERT_EQ(ZX_OK, zx_handle_close(rr.r));
		ASSERT_EQ(0, pthread_join(tw, NULL));
		ASSERT_EQ(0, pthread_join(tr, NULL));
		ASSERT_EQ(ZX_ERR_PEER_CLOSED, rr.last_write);
		ASSERT_EQ(PC, zxt_signals(_metadata, rr.w)) TH_LOG("iteration %lu", loop.done);
		moved += rr.moved;
		zxt_close(_metadata, rr.w);
		pthread_barrier_destroy(&rr.start);
	}
	TH_LOG("%lu iterations, %lu elements read before the close", loop.done, moved);
}

/*
 * Several writers and readers on each of two FIFOs, one per direction;
 * elements carry (direction, writer, sequence) and a check word. No element
 * is lost, duplicated, torn or reordered within its writer; the writers'
 * end closing ends the readers once the ring is drained.
 */
enum { ST_WRITERS = 3, ST_READERS = 3, ST_MAX = 40000, ST_MIN = 300 };

struct st_elem {
	uint64_t tag;			/* dir << 56 | writer << 40 | seq */
	uint64_t check;			/* ~tag * odd constant */
};

#define ST_CHECK(tag) (~(tag) * 0x9E3779B97F4A7C15ull)

struct st_dir {
	int dir;
	zx_handle_t wr, rd;
	unsigned long written[ST_WRITERS];
	uint8_t *seen;			/* [ST_WRITERS][ST_MAX] */
	unsigned long reads, waits;
	int64_t end_ns;
	int fail_line;
	long long fail_got, fail_want;
};

struct st_thread {
	struct st_dir *d;
	int id;
	pthread_t t;
};

#define S_CHECK(want, got) do { \
	long long __w = (long long)(want), __g = (long long)(got); \
	if (__w != __g) { \
		__atomic_store_n(&d->fail_want, __w, __ATOMIC_RELAXED); \
		__atomic_store_n(&d->fail_got, __g, __ATOMIC_RELAXED); \
		__atomic_store_n(&d->fail_line, __LINE__, __ATOMIC_RELEASE); \
		return NULL; \
	} \
} while (0)

static void *st_writer(void *arg)
{
	struct st_thread *th = arg;
	struct st_dir *d = th->d;
	uint64_t seed = 0x9e37 + (uint64_t)th->id * 7919 + (uint64_t)d->dir * 104729;
	unsigned long seq = 0;

	while (seq < ST_MAX && (seq < ST_MIN || zxt_mono_ns() < d->end_ns)) {
		struct st_elem e[8];
		size_t n = 1 + zxt_rand(&seed) % 8, i, actual = 0;
		zx_status_t st;

		if (n > ST_MAX - seq)
			n = ST_MAX - seq;
		for (i = 0; i < n; i++) {
			e[i].tag = (uint64_t)d->dir << 56 | (uint64_t)th->id << 40 | (seq + i);
			e[i].check = ST_CHECK(e[i].tag);
		}
		st = zx_fifo_write(d->wr, sizeof(e[0]), e, n, &actual);
		if (st == ZX_ERR_SHOULD_WAIT) {
			zx_signals_t obs = 0;

			S_CHECK(ZX_OK, zx_object_wait_one(d->wr, WR | PC,
							  zx_deadline_after(ZXT_SEC(60)), &obs));
			S_CHECK(0, obs & PC);
			__atomic_add_fetch(&d->waits, 1, __ATOMIC_RELAXED);
			continue;
		}
		S_CHECK(ZX_OK, st);
		S_CHECK(1, actual >= 1 && actual <= n);
		seq += actual;
	}
	d->written[th->id] = seq;
	return NULL;
}

static void *st_reader(void *arg)
{
	struct st_thread *th = arg;
	struct st_dir *d = th->d;
	uint64_t seed = 0x5eed + (uint64_t)th->id * 31 + (uint64_t)d->dir * 17;
	long long last[ST_WRITERS];
	int w;

	for (w = 0; w < ST_WRITERS; w++)
		last[w] = -1;
	for (;;) {
		struct st_elem e[8];
		size_t n = 1 + zxt_rand(&seed) % 8, i, actual = 0;
		zx_status_t st = zx_fifo_read(d->rd, sizeof(e[0]), e, n, &actual);

		if (st == ZX_ERR_PEER_CLOSED)
			return NULL;
		if (st == ZX_ERR_SHOULD_WAIT) {
			S_CHECK(ZX_OK, zx_object_wait_one(d->rd, RD | PC,
							  zx_deadline_after(ZXT_SEC(60)), NULL));
			continue;
		}
		S_CHECK(ZX_OK, st);
		S_CHECK(1, actual >= 1 && actual <= n);
		__atomic_add_fetch(&d->reads, 1, __ATOMIC_RELAXED);
		for (i = 0; i < actual; i++) {
			uint64_t tag = e[i].tag, seq = tag & ((1ull << 40) - 1);

			w = (int)(tag >> 40 & 0xffff);
			S_CHECK(ST_CHECK(tag), e[i].check);
			S_CHECK(d->dir, (int)(tag >> 56));
			S_CHECK(1, w < ST_WRITERS && seq < ST_MAX);
			/* one writer's elements reach each reader in order */
			S_CHECK(1, (long long)seq > last[w]);
			last[w] = (long long)seq;
			__atomic_add_fetch(&d->seen[w * ST_MAX + seq], 1, __ATOMIC_RELAXED);
		}
	}
}

TEST_ZX_SLOW(many_writers_many_readers)
{
	/* ring sizes, in 16-byte elements, one round each */
	static const size_t counts[] = { 1, 4, 16, 256 };
	unsigned long total = 0, waits = 0, reads = 0;
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(counts); c++) {
		struct st_dir d[2];
		struct st_thread wt[2][ST_WRITERS], rt[2][ST_READERS];
		zx_handle_t x0, x1, y0, y1;
		int k, i;

		fifo_pair(_metadata, counts[c], sizeof(struct st_elem), &x0, &x1);
		fifo_pair(_metadata, counts[c], sizeof(struct st_elem), &y0, &y1);
		memset(d, 0, sizeof(d));
		/* direction 0: x0 -> x1; direction 1: y1 -> y0 (the other ring) */
		d[0].wr = x0;
		d[0].rd = x1;
		d[1].wr = y1;
		d[1].rd = y0;
		for (k = 0; k < 2; k++) {
			d[k].dir = k;
			d[k].end_ns = zxt_mono_ns() + zxt_budget_ns() / 4;
			d[k].seen = calloc(ST_WRITERS * ST_MAX, 1);
			ASSERT_NE(NULL, d[k].seen);
			for (i = 0; i < ST_READERS; i++) {
				rt[k][i] = (struct st_thread){ .d = &d[k], .id = i };
				ASSERT_EQ(0, pthread_create(&rt[k][i].t, NULL, st_reader, &rt[k][i]));
			}
			for (i = 0; i < ST_WRITERS; i++) {
				wt[k][i] = (struct st_thread){ .d = &d[k], .id = i };
				ASSERT_EQ(0, pthread_create(&wt[k][i].t, NULL, st_writer, &wt[k][i]));
			}
		}
		for (k = 0; k < 2; k++) {
			for (i = 0; i < ST_WRITERS; i++)
				ASSERT_EQ(0, pthread_join(wt[k][i].t, NULL));
			/* readers drain, then see PEER_CLOSED */
			zxt_close(_metadata, d[k].wr);
			for (i = 0; i < ST_READERS; i++)
				ASSERT_EQ(0, pthread_join(rt[k][i].t, NULL));
		}
		for (k = 0; k < 2; k++) {
			unsigned long s;

			ASSERT_EQ(0, d[k].fail_line)
				TH_LOG("dir %d line %d: got %lld, want %lld", k, d[k].fail_line,
				       d[k].fail_got, d[k].fail_want);
			for (i = 0; i < ST_WRITERS; i++) {
				ASSERT_LE(ST_MIN, d[k].written[i]);
				for (s = 0; s < ST_MAX; s++)
					ASSERT_EQ(s < d[k].written[i], d[k].seen[i * ST_MAX + s])
						TH_LOG("dir %d writer %d seq %lu", k, i, s);
				total += d[k].written[i];
			}
			waits += d[k].waits;
			reads += d[k].reads;
			EXPECT_EQ(PC, zxt_signals(_metadata, d[k].rd));
			zxt_close(_metadata, d[k].rd);
			free(d[k].seen);
		}
	}
	TH_LOG("%lu elements in %lu reads; writers waited %lu times", total, reads, waits);
}


/* ------------------------------------------------------------------ */
/* a stalled copy holds up nobody on the other side                    */

/* A page whose first touch blocks until the test resolves the fault. */
struct stall_page {
	int uffd;
	void *page;
	size_t size;
};

static int stall_page_open(struct stall_page *sp)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };

	sp->size = (size_t)sysconf(_SC_PAGESIZE);
	sp->uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (sp->uffd < 0)
		return -1;
	sp->page = mmap(NULL, sp->size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sp->page == MAP_FAILED || ioctl(sp->uffd, UFFDIO_API, &api))
		return -1;
	reg.range.start = (uintptr_t)sp->page;
	reg.range.len = sp->size;
	return ioctl(sp->uffd, UFFDIO_REGISTER, &reg);
}

/* Wait (bounded) for the fault of the stalled copy to be reported. */
static int stall_page_wait_fault(struct stall_page *sp)
{
	struct pollfd pfd = { .fd = sp->uffd, .events = POLLIN };
	struct uffd_msg msg;

	if (poll(&pfd, 1, 60 * 1000) != 1)
		return -1;
	if (read(sp->uffd, &msg, sizeof(msg)) != sizeof(msg))
		return -1;
	return msg.event == UFFD_EVENT_PAGEFAULT ? 0 : -1;
}

/* Let the stalled copy go on: the page appears, filled with @byte. */
static int stall_page_resolve(struct stall_page *sp, int byte)
{
	struct uffdio_copy copy = { 0 };
	void *src = malloc(sp->size);
	int ret;

	if (!src)
		return -1;
	memset(src, byte, sp->size);
	copy.dst = (uintptr_t)sp->page;
	copy.src = (uintptr_t)src;
	copy.len = sp->size;
	ret = ioctl(sp->uffd, UFFDIO_COPY, &copy);
	free(src);
	return ret;
}

static void stall_page_close(struct stall_page *sp)
{
	munmap(sp->page, sp->size);
	close(sp->uffd);
}

struct stalled_io {
	zx_handle_t h;
	void *buf;
	bool write;
	zx_status_t status;
	size_t actual;
};

static void *stalled_io_fn(void *arg)
{
	struct stalled_io *io = arg;

	if (io->write)
		io->status = zx_fifo_write(io->h, E8, io->buf, 1, &io->actual);
	else
		io->status = zx_fifo_read(io->h, E8, io->buf, 1, &io->actual);
	return NULL;
}

#define STALL_SKIP_OR_ASSERT(sp) do { \
	if (stall_page_open(sp)) \
		SKIP(return, "userfaultfd unavailable: %s", strerror(errno)); \
} while (0)

/*
 * A write into the peer's ring stalled in copy_from_user (its buffer is a
 * userfaultfd page) must not hold up the reader of that ring, writes the
 * other way, or the reader's close; the stalled write then finds the peer
 * gone.
 */
TEST_ZX_SLOW(stalled_write_blocks_nobody)
{
	struct stalled_io io = { .write = true };
	struct stall_page sp;
	zx_handle_t a, b;
	pthread_t t;
	uint64_t v = 7;
	size_t actual;

	STALL_SKIP_OR_ASSERT(&sp);
	fifo_pair(_metadata, 4, E8, &a, &b);
	io.h = a;
	io.buf = sp.page;
	ASSERT_EQ(0, pthread_create(&t, NULL, stalled_io_fn, &io));
	ASSERT_EQ(0, stall_page_wait_fault(&sp));
	/* The stalled writer holds its side of b's ring, nothing else. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(b, E8, &v, 1, &actual));
	EXPECT_EQ(ZX_OK, zx_fifo_write(b, E8, &v, 1, &actual));
	get_seq(_metadata, a, 7, 1, 1);
	zxt_close(_metadata, b);
	ASSERT_EQ(0, stall_page_resolve(&sp, 0x5a));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, io.status);
	zxt_close(_metadata, a);
	stall_page_close(&sp);
}

/*
 * A read stalled in copy_to_user must not hold up the writer filling that
 * ring, nor the writer's close; the stalled read then gets its element.
 */
TEST_ZX_SLOW(stalled_read_blocks_nobody)
{
	struct stalled_io io = { .write = false };
	struct stall_page sp;
	zx_handle_t a, b;
	pthread_t t;

	STALL_SKIP_OR_ASSERT(&sp);
	fifo_pair(_metadata, 4, E8, &a, &b);
	put_seq(_metadata, a, 100, 1, 1);
	io.h = b;
	io.buf = sp.page;
	ASSERT_EQ(0, pthread_create(&t, NULL, stalled_io_fn, &io));
	ASSERT_EQ(0, stall_page_wait_fault(&sp));
	/* The stalled reader holds its side of b's ring, nothing else. */
	put_seq(_metadata, a, 101, 3, 3);
	{
		uint64_t v = 104;
		size_t actual;

		EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_write(a, E8, &v, 1, &actual));
	}
	zxt_close(_metadata, a);
	ASSERT_EQ(0, stall_page_resolve(&sp, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_OK, io.status);
	EXPECT_EQ(1u, io.actual);
	EXPECT_EQ(100u, *(uint64_t *)sp.page);
	get_seq(_metadata, b, 101, 4, 3);
	zxt_close(_metadata, b);
	stall_page_close(&sp);
}

TEST_HARNESS_MAIN
