/**
 * A lab plus the ToolContext the approval executor gives a mutating tool (real SSH, real signed API), so action
 * tests call `tool.run` / `precheck` / `verify` exactly as the executor does, and read the lab's mutation log.
 */
import { pino } from 'pino';
import { createCloudStackClient } from '../../src/cloudstack/client.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Lab, StartLabOptions } from '../../src/lab/start-lab.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { createSshExecutor } from '../../src/ssh/executor.ts';
import type { ToolContext } from '../../src/tools/context.ts';
import type { Lang, RunRecord, ToolDefinition } from '../../src/tools/types.ts';

export interface ActionLab {
  lab: Lab;
  ctx: ToolContext;
  runs: RunRecord[];
  /** Validates `raw` with the tool's schema, then precheck → run → verify, as the executor does. */
  act<D>(
    tool: ToolDefinition<never, D> | ToolDefinition,
    raw: Record<string, unknown>,
  ): Promise<{
    pre: { ok: boolean; text: string };
    data?: D;
    post?: { ok: boolean; text: string };
  }>;
  /** The lab's mutation log without timestamps, for exact assertions. */
  mutations(): { via: string; command: string; params: Record<string, string>; ok: boolean }[];
  close(): Promise<void>;
}

export async function startActionLab(
  scenario: StartLabOptions['scenario'],
  lang: Lang = 'en',
): Promise<ActionLab> {
  const logger = pino({ level: 'silent' });
  const lab = await startLab({ scenario, logger });
  const loaded = await loadConfig(lab.configPath, {});
  const env = loaded.config.environments[0]!;
  const s = loaded.secrets.get(env.name)!;
  const ssh = createSshExecutor({
    defaults: env.ssh,
    privateKey: s.sshPrivateKey,
    globalConcurrency: 8,
    logger,
  });
  const api = createCloudStackClient({
    url: env.cloudstack.url,
    apiKey: s.apiKey,
    secretKey: s.secretKey,
    pollIntervalMs: 20,
    maxPollIntervalMs: 50,
    requestsPerSecond: 1000,
  });
  const runs: RunRecord[] = [];
  const ctx: ToolContext = {
    env,
    ssh,
    api,
    logger,
    lang,
    progress: () => {},
    record: (r) => runs.push(r),
  };
  return {
    lab,
    ctx,
    runs,
    async act(tool, raw) {
      const t = tool as ToolDefinition;
      const input = t.input.parse(raw);
      const pre = await t.precheck!(input, ctx);
      if (!pre.ok) return { pre };
      const r = await t.run(input, ctx);
      const post = await t.verify!(input, r.data, ctx);
      return { pre, data: r.data as never, post };
    },
    mutations: () => lab.mutations().map(({ via, command, params, ok }) => ({ via, command, params, ok })),
    async close() {
      await ssh.close();
      await lab.close();
    },
  };
}
