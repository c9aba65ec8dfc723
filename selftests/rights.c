// SPDX-License-Identifier: GPL-2.0
/*
 * Rights: for every subset of an event's and an eventpair's default
 * rights, every call either works or fails with ACCESS_DENIED exactly as
 * the right it needs says; checks come in Zircon's order (BAD_HANDLE,
 * then ACCESS_DENIED, then the arguments); rights only ever shrink.
 */
#define ZXT_FIXTURE rights
#include "zx_selftest.h"

/* The bits of @mask, as a list. */
static int bits_of(zx_rights_t mask, zx_rights_t *out)
{
	int n = 0, b;

	for (b = 0; b < 32; b++)
		if (mask & (1u << b))
			out[n++] = 1u << b;
	return n;
}

/* Check every call through a handle holding exactly @r. */
static void check_handle(struct __test_metadata *_metadata, zx_handle_t h, zx_rights_t r,
			 bool peered)
{
	zx_signals_t obs = 0;
	zx_wait_item_t it = { h, ZX_USER_SIGNAL_0, 0 };
	zx_info_handle_count_t cnt;
	zx_handle_t d = ZX_HANDLE_INVALID;
	zx_status_t want;

	EXPECT_EQ(r, zxt_rights(_metadata, h));
	EXPECT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL));

	want = (r & ZX_RIGHT_SIGNAL) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
	EXPECT_EQ(want, zx_object_signal(h, ZX_USER_SIGNAL_1, 0)) TH_LOG("rights 0x%x", r);
	/* a bad mask: the right is checked first */
	want = (r & ZX_RIGHT_SIGNAL) ? ZX_ERR_INVALID_ARGS : ZX_ERR_ACCESS_DENIED;
	EXPECT_EQ(want, zx_object_signal(h, 0, ZX_EVENTPAIR_PEER_CLOSED)) TH_LOG("rights 0x%x", r);

	want = (peered && (r & ZX_RIGHT_SIGNAL_PEER)) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
	EXPECT_EQ(want, zx_object_signal_peer(h, ZX_USER_SIGNAL_1, 0)) TH_LOG("rights 0x%x", r);
	want = (peered && (r & ZX_RIGHT_SIGNAL_PEER)) ? ZX_ERR_INVALID_ARGS : ZX_ERR_ACCESS_DENIED;
	EXPECT_EQ(want, zx_object_signal_peer(h, 0, ZX_EVENTPAIR_PEER_CLOSED))
		TH_LOG("rights 0x%x", r);

	want = (r & ZX_RIGHT_WAIT) ? ZX_ERR_TIMED_OUT : ZX_ERR_ACCESS_DENIED;
	EXPECT_EQ(want, zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &obs)) TH_LOG("rights 0x%x", r);
	EXPECT_EQ(want, zx_object_wait_many(&it, 1, 0)) TH_LOG("rights 0x%x", r);

	want = (r & ZX_RIGHT_INSPECT) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
	EXPECT_EQ(want, zx_object_get_info(h, ZX_INFO_HANDLE_COUNT, &cnt, sizeof(cnt), NULL, NULL))
		TH_LOG("rights 0x%x", r);

	want = (r & ZX_RIGHT_DUPLICATE) ? ZX_OK : ZX_ERR_ACCESS_DENIED;
	EXPECT_EQ(want, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d)) TH_LOG("rights 0x%x", r);
	if (d != ZX_HANDLE_INVALID) {
		EXPECT_EQ(r, zxt_rights(_metadata, d));
		zxt_close(_metadata, d);
		d = ZX_HANDLE_INVALID;
	}
	/* a right the handle does not hold cannot be had */
	if (r & ZX_RIGHT_DUPLICATE) {
		zx_rights_t add[32];
		int n = bits_of(~r & 0x7fffffffu, add), i;

		for (i = 0; i < n; i++) {
			EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(h, r | add[i], &d))
				TH_LOG("rights 0x%x + 0x%x", r, add[i]);
		}
		EXPECT_EQ(ZX_HANDLE_INVALID, d);
	}
}

static void matrix(struct __test_metadata *_metadata, zx_handle_t h, zx_rights_t all,
		   bool peered)
{
	zx_rights_t bit[32];
	int n = bits_of(all, bit);
	unsigned int mask;

	for (mask = 0; mask < (1u << n); mask++) {
		zx_rights_t r = 0;
		zx_handle_t d = ZX_HANDLE_INVALID, rep = ZX_HANDLE_INVALID;
		int i;

		for (i = 0; i < n; i++)
			if (mask & (1u << i))
				r |= bit[i];
		ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, r, &d)) TH_LOG("rights 0x%x", r);
		check_handle(_metadata, d, r, peered);
		/* replace needs no right and keeps (or reduces) them */
		ASSERT_EQ(ZX_OK, zx_handle_replace(d, ZX_RIGHT_SAME_RIGHTS, &rep));
		EXPECT_EQ(r, zxt_rights(_metadata, rep));
		EXPECT_FALSE(zxt_valid(d));
		EXPECT_EQ(ZX_OK, zx_handle_close(rep));
	}
}

TEST_ZX(event_matrix)
{
	zx_handle_t e = zxt_event(_metadata);

	ASSERT_EQ(0xD003u, zxt_rights(_metadata, e));
	matrix(_metadata, e, 0xD003u, false);
	/* nothing ever happened to the object */
	EXPECT_EQ(0u, zxt_signals(_metadata, e));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
	zxt_close(_metadata, e);
}

TEST_ZX(eventpair_matrix)
{
	zx_handle_t a, b;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(0xF003u, zxt_rights(_metadata, a));
	matrix(_metadata, a, 0xF003u, true);
	EXPECT_EQ(0u, zxt_signals(_metadata, a));
	EXPECT_EQ(0u, zxt_signals(_metadata, b));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, a));
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* BAD_HANDLE comes before everything, whatever the other arguments. */
TEST_ZX(bad_handle_first)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t stale = zxt_dup(_metadata, e, ZX_RIGHT_NONE);
	zx_handle_t vals[2] = { ZX_HANDLE_INVALID, stale };
	zx_handle_t d = ZX_HANDLE_INVALID;
	char buf[64];
	int i;

	zxt_close(_metadata, stale);
	for (i = 0; i < 2; i++) {
		zx_wait_item_t it = { vals[i], 0, 0 };

		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(vals[i], 0xffffffffu, 0xffffffffu));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal_peer(vals[i], 0xffffffffu, 0xffffffffu));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_one(vals[i], 0, 0, NULL));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_many(&it, 1, 0));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(vals[i], 0xffffffffu, &d));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_replace(vals[i], 0xffffffffu, &d));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_info(vals[i], ZX_INFO_HANDLE_BASIC,
								buf, 1, NULL, NULL));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_info(vals[i], ZX_INFO_HANDLE_COUNT,
								buf, 1, NULL, NULL));
		EXPECT_EQ(ZX_HANDLE_INVALID, d);
	}
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(stale));
	EXPECT_TRUE(zxt_valid(e));
	zxt_close(_metadata, e);
}

/* Rights only shrink along a chain of duplicates. */
TEST_ZX(rights_only_shrink)
{
	zx_handle_t h = zxt_event(_metadata);
	zx_rights_t r = ZX_DEFAULT_EVENT_RIGHTS;
	zx_rights_t drop[] = { ZX_RIGHT_SIGNAL, ZX_RIGHT_TRANSFER, ZX_RIGHT_INSPECT, ZX_RIGHT_WAIT };
	zx_handle_t chain[5];
	unsigned int i;

	chain[0] = h;
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++) {
		zx_handle_t back = ZX_HANDLE_INVALID;

		r &= ~drop[i];
		chain[i + 1] = zxt_dup(_metadata, chain[i], r);
		EXPECT_EQ(r, zxt_rights(_metadata, chain[i + 1]));
		/* and the dropped right cannot come back from there */
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_handle_duplicate(chain[i + 1], r | drop[i], &back));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_handle_replace(zxt_dup(_metadata, chain[i + 1], r), r | drop[i], &back));
		EXPECT_EQ(ZX_HANDLE_INVALID, back);
	}
	EXPECT_EQ(ZX_RIGHT_DUPLICATE, r);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(chain, 5));
}

TEST_HARNESS_MAIN
