// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A Fuchsia-style event loop on one port, in the shape of async-loop:
 *
 *  - every source of work is a "handler" whose address is the packet key;
 *  - zx_object_wait_async() registrations watch events (one-shot, so each
 *    handler re-arms its wait after handling a signal);
 *  - one timer runs scheduled tasks: the loop keeps the tasks sorted and
 *    the timer set for the earliest deadline;
 *  - another thread posts user packets with zx_port_queue();
 *  - WORKERS threads all block in zx_port_wait(); each packet wakes one.
 *
 * It prints what happened and exits 0 if every signal, task and posted
 * packet was handled exactly once.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define WORKERS 4
#define EVENTS 3
#define SIGNALS_PER_EVENT 5
#define POSTS 8
#define TASKS 4

#define ACK ZX_USER_SIGNAL_1	/* the handler tells the event's owner it saw the signal */

static zx_handle_t port;
static zx_handle_t all_done;	/* ZX_EVENT_SIGNALED once nothing is outstanding */
static int outstanding = EVENTS * SIGNALS_PER_EVENT + TASKS + POSTS;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;
static zx_time_t start;

#define say(...)                                                                     \
	do {                                                                         \
		pthread_mutex_lock(&print_lock);                                     \
		printf("event_loop: %7.3f ms  ",                                     \
		       (double)(zx_clock_get_monotonic() - start) / 1e6);            \
		printf(__VA_ARGS__);                                                 \
		printf("\n");                                                        \
		pthread_mutex_unlock(&print_lock);                                   \
	} while (0)

/* A source of packets: the port key is the handler's address. */
struct handler {
	void (*fn)(struct handler* h, const zx_port_packet_t* packet, int worker);
};

static uint64_t key_of(struct handler* h) { return (uint64_t)(uintptr_t)h; }

/* One expected piece of work is done. */
static void done_one(void)
{
	if (__atomic_sub_fetch(&outstanding, 1, __ATOMIC_ACQ_REL) == 0)
		zx_object_signal(all_done, 0, ZX_EVENT_SIGNALED);
}

/* ------------------------------------------------------------------ */
/* Event waits                                                         */

struct event_wait {
	struct handler h;
	int index;
	zx_handle_t event;
	int handled;	/* only touched by the one worker that has its packet */
};

static struct event_wait waits[EVENTS];

static zx_status_t arm_event_wait(struct event_wait* w)
{
	return zx_object_wait_async(w->event, port, key_of(&w->h), ZX_USER_SIGNAL_0, 0);
}

static void on_event(struct handler* h, const zx_port_packet_t* packet, int worker)
{
	struct event_wait* w = (struct event_wait*)h;

	w->handled++;
	say("worker %d: event %d signaled (#%d, observed 0x%08x)", worker, w->index, w->handled,
	    packet->signal.observed);
	/* Consume the signal, acknowledge it, and watch for the next one. */
	zx_object_signal(w->event, ZX_USER_SIGNAL_0, ACK);
	if (w->handled < SIGNALS_PER_EVENT)
		arm_event_wait(w);
	done_one();
}

/* The outside world: signals each event, waiting for each acknowledgement. */
static void* event_source(void* arg)
{
	struct event_wait* w = arg;

	for (int i = 0; i < SIGNALS_PER_EVENT; i++) {
		zx_object_signal(w->event, 0, ZX_USER_SIGNAL_0);
		zx_object_wait_one(w->event, ACK, ZX_TIME_INFINITE, NULL);
		zx_object_signal(w->event, ACK, 0);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Scheduled tasks on one timer                                        */

struct task {
	const char* name;
	zx_duration_t delay;
	zx_time_t deadline;
	zx_time_t ran_at;
	int ran;
	struct task* next;
};

static struct {
	struct handler h;
	zx_handle_t timer;
	pthread_mutex_t lock;
	struct task* pending;	/* sorted by deadline */
} scheduler = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* With scheduler.lock held: point the timer at the earliest task. */
static void rearm_timer_locked(void)
{
	if (scheduler.pending)
		zx_timer_set(scheduler.timer, scheduler.pending->deadline, 0);
	else
		zx_timer_cancel(scheduler.timer);
}

static void post_task(struct task* t, zx_time_t deadline)
{
	struct task** p;

	pthread_mutex_lock(&scheduler.lock);
	t->deadline = deadline;
	for (p = &scheduler.pending; *p && (*p)->deadline <= deadline; p = &(*p)->next)
		;
	t->next = *p;
	*p = t;
	if (scheduler.pending == t)
		rearm_timer_locked();
	pthread_mutex_unlock(&scheduler.lock);
}

static struct task tasks[TASKS] = {
	{ .name = "flush caches", .delay = ZX_MSEC(30) },
	{ .name = "send heartbeat", .delay = ZX_MSEC(10) },
	{ .name = "rotate logs", .delay = ZX_MSEC(20) },
	{ .name = "follow-up (posted by a task)", .delay = ZX_MSEC(5) },
};

static void run_task(struct task* t, int worker)
{
	t->ran_at = zx_clock_get_monotonic();
	t->ran++;
	say("worker %d: task \"%s\" (due at %.3f ms) ran at %.3f ms", worker, t->name,
	    (double)(t->deadline - start) / 1e6, (double)(t->ran_at - start) / 1e6);
	/* A task may schedule another one. */
	if (t == &tasks[2])
		post_task(&tasks[3], zx_deadline_after(tasks[3].delay));
	done_one();
}

static void on_timer(struct handler* h, const zx_port_packet_t* packet, int worker)
{
	struct task* due = NULL;
	zx_time_t now = zx_clock_get_monotonic();

	(void)h;
	(void)packet;
	pthread_mutex_lock(&scheduler.lock);
	while (scheduler.pending && scheduler.pending->deadline <= now) {
		struct task* t = scheduler.pending;

		scheduler.pending = t->next;
		t->next = due;
		due = t;
	}
	/* Re-arming clears ZX_TIMER_SIGNALED, so the new wait does not fire at once. */
	rearm_timer_locked();
	zx_object_wait_async(scheduler.timer, port, key_of(&scheduler.h), ZX_TIMER_SIGNALED, 0);
	pthread_mutex_unlock(&scheduler.lock);
	while (due) {
		struct task* t = due;

		due = t->next;
		run_task(t, worker);
	}
}

/* ------------------------------------------------------------------ */
/* Posted packets                                                      */

static struct {
	struct handler h;
	int handled;
	uint64_t sum;
	pthread_mutex_t lock;
} posts = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void on_post(struct handler* h, const zx_port_packet_t* packet, int worker)
{
	(void)h;
	pthread_mutex_lock(&posts.lock);
	posts.handled++;
	posts.sum += packet->user.u64[0];
	pthread_mutex_unlock(&posts.lock);
	say("worker %d: posted packet %llu (\"%s\")", worker,
	    (unsigned long long)packet->user.u64[0], (const char*)&packet->user.c8[8]);
	done_one();
}

static void* poster(void* arg)
{
	(void)arg;
	for (uint64_t i = 1; i <= POSTS; i++) {
		zx_port_packet_t packet;

		memset(&packet, 0, sizeof(packet));
		packet.key = key_of(&posts.h);
		packet.type = ZX_PKT_TYPE_USER;
		packet.user.u64[0] = i;
		snprintf((char*)&packet.user.c8[8], 24, "request %llu", (unsigned long long)i);
		while (zx_port_queue(port, &packet) == ZX_ERR_SHOULD_WAIT)
			zx_nanosleep(zx_deadline_after(ZX_USEC(100)));
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Workers                                                             */

#define QUIT_KEY 0

static int worker_packets[WORKERS];

static void* worker(void* arg)
{
	int id = (int)(intptr_t)arg;

	for (;;) {
		zx_port_packet_t packet;
		zx_status_t status = zx_port_wait(port, ZX_TIME_INFINITE, &packet);

		if (status != ZX_OK) {
			say("worker %d: zx_port_wait: %s", id, zx_status_get_string(status));
			return NULL;
		}
		if (packet.key == QUIT_KEY)
			return NULL;
		worker_packets[id]++;
		struct handler* h = (struct handler*)(uintptr_t)packet.key;

		h->fn(h, &packet, id);
	}
}

int main(void)
{
	pthread_t workers[WORKERS], sources[EVENTS], post_thread;
	zx_status_t status;
	int ok = 1;

	start = zx_clock_get_monotonic();
	status = zx_port_create(0, &port);
	if (status != ZX_OK) {
		printf("event_loop: zx_port_create: %s\n", zx_status_get_string(status));
		return 1;
	}
	if (zx_timer_create(ZX_TIMER_SLACK_LATE, ZX_CLOCK_MONOTONIC, &scheduler.timer) != ZX_OK ||
	    zx_event_create(0, &all_done) != ZX_OK)
		return 1;
	scheduler.h.fn = on_timer;
	posts.h.fn = on_post;

	for (int i = 0; i < WORKERS; i++)
		pthread_create(&workers[i], NULL, worker, (void*)(intptr_t)i);

	/* Watch the events, the timer; schedule the tasks; start the outside world. */
	for (int i = 0; i < EVENTS; i++) {
		waits[i].h.fn = on_event;
		waits[i].index = i;
		zx_event_create(0, &waits[i].event);
		arm_event_wait(&waits[i]);
	}
	pthread_mutex_lock(&scheduler.lock);
	zx_object_wait_async(scheduler.timer, port, key_of(&scheduler.h), ZX_TIMER_SIGNALED, 0);
	pthread_mutex_unlock(&scheduler.lock);
	for (int i = 0; i < TASKS - 1; i++)
		post_task(&tasks[i], zx_deadline_after(tasks[i].delay));
	for (int i = 0; i < EVENTS; i++)
		pthread_create(&sources[i], NULL, event_source, &waits[i]);
	pthread_create(&post_thread, NULL, poster, NULL);

	/* Wait for the last handler to report (or give up after 30 s). */
	for (int i = 0; i < EVENTS; i++)
		pthread_join(sources[i], NULL);
	pthread_join(post_thread, NULL);
	status = zx_object_wait_one(all_done, ZX_EVENT_SIGNALED, zx_deadline_after(ZX_SEC(30)),
				    NULL);
	if (status != ZX_OK) {
		printf("event_loop: waiting for the work to finish: %s\n",
		       zx_status_get_string(status));
		ok = 0;
	}

	/* One quit packet per worker: each wakes exactly one of them. */
	for (int i = 0; i < WORKERS; i++) {
		zx_port_packet_t quit;

		memset(&quit, 0, sizeof(quit));
		quit.key = QUIT_KEY;
		zx_port_queue(port, &quit);
	}
	for (int i = 0; i < WORKERS; i++)
		pthread_join(workers[i], NULL);

	/* What happened. */
	for (int i = 0; i < EVENTS; i++) {
		printf("event_loop: event %d: %d of %d signals handled\n", i, waits[i].handled,
		       SIGNALS_PER_EVENT);
		ok &= waits[i].handled == SIGNALS_PER_EVENT;
	}
	for (int i = 0; i < TASKS; i++) {
		printf("event_loop: task \"%s\": ran %d time(s)%s\n", tasks[i].name, tasks[i].ran,
		       tasks[i].ran && tasks[i].ran_at < tasks[i].deadline ? " EARLY" : "");
		ok &= tasks[i].ran == 1 && tasks[i].ran_at >= tasks[i].deadline;
	}
	printf("event_loop: posted packets: %d of %d handled, sum %llu\n", posts.handled, POSTS,
	       (unsigned long long)posts.sum);
	ok &= posts.handled == POSTS && posts.sum == POSTS * (POSTS + 1) / 2;
	for (int i = 0; i < WORKERS; i++)
		printf("event_loop: worker %d handled %d packet(s)\n", i, worker_packets[i]);

	zx_handle_close(scheduler.timer);
	for (int i = 0; i < EVENTS; i++)
		zx_handle_close(waits[i].event);
	zx_handle_close(port);
	zx_handle_close(all_done);
	printf("event_loop: %s\n", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
