// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_debug_write: Zircon writes to its serial console; a Linux process's
 * console is its standard error (the kernel log takes root to write).
 */
#include <errno.h>
#include <unistd.h>

#include "private.h"

/* Zircon's limit: longer writes are cut to this many bytes, silently. */
#define DEBUG_WRITE_MAX 256u

__EXPORT zx_status_t zx_debug_write(const char* buffer, size_t buffer_size)
{
	char copy[DEBUG_WRITE_MAX];
	size_t done = 0;
	int saved = errno;

	if (buffer_size > DEBUG_WRITE_MAX)
		buffer_size = DEBUG_WRITE_MAX;
	/* A bad buffer is INVALID_ARGS, as Zircon's copy from user memory. */
	if (__zircon_copy_safe(copy, buffer, buffer_size))
		return ZX_ERR_INVALID_ARGS;
	while (done < buffer_size) {
		ssize_t n = write(STDERR_FILENO, copy + done, buffer_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		/* A closed or full stderr loses the text, as a dead serial line would. */
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	errno = saved;
	return ZX_OK;
}

ZX_SYSCALL_ALIAS(zx_debug_write);
