// SPDX-License-Identifier: GPL-2.0
/*
 * The calls that never enter /dev/zircon: ticks and the boot clock, the
 * system information calls, the CPRNG, zx_debug_write, the <zircon/process.h>
 * handles, the _zx_ aliases and the calls that return ZX_ERR_NOT_SUPPORTED.
 */
#define ZXT_FIXTURE system
#include "zx_selftest.h"

#include <sys/mman.h>
#include <sys/utsname.h>
#include <zircon/features.h>
#include <zircon/limits.h>
#include <zircon/process.h>
#include <zircon/processargs.h>

/* Run @fn in a child; its wait status. */
static int zxt_child_status(void (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(100);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	return status;
}

/* A page nobody may read or write. */
static void* zxt_bad_pointer(void)
{
	void* p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Whether @read, called 100 times, always falls between two reads of @clock. */
static bool reads_clock(clockid_t clock, int64_t (*read)(void))
{
	int i;

	for (i = 0; i < 100; i++) {
		int64_t before = clock_ns(clock), v = read(), after = clock_ns(clock);

		if (v < before || v > after)
			return false;
	}
	return true;
}

TEST_ZX(ticks_and_clocks_are_linux_clocks)
{
	EXPECT_EQ(zx_ticks_per_second(), 1000000000);
	EXPECT_TRUE(reads_clock(CLOCK_MONOTONIC, zx_ticks_get));
	EXPECT_TRUE(reads_clock(CLOCK_MONOTONIC, zx_clock_get_monotonic));
	EXPECT_TRUE(reads_clock(CLOCK_BOOTTIME, zx_ticks_get_boot));
	EXPECT_TRUE(reads_clock(CLOCK_BOOTTIME, zx_clock_get_boot));
	/* Boot time counts suspend too: never behind the monotonic clock. */
	{
		zx_time_t mono = zx_clock_get_monotonic();

		EXPECT_GE(zx_clock_get_boot(), mono);
	}
}

TEST_ZX(system_information)
{
	uint32_t page = zx_system_get_page_size(), line = zx_system_get_dcache_line_size();

	EXPECT_EQ(zx_system_get_num_cpus(), (uint32_t)sysconf(_SC_NPROCESSORS_CONF));
	EXPECT_GE(zx_system_get_num_cpus(), 1u);
	EXPECT_EQ(page, (uint32_t)sysconf(_SC_PAGESIZE));
	EXPECT_EQ(page & (page - 1), 0u);
	EXPECT_GE(page, ZX_MIN_PAGE_SIZE);
	EXPECT_LE(page, ZX_MAX_PAGE_SIZE);
	EXPECT_EQ(zx_system_get_physmem(), (uint64_t)sysconf(_SC_PHYS_PAGES) * page);
	EXPECT_GT(zx_system_get_physmem(), 0u);
	EXPECT_EQ(line & (line - 1), 0u);
	EXPECT_GE(line, 16u);
}

TEST_ZX(version_string)
{
	zx_string_view_t v = zx_system_get_version_string(), again;
	struct utsname u;

	ASSERT_EQ(uname(&u), 0);
	ASSERT_NE(v.c_str, NULL);
	EXPECT_EQ(v.length, strlen(v.c_str));
	EXPECT_EQ(strncmp(v.c_str, "lnx-", 4), 0);
	EXPECT_STREQ(v.c_str + 4, u.release);
	/* The same storage every time, as the vDSO's rodata. */
	again = zx_system_get_version_string();
	EXPECT_EQ(again.c_str, v.c_str);
	EXPECT_EQ(again.length, v.length);
}

TEST_ZX(features)
{
	static const uint32_t unknown[] = { 5, 6, 100, 0x80000000u, 0xFFFFFFFFu };
	uint32_t f = 0xdeadbeef;
	unsigned int i;

#if defined(__aarch64__)
	ASSERT_EQ(zx_system_get_features(ZX_FEATURE_KIND_CPU, &f), ZX_OK);
	EXPECT_TRUE(f & ZX_HAS_CPU_FEATURES);
#else
	/* As on Zircon: x86 has no CPU feature word (use cpuid). */
	EXPECT_EQ(zx_system_get_features(ZX_FEATURE_KIND_CPU, &f), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(f, 0xdeadbeef);
#endif
	f = 1;
	EXPECT_EQ(zx_system_get_features(ZX_FEATURE_KIND_HW_BREAKPOINT_COUNT, &f), ZX_OK);
	EXPECT_EQ(f, 0u);
	f = 1;
	EXPECT_EQ(zx_system_get_features(ZX_FEATURE_KIND_HW_WATCHPOINT_COUNT, &f), ZX_OK);
	EXPECT_EQ(f, 0u);
	f = 0xdeadbeef;
	EXPECT_EQ(zx_system_get_features(ZX_FEATURE_KIND_ADDRESS_TAGGING, &f), ZX_OK);
#if defined(__aarch64__)
	EXPECT_EQ(f, ZX_ARM64_FEATURE_ADDRESS_TAGGING_TBI);
#else
	EXPECT_EQ(f, 0u);
#endif
	f = 0xdeadbeef;
	EXPECT_EQ(zx_system_get_features(ZX_FEATURE_KIND_VM, &f), ZX_OK);
	EXPECT_EQ(f & ZX_VM_FEATURE_CAN_MAP_XOM, 0u);
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		f = 0xdeadbeef;
		EXPECT_EQ(zx_system_get_features(unknown[i], &f), ZX_ERR_NOT_SUPPORTED);
		EXPECT_EQ(f, 0xdeadbeef) TH_LOG("kind %u", unknown[i]);
	}
}

/* Past getrandom()'s 32 MiB per call, so the loop must go round. */
#define BIG_DRAW ((size_t)33554432 + 4097)

TEST_ZX(cprng_draw_any_length)
{
	unsigned char a[257], b[257];
	unsigned char* big;
	size_t i, zero = 0;

	zx_cprng_draw(NULL, 0);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	zx_cprng_draw(a, sizeof(a));
	zx_cprng_draw(b, sizeof(b));
	EXPECT_NE(memcmp(a, b, sizeof(a)), 0);
	zx_cprng_draw(a, 1);

	big = calloc(1, BIG_DRAW);
	ASSERT_NE(big, NULL);
	zx_cprng_draw(big, BIG_DRAW);
	/* Every stretch filled: no 4 KiB run of zeros, the tail included. */
	for (i = 0; i < BIG_DRAW; i++) {
		zero = big[i] ? 0 : zero + 1;
		ASSERT_LT(zero, 4096u) TH_LOG("zeros ending at %zu", i);
	}
	free(big);
}

static void draw_into_bad_buffer(void)
{
	zx_cprng_draw(zxt_bad_pointer(), 16);
}

TEST_ZX(cprng_draw_traps_on_a_bad_buffer)
{
	int status = zxt_child_status(draw_into_bad_buffer);

	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_TRUE(WTERMSIG(status) == SIGILL || WTERMSIG(status) == SIGTRAP);
}

TEST_ZX(cprng_add_entropy)
{
	unsigned char buf[ZX_CPRNG_ADD_ENTROPY_MAX_LEN + 1];
	void* bad = zxt_bad_pointer();

	memset(buf, 0x5a, sizeof(buf));
	ASSERT_NE(bad, NULL);
	EXPECT_EQ(zx_cprng_add_entropy(NULL, 0), ZX_OK);
	EXPECT_EQ(zx_cprng_add_entropy(buf, 1), ZX_OK);
	EXPECT_EQ(zx_cprng_add_entropy(buf, ZX_CPRNG_ADD_ENTROPY_MAX_LEN), ZX_OK);
	/* The size is checked before the buffer is read. */
	EXPECT_EQ(zx_cprng_add_entropy(buf, sizeof(buf)), ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(zx_cprng_add_entropy(bad, sizeof(buf)), ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(zx_cprng_add_entropy(bad, 1), ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(zx_cprng_add_entropy(NULL, 1), ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(zx_cprng_add_entropy(buf, SIZE_MAX), ZX_ERR_INVALID_ARGS);
	munmap(bad, 4096);
}

/* Point stderr at a pipe for the duration of a test; *saved gets the old one. */
static int capture_stderr(int pipefd[2], int* saved)
{
	if (pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	*saved = dup(STDERR_FILENO);
	return dup2(pipefd[1], STDERR_FILENO) < 0 ? -1 : 0;
}

static void restore_stderr(int pipefd[2], int saved)
{
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(pipefd[0]);
	close(pipefd[1]);
}

TEST_ZX(debug_write_goes_to_stderr)
{
	char text[300], got[400];
	void* bad = zxt_bad_pointer();
	int p[2], saved;
	ssize_t n;

	ASSERT_NE(bad, NULL);
	memset(text, 'z', sizeof(text));
	ASSERT_EQ(capture_stderr(p, &saved), 0);
	EXPECT_EQ(zx_debug_write("hello\n", 6), ZX_OK);
	n = read(p[0], got, sizeof(got));
	/* Longer writes are cut to 256 bytes, silently. */
	EXPECT_EQ(zx_debug_write(text, sizeof(text)), ZX_OK);
	EXPECT_EQ(read(p[0], got + 6, sizeof(got) - 6), 256);
	/* A bad buffer writes nothing. */
	EXPECT_EQ(zx_debug_write(bad, 8), ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(zx_debug_write(NULL, 1), ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(zx_debug_write(NULL, 0), ZX_OK);
	EXPECT_EQ(read(p[0], got, sizeof(got)), -1);
	EXPECT_EQ(errno, EAGAIN);
	/* A closed stderr loses the text; the call still succeeds. */
	close(STDERR_FILENO);
	EXPECT_EQ(zx_debug_write("lost", 4), ZX_OK);
	restore_stderr(p, saved);
	EXPECT_EQ(n, 6);
	EXPECT_EQ(memcmp(got, "hello\n", 6), 0);
	munmap(bad, 4096);
}

TEST_ZX(no_process_handles)
{
	EXPECT_EQ(zx_process_self(), ZX_HANDLE_INVALID);
	EXPECT_EQ(zx_thread_self(), ZX_HANDLE_INVALID);
	EXPECT_EQ(zx_vmar_root_self(), ZX_HANDLE_INVALID);
	EXPECT_EQ(zx_job_default(), ZX_HANDLE_INVALID);
	EXPECT_EQ(zx_take_startup_handle(PA_HND(PA_PROC_SELF, 0)), ZX_HANDLE_INVALID);
	EXPECT_EQ(zx_take_startup_handle(PA_HND(PA_USER0, 1)), ZX_HANDLE_INVALID);
}

TEST_ZX(aliases_are_the_calls)
{
	EXPECT_EQ((uintptr_t)&_zx_ticks_get, (uintptr_t)&zx_ticks_get);
	EXPECT_EQ((uintptr_t)&_zx_handle_close, (uintptr_t)&zx_handle_close);
	EXPECT_EQ((uintptr_t)&_zx_cprng_draw, (uintptr_t)&zx_cprng_draw);
	EXPECT_EQ(_zx_ticks_per_second(), zx_ticks_per_second());
	EXPECT_EQ(_zx_handle_close(ZX_HANDLE_INVALID), ZX_OK);
}

/* Nothing is validated: not even a handle that cannot exist. */
TEST_ZX(declared_calls_are_not_supported)
{
	zx_handle_t h = 12345;
	uint64_t size = 1;

	EXPECT_EQ(zx_vmo_create(4096, 0, &h), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(h, 12345u);
	EXPECT_EQ(_zx_vmo_create(4096, 0, NULL), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(zx_vmo_get_size(ZX_HANDLE_INVALID, &size), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(size, 1u);
	EXPECT_EQ(zx_task_kill(ZX_HANDLE_INVALID), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(zx_futex_wake(NULL, 1), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(zx_job_create(ZX_HANDLE_INVALID, 0, NULL), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(zx_guest_create(ZX_HANDLE_INVALID, 0, NULL, NULL), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(zx_handle_check_valid(ZX_HANDLE_INVALID), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(zx_cache_flush(NULL, 0, 0), ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(_zx_vmar_map_iob(ZX_HANDLE_INVALID, 0, 0, ZX_HANDLE_INVALID, 0, 0, 4096, NULL),
		  ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(_zx_debuglog_create(ZX_HANDLE_INVALID, 0, NULL), ZX_ERR_NOT_SUPPORTED);
}

static void exit_with_a_wide_code(void)
{
	zx_process_exit(0x1234500 + 42);
}

static void exit_this_thread(void)
{
	zx_thread_exit();
}

TEST_ZX(process_exit_and_thread_exit)
{
	int status = zxt_child_status(exit_with_a_wide_code);

	/* _exit(2) keeps the low 8 bits. */
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(WEXITSTATUS(status), 42);
	status = zxt_child_status(exit_this_thread);
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_TRUE(WTERMSIG(status) == SIGILL || WTERMSIG(status) == SIGTRAP);
}

TEST_HARNESS_MAIN
