/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Selftest helpers to drive the kvmppc_bt module: load and unload it, and
 * read and write its debugfs files (/sys/kernel/debug/kvmppc_bt).
 */
#ifndef KVMPPC_BT_SELFTEST_BT_H
#define KVMPPC_BT_SELFTEST_BT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BT_DEBUGFS "/sys/kernel/debug/kvmppc_bt"

bool bt_loaded(void);
int bt_load(const char *params);
int bt_unload(void);
int bt_use(unsigned int threshold);
int bt_write(const char *rel, const char *val);
int bt_read(const char *rel, char *buf, size_t len);
int64_t bt_stat(const char *vm_id, const char *key);
bool bt_wait_vm(const char *vm_id);
int bt_run(const char *cmd);

#endif
