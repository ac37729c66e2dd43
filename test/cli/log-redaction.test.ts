/**
 * Every log line leaves through redactText: the config's secret values and secret shapes are cut even inside an
 * error message or a host's output, in the real process with pino writing to fd 2.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const OPEN_SERVICE = fileURLToPath(new URL('../../src/cli/open-service.ts', import.meta.url));
const KNOWN = 'cfg-secret-9f8e7d6c5b4a';
const SLACK = 'xoxb-123456789012-abcdefghijkl';
const PEM =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';

function logInChild(): Promise<string> {
  const script = `
    import { cliLogger } from ${JSON.stringify(OPEN_SERVICE)};
    const log = cliLogger({ env: { LOG_LEVEL: 'info' } }, [${JSON.stringify(KNOWN)}]);
    log.warn({ err: new Error('auth failed with ${SLACK}') }, 'login refused');
    log.info({ output: ${JSON.stringify(PEM)} }, 'host said');
    log.info('retrying with password=hunter2hunter2 and ${KNOWN}');
  `;
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    c.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    c.once('error', reject);
    c.once('close', () => resolve(err));
  });
}

describe('log redaction', () => {
  it('cuts configured secrets, tokens, PEM keys and password= values from every line', async () => {
    const out = await logInChild();
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    for (const secret of [KNOWN, SLACK, 'b3BlbnNzaC1rZXktdjEAAAAA', 'hunter2hunter2'])
      expect(out).not.toContain(secret);
    expect(out.match(/<redacted>/g)?.length).toBeGreaterThanOrEqual(4);
    expect(out).toContain('login refused');
  });
});
