/**
 * Each runbook's user-facing text lives in one place, its prompts/runbooks/<id>.md (editable by operators,
 * read by the model): the runbook's modules fill it in, they do not carry English/Japanese pairs inline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbookText } from '../../src/runbooks/runbook-text.ts';

const DIR = join(import.meta.dirname, '..', '..', 'src', 'runbooks');
/** The modules of one runbook each (shared renderers such as render-text.ts are not a runbook's). */
const RUNBOOK_MODULE = /^(memory-capped|drbd|oom|pacemaker)[\w-]*\.ts$/;

describe('runbook prose', () => {
  it('no runbook module holds inline text pairs (tr(…)); they read prompts/runbooks/*.md', () => {
    const inline = readdirSync(DIR)
      .filter((f) => RUNBOOK_MODULE.test(f))
      .filter((f) => /\btr\(/.test(readFileSync(join(DIR, f), 'utf8')));
    expect(inline).toEqual([]);
  });

  it('the OOM evidence labels come from oom-kills.md in both languages', () => {
    expect(runbookText('oom-kills', 'evidence-vm-state', 'ja', { vm: 'web01', domain: 'i-2-3-VM' })).toBe(
      'web01 (i-2-3-VM) の状態',
    );
    expect(runbookText('oom-kills', 'evidence-host-vms-value', 'en', { total: '60 GiB', share: '94%' })).toBe(
      '60 GiB (94% of RAM)',
    );
  });
});
