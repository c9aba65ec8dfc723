// SPDX-License-Identifier: GPL-2.0
#include "bench.h"

void bench_micro_zircon(void)
{
}
