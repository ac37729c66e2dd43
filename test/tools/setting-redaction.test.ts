/**
 * Secret CloudStack settings never leave the bot in clear: the lab plants canary values in settings CloudStack
 * files as Secure/Hidden or names as secrets, and no surface (envelope/--json, text, Slack, logs) shows them.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { REDACTED } from '../../src/core/redact.ts';
import { SECRET_CANARIES } from '../../src/lab/settings-catalog.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { envelopeMessage } from '../../src/slack/blocks/envelope.ts';
import { renderToolText } from '../../src/tools/render.ts';

const logLines: string[] = [];
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
let lab: Lab;
let service: Awaited<ReturnType<typeof createOpsService>>;
beforeAll(async () => {
  lab = await startLab({ scenario: 'memory-cap', logger });
  service = await createOpsService({ loaded: await loadConfig(lab.configPath, {}), logger });
});
afterAll(async () => {
  await service.close();
  await lab.close();
});

const noCanary = (text: string): void => {
  for (const c of SECRET_CANARIES) expect(text).not.toContain(c);
};

describe('secret settings', () => {
  it.each(['ldap.bind.password', 'security.singlesignon.key', 'ldap', 'password', 'key'])(
    'query %s: envelope, text, Slack message and logs carry no canary',
    async (query) => {
      const e = await service.runTool('cloudstack_setting', { query }, { lang: 'en' });
      expect(e.status).toBe('ok');
      noCanary(JSON.stringify(e));
      const tool = service.registry.get('cloudstack_setting');
      const text = renderToolText(tool, e, 'en');
      noCanary(text);
      noCanary(JSON.stringify(envelopeMessage(e, { lang: 'en', fullText: text })));
      noCanary(logLines.join(''));
      expect(JSON.stringify(e)).toContain(REDACTED);
    },
  );

  it('the lab really holds the canaries (the test could fail)', async () => {
    expect(lab.world.globals.get('ldap.bind.password')).toBe(SECRET_CANARIES[0]);
  });

  it('CLI table and --json', async () => {
    for (const json of [false, true]) {
      const out: string[] = [];
      const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), env: { LOG_LEVEL: 'silent' } };
      const args = ['tool', 'cloudstack_setting', '--query', 'ldap', '--lab', 'memory-cap'];
      expect(await main(json ? [...args, '--json'] : args, io)).toBe(0);
      expect(out.join('\n')).toContain('ldap.bind.password');
      noCanary(out.join('\n'));
    }
  });
});
