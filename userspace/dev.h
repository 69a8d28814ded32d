/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wrappers around the ioctls of /dev/kvmppc-bt: each one does the whole
 * exchange (sizing, paging, retrying when a list grows) and returns 0 or a
 * negative errno, or one of the codes below.
 */
#ifndef KVMPPC_BT_CLI_DEV_H
#define KVMPPC_BT_CLI_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlate.h"

/* A list kept changing while it was read (-ENOSPC, or a flush, every time). */
#define KBT_ERETRY	4096
/* The module answered something the ABI does not allow. */
#define KBT_EPROTO	4097

struct kbt_dev {
	int fd;
	struct kvmppc_bt_version version;	/* after kbt_dev_version() */
};

/* Open @path (read-only, or read-write when @write). Return 0 or -errno. */
int kbt_dev_open(struct kbt_dev *d, const char *path, bool write);
void kbt_dev_close(struct kbt_dev *d);
/* KVMPPC_BT_IOC_VERSION into d->version (module_version NUL-terminated). */
int kbt_dev_version(struct kbt_dev *d);

/* Counters of @vm, or the global ones (and nr_vms) when @vm is NULL. */
int kbt_get_stats(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		  struct kvmppc_bt_get_stats *out);
/* Every VM, in a malloc()ed array (NULL when there is none). */
int kbt_list_vms(struct kbt_dev *d, struct kvmppc_bt_vm_info **vms, size_t *count);
/* Every site of @vm, page by page, in a malloc()ed array. */
int kbt_list_sites(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		   struct kvmppc_bt_site_info **sites, size_t *count);
/* KVMPPC_BT_PARAM_* of @vm, or the global one when @vm is NULL. */
int kbt_set(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
	    unsigned int param, uint64_t value);
int kbt_flush(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm, uint32_t *restored);
/* The profile of @vm, in a malloc()ed array. */
int kbt_profile_export(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		       struct kvmppc_bt_profile_entry **entries, size_t *count);
int kbt_profile_import(struct kbt_dev *d, const struct kvmppc_bt_vm_id *vm,
		       const struct kvmppc_bt_profile_entry *entries, size_t count);

#endif
