// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_cprng_draw, zx_cprng_add_entropy: Zircon's CPRNG is Linux's, through
 * getrandom(2) and /dev/random. Neither needs the device.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include "private.h"

/*
 * Any length, as Zircon's vDSO loop allows. getrandom() returns short
 * counts (past 32 MiB, or on a signal); loop until all is drawn. Zircon
 * traps on a bad buffer instead of failing: so do we.
 */
__EXPORT void zx_cprng_draw(void* buffer, size_t buffer_size)
{
	unsigned char* p = buffer;
	int saved = errno;

	while (buffer_size) {
		ssize_t n = getrandom(p, buffer_size, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			__builtin_trap();
		}
		p += n;
		buffer_size -= (size_t)n;
	}
	errno = saved;
}

/*
 * Zircon mixes the bytes into its pool. Writing them to /dev/random does
 * the same for Linux's (any user may, and it credits no entropy, so it
 * cannot weaken the pool). If /dev/random cannot be opened the bytes are
 * checked and dropped: the call still succeeds, as it would on Zircon.
 */
__EXPORT zx_status_t zx_cprng_add_entropy(const void* buffer, size_t buffer_size)
{
	unsigned char copy[ZX_CPRNG_ADD_ENTROPY_MAX_LEN];
	int saved = errno, fd;

	if (buffer_size > ZX_CPRNG_ADD_ENTROPY_MAX_LEN)
		return ZX_ERR_INVALID_ARGS;
	if (__zircon_copy_safe(copy, buffer, buffer_size))
		return ZX_ERR_INVALID_ARGS;
	fd = open("/dev/random", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, copy, buffer_size) < 0) {
			/* The pool is Linux's business: nothing to report. */
		}
		close(fd);
	}
	errno = saved;
	return ZX_OK;
}

ZX_SYSCALL_ALIAS(zx_cprng_draw);
ZX_SYSCALL_ALIAS(zx_cprng_add_entropy);
