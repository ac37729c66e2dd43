/**
 * Changes to a running lab's world, so watches and alerts are tested against something that really changes:
 * a DRBD resource splits (StandAlone) or reconnects, a storage node goes offline or back, a VM is OOM-killed,
 * CloudStack raises an alert or an event. The control server (loopback, token) and tests call this.
 */

import { z } from 'zod';
import { OpsError } from '../core/errors.ts';
import type { LabWorld } from './world.ts';

const name = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
export const controlCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('drbd-standalone'), pair: name, resource: name }),
  z.object({ action: z.literal('drbd-connect'), pair: name, resource: name }),
  z.object({ action: z.literal('node-offline'), pair: name, node: name }),
  z.object({ action: z.literal('node-online'), pair: name, node: name }),
  z.object({ action: z.literal('oom-kill'), host: name, vm: name.optional(), process: name.optional() }),
  z.object({
    action: z.literal('raise-alert'),
    type: z.number().int().min(0).max(100),
    description: z.string().max(2000),
  }),
  z.object({
    action: z.literal('add-event'),
    type: z.string().regex(/^[A-Z0-9._]{1,64}$/),
    level: z.enum(['INFO', 'WARN', 'ERROR']).default('WARN'),
    description: z.string().max(2000),
  }),
]);
export type ControlCommand = z.input<typeof controlCommandSchema>;

/** Applies one command; returns what changed, or throws an OpsError (invalid_argument) naming what was not found. */
export function applyControl(world: LabWorld, input: unknown): string {
  const cmd = controlCommandSchema.parse(input);
  const pairOf = (p: string) => {
    const pair = world.storagePairs.find((x) => x.name === p);
    if (!pair) throw new OpsError('invalid_argument', `no storage pair ${p}`);
    return pair;
  };
  switch (cmd.action) {
    case 'drbd-standalone':
    case 'drbd-connect': {
      const pair = pairOf(cmd.pair);
      const res = pair.drbd.find((r) => r.name === cmd.resource);
      if (!res) throw new OpsError('invalid_argument', `no DRBD resource ${cmd.resource} on ${cmd.pair}`);
      const split = cmd.action === 'drbd-standalone';
      for (const n of Object.values(res.nodes)) {
        n.connection = split ? 'StandAlone' : 'Connected';
        n.splitBrain = split;
        if (!split) n.disk = 'UpToDate';
      }
      for (const node of pair.nodes) {
        const log = pair.kernelLog[node] ?? [];
        pair.kernelLog[node] = log;
        const peer = pair.nodes.find((x) => x !== node);
        if (split)
          log.push(`drbd ${res.name} ${peer}: Split-Brain detected but unresolved, dropping connection!`);
        else pair.kernelLog[node] = log.filter((l) => !l.includes('Split-Brain'));
      }
      return `${cmd.pair}/${cmd.resource} ${split ? 'StandAlone (split brain)' : 'Connected'}`;
    }
    case 'node-offline':
    case 'node-online': {
      const node = pairOf(cmd.pair).pacemaker?.nodes.find((n) => n.name === cmd.node);
      if (!node) throw new OpsError('invalid_argument', `no Pacemaker node ${cmd.node} in ${cmd.pair}`);
      node.state = cmd.action === 'node-offline' ? 'offline' : 'online';
      return `${cmd.node} ${node.state}`;
    }
    case 'oom-kill': {
      const host = world.hosts.find((h) => h.name === cmd.host);
      if (!host) throw new OpsError('invalid_argument', `no KVM host ${cmd.host}`);
      host.spec.oom.push({
        at: new Date().toISOString(),
        pid: 4000 + host.spec.oom.length,
        totalVmKiB: 2_400_000,
        anonRssKiB: 2_100_000,
        constraint: 'none',
        ...(cmd.vm ? { vm: cmd.vm } : {}),
        ...(cmd.process ? { process: cmd.process } : {}),
      });
      return `OOM kill on ${cmd.host}`;
    }
    case 'raise-alert':
      return `alert ${world.signals.raiseAlert({ type: cmd.type, description: cmd.description }).id}`;
    case 'add-event':
      return `event ${world.signals.addEvent(cmd).id}`;
  }
}
