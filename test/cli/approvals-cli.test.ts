/** `cloudops request` files a request and never runs it; `cloudops audit` lists, exports and verifies the chain. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: { LOG_LEVEL: 'silent' } };
  return { io, out: () => out.join('\n'), err: () => err.join('\n') };
}

describe('cloudops request / audit', () => {
  let lab: Lab;
  let config: string;
  beforeAll(async () => {
    lab = await startLab({ scenario: 'healthy', logger: pino({ level: 'silent' }) });
    const cfg = parse(readFileSync(lab.configPath, 'utf8'));
    cfg.approvals = { requesters: ['UREQ'], approvers: { mutate: ['UAPP1'] } };
    config = join(lab.dir, 'with-approvals.yaml');
    writeFileSync(config, stringify(cfg), { mode: 0o600 });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('request only creates: prints id, status and expiry, and nothing reaches the lab API', async () => {
    const c = capture();
    expect(
      await main(['request', 'stop_vm', '--vm', 'web01', '--as', 'UREQ', '--config', config], c.io),
    ).toBe(0);
    expect(c.out()).toMatch(
      /^req-[0-9a-f]{16} {2}pending {2}mutate, needs 1 approver\(s\) from UAPP1 {2}expires 20\d\d-/,
    );
    expect(lab.mutations()).toEqual([]);
    const ja = capture();
    expect(
      await main(
        ['request', 'stop_vm', '--vm', 'web02', '--as', 'UREQ', '--config', config, '--lang', 'ja'],
        ja.io,
      ),
    ).toBe(0);
    expect(ja.out()).toContain('承認者 1 名が必要');
  });

  it('refuses a requester outside the policy, a bad --as and a bad argument with one line each', async () => {
    const a = capture();
    expect(
      await main(['request', 'stop_vm', '--vm', 'web01', '--as', 'UOTHER', '--config', config], a.io),
    ).toBe(1);
    expect(a.err()).toBe('request refused (not_allowed): UOTHER may not request changes');
    const b = capture();
    expect(
      await main(['request', 'stop_vm', '--vm', 'web01', '--as', 'not-a-user', '--config', config], b.io),
    ).toBe(2);
    const d = capture();
    expect(
      await main(['request', 'stop_vm', '--vm', 'web01;reboot', '--as', 'UREQ', '--config', config], d.io),
    ).toBe(1);
    expect(d.err()).toMatch(/^request refused \(invalid_argument\): step 1 \(stop_vm\): vm: /);
    expect(lab.mutations()).toEqual([]);
  });

  it('audit shows, filters, exports and verifies; an edited row is reported', async () => {
    for (const vm of ['web03', 'web01', 'db01'])
      expect(await main(['tool', 'vm_memory', '--vm', vm, '--config', config], capture().io)).toBe(0);
    const list = capture();
    expect(await main(['audit', '--config', config, '-n', '3'], list.io)).toBe(0);
    expect(list.out().split('\n')).toHaveLength(3);
    const json = capture();
    expect(await main(['audit', '--config', config, '--json', '--target', 'web03'], json.io)).toBe(0);
    const [entry] = json
      .out()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entry).toMatchObject({
      kind: 'tool_call',
      target: 'web03',
      outcome: 'ok',
      detail: { tool: 'vm_memory' },
    });
    const ok = capture();
    expect(await main(['audit', '--verify', '--config', config], ok.io)).toBe(0);
    expect(ok.out()).toMatch(/^audit chain ok: \d+ entries, signed$/);

    const db = new DatabaseSync(join(lab.dir, 'state.db'));
    db.exec("UPDATE audit SET actor = 'UAPP1' WHERE seq = 1");
    db.close();
    const bad = capture();
    expect(await main(['audit', '--verify', '--config', config], bad.io)).toBe(1);
    expect(bad.err()).toBe(
      'audit chain BROKEN at entry 1: entry 1 was edited (0 entries verified before it)',
    );
  });
});
