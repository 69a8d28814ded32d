/* SPDX-License-Identifier: GPL-2.0 */
/* user_test skips on ppc64 (see user_test.c): an empty guest. */
#include "guest.h"

	GUEST_IMAGE_START
	li	r3, 0
	GUEST_DONE(r3)
