/** `cloudops lab-ctl` changes a running lab through its control surface; a wrong token is refused there. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy' });
});
afterAll(() => lab.close());

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} } };
};

it('raises a CloudStack alert and splits a DRBD resource in the running lab', async () => {
  const a = io();
  expect(
    await main(
      ['lab-ctl', '--dir', lab.dir, 'raise-alert', '--type', '7', '--description', 'Host kvm01 is down'],
      a.io,
    ),
  ).toBe(0);
  expect(lab.world.signals.alerts.map((x) => [x.type, x.description])).toEqual([[7, 'Host kvm01 is down']]);
  const b = io();
  expect(
    await main(['lab-ctl', '--dir', lab.dir, 'drbd-standalone', '--pair', 'nfs-a', '--resource', 'r0'], b.io),
  ).toBe(0);
  expect(Object.values(lab.world.storagePairs[0]!.drbd[0]!.nodes).map((n) => n.connection)).toEqual([
    'StandAlone',
    'StandAlone',
  ]);
  const c = io();
  expect(
    await main(['lab-ctl', '--dir', lab.dir, 'drbd-standalone', '--pair', 'nope', '--resource', 'r0'], c.io),
  ).toBe(1);
  expect(c.err.join('\n')).toMatch(/no storage pair nope/);
});

it('refuses a wrong token', async () => {
  const r = await fetch(lab.control.url, {
    method: 'POST',
    headers: { authorization: 'Bearer wrong' },
    body: JSON.stringify({ action: 'raise-alert', type: 1, description: 'x' }),
  });
  expect(r.status).toBe(401);
});
