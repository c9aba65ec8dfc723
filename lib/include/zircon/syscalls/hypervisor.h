/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Hypervisor guests and vCPUs: trap kinds, vCPU state and I/O, as in
 * Fuchsia's syscalls/hypervisor.h. No guest can be created on Linux
 * through libzircon.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_HYPERVISOR_H_
#define SYSROOT_ZIRCON_SYSCALLS_HYPERVISOR_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

/* zx_guest_create() options */
#define ZX_GUEST_OPT_NORMAL ((uint32_t)0u)

/* zx_vcpu_create() options */
#define ZX_VCPU_OPT_NORMAL ((uint32_t)0u)

/* zx_guest_set_trap() kinds */
#define ZX_GUEST_TRAP_BELL ((uint32_t)0u)
#define ZX_GUEST_TRAP_MEM ((uint32_t)1u)
#define ZX_GUEST_TRAP_IO ((uint32_t)2u)

/* zx_vcpu_read_state() and zx_vcpu_write_state() kinds */
#define ZX_VCPU_STATE ((uint32_t)0u)
#define ZX_VCPU_IO ((uint32_t)1u)

#if defined(__aarch64__)
typedef struct zx_vcpu_state {
	uint64_t x[31];
	uint64_t sp;
	/* N, Z, C and V of the guest's PSTATE */
	uint32_t cpsr;
	uint8_t padding1[4];
} zx_vcpu_state_t;
#else
typedef struct zx_vcpu_state {
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	/* only the arithmetic flags (CF, PF, AF, ZF, SF, OF) */
	uint64_t rflags;
} zx_vcpu_state_t;
#endif

/* ZX_VCPU_IO: the result of a guest's port I/O */
typedef struct zx_vcpu_io {
	uint8_t access_size;
	uint8_t padding1[3];
	__extension__ union {
		__extension__ struct {
			uint8_t u8;
			uint8_t padding2[3];
		};
		__extension__ struct {
			uint16_t u16;
			uint8_t padding3[2];
		};
		uint32_t u32;
		uint8_t data[4];
	};
} zx_vcpu_io_t;

__ZX_STATIC_ASSERT(sizeof(zx_vcpu_io_t) == 8, "zx_vcpu_io_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_HYPERVISOR_H_ */
