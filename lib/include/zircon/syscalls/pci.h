/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * PCI: the structs of the zx_pci_*() driver calls, as in Fuchsia's
 * syscalls/pci.h. None of them is available on Linux.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_PCI_H_
#define SYSROOT_ZIRCON_SYSCALLS_PCI_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

#define ZX_PCI_MAX_BUSSES 256
#define ZX_PCI_MAX_DEVICES_PER_BUS 32
#define ZX_PCI_MAX_FUNCTIONS_PER_DEVICE 8
#define ZX_PCI_MAX_FUNCTIONS_PER_BUS (ZX_PCI_MAX_DEVICES_PER_BUS * ZX_PCI_MAX_FUNCTIONS_PER_DEVICE)
#define ZX_PCI_MAX_LEGACY_IRQ_PINS 4
#define ZX_PCI_MAX_MSI_IRQS 32
#define ZX_PCI_MAX_MSIX_IRQS 2048
#define ZX_PCI_STANDARD_CONFIG_HDR_SIZE 64
#define ZX_PCI_BASE_CONFIG_SIZE 256
#define ZX_PCI_EXTENDED_CONFIG_SIZE 4096
#define ZX_PCI_ECAM_BYTE_PER_BUS (ZX_PCI_EXTENDED_CONFIG_SIZE * ZX_PCI_MAX_FUNCTIONS_PER_BUS)
#define ZX_PCI_BAR_REGS_PER_BRIDGE 2
#define ZX_PCI_BAR_REGS_PER_DEVICE 6
#define ZX_PCI_MAX_BAR_REGS 6
#define ZX_PCI_NO_IRQ_MAPPING UINT32_MAX

/* zx_pci_init_arg_t::dev_pin_to_global_irq, one entry per bus/device/function */
typedef uint32_t zx_pci_irq_swizzle_lut_t[ZX_PCI_MAX_DEVICES_PER_BUS][ZX_PCI_MAX_FUNCTIONS_PER_DEVICE]
					  [ZX_PCI_MAX_LEGACY_IRQ_PINS];

#define ZX_PCI_MAX_IRQS 224
#define ZX_PCI_INIT_ARG_MAX_ECAM_WINDOWS 2

/* addr_windows[] is a C99 flexible array member, which C++ has as an extension. */
#if defined(__clang__) && defined(__cplusplus)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc99-extensions"
#endif
typedef struct zx_pci_init_arg {
	zx_pci_irq_swizzle_lut_t dev_pin_to_global_irq;
	uint32_t num_irqs;
	struct {
		uint32_t global_irq;
		bool level_triggered;
		bool active_high;
		uint8_t padding1[2];
	} irqs[ZX_PCI_MAX_IRQS];
	uint32_t addr_window_count;
	uint8_t padding1[4];
	__extension__ struct {
		uint64_t base;
		size_t size;
		uint8_t bus_start;
		uint8_t bus_end;
		uint8_t cfg_space_type;
		bool has_ecam;
		uint8_t padding1[4];
	} addr_windows[];
} zx_pci_init_arg_t;
#if defined(__clang__) && defined(__cplusplus)
#pragma clang diagnostic pop
#endif

/* zx_pci_bar_t::type */
#define ZX_PCI_BAR_TYPE_UNUSED 0u
#define ZX_PCI_BAR_TYPE_MMIO 1u
#define ZX_PCI_BAR_TYPE_PIO 2u

/* A BAR: an address for PIO, a VMO handle for MMIO */
typedef struct zx_pci_bar {
	uint32_t id;
	uint32_t type;
	size_t size;
	__extension__ union {
		uintptr_t addr;
		__extension__ struct {
			zx_handle_t handle;
			uint8_t padding1[4];
		};
	};
} zx_pci_bar_t;

typedef struct zx_pcie_device_info {
	uint16_t vendor_id;
	uint16_t device_id;
	uint8_t base_class;
	uint8_t sub_class;
	uint8_t program_interface;
	uint8_t revision_id;
	uint8_t bus_id;
	uint8_t dev_id;
	uint8_t func_id;
	uint8_t padding1;
} zx_pcie_device_info_t;

__ZX_STATIC_ASSERT(sizeof(zx_pcie_device_info_t) == 12, "zx_pcie_device_info_t size");

/* zx_pci_query_irq_mode() and zx_pci_set_irq_mode() modes */
#define ZX_PCIE_IRQ_MODE_DISABLED 0u
#define ZX_PCIE_IRQ_MODE_LEGACY 1u
#define ZX_PCIE_IRQ_MODE_MSI 2u
#define ZX_PCIE_IRQ_MODE_MSI_X 3u
#define ZX_PCIE_IRQ_MODE_LEGACY_NOACK 4u

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_PCI_H_ */
