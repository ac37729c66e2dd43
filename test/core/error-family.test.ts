/** One error family: what the bot throws is an OpsError with a stable code, whatever layer it comes from. */
import { describe, expect, it } from 'vitest';
import { errorCode, OpsError } from '../../src/core/errors.ts';
import { applyControl } from '../../src/lab/control.ts';
import { LabWorld } from '../../src/lab/world.ts';
import { runbookText } from '../../src/runbooks/runbook-text.ts';
import { loadScenario } from '../db/lab-world.ts';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('OpsError everywhere', () => {
  it('a scenario naming an unknown offering is config_invalid, naming the VM and the offering', () => {
    const scenario = loadScenario('memory-cap');
    const vm = scenario.zones[0]!.clusters[0]!.hosts[0]!.vms[0]!;
    vm.offering = 'no-such-offering';
    const e = thrown(() => new LabWorld(scenario));
    expect(e).toBeInstanceOf(OpsError);
    expect(e).toMatchObject({
      code: 'config_invalid',
      message: `scenario memory-cap: VM ${vm.name} uses unknown offering "no-such-offering"`,
    });
  });

  it('a runbook text section that does not exist is an internal error naming the file', () => {
    const e = thrown(() => runbookText('vm-memory-capped', 'no-such-section', 'en'));
    expect(e).toBeInstanceOf(OpsError);
    expect(e).toMatchObject({
      code: 'internal',
      message: 'prompts/runbooks/vm-memory-capped.md has no section "no-such-section.en"',
    });
  });

  it('a lab control command naming what the lab does not have is invalid_argument, naming it', () => {
    const world = new LabWorld(loadScenario('memory-cap'));
    for (const [cmd, says] of [
      [{ action: 'node-offline', pair: 'no-pair', node: 'nfs01' }, 'no storage pair no-pair'],
      [{ action: 'oom-kill', host: 'kvm99' }, 'no KVM host kvm99'],
    ] as const) {
      const e = thrown(() => applyControl(world, cmd));
      expect(e).toBeInstanceOf(OpsError);
      expect(e).toMatchObject({ code: 'invalid_argument', message: says });
    }
  });

  it("errorCode keeps an OpsError's code and calls anything else internal", () => {
    expect(errorCode(new OpsError('timeout', 'x'))).toBe('timeout');
    expect(errorCode(new Error('x'))).toBe('internal');
    expect(errorCode('x')).toBe('internal');
  });
});
