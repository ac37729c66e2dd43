import { describe, expect, it } from 'vitest';
import type { Diagnosis, Finding } from '../../src/runbooks/types.ts';
import { diagnosisMessage } from '../../src/slack/blocks/diagnosis.ts';
import { envelopeMessage } from '../../src/slack/blocks/envelope.ts';
import type { Block, SlackMessage } from '../../src/slack/blocks/message.ts';
import { esc } from '../../src/slack/blocks/mrkdwn.ts';
import { helpMessage, withFileNote } from '../../src/slack/blocks/notices.ts';
import { fleetMemoryAudit } from '../../src/tools/memory/fleet-memory-audit.ts';
import { toolTable, toolTitle } from '../../src/tools/render.ts';
import { fleetAuditEnvelope, oomDiagnosis, simpleEnvelope } from '../helpers/slack-ops-double.ts';

/** Every text Slack would render as mrkdwn, with the limits that apply to it. */
function texts(blocks: Block[]): { text: string; max: number }[] {
  const out: { text: string; max: number }[] = [];
  for (const b of blocks as unknown as Record<string, unknown>[]) {
    const t = b.text as { text: string } | undefined;
    if (t) out.push({ text: t.text, max: b.type === 'header' ? 150 : 3000 });
    for (const f of (b.fields as { text: string }[] | undefined) ?? []) out.push({ text: f.text, max: 2000 });
    for (const e of (b.elements as { text?: string }[] | undefined) ?? [])
      if (e.text) out.push({ text: e.text, max: 3000 });
  }
  return out;
}

function expectWithinLimits(m: SlackMessage): void {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const b of m.blocks as unknown as Record<string, unknown>[]) {
    expect(((b.fields as unknown[]) ?? []).length).toBeLessThanOrEqual(10);
  }
  for (const t of texts(m.blocks)) expect(t.text.length).toBeLessThanOrEqual(t.max);
}

describe('envelopeMessage', () => {
  it('renders the fleet audit: summary, capped-VM table, unreachable host warning, evidence', async () => {
    const e = fleetAuditEnvelope();
    const m = envelopeMessage(e, {
      lang: 'en',
      title: toolTitle(fleetMemoryAudit, e.tool, 'en'),
      env: 'prod',
      requestedBy: 'U0ALICE',
      table: toolTable(fleetMemoryAudit, e, 'en'),
    });
    const all = JSON.stringify(m.blocks);
    expect(all).toContain('34 of 36 running VMs have only 50% of their offering');
    expect(all).toContain('kvm04: host unreachable');
    expect(all).toContain('web01');
    expect(all).toContain('virsh domstats');
    expect(all).toContain('<@U0ALICE>');
    expectWithinLimits(m);
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot(
      '__snapshots__/envelope-fleet-audit.en.json',
    );
  });

  it('speaks Japanese when asked', async () => {
    const e = fleetAuditEnvelope();
    const m = envelopeMessage(e, {
      lang: 'ja',
      title: toolTitle(fleetMemoryAudit, e.tool, 'ja'),
      env: 'prod',
      table: toolTable(fleetMemoryAudit, e, 'ja'),
    });
    expect(m.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'メモリ監査（稼働中の全VM） · prod', emoji: true },
    });
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot(
      '__snapshots__/envelope-fleet-audit.ja.json',
    );
  });

  it('neutralises <!channel> and friends coming from VM names and log lines', () => {
    const e = simpleEnvelope('oom_kills', 'oom in vm <!channel> & <@U999> <https://evil|click>', {
      warnings: ['log line: <!here> killed process'],
      runs: [{ target: '<!everyone>', what: 'journalctl -k', ok: true, durationMs: 3 }],
    });
    const m = envelopeMessage(e, { lang: 'en' });
    const all = JSON.stringify(m);
    for (const bad of ['<!channel>', '<@U999>', '<!here>', '<!everyone>', '<https://evil'])
      expect(all).not.toContain(bad);
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;@U999&gt;');
  });

  it('moves a 60 000-character output to a file instead of truncating silently', () => {
    const long = Array.from({ length: 1200 }, (_, i) => `line ${i}: ${'x'.repeat(42)}`).join('\n');
    expect(long.length).toBeGreaterThan(55_000);
    const m = envelopeMessage(simpleEnvelope('cloudstack_setting', long), { lang: 'en', fullText: long });
    expect(m.file?.content).toBe(long);
    expectWithinLimits(m);
    const noted = withFileNote(m, 'en', false);
    expect(JSON.stringify(noted.blocks)).toContain('attached below as a file');
    expect(JSON.stringify(withFileNote(m, 'en', true).blocks)).toContain('without `private`');
  });

  it('shows the error of a failed tool', () => {
    const m = envelopeMessage(
      simpleEnvelope('vm_memory', 'vm_memory failed: no VM "web99"', {
        status: 'error',
        error: { code: 'unknown_vm', message: 'no VM "web99"' },
      }),
      { lang: 'en' },
    );
    expect(JSON.stringify(m.blocks)).toContain('unknown_vm');
    expect(m.file).toBeUndefined();
  });
});

describe('diagnosisMessage', () => {
  it('renders findings with an evidence table (fields), affected and proposed steps', async () => {
    const m = diagnosisMessage(oomDiagnosis('web01', 'en'), { requestedBy: 'U0ALICE' });
    const all = JSON.stringify(m.blocks);
    expect(all).toContain('web01 runs with 50% of its offered memory');
    expect(all).toContain('libvirt &lt;currentMemory&gt;');
    expect(all).toContain('needs approval');
    expect(all).toContain('Proposed next steps');
    expectWithinLimits(m);
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/diagnosis-oom.en.json');
  });

  it('Japanese diagnosis', async () => {
    const m = diagnosisMessage(oomDiagnosis('Webサーバーが落ちる', 'ja'));
    expect(JSON.stringify(m.blocks)).toContain('次の対応案');
    await expect(JSON.stringify(m, null, 2)).toMatchFileSnapshot('__snapshots__/diagnosis-oom.ja.json');
  });

  it('says "no problem found" when there are no findings', () => {
    const d: Diagnosis = { target: 'web02', lang: 'en', findings: [], envelopes: [], durationMs: 10 };
    expect(JSON.stringify(diagnosisMessage(d).blocks)).toContain('No problem found for');
  });

  it('stays under 50 blocks with many findings and attaches the full report', () => {
    const base = oomDiagnosis('web01', 'en').findings[0] as Finding;
    const many: Diagnosis = {
      ...oomDiagnosis('web01', 'en'),
      findings: Array.from({ length: 20 }, (_, i) => ({
        ...base,
        title: `finding ${i}`,
        evidence: Array.from({ length: 14 }, (_, j) => ({
          label: `l${j}`,
          value: 'v',
          source: 'kvm01',
          kind: 'observed' as const,
        })),
      })),
    };
    const m = diagnosisMessage(many);
    expect(m.blocks.length).toBeLessThanOrEqual(48 + 1);
    expect(withFileNote(m, 'en', false).blocks.length).toBeLessThanOrEqual(50);
    expectWithinLimits(m);
    expect(m.file?.content).toContain('finding 19');
  });
});

describe('esc / help', () => {
  it('escapes only & < > (& first)', () => {
    expect(esc('a & <b> &amp;')).toBe('a &amp; &lt;b&gt; &amp;amp;');
  });
  it('help for an unknown subcommand names it, escaped', () => {
    const m = helpMessage('en', '<!channel>');
    expect(JSON.stringify(m)).not.toContain('<!channel>');
    expect(JSON.stringify(m)).toContain('/cloudops audit memory [env]');
  });
});
