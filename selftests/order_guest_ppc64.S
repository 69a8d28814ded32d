/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for order_test (Book3S PR), the little-endian image: the "kernel".
 * At GUEST_ENTRY, the loop of order_guest.h, then the checksum is reported.
 * Entered directly (LE code while the guest's interrupts are still
 * big-endian, like prom_init), or from the big-endian image's rfid.
 */
#include "guest.h"
#include "order_guest.h"

	GUEST_IMAGE_START

	ORDER_LOOP
	GUEST_REPORT(r31)
	li	r3, 0
	GUEST_DONE(r3)
