/**
 * Fault matrix: the real Bolt app on the real OpsService over the memory-cap lab, one fault at a time. For
 * each row the bot acks inside Slack's 3 s, answers within its deadline, names what failed, still reports
 * what it could check, and answers the next request normally once the fault is gone.
 *
 * Rows proven elsewhere and not repeated here:
 * - host hangs before the SSH banner, through Slack: test/slack/lab-e2e.test.ts ("a dead host …");
 *   executor level: test/ssh/executor.test.ts ("gives up on a silent host within connectTimeoutMs").
 * - model 429 and model timeout: test/assistant/failures.test.ts (429 retried then named; timeout named, EN/JA).
 * - Slack 5xx on chat.update: test/slack/http-mode.test.ts ("keeps a finished result when chat.update answers 500").
 * - Slack 429 on chat.postMessage: test/slack/http-mode.test.ts ("honours 429 Retry-After on chat.postMessage").
 * - 50 concurrent slash commands while a host hangs: test/slack/load.test.ts.
 * - reader session faults (hung command in the session, oversize, abort, look-alike end marker):
 *   test/ssh/reader-session.test.ts.
 * - DB down: test/db/errors.test.ts (ECONNREFUSED and access denied become a short database error, no password).
 *   Not yet here at the Slack level: the memory-cap lab has no DB door (a gap, see issue 10).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import type { HostFault } from '../../src/lab/scenario.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import type { SlackBot } from '../../src/slack/app.ts';
import { capturedLogger, plantLabSecrets } from '../helpers/canaries.ts';
import { SIGNING_SECRET, startBotOn } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { mentionEvent, postSigned, slashBody } from '../helpers/slack-sign.ts';

let fake: FakeSlack;
let lab: Lab;
let service: Awaited<ReturnType<typeof createOpsService>>;
let bot: SlackBot;
let events: string;

beforeAll(async () => {
  fake = await FakeSlack.start();
  lab = await startLab({
    scenario: 'memory-cap',
    logger: capturedLogger('fault-matrix lab'),
    connectTimeoutMs: 1500,
    commandTimeoutMs: 1500,
  });
  // The API door's own timeout, short so the 'slow' API row ends quickly (the lab's slow fault waits 10 s).
  const cfg = (await readFile(lab.configPath, 'utf8')).replace(/timeoutMs: 5000\b/, 'timeoutMs: 1500');
  await writeFile(lab.configPath, cfg);
  await plantLabSecrets(lab.configPath);
  service = await createOpsService({
    loaded: await loadConfig(lab.configPath, {}),
    logger: capturedLogger('fault-matrix ops service'),
  });
  const started = await startBotOn(fake, { kind: 'http', signingSecret: SIGNING_SECRET }, service);
  bot = started.bot;
  events = `http://127.0.0.1:${started.port}/slack/events`;
});
afterAll(async () => {
  await bot?.stop(1000);
  await service?.close();
  await lab?.close();
  await fake?.close();
});

const text = (c: { body: Record<string, unknown> }) =>
  `${String(c.body.text ?? '')} ${JSON.stringify(c.body.blocks ?? '')}`;
const FULL_RESULT = '5 of 5 running VMs have only 50% of their offering';
let seq = 0;

/** One `/cloudops audit memory`; resolves with the ack time and the final message (not a progress note). */
async function audit(done: (t: string) => boolean): Promise<{ ackMs: number; final: string }> {
  const id = `fault${++seq}`;
  const res = await postSigned(
    events,
    SIGNING_SECRET,
    slashBody('audit memory', { channel: 'C0OPS', responseUrl: fake.responseUrl(id) }),
  );
  expect(res.status).toBe(200);
  const final = await fake.waitFor(
    () => fake.responses.filter((r) => r.path === `/response/${id}`).find((r) => done(text(r))),
    30_000,
  );
  return { ackMs: res.ms, final: text(final) };
}

const isFinal = (t: string) => t.includes('running VMs') || /could not|error|failed/i.test(t);

interface Row {
  fault: string;
  apply(): Promise<void> | void;
  clear(): Promise<void> | void;
  /** What the answer must name. */
  names: RegExp;
  /** The part of the answer that must survive the fault (nothing lost). */
  keeps?: string;
}

const hostRow = (fault: HostFault, names: RegExp): Row => ({
  fault: `kvm02 ${fault}`,
  apply: () => lab.setHostFault('kvm02', fault),
  clear: () => lab.setHostFault('kvm02', 'none'),
  names,
  keeps: FULL_RESULT,
});

const rows: Row[] = [
  hostRow('refused', /kvm02: unreachable — cannot reach kvm02 \([^)]*\): connection refused/),
  // the command hangs past commandTimeoutMs
  hostRow('slow', /kvm02: unreachable — command timeout: virsh\.domstats on kvm02 did not finish/),
  hostRow('wrong-key', /kvm02: unreachable — host key for kvm02 changed: got SHA256:\S+, pinned SHA256:/),
  {
    fault: 'CloudStack API 5xx',
    apply: () => lab.setApiFault('5xx'),
    clear: () => lab.setApiFault('none'),
    names: /fleet_memory_audit failed: CloudStack list\w+ failed \(530\/9999\)/,
  },
  {
    fault: 'CloudStack API slow',
    apply: () => lab.setApiFault('slow'),
    clear: () => lab.setApiFault('none'),
    names: /CloudStack did not answer \w+ within 1500 ms/,
  },
];

describe('fault matrix (Slack → OpsService → lab)', () => {
  for (const row of rows) {
    it(`${row.fault}: acks in time, names the failure, keeps what it could check, then recovers`, async () => {
      await row.apply();
      try {
        const during = await audit(isFinal);
        expect(during.ackMs).toBeLessThan(3000); // Slack's own deadline: the point of the row
        expect(during.final).toMatch(row.names);
        if (row.keeps) expect(during.final).toContain(row.keeps);
        expect(during.final).not.toContain(':white_check_mark:');
      } finally {
        await row.clear();
      }
      const after = await audit((t) => t.includes(FULL_RESULT));
      expect(after.final).not.toMatch(/kvm02 .*unreachable/i);
    });
  }

  it('kvm02 refuses the reader program (ForceCommand): the audit is complete over exec channels', async () => {
    const kvm02 = lab.hosts.get('kvm02')!;
    await lab.setHostFault('kvm02', 'forced-command');
    try {
      const execs = kvm02.execCount();
      const reads = kvm02.readerRequestCount();
      const during = await audit(isFinal);
      expect(during.ackMs).toBeLessThan(3000);
      expect(during.final).toContain(FULL_RESULT);
      expect(during.final).not.toMatch(/kvm02: unreachable|could not/i);
      // The refused program and the fallback exec both reached the host; no request went through a reader.
      expect(kvm02.execCount()).toBeGreaterThanOrEqual(execs + 2);
      expect(kvm02.readerRequestCount()).toBe(reads);
    } finally {
      await lab.setHostFault('kvm02', 'none');
    }
  });

  it('Slack 429 with Retry-After on chat.update: the answer is retried after the wait, not lost', async () => {
    fake.rateLimitOnce('chat.update', 1);
    const before = fake.calls.length;
    await postSigned(
      events,
      SIGNING_SECRET,
      JSON.stringify(
        mentionEvent('<@UBOT> VMs only see 3GB', { eventId: 'EvFault429', ts: '1700000900.000100' }),
      ),
      { contentType: 'application/json' },
    );
    await fake.waitFor(
      () =>
        fake.calls
          .slice(before)
          .find((c) => c.method === 'chat.update' && c.status === 200 && text(c).includes('50%')),
      20_000,
    );
    const updates = fake.calls.slice(before).filter((c) => c.method === 'chat.update');
    expect(updates[0]?.status).toBe(429);
    const retried = updates.find((c) => c.status === 200);
    expect(retried!.at - updates[0]!.at).toBeGreaterThanOrEqual(950);
  });
});
