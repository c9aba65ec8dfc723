// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_wait_async: option and handle checks in Zircon's order, level
 * and edge triggering, one-shot registrations, packet contents and
 * timestamps, LIFO order of the packets of one transition, handle and port
 * close, the per-port registration cap and the per-object observer cap;
 * and the races: a match racing the
 * port's close, port_cancel and port_cancel_key racing a match (each
 * registration resolves exactly once), 16385 registrations firing at once,
 * and an event loop mixing event waits, timers and user packets across
 * four threads without losing or duplicating a packet.
 */
#define ZXT_FIXTURE wait_async
#include "zx_selftest.h"

#include <poll.h>

#define OBSERVERS_PARAM "max_port_observers"

static int64_t boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ------------------------------------------------------------------ */
/* checks                                                              */

TEST_ZX(options_checked_first)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	const uint32_t bad[] = { 8, 16, 20, 0x80000000u, 0xfffffff8u, 0xffffffffu,
				 ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_BOOT_TIMESTAMP,
				 ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_BOOT_TIMESTAMP |
				 ZX_WAIT_ASYNC_EDGE };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		/* before either handle is looked at */
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_wait_async(ZX_HANDLE_INVALID,
								    ZX_HANDLE_INVALID, 1,
								    ZX_USER_SIGNAL_0, bad[i]))
			TH_LOG("options 0x%x", bad[i]);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_wait_async(p, e, 1, ZX_USER_SIGNAL_0,
								    bad[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0,
								    bad[i]));
	}
	zxt_port_empty(p);
	/* the valid ones, each a registration that is canceled again */
	{
		const uint32_t good[] = {
			0, ZX_WAIT_ASYNC_TIMESTAMP, ZX_WAIT_ASYNC_EDGE,
			ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE,
			ZX_WAIT_ASYNC_BOOT_TIMESTAMP,
			ZX_WAIT_ASYNC_BOOT_TIMESTAMP | ZX_WAIT_ASYNC_EDGE,
		};

		for (i = 0; i < ARRAY_SIZE(good); i++) {
			EXPECT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, good[i]))
				TH_LOG("options 0x%x", good[i]);
			EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 1));
		}
	}
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(port_checked_before_object)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata), a, b;
	zx_handle_t ro = zxt_dup(_metadata, p, ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE);
	zx_handle_t nowait = zxt_dup(_metadata, e, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_WAIT);
	zx_handle_t stale = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);

	zxt_eventpair(_metadata, &a, &b);
	zxt_close(_metadata, stale);
	/* the port: BAD_HANDLE, WRONG_TYPE, ACCESS_DENIED (WRITE), whatever the object */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_async(e, ZX_HANDLE_INVALID, 1,
							  ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_async(nowait, stale, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_object_wait_async(e, e, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_object_wait_async(stale, a, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_object_wait_async(nowait, e, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_async(e, ro, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_async(stale, ro, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_async(ZX_HANDLE_INVALID, ro, 1,
							     ZX_USER_SIGNAL_0, 0));
	/* then the object: BAD_HANDLE, then ACCESS_DENIED (WAIT) */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_async(ZX_HANDLE_INVALID, p, 1,
							  ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_async(stale, p, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_async(nowait, p, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_wait_async(ro, p, 1, ZX_USER_SIGNAL_0, 0));
	/* nothing was registered by any of them */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_port_empty(p);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel_key(p, 0, 1));
	/* eventpairs, and a WAIT-only handle, are fine */
	EXPECT_EQ(ZX_OK, zx_object_wait_async(a, p, 2, ZX_EVENTPAIR_PEER_CLOSED, 0));
	{
		zx_handle_t w = zxt_dup(_metadata, e, ZX_RIGHT_WAIT);

		EXPECT_EQ(ZX_OK, zx_object_wait_async(w, p, 3, ZX_USER_SIGNAL_0, 0));
		zxt_expect_signal_packet(zxt_take(_metadata, p), 3, ZX_USER_SIGNAL_0,
					 ZX_USER_SIGNAL_0);
		zxt_close(_metadata, w);
	}
	zxt_close(_metadata, b);
	zxt_expect_signal_packet(zxt_take(_metadata, p), 2, ZX_EVENTPAIR_PEER_CLOSED,
				 ZX_EVENTPAIR_PEER_CLOSED);
	zxt_port_empty(p);
	zxt_close(_metadata, a);
	zxt_close(_metadata, nowait);
	zxt_close(_metadata, ro);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* ------------------------------------------------------------------ */
/* triggering                                                          */

TEST_ZX(level_fires_at_once_when_active)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_port_packet_t pkt;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_5));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 10, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, 0));
	/* queued during the call */
	memset(&pkt, 0xa5, sizeof(pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	zxt_expect_signal_packet(pkt, 10, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1,
				 ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_5);
	zxt_port_empty(p);
	/* one-shot: nothing more, whatever happens to the signals */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_port_empty(p);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(p, e, 10));
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(level_fires_on_later_match)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_7));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0 | ZX_EVENT_SIGNALED, 0));
	zxt_port_empty(p);
	/* unwatched signals come and go: nothing */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_7, ZX_USER_SIGNAL_3));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_7));
	zxt_port_empty(p);
	/* a watched one: the packet has everything active at that moment */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_1));
	/* later changes do not show in the queued packet */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_3, ZX_USER_SIGNAL_0));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 1, ZX_USER_SIGNAL_0 | ZX_EVENT_SIGNALED,
				 ZX_USER_SIGNAL_3 | ZX_USER_SIGNAL_7 | ZX_EVENT_SIGNALED |
				 ZX_USER_SIGNAL_1);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* signals == 0 never matches, but is a registration all the same. */
TEST_ZX(no_signals_never_fire)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, 0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, 0, ZX_WAIT_ASYNC_EDGE));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_ALL | ZX_EVENT_SIGNALED));
	zxt_port_empty(p);
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 1));
	EXPECT_EQ(ZX_OK, zx_port_cancel(p, e, 2));
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(edge_does_not_fire_at_once)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, ZX_WAIT_ASYNC_EDGE));
	zxt_port_empty(p);
	/* setting it again is no transition */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_port_empty(p);
	/* clearing is not a match either */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
	zxt_port_empty(p);
	/* a rising edge is */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 1, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0);
	/* one-shot */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_port_empty(p);

	/* not yet active: edge and level behave alike */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_1, ZX_WAIT_ASYNC_EDGE));
	zxt_port_empty(p);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 2, ZX_USER_SIGNAL_1,
				 ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/*
 * Zircon re-evaluates observers whenever any signal rises and tests
 * trigger & new state: an edge registration whose signal was already
 * active fires when another signal rises (spec 2.10).
 */
TEST_ZX(edge_fires_when_another_signal_rises)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, ZX_WAIT_ASYNC_EDGE));
	zxt_port_empty(p);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_4));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 1, ZX_USER_SIGNAL_0,
				 ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_4);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(n_calls_n_packets)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	int i;

	for (i = 0; i < 5; i++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 77, ZX_USER_SIGNAL_0, 0));
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	for (i = 0; i < 5; i++)
		zxt_expect_signal_packet(zxt_take(_metadata, p), 77, ZX_USER_SIGNAL_0,
					 ZX_USER_SIGNAL_0);
	zxt_port_empty(p);
	/* and again, level, already active: each call queues its own packet */
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 78, ZX_USER_SIGNAL_0, 0));
	}
	for (i = 0; i < 5; i++)
		zxt_expect_signal_packet(zxt_take(_metadata, p), 78, ZX_USER_SIGNAL_0,
					 ZX_USER_SIGNAL_0);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* Packets from one transition come out in reverse registration order. */
TEST_ZX(lifo_order)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	uint64_t k, sum = 0;
	int i;

	for (k = 0; k < 7; k++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, k, ZX_EVENT_SIGNALED, 0));
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED));
	for (i = 0; i < 5; i++) {
		zx_port_packet_t pkt = zxt_take(_metadata, p);

		EXPECT_EQ((uint64_t)(6 - i), pkt.key);
		sum += pkt.key;
	}
	EXPECT_EQ(20u, sum);	/* Zircon's EventAsyncSignalWaitSingle */
	EXPECT_EQ(1u, zxt_take(_metadata, p).key);
	EXPECT_EQ(0u, zxt_take(_metadata, p).key);
	zxt_port_empty(p);

	/* the same across two ports: each port sees its own in LIFO order */
	{
		zx_handle_t q = zxt_port(_metadata);

		ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_EVENT_SIGNALED, 0));
		for (k = 0; k < 6; k++) {
			ASSERT_EQ(ZX_OK, zx_object_wait_async(e, (k & 1) ? q : p, k,
							      ZX_EVENT_SIGNALED, 0));
		}
		ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED));
		EXPECT_EQ(4u, zxt_take(_metadata, p).key);
		EXPECT_EQ(2u, zxt_take(_metadata, p).key);
		EXPECT_EQ(0u, zxt_take(_metadata, p).key);
		EXPECT_EQ(5u, zxt_take(_metadata, q).key);
		EXPECT_EQ(3u, zxt_take(_metadata, q).key);
		EXPECT_EQ(1u, zxt_take(_metadata, q).key);
		zxt_port_empty(p);
		zxt_port_empty(q);
		zxt_close(_metadata, q);
	}
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* Every field of the packet is written. */
TEST_ZX(packet_contents)
{
	zx_handle_t p = zxt_port(_metadata), a, b;
	zx_port_packet_t pkt;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, p, 0x0123456789abcdefull,
					      ZX_EVENTPAIR_PEER_CLOSED | ZX_USER_SIGNAL_2, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_6 | ZX_EVENTPAIR_SIGNALED));
	zxt_port_empty(p);
	zxt_close(_metadata, b);
	memset(&pkt, 0xff, sizeof(pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	EXPECT_EQ(0x0123456789abcdefull, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
	EXPECT_EQ(ZX_OK, pkt.status);
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED | ZX_USER_SIGNAL_2, pkt.signal.trigger);
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED | ZX_USER_SIGNAL_6 | ZX_EVENTPAIR_SIGNALED,
		  pkt.signal.observed);
	EXPECT_EQ(1u, pkt.signal.count);
	EXPECT_EQ(0u, pkt.signal.timestamp);
	EXPECT_EQ(0u, pkt.signal.reserved1);
	zxt_port_empty(p);
	zxt_close(_metadata, a);
	zxt_close(_metadata, p);
}

TEST_ZX(timestamp)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_port_packet_t pkt;
	int64_t before, after;

	/* fired during the call */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	before = zx_clock_get_monotonic();
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, ZX_WAIT_ASYNC_TIMESTAMP));
	after = zx_clock_get_monotonic();
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(1u, pkt.key);
	EXPECT_EQ(1u, pkt.signal.count);
	EXPECT_EQ(0u, pkt.signal.reserved1);
	EXPECT_LE(before, (int64_t)pkt.signal.timestamp);
	EXPECT_GE(after, (int64_t)pkt.signal.timestamp);

	/* fired later, by the signal */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_1,
					      ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 3, ZX_USER_SIGNAL_1, 0));
	before = zx_clock_get_monotonic();
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	after = zx_clock_get_monotonic();
	zxt_expect_signal_packet(zxt_take(_metadata, p), 3, ZX_USER_SIGNAL_1,
				 ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1);
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(2u, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
	EXPECT_LE(before, (int64_t)pkt.signal.timestamp);
	EXPECT_GE(after, (int64_t)pkt.signal.timestamp);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

TEST_ZX(boot_timestamp)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_port_packet_t pkt;
	int64_t before, after;

	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0,
					      ZX_WAIT_ASYNC_BOOT_TIMESTAMP));
	before = boot_ns();
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	after = boot_ns();
	pkt = zxt_take(_metadata, p);
	EXPECT_EQ(1u, pkt.key);
	EXPECT_EQ(ZX_USER_SIGNAL_0, pkt.signal.observed);
	EXPECT_LE(before, (int64_t)pkt.signal.timestamp);
	EXPECT_GE(after, (int64_t)pkt.signal.timestamp);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* ------------------------------------------------------------------ */
/* handle and port close                                               */

/* Closing the watched handle cancels its registrations, not its packets. */
TEST_ZX(handle_close_cancels_pending_keeps_queued)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	zx_handle_t d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);

	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_1, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(d, p, 3, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_1));
	zxt_close(_metadata, e);
	/* key 2's packet survived; key 1 is gone; key 3 (through d) lives on */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(p, e, 1));
	ASSERT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	zxt_expect_signal_packet(zxt_take(_metadata, p), 2, ZX_USER_SIGNAL_1, ZX_USER_SIGNAL_1);
	zxt_expect_signal_packet(zxt_take(_metadata, p), 3, ZX_USER_SIGNAL_0,
				 ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1);
	zxt_port_empty(p);
	zxt_close(_metadata, d);
	zxt_close(_metadata, p);
}

/* The object's last handle: pending registrations go, queued packets stay. */
TEST_ZX(last_handle_close)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata), a, b;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 2, ZX_USER_SIGNAL_1, ZX_WAIT_ASYNC_TIMESTAMP));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	/* a's registration dies with a; b's fires from a's close */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(a, p, 3, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(b, p, 4, ZX_EVENTPAIR_PEER_CLOSED, 0));
	zxt_close(_metadata, e);
	zxt_close(_metadata, a);
	{
		zx_port_packet_t pkt = zxt_take(_metadata, p);

		EXPECT_EQ(2u, pkt.key);
		EXPECT_EQ(ZX_USER_SIGNAL_1, pkt.signal.observed);
		EXPECT_NE(0u, pkt.signal.timestamp);
	}
	zxt_expect_signal_packet(zxt_take(_metadata, p), 4, ZX_EVENTPAIR_PEER_CLOSED,
				 ZX_EVENTPAIR_PEER_CLOSED);
	zxt_port_empty(p);
	zxt_close(_metadata, b);
	zxt_close(_metadata, p);
}

/* The port's last close with registrations pending and packets queued. */
TEST_ZX(port_close_with_registrations)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	int i;

	for (i = 0; i < 100; i++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, (uint64_t)i,
						      (i & 1) ? ZX_USER_SIGNAL_0 : ZX_USER_SIGNAL_1,
						      (i % 3) ? 0 : ZX_WAIT_ASYNC_EDGE));
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_close(_metadata, p);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_ALL, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_ALL));
	EXPECT_EQ(ZX_USER_SIGNAL_ALL, zxt_signals(_metadata, e));
	/* the event's own synchronous waits still work */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e, ZX_USER_SIGNAL_0, 0, NULL));
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* the registration cap                                                */

static void observer_cap_child(unsigned long cap)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
	zx_handle_t e = ZX_HANDLE_INVALID, f = ZX_HANDLE_INVALID;
	zx_port_packet_t pkt;
	unsigned long i;

	CHILD_EQ(ZX_OK, zx_port_create(0, &a));
	CHILD_EQ(ZX_OK, zx_port_create(0, &b));
	CHILD_EQ(ZX_OK, zx_event_create(0, &e));
	CHILD_EQ(ZX_OK, zx_event_create(0, &f));
	for (i = 0; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_object_wait_async(e, a, i, ZX_USER_SIGNAL_0, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(e, a, cap, ZX_USER_SIGNAL_0, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(f, a, cap, ZX_USER_SIGNAL_1,
							   ZX_WAIT_ASYNC_EDGE));
	/* the cap is per port */
	for (i = 0; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_object_wait_async(f, b, i, ZX_USER_SIGNAL_0, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(f, b, cap, ZX_USER_SIGNAL_0, 0));
	/* user packets do not count */
	pkt = zxt_user_packet(1);
	CHILD_EQ(ZX_OK, zx_port_queue(a, &pkt));
	CHILD_EQ(ZX_OK, zx_port_wait(a, 0, &pkt));
	/* a canceled registration makes room */
	CHILD_EQ(ZX_OK, zx_port_cancel(a, e, 0));
	CHILD_EQ(ZX_OK, zx_object_wait_async(f, a, cap, ZX_USER_SIGNAL_1, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(f, a, cap + 1, ZX_USER_SIGNAL_1, 0));
	/* so does a delivered one */
	CHILD_EQ(ZX_OK, zx_object_signal(f, 0, ZX_USER_SIGNAL_1));
	CHILD_EQ(ZX_OK, zx_port_wait(a, 0, &pkt));
	CHILD_EQ(cap, pkt.key);
	CHILD_EQ(ZX_OK, zx_object_wait_async(f, a, cap + 2, ZX_USER_SIGNAL_2, 0));
	/* and so does closing the watched handle */
	CHILD_EQ(ZX_OK, zx_handle_close(e));
	for (i = 0; i < cap - 1; i++)
		CHILD_EQ(ZX_OK, zx_object_wait_async(f, a, i, ZX_USER_SIGNAL_3, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(f, a, 0, ZX_USER_SIGNAL_3, 0));
	/* everything still registered fires */
	CHILD_EQ(ZX_OK, zx_object_signal(f, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_2 |
					 ZX_USER_SIGNAL_3));
	for (i = 0; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_port_wait(a, 0, &pkt));
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(a, 0, &pkt));
	for (i = 0; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_port_wait(b, 0, &pkt));
	CHILD_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(b, 0, &pkt));
	/* the port's close frees its registrations with it */
	CHILD_EQ(ZX_OK, zx_handle_close(b));
	CHILD_EQ(ZX_OK, zx_port_create(0, &b));
	for (i = 0; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_object_wait_async(f, b, i, ZX_USER_SIGNAL_4, 0));
	CHILD_EQ(ZX_OK, zx_handle_close(b));
	CHILD_EQ(ZX_OK, zx_handle_close(a));
	CHILD_EQ(ZX_OK, zx_handle_close(f));
}

TEST_ZX_SLOW(registration_cap)
{
	zxt_with_param(OBSERVERS_PARAM, 64, observer_cap_child(64));
}

/*
 * max_object_observers bounds what one object carries, whatever the
 * number of ports: registrations from two ports and a wait all count,
 * a satisfied wait queues nothing, and fired or canceled observers give
 * their place back.
 */
static void object_cap_child(unsigned long cap)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
	zx_handle_t e = ZX_HANDLE_INVALID, f = ZX_HANDLE_INVALID;
	zx_signals_t seen = 0;
	zx_port_packet_t pkt;
	unsigned long i;

	CHILD_EQ(ZX_OK, zx_port_create(0, &a));
	CHILD_EQ(ZX_OK, zx_port_create(0, &b));
	CHILD_EQ(ZX_OK, zx_event_create(0, &e));
	CHILD_EQ(ZX_OK, zx_event_create(0, &f));
	for (i = 0; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_object_wait_async(e, i % 2 ? a : b, i,
						     ZX_USER_SIGNAL_0, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(e, a, cap,
							   ZX_USER_SIGNAL_0, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_one(e, ZX_USER_SIGNAL_1, 0,
							 &seen));
	/* other objects are not affected */
	CHILD_EQ(ZX_OK, zx_object_wait_async(f, a, 0, ZX_USER_SIGNAL_0, 0));
	/* a satisfied wait queues nothing */
	CHILD_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_2));
	CHILD_EQ(ZX_OK, zx_object_wait_one(e, ZX_USER_SIGNAL_2, 0, &seen));
	/* a canceled registration gives its place back */
	CHILD_EQ(ZX_OK, zx_port_cancel(b, e, 0));
	CHILD_EQ(ZX_OK, zx_object_wait_async(e, a, cap, ZX_USER_SIGNAL_3, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(e, a, cap + 1,
							   ZX_USER_SIGNAL_3, 0));
	/* the USER_3 one stays queued while the others fire */
	CHILD_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	for (i = 1; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_port_wait(i % 2 ? a : b, 0, &pkt));
	for (i = 1; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_object_wait_async(e, b, i, ZX_USER_SIGNAL_4, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(e, b, cap,
							   ZX_USER_SIGNAL_4, 0));
	CHILD_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_3));
	CHILD_EQ(ZX_OK, zx_port_wait(a, 0, &pkt));
	CHILD_EQ(cap, pkt.key);
	CHILD_EQ(ZX_OK, zx_handle_close(e));
	CHILD_EQ(ZX_OK, zx_handle_close(f));
	CHILD_EQ(ZX_OK, zx_handle_close(a));
	CHILD_EQ(ZX_OK, zx_handle_close(b));
}

TEST_ZX_SLOW(object_observer_cap)
{
	zxt_with_param("max_object_observers", 16, object_cap_child(16));
}

/*
 * A poll descriptor takes an observer slot for its whole life, armed or
 * not, so its ->poll never meets a full object: the descriptor is refused
 * when it is made instead. A port's poll descriptors take none (they wait
 * on the port's queue of pollers).
 */
static void poll_fd_cap_child(unsigned long cap)
{
	zx_handle_t e = ZX_HANDLE_INVALID, p = ZX_HANDLE_INVALID;
	struct pollfd pfd = { .events = POLLIN };
	zx_signals_t seen = 0;
	int fds[64], fd = -1;
	unsigned long i;

	CHILD_CHECK(cap + 1 <= ARRAY_SIZE(fds));
	CHILD_EQ(ZX_OK, zx_event_create(0, &e));
	CHILD_EQ(ZX_OK, zx_port_create(0, &p));
	for (i = 0; i < cap; i++)
		CHILD_EQ(ZX_OK, zx_linux_poll_fd(e, ZX_USER_SIGNAL_0, O_CLOEXEC, &fds[i]));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_linux_poll_fd(e, ZX_USER_SIGNAL_0, 0, &fd));
	CHILD_EQ(-1, fd);
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(e, p, 0, ZX_USER_SIGNAL_1, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_one(e, ZX_USER_SIGNAL_1, 0, &seen));
	/* armed (nothing active) and fired: each keeps its one slot */
	for (i = 0; i < cap; i++) {
		pfd.fd = fds[i];
		CHILD_EQ(0, poll(&pfd, 1, 0));
	}
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_linux_poll_fd(e, ZX_USER_SIGNAL_0, 0, &fd));
	CHILD_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	for (i = 0; i < cap; i++) {
		pfd.fd = fds[i];
		CHILD_EQ(1, poll(&pfd, 1, 0));
		CHILD_EQ(POLLIN, pfd.revents);
	}
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_object_wait_async(e, p, 0, ZX_USER_SIGNAL_1, 0));
	/* closing one gives its slot back */
	CHILD_EQ(0, close(fds[cap - 1]));
	CHILD_EQ(ZX_OK, zx_object_wait_async(e, p, 0, ZX_USER_SIGNAL_1, 0));
	CHILD_EQ(ZX_ERR_NO_RESOURCES, zx_linux_poll_fd(e, ZX_USER_SIGNAL_0, 0, &fd));
	CHILD_EQ(ZX_OK, zx_port_cancel(p, e, 0));
	CHILD_EQ(ZX_OK, zx_linux_poll_fd(e, ZX_USER_SIGNAL_0, O_CLOEXEC, &fds[cap - 1]));
	/* a port's poll descriptors are not observers */
	for (i = 0; i <= cap; i++)
		CHILD_EQ(ZX_OK, zx_linux_poll_fd(p, 0, O_CLOEXEC, &fd));
	for (i = 0; i < cap; i++)
		CHILD_EQ(0, close(fds[i]));
	CHILD_EQ(ZX_OK, zx_handle_close(e));
	CHILD_EQ(ZX_OK, zx_handle_close(p));
}

TEST_ZX_SLOW(poll_fds_take_observer_slots)
{
	zxt_with_param("max_object_observers", 16, poll_fd_cap_child(16));
}

/*
 * zx_port_cancel(port, source, key) matches queued packets to the handle
 * they were registered through. A closed handle's memory is reused by
 * later handles; a later handle must never cancel the packet of one that
 * is gone (it used to, matching by address).
 */
TEST_ZX_SLOW(cancel_spares_packets_of_closed_handles)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	unsigned int round, i, reused = 0;

	for (round = 0; round < 500; round++) {
		zx_handle_t h = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
		zx_port_packet_t pkt;

		ASSERT_EQ(ZX_OK, zx_object_wait_async(h, p, 7, ZX_USER_SIGNAL_0, 0));
		ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
		zxt_close(_metadata, h);
		/* Fresh handles, some at the closed one's address once it is freed. */
		for (i = 0; i < 32; i++) {
			zx_handle_t n = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
			zx_status_t st = zx_port_cancel(p, n, 7);

			if (st != ZX_ERR_NOT_FOUND)
				reused++;
			ASSERT_EQ(ZX_ERR_NOT_FOUND, st)
				TH_LOG("round %u: a new handle canceled a closed one's packet", round);
			zxt_close(_metadata, n);
		}
		pkt = zxt_take(_metadata, p);
		ASSERT_EQ(7u, pkt.key);
		ASSERT_EQ(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
	}
	EXPECT_EQ(0u, reused);
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* The default cap holds (at least) Zircon's 16K + 1 test. */
TEST_ZX(default_cap)
{
	unsigned long v = 0, w = 0;

	if (zxt_param_read(OBSERVERS_PARAM, &v) != 0 ||
	    zxt_param_read("max_object_observers", &w) != 0)
		SKIP(return, "a parameter of /sys/module/zircon/parameters/ is missing");
	EXPECT_GE(v, 16385u);
	EXPECT_GE(w, 16385u);
}

/* ------------------------------------------------------------------ */
/* many at once                                                        */

enum { MANY = 16385 };

/* One event, 16385 registrations, one signal: every packet, LIFO. */
TEST_ZX_SLOW(many_registrations_one_object)
{
	zx_handle_t p = zxt_port(_metadata), e = zxt_event(_metadata);
	uint64_t k;

	for (k = 0; k < MANY; k++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, k, ZX_USER_SIGNAL_0, 0))
			TH_LOG("registration %llu", (unsigned long long)k);
	}
	zxt_port_empty(p);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	for (k = 0; k < MANY; k++) {
		zx_port_packet_t pkt = zxt_take(_metadata, p);

		ASSERT_EQ(MANY - 1 - k, pkt.key);
		ASSERT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
		ASSERT_EQ(ZX_USER_SIGNAL_0, pkt.signal.observed);
	}
	zxt_port_empty(p);
	zxt_close(_metadata, e);
	zxt_close(_metadata, p);
}

/* 16385 events, one registration each (Zircon's AsyncWaitEventManyAllProcessed). */
TEST_ZX_SLOW(many_objects_all_processed)
{
	zx_handle_t p = zxt_port(_metadata);
	zx_handle_t *ev = calloc(MANY, sizeof(*ev));
	uint8_t *seen = calloc(MANY, 1);
	uint64_t k;

	ASSERT_NE(NULL, ev);
	ASSERT_NE(NULL, seen);
	for (k = 0; k < MANY; k++) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &ev[k]));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev[k], p, k, ZX_EVENT_SIGNALED, 0));
	}
	for (k = 0; k < MANY; k++) {
		ASSERT_EQ(ZX_OK, zx_object_signal(ev[k], 0, ZX_EVENT_SIGNALED));
	}
	for (k = 0; k < MANY; k++) {
		zx_port_packet_t pkt = zxt_take(_metadata, p);

		ASSERT_EQ(k, pkt.key);	/* FIFO: one transition each */
		ASSERT_EQ(0, seen[k]);
		seen[k] = 1;
	}
	zxt_port_empty(p);
	/* and once more, all of them canceled by closing the events */
	for (k = 0; k < MANY; k++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev[k], p, k, ZX_USER_SIGNAL_0, 0));
	}
	ASSERT_EQ(ZX_OK, zx_handle_close_many(ev, MANY));
	zxt_port_empty(p);
	zxt_close(_metadata, p);
	free(seen);
	free(ev);
}

/* ------------------------------------------------------------------ */
/* races                                                               */

struct match_close_race {
	pthread_barrier_t start, end;
	zx_handle_t e;
	bool stop;
	zx_status_t st;
};

static void *match_close_signaller(void *arg)
{
	struct match_close_race *r = arg;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->st = zx_object_signal(r->e, 0, ZX_USER_SIGNAL_0);
		pthread_barrier_wait(&r->end);
	}
}

/* A match while the port's last handle closes: clean either way. */
TEST_ZX_SLOW(match_races_port_close)
{
	struct match_close_race r = { 0 };
	struct zxt_loop loop;
	pthread_t t;
	int i;

	r.e = zxt_event(_metadata);
	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, match_close_signaller, &r));
	zxt_loop_init(&loop, 200, 20000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t p = zxt_port(_metadata);

		for (i = 0; i < 4; i++) {
			ASSERT_EQ(ZX_OK, zx_object_wait_async(r.e, p, (uint64_t)i, ZX_USER_SIGNAL_0,
							      (i & 1) ? ZX_WAIT_ASYNC_TIMESTAMP : 0));
		}
		if (loop.done & 1) {
			zx_port_packet_t pkt = zxt_user_packet(9);

			ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
		}
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close(p));
		pthread_barrier_wait(&r.end);
		ASSERT_EQ(ZX_OK, r.st);
		ASSERT_EQ(ZX_OK, zx_object_signal(r.e, ZX_USER_SIGNAL_0, 0));
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	/* the event is unharmed and watchable */
	{
		zx_handle_t p = zxt_port(_metadata);

		ASSERT_EQ(ZX_OK, zx_object_wait_async(r.e, p, 1, ZX_USER_SIGNAL_0, 0));
		ASSERT_EQ(ZX_OK, zx_object_signal(r.e, 0, ZX_USER_SIGNAL_0));
		zxt_expect_signal_packet(zxt_take(_metadata, p), 1, ZX_USER_SIGNAL_0,
					 ZX_USER_SIGNAL_0);
		zxt_close(_metadata, p);
	}
	EXPECT_EQ(1u, zxt_handle_count(_metadata, r.e));
	zxt_close(_metadata, r.e);
	TH_LOG("%lu iterations", loop.done);
}

/* Registering while the port's last handle closes: OK or BAD_HANDLE only. */
struct register_close_race {
	pthread_barrier_t start, end;
	zx_handle_t port, e;
	bool stop;
	unsigned long ok;
	zx_status_t last;
};

static void *register_close_registrar(void *arg)
{
	struct register_close_race *r = arg;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->ok = 0;
		do {
			/* USER_0 is up: odd ones fire during the call, even ones wait */
			r->last = zx_object_wait_async(r->e, r->port, r->ok,
						       (r->ok & 1) ? ZX_USER_SIGNAL_0 : ZX_USER_SIGNAL_1,
						       (r->ok & 2) ? ZX_WAIT_ASYNC_TIMESTAMP : 0);
		} while (r->last == ZX_OK && ++r->ok < 20000);
		pthread_barrier_wait(&r->end);
	}
}

TEST_ZX_SLOW(wait_async_races_port_close)
{
	struct register_close_race r = { 0 };
	struct zxt_loop loop;
	unsigned long total = 0;
	pthread_t t;

	r.e = zxt_event(_metadata);
	ASSERT_EQ(ZX_OK, zx_object_signal(r.e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, register_close_registrar, &r));
	zxt_loop_init(&loop, 200, 20000);
	while (zxt_loop_next(&loop)) {
		r.port = zxt_port(_metadata);
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close(r.port));
		pthread_barrier_wait(&r.end);
		/* A registrar that ran 20000 times before the close saw no race. */
		if (r.ok < 20000)
			ASSERT_EQ(ZX_ERR_BAD_HANDLE, r.last) TH_LOG("iteration %lu", loop.done);
		total += r.ok;
		/* whatever was left pending on the event is gone with the port */
		ASSERT_EQ(ZX_OK, zx_object_signal(r.e, 0, ZX_USER_SIGNAL_1));
		ASSERT_EQ(ZX_OK, zx_object_signal(r.e, ZX_USER_SIGNAL_1, 0));
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, r.e));
	zxt_close(_metadata, r.e);
	TH_LOG("%lu iterations, %lu registrations", loop.done, total);
}

/* A watched handle's close racing a match: one packet, or none. */
TEST_ZX_SLOW(match_races_handle_close)
{
	struct match_close_race r = { 0 };
	unsigned long delivered = 0, canceled = 0;
	struct zxt_loop loop;
	zx_handle_t p = zxt_port(_metadata);
	pthread_t t;

	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, match_close_signaller, &r));
	zxt_loop_init(&loop, 200, 20000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t e = zxt_event(_metadata);
		zx_port_packet_t pkt;
		zx_status_t st;

		r.e = zxt_dup(_metadata, e, ZX_RIGHT_SIGNAL);
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, loop.done, ZX_USER_SIGNAL_0, 0));
		pthread_barrier_wait(&r.start);
		ASSERT_EQ(ZX_OK, zx_handle_close(e));
		pthread_barrier_wait(&r.end);
		ASSERT_EQ(ZX_OK, r.st);
		st = zx_port_wait(p, 0, &pkt);
		if (st == ZX_OK) {
			ASSERT_EQ(loop.done, pkt.key);
			ASSERT_EQ(ZX_USER_SIGNAL_0, pkt.signal.observed);
			delivered++;
		} else {
			ASSERT_EQ(ZX_ERR_TIMED_OUT, st);
			canceled++;
		}
		zxt_port_empty(p);
		zxt_close(_metadata, r.e);
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(t, NULL));
	zxt_close(_metadata, p);
	TH_LOG("%lu iterations: %lu delivered, %lu canceled", loop.done, delivered, canceled);
}

/*
 * port_cancel / port_cancel_key racing a match, with a thread draining
 * the port: every registration either has its packet delivered or is
 * reported by the cancel, never both, never neither.
 */
enum { RACE_KEYS = 8 };
#define RACE_SENTINEL (~0ull)

struct cancel_race {
	pthread_barrier_t start, end;
	sem_t drained;
	zx_handle_t port, e;
	bool stop;
	zx_status_t sig_st;
	uint64_t base;
	int delivered[RACE_KEYS];
	int bad;			/* a packet the drainer did not expect */
};

static void *cancel_race_signaller(void *arg)
{
	struct cancel_race *r = arg;

	for (;;) {
		pthread_barrier_wait(&r->start);
		if (r->stop)
			return NULL;
		r->sig_st = zx_object_signal(r->e, 0, ZX_USER_SIGNAL_0);
		pthread_barrier_wait(&r->end);
	}
}

static void *cancel_race_drainer(void *arg)
{
	struct cancel_race *r = arg;

	for (;;) {
		zx_port_packet_t pkt;

		if (zx_port_wait(r->port, ZX_TIME_INFINITE, &pkt) != ZX_OK) {
			r->bad++;
			return NULL;
		}
		if (pkt.key == RACE_SENTINEL) {
			if (pkt.status == 1)
				return NULL;
			sem_post(&r->drained);
			continue;
		}
		if (pkt.type != ZX_PKT_TYPE_SIGNAL_ONE || pkt.key < r->base ||
		    pkt.key >= r->base + RACE_KEYS) {
			r->bad++;
			continue;
		}
		__atomic_add_fetch(&r->delivered[pkt.key - r->base], 1, __ATOMIC_RELAXED);
	}
}

static void cancel_race(struct __test_metadata *_metadata, bool by_key)
{
	struct cancel_race r = { 0 };
	unsigned long n_delivered = 0, n_canceled = 0;
	struct zxt_loop loop;
	pthread_t sig, drain;
	zx_port_packet_t sentinel = zxt_user_packet(RACE_SENTINEL);
	int k;

	r.port = zxt_port(_metadata);
	r.e = zxt_event(_metadata);
	ASSERT_EQ(0, sem_init(&r.drained, 0, 0));
	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.end, NULL, 2));
	ASSERT_EQ(0, pthread_create(&sig, NULL, cancel_race_signaller, &r));
	ASSERT_EQ(0, pthread_create(&drain, NULL, cancel_race_drainer, &r));
	zxt_loop_init(&loop, 200, 20000);
	while (zxt_loop_next(&loop)) {
		zx_status_t st[RACE_KEYS];

		r.base = (uint64_t)loop.done * RACE_KEYS;
		memset(r.delivered, 0, sizeof(r.delivered));
		for (k = 0; k < RACE_KEYS; k++) {
			ASSERT_EQ(ZX_OK, zx_object_wait_async(r.e, r.port, r.base + k,
							      ZX_USER_SIGNAL_0,
							      (k & 1) ? ZX_WAIT_ASYNC_EDGE : 0));
		}
		pthread_barrier_wait(&r.start);
		for (k = 0; k < RACE_KEYS; k++)
			st[k] = by_key ? zx_port_cancel_key(r.port, 0, r.base + k)
				       : zx_port_cancel(r.port, r.e, r.base + k);
		pthread_barrier_wait(&r.end);
		ASSERT_EQ(ZX_OK, r.sig_st);
		/* all matches happened during the signal: their packets are ahead */
		sentinel.status = 0;
		ASSERT_EQ(ZX_OK, zx_port_queue(r.port, &sentinel));
		while (sem_wait(&r.drained) != 0)
			;
		ASSERT_EQ(0, r.bad);
		for (k = 0; k < RACE_KEYS; k++) {
			int d = __atomic_load_n(&r.delivered[k], __ATOMIC_RELAXED);

			ASSERT_TRUE(st[k] == ZX_OK || st[k] == ZX_ERR_NOT_FOUND)
				TH_LOG("iteration %lu key %d: %d", loop.done, k, st[k]);
			ASSERT_LE(d, 1) TH_LOG("iteration %lu key %d delivered twice", loop.done, k);
			ASSERT_EQ(st[k] == ZX_OK ? 0 : 1, d)
				TH_LOG("iteration %lu key %d: cancel %s, %d packet(s)", loop.done, k,
				       zx_status_get_string(st[k]), d);
			if (d)
				n_delivered++;
			else
				n_canceled++;
		}
		/* nothing left behind either way */
		for (k = 0; k < RACE_KEYS; k++) {
			ASSERT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(r.port, r.e, r.base + k));
		}
		ASSERT_EQ(ZX_OK, zx_object_signal(r.e, ZX_USER_SIGNAL_0, 0));
	}
	r.stop = true;
	pthread_barrier_wait(&r.start);
	ASSERT_EQ(0, pthread_join(sig, NULL));
	sentinel.status = 1;
	ASSERT_EQ(ZX_OK, zx_port_queue(r.port, &sentinel));
	ASSERT_EQ(0, pthread_join(drain, NULL));
	zxt_port_empty(r.port);
	zxt_close(_metadata, r.e);
	zxt_close(_metadata, r.port);
	TH_LOG("%lu iterations: %lu delivered, %lu canceled", loop.done, n_delivered, n_canceled);
}

TEST_ZX_SLOW(port_cancel_races_match)
{
	cancel_race(_metadata, false);
}

TEST_ZX_SLOW(port_cancel_key_races_match)
{
	cancel_race(_metadata, true);
}

/* ------------------------------------------------------------------ */
/* the event loop: 4 threads, events, timers and user packets           */

enum { LOOP_THREADS = 4, LOOP_EVENTS = 8, LOOP_MAX = 100000, LOOP_MIN = 6000 };

struct evloop {
	zx_handle_t port;
	zx_handle_t events[LOOP_EVENTS];
	zx_handle_t timers[LOOP_THREADS];
	uint8_t made[LOOP_MAX];
	uint8_t seen[LOOP_MAX];
	unsigned long next;
	int64_t end_ns;
	pthread_barrier_t start;
	int fail_line;
	long long fail_got, fail_want;
	unsigned long by_kind[3];
};

struct evloop_thread {
	pthread_t t;
	struct evloop *l;
	int id;
	uint64_t seed;
};

#define L_CHECK(want, got) do { \
	long long __w = (long long)(want), __g = (long long)(got); \
	if (__w != __g) { \
		l->fail_want = __w; \
		l->fail_got = __g; \
		__atomic_store_n(&l->fail_line, __LINE__, __ATOMIC_RELEASE); \
		return NULL; \
	} \
} while (0)

static void *evloop_main(void *arg)
{
	struct evloop_thread *th = arg;
	struct evloop *l = th->l;
	zx_handle_t timer = l->timers[th->id];

	pthread_barrier_wait(&l->start);
	for (;;) {
		unsigned long k = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
		unsigned int kind = (unsigned int)(zxt_rand(&th->seed) % 3);
		zx_port_packet_t pkt;
		zx_status_t st;

		if (k >= LOOP_MAX || (k >= LOOP_MIN && zxt_mono_ns() > l->end_ns))
			return NULL;
		if (__atomic_load_n(&l->fail_line, __ATOMIC_ACQUIRE))
			return NULL;
		l->made[k] = (uint8_t)(kind + 1);
		__atomic_add_fetch(&l->by_kind[kind], 1, __ATOMIC_RELAXED);
		switch (kind) {
		case 0:	/* a posted task */
			pkt = zxt_user_packet(k);
			while ((st = zx_port_queue(l->port, &pkt)) == ZX_ERR_SHOULD_WAIT)
				sched_yield();
			L_CHECK(ZX_OK, st);
			break;
		case 1:	/* an event wait, signaled now or by another thread */
		{
			zx_handle_t e = l->events[zxt_rand(&th->seed) % LOOP_EVENTS];

			L_CHECK(ZX_OK, zx_object_wait_async(e, l->port, k, ZX_USER_SIGNAL_0,
							    (k & 1) ? ZX_WAIT_ASYNC_TIMESTAMP : 0));
			L_CHECK(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
			L_CHECK(ZX_OK, zx_object_signal(e, ZX_USER_SIGNAL_0, 0));
			break;
		}
		case 2:	/* a scheduled task: this thread's timer, re-armed */
			/*
			 * Re-arming replaces the deadline, so an older registration
			 * still pending on this timer fires at the new one.
			 */
			L_CHECK(ZX_OK, zx_timer_set(timer, zx_deadline_after(
				(zx_duration_t)(zxt_rand(&th->seed) % 50000)), 0));
			L_CHECK(ZX_OK, zx_object_wait_async(timer, l->port, k, ZX_TIMER_SIGNALED, 0));
			break;
		}
		/* one packet out for each one in; any thread's */
		memset(&pkt, 0, sizeof(pkt));
		L_CHECK(ZX_OK, zx_port_wait(l->port, zx_deadline_after(ZXT_SEC(60)), &pkt));
		L_CHECK(1, pkt.key < LOOP_MAX);
		L_CHECK(1, l->made[pkt.key] != 0);
		switch (l->made[pkt.key] - 1) {
		case 0:
			L_CHECK(1, zxt_user_packet_ok(&pkt));
			break;
		case 1:
			L_CHECK(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
			L_CHECK(ZX_USER_SIGNAL_0, pkt.signal.trigger);
			L_CHECK(1, pkt.signal.count);
			L_CHECK(1, (pkt.key & 1) == (pkt.signal.timestamp != 0));
			break;
		case 2:
			L_CHECK(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
			L_CHECK(ZX_TIMER_SIGNALED, pkt.signal.trigger);
			L_CHECK(ZX_TIMER_SIGNALED, pkt.signal.observed);
			break;
		}
		L_CHECK(1, __atomic_add_fetch(&l->seen[pkt.key], 1, __ATOMIC_RELAXED));
	}
}

TEST_ZX_SLOW(event_loop_no_lost_or_duplicate_packets)
{
	struct evloop *l = calloc(1, sizeof(*l));
	struct evloop_thread th[LOOP_THREADS];
	unsigned long k, made = 0;
	int i;

	ASSERT_NE(NULL, l);
	l->port = zxt_port(_metadata);
	for (i = 0; i < LOOP_EVENTS; i++)
		l->events[i] = zxt_event(_metadata);
	for (i = 0; i < LOOP_THREADS; i++)
		l->timers[i] = zxt_timer(_metadata, i % 3);
	ASSERT_EQ(0, pthread_barrier_init(&l->start, NULL, LOOP_THREADS));
	/* at least LOOP_MIN items, more if the time budget (x4) allows */
	l->end_ns = zxt_mono_ns() + 4 * zxt_budget_ns();
	for (i = 0; i < LOOP_THREADS; i++) {
		th[i].l = l;
		th[i].id = i;
		th[i].seed = 0x243F6A8885A308D3ull * (uint64_t)(i + 1);
		ASSERT_EQ(0, pthread_create(&th[i].t, NULL, evloop_main, &th[i]));
	}
	for (i = 0; i < LOOP_THREADS; i++)
		ASSERT_EQ(0, pthread_join(th[i].t, NULL));
	ASSERT_EQ(0, l->fail_line) TH_LOG("line %d: got %lld, want %lld",
					  l->fail_line, l->fail_got, l->fail_want);
	for (k = 0; k < LOOP_MAX; k++) {
		if (l->made[k])
			made++;
		ASSERT_EQ(l->made[k] ? 1 : 0, l->seen[k]) TH_LOG("key %lu", k);
	}
	zxt_port_empty(l->port);
	TH_LOG("%lu items: %lu posted, %lu event waits, %lu timers", made,
	       l->by_kind[0], l->by_kind[1], l->by_kind[2]);
	for (i = 0; i < LOOP_THREADS; i++)
		zxt_close(_metadata, l->timers[i]);
	for (i = 0; i < LOOP_EVENTS; i++)
		zxt_close(_metadata, l->events[i]);
	zxt_close(_metadata, l->port);
	free(l);
}

TEST_HARNESS_MAIN
