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
});

export const virshDomstats = defineCommand({
  id: 'virsh.domstats',
  description: 'balloon and state stats of every domain on a KVM host, in one call',
  program: 'virsh',
  schema: noArgs,
  args: () => ['domstats', '--balloon', '--state'],
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
} as const;

export type CommandId = keyof typeof COMMANDS;
