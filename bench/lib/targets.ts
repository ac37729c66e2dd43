/** Issue 10's targets next to what this run measured, each with its ratio and whether it is met. */
import { fmt, median } from './stats.ts';
import type { MethodResult } from './table.ts';

export interface Flatness {
  sweeps: number;
  firstRssMiB: number;
  lastRssMiB: number;
  maxRssMiB: number;
}

const med = (m: MethodResult | undefined, f: (r: MethodResult['runs'][number]) => number) =>
  m && !m.skipped && m.runs.length ? median(m.runs.map(f)) : undefined;

function row(what: string, measured: string, target: string, ratio: number | undefined, limit: number) {
  const met = ratio === undefined ? 'n/a' : ratio <= limit ? 'met' : 'NOT met';
  return [what, measured, target, ratio === undefined ? '-' : fmt(ratio), met];
}

export function targetRows(
  byLabel: (prefix: string) => MethodResult | undefined,
  hosts: number,
  peakRssMiB: number,
  flat: Flatness | undefined,
): string[][] {
  const wall = (m: MethodResult | undefined) => med(m, (r) => r.wallMs / 1000);
  const botCold = byLabel('cloudops executor, cold');
  const botWarm = byLabel('cloudops executor, warm');
  const cmWarm = byLabel('ControlMaster warm');
  const xargs = byLabel('xargs');
  const pssh = byLabel('parallel-ssh');
  const bestCold = [xargs, pssh]
    .filter((m) => wall(m) !== undefined)
    .sort((a, b) => (wall(a) ?? 0) - (wall(b) ?? 0))[0];
  const div = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? undefined : a / b;
  const perHostMs = (m: MethodResult | undefined, f: (r: MethodResult['runs'][number]) => number) => {
    const v = med(m, f);
    return v === undefined ? undefined : (v * 1000) / hosts;
  };
  const botClientMs = perHostMs(botCold, (r) => r.clientCpuS);
  const botSshdMs = perHostMs(botCold, (r) => r.sshdCpuS);
  const bestSshdMs = perHostMs(bestCold, (r) => r.sshdCpuS);
  const warmSshd = perHostMs(botWarm, (r) => r.sshdCpuS);
  const cmSshd = perHostMs(cmWarm, (r) => r.sshdCpuS);
  const s = (v: number | undefined, d = 2) => (v === undefined ? '-' : fmt(v, d));
  const rows = [
    row(
      'warm sweep vs ControlMaster + xargs',
      `${s(wall(botWarm))} s vs ${s(wall(cmWarm))} s`,
      '<= 0.3x',
      div(wall(botWarm), wall(cmWarm)),
      0.3,
    ),
    row(
      `cold sweep vs best OpenSSH (${bestCold?.label ?? '-'})`,
      `${s(wall(botCold))} s vs ${s(wall(bestCold))} s`,
      '<= 0.8x',
      div(wall(botCold), wall(bestCold)),
      0.8,
    ),
    row('bot client CPU per host, cold', `${s(botClientMs)} ms`, '<= 3 ms', div(botClientMs, 3), 1),
    row(
      'sshd CPU per host, cold: bot vs best OpenSSH',
      `${s(botSshdMs)} ms vs ${s(bestSshdMs)} ms`,
      '<= 1x',
      div(botSshdMs, bestSshdMs),
      1,
    ),
    row(
      'sshd CPU per host, warm: bot vs ControlMaster',
      `${s(warmSshd)} ms vs ${s(cmSshd)} ms`,
      '<= 1x',
      div(warmSshd, cmSshd),
      1,
    ),
    row('bot peak RSS', `${fmt(peakRssMiB, 0)} MiB`, '<= 200 MiB', peakRssMiB / 200, 1),
  ];
  if (flat) {
    const growth = (flat.maxRssMiB - flat.firstRssMiB) / flat.firstRssMiB;
    rows.push(
      row(
        `RSS over ${flat.sweeps} repeated sweeps`,
        `${fmt(flat.firstRssMiB, 0)} -> ${fmt(flat.lastRssMiB, 0)} MiB (max ${fmt(flat.maxRssMiB, 0)})`,
        '<= +10%',
        1 + growth,
        1.1,
      ),
    );
  }
  return rows;
}

export const TARGET_HEADER = ['target', 'measured', 'target', 'ratio', 'met?'];
