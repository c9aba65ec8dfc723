/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for the zircon-lkm selftests.
 *
 * Every test program is one .c file that defines ZXT_FIXTURE (its name,
 * printed before each test name) and then includes this header. Tests are
 * declared with TEST_ZX(name) (harness timeout ZXT_TIMEOUT) or
 * TEST_ZX_SLOW(name) (ZXT_SLOW_TIMEOUT): both are the harness's own
 * TEST_F_TIMEOUT on a fixture whose setup SKIPs every test when
 * /dev/zircon does not exist, because the harness's default 30 s is far
 * too short under software emulation (qemu TCG runs 10-50x slower).
 *
 * Threads are ordered with pthread primitives, zircon objects and, where a
 * test needs "thread T is now blocked inside the wait", by reading
 * /proc/self/task/<tid>/syscall, which names the system call (and its
 * arguments) a task is blocked in. Nothing sleeps to let another thread
 * get somewhere.
 */
#ifndef ZX_SELFTEST_H
#define ZX_SELFTEST_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zircon/errors.h>
#include <zircon/linux.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/port.h>
#include <zircon/time.h>
#include <zircon/types.h>

#include <linux/zircon.h>

#include "kselftest_harness.h"

#ifndef ZXT_FIXTURE
#error "define ZXT_FIXTURE (the program's fixture name) before including zx_selftest.h"
#endif

#define ZXT_DEVICE "/dev/zircon"

/* Per-test harness timeouts in seconds (the harness default is 30). */
#ifndef ZXT_TIMEOUT
#define ZXT_TIMEOUT 120
#endif
#ifndef ZXT_SLOW_TIMEOUT
#define ZXT_SLOW_TIMEOUT 300
#endif

/* Signal bits that no object in this suite lets user code touch. */
#define ZXT_EVENT_ALLOWED ((zx_signals_t)0xFF000008u)
#define ZXT_EVENTPAIR_ALLOWED ((zx_signals_t)0xFF000008u)

#define ZXT_USEC(n) ((int64_t)(n) * 1000LL)
#define ZXT_MSEC(n) ((int64_t)(n) * 1000000LL)
#define ZXT_SEC(n) ((int64_t)(n) * 1000000000LL)

#define __ZXT_FIXTURE_DECL(f) \
	FIXTURE(f) { int unused; }; \
	FIXTURE_SETUP(f) \
	{ \
		if (access(ZXT_DEVICE, F_OK) != 0) \
			SKIP(return, ZXT_DEVICE " does not exist: load zircon.ko first"); \
	} \
	FIXTURE_TEARDOWN(f) {}
#define ZXT_FIXTURE_DECL(f) __ZXT_FIXTURE_DECL(f)

ZXT_FIXTURE_DECL(ZXT_FIXTURE)

#define __TEST_ZX(f, name, tmo) TEST_F_TIMEOUT(f, name, tmo)
#define TEST_ZX(name) __TEST_ZX(ZXT_FIXTURE, name, ZXT_TIMEOUT)
#define TEST_ZX_SLOW(name) __TEST_ZX(ZXT_FIXTURE, name, ZXT_SLOW_TIMEOUT)

/* ------------------------------------------------------------------ */
/* Time                                                                */

static inline int64_t zxt_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Time budget for the loops of the race and stress tests: they run their
 * full iteration count natively in a few seconds; under emulation they stop
 * at the budget (but never before a minimum count). ZXT_STRESS_SECONDS
 * overrides the budget.
 */
static inline int64_t zxt_budget_ns(void)
{
	const char *s = getenv("ZXT_STRESS_SECONDS");
	long v = s ? strtol(s, NULL, 10) : 0;

	return ZXT_SEC(v > 0 ? v : 4);
}

struct zxt_loop {
	int64_t end;
	unsigned long min, max, done;
};

static inline void zxt_loop_init(struct zxt_loop *l, unsigned long min, unsigned long max)
{
	l->end = zxt_mono_ns() + zxt_budget_ns();
	l->min = min;
	l->max = max;
	l->done = 0;
}

/* true while another iteration should run; counts the iterations run */
static inline bool zxt_loop_next(struct zxt_loop *l)
{
	if (l->done >= l->max)
		return false;
	if (l->done >= l->min && zxt_mono_ns() > l->end)
		return false;
	l->done++;
	return true;
}

/* ------------------------------------------------------------------ */
/* Objects                                                             */

static inline zx_handle_t zxt_event(struct __test_metadata *_metadata)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_event_create(0, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

static inline void zxt_eventpair(struct __test_metadata *_metadata, zx_handle_t *a,
				 zx_handle_t *b)
{
	*a = *b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, a, b));
	ASSERT_NE(ZX_HANDLE_INVALID, *a);
	ASSERT_NE(ZX_HANDLE_INVALID, *b);
}

static inline zx_handle_t zxt_dup(struct __test_metadata *_metadata, zx_handle_t h,
				  zx_rights_t rights)
{
	zx_handle_t d = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, rights, &d));
	return d;
}

static inline void zxt_close(struct __test_metadata *_metadata, zx_handle_t h)
{
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
}

/* The object's current signals, read with a zero-deadline wait on nothing. */
static inline zx_signals_t zxt_signals(struct __test_metadata *_metadata, zx_handle_t h)
{
	zx_signals_t obs = 0xdeadbeef;

	ASSERT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, 0, 0, &obs));
	return obs;
}

static inline zx_info_handle_basic_t zxt_info(struct __test_metadata *_metadata, zx_handle_t h)
{
	zx_info_handle_basic_t info;
	size_t actual = 99, avail = 99;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					    &actual, &avail));
	ASSERT_EQ(1u, actual);
	ASSERT_EQ(1u, avail);
	return info;
}

static inline zx_rights_t zxt_rights(struct __test_metadata *_metadata, zx_handle_t h)
{
	return zxt_info(_metadata, h).rights;
}

static inline zx_koid_t zxt_koid(struct __test_metadata *_metadata, zx_handle_t h)
{
	return zxt_info(_metadata, h).koid;
}

static inline bool zxt_valid(zx_handle_t h)
{
	return zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) == ZX_OK;
}

static inline uint32_t zxt_handle_count(struct __test_metadata *_metadata, zx_handle_t h)
{
	zx_info_handle_count_t c = { .handle_count = 0xdeadbeef };

	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_COUNT, &c, sizeof(c), NULL, NULL));
	return c.handle_count;
}

static inline zx_handle_t zxt_port(struct __test_metadata *_metadata)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

static inline zx_handle_t zxt_timer(struct __test_metadata *_metadata, uint32_t options)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_timer_create(options, ZX_CLOCK_MONOTONIC, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	return h;
}

/* A user packet whose every byte depends on @key (see zxt_user_packet_ok). */
static inline zx_port_packet_t zxt_user_packet(uint64_t key)
{
	zx_port_packet_t p;
	int i;

	memset(&p, 0, sizeof(p));
	p.key = key;
	p.type = ZX_PKT_TYPE_USER;
	p.status = -(zx_status_t)(key % 1000u) - 1;
	for (i = 0; i < 4; i++)
		p.user.u64[i] = key * 0x9E3779B97F4A7C15ull + (uint64_t)i;
	return p;
}

static inline bool zxt_user_packet_ok(const zx_port_packet_t *p)
{
	zx_port_packet_t want = zxt_user_packet(p->key);

	return memcmp(&want, p, sizeof(want)) == 0;
}

/* Take the next packet without blocking; the port must have one. */
static inline zx_port_packet_t zxt_take(struct __test_metadata *_metadata, zx_handle_t port)
{
	zx_port_packet_t p;

	memset(&p, 0xa5, sizeof(p));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, 0, &p));
	return p;
}

/* The port has no packet ready. */
#define zxt_port_empty(port) do { \
	zx_port_packet_t __zxt_p; \
	ASSERT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait((port), 0, &__zxt_p)) \
		TH_LOG("unexpected packet, key %llu type %u", \
		       (unsigned long long)__zxt_p.key, __zxt_p.type); \
} while (0)

/* Check a ZX_PKT_TYPE_SIGNAL_ONE packet without a timestamp. */
#define zxt_expect_signal_packet(pkt, _key, _trigger, _observed) do { \
	zx_port_packet_t __zxt_sp = (pkt); \
	EXPECT_EQ((uint64_t)(_key), __zxt_sp.key); \
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, __zxt_sp.type); \
	EXPECT_EQ(ZX_OK, __zxt_sp.status); \
	EXPECT_EQ((zx_signals_t)(_trigger), __zxt_sp.signal.trigger); \
	EXPECT_EQ((zx_signals_t)(_observed), __zxt_sp.signal.observed); \
	EXPECT_EQ(1u, __zxt_sp.signal.count); \
	EXPECT_EQ(0u, __zxt_sp.signal.timestamp); \
	EXPECT_EQ(0u, __zxt_sp.signal.reserved1); \
} while (0)

/* ------------------------------------------------------------------ */
/* Files of /proc, /sys and cgroupfs                                   */

/*
 * The number file @path starts with (decimal, or 0x hex), LLONG_MAX for
 * a cgroup's "max", or -1 if the file cannot be read.
 */
static inline long long zxt_read_number(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	if (!strncmp(buf, "max", 3))
		return LLONG_MAX;
	return strtoll(buf, NULL, 0);
}

/* Write @text to @path in one write: 0, or -errno (-EIO if it was short). */
static inline int zxt_write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : (size_t)n == len ? 0 : -EIO;
}

/*
 * Make memory cgroup @cg (a directory below /sys/fs/cgroup, mounting
 * cgroup2 there if need be), anew. Skips unless root with a memory
 * controller.
 */
#define zxt_memcg_make(cg) do { \
	if (getuid() != 0) \
		SKIP(return, "needs root to make a cgroup"); \
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) && \
	    mount("none", "/sys/fs/cgroup", "cgroup2", 0, NULL)) \
		SKIP(return, "no cgroup2 (%s)", strerror(errno)); \
	if (zxt_write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory")) \
		SKIP(return, "no memory controller"); \
	rmdir(cg); \
	ASSERT_EQ(0, mkdir((cg), 0755)); \
} while (0)

/*
 * fork() into cgroup @cg: returns 0 in the child once it is in the
 * cgroup (so everything it allocates is charged there), its pid in the
 * parent, -1 on failure.
 */
static inline pid_t zxt_fork_into_cgroup(const char *cg)
{
	char path[256], pid_text[24], c = 'g';
	int fds[2], ok;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			_exit(1);	/* the parent could not move it */
		close(fds[0]);
		return 0;
	}
	close(fds[0]);
	if (pid > 0) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
		snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
		ok = !zxt_write_file(path, pid_text) && write(fds[1], &c, 1) == 1;
		if (!ok) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			pid = -1;
		}
	}
	close(fds[1]);
	return pid;
}

/* ------------------------------------------------------------------ */
/* Module parameters (/sys/module/zircon/parameters/<name>)            */

/* 0 and the value in *v, or -1 if the parameter cannot be read. */
static inline int zxt_param_read(const char *name, unsigned long *v)
{
	char path[128];
	long long n;

	snprintf(path, sizeof(path), "/sys/module/zircon/parameters/%s", name);
	n = zxt_read_number(path);
	if (n < 0)
		return -1;
	*v = n;
	return 0;
}

/* 0, or -1 if the parameter cannot be written (not root, no such parameter). */
static inline int zxt_param_write(const char *name, unsigned long v)
{
	char path[128], text[32];

	snprintf(path, sizeof(path), "/sys/module/zircon/parameters/%s", name);
	snprintf(text, sizeof(text), "%lu", v);
	return zxt_write_file(path, text) ? -1 : 0;
}

/*
 * Run @child_call in a forked child while module parameter @name is
 * @value, then restore it and assert the child exited with 0 (it checks
 * with CHILD_EQ). Skips if the parameter is missing or not writable.
 * Module parameters are global: only for tests that run alone.
 */
#define zxt_with_param(name, value, child_call) do { \
	unsigned long __zxt_orig = 0; \
	siginfo_t __zxt_si; \
	pid_t __zxt_pid; \
	if (zxt_param_read((name), &__zxt_orig) != 0) \
		SKIP(return, "/sys/module/zircon/parameters/%s is missing", (name)); \
	if (zxt_param_write((name), (value)) != 0) \
		SKIP(return, "module parameter %s is not writable", (name)); \
	fflush(NULL); \
	__zxt_pid = fork(); \
	if (__zxt_pid == 0) { \
		child_call; \
		_exit(0); \
	} \
	/* Restore before reaping, so a failed assertion leaves it restored. */ \
	if (__zxt_pid > 0) \
		waitid(P_PID, __zxt_pid, &__zxt_si, WEXITED | WNOWAIT); \
	ASSERT_EQ(0, zxt_param_write((name), __zxt_orig)); \
	ASSERT_GT(__zxt_pid, 0); \
	zxt_reap_ok(__zxt_pid); \
} while (0)

/* ------------------------------------------------------------------ */
/* Threads                                                             */

static inline pid_t zxt_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/*
 * Is task @tid of process @pid blocked in system call @nr (any, for -1)
 * and, for SYS_ioctl with a nonzero @cmd, in ioctl(_, @cmd, ...)?
 * /proc/<pid>/task/<tid>/syscall prints "running" for a running task, and
 * "<nr> <arg0> <arg1> ..." for one blocked in a system call. A 32-bit
 * process sees the compat numbers, which is what its SYS_ioctl is.
 * Returns -1 when the file cannot be read at all.
 */
static inline int zxt_task_blocked_in(pid_t pid, pid_t tid, long nr, unsigned int cmd)
{
	char path[96], buf[256];
	unsigned long a0, a1;
	long got;
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return -1;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	if (sscanf(buf, "%ld 0x%lx 0x%lx", &got, &a0, &a1) != 3 || got < 0)
		return 0;
	if (nr != -1 && got != nr)
		return 0;
	return got != SYS_ioctl || cmd == 0 || (unsigned int)a1 == cmd;
}

/*
 * Is thread @tid (of this process) blocked in ioctl(_, @cmd, ...)? With
 * @cmd 0: is it blocked in any system call at all?
 */
static inline int zxt_blocked_in_ioctl(pid_t tid, unsigned int cmd)
{
	return zxt_task_blocked_in(getpid(), tid, cmd ? SYS_ioctl : -1, cmd);
}

/* Spin (yielding) until @tid is blocked in ioctl(_, @cmd, ...). */
#define zxt_wait_blocked(tid, cmd) do { \
	int64_t __zxt_give_up = zxt_mono_ns() + ZXT_SEC(ZXT_TIMEOUT / 2); \
	int __zxt_r; \
	while ((__zxt_r = zxt_blocked_in_ioctl((tid), (cmd))) == 0 && \
	       zxt_mono_ns() < __zxt_give_up) \
		sched_yield(); \
	if (__zxt_r < 0) \
		TH_LOG("cannot read /proc/self/task/%d/syscall: mount /proc", (int)(tid)); \
	ASSERT_EQ(1, __zxt_r) \
		TH_LOG("thread %d never blocked in ioctl 0x%x", (int)(tid), (unsigned int)(cmd)); \
} while (0)

/* A thread blocked in zx_object_wait_one(). */
struct zxt_waiter {
	pthread_t thread;
	sem_t started;
	pid_t tid;
	zx_handle_t handle;
	zx_signals_t signals;
	zx_time_t deadline;
	zx_status_t status;
	zx_signals_t observed;
	int64_t returned_ns;
};

static inline void *zxt_waiter_main(void *arg)
{
	struct zxt_waiter *w = arg;
	zx_signals_t observed = 0xdeadbeef;
	zx_status_t status;

	w->tid = zxt_gettid();
	sem_post(&w->started);
	status = zx_object_wait_one(w->handle, w->signals, w->deadline, &observed);
	w->returned_ns = zxt_mono_ns();
	w->observed = observed;
	__atomic_store_n(&w->status, status, __ATOMIC_RELEASE);
	return NULL;
}

/* Has the waiter's wait returned? */
static inline bool zxt_waiter_done(struct zxt_waiter *w)
{
	return __atomic_load_n(&w->status, __ATOMIC_ACQUIRE) != 12345;
}

#define zxt_waiter_start(w, h, sigs, dl) do { \
	memset((w), 0, sizeof(*(w))); \
	(w)->handle = (h); \
	(w)->signals = (sigs); \
	(w)->deadline = (dl); \
	(w)->status = 12345; \
	(w)->observed = 0xdeadbeef; \
	ASSERT_EQ(0, sem_init(&(w)->started, 0, 0)); \
	ASSERT_EQ(0, pthread_create(&(w)->thread, NULL, zxt_waiter_main, (w))); \
	while (sem_wait(&(w)->started) != 0) \
		; \
} while (0)

/* Start a waiter and return once it is blocked inside the wait. */
#define zxt_waiter_start_blocked(w, h, sigs, dl) do { \
	zxt_waiter_start(w, h, sigs, dl); \
	zxt_wait_blocked((w)->tid, ZIRCON_IOC_OBJECT_WAIT_ONE); \
} while (0)

#define zxt_waiter_join(w) do { \
	ASSERT_EQ(0, pthread_join((w)->thread, NULL)); \
	sem_destroy(&(w)->started); \
} while (0)

/* A thread blocked in zx_object_wait_many(). */
struct zxt_many_waiter {
	pthread_t thread;
	sem_t started;
	pid_t tid;
	zx_wait_item_t *items;
	size_t count;
	zx_time_t deadline;
	zx_status_t status;
};

static inline void *zxt_many_waiter_main(void *arg)
{
	struct zxt_many_waiter *w = arg;
	zx_status_t status;

	w->tid = zxt_gettid();
	sem_post(&w->started);
	status = zx_object_wait_many(w->items, w->count, w->deadline);
	__atomic_store_n(&w->status, status, __ATOMIC_RELEASE);
	return NULL;
}

#define zxt_many_waiter_start_blocked(w, it, n, dl) do { \
	memset((w), 0, sizeof(*(w))); \
	(w)->items = (it); \
	(w)->count = (n); \
	(w)->deadline = (dl); \
	(w)->status = 12345; \
	ASSERT_EQ(0, sem_init(&(w)->started, 0, 0)); \
	ASSERT_EQ(0, pthread_create(&(w)->thread, NULL, zxt_many_waiter_main, (w))); \
	while (sem_wait(&(w)->started) != 0) \
		; \
	zxt_wait_blocked((w)->tid, ZIRCON_IOC_OBJECT_WAIT_MANY); \
} while (0)

#define zxt_many_waiter_join(w) do { \
	ASSERT_EQ(0, pthread_join((w)->thread, NULL)); \
	sem_destroy(&(w)->started); \
} while (0)

/* ------------------------------------------------------------------ */
/* Linux signals delivered to a thread blocked in a wait                */

/* The handler acknowledges each delivery on an eventfd. */
static inline int *zxt_intr_fd(void)
{
	static int fd = -1;

	return &fd;
}

static inline void zxt_intr_handler(int sig)
{
	uint64_t one = 1;
	ssize_t r;

	(void)sig;
	r = write(*zxt_intr_fd(), &one, sizeof(one));
	(void)r;
}

/* Install the acknowledging handler for @signo, with sa_flags @flags. */
#define zxt_intr_install(signo, flags) do { \
	struct sigaction __zxt_sa; \
	memset(&__zxt_sa, 0, sizeof(__zxt_sa)); \
	__zxt_sa.sa_handler = zxt_intr_handler; \
	__zxt_sa.sa_flags = (flags); \
	sigemptyset(&__zxt_sa.sa_mask); \
	*zxt_intr_fd() = eventfd(0, EFD_CLOEXEC); \
	ASSERT_LE(0, *zxt_intr_fd()); \
	ASSERT_EQ(0, sigaction((signo), &__zxt_sa, NULL)); \
} while (0)

/*
 * A thread that, @count times, waits until the target thread is blocked
 * in ioctl(_, @cmd) (any system call if @cmd is 0), sends it @signo and
 * waits for the handler to have run; then, if @then_handle is set, waits
 * once more for the target to block and sets @then_signals on it. It
 * stops early once @done is set (the target's call returned).
 */
struct zxt_interrupter {
	pthread_t thread;
	pthread_t target;
	pid_t target_tid;
	unsigned int cmd;
	int signo;
	int count;
	zx_handle_t then_handle;
	zx_signals_t then_signals;
	int done;
	int sent;
	zx_status_t then_status;
};

static inline bool zxt_intr_wait_target(struct zxt_interrupter *in)
{
	while (!__atomic_load_n(&in->done, __ATOMIC_ACQUIRE)) {
		if (zxt_blocked_in_ioctl(in->target_tid, in->cmd) == 1)
			return true;
		sched_yield();
	}
	return false;
}

static inline void *zxt_interrupter_main(void *arg)
{
	struct zxt_interrupter *in = arg;
	int k;

	for (k = 0; k < in->count; k++) {
		uint64_t v;

		if (!zxt_intr_wait_target(in))
			return NULL;
		pthread_kill(in->target, in->signo);
		while (read(*zxt_intr_fd(), &v, sizeof(v)) < 0 && errno == EINTR)
			;
		__atomic_add_fetch(&in->sent, 1, __ATOMIC_RELEASE);
	}
	if (in->then_handle != ZX_HANDLE_INVALID && zxt_intr_wait_target(in))
		in->then_status = zx_object_signal(in->then_handle, 0, in->then_signals);
	return NULL;
}

/* Start an interrupter aimed at the calling thread. */
#define zxt_interrupter_start(in, _cmd, _signo, _count, _h, _sigs) do { \
	memset((in), 0, sizeof(*(in))); \
	(in)->target = pthread_self(); \
	(in)->target_tid = zxt_gettid(); \
	(in)->cmd = (_cmd); \
	(in)->signo = (_signo); \
	(in)->count = (_count); \
	(in)->then_handle = (_h); \
	(in)->then_signals = (_sigs); \
	(in)->then_status = 12345; \
	ASSERT_EQ(0, pthread_create(&(in)->thread, NULL, zxt_interrupter_main, (in))); \
} while (0)

/* The target's call returned: stop the interrupter and reap it. */
#define zxt_interrupter_stop(in) do { \
	__atomic_store_n(&(in)->done, 1, __ATOMIC_RELEASE); \
	ASSERT_EQ(0, pthread_join((in)->thread, NULL)); \
} while (0)

/* ------------------------------------------------------------------ */
/* Child processes                                                     */

/*
 * Checks inside a forked child: the harness's ASSERT_* longjmp into the
 * parent's frames, so a child reports a failure on stderr and exits with
 * a non-zero status that the parent asserts on.
 */
#define CHILD_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "# child %d: %s:%d: check failed: %s\n", \
			(int)getpid(), __FILE__, __LINE__, #cond); \
		fflush(stderr); \
		_exit(1); \
	} \
} while (0)

#define CHILD_EQ(expected, seen) do { \
	long long __ce = (long long)(expected), __cs = (long long)(seen); \
	if (__ce != __cs) { \
		fprintf(stderr, "# child %d: %s:%d: expected %s (%lld) == %s (%lld)\n", \
			(int)getpid(), __FILE__, __LINE__, #expected, __ce, #seen, __cs); \
		fflush(stderr); \
		_exit(1); \
	} \
} while (0)

/* Wait for @pid and assert it exited with status 0. */
#define zxt_reap_ok(pid) do { \
	int __zxt_st = 0; \
	ASSERT_EQ((pid), waitpid((pid), &__zxt_st, 0)); \
	if (WIFSIGNALED(__zxt_st)) \
		TH_LOG("child killed by signal %d", WTERMSIG(__zxt_st)); \
	ASSERT_TRUE(WIFEXITED(__zxt_st)); \
	ASSERT_EQ(0, WEXITSTATUS(__zxt_st)); \
} while (0)

/* ------------------------------------------------------------------ */
/* Time namespaces                                                     */

#define ZXT_TIMENS_UNAVAILABLE 4

/*
 * Run @fn in a grandchild whose CLOCK_MONOTONIC is set back by
 * half of the parent's uptime (a new time namespace only applies to the
 * children of the process that made it). @fn exits the grandchild with
 * CHILD_CHECK on failure and returns normally on success. Returns the
 * exit status: 0 on success, ZXT_TIMENS_UNAVAILABLE where time namespaces
 * are not available, anything else on failure.
 */
static inline int zxt_in_timens(void (*fn)(void))
{
	int64_t parent_now = zxt_mono_ns();
	long off = (long)(parent_now / 1000000000LL / 2);
	pid_t pid;
	int st = 0;

	if (off < 1)
		return ZXT_TIMENS_UNAVAILABLE;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		char buf[64];
		pid_t gc;
		int fd, gst = 0;

		if (unshare(CLONE_NEWTIME) != 0)
			_exit(errno == EPERM || errno == EINVAL ? ZXT_TIMENS_UNAVAILABLE : 1);
		fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(ZXT_TIMENS_UNAVAILABLE);
		snprintf(buf, sizeof(buf), "monotonic -%ld 0\n", off);
		CHILD_CHECK(write(fd, buf, strlen(buf)) == (ssize_t)strlen(buf));
		close(fd);
		gc = fork();
		CHILD_CHECK(gc >= 0);
		if (gc == 0) {
			/* really in the namespace */
			CHILD_CHECK(zxt_mono_ns() < parent_now);
			fn();
			_exit(0);
		}
		CHILD_CHECK(waitpid(gc, &gst, 0) == gc);
		_exit(WIFEXITED(gst) ? WEXITSTATUS(gst) : 1);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 1;
	return WEXITSTATUS(st);
}

#define zxt_run_in_timens(fn) do { \
	int __zxt_st = zxt_in_timens(fn); \
	if (__zxt_st == ZXT_TIMENS_UNAVAILABLE) \
		SKIP(return, "no time namespaces here (needs CONFIG_TIME_NS and CAP_SYS_ADMIN)"); \
	ASSERT_EQ(0, __zxt_st); \
} while (0)

/* ------------------------------------------------------------------ */
/* Misc                                                                */

/* xorshift64*: deterministic per-thread pseudo-random numbers */
static inline uint64_t zxt_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static inline int zxt_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static inline int zxt_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#endif /* ZX_SELFTEST_H */
