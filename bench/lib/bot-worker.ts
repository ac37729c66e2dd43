/**
 * The bot side of the benchmark, in its own process so its peak RSS is the bot's alone: sweeps the fleet
 * with the real `createSshExecutor` on command from the parent (stdin lines), answering one JSON line each.
 */
import { createInterface } from 'node:readline';
import { type InventoryHost, sshDefaultsSchema } from '../../src/config/schema.ts';
import { isOpsError } from '../../src/core/errors.ts';
import { parseMeminfo } from '../../src/parsers/meminfo.ts';
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
}

export interface SweepReport {
  ok: number;
  wallMs: number;
  cpuMs: number;
  /** Failure reasons by OpsError code (or "incomplete" for an answer that parsed short). */
  errors: Record<string, number>;
  rssKiB: number;
  maxRssKiB: number;
}

function config(): BotWorkerConfig {
  const raw = process.env.BENCH_BOT_CONFIG;
  if (!raw) throw new Error('BENCH_BOT_CONFIG is not set: this file is started by bench/fleet-audit.ts');
  return JSON.parse(raw) as BotWorkerConfig;
}

/** A host counts only if both answers parse cleanly with the bot's own parsers and hold every domain. */
async function auditHost(ex: Executor, host: InventoryHost, vms: number): Promise<void> {
  const [stats, mem] = await Promise.all([
    ex.run(host, COMMANDS['virsh.domstats'], {}),
    ex.run(host, COMMANDS.meminfo, {}),
  ]);
  const d = parseVirshDomstats(stats.stdout);
  const m = parseMeminfo(mem.stdout);
  if (
    d.domains.length !== vms ||
    d.warnings.length > 0 ||
    m.memTotalKiB === undefined ||
    m.warnings.length > 0
  ) {
    throw new Error('incomplete');
  }
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
  };
}

async function main(): Promise<void> {
  const cfg = config();
  const defaults = sshDefaultsSchema.parse({
    user: 'root',
    port: cfg.port,
    privateKeyPath: cfg.privateKeyPath,
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
