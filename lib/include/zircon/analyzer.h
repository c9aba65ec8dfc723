/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Handle annotations for clang's static analyzer (the Fuchsia handle
 * checker): which parameters take ownership of a handle, give it up, or
 * only use it. Other compilers ignore them.
 */
#ifndef SYSROOT_ZIRCON_ANALYZER_H_
#define SYSROOT_ZIRCON_ANALYZER_H_

#if defined(__clang__)
#define ZX_HANDLE_ACQUIRE __attribute__((acquire_handle("Fuchsia")))
#define ZX_HANDLE_ACQUIRE_UNOWNED __attribute__((acquire_handle("FuchsiaUnowned")))
#define ZX_HANDLE_RELEASE __attribute__((release_handle("Fuchsia")))
#define ZX_HANDLE_USE __attribute__((use_handle("Fuchsia")))
#else
#define ZX_HANDLE_ACQUIRE
#define ZX_HANDLE_ACQUIRE_UNOWNED
#define ZX_HANDLE_RELEASE
#define ZX_HANDLE_USE
#endif

#endif /* SYSROOT_ZIRCON_ANALYZER_H_ */
