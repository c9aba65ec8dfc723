// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/* Scaffolding: replaced by the channel wrappers. */
#include "private.h"
