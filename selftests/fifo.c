// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the fifo tests. */
#define ZXT_FIXTURE fifo
#include "zx_selftest.h"

TEST(placeholder)
{
	SKIP(return, "not written yet");
}

TEST_HARNESS_MAIN
