/**
 * `cloudops lab-ctl --dir DIR <action> [--pair P --resource R --node N --host H --vm V --type T --level L
 * --description TEXT]`: changes a running lab's world through its control surface (lab-ctl.json in DIR).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpsError } from '../../core/errors.ts';
import { splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';

const ACTIONS = 'drbd-standalone, drbd-connect, node-offline, node-online, oom-kill, raise-alert, add-event';

export async function runLabCtl(argv: string[], io: CliIo): Promise<number> {
  const { pairs, rest } = splitToolArgs(argv);
  const action = rest[0];
  const dir = pairs.dir;
  if (!action || !dir) {
    io.err(`usage: cloudops lab-ctl --dir LAB_DIR <action> [--pair P --resource R …]\nactions: ${ACTIONS}`);
    return 2;
  }
  delete pairs.dir;
  const ctl = JSON.parse(await readFile(join(dir, 'lab-ctl.json'), 'utf8')) as { url: string; token: string };
  const body: Record<string, unknown> = { action, ...pairs };
  // Alert types are numbers in CloudStack (7 host, 2 storage, 13 management server…).
  if (typeof pairs.type === 'string' && /^\d{1,3}$/.test(pairs.type)) body.type = Number(pairs.type);
  const res = await fetch(ctl.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctl.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((e: unknown) => {
    throw new OpsError(
      'host_unreachable',
      `the lab at ${dir} does not answer (is it running?): ${String(e)}`,
    );
  });
  const answer = (await res.json()) as { done?: string; error?: string };
  if (res.status !== 200) {
    io.err(`cloudops lab-ctl: ${answer.error ?? res.status}`);
    return 1;
  }
  io.out(answer.done ?? 'ok');
  return 0;
}

export const labCtlCommand: CliCommand = {
  name: 'lab-ctl',
  summary: [
    'change a running lab (drbd-standalone, node-offline, oom-kill, raise-alert…)',
    '実行中のラボを変更 (drbd-standalone、node-offline、oom-kill、raise-alert…)',
  ],
  usage: '--dir LAB_DIR <action> [--pair P --resource R --node N --host H --vm V --type T …]',
  flags: [
    '--dir',
    '--pair',
    '--resource',
    '--node',
    '--host',
    '--vm',
    '--type',
    '--level',
    '--description',
    '--help',
  ],
  run: runLabCtl,
};
