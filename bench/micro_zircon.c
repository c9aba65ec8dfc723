// SPDX-License-Identifier: GPL-2.0
/*
 * Single-thread microbenchmarks of /dev/zircon, named after Zircon's own
 * (fuchsia's src/tests/microbenchmarks), and the two floors every figure
 * is read against: a null syscall and a no-op ioctl on /dev/zircon.
 */
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/zircon.h>
#include <zircon/linux.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#include "bench.h"

#define CHECK_OK(call)                                                  \
	do {                                                            \
		zx_status_t st_ = (call);                               \
		bench_check(st_ == ZX_OK, "%s: %d", #call, st_);        \
	} while (0)

struct zx_state {
	zx_handle_t event;
	zx_handle_t items[4];
	zx_handle_t port;
	zx_handle_t ch[2];
	int device;
};

static void ioctl_null(void *state, uint64_t n)
{
	struct zx_state *s = state;

	while (n--)
		bench_check(ioctl(s->device, ZIRCON_IOC_NOP, 0) == 0, "NOP");
}

static void event_create_close(void *state, uint64_t n)
{
	zx_handle_t h;

	(void)state;
	while (n--) {
		CHECK_OK(zx_event_create(0, &h));
		CHECK_OK(zx_handle_close(h));
	}
}

/* Every op changes the signal word: set, then clear, then set... */
static void event_signal(void *state, uint64_t n)
{
	struct zx_state *s = state;

	for (; n >= 2; n -= 2) {
		CHECK_OK(zx_object_signal(s->event, 0, ZX_EVENT_SIGNALED));
		CHECK_OK(zx_object_signal(s->event, ZX_EVENT_SIGNALED, 0));
	}
	if (n)
		CHECK_OK(zx_object_signal(s->event, 0, ZX_EVENT_SIGNALED));
}

static void event_duplicate_close(void *state, uint64_t n)
{
	struct zx_state *s = state;
	zx_handle_t h;

	while (n--) {
		CHECK_OK(zx_handle_duplicate(s->event, ZX_RIGHT_SAME_RIGHTS, &h));
		CHECK_OK(zx_handle_close(h));
	}
}

/* The handle moves to a new value each time; the state follows it. */
static void event_replace(void *state, uint64_t n)
{
	struct zx_state *s = state;

	while (n--)
		CHECK_OK(zx_handle_replace(s->event, ZX_RIGHT_SAME_RIGHTS,
					   &s->event));
}

static void wait_already_signaled(void *state, uint64_t n)
{
	struct zx_state *s = state;
	zx_signals_t observed;

	while (n--)
		CHECK_OK(zx_object_wait_one(s->event, ZX_EVENT_SIGNALED,
					    ZX_TIME_INFINITE, &observed));
}

/* Four events, the last one signaled: every item is looked at. */
static void wait_many_already_signaled(void *state, uint64_t n)
{
	struct zx_state *s = state;
	zx_wait_item_t items[4];
	int i;

	for (i = 0; i < 4; i++)
		items[i] = (zx_wait_item_t){ .handle = s->items[i],
					     .waitfor = ZX_EVENT_SIGNALED };
	while (n--)
		CHECK_OK(zx_object_wait_many(items, 4, ZX_TIME_INFINITE));
}

static void port_queue_wait(void *state, uint64_t n)
{
	struct zx_state *s = state;
	zx_port_packet_t in = { .key = 7, .type = ZX_PKT_TYPE_USER }, out;

	while (n--) {
		CHECK_OK(zx_port_queue(s->port, &in));
		CHECK_OK(zx_port_wait(s->port, ZX_TIME_INFINITE, &out));
	}
}

/* Register on a quiet event, fire it, take the packet, quiet it again. */
static void object_wait_async(void *state, uint64_t n)
{
	struct zx_state *s = state;
	zx_port_packet_t out;

	while (n--) {
		CHECK_OK(zx_object_wait_async(s->event, s->port, 1,
					      ZX_EVENT_SIGNALED, 0));
		CHECK_OK(zx_object_signal(s->event, 0, ZX_EVENT_SIGNALED));
		CHECK_OK(zx_port_wait(s->port, ZX_TIME_INFINITE, &out));
		CHECK_OK(zx_object_signal(s->event, ZX_EVENT_SIGNALED, 0));
	}
}

static void channel_write_read_64(void *state, uint64_t n)
{
	struct zx_state *s = state;
	char msg[64] = "zxbench", buf[64];
	uint32_t bytes, handles;

	while (n--) {
		CHECK_OK(zx_channel_write(s->ch[0], 0, msg, sizeof(msg),
					  NULL, 0));
		CHECK_OK(zx_channel_read(s->ch[1], 0, buf, NULL, sizeof(buf),
					 0, &bytes, &handles));
	}
}

void bench_micro_zircon(void)
{
	struct zx_state s;
	zx_handle_t all[8];
	int i;

	CHECK_OK(zx_event_create(0, &s.event));
	for (i = 0; i < 4; i++)
		CHECK_OK(zx_event_create(0, &s.items[i]));
	CHECK_OK(zx_object_signal(s.items[3], 0, ZX_EVENT_SIGNALED));
	CHECK_OK(zx_port_create(0, &s.port));
	CHECK_OK(zx_channel_create(0, &s.ch[0], &s.ch[1]));
	s.device = zx_linux_device_fd();
	bench_check(s.device >= 0, "open /dev/zircon");

	bench_micro("zircon", "Syscall/Null", bench_null_syscall, &s);
	bench_micro("zircon", "Ioctl/Null", ioctl_null, &s);
	bench_micro("zircon", "Event/Create+Close", event_create_close, &s);
	bench_micro("zircon", "Event/Signal", event_signal, &s);
	bench_micro("zircon", "Event/Duplicate+Close", event_duplicate_close, &s);
	bench_micro("zircon", "Event/Replace", event_replace, &s);
	CHECK_OK(zx_object_signal(s.event, 0, ZX_EVENT_SIGNALED));
	bench_micro("zircon", "WaitForAlreadySignaledEvent",
		    wait_already_signaled, &s);
	bench_micro("zircon", "WaitForManyWithAlreadySignaledEvent",
		    wait_many_already_signaled, &s);
	CHECK_OK(zx_object_signal(s.event, ZX_EVENT_SIGNALED, 0));
	bench_micro("zircon", "Port/QueueWait", port_queue_wait, &s);
	bench_micro("zircon", "ObjectWaitAsync", object_wait_async, &s);
	bench_micro("zircon", "Channel/Write+Read/64", channel_write_read_64, &s);

	all[0] = s.event;
	for (i = 0; i < 4; i++)
		all[1 + i] = s.items[i];
	all[5] = s.port;
	all[6] = s.ch[0];
	all[7] = s.ch[1];
	CHECK_OK(zx_handle_close_many(all, 8));
}
