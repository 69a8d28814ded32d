/* SPDX-License-Identifier: GPL-2.0 */
/* remap_test skips on ppc64 (its guests run in real mode): an empty guest. */
#include "guest.h"

	GUEST_IMAGE_START
	li	r3, 0
	GUEST_DONE(r3)
