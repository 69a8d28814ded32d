/* SPDX-License-Identifier: GPL-2.0 */
/* mirror_test skips on e500 (no SPR mirrors there): an empty guest. */
#include "guest.h"

	GUEST_IMAGE_START
	li	r3, 0
	GUEST_DONE(r3)
