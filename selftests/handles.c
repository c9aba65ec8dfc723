// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: values, zx_handle_close, zx_handle_close_many,
 * zx_handle_duplicate and zx_handle_replace (spec 2.1-2.3, 3.3).
 */
#define ZXT_FIXTURE handles
#include "zx_selftest.h"

#define ALL_RIGHTS_EVENT ZX_DEFAULT_EVENT_RIGHTS

TEST_ZX(values_nonzero_low_bits_set)
{
	enum { N = 256 };
	zx_handle_t h[N];
	int i, j;

	for (i = 0; i < N; i++) {
		h[i] = zxt_event(_metadata);
		EXPECT_NE(ZX_HANDLE_INVALID, h[i]);
		EXPECT_EQ(3u, h[i] & ZX_HANDLE_FIXED_BITS_MASK) TH_LOG("0x%x", h[i]);
	}
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++) {
			ASSERT_NE(h[i], h[j]);
		}
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, N));
}

/*
 * Values are not small integers: among the first handles of 8 fresh
 * processes (fresh tables), not all are below 1 << 16, and no two of them
 * are equal. With per-table scrambling as in Zircon either failure has a
 * probability far below 1e-20.
 */
TEST_ZX(values_differ_between_tables)
{
	enum { N = 8 };
	int fds[N][2];
	zx_handle_t first[N];
	int i, j, small = 0;

	for (i = 0; i < N; i++) {
		pid_t pid;

		ASSERT_EQ(0, pipe(fds[i]));
		fflush(NULL);
		pid = fork();
		ASSERT_GE(pid, 0);
		if (pid == 0) {
			zx_handle_t h = ZX_HANDLE_INVALID;

			CHILD_EQ(ZX_OK, zx_event_create(0, &h));
			CHILD_CHECK(write(fds[i][1], &h, sizeof(h)) == sizeof(h));
			_exit(0);
		}
		close(fds[i][1]);
		ASSERT_EQ(sizeof(first[i]), read(fds[i][0], &first[i], sizeof(first[i])));
		close(fds[i][0]);
		zxt_reap_ok(pid);
	}
	for (i = 0; i < N; i++) {
		TH_LOG("first handle of table %d: 0x%08x", i, first[i]);
		EXPECT_EQ(3u, first[i] & 3u);
		if (first[i] < (1u << 16))
			small++;
		for (j = i + 1; j < N; j++) {
			EXPECT_NE(first[i], first[j]);
		}
	}
	EXPECT_LT(small, N);
}

TEST_ZX(close_invalid_is_ok)
{
	EXPECT_EQ(ZX_OK, zx_handle_close(ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_OK, zx_handle_close(ZX_HANDLE_INVALID));
}

TEST_ZX(close_twice_and_stale)
{
	zx_handle_t h = zxt_event(_metadata);

	EXPECT_TRUE(zxt_valid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(h));
	EXPECT_FALSE(zxt_valid(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, NULL));
	{
		zx_handle_t d = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS, &d));
		EXPECT_EQ(ZX_HANDLE_INVALID, d);
	}
}

/* Values whose fixed bits are not 11 never name a handle. */
TEST_ZX(fixed_bits_required)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t bad[3] = { h & ~1u, h & ~2u, h & ~3u };
	int i;

	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	for (i = 0; i < 3; i++) {
		zx_handle_t d = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(bad[i], ZX_USER_SIGNAL_0, 0));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_one(bad[i], ZX_USER_SIGNAL_0, 0, NULL));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(bad[i], ZX_RIGHT_SAME_RIGHTS, &d));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_info(bad[i], ZX_INFO_HANDLE_VALID,
								NULL, 0, NULL, NULL));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(bad[i]));
	}
	/* the real handle was not touched by any of that */
	EXPECT_TRUE(zxt_valid(h));
	EXPECT_EQ(ZX_USER_SIGNAL_0, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_ZX(garbage_values)
{
	static const zx_handle_t garbage[] = { 1, 2, 3, 7, 0xb, 0xf, 0xff, 0xfff, 0xffff,
					       0x10003, 0x7fffffff, 0x80000003, 0xfffffffb,
					       0xfffffffd, 0xfffffffe, 0xffffffff };
	zx_handle_t h = zxt_event(_metadata);
	unsigned int i;

	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		if (garbage[i] == h)
			continue;
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(garbage[i])) TH_LOG("0x%x", garbage[i]);
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(garbage[i], 0, 0));
	}
	/* neighbours of a live value are not live */
	for (i = 2; i < 12; i++) {
		zx_handle_t v = h ^ (1u << i);

		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(v, 0, ZX_USER_SIGNAL_0))
			TH_LOG("0x%x", v);
	}
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

/*
 * A closed value is not handed out again soon: 10000 create/close cycles
 * (one live handle at a time, the worst case for slot reuse) never see the
 * same value twice, and every one of those stale values is BAD_HANDLE.
 */
TEST_ZX_SLOW(no_quick_reuse)
{
	enum { N = 10000 };
	zx_handle_t *v = calloc(N, sizeof(*v));
	zx_handle_t keep = zxt_event(_metadata);
	int i;

	ASSERT_NE(NULL, v);
	for (i = 0; i < N; i++) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &v[i]));
		ASSERT_EQ(ZX_OK, zx_handle_close(v[i]));
	}
	for (i = 0; i < N; i++) {
		ASSERT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(v[i], 0, ZX_USER_SIGNAL_0))
			TH_LOG("stale value %d (0x%x) still names a handle", i, v[i]);
	}
	qsort(v, N, sizeof(*v), zxt_cmp_u32);
	for (i = 1; i < N; i++) {
		ASSERT_NE(v[i - 1], v[i]) TH_LOG("value 0x%x handed out twice", v[i]);
	}
	/* the long-lived handle was never disturbed */
	EXPECT_EQ(0u, zxt_signals(_metadata, keep));
	zxt_close(_metadata, keep);
	free(v);
}

TEST_ZX(close_many_basic)
{
	zx_handle_t h[4];
	int i;

	EXPECT_EQ(ZX_OK, zx_handle_close_many(NULL, 0));
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 0));

	for (i = 0; i < 4; i++)
		h[i] = zxt_event(_metadata);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 4));
	for (i = 0; i < 4; i++) {
		EXPECT_FALSE(zxt_valid(h[i]));
	}
}

TEST_ZX(close_many_skips_invalid)
{
	zx_handle_t h[5];

	h[0] = ZX_HANDLE_INVALID;
	h[1] = zxt_event(_metadata);
	h[2] = ZX_HANDLE_INVALID;
	h[3] = zxt_event(_metadata);
	h[4] = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 5));
	EXPECT_FALSE(zxt_valid(h[1]));
	EXPECT_FALSE(zxt_valid(h[3]));
	/* only invalid entries */
	EXPECT_EQ(ZX_OK, zx_handle_close_many(&h[4], 1));
}

TEST_ZX(close_many_bad_entry_closes_rest)
{
	zx_handle_t keep = zxt_event(_metadata);
	zx_handle_t stale = zxt_event(_metadata);
	zx_handle_t h[5];

	zxt_close(_metadata, stale);
	h[0] = zxt_event(_metadata);
	h[1] = stale;
	h[2] = zxt_event(_metadata);
	h[3] = 0x12345677;	/* garbage with the fixed bits set */
	h[4] = zxt_event(_metadata);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close_many(h, 5));
	EXPECT_FALSE(zxt_valid(h[0]));
	EXPECT_FALSE(zxt_valid(h[2]));
	EXPECT_FALSE(zxt_valid(h[4]));
	/* handles not in the array survive */
	EXPECT_TRUE(zxt_valid(keep));
	zxt_close(_metadata, keep);
}

TEST_ZX(close_many_duplicate_entry)
{
	zx_handle_t keep = zxt_event(_metadata);
	zx_handle_t a = zxt_event(_metadata);
	zx_handle_t b = zxt_event(_metadata);
	zx_handle_t h[4] = { a, b, a, ZX_HANDLE_INVALID };

	/* the second close of a fails: BAD_HANDLE, but everything is closed */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close_many(h, 4));
	EXPECT_FALSE(zxt_valid(a));
	EXPECT_FALSE(zxt_valid(b));
	EXPECT_TRUE(zxt_valid(keep));

	/* two handles to one object are two handles: fine */
	a = zxt_event(_metadata);
	h[0] = a;
	h[1] = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 2));
	EXPECT_FALSE(zxt_valid(h[0]));
	EXPECT_FALSE(zxt_valid(h[1]));
	zxt_close(_metadata, keep);
}

/* More than one kernel chunk (Zircon processes 64 at a time). */
TEST_ZX(close_many_large)
{
	enum { N = 200 };
	zx_handle_t h[N];
	int i;

	for (i = 0; i < N; i++)
		h[i] = (i % 7 == 3) ? ZX_HANDLE_INVALID : zxt_event(_metadata);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, N));
	for (i = 0; i < N; i++)
		if (h[i] != ZX_HANDLE_INVALID) {
			EXPECT_FALSE(zxt_valid(h[i])) TH_LOG("entry %d", i);
		}

	/* a bad entry in the last chunk: BAD_HANDLE, all others closed */
	for (i = 0; i < N; i++)
		h[i] = zxt_event(_metadata);
	zxt_close(_metadata, h[N - 2]);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close_many(h, N));
	for (i = 0; i < N; i++) {
		EXPECT_FALSE(zxt_valid(h[i])) TH_LOG("entry %d", i);
	}
}

TEST_ZX(close_many_bad_pointer)
{
	zx_handle_t h = zxt_event(_metadata);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_close_many(NULL, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_close_many((const zx_handle_t *)1, 4));
	EXPECT_TRUE(zxt_valid(h));
	zxt_close(_metadata, h);
}

TEST_ZX(close_no_rights_needed)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t none = zxt_dup(_metadata, h, ZX_RIGHT_NONE);
	zx_handle_t none2 = zxt_dup(_metadata, h, ZX_RIGHT_NONE);

	EXPECT_EQ(0u, zxt_rights(_metadata, none));
	EXPECT_EQ(ZX_OK, zx_handle_close(none));
	EXPECT_EQ(ZX_OK, zx_handle_close_many(&none2, 1));
	EXPECT_TRUE(zxt_valid(h));
	zxt_close(_metadata, h);
}

TEST_ZX(duplicate_same_rights)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t d = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t ih, id;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_NE(ZX_HANDLE_INVALID, d);
	EXPECT_NE(h, d);
	EXPECT_EQ(3u, d & 3u);
	ih = zxt_info(_metadata, h);
	id = zxt_info(_metadata, d);
	EXPECT_EQ(ih.koid, id.koid);
	EXPECT_EQ(ih.rights, id.rights);
	EXPECT_EQ(ih.type, id.type);
	EXPECT_EQ(2u, zxt_handle_count(_metadata, h));
	zxt_close(_metadata, h);
	/* the duplicate keeps the object */
	EXPECT_TRUE(zxt_valid(d));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, d));
	zxt_close(_metadata, d);
}

TEST_ZX(duplicate_subset_and_none)
{
	zx_handle_t h = zxt_event(_metadata);
	static const zx_rights_t subsets[] = {
		ZX_RIGHT_NONE, ZX_RIGHT_WAIT, ZX_RIGHT_DUPLICATE | ZX_RIGHT_WAIT,
		ZX_RIGHT_INSPECT, ZX_RIGHT_SIGNAL | ZX_RIGHT_TRANSFER, ALL_RIGHTS_EVENT,
	};
	unsigned int i;

	for (i = 0; i < sizeof(subsets) / sizeof(subsets[0]); i++) {
		zx_handle_t d = ZX_HANDLE_INVALID;

		ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, subsets[i], &d));
		EXPECT_EQ(subsets[i], zxt_rights(_metadata, d));
		EXPECT_EQ(zxt_koid(_metadata, h), zxt_koid(_metadata, d));
		zxt_close(_metadata, d);
	}
	/* the source is untouched */
	EXPECT_EQ(ALL_RIGHTS_EVENT, zxt_rights(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_ZX(duplicate_errors)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t nodup = zxt_dup(_metadata, h, ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL);
	zx_handle_t d = ZX_HANDLE_INVALID;

	/* BAD_HANDLE first */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS, &d));
	/* then the DUPLICATE right, before the rights argument */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, ZX_RIGHT_WAIT, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, 0xffffffffu, &d));
	EXPECT_EQ(ZX_HANDLE_INVALID, d);
	/* more rights than the source: INVALID_ARGS */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ALL_RIGHTS_EVENT | ZX_RIGHT_READ, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(h, ZX_RIGHT_SIGNAL_PEER, &d));
	/* SAME_RIGHTS with any other bit is not SAME_RIGHTS */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS | ZX_RIGHT_WAIT, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(h, 0xffffffffu, &d));
	EXPECT_EQ(ZX_HANDLE_INVALID, d);
	/* NULL out */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, NULL));
	/* nothing was created, nothing was lost */
	EXPECT_EQ(2u, zxt_handle_count(_metadata, h));
	EXPECT_EQ(ALL_RIGHTS_EVENT, zxt_rights(_metadata, h));
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL, zxt_rights(_metadata, nodup));
	zxt_close(_metadata, nodup);
	zxt_close(_metadata, h);
}

TEST_ZX(duplicate_of_reduced_handle)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t r = zxt_dup(_metadata, h, ZX_RIGHT_DUPLICATE | ZX_RIGHT_WAIT);
	zx_handle_t d = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(r, ZX_RIGHT_DUPLICATE | ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL, &d));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(r, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_RIGHT_DUPLICATE | ZX_RIGHT_WAIT, zxt_rights(_metadata, d));
	zxt_close(_metadata, d);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(r, ZX_RIGHT_WAIT, &d));
	EXPECT_EQ(ZX_RIGHT_WAIT, zxt_rights(_metadata, d));
	zxt_close(_metadata, d);
	zxt_close(_metadata, r);
	zxt_close(_metadata, h);
}

TEST_ZX(replace_basic)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t r = ZX_HANDLE_INVALID, r2 = ZX_HANDLE_INVALID;
	zx_koid_t koid = zxt_koid(_metadata, h);

	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_NE(h, r);
	EXPECT_EQ(3u, r & 3u);
	EXPECT_FALSE(zxt_valid(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(h));
	EXPECT_EQ(koid, zxt_koid(_metadata, r));
	EXPECT_EQ(ALL_RIGHTS_EVENT, zxt_rights(_metadata, r));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, r));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, r));

	ASSERT_EQ(ZX_OK, zx_handle_replace(r, ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT, &r2));
	EXPECT_NE(r, r2);
	EXPECT_FALSE(zxt_valid(r));
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT, zxt_rights(_metadata, r2));
	EXPECT_EQ(koid, zxt_koid(_metadata, r2));
	zxt_close(_metadata, r2);
}

/* replace needs no rights at all, not even DUPLICATE */
TEST_ZX(replace_needs_no_rights)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t none = zxt_dup(_metadata, h, ZX_RIGHT_NONE);
	zx_handle_t r = ZX_HANDLE_INVALID, r2 = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_handle_replace(none, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_NE(none, r);
	EXPECT_EQ(0u, zxt_rights(_metadata, r));
	ASSERT_EQ(ZX_OK, zx_handle_replace(r, ZX_RIGHT_NONE, &r2));
	EXPECT_EQ(0u, zxt_rights(_metadata, r2));
	EXPECT_FALSE(zxt_valid(none));
	EXPECT_FALSE(zxt_valid(r));
	EXPECT_EQ(2u, zxt_handle_count(_metadata, h));
	zxt_close(_metadata, r2);
	zxt_close(_metadata, h);
}

/* An invalid rights argument fails the replace AND closes the source. */
TEST_ZX(replace_invalid_rights_closes_source)
{
	static const zx_rights_t bad[] = {
		ALL_RIGHTS_EVENT | ZX_RIGHT_READ,
		ZX_RIGHT_SAME_RIGHTS | ZX_RIGHT_WAIT,
		0xffffffffu,
	};
	zx_handle_t keep = zxt_event(_metadata);
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zx_handle_t h = zxt_dup(_metadata, keep, ZX_RIGHT_SAME_RIGHTS);
		zx_handle_t r = ZX_HANDLE_INVALID;

		EXPECT_EQ(2u, zxt_handle_count(_metadata, keep));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_replace(h, bad[i], &r))
			TH_LOG("rights 0x%x", bad[i]);
		EXPECT_EQ(ZX_HANDLE_INVALID, r);
		EXPECT_FALSE(zxt_valid(h)) TH_LOG("rights 0x%x", bad[i]);
		EXPECT_EQ(1u, zxt_handle_count(_metadata, keep));
	}
	/* a reduced source: asking for a right it lacks */
	{
		zx_handle_t h = zxt_dup(_metadata, keep, ZX_RIGHT_WAIT);
		zx_handle_t r = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_handle_replace(h, ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL, &r));
		EXPECT_FALSE(zxt_valid(h));
	}
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_replace(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS,
						       &keep));
	EXPECT_TRUE(zxt_valid(keep));
	zxt_close(_metadata, keep);
}

TEST_ZX(handle_count_tracks_duplicates)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t d[3];
	int i;

	EXPECT_EQ(1u, zxt_handle_count(_metadata, h));
	for (i = 0; i < 3; i++) {
		d[i] = zxt_dup(_metadata, h, ZX_RIGHT_SAME_RIGHTS);
		EXPECT_EQ((uint32_t)(i + 2), zxt_handle_count(_metadata, h));
	}
	EXPECT_EQ(4u, zxt_handle_count(_metadata, d[2]));
	for (i = 0; i < 3; i++) {
		zxt_close(_metadata, d[i]);
		EXPECT_EQ((uint32_t)(3 - i), zxt_handle_count(_metadata, h));
	}
	zxt_close(_metadata, h);
}

TEST_HARNESS_MAIN
