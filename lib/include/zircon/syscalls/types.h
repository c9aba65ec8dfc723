/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Forward declarations of the structs that system call prototypes name
 * before their own header is included, as in Fuchsia's syscalls/types.h.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_TYPES_H_
#define SYSROOT_ZIRCON_SYSCALLS_TYPES_H_

#include <zircon/compiler.h>

__BEGIN_CDECLS

typedef struct zx_port_packet zx_port_packet_t;
typedef struct zx_pci_bar zx_pci_bar_t;
typedef struct zx_pcie_device_info zx_pcie_device_info_t;
typedef struct zx_pci_init_arg zx_pci_init_arg_t;
typedef union zx_rrec zx_rrec_t;
typedef struct zx_system_powerctl_arg zx_system_powerctl_arg_t;
typedef struct zx_profile_info zx_profile_info_t;
typedef struct zx_smc_parameters zx_smc_parameters_t;
typedef struct zx_smc_result zx_smc_result_t;

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_TYPES_H_ */
