/** Shared by the restart tools: the unit's state over SSH (`systemctl is-active`), and the restart itself. */
import type { InventoryHost } from '../../config/schema.ts';
import { tr } from '../../i18n/text.ts';
import { COMMANDS, MUTATING_COMMANDS, type ServiceUnit } from '../../ssh/commands.ts';
import type { ToolContext } from '../context.ts';
import { runRemote } from '../remote.ts';
import { type Check, fail, pass } from './vm-common.ts';

export async function unitState(ctx: ToolContext, host: InventoryHost, unit: ServiceUnit): Promise<string> {
  const r = await runRemote(ctx, host, COMMANDS['systemctl.is-active'], { unit });
  return r.stdout.trim() || 'unknown';
}

export async function unitActive(ctx: ToolContext, host: InventoryHost, unit: ServiceUnit): Promise<Check> {
  const state = await unitState(ctx, host, unit);
  const text = tr(ctx.lang, `${unit} on ${host.name} is ${state}`, `${host.name} の ${unit} は ${state}`);
  return state === 'active' ? pass(text) : fail(text);
}

export async function restartUnit(ctx: ToolContext, host: InventoryHost, unit: ServiceUnit) {
  await runRemote(ctx, host, MUTATING_COMMANDS['systemctl.restart'], { unit });
  const state = await unitState(ctx, host, unit);
  return {
    data: { host: host.name, unit, state },
    summary: tr(
      ctx.lang,
      `${unit} restarted on ${host.name}: ${state}`,
      `${host.name} の ${unit} を再起動: ${state}`,
    ),
  };
}
