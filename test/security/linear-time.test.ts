/**
 * Parsing hostile text must take time linear in its size. Each 100 kB input runs in a worker thread; a
 * quadratic regex needs minutes there, a linear one milliseconds, so the deadline (generous, for a busy
 * 2-core machine) is the point of the test, not a performance bound on normal code.
 */
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './hostile-cases.ts';

const DEADLINE_MS = 15_000;

/**
 * Runs every case in one worker (loading the modules once). The deadline restarts at each finished case; a
 * case that misses it is recorded, the worker is stopped, and the remaining cases continue in a new one.
 */
async function runAll(names: string[]): Promise<Map<string, string>> {
  const results = new Map<string, string>();
  let todo = [...names];
  while (todo.length) {
    await new Promise<void>((resolve) => {
      const w = new Worker(new URL('./hostile-cases.ts', import.meta.url), { workerData: { names: todo } });
      let timer: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          results.set(todo[0]!, 'missed the deadline');
          todo = todo.slice(1);
          void w.terminate().then(() => resolve());
        }, DEADLINE_MS);
      };
      arm();
      w.on('message', (name: string) => {
        results.set(name, 'done');
        todo = todo.filter((n) => n !== name);
        arm();
      });
      w.once('error', (e) => {
        clearTimeout(timer);
        results.set(todo[0]!, `threw ${e.message}`);
        todo = todo.slice(1);
        resolve();
      });
      w.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return results;
}

const names = Object.keys(CASES);
let results: Map<string, string>;
beforeAll(
  async () => {
    results = await runAll(names);
  },
  DEADLINE_MS * names.length + 30_000,
);

describe('hostile 100 kB inputs complete (linear-time parsing)', () => {
  it.each(names)('%s', (name) => {
    expect(results.get(name)).toBe('done');
  });
});
