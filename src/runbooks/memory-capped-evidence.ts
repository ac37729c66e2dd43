/** The evidence chain of one affected VM, layer by layer, and the per-VM stop/start steps of a memory fix. */
import { kibText } from '../tools/text-table.ts';
import type { RunbookContext } from './runbook.ts';
import { runbookText } from './runbook-text.ts';

const ID = 'vm-memory-capped';

import type { Evidence, ProposedStep } from './types.ts';

/** offering → API → libvirt → balloon → guest, for one VM (preferably one whose guest we can read). */
export async function sampleEvidence(rc: RunbookContext, vms: string[]): Promise<Evidence[]> {
  const guestVm =
    vms.find((v) => rc.env.hosts.some((h) => h.role === 'guest' && (h.vm === v || h.name === v))) ?? vms[0];
  if (!guestVm) return [];
  const env = await rc.tool('vm_memory', { vm: guestVm });
  const d = env.data;
  if (env.status !== 'ok' || !d)
    return [{ label: `${guestVm} layers`, value: env.summary, source: 'vm_memory', kind: 'observed' }];
  const host = d.host;
  const ev: Evidence[] = [
    {
      label: `${d.vm} service offering`,
      value: `${d.offeringMiB} MiB`,
      source: 'cloudstack-api',
      kind: 'observed',
    },
    {
      label: `${d.vm} API memorykbs`,
      value: kibText(d.apiMemoryKiB),
      source: 'cloudstack-api',
      kind: 'observed',
    },
  ];
  if (d.libvirt) {
    ev.push({
      label: `${d.instanceName} libvirt <memory> / <currentMemory>`,
      value: `${d.libvirt.memoryKiB} KiB / ${d.libvirt.currentMemoryKiB} KiB`,
      source: host,
      kind: 'observed',
    });
    ev.push({
      label: `${d.instanceName} libvirt <maxMemory>`,
      value: d.libvirt.maxMemoryKiB === null ? 'absent' : `${d.libvirt.maxMemoryKiB} KiB`,
      source: host,
      kind: 'observed',
    });
  }
  if (d.balloonKiB !== undefined)
    ev.push({
      label: `${d.instanceName} balloon actual`,
      value: `${d.balloonKiB} KiB`,
      source: host,
      kind: 'observed',
    });
  ev.push({
    label: `${d.vm} guest MemTotal`,
    value:
      d.guestKiB === undefined
        ? 'unknown (no guest access, no balloon stats)'
        : `${d.guestKiB} kB (${kibText(d.guestKiB)})`,
    source: d.guestSource === 'guest-ssh' ? d.vm : host,
    kind: 'observed',
  });
  return ev;
}

/**
 * One stop and one start per affected VM, every VM, in order: the plan runs them one at a time. The stop binds
 * the host the VM was seen on, so a VM that moved since the diagnosis is not stopped blindly.
 */
export function restartSteps(vms: { vm: string; host?: string }[], lang: 'en' | 'ja'): ProposedStep[] {
  return vms.flatMap(({ vm, host }) => [
    {
      text: runbookText(ID, 'step-stop', lang, { vm }),
      action: { tool: 'stop_vm', input: host ? { vm, expectedHost: host } : { vm } },
    },
    { text: runbookText(ID, 'step-start', lang, { vm }), action: { tool: 'start_vm', input: { vm } } },
  ]);
}
