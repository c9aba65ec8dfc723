// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the socket tests. */
#define ZXT_FIXTURE socket
#include "zx_selftest.h"

TEST(placeholder)
{
	SKIP(return, "not written yet");
}

TEST_HARNESS_MAIN
