// SPDX-License-Identifier: GPL-2.0
/*
 * Round trips between two threads and between two processes, as Zircon's
 * RoundTrip_* microbenchmarks: side 0 (the measuring thread) sends, side 1
 * (the partner) waits for it and answers, side 0 waits for the answer.
 * One op is one full round trip. Every protocol is written as a send and a
 * wait per side, given the round number, so the partner loop and the stop
 * handshake are shared: side 0 raises ->stop and sends once more, and the
 * partner leaves when it wakes up and sees it.
 *
 * The Zircon protocols use two syscalls per side where Zircon's benchmark
 * allows it, like the futex one: a round's signal_peer also clears the
 * previous round's signal, so a waiter never has to clear its own.
 */
#include <linux/futex.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#include "bench.h"
#include "partner.h"

#define CHECK_OK(call)                                                  \
	do {                                                            \
		zx_status_t st_ = (call);                               \
		bench_check(st_ == ZX_OK, "%s: %d", #call, st_);        \
	} while (0)

#define MSG_SIZE 64

/* Lives in shared memory: both sides see it, threads or processes. */
struct rt_state {
	const struct rt_protocol *proto;
	bool process;
	atomic_int stop;
	uint64_t round;			/* side 0's round counter */
	/* futex and condvar */
	atomic_uint word[2];		/* round + 1 last sent to side i */
	pthread_mutex_t mutex[2];
	pthread_cond_t cond[2];
	/* pipe, eventfd + epoll */
	int rfd[2], wfd[2];		/* side i reads rfd[i], writes wfd[i] */
	int epoll[2];
	/* zircon: side i's handles; side 1's travel as descriptors */
	zx_handle_t h[2], port[2], peer_port[2];
	int export_h, export_port, export_peer_port;
};

struct rt_protocol {
	const char *name;
	bool zircon;
	void (*setup)(struct rt_state *s);
	void (*attach)(struct rt_state *s);	/* side 1, in the partner */
	void (*send)(struct rt_state *s, int side, uint64_t round);
	void (*wait)(struct rt_state *s, int side, uint64_t round);
	void (*detach)(struct rt_state *s, int side);
};

/* Futex: the word says which round was last sent to that side. */
static int futex_op(struct rt_state *s, int op)
{
	return s->process ? op : op | FUTEX_PRIVATE_FLAG;
}

static void futex_send(struct rt_state *s, int side, uint64_t round)
{
	atomic_uint *w = &s->word[!side];

	atomic_store(w, (unsigned int)round + 1);
	syscall(SYS_futex, w, futex_op(s, FUTEX_WAKE), 1, NULL, NULL, 0);
}

static void futex_wait(struct rt_state *s, int side, uint64_t round)
{
	atomic_uint *w = &s->word[side];
	unsigned int v;

	while ((v = atomic_load(w)) != (unsigned int)round + 1)
		syscall(SYS_futex, w, futex_op(s, FUTEX_WAIT), v, NULL, NULL, 0);
}

static void condvar_setup(struct rt_state *s)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int pshared = s->process ? PTHREAD_PROCESS_SHARED
				 : PTHREAD_PROCESS_PRIVATE;
	int i;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, pshared);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, pshared);
	for (i = 0; i < 2; i++) {
		pthread_mutex_init(&s->mutex[i], &ma);
		pthread_cond_init(&s->cond[i], &ca);
	}
	pthread_mutexattr_destroy(&ma);
	pthread_condattr_destroy(&ca);
}

static void condvar_send(struct rt_state *s, int side, uint64_t round)
{
	int to = !side;

	pthread_mutex_lock(&s->mutex[to]);
	atomic_store(&s->word[to], (unsigned int)round + 1);
	pthread_cond_signal(&s->cond[to]);
	pthread_mutex_unlock(&s->mutex[to]);
}

static void condvar_wait(struct rt_state *s, int side, uint64_t round)
{
	pthread_mutex_lock(&s->mutex[side]);
	while (atomic_load(&s->word[side]) != (unsigned int)round + 1)
		pthread_cond_wait(&s->cond[side], &s->mutex[side]);
	pthread_mutex_unlock(&s->mutex[side]);
}

static void condvar_detach(struct rt_state *s, int side)
{
	if (side == 0) {
		pthread_mutex_destroy(&s->mutex[0]);
		pthread_mutex_destroy(&s->mutex[1]);
		pthread_cond_destroy(&s->cond[0]);
		pthread_cond_destroy(&s->cond[1]);
	}
}

/* Pipe: one byte each way, through two pipes. */
static void pipe_setup(struct rt_state *s)
{
	int p[2][2], i;

	for (i = 0; i < 2; i++)
		bench_check(pipe(p[i]) == 0, "pipe");
	/* Side i reads pipe i; writes go into the other side's pipe. */
	for (i = 0; i < 2; i++) {
		s->rfd[i] = p[i][0];
		s->wfd[i] = p[!i][1];
	}
}

static void pipe_send(struct rt_state *s, int side, uint64_t round)
{
	char c = (char)round;

	bench_check(write(s->wfd[side], &c, 1) == 1, "pipe write");
}

static void pipe_wait(struct rt_state *s, int side, uint64_t round)
{
	char c;

	(void)round;
	bench_check(read(s->rfd[side], &c, 1) == 1, "pipe read");
}

static void fds_detach(struct rt_state *s, int side)
{
	/* Threads share descriptors: only side 0 closes them then. */
	if (side == 1 && !s->process)
		return;
	close(s->rfd[0]);
	close(s->rfd[1]);
	if (s->wfd[0] != s->rfd[1]) {
		close(s->wfd[0]);
		close(s->wfd[1]);
	}
	if (s->epoll[0] >= 0) {
		close(s->epoll[0]);
		close(s->epoll[1]);
	}
}

/* eventfd + epoll: each side sleeps in epoll_wait, then reads its eventfd. */
static void eventfd_setup(struct rt_state *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		struct epoll_event ev = { .events = EPOLLIN };

		s->rfd[i] = eventfd(0, 0);
		bench_check(s->rfd[i] >= 0, "eventfd");
		s->epoll[i] = epoll_create1(0);
		bench_check(s->epoll[i] >= 0, "epoll_create1");
		bench_check(epoll_ctl(s->epoll[i], EPOLL_CTL_ADD, s->rfd[i],
				      &ev) == 0, "epoll_ctl");
	}
	s->wfd[0] = s->rfd[1];
	s->wfd[1] = s->rfd[0];
}

static void eventfd_send(struct rt_state *s, int side, uint64_t round)
{
	uint64_t one = 1;

	(void)round;
	bench_check(write(s->wfd[side], &one, 8) == 8, "eventfd write");
}

static void eventfd_wait(struct rt_state *s, int side, uint64_t round)
{
	struct epoll_event ev;
	uint64_t v;

	(void)round;
	bench_check(epoll_wait(s->epoll[side], &ev, 1, -1) == 1, "epoll_wait");
	bench_check(read(s->rfd[side], &v, 8) == 8, "eventfd read");
}

/* Round r is signalled with user signal r % 2; sending clears the other. */
static zx_signals_t round_signal(uint64_t round)
{
	return round & 1 ? ZX_USER_SIGNAL_1 : ZX_USER_SIGNAL_0;
}

static void eventpair_setup(struct rt_state *s)
{
	CHECK_OK(zx_eventpair_create(0, &s->h[0], &s->h[1]));
	s->export_h = bench_export(s->h[1]);
}

static void port_pair_setup(struct rt_state *s)
{
	zx_handle_t dup;
	int i;

	for (i = 0; i < 2; i++)
		CHECK_OK(zx_port_create(0, &s->port[i]));
	/* Side 0 writes into side 1's port, and side 1 into side 0's. */
	CHECK_OK(zx_handle_duplicate(s->port[1], ZX_RIGHT_SAME_RIGHTS,
				     &s->peer_port[0]));
	CHECK_OK(zx_handle_duplicate(s->port[0], ZX_RIGHT_SAME_RIGHTS, &dup));
	s->export_port = bench_export(s->port[1]);
	s->export_peer_port = bench_export(dup);
}

static void eventport_setup(struct rt_state *s)
{
	eventpair_setup(s);
	CHECK_OK(zx_port_create(0, &s->port[0]));
	CHECK_OK(zx_port_create(0, &s->port[1]));
	s->export_port = bench_export(s->port[1]);
}

static void channel_setup(struct rt_state *s)
{
	CHECK_OK(zx_channel_create(0, &s->h[0], &s->h[1]));
	s->export_h = bench_export(s->h[1]);
}

static void zircon_attach(struct rt_state *s)
{
	if (s->export_h >= 0)
		s->h[1] = bench_import(s->export_h);
	if (s->export_port >= 0)
		s->port[1] = bench_import(s->export_port);
	if (s->export_peer_port >= 0)
		s->peer_port[1] = bench_import(s->export_peer_port);
}

static void zircon_detach(struct rt_state *s, int side)
{
	zx_handle_t hs[3] = { s->h[side], s->port[side], s->peer_port[side] };
	int i;

	for (i = 0; i < 3; i++)
		if (hs[i] != ZX_HANDLE_INVALID)
			CHECK_OK(zx_handle_close(hs[i]));
}

static void eventpair_send(struct rt_state *s, int side, uint64_t round)
{
	CHECK_OK(zx_object_signal_peer(s->h[side], round_signal(round + 1),
				       round_signal(round)));
}

static void eventpair_wait(struct rt_state *s, int side, uint64_t round)
{
	CHECK_OK(zx_object_wait_one(s->h[side], round_signal(round),
				    ZX_TIME_INFINITE, NULL));
}

static void eventport_wait(struct rt_state *s, int side, uint64_t round)
{
	zx_port_packet_t pkt;

	CHECK_OK(zx_object_wait_async(s->h[side], s->port[side], round,
				      round_signal(round), 0));
	CHECK_OK(zx_port_wait(s->port[side], ZX_TIME_INFINITE, &pkt));
	bench_check(pkt.key == round, "packet key %llu, round %llu",
		    (unsigned long long)pkt.key, (unsigned long long)round);
}

static void port_send(struct rt_state *s, int side, uint64_t round)
{
	zx_port_packet_t pkt = { .key = round, .type = ZX_PKT_TYPE_USER };

	CHECK_OK(zx_port_queue(s->peer_port[side], &pkt));
}

static void port_wait(struct rt_state *s, int side, uint64_t round)
{
	zx_port_packet_t pkt;

	CHECK_OK(zx_port_wait(s->port[side], ZX_TIME_INFINITE, &pkt));
	bench_check(pkt.key == round, "packet key");
}

static void channel_send(struct rt_state *s, int side, uint64_t round)
{
	char msg[MSG_SIZE] = { (char)round };

	CHECK_OK(zx_channel_write(s->h[side], 0, msg, sizeof(msg), NULL, 0));
}

static void channel_wait(struct rt_state *s, int side, uint64_t round)
{
	char msg[MSG_SIZE];
	uint32_t bytes;

	CHECK_OK(zx_object_wait_one(s->h[side], ZX_CHANNEL_READABLE,
				    ZX_TIME_INFINITE, NULL));
	CHECK_OK(zx_channel_read(s->h[side], 0, msg, NULL, sizeof(msg), 0,
				 &bytes, NULL));
	bench_check(bytes == MSG_SIZE && msg[0] == (char)round, "message");
}

static const struct rt_protocol rt_protocols[] = {
	{ "EventPair", true, eventpair_setup, zircon_attach,
	  eventpair_send, eventpair_wait, zircon_detach },
	{ "EventPort", true, eventport_setup, zircon_attach,
	  eventpair_send, eventport_wait, zircon_detach },
	{ "Port", true, port_pair_setup, zircon_attach,
	  port_send, port_wait, zircon_detach },
	{ "BasicChannel", true, channel_setup, zircon_attach,
	  channel_send, channel_wait, zircon_detach },
	{ "Futex", false, NULL, NULL, futex_send, futex_wait, NULL },
	{ "PthreadCondvar", false, condvar_setup, NULL,
	  condvar_send, condvar_wait, condvar_detach },
	{ "EventfdEpoll", false, eventfd_setup, NULL,
	  eventfd_send, eventfd_wait, fds_detach },
	{ "Pipe", false, pipe_setup, NULL, pipe_send, pipe_wait, fds_detach },
};

/* Side 1: answer every round until side 0 says stop. */
static void rt_partner(void *arg)
{
	struct rt_state *s = arg;
	const struct rt_protocol *p = s->proto;
	uint64_t round;

	if (p->attach)
		p->attach(s);
	for (round = 0;; round++) {
		p->wait(s, 1, round);
		if (atomic_load(&s->stop))
			break;
		p->send(s, 1, round);
	}
	if (p->detach)
		p->detach(s, 1);
}

static void rt_run(void *state, uint64_t n)
{
	struct rt_state *s = state;
	const struct rt_protocol *p = s->proto;

	while (n--) {
		p->send(s, 0, s->round);
		p->wait(s, 0, s->round);
		s->round++;
	}
}

static void rt_bench(const struct rt_protocol *p, bool process)
{
	struct rt_state *s;
	struct partner partner;
	char name[64];

	snprintf(name, sizeof(name), "RoundTrip_%s_%s", p->name,
		 process ? "MultiProcess" : "MultiThread");
	if (!bench_wanted(name))
		return;

	s = bench_shared_alloc(sizeof(*s));
	s->proto = p;
	s->process = process;
	s->export_h = s->export_port = s->export_peer_port = -1;
	s->epoll[0] = s->epoll[1] = -1;
	if (p->setup)
		p->setup(s);
	partner_start(&partner, process, rt_partner, s);
	if (process) {
		/* The child has its own copies of the descriptors. */
		if (s->export_h >= 0)
			close(s->export_h);
		if (s->export_port >= 0)
			close(s->export_port);
		if (s->export_peer_port >= 0)
			close(s->export_peer_port);
	}

	bench_micro(p->zircon ? "zircon" : "linux", name, rt_run, s);

	atomic_store(&s->stop, 1);
	p->send(s, 0, s->round);
	partner_join(&partner);
	if (p->detach)
		p->detach(s, 0);
	bench_shared_free(s, sizeof(*s));
}

void bench_roundtrips(void)
{
	size_t i;

	for (i = 0; i < sizeof(rt_protocols) / sizeof(rt_protocols[0]); i++) {
		rt_bench(&rt_protocols[i], false);
		rt_bench(&rt_protocols[i], true);
	}
}
