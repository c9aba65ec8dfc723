// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Handing a handle to another program: the parent makes an eventpair,
 * turns one end into a file descriptor with zx_linux_handle_to_fd()
 * (without O_CLOEXEC, so it survives exec), and runs itself again with
 * the descriptor's number in HANDOFF_FD. The new program, which has a
 * handle table of its own, imports the end with zx_linux_fd_to_handle()
 * and the two processes ping-pong over the eventpair. When the child
 * exits, its table closes its end and the parent sees PEER_CLOSED.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

#define ROUNDS 200
#define PING ZX_USER_SIGNAL_0
#define PONG ZX_USER_SIGNAL_1

static void check(zx_status_t status, const char* what)
{
	if (status != ZX_OK) {
		fprintf(stderr, "handoff[%d]: %s: %s\n", (int)getpid(), what,
			zx_status_get_string(status));
		exit(1);
	}
}

static zx_koid_t koid_of(zx_handle_t h)
{
	zx_info_handle_basic_t info;

	check(zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL),
	      "get_info");
	return info.koid;
}

/* Wait for @sig on @self, clear it, and raise @reply on the peer. */
static void answer(zx_handle_t self, zx_signals_t sig, zx_signals_t reply)
{
	check(zx_object_wait_one(self, sig, zx_deadline_after(ZX_SEC(30)), NULL), "wait_one");
	check(zx_object_signal(self, sig, 0), "signal");
	check(zx_object_signal_peer(self, 0, reply), "signal_peer");
}

static int child(const char* fdstr)
{
	int fd = atoi(fdstr);
	zx_handle_t end;

	check(zx_linux_fd_to_handle(fd, &end), "fd_to_handle");
	close(fd);	/* the handle is ours now; the descriptor is spent */
	printf("handoff: child %d imported fd %d as handle 0x%x (koid %llu)\n", (int)getpid(),
	       fd, end, (unsigned long long)koid_of(end));
	fflush(stdout);
	for (int i = 0; i < ROUNDS; i++)
		answer(end, PING, PONG);
	/* exit without closing: the process's table closes the handle */
	return 0;
}

int main(int argc, char** argv)
{
	const char* env = getenv("HANDOFF_FD");
	zx_handle_t mine, theirs;
	zx_signals_t observed = 0;
	char fdstr[16];
	int fd, status;
	pid_t pid;

	(void)argc;
	if (env)
		return child(env);

	check(zx_eventpair_create(0, &mine, &theirs), "eventpair_create");
	zx_koid_t koid = koid_of(theirs);
	check(zx_linux_handle_to_fd(theirs, 0, &fd), "handle_to_fd");
	printf("handoff: parent %d moved eventpair end (koid %llu) into fd %d\n", (int)getpid(),
	       (unsigned long long)koid, fd);
	snprintf(fdstr, sizeof(fdstr), "%d", fd);
	fflush(stdout);

	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		setenv("HANDOFF_FD", fdstr, 1);
		execl("/proc/self/exe", argv[0], (char*)NULL);
		perror("exec /proc/self/exe");
		_exit(127);
	}
	/* the child has its copy; closing ours does not close the handle */
	close(fd);

	zx_time_t start = zx_clock_get_monotonic();
	for (int i = 0; i < ROUNDS; i++) {
		check(zx_object_signal_peer(mine, 0, PING), "signal_peer");
		check(zx_object_wait_one(mine, PONG, zx_deadline_after(ZX_SEC(30)), NULL),
		      "wait_one");
		check(zx_object_signal(mine, PONG, 0), "signal");
	}
	zx_duration_t took = zx_clock_get_monotonic() - start;
	printf("handoff: %d round trips between processes, %lld ns each\n", ROUNDS,
	       (long long)(took / ROUNDS));

	check(zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED, zx_deadline_after(ZX_SEC(30)),
				 &observed),
	      "wait_one(PEER_CLOSED)");
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "handoff: child failed\n");
		return 1;
	}
	printf("handoff: child exited; our end observes 0x%x (PEER_CLOSED)\n", observed);
	zx_handle_close(mine);
	return 0;
}
