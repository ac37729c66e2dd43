/**
 * Mutating VM actions. Declared like every tool so runbooks can name them in proposals, but risk 'mutate':
 * the registry never runs them — only the approval path (a recorded human approval) may, through the API.
 */
import { z } from 'zod';
import { findVm, vmNameSchemaPattern } from '../cloudstack/find-vm.ts';
import { apiCall } from '../remote.ts';
import type { ToolDefinition, ToolTitle } from '../types.ts';

const input = z.object({ vm: z.string().regex(vmNameSchemaPattern) });

function powerAction(
  name: 'stop_vm' | 'start_vm',
  title: ToolTitle,
  description: string,
): ToolDefinition<typeof input, { vm: string; state?: string }> {
  return {
    name,
    title,
    description,
    input,
    risk: 'mutate',
    async run({ vm }, ctx) {
      const target = await findVm(ctx, vm);
      const command = name === 'stop_vm' ? 'stopVirtualMachine' : 'startVirtualMachine';
      const r = await apiCall(ctx, `${command} id=${target.id}`, () =>
        name === 'stop_vm' ? ctx.api.stopVirtualMachine(target.id) : ctx.api.startVirtualMachine(target.id),
      );
      return {
        data: { vm, state: (r as { state?: string } | undefined)?.state },
        summary: `${vm}: ${name === 'stop_vm' ? 'stopped' : 'started'}`,
      };
    },
  };
}

export const stopVm = powerAction(
  'stop_vm',
  { en: 'Stop a VM', ja: 'VMの停止' },
  'Stops a VM through the CloudStack API (stopVirtualMachine). Needs human approval.',
);
export const startVm = powerAction(
  'start_vm',
  { en: 'Start a VM', ja: 'VMの起動' },
  'Starts a VM through the CloudStack API (startVirtualMachine); CloudStack re-sizes its memory from current settings at start. Needs human approval.',
);
