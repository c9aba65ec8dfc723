// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel memory per object: create N objects, read /proc/meminfo before
 * and after, divide the drop by N. Two figures per object:
 *
 *   <name>       free pages delta (MemFree plus the per-CPU free lists):
 *                everything the kernel took (slab pages, larger page or
 *                vmalloc allocations, page tables).
 *   <name>_slab  SReclaimable + SUnreclaim delta: slab caches only.
 *
 * Both count whole slab pages, so a figure includes the object's share of
 * partly filled slabs; N is large and each figure is the median of three
 * repetitions.
 */
#include <fcntl.h>
#include <linux/membarrier.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#include "bench.h"

#define REPS 3

/* Per container, under the module's caps (see module/port.c, channel.c). */
#define REGS_PER_PORT		16384	/* max_port_observers 65536 */
#define PACKETS_PER_PORT	4000	/* user packets per port 4096 */
#define MSGS_PER_CHANNEL	3000	/* channel_max_msgs 3500 */

struct mem_run {
	size_t n;
	zx_handle_t *h;		/* the objects' handles, up to 2 n */
	size_t nh;
	zx_handle_t *box;	/* containers: event, ports, channels */
	size_t nbox;
	int *fd;
	size_t nfd;
};

struct mem_kind {
	const char *group, *name;
	void (*setup)(struct mem_run *m);	/* before the first reading */
	void (*fill)(struct mem_run *m);	/* the n objects */
};

struct meminfo {
	long long free_kb, slab_kb;
};

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	bench_check(fd >= 0, "open %s", path);
	bench_check(write(fd, text, strlen(text)) == (ssize_t)strlen(text),
		    "write %s", path);
	close(fd);
}

static long long meminfo_field(const char *buf, const char *name)
{
	const char *p = strstr(buf, name);

	bench_check(p, "/proc/meminfo has no %s", name);
	return strtoll(p + strlen(name), NULL, 10);
}

/*
 * A static buffer and plain read(): nothing here allocates user memory
 * between the two readings.
 */
static char *read_proc(const char *path)
{
	static char buf[256 * 1024];
	size_t len = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	bench_check(fd >= 0, "open %s", path);
	while ((got = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += got;
	close(fd);
	bench_check(got == 0 && len > 0, "read %s", path);
	buf[len] = 0;
	return buf;
}

/*
 * Pages on the per-CPU free lists, in kB. MemFree leaves them out, and
 * they come and go by batches (thousands of pages here), so without them
 * a MemFree delta mostly says how full those lists happened to be.
 */
static long long pcp_kb(void)
{
	const char *p = read_proc("/proc/zoneinfo");
	long long pages = 0;

	while ((p = strstr(p, "\n              count:"))) {
		p += strlen("\n              count:");
		pages += strtoll(p, NULL, 10);
	}
	return pages * (sysconf(_SC_PAGESIZE) / 1024);
}

static void meminfo_read(struct meminfo *mi)
{
	const char *buf;

	/* Fold the per-CPU counter deltas into the totals first. */
	write_file("/proc/sys/vm/stat_refresh", "1");
	mi->free_kb = pcp_kb();
	buf = read_proc("/proc/meminfo");
	mi->free_kb += meminfo_field(buf, "\nMemFree:");
	mi->slab_kb = meminfo_field(buf, "\nSReclaimable:") +
		      meminfo_field(buf, "\nSUnreclaim:");
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * Let freed memory come back before a reading. The module frees objects
 * and handles with kfree_rcu(), whose batches wait for a grace period and
 * a worker: drop_caches runs the kfree_rcu shrinker (and drops dentries
 * and inodes), MEMBARRIER_CMD_GLOBAL waits for a grace period, and then
 * we poll MemFree until it stops moving. Only memory settles here; no
 * benchmark thread is being synchronised with.
 */
static void settle(void)
{
	struct meminfo prev, cur;
	int i;

	write_file("/proc/sys/vm/drop_caches", "2");
	syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
	meminfo_read(&prev);
	for (i = 0; i < 100; i++) {
		sleep_ms(20);
		meminfo_read(&cur);
		if (llabs(cur.free_kb - prev.free_kb) <= 16 && i >= 4)
			break;
		prev = cur;
	}
}

static void check(zx_status_t s, const char *what)
{
	bench_check(s == ZX_OK, "%s: %d", what, s);
}

static void fill_event(struct mem_run *m)
{
	for (; m->nh < m->n; m->nh++)
		check(zx_event_create(0, &m->h[m->nh]), "zx_event_create");
}

static void fill_eventpair(struct mem_run *m)
{
	for (; m->nh < 2 * m->n; m->nh += 2)
		check(zx_eventpair_create(0, &m->h[m->nh], &m->h[m->nh + 1]),
		      "zx_eventpair_create");
}

static void boxes(struct mem_run *m, size_t per, bool channels)
{
	size_t i, count = (m->n + per - 1) / per;

	for (i = 0; i < count; i++) {
		zx_handle_t *b = &m->box[m->nbox];

		if (channels) {
			check(zx_channel_create(0, &b[0], &b[1]),
			      "zx_channel_create");
			m->nbox += 2;
		} else {
			check(zx_port_create(0, b), "zx_port_create");
			m->nbox++;
		}
	}
}

/* box[0]: the unsignaled event; then the ports. */
static void setup_registration(struct mem_run *m)
{
	check(zx_event_create(0, &m->box[m->nbox++]), "zx_event_create");
	boxes(m, REGS_PER_PORT, false);
}

static void fill_registration(struct mem_run *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		check(zx_object_wait_async(m->box[0],
					   m->box[1 + i / REGS_PER_PORT], i,
					   ZX_EVENT_SIGNALED, 0),
		      "zx_object_wait_async");
}

static void setup_packet(struct mem_run *m)
{
	boxes(m, PACKETS_PER_PORT, false);
}

static void fill_packet(struct mem_run *m)
{
	zx_port_packet_t pkt = { .type = ZX_PKT_TYPE_USER };
	size_t i;

	for (i = 0; i < m->n; i++) {
		pkt.key = i;
		check(zx_port_queue(m->box[i / PACKETS_PER_PORT], &pkt),
		      "zx_port_queue");
	}
}

static void setup_channel(struct mem_run *m)
{
	boxes(m, MSGS_PER_CHANNEL, true);
}

static void fill_channel(struct mem_run *m)
{
	static const char msg[64] = "sixty-four bytes";
	size_t i;

	for (i = 0; i < m->n; i++)
		check(zx_channel_write(m->box[2 * (i / MSGS_PER_CHANNEL)], 0,
				       msg, sizeof(msg), NULL, 0),
		      "zx_channel_write");
}

static void fill_eventfd(struct mem_run *m)
{
	for (; m->nfd < m->n; m->nfd++) {
		m->fd[m->nfd] = eventfd(0, EFD_CLOEXEC);
		bench_check(m->fd[m->nfd] >= 0, "eventfd %zu", m->nfd);
	}
}

static void teardown(struct mem_run *m)
{
	size_t i;

	if (m->nh)
		check(zx_handle_close_many(m->h, m->nh),
		      "zx_handle_close_many");
	if (m->nbox)
		check(zx_handle_close_many(m->box, m->nbox),
		      "zx_handle_close_many");
	for (i = 0; i < m->nfd; i++)
		close(m->fd[i]);
	m->nh = m->nbox = m->nfd = 0;
}

static const struct mem_kind kinds[] = {
	{ "zircon", "event", NULL, fill_event },
	{ "zircon", "eventpair", NULL, fill_eventpair },
	{ "zircon", "port_registration", setup_registration,
	  fill_registration },
	{ "zircon", "queued_packet", setup_packet, fill_packet },
	{ "zircon", "channel_message_64", setup_channel, fill_channel },
	{ "linux", "eventfd", NULL, fill_eventfd },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of_reps(double *v)
{
	qsort(v, REPS, sizeof(v[0]), cmp_double);
	return v[REPS / 2];
}

static void measure_kind(const struct mem_kind *k, struct mem_run *m)
{
	double all[REPS], slab[REPS];
	char name[64];
	int rep;

	for (rep = 0; rep < REPS; rep++) {
		struct meminfo before, after;

		if (k->setup)
			k->setup(m);
		settle();
		meminfo_read(&before);
		k->fill(m);
		meminfo_read(&after);
		teardown(m);
		all[rep] = (before.free_kb - after.free_kb) * 1024.0 / m->n;
		slab[rep] = (after.slab_kb - before.slab_kb) * 1024.0 / m->n;
	}
	bench_report_value("memory", k->group, k->name, 0, "bytes/object",
			   median_of_reps(all));
	snprintf(name, sizeof(name), "%s_slab", k->name);
	bench_report_value("memory", k->group, name, 0, "bytes/object",
			   median_of_reps(slab));
}

/* Room for N descriptors on top of what is already open. */
static void raise_nofile(size_t n)
{
	struct rlimit rl;

	bench_check(!getrlimit(RLIMIT_NOFILE, &rl), "getrlimit");
	if (rl.rlim_cur >= n + 64)
		return;
	rl.rlim_cur = n + 64;
	if (rl.rlim_max < rl.rlim_cur)
		rl.rlim_max = rl.rlim_cur;
	bench_check(!setrlimit(RLIMIT_NOFILE, &rl), "setrlimit %zu", n + 64);
}

static void *alloc_touched(size_t size)
{
	void *p = malloc(size);

	bench_check(p, "malloc %zu", size);
	memset(p, 0xff, size);	/* fault every page in now */
	return p;
}

void bench_memory(void)
{
	struct mem_run m = { .n = bench_opts.quick ? 8192 : 65536 };
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (bench_wanted(kinds[i].name))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return;
	raise_nofile(m.n);
	m.h = alloc_touched(2 * m.n * sizeof(*m.h));
	m.box = alloc_touched((m.n / 1000 + 64) * sizeof(*m.box));
	m.fd = alloc_touched(m.n * sizeof(*m.fd));
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (bench_wanted(kinds[i].name))
			measure_kind(&kinds[i], &m);
	free(m.fd);
	free(m.box);
	free(m.h);
}
