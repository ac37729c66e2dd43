/**
 * Typed results of every output parser. Parsers never throw: each result carries what could be read plus
 * `warnings`, so a tool can show partial figures from a truncated or garbled command output and say so.
 */

export interface ParseWarnings {
  /** Truncated output, garbage lines, missing fields: one short sentence each. */
  warnings: string[];
}

/** `virsh domstats --balloon [--state]`; every figure in KiB except lastUpdate (epoch seconds). */
export interface DomstatsBalloon {
  current?: number;
  maximum?: number;
  available?: number;
  unused?: number;
  usable?: number;
  rss?: number;
  lastUpdate?: number;
}
export interface DomstatsDomain {
  name: string;
  /** state.state: 1 = running, 3 = paused, 5 = shut off (virDomainState). */
  state?: number;
  /** state.reason (virDomain*Reason for that state). */
  reason?: number;
  balloon: DomstatsBalloon;
}
export interface VirshDomstats extends ParseWarnings {
  domains: DomstatsDomain[];
}

export interface VirshListDomain {
  /** null for a defined but inactive domain ("-"). */
  id: number | null;
  name: string;
  state: string;
}
export interface VirshList extends ParseWarnings {
  domains: VirshListDomain[];
}

export interface VirshDominfo extends ParseWarnings {
  id?: number | null;
  name?: string;
  uuid?: string;
  osType?: string;
  state?: string;
  cpus?: number;
  cpuTimeSec?: number;
  /** "Max memory": libvirt <memory>, not <maxMemory>. */
  maxMemoryKiB?: number;
  /** "Used memory": the balloon's current size. */
  usedMemoryKiB?: number;
  persistent?: boolean;
  autostart?: boolean;
  managedSave?: boolean;
  securityModel?: string;
}

export interface DomainXmlMemory extends ParseWarnings {
  name?: string;
  memoryKiB?: number;
  currentMemoryKiB?: number;
  /** <maxMemory slots='N'>: the DIMM hot-plug ceiling; null when absent. */
  maxMemoryKiB: number | null;
  maxMemorySlots: number | null;
  /** Sum of the <numa><cell memory=…> sizes; null without a NUMA topology. */
  numaCellMemoryKiB: number | null;
  memballoonModel: string | null;
  /** <memballoon><stats period='N'/>; null when absent (libvirt drops period 0). */
  statsPeriod: number | null;
  vcpus?: number;
}

/** `virsh dommemstat`: KiB, except lastUpdate (epoch seconds) and the fault counters. */
export interface VirshDommemstat extends ParseWarnings {
  actual?: number;
  available?: number;
  unused?: number;
  usable?: number;
  rss?: number;
  swapIn?: number;
  swapOut?: number;
  majorFault?: number;
  minorFault?: number;
  diskCaches?: number;
  lastUpdate?: number;
}

export interface Meminfo extends ParseWarnings {
  memTotalKiB?: number;
  memFreeKiB?: number;
  memAvailableKiB?: number;
  buffersKiB?: number;
  cachedKiB?: number;
  swapTotalKiB?: number;
  swapFreeKiB?: number;
  committedAsKiB?: number;
  hugePagesTotal?: number;
  /** Every field as printed, kB values in KiB, page counts as numbers. */
  fields: Record<string, number>;
}

export interface DrbdPeer {
  name: string;
  /** DRBD 9 connection state (Connected when not printed, StandAlone, Connecting…); 8.4: the cs: field. */
  connection?: string;
  role?: string;
  peerDisk?: string;
  /** Established, SyncSource, SyncTarget, … */
  replication?: string;
  donePercent?: number;
  /** KiB still to resync to/from this peer (8.4 `oos:`, DRBD 9 `out-of-sync:` with --statistics). */
  outOfSyncKiB?: number;
  /** DRBD 9 `peer-client:yes`: the peer is diskless by design (a client or tiebreaker). */
  client?: boolean;
}
export interface DrbdResource {
  name: string;
  /** 8.4 only: the device minor (/dev/drbdN). */
  minor?: number;
  role?: string;
  disks: { volume: number; state: string }[];
  peers: DrbdPeer[];
  suspended?: boolean;
  quorum?: boolean;
  /** 8.4: the minor exists but no resource is configured on it (`cs:Unconfigured`): not a healthy resource. */
  unconfigured?: boolean;
}
export interface DrbdStatus extends ParseWarnings {
  resources: DrbdResource[];
  /** 8.4: the version line of /proc/drbd. */
  version?: string;
}

export interface CrmNode {
  name: string;
  online: boolean;
  standby: boolean;
  maintenance: boolean;
  unclean: boolean;
  resourcesRunning: number;
  isDc?: boolean;
  type?: string;
}
export interface CrmResource {
  id: string;
  agent?: string;
  role?: string;
  active: boolean;
  failed: boolean;
  managed: boolean;
  nodes: string[];
  /** target_role as printed ("Stopped"/"stopped" = disabled on purpose); absent when not set. */
  targetRole?: string;
  /** Enclosing clone (incl. promotable), bundle or group id. */
  clone?: string;
  group?: string;
  bundle?: string;
}
export interface CrmFailure {
  resource: string;
  node: string;
  task: string;
  exitReason: string;
  exitStatus: string;
  lastRc?: number;
  /** last-rc-change as printed. */
  at?: string;
  opKey?: string;
}
export interface CrmMon extends ParseWarnings {
  nodes: CrmNode[];
  resources: CrmResource[];
  failures: CrmFailure[];
  quorum: { hasQuorum?: boolean };
  dc?: string;
  /** <status code=…>: 0 = OK, 102 = not connected. */
  status?: { code: number; message: string; errors: string[] };
}

export interface CorosyncQuorum extends ParseWarnings {
  quorate?: boolean;
  expectedVotes?: number;
  highestExpected?: number;
  totalVotes?: number;
  quorum?: number;
  flags: string[];
  activityBlocked: boolean;
  nodeCount?: number;
  nodes: { nodeId: number; votes: number; qdevice?: string; name: string; local: boolean }[];
}

export interface OomEvent {
  /** ISO-8601 when the line carried an absolute date: UTC ("…Z") with a zone, host-local without one (dmesg -T). */
  at?: string;
  /** The timestamp prefix as printed (uptime, syslog stamp without a year, …). */
  stamp?: string;
  victim: { pid: number; name: string; totalVmKiB?: number; anonRssKiB?: number };
  /** The task whose allocation triggered the kill ("httpd invoked oom-killer"). */
  invokedBy?: string;
  /** CONSTRAINT_NONE (host out of memory), CONSTRAINT_MEMCG (a cgroup limit), CONSTRAINT_CPUSET/MEMORY_POLICY. */
  constraint?: string;
  /** host / memcg / node (cpuset or mempolicy) / unknown (an old kernel that said neither). */
  scope: 'host' | 'memcg' | 'node' | 'unknown';
  /** Memory cgroup of the killed task (task_memcg=, or "Task in X" on older kernels). */
  memcg?: string;
  /** The cgroup whose limit was hit (oom_memcg=, or "limit of X"). */
  oomMemcg?: string;
  /** libvirt domain of a killed qemu, read from its machine-qemu…scope cgroup. */
  domain?: string;
  /** The "Killed process" (or oom-kill:) line as printed. */
  line: string;
}
export interface KernelOom extends ParseWarnings {
  events: OomEvent[];
}
