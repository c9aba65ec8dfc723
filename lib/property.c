// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/* Scaffolding: replaced by the property wrappers. */
#include "private.h"
