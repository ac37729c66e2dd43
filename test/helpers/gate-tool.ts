/** A mutating test tool whose run waits for the test to open its gate, and which counts real executions. */
import { z } from 'zod';
import type { ToolDefinition } from '../../src/tools/types.ts';

export interface GateTool {
  tool: ToolDefinition;
  runs: string[];
  /** Resolves when a run of `label` has started (it then waits for open(label)). */
  started(label: string): Promise<void>;
  open(label: string): void;
  /** What precheck answers for a label (default ok). */
  precheckOk: Map<string, boolean>;
  verifyOk: Map<string, boolean>;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
const deferred = (): Deferred => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

export function gateTool(name = 'gate_step', opts: { gated?: boolean } = {}): GateTool {
  const runs: string[] = [];
  const waiting = new Map<string, { started: Deferred; gate: Deferred }>();
  const slot = (l: string) => {
    let s = waiting.get(l);
    if (!s) {
      s = { started: deferred(), gate: deferred() };
      waiting.set(l, s);
    }
    return s;
  };
  const precheckOk = new Map<string, boolean>();
  const verifyOk = new Map<string, boolean>();
  const tool: ToolDefinition = {
    name,
    description: 'test only: a step that waits for the test',
    input: z.object({ label: z.string().regex(/^[a-z0-9-]{1,32}$/) }),
    risk: 'mutate',
    async run(input) {
      const { label } = input as { label: string };
      runs.push(label);
      const s = slot(label);
      s.started.resolve();
      if (opts.gated) await s.gate.promise;
      return { data: { label }, summary: `${label} done` };
    },
    async precheck(input) {
      const { label } = input as { label: string };
      const ok = precheckOk.get(label) ?? true;
      return { ok, text: ok ? `${label} ready` : `${label} is no longer in the expected state` };
    },
    async verify(input) {
      const { label } = input as { label: string };
      const ok = verifyOk.get(label) ?? true;
      return { ok, text: ok ? `${label} confirmed` : `${label} not confirmed` };
    },
  };
  return {
    tool,
    runs,
    started: (l) => slot(l).started.promise,
    open: (l) => slot(l).gate.resolve(),
    precheckOk,
    verifyOk,
  };
}
