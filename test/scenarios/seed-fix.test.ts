/**
 * The seed's fix in the lab through the approval path: diagnose → planFromFinding → one request → approval →
 * the executor runs each step (precheck, run, verify) through the real tools → the fleet audit finds no capped VM, and the lab's mutation log
 * holds exactly the plan's calls, in order. Also the DRBD recovery plan.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { approvalsSchema } from '../../src/config/approvals-schema.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { planFromFinding } from '../../src/runbooks/plan-from-finding.ts';
import type { FleetAuditData } from '../../src/tools/memory/fleet-memory-audit.ts';
import { type ActionLab, startActionLab } from '../helpers/action-lab.ts';

const KEY = 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor';
let a: ActionLab | undefined;
let closeService: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeService?.();
  await a?.close();
});

/** The real OpsService on the lab, with a policy so the plan goes through the approval path. */
async function serviceOnLab(lab: ActionLab) {
  const loaded = await loadConfig(lab.lab.configPath, {});
  loaded.config.approvals = approvalsSchema.parse({
    requesters: ['UREQ'],
    approvers: { mutate: ['UAPP1'], destructive: ['UAPP1', 'UAPP2'] },
  });
  return createOpsService({ loaded, logger: pino({ level: 'silent' }) });
}

async function diagnoseAndPlan(scenario: string, target: string, runbook: string) {
  a = await startActionLab(scenario);
  const service = await serviceOnLab(a);
  closeService = () => service.close();
  const d = await service.diagnose(target, { lang: 'en' });
  const finding = d.findings.find((f) => f.runbook === runbook);
  expect(finding).toBeDefined();
  return { service, finding: finding!, plan: planFromFinding(finding!) };
}

/** "Run this plan": one request, approved in Slack terms (two approvers when destructive), run by the executor. */
async function execute(
  service: Awaited<ReturnType<typeof createOpsService>>,
  steps: { tool: string; input: Record<string, unknown>; label?: string }[],
) {
  const env = service.environments()[0]!.name;
  const r = await service.approvals.create({
    env,
    steps,
    requester: { user: 'UREQ', via: 'slack' },
    origin: { env },
  });
  if (!r.ok) throw new Error(`request not created: ${r.code}: ${r.message}`);
  let d = await service.approvals.approve(r.request.id, { user: 'UAPP1', via: 'slack' });
  if (d.ok && !d.execution)
    d = await service.approvals.approve(r.request.id, { user: 'UAPP2', via: 'slack' });
  if (!d.ok || !d.execution) throw new Error(`not approved: ${JSON.stringify(d)}`);
  const final = await d.execution;
  expect(final.status, final.outcome).toBe('done');
  for (const s of final.steps) expect(s.result, `${s.tool} ${JSON.stringify(s.input)}`).toMatch(/verified/);
}

const capped = async (service: Awaited<ReturnType<typeof createOpsService>>) =>
  ((await service.runTool('fleet_memory_audit', {})).data as FleetAuditData).cappedCount;

describe('the seed fix, planned from the diagnosis and run step by step', () => {
  // Eleven steps, each an async job polled at the client's real interval: a rolling plan takes a while.
  it('global cause: the setting at global scope, then every affected VM stopped and started, one by one', {
    timeout: 90_000,
  }, async () => {
    const { service, plan } = await diagnoseAndPlan('memory-cap', 'VMs only see 3GB', 'vm-memory-capped');
    const vms = ['web01', 'web02', 'db01', 'web03', 'app01'];
    expect(plan.concurrency).toBe(1);
    expect(plan.steps.map((s) => `${s.tool} ${JSON.stringify(s.input)}`)).toEqual([
      `update_setting {"name":"${KEY}","value":"false","scope":"global","expectedValue":"true"}`,
      ...vms.flatMap((vm) => {
        const host = a!.lab.world.vmByName(vm)!.host.name;
        return [`stop_vm {"vm":"${vm}","expectedHost":"${host}"}`, `start_vm {"vm":"${vm}"}`];
      }),
    ]);
    expect(await capped(service)).toBe(5);
    await execute(service, plan.steps);
    expect(await capped(service)).toBe(0);
    const ids = (vm: string) => a!.lab.world.vmByName(vm)!.id;
    expect(a!.mutations()).toEqual([
      { via: 'api', command: 'updateConfiguration', params: { name: KEY, value: 'false' }, ok: true },
      ...vms.flatMap((vm) => [
        { via: 'api', command: 'stopVirtualMachine', params: { id: ids(vm) }, ok: true },
        { via: 'api', command: 'startVirtualMachine', params: { id: ids(vm) }, ok: true },
      ]),
    ]);
    for (const vm of vms) {
      const v = a!.lab.world.vmByName(vm)!;
      expect(v.domain!.currentMemoryKiB).toBe(v.offering.memoryMiB * 1024);
    }
  });

  it('cluster override: only that cluster is changed (never global), only its VMs restarted', async () => {
    const { service, plan } = await diagnoseAndPlan('memory-cap-one-cluster', 'memory', 'vm-memory-capped');
    expect(plan.steps[0]).toMatchObject({
      tool: 'update_setting',
      input: { name: KEY, value: 'false', scope: 'cluster', scopeName: 'cl-osaka-b', expectedValue: 'true' },
    });
    expect(plan.steps.filter((s) => s.tool === 'update_setting')).toHaveLength(1);
    expect(
      plan.steps
        .filter((s) => s.tool === 'stop_vm')
        .map((s) => s.input.vm)
        .sort(),
    ).toEqual(['api21', 'web21', 'web22']);
    await execute(service, plan.steps);
    expect(await capped(service)).toBe(0);
    const update = a!.mutations().filter((m) => m.command === 'updateConfiguration');
    expect(update).toEqual([
      {
        via: 'api',
        command: 'updateConfiguration',
        params: {
          name: KEY,
          value: 'false',
          clusterid: a!.lab.world.clusters.find((c) => c.name === 'cl-osaka-b')!.id,
        },
        ok: true,
      },
    ]);
    expect(a!.lab.world.globals.get(KEY)).toBe('false');
  });

  it('legacy 4.15: the cluster ratio is lowered to 1 (expected now: 2), then the VMs restarted', async () => {
    const { service, plan } = await diagnoseAndPlan('memory-cap-legacy', 'memory', 'vm-memory-capped');
    expect(plan.steps[0]?.input).toEqual({
      name: 'mem.overprovisioning.factor',
      value: '1',
      scope: 'cluster',
      scopeName: 'cl-beijing-old',
      expectedValue: '2',
    });
    await execute(service, plan.steps);
    expect(await capped(service)).toBe(0);
  });

  it('a plan made before someone changed the setting is refused at its first step', async () => {
    const { plan } = await diagnoseAndPlan('memory-cap', 'memory', 'vm-memory-capped');
    a!.lab.world.setSetting(KEY, 'false');
    const first = plan.steps[0]!;
    const tool = (await import('../../src/tools/actions/update-setting.ts')).updateSetting;
    const pre = await tool.precheck!(tool.input.parse(first.input), a!.ctx);
    expect(pre).toMatchObject({ ok: false });
    expect(pre.text).toContain('the plan assumed true');
  });
});

describe('the DRBD split-brain plan', () => {
  it('is one destructive recovery step naming victim and survivor; after it both nodes are Connected/UpToDate', async () => {
    const { service, plan } = await diagnoseAndPlan(
      'drbd-split-brain',
      'storage after the power cut',
      'drbd-split-brain',
    );
    expect(plan.steps).toEqual([
      {
        tool: 'drbd_split_brain_recover',
        input: {
          pair: 'nfs-b',
          resource: 'r0',
          victim: 'nfs12',
          survivor: 'nfs11',
          pacemakerResource: 'drbd-r0-clone',
        },
        label: expect.stringContaining('nfs12'),
      },
    ]);
    expect(service.registry.get('drbd_split_brain_recover')!.risk).toBe('destructive');
    await execute(service, plan.steps);
    const r0 = a!.lab.world.storagePairs[0]!.drbd[0]!;
    expect(Object.values(r0.nodes).map((n) => `${n.connection}/${n.disk}`)).toEqual([
      'Connected/UpToDate',
      'Connected/UpToDate',
    ]);
  });
});

describe('a CloudStack that reads the key only at start', () => {
  it('restarts the management server right after the setting, before the first VM stops', async () => {
    const { loadScenario } = await import('../../src/lab/load-scenario.ts');
    const scenario = { ...(await loadScenario('memory-cap')), staticSettings: [KEY] };
    a = await startActionLab(scenario);
    const service = await serviceOnLab(a);
    closeService = () => service.close();
    const d = await service.diagnose('memory', { lang: 'en' });
    const plan = planFromFinding(d.findings.find((f) => f.runbook === 'vm-memory-capped')!);
    expect(plan.steps.slice(0, 3).map((s) => s.tool)).toEqual([
      'update_setting',
      'restart_management_server',
      'stop_vm',
    ]);
    await execute(service, plan.steps.slice(0, 3));
    expect(a.mutations().map((m) => `${m.via} ${m.command}`)).toEqual([
      'api updateConfiguration',
      'ssh systemctl restart cloudstack-management',
      'api stopVirtualMachine',
    ]);
  });
});
