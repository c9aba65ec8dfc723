// SPDX-License-Identifier: GPL-2.0
/*
 * The zircon tracepoints: enable events/zircon through tracefs, make a few
 * calls (event create and signal, wait_one, wait_async and port_wait, a
 * user packet, a handle written into a channel and read back, then out to
 * a descriptor and back, an eventpair's close) and find each expected event, with its field values
 * (koids from ZX_INFO_HANDLE_BASIC, our pid), in the trace buffer.
 * Statuses are the module's (-ZIRCON_ERRNO_*), not zx_status_t.
 * SKIPs without tracefs, without the events (a module built without
 * tracepoints) or without the right to write them (not root).
 */
#define ZXT_FIXTURE trace
#include "zx_selftest.h"

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

static const char *tracefs(void)
{
	static char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tracefs_dirs); i++) {
		snprintf(path, sizeof(path), "%s/events/zircon/enable",
			 tracefs_dirs[i]);
		if (access(path, W_OK) == 0)
			return tracefs_dirs[i];
	}
	return NULL;
}

static int write_file(const char *dir, const char *name, const char *val,
		      int flags)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | flags);
	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

/* The whole trace buffer, NUL-terminated; free() it. */
static char *read_trace(const char *dir)
{
	size_t len = 0, cap = 1 << 16;
	char path[256], *buf = malloc(cap);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/trace", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0 || !buf) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				break;
		}
	}
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
}

#define EXPECT_EVENT(buf, fmt, ...) do { \
	char __want[256]; \
	snprintf(__want, sizeof(__want), fmt, ##__VA_ARGS__); \
	EXPECT_NE(NULL, strstr(buf, __want)) \
		TH_LOG("not in the trace: \"%s\"", __want); \
} while (0)

TEST_ZX(events_and_fields)
{
	zx_handle_t e, p, a, b, c0, c1, m, got, back;
	zx_koid_t ke, kp, ka, kb, km;
	zx_port_packet_t pkt = zxt_user_packet(7);
	zx_signals_t observed;
	uint32_t actual_bytes, actual_handles;
	int pid = getpid(), fd;
	const char *dir = tracefs();
	char *buf;

	if (!dir)
		SKIP(return, "no writable tracefs events/zircon (not root, or no tracefs)");

	ASSERT_EQ(0, write_file(dir, "events/zircon/enable", "0", 0));
	ASSERT_EQ(0, write_file(dir, "trace", "", O_TRUNC));
	ASSERT_EQ(0, write_file(dir, "events/zircon/enable", "1", 0));
	ASSERT_EQ(0, write_file(dir, "tracing_on", "1", 0));

	e = zxt_event(_metadata);
	ke = zxt_koid(_metadata, e);
	p = zxt_port(_metadata);
	kp = zxt_koid(_metadata, p);
	/* signal, then a wait_one that is already satisfied */
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_wait_one(e, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE,
					    &observed));
	/* one that times out */
	ASSERT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_USER_SIGNAL_1, 0, NULL));
	/* wait_async, its match and the packet taken */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 42, ZX_USER_SIGNAL_1, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_1));
	(void)zxt_take(_metadata, p);
	/* a user packet */
	ASSERT_EQ(ZX_OK, zx_port_queue(p, &pkt));
	(void)zxt_take(_metadata, p);
	/* a registration cancelled */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 43, ZX_USER_SIGNAL_2, 0));
	ASSERT_EQ(ZX_OK, zx_port_cancel(p, e, 43));
	/* a handle through a channel */
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	m = zxt_event(_metadata);
	km = zxt_koid(_metadata, m);
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, NULL, 0, &m, 1));
	ASSERT_EQ(ZX_OK, zx_channel_read(c1, 0, NULL, &got, 0, 1, &actual_bytes,
					 &actual_handles));
	ASSERT_EQ(1u, actual_handles);
	/* and through a descriptor */
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(got, 0, &fd));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	close(fd);
	/* an eventpair's close: the survivor sees PEER_CLOSED */
	zxt_eventpair(_metadata, &a, &b);
	ka = zxt_koid(_metadata, a);
	kb = zxt_koid(_metadata, b);
	zxt_close(_metadata, a);

	ASSERT_EQ(0, write_file(dir, "events/zircon/enable", "0", 0));
	buf = read_trace(dir);
	ASSERT_NE(NULL, buf);

	EXPECT_EVENT(buf, "zircon_object_create: koid=%" PRIu64 " type=%u peer=0 pid=%d",
		     ke, ZX_OBJ_TYPE_EVENT, pid);
	EXPECT_EVENT(buf, "zircon_object_create: koid=%" PRIu64 " type=%u peer=0 pid=%d",
		     kp, ZX_OBJ_TYPE_PORT, pid);
	EXPECT_EVENT(buf, "zircon_object_create: koid=%" PRIu64 " type=%u peer=%" PRIu64
		     " pid=%d", ka, ZX_OBJ_TYPE_EVENTPAIR, kb, pid);
	EXPECT_EVENT(buf, "zircon_signal: koid=%" PRIu64 " old=0x0 new=0x%x pid=%d",
		     ke, ZX_USER_SIGNAL_0, pid);
	EXPECT_EVENT(buf, "zircon_signal: koid=%" PRIu64 " old=0x%x new=0x%x pid=%d",
		     ke, ZX_USER_SIGNAL_0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, pid);
	EXPECT_EVENT(buf, "zircon_wait_begin: koid=%" PRIu64 " count=1 signals=0x%x"
		     " deadline=%" PRId64 " pid=%d", ke, ZX_USER_SIGNAL_0,
		     (int64_t)ZX_TIME_INFINITE, pid);
	EXPECT_EVENT(buf, "zircon_wait_end: count=1 observed=0x%x status=0 pid=%d",
		     ZX_USER_SIGNAL_0, pid);
	EXPECT_EVENT(buf, "zircon_wait_begin: koid=%" PRIu64 " count=1 signals=0x%x"
		     " deadline=0 pid=%d", ke, ZX_USER_SIGNAL_1, pid);
	EXPECT_EVENT(buf, "zircon_wait_end: count=1 observed=0x%x status=%d pid=%d",
		     ZX_USER_SIGNAL_0, -ZIRCON_ERRNO_TIMED_OUT, pid);
	EXPECT_EVENT(buf, "zircon_async_register: port=%" PRIu64 " koid=%" PRIu64
		     " key=42 signals=0x%x options=0x0 pid=%d", kp, ke,
		     ZX_USER_SIGNAL_1, pid);
	EXPECT_EVENT(buf, "zircon_async_fire: port=%" PRIu64 " koid=%" PRIu64
		     " key=42 signals=0x%x matched=1", kp, ke,
		     ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1);
	EXPECT_EVENT(buf, "zircon_port_dequeue: port=%" PRIu64 " key=42 type=%u"
		     " status=0 pid=%d", kp, ZX_PKT_TYPE_SIGNAL_ONE, pid);
	EXPECT_EVENT(buf, "zircon_port_queue: port=%" PRIu64 " key=7 type=%u status=0"
		     " pid=%d", kp, ZX_PKT_TYPE_USER, pid);
	EXPECT_EVENT(buf, "zircon_port_dequeue: port=%" PRIu64 " key=7 type=%u"
		     " status=0 pid=%d", kp, ZX_PKT_TYPE_USER, pid);
	EXPECT_EVENT(buf, "zircon_async_fire: port=%" PRIu64 " koid=%" PRIu64
		     " key=43 signals=0x%x matched=0", kp, ke,
		     ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1 | ZX_SIGNAL_HANDLE_CLOSED);
	EXPECT_EVENT(buf, "zircon_async_cancel: port=%" PRIu64 " koid=%" PRIu64
		     " key=43 count=1 pid=%d", kp, ke, pid);
	EXPECT_EVENT(buf, "op=channel_write table=");
	EXPECT_EVENT(buf, " handle=0x%x koid=%" PRIu64 " rights=", m, km);
	EXPECT_EVENT(buf, " handle=0x%x koid=%" PRIu64 " rights=", got, km);
	EXPECT_EVENT(buf, "op=channel_read table=");
	EXPECT_EVENT(buf, "op=handle_to_fd table=");
	EXPECT_EVENT(buf, "op=fd_to_handle table=");
	EXPECT_EVENT(buf, " handle=0x%x koid=%" PRIu64 " rights=", back, km);
	EXPECT_EVENT(buf, "zircon_object_destroy: koid=%" PRIu64 " type=%u",
		     ka, ZX_OBJ_TYPE_EVENTPAIR);
	EXPECT_EVENT(buf, "zircon_signal: koid=%" PRIu64 " old=0x0 new=0x%x pid=%d",
		     kb, ZX_EVENTPAIR_PEER_CLOSED, pid);
	if (_metadata->exit_code)
		fprintf(stderr, "# trace buffer:\n%s", buf);
	free(buf);

	zxt_close(_metadata, b);
	zxt_close(_metadata, c0);
	zxt_close(_metadata, c1);
	zxt_close(_metadata, back);
	zxt_close(_metadata, p);
	zxt_close(_metadata, e);
}

/* Disabled again, the events stay out of the buffer. */
TEST_ZX(disabled_is_silent)
{
	const char *dir = tracefs();
	zx_handle_t e;
	char want[64], *buf;

	if (!dir)
		SKIP(return, "no writable tracefs events/zircon (not root, or no tracefs)");
	ASSERT_EQ(0, write_file(dir, "events/zircon/enable", "0", 0));
	ASSERT_EQ(0, write_file(dir, "trace", "", O_TRUNC));
	e = zxt_event(_metadata);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	snprintf(want, sizeof(want), "koid=%" PRIu64 " ", zxt_koid(_metadata, e));
	buf = read_trace(dir);
	ASSERT_NE(NULL, buf);
	EXPECT_EQ(NULL, strstr(buf, want));
	free(buf);
	zxt_close(_metadata, e);
}

TEST_HARNESS_MAIN
