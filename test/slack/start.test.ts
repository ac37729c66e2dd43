import { spawn } from 'node:child_process';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpsError } from '../../src/core/errors.ts';
import { startSlackBot } from '../../src/slack/start.ts';
import { SIGNING_SECRET } from '../helpers/slack-bot.ts';
import { FakeSlack } from '../helpers/slack-fake-api.ts';
import { OpsServiceDouble } from '../helpers/slack-ops-double.ts';
import { postSigned, slashBody } from '../helpers/slack-sign.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.badTokens.add('xoxb-revoked');
  fake.badTokens.add('xapp-1-revoked');
});
afterAll(async () => {
  await fake?.close();
});

const noAccess = { allowedChannels: [], allowedUsers: [], allowedUserGroups: [] };
const start = (env: NodeJS.ProcessEnv, http?: boolean) =>
  startSlackBot({
    service: new OpsServiceDouble(),
    env: { PORT: '0', HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl, ...env },
    logger: pino({ level: 'silent' }),
    access: noAccess,
    handleSignals: false,
    ...(http ? { http } : {}),
  });

async function startupError(env: NodeJS.ProcessEnv, http?: boolean) {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const err = await start(env, http).then(
      (b) => b.stop().then(() => undefined),
      (e: unknown) => e,
    );
    // An absence is asserted here (no stray rejection from a half-started client): there is no event for
    // "nothing more will happen", so this is a window, and a failure in it is real (a pass cannot be fake).
    await new Promise((r) => setTimeout(r, 300));
    expect(unhandled).toEqual([]);
    if (!isOpsError(err)) throw new Error(`expected an OpsError, got ${String(err)}`);
    expect(err.userMessage).not.toContain('\n');
    return err;
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
}

describe('startSlackBot', () => {
  it.each([
    [{}, 'SLACK_BOT_TOKEN is not set'],
    [{ SLACK_BOT_TOKEN: 'xapp-1-wrong-kind' }, 'must be a bot token'],
    [{ SLACK_BOT_TOKEN: 'xoxb-ok' }, 'Socket Mode needs SLACK_APP_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_APP_TOKEN: 'xoxb-also' }, 'must be an app-level token'],
    [
      { SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_APP_TOKEN: 'xapp-1-ok', PORT: 'eighty' },
      'PORT must be a port number',
    ],
  ])('refuses %j with one clear line', async (env, text) => {
    const err = await startupError(env);
    expect(err.code).toBe('config_invalid');
    expect(err.userMessage).toContain(text);
  });

  it('--http without a signing secret says what to set', async () => {
    expect(
      (await startupError({ SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_APP_TOKEN: 'xapp-1-ok' }, true)).userMessage,
    ).toContain('SLACK_SIGNING_SECRET');
  });

  it('a revoked bot token rejects cleanly (no unhandled rejection)', async () => {
    const err = await startupError({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(err.code).toBe('slack_auth');
    expect(err.userMessage).toContain('SLACK_BOT_TOKEN (invalid_auth)');
  });

  it('a revoked app token rejects cleanly in Socket Mode', async () => {
    const err = await startupError({ SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_APP_TOKEN: 'xapp-1-revoked' });
    expect(err.code).toBe('slack_auth');
    expect(err.userMessage).toContain('SLACK_APP_TOKEN');
  });

  it('HTTP mode: /healthz, safe default access (nobody until configured), then a clean stop', async () => {
    const bot = await start({ SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(bot.port).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
    const res = await postSigned(
      `http://127.0.0.1:${bot.port}/slack/events`,
      SIGNING_SECRET,
      slashBody('audit memory', { responseUrl: fake.responseUrl('closed') }),
    );
    // The refusal is the ack itself, ephemeral.
    const ack = JSON.parse(res.text) as Record<string, unknown>;
    expect(ack.response_type).toBe('ephemeral');
    expect(String(ack.text)).toContain('CLOUDOPS_SLACK_ALLOW_ALL');
    await bot.stop();
    await expect(fetch(`http://127.0.0.1:${bot.port}/healthz`)).rejects.toThrow();
  });

  it('CLOUDOPS_SLACK_ALLOW_ALL=1 opens it to everyone', async () => {
    const bot = await start({
      SLACK_BOT_TOKEN: 'xoxb-ok',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      CLOUDOPS_SLACK_ALLOW_ALL: '1',
    });
    const res = await postSigned(
      `http://127.0.0.1:${bot.port}/slack/events`,
      SIGNING_SECRET,
      slashBody('envs', { responseUrl: fake.responseUrl('open') }),
    );
    expect(JSON.stringify((JSON.parse(res.text) as Record<string, unknown>).blocks)).toContain('prod');
    await bot.stop();
  });

  it('exits 0 on SIGTERM after finishing in-flight work (child process)', { timeout: 20_000 }, async () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const child = spawn(
      path.join(root, 'node_modules', '.bin', 'node'),
      [path.join(root, 'test', 'helpers', 'slack-bot-main.ts')],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          HOST: '127.0.0.1',
          SLACK_API_URL: fake.apiUrl,
          SLACK_BOT_TOKEN: 'xoxb-ok',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          CLOUDOPS_SLACK_ALLOW_ALL: '1',
          DOUBLE_DELAY_MS: '800',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const port = await fake.waitFor(() => /READY (\d+)/.exec(out)?.[1], 10_000, `READY (stderr: ${err})`);
    const res = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      SIGNING_SECRET,
      slashBody('drbd', { channel: 'C0SIG', responseUrl: fake.responseUrl('sig') }),
    );
    // Acked with the running line: the request is in flight (0.8 s) when SIGTERM arrives.
    expect(res.text).toContain('Running');
    const killedAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // In-flight work (0.8 s) plus the per-channel posting gaps, not undici's 4 s keep-alive.
    expect(Date.now() - killedAt).toBeLessThan(3500);
    expect(out).toContain('EXIT service-closed=true');
    // The request that was running when SIGTERM arrived still got its answer.
    expect(
      fake.responses.some(
        (r) => r.path === '/response/sig' && JSON.stringify(r.body.blocks).includes('drbd_status: all good'),
      ),
    ).toBe(true);
    expect(err).toContain('slack bot stopped');
  });
});
