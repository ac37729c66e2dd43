/**
 * Starts a simulated cloud on loopback from a scenario: one SSH server per host (own host key), a CloudStack
 * API server that checks signatures, all reading one LabWorld; then writes a config file (with pinned host keys
 * and a fresh bot key) that the bot, the CLI and tests load like any production config.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { stringify } from 'yaml';
import { OpsError } from '../core/errors.ts';
import { startCloudStackApiServer } from './cloudstack-api-server.ts';
import { startControlServer } from './control-server.ts';
import { createHostResponder } from './host-responder.ts';
import { createLabDatabase } from './lab-database.ts';
import { loadScenario } from './load-scenario.ts';
import type { ApiFault, HostFault, Scenario } from './scenario.ts';
import { generateKeyPair, type LabSshHost, startSshHost } from './ssh-host-server.ts';
import { type LabMutation, LabWorld } from './world.ts';

export interface Lab {
  world: LabWorld;
  scenario: Scenario;
  dir: string;
  configPath: string;
  apiUrl: string;
  hosts: Map<string, LabSshHost>;
  setHostFault(name: string, fault: HostFault): Promise<void>;
  setApiFault(fault: ApiFault): void;
  /** Every mutating call that reached the lab, API and SSH, in order (tests assert on it). */
  mutations(): LabMutation[];
  /** The control surface (loopback HTTP, bearer token) that changes the world while it runs; also in `lab-ctl.json`. */
  control: { url: string; token: string };
  /** Resolves when the lab database has caught up with every world change so far (at once without a database). */
  dbSettled(): Promise<void>;
  close(): Promise<void>;
}

export interface StartLabOptions {
  scenario: string | Scenario;
  /** Where to write cloudops.yaml and the bot's key; a temp dir (removed on close) when omitted. */
  dir?: string;
  logger?: Logger;
  /** Lab timeouts are short so that fault scenarios answer quickly. */
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Admin DSN (e.g. mysql://root@127.0.0.1:3306/test): also seed a CloudStack database and configure the DB door. */
  mysqlUrl?: string;
  /**
   * Slack ids (users U…, user groups S…) that may request changes and approve them in this lab. Without them
   * the lab has no approval policy, so every change request is refused — the safe default of a real install.
   */
  approvals?: { requesters: string[]; approvers: string[] };
}

export async function startLab(opts: StartLabOptions): Promise<Lab> {
  const scenario = typeof opts.scenario === 'string' ? await loadScenario(opts.scenario) : opts.scenario;
  const world = new LabWorld(scenario);
  const ownDir = !opts.dir;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'cloudops-lab-')));
  if (opts.dir) await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const bot = generateKeyPair();
  const hosts = new Map<string, LabSshHost>();
  const inventory: Record<string, unknown>[] = [];
  const closers: (() => Promise<void>)[] = [];

  const add = async (
    name: string,
    role: string,
    responder: Parameters<typeof createHostResponder>[1],
    fault: HostFault,
    extra: Record<string, unknown> = {},
  ) => {
    const h = await startSshHost({
      name,
      authorizedKey: bot.publicSsh,
      respond: createHostResponder(world, responder),
      fault,
    });
    hosts.set(name, h);
    closers.push(() => h.close());
    inventory.push({
      name,
      address: h.address,
      port: h.port,
      role,
      hostKeys: [h.hostKeyFingerprint],
      ...extra,
    });
  };

  try {
    for (const host of world.hosts) {
      await add(host.name, 'kvm', { kind: 'kvm', host }, host.spec.fault, { cluster: host.cluster.name });
      for (const vm of world.vmsOnHost(host))
        if (vm.spec.guestSsh)
          await add(`${vm.name}-guest`, 'guest', { kind: 'guest', vm }, 'none', { vm: vm.name });
    }
    for (const pair of world.storagePairs)
      for (const node of pair.nodes)
        await add(node, 'storage', { kind: 'storage', pair, node }, pair.faults[node] ?? 'none');
    await add(scenario.management.name, 'management', { kind: 'management' }, 'none');

    const apiKey = `lab-${randomBytes(12).toString('hex')}`;
    const secretKey = randomBytes(24).toString('base64url');
    const api = await startCloudStackApiServer({ world, apiKey, secretKey, logger: opts.logger });
    closers.push(() => api.close());
    if (scenario.apiFault !== 'none') api.setFault(scenario.apiFault);

    const db = opts.mysqlUrl ? await createLabDatabase(opts.mysqlUrl, world) : undefined;
    // Keep the DB in step with the API: re-seed after each change, one at a time.
    let seeding: Promise<void> = Promise.resolve();
    if (db) {
      world.onChange(() => {
        seeding = seeding
          .then(() => db.reseed())
          .catch((e) => opts.logger?.warn({ err: e }, 'lab DB re-seed failed'));
      });
      closers.push(async () => {
        await seeding;
        await db.drop();
      });
    }

    const control = await startControlServer(world);
    closers.push(() => control.close());
    await writeFile(join(dir, 'lab-ctl.json'), JSON.stringify({ url: control.url, token: control.token }), {
      mode: 0o600,
    });

    const keyPath = join(dir, 'bot_ed25519');
    await writeFile(keyPath, bot.privatePem, { mode: 0o600 });
    const auditKeyPath = join(dir, 'audit.key');
    await writeFile(auditKeyPath, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const config = {
      defaultEnvironment: scenario.environment,
      environments: [
        {
          name: scenario.environment,
          description: `lab: ${scenario.name}`,
          // The lab's API listens on loopback over plain HTTP: say so, as an operator would have to.
          cloudstack: { url: api.url, allowPlainHttp: true, apiKey, secretKey, timeoutMs: 5000 },
          ...(db ? { database: { url: db.url } } : {}),
          ssh: {
            user: 'cloudops',
            privateKeyPath: keyPath,
            connectTimeoutMs: opts.connectTimeoutMs ?? 1500,
            commandTimeoutMs: opts.commandTimeoutMs ?? 4000,
          },
          hosts: inventory,
          storagePairs: world.storagePairs.map((p) => ({
            name: p.name,
            nodes: p.nodes,
            drbdVersion: p.drbdVersion,
            drbdResources: p.drbd.map((r) => r.name),
          })),
        },
      ],
      slack: { allowAll: true },
      ...(opts.approvals
        ? {
            approvals: {
              requesters: opts.approvals.requesters,
              approvers: { mutate: opts.approvals.approvers, destructive: opts.approvals.approvers },
            },
          }
        : {}),
      // The bot's own state (approvals, audit) lives with the lab, not in the operator's home.
      store: { engine: 'sqlite', path: 'state.db' },
      // The key that signs approvals and audit rows: beside the lab, never in the store.
      auditKeyFile: auditKeyPath,
      // The repo's operator tools, so the lab shows them like a real install would.
      toolsDir: fileURLToPath(new URL('../../tools/', import.meta.url)),
    };
    const configPath = join(dir, 'cloudops.yaml');
    await writeFile(
      configPath,
      `# Written by \`cloudops lab\` for scenario ${scenario.name}. Lab only: the API secret is inline.\n${stringify(config)}`,
      { mode: 0o600 },
    );

    return {
      world,
      scenario,
      dir,
      configPath,
      apiUrl: api.url,
      hosts,
      async setHostFault(name, fault) {
        const h = hosts.get(name);
        if (!h) throw new OpsError('unknown_host', `no lab host ${name}`);
        await h.setFault(fault);
      },
      setApiFault: (f) => api.setFault(f),
      mutations: () => [...world.mutationLog],
      control: { url: control.url, token: control.token },
      dbSettled: () => seeding,
      async close() {
        await Promise.allSettled(closers.map((c) => c()));
        if (ownDir) await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await Promise.allSettled(closers.map((c) => c()));
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
