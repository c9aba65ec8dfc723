// SPDX-License-Identifier: GPL-2.0
/* Scaffolding: replaced by the channel garbage collector. */
