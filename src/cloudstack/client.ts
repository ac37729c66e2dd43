/**
 * The bot's one door to a CloudStack management server: signed, rate-limited, retried (reads only), paginated,
 * async jobs polled to the end, and thin typed helpers for the commands the tools use.
 */
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { runAsyncJob } from './async-job.ts';
import { callOnce, type Endpoint } from './http.ts';
import { listAll } from './paginate.ts';
import { defaultRetryPolicy, isReadCommand, type RetryPolicy, withRetry } from './retry.ts';
import {
  accountSchema,
  anyObject,
  capacitySchema,
  clusterSchema,
  configurationSchema,
  domainSchema,
  hostForMigrationSchema,
  hostSchema,
  parseResponse,
  serviceOfferingSchema,
  storagePoolSchema,
  updateConfigurationSchema,
  virtualMachineSchema,
  vmJobResultSchema,
  volumeJobResultSchema,
  volumeSchema,
  zoneSchema,
} from './schemas.ts';
import type {
  Account,
  Capacity,
  Cluster,
  Configuration,
  Domain,
  Host,
  HostForMigration,
  ListCapacityParams,
  ListConfigurationsParams,
  ListHostsParams,
  ListVirtualMachinesParams,
  ListVolumesParams,
  Params,
  ServiceOffering,
  StoragePool,
  UpdateConfigurationParams,
  VirtualMachine,
  Volume,
  Zone,
} from './types.ts';

export interface CloudStackClientOptions {
  url: string;
  apiKey: string;
  secretKey: string;
  timeoutMs?: number;
  requestsPerSecond?: number;
  asyncJobTimeoutMs?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  /** Tuning knobs, mostly so tests run fast. */
  retry?: Partial<RetryPolicy>;
  maxConcurrent?: number;
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

export interface RequestOptions<S extends z.ZodType = typeof anyObject> {
  /** GET (true) or POST form (false); defaults from the command name. Retries happen only for list/query/get commands. */
  read?: boolean;
  signal?: AbortSignal;
  /** The shape of the answer; a mismatch is a CloudStackError. Default: any JSON object. */
  schema?: S;
}
export interface CallOptions {
  signal?: AbortSignal;
}

export interface CloudStackClient {
  readonly url: string;
  /** The inner object of `<command>response`, validated with `opts.schema`. */
  request<S extends z.ZodType = typeof anyObject>(
    command: string,
    params?: Params,
    opts?: RequestOptions<S>,
  ): Promise<z.output<S>>;
  /** Every item of a list command, across pages, each validated with `item`. */
  list<S extends z.ZodType>(
    command: string,
    params: Params,
    listKey: string,
    item: S,
    opts?: CallOptions,
  ): Promise<z.output<S>[]>;
  /** Submits an async command once and polls it to completion; resolves with `jobresult` (validate it). */
  async(command: string, params: Params, opts?: CallOptions): Promise<unknown>;
  listZones(params?: { id?: string; name?: string }, opts?: CallOptions): Promise<Zone[]>;
  listClusters(
    params?: { id?: string; name?: string; zoneid?: string },
    opts?: CallOptions,
  ): Promise<Cluster[]>;
  listHosts(params?: ListHostsParams, opts?: CallOptions): Promise<Host[]>;
  listVirtualMachines(params?: ListVirtualMachinesParams, opts?: CallOptions): Promise<VirtualMachine[]>;
  listServiceOfferings(
    params?: { id?: string; name?: string; keyword?: string },
    opts?: CallOptions,
  ): Promise<ServiceOffering[]>;
  listConfigurations(params?: ListConfigurationsParams, opts?: CallOptions): Promise<Configuration[]>;
  listCapacity(params?: ListCapacityParams, opts?: CallOptions): Promise<Capacity[]>;
  listStoragePools(
    params?: { id?: string; zoneid?: string; clusterid?: string },
    opts?: CallOptions,
  ): Promise<StoragePool[]>;
  startVirtualMachine(id: string, opts?: CallOptions): Promise<VirtualMachine>;
  /** forced: mark Stopped even if the host does not answer. */
  stopVirtualMachine(id: string, forced?: boolean, opts?: CallOptions): Promise<VirtualMachine>;
  /** Non-forced = ACPI reboot of the same domain (memory unchanged); forced = stop + start (new domain XML). */
  rebootVirtualMachine(id: string, forced?: boolean, opts?: CallOptions): Promise<VirtualMachine>;
  /** Synchronous in CloudStack. Omit zoneid/clusterid for the global value. */
  updateConfiguration(params: UpdateConfigurationParams, opts?: CallOptions): Promise<Configuration>;
  // Helpers of the mutating actions (src/tools/actions/*).
  /** startVirtualMachine on a chosen host (hostid), or where CloudStack's planner puts it. */
  startVirtualMachineOn(id: string, hostid?: string, opts?: CallOptions): Promise<VirtualMachine>;
  /** Live migration to hostid (same cluster, shared storage). */
  migrateVirtualMachine(
    virtualmachineid: string,
    hostid: string,
    opts?: CallOptions,
  ): Promise<VirtualMachine>;
  scaleVirtualMachine(id: string, serviceofferingid: string, opts?: CallOptions): Promise<VirtualMachine>;
  findHostsForMigration(virtualmachineid: string, opts?: CallOptions): Promise<HostForMigration[]>;
  listVolumes(params?: ListVolumesParams, opts?: CallOptions): Promise<Volume[]>;
  /**
   * Moves a volume to another primary storage pool (async). livemigrate is for a volume of a running VM;
   * CloudStack refuses that on KVM for NFS pools (migrateVirtualMachineWithVolume moves VM and volume together).
   */
  migrateVolume(
    volumeid: string,
    storageid: string,
    livemigrate?: boolean,
    opts?: CallOptions,
  ): Promise<Volume>;
  listDomains(params?: { id?: string; name?: string }, opts?: CallOptions): Promise<Domain[]>;
  listAccounts(params?: { id?: string; name?: string }, opts?: CallOptions): Promise<Account[]>;
}

export function createCloudStackClient(o: CloudStackClientOptions): CloudStackClient {
  const ep: Endpoint = {
    url: o.url,
    apiKey: o.apiKey,
    secretKey: o.secretKey,
    timeoutMs: o.timeoutMs ?? 15_000,
    fetch: o.fetch ?? fetch,
  };
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...o.retry };
  const limiter = new Bottleneck({
    minTime: Math.ceil(1000 / (o.requestsPerSecond ?? 10)),
    maxConcurrent: o.maxConcurrent ?? 8,
  });
  const log = o.logger;

  const request = async <S extends z.ZodType = typeof anyObject>(
    command: string,
    params: Params = {},
    opts: RequestOptions<S> = {},
  ): Promise<z.output<S>> => {
    const readName = isReadCommand(command);
    const post = !(opts.read ?? readName);
    return withRetry(
      async (attempt) => {
        const t0 = Date.now();
        try {
          const r = await limiter.schedule(() =>
            callOnce(ep, command, params, { post, signal: opts.signal }),
          );
          log?.debug({ command, attempt, ms: Date.now() - t0 }, 'cloudstack api call');
          return parseResponse(opts.schema ?? anyObject, r, command) as z.output<S>;
        } catch (e) {
          log?.debug(
            { command, attempt, ms: Date.now() - t0, error: e instanceof Error ? e.message : String(e) },
            'cloudstack api call failed',
          );
          throw e;
        }
      },
      {
        // Never a mutation, whatever `read` says: re-sending stopVirtualMachine is not harmless.
        retryable: readName && !post,
        policy,
        signal: opts.signal,
        onRetry: (e, attempt, delayMs) =>
          log?.warn(
            {
              command,
              attempt,
              delayMs: Math.round(delayMs),
              error: e instanceof Error ? e.message : String(e),
            },
            'retrying cloudstack read',
          ),
      },
    );
  };

  const list = <S extends z.ZodType>(
    command: string,
    params: Params,
    listKey: string,
    item: S,
    opts: CallOptions = {},
  ) => listAll(request, command, params, listKey, item, opts.signal);
  const async = (command: string, params: Params, opts: CallOptions = {}) =>
    runAsyncJob(request, command, params, {
      timeoutMs: o.asyncJobTimeoutMs ?? 600_000,
      pollIntervalMs: o.pollIntervalMs ?? 1000,
      maxPollIntervalMs: o.maxPollIntervalMs ?? 5000,
      signal: opts.signal,
    });
  /** An async VM command's result: the VM as CloudStack left it. */
  const vmJob = async (command: string, params: Params, opts?: CallOptions): Promise<VirtualMachine> =>
    parseResponse(vmJobResultSchema, await async(command, params, opts), command).virtualmachine;

  return {
    url: o.url,
    request,
    list,
    async,
    listZones: (p = {}, opts) => list('listZones', p, 'zone', zoneSchema, opts),
    listClusters: (p = {}, opts) => list('listClusters', p, 'cluster', clusterSchema, opts),
    listHosts: (p = {}, opts) => list('listHosts', { type: 'Routing', ...p }, 'host', hostSchema, opts),
    listVirtualMachines: (p = {}, opts) =>
      list(
        'listVirtualMachines',
        { details: 'all', listall: true, ...p },
        'virtualmachine',
        virtualMachineSchema,
        opts,
      ),
    listServiceOfferings: (p = {}, opts) =>
      list('listServiceOfferings', p, 'serviceoffering', serviceOfferingSchema, opts),
    listConfigurations: (p = {}, opts) =>
      list('listConfigurations', { ...p }, 'configuration', configurationSchema, opts),
    listCapacity: (p = {}, opts) => list('listCapacity', { ...p }, 'capacity', capacitySchema, opts),
    listStoragePools: (p = {}, opts) => list('listStoragePools', p, 'storagepool', storagePoolSchema, opts),
    startVirtualMachine: (id, opts) => vmJob('startVirtualMachine', { id }, opts),
    stopVirtualMachine: (id, forced, opts) =>
      vmJob('stopVirtualMachine', { id, forced: forced || undefined }, opts),
    rebootVirtualMachine: (id, forced, opts) =>
      vmJob('rebootVirtualMachine', { id, forced: forced || undefined }, opts),
    updateConfiguration: async (p, opts) =>
      (
        await request(
          'updateConfiguration',
          { ...p },
          { read: false, signal: opts?.signal, schema: updateConfigurationSchema },
        )
      ).configuration,
    startVirtualMachineOn: (id, hostid, opts) => vmJob('startVirtualMachine', { id, hostid }, opts),
    migrateVirtualMachine: (virtualmachineid, hostid, opts) =>
      vmJob('migrateVirtualMachine', { virtualmachineid, hostid }, opts),
    scaleVirtualMachine: (id, serviceofferingid, opts) =>
      vmJob('scaleVirtualMachine', { id, serviceofferingid }, opts),
    findHostsForMigration: (virtualmachineid, opts) =>
      list('findHostsForMigration', { virtualmachineid }, 'host', hostForMigrationSchema, opts),
    listVolumes: (p = {}, opts) => list('listVolumes', { listall: true, ...p }, 'volume', volumeSchema, opts),
    migrateVolume: async (volumeid, storageid, livemigrate, opts) =>
      parseResponse(
        volumeJobResultSchema,
        await async('migrateVolume', { volumeid, storageid, livemigrate: livemigrate || undefined }, opts),
        'migrateVolume',
      ).volume,
    listDomains: (p = {}, opts) => list('listDomains', { listall: true, ...p }, 'domain', domainSchema, opts),
    listAccounts: (p = {}, opts) =>
      list('listAccounts', { listall: true, ...p }, 'account', accountSchema, opts),
  };
}
