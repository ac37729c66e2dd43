/**
 * An OpsService test double for the Slack tests: realistic envelopes and diagnoses, configurable delay
 * (a hung host), progress notes while "running", and a record of every call. Not a model of the cloud.
 */
import { z } from 'zod';
import type { OpsService, RunOptions } from '../../src/core/ops-service.ts';
import type { Diagnosis } from '../../src/runbooks/types.ts';
import type { Envelope, Lang, ToolDefinition } from '../../src/tools/types.ts';
import { nextSeq } from './event-order.ts';

export interface DoubleCall {
  method: 'runTool' | 'diagnose';
  name?: string;
  input?: unknown;
  target?: string;
  opts: Omit<RunOptions, 'progress' | 'signal'>;
  at: number;
}

const runs = (hosts: string[]) => [
  {
    target: 'cloudstack-api',
    what: 'listVirtualMachines, listHosts, listClusters',
    ok: true,
    durationMs: 84,
  },
  ...hosts.map((h) => ({
    target: h,
    what: 'virsh domstats --balloon --state',
    ok: h !== 'kvm04',
    durationMs: h === 'kvm04' ? 5000 : 212,
    ...(h === 'kvm04' ? { error: 'connect ETIMEDOUT' } : {}),
  })),
];

export function fleetAuditEnvelope(): Envelope {
  const vms = Array.from({ length: 36 }, (_, i) => ({
    vm: `web${String(i + 1).padStart(2, '0')}`,
    instanceName: `i-2-${34 + i}-VM`,
    host: `kvm0${(i % 3) + 1}`,
    cluster: 'C1',
    offeringMiB: 6144,
    balloonKiB: i < 34 ? 3145728 : 6291456,
    libvirtMaxKiB: i < 34 ? 3145728 : 6291456,
    verdict: i < 34 ? 'capped' : 'full',
    ratio: i < 34 ? 0.5 : 1,
  }));
  return {
    tool: 'fleet_memory_audit',
    status: 'ok',
    data: {
      environment: 'prod',
      runningVms: 36,
      cappedCount: 34,
      vms,
      groups: [
        { cause: 'overprovisioning', cluster: 'C1', ratio: 2, vms: vms.slice(0, 34).map((v) => v.vm) },
      ],
    },
    summary:
      '34 of 36 running VMs have only 50% of their offering (cluster C1: mem.overprovisioning.factor=2 with vm.min.memory.equalsto.memory.divided.by.mem.overprovisioning.factor=true).',
    warnings: ['kvm04: host unreachable (connect ETIMEDOUT after 5 s); its VMs were not checked'],
    runs: runs(['kvm01', 'kvm02', 'kvm03', 'kvm04']),
    startedAt: '2026-11-24T03:00:00.000Z',
    durationMs: 5321,
  };
}

export function simpleEnvelope(tool: string, summary: string, extra: Partial<Envelope> = {}): Envelope {
  return {
    tool,
    status: 'ok',
    data: {},
    summary,
    warnings: [],
    runs: runs(['kvm01']).slice(0, 2),
    startedAt: '2026-11-24T03:00:00.000Z',
    durationMs: 420,
    ...extra,
  };
}

export function oomDiagnosis(target: string, lang: Lang): Diagnosis {
  const ja = lang === 'ja';
  return {
    target,
    lang,
    findings: [
      {
        runbook: 'guest-oom',
        severity: 'critical',
        title: ja
          ? 'web01 のメモリがオファリングの 50% に制限されています'
          : 'web01 runs with 50% of its offered memory',
        cause: 'cluster',
        summary: ja
          ? 'クラスター C1 の mem.overprovisioning.factor=2 により、6 GiB のオファリングに対してゲストには 3 GiB しかありません。OOM Killer が java を停止しました。'
          : 'Cluster C1 has mem.overprovisioning.factor=2, so the guest got 3 GiB of its 6 GiB offering; the OOM killer stopped java.',
        evidence: [
          { label: 'offering', value: '6144 MiB', source: 'cloudstack-api', kind: 'observed' },
          { label: 'libvirt <currentMemory>', value: '3145728 KiB', source: 'kvm01', kind: 'observed' },
          { label: 'guest MemTotal', value: '3.0 GiB', source: 'web01', kind: 'observed' },
          { label: 'cause', value: 'cluster-scoped overprovisioning', source: 'runbook', kind: 'inferred' },
        ],
        affected: ['web01', 'web02'],
        risk: ja ? 'VM の再起動が必要です' : 'needs a VM restart',
        steps: [
          {
            text: ja
              ? 'クラスター C1 の mem.overprovisioning.factor を 1 に戻す'
              : 'Set mem.overprovisioning.factor back to 1 on cluster C1',
            action: {
              tool: 'update_cluster_setting',
              input: { cluster: 'C1', name: 'mem.overprovisioning.factor', value: '1' },
            },
          },
          {
            text: ja
              ? 'VM を停止・起動してメモリを再割り当てする'
              : 'Stop and start the VMs so they get their full memory',
          },
        ],
      },
    ],
    envelopes: [fleetAuditEnvelope()],
    durationMs: 6120,
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

const toolDef = (name: string, render?: (e: Envelope) => string): ToolDefinition => ({
  name,
  description: `${name} (double)`,
  input: z.object({}).passthrough(),
  risk: 'read',
  run: async () => ({ data: null, summary: '' }),
  renderText: render ?? ((e) => e.summary),
});

export class OpsServiceDouble implements OpsService {
  readonly calls: DoubleCall[] = [];
  /** How long each call takes (a hung host: 10 000). */
  delayMs = 0;
  /** When set, every call also waits for this promise: a hung host the test releases at a moment it picks. */
  gate: Promise<void> | undefined;
  /** Progress notes emitted, evenly spread over delayMs. */
  progressNotes: string[] = [];
  /** Per-tool envelope factories; default: fleet audit for fleet_memory_audit, a short ok otherwise. */
  envelopes: Record<string, (input: unknown) => Envelope> = {
    fleet_memory_audit: () => fleetAuditEnvelope(),
  };
  diagnosis: (target: string, lang: Lang) => Diagnosis = oomDiagnosis;
  /** Per-call delay override (a hung host for one input); default delayMs. */
  delayFor: ((name: string, input: unknown) => number | undefined) | undefined;
  /** Every finished runTool, ordered with the fake Slack's records by `seq`. */
  readonly finished: { name: string; input: unknown; seq: number }[] = [];
  closed = false;

  environments() {
    return [
      { name: 'prod', description: 'production zone' },
      { name: 'lab', description: 'the simulated cloud' },
    ];
  }

  tools(): ToolDefinition[] {
    return [
      'fleet_memory_audit',
      'vm_memory',
      'host_memory',
      'cloudstack_setting',
      'drbd_status',
      'pacemaker_status',
      'oom_kills',
      'capacity',
    ].map((n) => toolDef(n));
  }

  private async work(opts?: RunOptions, delayMs = this.delayMs): Promise<void> {
    const notes = this.progressNotes;
    const step = notes.length ? delayMs / (notes.length + 1) : delayMs;
    for (const n of notes) {
      await sleep(step, opts?.signal);
      opts?.progress?.(n);
    }
    await sleep(step, opts?.signal);
    await this.gate;
  }

  async runTool(name: string, input: unknown, opts?: RunOptions): Promise<Envelope> {
    this.calls.push({
      method: 'runTool',
      name,
      input,
      opts: { ...(opts?.env ? { env: opts.env } : {}), ...(opts?.lang ? { lang: opts.lang } : {}) },
      at: Date.now(),
    });
    await this.work(opts, this.delayFor?.(name, input) ?? this.delayMs);
    const e = this.envelopes[name]?.(input) ?? simpleEnvelope(name, `${name}: all good`);
    this.finished.push({ name, input, seq: nextSeq() });
    return e;
  }

  async diagnose(target: string, opts?: RunOptions): Promise<Diagnosis> {
    this.calls.push({
      method: 'diagnose',
      target,
      opts: { ...(opts?.lang ? { lang: opts.lang } : {}) },
      at: Date.now(),
    });
    await this.work(opts);
    return this.diagnosis(target, opts?.lang ?? 'en');
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
