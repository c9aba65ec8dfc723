/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The kernel debug log: zx_debuglog_create() options and the record
 * zx_debuglog_read() returns, as in Fuchsia's syscalls/log.h. Not
 * available on Linux (zx_debug_write() writes to standard error instead).
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_LOG_H_
#define SYSROOT_ZIRCON_SYSCALLS_LOG_H_

#include <stdint.h>
#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

/* zx_debuglog_create() options */
#define ZX_LOG_FLAG_READABLE 0x40000000

/* zx_log_record_t::severity */
#define ZX_LOG_TRACE (0x10)
#define ZX_LOG_DEBUG (0x20)
#define ZX_LOG_INFO (0x30)
#define ZX_LOG_WARNING (0x40)
#define ZX_LOG_ERROR (0x50)
#define ZX_LOG_FATAL (0x60)

/* The largest record, header included, and the largest payload */
#define ZX_LOG_RECORD_MAX 256
#define ZX_LOG_RECORD_DATA_MAX 216

typedef struct zx_log_record {
	uint64_t sequence;
	uint32_t padding1;
	uint16_t datalen;
	uint8_t severity;
	uint8_t flags;
	zx_time_t timestamp;
	uint64_t pid;
	uint64_t tid;
	char data[ZX_LOG_RECORD_DATA_MAX];
} zx_log_record_t;

__ZX_STATIC_ASSERT(sizeof(zx_log_record_t) == ZX_LOG_RECORD_MAX, "zx_log_record_t size");

__END_CDECLS

#endif /* SYSROOT_ZIRCON_SYSCALLS_LOG_H_ */
