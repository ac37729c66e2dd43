/**
 * Every bundled scenario declares the diagnosis it should produce (`expect:`), including what must NOT be
 * said or proposed; this checks all of them, so a new incident added as a data file is tested without new code.
 */
import { describe, expect, it } from 'vitest';
import { bundledScenarios, loadScenario } from '../../src/lab/load-scenario.ts';
import { renderDiagnosisText } from '../../src/runbooks/render-text.ts';
import type { Diagnosis, Finding } from '../../src/runbooks/types.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';

/** A failed check is named in both languages, never read as "no problem found", and the Japanese stays Japanese. */
async function expectCouldNotCheck(s: LabService, d: Diagnosis, names: string[]) {
  const en = renderDiagnosisText(d);
  expect(en).not.toContain('No problem found');
  const ja = renderDiagnosisText(await s.service.diagnose('何かおかしい', { lang: 'ja' }));
  expect(ja).not.toContain('問題は見つかりませんでした');
  const enLines = en.slice(en.indexOf('Could not check:'));
  const jaLines = ja.slice(ja.indexOf('確認できなかった項目:'));
  for (const n of names) {
    expect(enLines, en).toContain(`${n}:`);
    expect(jaLines, ja).toContain(`${n}:`);
  }
  // Japanese throughout: the could-not-check lines carry no English sentence.
  expect(jaLines, ja).not.toMatch(/\b(the|is|are|cannot|changed|failed|unreachable|refused)\b/i);
}

const textOf = (f: Finding) => [f.title, f.summary, f.risk ?? '', ...f.steps.map((s) => s.text)].join('\n');

describe.each(bundledScenarios())('scenario %s', (name) => {
  it('diagnoses what its expect: block says, from a vague description', async () => {
    const scenario = await loadScenario(name);
    const s = await startLabService(scenario);
    try {
      const d = await s.service.diagnose('something is wrong', { lang: 'en' });
      expect(d.error).toBeUndefined();
      const x = scenario.expect;
      if (x.notChecked.length) await expectCouldNotCheck(s, d, x.notChecked);
      else expect(d.incomplete).toEqual([]);
      if (x.runbook === 'none') {
        expect(d.findings).toEqual([]);
        return;
      }
      expect(x.runbook, `${name} must declare expect.runbook`).toBeDefined();
      const hit = d.findings.find((f) => f.runbook === x.runbook && (!x.cause || f.cause === x.cause));
      expect(hit, `findings: ${d.findings.map((f) => `${f.runbook}/${f.cause}`).join(', ')}`).toBeDefined();
      expect(hit!.evidence.length).toBeGreaterThan(0);
      expect(hit!.steps.length).toBeGreaterThan(0);
      if (x.severity) expect(hit!.severity).toBe(x.severity);
      for (const a of x.affected) expect(hit!.affected).toContain(a);
      for (const t of x.says) expect(textOf(hit!)).toContain(t);
      const all = d.findings.map(textOf).join('\n');
      for (const t of x.notSaid) expect(all, `must not say "${t}"`).not.toContain(t);
      const steps = d.findings.flatMap((f) => f.steps.map((st) => st.text)).join('\n');
      for (const t of x.notProposed) expect(steps, `must not propose "${t}"`).not.toContain(t);
      if (x.saysJa.length) {
        const ja = await s.service.diagnose('何かおかしい', { lang: 'ja' });
        const jaHit = ja.findings.find((f) => f.runbook === x.runbook && (!x.cause || f.cause === x.cause));
        for (const t of x.saysJa) expect(jaHit?.title).toContain(t);
        // Japanese throughout: no English sentence in the title or summary of any finding.
        for (const f of ja.findings)
          expect(`${f.title}\n${f.summary}`).not.toMatch(/\b(the|is|are|runs|node|resource|standby)\b/i);
      }
    } finally {
      await s.close();
    }
  });
});
