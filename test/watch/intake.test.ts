/**
 * The alert webhooks over real HTTP into the running bot: an Alertmanager (v4) and a Zabbix alert for
 * inventory hosts each open a thread with the runbooks' investigation, a resolution replies in that thread;
 * a wrong secret is 401, a 2 MB body 413, malformed JSON 400 — each recorded in the audit.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signBody } from '../../src/intake/auth.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { MUTE_ACTION, SNOOZE_HOUR_ACTION } from '../../src/watch/messages.ts';
import { recordKey, WATCH_NS } from '../../src/watch/record-key.ts';
import type { ProblemRecord } from '../../src/watch/types.ts';
import { SIGNING_SECRET } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { buttonClickBody, postSigned } from '../helpers/slack-sign.ts';
import {
  INTAKE_SECRET,
  replies,
  startWatchBot,
  textOf,
  topPosts,
  type WatchBot,
} from '../helpers/watch-bot.ts';

let lab: Lab;
let fake: FakeSlack;
let bot: WatchBot;

beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy' });
  fake = await FakeSlack.start();
  bot = await startWatchBot(lab, fake, {
    watches: { channel: 'C0OPS', checks: [] },
    intake: { port: 0, channel: 'C0ESC', maxBodyBytes: 1024 * 1024 },
  });
});
afterAll(async () => {
  await bot.stop();
  await fake.close();
  await lab.close();
});

const url = (p: string) => `http://127.0.0.1:${bot.runtime.intakePort}/alerts/${p}`;
const post = (p: string, body: string, headers: Record<string, string>) =>
  fetch(url(p), { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const bearer = { authorization: `Bearer ${INTAKE_SECRET}` };

const amPayload = (status: 'firing' | 'resolved') => ({
  version: '4',
  status,
  receiver: 'cloudops',
  groupKey: '{}:{alertname="HostMemoryHigh"}',
  alerts: [
    {
      status,
      labels: { alertname: 'HostMemoryHigh', instance: 'kvm01:9100', severity: 'critical' },
      annotations: { summary: 'memory almost full', description: 'kvm01 has 2% memory left' },
      startsAt: '2026-11-29T04:00:00Z',
      endsAt: status === 'resolved' ? '2026-11-29T04:38:00Z' : '0001-01-01T00:00:00Z',
      fingerprint: 'a1b2c3d4e5f60718',
    },
  ],
});

/** POSTs a body with node:http and resolves with the status even when the server stops reading early (413). */
function rawStatus(path: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bot.runtime.intakePort, path, method: 'POST', headers: bearer },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The problem's thread as the stream stored it, once its investigation (a reply) has arrived there. */
async function threadOf(source: string, subject: string): Promise<string> {
  const key = recordKey({ env: lab.scenario.environment, source, subject });
  let ts: string | undefined;
  await fake.waitFor(
    () => {
      void bot.service.store.get<ProblemRecord>(WATCH_NS, key).then((d) => {
        ts = d?.value.thread?.ts;
      });
      return ts !== undefined && replies(fake, ts).length > 0;
    },
    30_000,
    `the thread of ${subject}`,
  );
  return ts!;
}

it('an Alertmanager alert for an inventory host opens a thread with the investigation; its resolution replies there', async () => {
  const body = JSON.stringify(amPayload('firing'));
  const r = await post('alertmanager', body, { 'x-cloudops-signature': signBody(body, INTAKE_SECRET) });
  expect(r.status).toBe(202);
  const ts = await threadOf('alertmanager', 'a1b2c3d4e5f60718');
  expect(topPosts(fake, 'C0ESC').some((c) => textOf(c).includes('HostMemoryHigh on kvm01'))).toBe(true);
  expect(replies(fake, ts).some((c) => /kvm01/.test(textOf(c)))).toBe(true);
  const r2 = await post('alertmanager', JSON.stringify(amPayload('resolved')), bearer);
  expect(r2.status).toBe(202);
  await fake.waitFor(
    () => replies(fake, ts).some((c) => /Resolved at 04:38, lasted 38 min/.test(textOf(c))),
    20_000,
    'resolved',
  );
  expect(topPosts(fake, 'C0ESC').filter((c) => textOf(c).includes('HostMemoryHigh'))).toHaveLength(1);
});

it('a Zabbix problem for an inventory host (by IP) opens a thread with the investigation', async () => {
  const host = lab.hosts.get('kvm02')!;
  const body = JSON.stringify({
    event_id: '4711',
    event_value: '1',
    host: 'kvm02.example.jp',
    host_ip: host.address,
    trigger_name: 'Free memory below 5% on kvm02',
    severity: 'High',
    message: 'Available memory 1.2 GB',
  });
  expect((await post('zabbix', body, bearer)).status).toBe(202);
  const ts = await threadOf('zabbix', 'event:4711');
  expect(replies(fake, ts).some((c) => /kvm02/.test(textOf(c)))).toBe(true);
});

it('refuses a wrong secret (401), a 2 MB body (413) and malformed JSON (400), and records each', async () => {
  const ok = JSON.stringify(amPayload('firing'));
  const wrong = await post('alertmanager', ok, { authorization: 'Bearer not-the-secret' });
  expect(wrong.status).toBe(401);
  const badSig = await post('zabbix', ok, { 'x-cloudops-signature': signBody(ok, 'other') });
  expect(badSig.status).toBe(401);
  expect(await rawStatus('/alerts/alertmanager', Buffer.alloc(2 * 1024 * 1024, 'a'))).toBe(413);
  const malformed = await post('alertmanager', '{"version": "4", ', bearer);
  expect(malformed.status).toBe(400);
  expect(((await malformed.json()) as { error: string }).error).toMatch(/malformed JSON/);
  const notV4 = await post('alertmanager', JSON.stringify({ version: '3', alerts: [] }), bearer);
  expect(notV4.status).toBe(400);
  expect(((await notV4.json()) as { error: string }).error).toMatch(/version/);
  const rows = await bot.service.audit.list({ kind: 'alert_intake' });
  const outcomes = rows.map((a) => a.outcome);
  expect(outcomes.filter((o) => o === 'unauthorized')).toHaveLength(2);
  expect(outcomes).toContain('too_large');
  expect(outcomes.filter((o) => o === 'malformed')).toHaveLength(2);
});

it('Snooze and Mute on an alert are said in its thread and recorded; a stranger cannot silence it', async () => {
  const zbx = (id: string, value: '0' | '1') =>
    JSON.stringify({
      event_id: id,
      event_value: value,
      host: 'kvm01',
      trigger_name: `Disk I/O slow ${id}`,
      severity: 'Average',
    });
  expect((await post('zabbix', zbx('4800', '1'), bearer)).status).toBe(202);
  const ts = await threadOf('zabbix', 'event:4800');
  const key = recordKey({ env: lab.scenario.environment, source: 'zabbix', subject: 'event:4800' });
  const events = `http://127.0.0.1:${bot.port}/slack/events`;
  const click = (action: string, user: string) =>
    postSigned(
      events,
      SIGNING_SECRET,
      buttonClickBody(action, key, { user, channel: 'C0ESC', responseUrl: fake.responseUrl('w1') }),
    );

  expect((await click(MUTE_ACTION, 'U0MALLORY')).status).toBe(200);
  await fake.waitFor(
    () => fake.responses.some((r) => JSON.stringify(r.body).includes('may not silence')),
    10_000,
    'refusal',
  );
  expect((await click(SNOOZE_HOUR_ACTION, 'U0ALICE')).status).toBe(200);
  await fake.waitFor(
    () => replies(fake, ts).some((c) => /<@U0ALICE> snoozed this problem until/.test(textOf(c))),
    10_000,
    'snooze note',
  );
  expect((await click(MUTE_ACTION, 'U0ALICE')).status).toBe(200);
  await fake.waitFor(
    () => replies(fake, ts).some((c) => /<@U0ALICE> muted this problem/.test(textOf(c))),
    10_000,
    'mute note',
  );
  const audit = await bot.service.audit.list({ actor: 'U0ALICE' });
  expect(audit.map((a) => a.kind).sort()).toEqual(['watch_mute', 'watch_snooze']);
  // The open thread still learns that it cleared, muted or not.
  expect((await post('zabbix', zbx('4800', '0'), bearer)).status).toBe(202);
  await fake.waitFor(() => replies(fake, ts).some((c) => /Resolved at/.test(textOf(c))), 10_000, 'resolved');
});
