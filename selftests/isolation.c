// SPDX-License-Identifier: GPL-2.0
/*
 * Isolation between processes and users: a forked child starts with an
 * empty table of its own, no process can use another's table (even
 * holding its file descriptor), the library's descriptor does not survive
 * exec, and an unprivileged user (the device is 0666) gets a fully
 * working table of its own that root's handles mean nothing to.
 */
#define ZXT_FIXTURE isolation
#include "zx_selftest.h"

#include <grp.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define NOBODY 65534

/* ioctl(): 0, or the errno it failed with */
static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) == 0 ? 0 : errno;
}

/* Parent's objects as the tests leave them: checked after each child. */
struct objs {
	zx_handle_t e, a, b;
	zx_koid_t ke;
};

static void make_objs(struct __test_metadata *_metadata, struct objs *o)
{
	o->e = zxt_event(_metadata);
	zxt_eventpair(_metadata, &o->a, &o->b);
	ASSERT_EQ(ZX_OK, zx_object_signal(o->e, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(o->b, 0, ZX_USER_SIGNAL_1));
	o->ke = zxt_koid(_metadata, o->e);
}

static void check_objs(struct __test_metadata *_metadata, struct objs *o)
{
	EXPECT_TRUE(zxt_valid(o->e));
	EXPECT_TRUE(zxt_valid(o->a));
	EXPECT_TRUE(zxt_valid(o->b));
	EXPECT_EQ(ZX_USER_SIGNAL_0, zxt_signals(_metadata, o->e));
	EXPECT_EQ(0u, zxt_signals(_metadata, o->a));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zxt_signals(_metadata, o->b));
	EXPECT_EQ(o->ke, zxt_koid(_metadata, o->e));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, o->e));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zxt_rights(_metadata, o->e));
}

static void close_objs(struct __test_metadata *_metadata, struct objs *o)
{
	zx_handle_t h[3] = { o->e, o->a, o->b };

	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 3));
}

/* In a child: every use of a parent's handle value is BAD_HANDLE. */
static void child_parent_values_mean_nothing(const struct objs *o)
{
	zx_handle_t v[3] = { o->e, o->a, o->b }, d = ZX_HANDLE_INVALID;
	zx_signals_t obs = 0;
	zx_wait_item_t it;
	zx_info_handle_basic_t info;
	int i;

	for (i = 0; i < 3; i++) {
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_info(v[i], ZX_INFO_HANDLE_VALID,
							       NULL, 0, NULL, NULL));
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_info(v[i], ZX_INFO_HANDLE_BASIC,
							       &info, sizeof(info), NULL, NULL));
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(v[i], ZX_USER_SIGNAL_0, 0));
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal_peer(v[i], 0, ZX_USER_SIGNAL_2));
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_one(v[i], ZX_USER_SIGNAL_0, 0, &obs));
		it = (zx_wait_item_t){ v[i], ZX_USER_SIGNAL_0, 0 };
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_object_wait_many(&it, 1, 0));
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(v[i], ZX_RIGHT_SAME_RIGHTS, &d));
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_handle_replace(v[i], ZX_RIGHT_SAME_RIGHTS, &d));
		CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(v[i]));
	}
	CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close_many(v, 3));
}

/* In a child: its own table works. */
static void child_own_objects_work(void)
{
	zx_handle_t e = ZX_HANDLE_INVALID, a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
	zx_handle_t d = ZX_HANDLE_INVALID, r = ZX_HANDLE_INVALID;
	zx_signals_t obs = 0;
	zx_wait_item_t it[2];
	zx_info_handle_basic_t info;
	zx_info_handle_count_t cnt;

	CHILD_EQ(ZX_OK, zx_event_create(0, &e));
	CHILD_EQ(3, e & 3);
	CHILD_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	CHILD_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED));
	CHILD_EQ(ZX_OK, zx_object_wait_one(e, ZX_EVENT_SIGNALED, 0, &obs));
	CHILD_EQ(ZX_EVENT_SIGNALED, obs);
	CHILD_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_3));
	it[0] = (zx_wait_item_t){ e, ZX_USER_SIGNAL_0, 0 };
	it[1] = (zx_wait_item_t){ b, ZX_USER_SIGNAL_3, 0 };
	CHILD_EQ(ZX_OK, zx_object_wait_many(it, 2, zx_deadline_after(ZXT_SEC(1))));
	CHILD_EQ(ZX_EVENT_SIGNALED, it[0].pending);
	CHILD_EQ(ZX_USER_SIGNAL_3, it[1].pending);
	CHILD_EQ(ZX_OK, zx_handle_duplicate(e, ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT, &d));
	CHILD_EQ(ZX_OK, zx_object_get_info(d, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL));
	CHILD_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT, info.rights);
	CHILD_EQ(ZX_OBJ_TYPE_EVENT, info.type);
	CHILD_EQ(ZX_OK, zx_object_get_info(d, ZX_INFO_HANDLE_COUNT, &cnt, sizeof(cnt), NULL, NULL));
	CHILD_EQ(2, cnt.handle_count);
	CHILD_EQ(ZX_OK, zx_handle_replace(d, ZX_RIGHT_SAME_RIGHTS, &r));
	CHILD_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(d));
	CHILD_EQ(ZX_OK, zx_handle_close(a));
	CHILD_EQ(ZX_OK, zx_object_wait_one(b, ZX_EVENTPAIR_PEER_CLOSED, 0, &obs));
	CHILD_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(b, 0, ZX_USER_SIGNAL_0));
	{
		zx_handle_t all[3] = { e, b, r };

		CHILD_EQ(ZX_OK, zx_handle_close_many(all, 3));
	}
}

TEST_ZX(child_starts_empty)
{
	struct objs o;
	pid_t pid;

	make_objs(_metadata, &o);
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		child_parent_values_mean_nothing(&o);
		child_own_objects_work();
		/* and still nothing of the parent's, after the child made its own */
		child_parent_values_mean_nothing(&o);
		_exit(0);
	}
	zxt_reap_ok(pid);
	/* the child's closes of the same numbers touched nothing here */
	check_objs(_metadata, &o);
	close_objs(_metadata, &o);
}

/* The reverse: a live child's handle values mean nothing to the parent. */
TEST_ZX(child_values_mean_nothing_to_parent)
{
	int up[2], down[2];
	zx_handle_t v[3];
	struct objs o;
	pid_t pid;
	char c = 0;
	int i;

	make_objs(_metadata, &o);
	ASSERT_EQ(0, pipe(up));
	ASSERT_EQ(0, pipe(down));
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		zx_handle_t h[3] = { 0 };
		zx_signals_t obs = 0;

		close(up[0]);
		close(down[1]);
		CHILD_EQ(ZX_OK, zx_event_create(0, &h[0]));
		CHILD_EQ(ZX_OK, zx_eventpair_create(0, &h[1], &h[2]));
		CHILD_EQ(ZX_OK, zx_object_signal(h[0], 0, ZX_USER_SIGNAL_5));
		CHILD_CHECK(write(up[1], h, sizeof(h)) == sizeof(h));
		CHILD_CHECK(read(down[0], &c, 1) == 1);
		/* the parent's attempts changed nothing */
		CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h[0], 0, 0, &obs));
		CHILD_EQ(ZX_USER_SIGNAL_5, obs);
		CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h[2], 0, 0, &obs));
		CHILD_EQ(0, obs);
		CHILD_EQ(ZX_OK, zx_handle_close_many(h, 3));
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	ASSERT_EQ(sizeof(v), read(up[0], v, sizeof(v)));
	for (i = 0; i < 3; i++) {
		if (v[i] == o.e || v[i] == o.a || v[i] == o.b)
			continue;	/* the same number by chance: not the child's handle */
		EXPECT_FALSE(zxt_valid(v[i]));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(v[i], ZX_USER_SIGNAL_5, 0));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(v[i]));
	}
	ASSERT_EQ(1, write(down[1], &c, 1));
	zxt_reap_ok(pid);
	check_objs(_metadata, &o);
	close_objs(_metadata, &o);
	close(up[0]);
	close(down[1]);
}

/*
 * A child that bypasses the library and issues raw ioctls on the parent's
 * table (a descriptor it inherited): refused with EPERM, nothing changes.
 */
TEST_ZX(inherited_fd_refused)
{
	struct objs o;
	int fd;
	pid_t pid;

	make_objs(_metadata, &o);
	ASSERT_LE(0, zx_linux_device_fd());
	/* our own reference to the parent's table file, kept across fork */
	fd = dup(zx_linux_device_fd());
	ASSERT_LE(0, fd);
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct zircon_handle_close hc = { .handle = o.e };
		struct zircon_handle_close_many cm;
		struct zircon_object_signal sig = { .handle = o.e, .clear_mask = ZX_USER_SIGNAL_0 };
		struct zircon_object_signal sp = { .handle = o.a, .set_mask = ZX_USER_SIGNAL_2 };
		struct zircon_handle_dup dup_arg = { .handle = o.e, .rights = ZX_RIGHT_SAME_RIGHTS };
		struct zircon_event_create ec = { 0 };
		struct zircon_eventpair_create epc = { 0 };
		struct zircon_object_wait_one wo = { .handle = o.e, .signals = ZX_USER_SIGNAL_0 };
		struct zircon_wait_item item = { o.e, ZX_USER_SIGNAL_0, 0 };
		struct zircon_object_wait_many wm = { .items = (__u64)(uintptr_t)&item, .count = 1 };
		zx_info_handle_basic_t info;
		struct zircon_object_get_info gi = {
			.handle = o.e, .topic = ZX_INFO_HANDLE_BASIC,
			.buffer = (__u64)(uintptr_t)&info, .buffer_size = sizeof(info),
		};
		__u32 many[3] = { o.e, o.a, o.b };

		cm.handles = (__u64)(uintptr_t)many;
		cm.count = 3;
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_HANDLE_CLOSE, &hc));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_HANDLE_CLOSE_MANY, &cm));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL, &sig));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL_PEER, &sp));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_HANDLE_DUPLICATE, &dup_arg));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_HANDLE_REPLACE, &dup_arg));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_EVENT_CREATE, &ec));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_EVENTPAIR_CREATE, &epc));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_ONE, &wo));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &wm));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &gi));
		/* the library, meanwhile, gives this child a table of its own */
		CHILD_CHECK(zx_linux_device_fd() >= 0);
		child_parent_values_mean_nothing(&o);
		child_own_objects_work();
		_exit(0);
	}
	zxt_reap_ok(pid);
	check_objs(_metadata, &o);
	/* the parent itself may still use that descriptor: same table */
	{
		struct zircon_object_get_info gi = { .handle = o.e, .topic = ZX_INFO_HANDLE_VALID };

		EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &gi));
	}
	close(fd);
	check_objs(_metadata, &o);
	close_objs(_metadata, &o);
}

/* A table received over SCM_RIGHTS by another process is refused too. */
static int send_fd(int sock, int fd)
{
	char c = 'f';
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	memset(u.buf, 0, sizeof(u.buf));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

TEST_ZX(passed_fd_refused)
{
	int sv[2], fd;
	zx_handle_t ch[2];
	pid_t pid;
	char c = 0;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		zx_handle_t h[2] = { 0 };
		zx_signals_t obs = 0;

		close(sv[0]);
		CHILD_EQ(ZX_OK, zx_event_create(0, &h[0]));
		CHILD_EQ(ZX_OK, zx_object_signal(h[0], 0, ZX_USER_SIGNAL_6));
		h[1] = h[0];
		CHILD_CHECK(send_fd(sv[1], zx_linux_device_fd()) == 0);
		CHILD_CHECK(write(sv[1], h, sizeof(h)) == sizeof(h));
		CHILD_CHECK(read(sv[1], &c, 1) == 1);
		CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h[0], 0, 0, &obs));
		CHILD_EQ(ZX_USER_SIGNAL_6, obs);
		CHILD_EQ(ZX_OK, zx_handle_close(h[0]));
		_exit(0);
	}
	close(sv[1]);
	fd = recv_fd(sv[0]);
	ASSERT_LE(0, fd);
	ASSERT_EQ(sizeof(ch), read(sv[0], ch, sizeof(ch)));
	{
		struct zircon_handle_close hc = { .handle = ch[0] };
		struct zircon_object_signal sig = { .handle = ch[0], .clear_mask = ZX_USER_SIGNAL_6 };
		struct zircon_event_create ec = { 0 };

		EXPECT_EQ(EPERM, ioc(fd, ZIRCON_IOC_HANDLE_CLOSE, &hc));
		EXPECT_EQ(EPERM, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL, &sig));
		EXPECT_EQ(EPERM, ioc(fd, ZIRCON_IOC_EVENT_CREATE, &ec));
	}
	ASSERT_EQ(1, write(sv[0], &c, 1));
	zxt_reap_ok(pid);
	close(fd);
	close(sv[0]);
}

/* Children coming and going (and dropping their copy of the fd) leave the parent's table alone. */
TEST_ZX(children_exit_table_survives)
{
	struct objs o;
	int i;

	make_objs(_metadata, &o);
	for (i = 0; i < 20; i++) {
		pid_t pid;

		fflush(NULL);
		pid = fork();
		ASSERT_GE(pid, 0);
		if (pid == 0) {
			if (i & 1) {
				zx_handle_t e = ZX_HANDLE_INVALID;

				CHILD_EQ(ZX_OK, zx_event_create(0, &e));
			}
			_exit(0);
		}
		zxt_reap_ok(pid);
	}
	check_objs(_metadata, &o);
	close_objs(_metadata, &o);
}

/* Threads of one process share its table. */
struct thread_arg {
	zx_handle_t in;
	zx_handle_t made;
	zx_status_t st;
};

static void *thread_main(void *p)
{
	struct thread_arg *t = p;

	t->st = zx_object_signal(t->in, 0, ZX_USER_SIGNAL_4);
	if (t->st == ZX_OK)
		t->st = zx_event_create(0, &t->made);
	return NULL;
}

TEST_ZX(threads_share_table)
{
	struct thread_arg t = { 0 };
	pthread_t th;

	t.in = zxt_event(_metadata);
	ASSERT_EQ(0, pthread_create(&th, NULL, thread_main, &t));
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_EQ(ZX_OK, t.st);
	EXPECT_EQ(ZX_USER_SIGNAL_4, zxt_signals(_metadata, t.in));
	EXPECT_TRUE(zxt_valid(t.made));
	zxt_close(_metadata, t.made);
	zxt_close(_metadata, t.in);
}

/*
 * The library's descriptor is close-on-exec: a program this process
 * spawns does not inherit the table. posix_spawn() runs no atfork
 * handlers, so only FD_CLOEXEC stands between the table and the new
 * program, which is this test program itself, told by its environment to
 * run the check below (in a constructor, before the harness starts).
 */
#define EXEC_ENV "ZXT_ISOLATION_EXEC_FD"

__attribute__((constructor)) static void exec_check(void)
{
	const char *s = getenv(EXEC_ENV);
	struct stat st, dev;
	int fd;

	if (!s)
		return;
	fd = atoi(s);
	if (fstat(fd, &st) != 0)
		_exit(errno == EBADF ? 0 : 2);
	/* the number is open: it must not be the zircon device */
	if (stat(ZXT_DEVICE, &dev) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == dev.st_rdev)
		_exit(3);
	_exit(0);
}

TEST_ZX(exec_does_not_inherit)
{
	zx_handle_t e = zxt_event(_metadata);
	int fd = zx_linux_device_fd();
	char var[64];
	char *argv[] = { "isolation", NULL };
	char *envp[] = { var, NULL };
	pid_t pid;

	ASSERT_LE(0, fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	snprintf(var, sizeof(var), EXEC_ENV "=%d", fd);
	fflush(NULL);
	ASSERT_EQ(0, posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, envp));
	zxt_reap_ok(pid);
	EXPECT_TRUE(zxt_valid(e));
	zxt_close(_metadata, e);
}

/*
 * An unprivileged user opens the 0666 device and has a working table of
 * its own; root's handle values mean nothing to it and root's table file
 * (inherited) is refused.
 */
TEST_ZX(unprivileged_user)
{
	struct objs o;
	int fd;
	pid_t pid;
	int st = 0;

	make_objs(_metadata, &o);
	fd = dup(zx_linux_device_fd());
	ASSERT_LE(0, fd);
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct zircon_object_signal sig = { .handle = o.e, .clear_mask = ZX_USER_SIGNAL_0 };
		struct zircon_handle_close hc = { .handle = o.e };
		int own;

		if (getuid() != 0)
			_exit(4);
		CHILD_CHECK(setgroups(0, NULL) == 0);
		CHILD_CHECK(setgid(NOBODY) == 0);
		CHILD_CHECK(setuid(NOBODY) == 0);
		CHILD_EQ(NOBODY, geteuid());
		CHILD_EQ(NOBODY, getegid());

		/* root's table: refused */
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL, &sig));
		CHILD_EQ(EPERM, ioc(fd, ZIRCON_IOC_HANDLE_CLOSE, &hc));
		close(fd);

		/* the device is open to everyone */
		own = open(ZXT_DEVICE, O_RDWR | O_CLOEXEC);
		CHILD_CHECK(own >= 0);
		CHILD_EQ(EBADF, ioc(own, ZIRCON_IOC_OBJECT_SIGNAL, &sig));
		close(own);

		/* through the library: an empty table, then everything works */
		child_parent_values_mean_nothing(&o);
		child_own_objects_work();
		child_parent_values_mean_nothing(&o);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	check_objs(_metadata, &o);
	close_objs(_metadata, &o);
	close(fd);
	ASSERT_TRUE(WIFEXITED(st));
	if (WEXITSTATUS(st) == 4)
		SKIP(return, "not running as root: cannot switch to uid %d", NOBODY);
	ASSERT_EQ(0, WEXITSTATUS(st));
}

/* An unprivileged user's waits, cancels and races work like root's. */
TEST_ZX(unprivileged_user_waits)
{
	pid_t pid;
	int st = 0;

	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		zx_handle_t e = ZX_HANDLE_INVALID, a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
		zx_signals_t obs = 0;
		zx_time_t deadline;

		if (getuid() != 0)
			_exit(4);
		CHILD_CHECK(setgroups(0, NULL) == 0);
		CHILD_CHECK(setgid(NOBODY) == 0);
		CHILD_CHECK(setuid(NOBODY) == 0);
		CHILD_EQ(ZX_OK, zx_event_create(0, &e));
		CHILD_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
		deadline = zx_deadline_after(ZXT_MSEC(50));
		CHILD_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_EVENT_SIGNALED, deadline, &obs));
		CHILD_CHECK(zxt_mono_ns() >= deadline);
		CHILD_EQ(ZX_OK, zx_handle_close(a));
		CHILD_EQ(ZX_OK, zx_object_wait_one(b, ZX_EVENTPAIR_PEER_CLOSED, ZX_TIME_INFINITE, &obs));
		CHILD_EQ(ZX_EVENTPAIR_PEER_CLOSED, obs);
		CHILD_EQ(ZX_OK, zx_nanosleep(zx_deadline_after(ZXT_MSEC(1))));
		CHILD_EQ(ZX_OK, zx_handle_close(b));
		CHILD_EQ(ZX_OK, zx_handle_close(e));
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	if (WEXITSTATUS(st) == 4)
		SKIP(return, "not running as root: cannot switch to uid %d", NOBODY);
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
