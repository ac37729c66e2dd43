/**
 * Which methods run and in what order: every run goes through all methods in turn (rather than all runs of
 * one method, then the next), so load from other users of this 2-core machine spreads over all of them.
 */
import type { BenchArgs, MethodId } from './args.ts';
import type { BotWorker } from './bot-client.ts';
import type { SweepReport } from './bot-worker.ts';
import type { CpuGroup } from './cgroup-cpu.ts';
import { reapedChildrenCpuSeconds, treeCpuSeconds } from './cpu.ts';
import {
  ansibleRaw,
  closeMasters,
  type MethodRun,
  type OpenSshContext,
  openMasters,
  parallelSsh,
  sequentialSsh,
  xargsSsh,
} from './openssh-methods.ts';
import type { MethodResult, TimedRun } from './table.ts';
import type { Toolset } from './tools.ts';

export interface PlannedMethod extends MethodResult {
  id: MethodId;
}

function missing(tools: Toolset, ...need: Array<[keyof Toolset, string]>): string | undefined {
  const absent = need.filter(([k]) => !tools[k]).map(([, pkg]) => pkg);
  return absent.length ? `not installed (${absent.join(', ')})` : undefined;
}

export function buildPlan(a: BenchArgs, tools: Toolset): PlannedMethod[] {
  const all: Array<{ id: MethodId; label: string; skipped?: string | undefined; extraNote?: string }> = [
    {
      id: 'bot',
      label: 'cloudops executor, cold (1 cmd/host as the tool, 1 conn/host)',
      extraNote: `globalConcurrency ${a.botConcurrency}`,
    },
    {
      id: 'bot',
      label: a.botReader
        ? 'cloudops executor, warm (pooled connections, reader session)'
        : 'cloudops executor, warm (pooled connections, exec per command)',
    },
    { id: 'seq', label: 'sequential ssh loop', skipped: missing(tools, ['ssh', 'openssh-client']) },
    {
      id: 'xargs',
      label: `xargs -P ${a.parallel} ssh`,
      skipped: missing(tools, ['ssh', 'openssh-client'], ['xargs', 'findutils']),
    },
    {
      id: 'pssh',
      label: `parallel-ssh -p ${a.parallel} -i`,
      skipped: missing(tools, ['ssh', 'openssh-client'], ['parallelSsh', 'pssh']),
    },
    {
      id: 'cm',
      label: `ControlMaster: open masters (xargs -P ${a.parallel} ssh -fN)`,
      skipped: missing(tools, ['ssh', 'openssh-client'], ['xargs', 'findutils']),
    },
    {
      id: 'cm',
      label: `ControlMaster warm + xargs -P ${a.parallel} ssh`,
      skipped: missing(tools, ['ssh', 'openssh-client'], ['xargs', 'findutils']),
    },
    {
      id: 'ansible',
      label: `ansible -m raw -f ${a.forks}`,
      skipped: missing(tools, ['ssh', 'openssh-client'], ['ansible', 'ansible']),
    },
  ];
  return all
    .filter((m) => a.methods.includes(m.id))
    .map((m) => ({
      id: m.id,
      label: m.label,
      runs: [],
      ...(m.skipped ? { skipped: m.skipped } : {}),
      ...(m.extraNote ? { extraNote: m.extraNote } : {}),
    }));
}

interface Runner {
  worker: BotWorker | undefined;
  sshdPid: number;
  /** Exact CPU (exited processes included) when cgroup v1 cpuacct is available; else /proc sums. */
  sshdGroup: CpuGroup | undefined;
  clientGroup: CpuGroup | undefined;
  log(s: string): void;
}

const sshdCpu = (r: Runner) => r.sshdGroup?.seconds() ?? treeCpuSeconds(r.sshdPid);
const clientCpu = (r: Runner) => r.clientGroup?.seconds() ?? reapedChildrenCpuSeconds();

const settle = () => new Promise((r) => setTimeout(r, 300));

function fromSweep(s: SweepReport, sshdCpuS: number): TimedRun {
  const lost = Object.entries(s.errors).map(([k, v]) => `${v}x ${k}`);
  return {
    ok: s.ok,
    wallMs: s.wallMs,
    clientCpuS: s.cpuMs / 1000,
    sshdCpuS,
    peakRssKiB: s.maxRssKiB,
    ...(lost.length ? { problem: lost.join(', ') } : {}),
  };
}

async function timedExternal(fn: () => Promise<MethodRun>, r: Runner): Promise<TimedRun> {
  const c0 = clientCpu(r);
  const s0 = sshdCpu(r);
  const x = await fn();
  return { ...x, clientCpuS: clientCpu(r) - c0, sshdCpuS: sshdCpu(r) - s0 };
}

function progress(r: Runner, prefix: string, m: MethodResult, hosts: number): void {
  const x = m.runs.at(-1);
  if (!x) return;
  const rss = x.peakRssKiB ? `, bot peak RSS ${(x.peakRssKiB / 1024).toFixed(0)} MiB` : '';
  const lost = x.problem ? ` (${x.problem})` : '';
  r.log(`${prefix} ${m.label}: ${x.ok}/${hosts} ok, ${(x.wallMs / 1000).toFixed(2)} s${rss}${lost}`);
}

export async function runAll(
  plan: PlannedMethod[],
  a: BenchArgs,
  ctx: OpenSshContext,
  r: Runner,
): Promise<PlannedMethod[]> {
  const [cold, warm] = plan.filter((p) => p.id === 'bot');
  const [cmOpen, cmWarm] = plan.filter((p) => p.id === 'cm');
  for (let run = 1; run <= a.runs; run++) {
    for (const m of plan) {
      if (m.skipped || m === warm || m === cmWarm) continue;
      await settle();
      if (m === cold && r.worker && warm) {
        let s0 = sshdCpu(r);
        const c = await r.worker.cold();
        let s1 = sshdCpu(r);
        cold.runs.push(fromSweep(c, s1 - s0));
        await settle();
        s0 = sshdCpu(r);
        const w = await r.worker.warm();
        s1 = sshdCpu(r);
        warm.runs.push(fromSweep(w, s1 - s0));
        await r.worker.close();
      } else if (m === cmOpen && cmWarm) {
        cmOpen.runs.push(await timedExternal(() => openMasters(ctx), r));
        await settle();
        cmWarm.runs.push(await timedExternal(() => xargsSsh(ctx, run, ctx.files.sshConfigCm), r));
        await closeMasters(ctx);
      } else if (m.id === 'seq') m.runs.push(await timedExternal(() => sequentialSsh(ctx, run), r));
      else if (m.id === 'xargs') m.runs.push(await timedExternal(() => xargsSsh(ctx, run), r));
      else if (m.id === 'pssh') m.runs.push(await timedExternal(() => parallelSsh(ctx), r));
      else if (m.id === 'ansible') m.runs.push(await timedExternal(() => ansibleRaw(ctx), r));
      progress(r, `run ${run}/${a.runs}`, m, ctx.hosts.length);
      if (m === cold && warm) progress(r, `run ${run}/${a.runs}`, warm, ctx.hosts.length);
      if (m === cmOpen && cmWarm) progress(r, `run ${run}/${a.runs}`, cmWarm, ctx.hosts.length);
    }
  }
  return plan;
}
