/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Where the thread pointer's block keeps the stack protector's guard,
 * for code that reads it directly (-mstack-protector-guard-offset).
 *
 * Fuchsia's libc has its own layout; a Linux process runs on glibc's, so
 * the offsets here are glibc's: x86 keeps the guard in the TCB (%fs:0x28,
 * %gs:0x14), other architectures keep it in a global (__stack_chk_guard),
 * and neither has Fuchsia's unsafe stack pointer slot, so
 * ZX_TLS_UNSAFE_SP_OFFSET is not defined.
 */
#ifndef SYSROOT_ZIRCON_TLS_H_
#define SYSROOT_ZIRCON_TLS_H_

#if defined(__x86_64__)
#define ZX_TLS_STACK_GUARD_OFFSET 0x28
#elif defined(__i386__)
#define ZX_TLS_STACK_GUARD_OFFSET 0x14
#endif

#endif /* SYSROOT_ZIRCON_TLS_H_ */
