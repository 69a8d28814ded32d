/* SPDX-License-Identifier: GPL-2.0 */
/* warm_test runs the lifecycle guest. */
#include "lifecycle_guest_ppc64.S"
