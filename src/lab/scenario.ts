/** Lab scenarios are data: a zod schema for the YAML files under lab/scenarios/, so incidents are added without code. */
import { z } from 'zod';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);

export const hostFaultSchema = z.enum(['none', 'refused', 'silent', 'slow', 'wrong-key']);
export type HostFault = z.infer<typeof hostFaultSchema>;
export const apiFaultSchema = z.enum(['none', '5xx', 'slow', 'bad-signature']);
export type ApiFault = z.infer<typeof apiFaultSchema>;

export const oomEventSchema = z.object({
  /** ISO time of the kill. */
  at: z.string(),
  process: z.string().default('httpd'),
  pid: z.number().int().positive().default(4242),
  totalVmKiB: z.number().int().positive().default(2_400_000),
  anonRssKiB: z.number().int().positive().default(2_100_000),
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
  /** Balloon stats period set by the agent (vm.memballoon.stats.period); 0 = no guest stats. */
  statsPeriod: z.number().int().nonnegative().optional(),
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
  hosts: z.array(kvmHostSchema).default([]),
});
export type ClusterSpec = z.infer<typeof clusterSchema>;

export const zoneSchema = z.object({
  name,
  settings: z.record(z.string(), z.string()).default({}),
  clusters: z.array(clusterSchema).min(1),
});

export const drbdPeerStateSchema = z.object({
  role: z.enum(['Primary', 'Secondary', 'Unknown']).default('Secondary'),
  disk: z
    .enum(['UpToDate', 'Outdated', 'Inconsistent', 'Diskless', 'DUnknown', 'Consistent'])
    .default('UpToDate'),
  /** Connection state as this node sees its peer. */
  connection: z
    .enum(['Connected', 'StandAlone', 'Connecting', 'WFConnection', 'SyncSource', 'SyncTarget'])
    .default('Connected'),
  /** For SyncSource/SyncTarget: percent done. */
  syncPercent: z.number().min(0).max(100).optional(),
  splitBrain: z.boolean().default(false),
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
  state: z.enum(['online', 'offline', 'standby']).default('online'),
});

export const pacemakerResourceSchema = z.object({
  id: z.string(),
  agent: z.string().default('ocf:heartbeat:IPaddr2'),
  /** Node running it (or promoted for promotable clones); absent = stopped. */
  runningOn: z.string().optional(),
  role: z.enum(['Started', 'Stopped', 'Promoted', 'Unpromoted', 'FAILED']).default('Started'),
  failed: z.boolean().default(false),
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
});
export type StoragePairSpec = z.infer<typeof storagePairSpecSchema>;

export const offeringSchema = z.object({
  name,
  cpu: z.number().int().positive().default(2),
  speedMHz: z.number().int().positive().default(2000),
  memoryMiB: z.number().int().positive(),
});

export const scenarioSchema = z.object({
  name,
  description: z.string(),
  /** The diagnosis the runbooks should reach; checked by the scenario tests. */
  expect: z
    .object({
      runbook: z.string().optional(),
      cause: z.string().optional(),
    })
    .default({}),
  environment: z.string().default('lab'),
  cloudstackVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+(\.\d+)?$/)
    .default('4.20.1'),
  /** Global configuration overrides (defaults come from the lab's settings catalog). */
  globalSettings: z.record(z.string(), z.string()).default({}),
  /** Global values changed after the VMs were started: running domains keep their old size (stop/start pending). */
  globalSettingsAfterStart: z.record(z.string(), z.string()).default({}),
  /** Keys this CloudStack build reads only at management-server start (isdynamic=false), so a fix must restart it. */
  staticSettings: z.array(z.string()).default([]),
  offerings: z.array(offeringSchema).min(1),
  zones: z.array(zoneSchema).min(1),
  storagePairs: z.array(storagePairSpecSchema).default([]),
  management: z.object({ name: name.default('mgmt01') }).default({ name: 'mgmt01' }),
  apiFault: apiFaultSchema.default('none'),
});
export type Scenario = z.infer<typeof scenarioSchema>;
