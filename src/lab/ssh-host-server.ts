/**
 * A lab host that speaks real SSH on loopback: public-key auth, exec of quoteArgv-shaped commands only, and the
 * scenario's faults (refused, silent, slow, wrong-key) so the executor's failure paths are exercised for real.
 */

import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { AuthContext, Connection, ParsedKey, ServerChannel } from 'ssh2';
import ssh2 from 'ssh2';
import { OpsError } from '../core/errors.ts';
import { fingerprintOf } from '../ssh/host-keys.ts';
import { parseQuotedArgv } from '../ssh/quote.ts';
import { READER_PROGRAM } from '../ssh/reader-program.ts';
import { serveReaderLoop } from './reader-loop.ts';
import type { HostFault } from './scenario.ts';

const { Server, utils } = ssh2;

export interface SshHostResponse {
  stdout: string;
  stderr?: string;
  code: number;
  /** Delay before answering; with the `slow` fault the default is 30 s. */
  delayMs?: number;
}
export type SshResponder = (argv: string[]) => Promise<SshHostResponse> | SshHostResponse;

export interface StartSshHostOptions {
  name: string;
  /** PEM/OpenSSH private host key; an ed25519 key is generated when absent. */
  hostKey?: string;
  /** The one public key allowed to log in (OpenSSH "ssh-ed25519 AAAA…" or PEM). */
  authorizedKey: Buffer | string;
  respond: SshResponder;
  fault?: HostFault;
}

export interface LabSshHost {
  name: string;
  port: number;
  address: '127.0.0.1';
  hostKeyFingerprint: string;
  /** Resolves once the listener reflects the fault (closing or reopening the port is asynchronous). */
  setFault(f: HostFault): Promise<void>;
  fault(): HostFault;
  close(): Promise<void>;
  /** Exec requests received (= session channels opened), including rejected ones: "no exec" proves nothing was sent. */
  execCount(): number;
  /** Requests answered by reader sessions (the persistent channel running READER_PROGRAM). */
  readerRequestCount(): number;
  /** TCP connections accepted: proves pooling (N commands, 1 connection) and "no connection at all". */
  connectionCount(): number;
}

export interface LabKeyPair {
  privatePem: string;
  publicSsh: string;
  fingerprint: string;
}

export function generateKeyPair(): LabKeyPair {
  // ssh2's generator drops a leading zero byte of about 1 in 270 ed25519 keys, yielding a 31-byte key that
  // its own parser then rejects ("Malformed OpenSSH public key"): draw again until both halves parse.
  for (;;) {
    const kp = utils.generateKeyPairSync('ed25519');
    if (utils.parseKey(kp.public) instanceof Error || utils.parseKey(kp.private) instanceof Error) continue;
    return { privatePem: kp.private, publicSsh: kp.public, fingerprint: publicFingerprint(kp.public) };
  }
}

function parseOne(key: Buffer | string): ParsedKey {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first) throw new OpsError('config_invalid', 'no key found');
  return first as ParsedKey;
}

function publicFingerprint(key: Buffer | string): string {
  return fingerprintOf(parseOne(key).getPublicSSH());
}

const SLOW_DEFAULT_MS = 30_000;

export async function startSshHost(opts: StartSshHostOptions): Promise<LabSshHost> {
  const hostKey = opts.hostKey ?? generateKeyPair().privatePem;
  const impostorKey = generateKeyPair().privatePem;
  const allowed = parseOne(opts.authorizedKey);
  const allowedBlob = allowed.getPublicSSH();
  let fault: HostFault = opts.fault ?? 'none';
  let execs = 0;
  let readerRequests = 0;
  let connections = 0;
  const sockets = new Set<net.Socket>();

  const authenticate = (ctx: AuthContext) => {
    if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
    const blob = ctx.key.data;
    if (blob.length !== allowedBlob.length || !timingSafeEqual(blob, allowedBlob))
      return ctx.reject(['publickey']);
    // Without a signature the client is only asking whether the key would do; with one, it must verify.
    if (ctx.signature && allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) !== true)
      return ctx.reject(['publickey']);
    ctx.accept();
  };

  const onExec = async (stream: ServerChannel, command: string) => {
    execs += 1;
    let open = true;
    stream.on('close', () => {
      open = false;
    });
    const finish = (stdout: string, stderr: string, code: number) => {
      if (!open) return;
      if (stdout) stream.write(stdout);
      if (stderr) stream.stderr.write(stderr);
      stream.exit(code);
      stream.end();
    };
    if (command === READER_PROGRAM.text) {
      // Like a key restricted by a ForceCommand that allow-lists single command lines: the loop is refused.
      if (fault === 'forced-command') return finish('', 'lab: command not allowed for this key\n', 127);
      return serveReaderLoop(
        stream,
        async (argv) => (open ? answer(stream, argv) : undefined),
        () => {
          readerRequests += 1;
        },
      );
    }
    let argv: string[];
    try {
      argv = parseQuotedArgv(command);
    } catch {
      return finish('', 'lab: not a quoted argv\n', 127);
    }
    const res = await answer(stream, argv);
    finish(res.stdout, res.stderr, res.code);
  };

  /** One argv as this host answers it, after the response's delay (or the `slow` fault's). */
  const answer = async (stream: ServerChannel, argv: string[]) => {
    let res: SshHostResponse;
    try {
      res = await opts.respond(argv);
    } catch (e) {
      return { stdout: '', stderr: `lab: responder failed: ${(e as Error).message}\n`, code: 1 };
    }
    const delay = res.delayMs ?? (fault === 'slow' ? SLOW_DEFAULT_MS : 0);
    if (delay > 0) await waitOrClose(stream, delay);
    return { stdout: res.stdout, stderr: res.stderr ?? '', code: res.code };
  };

  const onClient = (conn: Connection) => {
    conn.on('error', () => undefined);
    conn.on('authentication', authenticate);
    conn.on('ready', () => {
      conn.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          void onExec(acceptExec(), info.command);
        });
      });
    });
  };
  const genuine = new Server({ hostKeys: [hostKey] }, onClient);
  const impostor = new Server({ hostKeys: [impostorKey] }, onClient);

  // One raw listener decides per connection what the "host" does, so faults can change while the lab runs.
  const listener = net.createServer({ noDelay: true }, (sock) => {
    connections += 1;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    if (fault === 'silent') return; // accept TCP, never send a banner
    (fault === 'wrong-key' ? impostor : genuine).injectSocket(sock);
  });
  await listen(listener, 0);
  const port = (listener.address() as net.AddressInfo).port;

  const dropAll = () => {
    for (const s of sockets) s.destroy();
  };
  const closeListener = () =>
    new Promise<void>((resolve) => {
      if (!listener.listening) return resolve();
      listener.close(() => resolve());
      dropAll();
    });

  const setFault = async (f: HostFault): Promise<void> => {
    const before = fault;
    fault = f;
    // A host that went dark, was reinstalled or got a restricted key also loses its established sessions.
    if (f === 'silent' || f === 'wrong-key' || f === 'refused' || f === 'forced-command') dropAll();
    if (f === 'refused' && before !== 'refused') await closeListener();
    if (f !== 'refused' && !listener.listening) await listen(listener, port);
  };
  if (fault === 'refused') await closeListener();

  return {
    name: opts.name,
    port,
    address: '127.0.0.1',
    hostKeyFingerprint: publicFingerprint(hostKey),
    setFault,
    fault: () => fault,
    close: closeListener,
    execCount: () => execs,
    readerRequestCount: () => readerRequests,
    connectionCount: () => connections,
  };
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function waitOrClose(stream: ServerChannel, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    stream.once('close', done);
    function done() {
      clearTimeout(timer);
      stream.off('close', done);
      resolve();
    }
  });
}
