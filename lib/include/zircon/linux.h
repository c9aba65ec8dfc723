/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libzircon's Linux-only extensions (Fuchsia has no such header): the
 * process's table descriptor, handles carried by file descriptors, Linux
 * descriptors as waitable objects, and Zircon signals for poll/epoll.
 */
#ifndef SYSROOT_ZIRCON_LINUX_H_
#define SYSROOT_ZIRCON_LINUX_H_

#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

/*
 * The file descriptor of this process's handle table, /dev/zircon, opened
 * (O_RDWR | O_CLOEXEC) on first use; -1 with errno set if the device cannot
 * be opened. The library owns the descriptor: do not close it. A forked
 * child starts with no descriptor and opens its own, empty table.
 */
int zx_linux_device_fd(void);

/* Object type of zx_linux_object_from_fd() wrappers, outside Zircon's. */
#define ZX_OBJ_TYPE_LINUX_FD ((zx_obj_type_t)0x10000u)

/* Signals of a wrapped descriptor, following its poll(2) readiness. */
#define ZX_LINUX_FD_READABLE ((zx_signals_t)1u << 0)    /* POLLIN, POLLRDNORM */
#define ZX_LINUX_FD_WRITABLE ((zx_signals_t)1u << 1)    /* POLLOUT, POLLWRNORM */
#define ZX_LINUX_FD_PEER_CLOSED ((zx_signals_t)1u << 2) /* POLLHUP, POLLRDHUP */
/* pidfd only: the process has exited (also READABLE), as on Zircon. */
#define ZX_LINUX_FD_PROCESS_TERMINATED ZX_PROCESS_TERMINATED /* 1u << 3 */
#define ZX_LINUX_FD_ERROR ((zx_signals_t)1u << 4)       /* POLLERR */
#define ZX_LINUX_FD_PRIORITY ((zx_signals_t)1u << 5)    /* POLLPRI */

/*
 * Move @handle out of the caller's table into a new descriptor (@flags:
 * O_CLOEXEC or 0). Needs ZX_RIGHT_TRANSFER; the handle is consumed whether
 * or not the call succeeds. The descriptor can be inherited and sent with
 * SCM_RIGHTS; closing it without importing it closes the handle.
 */
zx_status_t zx_linux_handle_to_fd(zx_handle_t handle, int flags, int* out_fd);

/*
 * Import the handle carried by @fd into the caller's table, with its
 * rights. Exactly once per descriptor, across all dup()s and copies:
 * later calls get ZX_ERR_BAD_STATE. ZX_ERR_BAD_HANDLE: @fd is not open;
 * ZX_ERR_WRONG_TYPE: it is not a handle descriptor. @fd stays open.
 */
zx_status_t zx_linux_fd_to_handle(int fd, zx_handle_t* out);

/*
 * Wrap a pollable descriptor in a waitable object (ZX_OBJ_TYPE_LINUX_FD)
 * whose ZX_LINUX_FD_* signals follow its readiness. The object holds the
 * open file, not the descriptor number. ZX_ERR_NOT_SUPPORTED: the file
 * cannot be polled, or is one of this module's own descriptors.
 */
zx_status_t zx_linux_object_from_fd(int fd, zx_handle_t* out);

/*
 * A descriptor for poll/epoll, readable while any of @signals is active on
 * the object (needs ZX_RIGHT_WAIT), or, for a port (needs ZX_RIGHT_READ),
 * while a packet is queued. @flags: O_CLOEXEC or 0. The handle stays.
 */
zx_status_t zx_linux_poll_fd(zx_handle_t handle, zx_signals_t signals, int flags,
                             int* out_fd);

__END_CDECLS

#endif /* SYSROOT_ZIRCON_LINUX_H_ */
