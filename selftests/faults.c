// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures and resource exhaustion.
 *
 * faults: FAILSLAB, aimed at the module's own allocations (the fault
 * injection stack-trace filter on the module's text) and at this task only
 * (make-it-fail), fails about half of them while each call that allocates
 * runs many times. Every call must either succeed or fail with
 * ZX_ERR_NO_MEMORY, and a failure must leave the source handle, its rights,
 * its object's signals and its handle count exactly as they were. Leaks are
 * caught by kmemleak after the run (the VM runner scans once the module is
 * unloaded). Needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_STACKTRACE_FILTER
 * (the debug kernel); skipped elsewhere.
 *
 * memcg: a process in a memory cgroup with a small limit makes events until
 * the module refuses; the cgroup's peak never passes its limit, and another
 * process outside the cgroup keeps working meanwhile.
 */
#define ZXT_FIXTURE faults
#include "zx_selftest.h"

#include <limits.h>
#include <sys/mount.h>

#include <zircon/syscalls/port.h>

#define FAILSLAB "/sys/kernel/debug/failslab"
#define ROUNDS 60

static int write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	close(fd);
	return n < 0 ? -errno : 0;
}

static long long read_ll(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	if (!strncmp(buf, "max", 3))
		return LLONG_MAX;
	return strtoll(buf, NULL, 0);
}

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

/* Aim FAILSLAB at the module's allocations made by tasks that opt in. */
static int failslab_setup(unsigned int probability)
{
	unsigned long long start, end;
	char buf[32];
	int r = 0;

	if (!module_text(&start, &end))
		return -ENOENT;
	snprintf(buf, sizeof(buf), "%llu", start);
	r |= write_file(FAILSLAB "/require-start", buf);
	snprintf(buf, sizeof(buf), "%llu", end);
	r |= write_file(FAILSLAB "/require-end", buf);
	r |= write_file(FAILSLAB "/stacktrace-depth", "32");
	r |= write_file(FAILSLAB "/ignore-gfp-wait", "N");
	r |= write_file(FAILSLAB "/task-filter", "Y");
	r |= write_file(FAILSLAB "/verbose", "0");
	r |= write_file(FAILSLAB "/interval", "1");
	r |= write_file(FAILSLAB "/times", "-1");
	snprintf(buf, sizeof(buf), "%u", probability);
	r |= write_file(FAILSLAB "/probability", buf);
	return r;
}

/* This thread's allocations in the module fail (about half of them). */
static int failslab_on(void)
{
	return write_file("/proc/thread-self/make-it-fail", "1");
}

static void failslab_off(void)
{
	write_file("/proc/thread-self/make-it-fail", "0");
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
 * Ports, registrations and timers under injected failures: a failed
 * wait_async leaves no registration behind (the object's signal produces
 * no packet for it), a failed queue no packet, and the port keeps working.
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
	tally_port_timer(_metadata, &failed, &succeeded);
	tally_interop(_metadata, &failed, &succeeded);
	write_file(FAILSLAB "/probability", "0");
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
	const char *root = "/sys/fs/cgroup", *cg = "/sys/fs/cgroup/zx-memcg";
	const long long limit = 8 << 20;
	char path[128], buf[32];
	zx_handle_t h;
	pid_t pid;
	int st, fds[2];

	if (getuid() != 0)
		SKIP(return, "needs root to make a cgroup");
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) &&
	    mount("none", root, "cgroup2", 0, NULL))
		SKIP(return, "no cgroup2 (%s)", strerror(errno));
	if (write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory"))
		SKIP(return, "no memory controller");
	rmdir(cg);
	ASSERT_EQ(0, mkdir(cg, 0755));
	snprintf(path, sizeof(path), "%s/memory.max", cg);
	snprintf(buf, sizeof(buf), "%lld", limit);
	ASSERT_EQ(0, write_file(path, buf));
	snprintf(path, sizeof(path), "%s/memory.swap.max", cg);
	write_file(path, "0");

	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		char c;

		close(fds[1]);
		CHILD_CHECK(read(fds[0], &c, 1) == 1);	/* moved into the cgroup */
		_exit(fill_until_refused());
	}
	close(fds[0]);
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	ASSERT_EQ(0, write_file(path, buf));
	ASSERT_EQ(1, write(fds[1], "g", 1));
	close(fds[1]);

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
		EXPECT_LE(read_ll(path), limit);
	snprintf(path, sizeof(path), "%s/memory.current", cg);
	EXPECT_LE(read_ll(path), limit);
	EXPECT_EQ(0, rmdir(cg));
}

TEST_HARNESS_MAIN
