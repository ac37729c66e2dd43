/**
 * `cloudops lab --requesters … --approvers …` writes an approval policy, so a test workspace can request and
 * approve changes against the lab; without the flags the lab keeps a real install's default: no policy, every
 * change request refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/approvals/types.ts';
import { runCli } from '../helpers/cli-process.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';

const slackUser = (user: string): Actor => ({ user, via: 'slack' });
const stopWeb01 = (requester: string) => ({
  env: 'lab',
  steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }],
  requester: slackUser(requester),
  origin: { env: 'lab' },
});

let h: LabService | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('lab approval policy', () => {
  it('with --requesters/--approvers a listed requester gets a pending request for the listed approvers', async () => {
    h = await startLabService('memory-cap', {
      approvals: { requesters: ['U0REQ'], approvers: ['U0APP', 'S0ONCALL'] },
    });
    const r = await h.service.approvals!.create(stopWeb01('U0REQ'));
    expect(r.ok && r.request.status).toBe('pending');
    expect(r.ok && r.request.approverPool).toEqual(['U0APP', 'S0ONCALL']);
    const other = await h.service.approvals!.create(stopWeb01('U0SOMEONE'));
    expect(other.ok || other.code).toBe('not_allowed');
  });

  it('without them every change request is refused', async () => {
    h = await startLabService('memory-cap');
    const r = await h.service.approvals!.create(stopWeb01('U0REQ'));
    expect(r.ok || r.code).toBe('not_allowed');
    expect(h.lab.mutations()).toEqual([]);
  });

  it('the CLI refuses one flag without the other, or ids that are not Slack ids, before starting a lab', async () => {
    for (const args of [
      ['--requesters', 'U0REQ'],
      ['--requesters', 'U0REQ', '--approvers', 'alice'],
    ]) {
      const r = await runCli(['lab', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--requesters and --approvers go together/);
    }
  });
});
