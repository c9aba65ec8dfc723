// SPDX-License-Identifier: GPL-2.0
/*
 * The channel cycle collector (module/channel_gc.c): regression tests for
 * its races and its cost to other users, and checks that garbage cycles
 * really go and that nothing is left in flight once every handle is closed.
 *
 *   publish_window_close   A channel handle read out of a message is closed
 *                          by another thread while the read is still in the
 *                          kernel (handle values are predicted: a fresh
 *                          table hands out slot after slot). The end must
 *                          not be released while it still counts as in
 *                          flight (WARNING in zx_channel_release, KASAN
 *                          use-after-free on the debug kernel).
 *   stress_no_lost_messages
 *                          Ends in each other's queues (a cycle that is live
 *                          through its peers), carried in another end that
 *                          is itself in flight, read and published by two
 *                          threads at once while long collections run: no
 *                          message of a live end is destroyed, no live end
 *                          sees PEER_CLOSED while its peer is still held.
 *                          (The old collector's loss needs 3 CPUs to show.)
 *   latency_other_user     One user (root) parks 50,000 ends in flight and
 *                          keeps collections going; another (uid 65534)
 *                          writes messages carrying a channel handle, one
 *                          every 3 ms. Its p99 should stay within 10x of
 *                          max(its p99 alone, 200 us): logged, asserted
 *                          with ZX_CHANNEL_GC_LATENCY_ASSERT=1.
 *   collects_cycles        Self cycles, two ends in each other's queues, a
 *                          chain hanging off a cycle, a ring: all of it is
 *                          destroyed (PEER_CLOSED on markers, the koids
 *                          gone from debugfs), what hangs off a live end
 *                          is not.
 *
 * Every test checks at the end that the objects it made are gone (the line
 * count of /sys/kernel/debug/zircon/objects returns to what it was, polled
 * with a deadline, since collection is asynchronous) and that the kernel
 * log has no WARNING, BUG, KASAN, refcount or list corruption report
 * from the time it ran (/dev/kmsg) and the kernel did not become tainted
 * W. Both need root (the VM runs tests as root); without it they are
 * skipped with a note.
 *
 * Load: a "parker" process parks ends in flight: pairs of channel ends, both
 * ends in one message of 64 handles, in the queue of a carrier channel the
 * parker holds (256 messages per carrier, well within channel_max_msgs and
 * channel_max_bytes). Each parked end has all its handles in flight, so
 * every collection looks at all of them. Asked to, an idle parker re-parks
 * them (reads each message and writes it back), which puts them behind
 * every end that went in flight since. In "trigger" mode the parker also
 * keeps collections going: it makes a garbage self-cycle holding one end of
 * an eventpair and blocks until the other end sees PEER_CLOSED (the
 * collection that freed it has ended), then makes the next one. So
 * collections run back to back and the parker itself never spins.
 *
 * Knobs (environment):
 *   ZX_CHANNEL_GC_PARKED      ends parked for publish_window_close (20000)
 *   ZX_CHANNEL_GC_ROUNDS      reads of publish_window_close (default 400)
 *   ZX_CHANNEL_GC_STRESS_PARKED    ends parked for stress_no_lost_messages
 *                             (default 5000: re-parked every iteration)
 *   ZX_CHANNEL_GC_ITERATIONS  iterations of stress_no_lost_messages
 *                             (default 600)
 *   ZX_CHANNEL_GC_LATENCY     0 skips latency_other_user (check-debug)
 *   ZX_CHANNEL_GC_LATENCY_ASSERT  1 fails latency_other_user past the
 *                             bound (default: the figures are only logged)
 *   ZX_CHANNEL_GC_LATENCY_PARKED   ends of latency_other_user (50000)
 *   ZX_CHANNEL_GC_LATENCY_SAMPLES  writes per phase (default 1000; the
 *                             loaded phase stops after 30 s whatever it has)
 */
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#define ZXT_FIXTURE channel_gc
#include "zx_selftest.h"

#define CH_PC ZX_CHANNEL_PEER_CLOSED
#define EP_PC ZX_EVENTPAIR_PEER_CLOSED

/* How long anything that "happens eventually" may take under TCG. */
#define EVENTUALLY ZXT_SEC(60)

static unsigned long env_ulong(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	v = strtoul(s, &end, 0);
	return *end ? def : v;
}

/* ------------------------------------------------------------------ */
/* Watching the kernel: objects in debugfs, the kernel log, taint      */

#define OBJECTS_FILE "/sys/kernel/debug/zircon/objects"

/* Live objects on the whole system, or -1 if debugfs cannot be read. */
static long objects_count(void)
{
	static char buf[1 << 16];
	long lines = 0;
	ssize_t n;
	int fd = open(OBJECTS_FILE, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		ssize_t i;

		for (i = 0; i < n; i++)
			lines += buf[i] == '\n';
	}
	close(fd);
	if (n < 0)
		return -1;
	return lines - 1;	/* the header */
}

/* Is any of @koids (n of them) still listed in debugfs? -1: unreadable. */
static int objects_listed(const zx_koid_t *koids, size_t n)
{
	char line[256];
	int found = 0;
	FILE *f = fopen(OBJECTS_FILE, "re");

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long long k = strtoull(line, NULL, 10);
		size_t i;

		for (i = 0; i < n; i++)
			if (k && k == koids[i])
				found = 1;
	}
	fclose(f);
	return found;
}

/* Wait until none of @koids is listed any more; false if they stay. */
static bool objects_gone(const zx_koid_t *koids, size_t n, int64_t ns)
{
	int64_t end = zxt_mono_ns() + ns;
	const struct timespec tick = { 0, 20 * 1000 * 1000 };

	for (;;) {
		int r = objects_listed(koids, n);

		if (r <= 0)
			return true;	/* gone, or debugfs unreadable */
		if (zxt_mono_ns() > end)
			return false;
		nanosleep(&tick, NULL);	/* nothing to wait on: freeing is async */
	}
}

#define TAINT_WARN (1L << 9)

struct watch {
	long objects;		/* at the start, -1 if unknown */
	int kmsg;		/* /dev/kmsg from the start, -1 if unreadable */
	long taint;
};

static void watch_begin(struct watch *w)
{
	w->objects = objects_count();
	w->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->kmsg >= 0)
		lseek(w->kmsg, 0, SEEK_END);
	w->taint = zxt_read_number("/proc/sys/kernel/tainted");
}

static bool kmsg_bad(const char *m)
{
	static const char *const bad[] = {
		"WARNING:", "BUG:", "BUG ", "KASAN", "UBSAN", "refcount_t",
		"list_add corruption", "list_del corruption", "general protection",
		"Oops", "Call Trace", "soft lockup", "self-detected stall",
		"detected stalls", "lockdep", "possible circular locking",
		"inconsistent lock state", "Unable to handle",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(m, bad[i]))
			return true;
	return false;
}

/*
 * Kernel log records since watch_begin() that report a problem; each one
 * is logged with the 12 records after it (the WARNING line's location, the
 * registers and the start of the backtrace).
 */
static int kmsg_problems(struct __test_metadata *_metadata, struct watch *w)
{
	static char rec[8192];
	int problems = 0, ctx = 0, shown = 0;

	if (w->kmsg < 0)
		return 0;
	for (;;) {
		ssize_t n = read(w->kmsg, rec, sizeof(rec) - 1);
		char *msg, *nl;

		if (n < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;	/* overwritten records: go on */
			break;			/* EAGAIN: read everything */
		}
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = 0;
		if (kmsg_bad(msg)) {
			problems++;
			ctx = 12;
		}
		if (ctx > 0 && shown < 120) {
			TH_LOG("kernel: %s", msg);
			ctx--;
			shown++;
		}
	}
	return problems;
}

/*
 * The end of a test, every handle closed and every helper process reaped:
 * the objects count returns to where it was, the kernel did not complain.
 */
static void watch_end(struct __test_metadata *_metadata, struct watch *w)
{
	int64_t end = zxt_mono_ns() + EVENTUALLY;
	const struct timespec tick = { 0, 50 * 1000 * 1000 };
	long now = -1, taint;

	if (w->objects >= 0) {
		while ((now = objects_count()) > w->objects && zxt_mono_ns() < end)
			nanosleep(&tick, NULL);	/* freeing is asynchronous */
		EXPECT_LE(now, w->objects)
			TH_LOG("%ld objects before the test, still %ld after %d s",
			       w->objects, now, (int)(EVENTUALLY / ZXT_SEC(1)));
	} else {
		TH_LOG("(cannot read " OBJECTS_FILE ": leftover objects not checked)");
	}
	if (w->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_problems(_metadata, w))
			TH_LOG("the kernel reported problems while the test ran");
		close(w->kmsg);
		w->kmsg = -1;
	} else {
		TH_LOG("(cannot read /dev/kmsg: kernel warnings not checked here)");
	}
	taint = zxt_read_number("/proc/sys/kernel/tainted");
	if (w->taint >= 0 && !(w->taint & TAINT_WARN))
		EXPECT_EQ(0, taint & TAINT_WARN)
			TH_LOG("the kernel became tainted W (a WARNING) during the test");
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Is @h's signal set now (a zero-deadline wait, nothing else)? */
static zx_signals_t signals_of(zx_handle_t h)
{
	zx_signals_t obs = 0;

	zx_object_wait_one(h, 0, 0, &obs);
	return obs;
}

/* Block until @h shows any of @sig, at most @ns. */
static bool wait_for(zx_handle_t h, zx_signals_t sig, int64_t ns)
{
	zx_signals_t obs = 0;

	return zx_object_wait_one(h, sig, zx_deadline_after(ns), &obs) == ZX_OK;
}

/* A process for helpers: dies with the test, has a fresh handle table. */
static pid_t fork_helper(void)
{
	pid_t parent = getpid(), pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(3);
	}
	return pid;
}

/* The shared memory of a test and its helper processes. */
static void *shared_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, size);
	return p;
}

static int sem_wait_intr(sem_t *s)
{
	int r;

	while ((r = sem_wait(s)) != 0 && errno == EINTR)
		;
	return r;
}

/*
 * Make a garbage self-cycle holding one end of an eventpair and return the
 * other end, which sees PEER_CLOSED once the collector has freed it. The
 * last close schedules a collection.
 */
static zx_status_t gc_trigger(zx_handle_t *marker)
{
	zx_handle_t g0, g1, m0, m1;
	zx_status_t st;

	st = zx_channel_create(0, &g0, &g1);
	if (st)
		return st;
	st = zx_eventpair_create(0, &m0, &m1);
	if (st)
		return st;
	st = zx_channel_write(g1, 0, "m", 1, &m0, 1);	/* into g0's queue */
	if (!st)
		st = zx_channel_write(g1, 0, "g", 1, &g0, 1);	/* g0 in its own queue */
	if (!st)
		st = zx_handle_close(g1);
	if (st)
		return st;
	*marker = m1;
	return ZX_OK;
}

/* ------------------------------------------------------------------ */
/* The parker                                                          */

#define PARK_HANDLES 64		/* per message: 32 pairs, both ends */
#define PARK_MSGS_PER_CARRIER 256

struct parker_shared {
	int stop;
	int fail_line;
	zx_status_t fail_status;
	unsigned long parked;
	unsigned long triggers;		/* collections asked for */
	unsigned long collected;	/* ... and seen to end */
	unsigned long slow;		/* not ended within the deadline */
	int64_t coll_ns_sum, coll_ns_max;
	int64_t park_ns;
	unsigned long reparks;
};

struct parker {
	pid_t pid;
	int ready;		/* read end: a byte once parked, one per first collection */
	int stop;		/* write end: closed to stop an idle parker */
	struct parker_shared *sh;
};

#define PARK_FAIL(st_) do { \
	sh->fail_line = __LINE__; \
	sh->fail_status = (st_); \
	_exit(1); \
} while (0)

#define PARK_MAX_CARRIERS 64

/*
 * Move every parked message to the back of its queue (read it, write it
 * again): its ends leave flight and enter it again, so they are now the
 * newest in-flight ends, behind whatever went in flight before.
 */
static void parker_repark(struct parker_shared *sh, const zx_handle_t *cw,
			  const zx_handle_t *cr, const unsigned long *nmsgs, unsigned int ncarriers)
{
	unsigned int k;

	for (k = 0; k < ncarriers; k++) {
		unsigned long m;

		for (m = 0; m < nmsgs[k]; m++) {
			zx_handle_t h[PARK_HANDLES];
			uint32_t nb = 0, nh = 0;
			char buf[8];
			zx_status_t st;

			st = zx_channel_read(cr[k], 0, buf, h, sizeof(buf), PARK_HANDLES, &nb, &nh);
			if (st || nh != PARK_HANDLES)
				PARK_FAIL(st);
			st = zx_channel_write(cw[k], 0, "park", 4, h, PARK_HANDLES);
			if (st)
				PARK_FAIL(st);
		}
	}
}

/*
 * Idle parkers serve requests on @stop: 'r' re-parks (answered with 'd'
 * on @ready); end of file stops them.
 */
static void parker_main(struct parker_shared *sh, unsigned long ends, bool trigger,
			int ready, int stop)
{
	unsigned long msgs = (ends + PARK_HANDLES - 1) / PARK_HANDLES, m;
	zx_handle_t cw[PARK_MAX_CARRIERS], cr[PARK_MAX_CARRIERS];
	unsigned long nmsgs[PARK_MAX_CARRIERS] = { 0 };
	unsigned int ncarriers = 0;
	int64_t t0 = zxt_mono_ns();
	zx_status_t st;
	char c;

	for (m = 0; m < msgs; m++) {
		zx_handle_t h[PARK_HANDLES];
		int i;

		if (m % PARK_MSGS_PER_CARRIER == 0) {
			if (ncarriers == PARK_MAX_CARRIERS)
				PARK_FAIL(-1);
			st = zx_channel_create(0, &cw[ncarriers], &cr[ncarriers]);
			if (st)
				PARK_FAIL(st);
			ncarriers++;
		}
		for (i = 0; i < PARK_HANDLES; i += 2) {
			st = zx_channel_create(0, &h[i], &h[i + 1]);
			if (st)
				PARK_FAIL(st);
		}
		st = zx_channel_write(cw[ncarriers - 1], 0, "park", 4, h, PARK_HANDLES);
		if (st)
			PARK_FAIL(st);
		nmsgs[ncarriers - 1]++;
		sh->parked += PARK_HANDLES;
	}
	sh->park_ns = zxt_mono_ns() - t0;
	c = 'p';
	if (write(ready, &c, 1) != 1)
		_exit(2);
	if (!trigger) {
		/* until the test closes its end of the pipe (or dies) */
		for (;;) {
			ssize_t n = read(stop, &c, 1);

			if (n < 0 && errno == EINTR)
				continue;
			if (n != 1)
				_exit(0);
			if (c == 'r') {
				parker_repark(sh, cw, cr, nmsgs, ncarriers);
				sh->reparks++;
				c = 'd';
				if (write(ready, &c, 1) != 1)
					_exit(2);
			}
		}
	}
	while (!__atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE)) {
		zx_handle_t marker;
		int64_t t, dt;

		t = zxt_mono_ns();
		st = gc_trigger(&marker);
		if (st)
			PARK_FAIL(st);
		sh->triggers++;
		if (wait_for(marker, EP_PC, ZXT_SEC(30))) {
			dt = zxt_mono_ns() - t;
			sh->coll_ns_sum += dt;
			if (dt > sh->coll_ns_max)
				sh->coll_ns_max = dt;
			__atomic_add_fetch(&sh->collected, 1, __ATOMIC_RELEASE);
			if (sh->collected == 1) {
				c = 'c';
				if (write(ready, &c, 1) != 1)
					_exit(2);
			}
		} else {
			sh->slow++;
		}
		zx_handle_close(marker);
	}
	_exit(0);
}

/* Wait for a byte from the parker; false if it died or took too long. */
static bool parker_wait(struct parker *p, char want, int64_t ns)
{
	struct pollfd pfd = { .fd = p->ready, .events = POLLIN };
	char c = 0;

	while (poll(&pfd, 1, (int)(ns / 1000000)) < 0 && errno == EINTR)
		;
	if (!(pfd.revents & POLLIN))
		return false;
	return read(p->ready, &c, 1) == 1 && c == want;
}

/*
 * Start a parker with @ends ends in flight; returns once they are parked
 * (and, when triggering, once the first collection has ended).
 */
static void parker_start(struct __test_metadata *_metadata, struct parker *p,
			 unsigned long ends, bool trigger)
{
	int rp[2], sp[2];

	memset(p, 0, sizeof(*p));
	p->sh = shared_alloc(sizeof(*p->sh));
	ASSERT_NE(NULL, p->sh);
	ASSERT_EQ(0, pipe2(rp, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(sp, O_CLOEXEC));
	p->pid = fork_helper();
	ASSERT_LE(0, p->pid);
	if (p->pid == 0) {
		close(rp[0]);
		close(sp[1]);
		parker_main(p->sh, ends, trigger, rp[1], sp[0]);
	}
	close(rp[1]);
	close(sp[0]);
	p->ready = rp[0];
	p->stop = sp[1];
	ASSERT_TRUE(parker_wait(p, 'p', ZXT_SEC(600)))
		TH_LOG("the parker did not park %lu ends (failed at line %d, status %d)",
		       ends, p->sh->fail_line, p->sh->fail_status);
	if (trigger)
		ASSERT_TRUE(parker_wait(p, 'c', ZXT_SEC(120)))
			TH_LOG("no collection ended within 120 s of the first trigger");
}

/* From any process forked after parker_start(): re-park, wait until done. */
static bool parker_repark_request(struct parker *p)
{
	char c = 'r';

	if (write(p->stop, &c, 1) != 1)
		return false;
	while (read(p->ready, &c, 1) != 1)
		if (errno != EINTR)
			return false;
	return c == 'd';
}

static void parker_stop(struct __test_metadata *_metadata, struct parker *p)
{
	if (p->pid <= 0)
		return;
	__atomic_store_n(&p->sh->stop, 1, __ATOMIC_RELEASE);
	close(p->stop);
	zxt_reap_ok(p->pid);
	p->pid = 0;
	close(p->ready);
	if (p->sh->triggers)
		TH_LOG("parker: %lu ends parked in %.1f s; %lu collections triggered, %lu "
		       "seen to end (mean %.1f ms, max %.1f ms), %lu not within 30 s",
		       p->sh->parked, p->sh->park_ns / 1e9, p->sh->triggers, p->sh->collected,
		       p->sh->collected ? p->sh->coll_ns_sum / 1e6 / p->sh->collected : 0.0,
		       p->sh->coll_ns_max / 1e6, p->sh->slow);
	else
		TH_LOG("parker: %lu ends parked in %.1f s, re-parked %lu times",
		       p->sh->parked, p->sh->park_ns / 1e9, p->sh->reparks);
	EXPECT_EQ(0, p->sh->fail_line) TH_LOG("status %d", p->sh->fail_status);
}

/* ------------------------------------------------------------------ */
/* Handle values of a fresh table (module/table.c)                     */

/*
 * A value is ((id << 2) | 3) ^ mixer, and id is the slot while the slot is
 * in its first generation. A table takes fresh slots in order as long as
 * fewer than 1024 slots are free, so a process that makes every handle of
 * its table itself knows the next value: mixer ^ ((next << 2) | 3). The
 * helpers below keep count of the slots used (next) and of the handles
 * held (live); next - live is the number of free slots.
 */
#define SLOTS_MIN_FREE 1024

struct slots {
	uint32_t mixer;
	uint32_t next;
	uint32_t live;
};

static zx_handle_t slot_value(const struct slots *s, uint32_t slot)
{
	return ((slot << 2) | 3u) ^ s->mixer;
}

/* Room for @n more fresh slots with @frees more slots freed first. */
static bool slots_fresh(const struct slots *s, uint32_t frees)
{
	return s->next - s->live + frees < SLOTS_MIN_FREE;
}

/* In a child: a channel pair whose values are checked against the model. */
static void slots_pair(struct slots *s, zx_handle_t *a, zx_handle_t *b)
{
	CHILD_EQ(ZX_OK, zx_channel_create(0, a, b));
	if (s->next == 0)
		s->mixer = *a ^ 3u;	/* slot 0 */
	CHILD_CHECK(*a == slot_value(s, s->next) && *b == slot_value(s, s->next + 1));
	s->next += 2;
	s->live += 2;
}

/* ------------------------------------------------------------------ */
/* Running a body in fresh processes                                   */

/*
 * Run @fn in successive helper processes, each with a fresh table, until
 * *@done reaches @total or one fails. Returns the exit status of the
 * last one (0 on success).
 */
static int run_batches(unsigned long *done, unsigned long total,
		       void (*fn)(void *arg), void *arg)
{
	while (__atomic_load_n(done, __ATOMIC_ACQUIRE) < total) {
		unsigned long before = *done;
		pid_t pid = fork_helper();
		int st = 0;

		if (pid < 0)
			return 100;
		if (pid == 0) {
			fn(arg);
			_exit(0);
		}
		if (waitpid(pid, &st, 0) != pid)
			return 101;
		if (!WIFEXITED(st))
			return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
		if (WEXITSTATUS(st))
			return WEXITSTATUS(st);
		if (*done == before)
			return 102;	/* no progress */
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* publish_window_close                                                */

#define PW_HANDLES 64

struct pw_shared {
	unsigned long rounds, total;
	unsigned long early;		/* closes while the read was in the kernel */
	unsigned long overlapped;	/* reads with at least one such close */
};

struct pw_closer {
	pthread_t t;
	sem_t go, done;
	zx_handle_t v[PW_HANDLES];
	uint64_t closed;		/* bit i: v[i] closed by this thread */
	unsigned int early;
	int read_done;
	int quit;
};

static void *pw_closer_main(void *arg)
{
	struct pw_closer *c = arg;

	for (;;) {
		int i = 0;

		CHILD_EQ(0, sem_wait_intr(&c->go));
		if (c->quit)
			return NULL;
		c->closed = 0;
		c->early = 0;
		while (i < PW_HANDLES) {
			int done = __atomic_load_n(&c->read_done, __ATOMIC_ACQUIRE);
			zx_status_t st = zx_handle_close(c->v[i]);

			if (st == ZX_OK) {
				c->closed |= 1ull << i;
				c->early += !done;
				i++;
				continue;
			}
			CHILD_EQ(ZX_ERR_BAD_HANDLE, st);
			/* published before the read returned, so the model failed */
			if (done)
				break;
		}
		sem_post(&c->done);
	}
}

static void pw_batch(void *arg)
{
	struct pw_shared *sh = arg;
	struct slots s = { 0 };
	struct pw_closer c;
	zx_handle_t cw, cr;

	memset(&c, 0, sizeof(c));
	CHILD_EQ(0, sem_init(&c.go, 0, 0));
	CHILD_EQ(0, sem_init(&c.done, 0, 0));
	slots_pair(&s, &cw, &cr);
	CHILD_EQ(0, pthread_create(&c.t, NULL, pw_closer_main, &c));
	/* each round frees 2 * PW_HANDLES slots, PW_HANDLES before its read */
	while (sh->rounds < sh->total && slots_fresh(&s, 2 * PW_HANDLES)) {
		zx_handle_t h[PW_HANDLES], got[PW_HANDLES];
		uint32_t nb = 0, nh = 0, i;
		char buf[16];
		zx_status_t st;

		for (i = 0; i < PW_HANDLES; i += 2)
			slots_pair(&s, &h[i], &h[i + 1]);
		CHILD_EQ(ZX_OK, zx_channel_write(cw, 0, "round", 5, h, PW_HANDLES));
		s.live -= PW_HANDLES;
		/* the read reserves fresh slots in order and publishes them so */
		for (i = 0; i < PW_HANDLES; i++)
			c.v[i] = slot_value(&s, s.next + i);
		__atomic_store_n(&c.read_done, 0, __ATOMIC_RELEASE);
		sem_post(&c.go);
		st = zx_channel_read(cr, 0, buf, got, sizeof(buf), PW_HANDLES, &nb, &nh);
		__atomic_store_n(&c.read_done, 1, __ATOMIC_RELEASE);
		CHILD_EQ(0, sem_wait_intr(&c.done));
		CHILD_EQ(ZX_OK, st);
		CHILD_EQ(5, nb);
		CHILD_EQ(PW_HANDLES, nh);
		CHILD_CHECK(memcmp(buf, "round", 5) == 0);
		for (i = 0; i < PW_HANDLES; i++) {
			if (got[i] != c.v[i])
				fprintf(stderr, "# handle %u: value 0x%x, predicted 0x%x\n",
					i, got[i], c.v[i]);
			CHILD_CHECK(got[i] == c.v[i]);
			if (!(c.closed & (1ull << i)))
				CHILD_EQ(ZX_OK, zx_handle_close(got[i]));
		}
		s.next += PW_HANDLES;
		sh->early += c.early;
		sh->overlapped += c.early > 0;
		__atomic_add_fetch(&sh->rounds, 1, __ATOMIC_RELEASE);
	}
	c.quit = 1;
	sem_post(&c.go);
	CHILD_EQ(0, pthread_join(c.t, NULL));
	zx_handle_close(cw);
	zx_handle_close(cr);
}

/*
 * Read messages of 64 channel ends while another thread closes each of the
 * handles the read makes as soon as it exists (its value is predicted), so
 * many closes land while the read is still in the kernel. Collections run
 * back to back over the parked ends meanwhile: on the old collector a read
 * published its handles and then waited for the collection to end before
 * it stopped counting them in flight, and a close in that window released
 * an end still counted (WARNING: ... zx_channel_release).
 */
TEST_ZX_SLOW(publish_window_close)
{
	struct pw_shared *sh = shared_alloc(sizeof(*sh));
	struct parker p;
	struct watch w;
	int64_t t0;
	int st;

	ASSERT_NE(NULL, sh);
	watch_begin(&w);
	parker_start(_metadata, &p, env_ulong("ZX_CHANNEL_GC_PARKED", 20000), true);
	sh->total = env_ulong("ZX_CHANNEL_GC_ROUNDS", 400);
	t0 = zxt_mono_ns();
	st = run_batches(&sh->rounds, sh->total, pw_batch, sh);
	TH_LOG("%lu reads of %d ends in %.1f s; %lu handles closed while their read was "
	       "still in the kernel, in %lu reads", sh->rounds, PW_HANDLES,
	       (zxt_mono_ns() - t0) / 1e9, sh->early, sh->overlapped);
	parker_stop(_metadata, &p);
	EXPECT_EQ(0, st);
	/* the window exists on every collector that publishes before returning */
	watch_end(_metadata, &w);
}

/* ------------------------------------------------------------------ */
/* stress_no_lost_messages                                             */

#define LM_DATA 3		/* data messages queued on each end of the cycle */

struct lm_msg {
	uint32_t iter;
	uint32_t kind;
	uint32_t idx;
	uint32_t check[5];
};

static struct lm_msg lm_make(uint32_t iter, uint32_t kind, uint32_t idx)
{
	struct lm_msg m = { .iter = iter, .kind = kind, .idx = idx };
	uint64_t x = ((uint64_t)iter << 32) ^ (kind << 8) ^ idx ^ 0x9E3779B97F4A7C15ull;
	int i;

	for (i = 0; i < 5; i++)
		m.check[i] = (uint32_t)(zxt_rand(&x) >> 16);
	return m;
}

struct lm_shared {
	struct parker *parker;
	unsigned long iters, total;
	unsigned long t_early;		/* T had c's message before R's read returned */
	unsigned long r_waited;		/* R's read took over 2 ms (waited for a collection) */
	unsigned long t_in_wait;	/* ... and T had c's message before it returned */
	int64_t coll_est;		/* ns a collection takes (EWMA) */
	uint64_t seed;
};

struct lm_lane {
	struct lm_shared *sh;
	pthread_t r, t;
	sem_t r_go, t_go, r_done, t_done, t_to_r;
	uint32_t iter;
	zx_handle_t kr;
	zx_handle_t pred_c;	/* the value R's read will give c */
	int r_returned;
	bool r_waited, t_was_early;
	int quit;
	zx_handle_t keep[2 * 128];	/* a', b' of each iteration, closed at the end */
	unsigned int nkeep;
};

/* Read one data message off @h and check it; fail loudly if it is missing. */
static void lm_expect(struct lm_lane *l, zx_handle_t h, const char *name, uint32_t kind,
		      uint32_t idx)
{
	struct lm_msg want = lm_make(l->iter, kind, idx), got;
	uint32_t nb = 0, nh = 0;
	zx_status_t st;

	memset(&got, 0, sizeof(got));
	st = zx_channel_read(h, 0, &got, NULL, sizeof(got), 0, &nb, &nh);
	if (st != ZX_OK || nb != sizeof(got) || nh != 0 || memcmp(&got, &want, sizeof(got))) {
		fprintf(stderr, "# iteration %u: message %u of %s %s (status %d, %u bytes, "
			"%u handles, signals 0x%x): a live end's queue was destroyed\n",
			l->iter, idx, name, st ? "is missing" : "is wrong", st, nb, nh,
			signals_of(h));
		fflush(stderr);
		_exit(10);
	}
}

static void lm_no_peer_closed(struct lm_lane *l, zx_handle_t h, const char *name)
{
	zx_signals_t s = signals_of(h);

	if (s & CH_PC) {
		fprintf(stderr, "# iteration %u: %s sees PEER_CLOSED (signals 0x%x) while its "
			"peer is in flight in a live end's queue\n", l->iter, name, s);
		fflush(stderr);
		_exit(11);
	}
}

/* R: reads K, whose message carries c; afterwards c must be there, empty. */
static void *lm_r_main(void *arg)
{
	struct lm_lane *l = arg;

	for (;;) {
		struct lm_msg got, want;
		zx_handle_t c = ZX_HANDLE_INVALID;
		uint32_t nb = 0, nh = 0;
		zx_status_t st;
		int64_t t0;

		CHILD_EQ(0, sem_wait_intr(&l->r_go));
		if (l->quit)
			return NULL;
		want = lm_make(l->iter, 'K', 0);
		t0 = zxt_mono_ns();
		st = zx_channel_read(l->kr, 0, &got, &c, sizeof(got), 1, &nb, &nh);
		__atomic_store_n(&l->r_returned, 1, __ATOMIC_RELEASE);
		l->r_waited = zxt_mono_ns() - t0 > ZXT_MSEC(2);
		l->sh->r_waited += l->r_waited;
		CHILD_EQ(ZX_OK, st);
		CHILD_EQ(sizeof(got), nb);
		CHILD_EQ(1, nh);
		CHILD_CHECK(memcmp(&got, &want, sizeof(got)) == 0);
		CHILD_CHECK(c == l->pred_c);
		CHILD_EQ(0, sem_wait_intr(&l->t_to_r));
		l->sh->t_in_wait += l->r_waited && l->t_was_early;
		/* T took c's one message; c's peer is still open */
		st = zx_channel_read(c, 0, &got, NULL, sizeof(got), 0, &nb, &nh);
		CHILD_EQ(ZX_ERR_SHOULD_WAIT, st);
		lm_no_peer_closed(l, c, "c");
		CHILD_EQ(ZX_OK, zx_handle_close(c));
		sem_post(&l->r_done);
	}
}

/*
 * T: reads c's queue through c's predicted value as soon as R's read has
 * made it, then drains a' and b' (the peers of the cycle a <-> b).
 */
static void *lm_t_main(void *arg)
{
	struct lm_lane *l = arg;

	for (;;) {
		struct lm_msg got, want;
		zx_handle_t hs[2] = { ZX_HANDLE_INVALID, ZX_HANDLE_INVALID };
		uint32_t nb = 0, nh = 0, j;
		zx_status_t st;
		int returned;

		CHILD_EQ(0, sem_wait_intr(&l->t_go));
		if (l->quit)
			return NULL;
		want = lm_make(l->iter, 'M', 0);
		for (;;) {
			returned = __atomic_load_n(&l->r_returned, __ATOMIC_ACQUIRE);
			st = zx_channel_read(l->pred_c, 0, &got, hs, sizeof(got), 2, &nb, &nh);
			if (st != ZX_ERR_BAD_HANDLE)
				break;
			/* R's read has returned c: its value must be there */
			CHILD_CHECK(!returned);
		}
		l->t_was_early = !returned;
		if (!returned)
			l->sh->t_early++;
		if (st != ZX_OK) {
			fprintf(stderr, "# iteration %u: c's message is missing (status %d, "
				"signals of c 0x%x)\n", l->iter, st, signals_of(l->pred_c));
			fflush(stderr);
			_exit(12);
		}
		CHILD_EQ(sizeof(got), nb);
		CHILD_EQ(2, nh);
		CHILD_CHECK(memcmp(&got, &want, sizeof(got)) == 0);
		sem_post(&l->t_to_r);
		for (j = 0; j < LM_DATA; j++)
			lm_expect(l, hs[0], "a'", 'A', j);
		for (j = 0; j < LM_DATA; j++)
			lm_expect(l, hs[1], "b'", 'B', j);
		st = zx_channel_read(hs[0], 0, &got, NULL, sizeof(got), 0, &nb, &nh);
		CHILD_EQ(ZX_ERR_SHOULD_WAIT, st);
		st = zx_channel_read(hs[1], 0, &got, NULL, sizeof(got), 0, &nb, &nh);
		CHILD_EQ(ZX_ERR_SHOULD_WAIT, st);
		/* a is in b's queue and b in a's: both held through a', b' */
		lm_no_peer_closed(l, hs[0], "a'");
		lm_no_peer_closed(l, hs[1], "b'");
		l->keep[l->nkeep++] = hs[0];
		l->keep[l->nkeep++] = hs[1];
		sem_post(&l->t_done);
	}
}

static void lm_write(struct slots *s, zx_handle_t via, uint32_t iter, uint32_t kind,
		     uint32_t idx, zx_handle_t *hs, uint32_t n)
{
	struct lm_msg m = lm_make(iter, kind, idx);

	CHILD_EQ(ZX_OK, zx_channel_write(via, 0, &m, sizeof(m), hs, n));
	s->live -= n;
}

static void lm_batch(void *arg)
{
	struct lm_shared *sh = arg;
	struct slots s = { 0 };
	struct lm_lane l;
	zx_handle_t kw;
	uint64_t rnd = sh->seed ^ ((uint64_t)sh->iters << 20) ^ (uint64_t)getpid();

	memset(&l, 0, sizeof(l));
	l.sh = sh;
	CHILD_EQ(0, sem_init(&l.r_go, 0, 0));
	CHILD_EQ(0, sem_init(&l.t_go, 0, 0));
	CHILD_EQ(0, sem_init(&l.r_done, 0, 0));
	CHILD_EQ(0, sem_init(&l.t_done, 0, 0));
	CHILD_EQ(0, sem_init(&l.t_to_r, 0, 0));
	slots_pair(&s, &kw, &l.kr);
	CHILD_EQ(0, pthread_create(&l.r, NULL, lm_r_main, &l));
	CHILD_EQ(0, pthread_create(&l.t, NULL, lm_t_main, &l));
	/* each iteration frees at most 12 slots before its last reservation */
	while (sh->iters < sh->total && slots_fresh(&s, 16) &&
	       l.nkeep + 2 <= sizeof(l.keep) / sizeof(l.keep[0])) {
		zx_handle_t a, a2, b, b2, c, c2, marker, hs[2];
		struct timespec delay;
		int64_t t, dt, d;
		uint32_t j;

		l.iter = (uint32_t)sh->iters;
		slots_pair(&s, &a, &a2);
		slots_pair(&s, &b, &b2);
		slots_pair(&s, &c, &c2);
		for (j = 0; j < LM_DATA; j++) {
			lm_write(&s, a, l.iter, 'A', j, NULL, 0);	/* into a''s queue */
			lm_write(&s, b, l.iter, 'B', j, NULL, 0);	/* into b''s queue */
		}
		lm_write(&s, b2, l.iter, 'x', 0, &a, 1);	/* a into b's queue */
		lm_write(&s, a2, l.iter, 'y', 0, &b, 1);	/* b into a's queue */
		lm_write(&s, kw, l.iter, 'K', 0, &c, 1);	/* c into K's queue */
		hs[0] = a2;
		hs[1] = b2;
		lm_write(&s, c2, l.iter, 'M', 0, hs, 2);	/* a', b' into c's */
		/*
		 * The parked ends go in flight again, after all of the above:
		 * a collection looks at c's queue before it goes through the
		 * parked ends, and marks from c after it has gone through them
		 * again, so T's read of c can come in between all along.
		 */
		CHILD_CHECK(parker_repark_request(sh->parker));

		/* a collection now, over the parked ends and all of the above */
		t = zxt_mono_ns();
		CHILD_EQ(ZX_OK, gc_trigger(&marker));
		s.next += 4;
		s.live += 4 - 3;
		l.pred_c = slot_value(&s, s.next);	/* R's read: one slot */
		__atomic_store_n(&l.r_returned, 0, __ATOMIC_RELEASE);
		/*
		 * Not synchronisation: R's read starts at a random point of
		 * the collection, so that over the iterations T's read of c
		 * lands in every phase of it.
		 */
		d = (int64_t)(zxt_rand(&rnd) % (uint64_t)(sh->coll_est + 1));
		delay.tv_sec = d / 1000000000;
		delay.tv_nsec = d % 1000000000;
		nanosleep(&delay, NULL);
		sem_post(&l.r_go);
		sem_post(&l.t_go);
		CHILD_EQ(0, sem_wait_intr(&l.r_done));
		CHILD_EQ(0, sem_wait_intr(&l.t_done));
		s.next += 3;		/* c for R, a' and b' for T */
		s.live += 3 - 1;	/* R closed c */
		CHILD_CHECK(wait_for(marker, EP_PC, ZXT_SEC(30)));
		dt = zxt_mono_ns() - t;
		sh->coll_est = (3 * sh->coll_est + dt) / 4;
		CHILD_EQ(ZX_OK, zx_handle_close(marker));
		CHILD_EQ(ZX_OK, zx_handle_close(c2));
		s.live -= 2;
		__atomic_add_fetch(&sh->iters, 1, __ATOMIC_RELEASE);
	}
	l.quit = 1;
	sem_post(&l.r_go);
	sem_post(&l.t_go);
	CHILD_EQ(0, pthread_join(l.r, NULL));
	CHILD_EQ(0, pthread_join(l.t, NULL));
	while (l.nkeep)
		CHILD_EQ(ZX_OK, zx_handle_close(l.keep[--l.nkeep]));
	zx_handle_close(kw);
	zx_handle_close(l.kr);
}

/*
 * Per iteration: a cycle a <-> b (a in b's queue, b in a's, with data
 * messages queued on a' and b' by a and b), its peers a', b' in flight in
 * c's queue, c in flight in the queue of K, which the lane holds. All of it
 * is live: whoever reads K gets c, then a' and b', and can drain them.
 * R reads K while T reads c through the value R's read will give it (as
 * early as the handle exists); then T drains a' and b'. A collection
 * is triggered each iteration over thousands of parked ends (re-parked
 * first, so that they come after c on the in-flight list), and R's read
 * starts at a random point of it.
 *
 * The old collector discounted the handles it found in candidates' queues
 * in one pass and marked from live ends in a later one, while a read had
 * published c but, waiting for the collection, still counted it in flight;
 * T could take c's message in between, so a, b, a', b' looked unreachable
 * and their queues were destroyed: T found a' empty or PEER_CLOSED. That
 * takes three things at once - the collection, R inside its read and T - so
 * it shows with 3 or more CPUs (with 2, a thread spinning on the
 * collector's lock cannot be preempted, and T only runs once it is over).
 */
TEST_ZX_SLOW(stress_no_lost_messages)
{
	struct lm_shared *sh = shared_alloc(sizeof(*sh));
	struct parker p;
	struct watch w;
	int64_t t0, est = 0;
	int st, i;

	ASSERT_NE(NULL, sh);
	watch_begin(&w);
	parker_start(_metadata, &p, env_ulong("ZX_CHANNEL_GC_STRESS_PARKED", 5000), false);
	/* how long a collection over the parked ends takes, to spread the reads */
	for (i = 0; i < 3; i++) {
		zx_handle_t marker;
		int64_t t = zxt_mono_ns();

		ASSERT_EQ(ZX_OK, gc_trigger(&marker));
		ASSERT_TRUE(wait_for(marker, EP_PC, ZXT_SEC(60)));
		est += zxt_mono_ns() - t;
		zxt_close(_metadata, marker);
	}
	sh->coll_est = est / 3;
	sh->total = env_ulong("ZX_CHANNEL_GC_ITERATIONS", 600);
	sh->parker = &p;
	sh->seed = (uint64_t)zxt_mono_ns();
	TH_LOG("a collection over %lu parked ends takes %.1f ms", p.sh->parked,
	       sh->coll_est / 1e6);
	t0 = zxt_mono_ns();
	st = run_batches(&sh->iters, sh->total, lm_batch, sh);
	TH_LOG("%lu iterations in %.1f s; R's read of c waited for a collection in %lu, and "
	       "T read c's queue meanwhile in %lu of those; collections took %.1f ms",
	       sh->iters, (zxt_mono_ns() - t0) / 1e9, sh->r_waited, sh->t_in_wait,
	       sh->coll_est / 1e6);
	EXPECT_EQ(0, st) TH_LOG("a lane failed (exit status %d) after %lu iterations",
				st, sh->iters);
	parker_stop(_metadata, &p);
	watch_end(_metadata, &w);
}

/* ------------------------------------------------------------------ */
/* latency_other_user                                                  */

#define LAT_MAX 4096
#define LAT_LOAD_SECONDS 30

struct lat_phase {
	unsigned long n;
	int64_t write_ns[LAT_MAX];	/* run-queue delay subtracted */
	int64_t write_raw_ns[LAT_MAX];	/* wall clock */
	int64_t read_ns[LAT_MAX];
};

struct lat_shared {
	int fail_line;
	zx_status_t fail_status;
	bool schedstat;
	struct lat_phase phase[2];
};

/* This thread's run-queue delay so far (ns), or -1. */
static int64_t run_delay(int fd)
{
	char buf[128];
	unsigned long long run, delay;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	if (sscanf(buf, "%llu %llu", &run, &delay) != 2)
		return -1;
	return (int64_t)delay;
}

#define LAT_FAIL(st_) do { \
	sh->fail_line = __LINE__; \
	sh->fail_status = (st_); \
	_exit(1); \
} while (0)

/* Writes are issued on a fixed schedule, one every LAT_PERIOD. */
#define LAT_PERIOD ZXT_MSEC(3)

/*
 * The other user: for each sample, make a channel, write one end through
 * its own channel (timed), read it back (timed) and close both.
 *
 * The samples are issued on a schedule, at the next multiple of LAT_PERIOD
 * still ahead (slots missed while a call was stalled are skipped, not made
 * up in a burst), as another user's requests would come: independent of
 * what the collector does. A loop issuing them back to back would mostly
 * measure the short gaps between collections: one stalled sample per
 * collection, dozens of quick ones in the gap after it (coordinated
 * omission).
 */
static void lat_measure(struct lat_shared *sh, struct lat_phase *ph, zx_handle_t w,
			zx_handle_t r, unsigned long samples, int64_t seconds, int sfd)
{
	int64_t start = zxt_mono_ns(), end = start + ZXT_SEC(seconds), slot = 0;

	for (ph->n = 0; ph->n < samples && ph->n < LAT_MAX;) {
		zx_handle_t p, q, got;
		uint32_t nb, nh;
		int64_t d0, d1, t0, t1, t2, due;
		struct timespec ts;
		char buf[8];
		zx_status_t st;

		if (ph->n >= 10 && zxt_mono_ns() > end)
			break;
		/* the next slot still ahead: slots missed during a stall are skipped */
		slot = slot + 1 > (zxt_mono_ns() - start) / LAT_PERIOD + 1 ?
		       slot + 1 : (zxt_mono_ns() - start) / LAT_PERIOD + 1;
		due = start + slot * LAT_PERIOD;
		ts.tv_sec = due / 1000000000;
		ts.tv_nsec = due % 1000000000;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		st = zx_channel_create(0, &p, &q);
		if (st)
			LAT_FAIL(st);
		d0 = run_delay(sfd);
		t0 = zxt_mono_ns();
		st = zx_channel_write(w, 0, "lat", 3, &p, 1);
		t1 = zxt_mono_ns();
		d1 = run_delay(sfd);
		if (st)
			LAT_FAIL(st);
		st = zx_channel_read(r, 0, buf, &got, sizeof(buf), 1, &nb, &nh);
		t2 = zxt_mono_ns();
		if (st || nh != 1)
			LAT_FAIL(st);
		if (zx_handle_close(got) || zx_handle_close(q))
			LAT_FAIL(-1);
		ph->write_raw_ns[ph->n] = t1 - t0;
		ph->write_ns[ph->n] = t1 - t0;
		if (d0 >= 0 && d1 >= d0) {
			ph->write_ns[ph->n] -= d1 - d0;
			if (ph->write_ns[ph->n] < 0)
				ph->write_ns[ph->n] = 0;
		}
		ph->read_ns[ph->n] = t2 - t1;
		ph->n++;
	}
}

static void lat_other_user(struct lat_shared *sh, int cmd, int ack, unsigned long samples)
{
	zx_handle_t w, r;
	int sfd;
	char c;

	if (setgid(65534) || setuid(65534) || getuid() != 65534)
		LAT_FAIL(-2);
	sfd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
	sh->schedstat = run_delay(sfd) >= 0;
	if (zx_channel_create(0, &w, &r))
		LAT_FAIL(-3);
	while (read(cmd, &c, 1) == 1) {
		if (c == 'q')
			break;
		if (c == 'b')
			lat_measure(sh, &sh->phase[0], w, r, samples, 120, sfd);
		else
			lat_measure(sh, &sh->phase[1], w, r, samples, LAT_LOAD_SECONDS, sfd);
		if (write(ack, &c, 1) != 1)
			_exit(2);
	}
	_exit(0);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

struct pct {
	double p50, p99, max;	/* microseconds */
};

static struct pct percentiles(const int64_t *v, unsigned long n)
{
	int64_t *s = malloc((n ? n : 1) * sizeof(*s));
	struct pct p = { 0, 0, 0 };
	unsigned long i99;

	if (!s || !n) {
		free(s);
		return p;
	}
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_i64);
	i99 = (n * 99 + 99) / 100 - 1;	/* ceil(0.99 n) - 1 */
	p.p50 = s[n / 2] / 1e3;
	p.p99 = s[i99] / 1e3;
	p.max = s[n - 1] / 1e3;
	free(s);
	return p;
}

/* Floor of the allowed p99 under load: TCG's noise, not the module's. */
#define LAT_FLOOR_US 200.0
#define LAT_FACTOR 10.0

/*
 * Another user's channel writes carrying a channel handle must not wait
 * for collections that are walking somebody else's 50,000 in-flight ends.
 * The other user (uid 65534) measures first alone, then while the parker
 * (root) holds its ends in flight and keeps collections going.
 *
 * Latencies are wall-clock times of the write minus the time the thread
 * spent runnable but not running meanwhile (schedstat's run_delay): on 2
 * vCPUs, sharing a CPU with the collector's worker is scheduling noise, but
 * spinning on a lock or sleeping on one is counted in full. The raw
 * figures are logged as well.
 */
TEST_ZX_SLOW(latency_other_user)
{
	unsigned long samples = env_ulong("ZX_CHANNEL_GC_LATENCY_SAMPLES", 1000);
	struct lat_shared *sh = shared_alloc(sizeof(*sh));
	struct pct bw, bwr, br, lw, lwr, lr;
	unsigned long before, during;
	int cp[2], ap[2];
	struct parker p;
	struct watch w;
	double limit;
	pid_t pid;
	char c;

	ASSERT_NE(NULL, sh);
	if (getuid() != 0)
		SKIP(return, "needs root, to run the other user as uid 65534");
	/* Timing on a KASAN kernel says nothing: check-debug turns it off. */
	if (!env_ulong("ZX_CHANNEL_GC_LATENCY", 1))
		SKIP(return, "ZX_CHANNEL_GC_LATENCY=0");
	if (samples > LAT_MAX)
		samples = LAT_MAX;
	watch_begin(&w);
	ASSERT_EQ(0, pipe2(cp, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(ap, O_CLOEXEC));
	pid = fork_helper();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(cp[1]);
		close(ap[0]);
		lat_other_user(sh, cp[0], ap[1], samples);
	}
	close(cp[0]);
	close(ap[1]);

	c = 'b';
	ASSERT_EQ(1, write(cp[1], &c, 1));
	ASSERT_EQ(1, read(ap[0], &c, 1)) TH_LOG("baseline failed at line %d, status %d",
						 sh->fail_line, sh->fail_status);

	parker_start(_metadata, &p, env_ulong("ZX_CHANNEL_GC_LATENCY_PARKED", 50000), true);
	before = __atomic_load_n(&p.sh->collected, __ATOMIC_ACQUIRE);
	c = 'l';
	ASSERT_EQ(1, write(cp[1], &c, 1));
	ASSERT_EQ(1, read(ap[0], &c, 1)) TH_LOG("loaded phase failed at line %d, status %d",
						 sh->fail_line, sh->fail_status);
	during = __atomic_load_n(&p.sh->collected, __ATOMIC_ACQUIRE) - before;
	c = 'q';
	ASSERT_EQ(1, write(cp[1], &c, 1));
	zxt_reap_ok(pid);
	close(cp[1]);
	close(ap[0]);
	parker_stop(_metadata, &p);

	bw = percentiles(sh->phase[0].write_ns, sh->phase[0].n);
	bwr = percentiles(sh->phase[0].write_raw_ns, sh->phase[0].n);
	br = percentiles(sh->phase[0].read_ns, sh->phase[0].n);
	lw = percentiles(sh->phase[1].write_ns, sh->phase[1].n);
	lwr = percentiles(sh->phase[1].write_raw_ns, sh->phase[1].n);
	lr = percentiles(sh->phase[1].read_ns, sh->phase[1].n);
	TH_LOG("baseline, %lu writes: p50 %.0f us, p99 %.0f us, max %.0f us "
	       "(raw: %.0f/%.0f/%.0f; reads %.0f/%.0f/%.0f)", sh->phase[0].n,
	       bw.p50, bw.p99, bw.max, bwr.p50, bwr.p99, bwr.max, br.p50, br.p99, br.max);
	TH_LOG("under load, %lu writes during %lu collections: p50 %.0f us, p99 %.0f us, "
	       "max %.0f us (raw: %.0f/%.0f/%.0f; reads %.0f/%.0f/%.0f)", sh->phase[1].n,
	       during, lw.p50, lw.p99, lw.max, lwr.p50, lwr.p99, lwr.max, lr.p50, lr.p99,
	       lr.max);
	if (!sh->schedstat)
		TH_LOG("(no /proc/thread-self/schedstat: wall-clock times only)");
	ASSERT_LE(10u, sh->phase[1].n);
	limit = LAT_FACTOR * (bw.p99 > LAT_FLOOR_US ? bw.p99 : LAT_FLOOR_US);
	TH_LOG("p99 under load / baseline p99: %.1f; bound %.0f us: %s", lw.p99 / bw.p99,
	       limit, lw.p99 <= limit ? "within" : "OVER");
	/*
	 * A timed bound is a performance target, which make check does not
	 * assert (under emulation a busy host stalls a vCPU for tens of
	 * milliseconds, invisibly to the guest): ZX_CHANNEL_GC_LATENCY_ASSERT=1
	 * enforces it, for runs on a quiet machine.
	 */
	if (env_ulong("ZX_CHANNEL_GC_LATENCY_ASSERT", 0))
		EXPECT_LE(lw.p99, limit)
			TH_LOG("p99 under load %.0f us > %.0f x max(baseline p99 %.0f us, %.0f us)",
			       lw.p99, LAT_FACTOR, bw.p99, LAT_FLOOR_US);
	watch_end(_metadata, &w);
}

/* ------------------------------------------------------------------ */
/* collects_cycles                                                     */

struct ends {
	zx_koid_t koids[512];
	size_t n;
};

/* Remember @h's koid (to look for it in debugfs later). */
static void ends_add(struct __test_metadata *_metadata, struct ends *e, zx_handle_t h)
{
	ASSERT_LT(e->n, sizeof(e->koids) / sizeof(e->koids[0]));
	e->koids[e->n++] = zxt_koid(_metadata, h);
}

static void pair(struct __test_metadata *_metadata, struct ends *e, zx_handle_t *a,
		 zx_handle_t *b)
{
	ASSERT_EQ(ZX_OK, zx_channel_create(0, a, b));
	ends_add(_metadata, e, *a);
	ends_add(_metadata, e, *b);
}

static void put(struct __test_metadata *_metadata, zx_handle_t via, const char *what,
		zx_handle_t *hs, uint32_t n)
{
	ASSERT_EQ(ZX_OK, zx_channel_write(via, 0, what, (uint32_t)strlen(what), hs, n));
}

/*
 * A marker: one end goes into a queue, the test keeps the other, which
 * sees CHANNEL_PEER_CLOSED once the first is destroyed.
 */
static zx_handle_t marker(struct __test_metadata *_metadata, struct ends *e, zx_handle_t *keep)
{
	zx_handle_t m;

	pair(_metadata, e, &m, keep);
	return m;
}

/* A collection has run since the call (its own garbage is gone). */
static void gc_run(struct __test_metadata *_metadata)
{
	zx_handle_t m;

	ASSERT_EQ(ZX_OK, gc_trigger(&m));
	ASSERT_TRUE(wait_for(m, EP_PC, EVENTUALLY)) TH_LOG("the collector never ran");
	zxt_close(_metadata, m);
}

/* Every marker end we keep sees PEER_CLOSED within EVENTUALLY. */
static void expect_collected(struct __test_metadata *_metadata, const char *shape,
			     zx_handle_t *keep, int n, struct ends *e)
{
	int i;

	for (i = 0; i < n; i++) {
		EXPECT_TRUE(wait_for(keep[i], CH_PC, EVENTUALLY))
			TH_LOG("%s: marker %d never saw its peer destroyed", shape, i);
		zxt_close(_metadata, keep[i]);
	}
	EXPECT_TRUE(objects_gone(e->koids, e->n, EVENTUALLY))
		TH_LOG("%s: its ends are still listed in " OBJECTS_FILE, shape);
	e->n = 0;
}

TEST_ZX(collects_cycles)
{
	enum { CHAIN = 100, RING = 32 };
	zx_handle_t a, a2, b, b2, keep[4], m, x, y, h, ring[RING], ring2[RING], live, live2;
	struct ends e = { .n = 0 };
	struct watch w;
	uint32_t nb, nh;
	char buf[16];
	int i;

	watch_begin(&w);

	/* an end in its own queue, its peer closed */
	pair(_metadata, &e, &a, &a2);
	m = marker(_metadata, &e, &keep[0]);
	put(_metadata, a2, "m", &m, 1);
	put(_metadata, a2, "self", &a, 1);
	zxt_close(_metadata, a2);
	expect_collected(_metadata, "self cycle", keep, 1, &e);

	/* both ends of one channel in a third end's queue, which is in its own */
	pair(_metadata, &e, &x, &y);
	pair(_metadata, &e, &a, &a2);
	m = marker(_metadata, &e, &keep[0]);
	put(_metadata, y, "m", &m, 1);		/* into x's queue */
	{
		zx_handle_t both[2] = { x, y };

		put(_metadata, a2, "xy", both, 2);
	}
	put(_metadata, a2, "self", &a, 1);
	zxt_close(_metadata, a2);
	expect_collected(_metadata, "a channel inside a self cycle", keep, 1, &e);

	/* two ends in each other's queues, their peers closed */
	pair(_metadata, &e, &a, &a2);
	pair(_metadata, &e, &b, &b2);
	m = marker(_metadata, &e, &keep[0]);
	put(_metadata, a2, "m", &m, 1);		/* into a's queue */
	m = marker(_metadata, &e, &keep[1]);
	put(_metadata, b2, "m", &m, 1);		/* into b's queue */
	put(_metadata, b2, "a", &a, 1);		/* a into b's queue */
	put(_metadata, a2, "b", &b, 1);		/* b into a's queue */
	zxt_close(_metadata, a2);
	/* b2 still open: it can write to b, which holds a, which holds b */
	gc_run(_metadata);
	EXPECT_EQ(0u, signals_of(keep[0]) & CH_PC);
	EXPECT_EQ(0u, signals_of(keep[1]) & CH_PC);
	zxt_close(_metadata, b2);
	expect_collected(_metadata, "two ends in each other's queues", keep, 2, &e);

	/* a chain hanging off a self cycle: a holds c[0], c[i] holds c[i+1] */
	m = marker(_metadata, &e, &keep[0]);
	h = m;
	for (i = 0; i < CHAIN; i++) {
		zx_handle_t c, c2;

		pair(_metadata, &e, &c, &c2);
		put(_metadata, c2, "chain", &h, 1);	/* the previous link into c's queue */
		zxt_close(_metadata, c2);
		h = c;
	}
	pair(_metadata, &e, &a, &a2);
	put(_metadata, a2, "chain", &h, 1);
	put(_metadata, a2, "self", &a, 1);
	zxt_close(_metadata, a2);
	expect_collected(_metadata, "a chain off a cycle", keep, 1, &e);

	/* a ring: ring[i] in ring[i+1]'s queue, all peers closed */
	for (i = 0; i < RING; i++)
		pair(_metadata, &e, &ring[i], &ring2[i]);
	m = marker(_metadata, &e, &keep[0]);
	put(_metadata, ring2[5], "m", &m, 1);
	for (i = 0; i < RING; i++)
		put(_metadata, ring2[(i + 1) % RING], "ring", &ring[i], 1);
	for (i = 0; i < RING; i++)
		zxt_close(_metadata, ring2[i]);
	expect_collected(_metadata, "a ring", keep, 1, &e);

	/*
	 * What hangs off a live end is not garbage: a cycle a <-> b whose
	 * peers a2, b2 are in the queue of an end we hold the peer of. Once
	 * a collection has run (a garbage cycle made afterwards is gone),
	 * everything is still there and readable.
	 */
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &live, &live2));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &a2));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &b, &b2));
	put(_metadata, a, "to a2", NULL, 0);
	put(_metadata, b2, "a", &a, 1);
	put(_metadata, a2, "b", &b, 1);
	{
		zx_handle_t both[2] = { a2, b2 };

		put(_metadata, live2, "a2b2", both, 2);
	}
	gc_run(_metadata);
	{
		zx_handle_t got[2];

		ASSERT_EQ(ZX_OK, zx_channel_read(live, 0, buf, got, sizeof(buf), 2, &nb, &nh));
		ASSERT_EQ(2u, nh);
		EXPECT_EQ(0u, signals_of(got[0]) & CH_PC);
		EXPECT_EQ(0u, signals_of(got[1]) & CH_PC);
		ASSERT_EQ(ZX_OK, zx_channel_read(got[0], 0, buf, NULL, sizeof(buf), 0, &nb, &nh));
		EXPECT_EQ(5u, nb);
		EXPECT_EQ(0, memcmp(buf, "to a2", 5));
		zxt_close(_metadata, got[0]);
		zxt_close(_metadata, got[1]);
	}
	zxt_close(_metadata, live);
	zxt_close(_metadata, live2);
	watch_end(_metadata, &w);
}

TEST_HARNESS_MAIN
