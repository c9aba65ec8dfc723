// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A request/reply service over a channel: a server thread adds two
 * numbers for a client with zx_channel_call().
 *
 *  - zx_channel_call() writes the request, waits for the reply and reads
 *    it, in one call. The kernel puts a fresh transaction id (txid) in the
 *    first four bytes of the request and hands the caller only the reply
 *    that starts with the same txid, so many calls can share one channel.
 *  - The server reads with zx_channel_read() and answers with
 *    zx_channel_write(), copying the request's txid into the reply.
 *  - Each request carries an event. The server signals it once the sum
 *    is ready, so the client can tell, besides the reply, that this very
 *    request was handled (a completion token, as Fuchsia services use).
 *  - When the client closes its end, the server sees PEER_CLOSED and exits.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <zircon/syscalls.h>

#define REQUESTS 200
#define DONE ZX_USER_SIGNAL_0	/* raised by the server on the request's event */

/* Both messages start with the txid, as zx_channel_call() requires. */
struct add_request {
	zx_txid_t txid;
	uint32_t reserved;
	int64_t a, b;
};

struct add_reply {
	zx_txid_t txid;
	uint32_t reserved;
	int64_t sum;
};

static void check(zx_status_t status, const char *what)
{
	if (status != ZX_OK) {
		fprintf(stderr, "adder: %s: %s\n", what, zx_status_get_string(status));
		exit(1);
	}
}

/* Answer one request; false once the client has gone. */
static int serve_one(zx_handle_t end)
{
	struct add_request req;
	struct add_reply reply = { 0 };
	zx_signals_t pending;
	uint32_t nbytes, nhandles;
	zx_handle_t done;

	check(zx_object_wait_one(end, ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED,
				 ZX_TIME_INFINITE, &pending), "wait_one");
	/* Queued requests are still readable after the client closes. */
	if (!(pending & ZX_CHANNEL_READABLE))
		return 0;
	check(zx_channel_read(end, 0, &req, &done, sizeof(req), 1, &nbytes, &nhandles),
	      "channel_read");
	if (nbytes != sizeof(req) || nhandles != 1) {
		fprintf(stderr, "adder: malformed request\n");
		exit(1);
	}
	reply.txid = req.txid;	/* what routes the reply to its caller */
	reply.sum = req.a + req.b;
	/* Signal first: by the time the call returns, the event is set. */
	check(zx_object_signal(done, 0, DONE), "signal");
	check(zx_handle_close(done), "close");
	check(zx_channel_write(end, 0, &reply, sizeof(reply), NULL, 0), "channel_write");
	return 1;
}

static void *server(void *arg)
{
	zx_handle_t end = *(zx_handle_t *)arg;
	int served = 0;

	while (serve_one(end))
		served++;
	printf("adder: server answered %d requests, then saw PEER_CLOSED\n", served);
	zx_handle_close(end);
	return NULL;
}

/* Ask the server for a + b, handing it an event to signal when done. */
static int64_t add(zx_handle_t client, int64_t a, int64_t b, zx_txid_t *txid)
{
	struct add_request req = { .a = a, .b = b };	/* the kernel fills in the txid */
	struct add_reply reply;
	zx_handle_t done, token;
	uint32_t nbytes, nhandles;

	check(zx_event_create(0, &done), "event_create");
	/* The server gets just enough to signal it; the handle is consumed. */
	check(zx_handle_duplicate(done, ZX_RIGHT_SIGNAL | ZX_RIGHT_TRANSFER, &token),
	      "handle_duplicate");
	zx_channel_call_args_t args = {
		.wr_bytes = &req,
		.wr_handles = &token,
		.rd_bytes = &reply,
		.wr_num_bytes = sizeof(req),
		.wr_num_handles = 1,
		.rd_num_bytes = sizeof(reply),
	};
	check(zx_channel_call(client, 0, ZX_TIME_INFINITE, &args, &nbytes, &nhandles),
	      "channel_call");
	check(zx_object_wait_one(done, DONE, 0, NULL), "the request's event");
	check(zx_handle_close(done), "close");
	*txid = reply.txid;
	return reply.sum;
}

int main(void)
{
	zx_handle_t client, server_end;
	pthread_t thread;
	zx_txid_t txid = 0, first = 0;

	check(zx_channel_create(0, &client, &server_end), "channel_create");
	pthread_create(&thread, NULL, server, &server_end);

	zx_time_t start = zx_clock_get_monotonic();

	for (int64_t i = 0; i < REQUESTS; i++) {
		int64_t sum = add(client, i, 1000 * i, &txid);

		if (sum != 1001 * i) {
			fprintf(stderr, "adder: %lld + %lld = %lld?\n", (long long)i,
				(long long)(1000 * i), (long long)sum);
			return 1;
		}
		if (i == 0)
			first = txid;
	}
	zx_duration_t took = zx_clock_get_monotonic() - start;

	printf("adder: %d calls, %lld ns each; txids 0x%08x..0x%08x, chosen by the kernel\n",
	       REQUESTS, (long long)(took / REQUESTS), first, txid);

	/* Hanging up ends the server's loop. */
	check(zx_handle_close(client), "close");
	pthread_join(thread, NULL);
	return 0;
}
