// SPDX-License-Identifier: GPL-2.0
/*
 * Linux interop (zircon/linux.h): handles carried by file descriptors
 * across fork, exec and SCM_RIGHTS (imported exactly once, with their
 * rights), handles closed by process death, Linux descriptors wrapped as
 * waitable objects (pipes, TCP and UDP sockets, eventfd, pidfd, timerfd,
 * signalfd, epoll) with wait_one, wait_many and wait_async, files that can
 * hold other files (AF_UNIX sockets, io_uring rings) refused as wrappers,
 * and Zircon objects and ports seen by poll/epoll through
 * zx_linux_poll_fd().
 *
 * epoll_wrapping_itself builds a readiness loop (an epoll set holding the
 * poll descriptor of an object that wraps that same epoll set), which
 * must neither recurse without bound nor deadlock.
 *
 * Processes are ordered with pipes, waitpid() and zircon waits with
 * deadlines; a test that needs "the other task is now blocked" reads
 * /proc/<pid>/task/<tid>/syscall. The exec test re-executes this program
 * with ZXT_INTEROP_CHILD in the environment: a constructor runs the
 * child's part and exits before the harness's main.
 */
#define ZXT_FIXTURE interop
#include "zx_selftest.h"

#include <arpa/inet.h>
#include <linux/fuse.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425		/* the same on every architecture */
#endif
#ifndef AF_KCM
#define AF_KCM 41
#endif

#define CHILD_ENV "ZXT_INTEROP_CHILD"

/* Deadline for waits that must succeed: generous, for TCG emulation. */
#define LONG_DEADLINE() zx_deadline_after(ZXT_SEC(60))

#define PING ZX_USER_SIGNAL_0
#define PONG ZX_USER_SIGNAL_1

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* write()/read() exactly @len bytes (retrying EINTR); false on EOF or error */
static bool put_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool get_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool put_i32(int fd, int32_t v)
{
	return put_all(fd, &v, sizeof(v));
}

static bool get_i32(int fd, int32_t *v)
{
	return get_all(fd, v, sizeof(*v));
}

/* Send @fd and @data (8 bytes) over the AF_UNIX socket @sock. */
static bool send_fd(int sock, int fd, uint64_t data)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &data, .iov_len = sizeof(data) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;

	memset(cbuf, 0, sizeof(cbuf));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == (ssize_t)sizeof(data);
}

/* Receive one descriptor and 8 bytes; -1 on failure. */
static int recv_fd(int sock, uint64_t *data)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = data, .iov_len = sizeof(*data) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	ssize_t n;
	int fd;

	do {
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*data))
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * Loopback for the socket tests: up already, or brought up in a network
 * namespace of this test's own (the harness runs each test in a process of
 * its own; the test VM has lo down and runs as root). false if there is
 * no loopback to be had.
 */
static bool loopback_up(void)
{
	struct ifreq ifr;
	bool up = false;
	int s;

	for (int round = 0; round < 2 && !up; round++) {
		if (round == 1 && unshare(CLONE_NEWNET) != 0)
			break;
		s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s < 0)
			break;
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, "lo");
		if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
			up = ifr.ifr_flags & IFF_UP;
			if (!up && round == 1) {
				ifr.ifr_flags |= IFF_UP;
				up = ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
			}
		}
		close(s);
	}
	return up;
}

/* A connected pair of TCP sockets over loopback; false without one. */
static bool tcp_pair(int sv[2])
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int l, one = 1;

	sv[0] = sv[1] = -1;
	if (!loopback_up())
		return false;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0)
		return false;
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 1) == 0 &&
	    getsockname(l, (struct sockaddr *)&a, &len) == 0) {
		sv[1] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (sv[1] >= 0 && connect(sv[1], (struct sockaddr *)&a, sizeof(a)) == 0)
			sv[0] = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	}
	close(l);
	if (sv[0] < 0) {
		if (sv[1] >= 0)
			close(sv[1]);
		sv[1] = -1;
		return false;
	}
	/* Small requests and replies, one at a time. */
	setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return true;
}

static bool fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static bool fd_cloexec(int fd)
{
	return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
}

/* The koid of @h, in a child (0 on failure). */
static zx_koid_t child_koid(zx_handle_t h)
{
	zx_info_handle_basic_t info;

	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL) != ZX_OK)
		return 0;
	return info.koid;
}

/* Spin (yielding) until task @tid of @pid is blocked in @nr (see above). */
#define wait_task_blocked(pid, tid, nr, cmd) do { \
	int64_t __give_up = zxt_mono_ns() + ZXT_SEC(ZXT_TIMEOUT / 2); \
	int __r; \
	while ((__r = zxt_task_blocked_in((pid), (tid), (nr), (cmd))) == 0 && \
	       zxt_mono_ns() < __give_up) \
		sched_yield(); \
	ASSERT_EQ(1, __r) \
		TH_LOG("task %d/%d never blocked in syscall %ld", (int)(pid), (int)(tid), \
		       (long)(nr)); \
} while (0)

/* Eventpair end whose peer was closed (checked with a zero deadline). */
#define EXPECT_PEER_CLOSED(h) do { \
	zx_signals_t __o = 0; \
	EXPECT_EQ(ZX_OK, zx_object_wait_one((h), ZX_EVENTPAIR_PEER_CLOSED, 0, &__o)); \
	EXPECT_TRUE(__o & ZX_EVENTPAIR_PEER_CLOSED); \
} while (0)

#define EXPECT_NOT_PEER_CLOSED(h) do { \
	zx_signals_t __o = 0; \
	EXPECT_EQ(ZX_ERR_TIMED_OUT, \
		  zx_object_wait_one((h), ZX_EVENTPAIR_PEER_CLOSED, 0, &__o)); \
	EXPECT_FALSE(__o & ZX_EVENTPAIR_PEER_CLOSED); \
} while (0)

/* ------------------------------------------------------------------ */
/* The exec'd child (runs before the harness's main)                   */

/*
 * ZXT_INTEROP_CHILD="<fd> <cloexec fd> <koid>": <fd> was inherited across
 * exec and carries an eventpair end whose koid is <koid>; <cloexec fd>
 * was O_CLOEXEC and must be gone. Import, check, signal PING to the peer,
 * wait for PONG, exit without closing anything.
 */
__attribute__((constructor)) static void interop_exec_child(void)
{
	const char *env = getenv(CHILD_ENV);
	unsigned long long koid = 0;
	zx_handle_t h = ZX_HANDLE_INVALID, again = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t info;
	zx_signals_t obs = 0;
	int fd = -1, cfd = -1;

	if (!env)
		return;
	CHILD_CHECK(sscanf(env, "%d %d %llu", &fd, &cfd, &koid) == 3);
	unsetenv(CHILD_ENV);
	/* before anything of ours opens a descriptor */
	CHILD_CHECK(fd_is_open(fd));
	CHILD_CHECK(!fd_cloexec(fd));
	CHILD_CHECK(!fd_is_open(cfd));
	CHILD_CHECK(errno == EBADF);
	CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	CHILD_CHECK(h != ZX_HANDLE_INVALID);
	CHILD_CHECK(fd_is_open(fd));
	CHILD_EQ(ZX_ERR_BAD_STATE, zx_linux_fd_to_handle(fd, &again));
	CHILD_EQ(ZX_HANDLE_INVALID, again);
	CHILD_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					   NULL, NULL));
	CHILD_EQ(koid, info.koid);
	CHILD_EQ(ZX_OBJ_TYPE_EVENTPAIR, info.type);
	CHILD_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, info.rights);
	CHILD_EQ(ZX_OK, zx_object_signal_peer(h, 0, PING));
	CHILD_EQ(ZX_OK, zx_object_wait_one(h, PONG, zx_deadline_after(ZXT_SEC(60)), &obs));
	CHILD_CHECK(obs & PONG);
	close(fd);
	_exit(0);
}

/* ------------------------------------------------------------------ */
/* Handle descriptors: basics and errors                               */

TEST_ZX(handle_fd_roundtrip)
{
	zx_handle_t e = zxt_event(_metadata), h = ZX_HANDLE_INVALID, again = 7;
	zx_koid_t koid = zxt_koid(_metadata, e);
	int fd = -1, fd0 = -1;

	ASSERT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_USER_SIGNAL_2));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(e, O_CLOEXEC, &fd));
	ASSERT_LE(0, fd);
	EXPECT_TRUE(fd_cloexec(fd));
	/* moved out of the table */
	EXPECT_FALSE(zxt_valid(e));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(e));

	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_TRUE(fd_is_open(fd));
	EXPECT_EQ(koid, zxt_koid(_metadata, h));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zxt_rights(_metadata, h));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zxt_info(_metadata, h).type);
	EXPECT_EQ(ZX_USER_SIGNAL_2, zxt_signals(_metadata, h));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, h));

	/* exactly once */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_linux_fd_to_handle(fd, &again));
	EXPECT_EQ(ZX_HANDLE_INVALID, again);
	EXPECT_EQ(0, close(fd));
	/* closing the spent descriptor does not touch the imported handle */
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_2, ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_EVENT_SIGNALED, zxt_signals(_metadata, h));

	/* flags 0: no FD_CLOEXEC */
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, 0, &fd0));
	EXPECT_FALSE(fd_cloexec(fd0));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd0, &h));
	EXPECT_EQ(koid, zxt_koid(_metadata, h));
	EXPECT_EQ(ZX_EVENT_SIGNALED, zxt_signals(_metadata, h));
	EXPECT_EQ(0, close(fd0));
	zxt_close(_metadata, h);
}

TEST_ZX(handle_to_fd_bad_flags_consumes)
{
	static const int bad[] = { O_NONBLOCK, O_RDWR, O_CLOEXEC | O_NONBLOCK, 1, -1, 0x40000000 };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		zx_handle_t a, b;
		int fd = 1234;

		zxt_eventpair(_metadata, &a, &b);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_handle_to_fd(b, bad[i], &fd))
			TH_LOG("flags 0x%x", bad[i]);
		EXPECT_EQ(-1, fd);
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(b));
		EXPECT_PEER_CLOSED(a);
		zxt_close(_metadata, a);
	}
}

TEST_ZX(handle_to_fd_null_out_consumes)
{
	zx_handle_t a, b;

	zxt_eventpair(_metadata, &a, &b);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_handle_to_fd(b, 0, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(b));
	EXPECT_PEER_CLOSED(a);
	zxt_close(_metadata, a);
}

TEST_ZX(handle_to_fd_bad_handle)
{
	zx_handle_t e = zxt_event(_metadata);
	int fd = 1234;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_handle_to_fd(ZX_HANDLE_INVALID, 0, &fd));
	EXPECT_EQ(-1, fd);
	zxt_close(_metadata, e);
	fd = 1234;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_handle_to_fd(e, 0, &fd));
	EXPECT_EQ(-1, fd);
	fd = 1234;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_handle_to_fd(0x12345673u, O_CLOEXEC, &fd));
	EXPECT_EQ(-1, fd);
}

TEST_ZX(handle_to_fd_needs_transfer)
{
	zx_handle_t a, b, r = ZX_HANDLE_INVALID;
	int fd = 1234;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_handle_replace(b, ZX_DEFAULT_EVENTPAIR_RIGHTS & ~ZX_RIGHT_TRANSFER, &r));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_linux_handle_to_fd(r, O_CLOEXEC, &fd));
	EXPECT_EQ(-1, fd);
	/* consumed anyway */
	EXPECT_FALSE(zxt_valid(r));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(r));
	EXPECT_PEER_CLOSED(a);
	zxt_close(_metadata, a);
}

TEST_ZX(import_keeps_rights)
{
	zx_handle_t e = zxt_event(_metadata), w = ZX_HANDLE_INVALID, h = ZX_HANDLE_INVALID;
	zx_handle_t d = ZX_HANDLE_INVALID;
	zx_koid_t koid = zxt_koid(_metadata, e);
	zx_info_handle_basic_t before, after;
	zx_signals_t obs = 0;
	int fd = -1, pfd = -1;

	w = zxt_dup(_metadata, e, ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER);
	before = zxt_info(_metadata, w);
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER, before.rights);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(w, O_CLOEXEC, &fd));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	after = zxt_info(_metadata, h);
	EXPECT_EQ(before.rights, after.rights);
	EXPECT_EQ(koid, after.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, after.type);
	/* what the rights say */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(h, 0, ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_OK, zx_object_signal(e, 0, ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_EVENT_SIGNALED, 0, &obs));
	EXPECT_EQ(ZX_EVENT_SIGNALED, obs);
	/* WAIT is enough for a poll descriptor */
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(h, ZX_EVENT_SIGNALED, O_CLOEXEC, &pfd));
	{
		struct pollfd p = { .fd = pfd, .events = POLLIN };

		EXPECT_EQ(1, poll(&p, 1, 0));
		EXPECT_TRUE(p.revents & POLLIN);
	}
	EXPECT_EQ(0, close(pfd));
	/* and TRANSFER lets it travel again, rights unchanged */
	EXPECT_EQ(0, close(fd));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, O_CLOEXEC, &fd));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER, zxt_rights(_metadata, h));
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(2u, zxt_handle_count(_metadata, e));
	zxt_close(_metadata, h);
	zxt_close(_metadata, e);
}

TEST_ZX(fd_to_handle_errors)
{
	zx_handle_t e = zxt_event(_metadata), h = 7;
	int fd = -1, efd, pfd = -1, p[2], gone;

	/* not open */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(-1, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	gone = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, gone);
	close(gone);
	h = 7;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(gone, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(1 << 20, &h));

	/* not a handle descriptor */
	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	h = 7;
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_fd_to_handle(efd, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_fd_to_handle(p[0], &h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_fd_to_handle(p[1], &h));
	ASSERT_LE(0, zx_linux_device_fd());
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_fd_to_handle(zx_linux_device_fd(), &h));
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(e, ZX_EVENT_SIGNALED, O_CLOEXEC, &pfd));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_fd_to_handle(pfd, &h));

	/* NULL out: the descriptor is not spent */
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS),
					       O_CLOEXEC, &fd));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_fd_to_handle(fd, NULL));
	EXPECT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	EXPECT_EQ(zxt_koid(_metadata, e), zxt_koid(_metadata, h));
	zxt_close(_metadata, h);

	close(fd);
	close(pfd);
	close(efd);
	close(p[0]);
	close(p[1]);
	zxt_close(_metadata, e);
}

TEST_ZX(dup_copies_import_once)
{
	zx_handle_t a, b, h = ZX_HANDLE_INVALID, x = 7;
	zx_koid_t kb;
	int fd = -1, copies[4], i;

	zxt_eventpair(_metadata, &a, &b);
	kb = zxt_koid(_metadata, b);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
	copies[0] = dup(fd);
	copies[1] = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	copies[2] = dup3(fd, 200, O_CLOEXEC);
	copies[3] = fd;
	for (i = 0; i < 3; i++)
		ASSERT_LE(0, copies[i]);
	/* import through one copy: every other copy is spent */
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(copies[1], &h));
	EXPECT_EQ(kb, zxt_koid(_metadata, h));
	for (i = 0; i < 4; i++) {
		x = 7;
		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_linux_fd_to_handle(copies[i], &x)) TH_LOG("copy %d", i);
		EXPECT_EQ(ZX_HANDLE_INVALID, x);
	}
	/* closing all copies after import leaves the handle alone */
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, close(copies[i]));
	EXPECT_NOT_PEER_CLOSED(a);
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(h, 0, PING));
	EXPECT_EQ(PING, zxt_signals(_metadata, a));
	zxt_close(_metadata, h);
	EXPECT_PEER_CLOSED(a);
	zxt_close(_metadata, a);
}

TEST_ZX(close_unimported_fd_closes_handle)
{
	zx_handle_t a, b, e, ew;
	zx_signals_t obs = 0;
	int fd = -1, fd2, efd = -1;

	/* the last copy of the descriptor closes the handle */
	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
	fd2 = dup(fd);
	ASSERT_LE(0, fd2);
	EXPECT_NOT_PEER_CLOSED(a);
	EXPECT_EQ(0, close(fd));
	EXPECT_NOT_PEER_CLOSED(a);
	/* a peer blocked waiting is woken by the close */
	{
		struct zxt_waiter w;

		zxt_waiter_start_blocked(&w, a, ZX_EVENTPAIR_PEER_CLOSED, LONG_DEADLINE());
		EXPECT_EQ(0, close(fd2));
		zxt_waiter_join(&w);
		EXPECT_EQ(ZX_OK, w.status);
		EXPECT_TRUE(w.observed & ZX_EVENTPAIR_PEER_CLOSED);
	}
	EXPECT_PEER_CLOSED(a);
	zxt_close(_metadata, a);

	/* an event whose last other handle travels in a descriptor */
	e = zxt_event(_metadata);
	ew = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	EXPECT_EQ(2u, zxt_handle_count(_metadata, e));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(ew, O_CLOEXEC, &efd));
	EXPECT_EQ(0, close(efd));
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(e, ZX_EVENT_SIGNALED, 0, &obs));
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* Across processes                                                    */

#define PINGPONG_ROUNDS 300

/* Child A: makes the pair, sends one end through the socket, pings. */
static void pingpong_child_a(int sock)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
	zx_signals_t obs = 0;
	int fd = -1, i;

	CHILD_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	{
		uint64_t kb = child_koid(b);

		CHILD_CHECK(kb != 0);
		CHILD_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
		CHILD_CHECK(send_fd(sock, fd, kb));
	}
	/* the copy in flight and the peer's keep it alive */
	CHILD_EQ(0, close(fd));
	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		CHILD_EQ(ZX_OK, zx_object_signal_peer(a, 0, PING));
		CHILD_EQ(ZX_OK, zx_object_wait_one(a, PONG, zx_deadline_after(ZXT_SEC(60)), &obs));
		CHILD_CHECK(obs & PONG);
		/* B exits right after its last pong: only then may it show */
		CHILD_CHECK(i == PINGPONG_ROUNDS - 1 || !(obs & ZX_EVENTPAIR_PEER_CLOSED));
		CHILD_EQ(ZX_OK, zx_object_signal(a, PONG, 0));
	}
	/* B exits after the last round: its table closes its end */
	CHILD_EQ(ZX_OK, zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED,
					   zx_deadline_after(ZXT_SEC(60)), &obs));
	CHILD_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(a, 0, PING));
	CHILD_EQ(ZX_OK, zx_handle_close(a));
	_exit(0);
}

/* Child B: receives the end, imports it, pongs, exits holding it. */
static void pingpong_child_b(int sock)
{
	zx_handle_t b = ZX_HANDLE_INVALID, x = ZX_HANDLE_INVALID;
	zx_signals_t obs = 0;
	uint64_t kb = 0;
	int fd, i;

	fd = recv_fd(sock, &kb);
	CHILD_CHECK(fd >= 0);
	CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &b));
	CHILD_EQ(kb, child_koid(b));
	CHILD_EQ(ZX_ERR_BAD_STATE, zx_linux_fd_to_handle(fd, &x));
	CHILD_EQ(0, close(fd));
	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		CHILD_EQ(ZX_OK, zx_object_wait_one(b, PING, zx_deadline_after(ZXT_SEC(60)), &obs));
		CHILD_CHECK(obs & PING);
		CHILD_EQ(ZX_OK, zx_object_signal(b, PING, 0));
		CHILD_EQ(ZX_OK, zx_object_signal_peer(b, 0, PONG));
	}
	_exit(0);
}

TEST_ZX(scm_rights_pingpong)
{
	pid_t pa, pb;
	int sv[2];

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	fflush(NULL);
	pa = fork();
	ASSERT_LE(0, pa);
	if (pa == 0) {
		close(sv[1]);
		pingpong_child_a(sv[0]);
	}
	pb = fork();
	ASSERT_LE(0, pb);
	if (pb == 0) {
		close(sv[0]);
		pingpong_child_b(sv[1]);
	}
	close(sv[0]);
	close(sv[1]);
	zxt_reap_ok(pa);
	zxt_reap_ok(pb);
}

TEST_ZX(exec_inherits_fd)
{
	zx_handle_t a, b, c, d;
	zx_signals_t obs = 0;
	zx_koid_t kb;
	char env[96];
	int fd = -1, cfd = -1;
	pid_t pid;

	zxt_eventpair(_metadata, &a, &b);
	zxt_eventpair(_metadata, &c, &d);
	kb = zxt_koid(_metadata, b);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, 0, &fd));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(d, O_CLOEXEC, &cfd));
	snprintf(env, sizeof(env), "%d %d %llu", fd, cfd, (unsigned long long)kb);
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		setenv(CHILD_ENV, env, 1);
		execl("/proc/self/exe", "interop", (char *)NULL);
		fprintf(stderr, "# exec /proc/self/exe: %s\n", strerror(errno));
		_exit(3);
	}
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, PING, LONG_DEADLINE(), &obs));
	EXPECT_TRUE(obs & PING);
	/* the child's import spent our copy too */
	{
		zx_handle_t x = 7;

		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_linux_fd_to_handle(fd, &x));
	}
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(a, 0, PONG));
	zxt_reap_ok(pid);
	/* the child exited holding the handle: its table closed it */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED, LONG_DEADLINE(), &obs));
	/* the O_CLOEXEC descriptor never reached the child; ours still holds d */
	EXPECT_NOT_PEER_CLOSED(c);
	EXPECT_EQ(0, close(cfd));
	EXPECT_PEER_CLOSED(c);
	EXPECT_EQ(0, close(fd));
	zxt_close(_metadata, a);
	zxt_close(_metadata, c);
}

/* A forked child's copy of an un-imported descriptor keeps the handle. */
TEST_ZX(inherited_copy_keeps_handle)
{
	zx_handle_t a, b;
	int fd = -1, go[2];
	pid_t pid;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char c;

		close(go[1]);
		CHILD_CHECK(read(go[0], &c, 1) == 0);
		_exit(0);	/* closes its copy without importing */
	}
	close(go[0]);
	EXPECT_EQ(0, close(fd));
	EXPECT_NOT_PEER_CLOSED(a);
	close(go[1]);
	zxt_reap_ok(pid);
	EXPECT_PEER_CLOSED(a);
	zxt_close(_metadata, a);
}

#define RACERS 4

TEST_ZX_SLOW(import_race_exactly_once)
{
	struct zxt_loop loop;
	unsigned long rounds = 0;

	zxt_loop_init(&loop, 10, 200);
	while (zxt_loop_next(&loop)) {
		zx_handle_t e = zxt_event(_metadata), mine = ZX_HANDLE_INVALID;
		zx_koid_t koid = zxt_koid(_metadata, e);
		int fd = -1, go[2], res[2], i, ok = 0, bad_state = 0, other = 0;
		zx_status_t st;
		pid_t pids[RACERS];

		ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS),
						       0, &fd));
		ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
		ASSERT_EQ(0, pipe2(res, O_CLOEXEC));
		fflush(NULL);
		for (i = 0; i < RACERS; i++) {
			pids[i] = fork();
			ASSERT_LE(0, pids[i]);
			if (pids[i] == 0) {
				zx_handle_t h = ZX_HANDLE_INVALID;
				char c;

				close(go[1]);
				close(res[0]);
				/* open the table before the race */
				CHILD_CHECK(zx_linux_device_fd() >= 0);
				CHILD_CHECK(read(go[0], &c, 1) == 0);
				st = zx_linux_fd_to_handle(fd, &h);
				if (st == ZX_OK) {
					CHILD_EQ(koid, child_koid(h));
					CHILD_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0 << i));
				} else {
					CHILD_EQ(ZX_HANDLE_INVALID, h);
				}
				CHILD_CHECK(put_i32(res[1], st));
				_exit(0);
			}
		}
		close(go[0]);
		close(res[1]);
		/* release all of them, and race ourselves */
		close(go[1]);
		st = zx_linux_fd_to_handle(fd, &mine);
		for (i = 0; i < RACERS + 1; i++) {
			int32_t s = st;

			if (i < RACERS)
				ASSERT_TRUE(get_i32(res[0], &s));
			if (s == ZX_OK)
				ok++;
			else if (s == ZX_ERR_BAD_STATE)
				bad_state++;
			else
				other++;
		}
		close(res[0]);
		for (i = 0; i < RACERS; i++)
			zxt_reap_ok(pids[i]);
		ASSERT_EQ(1, ok) TH_LOG("round %lu: %d imports succeeded", loop.done, ok);
		ASSERT_EQ(RACERS, bad_state);
		ASSERT_EQ(0, other);
		if (st == ZX_OK) {
			EXPECT_EQ(koid, zxt_koid(_metadata, mine));
			zxt_close(_metadata, mine);
		} else {
			/* a child imported, signalled and exited: only ours is left */
			zx_signals_t s = zxt_signals(_metadata, e);

			EXPECT_EQ(1, __builtin_popcount(s & 0x0F000000u)) TH_LOG("signals 0x%x", s);
		}
		EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
		EXPECT_EQ(0, close(fd));
		zxt_close(_metadata, e);
		rounds++;
	}
	TH_LOG("%lu rounds of %d racing processes", rounds, RACERS + 1);
}

/* Many threads of one process racing on dup()s of one descriptor. */
struct dup_racer {
	pthread_t thread;
	int fd;
	sem_t *go;
	zx_status_t status;
	zx_handle_t h;
};

static void *dup_racer_main(void *arg)
{
	struct dup_racer *r = arg;

	while (sem_wait(r->go) != 0)
		;
	r->status = zx_linux_fd_to_handle(r->fd, &r->h);
	return NULL;
}

TEST_ZX(import_race_threads_dups)
{
	struct zxt_loop loop;

	zxt_loop_init(&loop, 20, 500);
	while (zxt_loop_next(&loop)) {
		struct dup_racer r[RACERS];
		zx_handle_t e = zxt_event(_metadata);
		int fd = -1, i, ok = 0;
		sem_t go;

		ASSERT_EQ(0, sem_init(&go, 0, 0));
		ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS),
						       O_CLOEXEC, &fd));
		for (i = 0; i < RACERS; i++) {
			r[i].fd = i ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : fd;
			ASSERT_LE(0, r[i].fd);
			r[i].go = &go;
			r[i].h = 7;
			ASSERT_EQ(0, pthread_create(&r[i].thread, NULL, dup_racer_main, &r[i]));
		}
		for (i = 0; i < RACERS; i++)
			sem_post(&go);
		for (i = 0; i < RACERS; i++) {
			ASSERT_EQ(0, pthread_join(r[i].thread, NULL));
			if (r[i].status == ZX_OK) {
				ok++;
				EXPECT_EQ(zxt_koid(_metadata, e), zxt_koid(_metadata, r[i].h));
				zxt_close(_metadata, r[i].h);
			} else {
				EXPECT_EQ(ZX_ERR_BAD_STATE, r[i].status);
				EXPECT_EQ(ZX_HANDLE_INVALID, r[i].h);
			}
			close(r[i].fd);
		}
		ASSERT_EQ(1, ok);
		EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
		sem_destroy(&go);
		zxt_close(_metadata, e);
	}
}

/*
 * A child imports an eventpair end from an inherited descriptor, says
 * so, and blocks in a wait on it; SIGKILL must close its table.
 */
TEST_ZX(killed_child_closes_handles)
{
	zx_handle_t a, b, e, ec;
	zx_signals_t obs = 0;
	int fd = -1, efd = -1, st = 0;
	pid_t pid;

	zxt_eventpair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	ec = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(ec, O_CLOEXEC, &efd));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_handle_t h = ZX_HANDLE_INVALID, he = ZX_HANDLE_INVALID;

		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(efd, &he));
		close(fd);
		close(efd);
		CHILD_EQ(ZX_OK, zx_object_signal_peer(h, 0, PING));
		/* never satisfied */
		zx_object_wait_one(h, ZX_USER_SIGNAL_7, ZX_TIME_INFINITE, NULL);
		_exit(2);
	}
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, close(efd));
	ASSERT_EQ(ZX_OK, zx_object_wait_one(a, PING, LONG_DEADLINE(), &obs));
	EXPECT_NOT_PEER_CLOSED(a);
	EXPECT_EQ(2u, zxt_handle_count(_metadata, e));
	wait_task_blocked(pid, pid, SYS_ioctl, ZIRCON_IOC_OBJECT_WAIT_ONE);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_EQ(SIGKILL, WTERMSIG(st));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED, LONG_DEADLINE(), &obs));
	EXPECT_TRUE(obs & ZX_EVENTPAIR_PEER_CLOSED);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
	zxt_close(_metadata, a);
	zxt_close(_metadata, e);
}

/*
 * The killed process's table descriptor survives it in a grandchild made
 * with a raw fork (no atfork handlers, so the library's descriptor is
 * still open there): the handles close at the death anyway.
 */
TEST_ZX(killed_process_closes_handles_despite_copies)
{
	zx_handle_t a, b;
	zx_signals_t obs = 0;
	int fd = -1, ready[2], hold[2], st = 0;
	pid_t pid, grandchild = 0;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(hold, O_CLOEXEC));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_handle_t h = ZX_HANDLE_INVALID;
		pid_t g;

		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
		g = (pid_t)syscall(SYS_fork);
		if (g == 0) {
			char c;

			/* Holds the table descriptor until the test ends. */
			if (fcntl(zx_linux_device_fd(), F_GETFD) < 0)
				_exit(3);
			close(hold[1]);
			while (read(hold[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
		CHILD_CHECK(g > 0);
		CHILD_CHECK(put_i32(ready[1], g));
		zx_object_wait_one(h, ZX_USER_SIGNAL_7, ZX_TIME_INFINITE, NULL);
		_exit(2);
	}
	EXPECT_EQ(0, close(fd));
	close(hold[0]);
	ASSERT_TRUE(get_i32(ready[0], &grandchild));
	wait_task_blocked(pid, pid, SYS_ioctl, ZIRCON_IOC_OBJECT_WAIT_ONE);
	EXPECT_NOT_PEER_CLOSED(a);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	/* The grandchild still holds the dead process's table descriptor. */
	EXPECT_EQ(0, kill(grandchild, 0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED, LONG_DEADLINE(), &obs));
	EXPECT_TRUE(obs & ZX_EVENTPAIR_PEER_CLOSED);
	close(hold[1]);		/* lets the grandchild go; it was reparented */
	close(ready[0]);
	close(ready[1]);
	zxt_close(_metadata, a);
}

/* A parent waiting when the child is killed is woken. */
TEST_ZX(killed_child_wakes_waiter)
{
	zx_handle_t a, b;
	struct zxt_waiter w;
	int fd = -1, rd[2], st = 0;
	pid_t pid;

	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
	ASSERT_EQ(0, pipe2(rd, O_CLOEXEC));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_handle_t h = ZX_HANDLE_INVALID;

		close(rd[0]);
		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
		CHILD_CHECK(write(rd[1], "r", 1) == 1);
		for (;;)
			pause();
	}
	close(rd[1]);
	EXPECT_EQ(0, close(fd));
	{
		char c;

		ASSERT_EQ(1, read(rd[0], &c, 1));
	}
	close(rd[0]);
	zxt_waiter_start_blocked(&w, a, ZX_EVENTPAIR_PEER_CLOSED, LONG_DEADLINE());
	ASSERT_EQ(0, kill(pid, SIGKILL));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_TRUE(w.observed & ZX_EVENTPAIR_PEER_CLOSED);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	zxt_close(_metadata, a);
}

TEST_ZX(exiting_child_closes_handles)
{
	zx_handle_t a, b, e, ec;
	zx_signals_t obs = 0;
	int fd = -1, efd = -1;
	pid_t pid;

	zxt_eventpair(_metadata, &a, &b);
	e = zxt_event(_metadata);
	ec = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, O_CLOEXEC, &fd));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(ec, O_CLOEXEC, &efd));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_handle_t h = ZX_HANDLE_INVALID, he = ZX_HANDLE_INVALID, d = ZX_HANDLE_INVALID;

		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(efd, &he));
		CHILD_EQ(ZX_OK, zx_handle_duplicate(he, ZX_RIGHT_SAME_RIGHTS, &d));
		CHILD_EQ(ZX_OK, zx_object_signal_peer(h, 0, PING));
		/* exit holding everything, descriptors included */
		exit(0);
	}
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, close(efd));
	zxt_reap_ok(pid);
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, PING | ZX_EVENTPAIR_PEER_CLOSED, 0, &obs));
	EXPECT_EQ(PING | ZX_EVENTPAIR_PEER_CLOSED, obs);
	EXPECT_EQ(1u, zxt_handle_count(_metadata, e));
	zxt_close(_metadata, a);
	zxt_close(_metadata, e);
}

/* ------------------------------------------------------------------ */
/* Wrapped Linux descriptors                                           */

TEST_ZX(object_from_fd_basics)
{
	zx_handle_t r = ZX_HANDLE_INVALID, w = ZX_HANDLE_INVALID, d = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t info;
	zx_signals_t obs = 0;
	int p[2];
	char c;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC | O_NONBLOCK));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &r));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[1], &w));
	info = zxt_info(_metadata, r);
	EXPECT_EQ(ZX_OBJ_TYPE_LINUX_FD, info.type);
	EXPECT_EQ(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL, info.rights);
	EXPECT_NE(0u, info.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_LINUX_FD, zxt_info(_metadata, w).type);
	EXPECT_NE(info.koid, zxt_koid(_metadata, w));

	EXPECT_EQ(0u, zxt_signals(_metadata, r));
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, zxt_signals(_metadata, w));
	ASSERT_EQ(1, write(p[1], "x", 1));
	EXPECT_EQ(ZX_LINUX_FD_READABLE, zxt_signals(_metadata, r));
	ASSERT_EQ(1, read(p[0], &c, 1));
	/* level: drained means not readable, no stale bit */
	EXPECT_EQ(0u, zxt_signals(_metadata, r));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(r, ZX_LINUX_FD_READABLE, 0, &obs));

	/* user signals */
	EXPECT_EQ(ZX_OK, zx_object_signal(r, 0, ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7, zxt_signals(_metadata, r));
	ASSERT_EQ(1, write(p[1], "y", 1));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7 | ZX_LINUX_FD_READABLE,
		  zxt_signals(_metadata, r));
	EXPECT_EQ(ZX_OK, zx_object_signal(r, ZX_USER_SIGNAL_7, 0));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_LINUX_FD_READABLE, zxt_signals(_metadata, r));
	/* the readiness bits are not the caller's to set */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(r, 0, ZX_LINUX_FD_WRITABLE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_signal(r, ZX_LINUX_FD_READABLE, 0));
	ASSERT_EQ(1, read(p[0], &c, 1));
	EXPECT_EQ(ZX_USER_SIGNAL_0, zxt_signals(_metadata, r));

	/* duplicates see the same object */
	d = zxt_dup(_metadata, r, ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT);
	EXPECT_EQ(info.koid, zxt_koid(_metadata, d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(d, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(1, write(p[1], "z", 1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(d, ZX_LINUX_FD_READABLE, 0, &obs));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_LINUX_FD_READABLE, obs);

	zxt_close(_metadata, d);
	zxt_close(_metadata, r);
	zxt_close(_metadata, w);
	close(p[0]);
	close(p[1]);
}

TEST_ZX(object_from_fd_errors)
{
	zx_handle_t e = zxt_event(_metadata), h = 7, x = ZX_HANDLE_INVALID;
	int fd = -1, pfd = -1, efd;

	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_object_from_fd(efd, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_object_from_fd(-1, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_object_from_fd(1 << 20, &h));

	/* our own descriptors */
	ASSERT_LE(0, zx_linux_device_fd());
	h = 7;
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_linux_object_from_fd(zx_linux_device_fd(), &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS),
					       O_CLOEXEC, &fd));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_linux_object_from_fd(fd, &h));
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(e, ZX_EVENT_SIGNALED, O_CLOEXEC, &pfd));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_linux_object_from_fd(pfd, &h));
	/* the handle descriptor was not spent by the refusal */
	EXPECT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &x));
	EXPECT_EQ(zxt_koid(_metadata, e), zxt_koid(_metadata, x));
	/* a spent handle descriptor is still ours */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_linux_object_from_fd(fd, &h));

	zxt_close(_metadata, x);
	close(fd);
	close(pfd);
	close(efd);
	zxt_close(_metadata, e);
}

/*
 * A wrapper holds its file until its last handle closes; a file that can
 * hold other files could hold the wrapper's own handle descriptor (an
 * AF_UNIX socket with it queued in an SCM_RIGHTS message), a loop nothing
 * would ever break. Such files are refused.
 */
#define EXPECT_REFUSED(fd, what) do { \
	zx_handle_t __h = 7; \
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_linux_object_from_fd((fd), &__h)) TH_LOG("%s", what); \
	EXPECT_EQ(ZX_HANDLE_INVALID, __h) TH_LOG("%s", what); \
	if (__h != ZX_HANDLE_INVALID && __h != 7) \
		zx_handle_close(__h); \
} while (0)

TEST_ZX(object_from_fd_refuses_unix_sockets)
{
	static const struct {
		int type;
		const char *name;
	} types[] = {
		{ SOCK_STREAM, "stream" },
		{ SOCK_DGRAM, "dgram" },
		{ SOCK_SEQPACKET, "seqpacket" },
	};
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t alen;
	zx_handle_t h = ZX_HANDLE_INVALID;
	int sv[2], s, p[2], fd = -1;
	unsigned int i;
	char what[64];

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		/* both ends of a pair */
		ASSERT_EQ(0, socketpair(AF_UNIX, types[i].type | SOCK_CLOEXEC, 0, sv));
		snprintf(what, sizeof(what), "socketpair %s", types[i].name);
		EXPECT_REFUSED(sv[0], what);
		EXPECT_REFUSED(sv[1], what);
		close(sv[0]);
		close(sv[1]);

		/* unbound, then bound (abstract name), then listening */
		s = socket(AF_UNIX, types[i].type | SOCK_CLOEXEC, 0);
		ASSERT_LE(0, s);
		snprintf(what, sizeof(what), "unbound %s", types[i].name);
		EXPECT_REFUSED(s, what);
		alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				   snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1,
					    "zircon-interop-%d-%u", (int)getpid(), i));
		ASSERT_EQ(0, bind(s, (struct sockaddr *)&a, alen));
		snprintf(what, sizeof(what), "bound %s", types[i].name);
		EXPECT_REFUSED(s, what);
		if (types[i].type != SOCK_DGRAM) {
			ASSERT_EQ(0, listen(s, 1));
			snprintf(what, sizeof(what), "listening %s", types[i].name);
			EXPECT_REFUSED(s, what);
		}
		close(s);
	}

	/*
	 * The loop of the report cannot be made. Its harmless half still
	 * works: a wrapped pipe's handle descriptor queued on a socket goes
	 * away with the socket's queue, and the wrapper with it.
	 */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	EXPECT_REFUSED(sv[0], "the socket the loop would go through");
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC | O_NONBLOCK));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &h));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, O_CLOEXEC, &fd));
	ASSERT_TRUE(send_fd(sv[1], fd, 42));
	close(fd);
	close(p[0]);
	/* In the queue, the wrapper keeps the pipe's only reader. */
	ASSERT_TRUE(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	EXPECT_EQ(1, write(p[1], "x", 1));
	close(sv[1]);
	close(sv[0]);
	/*
	 * Closed unread: descriptor, handle, wrapper and reader go (the last
	 * reference may be a re-poll's that the write started, so wait).
	 */
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[1], &h));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_LINUX_FD_ERROR, LONG_DEADLINE(), NULL));
	EXPECT_EQ(-1, write(p[1], "y", 1));
	EXPECT_EQ(EPIPE, errno);
	zxt_close(_metadata, h);
	close(p[1]);
}

/* io_uring rings hold files: registered ("fixed") files, requests in flight. */
TEST_ZX(object_from_fd_refuses_io_uring)
{
	/* struct io_uring_params: 120 bytes, all zero asks for the defaults. */
	uint32_t params[30];
	int ring;

	memset(params, 0, sizeof(params));
	ring = (int)syscall(SYS_io_uring_setup, 4, params);
	if (ring < 0 && (errno == ENOSYS || errno == EPERM))
		SKIP(return, "no io_uring here: %s", strerror(errno));
	ASSERT_LE(0, ring) TH_LOG("io_uring_setup: %s", strerror(errno));
	EXPECT_REFUSED(ring, "io_uring ring");
	close(ring);
}

/* AF_KCM multiplexors hold the files of the sockets attached to them. */
TEST_ZX(object_from_fd_refuses_kcm)
{
	int s = socket(AF_KCM, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		SKIP(return, "no AF_KCM here: %s", strerror(errno));
	EXPECT_REFUSED(s, "AF_KCM socket");
	close(s);
}

/* Files that hold no files of their user's choosing are wrapped as before. */
#define EXPECT_WRAPS(fd, what, h) do { \
	*(h) = ZX_HANDLE_INVALID; \
	EXPECT_EQ(ZX_OK, zx_linux_object_from_fd((fd), (h))) TH_LOG("%s", what); \
	EXPECT_EQ(ZX_OBJ_TYPE_LINUX_FD, zxt_info(_metadata, *(h)).type) TH_LOG("%s", what); \
} while (0)

TEST_ZX(object_from_fd_wraps_other_files)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	zx_handle_t h, hu;
	int p[2], efd, ep, pidfd, s, u, sv[2];
	uint64_t one = 1;
	bool loopback;
	char c;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC | O_NONBLOCK));
	EXPECT_WRAPS(p[0], "pipe read end", &h);
	EXPECT_EQ(0u, zxt_signals(_metadata, h));
	ASSERT_EQ(1, write(p[1], "r", 1));
	EXPECT_EQ(ZX_LINUX_FD_READABLE, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
	EXPECT_WRAPS(p[1], "pipe write end", &h);
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);

	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, efd);
	EXPECT_WRAPS(efd, "eventfd", &h);
	ASSERT_EQ(8, write(efd, &one, sizeof(one)));
	EXPECT_EQ(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_WRITABLE, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);

	/* an epoll set holds no references to the files in it */
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	{
		struct epoll_event e = { .events = EPOLLIN, .data.fd = p[0] };

		ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
	}
	EXPECT_WRAPS(ep, "epoll", &h);
	EXPECT_EQ(ZX_LINUX_FD_READABLE, zxt_signals(_metadata, h));
	zxt_close(_metadata, h);
	close(ep);

	pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd >= 0) {
		EXPECT_WRAPS(pidfd, "pidfd", &h);
		EXPECT_EQ(0u, zxt_signals(_metadata, h) & ZX_LINUX_FD_PROCESS_TERMINATED);
		zxt_close(_metadata, h);
		close(pidfd);
	} else {
		TH_LOG("no pidfd_open: %s", strerror(errno));
	}

	/*
	 * Sockets of other families, connected or not (after tcp_pair(): it
	 * may move this process to a network namespace with a loopback).
	 */
	loopback = tcp_pair(sv);
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		TH_LOG("no AF_INET here: %s", strerror(errno));
		goto out;
	}
	EXPECT_WRAPS(s, "unconnected TCP socket", &h);
	zxt_close(_metadata, h);
	close(s);
	u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, u);
	EXPECT_WRAPS(u, "UDP socket", &hu);
	if (loopback) {
		EXPECT_WRAPS(sv[0], "connected TCP socket", &h);
		EXPECT_EQ(ZX_LINUX_FD_WRITABLE, zxt_signals(_metadata, h));
		ASSERT_EQ(1, write(sv[1], "t", 1));
		EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, LONG_DEADLINE(),
						    NULL));
		ASSERT_EQ(1, read(sv[0], &c, 1));
		close(sv[1]);
		EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_LINUX_FD_PEER_CLOSED, LONG_DEADLINE(),
						    NULL));
		zxt_close(_metadata, h);
		close(sv[0]);

		/* a datagram to itself */
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ASSERT_EQ(0, bind(u, (struct sockaddr *)&a, sizeof(a)));
		ASSERT_EQ(0, getsockname(u, (struct sockaddr *)&a, &alen));
		EXPECT_EQ(0u, zxt_signals(_metadata, hu) & ZX_LINUX_FD_READABLE);
		ASSERT_EQ(1, sendto(u, "u", 1, 0, (struct sockaddr *)&a, sizeof(a)));
		EXPECT_EQ(ZX_OK, zx_object_wait_one(hu, ZX_LINUX_FD_READABLE, LONG_DEADLINE(),
						    NULL));
	} else {
		TH_LOG("no loopback network: connected TCP and UDP not tried");
	}
	zxt_close(_metadata, hu);
	close(u);
out:
	close(p[0]);
	close(p[1]);
	close(efd);
}

TEST_ZX(wrapped_fd_number_closed)
{
	zx_handle_t r = ZX_HANDLE_INVALID;
	zx_signals_t obs = 0;
	int p[2], devnull;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &r));
	EXPECT_EQ(0, close(p[0]));
	EXPECT_EQ(0u, zxt_signals(_metadata, r));
	/* the number now names something else, the object does not care */
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, devnull);
	EXPECT_EQ(p[0], devnull);
	EXPECT_EQ(0u, zxt_signals(_metadata, r));
	ASSERT_EQ(3, write(p[1], "abc", 3));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(r, ZX_LINUX_FD_READABLE, LONG_DEADLINE(), &obs));
	EXPECT_EQ(ZX_LINUX_FD_READABLE, obs);
	/* the object's reference is what keeps the pipe's read side open */
	EXPECT_EQ(0, close(p[1]));
	EXPECT_EQ(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PEER_CLOSED, zxt_signals(_metadata, r));
	zxt_close(_metadata, r);
	close(devnull);
}

TEST_ZX(wrapped_fd_closed_number_keeps_reader)
{
	/* with only the object holding the read side, a writer sees no EPIPE */
	zx_handle_t r = ZX_HANDLE_INVALID, w = ZX_HANDLE_INVALID;
	zx_signals_t obs = 0;
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC | O_NONBLOCK));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &r));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[1], &w));
	EXPECT_EQ(0, close(p[0]));
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, zxt_signals(_metadata, w));
	EXPECT_EQ(1, write(p[1], "q", 1));
	/*
	 * Dropping the object drops the last reader: the writer sees ERROR
	 * (at once, or once a re-poll the write started has let go of it).
	 */
	zxt_close(_metadata, r);
	EXPECT_EQ(ZX_OK, zx_object_wait_one(w, ZX_LINUX_FD_ERROR, LONG_DEADLINE(), &obs));
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE | ZX_LINUX_FD_ERROR, obs);
	zxt_close(_metadata, w);
	close(p[1]);
}

TEST_ZX(wrapped_pipe_peer_closed)
{
	zx_handle_t r = ZX_HANDLE_INVALID, w = ZX_HANDLE_INVALID;
	struct zxt_waiter wt;
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &r));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[1], &w));
	EXPECT_EQ(0u, zxt_signals(_metadata, r));
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, zxt_signals(_metadata, w));

	/* a blocked waiter is woken by the write side going away */
	zxt_waiter_start_blocked(&wt, r, ZX_LINUX_FD_PEER_CLOSED, LONG_DEADLINE());
	EXPECT_EQ(0, close(p[1]));
	/* w's object still holds the write side */
	EXPECT_FALSE(zxt_waiter_done(&wt));
	zxt_close(_metadata, w);
	zxt_waiter_join(&wt);
	EXPECT_EQ(ZX_OK, wt.status);
	EXPECT_EQ(ZX_LINUX_FD_PEER_CLOSED, wt.observed);
	EXPECT_EQ(ZX_LINUX_FD_PEER_CLOSED, zxt_signals(_metadata, r));

	/* and the write end of another pipe sees ERROR when readers go */
	zxt_close(_metadata, r);
	close(p[0]);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[1], &w));
	zxt_waiter_start_blocked(&wt, w, ZX_LINUX_FD_ERROR, LONG_DEADLINE());
	EXPECT_EQ(0, close(p[0]));
	zxt_waiter_join(&wt);
	EXPECT_EQ(ZX_OK, wt.status);
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE | ZX_LINUX_FD_ERROR, wt.observed);
	zxt_close(_metadata, w);
	close(p[1]);
}

/*
 * One wait_many over an eventfd, a pipe, an event and a pidfd: each
 * becomes ready in turn while a thread is blocked in the wait, and each
 * item's pending is checked; then the source is drained and a zero
 * deadline wait shows nothing stale.
 */
TEST_ZX(wait_many_linux_fds)
{
	zx_handle_t he = ZX_HANDLE_INVALID, hp = ZX_HANDLE_INVALID, hpid = ZX_HANDLE_INVALID;
	zx_handle_t ev = zxt_event(_metadata);
	struct zxt_many_waiter mw;
	zx_wait_item_t it[4];
	int efd, p[2], rel[2], pidfd, st = 0;
	uint64_t v = 1;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe2(rel, O_CLOEXEC));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(rel[1]);
		CHILD_CHECK(read(rel[0], &c, 1) == 0);
		_exit(0);
	}
	close(rel[0]);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		int err = errno;

		close(rel[1]);
		zxt_reap_ok(pid);
		zxt_close(_metadata, ev);
		if (err == ENOSYS)
			SKIP(return, "no pidfd_open on this kernel");
		ASSERT_LE(0, pidfd) TH_LOG("pidfd_open: %s", strerror(err));
	}
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC | O_NONBLOCK));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(efd, &he));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &hp));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(pidfd, &hpid));

#define SET_ITEMS() do { \
	it[0] = (zx_wait_item_t){ he, ZX_LINUX_FD_READABLE, 0xdeadbeef }; \
	it[1] = (zx_wait_item_t){ hp, ZX_LINUX_FD_READABLE, 0xdeadbeef }; \
	it[2] = (zx_wait_item_t){ ev, ZX_EVENT_SIGNALED, 0xdeadbeef }; \
	it[3] = (zx_wait_item_t){ hpid, ZX_LINUX_FD_PROCESS_TERMINATED, 0xdeadbeef }; \
} while (0)

	/* nothing yet: an eventfd is writable, nothing else is up */
	SET_ITEMS();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 4, 0));
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, it[0].pending);
	EXPECT_EQ(0u, it[1].pending);
	EXPECT_EQ(0u, it[2].pending);
	EXPECT_EQ(0u, it[3].pending);

	/* 1. the eventfd */
	SET_ITEMS();
	zxt_many_waiter_start_blocked(&mw, it, 4, LONG_DEADLINE());
	ASSERT_EQ(8, write(efd, &v, sizeof(v)));
	zxt_many_waiter_join(&mw);
	EXPECT_EQ(ZX_OK, mw.status);
	EXPECT_EQ(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_WRITABLE, it[0].pending);
	EXPECT_EQ(0u, it[1].pending);
	EXPECT_EQ(0u, it[2].pending);
	EXPECT_EQ(0u, it[3].pending);
	ASSERT_EQ(8, read(efd, &v, sizeof(v)));
	SET_ITEMS();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 4, 0));
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, it[0].pending);

	/* 2. the pipe */
	SET_ITEMS();
	zxt_many_waiter_start_blocked(&mw, it, 4, LONG_DEADLINE());
	ASSERT_EQ(1, write(p[1], "p", 1));
	zxt_many_waiter_join(&mw);
	EXPECT_EQ(ZX_OK, mw.status);
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, it[0].pending);
	EXPECT_EQ(ZX_LINUX_FD_READABLE, it[1].pending);
	EXPECT_EQ(0u, it[2].pending);
	EXPECT_EQ(0u, it[3].pending);
	ASSERT_EQ(1, read(p[0], &c, 1));
	SET_ITEMS();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 4, 0));
	EXPECT_EQ(0u, it[1].pending);

	/* 3. the event */
	SET_ITEMS();
	zxt_many_waiter_start_blocked(&mw, it, 4, LONG_DEADLINE());
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_EVENT_SIGNALED));
	zxt_many_waiter_join(&mw);
	EXPECT_EQ(ZX_OK, mw.status);
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, it[0].pending);
	EXPECT_EQ(0u, it[1].pending);
	EXPECT_EQ(ZX_EVENT_SIGNALED, it[2].pending);
	EXPECT_EQ(0u, it[3].pending);
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_EVENT_SIGNALED, 0));
	SET_ITEMS();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(it, 4, 0));

	/* 4. the process exits (not reaped yet) */
	SET_ITEMS();
	zxt_many_waiter_start_blocked(&mw, it, 4, LONG_DEADLINE());
	close(rel[1]);
	zxt_many_waiter_join(&mw);
	EXPECT_EQ(ZX_OK, mw.status);
	EXPECT_EQ(ZX_LINUX_FD_WRITABLE, it[0].pending);
	EXPECT_EQ(0u, it[1].pending);
	EXPECT_EQ(0u, it[2].pending);
	EXPECT_EQ(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PROCESS_TERMINATED,
		  it[3].pending & (ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PROCESS_TERMINATED));
	EXPECT_EQ(0u, it[3].pending & ~(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PROCESS_TERMINATED |
					 ZX_LINUX_FD_PEER_CLOSED)) TH_LOG("pidfd pending 0x%x",
									  it[3].pending);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	/* still terminated once reaped */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(hpid, ZX_LINUX_FD_PROCESS_TERMINATED, 0, NULL));
#undef SET_ITEMS

	zxt_close(_metadata, he);
	zxt_close(_metadata, hp);
	zxt_close(_metadata, hpid);
	zxt_close(_metadata, ev);
	close(efd);
	close(p[0]);
	close(p[1]);
	close(pidfd);
}

/*
 * A port-based server for a Linux socket: wait_async on the wrapped
 * socket, re-armed after each read. A client process sends requests and
 * waits for each echo, so after draining and re-arming the port must stay
 * empty (no stale READABLE); the client's close arrives as PEER_CLOSED.
 * TCP over loopback: AF_UNIX sockets cannot be wrapped.
 */
#define SERVE_REQUESTS 100

TEST_ZX(port_serves_socket)
{
	zx_handle_t port = zxt_port(_metadata), hs = ZX_HANDLE_INVALID;
	const uint64_t key = 0x5eed;
	int sv[2], served = 0, packets = 0;
	bool closed = false;
	pid_t pid;

	if (!tcp_pair(sv)) {
		zxt_close(_metadata, port);
		SKIP(return, "no loopback network");
	}
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int i;

		close(sv[0]);
		for (i = 0; i < SERVE_REQUESTS; i++) {
			int32_t req = i, rep = -1;

			CHILD_CHECK(put_i32(sv[1], req));
			CHILD_CHECK(get_i32(sv[1], &rep));
			CHILD_EQ(i * 2 + 1, rep);
		}
		_exit(0);	/* closes the socket */
	}
	close(sv[1]);
	ASSERT_EQ(0, fcntl(sv[0], F_SETFL, O_NONBLOCK));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(sv[0], &hs));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(hs, port, key,
					      ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PEER_CLOSED, 0));
	while (!closed) {
		zx_port_packet_t pkt;
		int32_t req;
		ssize_t n;

		memset(&pkt, 0xa5, sizeof(pkt));
		ASSERT_EQ(ZX_OK, zx_port_wait(port, LONG_DEADLINE(), &pkt));
		packets++;
		ASSERT_EQ(key, pkt.key);
		ASSERT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
		EXPECT_EQ(ZX_OK, pkt.status);
		EXPECT_EQ(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PEER_CLOSED, pkt.signal.trigger);
		EXPECT_EQ(1u, pkt.signal.count);
		ASSERT_TRUE(pkt.signal.observed & (ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PEER_CLOSED))
			TH_LOG("observed 0x%x", pkt.signal.observed);
		if (pkt.signal.observed & ZX_LINUX_FD_PEER_CLOSED) {
			/* EOF is readable too */
			EXPECT_TRUE(pkt.signal.observed & ZX_LINUX_FD_READABLE);
			EXPECT_EQ(0, read(sv[0], &req, sizeof(req)));
			closed = true;
			break;
		}
		/* one request at a time: read it all */
		ASSERT_TRUE(get_all(sv[0], &req, sizeof(req)));
		EXPECT_EQ(served, req);
		n = read(sv[0], &req, sizeof(req));
		EXPECT_EQ(-1, n);
		EXPECT_EQ(EAGAIN, errno);
		/* one-shot: nothing more queued; re-armed on a drained socket: still nothing */
		zxt_port_empty(port);
		ASSERT_EQ(ZX_OK, zx_object_wait_async(hs, port, key,
						      ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PEER_CLOSED,
						      0));
		zxt_port_empty(port);
		req = req * 2 + 1;
		ASSERT_TRUE(put_all(sv[0], &req, sizeof(req)));
		served++;
	}
	EXPECT_EQ(SERVE_REQUESTS, served);
	EXPECT_EQ(SERVE_REQUESTS + 1, packets);
	zxt_reap_ok(pid);
	/* level-triggered: a new wait on a closed peer fires at once */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(hs, port, key + 1, ZX_LINUX_FD_PEER_CLOSED, 0));
	{
		zx_port_packet_t pkt = zxt_take(_metadata, port);

		EXPECT_EQ(key + 1, pkt.key);
		EXPECT_TRUE(pkt.signal.observed & ZX_LINUX_FD_PEER_CLOSED);
	}
	zxt_port_empty(port);
	zxt_close(_metadata, hs);
	zxt_close(_metadata, port);
	close(sv[0]);
}

/* The server blocks in port_wait before the client writes. */
TEST_ZX(port_wakes_on_socket_data)
{
	zx_handle_t port = zxt_port(_metadata), hs = ZX_HANDLE_INVALID;
	zx_port_packet_t pkt;
	int sv[2], go[2];
	pid_t pid, me = zxt_gettid();

	if (!tcp_pair(sv)) {
		zxt_close(_metadata, port);
		SKIP(return, "no loopback network");
	}
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(sv[0], &hs));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(hs, port, 1, ZX_LINUX_FD_READABLE, 0));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int64_t give_up = zxt_mono_ns() + ZXT_SEC(ZXT_TIMEOUT / 2);
		pid_t parent = getppid();
		char c;

		close(sv[0]);
		close(go[1]);
		CHILD_CHECK(read(go[0], &c, 1) == 1);
		/* until the parent is blocked in port_wait */
		while (zxt_task_blocked_in(parent, me, SYS_ioctl, ZIRCON_IOC_PORT_WAIT) == 0 &&
		       zxt_mono_ns() < give_up)
			sched_yield();
		CHILD_EQ(1, zxt_task_blocked_in(parent, me, SYS_ioctl, ZIRCON_IOC_PORT_WAIT));
		CHILD_CHECK(write(sv[1], "w", 1) == 1);
		_exit(0);
	}
	close(sv[1]);
	close(go[0]);
	ASSERT_EQ(1, write(go[1], "g", 1));
	memset(&pkt, 0, sizeof(pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, LONG_DEADLINE(), &pkt));
	EXPECT_EQ(1u, pkt.key);
	EXPECT_TRUE(pkt.signal.observed & ZX_LINUX_FD_READABLE);
	zxt_reap_ok(pid);
	close(go[1]);
	zxt_close(_metadata, hs);
	zxt_close(_metadata, port);
	close(sv[0]);
}

TEST_ZX(wrapped_timerfd)
{
	zx_handle_t h = ZX_HANDLE_INVALID, port = zxt_port(_metadata);
	struct itimerspec its;
	zx_signals_t obs = 0;
	uint64_t n = 0;
	int tfd, i;

	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	ASSERT_LE(0, tfd);
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(tfd, &h));
	EXPECT_EQ(0u, zxt_signals(_metadata, h));

	/* one shot */
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 1000000;
	ASSERT_EQ(0, timerfd_settime(tfd, 0, &its, NULL));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, LONG_DEADLINE(), &obs));
	EXPECT_EQ(ZX_LINUX_FD_READABLE, obs);
	ASSERT_EQ(8, read(tfd, &n, sizeof(n)));
	EXPECT_EQ(1u, n);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, 0, &obs));

	/* periodic, through a port */
	its.it_interval.tv_nsec = 2000000;
	ASSERT_EQ(0, timerfd_settime(tfd, 0, &its, NULL));
	for (i = 0; i < 3; i++) {
		zx_port_packet_t pkt;

		ASSERT_EQ(ZX_OK, zx_object_wait_async(h, port, 42, ZX_LINUX_FD_READABLE, 0));
		ASSERT_EQ(ZX_OK, zx_port_wait(port, LONG_DEADLINE(), &pkt));
		EXPECT_EQ(42u, pkt.key);
		EXPECT_EQ(ZX_LINUX_FD_READABLE, pkt.signal.observed);
		ASSERT_EQ(8, read(tfd, &n, sizeof(n)));
		EXPECT_LE(1u, n);
	}
	memset(&its, 0, sizeof(its));
	ASSERT_EQ(0, timerfd_settime(tfd, 0, &its, NULL));
	/* disarmed: a read would block, so no READABLE */
	if (read(tfd, &n, sizeof(n)) < 0)
		EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, 0, &obs));
	zxt_close(_metadata, h);
	zxt_close(_metadata, port);
	close(tfd);
}

/*
 * Block @signo in this thread (threads started later inherit the mask;
 * the old mask goes to @old) and wrap a signalfd for it.
 */
#define wrap_signalfd(_metadata, signo, old, sfd, h) do { \
	sigset_t __set; \
	sigemptyset(&__set); \
	sigaddset(&__set, (signo)); \
	ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &__set, (old))); \
	*(sfd) = signalfd(-1, &__set, SFD_CLOEXEC | SFD_NONBLOCK); \
	ASSERT_LE(0, *(sfd)); \
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(*(sfd), (h))); \
} while (0)

TEST_ZX(wrapped_signalfd_pending)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	struct signalfd_siginfo si;
	zx_signals_t obs = 0;
	sigset_t old;
	int sfd;

	wrap_signalfd(_metadata, SIGUSR1, &old, &sfd, &h);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, 0, &obs));
	EXPECT_EQ(0u, obs);
	/* pending before the wait begins, to this very thread */
	ASSERT_EQ(0, raise(SIGUSR1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, LONG_DEADLINE(), &obs));
	EXPECT_EQ(ZX_LINUX_FD_READABLE, obs);
	ASSERT_EQ((ssize_t)sizeof(si), read(sfd, &si, sizeof(si)));
	EXPECT_EQ((uint32_t)SIGUSR1, si.ssi_signo);
	/* consumed: not readable any more */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, 0, &obs));
	/* pending for the process (kill) works the same */
	ASSERT_EQ(0, kill(getpid(), SIGUSR1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, LONG_DEADLINE(), &obs));
	ASSERT_EQ((ssize_t)sizeof(si), read(sfd, &si, sizeof(si)));
	EXPECT_EQ((uint32_t)SIGUSR1, si.ssi_signo);
	zxt_close(_metadata, h);
	close(sfd);
	ASSERT_EQ(0, pthread_sigmask(SIG_SETMASK, &old, NULL));
}

/*
 * A signal that arrives while a wait on a wrapped signalfd is already
 * blocked: the waiter re-polls the signalfd in its own thread when the
 * signalfd wakes it, as poll(2) would.
 */
TEST_ZX(wrapped_signalfd_blocked_wait)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	struct signalfd_siginfo si;
	struct zxt_waiter w;
	sigset_t old;
	int sfd;

	/* Blocked here, so in the waiter thread too. */
	wrap_signalfd(_metadata, SIGUSR2, &old, &sfd, &h);
	for (int round = 0; round < 20; round++) {
		zxt_waiter_start_blocked(&w, h, ZX_LINUX_FD_READABLE, LONG_DEADLINE());
		/* Process-directed, so pending for every thread. */
		ASSERT_EQ(0, kill(getpid(), SIGUSR2));
		zxt_waiter_join(&w);
		EXPECT_EQ(ZX_OK, w.status);
		EXPECT_EQ(ZX_LINUX_FD_READABLE, w.observed);
		ASSERT_EQ((ssize_t)sizeof(si), read(sfd, &si, sizeof(si)));
		EXPECT_EQ((uint32_t)SIGUSR2, si.ssi_signo);
	}
	zxt_close(_metadata, h);
	close(sfd);
	ASSERT_EQ(0, pthread_sigmask(SIG_SETMASK, &old, NULL));
}

/*
 * A wrapped signalfd sits on the wait queue of the sighand of the process
 * that wrapped it (a signalfd polls current's), and reaping that process
 * frees the sighand, which wakes the queue with POLLFREE. Here the wrapper
 * outlives it in the parent (its handle travels as a handle descriptor),
 * which closes it while the child is reaped, or just before or after, and
 * loops over that race: the wake-up must be done with the wrapper before
 * the close may free it, and the re-poll work it queues must keep it
 * alive. A mistake shows as KASAN, ODEBUG or kmemleak reports in the VM's
 * kernel log rather than as a failed check.
 */
struct reaper {
	pthread_t thread;
	sem_t go, done;
	pid_t pid;
	int status;
	bool quit;
};

static void *reaper_main(void *arg)
{
	struct reaper *r = arg;

	for (;;) {
		while (sem_wait(&r->go) != 0)
			;
		if (r->quit)
			return NULL;
		if (waitpid(r->pid, &r->status, 0) != r->pid)
			r->status = -1;
		sem_post(&r->done);
	}
}

#define REAP(rp) do { \
	sem_post(&(rp)->go); \
	while (sem_wait(&(rp)->done) != 0) \
		; \
} while (0)

TEST_ZX_SLOW(wrapped_signalfd_pollfree_races_close)
{
	zx_handle_t port = zxt_port(_metadata);
	struct zxt_loop loop;
	struct reaper rp;
	int tp[2];

	memset(&rp, 0, sizeof(rp));
	ASSERT_EQ(0, sem_init(&rp.go, 0, 0));
	ASSERT_EQ(0, sem_init(&rp.done, 0, 0));
	ASSERT_EQ(0, pthread_create(&rp.thread, NULL, reaper_main, &rp));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, tp));
	zxt_loop_init(&loop, 64, 5000);
	while (zxt_loop_next(&loop)) {
		zx_handle_t h = ZX_HANDLE_INVALID;
		zx_port_packet_t pkt;
		uint64_t data = 0;
		pid_t pid;
		int fd;

		fflush(NULL);
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			zx_handle_t w = ZX_HANDLE_INVALID;
			sigset_t set;
			int sfd, hfd = -1;

			sigemptyset(&set);
			sigaddset(&set, SIGUSR1);
			CHILD_CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
			sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
			CHILD_CHECK(sfd >= 0);
			/* Queued on this process's sighand, freed when it is reaped. */
			CHILD_EQ(ZX_OK, zx_linux_object_from_fd(sfd, &w));
			CHILD_EQ(ZX_OK, zx_linux_handle_to_fd(w, O_CLOEXEC, &hfd));
			CHILD_CHECK(send_fd(tp[1], hfd, 1));
			_exit(0);
		}
		fd = recv_fd(tp[0], &data);
		ASSERT_LE(0, fd);
		ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
		close(fd);
		rp.pid = pid;
		rp.status = -1;
		switch (loop.done % 4) {
		case 0:		/* reaped while it is closed */
			sem_post(&rp.go);
			zxt_close(_metadata, h);
			while (sem_wait(&rp.done) != 0)
				;
			break;
		case 1:		/* reaped, then used and closed */
			REAP(&rp);
			EXPECT_EQ(0u, zxt_signals(_metadata, h) & ZX_LINUX_FD_READABLE);
			ASSERT_EQ(ZX_OK, zx_object_wait_async(h, port, 1, ZX_USER_SIGNAL_0, 0));
			ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
			pkt = zxt_take(_metadata, port);
			EXPECT_EQ(1u, pkt.key);
			zxt_close(_metadata, h);
			break;
		case 2:		/* closed, then reaped */
			zxt_close(_metadata, h);
			REAP(&rp);
			break;
		case 3:		/* a registration keeps the object across both */
			ASSERT_EQ(ZX_OK, zx_object_wait_async(h, port, 3, ZX_USER_SIGNAL_0, 0));
			sem_post(&rp.go);
			zxt_close(_metadata, h);	/* cancels it: no packet */
			while (sem_wait(&rp.done) != 0)
				;
			zxt_port_empty(port);
			break;
		}
		ASSERT_TRUE(WIFEXITED(rp.status)) TH_LOG("child status 0x%x", rp.status);
		ASSERT_EQ(0, WEXITSTATUS(rp.status));
	}
	TH_LOG("%lu rounds", loop.done);
	rp.quit = true;
	sem_post(&rp.go);
	ASSERT_EQ(0, pthread_join(rp.thread, NULL));
	close(tp[0]);
	close(tp[1]);
	zxt_close(_metadata, port);
}

/*
 * A FUSE file whose daemon stops answering: the wrapper's re-poll work
 * sits in the file's ->poll (FUSE_POLL) for as long as the daemon likes.
 * Closing the wrapper's last handle must not wait for it - the closer
 * could be another user, or a process on its way out, stuck unkillable.
 * The daemon is a thread of this test, on a mount in a private mount
 * namespace; it needs CAP_SYS_ADMIN and /dev/fuse (the VM has both on
 * 6.12, where FUSE is built in).
 */
struct fuse_daemon {
	pthread_t thread;
	int fd, quit[2];
	uint64_t kh;		/* the wrapped file's poll handle */
	bool have_kh;
	int stall;		/* 1: notify and stop answering FUSE_POLL */
	bool stalled;		/* a FUSE_POLL is waiting for an answer */
	uint64_t stalled_unique;
	sem_t event;		/* have_kh, stalled */
	pthread_mutex_t lock;
};

static bool fuse_reply(struct fuse_daemon *d, uint64_t unique, int error,
		       const void *arg, size_t len)
{
	char buf[sizeof(struct fuse_out_header) + 256];
	struct fuse_out_header *oh = (void *)buf;

	oh->len = (uint32_t)(sizeof(*oh) + len);
	oh->error = error;
	oh->unique = unique;
	memcpy(oh + 1, arg, len);
	return write(d->fd, buf, oh->len) == (ssize_t)oh->len;
}

static void fuse_attr_of(uint64_t nodeid, struct fuse_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->ino = nodeid;
	a->mode = nodeid == 1 ? S_IFDIR | 0755 : S_IFREG | 0644;
	a->nlink = nodeid == 1 ? 2 : 1;
	a->blksize = 4096;
}

static void *fuse_daemon_main(void *arg)
{
	static char buf[1 << 16] __attribute__((aligned(8)));
	struct fuse_daemon *d = arg;

	for (;;) {
		struct pollfd pl[2] = {
			{ .fd = d->fd, .events = POLLIN },
			{ .fd = d->quit[0], .events = POLLIN },
		};
		struct fuse_in_header *ih = (void *)buf;
		void *in = ih + 1;
		ssize_t n;

		if (poll(pl, 2, -1) < 0 && errno != EINTR)
			return NULL;
		if (pl[1].revents)
			return NULL;
		if (!pl[0].revents)
			continue;
		n = read(d->fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == ENOENT || errno == EAGAIN))
			continue;
		if (n < (ssize_t)sizeof(*ih))
			return NULL;	/* unmounted */
		switch (ih->opcode) {
		case FUSE_INIT: {
			struct fuse_init_out out = {
				.major = FUSE_KERNEL_VERSION,
				.minor = 31,
				.max_readahead = 65536,
				.max_background = 16,
				.congestion_threshold = 12,
				.max_write = 4096,
				.time_gran = 1,
			};

			fuse_reply(d, ih->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_LOOKUP: {
			struct fuse_entry_out out = {
				.nodeid = 2,
				.entry_valid = 3600,
				.attr_valid = 3600,
			};

			if (ih->nodeid != 1 || strcmp(in, "f") != 0) {
				fuse_reply(d, ih->unique, -ENOENT, NULL, 0);
				break;
			}
			fuse_attr_of(2, &out.attr);
			fuse_reply(d, ih->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_GETATTR: {
			struct fuse_attr_out out = { .attr_valid = 3600 };

			fuse_attr_of(ih->nodeid, &out.attr);
			fuse_reply(d, ih->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_OPEN: {
			struct fuse_open_out out = { .fh = 7 };

			fuse_reply(d, ih->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_POLL: {
			const struct fuse_poll_in *pi = in;
			struct fuse_poll_out out = { .revents = 0 };
			bool answer = true;

			pthread_mutex_lock(&d->lock);
			if (!d->have_kh) {
				d->kh = pi->kh;
				d->have_kh = true;
				sem_post(&d->event);
			}
			if (d->stall && !d->stalled) {
				d->stalled = true;
				d->stalled_unique = ih->unique;
				answer = false;
				sem_post(&d->event);
			}
			pthread_mutex_unlock(&d->lock);
			if (answer)
				fuse_reply(d, ih->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_FORGET:
		case FUSE_BATCH_FORGET:
		case FUSE_INTERRUPT:
			break;		/* no reply */
		case FUSE_RELEASE:
		case FUSE_FLUSH:
		case FUSE_DESTROY:
			fuse_reply(d, ih->unique, 0, NULL, 0);
			break;
		default:
			fuse_reply(d, ih->unique, -ENOSYS, NULL, 0);
			break;
		}
	}
}

/* Wake the file's pollers, as a daemon does when the file becomes ready. */
static bool fuse_notify_poll(struct fuse_daemon *d)
{
	struct fuse_notify_poll_wakeup_out out = { .kh = d->kh };
	char buf[sizeof(struct fuse_out_header) + sizeof(out)];
	struct fuse_out_header *oh = (void *)buf;

	oh->len = sizeof(buf);
	oh->error = FUSE_NOTIFY_POLL;
	oh->unique = 0;
	memcpy(oh + 1, &out, sizeof(out));
	return write(d->fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf);
}

struct closer {
	pthread_t thread;
	zx_handle_t h;
	zx_status_t status;
	sem_t done;
};

static void *closer_main(void *arg)
{
	struct closer *c = arg;

	__atomic_store_n(&c->status, zx_handle_close(c->h), __ATOMIC_SEQ_CST);
	sem_post(&c->done);
	return NULL;
}

TEST_ZX(wrapped_fuse_file_close_never_waits_for_its_poll)
{
	char dir[] = "/tmp/zxfuse.XXXXXX", path[64], opts[128];
	struct fuse_daemon d;
	struct closer cl;
	struct timespec until;
	zx_handle_t w = ZX_HANDLE_INVALID;
	bool closed_alone;
	int ffd;

	memset(&d, 0, sizeof(d));
	if (unshare(CLONE_NEWNS) != 0)
		SKIP(return, "no private mount namespace: %s", strerror(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		TH_LOG("making the mounts private: %s", strerror(errno));
	d.fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (d.fd < 0)
		SKIP(return, "no /dev/fuse: %s", strerror(errno));
	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0", d.fd);
	if (mount("zxfuse", dir, "fuse", MS_NOSUID | MS_NODEV, opts) != 0) {
		int err = errno;

		close(d.fd);
		rmdir(dir);
		SKIP(return, "cannot mount FUSE: %s", strerror(err));
	}
	ASSERT_EQ(0, pipe2(d.quit, O_CLOEXEC));
	ASSERT_EQ(0, sem_init(&d.event, 0, 0));
	ASSERT_EQ(0, pthread_mutex_init(&d.lock, NULL));
	ASSERT_EQ(0, pthread_create(&d.thread, NULL, fuse_daemon_main, &d));

	snprintf(path, sizeof(path), "%s/f", dir);
	ffd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, ffd) TH_LOG("open %s: %s", path, strerror(errno));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(ffd, &w));
	EXPECT_EQ(0u, zxt_signals(_metadata, w));
	close(ffd);	/* the wrapper holds the file */
	while (sem_wait(&d.event) != 0)		/* the poll handle */
		;

	/* The file becomes "ready": the wrapper's work polls, nobody answers. */
	pthread_mutex_lock(&d.lock);
	d.stall = 1;
	pthread_mutex_unlock(&d.lock);
	ASSERT_TRUE(fuse_notify_poll(&d));
	while (sem_wait(&d.event) != 0)		/* stalled */
		;

	memset(&cl, 0, sizeof(cl));
	cl.h = w;
	cl.status = 12345;
	ASSERT_EQ(0, sem_init(&cl.done, 0, 0));
	ASSERT_EQ(0, pthread_create(&cl.thread, NULL, closer_main, &cl));
	/* Waiting for the stalled poll, the close would never return. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	while (sem_timedwait(&cl.done, &until) != 0 && errno == EINTR)
		;
	closed_alone = __atomic_load_n(&cl.status, __ATOMIC_SEQ_CST) != 12345;

	/* Answer the poll now: the work finishes and lets go of the file. */
	{
		struct fuse_poll_out out = { .revents = 0 };

		pthread_mutex_lock(&d.lock);
		d.stall = 0;
		pthread_mutex_unlock(&d.lock);
		EXPECT_TRUE(fuse_reply(&d, d.stalled_unique, 0, &out, sizeof(out)));
	}
	ASSERT_EQ(0, pthread_join(cl.thread, NULL));
	EXPECT_TRUE(closed_alone) TH_LOG("the close waited for the daemon's answer");
	EXPECT_EQ(ZX_OK, cl.status);

	EXPECT_EQ(1, write(d.quit[1], "q", 1));
	ASSERT_EQ(0, pthread_join(d.thread, NULL));
	EXPECT_EQ(0, umount2(dir, MNT_DETACH));
	close(d.fd);
	rmdir(dir);
	close(d.quit[0]);
	close(d.quit[1]);
}

/* A wrapped descriptor can itself travel as a handle descriptor. */
TEST_ZX(wrapped_fd_travels)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	int p[2], fd = -1, ack[2];
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(ack, O_CLOEXEC));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &h));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, O_CLOEXEC, &fd));
	EXPECT_EQ(0, close(p[0]));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_handle_t x = ZX_HANDLE_INVALID;
		zx_info_handle_basic_t info;
		zx_signals_t obs = 0;

		close(p[1]);
		close(ack[0]);
		CHILD_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &x));
		CHILD_EQ(ZX_OK, zx_object_get_info(x, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
						   NULL, NULL));
		CHILD_EQ(ZX_OBJ_TYPE_LINUX_FD, info.type);
		CHILD_EQ(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL, info.rights);
		CHILD_CHECK(write(ack[1], "i", 1) == 1);
		/* the parent closes its write side: EOF */
		CHILD_EQ(ZX_OK, zx_object_wait_one(x, ZX_LINUX_FD_PEER_CLOSED,
						   zx_deadline_after(ZXT_SEC(60)), &obs));
		CHILD_EQ(ZX_LINUX_FD_READABLE | ZX_LINUX_FD_PEER_CLOSED, obs);
		_exit(0);
	}
	close(ack[1]);
	EXPECT_EQ(0, close(fd));
	ASSERT_EQ(1, read(ack[0], &c, 1));
	ASSERT_EQ(1, write(p[1], "d", 1));
	EXPECT_EQ(0, close(p[1]));
	zxt_reap_ok(pid);
	close(ack[0]);
}

/* ------------------------------------------------------------------ */
/* Poll descriptors                                                    */

static int epoll_ready(struct __test_metadata *_metadata, int ep, int timeout_ms,
		       int *fds, int max)
{
	struct epoll_event evs[8];
	int n, i;

	do {
		n = epoll_wait(ep, evs, 8, timeout_ms);
	} while (n < 0 && errno == EINTR);
	EXPECT_LE(0, n);
	for (i = 0; i < n && i < max; i++) {
		EXPECT_EQ((uint32_t)EPOLLIN, evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP));
		fds[i] = evs[i].data.fd;
	}
	return n;
}

static bool has_fd(const int *fds, int n, int fd)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] == fd)
			return true;
	return false;
}

struct late_signaler {
	pthread_t thread;
	pid_t target;
	zx_handle_t h;
	zx_status_t status;
};

static bool blocked_in_epoll(pid_t tid)
{
#ifdef SYS_epoll_wait
	if (zxt_task_blocked_in(getpid(), tid, SYS_epoll_wait, 0) == 1)
		return true;
#endif
	return zxt_task_blocked_in(getpid(), tid, SYS_epoll_pwait, 0) == 1;
}

static void *late_signaler_main(void *arg)
{
	struct late_signaler *s = arg;
	int64_t give_up = zxt_mono_ns() + ZXT_SEC(ZXT_TIMEOUT / 2);

	while (!blocked_in_epoll(s->target) && zxt_mono_ns() < give_up)
		sched_yield();
	s->status = zx_object_signal(s->h, 0, ZX_USER_SIGNAL_0);
	return NULL;
}

TEST_ZX(epoll_event_and_port)
{
	zx_handle_t ev = zxt_event(_metadata), port = zxt_port(_metadata);
	zx_port_packet_t pkt = zxt_user_packet(9);
	struct epoll_event e;
	struct late_signaler ls;
	int ep, pe = -1, pp = -1, fds[8], n;

	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(ev, ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_0, O_CLOEXEC,
					  &pe));
	/* signals are ignored for a port */
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(port, 0, O_CLOEXEC, &pp));
	EXPECT_TRUE(fd_cloexec(pe));
	EXPECT_TRUE(zxt_valid(ev));
	EXPECT_TRUE(zxt_valid(port));
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	e.events = EPOLLIN;
	e.data.fd = pe;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, pe, &e));
	e.data.fd = pp;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, pp, &e));

	EXPECT_EQ(0, epoll_ready(_metadata, ep, 0, fds, 8));

	/* a signal not asked for does not count */
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(0, epoll_ready(_metadata, ep, 0, fds, 8));

	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_EVENT_SIGNALED));
	n = epoll_ready(_metadata, ep, 0, fds, 8);
	EXPECT_EQ(1, n);
	EXPECT_EQ(pe, fds[0]);
	/* level: still there */
	EXPECT_EQ(1, epoll_ready(_metadata, ep, 0, fds, 8));

	ASSERT_EQ(ZX_OK, zx_port_queue(port, &pkt));
	n = epoll_ready(_metadata, ep, 0, fds, 8);
	EXPECT_EQ(2, n);
	EXPECT_TRUE(has_fd(fds, n, pe));
	EXPECT_TRUE(has_fd(fds, n, pp));

	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_EVENT_SIGNALED, 0));
	n = epoll_ready(_metadata, ep, 0, fds, 8);
	EXPECT_EQ(1, n);
	EXPECT_EQ(pp, fds[0]);

	pkt = zxt_take(_metadata, port);
	EXPECT_TRUE(zxt_user_packet_ok(&pkt));
	EXPECT_EQ(0, epoll_ready(_metadata, ep, 0, fds, 8));

	/* two packets: readable until both are taken */
	pkt = zxt_user_packet(10);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &pkt));
	pkt = zxt_user_packet(11);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &pkt));
	EXPECT_EQ(1, epoll_ready(_metadata, ep, 0, fds, 8));
	pkt = zxt_take(_metadata, port);
	EXPECT_EQ(10u, pkt.key);
	EXPECT_EQ(1, epoll_ready(_metadata, ep, 0, fds, 8));
	pkt = zxt_take(_metadata, port);
	EXPECT_EQ(11u, pkt.key);
	EXPECT_EQ(0, epoll_ready(_metadata, ep, 0, fds, 8));

	/* blocked in epoll_wait, woken by a signal from another thread */
	memset(&ls, 0, sizeof(ls));
	ls.target = zxt_gettid();
	ls.h = ev;
	ls.status = 12345;
	ASSERT_EQ(0, pthread_create(&ls.thread, NULL, late_signaler_main, &ls));
	n = epoll_ready(_metadata, ep, 60000, fds, 8);
	ASSERT_EQ(0, pthread_join(ls.thread, NULL));
	EXPECT_EQ(ZX_OK, ls.status);
	EXPECT_EQ(1, n);
	EXPECT_EQ(pe, fds[0]);
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(0, epoll_ready(_metadata, ep, 0, fds, 8));

	close(ep);
	close(pe);
	close(pp);
	zxt_close(_metadata, ev);
	zxt_close(_metadata, port);
}

TEST_ZX(poll_fd_outlives_handle)
{
	zx_handle_t ev = zxt_event(_metadata), d, port = zxt_port(_metadata), pd, a, b;
	zx_port_packet_t pkt = zxt_user_packet(5);
	struct pollfd p[3];
	int pe = -1, pp = -1, pa = -1;

	/* the poll descriptor's handle goes, another handle remains */
	d = zxt_dup(_metadata, ev, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(ev, ZX_EVENT_SIGNALED, O_CLOEXEC, &pe));
	zxt_close(_metadata, ev);
	pd = zxt_dup(_metadata, port, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(port, 0, O_CLOEXEC, &pp));
	zxt_close(_metadata, port);
	zxt_eventpair(_metadata, &a, &b);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(a, ZX_EVENTPAIR_PEER_CLOSED, O_CLOEXEC, &pa));

	p[0] = (struct pollfd){ .fd = pe, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = pp, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = pa, .events = POLLIN };
	EXPECT_EQ(0, poll(p, 3, 0));

	ASSERT_EQ(ZX_OK, zx_port_queue(pd, &pkt));
	EXPECT_EQ(1, poll(p, 3, 0));
	EXPECT_EQ(0, p[0].revents);
	EXPECT_EQ(POLLIN, p[1].revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL));
	EXPECT_EQ(0, p[2].revents);

	ASSERT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_EVENT_SIGNALED));
	zxt_close(_metadata, b);
	EXPECT_EQ(3, poll(p, 3, 0));
	EXPECT_TRUE(p[0].revents & POLLIN);
	EXPECT_TRUE(p[2].revents & POLLIN);
	ASSERT_EQ(ZX_OK, zx_object_signal(d, ZX_EVENT_SIGNALED, 0));
	EXPECT_EQ(2, poll(p, 3, 0));
	EXPECT_EQ(0, p[0].revents);
	pkt = zxt_take(_metadata, pd);
	EXPECT_EQ(5u, pkt.key);
	EXPECT_EQ(1, poll(p, 3, 0));
	EXPECT_EQ(0, p[1].revents);

	/*
	 * The port's last handle closing drops its queued packets (nobody
	 * could take them): the poll descriptor stays valid, not readable.
	 */
	pkt = zxt_user_packet(6);
	ASSERT_EQ(ZX_OK, zx_port_queue(pd, &pkt));
	EXPECT_EQ(2, poll(p, 3, 0));
	zxt_close(_metadata, pd);
	EXPECT_EQ(1, poll(p, 3, 0));
	EXPECT_EQ(0, p[1].revents);

	close(pe);
	close(pp);
	close(pa);
	zxt_close(_metadata, a);
	zxt_close(_metadata, d);
}

/* Poll descriptors on wrapped Linux descriptors: epoll -> zircon -> pipe. */
TEST_ZX(poll_fd_on_wrapped_fd)
{
	zx_handle_t r = ZX_HANDLE_INVALID;
	struct pollfd pl;
	int p[2], pr = -1;
	char c;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC | O_NONBLOCK));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(p[0], &r));
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(r, ZX_LINUX_FD_READABLE, O_CLOEXEC, &pr));
	pl = (struct pollfd){ .fd = pr, .events = POLLIN };
	EXPECT_EQ(0, poll(&pl, 1, 0));
	ASSERT_EQ(1, write(p[1], "a", 1));
	EXPECT_EQ(1, poll(&pl, 1, 0));
	EXPECT_TRUE(pl.revents & POLLIN);
	ASSERT_EQ(1, read(p[0], &c, 1));
	/* level: drained, no stale readiness */
	EXPECT_EQ(0, poll(&pl, 1, 0));
	/* blocking poll woken by a write from a child */
	{
		pid_t pid;

		fflush(NULL);
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			int64_t give_up = zxt_mono_ns() + ZXT_SEC(ZXT_TIMEOUT / 2);
			pid_t parent = getppid();

			while (zxt_task_blocked_in(parent, parent, SYS_poll, 0) != 1 &&
			       zxt_task_blocked_in(parent, parent, SYS_ppoll, 0) != 1)
				CHILD_CHECK(zxt_mono_ns() < give_up);
			CHILD_CHECK(write(p[1], "b", 1) == 1);
			_exit(0);
		}
		EXPECT_EQ(1, poll(&pl, 1, 60000));
		EXPECT_TRUE(pl.revents & POLLIN);
		zxt_reap_ok(pid);
	}
	/* the last handle closing releases the pipe; the poll fd stays sane */
	zxt_close(_metadata, r);
	EXPECT_LE(0, poll(&pl, 1, 0));
	EXPECT_FALSE(pl.revents & POLLNVAL);
	close(pr);
	close(p[0]);
	close(p[1]);
}

/*
 * A poll descriptor of a wrapper in an epoll set outlives the wrapped file:
 * the wrapper drops the file when its last handle closes, and epoll must
 * not be left queued on it (KASAN would see the use after free).
 */
TEST_ZX(epoll_poll_fd_outlives_wrapped_file)
{
	struct epoll_event ev = { .events = EPOLLIN };
	zx_handle_t w = ZX_HANDLE_INVALID;
	uint64_t one = 1;
	int efd, pfd, ep;

	efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd);
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(efd, &w));
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(w, ZX_LINUX_FD_READABLE, O_CLOEXEC, &pfd));
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	ev.data.fd = pfd;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, pfd, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	ASSERT_EQ((ssize_t)sizeof(one), write(efd, &one, sizeof(one)));
	/* Woken through the wrapper's worker, however long that takes. */
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 60000));
	/* The wrapper is now the file's only holder; then nobody is. */
	EXPECT_EQ(0, close(efd));
	zxt_close(_metadata, w);
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 0));	/* signals stay as they were */
	EXPECT_EQ(0, epoll_ctl(ep, EPOLL_CTL_DEL, pfd, NULL));
	EXPECT_EQ(0, close(pfd));
	EXPECT_EQ(0, close(ep));
}

TEST_ZX(poll_fd_errors)
{
	zx_handle_t ev = zxt_event(_metadata), port = zxt_port(_metadata), r = ZX_HANDLE_INVALID;
	int fd = 1234;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_poll_fd(ev, ZX_EVENT_SIGNALED, 0, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_poll_fd(ZX_HANDLE_INVALID, ZX_EVENT_SIGNALED, 0, &fd));
	EXPECT_EQ(-1, fd);
	fd = 1234;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_poll_fd(ev, ZX_EVENT_SIGNALED, O_NONBLOCK, &fd));
	EXPECT_EQ(-1, fd);
	EXPECT_TRUE(zxt_valid(ev));

	/* no WAIT */
	r = zxt_dup(_metadata, ev, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_WAIT);
	fd = 1234;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_linux_poll_fd(r, ZX_EVENT_SIGNALED, O_CLOEXEC, &fd));
	EXPECT_EQ(-1, fd);
	EXPECT_TRUE(zxt_valid(r));
	zxt_close(_metadata, r);

	/* a port without READ */
	r = zxt_dup(_metadata, port, ZX_DEFAULT_PORT_RIGHTS & ~ZX_RIGHT_READ);
	fd = 1234;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_linux_poll_fd(r, 0, O_CLOEXEC, &fd));
	EXPECT_EQ(-1, fd);
	zxt_close(_metadata, r);
	/* READ is enough for a port (its default rights have no WAIT) */
	r = zxt_dup(_metadata, port, ZX_RIGHT_READ);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(r, 0, O_CLOEXEC, &fd));
	close(fd);
	zxt_close(_metadata, r);

	zxt_close(_metadata, ev);
	zxt_close(_metadata, port);
}

/* Zircon -> epoll -> Zircon: a wrapped epoll set of poll descriptors. */
TEST_ZX(wrapped_epoll_of_poll_fds)
{
	zx_handle_t ev = zxt_event(_metadata), wrap = ZX_HANDLE_INVALID;
	struct zxt_waiter w;
	struct epoll_event e;
	int ep, pe = -1, fds[8];

	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(ev, ZX_EVENT_SIGNALED, O_CLOEXEC, &pe));
	e.events = EPOLLIN;
	e.data.fd = pe;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, pe, &e));
	ASSERT_EQ(ZX_OK, zx_linux_object_from_fd(ep, &wrap));
	EXPECT_EQ(0u, zxt_signals(_metadata, wrap));
	zxt_waiter_start_blocked(&w, wrap, ZX_LINUX_FD_READABLE, LONG_DEADLINE());
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_EVENT_SIGNALED));
	zxt_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_LINUX_FD_READABLE, w.observed);
	EXPECT_EQ(1, epoll_ready(_metadata, ep, 0, fds, 8));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_EVENT_SIGNALED, 0));
	EXPECT_EQ(0u, zxt_signals(_metadata, wrap));
	zxt_close(_metadata, wrap);
	close(pe);
	close(ep);
	zxt_close(_metadata, ev);
}

/*
 * A readiness loop: an epoll set holds the poll descriptor of an object
 * that wraps the epoll set itself. Linux's own loop check only sees
 * epoll-in-epoll, so this must not recurse without bound or deadlock;
 * whatever readiness it reports, waits must return and close must work.
 */
TEST_ZX(epoll_wrapping_itself)
{
	zx_handle_t ev = zxt_event(_metadata), wrap = ZX_HANDLE_INVALID;
	struct epoll_event e;
	zx_signals_t obs = 0;
	zx_status_t st;
	int ep, pe = -1, ps = -1, n, fds[8];

	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(ev, ZX_EVENT_SIGNALED, O_CLOEXEC, &pe));
	e.events = EPOLLIN;
	e.data.fd = pe;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, pe, &e));
	st = zx_linux_object_from_fd(ep, &wrap);
	if (st == ZX_ERR_NOT_SUPPORTED) {
		close(pe);
		close(ep);
		zxt_close(_metadata, ev);
		SKIP(return, "epoll descriptors cannot be wrapped");
	}
	ASSERT_EQ(ZX_OK, st);
	ASSERT_EQ(ZX_OK, zx_linux_poll_fd(wrap, ZX_LINUX_FD_READABLE, O_CLOEXEC, &ps));
	e.data.fd = ps;
	/* Linux may refuse the loop; if it accepts it, it must survive it. */
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ps, &e) != 0)
		TH_LOG("epoll_ctl(ADD) of the loop: %s", strerror(errno));

	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(wrap, ZX_LINUX_FD_READABLE, 0, &obs));
	EXPECT_EQ(0, epoll_ready(_metadata, ep, 0, fds, 8));

	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(wrap, ZX_LINUX_FD_READABLE, LONG_DEADLINE(), &obs));
	n = epoll_ready(_metadata, ep, 0, fds, 8);
	EXPECT_LE(1, n);
	EXPECT_TRUE(has_fd(fds, n, pe));

	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_EVENT_SIGNALED, 0));
	/* any answer will do, as long as there is one */
	n = epoll_ready(_metadata, ep, 0, fds, 8);
	TH_LOG("after clearing: %d ready, object signals 0x%x", n,
	       zx_object_wait_one(wrap, 0, 0, &obs) == ZX_ERR_TIMED_OUT ? obs : 0xffffffffu);
	EXPECT_FALSE(has_fd(fds, n > 0 ? n : 0, pe));

	close(ps);
	zxt_close(_metadata, wrap);
	close(pe);
	close(ep);
	zxt_close(_metadata, ev);
}

TEST_HARNESS_MAIN
