// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * The process's handle table: one open file of /dev/zircon.
 *
 * The descriptor is the library's only state. It is opened on first use
 * without a lock: racing threads each open the device, one wins the
 * compare-and-swap and the others close their copy. The kernel binds a
 * table to the process that opened it, so a forked child must not keep the
 * parent's descriptor: an atfork handler drops it and the child opens its
 * own, empty table on its next call.
 *
 * If the device cannot be opened (module not loaded, no permission), every
 * call reports ZX_ERR_NOT_SUPPORTED, the status Zircon gives for a missing
 * feature, except a full descriptor table, which is ZX_ERR_NO_RESOURCES.
 * The open is retried on each call, so loading the module later works.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <zircon/linux.h>

#include "private.h"

/* Tests build the library against a stand-in file. */
#ifndef ZIRCON_DEVICE
#define ZIRCON_DEVICE "/dev/zircon"
#endif

static atomic_int zircon_fd = -1;

__EXPORT int zx_linux_device_fd(void)
{
	int fd = atomic_load_explicit(&zircon_fd, memory_order_acquire);
	int expected = -1;

	if (fd >= 0)
		return fd;

	fd = open(ZIRCON_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (atomic_compare_exchange_strong_explicit(&zircon_fd, &expected, fd,
						    memory_order_acq_rel,
						    memory_order_acquire))
		return fd;
	/* Another thread opened the table first: use its descriptor. */
	close(fd);
	return expected;
}

/* In the child of fork(): forget the parent's table. */
static void zircon_atfork_child(void)
{
	int fd = atomic_exchange_explicit(&zircon_fd, -1, memory_order_relaxed);

	if (fd >= 0)
		close(fd);
}

__attribute__((constructor)) static void zircon_init(void)
{
	/* Can only fail with ENOMEM; nothing useful to do about it here. */
	pthread_atfork(NULL, NULL, zircon_atfork_child);
}

zx_status_t __zircon_status_from_errno(int err)
{
	switch (err) {
#define ZIRCON_ERRNO_CASE(name)        \
	case ZIRCON_ERRNO_##name:      \
		return ZX_ERR_##name;
		ZIRCON_ERRNO_STATUSES(ZIRCON_ERRNO_CASE)
#undef ZIRCON_ERRNO_CASE
	case EFAULT: /* a bad user pointer, as Zircon reports it */
		return ZX_ERR_INVALID_ARGS;
	case EPERM:
		/*
		 * The table belongs to another process: a child that skipped
		 * the atfork handlers (vfork, raw clone) or a descriptor that
		 * was passed on. Zircon rejects another process's handles as
		 * bad handles.
		 */
		return ZX_ERR_BAD_HANDLE;
	default:
		return ZX_ERR_INTERNAL;
	}
}

zx_status_t __zircon_ioctl(unsigned long request, void* arg)
{
	int saved_errno = errno;
	zx_status_t status = ZX_OK;
	int fd = zx_linux_device_fd();

	if (fd < 0) {
		status = errno == EMFILE || errno == ENFILE ? ZX_ERR_NO_RESOURCES
							    : ZX_ERR_NOT_SUPPORTED;
	} else {
		/*
		 * Waits take absolute deadlines, so restarting one after a
		 * signal handler ran is exact; nothing else should block.
		 */
		while (ioctl(fd, request, arg) < 0) {
			if (errno != EINTR) {
				status = __zircon_status_from_errno(errno);
				break;
			}
		}
	}
	errno = saved_errno;
	return status;
}
