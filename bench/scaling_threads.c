// SPDX-License-Identifier: GPL-2.0
/*
 * Threaded scaling curves: waking x waiters blocked on one object, and
 * x threads each hammering its own object.
 *
 * Both run on a crew: x threads that sleep on a generation counter
 * between rounds, run the curve's work once per round and then check in.
 * Only the part of a round between the main thread's kick and the last
 * check-in is timed, so setting up a round costs nothing.
 */
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/zircon.h>
#include <zircon/syscalls.h>

#include "bench.h"

/* scaling.c */
void scaling_result(double *v, unsigned int n, uint64_t iters,
		    struct bench_result *r);
unsigned int scaling_samples(void);

typedef _Atomic uint32_t counter_t;

static void futex_wait(counter_t *word, uint32_t val)
{
	/* EAGAIN (already changed) and EINTR just mean: look again. */
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(counter_t *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

/* Count one arrival; the last of @n wakes the (single) waiter. */
static void counter_arrive(counter_t *c, uint32_t n)
{
	if (atomic_fetch_add(c, 1) + 1 == n)
		futex_wake(c, 1);
}

static void counter_wait(counter_t *c, uint32_t n)
{
	uint32_t v;

	while ((v = atomic_load(c)) < n)
		futex_wait(c, v);
}

struct crew;

struct crew_member {
	struct crew *crew;
	unsigned int index;
	pid_t tid;
	pthread_t thread;
};

struct crew {
	unsigned int n;
	struct crew_member *members;
	counter_t gen;		/* bumped to start a round */
	counter_t ready;	/* members about to do the timed part */
	counter_t done;		/* members through this round */
	counter_t go;		/* start line for the throughput runs */
	atomic_bool quit;
	void (*work)(struct crew *c, unsigned int index);
	void *ctx;
};

static void *crew_main(void *arg)
{
	struct crew_member *m = arg;
	struct crew *c = m->crew;
	uint32_t gen = 0, v;

	m->tid = gettid();
	counter_arrive(&c->done, c->n);
	for (;;) {
		while ((v = atomic_load(&c->gen)) == gen)
			futex_wait(&c->gen, gen);
		gen = v;
		if (atomic_load(&c->quit))
			return NULL;
		c->work(c, m->index);
		counter_arrive(&c->done, c->n);
	}
}

static void crew_start(struct crew *c, unsigned int n,
		       void (*work)(struct crew *, unsigned int), void *ctx)
{
	pthread_attr_t attr;
	unsigned int i;

	*c = (struct crew){ .n = n, .work = work, .ctx = ctx };
	c->members = calloc(n, sizeof(*c->members));
	bench_check(c->members, "calloc");
	/* Small stacks: a thousand threads that only make syscalls. */
	bench_check(!pthread_attr_init(&attr), "pthread_attr_init");
	bench_check(!pthread_attr_setstacksize(&attr, 64 * 1024),
		    "pthread_attr_setstacksize");
	for (i = 0; i < n; i++) {
		c->members[i] = (struct crew_member){ .crew = c, .index = i };
		bench_check(!pthread_create(&c->members[i].thread, &attr,
					    crew_main, &c->members[i]),
			    "pthread_create %u", i);
	}
	pthread_attr_destroy(&attr);
	counter_wait(&c->done, n);	/* every tid is known */
}

/* Release the crew into one round; the previous one must be over. */
static void crew_release(struct crew *c)
{
	atomic_store(&c->ready, 0);
	atomic_store(&c->done, 0);
	atomic_fetch_add(&c->gen, 1);
	futex_wake(&c->gen, INT_MAX);
}

static void crew_stop(struct crew *c)
{
	unsigned int i;

	atomic_store(&c->quit, true);
	crew_release(c);
	for (i = 0; i < c->n; i++)
		pthread_join(c->members[i].thread, NULL);
	free(c->members);
}

/*
 * Whether thread @tid sleeps in syscall @nr with argument @arg equal to
 * @val. /proc/<tid>/syscall says "running" unless the thread is off the
 * CPU in a sleeping state, and then names the syscall it sleeps in. The
 * module's wait_one and FUTEX_WAIT have no other place to sleep than
 * their wait queue, so this thread is queued there.
 */
static bool sleeps_in(pid_t tid, long nr, int arg, unsigned long long val)
{
	unsigned long long a[3];
	char path[64], buf[256];
	ssize_t len;
	long cur;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	bench_check(fd >= 0, "open %s", path);
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	bench_check(len > 0, "read %s", path);
	buf[len] = 0;
	if (sscanf(buf, "%ld 0x%llx 0x%llx 0x%llx", &cur, &a[0], &a[1],
		   &a[2]) != 4)
		return false;
	return cur == nr && a[arg] == val;
}

/* Wait until every member sleeps in the given syscall (see sleeps_in). */
static void crew_wait_blocked(struct crew *c, long nr, int arg,
			      unsigned long long val)
{
	unsigned int i;

	counter_wait(&c->ready, c->n);
	for (i = 0; i < c->n; i++)
		while (!sleeps_in(c->members[i].tid, nr, arg, val))
			sched_yield();
}

/*
 * wake_waiters: x threads block on one event (zx_object_wait_one) or one
 * futex word (FUTEX_WAIT); time from the signal or FUTEX_WAKE until the
 * last of them has woken and checked in.
 */

struct wake {
	zx_handle_t event;
	counter_t word;
};

static void wake_zircon_work(struct crew *c, unsigned int index)
{
	struct wake *w = c->ctx;
	zx_status_t s;

	(void)index;
	counter_arrive(&c->ready, c->n);
	s = zx_object_wait_one(w->event, ZX_EVENT_SIGNALED, ZX_TIME_INFINITE,
			       NULL);
	bench_check(s == ZX_OK, "zx_object_wait_one: %d", s);
}

static void wake_linux_work(struct crew *c, unsigned int index)
{
	struct wake *w = c->ctx;

	(void)index;
	counter_arrive(&c->ready, c->n);
	while (!atomic_load(&w->word))
		futex_wait(&w->word, 0);
}

/* One round; returns the timed part in ns. */
static uint64_t wake_round(struct crew *c, bool zircon)
{
	struct wake *w = c->ctx;
	uint64_t t0, t;
	zx_status_t s;

	crew_release(c);
	if (zircon)
		crew_wait_blocked(c, SYS_ioctl, 1, ZIRCON_IOC_OBJECT_WAIT_ONE);
	else
		crew_wait_blocked(c, SYS_futex, 0, (uintptr_t)&w->word);
	t0 = bench_now_ns();
	if (zircon) {
		s = zx_object_signal(w->event, 0, ZX_EVENT_SIGNALED);
		bench_check(s == ZX_OK, "zx_object_signal: %d", s);
	} else {
		atomic_store(&w->word, 1);
		futex_wake(&w->word, INT_MAX);
	}
	counter_wait(&c->done, c->n);
	t = bench_now_ns() - t0;
	/* Everybody is out: rearm for the next round. */
	if (zircon) {
		s = zx_object_signal(w->event, ZX_EVENT_SIGNALED, 0);
		bench_check(s == ZX_OK, "zx_object_signal: %d", s);
	} else {
		atomic_store(&w->word, 0);
	}
	return t;
}

/* Rounds per sample: more where one round is short and noisy. */
static unsigned int wake_rounds(unsigned int x)
{
	unsigned int base = bench_opts.quick ? 32 : 256;
	unsigned int min = bench_opts.quick ? 2 : 4;

	return base / x > min ? base / x : min;
}

static void wake_point(struct wake *w, unsigned int x, bool zircon)
{
	unsigned int rounds = wake_rounds(x);
	unsigned int i, k, n = scaling_samples();
	struct bench_result r;
	struct crew c;
	double v[64];

	crew_start(&c, x, zircon ? wake_zircon_work : wake_linux_work, w);
	wake_round(&c, zircon);		/* warm up */
	for (i = 0; i < n; i++) {
		uint64_t t = 0;

		for (k = 0; k < rounds; k++)
			t += wake_round(&c, zircon);
		v[i] = (double)t / rounds;
	}
	crew_stop(&c);
	scaling_result(v, n, rounds, &r);
	bench_report("curve", zircon ? "zircon" : "linux", "wake_waiters", x,
		     "ns/round", &r);
}

void scaling_wake_waiters(void)
{
	unsigned int x, max = bench_opts.quick ? 64 : 1024;
	struct wake w = { 0 };
	zx_status_t s;

	if (!bench_wanted("wake_waiters"))
		return;
	s = zx_event_create(0, &w.event);
	bench_check(s == ZX_OK, "zx_event_create: %d", s);
	for (x = 1; x <= max; x *= 2)
		wake_point(&w, x, true);
	for (x = 1; x <= max; x *= 2)
		wake_point(&w, x, false);
	s = zx_handle_close(w.event);
	bench_check(s == ZX_OK, "zx_handle_close: %d", s);
}

/*
 * signal_throughput / eventfd_throughput: x threads, each toggling its
 * own event or writing its own eventfd @ops times, released together.
 * Wall time from release to the last finish, per op of one thread: flat
 * means perfect scaling.
 */

struct hammer {
	bool zircon;
	uint64_t ops;
	zx_handle_t event[4];
	int fd[4];
};

static void hammer_work(struct crew *c, unsigned int index)
{
	struct hammer *h = c->ctx;
	uint64_t i, one = 1;
	zx_status_t s;

	counter_arrive(&c->ready, c->n);
	while (!atomic_load(&c->go))
		futex_wait(&c->go, 0);
	for (i = 0; i < h->ops; i++) {
		if (!h->zircon) {
			bench_check(write(h->fd[index], &one, 8) == 8,
				    "eventfd write");
			continue;
		}
		s = zx_object_signal(h->event[index],
				     i & 1 ? ZX_EVENT_SIGNALED : 0,
				     i & 1 ? 0 : ZX_EVENT_SIGNALED);
		bench_check(s == ZX_OK, "zx_object_signal: %d", s);
	}
}

/* One run; returns its wall time in ns. */
static uint64_t hammer_round(struct crew *c)
{
	uint64_t t0, t;

	crew_release(c);
	counter_wait(&c->ready, c->n);
	t0 = bench_now_ns();
	atomic_store(&c->go, 1);
	futex_wake(&c->go, INT_MAX);
	counter_wait(&c->done, c->n);
	t = bench_now_ns() - t0;
	atomic_store(&c->go, 0);
	return t;
}

static void hammer_point(struct hammer *h, unsigned int x)
{
	unsigned int i, n = scaling_samples();
	struct bench_result r;
	struct crew c;
	double v[64];
	uint64_t t;

	crew_start(&c, x, hammer_work, h);
	/* Size a run to about one sample's time. */
	h->ops = 256;
	t = hammer_round(&c);
	h->ops = t ? 256 * bench_opts.sample_ns / t : 256;
	if (h->ops < 256)
		h->ops = 256;
	for (i = 0; i < n; i++)
		v[i] = (double)hammer_round(&c) / h->ops;
	crew_stop(&c);
	scaling_result(v, n, h->ops, &r);
	bench_report("curve", h->zircon ? "zircon" : "linux",
		     h->zircon ? "signal_throughput" : "eventfd_throughput",
		     x, "ns/op", &r);
}

static void hammer_curve(bool zircon)
{
	struct hammer h = { .zircon = zircon };
	unsigned int i, x;
	zx_status_t s;

	if (!bench_wanted(zircon ? "signal_throughput" : "eventfd_throughput"))
		return;
	for (i = 0; i < 4; i++) {
		if (zircon) {
			s = zx_event_create(0, &h.event[i]);
			bench_check(s == ZX_OK, "zx_event_create: %d", s);
		} else {
			h.fd[i] = eventfd(0, EFD_CLOEXEC);
			bench_check(h.fd[i] >= 0, "eventfd");
		}
	}
	for (x = 1; x <= 4; x *= 2)
		hammer_point(&h, x);
	for (i = 0; i < 4; i++) {
		if (zircon) {
			s = zx_handle_close(h.event[i]);
			bench_check(s == ZX_OK, "zx_handle_close: %d", s);
		} else {
			close(h.fd[i]);
		}
	}
}

void scaling_throughput(void)
{
	hammer_curve(true);
	hammer_curve(false);
}
