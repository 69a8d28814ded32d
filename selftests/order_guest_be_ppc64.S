/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest for order_test (Book3S PR), the big-endian image at ORDER_BE_ENTRY:
 * the "firmware".  The loop of order_guest.h, then a DONE ucall at which the
 * VMM declares little-endian interrupts (LPCR_ILE, as QEMU does for
 * H_SET_MODE); when run again, it switches to little-endian and enters the
 * little-endian image at GUEST_ENTRY (4 traps: mfmsr, mtsrr1, mtsrr0, rfid).
 */
#include "guest.h"
#include "order_guest.h"

	.text
	.globl	_start
_start:
	ORDER_LOOP
	lis	r9, UCALL_BASE@h
	std	r31, UCALL_OFF_DONE(r9)
	mfmsr	r10
	ori	r10, r10, 1		/* MSR_LE */
	mtsrr1	r10
	li	r11, GUEST_ENTRY
	mtsrr0	r11
	rfid
