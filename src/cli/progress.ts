/**
 * The progress line of long fan-out work on a terminal ("hosts 412/1000 · 3 failed · 6.2s"), on stderr,
 * rewritten in place and throttled. Nothing at all when stderr is not a terminal, with --json or --quiet,
 * so pipes, cron mail and scripts only ever see the result.
 */
import type { HostProgressEvent } from '../tools/context.ts';
import type { Lang } from '../tools/types.ts';
import type { CliIo } from './io.ts';

const CLEAR = '\r\x1b[2K';

export interface ProgressLine {
  /** Pass as RunOptions.hostProgress; undefined when no line is shown. */
  sink?: (e: HostProgressEvent) => void;
  /** Erases the line; call before printing the result. */
  stop(): void;
}

export function startProgress(
  io: CliIo,
  o: { json?: boolean; lang: Lang; intervalMs?: number },
): ProgressLine {
  const write = io.errTty;
  if (!write || o.json || io.quiet) return { stop: () => {} };
  const started = Date.now();
  const interval = o.intervalMs ?? 100;
  let total = 0;
  let done = 0;
  let failed = 0;
  let last = 0;
  let shown = false;
  const render = () => {
    last = Date.now();
    shown = true;
    const s = ((last - started) / 1000).toFixed(1);
    const line =
      total === 0
        ? o.lang === 'ja'
          ? `実行中… ${s}秒`
          : `working… ${s}s`
        : o.lang === 'ja'
          ? `ホスト ${done}/${total} · 失敗 ${failed} · ${s}秒`
          : `hosts ${done}/${total} · ${failed} failed · ${s}s`;
    write(`${CLEAR}${line}`);
  };
  // Elapsed time keeps moving while the API calls before a fan-out run; unref'd so it never holds the process.
  const tick = setInterval(render, 1000);
  tick.unref();
  return {
    sink: (e) => {
      if (e.type === 'planned') total += e.hosts;
      else {
        done += 1;
        if (!e.ok) failed += 1;
      }
      if (Date.now() - last >= interval || e.type === 'planned') render();
    },
    stop: () => {
      clearInterval(tick);
      if (shown) write(CLEAR);
    },
  };
}
