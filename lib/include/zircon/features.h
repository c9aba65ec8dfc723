/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * zx_system_get_features() kinds and their bits, as in Fuchsia's
 * features.h.
 */
#ifndef SYSROOT_ZIRCON_FEATURES_H_
#define SYSROOT_ZIRCON_FEATURES_H_

/* zx_system_get_features() kinds */
#define ZX_FEATURE_KIND_CPU 0
#define ZX_FEATURE_KIND_HW_BREAKPOINT_COUNT 1
#define ZX_FEATURE_KIND_HW_WATCHPOINT_COUNT 2
#define ZX_FEATURE_KIND_ADDRESS_TAGGING 3
#define ZX_FEATURE_KIND_VM 4

/* ZX_FEATURE_KIND_CPU: set when the other bits mean anything */
#define ZX_HAS_CPU_FEATURES (1u << 0)

/* ZX_FEATURE_KIND_VM */
#define ZX_VM_FEATURE_CAN_MAP_XOM (1u << 0)

/* ZX_FEATURE_KIND_CPU on arm64: the instruction set extensions */
#define ZX_ARM64_FEATURE_ISA_FP (1u << 1)
#define ZX_ARM64_FEATURE_ISA_ASIMD (1u << 2)
#define ZX_ARM64_FEATURE_ISA_AES (1u << 3)
#define ZX_ARM64_FEATURE_ISA_PMULL (1u << 4)
#define ZX_ARM64_FEATURE_ISA_SHA1 (1u << 5)
#define ZX_ARM64_FEATURE_ISA_SHA256 (1u << 6)
#define ZX_ARM64_FEATURE_ISA_CRC32 (1u << 7)
#define ZX_ARM64_FEATURE_ISA_ATOMICS (1u << 8)
#define ZX_ARM64_FEATURE_ISA_RDM (1u << 9)
#define ZX_ARM64_FEATURE_ISA_SHA3 (1u << 10)
#define ZX_ARM64_FEATURE_ISA_SM3 (1u << 11)
#define ZX_ARM64_FEATURE_ISA_SM4 (1u << 12)
#define ZX_ARM64_FEATURE_ISA_DP (1u << 13)
#define ZX_ARM64_FEATURE_ISA_DPB (1u << 14)
#define ZX_ARM64_FEATURE_ISA_FHM (1u << 15)
#define ZX_ARM64_FEATURE_ISA_TS (1u << 16)
#define ZX_ARM64_FEATURE_ISA_RNDR (1u << 17)
#define ZX_ARM64_FEATURE_ISA_SHA512 (1u << 18)
#define ZX_ARM64_FEATURE_ISA_I8MM (1u << 19)
#define ZX_ARM64_FEATURE_ISA_SVE (1u << 20)
#define ZX_ARM64_FEATURE_ISA_ARM32 (1u << 21)
#define ZX_ARM64_FEATURE_ISA_SHA2 ZX_ARM64_FEATURE_ISA_SHA256

/* ZX_FEATURE_KIND_ADDRESS_TAGGING on arm64: top-byte ignore */
#define ZX_ARM64_FEATURE_ADDRESS_TAGGING_TBI (1u << 0)

/* ZX_FEATURE_KIND_CPU on riscv64 */
#define ZX_RISCV64_FEATURE_SVPBMT (1u << 1)
#define ZX_RISCV64_FEATURE_ZICBOM (1u << 2)
#define ZX_RISCV64_FEATURE_ZICBOZ (1u << 3)
#define ZX_RISCV64_FEATURE_ZICBOP (1u << 4)
#define ZX_RISCV64_FEATURE_VECTOR (1u << 5)

#endif /* SYSROOT_ZIRCON_FEATURES_H_ */
