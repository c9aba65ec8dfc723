// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_object_get_property, zx_object_set_property, and the fault-safe copy
 * the 32-bit conversions use.
 *
 * The socket thresholds are size_t values; the ABI carries every such
 * value as a __u64 (8 bytes), so on 32-bit ABIs the library converts it.
 * As in Zircon, value_size must be at least sizeof(size_t)
 * (ZX_ERR_BUFFER_TOO_SMALL otherwise, after the handle checks: the kernel
 * decides, from the size we pass on).
 */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

/*
 * The bytes go through a pipe, whose write(2) and read(2) report a bad
 * buffer as EFAULT. (process_vm_writev would too, but kernels may be built
 * without it.) With no descriptor left for the pipe, a plain copy is all
 * we can do.
 */
int __zircon_copy_safe(void* dst, const void* src, size_t n)
{
	int saved = errno, ok = 0, p[2];

	if (pipe2(p, O_CLOEXEC) != 0) {
		memcpy(dst, src, n);
		errno = saved;
		return 0;
	}
	if (write(p[1], src, n) == (ssize_t)n && read(p[0], dst, n) == (ssize_t)n)
		ok = 1;
	close(p[0]);
	close(p[1]);
	errno = saved;
	return ok ? 0 : -1;
}

/* Properties whose value is a size_t. */
static int is_size_property(uint32_t property)
{
	return property == ZX_PROP_SOCKET_RX_THRESHOLD ||
	       property == ZX_PROP_SOCKET_TX_THRESHOLD;
}

/* 32-bit ABIs: the size the kernel sees for a size_t value. */
static __u64 abi_size(size_t value_size)
{
	return value_size >= sizeof(size_t) ? sizeof(__u64) : value_size;
}

__EXPORT zx_status_t zx_object_get_property(zx_handle_t handle, uint32_t property, void* value,
					    size_t value_size)
{
	struct zircon_object_property arg = {
		.handle = handle,
		.property = property,
		.value = zircon_ptr(value),
		.size = value_size,
	};
	zx_status_t status;
	__u64 v = 0;
	size_t s;

	if (sizeof(size_t) == sizeof(__u64) || !is_size_property(property))
		return __zircon_ioctl(ZIRCON_IOC_OBJECT_GET_PROPERTY, &arg);

	/* The kernel writes a __u64 here; the caller gets a size_t. */
	if (value)
		arg.value = zircon_ptr(&v);
	arg.size = abi_size(value_size);
	status = __zircon_ioctl(ZIRCON_IOC_OBJECT_GET_PROPERTY, &arg);
	s = (size_t)v;
	if (status == ZX_OK && __zircon_copy_safe(value, &s, sizeof(s)))
		status = ZX_ERR_INVALID_ARGS;
	return status;
}

__EXPORT zx_status_t zx_object_set_property(zx_handle_t handle, uint32_t property,
					    const void* value, size_t value_size)
{
	struct zircon_object_property arg = {
		.handle = handle,
		.property = property,
		.value = zircon_ptr(value),
		.size = value_size,
	};
	__u64 v;
	size_t s;

	if (sizeof(size_t) == sizeof(__u64) || !is_size_property(property))
		return __zircon_ioctl(ZIRCON_IOC_OBJECT_SET_PROPERTY, &arg);

	/*
	 * Widen the caller's size_t. If it cannot be read, pass the pointer
	 * on as it is: the kernel fails to read it too, after its own checks,
	 * so the caller sees Zircon's order of errors.
	 */
	arg.size = abi_size(value_size);
	if (value && value_size >= sizeof(s) && !__zircon_copy_safe(&s, value, sizeof(s))) {
		v = s;
		arg.value = zircon_ptr(&v);
	}
	return __zircon_ioctl(ZIRCON_IOC_OBJECT_SET_PROPERTY, &arg);
}

ZX_SYSCALL_ALIAS(zx_object_get_property);
ZX_SYSCALL_ALIAS(zx_object_set_property);
