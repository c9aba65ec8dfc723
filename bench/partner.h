/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The other side of a round trip: a thread of this process or a forked
 * child, and the memory and handles the two sides share.
 */
#ifndef ZXBENCH_PARTNER_H
#define ZXBENCH_PARTNER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <zircon/types.h>

struct partner {
	bool process;
	pid_t pid;
	pthread_t thread;
	void (*fn)(void *arg);
	void *arg;
};

/* Run fn(arg) on a new thread, or (@process) in a forked child. */
void partner_start(struct partner *p, bool process, void (*fn)(void *arg),
		   void *arg);
/* Wait for it to return (the child must exit with status 0). */
void partner_join(struct partner *p);

/* Zeroed memory both sides see, across fork too. */
void *bench_shared_alloc(size_t size);
void bench_shared_free(void *mem, size_t size);

/*
 * Move a handle into an inheritable descriptor, and back into the table
 * of whoever imports it (which closes the descriptor). A partner imports
 * its handles the same way whether it is a thread or a process.
 */
int bench_export(zx_handle_t handle);
zx_handle_t bench_import(int fd);

#endif /* ZXBENCH_PARTNER_H */
