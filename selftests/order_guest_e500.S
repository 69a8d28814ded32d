/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for order_test on e500v2: Book E guests and their magic page are
 * big-endian only, so the test skips; this image only keeps the build
 * uniform.
 */
#include "guest.h"

	GUEST_IMAGE_START

	li	r3, 0
	GUEST_DONE(r3)
