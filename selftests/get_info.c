// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_get_info: ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC,
 * ZX_INFO_HANDLE_COUNT, buffer sizes, NULL and bad pointers, unknown
 * topics (spec 1.8, 2.16).
 */
#define ZXT_FIXTURE get_info
#include "zx_selftest.h"

#include <stddef.h>

_Static_assert(sizeof(zx_info_handle_basic_t) == 32, "zx_info_handle_basic_t");
_Static_assert(offsetof(zx_info_handle_basic_t, koid) == 0, "koid");
_Static_assert(offsetof(zx_info_handle_basic_t, rights) == 8, "rights");
_Static_assert(offsetof(zx_info_handle_basic_t, type) == 12, "type");
_Static_assert(offsetof(zx_info_handle_basic_t, related_koid) == 16, "related_koid");
_Static_assert(offsetof(zx_info_handle_basic_t, reserved) == 24, "reserved");
_Static_assert(offsetof(zx_info_handle_basic_t, padding1) == 28, "padding1");
_Static_assert(sizeof(zx_info_handle_count_t) == 4, "zx_info_handle_count_t");
_Static_assert(ZX_INFO_HANDLE_VALID == 1 && ZX_INFO_HANDLE_BASIC == 2 &&
	       ZX_INFO_HANDLE_COUNT == 19, "topics");

TEST_ZX(handle_valid)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t none = zxt_dup(_metadata, e, ZX_RIGHT_NONE);
	zx_handle_t stale = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	char buf[8] = { 0 };
	size_t actual = 77, avail = 77;

	zxt_close(_metadata, stale);
	EXPECT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL));
	/* no rights needed */
	EXPECT_EQ(ZX_OK, zx_object_get_info(none, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL));
	/* a buffer is ignored */
	EXPECT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_VALID, buf, sizeof(buf), NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_VALID, NULL, 0, &actual, &avail));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(stale, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(ZX_HANDLE_INVALID, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(e & ~3u, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL));
	zxt_close(_metadata, none);
	zxt_close(_metadata, e);
}

TEST_ZX(handle_basic_event)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_info_handle_basic_t info;
	size_t actual = 77, avail = 77;

	memset(&info, 0xff, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
					    &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_GE(info.koid, (zx_koid_t)1024);
	EXPECT_EQ(0xD003u, info.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info.type);
	EXPECT_EQ(0u, info.related_koid);
	EXPECT_EQ(0u, info.reserved);
	EXPECT_EQ(0, info.padding1[0] | info.padding1[1] | info.padding1[2] | info.padding1[3]);
	zxt_close(_metadata, e);
}

TEST_ZX(handle_basic_eventpair)
{
	zx_handle_t a, b;
	zx_info_handle_basic_t ia, ib;

	zxt_eventpair(_metadata, &a, &b);
	memset(&ia, 0xff, sizeof(ia));
	memset(&ib, 0xff, sizeof(ib));
	ASSERT_EQ(ZX_OK, zx_object_get_info(a, ZX_INFO_HANDLE_BASIC, &ia, sizeof(ia), NULL, NULL));
	ASSERT_EQ(ZX_OK, zx_object_get_info(b, ZX_INFO_HANDLE_BASIC, &ib, sizeof(ib), NULL, NULL));
	EXPECT_EQ(0xF003u, ia.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, ia.type);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, ib.type);
	EXPECT_EQ(ib.koid, ia.related_koid);
	EXPECT_EQ(ia.koid, ib.related_koid);
	EXPECT_EQ(0u, ia.reserved);
	EXPECT_EQ(0, ia.padding1[0] | ia.padding1[1] | ia.padding1[2] | ia.padding1[3]);
	zxt_close(_metadata, b);
	ASSERT_EQ(ZX_OK, zx_object_get_info(a, ZX_INFO_HANDLE_BASIC, &ia, sizeof(ia), NULL, NULL));
	EXPECT_EQ(ib.koid, ia.related_koid);
	zxt_close(_metadata, a);
}

/* HANDLE_BASIC needs no rights and reports the handle's own rights. */
TEST_ZX(handle_basic_no_rights_needed)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t none = zxt_dup(_metadata, e, ZX_RIGHT_NONE);
	zx_handle_t some = zxt_dup(_metadata, e, ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER);
	zx_info_handle_basic_t i0, i1, i2;

	i0 = zxt_info(_metadata, e);
	i1 = zxt_info(_metadata, none);
	i2 = zxt_info(_metadata, some);
	EXPECT_EQ(0u, i1.rights);
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER, i2.rights);
	EXPECT_EQ(i0.koid, i1.koid);
	EXPECT_EQ(i0.koid, i2.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, i1.type);
	zxt_close(_metadata, none);
	zxt_close(_metadata, some);
	zxt_close(_metadata, e);
}

TEST_ZX(handle_basic_buffer_too_small)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_info_handle_basic_t info;
	size_t actual = 77, avail = 77;
	static const size_t sizes[] = { 0, 1, 4, 16, 31 };
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(&info, 0x5a, sizeof(info));
		actual = avail = 77;
		EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
			  zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &info, sizes[i], &actual, &avail))
			TH_LOG("size %zu", sizes[i]);
		EXPECT_EQ(0u, actual);
		EXPECT_EQ(1u, avail);
		/* nothing written into the too-small buffer */
		EXPECT_EQ(0x5a5a5a5a5a5a5a5aull, info.koid);
	}
	/* NULL buffer with size 0: the same, a way to ask for the size */
	actual = avail = 77;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, NULL, 0, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	/* NULL actual/avail are fine on both paths */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &info, 4, NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL));
	actual = 77;
	EXPECT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), &actual, NULL));
	EXPECT_EQ(1u, actual);
	avail = 77;
	EXPECT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, &avail));
	EXPECT_EQ(1u, avail);
	zxt_close(_metadata, e);
}

/* A larger buffer is fine: one record is written, the rest untouched. */
TEST_ZX(handle_basic_larger_buffer)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_info_handle_basic_t info[2];
	size_t actual = 77, avail = 77;

	memset(info, 0x5a, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, info, sizeof(info),
					    &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(zxt_koid(_metadata, e), info[0].koid);
	EXPECT_EQ(0x5a5a5a5a5a5a5a5aull, info[1].koid);
	zxt_close(_metadata, e);
}

TEST_ZX(handle_basic_errors)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t stale = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	zx_info_handle_basic_t info;

	zxt_close(_metadata, stale);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(stale, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_info(ZX_HANDLE_INVALID, ZX_INFO_HANDLE_BASIC,
							&info, sizeof(info), NULL, NULL));
	/* a bad record pointer: INVALID_ARGS */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, NULL, sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, (void *)1, sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(e, ZX_INFO_HANDLE_BASIC, (void *)(uintptr_t)-4096,
				     sizeof(info), NULL, NULL));
	/*
	 * (Bad actual/avail pointers are not tried here: libzircon copies
	 * the counts out itself; abi.c covers the kernel's side.)
	 */
	/* the handle is fine after all that */
	EXPECT_TRUE(zxt_valid(e));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zxt_rights(_metadata, e));
	zxt_close(_metadata, e);
}

TEST_ZX(handle_count)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t d[3];
	zx_info_handle_count_t c;
	size_t actual = 77, avail = 77;
	int i;

	c.handle_count = 0;
	ASSERT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_COUNT, &c, sizeof(c), &actual, &avail));
	EXPECT_EQ(1u, c.handle_count);
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	for (i = 0; i < 3; i++)
		d[i] = zxt_dup(_metadata, e, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, zx_object_get_info(d[1], ZX_INFO_HANDLE_COUNT, &c, sizeof(c), NULL, NULL));
	EXPECT_EQ(4u, c.handle_count);
	zxt_close(_metadata, d[0]);
	zxt_close(_metadata, d[1]);
	ASSERT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_COUNT, &c, sizeof(c), NULL, NULL));
	EXPECT_EQ(2u, c.handle_count);
	zxt_close(_metadata, d[2]);
	ASSERT_EQ(ZX_OK, zx_object_get_info(e, ZX_INFO_HANDLE_COUNT, &c, sizeof(c), NULL, NULL));
	EXPECT_EQ(1u, c.handle_count);

	/* an eventpair side counts its own handles only */
	{
		zx_handle_t a, b, a2;

		zxt_eventpair(_metadata, &a, &b);
		a2 = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
		EXPECT_EQ(2u, zxt_handle_count(_metadata, a));
		EXPECT_EQ(1u, zxt_handle_count(_metadata, b));
		zxt_close(_metadata, a2);
		zxt_close(_metadata, a);
		EXPECT_EQ(1u, zxt_handle_count(_metadata, b));
		zxt_close(_metadata, b);
	}
	zxt_close(_metadata, e);
}

TEST_ZX(handle_count_needs_inspect)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_handle_t noinspect = zxt_dup(_metadata, e, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_INSPECT);
	zx_handle_t inspect = zxt_dup(_metadata, e, ZX_RIGHT_INSPECT);
	zx_info_handle_count_t c = { 0 };

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(noinspect, ZX_INFO_HANDLE_COUNT, &c, sizeof(c), NULL, NULL));
	/* BAD_HANDLE comes before ACCESS_DENIED */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(ZX_HANDLE_INVALID, ZX_INFO_HANDLE_COUNT, &c, sizeof(c), NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_object_get_info(inspect, ZX_INFO_HANDLE_COUNT, &c, sizeof(c), NULL, NULL));
	EXPECT_EQ(3u, c.handle_count);
	zxt_close(_metadata, noinspect);
	zxt_close(_metadata, inspect);
	zxt_close(_metadata, e);
}

TEST_ZX(handle_count_buffer)
{
	zx_handle_t e = zxt_event(_metadata);
	zx_info_handle_count_t c = { 0 };
	size_t actual = 77, avail = 77;

	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(e, ZX_INFO_HANDLE_COUNT, &c, 2, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(e, ZX_INFO_HANDLE_COUNT, (void *)1, sizeof(c), NULL, NULL));
	zxt_close(_metadata, e);
}

TEST_ZX(unknown_topic)
{
	static const uint32_t topics[] = {
		ZX_INFO_NONE, 9999, 0x7fffffff, 0xffffffff,
		ZX_INFO_HANDLE_BASIC | (1u << 28),
	};
	zx_handle_t e = zxt_event(_metadata);
	char buf[256];
	unsigned int i;

	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		size_t actual = 77, avail = 77;

		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
			  zx_object_get_info(e, topics[i], buf, sizeof(buf), &actual, &avail))
			TH_LOG("topic 0x%x", topics[i]);
	}
	EXPECT_TRUE(zxt_valid(e));
	zxt_close(_metadata, e);
}

/* As Zircon: the handle is looked up before the topic is. */
TEST_ZX(bad_handle_before_topic)
{
	static const uint32_t topics[] = {
		ZX_INFO_NONE, ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC,
		ZX_INFO_HANDLE_COUNT, 9999, 0x7fffffff, 0xffffffff,
	};
	zx_handle_t e = zxt_event(_metadata), stale = e;
	char buf[256];
	unsigned int i;

	zxt_close(_metadata, e);
	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_get_info(ZX_HANDLE_INVALID, topics[i], buf, sizeof(buf),
					     NULL, NULL))
			TH_LOG("topic 0x%x", topics[i]);
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_get_info(stale, topics[i], NULL, 0, NULL, NULL))
			TH_LOG("topic 0x%x", topics[i]);
	}
}

/* ------------------------------------------------------------------ */
/* ZX_PROP_NAME (zx_object_get_property/set_property)                 */

/*
 * Of today's objects only sockets carry GET_PROPERTY and SET_PROPERTY by
 * default (as in Zircon), so names are tried on sockets; every other kind
 * is refused on the right, before anything else.
 */
static void socket_pair(struct __test_metadata *_metadata, zx_handle_t *a, zx_handle_t *b)
{
	ASSERT_EQ(ZX_OK, zx_socket_create(0, a, b));
}

static void name_is(struct __test_metadata *_metadata, zx_handle_t h, const char *want)
{
	char name[ZX_MAX_NAME_LEN + 8], zero[ZX_MAX_NAME_LEN] = { 0 };
	size_t n = strlen(want);

	memset(name, 0x7e, sizeof(name));
	ASSERT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(0, memcmp(name, want, n)) TH_LOG("name \"%.32s\", want \"%s\"", name, want);
	/* all 32 bytes written, NUL-padded; nothing past them */
	EXPECT_EQ(0, memcmp(name + n, zero, ZX_MAX_NAME_LEN - n));
	EXPECT_EQ(0x7e, name[ZX_MAX_NAME_LEN]);
}

TEST_ZX(name_values)
{
	EXPECT_EQ(3u, ZX_PROP_NAME);
	EXPECT_EQ(32u, ZX_MAX_NAME_LEN);
}

TEST_ZX(name_starts_empty_and_round_trips)
{
	zx_handle_t a, b;

	socket_pair(_metadata, &a, &b);
	name_is(_metadata, a, "");
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, "hello", 5));
	name_is(_metadata, a, "hello");
	name_is(_metadata, b, "");	/* each end has its own */
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, "hi", 3));
	name_is(_metadata, a, "hi");
	/* size 0: the empty name */
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, "xyz", 0));
	name_is(_metadata, a, "");
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_ZX(name_truncation_and_nul)
{
	char big[100], want[ZX_MAX_NAME_LEN];
	zx_handle_t a, b, d;

	socket_pair(_metadata, &a, &b);
	memset(big, 'A', sizeof(big));
	memset(want, 'A', sizeof(want) - 1);
	want[sizeof(want) - 1] = '\0';
	/* clipped to 31 bytes whatever the size */
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, big, sizeof(big)));
	name_is(_metadata, a, want);
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, big, 32));
	name_is(_metadata, a, want);
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, big, 31));
	name_is(_metadata, a, want);
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, big, 30));
	want[30] = '\0';
	name_is(_metadata, a, want);
	/* the name ends at the first NUL: "A\0AAA..." reads back as "A" */
	big[1] = '\0';
	ASSERT_EQ(ZX_OK, zx_object_set_property(a, ZX_PROP_NAME, big, sizeof(big)));
	name_is(_metadata, a, "A");
	/* the name is the object's: every handle sees it */
	d = zxt_dup(_metadata, a, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_EQ(ZX_OK, zx_object_set_property(d, ZX_PROP_NAME, "dup", 3));
	name_is(_metadata, a, "dup");
	zxt_close(_metadata, d);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

/* Zircon's order: value, handle, right, property, size; then the copy. */
TEST_ZX(name_errors_in_order)
{
	char name[ZX_MAX_NAME_LEN];
	zx_handle_t a, b, ro, wo, e = zxt_event(_metadata), stale;

	socket_pair(_metadata, &a, &b);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(ZX_HANDLE_INVALID, ZX_PROP_NAME, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(a, ZX_PROP_NAME, NULL, 4));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_property(ZX_HANDLE_INVALID, ZX_PROP_NAME, name, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_set_property(ZX_HANDLE_INVALID, ZX_PROP_NAME, "x", 1));
	/* an event has neither property right (Zircon's default rights) */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_property(e, ZX_PROP_NAME, name, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_set_property(e, ZX_PROP_NAME, "x", 1));
	ro = zxt_dup(_metadata, a, ZX_RIGHT_GET_PROPERTY);
	wo = zxt_dup(_metadata, a, ZX_RIGHT_SET_PROPERTY);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_set_property(ro, ZX_PROP_NAME, "x", 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_get_property(wo, ZX_PROP_NAME, name, 32));
	EXPECT_EQ(ZX_OK, zx_object_set_property(wo, ZX_PROP_NAME, "w", 1));
	EXPECT_EQ(ZX_OK, zx_object_get_property(ro, ZX_PROP_NAME, name, 32));
	EXPECT_STREQ("w", name);
	/* a get needs room for all 32 bytes; a set takes any size */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_property(a, ZX_PROP_NAME, name, 31));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_property(a, ZX_PROP_NAME, name, 0));
	/* bad pointers, after every check */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_property(a, ZX_PROP_NAME, (void *)8, 32));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(a, ZX_PROP_NAME, (void *)8, 5));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_property(a, ZX_PROP_NAME, (void *)8, 4));
	/* a failed set changes nothing */
	EXPECT_EQ(ZX_OK, zx_object_get_property(a, ZX_PROP_NAME, name, 32));
	EXPECT_STREQ("w", name);
	stale = ro;
	zxt_close(_metadata, ro);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_get_property(stale, ZX_PROP_NAME, name, 32));
	zxt_close(_metadata, wo);
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
	zxt_close(_metadata, e);
}

/* Names set and read from many threads: always one whole name, never a mix. */
struct namer {
	zx_handle_t h;
	int rounds;
	char c;
};

static void *namer_main(void *arg)
{
	struct namer *n = arg;
	char name[ZX_MAX_NAME_LEN], mine[ZX_MAX_NAME_LEN - 1];

	memset(mine, n->c, sizeof(mine));
	for (int i = 0; i < n->rounds; i++) {
		if (zx_object_set_property(n->h, ZX_PROP_NAME, mine, sizeof(mine)) != ZX_OK ||
		    zx_object_get_property(n->h, ZX_PROP_NAME, name, sizeof(name)) != ZX_OK)
			return (void *)1;
		for (size_t j = 1; j < sizeof(name) - 1; j++)
			if (name[j] != name[0])
				return (void *)2;
		if (name[sizeof(name) - 1])
			return (void *)3;
	}
	return NULL;
}

TEST_ZX(name_races)
{
	enum { THREADS = 4 };
	struct namer n[THREADS];
	pthread_t t[THREADS];
	zx_handle_t a, b;
	void *ret;

	socket_pair(_metadata, &a, &b);
	for (int i = 0; i < THREADS; i++) {
		n[i] = (struct namer){ .h = a, .rounds = 3000, .c = (char)('a' + i) };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, namer_main, &n[i]));
	}
	for (int i = 0; i < THREADS; i++) {
		ASSERT_EQ(0, pthread_join(t[i], &ret));
		EXPECT_EQ(NULL, ret);
	}
	zxt_close(_metadata, a);
	zxt_close(_metadata, b);
}

TEST_HARNESS_MAIN
