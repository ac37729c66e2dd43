/**
 * Slack under load (issue 10): 50 concurrent signed slash commands into one channel while one host hangs,
 * through Bolt's own HTTPReceiver. Counts Web API writes and checks their order against the tools' finish
 * events; the only time bound asserted is Slack's own 3 s ack deadline.
 */
import { describe, expect, it } from 'vitest';
import { httpTestBotPerFile } from '../helpers/http-test-bot.ts';
import { SIGNING_SECRET } from '../helpers/slack-bot.ts';
import { postSigned, slashBody } from '../helpers/slack-sign.ts';

const h = httpTestBotPerFile();

const N = 50;
const HUNG = 'kvm50';
const host = (i: number) => `kvm${String(i + 1).padStart(2, '0')}`;

describe('Slack under load', () => {
  it('50 concurrent slash commands while a host hangs: ack carries the first response, one write per result, none waits for the hung host', {
    timeout: 30_000,
  }, async () => {
    h.t.service.delayFor = (_name, input) => ((input as { host?: string }).host === HUNG ? 3000 : 150);
    const acks = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        postSigned(
          h.events,
          SIGNING_SECRET,
          slashBody(`host ${host(i)} memory`, { channel: 'C0OPS', responseUrl: h.fake.responseUrl(host(i)) }),
        ),
      ),
    );
    // First visible response = the ack itself, in the channel, for every request.
    for (const [i, a] of acks.entries()) {
      expect(a.status).toBe(200);
      expect(a.ms).toBeLessThan(3000);
      const body = JSON.parse(a.text) as { response_type: string; text: string };
      expect(body.response_type).toBe('in_channel');
      expect(body.text).toContain(`host ${host(i)} memory`);
    }
    const sorted = acks.map((a) => a.ms).sort((x, y) => x - y);
    console.info(
      `slash ack over loopback, ${N} concurrent: p50 ${sorted[N / 2]} ms, p99 ${sorted[Math.ceil(N * 0.99) - 1]} ms`,
    );

    const resultOf = (name: string) =>
      h.fake.responses.find(
        (r) => r.path === `/response/${name}` && String(r.body.text).includes(`host_memory`),
      );
    await h.fake.waitFor(() => Array.from({ length: N }, (_, i) => resultOf(host(i))).every(Boolean), 20_000);

    // Fewest writes: exactly one response_url use per request and no Web API message writes at all.
    for (let i = 0; i < N; i++)
      expect(h.fake.responses.filter((r) => r.path === `/response/${host(i)}`)).toHaveLength(1);
    const writes = h.fake.calls.filter((c) => /^chat\.|^files\./.test(c.method));
    expect(writes).toHaveLength(0);

    // Each result is written after its own tool finished, and the 49 fast ones before the hung tool finished.
    const finishedAt = new Map(h.t.service.finished.map((f) => [(f.input as { host: string }).host, f.seq]));
    const hungFinish = finishedAt.get(HUNG)!;
    for (let i = 0; i < N; i++) {
      const r = resultOf(host(i))!;
      expect(r.body).toMatchObject({ response_type: 'in_channel', replace_original: true });
      expect(r.seq).toBeGreaterThan(finishedAt.get(host(i))!);
      if (host(i) !== HUNG) expect(r.seq).toBeLessThan(hungFinish);
    }
    h.t.service.delayFor = undefined;
  });
});
