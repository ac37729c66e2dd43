/**
 * A typo in the approval policy must fail closed at start-up, never silently weaken it: a `raise` entry that
 * names no mutating tool (say `reboot_vn`) would leave the real tool at one approver. Real lab config, real service.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsSchema } from '../../src/config/approvals-schema.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { OpsError } from '../../src/core/errors.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';

let lab: Lab;
const logger = pino({ level: 'silent' });
beforeAll(async () => {
  lab = await startLab({ scenario: 'memory-cap', logger });
});
afterAll(async () => {
  await lab?.close();
});

async function serviceWith(global: unknown, perEnv?: unknown) {
  const loaded = await loadConfig(lab.configPath, {});
  loaded.config.approvals = approvalsSchema.parse(global);
  if (perEnv) loaded.config.environments[0]!.approvals = approvalsSchema.parse(perEnv);
  return createOpsService({ loaded, logger });
}

const base = { requesters: ['U0ALICE'], approvers: { mutate: ['U0BOB'], destructive: ['U0BOB', 'U0CAROL'] } };

describe('approval policy config', () => {
  it.each([
    [{ ...base, raise: { reboot_vn: 'destructive' } }, undefined, /approvals\.raise\.reboot_vn/],
    [base, { ...base, raise: { vm_memory: 'destructive' } }, /environments\.0\.approvals\.raise\.vm_memory/],
  ])('refuses to start when raise names no mutating tool (%#)', async (global, perEnv, where) => {
    const err = await serviceWith(global, perEnv).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).code).toBe('config_invalid');
    expect(String((err as Error).message)).toMatch(where);
  });

  it('starts with raise entries that name real mutating tools', async () => {
    const s = await serviceWith({ ...base, raise: { reboot_vm: 'destructive' } });
    await s.close();
  });
});
