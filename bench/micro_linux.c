// SPDX-License-Identifier: GPL-2.0
/*
 * Single-thread Linux baselines for the zircon microbenchmarks: an
 * eventfd is Linux's closest thing to an event, poll() over eventfds its
 * closest thing to zx_object_wait_many().
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "bench.h"

struct linux_state {
	int efd;
	int items[4];
};

static void efd_write(void *state, uint64_t n)
{
	struct linux_state *s = state;
	uint64_t one = 1;

	while (n--)
		bench_check(write(s->efd, &one, sizeof(one)) == sizeof(one),
			    "eventfd write");
}

static void efd_write_read(void *state, uint64_t n)
{
	struct linux_state *s = state;
	uint64_t v = 1;

	while (n--) {
		bench_check(write(s->efd, &v, sizeof(v)) == sizeof(v),
			    "eventfd write");
		bench_check(read(s->efd, &v, sizeof(v)) == sizeof(v),
			    "eventfd read");
	}
}

/* Baselines for Event/Create+Close and Event/Duplicate+Close. */
static void efd_create_close(void *state, uint64_t n)
{
	(void)state;
	while (n--) {
		int fd = eventfd(0, EFD_CLOEXEC);

		bench_check(fd >= 0, "eventfd");
		close(fd);
	}
}

static void fd_dup_close(void *state, uint64_t n)
{
	struct linux_state *s = state;

	while (n--) {
		int fd = dup(s->efd);

		bench_check(fd >= 0, "dup");
		close(fd);
	}
}

/* As WaitForManyWithAlreadySignaledEvent: the last of 4 is ready. */
static void poll_4_eventfds(void *state, uint64_t n)
{
	struct linux_state *s = state;
	struct pollfd pfd[4];
	int i;

	for (i = 0; i < 4; i++)
		pfd[i] = (struct pollfd){ .fd = s->items[i], .events = POLLIN };
	while (n--)
		bench_check(poll(pfd, 4, -1) == 1, "poll");
}

void bench_micro_linux(void)
{
	struct linux_state s;
	uint64_t one = 1;
	int i;

	s.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	bench_check(s.efd >= 0, "eventfd");
	for (i = 0; i < 4; i++) {
		s.items[i] = eventfd(0, EFD_CLOEXEC);
		bench_check(s.items[i] >= 0, "eventfd");
	}
	bench_check(write(s.items[3], &one, sizeof(one)) == sizeof(one),
		    "eventfd write");

	bench_micro("linux", "eventfd/Create+Close", efd_create_close, &s);
	bench_micro("linux", "fd/Dup+Close", fd_dup_close, &s);
	bench_micro("linux", "eventfd/Write", efd_write, &s);
	/* Drain what the writes above left (if they ran): one value per read. */
	if (read(s.efd, &one, sizeof(one)) < 0)
		bench_check(errno == EAGAIN, "eventfd read");
	bench_micro("linux", "eventfd/Write+Read", efd_write_read, &s);
	bench_micro("linux", "poll/4eventfds", poll_4_eventfds, &s);

	close(s.efd);
	for (i = 0; i < 4; i++)
		close(s.items[i]);
}
