/**
 * Picks and runs the runbooks that match a target, sharing tool results between them (the audit runs once),
 * and never throws: a failing runbook becomes a warning finding instead of a crash.
 */

import type { EnvironmentConfig } from '../config/schema.ts';
import { describeError } from '../core/errors.ts';
import type { Envelope, Lang } from '../tools/types.ts';
import { drbdRunbook } from './drbd.ts';
import { classifyTarget, topicIntent } from './intent.ts';
import { memoryCapped } from './memory-capped.ts';
import { oomRunbook } from './oom.ts';
import { pacemakerRunbook } from './pacemaker.ts';
import type { Intent, Runbook, RunbookContext } from './runbook.ts';
import { storageMoveRunbook } from './storage-move.ts';
import type { RunbookTool, RunbookTools } from './tool-data.ts';
import type { Diagnosis, Finding } from './types.ts';

export const RUNBOOKS: Runbook[] = [
  memoryCapped,
  oomRunbook,
  drbdRunbook,
  pacemakerRunbook,
  storageMoveRunbook,
];

export interface DiagnoseDeps {
  env: EnvironmentConfig;
  lang: Lang;
  runTool(name: string, input: Record<string, unknown>): Promise<Envelope>;
  cloudstackVersion(): Promise<string | undefined>;
}

/** The VM intent under its CloudStack name (and the names libvirt/operators know it by), once vm_memory found it. */
function canonicalVm(
  intent: Extract<Intent, { kind: 'vm' }>,
  probe: Envelope<RunbookTools['vm_memory']['data'] | null>,
): Intent {
  const d = probe.data;
  if (!d) return intent;
  const aliases = [intent.vm, d.instanceName].filter((a): a is string => a !== undefined && a !== d.vm);
  return { kind: 'vm', vm: d.vm, ...(aliases.length ? { aliases } : {}) };
}

export async function diagnose(target: string, deps: DiagnoseDeps): Promise<Diagnosis> {
  const started = Date.now();
  const envelopes: Envelope[] = [];
  const cache = new Map<string, Promise<Envelope>>();
  const rc: RunbookContext = {
    env: deps.env,
    lang: deps.lang,
    cloudstackVersion: deps.cloudstackVersion,
    tool<N extends RunbookTool>(name: N, input: RunbookTools[N]['input']) {
      const key = `${name} ${JSON.stringify(input)}`;
      let p = cache.get(key);
      if (!p) {
        p = deps.runTool(name, input as Record<string, unknown>).then((e) => {
          envelopes.push(e);
          return e;
        });
        cache.set(key, p);
      }
      // The one place data is typed: the registry validated the input and ran the tool declared under `name`,
      // whose run returns RunbookTools[N]['data'] (null when it failed).
      return p as Promise<Envelope<RunbookTools[N]['data'] | null>>;
    },
  };
  let intent = classifyTarget(target, deps.env);
  if (intent.kind === 'vm') {
    // A bare name that is no VM gets a clear error, not a misleading "no problem found".
    const probe = await rc.tool('vm_memory', { vm: intent.vm });
    const unknown =
      probe.error && (probe.error.code === 'unknown_vm' || probe.error.code === 'invalid_argument');
    // "split-brain" or "ram-usage" looked like a name but is no VM: read it as the words it contains.
    const asTopics = probe.error?.code === 'unknown_vm' ? topicIntent(target) : undefined;
    if (asTopics && !asTopics.unmatched) {
      intent = asTopics;
      envelopes.splice(envelopes.indexOf(probe), 1);
    } else if (unknown)
      return {
        target,
        lang: deps.lang,
        findings: [],
        envelopes,
        durationMs: Date.now() - started,
        error: probe.error,
      };
    // The runbooks key VMs by CloudStack name: an instance name, display name or UUID is mapped to it.
    else intent = canonicalVm(intent, probe);
  }
  const applicable = RUNBOOKS.filter((r) => r.applies(intent));
  const results = await Promise.all(
    applicable.map(async (r): Promise<Finding[]> => {
      try {
        return await r.run(rc, intent);
      } catch (e) {
        return [
          {
            runbook: r.id,
            severity: 'warning',
            title: `${r.id} could not finish: ${describeError(e)}`,
            summary: describeError(e),
            evidence: [],
            affected: [],
            steps: [],
          },
        ];
      }
    }),
  );
  const rank = { critical: 0, warning: 1, info: 2, ok: 3 } as const;
  const findings = results.flat().sort((a, b) => rank[a.severity] - rank[b.severity]);
  const incomplete = envelopes
    .filter((e) => e.status === 'error')
    .map((e) => ({ tool: e.tool, message: e.error?.message ?? e.summary, code: e.error?.code }));
  return {
    target,
    lang: deps.lang,
    findings,
    envelopes,
    incomplete,
    durationMs: Date.now() - started,
    checked: applicable.map((r) => r.id),
    ...(intent.kind === 'topics' && intent.unmatched ? { outsideRunbooks: true } : {}),
  };
}
