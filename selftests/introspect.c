// SPDX-License-Identifier: GPL-2.0
/*
 * Introspection: /proc/self/fdinfo of the /dev/zircon descriptor (the
 * handle count follows creates and closes), the debugfs files
 * zircon/objects and zircon/tables (koids, types, signals, handle counts,
 * observers, an eventpair's peers, an object held only by a channel
 * message, our table and its handles) and tools/zxps, in both formats,
 * run from tools/ beside this program (make selftests puts it there). The debugfs tests SKIP without
 * debugfs (or when it cannot be read: not root).
 */
#define ZXT_FIXTURE introspect
#include "zx_selftest.h"

#include <libgen.h>
#include <stdatomic.h>

#define DEBUGFS "/sys/kernel/debug/zircon"

/* The whole of @path (or a command's output), NUL-terminated; free() it. */
static char *slurp(FILE *f)
{
	size_t len = 0, cap = 1 << 14;
	char *buf = malloc(cap);
	size_t n;

	if (!f || !buf) {
		free(buf);
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 1024) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	return buf;
}

static char *read_path(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = slurp(f);

	if (f)
		fclose(f);
	return buf;
}

static char *run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	char *buf = slurp(f);

	if (f && pclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* A field of our table's fdinfo, or -1. */
static long long fdinfo_field(const char *name)
{
	char path[64], *buf, *p;
	long long v = -1;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", zx_linux_device_fd());
	buf = read_path(path);
	if (!buf)
		return -1;
	p = strstr(buf, name);
	if (p)
		v = strtoll(p + strlen(name), NULL, 10);
	free(buf);
	return v;
}

static bool have_debugfs(void)
{
	return access(DEBUGFS "/objects", R_OK) == 0 &&
	       access(DEBUGFS "/tables", R_OK) == 0;
}

/* The objects line of @koid: "koid\ttype\tsignals\thandles\tpeer\tobservers\tname". */
static bool object_line(const char *objects, zx_koid_t koid, char *out, size_t len)
{
	char want[32];
	const char *p = objects;

	snprintf(want, sizeof(want), "\n%" PRIu64 "\t", koid);
	p = strstr(p, want);
	if (!p)
		return false;
	p++;
	snprintf(out, len, "%.*s", (int)strcspn(p, "\n"), p);
	return true;
}

#define EXPECT_OBJECT(objects, koid, fmt, ...) do { \
	char __have[256], __want[256]; \
	snprintf(__want, sizeof(__want), "%" PRIu64 "\t" fmt "\t", (uint64_t)(koid), ##__VA_ARGS__); \
	if (!object_line(objects, koid, __have, sizeof(__have))) \
		strcpy(__have, "(missing)"); \
	EXPECT_STREQ(__want, __have); \
} while (0)

TEST_ZX(fdinfo_counts_handles)
{
	long long koid, before, max;
	zx_handle_t e, d;

	e = zxt_event(_metadata);	/* the table is open now */
	ASSERT_GE(zx_linux_device_fd(), 0);
	before = fdinfo_field("zircon-handles:\t");
	koid = fdinfo_field("zircon-koid:\t");
	max = fdinfo_field("zircon-max-handles:\t");
	ASSERT_GE(before, 1);
	EXPECT_GT(koid, 0);
	EXPECT_GE(max, 1);
	d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(before + 1, fdinfo_field("zircon-handles:\t"));
	zxt_close(_metadata, d);
	EXPECT_EQ(before, fdinfo_field("zircon-handles:\t"));
	zxt_close(_metadata, e);
	EXPECT_EQ(before - 1, fdinfo_field("zircon-handles:\t"));
	/* the koid stays */
	EXPECT_EQ(koid, fdinfo_field("zircon-koid:\t"));
}

TEST_ZX(debugfs_objects)
{
	zx_handle_t e, d, a, b, c0, c1, m, p;
	zx_koid_t ke, ka, kb, km, kc0, kc1, kp;
	char *objects;

	if (!have_debugfs())
		SKIP(return, DEBUGFS " not readable (no debugfs, or not root)");
	e = zxt_event(_metadata);
	ke = zxt_koid(_metadata, e);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	d = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	p = zxt_port(_metadata);
	kp = zxt_koid(_metadata, p);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e, p, 1, ZX_USER_SIGNAL_1, 0));
	zxt_eventpair(_metadata, &a, &b);
	ka = zxt_koid(_metadata, a);
	kb = zxt_koid(_metadata, b);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	kc0 = zxt_koid(_metadata, c0);
	kc1 = zxt_koid(_metadata, c1);
	m = zxt_event(_metadata);
	km = zxt_koid(_metadata, m);
	ASSERT_EQ(ZX_OK, zx_object_signal(m, 0, ZX_USER_SIGNAL_2));
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, "x", 1, &m, 1));

	objects = read_path(DEBUGFS "/objects");
	ASSERT_NE(NULL, objects);
	EXPECT_EQ(0, strncmp(objects, "koid\ttype\tsignals\thandles\tpeer\tobservers\tname\n", 46));
	EXPECT_OBJECT(objects, ke, "event\t0x%08x\t2\t0\t1", ZX_USER_SIGNAL_0);
	EXPECT_OBJECT(objects, kp, "port\t0x00000000\t1\t0\t0");
	EXPECT_OBJECT(objects, ka, "eventpair\t0x00000000\t1\t%" PRIu64 "\t0", kb);
	EXPECT_OBJECT(objects, kb, "eventpair\t0x00000000\t1\t%" PRIu64 "\t0", ka);
	EXPECT_OBJECT(objects, kc1, "channel\t0x%08x\t1\t%" PRIu64 "\t0",
		      ZX_CHANNEL_READABLE | ZX_CHANNEL_WRITABLE, kc0);
	/* in the message only: one handle count, its signals */
	EXPECT_OBJECT(objects, km, "event\t0x%08x\t1\t0\t0", ZX_USER_SIGNAL_2);
	free(objects);

	/* the peer goes, the survivor shows PEER_CLOSED and no peer */
	zxt_close(_metadata, a);
	zxt_close(_metadata, d);
	objects = read_path(DEBUGFS "/objects");
	ASSERT_NE(NULL, objects);
	EXPECT_OBJECT(objects, kb, "eventpair\t0x%08x\t1\t0\t0", ZX_EVENTPAIR_PEER_CLOSED);
	EXPECT_OBJECT(objects, ke, "event\t0x%08x\t1\t0\t1", ZX_USER_SIGNAL_0);
	{
		char line[256];

		EXPECT_FALSE(object_line(objects, ka, line, sizeof(line)));
	}
	free(objects);

	/* the channel's close destroys the message and the event in it */
	zxt_close(_metadata, c1);
	zxt_close(_metadata, c0);
	objects = read_path(DEBUGFS "/objects");
	ASSERT_NE(NULL, objects);
	{
		char line[256];

		EXPECT_FALSE(object_line(objects, km, line, sizeof(line)));
		EXPECT_FALSE(object_line(objects, kc0, line, sizeof(line)));
	}
	free(objects);
	zxt_close(_metadata, b);
	zxt_close(_metadata, p);
	zxt_close(_metadata, e);
}

TEST_ZX(debugfs_tables)
{
	zx_handle_t e, r;
	zx_koid_t ke;
	long long tkoid;
	char want[128], *tables, *mine, *end;

	if (!have_debugfs())
		SKIP(return, DEBUGFS " not readable (no debugfs, or not root)");
	e = zxt_event(_metadata);
	ke = zxt_koid(_metadata, e);
	r = zxt_dup(_metadata, e, ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER);
	tkoid = fdinfo_field("zircon-koid:\t");
	ASSERT_GT(tkoid, 0);

	tables = read_path(DEBUGFS "/tables");
	ASSERT_NE(NULL, tables);
	snprintf(want, sizeof(want), "table\t%lld\tpid\t%d\thandles\t", tkoid, getpid());
	mine = strstr(tables, want);
	ASSERT_NE(NULL, mine) TH_LOG("no \"%s\" in:\n%s", want, tables);
	end = strstr(mine + 1, "\ntable\t");
	if (end)
		end[1] = '\0';
	snprintf(want, sizeof(want), "\t0x%08x\t%" PRIu64 "\tevent\t0x%08x\n", e, ke,
		 zxt_rights(_metadata, e));
	EXPECT_NE(NULL, strstr(mine, want)) TH_LOG("no \"%s\" in:\n%s", want, mine);
	snprintf(want, sizeof(want), "\t0x%08x\t%" PRIu64 "\tevent\t0x%08x\n", r, ke,
		 ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER);
	EXPECT_NE(NULL, strstr(mine, want)) TH_LOG("no \"%s\" in:\n%s", want, mine);
	free(tables);

	zxt_close(_metadata, r);
	tables = read_path(DEBUGFS "/tables");
	ASSERT_NE(NULL, tables);
	EXPECT_EQ(NULL, strstr(tables, want));
	free(tables);
	zxt_close(_metadata, e);
}

/* A socket's name in the objects file, escaped, and in zxps --json. */
TEST_ZX(debugfs_names)
{
	zx_handle_t a, b;
	zx_koid_t ka, kb;
	char *objects;

	if (!have_debugfs())
		SKIP(return, DEBUGFS " not readable (no debugfs, or not root)");
	ASSERT_EQ(ZX_OK, zx_socket_create(0, &a, &b));
	ka = zxt_koid(_metadata, a);
	kb = zxt_koid(_metadata, b);
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, "rpc client\t1\\", 13));
	ASSERT_EQ(ZX_OK, zx_object_set_property(b, ZX_PROP_NAME, "server", 6));
	objects = read_path(DEBUGFS "/objects");
	ASSERT_NE(NULL, objects);
	{
		char line[256], *tab;

		ASSERT_TRUE(object_line(objects, ka, line, sizeof(line)));
		tab = strrchr(line, '\t');
		ASSERT_NE(NULL, tab);
		EXPECT_STREQ("\trpc\\040client\\0111\\134", tab);
		ASSERT_TRUE(object_line(objects, kb, line, sizeof(line)));
		tab = strrchr(line, '\t');
		ASSERT_NE(NULL, tab);
		EXPECT_STREQ("\tserver", tab);
	}
	free(objects);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(zxps)
{
	char exe[4096], cmd[4200], want[256], *out;
	zx_handle_t e, a, b, c0, c1, m;
	zx_koid_t ke, ka, kb, km;
	ssize_t n;

	if (!have_debugfs())
		SKIP(return, DEBUGFS " not readable (no debugfs, or not root)");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	ASSERT_GT(n, 0);
	exe[n] = '\0';
	snprintf(cmd, sizeof(cmd), "%s/tools/zxps", dirname(exe));
	if (access(cmd, X_OK))
		SKIP(return, "%s not found (make selftests installs it)", cmd);

	e = zxt_event(_metadata);
	ke = zxt_koid(_metadata, e);
	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_0));
	zxt_eventpair(_metadata, &a, &b);
	ka = zxt_koid(_metadata, a);
	kb = zxt_koid(_metadata, b);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	m = zxt_event(_metadata);
	km = zxt_koid(_metadata, m);
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, NULL, 0, &m, 1));

	/* text: our process, our handles, the object in the message */
	snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), " 2>&1");
	out = run(cmd);
	ASSERT_NE(NULL, out);
	snprintf(want, sizeof(want), "PID %d (introspect): table ", getpid());
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	snprintf(want, sizeof(want), "0x%08x %-8" PRIu64 " event     ", e, ke);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	snprintf(want, sizeof(want), "0x%08x %-8" PRIu64 " eventpair ", a, ka);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	snprintf(want, sizeof(want), "  %-8" PRIu64 " event     0x00000000 0 ", km);
	EXPECT_NE(NULL, strstr(out, "Objects in no table"));
	EXPECT_NE(NULL, strstr(strstr(out, "Objects in no table") ?: "", want))
		TH_LOG("no \"%s\" in:\n%s", want, out);
	free(out);

	/* JSON */
	*strstr(cmd, " 2>&1") = '\0';
	strcat(cmd, " --json");
	out = run(cmd);
	ASSERT_NE(NULL, out);
	EXPECT_EQ('{', out[0]);
	snprintf(want, sizeof(want), "{\"pid\": %d, \"comm\": \"introspect\", ", getpid());
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	snprintf(want, sizeof(want), "{\"handle\": \"0x%08x\", \"rights\": ", e);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	snprintf(want, sizeof(want), "\"koid\": %" PRIu64 ", \"type\": \"event\", \"signals\": \"0x%08x\"",
		 ke, ZX_USER_SIGNAL_0);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	snprintf(want, sizeof(want), "\"koid\": %" PRIu64 ", \"type\": \"eventpair\", "
		 "\"signals\": \"0x00000000\", \"handle_count\": 1, \"peer\": %" PRIu64, ka, kb);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	snprintf(want, sizeof(want), "\"koid\": %" PRIu64 ", \"type\": \"event\", "
		 "\"signals\": \"0x00000000\", \"handle_count\": 1, \"peer\": 0, "
		 "\"observers\": 0, \"name\": \"\", \"in_table\": false}", km);
	EXPECT_NE(NULL, strstr(out, want)) TH_LOG("no \"%s\" in:\n%s", want, out);
	free(out);

	zxt_close(_metadata, c0);
	zxt_close(_metadata, c1);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
}

struct churn {
	atomic_bool stop;
	unsigned long rounds;
};

/* Objects born and dying in every way: closes, peers, channel messages, timers firing into a port. */
static void *churn_thread(void *arg)
{
	struct churn *c = arg;
	zx_handle_t e, a, b, c0, c1, t, p;

	while (!atomic_load(&c->stop)) {
		if (zx_event_create(0, &e) || zx_eventpair_create(0, &a, &b) ||
		    zx_channel_create(0, &c0, &c1) || zx_port_create(0, &p) ||
		    zx_timer_create(0, ZX_CLOCK_MONOTONIC, &t))
			break;
		zx_object_wait_async(t, p, 1, ZX_TIMER_SIGNALED, 0);
		zx_timer_set(t, 0, 0);
		zx_channel_write(c0, 0, NULL, 0, &e, 1);
		zx_handle_close(a);
		zx_handle_close(p);	/* the timer's packet may still be coming */
		zx_handle_close(t);
		zx_handle_close(c1);
		zx_handle_close(c0);
		zx_handle_close(b);
		c->rounds++;
	}
	return NULL;
}

/* Reading both files while objects and tables come and go. */
TEST_ZX_SLOW(debugfs_read_races_destruction)
{
	struct churn c = { .rounds = 0 };
	struct zxt_loop loop;
	pthread_t th;
	char *buf;

	if (!have_debugfs())
		SKIP(return, DEBUGFS " not readable (no debugfs, or not root)");
	atomic_init(&c.stop, false);
	ASSERT_EQ(0, pthread_create(&th, NULL, churn_thread, &c));
	zxt_loop_init(&loop, 50, 2000);
	while (zxt_loop_next(&loop)) {
		buf = read_path(DEBUGFS "/objects");
		ASSERT_NE(NULL, buf);
		free(buf);
		buf = read_path(DEBUGFS "/tables");
		ASSERT_NE(NULL, buf);
		free(buf);
	}
	atomic_store(&c.stop, true);
	pthread_join(th, NULL);
	EXPECT_GT(c.rounds, 0ul);
}

TEST_HARNESS_MAIN
