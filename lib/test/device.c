// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * The table descriptor's life cycle, against a regular file standing in
 * for /dev/zircon (build the library sources with -DZIRCON_DEVICE=path):
 * one descriptor however many threads race to open it, ioctl errors mapped
 * (a regular file answers ENOTTY), errno untouched, and a fresh descriptor
 * in a forked child.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zircon/linux.h>
#include <zircon/syscalls.h>

#define THREADS 16

static int failures;
static pthread_barrier_t barrier;
static int fds[THREADS];

#define EXPECT(cond)                                                        \
	do {                                                                \
		if (!(cond)) {                                              \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                         \
		}                                                           \
	} while (0)

static void* racer(void* arg)
{
	int* slot = arg;

	pthread_barrier_wait(&barrier);
	*slot = zx_linux_device_fd();
	return NULL;
}

/* How many descriptors of this process refer to path. */
static int open_count(const char* path)
{
	char link[64], target[4096];
	int n = 0;

	for (int fd = 0; fd < 1024; fd++) {
		ssize_t len;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = 0;
		n += strcmp(target, path) == 0;
	}
	return n;
}

int main(void)
{
	pthread_t threads[THREADS];
	zx_handle_t h = 0x1234;
	int fd, status = -1;
	pid_t pid;

	pthread_barrier_init(&barrier, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&threads[i], NULL, racer, &fds[i]);
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	fd = zx_linux_device_fd();
	EXPECT(fd >= 0);
	for (int i = 0; i < THREADS; i++)
		EXPECT(fds[i] == fd);
	EXPECT(open_count(ZIRCON_DEVICE) == 1); /* the losers closed theirs */

	errno = 4242;
	EXPECT(zx_event_create(0, &h) == ZX_ERR_BAD_SYSCALL && h == 0x1234);
	EXPECT(zx_object_wait_one(0x1233, 1, 0, NULL) == ZX_ERR_BAD_SYSCALL);
	EXPECT(errno == 4242);

	/* The child must not share the parent's open file: mark the parent's. */
	EXPECT(lseek(fd, 100, SEEK_SET) == 100);
	pid = fork();
	if (pid == 0) {
		int child_fd = zx_linux_device_fd();

		_exit(child_fd < 0 || lseek(child_fd, 0, SEEK_CUR) != 0 ||
		      open_count(ZIRCON_DEVICE) != 1);
	}
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT(zx_linux_device_fd() == fd && lseek(fd, 0, SEEK_CUR) == 100);

	printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
	return failures != 0;
}
