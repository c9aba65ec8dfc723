// SPDX-License-Identifier: GPL-2.0
/* Round-trip partners: threads or forked children. See partner.h. */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zircon/linux.h>

#include "bench.h"
#include "partner.h"

static void *partner_thread(void *arg)
{
	struct partner *p = arg;

	p->fn(p->arg);
	return NULL;
}

void partner_start(struct partner *p, bool process, void (*fn)(void *arg),
		   void *arg)
{
	p->process = process;
	p->fn = fn;
	p->arg = arg;
	if (!process) {
		bench_check(!pthread_create(&p->thread, NULL, partner_thread, p),
			    "pthread_create");
		return;
	}
	p->pid = fork();
	bench_check(p->pid >= 0, "fork");
	if (p->pid == 0) {
		fn(arg);
		_exit(0);
	}
}

void partner_join(struct partner *p)
{
	int status;

	if (!p->process) {
		pthread_join(p->thread, NULL);
		return;
	}
	bench_check(waitpid(p->pid, &status, 0) == p->pid, "waitpid");
	bench_check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "partner exited with status 0x%x", status);
}

void *bench_shared_alloc(size_t size)
{
	void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	bench_check(mem != MAP_FAILED, "mmap %zu", size);
	return mem;
}

void bench_shared_free(void *mem, size_t size)
{
	munmap(mem, size);
}

int bench_export(zx_handle_t handle)
{
	int fd;
	zx_status_t st = zx_linux_handle_to_fd(handle, 0, &fd);

	bench_check(st == ZX_OK, "zx_linux_handle_to_fd: %d", st);
	return fd;
}

zx_handle_t bench_import(int fd)
{
	zx_handle_t handle;
	zx_status_t st = zx_linux_fd_to_handle(fd, &handle);

	bench_check(st == ZX_OK, "zx_linux_fd_to_handle: %d", st);
	close(fd);
	return handle;
}
