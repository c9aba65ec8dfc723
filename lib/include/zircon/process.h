/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The handles a Fuchsia process starts with: its own process, thread,
 * root VMAR and default job, and the startup handles of its bootstrap
 * message. On Fuchsia libc provides these; here libzircon does.
 *
 * A Linux process has no Zircon process, thread, job or VMAR object, and
 * execve(2) passes no startup handles: every one of these calls returns
 * ZX_HANDLE_INVALID. Code that passes the result on gets
 * ZX_ERR_BAD_HANDLE (or ZX_ERR_NOT_SUPPORTED from the task calls), as it
 * would with a handle it had closed.
 *
 * As on Fuchsia, the four accessors are exported under a second name with
 * a leading underscore too (libsync calls _zx_thread_self); the startup
 * handle call has only the one name.
 */
#ifndef SYSROOT_ZIRCON_PROCESS_H_
#define SYSROOT_ZIRCON_PROCESS_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

zx_handle_t zx_process_self(void);
zx_handle_t _zx_process_self(void);
zx_handle_t zx_thread_self(void);
zx_handle_t _zx_thread_self(void);
zx_handle_t zx_vmar_root_self(void);
zx_handle_t _zx_vmar_root_self(void);
zx_handle_t zx_job_default(void);
zx_handle_t _zx_job_default(void);
zx_handle_t zx_take_startup_handle(uint32_t hnd_info);

__END_CDECLS

#endif /* SYSROOT_ZIRCON_PROCESS_H_ */
