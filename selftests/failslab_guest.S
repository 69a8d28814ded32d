/* SPDX-License-Identifier: GPL-2.0 */
/* failslab_test runs the hook_test guest. */
#include "hook_guest.S"
