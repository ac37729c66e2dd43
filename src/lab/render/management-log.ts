/** The tail of a CloudStack management-server.log: routine agent pings and VM sync lines from the lab's world. */
import type { LabWorld } from '../world.ts';

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

export function managementLogLines(world: LabWorld, now: number): string[] {
  const lines: string[] = [];
  let t = now - 5 * 60_000;
  const logid = (n: number) => (0x1a2b3c4d + n * 7919).toString(16).slice(-8);
  world.hosts.forEach((h, i) => {
    t += 7_000;
    lines.push(
      `${stamp(t)} DEBUG [c.c.a.m.AgentManagerImpl] (AgentManager-Handler-${i + 1}:null) (logid:${logid(i)}) Ping from Routing host ${h.dbId}(${h.name})`,
    );
  });
  for (const vm of world.vms) {
    t += 3_000;
    const state = vm.state === 'Running' ? 'PowerOn' : 'PowerOff';
    lines.push(
      `${stamp(t)} DEBUG [c.c.v.VirtualMachinePowerStateSyncImpl] (AgentManager-Handler-1:null) (logid:${logid(vm.dbId)}) VM state report. host: ${vm.host.dbId}, vm id: ${vm.dbId}, power state: ${state}`,
    );
  }
  t += 4_000;
  lines.push(
    `${stamp(t)} INFO  [o.a.c.f.j.i.AsyncJobManagerImpl] (AsyncJobMgr-Heartbeat-1:null) (logid:${logid(999)}) Begin cleanup expired async-jobs`,
  );
  t += 1_000;
  lines.push(
    `${stamp(t)} DEBUG [c.c.c.CapacityManagerImpl] (CapacityChecker:ctx-5a1b2c3d) (logid:${logid(1000)}) Done executing memory capacity check for ${world.clusters.length} cluster(s)`,
  );
  return lines;
}
