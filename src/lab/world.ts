/**
 * The lab's live state, built from a scenario: ids, configuration at each scope, and each VM's domain as
 * it was sized at its last start. The API server, the SSH hosts and the DB seeder all read this one object,
 * so what the API says agrees with what `virsh` says.
 */
import { createHash } from 'node:crypto';
import { OpsError } from '../core/errors.ts';
import { compareVersions, computeDomainMemory, type DomainMemory, guestMemTotalKiB } from './memory.ts';
import type { ClusterSpec, KvmHostSpec, OomEvent, Scenario, StoragePairSpec, VmSpec } from './scenario.ts';
import { SETTINGS, settingInfo } from './settings-catalog.ts';
import { LabSignals } from './signals.ts';

/** Stable uuid from a name, so ids survive lab restarts and tests can hard-code nothing. */
export function labUuid(kind: string, name: string): string {
  const h = createHash('sha1').update(`${kind}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface LabZone {
  id: string;
  dbId: number;
  name: string;
  settings: Map<string, string>;
}
export interface LabCluster {
  id: string;
  dbId: number;
  name: string;
  zone: LabZone;
  /** cluster_details rows, including memoryOvercommitRatio / cpuOvercommitRatio. */
  details: Map<string, string>;
}
export interface LabHost {
  id: string;
  dbId: number;
  name: string;
  cluster: LabCluster;
  spec: KvmHostSpec;
}
export interface LabVm {
  id: string;
  dbId: number;
  name: string;
  /** libvirt domain name, i-<account>-<id>-VM. */
  instanceName: string;
  host: LabHost;
  offering: { id: string; dbId: number; name: string; cpu: number; speedMHz: number; memoryMiB: number };
  state: 'Running' | 'Stopped';
  /** Sized at the last start; null while stopped. */
  domain: DomainMemory | null;
  /** libvirt domain id while running. */
  domId: number | null;
  spec: VmSpec;
}

/** A VM's ROOT volume on the primary storage pool of one storage pair (by the pair's name). */
export interface LabVolume {
  id: string;
  name: string;
  vm: LabVm;
  /** The storage pair whose pool holds it; undefined in a lab without pairs. */
  pair: string | undefined;
  sizeBytes: number;
}

export interface LabMutation {
  via: 'api' | 'ssh';
  /** API command name, or the argv as run (without `sudo -n`). */
  command: string;
  /** API parameters without the credentials and signature; `{host}` for SSH. */
  params: Record<string, string>;
  at: string;
  /** Whether the call was accepted (an async job may still fail later). */
  ok: boolean;
}

/** Scopes a setting can be read or written at, as updateConfiguration's scope ids name them. */
export type SettingScope =
  | { cluster?: LabCluster; zone?: LabZone }
  | { kind: 'storagepool' | 'account' | 'domain'; id: string };

export class LabWorld {
  readonly scenario: Scenario;
  readonly version: string;
  readonly globals = new Map<string, string>();
  readonly zones: LabZone[] = [];
  readonly clusters: LabCluster[] = [];
  readonly hosts: LabHost[] = [];
  readonly vms: LabVm[] = [];
  readonly volumes: LabVolume[] = [];
  readonly storagePairs: StoragePairSpec[];
  readonly offerings: LabVm['offering'][];
  /** Settings at storage pool, account and domain scope, keyed `<kind>:<id>` (storagepool_details, account_details, domain_details). */
  readonly scopedSettings = new Map<string, Map<string, string>>();
  /** Every mutating call that reached the lab (API or SSH), in order: what tests assert on. */
  readonly mutationLog: LabMutation[] = [];
  /** systemd units a lab host fails to restart (`<host>/<unit>`), so a verification can be seen to fail. */
  readonly failingUnits = new Set<string>();
  /** Restart count per `<host>/<unit>`. */
  readonly unitRestarts = new Map<string, number>();
  /** CloudStack's own alerts and events (listAlerts/listEvents), raised while the lab runs. */
  readonly signals = new LabSignals();
  private nextDomId = 1;
  private readonly listeners: (() => void)[] = [];

  /** Called after every change (VM start/stop, setting), e.g. to re-seed the lab's database. */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.version = scenario.cloudstackVersion;
    this.storagePairs = scenario.storagePairs;
    for (const s of SETTINGS)
      if (!s.since || compareVersions(this.version, s.since) >= 0)
        this.globals.set(s.name, s.labValue ?? s.defaultValue);
    for (const [k, v] of Object.entries(scenario.globalSettings)) this.globals.set(k, v);
    const offerings = scenario.offerings.map((o, i) => ({
      ...o,
      id: labUuid('offering', o.name),
      dbId: 100 + i,
    }));
    this.offerings = offerings;
    let vmDbId = 30;
    for (const [zi, z] of scenario.zones.entries()) {
      const zone: LabZone = {
        id: labUuid('zone', z.name),
        dbId: zi + 1,
        name: z.name,
        settings: new Map(Object.entries(z.settings)),
      };
      this.zones.push(zone);
      for (const c of z.clusters) {
        const cluster = this.buildCluster(c, zone);
        for (const h of c.hosts) {
          const host: LabHost = {
            id: labUuid('host', h.name),
            dbId: this.hosts.length + 1,
            name: h.name,
            cluster,
            spec: h,
          };
          this.hosts.push(host);
          for (const v of h.vms) {
            const offering = offerings.find((o) => o.name === v.offering);
            if (!offering)
              throw new OpsError(
                'config_invalid',
                `scenario ${scenario.name}: VM ${v.name} uses unknown offering "${v.offering}"`,
              );
            vmDbId += 1;
            const vm: LabVm = {
              id: labUuid('vm', v.name),
              dbId: vmDbId,
              name: v.name,
              instanceName: `i-2-${vmDbId}-VM`,
              host,
              // A custom offering's VM is sized by its own memory detail.
              offering: v.memoryMiB ? { ...offering, memoryMiB: v.memoryMiB } : offering,
              state: 'Stopped',
              domain: null,
              domId: null,
              spec: v,
            };
            this.vms.push(vm);
            if (v.pool && !scenario.storagePairs.some((p) => p.name === v.pool))
              throw new OpsError(
                'config_invalid',
                `scenario ${scenario.name}: VM ${v.name} is on pool "${v.pool}", which no storage pair serves`,
              );
            this.volumes.push({
              id: labUuid('volume', v.name),
              name: `ROOT-${vmDbId}`,
              vm,
              pair: v.pool ?? scenario.storagePairs[0]?.name,
              sizeBytes: v.diskGiB * 1024 ** 3,
            });
            if (v.state === 'Running') this.startVm(vm);
          }
        }
      }
    }
    for (const [k, v] of Object.entries(scenario.globalSettingsAfterStart)) this.globals.set(k, v);
    this.applySettingsAfterStart(scenario);
  }

  /** Zone- and cluster-scope changes made after start: stored like updateConfiguration, domains untouched. */
  private applySettingsAfterStart(scenario: Scenario): void {
    for (const [zi, z] of scenario.zones.entries()) {
      for (const [k, v] of Object.entries(z.settingsAfterStart)) this.zones[zi]!.settings.set(k, v);
      for (const c of z.clusters) {
        const cluster = this.clusters.find((x) => x.name === c.name)!;
        for (const [k, v] of Object.entries(c.settingsAfterStart))
          cluster.details.set(settingInfo(k)?.clusterDetailName ?? k, v);
      }
    }
  }

  private buildCluster(c: ClusterSpec, zone: LabZone): LabCluster {
    const details = new Map<string, string>([
      ['memoryOvercommitRatio', String(c.memoryOvercommitRatio)],
      ['cpuOvercommitRatio', String(c.cpuOvercommitRatio)],
    ]);
    for (const [k, v] of Object.entries(c.settings)) details.set(settingInfo(k)?.clusterDetailName ?? k, v);
    const cluster: LabCluster = {
      id: labUuid('cluster', c.name),
      dbId: this.clusters.length + 1,
      name: c.name,
      zone,
      details,
    };
    this.clusters.push(cluster);
    return cluster;
  }

  /** Effective value of a key, narrowest scope first (cluster, zone, global), as CloudStack's ConfigDepot resolves it. */
  effectiveSetting(name: string, scope?: SettingScope): string | undefined {
    if (scope && 'kind' in scope)
      return this.scopedSettings.get(`${scope.kind}:${scope.id}`)?.get(name) ?? this.globals.get(name);
    const info = settingInfo(name);
    if (scope?.cluster) {
      const v = scope.cluster.details.get(info?.clusterDetailName ?? name);
      if (v !== undefined) return v;
    }
    const zone = scope?.zone ?? scope?.cluster?.zone;
    if (zone) {
      const v = zone.settings.get(name);
      if (v !== undefined) return v;
    }
    return this.globals.get(name);
  }

  /** Sizes the domain exactly as CloudStack would at this moment: this is what makes stop/start matter. */
  startVm(vm: LabVm): void {
    if (vm.state === 'Running') return;
    const cluster = vm.host.cluster;
    vm.domain = computeDomainMemory({
      version: this.version,
      offeringMiB: vm.offering.memoryMiB,
      ratio: Number(cluster.details.get('memoryOvercommitRatio') ?? '1'),
      divideByRatio:
        this.effectiveSetting('vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor', {
          cluster,
        }) === 'true',
      memballoonDisable: vm.host.spec.memballoonDisable,
    });
    vm.domId = this.nextDomId++;
    vm.state = 'Running';
    this.changed();
  }

  stopVm(vm: LabVm): void {
    vm.state = 'Stopped';
    vm.domain = null;
    vm.domId = null;
    this.changed();
  }

  /** Guest MemTotal as the guest kernel reports it, or null when stopped. */
  guestMemTotalKiB(vm: LabVm): number | null {
    return vm.domain ? guestMemTotalKiB(vm.domain.currentMemoryKiB) : null;
  }

  /** Sets a configuration value at a scope, as updateConfiguration does (running domains are untouched). */
  setSetting(name: string, value: string, scope: SettingScope = {}): void {
    if ('kind' in scope) {
      const key = `${scope.kind}:${scope.id}`;
      const m = this.scopedSettings.get(key) ?? new Map<string, string>();
      m.set(name, value);
      this.scopedSettings.set(key, m);
    } else if (scope.cluster) scope.cluster.details.set(settingInfo(name)?.clusterDetailName ?? name, value);
    else if (scope.zone) scope.zone.settings.set(name, value);
    else this.globals.set(name, value);
    this.changed();
  }

  /** Live migration: the domain keeps the definition it was started with, only its host (and domain id) change. */
  migrateVm(vm: LabVm, to: LabHost): void {
    vm.host = to;
    if (vm.state === 'Running') vm.domId = this.nextDomId++;
    this.changed();
  }

  /** A new offering takes effect for the domain at the next start, as for a stopped VM in CloudStack. */
  scaleVm(vm: LabVm, offering: LabVm['offering']): void {
    vm.offering = offering;
    this.changed();
  }

  /** Bytes allocated on a pair's pool: what the lab does not model plus the VM volumes on it now. */
  poolAllocatedBytes(pair: StoragePairSpec): number {
    const vols = this.volumes.filter((v) => v.pair === pair.name);
    return pair.pool.otherAllocatedGiB * 1024 ** 3 + vols.reduce((s, v) => s + v.sizeBytes, 0);
  }

  /** A finished migrateVolume: the volume now lives on the other pair's pool. */
  moveVolume(volume: LabVolume, toPair: string): void {
    volume.pair = toPair;
    this.changed();
  }

  recordMutation(m: Omit<LabMutation, 'at'>): void {
    this.mutationLog.push({ ...m, at: new Date().toISOString() });
  }

  vmByName(n: string): LabVm | undefined {
    return this.vms.find((v) => v.name === n || v.instanceName === n || v.id === n);
  }
  hostByName(n: string): LabHost | undefined {
    return this.hosts.find((h) => h.name === n || h.id === n);
  }
  vmsOnHost(h: LabHost): LabVm[] {
    return this.vms.filter((v) => v.host === h);
  }
  /** OOM events for a KVM host or a guest VM (by name). */
  oomEvents(target: string): OomEvent[] {
    return this.hostByName(target)?.spec.oom ?? this.vmByName(target)?.spec.oom ?? [];
  }
}
