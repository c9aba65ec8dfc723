/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The process bootstrap message and the handle-info words of startup
 * handles (PA_HND), as in Fuchsia's processargs.h. A Linux process is
 * started by execve(2) and receives no such message: these are for code
 * that builds or parses one, and for zx_take_startup_handle().
 */
#ifndef SYSROOT_ZIRCON_PROCESSARGS_H_
#define SYSROOT_ZIRCON_PROCESSARGS_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

#define ZX_PROCARGS_PROTOCOL ((uint32_t)0x4150585du)
#define ZX_PROCARGS_VERSION ((uint32_t)0x0001000u)

/* The header of the bootstrap message; offsets are from its start. */
typedef struct zx_proc_args {
	uint32_t protocol;
	uint32_t version;
	uint32_t handle_info_off;
	uint32_t args_off;
	uint32_t args_num;
	uint32_t names_off;
	uint32_t names_num;
	uint32_t environ_off;
	uint32_t environ_num;
} zx_proc_args_t;

__ZX_STATIC_ASSERT(sizeof(zx_proc_args_t) == 36, "zx_proc_args_t size");

/* A handle's info word: its type in bits 0-7, an argument in bits 16-31. */
#define PA_HND(type, arg) (((type) & 0xFFu) | (((arg) & 0xFFFFu) << 16))
#define PA_HND_TYPE(n) ((n) & 0xFFu)
#define PA_HND_ARG(n) (((n) >> 16) & 0xFFFFu)

/* Handle types */
#define PA_PROC_SELF 0x01u
#define PA_THREAD_SELF 0x02u
#define PA_JOB_DEFAULT 0x03u
#define PA_VMAR_ROOT 0x04u
#define PA_VMAR_LOADED 0x05u
#define PA_LDSVC_LOADER 0x10u
#define PA_VMO_VDSO 0x11u
#define PA_VMO_STACK 0x13u
#define PA_VMO_EXECUTABLE 0x14u
#define PA_VMO_BOOTDATA 0x1Au
#define PA_VMO_BOOTFS 0x1Bu
#define PA_VMO_KERNEL_FILE 0x1Cu
#define PA_NS_DIR 0x20u
#define PA_FD 0x30u
#define PA_DIRECTORY_REQUEST 0x3Bu
#define PA_CLOCK_UTC 0x40u
#define PA_MMIO_RESOURCE 0x50u
#define PA_IRQ_RESOURCE 0x51u
#define PA_IOPORT_RESOURCE 0x52u
#define PA_SMC_RESOURCE 0x53u
#define PA_SYSTEM_RESOURCE 0x54u
#define PA_USER0 0xF0u
#define PA_USER1 0xF1u
#define PA_USER2 0xF2u

/* PA_FD's argument: this flag, or-ed with the descriptor number */
#define FDIO_FLAG_USE_FOR_STDIO 0x8000u

__END_CDECLS

#endif /* SYSROOT_ZIRCON_PROCESSARGS_H_ */
