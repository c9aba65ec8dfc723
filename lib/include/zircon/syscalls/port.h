/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Port packet types and zx_object_wait_async() options, as in Fuchsia's
 * syscalls/port.h. Every packet is 48 bytes: a 16-byte header and one
 * 32-byte payload whose meaning depends on the type.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_PORT_H_
#define SYSROOT_ZIRCON_SYSCALLS_PORT_H_

#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

/* zx_object_wait_async() options */
/* ZX_WAIT_ASYNC_ONCE is a no-op kept for old code: every wait is one-shot. */
#define ZX_WAIT_ASYNC_ONCE ((uint32_t)0u)
#define ZX_WAIT_ASYNC_TIMESTAMP ((uint32_t)1u)
#define ZX_WAIT_ASYNC_EDGE ((uint32_t)2u)
/* Like TIMESTAMP, on the boot clock (newest Zircon); not together with TIMESTAMP. */
#define ZX_WAIT_ASYNC_BOOT_TIMESTAMP ((uint32_t)4u)

typedef uint32_t zx_packet_type_t;

/* zx_port_packet_t::type */
#define ZX_PKT_TYPE_USER ((zx_packet_type_t)0x00u)
#define ZX_PKT_TYPE_SIGNAL_ONE ((zx_packet_type_t)0x01u)
/* 0x02 was ZX_PKT_TYPE_SIGNAL_REP. */
#define ZX_PKT_TYPE_GUEST_BELL ((zx_packet_type_t)0x03u)
#define ZX_PKT_TYPE_GUEST_MEM ((zx_packet_type_t)0x04u)
#define ZX_PKT_TYPE_GUEST_IO ((zx_packet_type_t)0x05u)
#define ZX_PKT_TYPE_GUEST_VCPU ((zx_packet_type_t)0x06u)
#define ZX_PKT_TYPE_INTERRUPT ((zx_packet_type_t)0x07u)
#define ZX_PKT_TYPE_PAGE_REQUEST ((zx_packet_type_t)0x09u)

/* zx_port_create() options */
#define ZX_PORT_BIND_TO_INTERRUPT ((uint32_t)(0x1u << 0))

#define ZX_PKT_IS_USER(type) ((type) == ZX_PKT_TYPE_USER)
#define ZX_PKT_IS_SIGNAL_ONE(type) ((type) == ZX_PKT_TYPE_SIGNAL_ONE)
#define ZX_PKT_IS_GUEST_BELL(type) ((type) == ZX_PKT_TYPE_GUEST_BELL)
#define ZX_PKT_IS_GUEST_MEM(type) ((type) == ZX_PKT_TYPE_GUEST_MEM)
#define ZX_PKT_IS_GUEST_IO(type) ((type) == ZX_PKT_TYPE_GUEST_IO)
#define ZX_PKT_IS_GUEST_VCPU(type) ((type) == ZX_PKT_TYPE_GUEST_VCPU)
#define ZX_PKT_IS_INTERRUPT(type) ((type) == ZX_PKT_TYPE_INTERRUPT)
#define ZX_PKT_IS_PAGE_REQUEST(type) ((type) == ZX_PKT_TYPE_PAGE_REQUEST)

/* zx_packet_guest_vcpu_t::type */
#define ZX_PKT_GUEST_VCPU_INTERRUPT ((uint32_t)0)
#define ZX_PKT_GUEST_VCPU_STARTUP ((uint32_t)1)
#define ZX_PKT_GUEST_VCPU_EXIT ((uint32_t)2)

/* zx_packet_page_request_t::command */
#define ZX_PAGER_VMO_READ ((uint16_t)0)
#define ZX_PAGER_VMO_COMPLETE ((uint16_t)1)
#define ZX_PAGER_VMO_DIRTY ((uint16_t)2)

/* ZX_PKT_TYPE_USER: 32 bytes the sender chose */
typedef union zx_packet_user {
	uint64_t u64[4];
	uint32_t u32[8];
	uint16_t u16[16];
	uint8_t c8[32];
} zx_packet_user_t;

/* ZX_PKT_TYPE_SIGNAL_ONE */
typedef struct zx_packet_signal {
	/* the signals the wait was registered for */
	zx_signals_t trigger;
	/* every signal active when the wait matched */
	zx_signals_t observed;
	/* always 1 */
	uint64_t count;
	/* monotonic time of the match with ZX_WAIT_ASYNC_TIMESTAMP, else 0 */
	uint64_t timestamp;
	uint64_t reserved1;
} zx_packet_signal_t;

/*
 * Guest packets: Fuchsia spells their addresses zx_gpaddr_t / zx_vaddr_t
 * (uintptr_t). On LP64 Linux that is the same type as uint64_t, which also
 * keeps the 32-byte layout on 32-bit ABIs.
 */
typedef struct zx_packet_guest_bell {
	uint64_t addr;
	uint64_t reserved0;
	uint64_t reserved1;
	uint64_t reserved2;
} zx_packet_guest_bell_t;

typedef struct zx_packet_guest_mem {
	uint64_t addr;
#if defined(__aarch64__)
	uint8_t access_size;
	bool sign_extend;
	uint8_t xt;
	bool read;
	uint8_t padding1[4];
	uint64_t data;
	uint64_t reserved;
#elif defined(__x86_64__)
	uint64_t cr3;
	uint64_t rip;
	uint8_t instruction_size;
	uint8_t default_operand_size;
	uint8_t reserved[6];
#else
	uint64_t reserved[3];
#endif
} zx_packet_guest_mem_t;

typedef struct zx_packet_guest_io {
	uint16_t port;
	uint8_t access_size;
	bool input;
	__extension__ union {
		struct {
			uint8_t u8;
			uint8_t padding1[3];
		};
		struct {
			uint16_t u16;
			uint8_t padding2[2];
		};
		uint32_t u32;
		uint8_t data[4];
	};
	uint64_t reserved0;
	uint64_t reserved1;
	uint64_t reserved2;
} zx_packet_guest_io_t;

typedef struct zx_packet_guest_vcpu {
	uint32_t type;
	uint8_t padding1[4];
	__extension__ union {
		struct {
			uint64_t mask;
			uint8_t vector;
			uint8_t padding1[7];
		} interrupt;
		struct {
			uint64_t id;
			uint64_t entry;
		} startup;
		struct {
			int64_t retcode;
			uint64_t reserved;
		} exit;
	};
	uint64_t reserved;
} zx_packet_guest_vcpu_t;

typedef struct zx_packet_interrupt {
	zx_time_t timestamp;
	uint64_t reserved0;
	uint64_t reserved1;
	uint64_t reserved2;
} zx_packet_interrupt_t;

typedef struct zx_packet_page_request {
	uint16_t command;
	uint16_t flags;
	uint32_t reserved0;
	uint64_t offset;
	uint64_t length;
	uint64_t reserved1;
} zx_packet_page_request_t;

typedef struct zx_port_packet {
	uint64_t key;
	zx_packet_type_t type;
	zx_status_t status;
	union {
		zx_packet_user_t user;
		zx_packet_signal_t signal;
		zx_packet_guest_bell_t guest_bell;
		zx_packet_guest_mem_t guest_mem;
		zx_packet_guest_io_t guest_io;
		zx_packet_guest_vcpu_t guest_vcpu;
		zx_packet_interrupt_t interrupt;
		zx_packet_page_request_t page_request;
	};
} zx_port_packet_t;

__ZX_STATIC_ASSERT(sizeof(zx_packet_user_t) == 32, "zx_packet_user_t size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_signal_t) == 32, "zx_packet_signal_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_packet_signal_t, trigger) == 0, "signal.trigger");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_packet_signal_t, observed) == 4, "signal.observed");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_packet_signal_t, count) == 8, "signal.count");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_packet_signal_t, timestamp) == 16, "signal.timestamp");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_packet_signal_t, reserved1) == 24, "signal.reserved1");
__ZX_STATIC_ASSERT(sizeof(zx_packet_guest_bell_t) == 32, "zx_packet_guest_bell_t size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_guest_mem_t) == 32, "zx_packet_guest_mem_t size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_guest_io_t) == 32, "zx_packet_guest_io_t size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_guest_vcpu_t) == 32, "zx_packet_guest_vcpu_t size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_interrupt_t) == 32, "zx_packet_interrupt_t size");
__ZX_STATIC_ASSERT(sizeof(zx_packet_page_request_t) == 32, "zx_packet_page_request_t size");
__ZX_STATIC_ASSERT(sizeof(zx_port_packet_t) == 48, "zx_port_packet_t size");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_port_packet_t, key) == 0, "packet.key");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_port_packet_t, type) == 8, "packet.type");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_port_packet_t, status) == 12, "packet.status");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_port_packet_t, user) == 16, "packet.user");
__ZX_STATIC_ASSERT(__builtin_offsetof(zx_port_packet_t, signal) == 16, "packet.signal");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_PORT_H_ */
