// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzer: seeded random sequences of calls from several threads and
 * processes, checking the invariants the API promises.
 *
 * Every operation is one entry of fuzz_ops[]; each object type adds its
 * own there (events, eventpairs, ports with their registrations, timers,
 * channels, sockets, FIFOs). Each thread keeps a private pool of handles
 * whose rights and signals it knows (so it can check that a failed call
 * changed nothing), a list of values it closed (which must stay dead), and
 * shares a pool of objects and a port with the other threads, where closes
 * of objects and of the port race signals, waits, registrations, matches
 * and duplicates. Handles leave the pool when they are written into a
 * channel (on success and failure alike, except ZX_HANDLE_OP_DUPLICATE)
 * and join it when a read or a call brings them in; a handle whose object
 * or peer went into a channel is "foreign" from then on, its signals no
 * longer this thread's alone. A server thread per process answers
 * zx_channel_call()s on a shared channel, sometimes, late or wrongly, and
 * threads replace that channel under each other's calls. Invariants
 * checked on every call:
 *
 *  - the status is one the call may return, never ZX_ERR_INTERNAL;
 *  - a closed value never works again (ZX_ERR_BAD_HANDLE, HANDLE_VALID);
 *  - a failed call leaves the object's signals and the handle's rights as
 *    they were; a successful one changes them exactly as documented;
 *  - rights checks fail exactly when a right is missing;
 *  - every wait ends (deadlines are short; the harness timeout backs it);
 *  - garbage ioctls (unknown numbers, bad pointers, nonzero pads) fail with
 *    the documented errno and change nothing;
 *  - a channel write consumes exactly the handles it names (but duplicates)
 *    and fails if any entry is bad; a message arrives whole, once, with the
 *    handles (koid, type, rights) it was sent with (messages describe
 *    themselves); read buffers are untouched past what was read;
 *  - a socket's signals agree with ZX_INFO_SOCKET and its thresholds; a
 *    write or read moves exactly what the buffer allows; no byte changes;
 *  - a FIFO transfer moves whole elements, short only when full or empty.
 *
 * A signaller thread per process sends Linux signals to the others
 * (handler with SA_RESTART in process 0, without in the rest): waits and
 * calls interrupted half way must end exactly as if they had not been.
 *
 * Beyond the object types, operations aim at the places where Zircon's
 * objects meet Linux's and each other's lifetimes:
 *
 *  - cycle: channel ends in flight in cycles (an end in its own queue, two
 *    channels' ends in each other's queues, rings and chains of up to four
 *    channels, with a "holder" channel whose queue keeps some of their
 *    peers, itself in flight or not) built on a small pool of ends every
 *    thread of the process shares, while other threads read the ends back
 *    out, publish them in the pool, close them and send them on (into
 *    their own queues too), and the last handles outside the queues are
 *    dropped, so the cycle collector runs under reads and closes.
 *    Eventpair "sentinels" ride in the cycles: once the process has closed
 *    its pool, every sentinel's peer must see PEER_CLOSED (the collector
 *    freed what nobody could reach).
 *  - wrap: zx_linux_object_from_fd() of AF_UNIX stream and datagram
 *    socketpairs, io_uring rings (raw io_uring_setup(); ENOSYS and EPERM
 *    are counted and tolerated), epoll sets and received descriptors.
 *    ZX_ERR_NOT_SUPPORTED and ZX_OK are both accepted for sockets and rings
 *    (this module's own descriptors must be refused); a wrapper that is made
 *    is used: waited on (a byte written to the peer must show at once as
 *    READABLE), registered with wait_async, turned into a handle
 *    descriptor (sent over the very socket it wraps, or registered in the
 *    very ring) or a poll descriptor, or kept in the pool.
 *  - scm: handle descriptors (and poll descriptors, sockets, epoll sets)
 *    sent with SCM_RIGHTS over the thread's AF_UNIX sockets, wrapped or
 *    not, left queued, received with recvmsg() and imported with
 *    zx_linux_fd_to_handle(), or dropped with the socket; handle
 *    descriptors registered as io_uring fixed files (IORING_REGISTER_FILES,
 *    _FILES_UPDATE, _UNREGISTER_FILES).
 *  - xport: poll descriptors of ports and of other objects in epoll sets
 *    with EPOLLEXCLUSIVE (each thread's own and one the process shares),
 *    epoll_wait() on them while threads wait in zx_port_wait() on the same
 *    ports and others queue packets. Every packet carries a sequence
 *    number whose queueing time is recorded, and every port wait has a
 *    deadline: a wait that times out while a packet queued before it began
 *    is still in the port fails, and so does a packet that sat for seconds
 *    in a port whose only reader (the "sitter" thread of the process) was
 *    blocked in zx_port_wait() all along - a lost wake-up. A
 *    level-triggered entry for a private event or eventpair must be
 *    reported by epoll_wait() exactly while its signals match.
 *  - exit: a child process (posix_spawn() of this program, which does the
 *    child's part in a constructor) imports a channel end from a handle
 *    descriptor, fills it with messages carrying events, eventpair ends
 *    whose peers stay in its table, channel ends with queues of their own,
 *    wrappers of descriptors it then closes (so only the wrappers hold the
 *    files) and handle descriptors over a socket, and exits or is killed
 *    with SIGKILL, sometimes with a thread blocked in a wait. The parent
 *    then finds every message whole, every peer closed, every wrapper's
 *    file alive, and imports the descriptors.
 *
 * Every status and errno an operation sees is counted per operation. Each
 * process prints a line of its operation counts and of the counters of
 * what the operations achieved ("# process P: ..."); the end of the run
 * prints, over all processes, the operation mix ("# operation mix"), the
 * time spent in each ("# time in each operation") and per operation the
 * statuses and errnos seen ("# outcomes of OP: ...; linux: ..."), which
 * tools/soak adds up. After the run every descriptor of this module must
 * be gone: the module's reference count (/sys/module/zircon/refcnt, when
 * it can be read) drops back to what it was; Linux's AF_UNIX collector and
 * io_uring release files asynchronously, so they are given time and
 * nudged.
 *
 * Knobs (environment):
 *
 *   ZX_FUZZ_SEED     the seed (default: from the clock; printed)
 *   ZX_FUZZ_OPS      operations per thread (default 5000)
 *   ZX_FUZZ_THREADS  fuzz threads per process (default 4)
 *   ZX_FUZZ_PROCS    processes, each with its own handle table (default 2,
 *                    at most 16)
 *   ZX_FUZZ_SIGNALS  0: no signaller thread (default 1)
 *   ZX_FUZZ_STALL    seconds an operation may take before the run fails
 *                    naming it (default 120)
 *   ZX_FUZZ_TIMEOUT  the harness's timeout in seconds (default 300, or a
 *                    second per 200 operations in all if that is more)
 *   ZX_FUZZ_WEIGHTS  "op=w,op=w": other weights for some operations (in
 *                    1/64 of the units of fuzz_ops[]), e.g. "exit=0", or
 *                    "cycle=2000,xport=2000" for a soak aimed at those
 *
 * So a soak of 1,000,000 operations over 2 processes of 4 threads is
 * ZX_FUZZ_OPS=125000 ZX_FUZZ_THREADS=4 ZX_FUZZ_PROCS=2. A failure prints the
 * seed, process, thread and operation number.
 * With ZX_FUZZ_THREADS=1, ZX_FUZZ_PROCS=1 and ZX_FUZZ_SIGNALS=0 a seed
 * replays the same calls, except where the server thread's timing decides
 * (whether a call on the shared channel is answered in time) and where
 * another thread's timing does (what the sitter has taken from its port);
 * with more threads, each replays its own sequence and only the
 * interleaving differs.
 */
#define ZXT_FIXTURE fuzz
#include "zx_selftest.h"

#include <zircon/syscalls/clock.h>

#include <linux/io_uring.h>
#include <poll.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <zircon/syscalls/port.h>

#define POOL 32
#define SHARED 16
#define STALE 64

/*
 * A handle of the thread's private pool. Private objects never leave the
 * pool, so an object (or an eventpair side) is alive exactly while some
 * slot holds its koid.
 */
struct fuzz_handle {
	zx_handle_t value;
	zx_rights_t rights;
	uint32_t type;		/* ZX_OBJ_TYPE_*, 0 for an empty slot */
	zx_koid_t koid;
	zx_koid_t peer_koid;	/* eventpairs: the other side */
	bool foreign;		/* it or its peer may be used outside this thread */
	uint32_t aux;		/* sockets: options | FUZZ_AUX_KNOWN; FIFOs: size | count << 16 */
};

#define FUZZ_AUX_KNOWN (1u << 31)

/* Counters of what the IPC operations achieved, printed at the end. */
enum {
	ST_MSG_SENT, ST_MSG_READ, ST_HANDLES_SENT, ST_HANDLES_READ, ST_CALL_OK,
	ST_CALL_TIMED_OUT, ST_SERVED, ST_GATHERED, ST_SOCK_BYTES, ST_FIFO_ELEMS,
	ST_CYCLES, ST_CYCLE_READS, ST_WRAP_SOCK, ST_WRAP_SOCK_REFUSED, ST_WRAP_URING,
	ST_WRAP_URING_REFUSED, ST_FDS_SENT, ST_FDS_RECEIVED, ST_FDS_IMPORTED, ST_FIXED_FILES,
	ST_EPOLL_EVENTS, ST_PACKETS_QUEUED, ST_PACKETS_TAKEN, ST_SITTER_PACKETS, ST_CHILDREN,
	FUZZ_NSTATS
};

static const char *const fuzz_stat_names[FUZZ_NSTATS] = {
	"messages sent", "messages read", "handles sent", "handles read", "calls answered",
	"calls timed out", "requests served", "messages gathered from iovecs", "socket bytes",
	"FIFO elements", "cycles built", "ends read back from cycles", "AF_UNIX sockets wrapped",
	"refused", "io_uring rings wrapped", "refused", "descriptors sent with SCM_RIGHTS",
	"received", "imported", "io_uring fixed files", "epoll events", "port packets queued",
	"taken", "taken by the sitter", "child processes",
};

/*
 * Outcomes counted per operation: Zircon statuses by -status (ZX_OK is 0),
 * then one bucket for any other status, then Linux calls by errno (0 for
 * success).
 */
#define FUZZ_NZX 80
#define FUZZ_NERRNO 134
#define FUZZ_OUT_ERRNO (FUZZ_NZX + 1)
#define FUZZ_NOUT (FUZZ_OUT_ERRNO + FUZZ_NERRNO + 1)
#define FUZZ_MAXOPS 32		/* fuzz_ops[] and the helper threads */
#define FUZZ_OP_SERVER (FUZZ_MAXOPS - 1)
#define FUZZ_OP_SITTER (FUZZ_MAXOPS - 2)

/* A Linux descriptor of the thread's own (see "Linux files" below). */
enum { FK_NONE, FK_STREAM, FK_DGRAM, FK_URING, FK_EPOLL, FK_HFD, FK_PFD, FK_OTHER };

struct fuzz_file {
	int fd;
	uint8_t kind;		/* FK_*, FK_NONE for a free slot */
	int8_t peer;		/* the socketpair's other end, or -1 */
};

#define FILES 16

/* An entry of the thread's epoll set. */
struct fuzz_ep {
	int fd;			/* a poll descriptor in it, or -1 */
	bool owned;		/* ours to close (not one the process shares) */
	bool strict;		/* level-triggered, of an event or eventpair, alone in a set */
	zx_koid_t koid;
	zx_signals_t mask;
};

#define EPN 12

struct fuzz_thread {
	uint64_t rng;
	unsigned int id;
	unsigned long op;
	int fd;				/* this process's table, for raw ioctls */
	struct fuzz_handle pool[POOL];
	zx_handle_t stale[STALE];
	unsigned int nstale;
	unsigned long calls[FUZZ_MAXOPS];
	unsigned long stats[FUZZ_NSTATS];
	unsigned int cur;		/* the operation running, for the outcome counts */
	unsigned long out[FUZZ_MAXOPS][FUZZ_NOUT];
	int64_t ns[FUZZ_MAXOPS];	/* time spent in each operation */
	struct fuzz_file files[FILES];
	int epfd;			/* the thread's epoll set */
	struct fuzz_ep ep[EPN];
	bool no_uring;			/* io_uring_setup() said ENOSYS or EPERM */
	bool done;			/* the thread has finished */
	uint32_t last_txid;	/* of the last call request read, to answer */
	uint8_t *buf;		/* FUZZ_BUF bytes to write from */
	uint8_t *rbuf;		/* FUZZ_BUF bytes to read into */
	uint8_t *edge;		/* a page, and an unmapped one after it */
	zx_channel_iovec_t *iov;	/* ZX_CHANNEL_MAX_MSG_IOVECS + 1 */
	char failure[256];
};

/* Past a socket's capacity (256 KiB) and the largest message. */
#define FUZZ_BUF (320u * 1024)

static zx_handle_t shared_pool[SHARED];	/* any thread may use or close */
static zx_handle_t shared_port;		/* replaced (closed) at random */
static zx_handle_t shared_chan;		/* calls go to the server; replaced at random */
static zx_handle_t server_ctl;		/* new listening ends go to the server */
#define SHARED_CH 4
static zx_handle_t shared_ch[SHARED_CH];	/* two channels: ends 2k and 2k + 1 */
/* Handle descriptors in flight between all processes (SOCK_DGRAM pair). */
static int fd_sock[2] = { -1, -1 };
/*
 * A new process starts with copies of every descriptor, and a copy of a
 * handle descriptor keeps its handle alive: an operation that counts on a
 * close of one dropping its handle (op_fd) holds this for reading, and
 * op_exit holds it for writing across posix_spawn(), whose exec closes
 * the copies (every descriptor of the fuzzer is O_CLOEXEC).
 */
static pthread_rwlock_t fork_lock = PTHREAD_RWLOCK_INITIALIZER;


#define FUZZ_FAIL(t, ...) do { \
	snprintf((t)->failure, sizeof((t)->failure), __VA_ARGS__); \
	return false; \
} while (0)

#define FUZZ_EXPECT(t, cond) do { \
	if (!(cond)) \
		FUZZ_FAIL(t, "%s:%d: %s", __func__, __LINE__, #cond); \
} while (0)

static void fuzz_count(struct fuzz_thread *t, zx_status_t s)
{
	t->out[t->cur][s <= 0 && s > -FUZZ_NZX ? -s : FUZZ_NZX]++;
}

/* A Linux call's outcome: @r < 0 is a failure with errno @err. */
static void fuzz_count_errno(struct fuzz_thread *t, long r, int err)
{
	int e = r < 0 ? err : 0;

	t->out[t->cur][FUZZ_OUT_ERRNO + (e >= 0 && e < FUZZ_NERRNO ? e : FUZZ_NERRNO)]++;
}

#define FUZZ_STATUS(t, status, ...) do { \
	zx_status_t __s = (status); \
	const zx_status_t __ok[] = { __VA_ARGS__ }; \
	bool __found = false; \
	fuzz_count((t), __s); \
	for (size_t __i = 0; __i < sizeof(__ok) / sizeof(__ok[0]); __i++) \
		__found |= __s == __ok[__i]; \
	if (!__found) \
		FUZZ_FAIL(t, "%s:%d: unexpected %s", __func__, __LINE__, \
			  zx_status_get_string(__s)); \
} while (0)

static uint32_t fuzz_rand(struct fuzz_thread *t, uint32_t n)
{
	return n ? (uint32_t)(zxt_rand(&t->rng) % n) : 0;
}

static struct fuzz_handle *fuzz_slot(struct fuzz_thread *t, bool used)
{
	unsigned int start = fuzz_rand(t, POOL);

	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[(start + i) % POOL];

		if (!!h->type == used)
			return h;
	}
	return NULL;
}

/* A slot holding a handle to @koid, or NULL if that object is gone. */
static struct fuzz_handle *fuzz_find(struct fuzz_thread *t, zx_koid_t koid)
{
	for (unsigned int i = 0; i < POOL; i++)
		if (t->pool[i].type && t->pool[i].koid == koid)
			return &t->pool[i];
	return NULL;
}

static bool fuzz_fill(struct fuzz_thread *t, struct fuzz_handle *h, zx_handle_t value,
		      zx_rights_t rights)
{
	zx_info_handle_basic_t info;

	FUZZ_EXPECT(t, zx_object_get_info(value, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					  NULL, NULL) == ZX_OK);
	FUZZ_EXPECT(t, info.rights == rights);
	*h = (struct fuzz_handle){ value, rights, info.type, info.koid, info.related_koid, false,
				   0 };
	return true;
}

/* No object has all bits set: the value of a signal word nobody can read. */
#define FUZZ_UNKNOWN 0xffffffffu

/* An object's signals, read through any handle to it with ZX_RIGHT_WAIT. */
static zx_signals_t fuzz_signals_of(struct fuzz_thread *t, zx_koid_t koid)
{
	zx_signals_t obs = FUZZ_UNKNOWN;

	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[i];

		if (h->type && h->koid == koid && h->foreign)
			break;
		if (h->type && h->koid == koid && (h->rights & ZX_RIGHT_WAIT)) {
			/* A timer's SIGNALED changes by itself: not checkable. */
			if (h->type != ZX_OBJ_TYPE_TIMER)
				zx_object_wait_one(h->value, 0, 0, &obs);
			break;
		}
	}
	return obs;
}

/* A random live slot holding an object of @type, or NULL. */
static struct fuzz_handle *fuzz_slot_of(struct fuzz_thread *t, uint32_t type)
{
	unsigned int start = fuzz_rand(t, POOL);

	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[(start + i) % POOL];

		if (h->type == type)
			return h;
	}
	return NULL;
}

/* The signals object_signal{,_peer} may touch on @type. */
static zx_signals_t fuzz_user_signals(uint32_t type)
{
	return type == ZX_OBJ_TYPE_EVENT || type == ZX_OBJ_TYPE_EVENTPAIR ?
	       ZX_USER_SIGNAL_ALL | ZX_EVENT_SIGNALED : ZX_USER_SIGNAL_ALL;
}

/* Objects with a peer that zx_object_signal_peer() reaches. */
static bool fuzz_peered(uint32_t type)
{
	return type == ZX_OBJ_TYPE_EVENTPAIR || type == ZX_OBJ_TYPE_CHANNEL ||
	       type == ZX_OBJ_TYPE_SOCKET || type == ZX_OBJ_TYPE_FIFO;
}

static void fuzz_forget(struct fuzz_thread *t, struct fuzz_handle *h)
{
	t->stale[t->nstale++ % STALE] = h->value;
	*h = (struct fuzz_handle){ 0 };
}

/* A random mask, biased towards bits that matter. */
static zx_signals_t fuzz_mask(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 4)) {
	case 0:
		return ZX_USER_SIGNAL_ALL & (uint32_t)zxt_rand(&t->rng);
	case 1:
		return ZX_EVENT_SIGNALED | (ZX_USER_SIGNAL_0 << fuzz_rand(t, 8));
	case 2:
		return 1u << fuzz_rand(t, 32);
	default:
		return (uint32_t)zxt_rand(&t->rng);
	}
}

static zx_rights_t fuzz_rights(struct fuzz_thread *t, zx_rights_t have)
{
	switch (fuzz_rand(t, 4)) {
	case 0:
		return ZX_RIGHT_SAME_RIGHTS;
	case 1:
		return have & (uint32_t)zxt_rand(&t->rng);
	case 2:
		return (uint32_t)zxt_rand(&t->rng);	/* usually not a subset */
	default:
		return have & ~(1u << fuzz_rand(t, 16));
	}
}

/* A value that is not a live handle of this thread's pool. */
static zx_handle_t fuzz_dead_value(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 3)) {
	case 0:
		if (t->nstale)
			return t->stale[fuzz_rand(t, t->nstale < STALE ? t->nstale : STALE)];
		return ZX_HANDLE_INVALID;
	case 1:
		/* Low bits not both set: never a handle. */
		return (uint32_t)zxt_rand(&t->rng) & ~1u;
	default:
		return ZX_HANDLE_INVALID;
	}
}

static bool op_create(struct fuzz_thread *t)
{
	struct fuzz_handle *a = fuzz_slot(t, false), *b;
	uint32_t options = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = 0, h1 = 0;
	zx_status_t s;

	if (!a)
		return true;
	switch (fuzz_rand(t, 8)) {
	case 4:
		s = zx_interrupt_create(ZX_HANDLE_INVALID, 0,
					fuzz_rand(t, 4) ? ZX_INTERRUPT_VIRTUAL : options, &h0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_INTERRUPT_RIGHTS);
	case 3: {
		zx_clock_create_args_v1_t args = { .backstop_time = 0 };
		uint64_t copts = fuzz_rand(t, 4) ? ZX_CLOCK_ARGS_VERSION(1) |
			(fuzz_rand(t, 2) ? ZX_CLOCK_OPT_AUTO_START : 0) : (uint64_t)options << 1;

		s = zx_clock_create(copts, copts ? &args : NULL, &h0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_NOT_SUPPORTED);
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_CLOCK_RIGHTS);
	}
	case 2:
		s = zx_counter_create(options, &h0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, (s == ZX_OK) == (options == 0));
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_COUNTER_RIGHTS);
	case 0:
		s = zx_port_create(options, &h0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, (s == ZX_OK) == !(options & ~ZX_PORT_BIND_TO_INTERRUPT));
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_PORT_RIGHTS);
	case 1: {
		uint32_t mode = fuzz_rand(t, 4), clock = fuzz_rand(t, 8) ? 0 : 1;

		s = zx_timer_create(mode, clock, &h0);
		FUZZ_EXPECT(t, s == (mode <= 2 && clock == 0 ? ZX_OK : ZX_ERR_INVALID_ARGS));
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_TIMER_RIGHTS);
	}
	default:
		break;
	}
	if (fuzz_rand(t, 2)) {
		s = zx_event_create(options, &h0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, (s == ZX_OK) == (options == 0));
		return s != ZX_OK || fuzz_fill(t, a, h0, ZX_DEFAULT_EVENT_RIGHTS);
	}
	a->type = ZX_OBJ_TYPE_EVENTPAIR;	/* claim it before looking again */
	b = fuzz_slot(t, false);
	a->type = 0;
	if (!b)
		return true;
	s = zx_eventpair_create(options, &h0, &h1);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_SUPPORTED);
	FUZZ_EXPECT(t, (s == ZX_OK) == (options == 0));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill(t, a, h0, ZX_DEFAULT_EVENTPAIR_RIGHTS) ||
	    !fuzz_fill(t, b, h1, ZX_DEFAULT_EVENTPAIR_RIGHTS))
		return false;
	FUZZ_EXPECT(t, a->peer_koid == b->koid && b->peer_koid == a->koid);
	return true;
}

static bool op_signal(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true), *target, *other;
	bool peer = fuzz_rand(t, 2);
	zx_signals_t clear = fuzz_mask(t), set = fuzz_mask(t), before, after;
	zx_rights_t need = peer ? ZX_RIGHT_SIGNAL_PEER : ZX_RIGHT_SIGNAL;
	zx_status_t s, want;

	if (!h)
		return true;
	other = h->peer_koid ? fuzz_find(t, h->peer_koid) : NULL;
	target = peer && other ? other : h;
	before = fuzz_signals_of(t, target->koid);
	s = peer ? zx_object_signal_peer(h->value, clear, set)
		 : zx_object_signal(h->value, clear, set);
	after = fuzz_signals_of(t, target->koid);

	if (!(h->rights & need))
		want = ZX_ERR_ACCESS_DENIED;
	else if (peer && !fuzz_peered(h->type))
		want = ZX_ERR_NOT_SUPPORTED;
	else if ((clear | set) & ~fuzz_user_signals(h->type))
		want = ZX_ERR_INVALID_ARGS;
	else if (peer && !other && h->foreign)
		want = s == ZX_OK ? ZX_OK : ZX_ERR_PEER_CLOSED;	/* peer elsewhere */
	else if (peer && !other)
		want = ZX_ERR_PEER_CLOSED;
	else
		want = ZX_OK;
	if (s != want)
		FUZZ_FAIL(t, "signal%s(rights 0x%x, clear 0x%x, set 0x%x): %s, expected %s",
			  peer ? "_peer" : "", h->rights, clear, set,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (before == FUZZ_UNKNOWN)
		return true;
	if (s == ZX_OK && after != ((before & ~clear) | set))
		FUZZ_FAIL(t, "signal%s(clear 0x%x, set 0x%x): 0x%x became 0x%x",
			  peer ? "_peer" : "", clear, set, before, after);
	if (s != ZX_OK && after != before)
		FUZZ_FAIL(t, "signal%s(clear 0x%x, set 0x%x) failed with %s but 0x%x became 0x%x",
			  peer ? "_peer" : "", clear, set, zx_status_get_string(s), before, after);
	return true;
}

static bool op_wait(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_signals_t want = fuzz_mask(t), observed = 0, now;
	zx_time_t deadline = fuzz_rand(t, 4) ? 0 : zx_deadline_after(ZX_USEC(fuzz_rand(t, 200)));
	zx_status_t s;

	if (!h)
		return true;
	now = fuzz_signals_of(t, h->koid);
	s = zx_object_wait_one(h->value, want, deadline, &observed);
	if (!(h->rights & ZX_RIGHT_WAIT)) {
		FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		return true;
	}
	if (now == FUZZ_UNKNOWN) {	/* a timer */
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
		return true;
	}
	/* Nobody else touches this object: its signals cannot change. */
	if (observed != now)
		FUZZ_FAIL(t, "wait_one on type %u: observed 0x%x, signals were 0x%x",
			  h->type, observed, now);
	FUZZ_EXPECT(t, s == ((now & want) ? ZX_OK : ZX_ERR_TIMED_OUT));
	return true;
}

static bool op_wait_many(struct fuzz_thread *t)
{
	struct fuzz_handle *slots[8];
	zx_wait_item_t items[8];
	size_t n = 1 + fuzz_rand(t, 8);
	bool any_denied = false, any_match = false, any_dead = false, any_timer = false;
	zx_status_t s;

	for (size_t i = 0; i < n; i++) {
		struct fuzz_handle *h = slots[i] = fuzz_slot(t, true);

		if (!h || !fuzz_rand(t, 16)) {
			items[i] = (zx_wait_item_t){ fuzz_dead_value(t), 1, 0xdead };
			any_dead = true;
			continue;
		}
		items[i] = (zx_wait_item_t){ h->value, fuzz_mask(t), 0xdead };
		any_denied |= !(h->rights & ZX_RIGHT_WAIT);
		any_timer |= h->type == ZX_OBJ_TYPE_TIMER || h->foreign;
		any_match |= !!(fuzz_signals_of(t, h->koid) & items[i].waitfor);
	}
	s = zx_object_wait_many(items, n, 0);
	if (any_dead || any_denied) {
		FUZZ_STATUS(t, s, ZX_ERR_BAD_HANDLE, ZX_ERR_ACCESS_DENIED);
		for (size_t i = 0; i < n; i++)
			FUZZ_EXPECT(t, items[i].pending == 0xdead);
		return true;
	}
	if (any_timer) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
		return true;
	}
	FUZZ_EXPECT(t, s == (any_match ? ZX_OK : ZX_ERR_TIMED_OUT));
	for (size_t i = 0; i < n; i++)
		FUZZ_EXPECT(t, items[i].pending == fuzz_signals_of(t, slots[i]->koid));
	return true;
}

static bool op_duplicate(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true), *d = fuzz_slot(t, false);
	bool replace = fuzz_rand(t, 2);
	zx_handle_t out = ZX_HANDLE_INVALID;
	zx_rights_t rights, got;
	zx_status_t s;
	bool subset;

	if (!h || !d)
		return true;
	rights = fuzz_rights(t, h->rights);
	subset = rights == ZX_RIGHT_SAME_RIGHTS || (h->rights & rights) == rights;
	got = rights == ZX_RIGHT_SAME_RIGHTS ? h->rights : rights;
	s = replace ? zx_handle_replace(h->value, rights, &out)
		    : zx_handle_duplicate(h->value, rights, &out);

	if (!replace && !(h->rights & ZX_RIGHT_DUPLICATE)) {
		FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		return true;
	}
	FUZZ_EXPECT(t, s == (subset ? ZX_OK : ZX_ERR_INVALID_ARGS));
	if (replace) {
		/* The source is gone whether or not the replace worked. */
		zx_handle_t old = h->value;

		if (s == ZX_OK) {
			FUZZ_EXPECT(t, out != old);
			h->value = out;
			h->rights = got;
			t->stale[t->nstale++ % STALE] = old;
		} else {
			fuzz_forget(t, h);
		}
		FUZZ_EXPECT(t, zx_object_get_info(old, ZX_INFO_HANDLE_VALID, NULL, 0,
						  NULL, NULL) == ZX_ERR_BAD_HANDLE);
		return true;
	}
	if (s == ZX_OK) {
		*d = *h;
		d->value = out;
		d->rights = got;
		FUZZ_EXPECT(t, zx_object_get_info(out, ZX_INFO_HANDLE_BASIC, NULL, 0, NULL,
						  NULL) == ZX_ERR_BUFFER_TOO_SMALL);
	}
	return true;
}

static bool op_close(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_handle_t dead = fuzz_dead_value(t);
	zx_handle_t many[4];
	size_t n = 0;
	zx_status_t s;

	if (fuzz_rand(t, 2)) {
		if (!h)
			return true;
		zx_handle_t value = h->value;

		FUZZ_EXPECT(t, zx_handle_close(value) == ZX_OK);
		fuzz_forget(t, h);
		FUZZ_EXPECT(t, zx_handle_close(value) == ZX_ERR_BAD_HANDLE);
		return true;
	}
	/* close_many: some live handles, maybe a dead value, maybe INVALID. */
	while (n < 3 && (h = fuzz_slot(t, true))) {
		many[n++] = h->value;
		fuzz_forget(t, h);
	}
	if (fuzz_rand(t, 2))
		many[n++] = dead;
	s = zx_handle_close_many(many, n);
	for (size_t i = 0; i < n; i++)
		FUZZ_EXPECT(t, zx_object_get_info(many[i], ZX_INFO_HANDLE_VALID, NULL, 0,
						  NULL, NULL) != ZX_OK);
	/* Only the dead value, if it was added and is not INVALID, is bad. */
	FUZZ_EXPECT(t, s == (n && many[n - 1] == dead && dead != ZX_HANDLE_INVALID ?
			     ZX_ERR_BAD_HANDLE : ZX_OK));
	return true;
}

static bool op_info(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_info_handle_basic_t basic;
	zx_info_handle_count_t count;
	size_t actual = 7, avail = 7;
	zx_status_t s;

	if (!h)
		return true;
	s = zx_object_get_info(h->value, ZX_INFO_HANDLE_BASIC, &basic, sizeof(basic),
			       &actual, &avail);
	FUZZ_EXPECT(t, s == ZX_OK && actual == 1 && avail == 1);
	FUZZ_EXPECT(t, basic.rights == h->rights && basic.type == h->type);
	FUZZ_EXPECT(t, basic.koid >= ZX_KOID_FIRST);
	s = zx_object_get_info(h->value, ZX_INFO_HANDLE_COUNT, &count,
			       fuzz_rand(t, 2) ? sizeof(count) : fuzz_rand(t, 4), &actual, &avail);
	if (!(h->rights & ZX_RIGHT_INSPECT))
		FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
	else
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BUFFER_TOO_SMALL);
	s = zx_object_get_info(h->value, 3 + fuzz_rand(t, 16), &count, sizeof(count),
			       NULL, NULL);
	FUZZ_STATUS(t, s, ZX_ERR_NOT_SUPPORTED, ZX_OK, ZX_ERR_BUFFER_TOO_SMALL,
		    ZX_ERR_ACCESS_DENIED);
	return true;
}

/* Every call on a value this thread closed fails with BAD_HANDLE. */
static bool op_stale(struct fuzz_thread *t)
{
	zx_handle_t v = fuzz_dead_value(t), out = 0;
	zx_signals_t obs;

	if (v == ZX_HANDLE_INVALID)
		return true;
	FUZZ_EXPECT(t, zx_object_signal(v, 0, ZX_USER_SIGNAL_0) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_object_signal_peer(v, 0, ZX_USER_SIGNAL_0) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_object_wait_one(v, 1, 0, &obs) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_handle_duplicate(v, ZX_RIGHT_SAME_RIGHTS, &out) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_handle_replace(v, ZX_RIGHT_SAME_RIGHTS, &out) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_handle_close(v) == ZX_ERR_BAD_HANDLE);
	FUZZ_EXPECT(t, zx_object_get_info(v, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) ==
		       ZX_ERR_BAD_HANDLE);
	return true;
}

/*
 * The shared pool: closes race signals, waits and duplicates from other
 * threads, so only the set of possible outcomes is checked.
 */
static bool op_shared(struct fuzz_thread *t)
{
	unsigned int i = fuzz_rand(t, SHARED);
	zx_handle_t h = __atomic_load_n(&shared_pool[i], __ATOMIC_ACQUIRE);
	zx_handle_t fresh = 0, dup = 0;
	zx_signals_t obs;
	zx_status_t s;

	zx_handle_t port = __atomic_load_n(&shared_port, __ATOMIC_ACQUIRE);
	zx_port_packet_t pkt;

	switch (fuzz_rand(t, 9)) {
	case 5:	/* registrations racing closes of the object and of the port */
		s = zx_object_wait_async(h, port, fuzz_rand(t, 4),
					 ZX_USER_SIGNAL_0 << fuzz_rand(t, 8),
					 fuzz_rand(t, 2) ? ZX_WAIT_ASYNC_EDGE : 0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE);
		return true;
	case 6:
		s = zx_port_wait(port, 0, &pkt);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_BAD_HANDLE);
		if (s == ZX_OK)
			FUZZ_EXPECT(t, pkt.type == ZX_PKT_TYPE_SIGNAL_ONE &&
				       (pkt.signal.trigger & pkt.signal.observed));
		return true;
	case 7:	/* close the port under pending registrations and packets */
		if (zx_port_create(0, &fresh) != ZX_OK)
			return true;
		port = __atomic_exchange_n(&shared_port, fresh, __ATOMIC_ACQ_REL);
		FUZZ_STATUS(t, zx_handle_close(port), ZX_OK);
		return true;
	case 8:
		s = zx_port_cancel(port, h, fuzz_rand(t, 4));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_FOUND, ZX_ERR_BAD_HANDLE);
		return true;
	case 0:	/* replace the slot's handle with a fresh event, close the old */
		if (zx_event_create(0, &fresh) != ZX_OK)
			return true;
		h = __atomic_exchange_n(&shared_pool[i], fresh, __ATOMIC_ACQ_REL);
		FUZZ_STATUS(t, zx_handle_close(h), ZX_OK);
		return true;
	case 1:
		s = zx_object_signal(h, fuzz_rand(t, 2) ? ZX_USER_SIGNAL_ALL : 0,
				     ZX_USER_SIGNAL_0 << fuzz_rand(t, 8));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE);
		return true;
	case 2:
		s = zx_object_wait_one(h, ZX_USER_SIGNAL_0 << fuzz_rand(t, 8),
				       zx_deadline_after(ZX_USEC(fuzz_rand(t, 500))), &obs);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_CANCELED, ZX_ERR_BAD_HANDLE);
		if (s == ZX_ERR_CANCELED)
			FUZZ_EXPECT(t, obs & ZX_SIGNAL_HANDLE_CLOSED);
		return true;
	case 3:
		s = zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &dup);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE);
		if (s == ZX_OK)
			FUZZ_STATUS(t, zx_handle_close(dup), ZX_OK);
		return true;
	default: {
		zx_wait_item_t items[2] = {
			{ h, ZX_USER_SIGNAL_0 << fuzz_rand(t, 8), 0 },
			{ shared_pool[fuzz_rand(t, SHARED)], ZX_USER_SIGNAL_ALL, 0 },
		};

		s = zx_object_wait_many(items, 2, zx_deadline_after(ZX_USEC(fuzz_rand(t, 500))));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_CANCELED, ZX_ERR_BAD_HANDLE);
		return true;
	}
	}
}

/* Timers of the private pool: set, cancel, and what SIGNALED must be. */
static bool op_timer(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot_of(t, ZX_OBJ_TYPE_TIMER);
	zx_duration_t slack = fuzz_rand(t, 8) ? (zx_duration_t)fuzz_rand(t, 100000) : -1;
	zx_time_t deadline;
	zx_signals_t obs = 0;
	zx_status_t s;

	if (!h)
		return true;
	switch (fuzz_rand(t, 4)) {
	case 0:
		deadline = 0;
		break;
	case 1:
		deadline = zx_clock_get_monotonic() - fuzz_rand(t, 1000000);
		break;
	case 2:
		deadline = zx_deadline_after(fuzz_rand(t, 2000000));
		break;
	default:
		deadline = zx_deadline_after(ZX_SEC(3600));
		break;
	}
	if (fuzz_rand(t, 3)) {
		s = zx_timer_set(h->value, deadline, slack);
		if (!(h->rights & ZX_RIGHT_WRITE) && slack >= 0) {
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
			return true;
		}
		FUZZ_EXPECT(t, s == (slack < 0 ? ZX_ERR_OUT_OF_RANGE : ZX_OK));
		if (s != ZX_OK || !(h->rights & ZX_RIGHT_WAIT))
			return true;
		s = zx_object_wait_one(h->value, ZX_TIMER_SIGNALED, 0, &obs);
		if (deadline <= zx_clock_get_monotonic() - ZX_SEC(1) || deadline == 0)
			FUZZ_EXPECT(t, s == ZX_OK);
		if (deadline > zx_clock_get_monotonic() + ZX_SEC(60))
			FUZZ_EXPECT(t, s == ZX_ERR_TIMED_OUT);
		return true;
	}
	s = zx_timer_cancel(h->value);
	FUZZ_EXPECT(t, s == (h->rights & ZX_RIGHT_WRITE ? ZX_OK : ZX_ERR_ACCESS_DENIED));
	if (s == ZX_OK && (h->rights & ZX_RIGHT_WAIT))
		FUZZ_EXPECT(t, zx_object_wait_one(h->value, ZX_TIMER_SIGNALED, 0, NULL) ==
			       ZX_ERR_TIMED_OUT);
	return true;
}

/*
 * Counters of the private pool: add, write and read with the rights each
 * needs, overflow, and exactly one of POSITIVE and NON_POSITIVE always
 * (another thread may hold the object too, so only that is checked).
 */
static bool op_counter(struct fuzz_thread *t)
{
	static const int64_t values[] = { 0, 1, -1, 7, INT64_MAX, INT64_MIN };
	struct fuzz_handle *h = fuzz_slot_of(t, ZX_OBJ_TYPE_COUNTER);
	int64_t v = values[fuzz_rand(t, ARRAY_SIZE(values))], got = 0;
	zx_signals_t obs = 0;
	zx_status_t s;

	if (!h)
		return true;
	switch (fuzz_rand(t, 3)) {
	case 0:
		s = zx_counter_add(h->value, v);
		if ((h->rights & ZX_RIGHTS_IO) != ZX_RIGHTS_IO)
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_OUT_OF_RANGE);
		break;
	case 1:
		s = zx_counter_write(h->value, v);
		FUZZ_EXPECT(t, s == (h->rights & ZX_RIGHT_WRITE ? ZX_OK : ZX_ERR_ACCESS_DENIED));
		break;
	default:
		s = zx_counter_read(h->value, fuzz_rand(t, 8) ? &got : NULL);
		if (!(h->rights & ZX_RIGHT_READ))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		break;
	}
	if (h->rights & ZX_RIGHT_WAIT) {
		FUZZ_EXPECT(t, zx_object_wait_one(h->value, 0, 0, &obs) == ZX_ERR_TIMED_OUT);
		obs &= ZX_COUNTER_POSITIVE | ZX_COUNTER_NON_POSITIVE;
		FUZZ_EXPECT(t, obs == ZX_COUNTER_POSITIVE || obs == ZX_COUNTER_NON_POSITIVE);
	}
	return true;
}

/*
 * Clocks of the private pool: reads, details and updates with the rights
 * each needs; a monotonic clock never reads back (only this thread's own
 * reads are compared, and only for clocks made monotonic here: none, so
 * just the statuses).
 */
static bool op_clock(struct fuzz_thread *t)
{
	static const uint64_t flags[] = { 0, 1, 2, 3, 4, 7, 8, 9, 0x10 };
	struct fuzz_handle *h = fuzz_slot_of(t, ZX_OBJ_TYPE_CLOCK);
	zx_clock_update_args_v2_t u = {
		.rate_adjust = (int32_t)fuzz_rand(t, 2101) - 1050,
		.synthetic_value = (int64_t)fuzz_rand(t, 1000000000),
		.reference_value = zx_clock_get_monotonic(),
	};
	zx_clock_details_v1_t d;
	zx_time_t now = 0;
	zx_status_t s;

	if (!h)
		return true;
	switch (fuzz_rand(t, 3)) {
	case 0:
		s = zx_clock_read(h->value, fuzz_rand(t, 16) ? &now : NULL);
		if (!(h->rights & ZX_RIGHT_READ))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS);
		break;
	case 1:
		s = zx_clock_get_details(h->value, ZX_CLOCK_ARGS_VERSION(1 + !fuzz_rand(t, 8)), &d);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_ACCESS_DENIED);
		break;
	default:
		s = zx_clock_update(h->value, ZX_CLOCK_ARGS_VERSION(1 + fuzz_rand(t, 2)) |
				    flags[fuzz_rand(t, ARRAY_SIZE(flags))], &u);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_BAD_STATE,
			    ZX_ERR_ACCESS_DENIED);
		if (!(h->rights & ZX_RIGHT_WRITE))
			FUZZ_EXPECT(t, s != ZX_OK);
		break;
	}
	return true;
}

/*
 * Virtual interrupts of the private pool: trigger, ack, bind and unbind to
 * a port of the pool, destroy; never a blocking wait (a trigger only this
 * thread could make would never come), only waits that return at once.
 */
static bool op_interrupt(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot_of(t, ZX_OBJ_TYPE_INTERRUPT);
	struct fuzz_handle *p = fuzz_slot_of(t, ZX_OBJ_TYPE_PORT);
	zx_port_packet_t pkt;
	zx_status_t s;

	if (!h)
		return true;
	switch (fuzz_rand(t, 6)) {
	case 0:
		s = zx_interrupt_trigger(h->value, fuzz_rand(t, 8) ? 0 : 1,
					 (zx_time_t)fuzz_rand(t, 1000));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_ACCESS_DENIED, ZX_ERR_CANCELED);
		break;
	case 1:
		s = zx_interrupt_ack(h->value);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_STATE, ZX_ERR_ACCESS_DENIED, ZX_ERR_CANCELED);
		break;
	case 2:
	case 3:
		if (!p)
			break;
		s = zx_interrupt_bind(h->value, p->value, 1, fuzz_rand(t, 2));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_WRONG_TYPE, ZX_ERR_ACCESS_DENIED, ZX_ERR_CANCELED,
			    ZX_ERR_ALREADY_BOUND, ZX_ERR_NOT_FOUND, ZX_ERR_BAD_STATE);
		if (s == ZX_OK && (p->rights & ZX_RIGHT_READ))
			zx_port_wait(p->value, 0, &pkt);
		break;
	case 4:
		/*
		 * Returns at once: triggered, bound, destroyed or refused (not
		 * when another thread may hold it and take the trigger first).
		 */
		if (h->foreign || zx_interrupt_trigger(h->value, 0, 1) != ZX_OK)
			break;
		s = zx_interrupt_wait(h->value, NULL);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_STATE, ZX_ERR_ACCESS_DENIED, ZX_ERR_CANCELED);
		break;
	default:
		s = zx_interrupt_destroy(h->value);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_FOUND);
		break;
	}
	return true;
}

/*
 * ZX_PROP_NAME on any handle: the checks in Zircon's order, and a name
 * read back is always NUL-terminated within ZX_MAX_NAME_LEN.
 */
static bool op_name(struct fuzz_thread *t)
{
	static const size_t sizes[] = { 0, 1, 5, 31, 32, 33, 64 };
	struct fuzz_handle *h = &t->pool[fuzz_rand(t, POOL)];
	zx_handle_t v = h->type ? h->value : fuzz_dead_value(t);
	size_t size = sizes[fuzz_rand(t, ARRAY_SIZE(sizes))];
	bool set = fuzz_rand(t, 2), null = !fuzz_rand(t, 16);
	char buf[64];
	zx_status_t s, want;

	memset(buf, 'a' + (int)fuzz_rand(t, 26), sizeof(buf));
	if (fuzz_rand(t, 4) == 0)
		buf[fuzz_rand(t, sizeof(buf))] = '\0';
	s = set ? zx_object_set_property(v, ZX_PROP_NAME, null ? NULL : buf, size)
		: zx_object_get_property(v, ZX_PROP_NAME, null ? NULL : buf, size);
	if (null)
		want = ZX_ERR_INVALID_ARGS;
	else if (!h->type)
		want = ZX_ERR_BAD_HANDLE;
	else if (!(h->rights & (set ? ZX_RIGHT_SET_PROPERTY : ZX_RIGHT_GET_PROPERTY)))
		want = ZX_ERR_ACCESS_DENIED;
	else if (!set && size < ZX_MAX_NAME_LEN)
		want = ZX_ERR_BUFFER_TOO_SMALL;
	else
		want = ZX_OK;
	if (h->type && h->foreign && s != want && s == ZX_ERR_BAD_HANDLE)
		return true;	/* another thread's handle, closed meanwhile */
	if (s != want)
		FUZZ_FAIL(t, "%s NAME size %zu on type %u: %s, expected %s", set ? "set" : "get",
			  size, h->type, zx_status_get_string(s), zx_status_get_string(want));
	if (s == ZX_OK && !set)
		FUZZ_EXPECT(t, memchr(buf, '\0', ZX_MAX_NAME_LEN) != NULL);
	return true;
}

/* Ports of the private pool: registrations, packets, cancels. */
static bool op_port(struct fuzz_thread *t)
{
	struct fuzz_handle *port = fuzz_slot_of(t, ZX_OBJ_TYPE_PORT);
	struct fuzz_handle *h = fuzz_slot(t, true);
	uint64_t key = fuzz_rand(t, 8);
	zx_port_packet_t pkt;
	zx_status_t s;
	uint32_t opts;

	if (!port || !h)
		return true;
	switch (fuzz_rand(t, 5)) {
	case 0:
		opts = fuzz_rand(t, 8) ? fuzz_rand(t, 4) : 1u << fuzz_rand(t, 32);
		s = zx_object_wait_async(h->value, port->value, key, fuzz_mask(t), opts);
		if (opts & ~(ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE |
			     ZX_WAIT_ASYNC_BOOT_TIMESTAMP) ||
		    opts == (ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_BOOT_TIMESTAMP))
			FUZZ_EXPECT(t, s == ZX_ERR_INVALID_ARGS);
		else if (!(port->rights & ZX_RIGHT_WRITE) || !(h->rights & ZX_RIGHT_WAIT))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_RESOURCES);
		return true;
	case 1:
		memset(&pkt, 0xa5, sizeof(pkt));
		s = zx_port_wait(port->value, 0, &pkt);
		if (!(port->rights & ZX_RIGHT_READ)) {
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
			return true;
		}
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
		if (s == ZX_OK && pkt.type == ZX_PKT_TYPE_SIGNAL_ONE) {
			FUZZ_EXPECT(t, pkt.status == ZX_OK && pkt.signal.count == 1);
			FUZZ_EXPECT(t, pkt.signal.trigger & pkt.signal.observed);
			FUZZ_EXPECT(t, pkt.signal.reserved1 == 0);
		} else if (s == ZX_OK) {
			FUZZ_EXPECT(t, pkt.type == ZX_PKT_TYPE_USER);
		}
		return true;
	case 2:
		memset(&pkt, 0, sizeof(pkt));
		pkt.key = key;
		pkt.type = (uint32_t)zxt_rand(&t->rng);
		pkt.user.u64[0] = zxt_rand(&t->rng);
		s = zx_port_queue(port->value, &pkt);
		if (!(port->rights & ZX_RIGHT_WRITE))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT);
		return true;
	case 3:
		s = zx_port_cancel(port->value, h->value, key);
		if (!(port->rights & ZX_RIGHT_WRITE) || !(h->rights & ZX_RIGHT_WAIT))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_FOUND);
		return true;
	default:
		opts = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
		s = zx_port_cancel_key(port->value, opts, key);
		if (opts)
			FUZZ_EXPECT(t, s == ZX_ERR_INVALID_ARGS);
		else if (!(port->rights & ZX_RIGHT_WRITE))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_FOUND);
		return true;
	}
}

/* ------------------------------------------------------------------ */
/* IPC objects: what they share                                         */

/* The slot holding @value, or NULL: a dead or foreign value. */
static struct fuzz_handle *fuzz_by_value(struct fuzz_thread *t, zx_handle_t value)
{
	if (value == ZX_HANDLE_INVALID)
		return NULL;
	for (unsigned int i = 0; i < POOL; i++)
		if (t->pool[i].type && t->pool[i].value == value)
			return &t->pool[i];
	return NULL;
}

/*
 * @koid's object, or a copy of its handle, has gone where other threads
 * (or the collector) can reach it: its signals, and its peer's, are no
 * longer this thread's alone.
 */
static void fuzz_taint(struct fuzz_thread *t, zx_koid_t koid)
{
	for (unsigned int i = 0; i < POOL; i++) {
		struct fuzz_handle *h = &t->pool[i];

		if (h->type && (h->koid == koid || h->peer_koid == koid))
			h->foreign = true;
	}
}

/* Two free slots for a pair, or false. */
static bool fuzz_two_slots(struct fuzz_thread *t, struct fuzz_handle **a, struct fuzz_handle **b)
{
	*a = fuzz_slot(t, false);
	if (!*a)
		return false;
	(*a)->type = ZX_OBJ_TYPE_NONE + 1;	/* claim it before looking again */
	*b = fuzz_slot(t, false);
	(*a)->type = 0;
	return *b;
}

/* Fill both slots of a new pair and check they are each other's peers. */
static bool fuzz_fill_pair(struct fuzz_thread *t, struct fuzz_handle *a, struct fuzz_handle *b,
			   zx_handle_t h0, zx_handle_t h1, zx_rights_t rights, uint32_t aux)
{
	if (!fuzz_fill(t, a, h0, rights) || !fuzz_fill(t, b, h1, rights))
		return false;
	FUZZ_EXPECT(t, a->peer_koid == b->koid && b->peer_koid == a->koid);
	a->aux = aux;
	b->aux = aux;
	return true;
}

/*
 * A handle to aim a call on @type at: mostly one of that type, sometimes
 * any other, sometimes a dead value. *@hp is its slot, or NULL.
 */
static zx_handle_t fuzz_target(struct fuzz_thread *t, uint32_t type, struct fuzz_handle **hp)
{
	uint32_t r = fuzz_rand(t, 16);
	struct fuzz_handle *h = NULL;

	if (r < 13)
		h = fuzz_slot_of(t, type);
	else if (r < 15)
		h = fuzz_slot(t, true);
	*hp = h;
	return h ? h->value : fuzz_dead_value(t);
}

/* What looking up @h as a @type with @rights gives. */
static zx_status_t fuzz_lookup(const struct fuzz_handle *h, uint32_t type, zx_rights_t rights)
{
	if (!h)
		return ZX_ERR_BAD_HANDLE;
	if (h->type != type)
		return ZX_ERR_WRONG_TYPE;
	if ((h->rights & rights) != rights)
		return ZX_ERR_ACCESS_DENIED;
	return ZX_OK;
}

/*
 * Is @h's object this thread's alone, so that its signals (read through
 * @h) tell exactly what a call on it must do?
 */
static bool fuzz_private(const struct fuzz_handle *h, uint32_t type)
{
	return h && h->type == type && !h->foreign && (h->rights & ZX_RIGHT_WAIT);
}

static zx_signals_t fuzz_signals_now(zx_handle_t h)
{
	zx_signals_t obs = FUZZ_UNKNOWN;

	zx_object_wait_one(h, 0, 0, &obs);
	return obs;
}

/* Bytes from a per-call seed: a reader can tell each one is right. */
static uint8_t fuzz_pattern(uint64_t seed, size_t i)
{
	return (uint8_t)(((seed + i) * 0x9E3779B97F4A7C15ull) >> 56);
}

/* A transfer size: mostly small, sometimes a page or two, rarely huge. */
static size_t fuzz_io_len(struct fuzz_thread *t, size_t huge)
{
	switch (fuzz_rand(t, 32)) {
	case 0:
		return 0;
	case 1:
		return huge - fuzz_rand(t, 2) + fuzz_rand(t, 2);
	case 2:
	case 3:
		return fuzz_rand(t, (uint32_t)huge + 1);
	default:
		return fuzz_rand(t, 4) ? 1 + fuzz_rand(t, 64) : 1 + fuzz_rand(t, 8192);
	}
}

/* Is @len bytes of @buf from @off on still @byte? */
static bool fuzz_untouched(const uint8_t *buf, size_t off, size_t len, uint8_t byte)
{
	for (size_t i = off; i < len; i++)
		if (buf[i] != byte)
			return false;
	return true;
}

#define FUZZ_FRESH 0xee		/* what read buffers hold before a read */
#define FUZZ_PAGE 4096

/*
 * A buffer of @len bytes that runs off mapped memory: its first *@k
 * bytes (fewer than @len, unless @len is 0) are the end of t->edge,
 * filled with @fill, and the rest is not mapped, so a copy of more than
 * *@k bytes faults part way through.
 */
static uint8_t *fuzz_edge(struct fuzz_thread *t, size_t len, uint8_t fill, size_t *k)
{
	*k = fuzz_rand(t, len < FUZZ_PAGE ? (uint32_t)len : FUZZ_PAGE);
	memset(t->edge, fill, FUZZ_PAGE);
	return t->edge + FUZZ_PAGE - *k;
}

/* ------------------------------------------------------------------ */
/* Sockets                                                              */

/* Every byte of every stream write, and of datagrams too short to describe themselves. */
#define FUZZ_STREAM_BYTE 0xc3
#define FUZZ_DGRAM_MAGIC 0x6d677a66u

/* The start of a datagram that describes itself; pattern bytes follow. */
struct fuzz_dgram {
	uint32_t magic;
	uint32_t len;
	uint64_t seed;
};

/* A socket end's state, when it is this thread's alone. */
struct fuzz_sock {
	bool known;
	zx_signals_t sig;
	zx_info_socket_t info;
};

static bool fuzz_sock_state(struct fuzz_thread *t, const struct fuzz_handle *h,
			    struct fuzz_sock *st)
{
	st->known = fuzz_private(h, ZX_OBJ_TYPE_SOCKET) && (h->rights & ZX_RIGHT_INSPECT);
	if (!st->known)
		return true;
	FUZZ_EXPECT(t, zx_object_get_info(h->value, ZX_INFO_SOCKET, &st->info, sizeof(st->info),
					  NULL, NULL) == ZX_OK);
	st->sig = fuzz_signals_now(h->value);
	return true;
}

/*
 * The signals agree with the buffers and thresholds: READABLE with data,
 * WRITABLE with room in a live peer's buffer and writes enabled, the
 * threshold signals with their thresholds.
 */
static bool fuzz_sock_check(struct fuzz_thread *t, const struct fuzz_handle *h)
{
	struct fuzz_sock st;
	const zx_info_socket_t *i = &st.info;
	size_t rx = 0, tx = 0;
	bool closed;

	if (!fuzz_sock_state(t, h, &st))
		return false;
	if (!st.known)
		return true;
	closed = st.sig & ZX_SOCKET_PEER_CLOSED;
	FUZZ_EXPECT(t, i->rx_buf_size <= i->rx_buf_max && i->tx_buf_size <= i->tx_buf_max);
	FUZZ_EXPECT(t, i->rx_buf_available <= i->rx_buf_size);
	FUZZ_EXPECT(t, (i->rx_buf_available == 0) == (i->rx_buf_size == 0));
	if (!(i->options & ZX_SOCKET_DATAGRAM))
		FUZZ_EXPECT(t, i->rx_buf_available == i->rx_buf_size);
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_READABLE) == (i->rx_buf_size > 0));
	FUZZ_EXPECT(t, closed == (i->tx_buf_max == 0));
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_WRITABLE) ==
		       (!closed && !(st.sig & ZX_SOCKET_WRITE_DISABLED) &&
			i->tx_buf_size < i->tx_buf_max));
	if (!(h->rights & ZX_RIGHT_GET_PROPERTY))
		return true;
	FUZZ_EXPECT(t, zx_object_get_property(h->value, ZX_PROP_SOCKET_RX_THRESHOLD, &rx,
					      sizeof(rx)) == ZX_OK);
	FUZZ_EXPECT(t, zx_object_get_property(h->value, ZX_PROP_SOCKET_TX_THRESHOLD, &tx,
					      sizeof(tx)) == ZX_OK);
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_READ_THRESHOLD) == (rx && i->rx_buf_size >= rx));
	FUZZ_EXPECT(t, !!(st.sig & ZX_SOCKET_WRITE_THRESHOLD) ==
		       (tx && !closed && i->tx_buf_max - i->tx_buf_size >= tx));
	return true;
}

/* What a socket carries, as far as this thread can tell. */
enum fuzz_sock_kind { FUZZ_STREAM, FUZZ_DGRAM, FUZZ_EITHER };

static enum fuzz_sock_kind fuzz_sock_kind(const struct fuzz_handle *h)
{
	zx_info_socket_t info;

	if (h && (h->aux & FUZZ_AUX_KNOWN))
		return h->aux & ZX_SOCKET_DATAGRAM ? FUZZ_DGRAM : FUZZ_STREAM;
	if (h && zx_object_get_info(h->value, ZX_INFO_SOCKET, &info, sizeof(info), NULL,
				    NULL) == ZX_OK)
		return info.options & ZX_SOCKET_DATAGRAM ? FUZZ_DGRAM : FUZZ_STREAM;
	return FUZZ_EITHER;
}

/*
 * What a write sends: a datagram long enough describes itself, anything
 * else is FUZZ_STREAM_BYTE throughout (the right thing for either type).
 */
static void fuzz_sock_fill(struct fuzz_thread *t, bool dgram, size_t len)
{
	struct fuzz_dgram d = { FUZZ_DGRAM_MAGIC, (uint32_t)len, zxt_rand(&t->rng) };

	if (!dgram || len < sizeof(d)) {
		memset(t->buf, FUZZ_STREAM_BYTE, len);
		return;
	}
	memcpy(t->buf, &d, sizeof(d));
	for (size_t i = sizeof(d); i < len; i++)
		t->buf[i] = fuzz_pattern(d.seed, i);
}

/*
 * What a read returned is what some write sent, and nothing past it
 * moved. @dgram: the socket may be a datagram socket.
 */
static bool fuzz_sock_bytes_ok(struct fuzz_thread *t, bool dgram, size_t actual, size_t len)
{
	struct fuzz_dgram d;

	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, actual, len, FUZZ_FRESH));
	if (dgram && actual >= sizeof(d.magic) && !memcmp(t->rbuf, &(uint32_t){ FUZZ_DGRAM_MAGIC },
							 sizeof(d.magic))) {
		if (actual < sizeof(d))
			return true;
		memcpy(&d, t->rbuf, sizeof(d));
		/* Truncated only to the buffer's size. */
		FUZZ_EXPECT(t, d.len == actual || (d.len > actual && actual == len));
		for (size_t i = sizeof(d); i < actual; i++)
			if (t->rbuf[i] != fuzz_pattern(d.seed, i))
				FUZZ_FAIL(t, "datagram of %u: byte %zu is 0x%02x, not 0x%02x",
					  d.len, i, t->rbuf[i], fuzz_pattern(d.seed, i));
		return true;
	}
	if (dgram && actual < sizeof(d.magic))
		return true;	/* maybe the start of a header */
	for (size_t i = 0; i < actual; i++)
		if (t->rbuf[i] != FUZZ_STREAM_BYTE)
			FUZZ_FAIL(t, "socket read %zu bytes: byte %zu is 0x%02x", actual, i,
				  t->rbuf[i]);
	return true;
}

static bool fuzz_socket_create(struct fuzz_thread *t)
{
	uint32_t options = fuzz_rand(t, 8) ? fuzz_rand(t, 2) : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = ZX_HANDLE_INVALID, h1 = ZX_HANDLE_INVALID;
	struct fuzz_handle *a, *b;
	zx_status_t s;

	if (!fuzz_two_slots(t, &a, &b))
		return true;
	s = zx_socket_create(options, &h0, &h1);
	FUZZ_EXPECT(t, s == (options & ~ZX_SOCKET_CREATE_MASK ? ZX_ERR_INVALID_ARGS : ZX_OK));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill_pair(t, a, b, h0, h1, ZX_DEFAULT_SOCKET_RIGHTS, options | FUZZ_AUX_KNOWN))
		return false;
	FUZZ_EXPECT(t, fuzz_signals_now(h0) == ZX_SOCKET_WRITABLE);
	return fuzz_sock_check(t, a) && fuzz_sock_check(t, b);
}

static zx_status_t fuzz_sock_write_want(const struct fuzz_sock *st, size_t len, size_t *actual)
{
	const zx_info_socket_t *i = &st->info;
	bool dgram = i->options & ZX_SOCKET_DATAGRAM;
	size_t room = i->tx_buf_max - i->tx_buf_size;

	*actual = 0;
	if (st->sig & ZX_SOCKET_PEER_CLOSED)
		return ZX_ERR_PEER_CLOSED;
	if (st->sig & ZX_SOCKET_WRITE_DISABLED)
		return ZX_ERR_BAD_STATE;
	if (!len)
		return ZX_OK;
	if (dgram && len > i->tx_buf_max)
		return room ? ZX_ERR_OUT_OF_RANGE : ZX_ERR_SHOULD_WAIT;	/* either */
	if (!room || (dgram && len > room))
		return ZX_ERR_SHOULD_WAIT;
	*actual = len < room ? len : room;
	return ZX_OK;
}

static bool fuzz_socket_write(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t options = fuzz_rand(t, 16) ? 0 : 1u << fuzz_rand(t, 32);
	size_t len = fuzz_io_len(t, 256 * 1024), actual = 12345, want_actual, k = len;
	bool edge = len && !fuzz_rand(t, 16);
	const uint8_t *src = t->buf;
	struct fuzz_sock before, after;
	zx_status_t s, want;

	if (!fuzz_sock_state(t, h, &before))
		return false;
	fuzz_sock_fill(t, fuzz_sock_kind(h) == FUZZ_DGRAM, len);
	if (edge) {
		/* A fault part way through sends nothing. */
		uint8_t *p = fuzz_edge(t, len, 0, &k);

		memcpy(p, t->buf, k);
		src = p;
	}
	s = zx_socket_write(v, options, src, len, &actual);
	if (s == ZX_OK)
		t->stats[ST_SOCK_BYTES] += actual;
	want = options ? ZX_ERR_INVALID_ARGS : fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_WRITE);
	if (want != ZX_OK) {
		FUZZ_EXPECT(t, s == want);
		return true;
	}
	if (!before.known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT, ZX_ERR_PEER_CLOSED, ZX_ERR_BAD_STATE,
			    ZX_ERR_OUT_OF_RANGE, ZX_ERR_NO_MEMORY, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_OK || actual <= k);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || edge);
		return true;
	}
	want = fuzz_sock_write_want(&before, len, &want_actual);
	if (want == ZX_OK && want_actual > k)
		want = ZX_ERR_INVALID_ARGS;
	if (want == ZX_ERR_OUT_OF_RANGE && s == ZX_ERR_SHOULD_WAIT)
		want = s;
	if (s != want && s != ZX_ERR_NO_MEMORY)
		FUZZ_FAIL(t, "socket_write(%zu) with 0x%x, %zu of %zu queued: %s, expected %s", len,
			  before.sig, before.info.tx_buf_size, before.info.tx_buf_max,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (!fuzz_sock_state(t, h, &after))
		return false;
	if (s == ZX_OK) {
		FUZZ_EXPECT(t, actual == want_actual);
		FUZZ_EXPECT(t, after.info.tx_buf_size == before.info.tx_buf_size + actual);
	} else {
		FUZZ_EXPECT(t, after.info.tx_buf_size == before.info.tx_buf_size);
		FUZZ_EXPECT(t, after.sig == before.sig);
	}
	return fuzz_sock_check(t, h);
}

static bool fuzz_socket_read(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t options = fuzz_rand(t, 4) ? 0 : ZX_SOCKET_PEEK;
	size_t len = fuzz_io_len(t, 256 * 1024), actual = 12345, want_actual = 0, k = len;
	bool maybe_dgram = fuzz_sock_kind(h) != FUZZ_STREAM, dgram;
	bool edge = len && !fuzz_rand(t, 16);
	struct fuzz_sock before, after;
	uint8_t *dst = t->rbuf;
	zx_status_t s, want;

	if (!fuzz_rand(t, 32))
		options = 1u << fuzz_rand(t, 32);
	if (!fuzz_sock_state(t, h, &before))
		return false;
	memset(t->rbuf, FUZZ_FRESH, len);
	if (edge)
		dst = fuzz_edge(t, len, FUZZ_FRESH, &k);	/* a fault takes nothing */
	s = zx_socket_read(v, options, dst, len, &actual);
	if (edge && s == ZX_OK) {
		FUZZ_EXPECT(t, actual <= k);
		memcpy(t->rbuf, dst, actual);
	}
	want = options & ~ZX_SOCKET_PEEK ? ZX_ERR_INVALID_ARGS :
	       fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_READ);
	if (want != ZX_OK) {
		FUZZ_EXPECT(t, s == want);
		return true;
	}
	if (s == ZX_OK && !fuzz_sock_bytes_ok(t, maybe_dgram, actual, len))
		return false;
	if (s != ZX_OK)
		FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, len, FUZZ_FRESH));
	if (!before.known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT, ZX_ERR_PEER_CLOSED, ZX_ERR_BAD_STATE,
			    ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_OK || actual <= len);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || edge);
		return true;
	}
	dgram = before.info.options & ZX_SOCKET_DATAGRAM;
	if (before.info.rx_buf_size) {
		want = ZX_OK;
		want_actual = dgram ? before.info.rx_buf_available : before.info.rx_buf_size;
		want_actual = len < want_actual ? len : want_actual;
	} else if (before.sig & ZX_SOCKET_PEER_CLOSED) {
		want = ZX_ERR_PEER_CLOSED;
	} else if (before.sig & ZX_SOCKET_PEER_WRITE_DISABLED) {
		want = ZX_ERR_BAD_STATE;
	} else {
		want = ZX_ERR_SHOULD_WAIT;
	}
	if (want == ZX_OK && want_actual > k)
		want = ZX_ERR_INVALID_ARGS;
	if (s != want)
		FUZZ_FAIL(t, "socket_read(%zu) with 0x%x, %zu queued: %s, expected %s", len,
			  before.sig, before.info.rx_buf_size, zx_status_get_string(s),
			  zx_status_get_string(want));
	if (!fuzz_sock_state(t, h, &after))
		return false;
	if (s == ZX_OK) {
		size_t gone = dgram ? (len ? before.info.rx_buf_available : 0) : actual;

		FUZZ_EXPECT(t, actual == want_actual);
		if (options & ZX_SOCKET_PEEK)
			gone = 0;
		FUZZ_EXPECT(t, after.info.rx_buf_size == before.info.rx_buf_size - gone);
	} else {
		FUZZ_EXPECT(t, after.info.rx_buf_size == before.info.rx_buf_size);
		FUZZ_EXPECT(t, after.sig == before.sig);
	}
	return fuzz_sock_check(t, h);
}

/* A disposition: mostly the valid ones, both flags at once, or junk. */
static uint32_t fuzz_disposition(struct fuzz_thread *t)
{
	static const uint32_t d[] = {
		0, 0, ZX_SOCKET_DISPOSITION_WRITE_DISABLED, ZX_SOCKET_DISPOSITION_WRITE_ENABLED,
		ZX_SOCKET_DISPOSITION_WRITE_DISABLED, ZX_SOCKET_DISPOSITION_WRITE_ENABLED,
		ZX_SOCKET_DISPOSITION_WRITE_DISABLED | ZX_SOCKET_DISPOSITION_WRITE_ENABLED,
	};
	uint32_t r = fuzz_rand(t, sizeof(d) / sizeof(d[0]) + 1);

	return r < sizeof(d) / sizeof(d[0]) ? d[r] : (uint32_t)zxt_rand(&t->rng);
}

static bool fuzz_disposition_valid(uint32_t d)
{
	return d == 0 || d == ZX_SOCKET_DISPOSITION_WRITE_DISABLED ||
	       d == ZX_SOCKET_DISPOSITION_WRITE_ENABLED;
}

/*
 * Re-enabling writes is refused while the reader still holds what was
 * written before they were disabled (Zircon's IsDispositionStateValid).
 */
static zx_status_t fuzz_disposition_want(const struct fuzz_sock *st, uint32_t d, uint32_t dp)
{
	const zx_info_socket_t *i = &st->info;
	bool closed = st->sig & ZX_SOCKET_PEER_CLOSED;

	if (dp == ZX_SOCKET_DISPOSITION_WRITE_ENABLED && i->rx_buf_size &&
	    (st->sig & ZX_SOCKET_PEER_WRITE_DISABLED))
		return ZX_ERR_BAD_STATE;
	if (!closed && d == ZX_SOCKET_DISPOSITION_WRITE_ENABLED && i->tx_buf_size &&
	    (st->sig & ZX_SOCKET_WRITE_DISABLED))
		return ZX_ERR_BAD_STATE;
	return ZX_OK;
}

static bool fuzz_socket_disposition(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t d = fuzz_disposition(t), dp = fuzz_disposition(t);
	struct fuzz_sock before, after;
	zx_status_t s, want;

	if (!fuzz_sock_state(t, h, &before))
		return false;
	s = zx_socket_set_disposition(v, d, dp);
	if (!fuzz_disposition_valid(d) || !fuzz_disposition_valid(dp))
		want = ZX_ERR_INVALID_ARGS;
	else
		want = fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_MANAGE_SOCKET);
	if (want == ZX_OK && !before.known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_STATE);
		return true;
	}
	if (want == ZX_OK)
		want = fuzz_disposition_want(&before, d, dp);
	if (s != want)
		FUZZ_FAIL(t, "set_disposition(0x%x, 0x%x) with 0x%x, rx %zu tx %zu: %s, not %s",
			  d, dp, before.known ? before.sig : 0, before.info.rx_buf_size,
			  before.info.tx_buf_size, zx_status_get_string(s),
			  zx_status_get_string(want));
	if (!before.known)
		return true;
	if (!fuzz_sock_state(t, h, &after))
		return false;
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, after.sig == before.sig);
	} else {
		if (d)
			FUZZ_EXPECT(t, !!(after.sig & ZX_SOCKET_WRITE_DISABLED) ==
				       (d == ZX_SOCKET_DISPOSITION_WRITE_DISABLED));
		if (dp && !(before.sig & ZX_SOCKET_PEER_CLOSED))
			FUZZ_EXPECT(t, !!(after.sig & ZX_SOCKET_PEER_WRITE_DISABLED) ==
				       (dp == ZX_SOCKET_DISPOSITION_WRITE_DISABLED));
	}
	return fuzz_sock_check(t, h);
}

/* A threshold: off, within the capacity, the capacity, or past it. */
static size_t fuzz_threshold(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 6)) {
	case 0:
		return 0;
	case 1:
		return 256 * 1024;
	case 2:
		return 256 * 1024 + 1 + fuzz_rand(t, 1000);
	case 3:
		return (size_t)zxt_rand(&t->rng);
	default:
		return 1 + fuzz_rand(t, fuzz_rand(t, 2) ? 64 : 256 * 1024);
	}
}

static bool fuzz_socket_property(struct fuzz_thread *t)
{
	static const uint32_t props[] = {
		ZX_PROP_SOCKET_RX_THRESHOLD, ZX_PROP_SOCKET_TX_THRESHOLD, 0, 14, 4,
	};
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	uint32_t prop = props[fuzz_rand(t, 5) < 4 ? fuzz_rand(t, 2) : 2 + fuzz_rand(t, 3)];
	bool set = fuzz_rand(t, 2), null = !fuzz_rand(t, 32);
	size_t value = fuzz_threshold(t), got = 12345, size = sizeof(value);
	struct fuzz_sock before;
	zx_status_t s, want;

	if (!fuzz_rand(t, 16))
		size = fuzz_rand(t, sizeof(value));
	if (!fuzz_sock_state(t, h, &before))
		return false;
	s = set ? zx_object_set_property(v, prop, null ? NULL : &value, size)
		: zx_object_get_property(v, prop, null ? NULL : &got, size);
	if (null)
		want = ZX_ERR_INVALID_ARGS;
	else if (!h)
		want = ZX_ERR_BAD_HANDLE;
	else if (!(h->rights & (set ? ZX_RIGHT_SET_PROPERTY : ZX_RIGHT_GET_PROPERTY)))
		want = ZX_ERR_ACCESS_DENIED;
	else if (prop != ZX_PROP_SOCKET_RX_THRESHOLD && prop != ZX_PROP_SOCKET_TX_THRESHOLD)
		want = ZX_ERR_NOT_SUPPORTED;
	else if (size < sizeof(value))
		want = ZX_ERR_BUFFER_TOO_SMALL;
	else if (h->type != ZX_OBJ_TYPE_SOCKET)
		want = ZX_ERR_WRONG_TYPE;
	else if (!before.known)
		want = ZX_OK;	/* or a refusal, below */
	else if (set && prop == ZX_PROP_SOCKET_TX_THRESHOLD &&
		 (before.sig & ZX_SOCKET_PEER_CLOSED))
		want = ZX_ERR_PEER_CLOSED;
	else if (set && value > before.info.rx_buf_max)
		want = ZX_ERR_INVALID_ARGS;
	else
		want = ZX_OK;
	if (want == ZX_OK && !before.known && set) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_PEER_CLOSED);
		return true;
	}
	if (s != want)
		FUZZ_FAIL(t, "%s_property(%u, %zu, size %zu) on type %u: %s, expected %s",
			  set ? "set" : "get", prop, value, size, h ? h->type : 0,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (s == ZX_OK && set && before.known && (h->rights & ZX_RIGHT_GET_PROPERTY)) {
		FUZZ_EXPECT(t, zx_object_get_property(v, prop, &got, sizeof(got)) == ZX_OK);
		FUZZ_EXPECT(t, got == value);
	}
	if (s == ZX_OK && !set)
		FUZZ_EXPECT(t, got <= 256 * 1024);
	return before.known ? fuzz_sock_check(t, h) : true;
}

static bool fuzz_socket_info(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_SOCKET, &h);
	size_t len = fuzz_rand(t, 4) ? sizeof(zx_info_socket_t) : fuzz_rand(t, 64);
	size_t actual = 7, avail = 7;
	zx_info_socket_t info;
	zx_status_t s, want;

	s = zx_object_get_info(v, ZX_INFO_SOCKET, &info, len, &actual, &avail);
	want = fuzz_lookup(h, ZX_OBJ_TYPE_SOCKET, ZX_RIGHT_INSPECT);
	if (want == ZX_OK && len < sizeof(info))
		want = ZX_ERR_BUFFER_TOO_SMALL;
	FUZZ_EXPECT(t, s == want);
	if (s == ZX_OK || s == ZX_ERR_BUFFER_TOO_SMALL)
		FUZZ_EXPECT(t, actual == (s == ZX_OK) && avail == 1);
	if (s == ZX_OK && (h->aux & FUZZ_AUX_KNOWN))
		FUZZ_EXPECT(t, info.options == (h->aux & ZX_SOCKET_CREATE_MASK));
	return s == ZX_OK ? fuzz_sock_check(t, h) : true;
}

static bool op_socket(struct fuzz_thread *t)
{
	/* The pool runs low: without a socket every call would be on a dead value. */
	if (!fuzz_slot_of(t, ZX_OBJ_TYPE_SOCKET))
		return fuzz_socket_create(t);
	switch (fuzz_rand(t, 8)) {
	case 0:
		return fuzz_socket_create(t);
	case 1:
	case 2:
		return fuzz_socket_write(t);
	case 3:
	case 4:
		return fuzz_socket_read(t);
	case 5:
		return fuzz_socket_disposition(t);
	case 6:
		return fuzz_socket_property(t);
	default:
		return fuzz_socket_info(t);
	}
}

/* ------------------------------------------------------------------ */
/* FIFOs                                                                */

#define FUZZ_FIFO_BYTE 0x5a	/* every byte of every element written */

/* A dimension: mostly a power of two that fits, sometimes one that does not. */
static size_t fuzz_fifo_dim(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 16)) {
	case 0:
		return 0;
	case 1:
		return 3 + 2 * fuzz_rand(t, 8);		/* not a power of two: fine too */
	case 2:
		return ZX_FIFO_MAX_SIZE_BYTES + 1 + fuzz_rand(t, 8192);
	case 3:
		return sizeof(size_t) == 8 ? (size_t)1 << (32 + fuzz_rand(t, 31)) : SIZE_MAX;
	case 4:
	case 5:
		return 1 + fuzz_rand(t, 64);
	default:
		return (size_t)1 << fuzz_rand(t, 13);
	}
}

/* Current Zircon's rule: any count, each operand and the product in bounds. */
static bool fuzz_fifo_dims_ok(uint64_t count, uint64_t size)
{
	return count && size && count <= ZX_FIFO_MAX_SIZE_BYTES &&
	       size <= ZX_FIFO_MAX_SIZE_BYTES && count * size <= ZX_FIFO_MAX_SIZE_BYTES;
}

/* The element size and count @h's FIFO was made with; 0 if unknown. */
static uint32_t fuzz_fifo_size(const struct fuzz_handle *h)
{
	return h && h->type == ZX_OBJ_TYPE_FIFO ? h->aux & 0xffff : 0;
}

static uint32_t fuzz_fifo_count(const struct fuzz_handle *h)
{
	return h && h->type == ZX_OBJ_TYPE_FIFO ? h->aux >> 16 : 0;
}

static bool fuzz_fifo_create(struct fuzz_thread *t)
{
	size_t count = fuzz_fifo_dim(t), size = fuzz_fifo_dim(t);
	uint32_t options = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = ZX_HANDLE_INVALID, h1 = ZX_HANDLE_INVALID;
	struct fuzz_handle *a, *b;
	zx_status_t s, want;

	if (!fuzz_two_slots(t, &a, &b))
		return true;
	s = zx_fifo_create(count, size, options, &h0, &h1);
	want = !fuzz_fifo_dims_ok(count, size) ? ZX_ERR_OUT_OF_RANGE :
	       options ? ZX_ERR_INVALID_ARGS : ZX_OK;
	if (s != want && s != ZX_ERR_NO_MEMORY)
		FUZZ_FAIL(t, "fifo_create(%zu, %zu, 0x%x): %s, expected %s", count, size, options,
			  zx_status_get_string(s), zx_status_get_string(want));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill_pair(t, a, b, h0, h1, ZX_DEFAULT_FIFO_RIGHTS,
			    (uint32_t)size | (uint32_t)count << 16))
		return false;
	FUZZ_EXPECT(t, fuzz_signals_now(h0) == ZX_FIFO_WRITABLE);
	return true;
}

/* An element size and count for a transfer on @h. */
static void fuzz_fifo_io_args(struct fuzz_thread *t, const struct fuzz_handle *h,
			      size_t *size, size_t *count)
{
	uint32_t known = fuzz_fifo_size(h), n = fuzz_fifo_count(h);

	*size = known && fuzz_rand(t, 8) ? known : 1 + fuzz_rand(t, fuzz_rand(t, 2) ? 16 : 4097);
	switch (fuzz_rand(t, 16)) {
	case 0:
		*count = 0;
		break;
	case 1:
		*count = sizeof(size_t) == 8 ? (size_t)1 << 40 : SIZE_MAX;
		break;
	default:
		*count = 1 + fuzz_rand(t, n ? 2 * n : 16);
		break;
	}
}

/*
 * Elements read are whole elements somebody wrote, and nothing past them
 * moved.
 */
static bool fuzz_fifo_bytes_ok(struct fuzz_thread *t, size_t size, size_t actual)
{
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, actual * size, FUZZ_FIFO_BYTE));
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, actual * size,
				      ZX_FIFO_MAX_SIZE_BYTES + 64, FUZZ_FRESH));
	return true;
}

static bool fuzz_fifo_io(struct fuzz_thread *t, bool write)
{
	struct fuzz_handle *h;
	zx_handle_t v = fuzz_target(t, ZX_OBJ_TYPE_FIFO, &h);
	bool known = fuzz_private(h, ZX_OBJ_TYPE_FIFO) && fuzz_fifo_size(h);
	size_t size, count, actual = 12345, k = FUZZ_BUF;
	zx_signals_t before = known ? fuzz_signals_now(v) : 0, after;
	bool size_ok, edge = !fuzz_rand(t, 16);
	uint8_t *data = write ? t->buf : t->rbuf;
	zx_status_t s, want;
	uint64_t bytes;

	fuzz_fifo_io_args(t, h, &size, &count);
	size_ok = count && size == fuzz_fifo_size(h);
	/* At most the ring's 4 KiB move, whatever the count. */
	bytes = (uint64_t)count * size < ZX_FIFO_MAX_SIZE_BYTES ? (uint64_t)count * size :
								  ZX_FIFO_MAX_SIZE_BYTES;
	memset(t->buf, FUZZ_FIFO_BYTE, ZX_FIFO_MAX_SIZE_BYTES);
	memset(t->rbuf, FUZZ_FRESH, ZX_FIFO_MAX_SIZE_BYTES + 64);
	if (edge)	/* a fault part way through moves nothing */
		data = fuzz_edge(t, bytes, write ? FUZZ_FIFO_BYTE : FUZZ_FRESH, &k);
	s = write ? zx_fifo_write(v, size, data, count, &actual)
		  : zx_fifo_read(v, size, data, count, &actual);
	if (s == ZX_OK) {
		FUZZ_EXPECT(t, actual * size <= k);
		if (!write && edge)
			memcpy(t->rbuf, data, actual * size);
	}
	want = fuzz_lookup(h, ZX_OBJ_TYPE_FIFO, write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ);
	if (want != ZX_OK) {
		FUZZ_EXPECT(t, s == want);
		return true;
	}
	if (s == ZX_OK) {
		FUZZ_EXPECT(t, actual >= 1 && actual <= count);
		t->stats[ST_FIFO_ELEMS] += actual;
	}
	if (!write && !fuzz_fifo_bytes_ok(t, size, s == ZX_OK ? actual : 0))
		return false;
	if (!known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_OUT_OF_RANGE, ZX_ERR_SHOULD_WAIT,
			    ZX_ERR_PEER_CLOSED, ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || edge);
		return true;
	}
	/* A write looks for the peer first, a read at the sizes first. */
	if (write && (before & ZX_FIFO_PEER_CLOSED))
		want = ZX_ERR_PEER_CLOSED;
	else if (!size_ok)
		want = ZX_ERR_OUT_OF_RANGE;
	else if (!(before & (write ? ZX_FIFO_WRITABLE : ZX_FIFO_READABLE)))
		want = write || !(before & ZX_FIFO_PEER_CLOSED) ? ZX_ERR_SHOULD_WAIT :
								  ZX_ERR_PEER_CLOSED;
	else
		want = ZX_OK;
	/* How many elements the ring takes or holds is not tracked: either. */
	if (want == ZX_OK && edge && s == ZX_ERR_INVALID_ARGS)
		want = s;
	if (s != want)
		FUZZ_FAIL(t, "fifo_%s(size %zu of %u, count %zu) with 0x%x: %s, expected %s",
			  write ? "write" : "read", size, fuzz_fifo_size(h), count, before,
			  zx_status_get_string(s), zx_status_get_string(want));
	after = fuzz_signals_now(v);
	FUZZ_EXPECT(t, !(after & ZX_FIFO_PEER_CLOSED) || !(after & ZX_FIFO_WRITABLE));
	/* Short only when the ring filled up or ran dry. */
	if (s == ZX_OK && actual < count)
		FUZZ_EXPECT(t, !(after & (write ? ZX_FIFO_WRITABLE : ZX_FIFO_READABLE)));
	if (s != ZX_OK)
		FUZZ_EXPECT(t, after == before);
	return true;
}

static bool op_fifo(struct fuzz_thread *t)
{
	if (!fuzz_slot_of(t, ZX_OBJ_TYPE_FIFO))
		return fuzz_fifo_create(t);
	switch (fuzz_rand(t, 5)) {
	case 0:
		return fuzz_fifo_create(t);
	case 1:
	case 2:
		return fuzz_fifo_io(t, true);
	default:
		return fuzz_fifo_io(t, false);
	}
}

/* ------------------------------------------------------------------ */
/* Channels                                                             */

#define FUZZ_MSG_MAGIC 0x6d787a66u
/* Handle arrays run a little past the limit, for ZX_ERR_OUT_OF_RANGE. */
#define FUZZ_MAX_HANDLES (ZX_CHANNEL_MAX_MSG_HANDLES + 4)
/* A disposition's result before the call: any write to it is a status. */
#define FUZZ_UNSET ((zx_status_t)0x7eadbeef)

/*
 * The start of a message that describes itself: whoever reads it checks
 * it arrived whole, unmixed, and (when the records fit) with the very
 * handles it was sent with. Pattern bytes follow the records.
 */
struct fuzz_msg_hdr {
	uint32_t txid;		/* zx_channel_call()'s, or anything */
	uint32_t magic;
	uint32_t num_bytes;
	uint32_t num_handles;
	uint64_t seed;
};

struct fuzz_msg_rec {
	uint64_t koid;
	uint32_t type;
	uint32_t rights;
};

/* The errors one entry of a handle array may cause, as bits. */
enum {
	FE_BAD_HANDLE = 1 << 0,
	FE_INVALID_ARGS = 1 << 1,
	FE_ACCESS_DENIED = 1 << 2,
	FE_NOT_SUPPORTED = 1 << 3,
	FE_WRONG_TYPE = 1 << 4,
};

static uint32_t fuzz_ebit(zx_status_t s)
{
	switch (s) {
	case ZX_ERR_BAD_HANDLE:
		return FE_BAD_HANDLE;
	case ZX_ERR_INVALID_ARGS:
		return FE_INVALID_ARGS;
	case ZX_ERR_ACCESS_DENIED:
		return FE_ACCESS_DENIED;
	case ZX_ERR_NOT_SUPPORTED:
		return FE_NOT_SUPPORTED;
	case ZX_ERR_WRONG_TYPE:
		return FE_WRONG_TYPE;
	default:
		return 0;
	}
}

/* A write's handle array as planned, and what each entry must do. */
struct fuzz_msg {
	bool etc;
	uint32_t n;
	uint32_t errs;					/* every entry's, together */
	zx_handle_t v[FUZZ_MAX_HANDLES];		/* plain writes */
	zx_handle_disposition_t d[FUZZ_MAX_HANDLES];	/* _etc (MOVE for plain ones) */
	uint32_t err[FUZZ_MAX_HANDLES];
	bool consumed[FUZZ_MAX_HANDLES];		/* takes its value out of the table */
	struct fuzz_msg_rec rec[FUZZ_MAX_HANDLES];	/* what the reader gets */
};

/* Read buffers for handles, both forms. */
struct fuzz_rd {
	zx_handle_t v[ZX_CHANNEL_MAX_MSG_HANDLES];
	zx_handle_info_t info[ZX_CHANNEL_MAX_MSG_HANDLES];
};

static bool fuzz_msg_has_recs(uint32_t num_bytes, uint32_t num_handles)
{
	return num_bytes >= sizeof(struct fuzz_msg_hdr) +
			    (size_t)num_handles * sizeof(struct fuzz_msg_rec);
}

/*
 * Fill @buf with a message that describes itself or, when the header does
 * not fit and sometimes anyway, with bytes nobody checks.
 */
static void fuzz_msg_build(struct fuzz_thread *t, uint8_t *buf, uint32_t num_bytes,
			   const struct fuzz_msg_rec *recs, uint32_t num_handles)
{
	struct fuzz_msg_hdr hdr = { 0, FUZZ_MSG_MAGIC, num_bytes, num_handles,
				    zxt_rand(&t->rng) };
	size_t off = sizeof(hdr);

	if (num_bytes < sizeof(hdr) || !fuzz_rand(t, 8)) {
		for (size_t i = 0; i < num_bytes; i++)
			buf[i] = fuzz_pattern(hdr.seed, i);
		if (num_bytes >= 2 * sizeof(uint32_t))
			memcpy(buf + sizeof(uint32_t), &(uint32_t){ ~FUZZ_MSG_MAGIC },
			       sizeof(uint32_t));
		return;
	}
	memcpy(buf, &hdr, sizeof(hdr));
	if (fuzz_msg_has_recs(num_bytes, num_handles)) {
		memcpy(buf + off, recs, num_handles * sizeof(*recs));
		off += num_handles * sizeof(*recs);
	}
	for (size_t i = off; i < num_bytes; i++)
		buf[i] = fuzz_pattern(hdr.seed, i);
}

/* A message that describes itself is exactly what was sent. */
static bool fuzz_msg_check(struct fuzz_thread *t, const uint8_t *buf, uint32_t num_bytes,
			   const zx_handle_t *handles, uint32_t num_handles)
{
	struct fuzz_msg_hdr hdr;
	size_t off = sizeof(hdr);

	if (num_bytes < sizeof(hdr))
		return true;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.magic != FUZZ_MSG_MAGIC)
		return true;
	if (hdr.num_bytes != num_bytes || hdr.num_handles != num_handles)
		FUZZ_FAIL(t, "message of %u bytes and %u handles arrived with %u and %u",
			  hdr.num_bytes, hdr.num_handles, num_bytes, num_handles);
	for (uint32_t i = 0; fuzz_msg_has_recs(num_bytes, num_handles) && i < num_handles; i++) {
		zx_info_handle_basic_t info;
		struct fuzz_msg_rec rec;

		memcpy(&rec, buf + off, sizeof(rec));
		off += sizeof(rec);
		FUZZ_EXPECT(t, zx_object_get_info(handles[i], ZX_INFO_HANDLE_BASIC, &info,
						  sizeof(info), NULL, NULL) == ZX_OK);
		if (info.koid != rec.koid || info.type != rec.type || info.rights != rec.rights)
			FUZZ_FAIL(t, "handle %u/%u: koid %llu type %u rights 0x%x, sent %llu %u 0x%x",
				  i, num_handles, (unsigned long long)info.koid, info.type,
				  info.rights, (unsigned long long)rec.koid, rec.type, rec.rights);
	}
	for (size_t i = off; i < num_bytes; i++)
		if (buf[i] != fuzz_pattern(hdr.seed, i))
			FUZZ_FAIL(t, "message of %u bytes: byte %zu is 0x%02x, not 0x%02x",
				  num_bytes, i, buf[i], fuzz_pattern(hdr.seed, i));
	return true;
}

/* A message size: mostly small, sometimes pages, rarely the limit or past it. */
static uint32_t fuzz_msg_len(struct fuzz_thread *t)
{
	switch (fuzz_rand(t, 64)) {
	case 0:
		return ZX_CHANNEL_MAX_MSG_BYTES + fuzz_rand(t, 2);
	case 1:
	case 2:
		return fuzz_rand(t, ZX_CHANNEL_MAX_MSG_BYTES);
	default:
		return fuzz_rand(t, 4) ? fuzz_rand(t, 160) : fuzz_rand(t, 4096);
	}
}

/* One unknown option bit (ZX_CHANNEL_WRITE_USE_IOVEC would change the call). */
static uint32_t fuzz_bad_option(struct fuzz_thread *t)
{
	uint32_t o;

	do
		o = 1u << fuzz_rand(t, 32);
	while (o == ZX_CHANNEL_WRITE_USE_IOVEC);
	return o;
}

/* Room to read into: often enough for anything, sometimes too little. */
static void fuzz_read_room(struct fuzz_thread *t, uint32_t *nb, uint32_t *nh)
{
	*nb = fuzz_rand(t, 2) ? ZX_CHANNEL_MAX_MSG_BYTES :
	      fuzz_rand(t, 4) ? fuzz_rand(t, 200) : fuzz_rand(t, ZX_CHANNEL_MAX_MSG_BYTES);
	*nh = fuzz_rand(t, 2) ? ZX_CHANNEL_MAX_MSG_HANDLES : fuzz_rand(t, 5);
}

/*
 * The value of entry @i: mostly a live handle not named yet; sometimes
 * the channel's own (refused), its peer's (a channel end into its own
 * queue: a cycle only the collector can free), one named already, or a
 * dead value.
 */
static zx_handle_t fuzz_entry_value(struct fuzz_thread *t, const struct fuzz_handle *ch,
				    const struct fuzz_msg *m, uint32_t i, uint64_t *named)
{
	const struct fuzz_handle *h;
	unsigned int start;

	switch (fuzz_rand(t, 40)) {
	case 0:
		if (ch)
			return ch->value;
		break;
	case 1:
	case 2:
		h = ch && ch->peer_koid ? fuzz_find(t, ch->peer_koid) : NULL;
		if (h)
			return h->value;
		break;
	case 3:
		if (i)
			return m->v[fuzz_rand(t, i)];
		break;
	case 4:
		return fuzz_dead_value(t);
	default:
		break;
	}
	start = fuzz_rand(t, POOL);
	for (unsigned int k = 0; k < POOL; k++) {
		unsigned int j = (start + k) % POOL;

		if (t->pool[j].type && !(*named & (1ull << j))) {
			*named |= 1ull << j;
			return t->pool[j].value;
		}
	}
	return fuzz_dead_value(t);
}

/* Entry @i's disposition: mostly a move, sometimes a duplicate or junk. */
static void fuzz_entry_disposition(struct fuzz_thread *t, struct fuzz_msg *m, uint32_t i)
{
	const struct fuzz_handle *h = fuzz_by_value(t, m->v[i]);
	zx_handle_disposition_t *d = &m->d[i];
	uint32_t r = fuzz_rand(t, 16);

	*d = (zx_handle_disposition_t){
		.operation = ZX_HANDLE_OP_MOVE,
		.handle = m->v[i],
		.type = ZX_OBJ_TYPE_NONE,
		.rights = ZX_RIGHT_SAME_RIGHTS,
		.result = FUZZ_UNSET,
	};
	if (!m->etc)
		return;
	if (r >= 11)
		d->operation = r < 15 ? ZX_HANDLE_OP_DUPLICATE : (uint32_t)zxt_rand(&t->rng);
	r = fuzz_rand(t, 8);
	if (r == 0)
		d->type = h ? h->type : ZX_OBJ_TYPE_EVENT;
	else if (r == 1)
		d->type = fuzz_rand(t, 32);
	if (!fuzz_rand(t, 4))
		d->rights = fuzz_rights(t, h ? h->rights : 0);
}

/*
 * What entry @i must do, given the entries before it (a value an earlier
 * entry consumed is gone): the errors it may cause, whether it consumes
 * its value, and what the reader gets if the write goes through.
 */
static void fuzz_entry_predict(struct fuzz_thread *t, struct fuzz_msg *m, uint32_t i,
			       zx_koid_t chan_koid)
{
	const zx_handle_disposition_t *d = &m->d[i];
	bool dup = d->operation == ZX_HANDLE_OP_DUPLICATE;
	const struct fuzz_handle *h = fuzz_by_value(t, m->v[i]);
	uint32_t e = 0;
	zx_rights_t have;

	m->consumed[i] = !dup;
	for (uint32_t j = 0; j < i; j++)
		if (m->v[j] == m->v[i] && m->consumed[j])
			h = NULL;
	m->rec[i] = (struct fuzz_msg_rec){ 0 };
	if (!h) {
		m->err[i] = FE_BAD_HANDLE;
		m->errs |= FE_BAD_HANDLE;
		return;
	}
	have = h->rights;
	if (!dup && d->operation != ZX_HANDLE_OP_MOVE)
		e |= FE_INVALID_ARGS;
	if (!(have & ZX_RIGHT_TRANSFER))
		e |= FE_ACCESS_DENIED;
	if (h->koid == chan_koid)
		e |= FE_NOT_SUPPORTED;
	if (d->type != ZX_OBJ_TYPE_NONE && d->type != h->type)
		e |= FE_WRONG_TYPE;
	if (d->rights != ZX_RIGHT_SAME_RIGHTS && (have & d->rights) != d->rights)
		e |= FE_INVALID_ARGS;
	if (dup && !(have & ZX_RIGHT_DUPLICATE))
		e |= FE_ACCESS_DENIED;
	m->err[i] = e;
	m->errs |= e;
	m->rec[i] = (struct fuzz_msg_rec){
		h->koid, h->type, d->rights == ZX_RIGHT_SAME_RIGHTS ? have : d->rights
	};
}

/* The handle array of a write through @ch (NULL: the shared channel). */
static void fuzz_plan(struct fuzz_thread *t, struct fuzz_msg *m, const struct fuzz_handle *ch)
{
	zx_koid_t chan_koid = ch && ch->type == ZX_OBJ_TYPE_CHANNEL ? ch->koid : 0;
	uint32_t r = fuzz_rand(t, 16);
	uint64_t named = 0;

	m->etc = fuzz_rand(t, 2);
	m->errs = 0;
	m->n = r < 8 ? 0 : r < 14 ? 1 + fuzz_rand(t, 4) :
	       r < 15 ? fuzz_rand(t, ZX_CHANNEL_MAX_MSG_HANDLES + 1) :
			fuzz_rand(t, FUZZ_MAX_HANDLES + 1);
	for (uint32_t i = 0; i < m->n; i++)
		m->v[i] = fuzz_entry_value(t, ch, m, i, &named);
	for (uint32_t i = 0; i < m->n; i++)
		fuzz_entry_disposition(t, m, i);
	for (uint32_t i = 0; i < m->n; i++)
		fuzz_entry_predict(t, m, i, chan_koid);
}

/*
 * After a write or call, whatever it returned: a value any entry consumed
 * is gone from the table (and the pool); the others kept their rights. If
 * the message may have gone out, what it named is foreign now. Each
 * entry whose result was written failed in a way the entry can.
 */
static bool fuzz_after_write(struct fuzz_thread *t, const struct fuzz_msg *m, bool sent)
{
	zx_info_handle_basic_t info;

	for (uint32_t i = 0; i < m->n; i++) {
		struct fuzz_handle *h = fuzz_by_value(t, m->v[i]);
		bool consumed = false;

		if (!h)
			continue;
		for (uint32_t j = 0; j < m->n; j++)
			consumed |= m->v[j] == m->v[i] && m->consumed[j];
		if (sent)
			fuzz_taint(t, h->koid);
		if (consumed) {
			FUZZ_EXPECT(t, zx_object_get_info(m->v[i], ZX_INFO_HANDLE_VALID, NULL, 0,
							  NULL, NULL) == ZX_ERR_BAD_HANDLE);
			fuzz_forget(t, h);
		} else {
			FUZZ_EXPECT(t, zx_object_get_info(m->v[i], ZX_INFO_HANDLE_BASIC, &info,
							  sizeof(info), NULL, NULL) == ZX_OK);
			FUZZ_EXPECT(t, info.rights == h->rights);
		}
	}
	for (uint32_t i = 0; m->etc && i < m->n; i++) {
		zx_status_t r = m->d[i].result;

		if (r != FUZZ_UNSET && !(fuzz_ebit(r) & m->err[i]) && r != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "entry %u of %u (op %u, errors 0x%x): result %d (%s)", i,
				  m->n, m->d[i].operation, m->err[i], r, zx_status_get_string(r));
	}
	if (sent) {
		t->stats[ST_MSG_SENT]++;
		t->stats[ST_HANDLES_SENT] += m->n;
	}
	return true;
}

/*
 * A write refused before delivery: with @early (the options, the channel,
 * the sizes) if that is set, else with some entry's error if any entry
 * has one. *@done: the status was one of those, nothing more to check.
 */
static bool fuzz_write_refused(struct fuzz_thread *t, const struct fuzz_msg *m, zx_status_t s,
			       zx_status_t early, bool *done)
{
	*done = true;
	if (early != ZX_OK) {
		if (s != early)
			FUZZ_FAIL(t, "write with %u handles: %s, expected %s", m->n,
				  zx_status_get_string(s), zx_status_get_string(early));
		return true;
	}
	if (m->errs) {
		if (!(fuzz_ebit(s) & m->errs) && s != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "write with %u handles, entry errors 0x%x: %s", m->n, m->errs,
				  zx_status_get_string(s));
		return true;
	}
	*done = false;
	return true;
}

/* A handle that arrived in a message: into a free slot, or closed. */
static bool fuzz_adopt(struct fuzz_thread *t, zx_handle_t value)
{
	struct fuzz_handle *d = fuzz_slot(t, false);
	zx_info_handle_basic_t info;

	FUZZ_EXPECT(t, zx_object_get_info(value, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					  NULL, NULL) == ZX_OK);
	fuzz_taint(t, info.koid);
	if (!d) {
		FUZZ_EXPECT(t, zx_handle_close(value) == ZX_OK);
		return true;
	}
	*d = (struct fuzz_handle){ value, info.rights, info.type, info.koid, info.related_koid,
				   true, 0 };
	return true;
}

/*
 * A message arrived: @nb bytes in t->rbuf (room @room_b) and @nh handles
 * in @rd (room @room_h). Nothing past them was written; the handles are
 * new, distinct and what the message says; they join the pool.
 */
static bool fuzz_received(struct fuzz_thread *t, bool etc, const struct fuzz_rd *rd,
			  uint32_t nb, uint32_t nh, uint32_t room_b, uint32_t room_h)
{
	size_t each = etc ? sizeof(rd->info[0]) : sizeof(rd->v[0]);
	const uint8_t *arr = etc ? (const uint8_t *)rd->info : (const uint8_t *)rd->v;
	zx_handle_t v[ZX_CHANNEL_MAX_MSG_HANDLES] = { 0 };
	zx_info_handle_basic_t info;

	FUZZ_EXPECT(t, nb <= room_b && nh <= room_h);
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, nb, room_b, FUZZ_FRESH));
	FUZZ_EXPECT(t, fuzz_untouched(arr, nh * each, room_h * each, FUZZ_FRESH));
	for (uint32_t i = 0; i < nh; i++) {
		v[i] = etc ? rd->info[i].handle : rd->v[i];
		for (uint32_t j = 0; j < i; j++)
			FUZZ_EXPECT(t, v[j] != v[i]);
		FUZZ_EXPECT(t, !fuzz_by_value(t, v[i]));
		FUZZ_EXPECT(t, zx_object_get_info(v[i], ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
						  NULL, NULL) == ZX_OK);
		if (etc)
			FUZZ_EXPECT(t, rd->info[i].type == info.type && rd->info[i].unused == 0 &&
				       rd->info[i].rights == info.rights);
	}
	if (!fuzz_msg_check(t, t->rbuf, nb, v, nh))
		return false;
	for (uint32_t i = 0; i < nh; i++)
		if (!fuzz_adopt(t, v[i]))
			return false;
	t->stats[ST_MSG_READ]++;
	t->stats[ST_HANDLES_READ] += nh;
	return true;
}

static bool fuzz_channel_create(struct fuzz_thread *t)
{
	uint32_t options = fuzz_rand(t, 8) ? 0 : 1u << fuzz_rand(t, 32);
	zx_handle_t h0 = ZX_HANDLE_INVALID, h1 = ZX_HANDLE_INVALID;
	struct fuzz_handle *a, *b;
	zx_status_t s;

	if (!fuzz_two_slots(t, &a, &b))
		return true;
	s = zx_channel_create(options, &h0, &h1);
	if (s != (options ? ZX_ERR_INVALID_ARGS : ZX_OK) && s != ZX_ERR_NO_MEMORY)
		FUZZ_FAIL(t, "channel_create(0x%x): %s", options, zx_status_get_string(s));
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h0 == ZX_HANDLE_INVALID && h1 == ZX_HANDLE_INVALID);
		return true;
	}
	if (!fuzz_fill_pair(t, a, b, h0, h1, ZX_DEFAULT_CHANNEL_RIGHTS, 0))
		return false;
	FUZZ_EXPECT(t, fuzz_signals_now(h0) == ZX_CHANNEL_WRITABLE);
	return true;
}

/* A private peer of @koid's channel must now have a message. */
static bool fuzz_peer_readable(struct fuzz_thread *t, zx_koid_t peer_koid)
{
	struct fuzz_handle *p = peer_koid ? fuzz_find(t, peer_koid) : NULL;

	if (fuzz_private(p, ZX_OBJ_TYPE_CHANNEL))
		FUZZ_EXPECT(t, fuzz_signals_now(p->value) & ZX_CHANNEL_READABLE);
	return true;
}

/* Where a call's user memory runs off the mapped pages, if anywhere. */
enum fuzz_fault { FAULT_NONE, FAULT_BYTES, FAULT_HANDLES };

static enum fuzz_fault fuzz_fault(struct fuzz_thread *t, uint32_t nb, uint32_t nh)
{
	switch (fuzz_rand(t, 32)) {
	case 0:
		return nb ? FAULT_BYTES : FAULT_NONE;
	case 1:
		return nh ? FAULT_HANDLES : FAULT_NONE;
	default:
		return FAULT_NONE;
	}
}

/* The first *@k bytes of @len at @src, then unmapped memory. */
static const void *fuzz_edge_copy(struct fuzz_thread *t, const void *src, size_t len, size_t *k)
{
	uint8_t *p = fuzz_edge(t, len, 0, k);

	memcpy(p, src, *k);
	return p;
}

/*
 * ZX_CHANNEL_WRITE_USE_IOVEC: the @nb bytes of t->buf gathered from
 * pieces in order (some empty), so the message arrives as built; or one
 * iovec too many, or a nonzero reserved field. Returns what the kernel
 * must find wrong with them (ZX_OK: nothing), the count in *@count.
 */
static zx_status_t fuzz_iovecs(struct fuzz_thread *t, uint32_t nb, uint32_t *count)
{
	zx_channel_iovec_t *iov = t->iov;
	uint32_t n = 0, off = 0, len;

	if (!fuzz_rand(t, 32)) {
		for (n = 0; n <= ZX_CHANNEL_MAX_MSG_IOVECS; n++)
			iov[n] = (zx_channel_iovec_t){ NULL, 0, 0 };
		*count = n;
		return ZX_ERR_OUT_OF_RANGE;
	}
	while (off < nb || !n || !fuzz_rand(t, 4)) {
		len = fuzz_rand(t, 4) ? fuzz_rand(t, nb - off + 1) : 0;
		if (n == 15)
			len = nb - off;		/* the last piece takes the rest */
		iov[n++] = (zx_channel_iovec_t){ len ? t->buf + off : NULL, len, 0 };
		off += len;
		if (n == 16)
			break;
	}
	*count = n;
	if (!fuzz_rand(t, 32)) {
		iov[fuzz_rand(t, n)].reserved = 1u << fuzz_rand(t, 32);
		return ZX_ERR_INVALID_ARGS;
	}
	return nb > ZX_CHANNEL_MAX_MSG_BYTES ? ZX_ERR_OUT_OF_RANGE : ZX_OK;
}

/*
 * After a write whose handle array faulted part way: the kernel handled
 * the entries before the fault (consuming all but duplicates) and left
 * the rest alone. Where the fault hit is its business; that the consumed
 * entries are a prefix is not.
 */
static bool fuzz_after_partial(struct fuzz_thread *t, const struct fuzz_msg *m)
{
	bool kept = false;

	for (uint32_t i = 0; i < m->n; i++) {
		struct fuzz_handle *h = m->consumed[i] ? fuzz_by_value(t, m->v[i]) : NULL;

		if (!h)
			continue;
		if (zx_object_get_info(m->v[i], ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) ==
		    ZX_OK) {
			kept = true;
			continue;
		}
		if (kept)
			FUZZ_FAIL(t, "handle array faulted: entry %u of %u consumed after one kept",
				  i, m->n);
		fuzz_forget(t, h);
	}
	return true;
}

/*
 * zx_channel_write{,_etc} through @v: @ch is its slot; or @shared: @v is
 * not in the pool and another thread may close it at any time.
 */
static bool fuzz_write(struct fuzz_thread *t, zx_handle_t v, struct fuzz_handle *ch, bool shared)
{
	uint32_t options = fuzz_rand(t, 16) ? 0 : fuzz_bad_option(t);
	uint32_t nb = fuzz_msg_len(t);
	bool known = fuzz_private(ch, ZX_OBJ_TYPE_CHANNEL), done;
	zx_signals_t before = known ? fuzz_signals_now(v) : 0;
	zx_koid_t peer = ch ? ch->peer_koid : 0;
	zx_status_t s, early, want;
	struct fuzz_msg m;

	zx_status_t iov_err = FUZZ_UNSET;	/* no iovecs */
	const void *bytes = t->buf, *handles;
	enum fuzz_fault fault;
	uint32_t count = nb;
	size_t k;

	fuzz_plan(t, &m, ch);
	fuzz_msg_build(t, t->buf, nb, m.rec, m.n);
	if (nb >= sizeof(t->last_txid) && t->last_txid && !fuzz_rand(t, 4))
		memcpy(t->buf, &t->last_txid, sizeof(t->last_txid));	/* answer a call */
	handles = m.etc ? (const void *)m.d : (const void *)m.v;
	fault = fuzz_fault(t, nb, m.n);
	if (fault == FAULT_BYTES)
		bytes = fuzz_edge_copy(t, t->buf, nb, &k);
	else if (fault == FAULT_HANDLES)
		handles = fuzz_edge_copy(t, handles,
					 m.n * (m.etc ? sizeof(m.d[0]) : sizeof(m.v[0])), &k);
	else if (!fuzz_rand(t, 8))
		iov_err = fuzz_iovecs(t, nb, &count);
	if (iov_err != FUZZ_UNSET) {
		options |= ZX_CHANNEL_WRITE_USE_IOVEC;
		bytes = t->iov;
	}
	s = m.etc ? zx_channel_write_etc(v, options, bytes, count, (void *)handles, m.n)
		  : zx_channel_write(v, options, bytes, count, handles, m.n);
	early = options & ~ZX_CHANNEL_WRITE_USE_IOVEC ? ZX_ERR_INVALID_ARGS :
		shared ? ZX_OK : fuzz_lookup(ch, ZX_OBJ_TYPE_CHANNEL, ZX_RIGHT_WRITE);
	if (early == ZX_OK && iov_err != FUZZ_UNSET)
		early = iov_err;
	if (early == ZX_OK && (nb > ZX_CHANNEL_MAX_MSG_BYTES || m.n > ZX_CHANNEL_MAX_MSG_HANDLES))
		early = ZX_ERR_OUT_OF_RANGE;
	if (shared && s == ZX_ERR_BAD_HANDLE && !(options & ~ZX_CHANNEL_WRITE_USE_IOVEC))
		early = s;	/* replaced under us */
	if (early == ZX_OK && fault == FAULT_BYTES) {
		/* The bytes are read before any handle is looked at. */
		FUZZ_STATUS(t, s, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY);
		return fuzz_after_write(t, &m, false);
	}
	if (fault == FAULT_HANDLES) {
		if (early != ZX_OK)
			FUZZ_EXPECT(t, s == early);
		else if (!(fuzz_ebit(s) & m.errs))
			FUZZ_STATUS(t, s, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY);
		return fuzz_after_partial(t, &m);
	}
	if (!fuzz_write_refused(t, &m, s, early, &done))
		return false;
	if (!done && !known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_PEER_CLOSED, ZX_ERR_SHOULD_WAIT, ZX_ERR_NO_MEMORY);
	} else if (!done) {
		/* Writable exactly while the peer is there and its queue has room. */
		want = before & ZX_CHANNEL_PEER_CLOSED ? ZX_ERR_PEER_CLOSED :
		       before & ZX_CHANNEL_WRITABLE ? ZX_OK : ZX_ERR_SHOULD_WAIT;
		if (s != want && s != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "channel_write(%u bytes, %u handles) with 0x%x: %s, not %s",
				  nb, m.n, before, zx_status_get_string(s),
				  zx_status_get_string(want));
	}
	if (!fuzz_after_write(t, &m, s == ZX_OK))
		return false;
	t->stats[ST_GATHERED] += s == ZX_OK && iov_err == ZX_OK;
	return s != ZX_OK || fuzz_peer_readable(t, peer);
}

/*
 * A read that found the message too big: nothing written but the sizes,
 * which are past the room. Unless discarded, the message is still first
 * and reads whole with room enough.
 */
static bool fuzz_too_small(struct fuzz_thread *t, zx_handle_t v, bool discard, bool known,
			   bool etc, struct fuzz_rd *rd, uint32_t room_b, uint32_t nb,
			   uint32_t nh, uint32_t room_h)
{
	uint32_t nb2 = 0, nh2 = 0;
	zx_status_t s;

	FUZZ_EXPECT(t, nb > room_b || nh > room_h);
	FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
	FUZZ_EXPECT(t, fuzz_untouched((const uint8_t *)rd, 0, sizeof(*rd), FUZZ_FRESH));
	if (discard || !known)
		return true;
	FUZZ_EXPECT(t, fuzz_signals_now(v) & ZX_CHANNEL_READABLE);
	if (fuzz_rand(t, 2))
		return true;
	memset(t->rbuf, FUZZ_FRESH, ZX_CHANNEL_MAX_MSG_BYTES);
	s = etc ? zx_channel_read_etc(v, 0, t->rbuf, rd->info, ZX_CHANNEL_MAX_MSG_BYTES,
				      ZX_CHANNEL_MAX_MSG_HANDLES, &nb2, &nh2)
		: zx_channel_read(v, 0, t->rbuf, rd->v, ZX_CHANNEL_MAX_MSG_BYTES,
				  ZX_CHANNEL_MAX_MSG_HANDLES, &nb2, &nh2);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return true;
	FUZZ_EXPECT(t, nb2 == nb && nh2 == nh);
	return fuzz_received(t, etc, rd, nb2, nh2, ZX_CHANNEL_MAX_MSG_BYTES,
			     ZX_CHANNEL_MAX_MSG_HANDLES);
}

/*
 * A read into a handle array that runs off mapped memory after @k bytes.
 * Handle values written before a fault were never handed out; after a
 * read that fit, the array moves to @rd as if nothing happened.
 */
static bool fuzz_read_edge(struct fuzz_thread *t, zx_status_t s, bool etc, const void *arr,
			   size_t k, uint32_t nh, struct fuzz_rd *rd)
{
	size_t each = etc ? sizeof(rd->info[0]) : sizeof(rd->v[0]);
	const uint8_t *p = arr;

	if (s == ZX_OK) {
		FUZZ_EXPECT(t, nh * each <= k);
		FUZZ_EXPECT(t, fuzz_untouched(p, nh * each, k, FUZZ_FRESH));
		memcpy(etc ? (void *)rd->info : (void *)rd->v, p, nh * each);
		return true;
	}
	for (size_t off = 0; off + each <= k; off += each) {
		zx_handle_t v;

		if (fuzz_untouched(p, off, off + each, FUZZ_FRESH))
			continue;
		memcpy(&v, p + off, sizeof(v));		/* the first field either way */
		if (zx_object_get_info(v, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) == ZX_OK)
			FUZZ_FAIL(t, "read faulted (%s) but handle 0x%x it wrote out is live",
				  zx_status_get_string(s), v);
	}
	return true;
}

/* zx_channel_read{,_etc} through @v (see fuzz_write()). */
static bool fuzz_read(struct fuzz_thread *t, zx_handle_t v, struct fuzz_handle *ch, bool shared)
{
	uint32_t options = fuzz_rand(t, 4) ? 0 : ZX_CHANNEL_READ_MAY_DISCARD;
	bool etc = fuzz_rand(t, 2), known = fuzz_private(ch, ZX_OBJ_TYPE_CHANNEL);
	zx_signals_t before = known ? fuzz_signals_now(v) : 0;
	uint32_t room_b, room_h, nb = 12345, nh = 12345, txid;
	void *bytes = t->rbuf, *handles;
	enum fuzz_fault fault;
	zx_status_t s, want;
	struct fuzz_rd rd;
	size_t each = etc ? sizeof(rd.info[0]) : sizeof(rd.v[0]), k = 0;

	if (!fuzz_rand(t, 32))
		options |= 1u << fuzz_rand(t, 32);
	fuzz_read_room(t, &room_b, &room_h);
	memset(t->rbuf, FUZZ_FRESH, room_b);
	memset(&rd, FUZZ_FRESH, sizeof(rd));
	handles = etc ? (void *)rd.info : (void *)rd.v;
	fault = fuzz_fault(t, room_b, room_h);
	if (fault == FAULT_BYTES)
		bytes = t->edge + FUZZ_PAGE;	/* not mapped at all */
	else if (fault == FAULT_HANDLES)
		handles = fuzz_edge(t, room_h * each, FUZZ_FRESH, &k);
	s = etc ? zx_channel_read_etc(v, options, bytes, handles, room_b, room_h, &nb, &nh)
		: zx_channel_read(v, options, bytes, handles, room_b, room_h, &nb, &nh);
	if (fault == FAULT_HANDLES && !fuzz_read_edge(t, s, etc, handles, k, nh, &rd))
		return false;
	want = shared ? ZX_OK : fuzz_lookup(ch, ZX_OBJ_TYPE_CHANNEL, ZX_RIGHT_READ);
	if (shared && s == ZX_ERR_BAD_HANDLE)
		want = s;	/* replaced under us */
	if (want == ZX_OK && (options & ~ZX_CHANNEL_READ_MAY_DISCARD))
		want = ZX_ERR_NOT_SUPPORTED;
	if (want != ZX_OK) {
		/* Which comes first, the handle or the options, is not Zircon's contract. */
		if (s != want && !(s == ZX_ERR_NOT_SUPPORTED &&
				   (options & ~ZX_CHANNEL_READ_MAY_DISCARD)))
			FUZZ_FAIL(t, "channel_read(0x%x): %s, expected %s", options,
				  zx_status_get_string(s), zx_status_get_string(want));
		FUZZ_EXPECT(t, nb == 12345 && nh == 12345);
		return true;
	}
	if (!known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BUFFER_TOO_SMALL, ZX_ERR_SHOULD_WAIT,
			    ZX_ERR_PEER_CLOSED, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES,
			    ZX_ERR_INVALID_ARGS);
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || fault);
	} else {
		want = before & ZX_CHANNEL_READABLE ? ZX_OK :
		       before & ZX_CHANNEL_PEER_CLOSED ? ZX_ERR_PEER_CLOSED : ZX_ERR_SHOULD_WAIT;
		if (want == ZX_OK && s == ZX_ERR_BUFFER_TOO_SMALL)
			want = s;
		/* A fault copying out loses the message, as on Zircon. */
		if (want == ZX_OK && fault && s == ZX_ERR_INVALID_ARGS)
			want = s;
		if (s != want && s != ZX_ERR_NO_MEMORY && s != ZX_ERR_NO_RESOURCES)
			FUZZ_FAIL(t, "channel_read with 0x%x: %s, expected %s", before,
				  zx_status_get_string(s), zx_status_get_string(want));
	}
	if (s == ZX_ERR_BUFFER_TOO_SMALL)
		return fuzz_too_small(t, v, options & ZX_CHANNEL_READ_MAY_DISCARD, known, etc, &rd,
				      room_b, nb, nh, room_h);
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, nb == 12345 && nh == 12345);
		FUZZ_EXPECT(t, fault || fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
		/* Bytes go out first: a fault there wrote no handle. */
		FUZZ_EXPECT(t, fault != FAULT_BYTES ||
			       fuzz_untouched((const uint8_t *)&rd, 0, sizeof(rd), FUZZ_FRESH));
		return true;
	}
	FUZZ_EXPECT(t, fault != FAULT_BYTES || nb == 0);
	/* A call's request: answer it, some time, with a plain write. */
	if (nb >= sizeof(txid)) {
		memcpy(&txid, t->rbuf, sizeof(txid));
		if (txid & 0x80000000u)
			t->last_txid = txid;
	}
	return fuzz_received(t, etc, &rd, nb, nh, room_b, room_h);
}

/*
 * zx_channel_call{,_etc} through @v (see fuzz_write()) with a deadline in
 * the past or a few milliseconds away. On a private channel nobody can
 * answer; on the shared one the server sometimes does, in time or not.
 */
static bool fuzz_call(struct fuzz_thread *t, zx_handle_t v, struct fuzz_handle *ch, bool shared)
{
	uint32_t options = fuzz_rand(t, 32) ? 0 : fuzz_bad_option(t);
	uint32_t nb = fuzz_rand(t, 16) ? sizeof(zx_txid_t) + fuzz_msg_len(t) : fuzz_rand(t, 4);
	zx_time_t deadline = fuzz_rand(t, 2) ? ZX_TIME_INFINITE_PAST :
			     zx_deadline_after(ZX_USEC(fuzz_rand(t, 3000)));
	bool known = fuzz_private(ch, ZX_OBJ_TYPE_CHANNEL), done;
	zx_signals_t before = known ? fuzz_signals_now(v) : 0;
	uint32_t room_b, room_h, ab = 12345, ah = 12345, txid;
	zx_koid_t peer = ch ? ch->peer_koid : 0;
	zx_status_t s, pre, early, want;
	struct fuzz_msg m;
	struct fuzz_rd rd;

	zx_status_t iov_err = FUZZ_UNSET;	/* no iovecs */
	const void *wr = t->buf;
	void *rd_bytes = t->rbuf;
	enum fuzz_fault fault;
	uint32_t count = nb;
	bool lose_reply;
	size_t k;

	fuzz_plan(t, &m, ch);
	fuzz_msg_build(t, t->buf, nb, m.rec, m.n);
	fuzz_read_room(t, &room_b, &room_h);
	memset(t->rbuf, FUZZ_FRESH, room_b);
	memset(&rd, FUZZ_FRESH, sizeof(rd));
	/* A fault on the request is a write's; on the reply's bytes, a read's. */
	fault = fuzz_fault(t, nb, room_b);
	lose_reply = fault == FAULT_HANDLES;
	if (fault == FAULT_BYTES)
		wr = fuzz_edge_copy(t, t->buf, nb, &k);
	else if (lose_reply)
		rd_bytes = t->edge + FUZZ_PAGE;
	if (!fault && !fuzz_rand(t, 8)) {
		iov_err = fuzz_iovecs(t, nb, &count);
		options |= ZX_CHANNEL_WRITE_USE_IOVEC;
		wr = t->iov;
	}
	if (m.etc) {
		zx_channel_call_etc_args_t a = { wr, m.d, rd_bytes, rd.info,
						 count, m.n, room_b, room_h };

		s = zx_channel_call_etc(v, options, deadline, &a, &ab, &ah);
	} else {
		zx_channel_call_args_t a = { wr, m.v, rd_bytes, rd.v, count, m.n, room_b, room_h };

		s = zx_channel_call(v, options, deadline, &a, &ab, &ah);
	}
	/* The txid must fit: checked first, or (iovecs) once their total is known. */
	pre = options & ~ZX_CHANNEL_WRITE_USE_IOVEC ||
	      (iov_err == FUZZ_UNSET && nb < sizeof(zx_txid_t)) ? ZX_ERR_INVALID_ARGS : ZX_OK;
	early = pre != ZX_OK ? pre : shared ? ZX_OK :
		fuzz_lookup(ch, ZX_OBJ_TYPE_CHANNEL, ZX_RIGHT_READ | ZX_RIGHT_WRITE);
	if (early == ZX_OK && iov_err != FUZZ_UNSET)
		early = iov_err;
	if (early == ZX_OK && (nb > ZX_CHANNEL_MAX_MSG_BYTES || m.n > ZX_CHANNEL_MAX_MSG_HANDLES))
		early = ZX_ERR_OUT_OF_RANGE;
	if (early == ZX_OK && nb < sizeof(zx_txid_t))
		early = ZX_ERR_INVALID_ARGS;
	if (shared && s == ZX_ERR_BAD_HANDLE && pre == ZX_OK)
		early = s;	/* replaced under us */
	if (early == ZX_OK && fault == FAULT_BYTES) {
		FUZZ_STATUS(t, s, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY);
		FUZZ_EXPECT(t, ab == 12345 && ah == 12345);
		return fuzz_after_write(t, &m, false);
	}
	if (!fuzz_write_refused(t, &m, s, early, &done))
		return false;
	if (!done && !known) {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_BUFFER_TOO_SMALL,
			    ZX_ERR_PEER_CLOSED, ZX_ERR_SHOULD_WAIT, ZX_ERR_CANCELED,
			    ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES, ZX_ERR_INVALID_ARGS);
		/* Replies have bytes (the txid): into unmapped memory they fault. */
		FUZZ_EXPECT(t, s != ZX_ERR_INVALID_ARGS || lose_reply);
		FUZZ_EXPECT(t, s != ZX_OK || !lose_reply);
	} else if (!done) {
		want = before & ZX_CHANNEL_PEER_CLOSED ? ZX_ERR_PEER_CLOSED :
		       before & ZX_CHANNEL_WRITABLE ? ZX_ERR_TIMED_OUT : ZX_ERR_SHOULD_WAIT;
		if (s != want && s != ZX_ERR_NO_MEMORY)
			FUZZ_FAIL(t, "channel_call(%u bytes, %u handles) with 0x%x: %s, not %s",
				  nb, m.n, before, zx_status_get_string(s),
				  zx_status_get_string(want));
	}
	if (!fuzz_after_write(t, &m, !done && s != ZX_ERR_SHOULD_WAIT && s != ZX_ERR_NO_MEMORY))
		return false;
	t->stats[ST_CALL_TIMED_OUT] += s == ZX_ERR_TIMED_OUT;
	if (known && s == ZX_ERR_TIMED_OUT && !fuzz_peer_readable(t, peer))
		return false;
	if (s == ZX_ERR_BUFFER_TOO_SMALL) {
		/* The reply is gone; only its sizes came back. */
		FUZZ_EXPECT(t, ab > room_b || ah > room_h);
		FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
		FUZZ_EXPECT(t, fuzz_untouched((const uint8_t *)&rd, 0, sizeof(rd), FUZZ_FRESH));
		return true;
	}
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, ab == 12345 && ah == 12345);
		FUZZ_EXPECT(t, fuzz_untouched(t->rbuf, 0, room_b, FUZZ_FRESH));
		return true;
	}
	/* A reply matched our transaction id, which the kernel chose. */
	FUZZ_EXPECT(t, ab >= sizeof(txid));
	memcpy(&txid, t->rbuf, sizeof(txid));
	FUZZ_EXPECT(t, txid & 0x80000000u);
	t->stats[ST_CALL_OK]++;
	return fuzz_received(t, m.etc, &rd, ab, ah, room_b, room_h);
}

static bool op_channel(struct fuzz_thread *t)
{
	struct fuzz_handle *ch;
	uint32_t r = fuzz_rand(t, 8);
	zx_handle_t v;

	if (r == 0 || !fuzz_slot_of(t, ZX_OBJ_TYPE_CHANNEL))
		return fuzz_channel_create(t);
	v = fuzz_target(t, ZX_OBJ_TYPE_CHANNEL, &ch);
	if (r < 4)
		return fuzz_write(t, v, ch, false);
	if (r < 7)
		return fuzz_read(t, v, ch, false);
	return fuzz_call(t, v, ch, false);
}

/* ------------------------------------------------------------------ */
/* The server: one thread per process answering calls on shared_chan    */

#define SERVER_ENDS 16

struct fuzz_server {
	struct fuzz_thread t;		/* its rng, buffers, counters and failure */
	pthread_t thread;
	zx_handle_t ctl;		/* brings listening ends (see op_server) */
	zx_handle_t ends[SERVER_ENDS];	/* the peers of shared_chan, old and new */
	unsigned int nends;
};

/*
 * Answer one request on @end: not at all, with another transaction id,
 * or with its txid; the reply gives back the handles that may travel,
 * sometimes with fewer rights, and sometimes a new event.
 */
static bool server_serve(struct fuzz_thread *t, zx_handle_t end)
{
	zx_handle_disposition_t out[ZX_CHANNEL_MAX_MSG_HANDLES];
	struct fuzz_msg_rec recs[ZX_CHANNEL_MAX_MSG_HANDLES];
	zx_handle_info_t in[ZX_CHANNEL_MAX_MSG_HANDLES];
	zx_handle_t v[ZX_CHANNEL_MAX_MSG_HANDLES];
	uint32_t nb = 0, nh = 0, n = 0, txid = 0, len;
	zx_info_handle_basic_t info;
	zx_status_t s;

	s = zx_channel_read_etc(end, 0, t->rbuf, in, ZX_CHANNEL_MAX_MSG_BYTES,
				ZX_CHANNEL_MAX_MSG_HANDLES, &nb, &nh);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return true;
	for (uint32_t i = 0; i < nh; i++)
		v[i] = in[i].handle;
	if (!fuzz_msg_check(t, t->rbuf, nb, v, nh))
		return false;
	t->stats[ST_SERVED]++;
	if (nb >= sizeof(txid))
		memcpy(&txid, t->rbuf, sizeof(txid));
	switch (fuzz_rand(t, 8)) {
	case 0:		/* no answer */
		FUZZ_EXPECT(t, zx_handle_close_many(v, nh) == ZX_OK);
		return true;
	case 1:		/* somebody else's transaction, or none */
		txid = fuzz_rand(t, 2) ? txid ^ 1 : (uint32_t)zxt_rand(&t->rng) & 0x7fffffffu;
		break;
	default:
		break;
	}
	for (uint32_t i = 0; i < nh; i++) {
		zx_rights_t rights = ZX_RIGHT_SAME_RIGHTS;

		if (!(in[i].rights & ZX_RIGHT_TRANSFER)) {
			FUZZ_EXPECT(t, zx_handle_close(v[i]) == ZX_OK);
			continue;
		}
		if (!fuzz_rand(t, 4))
			rights = in[i].rights & (uint32_t)zxt_rand(&t->rng);
		FUZZ_EXPECT(t, zx_object_get_info(v[i], ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
						  NULL, NULL) == ZX_OK);
		out[n] = (zx_handle_disposition_t){ ZX_HANDLE_OP_MOVE, v[i], in[i].type, rights,
						    FUZZ_UNSET };
		recs[n++] = (struct fuzz_msg_rec){
			info.koid, info.type, rights == ZX_RIGHT_SAME_RIGHTS ? info.rights : rights
		};
	}
	if (n < ZX_CHANNEL_MAX_MSG_HANDLES && !fuzz_rand(t, 4) &&
	    zx_event_create(0, &out[n].handle) == ZX_OK) {
		FUZZ_EXPECT(t, zx_object_get_info(out[n].handle, ZX_INFO_HANDLE_BASIC, &info,
						  sizeof(info), NULL, NULL) == ZX_OK);
		out[n] = (zx_handle_disposition_t){ ZX_HANDLE_OP_MOVE, out[n].handle,
						    ZX_OBJ_TYPE_EVENT, ZX_RIGHT_SAME_RIGHTS,
						    FUZZ_UNSET };
		recs[n++] = (struct fuzz_msg_rec){ info.koid, info.type, info.rights };
	}
	len = sizeof(txid) + (fuzz_rand(t, 8) ? fuzz_rand(t, 1000) : fuzz_rand(t, 8192));
	fuzz_msg_build(t, t->buf, len, recs, n);
	memcpy(t->buf, &txid, sizeof(txid));
	s = zx_channel_write_etc(end, 0, t->buf, len, out, n);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_PEER_CLOSED, ZX_ERR_SHOULD_WAIT, ZX_ERR_NO_MEMORY);
	for (uint32_t i = 0; i < n; i++) {
		FUZZ_EXPECT(t, out[i].result == FUZZ_UNSET || s == ZX_ERR_NO_MEMORY);
		FUZZ_EXPECT(t, zx_object_get_info(out[i].handle, ZX_INFO_HANDLE_VALID, NULL, 0,
						  NULL, NULL) == ZX_ERR_BAD_HANDLE);
	}
	return true;
}

/* A new listening end from a thread that replaced shared_chan. */
static bool server_take_end(struct fuzz_server *srv)
{
	struct fuzz_thread *t = &srv->t;
	uint32_t nb = 1, nh = 0;
	zx_handle_t end;
	zx_status_t s;

	s = zx_channel_read(srv->ctl, 0, NULL, &end, 0, 1, &nb, &nh);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return true;
	FUZZ_EXPECT(t, nb == 0 && nh == 1);
	if (srv->nends == SERVER_ENDS) {
		FUZZ_EXPECT(t, zx_handle_close(srv->ends[0]) == ZX_OK);
		srv->ends[0] = srv->ends[--srv->nends];
	}
	srv->ends[srv->nends++] = end;
	return true;
}

/* Serve until the control channel's peer closes: the threads are done. */
static bool server_loop(struct fuzz_server *srv)
{
	struct fuzz_thread *t = &srv->t;
	zx_wait_item_t items[1 + SERVER_ENDS];
	const zx_signals_t want = ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED;

	for (;;) {
		items[0] = (zx_wait_item_t){ srv->ctl, want, 0 };
		for (unsigned int i = 0; i < srv->nends; i++)
			items[1 + i] = (zx_wait_item_t){ srv->ends[i], want, 0 };
		FUZZ_STATUS(t, zx_object_wait_many(items, 1 + srv->nends, ZX_TIME_INFINITE), ZX_OK);
		if (items[0].pending & ZX_CHANNEL_READABLE) {
			if (!server_take_end(srv))
				return false;
			continue;
		}
		if (items[0].pending & ZX_CHANNEL_PEER_CLOSED)
			return true;
		for (unsigned int i = srv->nends; i-- > 0;) {
			if (items[1 + i].pending & ZX_CHANNEL_READABLE) {
				if (!server_serve(t, srv->ends[i]))
					return false;
			} else if (items[1 + i].pending & ZX_CHANNEL_PEER_CLOSED) {
				FUZZ_EXPECT(t, zx_handle_close(srv->ends[i]) == ZX_OK);
				srv->ends[i] = srv->ends[--srv->nends];
			}
		}
	}
}

static void *fuzz_server_main(void *arg)
{
	struct fuzz_server *srv = arg;
	bool ok = server_loop(srv);

	zx_handle_close_many(srv->ends, srv->nends);
	zx_handle_close(srv->ctl);
	return ok ? NULL : srv;
}

/* Replace the shared channel under whoever is calling through it. */
static bool fuzz_server_replace(struct fuzz_thread *t)
{
	zx_handle_t client, listener, old;
	zx_status_t s;

	if (zx_channel_create(0, &client, &listener) != ZX_OK)
		return true;
	s = zx_channel_write(server_ctl, 0, NULL, 0, &listener, 1);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT, ZX_ERR_PEER_CLOSED, ZX_ERR_NO_MEMORY);
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, zx_handle_close(client) == ZX_OK);
		return true;
	}
	old = __atomic_exchange_n(&shared_chan, client, __ATOMIC_ACQ_REL);
	FUZZ_STATUS(t, zx_handle_close(old), ZX_OK);
	return true;
}

/*
 * Channel ends every thread uses at once: reads race reads and the peer's
 * close, a call is answered by whichever thread reads its request (and
 * writes its txid back), and channels are replaced under all of it.
 */
static bool op_xchannel(struct fuzz_thread *t)
{
	unsigned int i = fuzz_rand(t, SHARED_CH);
	zx_handle_t v = __atomic_load_n(&shared_ch[i], __ATOMIC_ACQUIRE), a, b;

	switch (fuzz_rand(t, 16)) {
	case 0:
		if (zx_channel_create(0, &a, &b) != ZX_OK)
			return true;
		a = __atomic_exchange_n(&shared_ch[i & ~1u], a, __ATOMIC_ACQ_REL);
		b = __atomic_exchange_n(&shared_ch[i | 1u], b, __ATOMIC_ACQ_REL);
		FUZZ_STATUS(t, zx_handle_close(a), ZX_OK);
		FUZZ_STATUS(t, zx_handle_close(b), ZX_OK);
		return true;
	case 1:
	case 2:
	case 3:
	case 4:
	case 5:
		return fuzz_read(t, v, NULL, true);
	case 6:
	case 7:
	case 8:
	case 9:
		return fuzz_write(t, v, NULL, true);
	default:
		return fuzz_call(t, v, NULL, true);
	}
}

/*
 * The shared channel: calls (most), reads of late and stray replies,
 * requests nobody waits for, and replacing the channel.
 */
static bool op_server(struct fuzz_thread *t)
{
	zx_handle_t v = __atomic_load_n(&shared_chan, __ATOMIC_ACQUIRE);

	switch (fuzz_rand(t, 16)) {
	case 0:
		return fuzz_server_replace(t);
	case 1:
	case 2:
	case 3:
	case 4:
		return fuzz_read(t, v, NULL, true);
	case 5:
		return fuzz_write(t, v, NULL, true);
	default:
		return fuzz_call(t, v, NULL, true);
	}
}

static bool fuzz_known_cmd(const unsigned int *cmds, size_t n, unsigned int cmd)
{
	if (cmd == ZIRCON_IOC_NOP || cmd == ZIRCON_IOC_GET_ABI_INFO)
		return true;
	for (size_t i = 0; i < n; i++)
		if (cmds[i] == cmd)
			return true;
	return false;
}

/*
 * Mostly ours; otherwise any type except those the VFS answers itself for
 * every file (FIONBIO, FIGETBSZ, FICLONE, ...), which are not garbage.
 */
static unsigned int fuzz_magic(struct fuzz_thread *t)
{
	unsigned int magic;

	if (fuzz_rand(t, 4))
		return ZIRCON_IOC_MAGIC;
	do
		magic = fuzz_rand(t, 256);
	while (magic == 0 || magic == 'T' || magic == 'f' || magic == 0x94 ||
	       magic == 'X' || magic == 0x15);
	return magic;
}

/*
 * Raw ioctls: unknown command numbers, bad pointers and nonzero pads get
 * their documented errno, and the object behind a live handle is intact.
 */
/* Send @fd to whichever process reads fd_sock next; closes our copy. */
static void fuzz_send_fd(int fd)
{
	char c = 'h', cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &c, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	sendmsg(fd_sock[0], &msg, MSG_DONTWAIT);	/* a full queue drops it */
	close(fd);
}

static int fuzz_recv_fd(void)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(fd_sock[1], &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* Import @fd's handle into a free slot; @fd must still carry it. */
static bool fuzz_import(struct fuzz_thread *t, int fd, struct fuzz_handle *d)
{
	zx_info_handle_basic_t info;
	zx_handle_t h, again;

	FUZZ_STATUS(t, zx_linux_fd_to_handle(fd, &h), ZX_OK);
	FUZZ_EXPECT(t, zx_linux_fd_to_handle(fd, &again) == ZX_ERR_BAD_STATE);
	FUZZ_EXPECT(t, again == ZX_HANDLE_INVALID);
	FUZZ_EXPECT(t, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					  NULL, NULL) == ZX_OK);
	return fuzz_fill(t, d, h, info.rights);
}

/*
 * The Linux interop calls: handles out to descriptors and back (directly,
 * through dup()s, or through another process), descriptors closed with
 * their handle inside, Linux descriptors wrapped, poll descriptors.
 */
static bool op_fd_locked(struct fuzz_thread *t)
{
	struct fuzz_handle *h = fuzz_slot(t, true), *d = fuzz_slot(t, false);
	zx_status_t s;
	int fd = -1, fd2;

	switch (fuzz_rand(t, 4)) {
	case 0: {	/* out to a descriptor, then back, away or dropped */
		int flags = fuzz_rand(t, 8) ? O_CLOEXEC : (int)zxt_rand(&t->rng);
		struct fuzz_handle was;

		if (!h)
			return true;
		was = *h;
		s = zx_linux_handle_to_fd(h->value, flags, &fd);
		fuzz_forget(t, h);	/* consumed, whatever the outcome */
		if (flags & ~O_CLOEXEC)
			FUZZ_EXPECT(t, s == ZX_ERR_INVALID_ARGS);
		else if (!(was.rights & ZX_RIGHT_TRANSFER))
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK);
		if (s != ZX_OK)
			return true;
		switch (fuzz_rand(t, 3)) {
		case 0:
			fd2 = dup(fd);
			if (!fuzz_import(t, fuzz_rand(t, 2) ? fd : fd2, h))
				return false;
			FUZZ_EXPECT(t, h->koid == was.koid && h->rights == was.rights);
			h->foreign = was.foreign;
			close(fd2);
			close(fd);
			return true;
		case 1:
			/* Whoever imports it can signal it and its peer. */
			for (unsigned int i = 0; i < POOL; i++)
				if (t->pool[i].type && (t->pool[i].koid == was.koid ||
							t->pool[i].koid == was.peer_koid))
					t->pool[i].foreign = true;
			fuzz_send_fd(fd);
			return true;
		default:
			close(fd);	/* closes the handle */
			return true;
		}
	}
	case 1:		/* a descriptor from any process */
		fd = fuzz_recv_fd();
		if (fd < 0)
			return true;
		if (d && !fuzz_import(t, fd, d))
			return false;
		if (d)
			d->foreign = true;
		close(fd);
		return true;
	case 2: {	/* a wrapped eventfd follows its readiness */
		zx_signals_t seen = 0;
		uint64_t one = 1;
		zx_handle_t w;

		fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (fd < 0)
			return true;
		s = zx_linux_object_from_fd(fd, &w);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY);
		if (s == ZX_OK) {
			FUZZ_EXPECT(t, zx_object_wait_one(w, ZX_LINUX_FD_READABLE, 0, &seen) ==
				       ZX_ERR_TIMED_OUT);
			FUZZ_EXPECT(t, write(fd, &one, sizeof(one)) == sizeof(one));
			FUZZ_EXPECT(t, zx_object_wait_one(w, ZX_LINUX_FD_READABLE,
							  ZX_TIME_INFINITE, &seen) == ZX_OK);
			FUZZ_EXPECT(t, seen & ZX_LINUX_FD_WRITABLE);
			if (d && fuzz_rand(t, 2)) {
				if (!fuzz_fill(t, d, w, ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL))
					return false;
			} else
				zx_handle_close(w);
		}
		close(fd);
		return true;
	}
	default: {	/* a poll descriptor agrees with the signals */
		zx_signals_t mask = fuzz_mask(t), now;
		struct pollfd pfd;

		if (!h)
			return true;
		s = zx_linux_poll_fd(h->value, mask, O_CLOEXEC, &fd);
		if (h->type == ZX_OBJ_TYPE_PORT) {
			FUZZ_EXPECT(t, s == (h->rights & ZX_RIGHT_READ ? ZX_OK
								: ZX_ERR_ACCESS_DENIED));
		} else if (!(h->rights & ZX_RIGHT_WAIT)) {
			FUZZ_EXPECT(t, s == ZX_ERR_ACCESS_DENIED);
		} else {
			FUZZ_EXPECT(t, s == ZX_OK);
			now = fuzz_signals_of(t, h->koid);
			pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
			/* Even a poll that does not wait sees a pending signal. */
			while (poll(&pfd, 1, 0) < 0)
				FUZZ_EXPECT(t, errno == EINTR);
			if (now != FUZZ_UNKNOWN)
				FUZZ_EXPECT(t, !!(pfd.revents & POLLIN) == !!(now & mask));
		}
		if (s == ZX_OK)
			close(fd);
		return true;
	}
	}
}

static bool op_fd(struct fuzz_thread *t)
{
	bool ok;

	pthread_rwlock_rdlock(&fork_lock);
	ok = op_fd_locked(t);
	pthread_rwlock_unlock(&fork_lock);
	return ok;
}

static bool op_garbage(struct fuzz_thread *t)
{
	static const unsigned int cmds[] = {
		ZIRCON_IOC_HANDLE_CLOSE, ZIRCON_IOC_HANDLE_CLOSE_MANY,
		ZIRCON_IOC_HANDLE_DUPLICATE, ZIRCON_IOC_HANDLE_REPLACE,
		ZIRCON_IOC_EVENT_CREATE, ZIRCON_IOC_EVENTPAIR_CREATE,
		ZIRCON_IOC_OBJECT_SIGNAL, ZIRCON_IOC_OBJECT_SIGNAL_PEER,
		ZIRCON_IOC_OBJECT_WAIT_ONE, ZIRCON_IOC_OBJECT_WAIT_MANY,
		ZIRCON_IOC_OBJECT_GET_INFO, ZIRCON_IOC_OBJECT_WAIT_ASYNC,
		ZIRCON_IOC_PORT_CREATE, ZIRCON_IOC_PORT_QUEUE, ZIRCON_IOC_PORT_WAIT,
		ZIRCON_IOC_PORT_CANCEL, ZIRCON_IOC_PORT_CANCEL_KEY,
		ZIRCON_IOC_TIMER_CREATE, ZIRCON_IOC_TIMER_SET, ZIRCON_IOC_TIMER_CANCEL,
		ZIRCON_IOC_HANDLE_TO_FD, ZIRCON_IOC_FD_TO_HANDLE,
		ZIRCON_IOC_OBJECT_FROM_FD, ZIRCON_IOC_POLL_FD,
		ZIRCON_IOC_OBJECT_GET_PROPERTY, ZIRCON_IOC_OBJECT_SET_PROPERTY,
		ZIRCON_IOC_CHANNEL_CREATE, ZIRCON_IOC_CHANNEL_WRITE, ZIRCON_IOC_CHANNEL_WRITE_ETC,
		ZIRCON_IOC_CHANNEL_READ, ZIRCON_IOC_CHANNEL_READ_ETC, ZIRCON_IOC_CHANNEL_CALL,
		ZIRCON_IOC_CHANNEL_CALL_ETC, ZIRCON_IOC_SOCKET_CREATE, ZIRCON_IOC_SOCKET_WRITE,
		ZIRCON_IOC_SOCKET_READ, ZIRCON_IOC_SOCKET_SET_DISPOSITION,
		ZIRCON_IOC_FIFO_CREATE, ZIRCON_IOC_FIFO_WRITE, ZIRCON_IOC_FIFO_READ,
	};
	static const uintptr_t bad_ptrs[] = { 0, 1, 4095, (uintptr_t)-4096 };
	struct fuzz_handle *h = fuzz_slot(t, true);
	zx_signals_t before = h ? fuzz_signals_of(t, h->koid) : 0;
	unsigned int cmd;
	int r, err;

	switch (fuzz_rand(t, 3)) {
	case 0: {	/* an unknown command */
		unsigned char buf[128];

		do {
			cmd = _IOC(fuzz_rand(t, 4), fuzz_magic(t), fuzz_rand(t, 0x40),
				   fuzz_rand(t, 128));
		} while (fuzz_known_cmd(cmds, sizeof(cmds) / sizeof(cmds[0]), cmd));
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)zxt_rand(&t->rng);
		r = ioctl(t->fd, cmd, buf);
		err = errno;
		FUZZ_EXPECT(t, r == -1 && err == ENOTTY);
		break;
	}
	case 1:		/* a known command with a bad argument pointer */
		cmd = cmds[fuzz_rand(t, sizeof(cmds) / sizeof(cmds[0]))];
		r = ioctl(t->fd, cmd, bad_ptrs[fuzz_rand(t, 4)]);
		err = errno;
		FUZZ_EXPECT(t, r == -1 && err == EFAULT);
		break;
	default: {	/* a signal with a nonzero pad on a live handle */
		struct zircon_object_signal args = {
			.handle = h ? h->value : 0,
			.set_mask = ZX_USER_SIGNAL_0,
			.pad = 1u << fuzz_rand(t, 32),
		};

		r = ioctl(t->fd, ZIRCON_IOC_OBJECT_SIGNAL, &args);
		err = errno;
		FUZZ_EXPECT(t, r == -1 && err == EINVAL);
		break;
	}
	}
	if (h)
		FUZZ_EXPECT(t, fuzz_signals_of(t, h->koid) == before);
	return true;
}

/* ------------------------------------------------------------------ */
/* Channel ends in flight in cycles                                     */

/*
 * A few channel ends every thread of the process uses (cyc[]): threads
 * read messages, and the ends in them, out of them, write ends and
 * sentinels into them, signal, close and replace them, while others build
 * cycles of new channels and publish some of their ends there.
 * Nothing a cycle holds goes anywhere else, so once the process has closed
 * cyc[] every cycle is unreachable and the collector must free it.
 */
#define CYC 8
#define SENTINELS 256

static zx_handle_t cyc[CYC];
static pthread_mutex_t sentinel_lock = PTHREAD_MUTEX_INITIALIZER;
static zx_handle_t sentinels[SENTINELS];	/* eventpair ends whose peers ride in cycles */
static unsigned int nsentinels;

static bool fuzz_close_ok(struct fuzz_thread *t, zx_handle_t h)
{
	FUZZ_STATUS(t, zx_handle_close(h), ZX_OK);
	return true;
}

/* A sentinel's far end (its near end stays in sentinels[]), or INVALID. */
static zx_handle_t cyc_sentinel(struct fuzz_thread *t)
{
	zx_handle_t e0, e1, drop = ZX_HANDLE_INVALID;
	zx_status_t s = zx_eventpair_create(0, &e0, &e1);

	fuzz_count(t, s);
	if (s != ZX_OK)
		return ZX_HANDLE_INVALID;
	pthread_mutex_lock(&sentinel_lock);
	for (unsigned int i = 0; nsentinels == SENTINELS && i < SENTINELS; i++) {
		/* Make room: a sentinel whose cycle is gone has told its story. */
		if (zx_object_wait_one(sentinels[i], ZX_EVENTPAIR_PEER_CLOSED, 0, NULL) == ZX_OK) {
			drop = sentinels[i];
			sentinels[i] = sentinels[--nsentinels];
		}
	}
	if (nsentinels < SENTINELS) {
		sentinels[nsentinels++] = e0;
		e0 = ZX_HANDLE_INVALID;
	}
	pthread_mutex_unlock(&sentinel_lock);
	zx_handle_close(drop);
	zx_handle_close(e0);	/* no room: e1 still travels, untracked */
	return e1;
}

/*
 * A message about @n handles we own, which (every other time: it costs a
 * call per handle) describes them to its reader.
 */
static uint32_t cyc_message(struct fuzz_thread *t, const zx_handle_t *h, uint32_t n)
{
	struct fuzz_msg_rec recs[4];
	uint32_t nb = sizeof(struct fuzz_msg_hdr) + n * sizeof(recs[0]) + fuzz_rand(t, 64);

	if (fuzz_rand(t, 2)) {
		memset(t->buf, FUZZ_STREAM_BYTE, nb);
		return nb;
	}
	for (uint32_t i = 0; i < n; i++) {
		zx_info_handle_basic_t info = { 0 };

		zx_object_get_info(h[i], ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL);
		recs[i] = (struct fuzz_msg_rec){ info.koid, info.type, info.rights };
	}
	fuzz_msg_build(t, t->buf, nb, recs, n);
	return nb;
}

/*
 * Write @h (ours) through whatever a random slot holds: maybe @h's own
 * peer, maybe @h's own end (refused), maybe nothing (a closed value). The
 * handle is gone whatever happens.
 */
static bool cyc_send(struct fuzz_thread *t, zx_handle_t h)
{
	zx_handle_t v = __atomic_load_n(&cyc[fuzz_rand(t, CYC)], __ATOMIC_ACQUIRE);
	uint32_t nb = cyc_message(t, &h, 1);
	zx_status_t s;

	s = zx_channel_write(v, 0, t->buf, nb, &h, 1);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_PEER_CLOSED, ZX_ERR_SHOULD_WAIT,
		    ZX_ERR_NOT_SUPPORTED, ZX_ERR_NO_MEMORY);
	FUZZ_EXPECT(t, zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL) ==
		       ZX_ERR_BAD_HANDLE);
	if (s == ZX_OK) {
		t->stats[ST_MSG_SENT]++;
		t->stats[ST_HANDLES_SENT]++;
	}
	return true;
}

/* @h (ours) into a random slot; what was there is closed or sent on. */
static bool cyc_publish(struct fuzz_thread *t, zx_handle_t h)
{
	zx_handle_t old = __atomic_exchange_n(&cyc[fuzz_rand(t, CYC)], h, __ATOMIC_ACQ_REL);

	if (old == ZX_HANDLE_INVALID)
		return true;
	if (fuzz_rand(t, 2))
		return cyc_send(t, old);
	FUZZ_STATUS(t, zx_handle_close(old), ZX_OK);
	return true;
}

/*
 * k new channels (a[i], b[i]) wired into a ring: b[(i + 1) % k] goes into
 * b[i]'s queue (written through a[i]) - for k = 1 an end in its own queue,
 * for k = 2 two channels' ends in each other's queues - or a chain, which
 * leaves the last link out. Channel ends have one handle each (no
 * ZX_RIGHT_DUPLICATE), so for readers to get at ends of the structure a
 * holder channel (r, s) takes some of the a[i] into r's queue (through
 * s); sometimes r goes into the ring first, so that the holder is in
 * flight too. Some messages carry a sentinel. What is left outside is
 * published or closed: all of it, sometimes, leaving only the cycle.
 */
static bool cyc_build(struct fuzz_thread *t)
{
	unsigned int k = 1 + fuzz_rand(t, fuzz_rand(t, 4) ? 2 : 4), shape = fuzz_rand(t, 2), nout = 0;
	unsigned int made;
	bool holder = fuzz_rand(t, 2), nest = holder && shape == 0 && fuzz_rand(t, 2);
	zx_handle_t a[4], b[4], r = ZX_HANDLE_INVALID, hs = ZX_HANDLE_INVALID, out[12];
	bool a_in[4] = { false }, b_in[4] = { false }, r_in = false;
	zx_status_t st = ZX_OK;

	for (made = 0; made < k; made++) {
		st = zx_channel_create(0, &a[made], &b[made]);
		FUZZ_STATUS(t, st, ZX_OK, ZX_ERR_NO_MEMORY);
		if (st != ZX_OK)
			break;
	}
	if (st == ZX_OK && holder) {
		st = zx_channel_create(0, &r, &hs);
		FUZZ_STATUS(t, st, ZX_OK, ZX_ERR_NO_MEMORY);
	}
	if (st != ZX_OK) {
		for (unsigned int i = 0; i < made; i++) {
			zx_handle_close(a[i]);
			zx_handle_close(b[i]);
		}
		return true;
	}
	for (unsigned int i = 0; i < k && !(shape == 1 && i == k - 1); i++) {
		unsigned int j = (i + 1) % k;
		zx_handle_t h[3] = { b[j], ZX_HANDLE_INVALID, ZX_HANDLE_INVALID };
		uint32_t n = 1, nb;

		if (nest && i == 0) {
			h[n++] = r;	/* the holder into b[0]'s queue */
			r_in = true;
		}
		if (!fuzz_rand(t, 3) && (h[n] = cyc_sentinel(t)) != ZX_HANDLE_INVALID)
			n++;
		nb = cyc_message(t, h, n);
		st = zx_channel_write(a[i], 0, t->buf, nb, h, n);
		FUZZ_STATUS(t, st, ZX_OK, ZX_ERR_NO_MEMORY);
		b_in[j] = true;
	}
	for (unsigned int i = 0; holder && i < k; i++) {
		zx_handle_t h[2] = { a[i], ZX_HANDLE_INVALID };
		uint32_t n = 1, nb;

		if (fuzz_rand(t, 3) == 0)
			continue;
		if (fuzz_rand(t, 4) == 0 && (h[n] = cyc_sentinel(t)) != ZX_HANDLE_INVALID)
			n++;
		nb = cyc_message(t, h, n);
		st = zx_channel_write(hs, 0, t->buf, nb, h, n);
		FUZZ_STATUS(t, st, ZX_OK, ZX_ERR_NO_MEMORY);
		a_in[i] = true;
	}
	for (unsigned int i = 0; i < k; i++) {
		if (!a_in[i])
			out[nout++] = a[i];
		if (!b_in[i])
			out[nout++] = b[i];
	}
	if (holder && !r_in)
		out[nout++] = r;
	if (holder)
		out[nout++] = hs;
	t->stats[ST_CYCLES]++;
	for (unsigned int i = 0; i < nout; i++) {
		if (!(fuzz_rand(t, 2) ? cyc_publish(t, out[i]) : fuzz_close_ok(t, out[i]))) {
			while (++i < nout)
				zx_handle_close(out[i]);
			return false;
		}
	}
	return true;
}

/*
 * Read whatever a slot's end has queued and dispose of the ends that come
 * out: published, sent on (perhaps into their own queue) or closed.
 */
static bool cyc_read(struct fuzz_thread *t)
{
	zx_handle_t v = __atomic_load_n(&cyc[fuzz_rand(t, CYC)], __ATOMIC_ACQUIRE);
	uint32_t room = fuzz_rand(t, 16) ? 512 : fuzz_rand(t, 40), nb = 0, nh = 0;
	zx_handle_info_t info[8];
	zx_handle_t h[8];
	zx_status_t s;

	s = zx_channel_read_etc(v, 0, t->rbuf, info, room, 8, &nb, &nh);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT, ZX_ERR_PEER_CLOSED, ZX_ERR_BAD_HANDLE,
		    ZX_ERR_BUFFER_TOO_SMALL, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return true;
	FUZZ_EXPECT(t, nh <= 3 && nb <= room);
	for (uint32_t i = 0; i < nh; i++) {
		h[i] = info[i].handle;
		FUZZ_EXPECT(t, info[i].type == ZX_OBJ_TYPE_CHANNEL ||
			       info[i].type == ZX_OBJ_TYPE_EVENTPAIR);
	}
	if (!fuzz_msg_check(t, t->rbuf, nb, h, nh)) {
		zx_handle_close_many(h, nh);
		return false;
	}
	t->stats[ST_MSG_READ]++;
	t->stats[ST_HANDLES_READ] += nh;
	t->stats[ST_CYCLE_READS] += nh;
	for (uint32_t i = 0; i < nh; i++) {
		uint32_t r = fuzz_rand(t, 3);
		bool ok;

		if (r == 0 && info[i].type == ZX_OBJ_TYPE_CHANNEL)
			ok = cyc_publish(t, h[i]);
		else if (r == 1)
			ok = cyc_send(t, h[i]);
		else
			ok = fuzz_close_ok(t, h[i]);
		if (!ok) {
			while (++i < nh)
				zx_handle_close(h[i]);
			return false;
		}
	}
	return true;
}

static bool op_cycle(struct fuzz_thread *t)
{
	unsigned int i = fuzz_rand(t, CYC);
	zx_handle_t v = __atomic_load_n(&cyc[i], __ATOMIC_ACQUIRE);
	zx_status_t s;

	switch (fuzz_rand(t, 12)) {
	case 0:
	case 1:
		return cyc_build(t);
	case 2:
	case 3:
	case 4:
	case 5:
		return cyc_read(t);
	case 6:		/* drop a handle from outside: maybe the last */
		v = __atomic_exchange_n(&cyc[i], ZX_HANDLE_INVALID, __ATOMIC_ACQ_REL);
		FUZZ_STATUS(t, zx_handle_close(v), ZX_OK);
		return true;
	case 7:		/* put it in flight instead */
		v = __atomic_exchange_n(&cyc[i], ZX_HANDLE_INVALID, __ATOMIC_ACQ_REL);
		return v == ZX_HANDLE_INVALID || cyc_send(t, v);
	case 8:		/* signals into ends in flight */
		s = zx_object_signal_peer(v, fuzz_rand(t, 2) ? ZX_USER_SIGNAL_ALL : 0,
					  ZX_USER_SIGNAL_0 << fuzz_rand(t, 8));
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_PEER_CLOSED);
		return true;
	case 9:
		s = zx_object_wait_one(v, ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED,
				       fuzz_rand(t, 2) ? 0 : zx_deadline_after(ZX_USEC(fuzz_rand(t, 300))),
				       NULL);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_CANCELED, ZX_ERR_BAD_HANDLE);
		return true;
	default: {	/* an end in its own queue, into whatever a slot's end reaches */
		zx_handle_t x, y, h[2];
		uint32_t n = 1, nb;

		s = zx_channel_create(0, &x, &y);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY);
		if (s != ZX_OK)
			return true;
		h[0] = y;
		if (fuzz_rand(t, 2) && (h[1] = cyc_sentinel(t)) != ZX_HANDLE_INVALID)
			n++;
		nb = cyc_message(t, h, n);
		s = zx_channel_write(x, 0, t->buf, nb, h, n);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY);
		return cyc_send(t, x);
	}
	}
}

/*
 * The process is done with cyc[]: close it, then every sentinel's peer
 * must close - the cycles holding them were freed by the collector, or by
 * plain destruction for chains. Returns how many did not, within @secs.
 */
static unsigned int cyc_finish(unsigned int secs, unsigned int *total)
{
	zx_time_t deadline;
	unsigned int left = 0;

	for (unsigned int i = 0; i < CYC; i++)
		zx_handle_close(__atomic_exchange_n(&cyc[i], ZX_HANDLE_INVALID, __ATOMIC_ACQ_REL));
	deadline = zx_deadline_after(ZX_SEC(secs));
	for (unsigned int i = 0; i < nsentinels; i++) {
		if (zx_object_wait_one(sentinels[i], ZX_EVENTPAIR_PEER_CLOSED, deadline, NULL) !=
		    ZX_OK)
			left++;
		zx_handle_close(sentinels[i]);
	}
	*total = nsentinels;
	nsentinels = 0;
	return left;
}

/* ------------------------------------------------------------------ */
/* Linux files: AF_UNIX sockets, io_uring rings, epoll sets, descriptors */

/*
 * Each thread keeps up to FILES descriptors of its own: both ends of
 * AF_UNIX socketpairs, io_uring rings, epoll sets, handle and poll
 * descriptors, and whatever arrived over a socket that was not a handle
 * descriptor. Only this thread reads or writes them (op_exit's children
 * hold copies only until their exec, see fork_lock).
 */
static void fuzz_files_init(struct fuzz_thread *t)
{
	for (unsigned int i = 0; i < FILES; i++)
		t->files[i] = (struct fuzz_file){ -1, FK_NONE, -1 };
	for (unsigned int i = 0; i < EPN; i++)
		t->ep[i] = (struct fuzz_ep){ .fd = -1 };
	t->epfd = epoll_create1(EPOLL_CLOEXEC);
}

static void fuzz_file_close(struct fuzz_thread *t, int i)
{
	struct fuzz_file *f = &t->files[i];

	if (!f->kind)
		return;
	if (f->peer >= 0)
		t->files[f->peer].peer = -1;
	close(f->fd);
	*f = (struct fuzz_file){ -1, FK_NONE, -1 };
}

/* Room for @fd (closing a random file other than @keep if need be). */
static int fuzz_file_add(struct fuzz_thread *t, int fd, int kind, int keep)
{
	unsigned int start = fuzz_rand(t, FILES);
	int i = -1;

	for (unsigned int k = 0; k < FILES && i < 0; k++)
		if (!t->files[(start + k) % FILES].kind)
			i = (int)((start + k) % FILES);
	if (i < 0) {
		i = (int)fuzz_rand(t, FILES);
		if (i == keep)
			i = (i + 1) % FILES;
		fuzz_file_close(t, i);
	}
	t->files[i] = (struct fuzz_file){ fd, (uint8_t)kind, -1 };
	return i;
}

static bool fuzz_kind_socket(int kind)
{
	return kind == FK_STREAM || kind == FK_DGRAM;
}

/* A random file of @kind (FK_NONE: any; -1: any socket), or -1. */
static int fuzz_file_pick(struct fuzz_thread *t, int kind)
{
	unsigned int start = fuzz_rand(t, FILES);

	for (unsigned int k = 0; k < FILES; k++) {
		int i = (int)((start + k) % FILES), fk = t->files[i].kind;

		if (fk && (kind == FK_NONE || fk == kind || (kind < 0 && fuzz_kind_socket(fk))))
			return i;
	}
	return -1;
}

/* A new AF_UNIX socketpair: the slot of one end, or -1. */
static int fuzz_socketpair(struct fuzz_thread *t)
{
	int type = fuzz_rand(t, 2) ? SOCK_STREAM : SOCK_DGRAM, sv[2], a, b, r;

	r = socketpair(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv);
	fuzz_count_errno(t, r, errno);
	if (r < 0)
		return -1;
	a = fuzz_file_add(t, sv[0], type == SOCK_STREAM ? FK_STREAM : FK_DGRAM, -1);
	b = fuzz_file_add(t, sv[1], t->files[a].kind, a);
	t->files[a].peer = (int8_t)b;
	t->files[b].peer = (int8_t)a;
	return a;
}

/* A new io_uring ring, by the raw system call: its slot, or -1. */
static int fuzz_uring(struct fuzz_thread *t)
{
	struct io_uring_params p;
	long r;

	if (t->no_uring)
		return -1;
	memset(&p, 0, sizeof(p));
	r = syscall(__NR_io_uring_setup, 1 + fuzz_rand(t, 8), &p);
	fuzz_count_errno(t, r, errno);
	if (r < 0) {
		/* Not built in, or io_uring_disabled: no point asking again. */
		t->no_uring = errno == ENOSYS || errno == EPERM;
		return -1;
	}
	return fuzz_file_add(t, (int)r, FK_URING, -1);
}

/* sendmsg() of one byte and @n descriptors; the result, counted. */
static long fuzz_sendfds(struct fuzz_thread *t, int sock, const int *fds, unsigned int n)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * 8)];
	} cb;
	char c = 'f';
	struct iovec iov = { &c, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	long r;

	memset(&cb, 0, sizeof(cb));
	if (n) {
		msg.msg_control = cb.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	}
	r = sendmsg(sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	fuzz_count_errno(t, r, errno);
	if (r >= 0)
		t->stats[ST_FDS_SENT] += n;
	return r;
}

#define FUZZ_RECV_FDS 16

/* recvmsg() of one message's descriptors into @fds: how many, or -1. */
static int fuzz_recvfds(struct fuzz_thread *t, int sock, int *fds)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * FUZZ_RECV_FDS)];
	} cb;
	char c[8];
	struct iovec iov = { c, fuzz_rand(t, 2) ? 1 : sizeof(c) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cb.buf,
			      .msg_controllen = sizeof(cb.buf) };
	struct cmsghdr *cm;
	int n = 0;
	long r;

	r = recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	fuzz_count_errno(t, r, errno);
	if (r < 0)
		return -1;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (n < FUZZ_RECV_FDS)
				fds[n++] = fd;
			else
				close(fd);
		}
	}
	t->stats[ST_FDS_RECEIVED] += n;
	return n;
}

/*
 * A descriptor that came out of a socket: a handle descriptor gives its
 * handle once (into the pool, or closed); anything else is kept or closed.
 */
static bool fuzz_take_fd(struct fuzz_thread *t, int fd)
{
	zx_handle_t h = 1, again = 1;
	zx_status_t s = zx_linux_fd_to_handle(fd, &h);

	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_WRONG_TYPE, ZX_ERR_BAD_STATE, ZX_ERR_NO_MEMORY,
		    ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, h == ZX_HANDLE_INVALID);
	} else {
		t->stats[ST_FDS_IMPORTED]++;
		/* Once only, through any copy. */
		FUZZ_EXPECT(t, zx_linux_fd_to_handle(fd, &again) == ZX_ERR_BAD_STATE);
		if (!fuzz_adopt(t, h))
			return false;
	}
	if (s == ZX_ERR_WRONG_TYPE && fuzz_rand(t, 2)) {
		fuzz_file_add(t, fd, FK_OTHER, -1);
		return true;
	}
	if ((s == ZX_OK || s == ZX_ERR_BAD_STATE) && !fuzz_rand(t, 4)) {
		fuzz_file_add(t, fd, FK_HFD, -1);	/* a spent one: still ours to refuse */
		return true;
	}
	close(fd);
	return true;
}

/*
 * A descriptor to send or register: a new handle descriptor or poll
 * descriptor of a pool handle (*@fresh: ours to close afterwards), or a
 * file of the table, or the thread's epoll set. -1: none this time.
 */
static int fuzz_fd_to_pass(struct fuzz_thread *t, bool *fresh)
{
	struct fuzz_handle *h = fuzz_slot(t, true);
	int fd = -1, i;
	zx_status_t s;

	*fresh = false;
	switch (fuzz_rand(t, 8)) {
	case 0:
	case 1:
	case 2:
	case 3: {
		zx_rights_t rights;

		if (!h)
			return -1;
		rights = h->rights;
		/* Wherever it goes, the object is no longer this thread's alone. */
		fuzz_taint(t, h->koid);
		s = zx_linux_handle_to_fd(h->value, O_CLOEXEC, &fd);
		fuzz_forget(t, h);	/* consumed, whatever the outcome */
		if (!(rights & ZX_RIGHT_TRANSFER))
			FUZZ_STATUS(t, s, ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
		*fresh = s == ZX_OK;
		return s == ZX_OK ? fd : -1;
	}
	case 4: {
		zx_rights_t need;

		if (!h)
			return -1;
		need = h->type == ZX_OBJ_TYPE_PORT ? ZX_RIGHT_READ : ZX_RIGHT_WAIT;
		s = zx_linux_poll_fd(h->value, fuzz_mask(t), O_CLOEXEC, &fd);
		if (!(h->rights & need))
			FUZZ_STATUS(t, s, ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
		*fresh = s == ZX_OK;
		return s == ZX_OK ? fd : -1;
	}
	case 5:
		return t->epfd;
	default:
		/* Not a ring: io_uring descriptors do not travel (nor nest in rings). */
		i = fuzz_file_pick(t, FK_NONE);
		return i >= 0 && t->files[i].kind != FK_URING ? t->files[i].fd : -1;
	}
}

/* Up to @max descriptors to pass; @fresh[i]: ours to close. */
static unsigned int fuzz_fds_to_pass(struct fuzz_thread *t, int *fds, bool *fresh,
				     unsigned int max)
{
	unsigned int n = 0, want = 1 + fuzz_rand(t, max);

	for (unsigned int k = 0; k < want; k++) {
		int fd = fuzz_fd_to_pass(t, &fresh[n]);

		if (fd >= 0)
			fds[n++] = fd;
	}
	return n;
}

static void fuzz_close_fresh(const int *fds, const bool *fresh, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (fresh[i])
			close(fds[i]);
}

/*
 * Descriptors over a socket of the table (maybe its own end or its peer's,
 * so sockets sit in their own queues for Linux's collector): the new ones
 * live only in the queue afterwards.
 */
static bool fuzz_scm_send(struct fuzz_thread *t)
{
	int i = fuzz_file_pick(t, -1), fds[8];
	bool fresh[8];
	unsigned int n;

	if (i < 0 && (i = fuzz_socketpair(t)) < 0)
		return true;
	n = fuzz_fds_to_pass(t, fds, fresh, 3);
	if (!fuzz_rand(t, 4) && n < 8)
		fds[n] = t->files[i].fd, fresh[n++] = false;
	if (!fuzz_rand(t, 4) && n < 8 && t->files[i].peer >= 0)
		fds[n] = t->files[t->files[i].peer].fd, fresh[n++] = false;
	fuzz_sendfds(t, t->files[i].fd, fds, n);
	fuzz_close_fresh(fds, fresh, n);
	return true;
}

static bool fuzz_scm_recv(struct fuzz_thread *t)
{
	int i = fuzz_file_pick(t, -1), fds[FUZZ_RECV_FDS], n;

	if (i < 0)
		return true;
	n = fuzz_recvfds(t, t->files[i].fd, fds);
	for (int k = 0; k < n; k++) {
		if (!fuzz_take_fd(t, fds[k])) {
			while (++k < n)
				close(fds[k]);
			return false;
		}
	}
	return true;
}

/*
 * io_uring fixed files: handle descriptors (and others) registered in a
 * ring, updated, unregistered, or left there when the ring is closed.
 */
static bool fuzz_fixed_files(struct fuzz_thread *t)
{
	int i = fuzz_file_pick(t, FK_URING), fds[8];
	bool fresh[8];
	unsigned int n;
	long r;

	/* Rings are dear under emulation (their teardown flushes every CPU's TLB). */
	if (i < 0 && (fuzz_rand(t, 4) || (i = fuzz_uring(t)) < 0))
		return true;
	if (!fuzz_rand(t, 4)) {
		r = syscall(__NR_io_uring_register, t->files[i].fd, IORING_UNREGISTER_FILES, NULL, 0);
		fuzz_count_errno(t, r, errno);
		return true;
	}
	n = fuzz_fds_to_pass(t, fds, fresh, 4);
	if (!fuzz_rand(t, 8) && n < 8)
		fds[n] = -1, fresh[n++] = false;	/* a sparse slot */
	if (!fuzz_rand(t, 16) && n < 8)
		fds[n] = t->files[i].fd, fresh[n++] = false;	/* the ring itself: refused */
	if (!n)
		return true;
	if (fuzz_rand(t, 3)) {
		r = syscall(__NR_io_uring_register, t->files[i].fd, IORING_REGISTER_FILES, fds, n);
	} else {
		struct io_uring_files_update up = {
			.offset = fuzz_rand(t, 4), .fds = (uint64_t)(uintptr_t)fds,
		};

		r = syscall(__NR_io_uring_register, t->files[i].fd, IORING_REGISTER_FILES_UPDATE,
			    &up, n);
	}
	fuzz_count_errno(t, r, errno);
	if (r >= 0)
		t->stats[ST_FIXED_FILES] += n;
	fuzz_close_fresh(fds, fresh, n);
	return true;
}

static bool op_scm(struct fuzz_thread *t)
{
	int i;

	switch (fuzz_rand(t, 8)) {
	case 0:
	case 1:
	case 2:
		return fuzz_scm_send(t);
	case 3:
	case 4:
	case 5:
		return fuzz_scm_recv(t);
	case 6:
		return fuzz_fixed_files(t);
	default:	/* a socket, or a pair, closed with what is queued in it */
		i = fuzz_file_pick(t, -1);
		if (i < 0)
			return true;
		if (fuzz_rand(t, 2) && t->files[i].peer >= 0)
			fuzz_file_close(t, t->files[i].peer);
		fuzz_file_close(t, i);
		return true;
	}
}

/* ------------------------------------------------------------------ */
/* Wrappers of the files                                                */

static bool fuzz_ep_add(struct fuzz_thread *t, int fd, bool owned, bool strict, zx_koid_t koid,
			zx_signals_t mask);

/*
 * A wrapper that was made is used: a byte from the socket's peer must show
 * at once (every wait polls the file first); then wait_async, and a handle
 * descriptor (sent over the very socket, or registered in the very ring),
 * a poll descriptor, the pool, or a close.
 */
static bool fuzz_use_wrapper(struct fuzz_thread *t, zx_handle_t w, int i)
{
	const struct fuzz_file *f = i >= 0 ? &t->files[i] : NULL;
	int kind = f ? f->kind : FK_EPOLL, fd = -1;
	zx_info_handle_basic_t info;
	struct fuzz_handle *d;
	zx_signals_t seen = 0;
	zx_status_t s;

	FUZZ_EXPECT(t, zx_object_get_info(w, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL,
					  NULL) == ZX_OK);
	FUZZ_EXPECT(t, info.type == ZX_OBJ_TYPE_LINUX_FD &&
		       info.rights == (ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL));
	if (f && fuzz_kind_socket(kind) && f->peer >= 0 && fuzz_rand(t, 2)) {
		char c = 'w';
		long n = send(t->files[f->peer].fd, &c, 1, MSG_DONTWAIT | MSG_NOSIGNAL);

		fuzz_count_errno(t, n, errno);
		if (n == 1) {
			s = zx_object_wait_one(w, ZX_LINUX_FD_READABLE, 0, &seen);
			fuzz_count(t, s);
			if (s != ZX_OK)
				FUZZ_FAIL(t, "wrapped AF_UNIX %s socket with a byte queued: wait_one %s, signals 0x%x",
					  kind == FK_STREAM ? "stream" : "datagram",
					  zx_status_get_string(s), seen);
		}
	} else {
		s = zx_object_wait_one(w, fuzz_mask(t), fuzz_rand(t, 4) ? 0 :
				       zx_deadline_after(ZX_USEC(fuzz_rand(t, 300))), &seen);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
	}
	if (fuzz_rand(t, 2)) {
		struct fuzz_handle *port = fuzz_slot_of(t, ZX_OBJ_TYPE_PORT);
		zx_signals_t sig = ZX_LINUX_FD_READABLE << fuzz_rand(t, 6);
		uint32_t opts = fuzz_rand(t, 2) ? ZX_WAIT_ASYNC_EDGE : 0;

		if (port) {
			s = zx_object_wait_async(w, port->value, fuzz_rand(t, 8), sig, opts);
			if (!(port->rights & ZX_RIGHT_WRITE))
				FUZZ_STATUS(t, s, ZX_ERR_ACCESS_DENIED);
			else
				FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_RESOURCES);
		} else {
			s = zx_object_wait_async(w, __atomic_load_n(&shared_port, __ATOMIC_ACQUIRE),
						 fuzz_rand(t, 4), sig, opts);
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_NO_RESOURCES);
		}
	}
	switch (fuzz_rand(t, 6)) {
	case 0:
	case 1: {	/* a handle descriptor of the wrapper */
		int peer = f && fuzz_kind_socket(kind) ? f->peer : -1;

		s = zx_linux_handle_to_fd(w, O_CLOEXEC, &fd);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
		if (s != ZX_OK)
			return true;
		if (f && fuzz_kind_socket(kind)) {
			/* Into the wrapped socket's own queue, or its peer's. */
			fuzz_sendfds(t, peer >= 0 && fuzz_rand(t, 2) ? t->files[peer].fd : f->fd, &fd, 1);
		} else if (f && kind == FK_URING) {
			long r = syscall(__NR_io_uring_register, f->fd, IORING_REGISTER_FILES, &fd, 1);

			fuzz_count_errno(t, r, errno);
			t->stats[ST_FIXED_FILES] += r >= 0;
		} else if (fuzz_rand(t, 2)) {
			fuzz_file_add(t, fd, FK_HFD, i);
			return true;
		}
		close(fd);
		return true;
	}
	case 2: {	/* a poll descriptor of it, into the epoll set or the table */
		s = zx_linux_poll_fd(w, fuzz_mask(t), O_CLOEXEC, &fd);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
		if (s == ZX_OK && fuzz_rand(t, 2))
			fuzz_file_add(t, fd, FK_PFD, i);
		else if (s == ZX_OK && !fuzz_ep_add(t, fd, true, false, 0, 0))
			return false;
		break;
	}
	case 3:
	case 4:		/* the pool, where any operation may carry it anywhere */
		d = fuzz_slot(t, false);
		if (!d)
			break;
		*d = (struct fuzz_handle){ w, info.rights, info.type, info.koid, 0, true, 0 };
		return true;
	default:
		break;
	}
	FUZZ_STATUS(t, zx_handle_close(w), ZX_OK);
	return true;
}

static bool op_wrap(struct fuzz_thread *t)
{
	zx_handle_t w = 1;
	int i, fd, kind;
	zx_status_t s;

	switch (fuzz_rand(t, 10)) {
	case 0:
		i = fuzz_socketpair(t);
		break;
	case 1:
		i = fuzz_file_pick(t, -1);
		break;
	case 2:
		i = fuzz_rand(t, 4) ? fuzz_file_pick(t, FK_URING) : fuzz_uring(t);
		break;
	case 3:
		if (fuzz_rand(t, 2)) {
			fd = epoll_create1(EPOLL_CLOEXEC);
			fuzz_count_errno(t, fd, errno);
			i = fd < 0 ? -1 : fuzz_file_add(t, fd, FK_EPOLL, -1);
		} else {
			i = fuzz_file_pick(t, FK_NONE);
			if (i >= 0)
				fuzz_file_close(t, i);
			return true;
		}
		break;
	case 4:
		i = fuzz_file_pick(t, FK_URING);
		break;
	case 5:
		i = -1;		/* the thread's epoll set, poll descriptors and all */
		break;
	default:
		i = fuzz_file_pick(t, fuzz_rand(t, 2) ? -1 : FK_NONE);
		break;
	}
	if (i < 0 && t->epfd < 0)
		return true;
	fd = i >= 0 ? t->files[i].fd : t->epfd;
	kind = i >= 0 ? t->files[i].kind : FK_EPOLL;
	s = zx_linux_object_from_fd(fd, &w);
	if (kind == FK_HFD || kind == FK_PFD) {
		/* Our own descriptors would hold handle counts in a cycle. */
		FUZZ_STATUS(t, s, ZX_ERR_NOT_SUPPORTED);
	} else {
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NOT_SUPPORTED, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	}
	if (fuzz_kind_socket(kind) && (s == ZX_OK || s == ZX_ERR_NOT_SUPPORTED))
		t->stats[s == ZX_OK ? ST_WRAP_SOCK : ST_WRAP_SOCK_REFUSED]++;
	if (kind == FK_URING && (s == ZX_OK || s == ZX_ERR_NOT_SUPPORTED))
		t->stats[s == ZX_OK ? ST_WRAP_URING : ST_WRAP_URING_REFUSED]++;
	if (s != ZX_OK) {
		FUZZ_EXPECT(t, w == ZX_HANDLE_INVALID);
		return true;
	}
	return fuzz_use_wrapper(t, w, i);
}

/* ------------------------------------------------------------------ */
/* Ports waited on from everywhere; poll descriptors in epoll sets      */

/*
 * Two ports per process that are never closed: xp_port, where fuzz threads
 * queue packets and wait with deadlines, and sit_port, where they queue
 * and only the sitter thread waits. Both have poll descriptors in epoll
 * sets (EPOLLEXCLUSIVE mostly) that threads sit in: an epoll entry on a
 * port's wait queue must not take a wake-up meant for zx_port_wait().
 * Each packet carries a sequence number, and xp_done[] when its
 * zx_port_queue() returned.
 */
#define XP_KEY 0x78706f7274ull
#define XP_MAGIC 0x73657175656e6365ull
#define XP_STOP 0x73746f70ull
#define XP_RING 8192
#define SIT_DEADLINE ZX_SEC(3)
/* Longer than any wake-up takes to be acted upon, even under emulation. */
#define SIT_MARGIN ZX_MSEC(1500)

static zx_handle_t xp_port, sit_port;
/*
 * sit_port holds at most one packet of the threads' at a time (they skip
 * queueing while this is set; the sitter clears it), so that a lost
 * wake-up is not rescued by the next packet's.
 */
static int sit_busy;
static int xp_pfd = -1, sit_pfd = -1;	/* their poll descriptors, shared */
static int shared_ep = -1;		/* an epoll set of sit_pfd the threads share */
static uint64_t xp_seq;
static struct {
	uint64_t seq;
	int64_t done;
} xp_done[XP_RING];

static bool xp_done_at(uint64_t seq, int64_t *done)
{
	if (!seq || __atomic_load_n(&xp_done[seq % XP_RING].seq, __ATOMIC_ACQUIRE) != seq)
		return false;
	*done = __atomic_load_n(&xp_done[seq % XP_RING].done, __ATOMIC_RELAXED);
	return true;
}

static zx_status_t xp_queue(zx_handle_t port, uint64_t what)
{
	zx_port_packet_t pkt = { .key = XP_KEY, .type = ZX_PKT_TYPE_USER };
	uint64_t seq = __atomic_add_fetch(&xp_seq, 1, __ATOMIC_RELAXED);
	zx_status_t s;

	pkt.user.u64[0] = seq;
	pkt.user.u64[1] = XP_MAGIC;
	pkt.user.u64[2] = what;
	s = zx_port_queue(port, &pkt);
	if (s == ZX_OK) {
		__atomic_store_n(&xp_done[seq % XP_RING].done, zxt_mono_ns(), __ATOMIC_RELAXED);
		__atomic_store_n(&xp_done[seq % XP_RING].seq, seq, __ATOMIC_RELEASE);
	}
	return s;
}

static bool xp_packet_ok(struct fuzz_thread *t, const zx_port_packet_t *pkt)
{
	FUZZ_EXPECT(t, pkt->type == ZX_PKT_TYPE_USER && pkt->key == XP_KEY &&
		       pkt->status == ZX_OK);
	FUZZ_EXPECT(t, pkt->user.u64[1] == XP_MAGIC && pkt->user.u64[0] &&
		       pkt->user.u64[0] <= __atomic_load_n(&xp_seq, __ATOMIC_RELAXED));
	return true;
}

/*
 * A wait on xp_port with a deadline. If it times out, whatever is first in
 * the port now must have been queued after the wait began: a packet that
 * was there all along should have been taken.
 */
static bool xp_wait(struct fuzz_thread *t)
{
	zx_time_t deadline;
	zx_port_packet_t pkt;
	int64_t t0, done;
	zx_status_t s;

	switch (fuzz_rand(t, 8)) {
	case 0:
		deadline = 0;
		break;
	case 1:
		deadline = zx_deadline_after(ZX_MSEC(1 + fuzz_rand(t, 2)));
		break;
	default:
		deadline = zx_deadline_after(ZX_USEC(fuzz_rand(t, 500)));
		break;
	}
	t0 = zxt_mono_ns();
	s = zx_port_wait(xp_port, deadline, &pkt);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
	if (s == ZX_OK) {
		t->stats[ST_PACKETS_TAKEN]++;
		return xp_packet_ok(t, &pkt);
	}
	s = zx_port_wait(xp_port, 0, &pkt);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
	if (s != ZX_OK)
		return true;
	t->stats[ST_PACKETS_TAKEN]++;
	if (!xp_packet_ok(t, &pkt))
		return false;
	if (xp_done_at(pkt.user.u64[0], &done) && done < t0)
		FUZZ_FAIL(t, "port wait timed out; packet %llu, queued %lld us before it began, is still there",
			  (unsigned long long)pkt.user.u64[0], (long long)(t0 - done) / 1000);
	return true;
}

/* The sitter: the only thread that ever waits on sit_port. */
struct fuzz_sitter {
	struct fuzz_thread t;
	pthread_t thread;
};

static bool sitter_loop(struct fuzz_thread *t)
{
	zx_port_packet_t pkt;

	for (;;) {
		int64_t t0 = zxt_mono_ns(), r, done;
		zx_status_t s = zx_port_wait(sit_port, t0 + SIT_DEADLINE, &pkt);

		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
		if (s == ZX_ERR_TIMED_OUT) {
			s = zx_port_wait(sit_port, 0, &pkt);
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_TIMED_OUT);
			if (s != ZX_OK)
				continue;
		}
		r = zxt_mono_ns();
		if (!xp_packet_ok(t, &pkt))
			return false;
		t->stats[ST_SITTER_PACKETS]++;
		__atomic_store_n(&sit_busy, 0, __ATOMIC_RELEASE);
		/* Queued while we slept, it should have woken us. */
		if (xp_done_at(pkt.user.u64[0], &done) && done > t0 && r - done > SIT_MARGIN)
			FUZZ_FAIL(t, "lost wake-up: packet %llu queued %.3f s into the wait came out %.3f s later",
				  (unsigned long long)pkt.user.u64[0], (done - t0) / 1e9,
				  (r - done) / 1e9);
		if (pkt.user.u64[2] == XP_STOP)
			return true;
	}
}

static void *fuzz_sitter_main(void *arg)
{
	struct fuzz_sitter *st = arg;

	st->t.cur = FUZZ_OP_SITTER;
	return sitter_loop(&st->t) ? NULL : st;
}

/* Evict entry @i of the thread's epoll set. */
static void fuzz_ep_del(struct fuzz_thread *t, unsigned int i)
{
	struct fuzz_ep *e = &t->ep[i];

	if (e->fd < 0)
		return;
	epoll_ctl(t->epfd, EPOLL_CTL_DEL, e->fd, NULL);
	if (e->owned)
		close(e->fd);
	*e = (struct fuzz_ep){ .fd = -1 };
}

/*
 * Add poll descriptor @fd to the thread's epoll set, mostly with
 * EPOLLEXCLUSIVE. A @strict entry (a descriptor of a private event or
 * eventpair in no other set) is level-triggered, and epoll_wait() must
 * report it exactly while its signals match @mask.
 */
static bool fuzz_ep_add(struct fuzz_thread *t, int fd, bool owned, bool strict, zx_koid_t koid,
			zx_signals_t mask)
{
	unsigned int start = fuzz_rand(t, EPN), i = EPN;
	struct epoll_event ev = { .events = EPOLLIN };
	uint32_t r = fuzz_rand(t, 8);
	int ret;

	for (unsigned int k = 0; k < EPN && i == EPN; k++)
		if (t->ep[(start + k) % EPN].fd < 0)
			i = (start + k) % EPN;
	if (i == EPN) {
		i = fuzz_rand(t, EPN);
		fuzz_ep_del(t, i);
	}
	if (r < 6)
		ev.events |= EPOLLEXCLUSIVE;
	else if (r == 6 && !strict)
		ev.events |= EPOLLET;
	ev.data.u32 = i;
	ret = t->epfd < 0 ? -1 : epoll_ctl(t->epfd, EPOLL_CTL_ADD, fd, &ev);
	fuzz_count_errno(t, ret, errno);
	if (ret < 0) {
		if (owned)
			close(fd);
		return true;
	}
	t->ep[i] = (struct fuzz_ep){ fd, owned, strict, koid, mask };
	return true;
}

/* What epoll_wait() reported agrees with the signals of the strict entries. */
static bool fuzz_ep_check(struct fuzz_thread *t, const struct epoll_event *ev, int n)
{
	bool seen[EPN] = { false };

	for (int k = 0; k < n; k++)
		if (ev[k].data.u32 < EPN)
			seen[ev[k].data.u32] = true;
	for (unsigned int i = 0; i < EPN; i++) {
		const struct fuzz_ep *e = &t->ep[i];
		zx_signals_t now;

		if (e->fd < 0 || !e->strict)
			continue;
		now = fuzz_signals_of(t, e->koid);
		if (now != FUZZ_UNKNOWN && seen[i] != !!(now & e->mask))
			FUZZ_FAIL(t, "epoll_wait %s the poll descriptor of koid %llu (mask 0x%x, signals 0x%x)",
				  seen[i] ? "reported" : "missed", (unsigned long long)e->koid,
				  e->mask, now);
	}
	return true;
}

/* A poll descriptor for the epoll set: of a port the threads share, or of the pool. */
static bool fuzz_ep_new(struct fuzz_thread *t)
{
	struct fuzz_handle *h;
	zx_signals_t mask = fuzz_mask(t);
	bool strict;
	zx_status_t s;
	int fd = -1;

	switch (fuzz_rand(t, 6)) {
	case 0:
		return fuzz_ep_add(t, xp_pfd, false, false, 0, 0);
	case 1:
		return fuzz_ep_add(t, sit_pfd, false, false, 0, 0);
	case 2:
		s = zx_linux_poll_fd(fuzz_rand(t, 2) ? xp_port : sit_port, 0, O_CLOEXEC, &fd);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
		return s != ZX_OK || fuzz_ep_add(t, fd, true, false, 0, 0);
	default:
		h = fuzz_slot(t, true);
		if (!h)
			return true;
		s = zx_linux_poll_fd(h->value, mask, O_CLOEXEC, &fd);
		if (!(h->rights & (h->type == ZX_OBJ_TYPE_PORT ? ZX_RIGHT_READ : ZX_RIGHT_WAIT)))
			FUZZ_STATUS(t, s, ZX_ERR_ACCESS_DENIED);
		else
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
		if (s != ZX_OK)
			return true;
		strict = (h->type == ZX_OBJ_TYPE_EVENT || h->type == ZX_OBJ_TYPE_EVENTPAIR) &&
			 fuzz_signals_of(t, h->koid) != FUZZ_UNKNOWN;
		return fuzz_ep_add(t, fd, true, strict, h->koid, mask);
	}
}

static bool fuzz_epoll_wait(struct fuzz_thread *t, bool shared)
{
	struct epoll_event ev[EPN + 4];
	int timeout = !fuzz_rand(t, 3) ? 0 : shared ? 1 + fuzz_rand(t, 3) : fuzz_rand(t, 2);
	int n = epoll_wait(shared ? shared_ep : t->epfd, ev, EPN + 4, timeout);

	fuzz_count_errno(t, n, errno);
	if (n < 0)
		return true;	/* EINTR: the signaller */
	t->stats[ST_EPOLL_EVENTS] += n;
	return shared || fuzz_ep_check(t, ev, n);
}

static bool op_xport(struct fuzz_thread *t)
{
	zx_status_t s;

	switch (fuzz_rand(t, 14)) {
	case 0:
	case 1:
		for (unsigned int n = 1 + fuzz_rand(t, 2); n; n--) {
			s = xp_queue(xp_port, 0);
			FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT);
			t->stats[ST_PACKETS_QUEUED] += s == ZX_OK;
		}
		return true;
	case 2:
	case 3:
		if (__atomic_exchange_n(&sit_busy, 1, __ATOMIC_ACQ_REL))
			return true;
		s = xp_queue(sit_port, 0);
		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_SHOULD_WAIT);
		if (s != ZX_OK)
			__atomic_store_n(&sit_busy, 0, __ATOMIC_RELEASE);
		t->stats[ST_PACKETS_QUEUED] += s == ZX_OK;
		return true;
	case 4:
	case 5:
		return xp_wait(t);
	case 6:
	case 7:
		return fuzz_ep_new(t);
	case 8:
		fuzz_ep_del(t, fuzz_rand(t, EPN));
		return true;
	case 9:
	case 10:
		return fuzz_epoll_wait(t, false);
	default:
		return fuzz_epoll_wait(t, true);
	}
}

/* ------------------------------------------------------------------ */
/* A table's process dies with its handles in flight                    */

#define KID_MAGIC 0x6b696432u
#define KID_HANDLES 4

/* What a handle the child sent must look like once the child is dead. */
enum {
	KID_EVENT,		/* signals as sent (extra) */
	KID_PEER_GONE,		/* an eventpair end whose peer stayed in the child's table */
	KID_WRAP_READABLE,	/* a wrapper of an eventfd the child wrote and closed */
	KID_WRAP,		/* a wrapper of a socket or ring the child closed */
	KID_CHAN,		/* a channel end whose peer stayed there, a message queued */
	KID_NKINDS
};

struct kid_rec {
	uint64_t koid;
	uint32_t type, rights, kind, extra;
};

struct kid_msg {
	uint32_t magic, index, nh, last;	/* last: the message count + 1, in the final one */
	struct kid_rec rec[KID_HANDLES];
};

/* Close every descriptor but 0-2 and those in @keep (ascending). */
static void kid_close_others(const int *keep, unsigned int n)
{
	unsigned int from = 3;

	for (unsigned int i = 0; i < n; i++) {
		if ((unsigned int)keep[i] > from)
			syscall(__NR_close_range, from, keep[i] - 1, 0);
		from = keep[i] + 1;
	}
	syscall(__NR_close_range, from, ~0u, 0);
}

static void *kid_blocked(void *arg)
{
	zx_object_wait_one(*(zx_handle_t *)arg, ZX_USER_SIGNAL_7, ZX_TIME_INFINITE, NULL);
	return NULL;
}

/* One handle for the parent, of a random kind; false if none was made. */
static bool kid_make(uint64_t *rng, zx_handle_t *out, struct kid_rec *rec, zx_handle_t *kept,
		     unsigned int *nkept)
{
	zx_handle_t a = ZX_HANDLE_INVALID, h = ZX_HANDLE_INVALID;
	uint32_t kind = zxt_rand(rng) % KID_NKINDS, extra = 0;
	zx_info_handle_basic_t info;

	switch (kind) {
	case KID_EVENT:
		if (zx_event_create(0, &h) != ZX_OK)
			return false;
		if (zxt_rand(rng) & 1) {
			extra = ZX_USER_SIGNAL_0 << (zxt_rand(rng) % 8);
			zx_object_signal(h, 0, extra);
		}
		break;
	case KID_PEER_GONE:
		if (*nkept == 16 || zx_eventpair_create(0, &a, &h) != ZX_OK)
			return false;
		kept[(*nkept)++] = a;
		break;
	case KID_WRAP_READABLE: {
		int fd = eventfd(1, EFD_CLOEXEC | EFD_NONBLOCK);

		if (fd < 0)
			return false;
		if (zx_linux_object_from_fd(fd, &h) != ZX_OK)
			h = ZX_HANDLE_INVALID;
		close(fd);	/* the wrapper holds the file */
		if (h == ZX_HANDLE_INVALID)
			return false;
		break;
	}
	case KID_WRAP: {
		int sv[2] = { -1, -1 }, hfd = -1;
		zx_handle_t e;

		if (zxt_rand(rng) & 1) {
			struct io_uring_params p = { 0 };
			long r = syscall(__NR_io_uring_setup, 2, &p);

			if (r < 0)
				return false;
			sv[0] = (int)r;
		} else if (socketpair(AF_UNIX, ((zxt_rand(rng) & 1) ? SOCK_STREAM : SOCK_DGRAM) |
				      SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) < 0) {
			return false;
		}
		if (zx_linux_object_from_fd(sv[0], &h) != ZX_OK)
			h = ZX_HANDLE_INVALID;
		/* A handle descriptor in flight inside the file the wrapper holds. */
		if (zx_event_create(0, &e) == ZX_OK &&
		    zx_linux_handle_to_fd(e, O_CLOEXEC, &hfd) == ZX_OK) {
			if (sv[1] >= 0) {
				char c = 'k', cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
				struct iovec iov = { &c, 1 };
				struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
						      .msg_control = cbuf,
						      .msg_controllen = sizeof(cbuf) };
				struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

				cm->cmsg_level = SOL_SOCKET;
				cm->cmsg_type = SCM_RIGHTS;
				cm->cmsg_len = CMSG_LEN(sizeof(int));
				memcpy(CMSG_DATA(cm), &hfd, sizeof(int));
				sendmsg(sv[1], &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
			} else {
				syscall(__NR_io_uring_register, sv[0], IORING_REGISTER_FILES, &hfd, 1);
			}
			close(hfd);
		}
		close(sv[0]);
		if (sv[1] >= 0)
			close(sv[1]);
		if (h == ZX_HANDLE_INVALID)
			return false;
		break;
	}
	default: {	/* KID_CHAN */
		zx_handle_t e;
		uint32_t word = KID_MAGIC;

		if (*nkept == 16 || zx_channel_create(0, &a, &h) != ZX_OK)
			return false;
		kept[(*nkept)++] = a;
		if (zx_event_create(0, &e) == ZX_OK &&
		    zx_channel_write(a, 0, &word, sizeof(word), &e, 1) == ZX_OK)
			extra = 1;
		break;
	}
	}
	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL) != ZX_OK)
		return false;
	*out = h;
	*rec = (struct kid_rec){ info.koid, info.type, info.rights, kind, extra };
	return true;
}

/*
 * The child: import the channel end, fill it, send handle descriptors to
 * the parent, make a cycle in its own table, and exit (0), exit with a
 * thread blocked in a wait (1), or wait to be killed (2). Returns the
 * exit status: 0, or the step that went wrong.
 */
static int kid_main(uint64_t seed, int bfd, int sock, int ready, unsigned int how)
{
	zx_handle_t b, kept[16], hs[KID_HANDLES], x, y;
	uint64_t rng = seed | 1;
	unsigned int nkept = 0, nmsg = 0, rounds = 1 + zxt_rand(&rng) % 4;
	struct kid_msg m;
	pthread_t th;
	char c = 'c';

	if (write(ready, &c, 1) != 1)	/* every other copy is closed */
		return 2;
	if (zx_linux_fd_to_handle(bfd, &b) != ZX_OK)
		return 3;
	close(bfd);
	for (unsigned int r = 0; r < rounds; r++) {
		memset(&m, 0, sizeof(m));
		m.magic = KID_MAGIC;
		m.index = nmsg;
		for (unsigned int n = 1 + zxt_rand(&rng) % KID_HANDLES; m.nh < n;) {
			if (!kid_make(&rng, &hs[m.nh], &m.rec[m.nh], kept, &nkept))
				n--;
			else
				m.nh++;
		}
		if (zx_channel_write(b, 0, &m, sizeof(m), hs, m.nh) == ZX_OK)
			nmsg++;
	}
	/* Handle descriptors in flight to the parent. */
	for (unsigned int n = zxt_rand(&rng) % 3; n; n--) {
		zx_handle_t e;
		int hfd;

		if (zx_event_create(0, &e) != ZX_OK || zx_linux_handle_to_fd(e, O_CLOEXEC, &hfd))
			return 4;
		{
			char cc = 'h', cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
			struct iovec iov = { &cc, 1 };
			struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
					      .msg_controllen = sizeof(cbuf) };
			struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cm), &hfd, sizeof(int));
			sendmsg(sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		}
		close(hfd);
	}
	/* An end in its own queue, its peer in the table: the exit frees both. */
	if (zx_channel_create(0, &x, &y) == ZX_OK)
		zx_channel_write(x, 0, NULL, 0, &y, 1);
	memset(&m, 0, sizeof(m));
	m.magic = KID_MAGIC;
	m.index = nmsg;
	m.last = nmsg + 1;
	if (zx_channel_write(b, 0, &m, sizeof(m), NULL, 0) != ZX_OK)
		return 5;
	if (how == 1 && nkept &&
	    pthread_create(&th, NULL, kid_blocked, &kept[zxt_rand(&rng) % nkept]) != 0)
		return 6;
	if (how == 2) {
		c = 'r';
		if (write(ready, &c, 1) != 1)
			return 7;
		zx_object_wait_one(b, ZX_USER_SIGNAL_7, ZX_TIME_INFINITE, NULL);
		return 8;
	}
	return 0;
}

/* One byte from @fd within @secs, retrying after signals: the byte or -1. */
static int fuzz_read_byte(int fd, int secs)
{
	int64_t end = zxt_mono_ns() + ZXT_SEC(secs);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c;

	for (;;) {
		int ms = (int)((end - zxt_mono_ns()) / 1000000);
		int r = poll(&pfd, 1, ms > 0 ? ms : 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		return r == 1 ? c : -1;
	}
}

/* A handle the dead child sent is what it said, its peers closed, its files alive. */
static bool fuzz_kid_handle(struct fuzz_thread *t, zx_handle_t h, const zx_handle_info_t *hi,
			    const struct kid_rec *rec)
{
	zx_info_handle_basic_t info;
	zx_signals_t sig = fuzz_signals_now(h);

	FUZZ_EXPECT(t, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL,
					  NULL) == ZX_OK);
	if (info.koid != rec->koid || info.type != rec->type || info.rights != rec->rights ||
	    hi->type != rec->type || hi->rights != rec->rights)
		FUZZ_FAIL(t, "child's handle of kind %u: koid %llu type %u rights 0x%x, sent %llu %u 0x%x",
			  rec->kind, (unsigned long long)info.koid, info.type, info.rights,
			  (unsigned long long)rec->koid, rec->type, rec->rights);
	switch (rec->kind) {
	case KID_EVENT:
		FUZZ_EXPECT(t, sig == rec->extra);
		break;
	case KID_PEER_GONE:
		/* The child's table was closed when it died. */
		FUZZ_EXPECT(t, sig & ZX_EVENTPAIR_PEER_CLOSED);
		break;
	case KID_WRAP_READABLE:
		/* Re-polled at the wait: the eventfd is alive, and readable. */
		FUZZ_EXPECT(t, zx_object_wait_one(h, ZX_LINUX_FD_READABLE, 0, NULL) == ZX_OK);
		break;
	case KID_WRAP:
		FUZZ_STATUS(t, zx_object_wait_one(h, ZX_LINUX_FD_READABLE | ZX_LINUX_FD_WRITABLE, 0,
						  NULL), ZX_OK, ZX_ERR_TIMED_OUT);
		break;
	default:
		FUZZ_EXPECT(t, sig & ZX_CHANNEL_PEER_CLOSED);
		FUZZ_EXPECT(t, !!(sig & ZX_CHANNEL_READABLE) == !!rec->extra);
		if (rec->extra && fuzz_rand(t, 2)) {
			zx_handle_t e;
			uint32_t word = 0, nb = 0, nh = 0;

			FUZZ_STATUS(t, zx_channel_read(h, 0, &word, &e, sizeof(word), 1, &nb, &nh),
				    ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
			if (nh == 1) {
				FUZZ_EXPECT(t, word == KID_MAGIC && nb == sizeof(word));
				FUZZ_STATUS(t, zx_handle_close(e), ZX_OK);
			}
		}
		break;
	}
	return true;
}

/* Read back everything the child sent through @a, then its descriptors from @sock. */
static bool fuzz_kid_collect(struct fuzz_thread *t, zx_handle_t a, int sock, bool killed)
{
	zx_handle_info_t hi[KID_HANDLES];
	zx_handle_t h[KID_HANDLES];
	unsigned int got = 0;
	struct kid_msg m;
	int fds[FUZZ_RECV_FDS], n;

	for (;;) {
		uint32_t nb = 0, nh = 0;
		zx_status_t s = zx_channel_read_etc(a, 0, &m, hi, sizeof(m), KID_HANDLES, &nb, &nh);

		FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_PEER_CLOSED, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
		if (s == ZX_ERR_PEER_CLOSED)
			FUZZ_FAIL(t, "child %s: %u messages and no final one", killed ? "killed" :
				  "exited", got);
		if (s != ZX_OK)
			return true;
		FUZZ_EXPECT(t, nb == sizeof(m) && m.magic == KID_MAGIC && m.nh == nh);
		FUZZ_EXPECT(t, m.index == got);
		for (uint32_t i = 0; i < nh; i++)
			h[i] = hi[i].handle;
		for (uint32_t i = 0; i < nh; i++) {
			if (!fuzz_kid_handle(t, h[i], &hi[i], &m.rec[i])) {
				zx_handle_close_many(h, nh);
				return false;
			}
		}
		for (uint32_t i = 0; i < nh; i++)
			if (fuzz_rand(t, 2) ? !fuzz_adopt(t, h[i]) : zx_handle_close(h[i]) != ZX_OK)
				return false;
		t->stats[ST_MSG_READ]++;
		t->stats[ST_HANDLES_READ] += nh;
		if (m.last) {
			FUZZ_EXPECT(t, !nh && m.last == got + 1);
			break;
		}
		got++;
	}
	if (fuzz_rand(t, 4) == 0)
		return true;	/* the descriptors go with the socket */
	while ((n = fuzz_recvfds(t, sock, fds)) > 0)
		for (int k = 0; k < n; k++)
			if (!fuzz_take_fd(t, fds[k]))
				return false;
	return true;
}

/* The child's descriptors, where op_exit puts them for it. */
#define KID_ENV "ZX_FUZZ_KID"
#define KID_BFD 3
#define KID_SOCK 4
#define KID_READY 5

/*
 * A child op_exit spawned (this program again, with ZX_FUZZ_KID set) does
 * its part before the harness ever starts, and exits.
 */
static void __attribute__((constructor)) fuzz_kid_entry(void)
{
	static const int keep[] = { KID_BFD, KID_SOCK, KID_READY };
	const char *env = getenv(KID_ENV);
	unsigned long long seed;
	unsigned int how;

	if (!env)
		return;
	if (sscanf(env, "%llu:%u", &seed, &how) != 2)
		_exit(9);
	kid_close_others(keep, 3);
	_exit(kid_main(seed, KID_BFD, KID_SOCK, KID_READY, how));
}

/*
 * A child process with a table of its own fills a channel end of ours and
 * dies (see kid_main()); then everything it sent must be there and whole.
 * The child is this program again (posix_spawn(), so the fuzz process's
 * memory is not copied), given the end as a handle descriptor.
 */
static bool op_exit(struct fuzz_thread *t)
{
	unsigned int how = fuzz_rand(t, 3);
	uint64_t seed = zxt_rand(&t->rng);
	char env[64], *argv[] = { "fuzz-child", NULL }, *envp[] = { env, NULL };
	posix_spawn_file_actions_t fa;
	int bfd = -1, sv[2], pp[2], hi[3], st = 0, c, r;
	zx_handle_t a, b;
	zx_status_t s;
	pid_t pid = -1;

	s = zx_channel_create(0, &a, &b);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY);
	if (s != ZX_OK)
		return true;
	s = zx_linux_handle_to_fd(b, O_CLOEXEC, &bfd);
	FUZZ_STATUS(t, s, ZX_OK, ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES);
	if (s != ZX_OK)
		return fuzz_close_ok(t, a);
	r = socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv);
	fuzz_count_errno(t, r, errno);
	if (r < 0) {
		close(bfd);
		return fuzz_close_ok(t, a);
	}
	r = pipe2(pp, O_CLOEXEC);
	fuzz_count_errno(t, r, errno);
	if (r < 0) {
		close(bfd);
		close(sv[0]);
		close(sv[1]);
		return fuzz_close_ok(t, a);
	}
	/* Copies above the child's numbers, so that no dup2 clobbers another's source. */
	hi[0] = fcntl(bfd, F_DUPFD_CLOEXEC, 10);
	hi[1] = fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
	hi[2] = fcntl(pp[1], F_DUPFD_CLOEXEC, 10);
	close(bfd);
	close(sv[1]);
	close(pp[1]);
	snprintf(env, sizeof(env), KID_ENV "=%llu:%u", (unsigned long long)seed, how);
	r = -1;
	if (hi[0] >= 0 && hi[1] >= 0 && hi[2] >= 0 && !posix_spawn_file_actions_init(&fa)) {
		if (!posix_spawn_file_actions_adddup2(&fa, hi[0], KID_BFD) &&
		    !posix_spawn_file_actions_adddup2(&fa, hi[1], KID_SOCK) &&
		    !posix_spawn_file_actions_adddup2(&fa, hi[2], KID_READY)) {
			/*
			 * Until its exec the child holds copies of every
			 * descriptor; after it, of those without O_CLOEXEC
			 * (the fuzzer makes none), until it closes them.
			 */
			pthread_rwlock_wrlock(&fork_lock);
			r = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, envp);
			pthread_rwlock_unlock(&fork_lock);
		}
		posix_spawn_file_actions_destroy(&fa);
	}
	fuzz_count_errno(t, r ? -1 : 0, r);
	for (int i = 0; i < 3; i++)
		if (hi[i] >= 0)
			close(hi[i]);
	if (r) {
		close(sv[0]);
		close(pp[0]);
		return fuzz_close_ok(t, a);
	}
	c = fuzz_read_byte(pp[0], 60);	/* 'c': the copies are closed (or it died) */
	if (how == 2 && c == 'c') {
		c = fuzz_read_byte(pp[0], 60);
		kill(pid, SIGKILL);
	}
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	close(pp[0]);
	FUZZ_EXPECT(t, r == pid);
	t->stats[ST_CHILDREN]++;
	if (how == 2 && c == 'r') {
		FUZZ_EXPECT(t, WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	} else if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		close(sv[0]);
		zx_handle_close(a);
		FUZZ_FAIL(t, "child (%u) ended with status 0x%x (exit %d: the step that failed)",
			  how, st, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	if (!fuzz_kid_collect(t, a, sv[0], how == 2)) {
		close(sv[0]);
		zx_handle_close(a);
		return false;
	}
	close(sv[0]);
	return fuzz_close_ok(t, a);
}

/*
 * The operations and how often each runs, in 1/64 units: spawning a child
 * costs as much as a hundred other operations, so it is rare (a default
 * run spawns a handful).
 */
#define W(x) ((x) * 64)

static const struct fuzz_op {
	const char *name;
	bool (*run)(struct fuzz_thread *t);
	unsigned int weight;
} fuzz_ops[] = {
	{ "create", op_create, W(6) },
	{ "signal", op_signal, W(8) },
	{ "wait", op_wait, W(4) },
	{ "wait_many", op_wait_many, W(3) },
	{ "duplicate", op_duplicate, W(4) },
	{ "close", op_close, W(5) },
	{ "info", op_info, W(2) },
	{ "stale", op_stale, W(2) },
	{ "shared", op_shared, W(6) },
	{ "garbage", op_garbage, W(2) },
	{ "timer", op_timer, W(3) },
	{ "counter", op_counter, W(2) },
	{ "name", op_name, W(2) },
	{ "clock", op_clock, W(2) },
	{ "interrupt", op_interrupt, W(2) },
	{ "port", op_port, W(6) },
	{ "fd", op_fd, W(4) },
	{ "channel", op_channel, W(8) },
	{ "server", op_server, W(4) },
	{ "xchannel", op_xchannel, W(3) },
	{ "socket", op_socket, W(5) },
	{ "fifo", op_fifo, W(3) },
	{ "cycle", op_cycle, W(4) },
	{ "wrap", op_wrap, W(3) },
	{ "scm", op_scm, W(3) },
	{ "xport", op_xport, W(3) },
	{ "exit", op_exit, 1 },
};

#define NOPS (sizeof(fuzz_ops) / sizeof(fuzz_ops[0]))

/* The weights in use: fuzz_ops[]' unless ZX_FUZZ_WEIGHTS says otherwise. */
static unsigned int fuzz_weight[NOPS], fuzz_total_weight;

static const struct fuzz_op *fuzz_pick(struct fuzz_thread *t)
{
	unsigned int r = fuzz_rand(t, fuzz_total_weight);

	for (size_t i = 0; i < NOPS; i++) {
		if (r < fuzz_weight[i])
			return &fuzz_ops[i];
		r -= fuzz_weight[i];
	}
	return &fuzz_ops[0];
}

/*
 * ZX_FUZZ_WEIGHTS="name=w,name=w...": other weights (in sixteenths) for
 * the operations named, e.g. "exit=0" or "cycle=400,xport=400" for a soak
 * aimed at some of them. False if it names no operation of ours.
 */
static bool fuzz_weights(const char *spec)
{
	fuzz_total_weight = 0;
	for (size_t i = 0; i < NOPS; i++)
		fuzz_weight[i] = fuzz_ops[i].weight;
	while (spec && *spec) {
		size_t len = strcspn(spec, "=,");
		bool found = false;

		for (size_t i = 0; i < NOPS && spec[len] == '='; i++) {
			if (strlen(fuzz_ops[i].name) == len && !strncmp(spec, fuzz_ops[i].name, len)) {
				fuzz_weight[i] = strtoul(spec + len + 1, NULL, 0);
				found = true;
			}
		}
		if (!found)
			return false;
		spec += strcspn(spec, ",");
		spec += *spec == ',';
	}
	for (size_t i = 0; i < NOPS; i++)
		fuzz_total_weight += fuzz_weight[i];
	return fuzz_total_weight > 0;
}

static unsigned long fuzz_env(const char *name, unsigned long dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : dflt;
}

static unsigned long fuzz_nops;
static unsigned int fuzz_finished;	/* threads of this process done */

static void *fuzz_thread_main(void *arg)
{
	struct fuzz_thread *t = arg;

	fuzz_files_init(t);
	for (t->op = 0; t->op < fuzz_nops; __atomic_add_fetch(&t->op, 1, __ATOMIC_RELAXED)) {
		const struct fuzz_op *op = fuzz_pick(t);

		int64_t t0 = zxt_mono_ns();	/* vDSO: cheap */
		bool ok;


		t->cur = op - fuzz_ops;
		t->calls[t->cur]++;
		ok = op->run(t);
		t->ns[t->cur] += zxt_mono_ns() - t0;
		if (!ok) {
			char msg[320];

			snprintf(msg, sizeof(msg), "op %lu (%s): %s", t->op, op->name, t->failure);
			memcpy(t->failure, msg, sizeof(t->failure) - 1);
			t->failure[sizeof(t->failure) - 1] = 0;
			break;
		}
	}
	for (size_t i = 0; i < POOL; i++)
		if (t->pool[i].type)
			zx_handle_close(t->pool[i].value);
	for (unsigned int i = 0; i < EPN; i++)
		fuzz_ep_del(t, i);
	for (int i = 0; i < FILES; i++)
		fuzz_file_close(t, i);
	if (t->epfd >= 0)
		close(t->epfd);
	__atomic_store_n(&t->done, true, __ATOMIC_RELEASE);
	__atomic_add_fetch(&fuzz_finished, 1, __ATOMIC_RELEASE);
	return t->failure[0] ? t : NULL;
}

/*
 * Linux signals at random threads (the server's too), with a handler that
 * does nothing: an interrupted wait or call carries on where it was (the
 * library reissues it, and a call only waits again for its reply; with
 * SA_RESTART the kernel restarts it), so no outcome may change. Process
 * 0's handler has SA_RESTART, the others' not.
 */
struct fuzz_signaller {
	pthread_t thread;
	const pthread_t *targets;
	unsigned int ntargets, nthreads;
	uint64_t rng;
	unsigned long sent;
};

static void fuzz_sig_handler(int sig)
{
	(void)sig;
}

static void *fuzz_signaller_main(void *arg)
{
	struct fuzz_signaller *sg = arg;

	/* Until the last fuzz thread is done; none is joined before that. */
	while (__atomic_load_n(&fuzz_finished, __ATOMIC_ACQUIRE) < sg->nthreads) {
		pthread_kill(sg->targets[zxt_rand(&sg->rng) % sg->ntargets], SIGUSR1);
		sg->sent++;
		zx_nanosleep(zx_deadline_after(ZX_USEC(100 + zxt_rand(&sg->rng) % 400)));
	}
	return NULL;
}

static bool fuzz_signaller_start(struct fuzz_signaller *sg, unsigned int proc, uint64_t seed)
{
	struct sigaction sa = { .sa_handler = fuzz_sig_handler };

	sa.sa_flags = proc == 0 ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	sg->rng = (seed ^ (0xA0761D6478BD642Full * (proc + 1))) | 1;
	return sigaction(SIGUSR1, &sa, NULL) == 0 &&
	       pthread_create(&sg->thread, NULL, fuzz_signaller_main, sg) == 0;
}

static bool fuzz_buffers(struct fuzz_thread *t)
{
	void *p = mmap(NULL, 2 * FUZZ_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect((uint8_t *)p + FUZZ_PAGE, FUZZ_PAGE, PROT_NONE))
		return false;
	t->edge = p;
	t->buf = malloc(FUZZ_BUF);
	t->rbuf = malloc(FUZZ_BUF);
	t->iov = calloc(ZX_CHANNEL_MAX_MSG_IOVECS + 1, sizeof(*t->iov));
	return t->buf && t->rbuf && t->iov;
}

static void fuzz_free_buffers(struct fuzz_thread *t)
{
	free(t->buf);
	free(t->rbuf);
	free(t->iov);
	if (t->edge)
		munmap(t->edge, 2 * FUZZ_PAGE);
}

/* The shared channel, and a server thread listening on its peer. */
static bool fuzz_server_start(struct fuzz_server *srv, uint64_t seed, unsigned int proc)
{
	srv->t.rng = (seed ^ (0xD1B54A32D192ED03ull * (proc + 1))) | 1;
	srv->t.cur = FUZZ_OP_SERVER;
	srv->nends = 1;
	if (!fuzz_buffers(&srv->t) ||
	    zx_channel_create(0, &shared_chan, &srv->ends[0]) != ZX_OK ||
	    zx_channel_create(0, &server_ctl, &srv->ctl) != ZX_OK)
		return false;
	return pthread_create(&srv->thread, NULL, fuzz_server_main, srv) == 0;
}

/* Closing the control channel tells the server to finish. */
static bool fuzz_server_stop(struct fuzz_server *srv)
{
	void *ret;

	zx_handle_close(__atomic_exchange_n(&shared_chan, ZX_HANDLE_INVALID, __ATOMIC_ACQ_REL));
	zx_handle_close(server_ctl);
	pthread_join(srv->thread, &ret);
	fuzz_free_buffers(&srv->t);
	return !ret;
}

/* What one process's threads ran and saw, gathered for the end of the run. */
struct fuzz_summary {
	unsigned long calls[FUZZ_MAXOPS];
	int64_t ns[FUZZ_MAXOPS];
	unsigned long out[FUZZ_MAXOPS][FUZZ_NOUT];
	unsigned long stats[FUZZ_NSTATS];
};

static struct fuzz_summary *fuzz_sums;	/* one per process, shared with the children */

static void fuzz_sum_add(struct fuzz_summary *sum, const struct fuzz_thread *t)
{
	for (size_t i = 0; i < FUZZ_MAXOPS; i++) {
		sum->calls[i] += t->calls[i];
		sum->ns[i] += t->ns[i];
		for (size_t k = 0; k < FUZZ_NOUT; k++)
			sum->out[i][k] += t->out[i][k];
	}
	for (size_t i = 0; i < FUZZ_NSTATS; i++)
		sum->stats[i] += t->stats[i];
}

/* What each operation ran and what the IPC ones achieved, for the log. */
static void fuzz_report(unsigned int proc, const struct fuzz_summary *sum, unsigned long signals,
			double secs)
{
	char line[4096];
	size_t n = 0;

	n += snprintf(line + n, sizeof(line) - n, "# process %u: %.1f s, %lu Linux signals;",
		      proc, secs, signals);
	for (size_t i = 0; i < NOPS && n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, " %s %lu", fuzz_ops[i].name,
			      sum->calls[i]);
	for (size_t i = 0; i < FUZZ_NSTATS && n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, "%s %s %lu", i ? "," : ";",
			      fuzz_stat_names[i], sum->stats[i]);
	fprintf(stderr, "%s\n", line);
}

static const char *fuzz_out_name(size_t k, char *buf, size_t len)
{
	const char *name;

	if (k < FUZZ_NZX)
		return zx_status_get_string(-(zx_status_t)k);
	if (k == FUZZ_NZX)
		return "other status";
	k -= FUZZ_OUT_ERRNO;
	if (k == 0)
		return "ok";
	name = k < FUZZ_NERRNO ? strerrorname_np((int)k) : NULL;
	if (name)
		return name;
	snprintf(buf, len, "errno %zu", k);
	return buf;
}

/*
 * The operation mix over every process, and per operation every status
 * (and, after "linux:", every errno) it saw: what a soak reports.
 */
static void fuzz_mix(unsigned int nprocs, unsigned int nthreads)
{
	struct fuzz_summary *all = calloc(1, sizeof(*all));
	unsigned long total = 0;
	char line[4096], name[32];
	size_t n;

	if (!all)
		return;
	for (unsigned int p = 0; p < nprocs; p++) {
		for (size_t i = 0; i < FUZZ_MAXOPS; i++) {
			all->calls[i] += fuzz_sums[p].calls[i];
			all->ns[i] += fuzz_sums[p].ns[i];
			for (size_t k = 0; k < FUZZ_NOUT; k++)
				all->out[i][k] += fuzz_sums[p].out[i][k];
		}
	}
	for (size_t i = 0; i < NOPS; i++)
		total += all->calls[i];
	n = snprintf(line, sizeof(line), "# operation mix, %u process(es) x %u thread(s):",
		     nprocs, nthreads);
	for (size_t i = 0; i < NOPS && n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, " %s %lu (%.1f%%)", fuzz_ops[i].name,
			      all->calls[i], total ? 100.0 * all->calls[i] / total : 0.0);
	fprintf(stderr, "%s; %lu operations\n", line, total);
	/* Wall time: waits, mostly, and the CPU the other threads leave. */
	n = snprintf(line, sizeof(line), "# time in each operation, over all threads:");
	for (size_t i = 0; i < NOPS && n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, "%s %s %.2f s", i ? "," : "",
			      fuzz_ops[i].name, all->ns[i] / 1e9);
	fprintf(stderr, "%s\n", line);
	for (size_t i = 0; i < FUZZ_MAXOPS; i++) {
		const char *op = i < NOPS ? fuzz_ops[i].name : i == FUZZ_OP_SERVER ?
				 "server thread" : i == FUZZ_OP_SITTER ? "sitter thread" : NULL;
		bool any = false, linux_ = false;

		if (!op)
			continue;
		n = snprintf(line, sizeof(line), "# outcomes of %s:", op);
		for (size_t k = 0; k < FUZZ_NOUT && n < sizeof(line); k++) {
			if (!all->out[i][k])
				continue;
			n += snprintf(line + n, sizeof(line) - n, "%s%s %s %lu",
				      any && !(k >= FUZZ_OUT_ERRNO && !linux_) ? "," : "",
				      k >= FUZZ_OUT_ERRNO && !linux_ ? " linux:" : "",
				      fuzz_out_name(k, name, sizeof(name)), all->out[i][k]);
			any = true;
			linux_ |= k >= FUZZ_OUT_ERRNO;
		}
		if (any)
			fprintf(stderr, "%s\n", line);
	}
	free(all);
}

/*
 * The module's reference count (open files of it: tables, handle and poll
 * descriptors), or -1 if it cannot be read.
 */
static long fuzz_module_refs(void)
{
	return zxt_read_number("/sys/module/zircon/refcnt");
}

/*
 * Wait up to @secs for the module's references to drop to @want. Files in
 * AF_UNIX cycles wait for Linux's collector, which runs when some AF_UNIX
 * socket is released, so release some; io_uring drops its fixed files
 * from a worker.
 */
static long fuzz_settle(long want, int secs)
{
	int64_t end = zxt_mono_ns() + ZXT_SEC(secs);
	long r;

	while ((r = fuzz_module_refs()) > want && zxt_mono_ns() < end) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) == 0) {
			close(sv[0]);
			close(sv[1]);
		}
		usleep(20000);
	}
	return r;
}

/*
 * Until every fuzz thread is done: an operation that runs for longer than
 * @stall seconds ends the process, naming it (its wait never returned).
 */
static void fuzz_watch(const struct fuzz_thread *threads, unsigned int nthreads,
		       unsigned long stall, uint64_t seed, unsigned int proc)
{
	unsigned long *last = calloc(nthreads, sizeof(*last));
	int64_t *since = calloc(nthreads, sizeof(*since));

	for (unsigned int i = 0; last && since && i < nthreads; i++)
		since[i] = zxt_mono_ns();
	while (last && since && __atomic_load_n(&fuzz_finished, __ATOMIC_ACQUIRE) < nthreads) {
		int64_t now;

		usleep(100000);
		now = zxt_mono_ns();
		for (unsigned int i = 0; i < nthreads; i++) {
			const struct fuzz_thread *t = &threads[i];
			unsigned long op = __atomic_load_n(&t->op, __ATOMIC_RELAXED);

			if (op != last[i] || __atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
				last[i] = op;
				since[i] = now;
			} else if (now - since[i] > ZXT_SEC(stall)) {
				fprintf(stderr, "# seed %llu process %u thread %u: op %lu (%s) stuck %lu s\n",
					(unsigned long long)seed, proc, i, op,
					fuzz_ops[__atomic_load_n(&t->cur, __ATOMIC_RELAXED) % NOPS].name,
					stall);
				_exit(1);
			}
		}
	}
	free(last);
	free(since);
}

/* The ports, poll descriptors and epoll set the threads share, and the sitter. */
static bool fuzz_xport_start(struct fuzz_sitter *st, uint64_t seed, unsigned int proc)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE };

	st->t.rng = (seed ^ (0x8CB92BA72F3D8DD7ull * (proc + 1))) | 1;
	st->t.cur = FUZZ_OP_SITTER;
	if (zx_port_create(0, &xp_port) != ZX_OK || zx_port_create(0, &sit_port) != ZX_OK ||
	    zx_linux_poll_fd(xp_port, 0, O_CLOEXEC, &xp_pfd) != ZX_OK ||
	    zx_linux_poll_fd(sit_port, 0, O_CLOEXEC, &sit_pfd) != ZX_OK)
		return false;
	shared_ep = epoll_create1(EPOLL_CLOEXEC);
	if (shared_ep < 0 || epoll_ctl(shared_ep, EPOLL_CTL_ADD, sit_pfd, &ev) < 0)
		return false;
	return pthread_create(&st->thread, NULL, fuzz_sitter_main, st) == 0;
}

static bool fuzz_xport_stop(struct fuzz_sitter *st)
{
	zx_status_t s = ZX_ERR_SHOULD_WAIT;
	void *ret;

	/* Out of memory for a while: retry; for good: close the port under it. */
	for (int i = 0; i < 10000 && (s = xp_queue(sit_port, XP_STOP)) != ZX_OK; i++)
		usleep(1000);
	if (s != ZX_OK)
		zx_handle_close(sit_port);	/* its next wait fails */
	pthread_join(st->thread, &ret);
	close(shared_ep);
	close(xp_pfd);
	close(sit_pfd);
	zx_handle_close(xp_port);
	if (s == ZX_OK)
		zx_handle_close(sit_port);
	return !ret && s == ZX_OK;
}

/*
 * One process: T threads over one shared pool, one server, one sitter.
 * Returns operations run.
 */
static unsigned long fuzz_process(uint64_t seed, unsigned int proc, unsigned int nthreads,
				  char *failure, size_t len)
{
	struct fuzz_thread *threads = calloc(nthreads, sizeof(*threads));
	struct fuzz_server *srv = calloc(1, sizeof(*srv));
	struct fuzz_sitter *sit = calloc(1, sizeof(*sit));
	pthread_t *tids = calloc(nthreads + 1, sizeof(*tids));
	struct fuzz_summary *sum = calloc(1, sizeof(*sum));
	bool signals = fuzz_env("ZX_FUZZ_SIGNALS", 1);
	struct fuzz_signaller sg = { 0 };
	int64_t start = zxt_mono_ns();
	unsigned long total = 0;
	unsigned int left, nsent;

	failure[0] = 0;
	if (!threads || !srv || !sit || !tids || !sum) {
		snprintf(failure, len, "out of memory");
		return 0;
	}
	for (size_t i = 0; i < SHARED; i++)
		if (zx_event_create(0, &shared_pool[i]) != ZX_OK)
			snprintf(failure, len, "cannot create the shared pool");
	if (zx_port_create(0, &shared_port) != ZX_OK)
		snprintf(failure, len, "cannot create the shared port");
	for (size_t i = 0; i < SHARED_CH; i += 2)
		if (zx_channel_create(0, &shared_ch[i], &shared_ch[i + 1]) != ZX_OK)
			snprintf(failure, len, "cannot create the shared channels");
	if (!fuzz_server_start(srv, seed, proc)) {
		snprintf(failure, len, "cannot start the server");
		return 0;
	}
	if (!fuzz_xport_start(sit, seed, proc)) {
		snprintf(failure, len, "cannot start the sitter");
		return 0;
	}
	for (unsigned int i = 0; i < nthreads; i++) {
		threads[i].id = i;
		threads[i].rng = (seed ^ (0x9E3779B97F4A7C15ull * (proc * 64 + i + 1))) | 1;
		threads[i].fd = zx_linux_device_fd();
		if (!fuzz_buffers(&threads[i]))
			snprintf(failure, len, "out of memory");
		pthread_create(&tids[i], NULL, fuzz_thread_main, &threads[i]);
	}
	tids[nthreads] = srv->thread;
	sg = (struct fuzz_signaller){ .targets = tids, .ntargets = nthreads + 1,
				      .nthreads = nthreads };
	if (signals && !fuzz_signaller_start(&sg, proc, seed))
		snprintf(failure, len, "cannot start the signaller");
	fuzz_watch(threads, nthreads, fuzz_env("ZX_FUZZ_STALL", 120), seed, proc);
	if (signals)
		pthread_join(sg.thread, NULL);
	for (unsigned int i = 0; i < nthreads; i++) {
		void *ret;

		pthread_join(tids[i], &ret);
		total += threads[i].op;
		if (ret && !failure[0])
			snprintf(failure, len, "seed %llu process %u thread %u %s",
				 (unsigned long long)seed, proc, i, threads[i].failure);
	}
	if (!fuzz_server_stop(srv) && !failure[0])
		snprintf(failure, len, "seed %llu process %u server: %s",
			 (unsigned long long)seed, proc, srv->t.failure);
	if (!fuzz_xport_stop(sit) && !failure[0])
		snprintf(failure, len, "seed %llu process %u sitter: %s",
			 (unsigned long long)seed, proc, sit->t.failure);
	left = cyc_finish(30, &nsent);
	if (left && !failure[0])
		snprintf(failure, len,
			 "seed %llu process %u: %u of %u cycle sentinels alive: unreachable channels not freed",
			 (unsigned long long)seed, proc, left, nsent);
	for (unsigned int i = 0; i < nthreads; i++)
		fuzz_sum_add(sum, &threads[i]);
	fuzz_sum_add(sum, &srv->t);
	fuzz_sum_add(sum, &sit->t);
	fuzz_report(proc, sum, sg.sent, (zxt_mono_ns() - start) / 1e9);
	if (fuzz_sums)
		fuzz_sums[proc] = *sum;
	zx_handle_close_many(shared_pool, SHARED);
	zx_handle_close(shared_port);
	zx_handle_close_many(shared_ch, SHARED_CH);
	for (unsigned int i = 0; i < nthreads; i++)
		fuzz_free_buffers(&threads[i]);
	free(threads);
	free(srv);
	free(sit);
	free(tids);
	free(sum);
	return total;
}

TEST_ZX_SLOW(random_calls)
{
	uint64_t seed = fuzz_env("ZX_FUZZ_SEED", 0);
	unsigned int nthreads = fuzz_env("ZX_FUZZ_THREADS", 4);
	unsigned int nprocs = fuzz_env("ZX_FUZZ_PROCS", 2);
	int64_t start = zxt_mono_ns();
	unsigned long total = 0;
	char failure[400];
	long refs0, refs;
	pid_t pids[16];

	if (!seed)
		seed = (uint64_t)zxt_mono_ns() ^ ((uint64_t)getpid() << 32);
	fuzz_nops = fuzz_env("ZX_FUZZ_OPS", 5000);
	ASSERT_TRUE(fuzz_weights(getenv("ZX_FUZZ_WEIGHTS")))
		TH_LOG("ZX_FUZZ_WEIGHTS=\"%s\": not name=weight,... of operations", getenv("ZX_FUZZ_WEIGHTS"));
	ASSERT_GE(nthreads, 1u);
	ASSERT_GE(nprocs, 1u);
	ASSERT_LE(nprocs, 16u);
	TH_LOG("seed %llu: %u process(es) x %u thread(s) x %lu operations",
	       (unsigned long long)seed, nprocs, nthreads, fuzz_nops);

	/* Our own table is open from here to the end; nothing else of ours may be. */
	ASSERT_LE(0, zx_linux_device_fd());
	refs0 = fuzz_module_refs();
	fuzz_sums = mmap(NULL, nprocs * sizeof(*fuzz_sums), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, fuzz_sums);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fd_sock));
	/* Processes 1..n-1 are children with tables of their own. */
	for (unsigned int p = 1; p < nprocs; p++) {
		pids[p] = fork();
		ASSERT_GE(pids[p], 0);
		if (pids[p] == 0) {
			fuzz_process(seed, p, nthreads, failure, sizeof(failure));
			if (failure[0])
				fprintf(stderr, "# %s\n", failure);
			_exit(failure[0] ? 1 : 0);
		}
	}
	total = fuzz_process(seed, 0, nthreads, failure, sizeof(failure));
	EXPECT_EQ(0, failure[0]) TH_LOG("%s", failure);
	for (unsigned int p = 1; p < nprocs; p++) {
		zxt_reap_ok(pids[p]);
		total += fuzz_nops * nthreads;
	}
	/* Descriptors still in flight close their handles with the socket. */
	close(fd_sock[0]);
	close(fd_sock[1]);
	fuzz_mix(nprocs, nthreads);
	munmap(fuzz_sums, nprocs * sizeof(*fuzz_sums));
	fuzz_sums = NULL;
	TH_LOG("fuzzed %lu operations in %.1f s, seed %llu", total,
	       (zxt_mono_ns() - start) / 1e9, (unsigned long long)seed);
	/* Whatever happened, leave nothing for the module's unload to trip on. */
	refs = refs0 >= 0 ? fuzz_settle(refs0, 30) : -1;
	if (refs0 >= 0 && !failure[0]) {
		EXPECT_LE(refs, refs0)
			TH_LOG("seed %llu: %ld more references to zircon.ko than at the start (%ld)",
			       (unsigned long long)seed, refs - refs0, refs0);
	}
}

/* Long runs get the harness time they need; ZX_FUZZ_TIMEOUT says how much. */
static void __attribute__((constructor(KSELFTEST_PRIO_TEST + 1))) fuzz_timeout(void)
{
	unsigned long procs = fuzz_env("ZX_FUZZ_PROCS", 2);
	unsigned long ops = fuzz_env("ZX_FUZZ_OPS", 5000) * fuzz_env("ZX_FUZZ_THREADS", 4) *
			    (procs ? procs : 1);
	unsigned long tmo = fuzz_env("ZX_FUZZ_TIMEOUT", 0);

	if (!tmo)
		tmo = ops / 200 > ZXT_SLOW_TIMEOUT ? ops / 200 : ZXT_SLOW_TIMEOUT;
	_fuzz_random_calls_object->timeout = (int)tmo;
}

TEST_HARNESS_MAIN
