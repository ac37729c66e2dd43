import net from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type LabSshHost } from '../../src/lab/ssh-host-server.ts';
import { fingerprintOf } from '../../src/ssh/host-keys.ts';
import { quoteArgv } from '../../src/ssh/quote.ts';
import { END_TAG, READER_PROGRAM, READY_LINE } from '../../src/ssh/reader-program.ts';
import { clientKey, labHost } from './ssh-lab.ts';

const { Client } = ssh2;
const started: LabSshHost[] = [];

afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

/** A raw ssh2 client, to send what the executor never would. */
function rawExec(h: LabSshHost, command: string, privateKey = clientKey.privatePem, input?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const c = new Client();
    c.on('error', reject);
    c.on('ready', () => {
      c.exec(command, (err, s) => {
        if (err) return reject(err);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        s.on('data', (d: Buffer) => {
          stdout += d;
        });
        s.stderr.on('data', (d: Buffer) => {
          stderr += d;
        });
        s.on('exit', (x: number | null) => {
          code = x;
        });
        s.on('close', () => {
          c.end();
          resolve({ code, stdout, stderr });
        });
        if (input !== undefined) s.end(input);
      });
    });
    c.connect({ host: h.address, port: h.port, username: 'any', privateKey, readyTimeout: 2000 });
  });
}

async function host(extra: Parameters<typeof labHost>[1] = {}) {
  const h = await labHost(`lab-${started.length}`, extra);
  started.push(h);
  return h;
}

describe('lab SSH host server', () => {
  it('answers quoted argv through the responder and refuses raw shell strings with 127', async () => {
    const h = await host();
    const ok = await rawExec(h, quoteArgv(['cat', '/proc/meminfo']));
    expect(ok).toEqual({ code: 0, stdout: 'MemTotal:        3880412 kB\n', stderr: '' });
    const raw = await rawExec(h, 'cat /proc/meminfo; reboot');
    expect(raw).toEqual({ code: 127, stdout: '', stderr: 'lab: not a quoted argv\n' });
    expect(h.execCount()).toBe(2);
  });

  it('runs the reader program as /bin/sh would: framed answers, exit 2 at the first malformed line', async () => {
    const h = await host();
    const n = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const mem = 'MemTotal:        3880412 kB\n';
    const run = (input: string) => rawExec(h, READER_PROGRAM.text, clientKey.privatePem, input);
    expect(await run(`meminfo ${n}\n`)).toEqual({
      code: 0,
      stdout: `${READY_LINE}\n${mem}${END_TAG}${n} 0\n`,
      stderr: `${END_TAG}${n} 0\n`,
    });
    expect(await run(`meminfo ${n}\nreboot ${n}\nmeminfo ${n}\n`)).toEqual({
      code: 2,
      stdout: `${READY_LINE}\n${mem}${END_TAG}${n} 0\n`,
      stderr: `${END_TAG}${n} 0\n`,
    });
    for (const bad of ['meminfo $(id)\n', 'meminfo\n', `meminfo ${n} x\n`, `virsh.list ${n}\n`]) {
      expect(await run(bad)).toEqual({ code: 2, stdout: `${READY_LINE}\n`, stderr: '' });
    }
    expect(h.readerRequestCount()).toBe(2);
    await h.setFault('forced-command');
    expect(await run(`meminfo ${n}\n`)).toEqual({
      code: 127,
      stdout: '',
      stderr: 'lab: command not allowed for this key\n',
    });
  });

  it('accepts only the authorized public key', async () => {
    const h = await host();
    await expect(rawExec(h, quoteArgv(['true']), generateKeyPair().privatePem)).rejects.toThrow(
      /authentication methods failed/,
    );
    expect(h.execCount()).toBe(0);
  });

  it('closes the port for "refused" and reopens the same port when cleared', async () => {
    const h = await host({ fault: 'refused' });
    const tryConnect = () =>
      new Promise<string>((resolve) => {
        const s = net.connect(h.port, h.address);
        s.on('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await tryConnect()).toBe('ECONNREFUSED');
    await h.setFault('none');
    expect(await tryConnect()).toBe('connected');
    expect((await rawExec(h, quoteArgv(['cat', '/proc/meminfo']))).code).toBe(0);
  });

  it('presents another host key under "wrong-key"', async () => {
    const h = await host({ fault: 'wrong-key' });
    const seen = await new Promise<string>((resolve) => {
      const c = new Client();
      c.on('error', () => undefined);
      c.connect({
        host: h.address,
        port: h.port,
        username: 'x',
        privateKey: clientKey.privatePem,
        hostVerifier: (key: Buffer) => {
          resolve(fingerprintOf(key));
          return false;
        },
      });
    });
    expect(seen).toMatch(/^SHA256:/);
    expect(seen).not.toBe(h.hostKeyFingerprint);
    await h.setFault('none');
    expect((await rawExec(h, quoteArgv(['true']))).code).toBe(127);
  });
});
