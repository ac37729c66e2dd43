/**
 * Suite-wide secret canaries: helpers that start a lab plant its secrets here (API keys, the bot's private key,
 * the lab's secret settings, an env canary) and helpers that capture what leaves the bot (Slack calls, model
 * requests, logs, audit rows) register it here; test/setup/canary-sweep.ts fails a file that leaked any of them.
 */
import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

const secrets = new Map<string, string>(); // value → what it is
const outputs: Array<{ label: string; read: () => string }> = [];

/** Values shorter than 12 characters would match by accident; they are not planted. */
export function plantSecret(label: string, value: string | undefined): void {
  if (value && value.length >= 12) secrets.set(value, label);
}

/**
 * 40-character runs of a PEM's base64 body, unwrapped (a key printed wrapped or not is caught), taken from the
 * end backwards: an OpenSSH key starts with the same header for every key, the private part is at the end.
 */
export function plantPrivateKey(label: string, pem: string): void {
  const body = pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  for (let end = body.length - 4; end - 40 >= Math.min(80, body.length - 44); end -= 200) {
    plantSecret(label, body.slice(end - 40, end));
  }
}

export function watchOutput(label: string, read: () => string): void {
  outputs.push({ label, read });
}

/** A pino logger at debug level whose lines are kept (and scanned) instead of printed. */
export function capturedLogger(label: string): Logger {
  const lines: string[] = [];
  watchOutput(`log: ${label}`, () => lines.join(''));
  const level = process.env.TEST_LOG_LEVEL ?? 'debug';
  return pino(
    { level },
    new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  );
}

/** Every (output, secret) pair where the secret appears; the secret itself is never printed. */
export function leaks(): string[] {
  const found: string[] = [];
  for (const o of outputs) {
    const text = o.read();
    for (const [value, label] of secrets) {
      if (text.includes(value)) found.push(`${label} appeared in ${o.label}`);
    }
  }
  return found;
}

export function canaryCounts(): { secrets: number; outputs: number } {
  return { secrets: secrets.size, outputs: outputs.length };
}

export function resetCanaries(): void {
  outputs.length = 0;
}

/** The lab's CloudStack keys and the bot's SSH private key, read from the config the lab wrote. */
export async function plantLabSecrets(configPath: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const yaml = await readFile(configPath, 'utf8');
  plantSecret('CloudStack apiKey', /apiKey: (\S+)/.exec(yaml)?.[1]);
  plantSecret('CloudStack secretKey', /secretKey: (\S+)/.exec(yaml)?.[1]);
  const keyPath = /privateKeyPath: (\S+)/.exec(yaml)?.[1];
  if (keyPath) plantPrivateKey('bot SSH private key', await readFile(keyPath, 'utf8'));
  const auditKeyPath = /auditKeyFile: (\S+)/.exec(yaml)?.[1];
  if (auditKeyPath) plantSecret('lab audit key', (await readFile(auditKeyPath, 'utf8')).trim());
}
