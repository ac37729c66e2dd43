/**
 * A scenario whose `expect:` names a `target` (what the operator types: a VM by any of its names, a host) is
 * also diagnosed from that target, and its says / notSaid / notProposed are checked against the whole rendered
 * report (evidence and the no-finding answer included) and every step's action tool.
 */
import { describe, expect, it } from 'vitest';
import { bundledScenarios, loadScenario } from '../../src/lab/load-scenario.ts';
import { renderDiagnosisText } from '../../src/runbooks/render-text.ts';
import { startLabService } from '../helpers/lab-service.ts';

const withTarget: string[] = [];
for (const name of bundledScenarios()) if ((await loadScenario(name)).expect.target) withTarget.push(name);

describe.each(withTarget)('scenario %s', (name) => {
  it('diagnoses its expect.target as its expect: block says, and never what it forbids', async () => {
    const scenario = await loadScenario(name);
    const x = scenario.expect;
    const s = await startLabService(scenario);
    try {
      const d = await s.service.diagnose(x.target!, { lang: 'en' });
      expect(d.error).toBeUndefined();
      const text = renderDiagnosisText(d);
      const hit = d.findings.find((f) => f.runbook === x.runbook && (!x.cause || f.cause === x.cause));
      expect(hit, text).toBeDefined();
      for (const a of x.affected) expect(hit!.affected).toContain(a);
      for (const t of x.says) expect(text).toContain(t);
      expect(text).not.toContain('No problem found');
      for (const t of x.notSaid) expect(text, `must not say "${t}"`).not.toContain(t);
      for (const st of d.findings.flatMap((f) => f.steps))
        for (const t of x.notProposed) {
          expect(st.text, `must not propose "${t}"`).not.toContain(t);
          expect(st.action?.tool ?? '', `must not propose "${t}"`).not.toBe(t);
        }
    } finally {
      await s.close();
    }
  });
});
