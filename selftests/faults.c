// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures and resource exhaustion.
 *
 * faults: FAILSLAB and FAIL_PAGE_ALLOC (socket buffers are whole pages),
 * aimed at the module's own allocations (the fault injection stack-trace
 * filter on the module's text) and at this task only (make-it-fail), fail
 * about half of them while each call that allocates runs many times. Every call must either succeed or fail with
 * ZX_ERR_NO_MEMORY, and a failure must leave the source handle, its rights,
 * its object's signals and its handle count exactly as they were; for
 * channels, a failed write still consumes the handles it names and queues
 * nothing, a failed read leaves its message queued, and a failed call
 * leaves the server able to answer the next one. Leaks are
 * caught by kmemleak after the run (the VM runner scans once the module is
 * unloaded). Needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_STACKTRACE_FILTER
 * (the debug kernel); skipped elsewhere. CONFIG_FAIL_PAGE_ALLOC is used
 * when there (user page faults, __GFP_HIGHMEM, stay exempt).
 *
 * memcg: a process in a memory cgroup with a small limit makes events until
 * the module refuses; the cgroup's peak never passes its limit, and another
 * process outside the cgroup keeps working meanwhile.
 */
#define ZXT_FIXTURE faults
#include "zx_selftest.h"

#include <zircon/syscalls/clock.h>
#include <zircon/syscalls/port.h>

#define FAILSLAB "/sys/kernel/debug/failslab"
#define FAIL_PAGE_ALLOC "/sys/kernel/debug/fail_page_alloc"
#define ROUNDS 60

/* The range of the module's text, from /proc/kallsyms. */
static bool module_text(unsigned long long *start, unsigned long long *end)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	unsigned long long addr, lo = ~0ull, hi = 0;
	char type, name[256], mod[64];

	if (!f)
		return false;
	while (fscanf(f, "%llx %c %255s", &addr, &type, name) == 3) {
		int c = fgetc(f);

		mod[0] = 0;
		if (c == ' ' || c == '\t')
			if (fscanf(f, " [%63[^]]]", mod) != 1)
				mod[0] = 0;
		if (strcmp(mod, "zircon") || (type != 't' && type != 'T') || !addr)
			continue;
		lo = addr < lo ? addr : lo;
		hi = addr > hi ? addr : hi;
	}
	fclose(f);
	*start = lo;
	*end = hi + 4096;	/* past the start of the last function */
	return hi != 0;
}

/* Aim one fault attribute (@dir) at the module's allocations of tasks that opt in. */
static int fault_attr_setup(const char *dir, unsigned int probability)
{
	unsigned long long start, end;
	char path[128], buf[32];
	int r = 0;

	if (!module_text(&start, &end))
		return -ENOENT;
#define SET(file, value) do { \
	snprintf(path, sizeof(path), "%s/%s", dir, file); \
	r |= zxt_write_file(path, value); \
} while (0)
	snprintf(buf, sizeof(buf), "%llu", start);
	SET("require-start", buf);
	snprintf(buf, sizeof(buf), "%llu", end);
	SET("require-end", buf);
	SET("stacktrace-depth", "32");
	SET("ignore-gfp-wait", "N");
	SET("task-filter", "Y");
	SET("verbose", "0");
	SET("interval", "1");
	SET("times", "-1");
	snprintf(buf, sizeof(buf), "%u", probability);
	SET("probability", buf);
#undef SET
	return r;
}

static bool page_faults_injected;

/*
 * FAILSLAB, and FAIL_PAGE_ALLOC where the kernel has it (orders 0 and up;
 * __GFP_HIGHMEM allocations, which user page faults are, stay exempt by
 * the attribute's default, so copies to and from user memory still fault
 * pages in).
 */
static int failslab_setup(unsigned int probability)
{
	int r = fault_attr_setup(FAILSLAB, probability);

	page_faults_injected = !access(FAIL_PAGE_ALLOC "/require-start", F_OK);
	if (page_faults_injected) {
		r |= fault_attr_setup(FAIL_PAGE_ALLOC, probability);
		r |= zxt_write_file(FAIL_PAGE_ALLOC "/min-order", "0");
		r |= zxt_write_file(FAIL_PAGE_ALLOC "/ignore-gfp-highmem", "Y");
	}
	return r;
}

/* This thread's allocations in the module fail (about half of them). */
static int failslab_on(void)
{
	return zxt_write_file("/proc/thread-self/make-it-fail", "1");
}

static void failslab_off(void)
{
	zxt_write_file("/proc/thread-self/make-it-fail", "0");
}

struct snapshot {
	zx_rights_t rights;
	zx_signals_t signals;
	uint32_t handles;
};

/* Read with injection off: the checks themselves must not fail. */
static struct snapshot snap(struct __test_metadata *_metadata, zx_handle_t h)
{
	struct snapshot s;

	failslab_off();
	s.rights = zxt_rights(_metadata, h);
	s.signals = zxt_signals(_metadata, h);
	s.handles = zxt_handle_count(_metadata, h);
	return s;
}

#define EXPECT_SAME(a, b) do { \
	EXPECT_EQ((a).rights, (b).rights); \
	EXPECT_EQ((a).signals, (b).signals); \
	EXPECT_EQ((a).handles, (b).handles); \
} while (0)

/*
 * Ports, registrations, timers, clocks, counters and interrupts under
 * injected failures: a failed wait_async leaves no registration behind
 * (the object's signal produces no packet for it), a failed queue no
 * packet, and the port keeps working.
 */
static void tally_port_timer(struct __test_metadata *_metadata,
			     unsigned int *failed, unsigned int *succeeded)
{
	zx_port_packet_t pkt = { .key = 1 };
	zx_handle_t port, ev, timer;
	unsigned int registered = 0, queued = 0, got = 0;
	zx_status_t s;

	port = ZX_HANDLE_INVALID;
	for (int i = 0; i < ROUNDS && port == ZX_HANDLE_INVALID; i++) {
		ASSERT_EQ(0, failslab_on());
		s = zx_port_create(0, &port);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY);
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;
	}
	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ev = zxt_event(_metadata);
	for (int i = 0; i < ROUNDS; i++) {
		ASSERT_EQ(0, failslab_on());
		s = zx_object_wait_async(ev, port, 2, ZX_USER_SIGNAL_0, 0);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		registered += s == ZX_OK;
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;

		ASSERT_EQ(0, failslab_on());
		s = zx_port_queue(port, &pkt);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		queued += s == ZX_OK;
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;

		ASSERT_EQ(0, failslab_on());
		s = zx_timer_create(0, ZX_CLOCK_MONOTONIC, &timer);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK) {
			EXPECT_EQ(ZX_OK, zx_timer_set(timer, 0, 0));
			EXPECT_EQ(ZX_OK, zx_handle_close(timer));
		}
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;

		ASSERT_EQ(0, failslab_on());
		s = zx_clock_create(ZX_CLOCK_OPT_AUTO_START, NULL, &timer);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK)
			EXPECT_EQ(ZX_OK, zx_handle_close(timer));
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;

		ASSERT_EQ(0, failslab_on());
		s = zx_interrupt_create(ZX_HANDLE_INVALID, 0, ZX_INTERRUPT_VIRTUAL, &timer);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK) {
			EXPECT_EQ(ZX_OK, zx_interrupt_trigger(timer, 0, 1));
			EXPECT_EQ(ZX_OK, zx_handle_close(timer));
		}
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;

		ASSERT_EQ(0, failslab_on());
		s = zx_counter_create(0, &timer);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK) {
			EXPECT_EQ(ZX_OK, zx_counter_add(timer, 1));
			EXPECT_EQ(ZX_OK, zx_handle_close(timer));
		}
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;
	}
	/* Exactly one packet per successful registration and queue. */
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	while (zx_port_wait(port, 0, &pkt) == ZX_OK)
		got++;
	EXPECT_EQ(registered + queued, got);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

#define FAULT_OK(s) ((s) == ZX_OK || (s) == ZX_ERR_NO_MEMORY)

/*
 * The interop calls: a failed handle_to_fd still consumes the handle (and
 * only it); a failed fd_to_handle leaves the handle in the descriptor for
 * a later import; failed wrappers and poll descriptors leave nothing.
 */
static void tally_interop(struct __test_metadata *_metadata,
			  unsigned int *failed, unsigned int *succeeded)
{
	zx_handle_t src = zxt_event(_metadata), dup, back, w;
	uint32_t count = zxt_handle_count(_metadata, src);
	int efd = eventfd(0, EFD_CLOEXEC), fd;
	zx_status_t s;

	ASSERT_LE(0, efd);
	for (int i = 0; i < ROUNDS; i++) {
		dup = zxt_dup(_metadata, src, ZX_RIGHT_SAME_RIGHTS);
		ASSERT_EQ(0, failslab_on());
		s = zx_linux_handle_to_fd(dup, O_CLOEXEC, &fd);
		failslab_off();
		ASSERT_TRUE(FAULT_OK(s)) TH_LOG("%s", zx_status_get_string(s));
		EXPECT_FALSE(zxt_valid(dup));
		EXPECT_EQ(count + (s == ZX_OK), zxt_handle_count(_metadata, src));
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;
		if (s == ZX_OK) {
			ASSERT_EQ(0, failslab_on());
			s = zx_linux_fd_to_handle(fd, &back);
			failslab_off();
			ASSERT_TRUE(FAULT_OK(s)) TH_LOG("%s", zx_status_get_string(s));
			*failed += s != ZX_OK;
			*succeeded += s == ZX_OK;
			if (s != ZX_OK)	/* still there */
				ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
			EXPECT_EQ(zxt_koid(_metadata, src), zxt_koid(_metadata, back));
			EXPECT_EQ(ZX_OK, zx_handle_close(back));
			close(fd);
		}
		EXPECT_EQ(count, zxt_handle_count(_metadata, src));

		ASSERT_EQ(0, failslab_on());
		s = zx_linux_object_from_fd(efd, &w);
		failslab_off();
		ASSERT_TRUE(FAULT_OK(s)) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK) {
			EXPECT_EQ(ZX_LINUX_FD_WRITABLE, zxt_signals(_metadata, w));
			EXPECT_EQ(ZX_OK, zx_handle_close(w));
		}
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;

		ASSERT_EQ(0, failslab_on());
		s = zx_linux_poll_fd(src, ZX_USER_SIGNAL_0, O_CLOEXEC, &fd);
		failslab_off();
		ASSERT_TRUE(FAULT_OK(s)) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK)
			close(fd);
		*failed += s != ZX_OK;
		*succeeded += s == ZX_OK;
	}
	close(efd);
	EXPECT_EQ(ZX_OK, zx_handle_close(src));
}

/* One injected call's outcome: success or ZX_ERR_NO_MEMORY, counted. */
#define FAULT_COUNT(s, failed, succeeded) do { \
	ASSERT_TRUE(FAULT_OK(s)) TH_LOG("%s", zx_status_get_string(s)); \
	*(failed) += (s) != ZX_OK; \
	*(succeeded) += (s) == ZX_OK; \
} while (0)

/* Pair-creating calls: a failure hands out no handle at all. */
static void tally_create(struct __test_metadata *_metadata,
			 unsigned int *failed, unsigned int *succeeded)
{
	zx_handle_t a, b;
	zx_status_t s;

	for (int i = 0; i < ROUNDS; i++) {
		for (int kind = 0; kind < 3; kind++) {
			a = b = ZX_HANDLE_INVALID;
			ASSERT_EQ(0, failslab_on());
			if (kind == 0)
				s = zx_channel_create(0, &a, &b);
			else if (kind == 1)
				s = zx_socket_create(i & 1 ? ZX_SOCKET_DATAGRAM : 0, &a, &b);
			else
				s = zx_fifo_create(16, 8, 0, &a, &b);
			failslab_off();
			FAULT_COUNT(s, failed, succeeded);
			if (s != ZX_OK) {
				EXPECT_EQ(ZX_HANDLE_INVALID, a);
				EXPECT_EQ(ZX_HANDLE_INVALID, b);
				continue;
			}
			/* The same bits for channels, sockets and FIFOs. */
			EXPECT_EQ(ZX_CHANNEL_WRITABLE, zxt_signals(_metadata, a));
			EXPECT_EQ(ZX_OK, zx_handle_close(a));
			EXPECT_TRUE(zxt_signals(_metadata, b) & ZX_CHANNEL_PEER_CLOSED);
			EXPECT_EQ(ZX_OK, zx_handle_close(b));
		}
	}
}

/*
 * A message with a handle: a failed write still consumes the handle
 * (the source's count says whether a copy is in flight) and queues
 * nothing; a failed read leaves the message, and its handle, queued.
 */
static void tally_channel_handles(struct __test_metadata *_metadata,
				  unsigned int *failed, unsigned int *succeeded)
{
	zx_handle_t a, b, src = zxt_event(_metadata), dup, got;
	uint32_t count = zxt_handle_count(_metadata, src), nb, nh;
	char buf[16] = "with a handle";
	zx_status_t s;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	for (int i = 0; i < ROUNDS; i++) {
		dup = zxt_dup(_metadata, src, ZX_RIGHT_SAME_RIGHTS);
		ASSERT_EQ(0, failslab_on());
		s = zx_channel_write(a, 0, buf, sizeof(buf), &dup, 1);
		failslab_off();
		FAULT_COUNT(s, failed, succeeded);
		EXPECT_FALSE(zxt_valid(dup));
		EXPECT_EQ(count + (s == ZX_OK), zxt_handle_count(_metadata, src));
		EXPECT_EQ(s == ZX_OK ? ZX_CHANNEL_READABLE | ZX_CHANNEL_WRITABLE :
				       ZX_CHANNEL_WRITABLE, zxt_signals(_metadata, b));
		if (s != ZX_OK)
			continue;
		do {
			memset(buf, 0, sizeof(buf));
			ASSERT_EQ(0, failslab_on());
			s = zx_channel_read(b, 0, buf, &got, sizeof(buf), 1, &nb, &nh);
			failslab_off();
			FAULT_COUNT(s, failed, succeeded);
			if (s != ZX_OK) {	/* still queued, handle and all */
				EXPECT_TRUE(zxt_signals(_metadata, b) & ZX_CHANNEL_READABLE);
				EXPECT_EQ(count + 1, zxt_handle_count(_metadata, src));
			}
		} while (s != ZX_OK);
		EXPECT_EQ(sizeof(buf), nb);
		EXPECT_EQ(1u, nh);
		EXPECT_STREQ("with a handle", buf);
		EXPECT_EQ(zxt_koid(_metadata, src), zxt_koid(_metadata, got));
		EXPECT_EQ(ZX_OK, zx_handle_close(got));
		EXPECT_EQ(count, zxt_handle_count(_metadata, src));
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
	EXPECT_EQ(ZX_OK, zx_handle_close(b));
	EXPECT_EQ(ZX_OK, zx_handle_close(src));
}

/*
 * The largest message (its allocation falls back to vmalloc), and a
 * duplicating write_etc, whose source must survive a failure untouched.
 */
static void tally_channel_big(struct __test_metadata *_metadata,
			      unsigned int *failed, unsigned int *succeeded)
{
	uint8_t *out = malloc(ZX_CHANNEL_MAX_MSG_BYTES), *in = malloc(ZX_CHANNEL_MAX_MSG_BYTES);
	zx_handle_t a, b, src = zxt_event(_metadata), got;
	zx_handle_disposition_t d;
	struct snapshot before, after;
	uint32_t nb, nh;
	zx_status_t s;

	ASSERT_TRUE(out && in);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	for (uint32_t i = 0; i < ZX_CHANNEL_MAX_MSG_BYTES; i++)
		out[i] = (uint8_t)(i * 7 + 3);
	for (int i = 0; i < ROUNDS; i++) {
		ASSERT_EQ(0, failslab_on());
		s = zx_channel_write(a, 0, out, ZX_CHANNEL_MAX_MSG_BYTES, NULL, 0);
		failslab_off();
		FAULT_COUNT(s, failed, succeeded);
		if (s == ZX_OK) {
			ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, in, NULL, ZX_CHANNEL_MAX_MSG_BYTES,
							 0, &nb, &nh));
			EXPECT_EQ(ZX_CHANNEL_MAX_MSG_BYTES, nb);
			EXPECT_EQ(0, memcmp(in, out, ZX_CHANNEL_MAX_MSG_BYTES));
		}
		EXPECT_EQ(ZX_CHANNEL_WRITABLE, zxt_signals(_metadata, b));

		before = snap(_metadata, src);
		d = (zx_handle_disposition_t){ ZX_HANDLE_OP_DUPLICATE, src, ZX_OBJ_TYPE_EVENT,
					       ZX_RIGHT_SAME_RIGHTS, ZX_OK };
		ASSERT_EQ(0, failslab_on());
		s = zx_channel_write_etc(a, 0, "d", 1, &d, 1);
		failslab_off();
		FAULT_COUNT(s, failed, succeeded);
		EXPECT_EQ(before.handles + (s == ZX_OK), zxt_handle_count(_metadata, src));
		if (s == ZX_OK) {
			ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, in, &got, 1, 1, &nb, &nh));
			EXPECT_EQ(ZX_OK, zx_handle_close(got));
		}
		after = snap(_metadata, src);
		EXPECT_SAME(before, after);
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
	EXPECT_EQ(ZX_OK, zx_handle_close(b));
	EXPECT_EQ(ZX_OK, zx_handle_close(src));
	free(out);
	free(in);
}

/* Answers every call on its end with an event, until the caller closes. */
static void *call_server(void *arg)
{
	zx_handle_t end = *(zx_handle_t *)arg, in[1], ev;
	zx_signals_t seen;
	uint32_t nb, nh;
	char buf[64];

	for (;;) {
		if (zx_object_wait_one(end, ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen) != ZX_OK ||
		    !(seen & ZX_CHANNEL_READABLE))
			break;
		if (zx_channel_read(end, 0, buf, in, sizeof(buf), 1, &nb, &nh) != ZX_OK)
			break;
		zx_handle_close_many(in, nh);	/* before the reply: see the caller */
		if (zx_event_create(0, &ev) != ZX_OK ||
		    zx_channel_write(end, 0, buf, nb, &ev, 1) != ZX_OK)
			break;
	}
	zx_handle_close(end);
	return NULL;
}

/*
 * zx_channel_call() with a handle each way: however it fails (sending, or
 * taking the reply's handle), the handle sent is gone and the server,
 * which fails nothing, keeps answering.
 */
static void tally_channel_call(struct __test_metadata *_metadata,
			       unsigned int *failed, unsigned int *succeeded)
{
	zx_handle_t client, server, src = zxt_event(_metadata), dup, got = ZX_HANDLE_INVALID;
	uint32_t count = zxt_handle_count(_metadata, src), nb, nh;
	char req[8] = "ping", rep[8];
	pthread_t thread;
	zx_status_t s;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &client, &server));
	ASSERT_EQ(0, pthread_create(&thread, NULL, call_server, &server));
	for (int i = 0; i < ROUNDS; i++) {
		zx_channel_call_args_t args = { req, &dup, rep, &got, sizeof(req), 1,
						sizeof(rep), 1 };

		dup = zxt_dup(_metadata, src, ZX_RIGHT_SAME_RIGHTS);
		ASSERT_EQ(0, failslab_on());
		s = zx_channel_call(client, 0, ZX_TIME_INFINITE, &args, &nb, &nh);
		failslab_off();
		FAULT_COUNT(s, failed, succeeded);
		/* The server closed it before answering; a failed send closed it too. */
		EXPECT_EQ(count, zxt_handle_count(_metadata, src));
		if (s == ZX_OK) {
			EXPECT_EQ(1u, nh);
			EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zxt_info(_metadata, got).type);
			EXPECT_EQ(ZX_OK, zx_handle_close(got));
		}
		EXPECT_EQ(ZX_CHANNEL_WRITABLE, zxt_signals(_metadata, client));
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(client));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(src));
}

/*
 * Socket I/O and thresholds: a failed write queues nothing. Buffer chunks
 * are whole pages: with FAIL_PAGE_ALLOC writes fail too, without it they
 * mostly succeed, and must.
 */
static void tally_socket(struct __test_metadata *_metadata,
			 unsigned int *failed, unsigned int *succeeded)
{
	static char buf[3 * 4096];
	zx_info_socket_t before, after;
	size_t actual, value, set = 0;
	unsigned int write_failures = 0;
	zx_handle_t a, b;
	zx_status_t s;

	ASSERT_EQ(ZX_OK, zx_socket_create(0, &a, &b));
	memset(buf, 1, sizeof(buf));	/* faulted in: only the module's pages fail */
	for (int i = 0; i < ROUNDS; i++) {
		ASSERT_EQ(ZX_OK, zx_object_get_info(b, ZX_INFO_SOCKET, &before, sizeof(before),
						    NULL, NULL));
		ASSERT_EQ(0, failslab_on());
		s = zx_socket_write(a, 0, buf, sizeof(buf), &actual);
		failslab_off();
		FAULT_COUNT(s, failed, succeeded);
		write_failures += s == ZX_ERR_NO_MEMORY;
		ASSERT_EQ(ZX_OK, zx_object_get_info(b, ZX_INFO_SOCKET, &after, sizeof(after),
						    NULL, NULL));
		EXPECT_EQ(before.rx_buf_size + (s == ZX_OK ? actual : 0), after.rx_buf_size);

		ASSERT_EQ(0, failslab_on());
		s = zx_socket_read(b, 0, buf, sizeof(buf), &actual);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_SHOULD_WAIT || s == ZX_ERR_NO_MEMORY)
			TH_LOG("%s", zx_status_get_string(s));

		value = 1 + i;
		ASSERT_EQ(0, failslab_on());
		s = zx_object_set_property(b, ZX_PROP_SOCKET_RX_THRESHOLD, &value, sizeof(value));
		failslab_off();
		FAULT_COUNT(s, failed, succeeded);
		if (s == ZX_OK)
			set = value;
		ASSERT_EQ(0, failslab_on());
		s = zx_object_get_property(b, ZX_PROP_SOCKET_RX_THRESHOLD, &value, sizeof(value));
		failslab_off();
		FAULT_COUNT(s, failed, succeeded);
		if (s == ZX_OK)
			EXPECT_EQ(set, value);
	}
	/* Page-allocator injection that never reaches a socket tests nothing. */
	if (page_faults_injected)
		EXPECT_GT(write_failures, 0u);
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
	EXPECT_EQ(ZX_OK, zx_handle_close(b));
}

/* Run one group of calls, logging how many of its calls failed. */
#define TALLY(fn) do { \
	unsigned int __f = failed, __s = succeeded; \
	fn(_metadata, &failed, &succeeded); \
	TH_LOG("%s: %u failed, %u succeeded", #fn, failed - __f, succeeded - __s); \
} while (0)

TEST_ZX_SLOW(allocation_failures)
{
	unsigned int failed = 0, succeeded = 0;
	zx_handle_t src, out, a, b;
	struct snapshot before, after;
	zx_wait_item_t items[16];
	zx_status_t s;

	if (access(FAILSLAB, F_OK))
		SKIP(return, "no " FAILSLAB " (needs CONFIG_FAILSLAB: the debug kernel)");
	if (access(FAILSLAB "/require-start", F_OK))
		SKIP(return, "needs CONFIG_FAULT_INJECTION_STACKTRACE_FILTER");

	ASSERT_EQ(0, failslab_setup(50));
	src = zxt_event(_metadata);
	zx_object_signal(src, 0, ZX_USER_SIGNAL_3);
	for (int i = 0; i < ROUNDS; i++) {
		/* create */
		ASSERT_EQ(0, failslab_on());
		s = zx_event_create(0, &out);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK)
			EXPECT_EQ(ZX_OK, zx_handle_close(out));
		failed += s != ZX_OK;
		succeeded += s == ZX_OK;

		ASSERT_EQ(0, failslab_on());
		a = b = 0;
		s = zx_eventpair_create(0, &a, &b);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK) {
			EXPECT_EQ(ZX_OK, zx_handle_close(a));
			EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, zxt_signals(_metadata, b));
			EXPECT_EQ(ZX_OK, zx_handle_close(b));
		} else {
			EXPECT_EQ(ZX_HANDLE_INVALID, a);
			EXPECT_EQ(ZX_HANDLE_INVALID, b);
		}
		failed += s != ZX_OK;
		succeeded += s == ZX_OK;

		/* duplicate: the source is untouched either way */
		before = snap(_metadata, src);
		ASSERT_EQ(0, failslab_on());
		s = zx_handle_duplicate(src, ZX_RIGHT_SAME_RIGHTS, &out);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK) {
			EXPECT_EQ(before.handles + 1, zxt_handle_count(_metadata, src));
			EXPECT_EQ(ZX_OK, zx_handle_close(out));
		}
		after = snap(_metadata, src);
		EXPECT_SAME(before, after);
		failed += s != ZX_OK;
		succeeded += s == ZX_OK;

		/* replace: on NO_MEMORY the source survives, as on Zircon */
		before = snap(_metadata, src);
		ASSERT_EQ(0, failslab_on());
		s = zx_handle_replace(src, ZX_RIGHT_SAME_RIGHTS, &out);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK) {
			EXPECT_FALSE(zxt_valid(src));
			src = out;
		}
		after = snap(_metadata, src);
		EXPECT_SAME(before, after);
		failed += s != ZX_OK;
		succeeded += s == ZX_OK;

		/* wait_many beyond the on-stack entries allocates */
		for (int j = 0; j < 16; j++)
			items[j] = (zx_wait_item_t){ src, ZX_USER_SIGNAL_3, 0 };
		ASSERT_EQ(0, failslab_on());
		s = zx_object_wait_many(items, 16, 0);
		failslab_off();
		ASSERT_TRUE(s == ZX_OK || s == ZX_ERR_NO_MEMORY) TH_LOG("%s", zx_status_get_string(s));
		if (s == ZX_OK)
			EXPECT_EQ(ZX_USER_SIGNAL_3, items[15].pending);
		after = snap(_metadata, src);
		EXPECT_SAME(before, after);
		failed += s != ZX_OK;
		succeeded += s == ZX_OK;

		/* a new table (open of the device) */
		ASSERT_EQ(0, failslab_on());
		int fd = open(ZXT_DEVICE, O_RDWR | O_CLOEXEC);
		int err = errno;

		failslab_off();
		if (fd >= 0) {
			close(fd);
		} else {
			EXPECT_EQ(ENOMEM, err);
		}
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(src));
	TALLY(tally_port_timer);
	TALLY(tally_interop);
	TALLY(tally_create);
	TALLY(tally_channel_handles);
	TALLY(tally_channel_big);
	TALLY(tally_channel_call);
	TALLY(tally_socket);
	zxt_write_file(FAILSLAB "/probability", "0");
	if (page_faults_injected)
		zxt_write_file(FAIL_PAGE_ALLOC "/probability", "0");
	TH_LOG("page allocator injection: %s", page_faults_injected ? "on" : "off");
	TH_LOG("%u calls failed with ZX_ERR_NO_MEMORY, %u succeeded", failed, succeeded);
	/* Injection that never fires, or never lets anything through, tests nothing. */
	EXPECT_GT(failed, ROUNDS / 4);
	EXPECT_GT(succeeded, ROUNDS / 4);
}

/* Make events until the module refuses; report what stopped us. */
static int fill_until_refused(void)
{
	zx_handle_t h;
	zx_status_t s;

	while ((s = zx_event_create(0, &h)) == ZX_OK)
		;
	return s == ZX_ERR_NO_MEMORY ? 0 : 2;
}

TEST_ZX_SLOW(memcg_limit)
{
	const char *cg = "/sys/fs/cgroup/zx-memcg";
	const long long limit = 8 << 20;
	char path[128], buf[32];
	zx_handle_t h;
	pid_t pid;
	int st;

	zxt_memcg_make(cg);
	snprintf(path, sizeof(path), "%s/memory.max", cg);
	snprintf(buf, sizeof(buf), "%lld", limit);
	ASSERT_EQ(0, zxt_write_file(path, buf));
	snprintf(path, sizeof(path), "%s/memory.swap.max", cg);
	zxt_write_file(path, "0");

	pid = zxt_fork_into_cgroup(cg);
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(fill_until_refused());

	/* Meanwhile, outside the cgroup, everything keeps working. */
	for (int i = 0; i < 200; i++) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &h));
		ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_EVENT_SIGNALED));
		ASSERT_EQ(ZX_OK, zx_object_wait_one(h, ZX_EVENT_SIGNALED, 0, NULL));
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
	}

	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	/* Refused with ZX_ERR_NO_MEMORY: the module never invokes the OOM killer. */
	ASSERT_TRUE(WIFEXITED(st)) TH_LOG("child killed by signal %d", WTERMSIG(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	snprintf(path, sizeof(path), "%s/memory.peak", cg);
	if (!access(path, F_OK))
		EXPECT_LE(zxt_read_number(path), limit);
	snprintf(path, sizeof(path), "%s/memory.current", cg);
	EXPECT_LE(zxt_read_number(path), limit);
	EXPECT_EQ(0, rmdir(cg));
}

TEST_HARNESS_MAIN
