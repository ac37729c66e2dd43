/**
 * The SSH door: validates a declared command's arguments, quotes its argv, then runs it on a pinned, pooled,
 * rate-limited connection. Everything that can be refused is refused before a socket is opened.
 */
import net from 'node:net';
import type { Logger } from 'pino';
import ssh2, { type KexAlgorithm, type ParsedKey, type PublicKeyAuthMethod } from 'ssh2';
import type { InventoryHost, SshDefaults } from '../config/schema.ts';
import { OpsError } from '../core/errors.ts';
import { useCipherKeyObjects } from './cipher-key-objects.ts';
import { coalesceWrites } from './coalesce-writes.ts';
import { ConnectionPool, type Dialer } from './connection-pool.ts';
import { aborted, type ConnectTarget, commandFailed, mapConnectError } from './errors.ts';
import { type HostVerifier, type KnownHosts, loadKnownHosts, makeHostVerifier } from './host-keys.ts';
import { resolvePrivateKey } from './private-key.ts';
import { quoteArgv } from './quote.ts';
import { READER_PROGRAM } from './reader-program.ts';
import { ReaderSessions } from './reader-sessions.ts';
import { ChannelNotOpened, type ChannelOutcome, runChannel } from './run-channel.ts';
import { Semaphore } from './semaphore.ts';
import { signWithoutProbe } from './sign-without-probe.ts';
import { signingKey } from './signing-key.ts';
import { skipHostKeyProof } from './skip-hostkey-proof.ts';
import type { CommandSpec, ExecOptions, ExecResult, Executor } from './types.ts';
import { validateArgs } from './validate-args.ts';

const { Client } = ssh2;

/** OpenSSH's default MaxSessions: more channels per connection than this would be refused by sshd. */
const SSHD_MAX_SESSIONS = 10;

/** Key exchange offered, in order: curve25519 is the cheapest on both ends (peer-bench.md). */
const KEX: KexAlgorithm[] = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'diffie-hellman-group14-sha256',
];

export interface SshExecutorOptions {
  defaults: SshDefaults;
  privateKey?: string | Buffer;
  knownHostsFile?: string;
  globalConcurrency: number;
  logger?: Logger;
  /** How long an unused connection stays open (overrides `defaults.idleConnectionMs`). */
  idleMs?: number;
}

export function createSshExecutor(opts: SshExecutorOptions): Executor {
  const { defaults } = opts;
  useCipherKeyObjects();
  const pool = new ConnectionPool(opts.idleMs ?? defaults.idleConnectionMs);
  const global = new Semaphore(opts.globalConcurrency);
  // The reader session holds one of sshd's MaxSessions channels for as long as the connection lives.
  const readers = defaults.persistentSession
    ? new ReaderSessions(READER_PROGRAM, defaults.connectTimeoutMs, opts.logger)
    : undefined;
  const perHostLimit = Math.min(defaults.perHostConcurrency, SSHD_MAX_SESSIONS - (readers ? 1 : 0));
  const perHost = new Map<string, Semaphore>();
  const knownHostsPath = opts.knownHostsFile ?? defaults.knownHostsFile;
  let knownHosts: KnownHosts | OpsError | undefined;
  // A configured known_hosts file that cannot be read refuses every host, pinned or not: its @revoked lines
  // must not be skipped silently because a fingerprint pin happens to exist.
  const knownHostsFor = (): KnownHosts | undefined => {
    if (!knownHostsPath) return undefined;
    if (!knownHosts) {
      try {
        knownHosts = loadKnownHosts(knownHostsPath);
      } catch (e) {
        knownHosts = e as OpsError;
        opts.logger?.error({ file: knownHostsPath, err: knownHosts.message }, 'known_hosts unreadable');
      }
    }
    if (knownHosts instanceof OpsError) throw knownHosts;
    return knownHosts;
  };
  let privateKey: ParsedKey | undefined;

  const limiterFor = (key: string): Semaphore => {
    let l = perHost.get(key);
    if (!l) {
      l = new Semaphore(perHostLimit);
      perHost.set(key, l);
    }
    return l;
  };

  const dialer =
    (t: ConnectTarget, verifier: HostVerifier, key: ParsedKey): Dialer =>
    () => {
      const client = new Client();
      // Public key only: ssh2's default first tries "none" just to learn the methods, a wasted round trip.
      const auth: PublicKeyAuthMethod = { type: 'publickey', username: t.user, key };
      // Keepalive failures on an idle pooled connection arrive here; the pool sees the following 'close'.
      client.on('error', (e) =>
        opts.logger?.debug({ host: t.name, err: (e as Error).message }, 'ssh connection error'),
      );
      const ready = new Promise<void>((resolve, reject) => {
        client.once('ready', () => resolve());
        client.once('error', (e) => reject(mapConnectError(e, t, verifier, defaults.connectTimeoutMs)));
        client.once('close', () =>
          reject(
            new OpsError('host_unreachable', `${t.name} closed the connection during the SSH handshake`),
          ),
        );
      });
      // Our own socket so Nagle is off: command round trips are small request/response exchanges.
      const sock = net.connect({ host: t.address, port: t.port, noDelay: true });
      coalesceWrites(sock);
      try {
        client.connect({
          sock,
          username: t.user,
          authHandler: [auth],
          hostVerifier: verifier,
          readyTimeout: defaults.connectTimeoutMs,
          keepaliveInterval: defaults.keepaliveIntervalMs,
          keepaliveCountMax: 3,
          // curve25519 first (OpenSSH's sntrup761 hybrid is not offered by ssh2; ecdh is the fallback).
          algorithms: { kex: KEX },
        });
        skipHostKeyProof(client);
        signWithoutProbe(client);
      } catch (e) {
        ready.catch(() => undefined); // superseded by the error below
        sock.destroy();
        return { client, ready: Promise.reject(mapConnectError(e, t, verifier, defaults.connectTimeoutMs)) };
      }
      return { client, ready };
    };

  async function execute(
    t: ConnectTarget,
    poolKey: string,
    dial: Dialer,
    command: string,
    spec: CommandSpec<unknown>,
    timeoutMs: number,
    waitingSince: number,
    signal?: AbortSignal,
  ): Promise<ChannelOutcome> {
    const id = spec.id;
    if (signal?.aborted) throw aborted(t, id);
    const lim = { id, timeoutMs, maxOutputBytes: defaults.maxOutputBytes, ...(signal ? { signal } : {}) };
    // One retry, only when a pooled connection turned out dead before the channel opened (host rebooted, sshd restarted).
    for (let attempt = 1; ; attempt++) {
      // A retry after a dead pooled connection dials again even if a dial failed meanwhile: it was not waiting.
      const conn = await pool.acquire(poolKey, dial, attempt === 1 ? waitingSince : Number.POSITIVE_INFINITY);
      try {
        // A declared no-argument command rides the host's reader session; undefined = the host refused it.
        const selector = readers?.selectorFor(spec, poolKey);
        const viaReader = selector ? await readers?.run(conn, poolKey, t, selector, lim) : undefined;
        return viaReader ?? (await runChannel(conn, t, command, lim));
      } catch (e) {
        if (!(e instanceof ChannelNotOpened) || attempt > 1) throw e;
      } finally {
        pool.release(poolKey, conn);
      }
    }
  }

  return {
    async run<A>(
      host: InventoryHost,
      spec: CommandSpec<A>,
      args: A,
      runOpts: ExecOptions = {},
    ): Promise<ExecResult> {
      // 1. Everything that can be refused locally, before any network I/O.
      const argv = spec.argv(validateArgs(spec, args));
      const command = quoteArgv(argv);
      const t: ConnectTarget = {
        name: host.name,
        address: host.address ?? host.name,
        port: host.port ?? defaults.port,
        user: host.user ?? defaults.user,
      };
      const verifier = makeHostVerifier(host, defaults, knownHostsFor());
      privateKey ??= signingKey(resolvePrivateKey(defaults, opts.privateKey).key);
      if (runOpts.signal?.aborted) throw aborted(t, spec.id);

      // 2. Queue behind the per-host and global limits, then run on the pooled connection.
      const timeoutMs = runOpts.timeoutMs ?? spec.timeoutMs ?? defaults.commandTimeoutMs;
      const poolKey = `${t.name}|${t.user}@${t.address}:${t.port}`;
      const started = Date.now();
      const waitingSince = performance.now();
      const dial = dialer(t, verifier, privateKey);
      const signal = runOpts.signal;
      const onAbort = () => aborted(t, spec.id);
      const hostSem = limiterFor(poolKey);
      const job = hostSem
        .run(
          () =>
            global.run(
              () =>
                execute(
                  t,
                  poolKey,
                  dial,
                  command,
                  spec as CommandSpec<unknown>,
                  timeoutMs,
                  waitingSince,
                  signal,
                ),
              signal,
              onAbort,
            ),
          signal,
          onAbort,
        )
        .finally(() => {
          if (hostSem.idle(perHostLimit) && perHost.get(poolKey) === hostSem) {
            perHost.delete(poolKey);
            pool.forgetFailure(poolKey);
          }
        });
      const outcome = await withAbort(job, signal, onAbort);
      const durationMs = Date.now() - started;
      opts.logger?.debug(
        { host: t.name, cmd: spec.id, exitCode: outcome.exitCode, durationMs },
        'ssh command',
      );
      if (outcome.exitCode !== 0 && !(spec.okExitCodes ?? []).includes(outcome.exitCode)) {
        throw commandFailed(t, spec.id, outcome.exitCode, outcome.stderr);
      }
      return {
        host: host.name,
        argv,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
        exitCode: outcome.exitCode,
        durationMs,
      };
    },

    async close(): Promise<void> {
      await pool.closeAll();
    },
  };
}

/** A dial in progress cannot be interrupted, so the caller is released now and the command never starts. */
function withAbort<T>(p: Promise<T>, signal: AbortSignal | undefined, err: () => OpsError): Promise<T> {
  if (!signal) return p;
  p.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(err());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
