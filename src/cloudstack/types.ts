/**
 * The slice of CloudStack's response objects the bot reads (field names as the API spells them, shared notes
 * §2.2). Everything optional that a real server may omit; numbers where CloudStack sends numbers.
 */

export type ParamValue = string | number | boolean | undefined;
export type Params = Record<string, ParamValue>;

export interface Zone {
  id: string;
  name: string;
  allocationstate?: string;
  networktype?: string;
}

export interface Cluster {
  id: string;
  name: string;
  zoneid?: string;
  zonename?: string;
  podid?: string;
  podname?: string;
  hypervisortype?: string;
  allocationstate?: string;
  /** CloudStack sends the ratios as strings, e.g. "2.0". */
  cpuovercommitratio?: string;
  memoryovercommitratio?: string;
}

export interface Host {
  id: string;
  name: string;
  type?: string;
  state?: string;
  resourcestate?: string;
  hypervisor?: string;
  zoneid?: string;
  zonename?: string;
  clusterid?: string;
  clustername?: string;
  cpunumber?: number;
  cpuspeed?: number;
  /** Bytes: host RAM × memoryOvercommitRatio (deprecated upstream but still sent). */
  memorytotal?: number;
  memorywithoverprovisioning?: string;
  /** Bytes allocated to VMs. */
  memoryallocated?: number;
  memoryallocatedbytes?: number;
  memoryallocatedpercentage?: string;
  memoryused?: number;
  lastpinged?: string;
}

export interface VirtualMachine {
  id: string;
  name: string;
  displayname?: string;
  instancename?: string;
  state: string;
  hostid?: string;
  hostname?: string;
  zoneid?: string;
  zonename?: string;
  serviceofferingid?: string;
  serviceofferingname?: string;
  cpunumber?: number;
  cpuspeed?: number;
  /** Offering RAM in MiB. */
  memory?: number;
  /** libvirt <memory> in KiB: below memory×1024 is the signature of the capped-memory incident. */
  memorykbs?: number;
  /** Balloon target (current) in KiB. */
  memorytargetkbs?: number;
  memoryintfreekbs?: number;
  haenable?: boolean;
  isdynamicallyscalable?: boolean;
  hypervisor?: string;
}

export interface ServiceOffering {
  id: string;
  name: string;
  displaytext?: string;
  cpunumber?: number;
  cpuspeed?: number;
  memory?: number;
  iscustomized?: boolean;
}

export interface Configuration {
  name: string;
  value?: string;
  defaultvalue?: string;
  /** 'Global'/'Zone'/'Cluster' for the key; 'zone'/'cluster' when listed with a scope id. */
  scope?: string;
  category?: string;
  description?: string;
  isdynamic?: boolean;
  /** Set when listed with zoneid/clusterid/…: the scope's id. */
  id?: string;
}

export interface Capacity {
  /** 0 memory, 1 CPU, 2 storage, 3 storage allocated, … */
  type: number;
  name?: string;
  zoneid?: string;
  zonename?: string;
  podid?: string;
  clusterid?: string;
  clustername?: string;
  capacityallocated?: number;
  capacityused?: number;
  capacitytotal?: number;
  /** A decimal string, e.g. "37.5". */
  percentused?: string;
}

export interface StoragePool {
  id: string;
  name: string;
  type?: string;
  state?: string;
  scope?: string;
  ipaddress?: string;
  path?: string;
  zoneid?: string;
  zonename?: string;
  clusterid?: string;
  clustername?: string;
  disksizetotal?: number;
  disksizeallocated?: number;
  disksizeused?: number;
}

export type HostDetails = 'min' | 'all' | 'capacity' | 'events' | 'stats';

export interface ListHostsParams {
  id?: string;
  name?: string;
  zoneid?: string;
  clusterid?: string;
  state?: string;
  type?: 'Routing' | string;
  details?: HostDetails;
  keyword?: string;
}

export interface ListVirtualMachinesParams {
  id?: string;
  name?: string;
  keyword?: string;
  state?: string;
  zoneid?: string;
  hostid?: string;
  clusterid?: string;
  /** Defaults to 'all' so memory stats come back. */
  details?: 'all' | 'min' | 'stats' | 'servoff' | string;
}

export interface ListConfigurationsParams {
  name?: string;
  keyword?: string;
  category?: string;
  zoneid?: string;
  clusterid?: string;
  accountid?: string;
  domainid?: string;
  storageid?: string;
}

export interface ListCapacityParams {
  zoneid?: string;
  clusterid?: string;
  type?: number;
}

export interface UpdateConfigurationParams {
  name: string;
  value: string;
  zoneid?: string;
  clusterid?: string;
  storageid?: string;
  accountid?: string;
  domainid?: string;
}

/** findHostsForMigration's HostForMigrationResponse: a host plus whether the VM may go there. */
export interface HostForMigration extends Host {
  requiresStorageMotion?: boolean;
  suitableformigration?: boolean;
  hasenoughcapacity?: boolean;
}

export interface Volume {
  id: string;
  name: string;
  type?: string;
  virtualmachineid?: string;
  vmname?: string;
  /** Primary storage pool id and name. */
  storageid?: string;
  storage?: string;
  state?: string;
  /** Bytes. */
  size?: number;
  /** State of the VM it is attached to. */
  vmstate?: string;
  hypervisor?: string;
}

export interface ListVolumesParams {
  id?: string;
  virtualmachineid?: string;
  /** Volumes on this primary storage pool. */
  storageid?: string;
}

export interface Domain {
  id: string;
  name: string;
  path?: string;
}

export interface Account {
  id: string;
  name: string;
  domainid?: string;
  domain?: string;
}
