/** The progress line's rules without a terminal: who gets one, how it is drawn, throttled and erased. */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { startProgress } from '../../src/cli/progress.ts';

const io = (tty: boolean, extra: Partial<CliIo> = {}) => {
  const raw: string[] = [];
  const value: CliIo = {
    out: () => {},
    err: () => {},
    env: {},
    ...(tty ? { errTty: (t) => raw.push(t) } : {}),
    ...extra,
  };
  return { io: value, raw };
};

describe('progress line', () => {
  it('is absent when stderr is not a terminal, with --json, or with --quiet', () => {
    expect(startProgress(io(false).io, { lang: 'en' }).sink).toBeUndefined();
    expect(startProgress(io(true).io, { lang: 'en', json: true }).sink).toBeUndefined();
    expect(startProgress(io(true, { quiet: true }).io, { lang: 'en' }).sink).toBeUndefined();
  });

  it('counts hosts across fan-outs, counts failures, rewrites in place and erases itself', () => {
    const t = io(true);
    const p = startProgress(t.io, { lang: 'en', intervalMs: 0 });
    p.sink?.({ type: 'planned', hosts: 3 });
    p.sink?.({ type: 'finished', ok: true });
    p.sink?.({ type: 'planned', hosts: 2 });
    p.sink?.({ type: 'finished', ok: false });
    p.stop();
    expect(t.raw.map((r) => r.replace(/ · [\d.]+s$/, ''))).toEqual([
      '\r\x1b[2Khosts 0/3 · 0 failed',
      '\r\x1b[2Khosts 1/3 · 0 failed',
      '\r\x1b[2Khosts 1/5 · 0 failed',
      '\r\x1b[2Khosts 2/5 · 1 failed',
      '\r\x1b[2K',
    ]);
  });

  it('is throttled: finished hosts inside the interval are not redrawn one by one (Japanese too)', () => {
    const t = io(true);
    const p = startProgress(t.io, { lang: 'ja', intervalMs: 3_600_000 });
    p.sink?.({ type: 'planned', hosts: 1000 });
    for (let i = 0; i < 1000; i++) p.sink?.({ type: 'finished', ok: true });
    p.stop();
    expect(t.raw).toHaveLength(2);
    expect(t.raw[0]).toMatch(/^\r\x1b\[2Kホスト 0\/1000 · 失敗 0 · /);
  });
});
