/**
 * The bot side of the benchmark, in its own process so its peak RSS is the bot's alone: sweeps the fleet
 * with the real `createSshExecutor` on command from the parent (stdin lines), answering one JSON line each.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type InventoryHost, sshDefaultsSchema } from '../../src/config/schema.ts';
import { isOpsError } from '../../src/core/errors.ts';
import { parseVirshDomstats } from '../../src/parsers/virsh-domstats.ts';
import { COMMANDS } from '../../src/ssh/commands.ts';
import { createSshExecutor } from '../../src/ssh/executor.ts';
import type { Executor } from '../../src/ssh/types.ts';

export interface BotWorkerConfig {
  hosts: InventoryHost[];
  port: number;
  /** The benchmark's throwaway client key, read by the executor itself like a configured key. */
  privateKeyPath: string;
  vms: number;
  concurrency: number;
  /** `ssh.persistentSession`: warm sweeps ride one reader session per host instead of opening a channel. */
  persistentSession: boolean;
}

export interface SweepReport {
  ok: number;
  wallMs: number;
  cpuMs: number;
  /** Failure reasons by OpsError code (or "incomplete" for an answer that parsed short). */
  errors: Record<string, number>;
  rssKiB: number;
  maxRssKiB: number;
  /** V8 heap in use / committed, memory outside it (of which ArrayBuffers, i.e. Buffers), MiB: where RSS goes. */
  heap: { usedMiB: number; totalMiB: number; externalMiB: number; arrayBuffersMiB: number };
}

/** The config comes as a file: a 1,000-host inventory in one environment variable fails with `spawn E2BIG`. */
function config(): BotWorkerConfig {
  const file = process.env.BENCH_BOT_CONFIG_FILE;
  if (!file)
    throw new Error('BENCH_BOT_CONFIG_FILE is not set: this file is started by bench/fleet-audit.ts');
  return JSON.parse(readFileSync(file, 'utf8')) as BotWorkerConfig;
}

/**
 * Exactly what fleet_memory_audit runs per host (src/tools/memory/fleet-memory-audit.ts): one
 * `virsh.domstats`, parsed with the bot's own parser; a host counts only if it holds every domain cleanly.
 */
async function auditHost(ex: Executor, host: InventoryHost, vms: number): Promise<void> {
  const d = parseVirshDomstats((await ex.run(host, COMMANDS['virsh.domstats'], {})).stdout);
  if (d.domains.length !== vms || d.warnings.length > 0) throw new Error('incomplete');
}

async function sweep(ex: Executor, cfg: BotWorkerConfig): Promise<SweepReport> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.allSettled(cfg.hosts.map((h) => auditHost(ex, h, cfg.vms)));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const errors: Record<string, number> = {};
  for (const r of results) {
    if (r.status === 'fulfilled') continue;
    const code = isOpsError(r.reason) ? r.reason.code : (r.reason as Error).message;
    errors[code] = (errors[code] ?? 0) + 1;
  }
  return {
    ok: results.filter((r) => r.status === 'fulfilled').length,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    errors,
    rssKiB: Math.round(process.memoryUsage.rss() / 1024),
    maxRssKiB: process.resourceUsage().maxRSS,
    heap: heapNow(),
  };
}

function heapNow(): SweepReport['heap'] {
  const m = process.memoryUsage();
  const mib = (b: number) => Math.round(b / 1048576);
  return {
    usedMiB: mib(m.heapUsed),
    totalMiB: mib(m.heapTotal),
    externalMiB: mib(m.external),
    arrayBuffersMiB: mib(m.arrayBuffers),
  };
}

async function main(): Promise<void> {
  const cfg = config();
  const defaults = sshDefaultsSchema.parse({
    user: 'root',
    port: cfg.port,
    privateKeyPath: cfg.privateKeyPath,
    persistentSession: cfg.persistentSession,
  });
  let ex: Executor | undefined;
  const reply = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
  reply({ ready: true, rssKiB: Math.round(process.memoryUsage.rss() / 1024) });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'cold') {
      await ex?.close();
      ex = createSshExecutor({ defaults, globalConcurrency: cfg.concurrency });
      reply(await sweep(ex, cfg));
    } else if (line === 'warm') {
      if (!ex) throw new Error('warm before cold');
      reply(await sweep(ex, cfg));
    } else if (line === 'close') {
      await ex?.close();
      ex = undefined;
      reply({ closed: true });
    } else if (line === 'quit') {
      break;
    }
  }
  await ex?.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`bot worker: ${(e as Error).message}\n`);
  process.exit(1);
});
