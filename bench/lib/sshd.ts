/**
 * One real OpenSSH sshd on 127.0.0.1 that plays every simulated KVM host: its own temp config, host key and
 * authorized key, tuned so the server is not the thing that drops parallel connections (peer-bench.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fingerprintOf } from '../../src/ssh/host-keys.ts';
import { readerFiles, responderScript } from './responder.ts';

export interface FleetSshd {
  port: number;
  pid: number;
  /** "ssh-ed25519 AAAA…" as known_hosts wants it. */
  hostKeyLine: string;
  /** SHA256:… pin for the bot's inventory. */
  hostKeyFingerprint: string;
  clientKeyPath: string;
  logPath: string;
}

export interface SshdPrograms {
  sshd: string;
  sshKeygen: string;
}

function keygen(prog: string, file: string, comment: string): void {
  execFileSync(prog, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function sshdConfig(dir: string, port: number): string {
  return `# cloudops-bot fleet-audit benchmark sshd; loopback only
ListenAddress 127.0.0.1:${port}
HostKey ${dir}/host_ed25519
PidFile ${dir}/sshd.pid
AuthorizedKeysFile ${dir}/authorized_keys
PermitRootLogin prohibit-password
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# the temp dir lives under /tmp, which StrictModes would reject as world-writable
StrictModes no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 400:30:800
MaxSessions 20
LogLevel INFO
# root's shell is bash, which sources ~/.bashrc for sshd sessions while SHLVL < 2 (peer note: ~110 ms each)
SetEnv SHLVL=1
ForceCommand exec /bin/sh ${dir}/responder.sh
`;
}

/** Resolves once sshd accepts TCP connections; rejects with the log tail if it exits first. */
async function waitListening(port: number, exited: () => boolean, logPath: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited()) break;
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = existsSync(logPath)
    ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n')
    : '';
  throw new Error(`sshd did not start listening on 127.0.0.1:${port}${log ? `:\n${log}` : ''}`);
}

export async function startFleetSshd(
  dir: string,
  progs: SshdPrograms,
  outputs: { domstats: string; meminfo: string },
  onSpawn: (pid: number) => void,
  wrap: (argv: string[]) => string[] = (argv) => argv,
): Promise<FleetSshd> {
  keygen(progs.sshKeygen, path.join(dir, 'host_ed25519'), 'bench-host');
  keygen(progs.sshKeygen, path.join(dir, 'id_ed25519'), 'bench-client');
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'id_ed25519.pub')));
  writeFileSync(path.join(dir, 'domstats.txt'), outputs.domstats);
  writeFileSync(path.join(dir, 'meminfo.txt'), outputs.meminfo);
  writeFileSync(path.join(dir, 'responder.sh'), responderScript(dir), { mode: 0o755 });
  mkdirSync(path.join(dir, 'fakebin'));
  for (const f of readerFiles(dir)) writeFileSync(f.path, f.text, { mode: f.mode });
  const port = await freePort();
  writeFileSync(path.join(dir, 'sshd_config'), sshdConfig(dir, port));
  // Debian's sshd refuses to start without its privilege-separation directory, normally made by systemd.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });

  const logPath = path.join(dir, 'sshd.log');
  // `wrap` puts sshd into the CPU-accounting cgroup before it execs; the pid stays sshd's.
  const [prog = progs.sshd, ...args] = wrap([
    progs.sshd,
    '-D',
    '-f',
    path.join(dir, 'sshd_config'),
    '-E',
    logPath,
  ]);
  const child = spawn(prog, args, { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  if (child.pid === undefined) throw new Error(`cannot start ${progs.sshd}`);
  onSpawn(child.pid);
  await waitListening(port, () => exited, logPath);

  const [type = '', b64 = ''] = readFileSync(path.join(dir, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/);
  return {
    port,
    pid: child.pid,
    hostKeyLine: `${type} ${b64}`,
    hostKeyFingerprint: fingerprintOf(Buffer.from(b64, 'base64')),
    clientKeyPath: path.join(dir, 'id_ed25519'),
    logPath,
  };
}

/** Lines where sshd says it refused or dropped a connection: the silent failure mode peer-bench.md warns about. */
export function sshdDropCount(logPath: string): number {
  if (!existsSync(logPath)) return 0;
  return (
    readFileSync(logPath, 'utf8').match(
      /beginning MaxStartups throttling|drop connection|exceeded MaxStartups/g,
    )?.length ?? 0
  );
}
