/**
 * Approvals across processes: two bot processes on one MariaDB run a request once; kill -9 between request
 * and approval leaves every request approvable or expired with a verifiable audit chain; kill -9 in the
 * middle of a rolling plan leaves it paused with the in-flight step unknown, and nothing is re-run.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/approvals/types.ts';
import type { BotStore } from '../../src/store/audit-rows.ts';
import { openMysqlStore } from '../../src/store/mysql-store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { type ApprovalsLab, slack, startApprovalsLab } from '../helpers/approvals-lab.ts';
import { type Child, spawnChild } from '../helpers/child-lines.ts';
import { fileStepTool, readRuns } from '../helpers/file-step-tool.ts';
import { createScratchDatabase, describeWithMariaDb, type ScratchDatabase } from '../helpers/mariadb.ts';

const child = (cmd: Record<string, unknown>): Child => spawnChild('approvals-child.ts', cmd);

const killHard = async (c: Child) => {
  c.proc.kill('SIGKILL');
  await c.exited;
};

let h: ApprovalsLab | undefined;
let store: BotStore | undefined;
let db: ScratchDatabase | undefined;
afterEach(async () => {
  await h?.close();
  await store?.close();
  await db?.drop();
  h = store = db = undefined;
});

const fileStep = (label: string) => ({ tool: 'file_step', input: { label } });

it('kill -9 between request and approval, 20 times: every request is still approvable and the chain verifies', {
  timeout: 180_000,
}, async () => {
  h = await startApprovalsLab();
  const dir = h.lab.dir;
  const dbPath = join(dir, 'kill.db');
  const runsFile = join(dir, 'runs.txt');
  const seen: string[] = [];
  for (let round = 0; round < 20; round++) {
    const c = child({
      mode: 'create-loop',
      configPath: h.lab.configPath,
      store: { engine: 'sqlite', path: dbPath },
      runsFile,
    });
    // Kill at varying points: after the 1st to 4th create, while it races on into the next write.
    seen.push((await c.waitFor(/^ID /, 1 + (round % 4))).slice(3));
    await killHard(c);
  }
  store = openSqliteStore(dbPath);
  const { openServiceOnLab } = await import('../helpers/approvals-lab.ts');
  const service = await openServiceOnLab(h.lab.configPath, { store, extraTools: [fileStepTool(runsFile)] });
  try {
    expect(await service.audit.verify()).toMatchObject({ ok: true });
    const all = await service.approvals.list({ limit: 1000 });
    expect(all.length).toBeGreaterThanOrEqual(20);
    for (const id of seen) expect(all.some((r) => r.id === id)).toBe(true);
    for (const r of all) {
      expect(r.status).toBe('pending');
      const d = await service.approvals.approve(r.id, slack('UAPP2'));
      expect(d.ok).toBe(true);
      expect((await (d.ok ? d.execution : undefined))?.status).toBe('done');
    }
    expect(readRuns(runsFile).sort()).toEqual(all.map((r) => r.steps[0]!.input.label as string).sort());
    expect(await service.audit.verify()).toMatchObject({ ok: true });
  } finally {
    await service.close();
  }
});

it('kill -9 in the middle of a rolling plan: paused, in-flight step unknown, nothing re-run; resume verifies it', {
  timeout: 60_000,
}, async () => {
  h = await startApprovalsLab();
  const dbPath = join(h.lab.dir, 'plan.db');
  const runsFile = join(h.lab.dir, 'plan-runs.txt');
  store = openSqliteStore(dbPath);
  const { openServiceOnLab } = await import('../helpers/approvals-lab.ts');
  const leaseMs = 300;
  const service = await openServiceOnLab(h.lab.configPath, {
    store,
    leaseMs,
    extraTools: [fileStepTool(runsFile)],
  });
  try {
    const r = await service.approvals.create({
      env: 'lab',
      steps: ['a', 'b', 'c'].map(fileStep),
      requester: slack('UREQ'),
      origin: { env: 'lab' },
    });
    if (!r.ok) throw new Error(r.message);
    const c = child({
      mode: 'run-plan',
      id: r.request.id,
      configPath: h.lab.configPath,
      store: { engine: 'sqlite', path: dbPath },
      runsFile,
      hang: ['b'],
      leaseMs,
    });
    await c.waitFor(/^STARTED b$/);
    await killHard(c);
    // The dead process's run lease must lapse first; a live replica's plan is never touched.
    let paused: string[] = [];
    while (paused.length === 0) {
      paused = await service.approvals.recover();
      if (paused.length === 0) await new Promise((res) => setTimeout(res, leaseMs / 2));
    }
    expect(paused).toEqual([r.request.id]);
    const p = (await service.approvals.get(r.request.id)) as ApprovalRequest;
    expect(p.status).toBe('paused');
    expect(p.steps.map((s) => s.status)).toEqual(['complete', 'unknown', 'pending']);
    expect(p.outcome).toMatch(/outcome of step 2 unknown.*not run: step 3/);
    expect(await service.approvals.recover()).toEqual([]);
    expect(readRuns(runsFile)).toEqual(['a', 'b']);
    const d = await service.approvals.resume(r.request.id, slack('UAPP2'));
    const final = await (d.ok ? d.execution : undefined);
    expect(final?.status).toBe('done');
    expect(final?.steps[1]?.result).toMatch(/verified after restart: b is in the file/);
    expect(readRuns(runsFile)).toEqual(['a', 'b', 'c']);
    expect(await service.audit.verify()).toMatchObject({ ok: true });
  } finally {
    await service.close();
  }
});

describeWithMariaDb('two bot processes on one MariaDB', () => {
  it('50 approvals split across two processes execute once', { timeout: 90_000 }, async () => {
    db = await createScratchDatabase();
    store = await openMysqlStore({ url: db.url });
    h = await startApprovalsLab({ store });
    const runsFile = join(h.lab.dir, 'runs.txt');
    const r = await h.service.approvals.create({
      env: 'lab',
      steps: [{ tool: 'stop_vm', input: { vm: 'web01' } }],
      requester: slack('UREQ'),
      origin: { env: 'lab' },
    });
    if (!r.ok) throw new Error(r.message);
    const cmd = {
      mode: 'approve',
      id: r.request.id,
      clicks: 25,
      configPath: h.lab.configPath,
      store: { engine: 'mysql', url: db.url },
      runsFile,
    };
    const kids = [child(cmd), child(cmd)];
    const results = (await Promise.all(kids.map((k) => k.waitFor(/^RESULT /)))).map(
      (l) => JSON.parse(l.slice(7)) as { won: number; codes: string[]; final?: string },
    );
    await Promise.all(kids.map((k) => k.exited));
    expect(results.reduce((n, x) => n + x.won, 0)).toBe(1);
    expect(results.map((x) => x.final).filter(Boolean)).toEqual(['done']);
    expect(h.labCalls).toEqual(['stop web01']);
    expect((await h.service.approvals.get(r.request.id))?.status).toBe('done');
    expect(await h.service.audit.verify()).toMatchObject({ ok: true });
  });
});
