// SPDX-License-Identifier: GPL-2.0
/* Scaling curves (to be written). */
#include "bench.h"

void bench_scaling(void)
{
}
