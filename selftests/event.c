// SPDX-License-Identifier: GPL-2.0
/*
 * Events: zx_event_create, the event's rights, type and koid, and
 * zx_object_signal / zx_object_signal_peer on an event (spec 2.4, 2.6, 2.7).
 */
#define ZXT_FIXTURE event
#include "zx_selftest.h"

TEST_ZX(create_defaults)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t info;

	ASSERT_EQ(ZX_OK, zx_event_create(0, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, h & ZX_HANDLE_FIXED_BITS_MASK);

	info = zxt_info(_metadata, h);
	EXPECT_EQ(0xD003u, info.rights);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, info.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info.type);
	EXPECT_EQ(5u, info.type);
	EXPECT_GE(info.koid, (zx_koid_t)ZX_KOID_FIRST);
	EXPECT_EQ(ZX_KOID_INVALID, info.related_koid);
	EXPECT_EQ(0u, info.reserved);

	/* A new event has no signal active. */
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST_ZX(create_options_invalid)
{
	static const uint32_t bad[] = { 1, 2, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zx_handle_t h = ZX_HANDLE_INVALID;

		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_event_create(bad[i], &h));
		EXPECT_EQ(ZX_HANDLE_INVALID, h);
	}
}

TEST_ZX(create_null_out)
{
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_event_create(0, NULL));
	/* options are checked first, and are also INVALID_ARGS */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_event_create(1, NULL));
}

TEST_ZX(distinct_objects)
{
	enum { N = 64 };
	zx_handle_t h[N];
	zx_koid_t koid[N];
	int i, j;

	for (i = 0; i < N; i++) {
		h[i] = zxt_event(_metadata);
		koid[i] = zxt_koid(_metadata, h[i]);
		EXPECT_GE(koid[i], (zx_koid_t)ZX_KOID_FIRST);
	}
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++) {
			EXPECT_NE(h[i], h[j]);
			EXPECT_NE(koid[i], koid[j]);
		}
	/* Signals on one event do not leak into another. */
	ASSERT_EQ(ZX_OK, zx_object_signal(h[3], 0, ZX_USER_SIGNAL_5));
	for (i = 0; i < N; i++) {
		EXPECT_EQ(i == 3 ? ZX_USER_SIGNAL_5 : 0u, zxt_signals(_metadata, h[i]));
	}
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, N));
}

TEST_ZX(signal_each_allowed_bit)
{
	zx_handle_t h = zxt_event(_metadata);
	int bit;

	for (bit = 0; bit < 32; bit++) {
		zx_signals_t s = 1u << bit;

		if (!(s & ZXT_EVENT_ALLOWED))
			continue;
		ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, s)) TH_LOG("bit %d", bit);
		EXPECT_EQ(s, zxt_signals(_metadata, h)) TH_LOG("bit %d", bit);
		ASSERT_EQ(ZX_OK, zx_object_signal(h, s, 0)) TH_LOG("bit %d", bit);
		EXPECT_EQ(0u, zxt_signals(_metadata, h)) TH_LOG("bit %d", bit);
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_EVENT_SIGNAL_MASK));
	EXPECT_EQ(0xFF000008u, zxt_signals(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_object_signal(h, ZX_EVENT_SIGNAL_MASK, 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_ZX(signal_disallowed_bits)
{
	zx_handle_t h = zxt_event(_metadata);
	int bit;

	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_2));
	for (bit = 0; bit < 32; bit++) {
		zx_signals_t s = 1u << bit;

		if (s & ZXT_EVENT_ALLOWED)
			continue;
		/* Rejected whole: the allowed part of the mask is not applied. */
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, 0, s | ZX_USER_SIGNAL_0))
			TH_LOG("set bit %d", bit);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, s | ZX_USER_SIGNAL_2, 0))
			TH_LOG("clear bit %d", bit);
		EXPECT_EQ(ZX_USER_SIGNAL_2, zxt_signals(_metadata, h)) TH_LOG("bit %d", bit);
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, 0, ZX_SIGNAL_HANDLE_CLOSED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, 0xffffffffu, 0xffffffffu));
	EXPECT_EQ(ZX_USER_SIGNAL_2, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_ZX(signal_clear_then_set)
{
	zx_handle_t h = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1));
	/* the same bit in both masks ends up set */
	ASSERT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, zxt_signals(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1,
					  ZX_USER_SIGNAL_1 | ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_EVENT_SIGNALED, zxt_signals(_metadata, h));
	/* clearing what is not set, setting what is set: no change */
	ASSERT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_7, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_EVENT_SIGNALED, zxt_signals(_metadata, h));
	ASSERT_EQ(ZX_OK, zx_object_signal(h, ZX_EVENT_SIGNAL_MASK, 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	/* no-op signal is fine */
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_ZX(signal_rights_and_order)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t nosig = zxt_dup(_metadata, h, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_SIGNAL);
	zx_handle_t stale = zxt_dup(_metadata, h, ZX_RIGHT_SAME_RIGHTS);

	zxt_close(_metadata, stale);

	/* BAD_HANDLE before anything else */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(ZX_HANDLE_INVALID, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(stale, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(stale, 0, ZX_EVENTPAIR_PEER_CLOSED));
	/* then ACCESS_DENIED (no SIGNAL right), before the mask check */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(nosig, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(nosig, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(nosig, ZX_USER_SIGNAL_0, 0));
	/* then INVALID_ARGS for the mask */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(h, 0, ZX_EVENTPAIR_PEER_CLOSED));
	/* nothing changed; SIGNAL alone is enough */
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	{
		zx_handle_t only = zxt_dup(_metadata, h, ZX_RIGHT_SIGNAL);

		EXPECT_EQ(ZX_OK, zx_object_signal(only, 0, ZX_USER_SIGNAL_3));
		EXPECT_EQ(ZX_USER_SIGNAL_3, zxt_signals(_metadata, h));
		zxt_close(_metadata, only);
	}
	zxt_close(_metadata, nosig);
	zxt_close(_metadata, h);
}

/*
 * An event has no peer. Events are created without ZX_RIGHT_SIGNAL_PEER and
 * no handle to one can gain it, so the rights check (ACCESS_DENIED) is what
 * answers, before the object's own NOT_SUPPORTED and before the mask.
 */
TEST_ZX(signal_peer_on_event)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t d = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal_peer(ZX_HANDLE_INVALID, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(h, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal_peer(h, 0, ZX_EVENTPAIR_PEER_CLOSED));
	/* SIGNAL_PEER cannot be added by duplicating */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_DEFAULT_EVENT_RIGHTS | ZX_RIGHT_SIGNAL_PEER, &d));
	EXPECT_EQ(ZX_HANDLE_INVALID, d);
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_ZX(signaled_wakes_waiter)
{
	zx_handle_t h = zxt_event(_metadata);
	struct zxt_waiter w;

	zxt_waiter_start_blocked(&w, h, ZX_EVENT_SIGNALED, ZX_TIME_INFINITE);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_EVENT_SIGNALED));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_EVENT_SIGNALED, w.observed);
	/* the signal stays asserted after the waiter is released */
	EXPECT_EQ(ZX_EVENT_SIGNALED, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_ZX(signal_through_duplicate_shared_state)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, h, ZX_RIGHT_SAME_RIGHTS);

	ASSERT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_4));
	EXPECT_EQ(ZX_USER_SIGNAL_4, zxt_signals(_metadata, h));
	zxt_close(_metadata, d);
	/* the object lives on with its state while one handle remains */
	EXPECT_EQ(ZX_USER_SIGNAL_4, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
}

TEST_HARNESS_MAIN
