/* SPDX-License-Identifier: GPL-2.0 */
/* fuzz_test runs the patch_test guest. */
#include "patch_guest_ppc64.S"
