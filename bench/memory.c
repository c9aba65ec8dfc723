// SPDX-License-Identifier: GPL-2.0
/* Kernel memory per object (to be written). */
#include "bench.h"

void bench_memory(void)
{
}
