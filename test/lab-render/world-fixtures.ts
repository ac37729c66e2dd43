/** Small scenarios for the renderer tests, built through the real scenario schema so defaults apply as in YAML. */
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { type Scenario, scenarioSchema } from '../../src/lab/scenario.ts';

/** One KVM host with VMs in every memory layout the renderers must print, plus a DRBD 8.4 pair. */
export function layoutsScenario(version = '4.18.1'): Scenario {
  return scenarioSchema.parse({
    name: 'layouts',
    description: 'renderer test',
    cloudstackVersion: version,
    offerings: [
      { name: 'm6g', cpu: 2, memoryMiB: 6144 },
      { name: 'm2g', cpu: 1, memoryMiB: 2048 },
    ],
    zones: [
      {
        name: 'z1',
        clusters: [
          {
            name: 'c1',
            memoryOvercommitRatio: 2,
            hosts: [
              {
                name: 'kvm01',
                memoryMiB: 65536,
                oom: [
                  {
                    at: '2026-11-24T02:00:00Z',
                    process: 'qemu-system-x86',
                    pid: 9001,
                    totalVmKiB: 7_000_000,
                    anonRssKiB: 6_200_000,
                  },
                ],
                vms: [
                  {
                    name: 'capped',
                    offering: 'm6g',
                    guestSsh: true,
                    oom: [{ at: '2026-11-24T03:12:45Z', process: 'httpd', pid: 3412 }],
                  },
                  { name: 'nostats', offering: 'm2g', statsPeriod: 0 },
                  { name: 'off', offering: 'm6g', state: 'Stopped' },
                ],
              },
              { name: 'kvm02', memballoonDisable: true, vms: [{ name: 'noballoon', offering: 'm6g' }] },
            ],
          },
        ],
      },
    ],
    storagePairs: [
      {
        name: 'old',
        nodes: ['nfs81', 'nfs82'],
        drbdVersion: 8,
        drbd: [
          {
            name: 'r0',
            minor: 0,
            nodes: {
              nfs81: { role: 'Primary', connection: 'SyncSource', syncPercent: 42.5 },
              nfs82: { role: 'Secondary', disk: 'Inconsistent', connection: 'SyncTarget', syncPercent: 42.5 },
            },
          },
          {
            name: 'r1',
            minor: 1,
            nodes: {
              nfs81: { role: 'Primary', connection: 'Connecting' },
              nfs82: { role: 'Secondary', connection: 'StandAlone' },
            },
          },
        ],
      },
    ],
  });
}

/** pacemaker-standby with its first node in maintenance, the second online, and a disabled resource. */
export async function pacemakerMaintenanceScenario(): Promise<Scenario> {
  const s = await loadScenario('pacemaker-standby');
  const pm = s.storagePairs[0]!.pacemaker!;
  pm.nodes[0]!.state = 'maintenance';
  pm.nodes[1]!.state = 'online';
  pm.resources.push({
    id: 'old-vip',
    agent: 'ocf:heartbeat:IPaddr2',
    role: 'Started',
    failed: false,
    disabled: true,
    runningOn: 'nfs81',
  });
  return s;
}
