// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_channel_*: create, write, read, call, and their _etc forms.
 *
 * zx_handle_disposition_t and zx_handle_info_t have the ABI's layout on
 * every target, so handle arrays go to the kernel as they are; only
 * pointers are widened. zx_channel_call()'s args struct is read here: a
 * NULL one is ZX_ERR_INVALID_ARGS, as on Zircon.
 */
#include "private.h"

__EXPORT zx_status_t zx_channel_create(uint32_t options, zx_handle_t* out0, zx_handle_t* out1)
{
	struct zircon_eventpair_create arg = { .options = options };
	zx_status_t status = __zircon_ioctl(ZIRCON_IOC_CHANNEL_CREATE, &arg);
	const zx_handle_t pair[2] = { arg.out0, arg.out1 };

	return __zircon_hand_out_pair(status, pair, out0, out1);
}

static zx_status_t channel_write(unsigned long request, zx_handle_t handle, uint32_t options,
				 const void* bytes, uint32_t num_bytes, const void* handles,
				 uint32_t num_handles)
{
	struct zircon_channel_write arg = {
		.handle = handle,
		.options = options,
		.bytes = zircon_ptr(bytes),
		.handles = zircon_ptr(handles),
		.num_bytes = num_bytes,
		.num_handles = num_handles,
	};

	return __zircon_ioctl(request, &arg);
}

__EXPORT zx_status_t zx_channel_write(zx_handle_t handle, uint32_t options, const void* bytes,
				      uint32_t num_bytes, const zx_handle_t* handles,
				      uint32_t num_handles)
{
	return channel_write(ZIRCON_IOC_CHANNEL_WRITE, handle, options, bytes, num_bytes, handles,
			     num_handles);
}

__EXPORT zx_status_t zx_channel_write_etc(zx_handle_t handle, uint32_t options, const void* bytes,
					  uint32_t num_bytes, zx_handle_disposition_t* handles,
					  uint32_t num_handles)
{
	return channel_write(ZIRCON_IOC_CHANNEL_WRITE_ETC, handle, options, bytes, num_bytes,
			     handles, num_handles);
}

/* The sizes are reported with the message and when it did not fit. */
static zx_status_t put_actual(zx_status_t status, uint32_t bytes, uint32_t handles,
			      uint32_t* actual_bytes, uint32_t* actual_handles)
{
	if (status == ZX_OK || status == ZX_ERR_BUFFER_TOO_SMALL) {
		if (actual_bytes)
			*actual_bytes = bytes;
		if (actual_handles)
			*actual_handles = handles;
	}
	return status;
}

static zx_status_t channel_read(unsigned long request, zx_handle_t handle, uint32_t options,
				void* bytes, void* handles, uint32_t num_bytes,
				uint32_t num_handles, uint32_t* actual_bytes,
				uint32_t* actual_handles)
{
	struct zircon_channel_read arg = {
		.handle = handle,
		.options = options,
		.bytes = zircon_ptr(bytes),
		.handles = zircon_ptr(handles),
		.num_bytes = num_bytes,
		.num_handles = num_handles,
	};
	zx_status_t status = __zircon_ioctl(request, &arg);

	/* The ioctl fills in arg: read it only after the call. */
	return put_actual(status, arg.actual_bytes, arg.actual_handles, actual_bytes,
			  actual_handles);
}

__EXPORT zx_status_t zx_channel_read(zx_handle_t handle, uint32_t options, void* bytes,
				     zx_handle_t* handles, uint32_t num_bytes,
				     uint32_t num_handles, uint32_t* actual_bytes,
				     uint32_t* actual_handles)
{
	return channel_read(ZIRCON_IOC_CHANNEL_READ, handle, options, bytes, handles, num_bytes,
			    num_handles, actual_bytes, actual_handles);
}

__EXPORT zx_status_t zx_channel_read_etc(zx_handle_t handle, uint32_t options, void* bytes,
					 zx_handle_info_t* handles, uint32_t num_bytes,
					 uint32_t num_handles, uint32_t* actual_bytes,
					 uint32_t* actual_handles)
{
	return channel_read(ZIRCON_IOC_CHANNEL_READ_ETC, handle, options, bytes, handles,
			    num_bytes, num_handles, actual_bytes, actual_handles);
}

/*
 * Both call forms: the args structs differ only in the handle arrays'
 * element types. An interrupted call is resumed by __zircon_ioctl()
 * reissuing the same struct, which the kernel marked ZIRCON_CALL_RESUME.
 */
static zx_status_t channel_call(unsigned long request, zx_handle_t handle, uint32_t options,
				zx_time_t deadline, const void* wr_bytes, const void* wr_handles,
				void* rd_bytes, void* rd_handles, uint32_t wr_num_bytes,
				uint32_t wr_num_handles, uint32_t rd_num_bytes,
				uint32_t rd_num_handles, uint32_t* actual_bytes,
				uint32_t* actual_handles)
{
	struct zircon_channel_call arg = {
		.handle = handle,
		.options = options,
		.deadline = deadline,
		.wr_bytes = zircon_ptr(wr_bytes),
		.wr_handles = zircon_ptr(wr_handles),
		.rd_bytes = zircon_ptr(rd_bytes),
		.rd_handles = zircon_ptr(rd_handles),
		.wr_num_bytes = wr_num_bytes,
		.wr_num_handles = wr_num_handles,
		.rd_num_bytes = rd_num_bytes,
		.rd_num_handles = rd_num_handles,
	};
	zx_status_t status = __zircon_ioctl(request, &arg);

	/* The ioctl fills in arg: read it only after the call. */
	return put_actual(status, arg.actual_bytes, arg.actual_handles, actual_bytes,
			  actual_handles);
}

__EXPORT zx_status_t zx_channel_call(zx_handle_t handle, uint32_t options, zx_time_t deadline,
				     const zx_channel_call_args_t* args, uint32_t* actual_bytes,
				     uint32_t* actual_handles)
{
	if (!args)
		return ZX_ERR_INVALID_ARGS;
	return channel_call(ZIRCON_IOC_CHANNEL_CALL, handle, options, deadline, args->wr_bytes,
			    args->wr_handles, args->rd_bytes, args->rd_handles,
			    args->wr_num_bytes, args->wr_num_handles, args->rd_num_bytes,
			    args->rd_num_handles, actual_bytes, actual_handles);
}

__EXPORT zx_status_t zx_channel_call_etc(zx_handle_t handle, uint32_t options,
					 zx_time_t deadline, zx_channel_call_etc_args_t* args,
					 uint32_t* actual_bytes, uint32_t* actual_handles)
{
	if (!args)
		return ZX_ERR_INVALID_ARGS;
	return channel_call(ZIRCON_IOC_CHANNEL_CALL_ETC, handle, options, deadline,
			    args->wr_bytes, args->wr_handles, args->rd_bytes, args->rd_handles,
			    args->wr_num_bytes, args->wr_num_handles, args->rd_num_bytes,
			    args->rd_num_handles, actual_bytes, actual_handles);
}

ZX_SYSCALL_ALIAS(zx_channel_create);
ZX_SYSCALL_ALIAS(zx_channel_write);
ZX_SYSCALL_ALIAS(zx_channel_write_etc);
ZX_SYSCALL_ALIAS(zx_channel_read);
ZX_SYSCALL_ALIAS(zx_channel_read_etc);
ZX_SYSCALL_ALIAS(zx_channel_call);
ZX_SYSCALL_ALIAS(zx_channel_call_etc);
