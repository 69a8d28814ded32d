/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KVMPPC_BT_VERSION_H
#define KVMPPC_BT_VERSION_H

/* Keep in step with PACKAGE_VERSION in dkms.conf (make lint checks it). */
#define KVMPPC_BT_VERSION "0.1.0"

#endif
