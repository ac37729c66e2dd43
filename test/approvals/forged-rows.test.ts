/**
 * Someone with write access to the bot's database (SQLite file or MariaDB) but not the audit key: rows
 * edited or inserted with plain SQL must never lead to a mutation. Each test writes the forgery with SQL,
 * then drives execution the normal way, and asserts on the lab API's own record of mutating calls and on
 * the audit rows that report the refusal.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { entryHash, GENESIS } from '../../src/approvals/audit-log.ts';
import type { ApprovalRequest, ApprovalService, AuditEntry } from '../../src/approvals/types.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { type ApprovalsLab, slack, startApprovalsLab } from '../helpers/approvals-lab.ts';
import { describeOnBothStores, type StoreUnderTest } from '../helpers/both-stores.ts';
import { runCli } from '../helpers/cli-process.ts';
import { gateTool } from '../helpers/gate-tool.ts';

let h: ApprovalsLab | undefined;
let store: BotStore | undefined;
afterEach(async () => {
  await h?.close();
  await store?.close();
  h = undefined;
  store = undefined;
});

const bounce: Parameters<ApprovalService['create']>[0] = {
  env: 'lab',
  steps: [{ tool: 'bounce_vm', input: { vm: 'web02' } }],
  requester: slack('UREQ'),
  origin: { env: 'lab', channel: 'C1' },
};

async function created(p = bounce): Promise<ApprovalRequest> {
  const r = await h!.service.approvals.create(p);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.request;
}

/** Reads the row's JSON with SQL, edits it, writes it back with SQL (revision column untouched or bumped). */
async function sqlEdit(
  db: StoreUnderTest,
  id: string,
  edit: (r: ApprovalRequest) => void,
  opts: { bump?: boolean; updatedMs?: number } = {},
): Promise<void> {
  const [row] = (await db.sql("SELECT value, revision FROM docs WHERE ns = 'request' AND k = ?", [id])) as {
    value: string;
    revision: number;
  }[];
  const v = JSON.parse(String(row!.value)) as ApprovalRequest;
  edit(v);
  await db.sql(
    `UPDATE docs SET value = ?, revision = revision + ?, updated_ms = ${opts.updatedMs ?? Date.now()} WHERE ns = 'request' AND k = ?`,
    [JSON.stringify(v), opts.bump ? 1 : 0, id],
  );
}

const refusals = async (id: string) =>
  (await h!.service.audit.list({ target: id, kind: 'integrity_refused', limit: 50 })).map((e) => e.outcome);

describeOnBothStores('rows forged with SQL never run', (backend) => {
  const open = async (o: Parameters<typeof startApprovalsLab>[0] = {}) => {
    store = await backend().open();
    h = await startApprovalsLab({ ...o, store });
  };

  it('a forged approval row plus one real approval: refused, ended, audited, nothing reached the API', async () => {
    await open();
    const req = await created();
    await sqlEdit(backend(), req.id, (r) => {
      r.approvals.push({ user: 'UAPP1', at: r.createdAt, sig: 'f'.repeat(64) } as never);
    });
    const d = await h!.service.approvals.approve(req.id, slack('UAPP2'));
    expect(d).toMatchObject({ ok: false, code: 'tampered', message: expect.stringMatching(/signature/) });
    expect(h!.labCalls).toEqual([]);
    expect((await h!.service.approvals.get(req.id))?.status).toBe('failed');
    expect(await refusals(req.id)).toEqual([
      expect.stringMatching(/^refused: its signature does not verify/),
    ]);
    // A later click meets a finished request, never a runnable one.
    expect(await h!.service.approvals.approve(req.id, slack('UAPP1'))).toMatchObject({ ok: false });
    expect(h!.labCalls).toEqual([]);
    expect(await h!.service.audit.verify()).toMatchObject({ ok: true, signed: true });
  });

  it('a vote copied from another request with its real signature is refused', async () => {
    await open();
    const a = await created({ ...bounce, steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }] });
    const b = await created();
    const first = await h!.service.approvals.approve(a.id, slack('UAPP1'));
    await (first.ok ? first.execution : undefined);
    expect(h!.labCalls).toEqual(['stop web01']);
    const vote = (await h!.service.approvals.get(a.id))!.approvals[0]!;
    expect(vote.sig).toMatch(/^[0-9a-f]{64}$/);
    // Re-signing the row is impossible without the key, so the forger leaves the row signature alone.
    await sqlEdit(backend(), b.id, (r) => {
      r.approvals.push(vote);
    });
    expect(await h!.service.approvals.approve(b.id, slack('UAPP2'))).toMatchObject({ code: 'tampered' });
    expect(h!.labCalls).toEqual(['stop web01']);
  });

  it('a status forged to approved with two forged votes: the sweep ends it, nothing runs', async () => {
    await open({ leaseMs: 1 });
    const req = await created();
    await sqlEdit(
      backend(),
      req.id,
      (r) => {
        r.status = 'approved';
        r.approvals = [
          { user: 'UAPP1', at: r.createdAt },
          { user: 'UAPP2', at: r.createdAt },
        ];
      },
      { updatedMs: 0 },
    );
    await h!.service.approvals.sweep();
    expect((await h!.service.approvals.get(req.id))?.status).toBe('failed');
    expect(await h!.service.approvals.resume(req.id, slack('UAPP1'))).toMatchObject({ ok: false });
    expect(h!.labCalls).toEqual([]);
    // The sweep's refusal first; the ended row keeps the forged votes as evidence, so the Resume is refused too.
    expect((await refusals(req.id)).reverse()).toEqual([
      expect.stringMatching(/its signature does not verify/),
      expect.stringMatching(/the approval by UAPP1 carries no valid signature/),
    ]);
  });

  it('an edited expiry is detected before approval, not honoured', async () => {
    let clock = Date.now();
    await open({ now: () => new Date(clock) });
    const req = await created();
    clock += 16 * 60_000;
    await sqlEdit(backend(), req.id, (r) => {
      r.expiresAt = new Date(clock + 86_400_000).toISOString();
    });
    expect(await h!.service.approvals.approve(req.id, slack('UAPP1'))).toMatchObject({ code: 'tampered' });
    expect(h!.labCalls).toEqual([]);
  });

  it('the executor refuses the next step when the row is edited while a step runs: no grant, no call', async () => {
    const g = gateTool('gate_step', { gated: true });
    await open({ extraTools: [g.tool] });
    const req = await created({
      ...bounce,
      steps: [
        { tool: 'gate_step', input: { label: 'a' } },
        { tool: 'stop_vm', input: { vm: 'web01' } },
      ],
    });
    const d = await h!.service.approvals.approve(req.id, slack('UAPP1'));
    await g.started('a');
    // Only the pool is widened; steps and hash stay as approved, so only the signature can tell.
    await sqlEdit(backend(), req.id, (r) => {
      r.approverPool = [...r.approverPool, 'UMALLORY'];
    });
    g.open('a');
    const final = await (d.ok ? d.execution : undefined);
    expect(final?.status).toBe('failed');
    expect(final?.outcome).toMatch(/refused before running: its signature does not verify.*not run: step 2/);
    expect(h!.labCalls).toEqual([]);
    expect(await refusals(req.id)).toHaveLength(1);
  });

  it('an older signed copy put back after the run (a replay) is refused', async () => {
    await open();
    const req = await created({ ...bounce, steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }] });
    const [old] = (await backend().sql("SELECT value FROM docs WHERE ns = 'request' AND k = ?", [
      req.id,
    ])) as {
      value: string;
    }[];
    const d = await h!.service.approvals.approve(req.id, slack('UAPP1'));
    await (d.ok ? d.execution : undefined);
    expect(h!.labCalls).toEqual(['stop web01']);
    h!.lab.world.startVm(h!.lab.world.vms.find((v) => v.name === 'web01')!);
    const before = h!.labCalls.length;
    await backend().sql("UPDATE docs SET value = ?, revision = 1 WHERE ns = 'request' AND k = ?", [
      String(old!.value),
      req.id,
    ]);
    // Burying the history under unsigned rows about the same request does not hide it.
    const top = (await h!.service.audit.list({ limit: 1 }))[0]!.seq;
    for (let i = 1; i <= 60; i++)
      await backend().sql(
        "INSERT INTO audit (seq, at, actor, via, kind, target, outcome, detail, prev_hash, hash) VALUES (?, ?, 'bot', 'system', 'approval', ?, 'approved', ?, ?, ?)",
        [
          top + i,
          new Date().toISOString(),
          req.id,
          JSON.stringify({ revision: 1 }),
          '0'.repeat(64),
          '1'.repeat(64),
        ],
      );
    const again = await h!.service.approvals.approve(req.id, slack('UAPP2'));
    expect(again).toMatchObject({
      code: 'tampered',
      message: expect.stringMatching(/older copy was put back/),
    });
    expect(h!.labCalls.length).toBe(before);
  });

  it('audit: a chain rebuilt with SQL and a cut tail are both named by verify and by `cloudops audit --verify`', {
    timeout: 60_000,
  }, async () => {
    await open();
    const req = await created({ ...bounce, steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }] });
    const d = await h!.service.approvals.approve(req.id, slack('UAPP1'));
    await (d.ok ? d.execution : undefined);
    const all = [...(await h!.service.audit.list({ limit: 1000 }))].reverse();
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.every((e) => /^[0-9a-f]{64}$/.test(e.mac ?? ''))).toBe(true);
    const cfg = await cliConfig(backend());
    const ok = await runCli(['audit', '--verify', '--config', cfg]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit chain ok: \d+ entries, signed/);

    // Edit entry 2 and rebuild every later hash, as a forger without the key can.
    let prev = GENESIS;
    for (const e of all) {
      const edited: AuditEntry = e.seq === 2 ? { ...e, outcome: 'rejected' } : { ...e };
      const { hash: _h, mac: _m, ...body } = { ...edited, prevHash: prev };
      const hash = entryHash(body);
      await backend().sql('UPDATE audit SET outcome = ?, prev_hash = ?, hash = ? WHERE seq = ?', [
        edited.outcome,
        prev,
        hash,
        e.seq,
      ]);
      prev = hash;
    }
    expect(await h!.service.audit.verify()).toMatchObject({
      ok: false,
      firstBad: 2,
      why: expect.stringMatching(/no valid signature/),
    });
    const broken = await runCli(['audit', '--verify', '--config', cfg]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN at entry 2/);

    // Put the real rows back, then cut the last two off the end.
    for (const e of all)
      await backend().sql('UPDATE audit SET outcome = ?, prev_hash = ?, hash = ? WHERE seq = ?', [
        e.outcome,
        e.prevHash,
        e.hash,
        e.seq,
      ]);
    expect(await h!.service.audit.verify()).toMatchObject({ ok: true });
    const last = all.at(-1)!.seq;
    await backend().sql('DELETE FROM audit WHERE seq >= ?', [last - 1]);
    expect(await h!.service.audit.verify()).toMatchObject({
      ok: false,
      firstBad: last - 1,
      why: expect.stringMatching(/removed from the end/),
    });
    const cut = await runCli(['audit', '--verify', '--config', cfg]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/removed from the end/);
    expect(`${ok.stdout}${ok.stderr}${cut.stdout}${cut.stderr}`).not.toContain(
      readFileSync(auditKeyPath(h!.lab.configPath), 'utf8').trim(),
    );
  });
});

const auditKeyPath = (configPath: string) =>
  (parse(readFileSync(configPath, 'utf8')) as { auditKeyFile: string }).auditKeyFile;

/** The lab's config pointed at the store under test, for the CLI (which reads the key from auditKeyFile). */
async function cliConfig(db: StoreUnderTest): Promise<string> {
  const cfg = parse(readFileSync(h!.lab.configPath, 'utf8')) as Record<string, unknown>;
  cfg.store = db.config();
  const path = join(h!.lab.dir, `cli-${db.engine}.yaml`);
  await writeFile(path, stringify(cfg), { mode: 0o600 });
  return path;
}
