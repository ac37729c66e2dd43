/**
 * Every bundled scenario declares the diagnosis it should produce (`expect:`); this checks all of them, so a
 * new incident added as a data file is tested without new code.
 */
import { describe, expect, it } from 'vitest';
import { bundledScenarios, loadScenario } from '../../src/lab/load-scenario.ts';
import { startLabService } from '../helpers/lab-service.ts';

describe.each(bundledScenarios())('scenario %s', (name) => {
  it('diagnoses what its expect: block says, from a vague description', async () => {
    const scenario = await loadScenario(name);
    const s = await startLabService(scenario);
    try {
      const d = await s.service.diagnose('something is wrong', { lang: 'en' });
      expect(d.error).toBeUndefined();
      expect(d.incomplete).toEqual([]);
      const { runbook, cause } = scenario.expect;
      if (runbook === 'none') {
        expect(d.findings).toEqual([]);
        return;
      }
      expect(runbook, `${name} must declare expect.runbook`).toBeDefined();
      const hit = d.findings.find((f) => f.runbook === runbook && (!cause || f.cause === cause));
      expect(hit, `findings: ${d.findings.map((f) => `${f.runbook}/${f.cause}`).join(', ')}`).toBeDefined();
      expect(hit!.evidence.length).toBeGreaterThan(0);
      expect(hit!.steps.length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});
