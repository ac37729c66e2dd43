/**
 * Fleet-audit benchmark: the bot's SSH executor against the operators' own tools (ssh loop, xargs -P,
 * parallel-ssh, Ansible) on one real loopback OpenSSH sshd playing N KVM hosts. Not part of `npm test`.
 * Run: node_modules/.bin/node bench/fleet-audit.ts [--hosts 100] [--vms 20] [--runs 5]
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InventoryHost } from '../src/config/schema.ts';
import { type BenchArgs, parseBenchArgs, USAGE } from './lib/args.ts';
import { BotWorker } from './lib/bot-client.ts';
import { CpuGroup } from './lib/cgroup-cpu.ts';
import { installCleanup } from './lib/cleanup.ts';
import { BENCH_KEX, hostNames, writeClientFiles } from './lib/client-config.ts';
import { domstatsText, hostMeminfoText } from './lib/fake-outputs.ts';
import { describe, opensshNegotiated, ssh2Negotiated } from './lib/negotiated.ts';
import { buildPlan, runAll } from './lib/plan.ts';
import { sshdDropCount, startFleetSshd } from './lib/sshd.ts';
import { markdownTable, resultRow, TABLE_HEADER } from './lib/table.ts';
import { type Flatness, TARGET_HEADER, targetRows } from './lib/targets.ts';
import { findTools, installMissing } from './lib/tools.ts';

const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(args: BenchArgs): Promise<number> {
  const tools = args.install ? installMissing(findTools(), log) : findTools();
  if (!tools.sshd || !tools.sshKeygen) {
    log('sshd and ssh-keygen are required (Debian: apt-get install openssh-server openssh-client).');
    return 2;
  }
  const plan = buildPlan(args, tools);
  for (const m of plan.filter((p) => p.skipped)) log(`skipped: ${m.label}: ${m.skipped}`);

  const dir = mkdtempSync(path.join(tmpdir(), 'cloudops-bench-'));
  let sshdPid: number | undefined;
  const cleanup = installCleanup(dir, () => sshdPid);
  let worker: BotWorker | undefined;
  try {
    const outputs = { domstats: domstatsText(args.vms), meminfo: hostMeminfoText(args.vms) };
    // sshd and the clients each in their own cpuacct cgroup: exited per-connection processes are counted too.
    const sshdGroup = CpuGroup.create('sshd');
    const clientGroup = CpuGroup.create('clients');
    const botGroup = CpuGroup.create('bot');
    log(
      sshdGroup
        ? `CPU: cgroup v1 cpuacct groups under ${path.dirname(sshdGroup.dir)}`
        : 'CPU: no writable cgroup v1 cpuacct; falling back to /proc sums (sshd CPU is then UNDER-counted)',
    );
    const sshd = await startFleetSshd(
      dir,
      { sshd: tools.sshd, sshKeygen: tools.sshKeygen },
      outputs,
      (pid) => {
        sshdPid = pid;
      },
      sshdGroup ? (a) => sshdGroup.wrap(a) : undefined,
    );
    log(
      `sshd pid ${sshd.pid} on 127.0.0.1:${sshd.port}, ${args.hosts} hosts x ${args.vms} VMs, temp dir ${dir}`,
    );
    const names = hostNames(args.hosts);
    const files = writeClientFiles(dir, { ...sshd, hosts: names, forks: args.forks });
    mkdirSync(files.ansibleHome, { recursive: true });

    const botNeg = await ssh2Negotiated(sshd.port, sshd.clientKeyPath, sshd.hostKeyFingerprint);
    log(`negotiated, bot (ssh2 defaults): ${describe(botNeg)}`);
    let sshNeg = '';
    if (tools.ssh) {
      sshNeg = describe(await opensshNegotiated(tools.ssh, files.sshConfig, names[0] ?? 'kvm001'));
      log(`negotiated, OpenSSH clients (-o KexAlgorithms=${BENCH_KEX}): ${sshNeg}`);
    }

    const hosts: InventoryHost[] = names.map((name) => ({
      name,
      address: '127.0.0.1',
      port: sshd.port,
      role: 'kvm',
      hostKeys: [sshd.hostKeyFingerprint],
    }));
    let baselineRssKiB = 0;
    let compileCache = false;
    if (args.methods.includes('bot')) {
      const started = await BotWorker.start(
        {
          hosts,
          port: sshd.port,
          privateKeyPath: sshd.clientKeyPath,
          vms: args.vms,
          concurrency: args.botConcurrency,
          persistentSession: args.botReader,
        },
        path.join(dir, 'bot-config.json'),
        botGroup ? (a) => botGroup.wrap(a) : undefined,
      );
      worker = started.worker;
      baselineRssKiB = started.baselineRssKiB;
      compileCache = started.compileCache;
    }

    const ctx = {
      tools,
      files,
      hosts: names,
      vms: args.vms,
      parallel: args.parallel,
      forks: args.forks,
      ...(clientGroup ? { wrap: (a: string[]) => clientGroup.wrap(a) } : {}),
    };
    const results = await runAll(
      plan,
      args,
      { ...ctx, workDir: path.join(dir, 'out'), timeoutMs: 180_000 },
      { worker, sshdPid: sshd.pid, sshdGroup, clientGroup, log },
    );
    let flat: Flatness | undefined;
    if (worker && args.sweeps > 0) {
      // Repeated audits on one long-lived executor, as the bot runs them: RSS after each must stay flat.
      const rss: number[] = [];
      await worker.cold();
      for (let i = 1; i < args.sweeps; i++) {
        const w = await worker.warm();
        rss.push(w.rssKiB / 1024);
        log(`sweep ${i}: RSS ${(w.rssKiB / 1024).toFixed(0)} MiB, heap ${JSON.stringify(w.heap)}`);
      }
      const last = await worker.warm();
      rss.push(last.rssKiB / 1024);
      flat = {
        sweeps: args.sweeps,
        firstRssMiB: rss[0] ?? 0,
        lastRssMiB: rss.at(-1) ?? 0,
        maxRssMiB: Math.max(...rss),
      };
      results.push({
        id: 'bot',
        label: `${args.sweeps} repeated bot sweeps (1 cold + warm)`,
        runs: [{ ok: last.ok, wallMs: last.wallMs, clientCpuS: 0, sshdCpuS: 0, peakRssKiB: last.maxRssKiB }],
        extraNote: `RSS after sweep 1/${args.sweeps}: ${flat.firstRssMiB.toFixed(0)} / ${flat.lastRssMiB.toFixed(0)} MiB; wall = last sweep`,
      });
      log(`sweeps: RSS MiB ${rss.map((r) => r.toFixed(0)).join(' ')}`);
    }

    console.log(
      `\nfleet audit: ${args.hosts} hosts x ${args.vms} VMs, ${args.runs} runs, one loopback OpenSSH sshd`,
    );
    console.log(`bot (ssh2): ${describe(botNeg)}${sshNeg ? `\nOpenSSH clients: ${sshNeg}` : ''}\n`);
    console.log(
      markdownTable(
        TABLE_HEADER,
        results.map((r) => resultRow(r, args.hosts)),
      ),
    );
    const peak = Math.max(0, ...results.flatMap((r) => r.runs.map((x) => x.peakRssKiB ?? 0)));
    if (worker) {
      console.log(
        `\nbot process peak RSS: ${(peak / 1024).toFixed(1)} MiB (${(baselineRssKiB / 1024).toFixed(1)} MiB after loading, before any sweep; modules ${compileCache ? 'from the compile cache, as the bot loads them' : 'type-stripped, no compile cache'})`,
      );
    }
    const byLabel = (p: string) => results.find((r) => r.label.startsWith(p));
    console.log(`\ntargets (issue 10), ${args.hosts} hosts:\n`);
    console.log(markdownTable(TARGET_HEADER, targetRows(byLabel, args.hosts, peak / 1024, flat)));
    console.log(
      sshdGroup
        ? '\nCPU counted by cgroup v1 cpuacct (sshd and every child, exited ones included; clients likewise).'
        : '\nCPU from /proc sums: exited sshd children are missed, sshd CPU is under-counted.',
    );
    const drops = sshdDropCount(sshd.logPath);
    console.log(`sshd MaxStartups throttling/drops logged: ${drops}`);
    return 0;
  } finally {
    await worker?.quit().catch(() => undefined);
    cleanup();
  }
}

let parsed: BenchArgs | 'help';
try {
  parsed = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  log(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (parsed === 'help') {
  console.log(USAGE);
} else {
  main(parsed).then(
    (code) => process.exit(code),
    (e: unknown) => {
      log(`fleet-audit failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
