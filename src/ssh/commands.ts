/** The catalog of read-only commands the bot may run over SSH; the lab's host responder matches these exact argv. */
import { z } from 'zod';
import { domainNameArg, drbdResourceArg, noArgs, sinceArg, tailLinesArg } from './arg-patterns.ts';
import { defineCommand } from './define-command.ts';

export { commandFromTemplate, defineCommand } from './define-command.ts';

const domainArgs = z.object({ domain: domainNameArg }).strict();

export const virshList = defineCommand({
  id: 'virsh.list',
  description: 'libvirt domains on a KVM host (CloudStack domains are transient: running ones only)',
  program: 'virsh',
  schema: noArgs,
  args: () => ['list', '--all'],
  persistent: true,
});

export const virshDomstats = defineCommand({
  id: 'virsh.domstats',
  description: 'balloon and state stats of every domain on a KVM host, in one call',
  program: 'virsh',
  schema: noArgs,
  args: () => ['domstats', '--balloon', '--state'],
  persistent: true,
});

export const virshDominfo = defineCommand({
  id: 'virsh.dominfo',
  description: 'max and used memory, vCPUs and state of one domain',
  program: 'virsh',
  schema: domainArgs,
  args: (a) => ['dominfo', a.domain],
});

export const virshDumpxml = defineCommand({
  id: 'virsh.dumpxml',
  description: 'the live domain XML (memory, currentMemory, maxMemory, memballoon)',
  program: 'virsh',
  schema: domainArgs,
  args: (a) => ['dumpxml', a.domain],
});

export const virshDommemstat = defineCommand({
  id: 'virsh.dommemstat',
  description: 'balloon memory statistics of one domain',
  program: 'virsh',
  schema: domainArgs,
  args: (a) => ['dommemstat', a.domain],
});

export const meminfo = defineCommand({
  id: 'meminfo',
  description: '/proc/meminfo of a host or guest',
  program: 'cat',
  schema: noArgs,
  args: () => ['/proc/meminfo'],
  persistent: true,
});

export const drbdStatus = defineCommand({
  id: 'drbd.status',
  description: 'DRBD 9 status of all resources or one',
  program: 'drbdadm',
  schema: z.object({ resource: drbdResourceArg.optional() }).strict(),
  args: (a) => (a.resource === undefined ? ['status'] : ['status', a.resource]),
});

export const drbdProc = defineCommand({
  id: 'drbd.proc',
  description: 'DRBD 8.x status from /proc/drbd',
  program: 'cat',
  schema: noArgs,
  args: () => ['/proc/drbd'],
});

export const drbdDump = defineCommand({
  id: 'drbd.dump',
  description: 'the parsed DRBD configuration (resource names and device minors); reads, never changes',
  program: 'drbdadm',
  schema: noArgs,
  args: () => ['dump'],
});

export const crmMonXml = defineCommand({
  id: 'crm_mon.xml',
  description: 'one-shot Pacemaker cluster status as XML',
  program: 'crm_mon',
  schema: noArgs,
  args: () => ['-1', '--output-as=xml'],
});

export const corosyncQuorum = defineCommand({
  id: 'corosync.quorum',
  description: 'corosync quorum and membership',
  program: 'corosync-quorumtool',
  schema: noArgs,
  args: () => ['-s'],
  // Exit 2 means "not quorate" and still prints the full status, which is exactly what a diagnosis needs.
  okExitCodes: [0, 2],
});

export const kernelLog = defineCommand({
  id: 'kernel.log',
  description: 'kernel messages (OOM kills, DRBD, NIC) since a time, ISO timestamps',
  program: 'journalctl',
  schema: z.object({ since: sinceArg }).strict(),
  args: (a) => ['-k', '--no-pager', '-o', 'short-iso', '--since', a.since],
});

export const cloudstackLog = defineCommand({
  id: 'cloudstack.log',
  description: 'the last lines of the CloudStack management server log',
  program: 'tail',
  schema: z.object({ lines: tailLinesArg }).strict(),
  args: (a) => ['-n', String(a.lines), '/var/log/cloudstack/management/management-server.log'],
});

/** The only systemd units the bot may look at or restart: the management server, the KVM agent, libvirt. */
export const serviceUnitArg = z.enum(['cloudstack-management', 'cloudstack-agent', 'libvirtd']);
export type ServiceUnit = z.infer<typeof serviceUnitArg>;
const unitArgs = z.object({ unit: serviceUnitArg }).strict();

export const systemctlIsActive = defineCommand({
  id: 'systemctl.is-active',
  description: 'whether a CloudStack/libvirt systemd unit is active',
  program: 'systemctl',
  schema: unitArgs,
  args: (a) => ['is-active', a.unit],
  // 3 = inactive/failed: still an answer, not a failure to ask.
  okExitCodes: [0, 3],
});

export const COMMANDS = {
  'virsh.list': virshList,
  'virsh.domstats': virshDomstats,
  'virsh.dominfo': virshDominfo,
  'virsh.dumpxml': virshDumpxml,
  'virsh.dommemstat': virshDommemstat,
  meminfo,
  'drbd.status': drbdStatus,
  'drbd.proc': drbdProc,
  'drbd.dump': drbdDump,
  'crm_mon.xml': crmMonXml,
  'corosync.quorum': corosyncQuorum,
  'kernel.log': kernelLog,
  'cloudstack.log': cloudstackLog,
  'systemctl.is-active': systemctlIsActive,
} as const;

export type CommandId = keyof typeof COMMANDS;

// ---------------------------------------------------------------------------------------------------------
// Mutating commands. Only the approval executor reaches them, through the action tools (src/tools/actions/).
// They run as `sudo -n <fixed argv>`, so the hosts' sudoers can allow exactly these argv and nothing else.

const drbdArgs = z.object({ resource: drbdResourceArg }).strict();
const pcsResourceArgs = z
  .object({ resource: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'a Pacemaker resource id') })
  .strict();

function sudo<A>(
  id: string,
  description: string,
  argv: (a: A) => string[],
  schema: z.ZodType<A>,
  timeoutMs = 60_000,
) {
  return defineCommand<A>({
    id,
    description,
    program: 'sudo',
    schema,
    args: (a) => ['-n', ...argv(a)],
    timeoutMs,
  });
}

export const MUTATING_COMMANDS = {
  'systemctl.restart': sudo(
    'systemctl.restart',
    'restart one CloudStack/libvirt systemd unit',
    (a: { unit: ServiceUnit }) => ['systemctl', 'restart', a.unit],
    unitArgs,
    180_000,
  ),
  'drbd.disconnect': sudo(
    'drbd.disconnect',
    'drop the DRBD connection of a resource on this node',
    (a: { resource: string }) => ['drbdadm', 'disconnect', a.resource],
    drbdArgs,
  ),
  'drbd.secondary': sudo(
    'drbd.secondary',
    'demote a DRBD resource to Secondary on this node',
    (a: { resource: string }) => ['drbdadm', 'secondary', a.resource],
    drbdArgs,
  ),
  'drbd.connect-discard': sudo(
    'drbd.connect-discard',
    "reconnect a DRBD resource and DISCARD this node's changes since the split brain (victim side)",
    (a: { resource: string }) => ['drbdadm', 'connect', '--discard-my-data', a.resource],
    drbdArgs,
  ),
  'drbd.connect': sudo(
    'drbd.connect',
    'reconnect a DRBD resource on this node (survivor side)',
    (a: { resource: string }) => ['drbdadm', 'connect', a.resource],
    drbdArgs,
  ),
  'pcs.unmanage': sudo(
    'pcs.unmanage',
    'put a Pacemaker resource in unmanaged mode',
    (a: { resource: string }) => ['pcs', 'resource', 'unmanage', a.resource],
    pcsResourceArgs,
  ),
  'pcs.manage': sudo(
    'pcs.manage',
    'give a Pacemaker resource back to the cluster',
    (a: { resource: string }) => ['pcs', 'resource', 'manage', a.resource],
    pcsResourceArgs,
  ),
} as const;
