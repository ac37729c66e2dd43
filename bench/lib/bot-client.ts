/** Drives bot-worker.ts from the parent: one request line out, one JSON line back, in order. */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JS module without types (it must run before any .ts loads)
import { enablePrivateCompileCache } from '../../bin/compile-cache.js';
import type { BotWorkerConfig, SweepReport } from './bot-worker.ts';
import { track } from './children.ts';

const WORKER = fileURLToPath(new URL('./bot-worker.ts', import.meta.url));
/** The bot's own V8 flags (bin/cloudops.js shebang, package.json start): the worker must run as the bot does. */
export const BOT_NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=50'];

/**
 * The bot loads its modules from Node's compile cache (bin/compile-cache.js), on every start after the first. The
 * worker is a .ts entry point, so the cache is switched on for it the only way that precedes its imports: the
 * NODE_COMPILE_CACHE variable, pointing at the same private directory the bot uses. Undefined: no cache here.
 */
function compileCacheEnv(): NodeJS.ProcessEnv {
  const dir = enablePrivateCompileCache();
  return dir ? { NODE_COMPILE_CACHE: dir } : {};
}

export class BotWorker {
  private readonly child: ChildProcess;
  private readonly waiting: Array<{ resolve(v: unknown): void; reject(e: Error): void }> = [];
  private stderr = '';

  private constructor(child: ChildProcess) {
    this.child = child;
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      this.waiting.shift()?.resolve(JSON.parse(line));
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-2000);
    });
    child.once('exit', (code) => {
      const err = new Error(`bot worker exited (${code}): ${this.stderr.trim()}`);
      for (const w of this.waiting.splice(0)) w.reject(err);
    });
  }

  static async start(
    cfg: BotWorkerConfig,
    configFile: string,
    wrap: (argv: string[]) => string[] = (a) => a,
  ): Promise<{ worker: BotWorker; baselineRssKiB: number; compileCache: boolean }> {
    writeFileSync(configFile, JSON.stringify(cfg));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...compileCacheEnv(),
      BENCH_BOT_CONFIG_FILE: configFile,
    };
    // One start that loads every module and exits fills the cache, as any earlier start of the bot would have.
    if (env.NODE_COMPILE_CACHE) await BotWorker.primeCache(env);
    // process.execPath is the repo's pinned Node 24 when started as documented; it runs .ts natively.
    const [prog = process.execPath, ...args] = wrap([process.execPath, ...BOT_NODE_FLAGS, WORKER]);
    const child = track(spawn(prog, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env }));
    const worker = new BotWorker(child);
    const hello = (await worker.next()) as { rssKiB: number };
    return { worker, baselineRssKiB: hello.rssKiB, compileCache: Boolean(env.NODE_COMPILE_CACHE) };
  }

  private static primeCache(env: NodeJS.ProcessEnv): Promise<void> {
    const child = track(
      spawn(process.execPath, [...BOT_NODE_FLAGS, WORKER], {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
        env,
      }),
    );
    child.stdin?.end('quit\n');
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  private next(): Promise<unknown> {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private async request(line: string): Promise<unknown> {
    const p = this.next();
    this.child.stdin?.write(`${line}\n`);
    return p;
  }

  /** New executor (closing the previous one), then a sweep over fresh connections. */
  cold(): Promise<SweepReport> {
    return this.request('cold') as Promise<SweepReport>;
  }

  /** Another sweep on the same executor: every host's connection is already in the pool. */
  warm(): Promise<SweepReport> {
    return this.request('warm') as Promise<SweepReport>;
  }

  async close(): Promise<void> {
    await this.request('close');
  }

  async quit(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end('quit\n');
    await exited;
  }
}
