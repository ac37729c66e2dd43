/**
 * A lab plus a real OpsService with an approval policy, a real state store (SQLite file in the lab dir, or
 * a MariaDB scratch database), and the lab's own record of every mutating call it received, so tests
 * assert on what really reached the cloud.
 */
import { pino } from 'pino';
import { z } from 'zod';
import type { ApprovalPolicy } from '../../src/approvals/policy.ts';
import type { Actor } from '../../src/approvals/types.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService, type WiredOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import type { ToolDefinition } from '../../src/tools/types.ts';
import { capturedLogger, plantLabSecrets, watchOutput } from './canaries.ts';

export const POLICY: ApprovalPolicy = {
  requesters: ['UREQ', 'UAPP1'],
  approvers: { mutate: ['UAPP1', 'UAPP2', 'SLEADS'], destructive: ['UAPP1', 'UAPP2'] },
  fourEyes: true,
  expiryMinutes: 15,
  raise: {},
};
export const slack = (user: string): Actor => ({ user, via: 'slack' });

export interface ApprovalsLab {
  lab: Lab;
  service: WiredOpsService;
  /** The lab's own record of every mutating call it received: `stop web01`, `start web01`, … */
  readonly labCalls: string[];
  close(): Promise<void>;
}

/** A destructive test tool that really stops and starts a VM through the lab API (for two-approver paths). */
export const bounceVmTool: ToolDefinition = {
  name: 'bounce_vm',
  description: 'test only: stop then start a VM through the API',
  input: z.object({ vm: z.string().regex(/^[a-z0-9-]{1,32}$/) }),
  risk: 'destructive',
  async run(input, ctx) {
    const { vm } = input as { vm: string };
    const [target] = await ctx.api.listVirtualMachines({ name: vm });
    if (!target) throw new Error(`no VM ${vm}`);
    await ctx.api.stopVirtualMachine(target.id);
    await ctx.api.startVirtualMachine(target.id);
    return { data: { vm }, summary: `${vm} bounced` };
  },
};

const VERB = new Map([
  ['stopVirtualMachine', 'stop'],
  ['startVirtualMachine', 'start'],
]);

/** The lab's mutation log (API and SSH, accepted or refused) as short lines, VM ids turned into names. */
export function labCalls(lab: Lab): string[] {
  return lab.mutations().map((m) => {
    const vm = m.params.id ? lab.world.vms.find((v) => v.id === m.params.id)?.name : undefined;
    return `${VERB.get(m.command) ?? m.command} ${vm ?? JSON.stringify(m.params)}${m.ok ? '' : ' (refused)'}`;
  });
}

export interface ServiceOptions {
  store?: BotStore;
  policy?: Partial<ApprovalPolicy>;
  leaseMs?: number;
  extraTools?: ToolDefinition[];
  now?: () => Date;
}

/** A real OpsService on a running lab's config (in this process or a child process) with the test policy. */
export async function openServiceOnLab(
  configPath: string,
  opts: ServiceOptions = {},
): Promise<WiredOpsService> {
  const loaded = await loadConfig(configPath, {});
  const p = { ...POLICY, ...opts.policy };
  loaded.config.approvals = { ...p, approvers: { ...p.approvers } };
  const groups = new Map([['SLEADS', new Set(['ULEAD'])]]);
  await plantLabSecrets(configPath);
  const service = await createOpsService({
    loaded,
    logger: capturedLogger('ops service'),
    store: opts.store,
    isMember: async (u, g) => groups.get(g)?.has(u) ?? false,
    extraTools: [bounceVmTool, ...(opts.extraTools ?? [])],
    leaseMs: opts.leaseMs,
    now: opts.now,
    // The key comes from the lab's auditKeyFile, as in a real install, so child processes sign alike.
    env: {},
  });
  // Audit rows are read before the store closes, so the canary sweep sees every row this service wrote.
  const rows: string[] = [];
  watchOutput('audit rows', () => rows.join('\n'));
  const close = service.close.bind(service);
  service.close = async () => {
    try {
      rows.push(JSON.stringify(await service.audit.list({ limit: 100_000 })));
    } catch {
      // a store already closed by the test: nothing more to read
    }
    await close();
  };
  return service;
}

export async function startApprovalsLab(opts: ServiceOptions = {}): Promise<ApprovalsLab> {
  const logger = pino({ level: 'silent' });
  const lab = await startLab({ scenario: 'healthy', logger });
  const service = await openServiceOnLab(lab.configPath, opts);
  return {
    lab,
    service,
    get labCalls() {
      return labCalls(lab);
    },
    async close() {
      await service.close();
      await lab.close();
    },
  };
}
