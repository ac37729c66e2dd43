/** Shapes the read-only CloudStack DB door returns: typed rows, so tools never see raw SQL results. */

/** A `configuration` row; `scopes` is the varchar value (≤4.20) or the decoded bitmask (4.21+). */
export interface ConfigurationRow {
  name: string;
  value: string | null;
  defaultValue: string | null;
  scopes: string[];
  isDynamic: boolean;
  description: string | null;
  category: string;
  /** As the server printed it (`YYYY-MM-DD hh:mm:ss`), null when obsolete. */
  updated: string | null;
}

export type OverrideScope = 'cluster' | 'zone' | 'account' | 'domain';

/** One scoped override of a key: a *_details row. */
export interface ConfigOverride {
  scope: OverrideScope;
  scopeId: number;
  scopeUuid: string | null;
  /** Cluster/zone/account/domain name; the numeric id as text when the name table is absent. */
  scopeName: string;
  /** The detail row's own name: cluster_details keeps mem.overprovisioning.factor as memoryOvercommitRatio. */
  detailName: string;
  value: string;
}

export interface ConfigScopeReport {
  name: string;
  /** null when the key has no `configuration` row. */
  global: ConfigurationRow | null;
  overrides: ConfigOverride[];
}

/** A running user VM with what decides its memory at start. */
export interface RunningVmMemoryRow {
  instanceName: string;
  vmUuid: string | null;
  vmName: string;
  displayName: string | null;
  hostName: string | null;
  hostUuid: string | null;
  clusterName: string | null;
  clusterUuid: string | null;
  offeringName: string;
  /** service_offering.ram_size; null for custom offerings. */
  offeringRamMiB: number | null;
  /** The VM's `memory` detail (custom offerings). */
  customMemoryMiB: number | null;
  /** The VM's own memoryOvercommitRatio detail, copied from the cluster at its last start (only when > 1). */
  memoryOvercommitRatio: number | null;
  /** The cluster's memoryOvercommitRatio now (cluster_details). */
  clusterMemoryOvercommitRatio: number | null;
}

export interface ServiceOfferingRow {
  id: number;
  uuid: string | null;
  name: string;
  cpu: number | null;
  speedMHz: number | null;
  /** null for custom offerings. */
  ramSizeMiB: number | null;
  customized: boolean;
  dynamicScalingEnabled: boolean;
  state: string;
}

export interface DbPing {
  serverVersion: string;
  flavor: 'mariadb' | 'mysql';
  latencyMs: number;
}

/** What differs between CloudStack schema levels, read from information_schema once per reader. */
export interface SchemaFeatures {
  /** user_vm_details up to 4.20, vm_instance_details from 4.21. */
  vmDetailsTable: 'user_vm_details' | 'vm_instance_details';
  /** configuration.scope: varchar up to 4.20, bigint bitmask from 4.21. */
  scopeIsBitmask: boolean;
  /** Which optional tables exist (cluster, data_center, account, domain, *_details). */
  tables: ReadonlySet<string>;
}
