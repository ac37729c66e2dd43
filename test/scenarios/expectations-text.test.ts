/**
 * The additive part of a scenario's `expect:` block: the question an operator types (`target`), what the
 * rendered report must and must not say, and what the plan must never propose. Checked for every bundled
 * scenario that declares any of them.
 */
import { describe, expect, it } from 'vitest';
import { bundledScenarios, loadScenario } from '../../src/lab/load-scenario.ts';
import { renderDiagnosisText } from '../../src/runbooks/render-text.ts';
import { startLabService } from '../helpers/lab-service.ts';

const withText = [];
for (const name of bundledScenarios()) {
  const e = (await loadScenario(name)).expect;
  if (e.target || e.say.length || e.notSay.length || e.notPropose.length) withText.push(name);
}

describe.each(withText)('scenario %s', (name) => {
  it('says what its expect: block says, and never what it forbids', async () => {
    const scenario = await loadScenario(name);
    const { target, runbook, cause, say, notSay, notPropose } = scenario.expect;
    const s = await startLabService(scenario);
    try {
      const d = await s.service.diagnose(target ?? 'something is wrong', { lang: 'en' });
      expect(d.error).toBeUndefined();
      const text = renderDiagnosisText(d);
      if (runbook)
        expect(
          d.findings.some((f) => f.runbook === runbook && (!cause || f.cause === cause)),
          text,
        ).toBe(true);
      for (const frag of say) expect(text).toContain(frag);
      for (const frag of notSay) expect(text).not.toContain(frag);
      const steps = d.findings.flatMap((f) => f.steps);
      for (const bad of notPropose)
        for (const st of steps) {
          expect(st.action?.tool, st.text).not.toBe(bad);
          expect(st.text).not.toContain(bad);
        }
    } finally {
      await s.close();
    }
  });
});
