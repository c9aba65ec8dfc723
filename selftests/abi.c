// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI of /dev/zircon, driven directly with the uapi header (no
 * libzircon): the device node, struct layouts (the same in 32- and 64-bit
 * builds), GET_ABI_INFO, NOP, unknown commands, nonzero pad fields, bad
 * pointers, huge counts, one errno per Zircon status, restarts after
 * Linux signals, and the file operations the device does not have; for
 * ports and timers too. Every bad call must fail cleanly and leave every
 * object as it was.
 */
#define ZXT_FIXTURE abi
#include "zx_selftest.h"

#include <stddef.h>
#include <sys/mman.h>

/* Layouts: identical on i386 and x86_64 (compat_ptr_ioctl relies on it). */
_Static_assert(sizeof(struct zircon_abi_info) == 32, "abi_info");
_Static_assert(sizeof(struct zircon_handle_close) == 8, "handle_close");
_Static_assert(sizeof(struct zircon_handle_close_many) == 16, "handle_close_many");
_Static_assert(sizeof(struct zircon_handle_dup) == 16, "handle_dup");
_Static_assert(sizeof(struct zircon_event_create) == 8, "event_create");
_Static_assert(sizeof(struct zircon_eventpair_create) == 16, "eventpair_create");
_Static_assert(sizeof(struct zircon_object_signal) == 16, "object_signal");
_Static_assert(sizeof(struct zircon_object_wait_one) == 24, "object_wait_one");
_Static_assert(offsetof(struct zircon_object_wait_one, deadline) == 8, "wait_one.deadline");
_Static_assert(offsetof(struct zircon_object_wait_one, observed) == 16, "wait_one.observed");
_Static_assert(sizeof(struct zircon_wait_item) == 12, "wait_item");
_Static_assert(sizeof(struct zircon_object_wait_many) == 24, "object_wait_many");
_Static_assert(offsetof(struct zircon_object_wait_many, deadline) == 16, "wait_many.deadline");
_Static_assert(sizeof(struct zircon_object_get_info) == 40, "object_get_info");
_Static_assert(offsetof(struct zircon_object_get_info, buffer) == 8, "get_info.buffer");
_Static_assert(offsetof(struct zircon_object_get_info, avail) == 32, "get_info.avail");
_Static_assert(sizeof(zx_wait_item_t) == sizeof(struct zircon_wait_item), "wait item");
_Static_assert(ZIRCON_WAIT_MANY_MAX_ITEMS == ZX_WAIT_MANY_MAX_ITEMS, "wait_many max");
_Static_assert(sizeof(struct zircon_port_create) == 8, "port_create");
_Static_assert(sizeof(struct zircon_packet_signal) == 32, "packet_signal");
_Static_assert(offsetof(struct zircon_packet_signal, count) == 8, "packet_signal.count");
_Static_assert(offsetof(struct zircon_packet_signal, timestamp) == 16, "packet_signal.timestamp");
_Static_assert(offsetof(struct zircon_packet_signal, reserved1) == 24, "packet_signal.reserved1");
_Static_assert(sizeof(struct zircon_port_packet) == 48, "port_packet");
_Static_assert(offsetof(struct zircon_port_packet, type) == 8, "port_packet.type");
_Static_assert(offsetof(struct zircon_port_packet, status) == 12, "port_packet.status");
_Static_assert(offsetof(struct zircon_port_packet, user) == 16, "port_packet.user");
_Static_assert(offsetof(struct zircon_port_packet, signal) == 16, "port_packet.signal");
_Static_assert(sizeof(zx_port_packet_t) == sizeof(struct zircon_port_packet), "port packet");
_Static_assert(sizeof(struct zircon_port_queue) == 16, "port_queue");
_Static_assert(offsetof(struct zircon_port_queue, packet) == 8, "port_queue.packet");
_Static_assert(sizeof(struct zircon_port_wait) == 24, "port_wait");
_Static_assert(offsetof(struct zircon_port_wait, deadline) == 8, "port_wait.deadline");
_Static_assert(offsetof(struct zircon_port_wait, packet) == 16, "port_wait.packet");
_Static_assert(sizeof(struct zircon_port_cancel) == 16, "port_cancel");
_Static_assert(offsetof(struct zircon_port_cancel, key) == 8, "port_cancel.key");
_Static_assert(sizeof(struct zircon_port_cancel_key) == 16, "port_cancel_key");
_Static_assert(offsetof(struct zircon_port_cancel_key, key) == 8, "port_cancel_key.key");
_Static_assert(sizeof(struct zircon_object_wait_async) == 24, "object_wait_async");
_Static_assert(offsetof(struct zircon_object_wait_async, key) == 8, "wait_async.key");
_Static_assert(offsetof(struct zircon_object_wait_async, signals) == 16, "wait_async.signals");
_Static_assert(offsetof(struct zircon_object_wait_async, options) == 20, "wait_async.options");
_Static_assert(sizeof(struct zircon_timer_create) == 16, "timer_create");
_Static_assert(sizeof(struct zircon_timer_set) == 24, "timer_set");
_Static_assert(offsetof(struct zircon_timer_set, deadline) == 8, "timer_set.deadline");
_Static_assert(offsetof(struct zircon_timer_set, slack) == 16, "timer_set.slack");

/* A kernel address, as seen from this process's ABI. */
#if UINTPTR_MAX > 0xffffffffu
#define KPTR ((void *)(uintptr_t)0xffffffff81000000ull)
#else
#define KPTR ((void *)(uintptr_t)0xfffff000u)	/* above a compat task's TASK_SIZE */
#endif
#define KPTR64 0xffffffff81000000ull		/* in a __u64 field, either ABI */

#define U64(p) ((__u64)(uintptr_t)(p))

static int dev_open(void)
{
	return open(ZXT_DEVICE, O_RDWR | O_CLOEXEC);
}

/* ioctl(): 0, or the errno it failed with */
static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) == 0 ? 0 : errno;
}

static zx_handle_t raw_event(struct __test_metadata *_metadata, int fd)
{
	struct zircon_event_create a = { 0 };

	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_EVENT_CREATE, &a));
	EXPECT_EQ(3u, a.out & 3u);
	return a.out;
}

static void raw_eventpair(struct __test_metadata *_metadata, int fd, zx_handle_t *h0,
			  zx_handle_t *h1)
{
	struct zircon_eventpair_create a = { 0 };

	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_EVENTPAIR_CREATE, &a));
	*h0 = a.out0;
	*h1 = a.out1;
}

static int raw_close(int fd, zx_handle_t h)
{
	struct zircon_handle_close a = { .handle = h };

	return ioc(fd, ZIRCON_IOC_HANDLE_CLOSE, &a);
}

static int raw_signal(int fd, zx_handle_t h, uint32_t clear, uint32_t set)
{
	struct zircon_object_signal a = { .handle = h, .clear_mask = clear, .set_mask = set };

	return ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL, &a);
}

/* the object's signals: a zero-deadline wait for nothing */
static uint32_t raw_signals(struct __test_metadata *_metadata, int fd, zx_handle_t h)
{
	struct zircon_object_wait_one a = { .handle = h, .observed = 0xdeadbeef };

	EXPECT_EQ(ETIMEDOUT, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_ONE, &a));
	return a.observed;
}

static int raw_valid(int fd, zx_handle_t h)
{
	struct zircon_object_get_info a = { .handle = h, .topic = ZX_INFO_HANDLE_VALID };

	return ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &a);
}

static uint32_t raw_count(struct __test_metadata *_metadata, int fd, zx_handle_t h)
{
	zx_info_handle_count_t c = { .handle_count = 0xdeadbeef };
	struct zircon_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_COUNT,
		.buffer = U64(&c), .buffer_size = sizeof(c),
	};

	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &a));
	return c.handle_count;
}

static zx_handle_t raw_port(struct __test_metadata *_metadata, int fd)
{
	struct zircon_port_create a = { 0 };

	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_PORT_CREATE, &a));
	EXPECT_EQ(3u, a.out & 3u);
	return a.out;
}

static zx_handle_t raw_timer(struct __test_metadata *_metadata, int fd)
{
	struct zircon_timer_create a = { 0 };

	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_TIMER_CREATE, &a));
	EXPECT_EQ(3u, a.out & 3u);
	return a.out;
}

static int raw_queue(int fd, zx_handle_t port, uint64_t key)
{
	struct zircon_port_packet pkt = { .key = key };
	struct zircon_port_queue a = { .handle = port, .packet = U64(&pkt) };

	return ioc(fd, ZIRCON_IOC_PORT_QUEUE, &a);
}

/* 0 and the key of the next packet, or the errno of a zero-deadline wait */
static int raw_take(int fd, zx_handle_t port, uint64_t *key)
{
	struct zircon_port_packet pkt;
	struct zircon_port_wait a = { .handle = port, .deadline = 0, .packet = U64(&pkt) };
	int err;

	memset(&pkt, 0xa5, sizeof(pkt));
	err = ioc(fd, ZIRCON_IOC_PORT_WAIT, &a);
	if (!err && key)
		*key = pkt.key;
	return err;
}

static zx_handle_t raw_dup(struct __test_metadata *_metadata, int fd, zx_handle_t h,
			   uint32_t rights)
{
	struct zircon_handle_dup a = { .handle = h, .rights = rights };

	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_HANDLE_DUPLICATE, &a));
	return a.out;
}

/* Every command of the ABI (for the loops below). */
static const unsigned long all_cmds[] = {
	ZIRCON_IOC_GET_ABI_INFO, ZIRCON_IOC_NOP, ZIRCON_IOC_HANDLE_CLOSE,
	ZIRCON_IOC_HANDLE_CLOSE_MANY, ZIRCON_IOC_HANDLE_DUPLICATE, ZIRCON_IOC_HANDLE_REPLACE,
	ZIRCON_IOC_EVENT_CREATE, ZIRCON_IOC_EVENTPAIR_CREATE, ZIRCON_IOC_OBJECT_SIGNAL,
	ZIRCON_IOC_OBJECT_SIGNAL_PEER, ZIRCON_IOC_OBJECT_WAIT_ONE, ZIRCON_IOC_OBJECT_WAIT_MANY,
	ZIRCON_IOC_OBJECT_GET_INFO, ZIRCON_IOC_OBJECT_WAIT_ASYNC, ZIRCON_IOC_PORT_CREATE,
	ZIRCON_IOC_PORT_QUEUE, ZIRCON_IOC_PORT_WAIT, ZIRCON_IOC_PORT_CANCEL,
	ZIRCON_IOC_PORT_CANCEL_KEY, ZIRCON_IOC_TIMER_CREATE, ZIRCON_IOC_TIMER_SET,
	ZIRCON_IOC_TIMER_CANCEL,
};
#define NCMDS (sizeof(all_cmds) / sizeof(all_cmds[0]))

TEST_ZX(device_node)
{
	struct stat st;
	int fd;

	ASSERT_EQ(0, stat(ZXT_DEVICE, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0666, st.st_mode & 07777);
	fd = dev_open();
	ASSERT_LE(0, fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

TEST_ZX(command_numbers)
{
	unsigned int i, j;

	for (i = 0; i < NCMDS; i++) {
		EXPECT_EQ(ZIRCON_IOC_MAGIC, _IOC_TYPE(all_cmds[i]));
		for (j = i + 1; j < NCMDS; j++) {
			EXPECT_NE(_IOC_NR(all_cmds[i]), _IOC_NR(all_cmds[j]));
		}
	}
	/* directions say what the kernel does with the argument */
	EXPECT_EQ(_IOC_READ, _IOC_DIR(ZIRCON_IOC_GET_ABI_INFO));
	EXPECT_EQ(_IOC_NONE, _IOC_DIR(ZIRCON_IOC_NOP));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_HANDLE_CLOSE));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_HANDLE_CLOSE_MANY));
	EXPECT_EQ(_IOC_READ | _IOC_WRITE, _IOC_DIR(ZIRCON_IOC_HANDLE_DUPLICATE));
	EXPECT_EQ(_IOC_READ | _IOC_WRITE, _IOC_DIR(ZIRCON_IOC_EVENT_CREATE));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_OBJECT_SIGNAL));
	EXPECT_EQ(_IOC_READ | _IOC_WRITE, _IOC_DIR(ZIRCON_IOC_OBJECT_WAIT_ONE));
	EXPECT_EQ(_IOC_READ | _IOC_WRITE, _IOC_DIR(ZIRCON_IOC_OBJECT_GET_INFO));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_OBJECT_WAIT_ASYNC));
	EXPECT_EQ(_IOC_READ | _IOC_WRITE, _IOC_DIR(ZIRCON_IOC_PORT_CREATE));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_PORT_QUEUE));
	/* the packet goes through its own pointer: the struct is only read */
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_PORT_WAIT));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_PORT_CANCEL));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_PORT_CANCEL_KEY));
	EXPECT_EQ(_IOC_READ | _IOC_WRITE, _IOC_DIR(ZIRCON_IOC_TIMER_CREATE));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_TIMER_SET));
	EXPECT_EQ(_IOC_WRITE, _IOC_DIR(ZIRCON_IOC_TIMER_CANCEL));
	/* sizes are the structs' */
	EXPECT_EQ(sizeof(struct zircon_object_wait_async), _IOC_SIZE(ZIRCON_IOC_OBJECT_WAIT_ASYNC));
	EXPECT_EQ(sizeof(struct zircon_port_wait), _IOC_SIZE(ZIRCON_IOC_PORT_WAIT));
	EXPECT_EQ(sizeof(struct zircon_timer_set), _IOC_SIZE(ZIRCON_IOC_TIMER_SET));
	EXPECT_EQ(sizeof(struct zircon_handle_close), _IOC_SIZE(ZIRCON_IOC_TIMER_CANCEL));
}

TEST_ZX(get_abi_info)
{
	struct zircon_abi_info info;
	int fd = dev_open();
	const __u64 want = ZIRCON_FEATURE_EVENT | ZIRCON_FEATURE_EVENTPAIR |
			   ZIRCON_FEATURE_WAIT_MANY | ZIRCON_FEATURE_GET_INFO |
			   ZIRCON_FEATURE_PORT | ZIRCON_FEATURE_WAIT_ASYNC |
			   ZIRCON_FEATURE_TIMER;

	ASSERT_LE(0, fd);
	memset(&info, 0xff, sizeof(info));
	ASSERT_EQ(0, ioc(fd, ZIRCON_IOC_GET_ABI_INFO, &info));
	EXPECT_EQ(1u, info.abi_version);
	EXPECT_EQ((unsigned int)ZIRCON_ABI_VERSION, info.abi_version);
	EXPECT_GT(info.max_handles, 0u);
	EXPECT_EQ(want, info.features & want);
	EXPECT_EQ(0u, info.reserved[0]);
	EXPECT_EQ(0u, info.reserved[1]);
	EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_GET_ABI_INFO, NULL));
	EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_GET_ABI_INFO, (void *)1));
	EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_GET_ABI_INFO, KPTR));
	close(fd);
}

TEST_ZX(nop)
{
	int fd = dev_open();

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_NOP, NULL));
	EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_NOP, KPTR));
	close(fd);
}

TEST_ZX(unknown_commands)
{
	const unsigned long bad[] = {
		/* wrong magic */
		_IO(0xB8, 0x01), _IOR(0xB8, 0x00, struct zircon_abi_info),
		_IOWR('Z', 0x20, struct zircon_event_create),
		/* unknown numbers */
		_IO(ZIRCON_IOC_MAGIC, 0x02), _IO(ZIRCON_IOC_MAGIC, 0x7f), _IO(ZIRCON_IOC_MAGIC, 0xff),
		_IOWR(ZIRCON_IOC_MAGIC, 0x22, struct zircon_event_create),
		_IOWR(ZIRCON_IOC_MAGIC, 0x36, struct zircon_object_get_info),
		_IOW(ZIRCON_IOC_MAGIC, 0x45, struct zircon_port_cancel),
		_IOW(ZIRCON_IOC_MAGIC, 0x53, struct zircon_timer_set),
		_IO(ZIRCON_IOC_MAGIC, 0x60),
		/* right number, wrong size */
		_IOR(ZIRCON_IOC_MAGIC, 0x00, __u32),
		_IOR(ZIRCON_IOC_MAGIC, 0x00, struct zircon_object_get_info),
		_IOW(ZIRCON_IOC_MAGIC, 0x10, __u32),
		_IOW(ZIRCON_IOC_MAGIC, 0x10, __u64[2]),
		_IOWR(ZIRCON_IOC_MAGIC, 0x20, __u32),
		_IOWR(ZIRCON_IOC_MAGIC, 0x32, struct zircon_object_get_info),
		_IOWR(ZIRCON_IOC_MAGIC, 0x34, __u64[4]),
		_IOWR(ZIRCON_IOC_MAGIC, 0x35, struct zircon_object_get_info),
		_IOW(ZIRCON_IOC_MAGIC, 0x35, __u64[2]),
		_IOWR(ZIRCON_IOC_MAGIC, 0x40, __u32),
		_IOW(ZIRCON_IOC_MAGIC, 0x41, struct zircon_port_packet),
		_IOW(ZIRCON_IOC_MAGIC, 0x42, struct zircon_port_queue),
		_IOW(ZIRCON_IOC_MAGIC, 0x44, struct zircon_port_wait),
		_IOWR(ZIRCON_IOC_MAGIC, 0x50, struct zircon_port_create),
		_IOW(ZIRCON_IOC_MAGIC, 0x51, struct zircon_timer_create),
		_IOW(ZIRCON_IOC_MAGIC, 0x52, __u32),
		/* right number and size, wrong direction */
		_IOW(ZIRCON_IOC_MAGIC, 0x00, struct zircon_abi_info),
		_IOR(ZIRCON_IOC_MAGIC, 0x01, int),
		_IOR(ZIRCON_IOC_MAGIC, 0x10, struct zircon_handle_close),
		_IO(ZIRCON_IOC_MAGIC, 0x10),
		_IOW(ZIRCON_IOC_MAGIC, 0x20, struct zircon_event_create),
		_IOR(ZIRCON_IOC_MAGIC, 0x30, struct zircon_object_signal),
		_IOW(ZIRCON_IOC_MAGIC, 0x32, struct zircon_object_wait_one),
		_IOR(ZIRCON_IOC_MAGIC, 0x33, struct zircon_object_wait_many),
		_IOWR(ZIRCON_IOC_MAGIC, 0x35, struct zircon_object_wait_async),
		_IOW(ZIRCON_IOC_MAGIC, 0x40, struct zircon_port_create),
		_IOWR(ZIRCON_IOC_MAGIC, 0x41, struct zircon_port_queue),
		_IOWR(ZIRCON_IOC_MAGIC, 0x42, struct zircon_port_wait),
		_IOR(ZIRCON_IOC_MAGIC, 0x43, struct zircon_port_cancel),
		_IOWR(ZIRCON_IOC_MAGIC, 0x44, struct zircon_port_cancel_key),
		_IOW(ZIRCON_IOC_MAGIC, 0x50, struct zircon_timer_create),
		_IOWR(ZIRCON_IOC_MAGIC, 0x51, struct zircon_timer_set),
		_IOR(ZIRCON_IOC_MAGIC, 0x52, struct zircon_handle_close),
		/* not ours at all */
		TCGETS, 0, 0xffffffffu,
	};
	int fd = dev_open();
	zx_handle_t h;
	unsigned int i;

	ASSERT_LE(0, fd);
	h = raw_event(_metadata, fd);
	ASSERT_EQ(0, raw_signal(fd, h, 0, ZX_USER_SIGNAL_1));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned int j;

		for (j = 0; j < NCMDS; j++) {
			ASSERT_NE(all_cmds[j], bad[i]) TH_LOG("test bug: 0x%lx is valid", bad[i]);
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		union {
			__u64 words[8];
			struct zircon_handle_close close;
			struct zircon_object_signal sig;
		} arg;

		/* an argument that would close or signal h if misread */
		memset(&arg, 0, sizeof(arg));
		arg.close.handle = h;
		arg.sig.set_mask = ZX_USER_SIGNAL_0;
		EXPECT_EQ(ENOTTY, ioc(fd, bad[i], &arg)) TH_LOG("cmd 0x%lx", bad[i]);
	}
	EXPECT_EQ(0, raw_valid(fd, h));
	EXPECT_EQ(ZX_USER_SIGNAL_1, raw_signals(_metadata, fd, h));
	close(fd);
}

/* Nonzero pad fields: EINVAL, and the call did nothing. */
TEST_ZX(nonzero_pad)
{
	int fd = dev_open();
	zx_handle_t h, p0, p1;

	ASSERT_LE(0, fd);
	h = raw_event(_metadata, fd);
	raw_eventpair(_metadata, fd, &p0, &p1);
	ASSERT_EQ(0, raw_signal(fd, h, 0, ZX_USER_SIGNAL_0));

	{
		struct zircon_handle_close a = { .handle = h, .pad = 1 };

		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_HANDLE_CLOSE, &a));
		a.pad = 0x80000000u;
		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_HANDLE_CLOSE, &a));
		EXPECT_EQ(0, raw_valid(fd, h));
	}
	{
		struct zircon_handle_dup a = { .handle = h, .rights = ZX_RIGHT_SAME_RIGHTS, .pad = 1 };

		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_HANDLE_DUPLICATE, &a));
		EXPECT_EQ(1u, raw_count(_metadata, fd, h));
		a.pad = 1;
		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_HANDLE_REPLACE, &a));
		/* unlike bad rights, a bad pad must not close the source */
		EXPECT_EQ(0, raw_valid(fd, h));
		EXPECT_EQ(1u, raw_count(_metadata, fd, h));
	}
	{
		struct zircon_eventpair_create a = { .pad = 1 };

		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_EVENTPAIR_CREATE, &a));
	}
	{
		struct zircon_object_signal a = {
			.handle = h, .clear_mask = ZX_USER_SIGNAL_0, .set_mask = ZX_USER_SIGNAL_1,
			.pad = 1,
		};

		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL, &a));
		EXPECT_EQ(ZX_USER_SIGNAL_0, raw_signals(_metadata, fd, h));
		a.handle = p0;
		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL_PEER, &a));
		EXPECT_EQ(0u, raw_signals(_metadata, fd, p1));
	}
	{
		struct zircon_object_wait_one a = {
			.handle = h, .signals = ZX_USER_SIGNAL_0, .deadline = 0, .pad = 1,
		};

		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_ONE, &a));
	}
	{
		zx_handle_t port = raw_port(_metadata, fd), t = raw_timer(_metadata, fd);
		struct zircon_port_packet pkt = { .key = 5 };
		struct zircon_port_queue q = { .handle = port, .pad = 1, .packet = U64(&pkt) };
		struct zircon_port_wait w = { .handle = port, .pad = 1, .packet = U64(&pkt) };
		struct zircon_timer_create tc = { .pad = 1 };
		struct zircon_timer_set ts = { .handle = t, .pad = 1 };
		uint64_t key = 0;

		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_PORT_QUEUE, &q));
		EXPECT_EQ(ETIMEDOUT, raw_take(fd, port, NULL));
		EXPECT_EQ(0, raw_queue(fd, port, 6));
		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_PORT_WAIT, &w));
		EXPECT_EQ(0, raw_take(fd, port, &key));
		EXPECT_EQ(6u, key);
		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_TIMER_CREATE, &tc));
		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_TIMER_SET, &ts));
		EXPECT_EQ(0u, raw_signals(_metadata, fd, t));
		{
			struct zircon_handle_close c = { .handle = t, .pad = 1 };

			ts.pad = 0;
			EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_TIMER_SET, &ts));
			EXPECT_EQ(ZX_TIMER_SIGNALED, raw_signals(_metadata, fd, t));
			EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_TIMER_CANCEL, &c));
			EXPECT_EQ(ZX_TIMER_SIGNALED, raw_signals(_metadata, fd, t));
		}
		EXPECT_EQ(0, raw_close(fd, t));
		EXPECT_EQ(0, raw_close(fd, port));
	}
	EXPECT_EQ(0, raw_close(fd, p0));
	EXPECT_EQ(0, raw_close(fd, p1));
	EXPECT_EQ(0, raw_close(fd, h));
	close(fd);
}

/* Bad argument pointers: EFAULT for every command that takes one. */
TEST_ZX(bad_arg_pointers)
{
	void *const ptrs[] = { NULL, (void *)1, (void *)(uintptr_t)4095, KPTR };
	int fd = dev_open();
	zx_handle_t h;
	unsigned int i, j;

	ASSERT_LE(0, fd);
	h = raw_event(_metadata, fd);
	ASSERT_EQ(0, raw_signal(fd, h, 0, ZX_USER_SIGNAL_2));
	for (i = 0; i < NCMDS; i++) {
		if (all_cmds[i] == ZIRCON_IOC_NOP)
			continue;
		for (j = 0; j < sizeof(ptrs) / sizeof(ptrs[0]); j++) {
			EXPECT_EQ(EFAULT, ioc(fd, all_cmds[i], ptrs[j]))
				TH_LOG("cmd 0x%lx arg %p", all_cmds[i], ptrs[j]);
		}
	}
	EXPECT_EQ(0, raw_valid(fd, h));
	EXPECT_EQ(ZX_USER_SIGNAL_2, raw_signals(_metadata, fd, h));
	EXPECT_EQ(1u, raw_count(_metadata, fd, h));
	close(fd);
}

/* Pointers inside the argument structs. */
TEST_ZX(bad_embedded_pointers)
{
	const __u64 ptrs[] = { 0, 1, KPTR64, 0x8000000000000000ull };
	int fd = dev_open();
	zx_handle_t h;
	unsigned int j;

	ASSERT_LE(0, fd);
	h = raw_event(_metadata, fd);
	for (j = 0; j < sizeof(ptrs) / sizeof(ptrs[0]); j++) {
		struct zircon_handle_close_many cm = { .handles = ptrs[j], .count = 1 };
		struct zircon_object_wait_many wm = { .items = ptrs[j], .count = 1 };
		struct zircon_object_get_info gi = {
			.handle = h, .topic = ZX_INFO_HANDLE_BASIC, .buffer = ptrs[j],
			.buffer_size = sizeof(zx_info_handle_basic_t),
		};

		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_HANDLE_CLOSE_MANY, &cm)) TH_LOG("0x%llx",
			  (unsigned long long)ptrs[j]);
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &wm));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &gi));
	}
	/* port packets: queue reads nothing bad; wait loses the packet it took */
	{
		zx_handle_t port = raw_port(_metadata, fd);

		for (j = 0; j < sizeof(ptrs) / sizeof(ptrs[0]); j++) {
			struct zircon_port_queue q = { .handle = port, .packet = ptrs[j] };
			struct zircon_port_wait w = { .handle = port, .packet = ptrs[j] };

			EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_PORT_QUEUE, &q)) TH_LOG("0x%llx",
				  (unsigned long long)ptrs[j]);
			EXPECT_EQ(ETIMEDOUT, raw_take(fd, port, NULL));
			/* nothing to take: the deadline comes before the pointer */
			EXPECT_EQ(ETIMEDOUT, ioc(fd, ZIRCON_IOC_PORT_WAIT, &w));
			EXPECT_EQ(0, raw_queue(fd, port, j));
			EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_PORT_WAIT, &w));
			EXPECT_EQ(ETIMEDOUT, raw_take(fd, port, NULL));
		}
		EXPECT_EQ(0, raw_close(fd, port));
	}
	EXPECT_EQ(0, raw_valid(fd, h));
	close(fd);
}

/*
 * An argument the kernel can read but not write back: the call fails with
 * EFAULT and whatever it made is undone.
 */
TEST_ZX(unwritable_results)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = dev_open();
	zx_handle_t h;
	char *ro;

	ASSERT_LE(0, fd);
	h = raw_event(_metadata, fd);
	ro = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);

	{
		struct zircon_handle_dup *a = (void *)ro;

		a->handle = h;
		a->rights = ZX_RIGHT_SAME_RIGHTS;
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_HANDLE_DUPLICATE, a));
		/* no second handle was left behind */
		EXPECT_EQ(1u, raw_count(_metadata, fd, h));
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ | PROT_WRITE));
	}
	{
		struct zircon_event_create *a = (void *)ro;

		memset(ro, 0, page);
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_EVENT_CREATE, a));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_EVENTPAIR_CREATE, a));
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ | PROT_WRITE));
	}
	{
		struct zircon_object_wait_one *a = (void *)ro;

		ASSERT_EQ(0, raw_signal(fd, h, 0, ZX_USER_SIGNAL_0));
		memset(ro, 0, page);
		a->handle = h;
		a->signals = ZX_USER_SIGNAL_0;
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_ONE, a));
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ | PROT_WRITE));
	}
	{
		struct zircon_object_wait_many a = { .count = 1 };
		struct zircon_wait_item *it = (void *)ro;

		memset(ro, 0, page);
		it->handle = h;
		it->waitfor = ZX_USER_SIGNAL_0;
		a.items = U64(it);
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &a));
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ | PROT_WRITE));
	}
	{
		struct zircon_object_get_info a = {
			.handle = h, .topic = ZX_INFO_HANDLE_BASIC, .buffer = U64(ro),
			.buffer_size = sizeof(zx_info_handle_basic_t),
		};

		ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &a));
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ | PROT_WRITE));
	}
	{
		/* create calls whose handle cannot be written back */
		memset(ro, 0, page);
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_PORT_CREATE, ro));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_TIMER_CREATE, ro));
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ | PROT_WRITE));
	}
	{
		/* a packet that cannot be written out is taken and lost, as on Zircon */
		zx_handle_t port = raw_port(_metadata, fd);
		struct zircon_port_wait w = { .handle = port, .packet = U64(ro) };

		EXPECT_EQ(0, raw_queue(fd, port, 1));
		EXPECT_EQ(0, raw_queue(fd, port, 2));
		ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
		EXPECT_EQ(EFAULT, ioc(fd, ZIRCON_IOC_PORT_WAIT, &w));
		{
			uint64_t key = 0;

			EXPECT_EQ(0, raw_take(fd, port, &key));
			EXPECT_EQ(2u, key);
		}
		EXPECT_EQ(0, raw_close(fd, port));
	}
	/* the handle and its object are as they were */
	EXPECT_EQ(0, raw_valid(fd, h));
	EXPECT_EQ(ZX_USER_SIGNAL_0, raw_signals(_metadata, fd, h));
	EXPECT_EQ(1u, raw_count(_metadata, fd, h));
	munmap(ro, page);
	close(fd);
}

TEST_ZX(huge_counts)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = dev_open();
	zx_handle_t a, b, c;
	char *map;
	__u32 *arr;

	ASSERT_LE(0, fd);
	{
		struct zircon_object_wait_many wm = { .items = 0, .count = 1ull << 40 };

		EXPECT_EQ(ERANGE, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &wm));
		wm.count = 65;
		EXPECT_EQ(ERANGE, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &wm));
		wm.count = ~0ull;
		wm.items = KPTR64;
		EXPECT_EQ(ERANGE, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &wm));
		wm.count = 0x100000000ull;	/* 0 in 32 bits */
		EXPECT_EQ(ERANGE, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &wm));
		wm.count = 0;
		wm.deadline = 0;
		EXPECT_EQ(ETIMEDOUT, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &wm));
	}

	/* close_many over two valid handles at the very end of a mapping */
	a = raw_event(_metadata, fd);
	b = raw_event(_metadata, fd);
	c = raw_event(_metadata, fd);
	ASSERT_EQ(0, raw_signal(fd, c, 0, ZX_USER_SIGNAL_3));
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	arr = (__u32 *)(map + page) - 2;
	arr[0] = a;
	arr[1] = b;
	{
		const __u64 counts[] = { 1ull << 40, ~0ull, 0x100000002ull, 3, 1ull << 20 };
		unsigned int i;

		for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			struct zircon_handle_close_many cm = { .handles = U64(arr), .count = counts[i] };

			EXPECT_EQ(-1, ioctl(fd, ZIRCON_IOC_HANDLE_CLOSE_MANY, &cm))
				TH_LOG("count 0x%llx", (unsigned long long)counts[i]);
			EXPECT_NE(ENOTTY, errno);
		}
	}
	/* whatever happened to a and b, c is intact */
	EXPECT_EQ(0, raw_valid(fd, c));
	EXPECT_EQ(ZX_USER_SIGNAL_3, raw_signals(_metadata, fd, c));
	raw_close(fd, a);
	raw_close(fd, b);
	EXPECT_EQ(0, raw_close(fd, c));
	munmap(map, 2 * page);
	close(fd);
}

/* Each Zircon status travels as its own errno (ZIRCON_STATUS_ERRNOS). */
TEST_ZX(status_errnos)
{
	int fd = dev_open();
	zx_handle_t e, nosig, p0, p1;

	ASSERT_LE(0, fd);
	e = raw_event(_metadata, fd);
	nosig = raw_dup(_metadata, fd, e, ZX_RIGHT_WAIT);
	raw_eventpair(_metadata, fd, &p0, &p1);

	/* BAD_HANDLE -> EBADF */
	EXPECT_EQ(EBADF, raw_close(fd, 0x12345677));
	EXPECT_EQ(EBADF, raw_signal(fd, ZX_HANDLE_INVALID, 0, 0));
	/* ACCESS_DENIED -> EACCES */
	EXPECT_EQ(EACCES, raw_signal(fd, nosig, 0, ZX_USER_SIGNAL_0));
	/* INVALID_ARGS -> EINVAL */
	{
		struct zircon_event_create a = { .options = 1 };

		EXPECT_EQ(EINVAL, ioc(fd, ZIRCON_IOC_EVENT_CREATE, &a));
		EXPECT_EQ(EINVAL, raw_signal(fd, e, 0, ZX_EVENTPAIR_PEER_CLOSED));
	}
	/* NOT_SUPPORTED -> EOPNOTSUPP */
	{
		struct zircon_eventpair_create a = { .options = 1 };

		EXPECT_EQ(EOPNOTSUPP, ioc(fd, ZIRCON_IOC_EVENTPAIR_CREATE, &a));
	}
	/* OUT_OF_RANGE -> ERANGE */
	{
		struct zircon_object_wait_many a = { .count = 65 };

		EXPECT_EQ(ERANGE, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_MANY, &a));
	}
	/* BUFFER_TOO_SMALL -> EOVERFLOW, with actual and avail written */
	{
		zx_info_handle_basic_t info;
		struct zircon_object_get_info a = {
			.handle = e, .topic = ZX_INFO_HANDLE_BASIC, .buffer = U64(&info),
			.buffer_size = 4, .actual = 77, .avail = 77,
		};

		EXPECT_EQ(EOVERFLOW, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &a));
		EXPECT_EQ(0u, a.actual);
		EXPECT_EQ(1u, a.avail);
		a.buffer_size = sizeof(info);
		a.actual = a.avail = 77;
		EXPECT_EQ(0, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &a));
		EXPECT_EQ(1u, a.actual);
		EXPECT_EQ(1u, a.avail);
		/* NOT_SUPPORTED for an unknown topic */
		a.topic = 9999;
		EXPECT_EQ(EOPNOTSUPP, ioc(fd, ZIRCON_IOC_OBJECT_GET_INFO, &a));
	}
	/* TIMED_OUT -> ETIMEDOUT, with observed written */
	{
		struct zircon_object_wait_one a = { .handle = e, .signals = ZX_USER_SIGNAL_0,
						    .observed = 0xdeadbeef };

		ASSERT_EQ(0, raw_signal(fd, e, 0, ZX_USER_SIGNAL_4));
		EXPECT_EQ(ETIMEDOUT, ioc(fd, ZIRCON_IOC_OBJECT_WAIT_ONE, &a));
		EXPECT_EQ(ZX_USER_SIGNAL_4, a.observed);
	}
	/* PEER_CLOSED -> EPIPE */
	{
		struct zircon_object_signal a = { .handle = p1, .set_mask = ZX_USER_SIGNAL_0 };

		EXPECT_EQ(0, raw_close(fd, p0));
		EXPECT_EQ(EPIPE, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL_PEER, &a));
	}
	/* ACCESS_DENIED for signal_peer on an event (no SIGNAL_PEER right) */
	{
		struct zircon_object_signal a = { .handle = e, .set_mask = ZX_USER_SIGNAL_0 };

		EXPECT_EQ(EACCES, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL_PEER, &a));
		EXPECT_EQ(ZX_USER_SIGNAL_4, raw_signals(_metadata, fd, e));
	}
	/* WRONG_TYPE -> EPROTOTYPE, SHOULD_WAIT -> EAGAIN, NOT_FOUND -> ENOENT */
	{
		zx_handle_t port = raw_port(_metadata, fd);
		struct zircon_port_cancel c = { .handle = port, .source = e, .key = 1 };
		int i, err = 0;

		EXPECT_EQ(EPROTOTYPE, raw_queue(fd, e, 1));
		for (i = 0; i < 4097 && !err; i++)
			err = raw_queue(fd, port, (uint64_t)i);
		EXPECT_EQ(0, err);
		EXPECT_EQ(EAGAIN, raw_queue(fd, port, 4097));
		EXPECT_EQ(ENOENT, ioc(fd, ZIRCON_IOC_PORT_CANCEL, &c));
		EXPECT_EQ(0, raw_close(fd, port));
	}
	/* OUT_OF_RANGE -> ERANGE: negative slack */
	{
		struct zircon_timer_set ts = { .handle = ZX_HANDLE_INVALID, .slack = -1 };

		EXPECT_EQ(ERANGE, ioc(fd, ZIRCON_IOC_TIMER_SET, &ts));
	}
	raw_close(fd, p1);
	raw_close(fd, nosig);
	raw_close(fd, e);
	close(fd);
}

/*
 * Handles that name the wrong kind of object for a call: an event has no
 * peer (and never holds SIGNAL_PEER), a value from another table names
 * nothing here. Each fails cleanly and changes nothing.
 */
TEST_ZX(wrong_type_handles)
{
	int fd = dev_open(), other = dev_open();
	zx_handle_t e, p0, p1, foreign;

	ASSERT_LE(0, fd);
	ASSERT_LE(0, other);
	e = raw_event(_metadata, fd);
	raw_eventpair(_metadata, fd, &p0, &p1);
	foreign = raw_event(_metadata, other);
	ASSERT_EQ(0, raw_signal(fd, e, 0, ZX_USER_SIGNAL_1));
	{
		struct zircon_object_signal a = { .handle = e, .set_mask = ZX_USER_SIGNAL_0 };

		EXPECT_EQ(EACCES, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL_PEER, &a));
		a.clear_mask = ZX_USER_SIGNAL_1;
		EXPECT_EQ(EACCES, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL_PEER, &a));
	}
	{
		struct zircon_object_signal a = { .handle = foreign, .set_mask = ZX_USER_SIGNAL_0 };

		if (foreign != e && foreign != p0 && foreign != p1) {
			EXPECT_EQ(EBADF, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL, &a));
			EXPECT_EQ(EBADF, ioc(fd, ZIRCON_IOC_OBJECT_SIGNAL_PEER, &a));
			EXPECT_EQ(EBADF, raw_close(fd, foreign));
		}
	}
	EXPECT_EQ(ZX_USER_SIGNAL_1, raw_signals(_metadata, fd, e));
	EXPECT_EQ(0u, raw_signals(_metadata, fd, p0));
	EXPECT_EQ(0u, raw_signals(_metadata, fd, p1));
	EXPECT_EQ(0u, raw_signals(_metadata, other, foreign));
	close(other);
	close(fd);
}

/* CANCELED -> ECANCELED, with observed written (HANDLE_CLOSED | state). */
struct raw_waiter {
	int fd;
	pid_t tid;
	sem_t started;
	struct zircon_object_wait_one arg;
	int err;
};

static void *raw_waiter_main(void *p)
{
	struct raw_waiter *w = p;

	w->tid = zxt_gettid();
	sem_post(&w->started);
	w->err = ioc(w->fd, ZIRCON_IOC_OBJECT_WAIT_ONE, &w->arg);
	return NULL;
}

TEST_ZX(canceled_errno)
{
	struct raw_waiter w = { 0 };
	pthread_t t;
	zx_handle_t e;

	w.fd = dev_open();
	ASSERT_LE(0, w.fd);
	e = raw_event(_metadata, w.fd);
	ASSERT_EQ(0, raw_signal(w.fd, e, 0, ZX_USER_SIGNAL_7));
	w.arg.handle = e;
	w.arg.signals = ZX_USER_SIGNAL_0;
	w.arg.deadline = ZX_TIME_INFINITE;
	w.arg.observed = 0xdeadbeef;
	ASSERT_EQ(0, sem_init(&w.started, 0, 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, raw_waiter_main, &w));
	while (sem_wait(&w.started) != 0)
		;
	zxt_wait_blocked(w.tid, ZIRCON_IOC_OBJECT_WAIT_ONE);
	EXPECT_EQ(0, raw_close(w.fd, e));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(ECANCELED, w.err);
	EXPECT_EQ(ZX_SIGNAL_HANDLE_CLOSED | ZX_USER_SIGNAL_7, w.arg.observed);
	close(w.fd);
}

/*
 * A raw wait interrupted by a handler without SA_RESTART may come back
 * with EINTR; since the deadline is absolute, calling again with the same
 * argument ends exactly at the original deadline. With SA_RESTART the
 * caller never sees EINTR.
 */
static void raw_wait_signals(struct __test_metadata *_metadata, int flags)
{
	struct zxt_interrupter in;
	struct zircon_object_wait_one a = { 0 };
	int fd = dev_open(), err, eintr = 0;
	zx_time_t deadline;

	ASSERT_LE(0, fd);
	zxt_intr_install(SIGUSR1, flags);
	a.handle = raw_event(_metadata, fd);
	a.signals = ZX_USER_SIGNAL_0;
	deadline = zxt_mono_ns() + ZXT_MSEC(300);
	a.deadline = deadline;
	zxt_interrupter_start(&in, ZIRCON_IOC_OBJECT_WAIT_ONE, SIGUSR1, 5, ZX_HANDLE_INVALID, 0);
	while ((err = ioc(fd, ZIRCON_IOC_OBJECT_WAIT_ONE, &a)) == EINTR)
		eintr++;
	zxt_interrupter_stop(&in);
	EXPECT_EQ(ETIMEDOUT, err);
	EXPECT_GE(zxt_mono_ns(), deadline);
	EXPECT_EQ(deadline, a.deadline);
	EXPECT_GE(in.sent, 1);
	if (flags & SA_RESTART) {
		EXPECT_EQ(0, eintr);
	}
	TH_LOG("%d signals, %d EINTR returns", in.sent, eintr);
	close(fd);
}

TEST_ZX(raw_wait_sa_restart)
{
	raw_wait_signals(_metadata, SA_RESTART);
}

TEST_ZX(raw_wait_no_restart)
{
	raw_wait_signals(_metadata, 0);
}

/* The device is only an ioctl target. */
TEST_ZX(no_read_write_mmap_seek)
{
	int fd = dev_open();
	char buf[64] = { 0 };
	void *p;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(-1, write(fd, buf, sizeof(buf)));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	EXPECT_EQ(-1, lseek(fd, 0, SEEK_SET));
	/* still a working table */
	EXPECT_EQ(0, raw_close(fd, raw_event(_metadata, fd)));
	close(fd);
}

/*
 * Every open file is its own table: first handles of fresh tables differ,
 * are not small integers, and a value from one table means nothing in
 * another, even in the same process.
 */
TEST_ZX(tables_are_independent)
{
	enum { N = 8 };
	int fd[N], i, j, small = 0;
	zx_handle_t h[N];

	for (i = 0; i < N; i++) {
		fd[i] = dev_open();
		ASSERT_LE(0, fd[i]);
		h[i] = raw_event(_metadata, fd[i]);
		if (h[i] < (1u << 16))
			small++;
	}
	for (i = 0; i < N; i++) {
		for (j = i + 1; j < N; j++) {
			EXPECT_NE(h[i], h[j]);
		}
	}
	EXPECT_LT(small, N);
	for (i = 0; i < N; i++) {
		j = (i + 1) % N;
		EXPECT_EQ(EBADF, raw_valid(fd[j], h[i]));
		EXPECT_EQ(EBADF, raw_signal(fd[j], h[i], 0, ZX_USER_SIGNAL_0));
		EXPECT_EQ(EBADF, raw_close(fd[j], h[i]));
	}
	for (i = 0; i < N; i++) {
		EXPECT_EQ(0u, raw_signals(_metadata, fd[i], h[i]));
		EXPECT_EQ(0, raw_close(fd[i], h[i]));
		close(fd[i]);
	}
}

/* Closing the file drops its table; other tables are untouched. */
TEST_ZX(close_file_with_live_handles)
{
	int keep = dev_open(), i;
	zx_handle_t k;

	ASSERT_LE(0, keep);
	k = raw_event(_metadata, keep);
	for (i = 0; i < 100; i++) {
		int fd = dev_open();
		zx_handle_t a, b;

		ASSERT_LE(0, fd);
		raw_eventpair(_metadata, fd, &a, &b);
		raw_event(_metadata, fd);
		raw_dup(_metadata, fd, a, ZX_RIGHT_SAME_RIGHTS);
		ASSERT_EQ(0, raw_signal(fd, b, 0, ZX_USER_SIGNAL_0));
		close(fd);
	}
	EXPECT_EQ(0, raw_valid(keep, k));
	EXPECT_EQ(0, raw_close(keep, k));
	close(keep);
}

TEST_HARNESS_MAIN
