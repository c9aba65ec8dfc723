/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libzircon internals. Everything here has hidden visibility (the library
 * is built with -fvisibility=hidden); only definitions marked __EXPORT and
 * listed in libzircon.map are public.
 */
#ifndef LIBZIRCON_PRIVATE_H
#define LIBZIRCON_PRIVATE_H

#include <stdint.h>
#include <linux/zircon.h>
#include <zircon/syscalls.h>

/* A user pointer as the ABI carries it: zero-extended to 64 bits. */
#define zircon_ptr(p) ((__u64)(uintptr_t)(p))

/*
 * Issue one /dev/zircon ioctl: open the table if needed, restart on EINTR,
 * map the errno to a status. Leaves errno unchanged, as a Fuchsia syscall
 * would.
 */
zx_status_t __zircon_ioctl(unsigned long request, void* arg);

/*
 * The statuses the ABI gives an errno of their own, ZIRCON_ERRNO_<name>
 * for ZX_ERR_<name>. Pairing by name lets the compiler check both halves,
 * and a duplicate errno fails to compile as a duplicate case. Keep it in
 * step with the ZIRCON_ERRNO_* list (test-headers.sh checks).
 */
#define ZIRCON_ERRNO_STATUSES(X)                                                \
	X(INTERNAL) X(NOT_SUPPORTED) X(NO_RESOURCES) X(NO_MEMORY) X(INVALID_ARGS)  \
	X(BAD_HANDLE) X(WRONG_TYPE) X(BAD_SYSCALL) X(OUT_OF_RANGE)                 \
	X(BUFFER_TOO_SMALL) X(BAD_STATE) X(TIMED_OUT) X(SHOULD_WAIT) X(CANCELED)   \
	X(PEER_CLOSED) X(NOT_FOUND) X(ALREADY_EXISTS) X(ALREADY_BOUND)             \
	X(UNAVAILABLE) X(ACCESS_DENIED)

/* The status a /dev/zircon ioctl means by failing with errno err. */
zx_status_t __zircon_status_from_errno(int err);

/*
 * Close a handle the kernel just returned but the caller gave us nowhere
 * to put (a NULL out pointer). Zircon creates the handle, fails the copy
 * out with ZX_ERR_INVALID_ARGS and destroys it; so do we.
 */
void __zircon_discard(zx_handle_t handle);

/* Store a new handle in *out, or discard it (INVALID_ARGS) if out is NULL. */
zx_status_t __zircon_hand_out(zx_handle_t handle, zx_handle_t* out);

/*
 * The same for the two handles of a peered object's create call, given
 * the ioctl's status: both stored, or (any NULL output) both discarded.
 * On failure both outputs that are not NULL read ZX_HANDLE_INVALID.
 */
zx_status_t __zircon_hand_out_pair(zx_status_t status, const zx_handle_t pair[2],
				   zx_handle_t* out0, zx_handle_t* out1);

/*
 * Copy @n bytes (at most a pipe's capacity) between our memory and a
 * caller's pointer that may be bad, as the kernel's uaccess would: 0, or
 * -1 if some byte is not accessible. For what 32-bit ABIs convert in the
 * library (size_t values, and records the ABI carries as __u64): a bad
 * pointer must give ZX_ERR_INVALID_ARGS, not SIGSEGV. (property.c)
 */
int __zircon_copy_safe(void* dst, const void* src, size_t n);

/*
 * Export @name under Fuchsia's second name too, _@name, as the vDSO does
 * (a real alias, not a wrapper). List both in libzircon.map.
 */
#define __ZIRCON_ALIAS(name) \
	extern __typeof(name) _##name __attribute__((alias(#name), visibility("default")))

#endif /* LIBZIRCON_PRIVATE_H */
