/**
 * The seed's fix and the DRBD recovery through the real approval service on the lab: diagnosis → planFromFinding
 * → request → approval(s) → the executor runs each action tool (precheck, run, verify) → the lab's mutation log
 * holds exactly the plan's calls, nothing before the approval, and the fleet audit finds no capped VM.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/lab/start-lab.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { planFromFinding } from '../../src/runbooks/plan-from-finding.ts';
import type { FleetAuditData } from '../../src/tools/memory/fleet-memory-audit.ts';
import { openServiceOnLab, slack } from '../helpers/approvals-lab.ts';

let lab: Lab | undefined;
let service: Awaited<ReturnType<typeof openServiceOnLab>> | undefined;
afterEach(async () => {
  await service?.close();
  await lab?.close();
  service = undefined;
  lab = undefined;
});

async function planned(scenario: string, target: string, runbook: string) {
  lab = await startLab({ scenario, logger: pino({ level: 'silent' }) });
  service = await openServiceOnLab(lab.configPath);
  const d = await service.diagnose(target, { lang: 'en' });
  const plan = planFromFinding(d.findings.find((f) => f.runbook === runbook)!);
  const created = await service.approvals.create({
    env: lab.scenario.environment,
    steps: plan.steps,
    title: plan.title,
    concurrency: plan.concurrency,
    requester: slack('UREQ'),
    origin: { env: lab.scenario.environment },
  });
  if (!created.ok) throw new Error(created.message);
  return { plan, request: created.request };
}

describe('approved plans run against the lab', () => {
  it('memory cap: nothing before approval; after it the setting and every stop/start, then no capped VM', async () => {
    const { plan, request } = await planned('memory-cap', 'memory', 'vm-memory-capped');
    expect(request.risk).toBe('mutate');
    expect(lab!.mutations()).toEqual([]);
    const r = await service!.approvals.approve(request.id, slack('UAPP1'));
    expect(r.ok).toBe(true);
    const done = await (r as { execution?: Promise<{ status: string }> }).execution;
    expect(done?.status).toBe('done');
    expect(lab!.mutations().map((m) => m.command)).toEqual(
      plan.steps.map((s) =>
        s.tool === 'update_setting'
          ? 'updateConfiguration'
          : s.tool === 'stop_vm'
            ? 'stopVirtualMachine'
            : 'startVirtualMachine',
      ),
    );
    const audit = await service!.runTool('fleet_memory_audit', {});
    expect((audit.data as FleetAuditData).cappedCount).toBe(0);
    // The service's own client polls each of the 11 async jobs at production pace (1 s first poll).
  }, 120_000);

  it('DRBD split brain: destructive, runs only after two distinct approvers', async () => {
    const { request } = await planned('drbd-split-brain', 'storage after the power cut', 'drbd-split-brain');
    expect(request.risk).toBe('destructive');
    const first = await service!.approvals.approve(request.id, slack('UAPP1'));
    expect(first.ok && first.execution).toBeFalsy();
    expect(lab!.mutations()).toEqual([]);
    const second = await service!.approvals.approve(request.id, slack('UAPP2'));
    const done = await (second as { execution?: Promise<{ status: string }> }).execution;
    expect(done?.status).toBe('done');
    expect(
      lab!
        .mutations()
        .filter((m) => m.command.startsWith('drbdadm'))
        .map((m) => `${m.params.host}: ${m.command}`),
    ).toEqual([
      'nfs12: drbdadm disconnect r0',
      'nfs12: drbdadm secondary r0',
      'nfs12: drbdadm connect --discard-my-data r0',
      'nfs11: drbdadm disconnect r0',
      'nfs11: drbdadm connect r0',
    ]);
  });
});
