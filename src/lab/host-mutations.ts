/**
 * What a lab host does with the few mutating commands the bot may run (`sudo -n systemctl restart <unit>`,
 * the DRBD recovery `drbdadm` steps, `pcs resource unmanage|manage`): change the world and record the call.
 * Without `sudo -n` the host refuses, as a real host refuses an unprivileged user.
 */
import { drbdadmMutation } from './drbd-admin.ts';
import type { HostResponse, HostTarget } from './host-responder.ts';
import type { LabWorld } from './world.ts';

const UNITS: Record<HostTarget['kind'], string[]> = {
  management: ['cloudstack-management'],
  kvm: ['cloudstack-agent', 'libvirtd'],
  storage: ['pacemaker', 'corosync'],
  guest: [],
};

const hostName = (world: LabWorld, t: HostTarget): string =>
  t.kind === 'kvm'
    ? t.host.name
    : t.kind === 'storage'
      ? t.node
      : t.kind === 'guest'
        ? `${t.vm.name}-guest`
        : world.scenario.management.name;

/** `systemctl is-active <unit>` (read-only). */
export function unitState(world: LabWorld, target: HostTarget, argv: string[]): HostResponse | undefined {
  if (!(argv.length === 3 && argv[0] === 'systemctl' && argv[1] === 'is-active')) return undefined;
  const unit = argv[2] ?? '';
  if (!UNITS[target.kind].includes(unit)) return { stdout: 'inactive\n', code: 3 };
  if (world.failingUnits.has(`${hostName(world, target)}/${unit}`)) return { stdout: 'failed\n', code: 3 };
  return { stdout: 'active\n', code: 0 };
}

const MUTATING = new Set(['systemctl', 'drbdadm', 'pcs']);

export function hostMutation(world: LabWorld, target: HostTarget, argv: string[]): HostResponse | undefined {
  const sudo = argv[0] === 'sudo' && argv[1] === '-n';
  const cmd = sudo ? argv.slice(2) : argv;
  const [prog = '', sub] = cmd;
  const isMutation =
    (prog === 'systemctl' && sub === 'restart') ||
    (prog === 'drbdadm' && ['disconnect', 'secondary', 'connect'].includes(sub ?? '')) ||
    (prog === 'pcs' && sub === 'resource' && ['manage', 'unmanage'].includes(cmd[2] ?? ''));
  if (!MUTATING.has(prog) || !isMutation) return undefined;
  const host = hostName(world, target);
  const res = sudo ? run(world, target, host, cmd) : denied(prog);
  world.recordMutation({ via: 'ssh', command: cmd.join(' '), params: { host }, ok: res.code === 0 });
  return res;
}

const denied = (prog: string): HostResponse =>
  prog === 'systemctl'
    ? { stdout: '', stderr: 'Failed to restart unit: Interactive authentication required.\n', code: 1 }
    : { stdout: '', stderr: `${prog}: Permission denied (run as root)\n`, code: 1 };

function run(world: LabWorld, target: HostTarget, host: string, cmd: string[]): HostResponse {
  const [prog, , third, fourth] = cmd;
  if (prog === 'systemctl') {
    const unit = third ?? '';
    if (cmd.length !== 3 || !UNITS[target.kind].includes(unit))
      return {
        stdout: '',
        stderr: `Failed to restart ${unit}.service: Unit ${unit}.service not found.\n`,
        code: 5,
      };
    const key = `${host}/${unit}`;
    world.unitRestarts.set(key, (world.unitRestarts.get(key) ?? 0) + 1);
    if (world.failingUnits.has(key))
      return {
        stdout: '',
        stderr: `Job for ${unit}.service failed because the control process exited with error code.\nSee "systemctl status ${unit}.service" and "journalctl -xeu ${unit}.service" for details.\n`,
        code: 1,
      };
    return { stdout: '', code: 0 };
  }
  if (target.kind !== 'storage') return { stdout: '', stderr: `sudo: ${prog}: command not found\n`, code: 1 };
  if (prog === 'pcs') {
    // pcs accepts a primitive's id or, for a promotable DRBD resource, its clone's id (`<id>-clone`).
    const known = target.pair.pacemaker?.resources.some((r) => r.id === fourth || `${r.id}-clone` === fourth);
    if (cmd.length !== 4 || !known)
      return { stdout: '', stderr: `Error: Resource '${fourth ?? ''}' does not exist\n`, code: 1 };
    return { stdout: '', code: 0 };
  }
  return (
    drbdadmMutation(target.pair, target.node, cmd) ?? {
      stdout: '',
      stderr: 'drbdadm: bad arguments\n',
      code: 20,
    }
  );
}
