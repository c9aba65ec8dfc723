// SPDX-License-Identifier: GPL-2.0
/*
 * Event pairs: zx_eventpair_create, rights, related koids, signal_peer,
 * and PEER_CLOSED when the last handle to one side closes (spec 2.5, 2.7,
 * 3.4).
 */
#define ZXT_FIXTURE eventpair
#include "zx_selftest.h"

TEST_ZX(create_defaults)
{
	zx_handle_t a, b;
	zx_info_handle_basic_t ia, ib;

	zxt_eventpair(_metadata, &a, &b);
	EXPECT_NE(a, b);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, a & ZX_HANDLE_FIXED_BITS_MASK);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, b & ZX_HANDLE_FIXED_BITS_MASK);

	ia = zxt_info(_metadata, a);
	ib = zxt_info(_metadata, b);
	/* 0xF003, not what eventpair_create.md claims (READ|WRITE) */
	EXPECT_EQ(0xF003u, ia.rights);
	EXPECT_EQ(0xF003u, ib.rights);
	EXPECT_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, ia.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, ia.type);
	EXPECT_EQ(16u, ib.type);
	EXPECT_GE(ia.koid, (zx_koid_t)ZX_KOID_FIRST);
	EXPECT_GE(ib.koid, (zx_koid_t)ZX_KOID_FIRST);
	EXPECT_NE(ia.koid, ib.koid);
	EXPECT_EQ(ib.koid, ia.related_koid);
	EXPECT_EQ(ia.koid, ib.related_koid);
	EXPECT_EQ(0u, ia.reserved);

	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(0u, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(create_options_not_supported)
{
	static const uint32_t bad[] = { 1, 2, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_eventpair_create(bad[i], &a, &b));
		EXPECT_EQ(ZX_HANDLE_INVALID, a);
		EXPECT_EQ(ZX_HANDLE_INVALID, b);
	}
}

TEST_ZX(create_null_out)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_eventpair_create(0, NULL, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_eventpair_create(0, &a, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_eventpair_create(0, NULL, NULL));
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_HANDLE_INVALID, b);
}

TEST_ZX(signal_peer_sets_other_side)
{
	zx_handle_t a, b;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_SIGNALED));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_SIGNALED, zxt_signals(_metadata, b));
	EXPECT_EQ(0u, zxt_signals(_metadata, a));

	ASSERT_EQ(ZX_OK, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_7));
	EXPECT_EQ(ZX_USER_SIGNAL_7, zxt_signals(_metadata, a));

	/* clear first, then set, on the peer */
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_SIGNALED, zxt_signals(_metadata, b));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_SIGNALED,
					       ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, b));

	/* signal on self leaves the peer alone */
	ASSERT_EQ(ZX_OK, zx_object_signal(a, 0, ZX_USER_SIGNAL_2));
	EXPECT_EQ(ZX_USER_SIGNAL_7 | ZX_USER_SIGNAL_2, zxt_signals(_metadata, a));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(signal_masks)
{
	zx_handle_t a, b;
	int bit;

	zxt_eventpair(_metadata, &a, &b);
	for (bit = 0; bit < 32; bit++) {
		zx_signals_t s = 1u << bit;
		zx_status_t want = (s & ZXT_EVENTPAIR_ALLOWED) ? ZX_OK : ZX_ERR_INVALID_ARGS;

		EXPECT_EQ(want, zx_object_signal(a, 0, s)) TH_LOG("self set bit %d", bit);
		EXPECT_EQ(want, zx_object_signal(a, s, 0)) TH_LOG("self clear bit %d", bit);
		EXPECT_EQ(want, zx_object_signal_peer(a, 0, s)) TH_LOG("peer set bit %d", bit);
		EXPECT_EQ(want, zx_object_signal_peer(a, s, 0)) TH_LOG("peer clear bit %d", bit);
	}
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(0u, zxt_signals(_metadata, b));

	/* PEER_CLOSED is in ZX_EVENTPAIR_SIGNAL_MASK but is not user-settable */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(a, 0, ZX_EVENTPAIR_SIGNAL_MASK));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(a, 0, ZX_EVENTPAIR_PEER_CLOSED));
	/* a rejected mask changes nothing, even its allowed bits */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(0u, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZXT_EVENTPAIR_ALLOWED));
	EXPECT_EQ(0xFF000008u, zxt_signals(_metadata, b));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(signal_peer_rights_and_order)
{
	zx_handle_t a, b, nopeer, stale;

	zxt_eventpair(_metadata, &a, &b);
	nopeer = zxt_dup(_metadata, a, ZX_DEFAULT_EVENTPAIR_RIGHTS & ~ZX_RIGHT_SIGNAL_PEER);
	stale = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	zxt_close(_metadata, stale);

	/* BAD_HANDLE, then ACCESS_DENIED, then the mask (INVALID_ARGS) */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal_peer(stale, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal_peer(ZX_HANDLE_INVALID, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(nopeer, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal_peer(nopeer, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(a, 0, ZX_EVENTPAIR_PEER_CLOSED));
	/* the handle without SIGNAL_PEER still signals itself */
	EXPECT_EQ(ZX_OK, zx_object_signal(nopeer, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, a));
	EXPECT_EQ(0u, zxt_signals(_metadata, b));
	/* SIGNAL_PEER alone is enough for signal_peer, not for signal */
	{
		zx_handle_t only = zxt_dup(_metadata, a, ZX_RIGHT_SIGNAL_PEER);

		EXPECT_EQ(ZX_OK, zx_object_signal_peer(only, 0, ZX_USER_SIGNAL_3));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(only, 0, ZX_USER_SIGNAL_3));
		EXPECT_EQ(ZX_USER_SIGNAL_3, zxt_signals(_metadata, b));
		zxt_close(_metadata, only);
	}
	zxt_close(_metadata, nopeer);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(peer_closed_on_last_handle_only)
{
	zx_handle_t a, b, a2, a3;

	zxt_eventpair(_metadata, &a, &b);
	a2 = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	a3 = zxt_dup(_metadata, a, ZX_RIGHT_NONE);
	ASSERT_EQ(ZX_OK, zx_object_signal(b, 0, ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_SIGNALED));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_6));

	/* closing duplicates of side a: b sees nothing */
	zxt_close(_metadata, a);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_6 | ZX_EVENTPAIR_SIGNALED,
		  zxt_signals(_metadata, b));
	zxt_close(_metadata, a2);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_6 | ZX_EVENTPAIR_SIGNALED,
		  zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_1));

	/*
	 * The last handle (even one with no rights at all) closes: PEER_CLOSED
	 * is asserted before zx_handle_close() returns, user signals stay.
	 */
	zxt_close(_metadata, a3);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_6 | ZX_EVENTPAIR_SIGNALED |
		  ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, b));
	zxt_close(_metadata, b);
}

TEST_ZX(after_peer_closed)
{
	zx_handle_t a, b;
	zx_koid_t ka, kb;
	zx_info_handle_basic_t ib;

	zxt_eventpair(_metadata, &a, &b);
	ka = zxt_koid(_metadata, a);
	kb = zxt_koid(_metadata, b);
	zxt_close(_metadata, a);

	/* the mask is checked before the peer */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(b, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal_peer(b, 0, 1u << 4));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, 0));

	/* PEER_CLOSED can be neither cleared nor set by the survivor */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(b, ZX_EVENTPAIR_PEER_CLOSED, 0));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, b));

	/* signalling itself still works */
	EXPECT_EQ(ZX_OK, zx_object_signal(b, 0, ZX_USER_SIGNAL_2 | ZX_EVENTPAIR_SIGNALED));
	EXPECT_EQ(ZX_USER_SIGNAL_2 | ZX_EVENTPAIR_SIGNALED | ZX_EVENTPAIR_PEER_CLOSED,
		  zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_OK, zx_object_signal(b, ZX_USER_SIGNAL_2 | ZX_EVENTPAIR_SIGNALED, 0));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, b));

	/* related_koid still names the closed peer */
	ib = zxt_info(_metadata, b);
	EXPECT_EQ(kb, ib.koid);
	EXPECT_EQ(ka, ib.related_koid);

	/* a duplicate of the survivor sees the same state */
	{
		zx_handle_t b2 = zxt_dup(_metadata, b, ZX_RIGHT_SAME_RIGHTS);

		EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, b2));
		EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b2, 0, ZX_USER_SIGNAL_0));
		zxt_close(_metadata, b2);
	}
	zxt_close(_metadata, b);
}

TEST_ZX(peer_closed_wakes_waiter)
{
	zx_handle_t a, b;
	struct zxt_waiter w;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_object_signal(b, 0, ZX_USER_SIGNAL_3));
	zxt_waiter_start_blocked(&w, b, ZX_EVENTPAIR_PEER_CLOSED, ZX_TIME_INFINITE);
	zxt_close(_metadata, a);
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED | ZX_USER_SIGNAL_3, w.observed);
	zxt_close(_metadata, b);
}

TEST_ZX(peer_signal_wakes_waiter)
{
	zx_handle_t a, b;
	struct zxt_waiter w;

	zxt_eventpair(_metadata, &a, &b);
	zxt_waiter_start_blocked(&w, b, ZX_EVENTPAIR_SIGNALED, ZX_TIME_INFINITE);
	/* a signal on a's own side does not wake a waiter on b */
	ASSERT_EQ(ZX_OK, zx_object_signal(a, 0, ZX_EVENTPAIR_SIGNALED));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_EVENTPAIR_SIGNALED | ZX_USER_SIGNAL_4));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_EVENTPAIR_SIGNALED | ZX_USER_SIGNAL_4, w.observed);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Replacing the last handle to a side is not closing it. */
TEST_ZX(replace_is_not_close)
{
	zx_handle_t a, b, a2 = ZX_HANDLE_INVALID;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_handle_replace(a, ZX_RIGHT_SAME_RIGHTS, &a2));
	EXPECT_EQ(0u, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_USER_SIGNAL_0, zxt_signals(_metadata, a2));

	/* a failed replace closes the source: the last one, so PEER_CLOSED */
	{
		zx_handle_t a3 = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_handle_replace(a2, ZX_DEFAULT_EVENTPAIR_RIGHTS | ZX_RIGHT_READ, &a3));
		EXPECT_EQ(ZX_HANDLE_INVALID, a3);
	}
	EXPECT_FALSE(zxt_valid(a2));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0));
	zxt_close(_metadata, b);
}

TEST_ZX(both_sides_closed)
{
	zx_handle_t a, b;
	int i;

	for (i = 0; i < 100; i++) {
		zxt_eventpair(_metadata, &a, &b);
		if (i & 1) {
			zxt_close(_metadata, a);
			zxt_close(_metadata, b);
		} else {
			zx_handle_t both[2] = { b, a };

			EXPECT_EQ(ZX_OK, zx_handle_close_many(both, 2));
		}
		EXPECT_FALSE(zxt_valid(a));
		EXPECT_FALSE(zxt_valid(b));
	}
}

TEST_ZX(many_pairs_independent)
{
	enum { N = 32 };
	zx_handle_t a[N], b[N];
	zx_koid_t ka[N];
	int i;

	for (i = 0; i < N; i++) {
		zxt_eventpair(_metadata, &a[i], &b[i]);
		ka[i] = zxt_koid(_metadata, a[i]);
	}
	for (i = 0; i < N; i += 2)
		zxt_close(_metadata, a[i]);
	for (i = 0; i < N; i++) {
		EXPECT_EQ(i % 2 ? 0u : ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, b[i]))
			TH_LOG("pair %d", i);
		EXPECT_EQ(ka[i], zxt_info(_metadata, b[i]).related_koid) TH_LOG("pair %d", i);
	}
	for (i = 1; i < N; i += 2)
		zxt_close(_metadata, a[i]);
	for (i = 0; i < N; i++)
		zxt_close(_metadata, b[i]);
}

TEST_HARNESS_MAIN
