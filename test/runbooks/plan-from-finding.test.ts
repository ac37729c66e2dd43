/** planFromFinding keeps exactly the actionable steps, in order, with copies of their inputs. */
import { describe, expect, it } from 'vitest';
import { planFromFinding } from '../../src/runbooks/plan-from-finding.ts';
import type { Finding } from '../../src/runbooks/types.ts';

const finding = (steps: Finding['steps']): Finding => ({
  runbook: 'vm-memory-capped',
  severity: 'critical',
  title: '3 VMs capped',
  summary: '',
  evidence: [],
  affected: [],
  steps,
});

describe('planFromFinding', () => {
  it('keeps action steps in order, drops prose, labels with the step text', () => {
    const f = finding([
      {
        text: 'set it',
        action: { tool: 'update_setting', input: { name: 'k', value: 'false', scope: 'global' } },
      },
      { text: 'restart mgmt', action: { tool: 'restart_management_server', input: {} } },
      { text: 'watch capacity' },
      { text: 'web01: stop', action: { tool: 'stop_vm', input: { vm: 'web01', expectedHost: 'kvm01' } } },
      { text: 'web01: start', action: { tool: 'start_vm', input: { vm: 'web01' } } },
    ]);
    const plan = planFromFinding(f);
    expect(plan).toEqual({
      title: '3 VMs capped',
      concurrency: 1,
      steps: [
        { tool: 'update_setting', input: { name: 'k', value: 'false', scope: 'global' }, label: 'set it' },
        { tool: 'restart_management_server', input: {}, label: 'restart mgmt' },
        { tool: 'stop_vm', input: { vm: 'web01', expectedHost: 'kvm01' }, label: 'web01: stop' },
        { tool: 'start_vm', input: { vm: 'web01' }, label: 'web01: start' },
      ],
    });
    // The plan owns its inputs: editing the finding afterwards cannot change what was planned.
    (f.steps[0]!.action!.input as { value: string }).value = 'true';
    expect(plan.steps[0]!.input.value).toBe('false');
  });

  it('a finding without actions plans nothing', () => {
    expect(planFromFinding(finding([{ text: 'look at it' }])).steps).toEqual([]);
  });
});
