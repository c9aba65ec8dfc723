// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Names on kernel objects, as Fuchsia programs set them for debugging.
 *
 *  - ZX_PROP_NAME is a char[ZX_MAX_NAME_LEN] property: the set takes at
 *    most ZX_MAX_NAME_LEN - 1 bytes and stops at the first NUL; the get
 *    always fills the whole buffer, NUL-padded.
 *  - Naming needs ZX_RIGHT_SET_PROPERTY, reading ZX_RIGHT_GET_PROPERTY.
 *    Sockets carry both by default; events, as on Fuchsia, carry neither.
 *  - Names show in /sys/kernel/debug/zircon/objects and in tools/zxps.
 */
#include <stdio.h>
#include <string.h>

#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

static int name_of(zx_handle_t h, char name[ZX_MAX_NAME_LEN])
{
	return zx_object_get_property(h, ZX_PROP_NAME, name, ZX_MAX_NAME_LEN) == ZX_OK;
}

int main(void)
{
	static const char wanted[] = "client-end-of-a-very-long-socket-name";
	char name[ZX_MAX_NAME_LEN];
	zx_handle_t client, server, event;
	zx_status_t status;
	int ok = 1;

	if (zx_socket_create(0, &client, &server) != ZX_OK || zx_event_create(0, &event) != ZX_OK)
		return 1;
	zx_object_set_property(client, ZX_PROP_NAME, wanted, strlen(wanted));
	zx_object_set_property(server, ZX_PROP_NAME, "server", sizeof("server"));

	ok &= name_of(client, name);
	printf("client: \"%s\" (%zu of %zu bytes kept)\n", name, strlen(name), strlen(wanted));
	ok &= strlen(name) == ZX_MAX_NAME_LEN - 1 && !strncmp(name, wanted, strlen(name));
	ok &= name_of(server, name);
	printf("server: \"%s\"\n", name);
	ok &= !strcmp(name, "server");

	status = zx_object_set_property(event, ZX_PROP_NAME, "event", 5);
	printf("naming an event: %s (no ZX_RIGHT_SET_PROPERTY)\n", zx_status_get_string(status));
	ok &= status == ZX_ERR_ACCESS_DENIED;

	zx_handle_close(client);
	zx_handle_close(server);
	zx_handle_close(event);
	return ok ? 0 : 1;
}
