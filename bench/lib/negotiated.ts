/**
 * Which key exchange and cipher each client really negotiated with the sshd: KEX dominates cold-connection
 * cost (peer-bench.md), so the table is only fair if both sides say what they used.
 */
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import { fingerprintOf } from '../../src/ssh/host-keys.ts';
import { runTimed } from './children.ts';
import { COMBINED_LINE } from './responder.ts';

const { Client } = ssh2;

export interface Negotiated {
  kex: string;
  hostKey: string;
  cipher: string;
}

/** ssh2 with no `algorithms` option, exactly as createSshExecutor connects. */
export function ssh2Negotiated(port: number, keyPath: string, fingerprint: string): Promise<Negotiated> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    let got: Negotiated | undefined;
    c.on('handshake', (n) => {
      got = { kex: n.kex, hostKey: n.serverHostKey, cipher: n.cs.cipher };
    });
    c.on('ready', () => c.end());
    c.on('error', reject);
    c.on('close', () => (got ? resolve(got) : reject(new Error('ssh2 probe: no handshake'))));
    c.connect({
      host: '127.0.0.1',
      port,
      username: 'root',
      privateKey: readFileSync(keyPath),
      hostVerifier: (key: Buffer) => fingerprintOf(key) === fingerprint,
      readyTimeout: 10_000,
    });
  });
}

/** OpenSSH's own debug lines ("kex: algorithm: …") from one real connection with the benchmark's ssh_config. */
export async function opensshNegotiated(ssh: string, sshConfig: string, host: string): Promise<Negotiated> {
  const f = await runTimed([ssh, '-F', sshConfig, '-o', 'LogLevel=DEBUG1', host, COMBINED_LINE], {
    timeoutMs: 30_000,
  });
  const pick = (re: RegExp) => re.exec(f.stderr)?.[1] ?? '?';
  if (f.code !== 0)
    throw new Error(`ssh probe to ${host} failed (exit ${f.code}): ${f.stderr.trim().slice(-300)}`);
  return {
    kex: pick(/kex: algorithm: (\S+)/),
    hostKey: pick(/kex: host key algorithm: (\S+)/),
    cipher: pick(/kex: server->client cipher: (\S+)/),
  };
}

export const describe = (n: Negotiated): string => `kex ${n.kex}, host key ${n.hostKey}, cipher ${n.cipher}`;
