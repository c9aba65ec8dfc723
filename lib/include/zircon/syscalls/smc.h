/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Secure monitor calls (zx_smc_call(), arm64 only on Fuchsia): the call's
 * registers in and out.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_SMC_H_
#define SYSROOT_ZIRCON_SYSCALLS_SMC_H_

#include <stdint.h>
#include <zircon/compiler.h>

__BEGIN_CDECLS

/* Bits 29:24 of func_id: which service the call is for */
#define ARM_SMC_SERVICE_CALL_NUM_TRUSTED_OS_BASE 0x32
#define ARM_SMC_SERVICE_CALL_NUM_TRUSTED_OS_LENGTH 0xE
#define ARM_SMC_SERVICE_CALL_NUM_TRUSTED_OS_TOP                                        \
	(ARM_SMC_SERVICE_CALL_NUM_TRUSTED_OS_BASE + ARM_SMC_SERVICE_CALL_NUM_TRUSTED_OS_LENGTH)
#define ARM_SMC_SERVICE_CALL_NUM_SIP_SERVICE_BASE 0x02
#define ARM_SMC_SERVICE_CALL_NUM_SIP_SERVICE_LENGTH 0x01
#define ARM_SMC_SERVICE_CALL_NUM_MAX 0x3F
#define ARM_SMC_SERVICE_CALL_NUM_MASK 0x3F
#define ARM_SMC_SERVICE_CALL_NUM_SHIFT 24
#define ARM_SMC_GET_SERVICE_CALL_NUM_FROM_FUNC_ID(func_id) \
	(((func_id) >> ARM_SMC_SERVICE_CALL_NUM_SHIFT) & ARM_SMC_SERVICE_CALL_NUM_MASK)

typedef struct zx_smc_parameters {
	uint32_t func_id;
	uint8_t padding1[4];
	uint64_t arg1;
	uint64_t arg2;
	uint64_t arg3;
	uint64_t arg4;
	uint64_t arg5;
	uint64_t arg6;
	uint16_t client_id;
	uint16_t secure_os_id;
	uint8_t padding2[4];
} zx_smc_parameters_t;

typedef struct zx_smc_result {
	uint64_t arg0;
	uint64_t arg1;
	uint64_t arg2;
	uint64_t arg3;
	uint64_t arg6; /* at least one implementation returns data in x6 */
} zx_smc_result_t;

__ZX_STATIC_ASSERT(sizeof(zx_smc_parameters_t) == 64, "zx_smc_parameters_t size");
__ZX_STATIC_ASSERT(sizeof(zx_smc_result_t) == 40, "zx_smc_result_t size");

#define ARM_SMC_SERVICE_CALL_NUM_ARCH 0x00
#define ARM_SMC_SERVICE_CALL_NUM_CPU 0x01
#define ARM_SMC_SERVICE_CALL_NUM_SIP 0x02
#define ARM_SMC_SERVICE_CALL_NUM_OEM 0x03
#define ARM_SMC_SERVICE_CALL_NUM_STANDARD 0x04
#define ARM_SMC_SERVICE_CALL_NUM_HYPERVISOR 0x05
#define ARM_SMC_SERVICE_CALL_NUM_TRUSTED_APPLICATION 0x30

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_SMC_H_ */
