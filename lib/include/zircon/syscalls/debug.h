/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Register state for zx_thread_read_state() and zx_thread_write_state(),
 * per architecture, as in Fuchsia's syscalls/debug.h.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_DEBUG_H_
#define SYSROOT_ZIRCON_SYSCALLS_DEBUG_H_

#include <stdint.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

/* zx_thread_read_state() kinds */
typedef uint32_t zx_thread_state_topic_t;
#define ZX_THREAD_STATE_GENERAL_REGS ((zx_thread_state_topic_t)0u)
#define ZX_THREAD_STATE_FP_REGS ((zx_thread_state_topic_t)1u)
#define ZX_THREAD_STATE_VECTOR_REGS ((zx_thread_state_topic_t)2u)
#define ZX_THREAD_STATE_DEBUG_REGS ((zx_thread_state_topic_t)4u)
#define ZX_THREAD_STATE_SINGLE_STEP ((zx_thread_state_topic_t)5u)

/* ZX_THREAD_STATE_SINGLE_STEP: 0 or 1 */
typedef uint32_t zx_thread_state_single_step_t;

#if defined(__x86_64__) || defined(__i386__)

typedef struct zx_thread_state_general_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags, fs_base, gs_base;
} zx_thread_state_general_regs_t;

typedef struct zx_thread_state_fp_regs {
	uint16_t fcw;
	uint16_t fsw;
	uint8_t ftw;
	uint8_t reserved;
	uint16_t fop;
	uint64_t fip;
	uint64_t fdp;
	uint8_t padding1[8];
	/* the x87 and MMX registers, 80 bits each in 128 */
	struct {
		uint64_t low;
		uint64_t high;
	} st[8];
} zx_thread_state_fp_regs_t;

typedef struct zx_thread_state_vector_regs {
	/* zmm0-31; xmm and ymm are their low halves */
	struct {
		uint64_t v[8];
	} zmm[32];
	uint64_t opmask[8];
	uint32_t mxcsr;
	uint8_t padding1[4];
} zx_thread_state_vector_regs_t;

typedef struct zx_thread_state_debug_regs {
	uint64_t dr[4];
	uint64_t dr6;
	uint64_t dr7;
} zx_thread_state_debug_regs_t;

__ZX_STATIC_ASSERT(sizeof(zx_thread_state_general_regs_t) == 160, "general_regs size");
__ZX_STATIC_ASSERT(sizeof(zx_thread_state_fp_regs_t) == 160, "fp_regs size");
__ZX_STATIC_ASSERT(sizeof(zx_thread_state_debug_regs_t) == 48, "debug_regs size");

#elif defined(__aarch64__)

typedef struct zx_thread_state_general_regs {
	uint64_t r[30];
	uint64_t lr;
	uint64_t sp;
	uint64_t pc;
	uint64_t cpsr;
	uint64_t tpidr;
} zx_thread_state_general_regs_t;

/* arm64 keeps its floating point state in the vector registers. */
typedef struct zx_thread_state_fp_regs {
	uint32_t unused;
} zx_thread_state_fp_regs_t;

typedef struct zx_thread_state_vector_regs {
	uint32_t fpcr;
	uint32_t fpsr;
	struct {
		uint64_t low;
		uint64_t high;
	} v[32];
} zx_thread_state_vector_regs_t;

#define ZX_ARM64_MAX_HW_BREAKPOINTS 16
#define ZX_ARM64_MAX_HW_WATCHPOINTS 16

typedef struct zx_thread_state_debug_regs {
	struct {
		uint32_t dbgbcr;
		uint8_t padding1[4];
		uint64_t dbgbvr;
	} hw_bps[ZX_ARM64_MAX_HW_BREAKPOINTS];
	struct {
		uint32_t dbgwcr;
		uint8_t padding1[4];
		uint64_t dbgwvr;
	} hw_wps[ZX_ARM64_MAX_HW_WATCHPOINTS];
	uint32_t esr;
	uint8_t padding1[4];
	uint64_t far;
} zx_thread_state_debug_regs_t;

#endif

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_DEBUG_H_ */
