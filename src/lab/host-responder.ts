/**
 * What a lab host prints for each command the bot may run (src/ssh/commands.ts), in the real tools' formats,
 * read from the LabWorld on every call so that a VM stopped or started through the lab API shows new figures.
 * Anything else gets the shell's or the tool's real refusal.
 */
import { hostMutation, unitState } from './host-mutations.ts';
import { balloonFigures } from './render/balloon.ts';
import { renderQuorumtool } from './render/corosync-quorum.ts';
import { renderCrmMon, renderCrmMonNotConnected } from './render/crm-mon.ts';
import { renderDrbdadmDump, renderDrbdadmStatus, renderProcDrbd } from './render/drbd.ts';
import { type JournalEntry, oomEntries, renderJournal } from './render/kernel-log.ts';
import { labNow, parseSince } from './render/lab-clock.ts';
import { managementLogLines } from './render/management-log.ts';
import { guestMeminfo, hostMeminfo, renderMeminfo } from './render/meminfo.ts';
import { renderVirshDominfo } from './render/virsh-dominfo.ts';
import { renderDumpxml } from './render/virsh-dumpxml.ts';
import { renderVirshList } from './render/virsh-list.ts';
import { renderDommemstat, renderDomstats } from './render/virsh-memstats.ts';
import type { StoragePairSpec } from './scenario.ts';
import type { LabHost, LabVm, LabWorld } from './world.ts';

export interface HostResponse {
  stdout: string;
  stderr?: string;
  code: number;
}

export type HostTarget =
  | { kind: 'kvm'; host: LabHost }
  | { kind: 'storage'; pair: StoragePairSpec; node: string }
  | { kind: 'guest'; vm: LabVm }
  | { kind: 'management' };

const ok = (stdout: string): HostResponse => ({ stdout, code: 0 });
const fail = (stderr: string, code = 1): HostResponse => ({ stdout: '', stderr, code });
const notFound = (prog: string): HostResponse => fail(`bash: ${prog}: command not found\n`, 127);
const same = (argv: string[], ...want: string[]) =>
  argv.length === want.length && want.every((w, i) => argv[i] === w);

const KERNEL = '6.1.0-56-amd64';
const MGMT_LOG = '/var/log/cloudstack/management/management-server.log';

export function createHostResponder(world: LabWorld, target: HostTarget): (argv: string[]) => HostResponse {
  return (argv) => {
    const changed = hostMutation(world, target, argv) ?? unitState(world, target, argv);
    if (changed) return changed;
    const [prog = ''] = argv;
    switch (target.kind) {
      case 'kvm':
        return kvm(world, target.host, argv);
      case 'guest':
        return guest(world, target.vm, argv);
      case 'storage':
        return storage(world, target.pair, target.node, argv);
      case 'management':
        return management(world, argv);
      default:
        return notFound(prog);
    }
  };
}

/** `journalctl -k --no-pager -o short-iso --since X`, or undefined when the argv is not that. */
function journal(
  world: LabWorld,
  argv: string[],
  host: string,
  entries: () => JournalEntry[],
): HostResponse | undefined {
  if (
    !(
      argv.length === 7 &&
      same(argv.slice(0, 6), 'journalctl', '-k', '--no-pager', '-o', 'short-iso', '--since')
    )
  )
    return undefined;
  const since = parseSince(argv[6] ?? '', labNow(world));
  if (since === 'invalid') return fail(`Failed to parse timestamp: ${argv[6]}\n`);
  return ok(renderJournal(host, entries(), since));
}

function kvm(world: LabWorld, host: LabHost, argv: string[]): HostResponse {
  const now = labNow(world);
  const running = () =>
    world
      .vmsOnHost(host)
      .filter((v) => v.state === 'Running' && v.domain)
      .sort((a, b) => (a.domId ?? 0) - (b.domId ?? 0));
  const [prog = '', sub, dom] = argv;
  if (prog === 'virsh') {
    if (same(argv, 'virsh', 'list', '--all')) return ok(renderVirshList(running()));
    if (same(argv, 'virsh', 'domstats', '--balloon', '--state'))
      return ok(renderDomstats(running().map((vm) => ({ vm, b: balloonFigures(world, vm, now)! }))));
    if (argv.length === 3 && dom && (sub === 'dominfo' || sub === 'dumpxml' || sub === 'dommemstat')) {
      // CloudStack domains are transient: a stopped VM's domain does not exist on the host at all.
      const vm = running().find((v) => v.instanceName === dom || v.id === dom || String(v.domId) === dom);
      const b = vm && balloonFigures(world, vm, now);
      if (!vm || !b) return fail(`error: failed to get domain '${dom}'\n`);
      if (sub === 'dominfo') return ok(renderVirshDominfo(vm, b));
      if (sub === 'dumpxml') return ok(renderDumpxml(vm));
      return ok(renderDommemstat(b));
    }
    if (same(argv, 'virsh', 'list')) return ok(renderVirshList(running()));
    if (!sub || !['list', 'domstats', 'dominfo', 'dumpxml', 'dommemstat'].includes(sub))
      return fail(`error: unknown command: '${sub ?? ''}'\n`);
    if (argv.length === 2) return fail(`error: command '${sub}' requires <domain> option\n`);
    return fail(
      `error: command '${sub}' doesn't support option ${argv.find((a, i) => i > 1 && a.startsWith('-')) ?? argv[argv.length - 1]}\n`,
    );
  }
  if (same(argv, 'cat', '/proc/meminfo')) {
    const rss = running().reduce((a, vm) => a + (balloonFigures(world, vm, now)?.rss ?? 0), 0);
    return ok(renderMeminfo(hostMeminfo(host.spec.memoryMiB, rss)));
  }
  // A host's kernel log holds its own OOM kills (QEMU processes), never what happened inside a guest.
  const ctx = {
    hardware: 'Dell Inc. PowerEdge R650/0PYXKY, BIOS 1.13.2 12/08/2023',
    ramKiB: host.spec.memoryMiB * 1024,
    kernel: KERNEL,
    // The killed qemu's domain id is gone with it: a stable stand-in from the VM's database id.
    domainOf: (name: string) => {
      const vm = world.vmByName(name);
      return vm && { instanceName: vm.instanceName, domId: vm.domId ?? vm.dbId % 97 };
    },
  };
  return journal(world, argv, host.name, () => oomEntries(host.spec.oom, ctx)) ?? other(argv);
}

function guest(world: LabWorld, vm: LabVm, argv: string[]): HostResponse {
  const total = world.guestMemTotalKiB(vm);
  // A stopped VM's guest does not answer at all; the lab's SSH layer still does, so say so plainly.
  if (total === null || !vm.domain) return fail('ssh: connect to host: No route to host\n', 255);
  if (same(argv, 'cat', '/proc/meminfo')) return ok(renderMeminfo(guestMeminfo(total)));
  const ctx = {
    hardware: 'Apache Software Foundation CloudStack KVM Hypervisor, BIOS 1.16.2-debian-1.16.2-1 04/01/2014',
    ramKiB: vm.domain.currentMemoryKiB,
    kernel: KERNEL,
  };
  return journal(world, argv, vm.name, () => oomEntries(vm.spec.oom, ctx)) ?? other(argv);
}

function storage(world: LabWorld, pair: StoragePairSpec, node: string, argv: string[]): HostResponse {
  const now = labNow(world);
  const pm = pair.pacemaker;
  const stackDown = !pm || pm.nodes.find((n) => n.name === node)?.state === 'offline';
  if (argv[0] === 'drbdadm' && argv[1] === 'status' && argv.length <= 3) {
    const res = argv[2];
    const chosen = res === undefined ? pair.drbd : pair.drbd.filter((r) => r.name === res);
    if (res !== undefined && !chosen.length)
      return fail(`'${res}' not defined in your config (for this host).\n`, 10);
    return ok(renderDrbdadmStatus(pair, node, chosen));
  }
  if (same(argv, 'cat', '/proc/drbd')) return ok(renderProcDrbd(pair, node));
  if (same(argv, 'drbdadm', 'dump')) return ok(renderDrbdadmDump(pair));
  if (same(argv, 'crm_mon', '-1', '--output-as=xml')) {
    if (stackDown) return renderCrmMonNotConnected();
    return ok(renderCrmMon(pm, now));
  }
  if (same(argv, 'corosync-quorumtool', '-s')) {
    if (stackDown) return fail('Cannot initialize QUORUM service\n');
    return renderQuorumtool(pm, node, now);
  }
  // Kernel lines carry no time in the scenario: they are placed half an hour before the lab's "now".
  const entries = () =>
    (pair.kernelLog[node] ?? []).map((msg, i) => ({ ms: now - 30 * 60_000 + i * 1000, msg }));
  return journal(world, argv, node, entries) ?? other(argv);
}

function management(world: LabWorld, argv: string[]): HostResponse {
  if (argv[0] === 'tail' && argv.length === 4 && argv[1] === '-n' && argv[3] === MGMT_LOG) {
    const n = argv[2] ?? '';
    if (!/^\d+$/.test(n)) return fail(`tail: invalid number of lines: '${n}'\n`);
    const lines = managementLogLines(world, labNow(world));
    const tail = Number(n) === 0 ? [] : lines.slice(-Number(n));
    return ok(tail.length ? `${tail.join('\n')}\n` : '');
  }
  return other(argv);
}

/** A program the lab host does not have, or one it has but not with these arguments. */
function other(argv: string[]): HostResponse {
  const [prog = ''] = argv;
  if (prog === 'cat') return fail(`cat: ${argv[1] ?? ''}: No such file or directory\n`);
  if (prog === 'journalctl')
    return fail('journalctl: lab host answers only -k --no-pager -o short-iso --since <time>\n');
  return notFound(prog);
}
