/** Lab scenarios are data: a zod schema for the YAML files under lab/scenarios/, so incidents are added without code. */
import { z } from 'zod';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);

/** `forced-command`: the bot's key is restricted by a ForceCommand that refuses the persistent reader program. */
export const hostFaultSchema = z.enum(['none', 'refused', 'silent', 'slow', 'wrong-key', 'forced-command']);
export type HostFault = z.infer<typeof hostFaultSchema>;
export const apiFaultSchema = z.enum(['none', '5xx', 'slow', 'bad-signature']);
export type ApiFault = z.infer<typeof apiFaultSchema>;

export const oomEventSchema = z.object({
  /** ISO time of the kill. */
  at: z.string(),
  /** Killed task; defaults to qemu-kvm when `vm` is set, else httpd. */
  process: z.string().optional(),
  pid: z.number().int().positive().default(4242),
  totalVmKiB: z.number().int().positive().default(2_400_000),
  anonRssKiB: z.number().int().positive().default(2_100_000),
  /** Host log only: the VM whose qemu-kvm was killed (its cgroup scope names the domain). */
  vm: name.optional(),
  /** none: the machine ran out (CONSTRAINT_NONE); memcg: a cgroup's limit was hit (CONSTRAINT_MEMCG). */
  constraint: z.enum(['none', 'memcg']).default('none'),
});
export type OomEvent = z.infer<typeof oomEventSchema>;

export const vmSchema = z.object({
  name,
  offering: z.string(),
  state: z.enum(['Running', 'Stopped']).default('Running'),
  /** The lab also serves this guest over SSH (cat /proc/meminfo, journalctl -k). */
  guestSsh: z.boolean().default(false),
  /** OOM kills inside the guest. */
  oom: z.array(oomEventSchema).default([]),
  /** CloudStack display name when it differs from the name (operators often know VMs by it). */
  displayName: z.string().min(1).max(255).optional(),
  /** Custom offering: the VM's `memory` detail in MiB, used instead of the offering's size. */
  memoryMiB: z.number().int().positive().optional(),
  /** Balloon stats period set by the agent (vm.memballoon.stats.period); 0 = no guest stats. */
  statsPeriod: z.number().int().nonnegative().optional(),
  /** The storage pair whose primary storage pool holds the VM's ROOT volume; the first pair when absent. */
  pool: name.optional(),
  /** ROOT volume size. */
  diskGiB: z.number().int().positive().default(20),
});
export type VmSpec = z.infer<typeof vmSchema>;

export const kvmHostSchema = z.object({
  name,
  memoryMiB: z.number().int().positive().default(131072),
  cpus: z.number().int().positive().default(32),
  /** KVM agent.properties that matter for memory. */
  memballoonDisable: z.boolean().default(false),
  statsPeriod: z.number().int().nonnegative().default(10),
  fault: hostFaultSchema.default('none'),
  oom: z.array(oomEventSchema).default([]),
  vms: z.array(vmSchema).default([]),
});
export type KvmHostSpec = z.infer<typeof kvmHostSchema>;

export const clusterSchema = z.object({
  name,
  memoryOvercommitRatio: z.number().positive().default(1),
  cpuOvercommitRatio: z.number().positive().default(1),
  /** Cluster-scope overrides of configuration keys (cluster_details). */
  settings: z.record(z.string(), z.string()).default({}),
  /** Cluster-scope values changed after the VMs were started: running domains keep their old size. */
  settingsAfterStart: z.record(z.string(), z.string()).default({}),
  hosts: z.array(kvmHostSchema).default([]),
});
export type ClusterSpec = z.infer<typeof clusterSchema>;

export const zoneSchema = z.object({
  name,
  settings: z.record(z.string(), z.string()).default({}),
  /** Zone-scope values changed after the VMs were started. */
  settingsAfterStart: z.record(z.string(), z.string()).default({}),
  clusters: z.array(clusterSchema).min(1),
});

export const drbdPeerStateSchema = z.object({
  role: z.enum(['Primary', 'Secondary', 'Unknown']).default('Secondary'),
  disk: z
    .enum(['UpToDate', 'Outdated', 'Inconsistent', 'Diskless', 'DUnknown', 'Consistent'])
    .default('UpToDate'),
  /** Connection state as this node sees its peer. */
  connection: z
    .enum([
      'Connected',
      'StandAlone',
      'Connecting',
      'WFConnection',
      'SyncSource',
      'SyncTarget',
      'Unconfigured',
    ])
    .default('Connected'),
  /** For SyncSource/SyncTarget: percent done. */
  syncPercent: z.number().min(0).max(100).optional(),
  splitBrain: z.boolean().default(false),
  /** DRBD 9 `quorum:no` on this node when false; not printed when absent. */
  quorum: z.boolean().optional(),
  /** KiB still out of sync towards the pair partner (8.4 `oos:`). */
  outOfSyncKiB: z.number().int().nonnegative().optional(),
  /** DRBD 9: this node's connections to further nodes of the resource (a third node, a diskless tiebreaker). */
  peers: z
    .array(
      z.object({
        name,
        role: z.enum(['Primary', 'Secondary', 'Unknown']).default('Secondary'),
        disk: z
          .enum(['UpToDate', 'Outdated', 'Inconsistent', 'Diskless', 'DUnknown', 'Consistent'])
          .default('UpToDate'),
        connection: z
          .enum(['Connected', 'StandAlone', 'Connecting', 'SyncSource', 'SyncTarget'])
          .default('Connected'),
        syncPercent: z.number().min(0).max(100).optional(),
      }),
    )
    .default([]),
});
export type DrbdNodeState = z.infer<typeof drbdPeerStateSchema>;

export const drbdResourceSchema = z.object({
  name,
  minor: z.number().int().nonnegative().default(0),
  /** State per node name of the pair. */
  nodes: z.record(z.string(), drbdPeerStateSchema),
});

export const pacemakerNodeSchema = z.object({
  name,
  state: z.enum(['online', 'offline', 'standby', 'maintenance']).default('online'),
});

export const pacemakerResourceSchema = z.object({
  id: z.string(),
  agent: z.string().default('ocf:heartbeat:IPaddr2'),
  /** Node running it (or promoted for promotable clones); absent = stopped. */
  runningOn: z.string().optional(),
  role: z.enum(['Started', 'Stopped', 'Promoted', 'Unpromoted', 'FAILED']).default('Started'),
  failed: z.boolean().default(false),
  /** target-role Stopped: disabled on purpose (crm_mon prints target_role="Stopped"). */
  disabled: z.boolean().default(false),
});

export const failedActionSchema = z.object({
  resource: z.string(),
  node: z.string(),
  operation: z.string().default('monitor'),
  exitReason: z.string().default('not running'),
  exitStatus: z.string().default('not running'),
  at: z.string(),
});

export const storagePairSpecSchema = z.object({
  name,
  nodes: z.tuple([name, name]),
  drbdVersion: z.union([z.literal(8), z.literal(9)]).default(9),
  drbd: z.array(drbdResourceSchema).default([]),
  pacemaker: z
    .object({
      clusterName: z.string().default('nfs-cluster'),
      quorate: z.boolean().default(true),
      nodes: z.array(pacemakerNodeSchema),
      resources: z.array(pacemakerResourceSchema).default([]),
      failedActions: z.array(failedActionSchema).default([]),
    })
    .optional(),
  faults: z.record(z.string(), hostFaultSchema).default({}),
  /** Kernel log lines per node (e.g. "Split-Brain detected, dropping connection!"). */
  kernelLog: z.record(z.string(), z.array(z.string())).default({}),
  /** The NFS primary storage pool this pair serves (one per pair): state and size as listStoragePools reports. */
  pool: z
    .object({
      state: z.enum(['Up', 'Maintenance', 'PrepareForMaintenance', 'Disabled', 'Down']).default('Up'),
      totalGiB: z.number().int().positive().default(10240),
      /** Allocated to volumes the lab does not model (templates, other accounts); the VMs' volumes come on top. */
      otherAllocatedGiB: z.number().int().nonnegative().default(2048),
      usedGiB: z.number().int().nonnegative().default(1024),
    })
    .default({ state: 'Up', totalGiB: 10240, otherAllocatedGiB: 2048, usedGiB: 1024 }),
});
export type StoragePairSpec = z.infer<typeof storagePairSpecSchema>;

export const offeringSchema = z.object({
  name,
  cpu: z.number().int().positive().default(2),
  speedMHz: z.number().int().positive().default(2000),
  memoryMiB: z.number().int().positive(),
  /** A custom offering: each VM sets its own size (its `memory` detail); memoryMiB is then only a default. */
  customized: z.boolean().default(false),
});

export const scenarioSchema = z.object({
  name,
  description: z.string(),
  /** The diagnosis the runbooks should reach; checked by the scenario tests. */
  expect: z
    .object({
      runbook: z.string().optional(),
      cause: z.string().optional(),
      /**
       * Checked on the finding reached from a vague description (test/scenarios/expectations.test.ts): its
       * severity, `affected`, what it says, and what no finding may say or propose.
       */
      severity: z.enum(['ok', 'info', 'warning', 'critical']).optional(),
      /** Each must be in the finding's `affected`. */
      affected: z.array(z.string()).default([]),
      /** Text the finding must say (title, summary, risk or a step). */
      says: z.array(z.string()).default([]),
      /** Text no finding may say anywhere (e.g. a wrong headline or a misleading cause). */
      notSaid: z.array(z.string()).default([]),
      /** Text no proposed step of any finding may contain (e.g. a wrong command or a wrong remedy). */
      notProposed: z.array(z.string()).default([]),
      /** Asked in Japanese, the finding's title must contain each of these (and the answer stays Japanese). */
      saysJa: z.array(z.string()).default([]),
      /**
       * What the operator types (a VM by any of its names, a host); the scenario is then also diagnosed from
       * it and the fields above are checked on the whole rendered report (test/scenarios/expectations-target.test.ts).
       */
      target: z.string().optional(),
      /**
       * Hosts (or tools) the lab makes uncheckable: each must be listed under "could not check", in English
       * and in a Japanese answer that stays Japanese, and no answer may read "no problem found".
       */
      notChecked: z.array(z.string()).default([]),
    })
    .default({
      affected: [],
      says: [],
      notSaid: [],
      notProposed: [],
      saysJa: [],
      notChecked: [],
    }),
  environment: z.string().default('lab'),
  cloudstackVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+(\.\d+)?$/)
    .default('4.20.1'),
  /** Global configuration overrides (defaults come from the lab's settings catalog). */
  globalSettings: z.record(z.string(), z.string()).default({}),
  /** Global values changed after the VMs were started: running domains keep their old size (stop/start pending). */
  globalSettingsAfterStart: z.record(z.string(), z.string()).default({}),
  /** Descriptions for keys outside the catalog (scenario globals), e.g. to plant text in an injection eval. */
  settingDescriptions: z.record(z.string(), z.string()).default({}),
  /** Keys this CloudStack build reads only at management-server start (isdynamic=false), so a fix must restart it. */
  staticSettings: z.array(z.string()).default([]),
  offerings: z.array(offeringSchema).min(1),
  zones: z.array(zoneSchema).min(1),
  storagePairs: z.array(storagePairSpecSchema).default([]),
  management: z.object({ name: name.default('mgmt01') }).default({ name: 'mgmt01' }),
  apiFault: apiFaultSchema.default('none'),
});
export type Scenario = z.infer<typeof scenarioSchema>;
