// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * One epoll loop for Linux and Zircon sources alike:
 *
 *  - a periodic Linux timerfd;
 *  - a Zircon event that another thread signals (ZX_USER_SIGNAL_0), seen
 *    through zx_linux_poll_fd(event, ZX_USER_SIGNAL_0): the loop clears
 *    the signal and acknowledges with ZX_USER_SIGNAL_1;
 *  - a Zircon port that the same thread posts user packets to, seen
 *    through zx_linux_poll_fd(port): readable while a packet is queued,
 *    so the loop drains it with zero-deadline zx_port_wait() calls.
 *
 * The loop stops once it has handled TICKS timer expirations, SIGNALS
 * event signals and POSTS packets, and exits 0 if the counts are exact.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define TICKS 5
#define SIGNALS 4
#define POSTS 6

#define KICK ZX_USER_SIGNAL_0
#define ACK ZX_USER_SIGNAL_1

static zx_handle_t event, port;
static zx_time_t start;

static void check(zx_status_t status, const char* what)
{
	if (status != ZX_OK) {
		fprintf(stderr, "epoll_loop: %s: %s\n", what, zx_status_get_string(status));
		_exit(1);
	}
}

static double ms(void)
{
	return (double)(zx_clock_get_monotonic() - start) / 1e6;
}

/* The outside world: kicks the event (waiting for each ACK) and posts packets. */
static void* producer(void* arg)
{
	(void)arg;
	for (int i = 0; i < SIGNALS || i < POSTS; i++) {
		if (i < POSTS) {
			zx_port_packet_t p;

			memset(&p, 0, sizeof(p));
			p.key = 100 + (uint64_t)i;
			p.type = ZX_PKT_TYPE_USER;
			p.user.u32[0] = (uint32_t)i * 7;
			check(zx_port_queue(port, &p), "port_queue");
		}
		if (i < SIGNALS) {
			check(zx_object_signal(event, 0, KICK), "signal");
			check(zx_object_wait_one(event, ACK, zx_deadline_after(ZX_SEC(30)), NULL),
			      "wait_one(ACK)");
			check(zx_object_signal(event, ACK, 0), "signal");
		}
	}
	return NULL;
}

int main(void)
{
	int ep, tfd, event_fd, port_fd;
	int ticks = 0, signals = 0, posts = 0;
	struct itimerspec its = {
		.it_interval = { .tv_nsec = 20 * 1000 * 1000 },
		.it_value = { .tv_nsec = 20 * 1000 * 1000 },
	};
	struct epoll_event ev;
	pthread_t thread;

	start = zx_clock_get_monotonic();
	check(zx_event_create(0, &event), "event_create");
	check(zx_port_create(0, &port), "port_create");
	check(zx_linux_poll_fd(event, KICK, O_CLOEXEC, &event_fd), "poll_fd(event)");
	check(zx_linux_poll_fd(port, 0, O_CLOEXEC, &port_fd), "poll_fd(port)");
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (tfd < 0 || ep < 0) {
		perror("timerfd_create/epoll_create1");
		return 1;
	}
	ev.events = EPOLLIN;
	ev.data.fd = tfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	ev.data.fd = event_fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, event_fd, &ev);
	ev.data.fd = port_fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, port_fd, &ev);
	timerfd_settime(tfd, 0, &its, NULL);
	pthread_create(&thread, NULL, producer, NULL);

	while (ticks < TICKS || signals < SIGNALS || posts < POSTS) {
		struct epoll_event evs[4];
		int n = epoll_wait(ep, evs, 4, 10000);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "epoll_loop: epoll_wait: %s\n", n ? strerror(errno) : "timeout");
			return 1;
		}
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == tfd) {
				uint64_t expirations = 0;

				if (read(tfd, &expirations, sizeof(expirations)) != sizeof(expirations))
					continue;
				if (ticks >= TICKS)
					continue;	/* keeps ticking until the rest is done */
				ticks++;
				printf("epoll_loop: %7.3f ms  timerfd tick %d (%llu expiration%s)\n",
				       ms(), ticks, (unsigned long long)expirations,
				       expirations == 1 ? "" : "s");
				if (ticks == TICKS) {
					struct itimerspec off = { 0 };

					timerfd_settime(tfd, 0, &off, NULL);
				}
			} else if (fd == event_fd) {
				signals++;
				printf("epoll_loop: %7.3f ms  zircon event signaled (#%d)\n", ms(),
				       signals);
				/* consume and acknowledge: event_fd stops being readable */
				check(zx_object_signal(event, KICK, ACK), "signal");
			} else if (fd == port_fd) {
				zx_port_packet_t p;

				while (zx_port_wait(port, 0, &p) == ZX_OK) {
					posts++;
					printf("epoll_loop: %7.3f ms  port packet key %llu, "
					       "payload %u\n",
					       ms(), (unsigned long long)p.key, p.user.u32[0]);
				}
			}
		}
	}
	pthread_join(thread, NULL);
	printf("epoll_loop: handled %d timer ticks, %d event signals, %d port packets\n", ticks,
	       signals, posts);

	close(ep);
	close(tfd);
	close(event_fd);
	close(port_fd);
	zx_handle_close(event);
	zx_handle_close(port);
	return ticks == TICKS && signals == SIGNALS && posts == POSTS ? 0 : 1;
}
