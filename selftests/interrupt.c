// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual interrupts: zx_interrupt_create(ZX_INTERRUPT_VIRTUAL) with
 * ZX_HANDLE_INVALID for the resource, trigger, wait (blocking; destroy and
 * the last close release it with CANCELED), ack, destroy, bind and unbind
 * to ports made with ZX_PORT_BIND_TO_INTERRUPT, ZX_PKT_TYPE_INTERRUPT
 * packets with the trigger's timestamp, UNTRIGGERED, the errors in the
 * spec's order, and trigger racing destroy, the port's close and waits.
 */
#define ZXT_FIXTURE interrupt
#include "zx_selftest.h"

#include <stdatomic.h>

#define UNTRIG ZX_VIRTUAL_INTERRUPT_UNTRIGGERED

static zx_handle_t irq_new(struct __test_metadata *_metadata)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_interrupt_create(ZX_HANDLE_INVALID, 0, ZX_INTERRUPT_VIRTUAL, &h));
	return h;
}

static zx_handle_t bport(struct __test_metadata *_metadata)
{
	zx_handle_t p = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_port_create(ZX_PORT_BIND_TO_INTERRUPT, &p));
	return p;
}

TEST_ZX(create_defaults)
{
	zx_handle_t i = irq_new(_metadata);
	zx_info_handle_basic_t info = zxt_info(_metadata, i);

	EXPECT_EQ(9u, info.type);
	EXPECT_EQ(ZX_OBJ_TYPE_INTERRUPT, info.type);
	EXPECT_EQ(0xD00Fu, info.rights);
	EXPECT_EQ(UNTRIG, zxt_signals(_metadata, i));
	EXPECT_EQ(7u, ZX_PKT_TYPE_INTERRUPT);
	zxt_close(_metadata, i);
	/* the resource is ignored for a virtual interrupt */
	ASSERT_EQ(ZX_OK, zx_interrupt_create(0x12345677, 99,
					     ZX_INTERRUPT_VIRTUAL | ZX_INTERRUPT_TIMESTAMP_MONO, &i));
	zxt_close(_metadata, i);
}

TEST_ZX(create_bad_options)
{
	static const uint32_t bad[] = { 0, 1, 0x20, 0x30, 0x11, ZX_INTERRUPT_SLOT_USER, 0x80000010u };
	zx_handle_t h = 0x1234;
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(bad); k++)
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_interrupt_create(ZX_HANDLE_INVALID, 0, bad[k], &h))
			TH_LOG("options 0x%x", bad[k]);
	EXPECT_EQ(0x1234u, h);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_interrupt_create(ZX_HANDLE_INVALID, 0, ZX_INTERRUPT_VIRTUAL, NULL));
}

TEST_ZX(trigger_then_wait)
{
	zx_handle_t i = irq_new(_metadata);
	zx_time_t ts = 0;

	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 123));
	EXPECT_EQ(0u, zxt_signals(_metadata, i) & UNTRIG);
	/* a second trigger before the wait keeps the first timestamp */
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 456));
	ASSERT_EQ(ZX_OK, zx_interrupt_wait(i, &ts));
	EXPECT_EQ(123, ts);
	/* again, with no timestamp wanted */
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 789));
	ASSERT_EQ(ZX_OK, zx_interrupt_wait(i, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_interrupt_trigger(i, 1, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_interrupt_trigger(ZX_HANDLE_INVALID, 1, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_interrupt_trigger(ZX_HANDLE_INVALID, 0, 0));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_interrupt_wait(i, (zx_time_t *)8));
	zxt_close(_metadata, i);
}

struct waiter {
	zx_handle_t i;
	_Atomic pid_t tid;
	zx_status_t status;
	zx_time_t ts;
};

static void *wait_main(void *arg)
{
	struct waiter *w = arg;

	atomic_store(&w->tid, zxt_gettid());
	w->status = zx_interrupt_wait(w->i, &w->ts);
	return NULL;
}

static void start_waiter(struct __test_metadata *_metadata, struct waiter *w, pthread_t *t)
{
	ASSERT_EQ(0, pthread_create(t, NULL, wait_main, w));
	while (!atomic_load(&w->tid))
		sched_yield();
	zxt_wait_blocked(atomic_load(&w->tid), ZIRCON_IOC_INTERRUPT_WAIT);
}

TEST_ZX(wait_blocks_until_trigger)
{
	struct waiter w = { .i = irq_new(_metadata) };
	pthread_t t;

	start_waiter(_metadata, &w, &t);
	EXPECT_EQ(UNTRIG, zxt_signals(_metadata, w.i) & UNTRIG);
	/* one waiter at a time */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_interrupt_wait(w.i, NULL));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(w.i, 0, 42));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(42, w.ts);
	zxt_close(_metadata, w.i);
}

TEST_ZX(destroy_and_close_release_the_waiter)
{
	struct waiter w = { .i = irq_new(_metadata) };
	pthread_t t;

	start_waiter(_metadata, &w, &t);
	ASSERT_EQ(ZX_OK, zx_interrupt_destroy(w.i));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(ZX_ERR_CANCELED, zx_interrupt_trigger(w.i, 0, 1));
	EXPECT_EQ(ZX_ERR_CANCELED, zx_interrupt_wait(w.i, NULL));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_interrupt_ack(w.i));	/* not bound */
	zxt_close(_metadata, w.i);

	w = (struct waiter){ .i = irq_new(_metadata) };
	start_waiter(_metadata, &w, &t);
	zxt_close(_metadata, w.i);
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
}

TEST_ZX(rights)
{
	zx_handle_t i = irq_new(_metadata), p = bport(_metadata), d;

	d = zxt_dup(_metadata, i, ZX_RIGHT_WAIT | ZX_RIGHT_READ | ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_interrupt_trigger(d, 0, 1));
	zxt_close(_metadata, d);
	d = zxt_dup(_metadata, i, ZX_RIGHT_SIGNAL | ZX_RIGHT_READ | ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_interrupt_wait(d, NULL));
	zxt_close(_metadata, d);
	d = zxt_dup(_metadata, i, ZX_RIGHT_SIGNAL | ZX_RIGHT_WAIT | ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_interrupt_bind(d, p, 1, ZX_INTERRUPT_BIND));
	zxt_close(_metadata, d);
	d = zxt_dup(_metadata, i, ZX_RIGHT_SIGNAL | ZX_RIGHT_WAIT | ZX_RIGHT_READ);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_interrupt_ack(d));
	zxt_close(_metadata, d);
	d = zxt_dup(_metadata, p, ZX_RIGHT_READ);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_interrupt_bind(i, d, 1, ZX_INTERRUPT_BIND));
	zxt_close(_metadata, d);
	/* destroy needs no rights */
	d = zxt_dup(_metadata, i, ZX_RIGHT_TRANSFER);
	EXPECT_EQ(ZX_OK, zx_interrupt_destroy(d));
	zxt_close(_metadata, d);
	zxt_close(_metadata, p);
	zxt_close(_metadata, i);
}

TEST_ZX(bind_errors_in_order)
{
	zx_handle_t i = irq_new(_metadata), p = bport(_metadata), p2 = bport(_metadata), plain;
	zx_handle_t e = zxt_event(_metadata);

	ASSERT_EQ(ZX_OK, zx_port_create(0, &plain));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_interrupt_bind(i, p, 1, 2));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_interrupt_bind(ZX_HANDLE_INVALID, p, 1, 2));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_interrupt_bind(ZX_HANDLE_INVALID, p, 1, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_interrupt_bind(e, p, 1, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_interrupt_bind(i, e, 1, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_interrupt_bind(i, plain, 1, 0));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_interrupt_bind(i, p, 1, ZX_INTERRUPT_UNBIND));
	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 1, ZX_INTERRUPT_BIND));
	EXPECT_EQ(ZX_ERR_ALREADY_BOUND, zx_interrupt_bind(i, p, 1, ZX_INTERRUPT_BIND));
	EXPECT_EQ(ZX_ERR_ALREADY_BOUND, zx_interrupt_bind(i, p2, 1, ZX_INTERRUPT_BIND));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_interrupt_bind(i, p2, 1, ZX_INTERRUPT_UNBIND));
	/* bound: no waits */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_interrupt_wait(i, NULL));
	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 1, ZX_INTERRUPT_UNBIND));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_interrupt_ack(i));
	ASSERT_EQ(ZX_OK, zx_interrupt_destroy(i));
	EXPECT_EQ(ZX_ERR_CANCELED, zx_interrupt_bind(i, p, 1, ZX_INTERRUPT_BIND));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_interrupt_bind(i, p, 1, ZX_INTERRUPT_UNBIND));
	zxt_close(_metadata, i);
	zxt_close(_metadata, p);
	zxt_close(_metadata, p2);
	zxt_close(_metadata, plain);
	zxt_close(_metadata, e);
}

static void take_irq(struct __test_metadata *_metadata, zx_handle_t p, uint64_t key, zx_time_t ts)
{
	zx_port_packet_t pkt;

	memset(&pkt, 0xa5, sizeof(pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	EXPECT_EQ(key, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_INTERRUPT, pkt.type);
	EXPECT_EQ(ZX_OK, pkt.status);
	EXPECT_EQ(ts, pkt.interrupt.timestamp);
	EXPECT_EQ(0u, pkt.interrupt.reserved0);
	EXPECT_EQ(0u, pkt.interrupt.reserved1);
	EXPECT_EQ(0u, pkt.interrupt.reserved2);
}

TEST_ZX(bound_packets_and_acks)
{
	zx_handle_t i = irq_new(_metadata), p = bport(_metadata);
	zx_port_packet_t pkt;

	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 77, ZX_INTERRUPT_BIND));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 1000));
	take_irq(_metadata, p, 77, 1000);
	/* NEEDACK: the next trigger waits for the ack */
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 2000));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 3000));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, &pkt));
	ASSERT_EQ(ZX_OK, zx_interrupt_ack(i));
	take_irq(_metadata, p, 77, 2000);
	ASSERT_EQ(ZX_OK, zx_interrupt_ack(i));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, &pkt));
	EXPECT_EQ(UNTRIG, zxt_signals(_metadata, i) & UNTRIG);
	ASSERT_EQ(ZX_OK, zx_interrupt_ack(i));	/* IDLE: fine */
	/* interrupt packets come before the others */
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &(zx_port_packet_t){ .key = 5 }));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 4000));
	take_irq(_metadata, p, 77, 4000);
	ASSERT_EQ(ZX_OK, zx_port_wait(p, 0, &pkt));
	EXPECT_EQ(5u, pkt.key);
	/* destroy after the packet was read: NOT_FOUND, and destroyed */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_interrupt_destroy(i));
	EXPECT_EQ(ZX_ERR_CANCELED, zx_interrupt_ack(i));
	EXPECT_EQ(ZX_ERR_CANCELED, zx_interrupt_trigger(i, 0, 1));
	zxt_close(_metadata, i);
	zxt_close(_metadata, p);
}

TEST_ZX(bind_delivers_an_earlier_trigger_and_unbind_takes_it_back)
{
	zx_handle_t i = irq_new(_metadata), p = bport(_metadata);
	zx_port_packet_t pkt;

	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 55));
	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 3, ZX_INTERRUPT_BIND));
	take_irq(_metadata, p, 3, 55);
	ASSERT_EQ(ZX_OK, zx_interrupt_ack(i));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 66));
	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 3, ZX_INTERRUPT_UNBIND));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, &pkt));
	/* destroy with the packet still queued: OK, and the packet goes */
	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 4, ZX_INTERRUPT_BIND));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 77));
	EXPECT_EQ(ZX_OK, zx_interrupt_destroy(i));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, &pkt));
	zxt_close(_metadata, i);
	zxt_close(_metadata, p);
}

/* An ack or trigger while the last packet is still unread is refused. */
TEST_ZX(requeue_of_an_unread_packet)
{
	zx_handle_t i = irq_new(_metadata), p = bport(_metadata);
	zx_port_packet_t pkt;

	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 8, ZX_INTERRUPT_BIND));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 10));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 20));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_interrupt_ack(i));
	take_irq(_metadata, p, 8, 10);
	ASSERT_EQ(ZX_OK, zx_interrupt_ack(i));
	/* ack with nothing pending, packet unread: idle, the next trigger waits */
	ASSERT_EQ(ZX_OK, zx_interrupt_ack(i));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_interrupt_trigger(i, 0, 30));
	take_irq(_metadata, p, 8, 20);
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 40));
	take_irq(_metadata, p, 8, 30);	/* the pending one's timestamp */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(p, 0, &pkt));
	zxt_close(_metadata, i);
	zxt_close(_metadata, p);
}

/* The port closes under a bound interrupt: triggers fail, nothing leaks. */
TEST_ZX(port_closed_while_bound)
{
	zx_handle_t i = irq_new(_metadata), p = bport(_metadata);

	ASSERT_EQ(ZX_OK, zx_interrupt_bind(i, p, 1, ZX_INTERRUPT_BIND));
	ASSERT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 1));
	zxt_close(_metadata, p);
	/* the packets go nowhere, as into a port nobody reads */
	EXPECT_EQ(ZX_OK, zx_interrupt_ack(i));
	EXPECT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 2));
	EXPECT_EQ(ZX_OK, zx_interrupt_trigger(i, 0, 3));
	EXPECT_EQ(ZX_OK, zx_interrupt_ack(i));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_interrupt_destroy(i));
	zxt_close(_metadata, i);
}

/* Trigger, wait, destroy, ack, bind and the port's close, all at once. */
struct race {
	zx_handle_t i, p;
	int which;
};

static void *race_main(void *arg)
{
	struct race *r = arg;
	zx_port_packet_t pkt;

	switch (r->which) {
	case 0:
		for (int k = 0; k < 20; k++)
			zx_interrupt_trigger(r->i, 0, k);
		break;
	case 1:
		zx_interrupt_wait(r->i, NULL);
		break;
	case 2:
		zx_interrupt_bind(r->i, r->p, 9, ZX_INTERRUPT_BIND);
		zx_port_wait(r->p, 0, &pkt);
		zx_interrupt_ack(r->i);
		zx_handle_close(r->p);
		break;
	default:
		zx_interrupt_destroy(r->i);
		break;
	}
	return NULL;
}

TEST_ZX_SLOW(trigger_destroy_close_wait_race)
{
	struct zxt_loop l;

	zxt_loop_init(&l, 100, 3000);
	while (zxt_loop_next(&l)) {
		struct race r[4];
		pthread_t t[4];
		zx_handle_t i = irq_new(_metadata), p = bport(_metadata);

		for (int k = 0; k < 4; k++) {
			r[k] = (struct race){ .i = i, .p = p, .which = k };
			ASSERT_EQ(0, pthread_create(&t[k], NULL, race_main, &r[k]));
		}
		for (int k = 0; k < 4; k++)
			ASSERT_EQ(0, pthread_join(t[k], NULL));
		/* whatever happened, it is destroyed now */
		EXPECT_EQ(ZX_ERR_CANCELED, zx_interrupt_trigger(i, 0, 1));
		zxt_close(_metadata, i);
	}
	TH_LOG("%lu rounds", l.done);
}

TEST_HARNESS_MAIN
