// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the channel tests. */
#define ZXT_FIXTURE channel
#include "zx_selftest.h"

TEST(placeholder)
{
	SKIP(return, "not written yet");
}

TEST_HARNESS_MAIN
