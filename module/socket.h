/* SPDX-License-Identifier: GPL-2.0 */
/* Sockets: what other files need (object_ops.c: ZX_INFO_SOCKET). */
#ifndef _ZIRCON_SOCKET_H
#define _ZIRCON_SOCKET_H

#include <linux/zircon.h>

struct zx_object;

void zx_socket_get_info(struct zx_object *obj, struct zircon_info_socket *info);

#endif /* _ZIRCON_SOCKET_H */
