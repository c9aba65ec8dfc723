// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * zx_system_get_num_cpus, zx_system_get_page_size, zx_system_get_physmem,
 * zx_system_get_dcache_line_size, zx_system_get_version_string,
 * zx_system_get_features.
 *
 * Zircon's vDSO answers these from constants the kernel fixed at boot;
 * here they come from sysconf(3), uname(2) and the auxiliary vector. None
 * can fail and none needs the device.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zircon/features.h>

#include "private.h"

/* What a cache line is on every architecture Linux runs zircon-lkm on. */
#define FALLBACK_DCACHE_LINE_SIZE 64u

/* sysconf(name), or @fallback if the C library cannot tell. */
static uint64_t sysconf_or(int name, uint64_t fallback)
{
	long v = sysconf(name);

	return v > 0 ? (uint64_t)v : fallback;
}

/* CPUs present (configured), not online: Zircon's count does not change. */
__EXPORT uint32_t zx_system_get_num_cpus(void)
{
	return (uint32_t)sysconf_or(_SC_NPROCESSORS_CONF, 1);
}

__EXPORT uint32_t zx_system_get_page_size(void)
{
	return (uint32_t)getauxval(AT_PAGESZ);
}

__EXPORT uint64_t zx_system_get_physmem(void)
{
	return sysconf_or(_SC_PHYS_PAGES, 0) * zx_system_get_page_size();
}

__EXPORT uint32_t zx_system_get_dcache_line_size(void)
{
#ifdef _SC_LEVEL1_DCACHE_LINESIZE
	return (uint32_t)sysconf_or(_SC_LEVEL1_DCACHE_LINESIZE, FALLBACK_DCACHE_LINE_SIZE);
#else
	return FALLBACK_DCACHE_LINE_SIZE;
#endif
}

/*
 * "lnx-" and the kernel's release: like Zircon's "git-<commit>", a
 * four-character scheme prefix, then the version of the kernel running.
 * Built once and kept, as the vDSO's string lives as long as the process.
 */
static char version_string[4 + sizeof(((struct utsname*)0)->release)];
static size_t version_length;
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void version_init(void)
{
	struct utsname u;
	int n;

	if (uname(&u) != 0)
		u.release[0] = '\0';
	n = snprintf(version_string, sizeof(version_string), "lnx-%s", u.release);
	version_length = n > 0 ? (size_t)n : 0;
}

__EXPORT zx_string_view_t zx_system_get_version_string(void)
{
	zx_string_view_t view;

	pthread_once(&version_once, version_init);
	view.c_str = version_string;
	view.length = version_length;
	return view;
}

/*
 * ZX_FEATURE_KIND_CPU: Zircon reports arm64's extensions and has nothing
 * to say on x86 (use cpuid). Ours come from the kernel's HWCAP bits.
 */
#if defined(__aarch64__)
struct hwcap_feature {
	unsigned long hwcap;	/* a bit of AT_HWCAP or AT_HWCAP2 */
	uint32_t feature;	/* its ZX_ARM64_FEATURE_ISA_* */
};

static const struct hwcap_feature hwcap_features[] = {
	{ 1ul << 0, ZX_ARM64_FEATURE_ISA_FP },	     { 1ul << 1, ZX_ARM64_FEATURE_ISA_ASIMD },
	{ 1ul << 3, ZX_ARM64_FEATURE_ISA_AES },	     { 1ul << 4, ZX_ARM64_FEATURE_ISA_PMULL },
	{ 1ul << 5, ZX_ARM64_FEATURE_ISA_SHA1 },     { 1ul << 6, ZX_ARM64_FEATURE_ISA_SHA256 },
	{ 1ul << 7, ZX_ARM64_FEATURE_ISA_CRC32 },    { 1ul << 8, ZX_ARM64_FEATURE_ISA_ATOMICS },
	{ 1ul << 12, ZX_ARM64_FEATURE_ISA_RDM },     { 1ul << 16, ZX_ARM64_FEATURE_ISA_DPB },
	{ 1ul << 17, ZX_ARM64_FEATURE_ISA_SHA3 },    { 1ul << 18, ZX_ARM64_FEATURE_ISA_SM3 },
	{ 1ul << 19, ZX_ARM64_FEATURE_ISA_SM4 },     { 1ul << 20, ZX_ARM64_FEATURE_ISA_DP },
	{ 1ul << 21, ZX_ARM64_FEATURE_ISA_SHA512 },  { 1ul << 22, ZX_ARM64_FEATURE_ISA_SVE },
	{ 1ul << 23, ZX_ARM64_FEATURE_ISA_FHM },     { 1ul << 27, ZX_ARM64_FEATURE_ISA_TS },
};

static const struct hwcap_feature hwcap2_features[] = {
	{ 1ul << 13, ZX_ARM64_FEATURE_ISA_I8MM },    { 1ul << 16, ZX_ARM64_FEATURE_ISA_RNDR },
};

static uint32_t features_of(unsigned long hwcap, const struct hwcap_feature* map, size_t n)
{
	uint32_t bits = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (hwcap & map[i].hwcap)
			bits |= map[i].feature;
	return bits;
}

static zx_status_t cpu_features(uint32_t* features)
{
	/* Linux does not say whether the CPU runs AArch32 code: ISA_ARM32 stays clear. */
	*features = ZX_HAS_CPU_FEATURES |
		    features_of(getauxval(AT_HWCAP), hwcap_features, countof(hwcap_features)) |
		    features_of(getauxval(AT_HWCAP2), hwcap2_features, countof(hwcap2_features));
	return ZX_OK;
}
#else
static zx_status_t cpu_features(uint32_t* features)
{
	(void)features;
	return ZX_ERR_NOT_SUPPORTED;
}
#endif

__EXPORT zx_status_t zx_system_get_features(uint32_t kind, uint32_t* features)
{
	switch (kind) {
	case ZX_FEATURE_KIND_CPU:
		return cpu_features(features);
	case ZX_FEATURE_KIND_HW_BREAKPOINT_COUNT:
	case ZX_FEATURE_KIND_HW_WATCHPOINT_COUNT:
		/* No zx_thread_write_state() here: none is usable through Zircon's API. */
		*features = 0;
		return ZX_OK;
	case ZX_FEATURE_KIND_ADDRESS_TAGGING:
#if defined(__aarch64__)
		/* Linux leaves top-byte ignore on for user addresses. */
		*features = ZX_ARM64_FEATURE_ADDRESS_TAGGING_TBI;
#else
		*features = 0;
#endif
		return ZX_OK;
	case ZX_FEATURE_KIND_VM:
		/* Linux maps no page execute-only for us. */
		*features = 0;
		return ZX_OK;
	default:
		return ZX_ERR_NOT_SUPPORTED;
	}
}

ZX_SYSCALL_ALIAS(zx_system_get_num_cpus);
ZX_SYSCALL_ALIAS(zx_system_get_page_size);
ZX_SYSCALL_ALIAS(zx_system_get_physmem);
ZX_SYSCALL_ALIAS(zx_system_get_dcache_line_size);
ZX_SYSCALL_ALIAS(zx_system_get_version_string);
ZX_SYSCALL_ALIAS(zx_system_get_features);
