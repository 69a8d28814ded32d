/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmppc-bt's own tracepoints (TRACE_SYSTEM kvmppc_bt), one per change of
 * a site or a VM.  Each fires exactly where the matching counter of the
 * VM's stats is incremented.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kvmppc_bt

#if !defined(_KVMPPC_BT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KVMPPC_BT_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(vm_attach,
	    TP_PROTO(const char *vm, int pid, int vmfd),
	    TP_ARGS(vm, pid, vmfd),
	    TP_STRUCT__entry(__string(vm, vm)
			     __field(int, pid)
			     __field(int, vmfd)),
	    TP_fast_assign(__assign_str(vm, vm);
			   __entry->pid = pid;
			   __entry->vmfd = vmfd;),
	    TP_printk("vm=%s pid=%d vmfd=%d", __get_str(vm), __entry->pid, __entry->vmfd)
);

TRACE_EVENT(vm_detach,
	    TP_PROTO(const char *vm, u32 sites, u32 patched),
	    TP_ARGS(vm, sites, patched),
	    TP_STRUCT__entry(__string(vm, vm)
			     __field(u32, sites)
			     __field(u32, patched)),
	    TP_fast_assign(__assign_str(vm, vm);
			   __entry->sites = sites;
			   __entry->patched = patched;),
	    TP_printk("vm=%s sites=%u patched_dropped=%u", __get_str(vm), __entry->sites,
		      __entry->patched)
);

TRACE_EVENT(site_hot,
	    TP_PROTO(const char *vm, u64 ea, u32 insn, u32 hits),
	    TP_ARGS(vm, ea, insn, hits),
	    TP_STRUCT__entry(__string(vm, vm)
			     __field(u64, ea)
			     __field(u32, insn)
			     __field(u32, hits)),
	    TP_fast_assign(__assign_str(vm, vm);
			   __entry->ea = ea;
			   __entry->insn = insn;
			   __entry->hits = hits;),
	    TP_printk("vm=%s ea=0x%llx insn=0x%08x hits=%u", __get_str(vm), __entry->ea,
		      __entry->insn, __entry->hits)
);

TRACE_EVENT(site_patched,
	    TP_PROTO(const char *vm, u64 ea, u64 gpa, u32 orig, u32 repl, u8 class),
	    TP_ARGS(vm, ea, gpa, orig, repl, class),
	    TP_STRUCT__entry(__string(vm, vm)
			     __field(u64, ea)
			     __field(u64, gpa)
			     __field(u32, orig)
			     __field(u32, repl)
			     __field(u8, class)),
	    TP_fast_assign(__assign_str(vm, vm);
			   __entry->ea = ea;
			   __entry->gpa = gpa;
			   __entry->orig = orig;
			   __entry->repl = repl;
			   __entry->class = class;),
	    TP_printk("vm=%s ea=0x%llx gpa=0x%llx orig=0x%08x repl=0x%08x class=%s", __get_str(vm),
		      __entry->ea, __entry->gpa, __entry->orig, __entry->repl,
		      kvmppc_bt_class_name(__entry->class))
);

TRACE_EVENT(site_restored,
	    TP_PROTO(const char *vm, u64 ea, u64 gpa, u32 orig, u32 repl),
	    TP_ARGS(vm, ea, gpa, orig, repl),
	    TP_STRUCT__entry(__string(vm, vm)
			     __field(u64, ea)
			     __field(u64, gpa)
			     __field(u32, orig)
			     __field(u32, repl)),
	    TP_fast_assign(__assign_str(vm, vm);
			   __entry->ea = ea;
			   __entry->gpa = gpa;
			   __entry->orig = orig;
			   __entry->repl = repl;),
	    TP_printk("vm=%s ea=0x%llx gpa=0x%llx orig=0x%08x repl=0x%08x", __get_str(vm),
		      __entry->ea, __entry->gpa, __entry->orig, __entry->repl)
);

TRACE_EVENT(site_unpatchable,
	    TP_PROTO(const char *vm, u64 ea, u32 insn, u8 reason),
	    TP_ARGS(vm, ea, insn, reason),
	    TP_STRUCT__entry(__string(vm, vm)
			     __field(u64, ea)
			     __field(u32, insn)
			     __field(u8, reason)),
	    TP_fast_assign(__assign_str(vm, vm);
			   __entry->ea = ea;
			   __entry->insn = insn;
			   __entry->reason = reason;),
	    TP_printk("vm=%s ea=0x%llx insn=0x%08x reason=%s", __get_str(vm), __entry->ea,
		      __entry->insn, kvmppc_bt_reason_name(__entry->reason))
);
#endif /* _KVMPPC_BT_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
