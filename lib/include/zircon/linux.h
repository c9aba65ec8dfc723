/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libzircon's one Linux-only extension (Fuchsia has no such header).
 */
#ifndef SYSROOT_ZIRCON_LINUX_H_
#define SYSROOT_ZIRCON_LINUX_H_

#include <zircon/compiler.h>

__BEGIN_CDECLS

/*
 * The file descriptor of this process's handle table, /dev/zircon, opened
 * (O_RDWR | O_CLOEXEC) on first use; -1 with errno set if the device cannot
 * be opened. The library owns the descriptor: do not close it. A forked
 * child starts with no descriptor and opens its own, empty table.
 */
int zx_linux_device_fd(void);

__END_CDECLS

#endif /* SYSROOT_ZIRCON_LINUX_H_ */
