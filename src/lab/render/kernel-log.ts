/**
 * Kernel messages as `journalctl -k -o short-iso` prints them: OOM-killer reports shaped like the LAB guest
 * report (kernel-oom-killer-lab-3G-guest.txt) with each event's process, pid and sizes, and free-form lines.
 */
import type { OomEvent as OomSpec } from '../scenario.ts';

/** A scenario's kill; `constraint` may be left out (host OOM) when written by hand in tests. */
type OomEvent = Omit<OomSpec, 'constraint'> & Partial<Pick<OomSpec, 'constraint'>>;

import { shortIso } from './lab-clock.ts';

export interface JournalEntry {
  ms: number;
  msg: string;
}

export interface OomContext {
  /** DMI line: the CloudStack <sysinfo> for a guest, the server model for a host. */
  hardware: string;
  /** Memory the kernel manages, in KiB ("N pages RAM"). */
  ramKiB: number;
  kernel: string;
  /** Host logs: the libvirt domain (instance name) and its domain id for a VM named by an event. */
  domainOf?: (vm: string) => { instanceName: string; domId: number } | undefined;
}

/** systemd's escaping of "-" in a unit name, as the kernel prints the cgroup path. */
const unitEscape = (s: string) => s.replaceAll('-', '\\x2d');

/** The cgroup of a qemu-kvm the way libvirt ≥ 5 with systemd places it. */
export function qemuScope(instanceName: string, domId: number): string {
  return `/machine.slice/machine-qemu${unitEscape(`-${domId}-${instanceName}`)}.scope`;
}

/** The lines that differ between a kill in a host OOM and one at a cgroup's limit, for qemu or any task. */
function killLines(e: OomEvent, ctx: OomContext, process: string): string[] {
  const dom = e.vm ? ctx.domainOf?.(e.vm) : undefined;
  const scope = dom ? qemuScope(dom.instanceName, dom.domId) : undefined;
  // Without a domain, a memcg kill happens in the task's own service cgroup; a host OOM reports the root.
  const ownCg = e.constraint === 'memcg' ? `/system.slice/${process}.service` : '/';
  const taskMemcg = scope ? `${scope}/libvirt/emulator` : ownCg;
  const uid = dom ? 107 : 0;
  const sizes = `total-vm:${e.totalVmKiB}kB, anon-rss:${e.anonRssKiB}kB, file-rss:4kB, shmem-rss:648kB, UID:${uid} pgtables:5668kB oom_score_adj:0`;
  if (e.constraint === 'memcg')
    return [
      `memory: usage ${e.anonRssKiB + 4096}kB, limit ${e.anonRssKiB + 4096}kB, failcnt 212`,
      `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0-1,oom_memcg=${scope ?? ownCg},task_memcg=${taskMemcg},task=${process},pid=${e.pid},uid=${uid}`,
      `Memory cgroup out of memory: Killed process ${e.pid} (${process}) ${sizes}`,
    ];
  return [
    `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0${dom ? '-1' : ''},global_oom,task_memcg=${taskMemcg},task=${process},pid=${e.pid},uid=${uid}`,
    `Out of memory: Killed process ${e.pid} (${process}) ${sizes}`,
  ];
}

/** The lines one OOM kill writes (shaped like the LAB report); the invoker is the victim, or a vCPU for qemu. */
export function oomReport(e: OomEvent, ctx: OomContext): string[] {
  const process = e.process ?? (e.vm ? 'qemu-kvm' : 'httpd');
  const invoker = e.vm ? 'CPU 0/KVM' : process;
  const pages = (kib: number) => Math.floor(kib / 4);
  const rssPages = pages(e.anonRssKiB);
  const memcg = e.constraint === 'memcg';
  return [
    `${invoker} invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0`,
    `CPU: 0 PID: ${e.pid} Comm: ${invoker} Not tainted ${ctx.kernel} #1  Debian 6.1.192-2`,
    `Hardware name: ${ctx.hardware}`,
    'Call Trace:',
    ' <TASK>',
    ' dump_stack_lvl+0x44/0x5c',
    ' dump_header+0x4c/0x22b',
    ' oom_kill_process.cold+0xb/0x10',
    ' out_of_memory+0x1fd/0x4c0',
    ...(memcg
      ? [' mem_cgroup_out_of_memory+0x13a/0x150', ' try_charge_memcg+0x6e1/0x7c0']
      : [' __alloc_pages_slowpath.constprop.0+0x67f/0xe70', ' __alloc_pages+0x305/0x330']),
    ' handle_mm_fault+0xdb/0x2d0',
    ' do_user_addr_fault+0x191/0x570',
    ' exc_page_fault+0x70/0x170',
    ' asm_exc_page_fault+0x22/0x30',
    ' </TASK>',
    'Mem-Info:',
    `active_anon:1305 inactive_anon:${rssPages} isolated_anon:0`,
    'Free swap  = 0kB',
    'Total swap = 0kB',
    `${pages(ctx.ramKiB)} pages RAM`,
    '0 pages HighMem/MovableOnly',
    `${Math.round(pages(ctx.ramKiB) * 0.0535)} pages reserved`,
    'Tasks state (memory values in pages):',
    '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
    `[${String(e.pid).padStart(7)}]     0 ${String(e.pid).padStart(5)} ${String(pages(e.totalVmKiB)).padStart(8)} ${String(rssPages).padStart(8)}  5804032        0             0 ${process}`,
    ...killLines(e, ctx, process),
  ];
}

export function oomEntries(events: OomEvent[], ctx: OomContext): JournalEntry[] {
  return events.flatMap((e) => {
    const ms = Date.parse(e.at);
    return Number.isFinite(ms) ? oomReport(e, ctx).map((msg) => ({ ms, msg })) : [];
  });
}

/** The journal since `sinceMs`, oldest first; "-- No entries --" like journalctl when nothing matches. */
export function renderJournal(host: string, entries: JournalEntry[], sinceMs: number): string {
  const shown = entries.filter((e) => e.ms >= sinceMs).sort((a, b) => a.ms - b.ms);
  if (!shown.length) return '-- No entries --\n';
  return `${shown.map((e) => `${shortIso(e.ms)} ${host} kernel: ${e.msg}`).join('\n')}\n`;
}
