/**
 * The bot's one door to a CloudStack management server: signed, rate-limited, retried (reads only), paginated,
 * async jobs polled to the end, and thin typed helpers for the commands the tools use.
 */
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { runAsyncJob } from './async-job.ts';
import { CloudStackError } from './errors.ts';
import { callOnce, type Endpoint } from './http.ts';
import { listAll } from './paginate.ts';
import { defaultRetryPolicy, isReadCommand, type RetryPolicy, withRetry } from './retry.ts';
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

export interface RequestOptions {
  /** GET (true) or POST form (false); defaults from the command name. Retries happen only for list/query/get commands. */
  read?: boolean;
  signal?: AbortSignal;
}
export interface CallOptions {
  signal?: AbortSignal;
}

export interface CloudStackClient {
  readonly url: string;
  /** The inner object of `<command>response`. */
  // biome-ignore lint/suspicious/noExplicitAny: callers name the response shape they expect
  request<T = any>(command: string, params?: Params, opts?: RequestOptions): Promise<T>;
  /** Every item of a list command, across pages. */
  list<T>(command: string, params: Params, listKey: string, opts?: CallOptions): Promise<T[]>;
  /** Submits an async command once and polls it to completion; resolves with `jobresult`. */
  async<T>(command: string, params: Params, opts?: CallOptions): Promise<T>;
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
  listVolumes(params?: { id?: string; virtualmachineid?: string }, opts?: CallOptions): Promise<Volume[]>;
  listDomains(params?: { id?: string; name?: string }, opts?: CallOptions): Promise<Domain[]>;
  listAccounts(params?: { id?: string; name?: string }, opts?: CallOptions): Promise<Account[]>;
}

const vmOf = (r: { virtualmachine?: VirtualMachine }, command: string): VirtualMachine => {
  if (!r?.virtualmachine)
    throw new CloudStackError('cloudstack_api', `CloudStack ${command} finished without a virtualmachine`, {
      command,
    });
  return r.virtualmachine;
};

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

  const request = async <T>(command: string, params: Params = {}, opts: RequestOptions = {}): Promise<T> => {
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
          return r as T;
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

  const list = <T>(command: string, params: Params, listKey: string, opts: CallOptions = {}) =>
    listAll<T>(request, command, params, listKey, opts.signal);
  const async = <T>(command: string, params: Params, opts: CallOptions = {}) =>
    runAsyncJob<T>(request, command, params, {
      timeoutMs: o.asyncJobTimeoutMs ?? 600_000,
      pollIntervalMs: o.pollIntervalMs ?? 1000,
      maxPollIntervalMs: o.maxPollIntervalMs ?? 5000,
      signal: opts.signal,
    });
  const vmJob = async (command: string, params: Params, opts?: CallOptions) =>
    vmOf(await async<{ virtualmachine?: VirtualMachine }>(command, params, opts), command);

  return {
    url: o.url,
    request,
    list,
    async,
    listZones: (p = {}, opts) => list<Zone>('listZones', p, 'zone', opts),
    listClusters: (p = {}, opts) => list<Cluster>('listClusters', p, 'cluster', opts),
    listHosts: (p = {}, opts) => list<Host>('listHosts', { type: 'Routing', ...p }, 'host', opts),
    listVirtualMachines: (p = {}, opts) =>
      list<VirtualMachine>(
        'listVirtualMachines',
        { details: 'all', listall: true, ...p },
        'virtualmachine',
        opts,
      ),
    listServiceOfferings: (p = {}, opts) =>
      list<ServiceOffering>('listServiceOfferings', p, 'serviceoffering', opts),
    listConfigurations: (p = {}, opts) =>
      list<Configuration>('listConfigurations', { ...p }, 'configuration', opts),
    listCapacity: (p = {}, opts) => list<Capacity>('listCapacity', { ...p }, 'capacity', opts),
    listStoragePools: (p = {}, opts) => list<StoragePool>('listStoragePools', p, 'storagepool', opts),
    startVirtualMachine: (id, opts) => vmJob('startVirtualMachine', { id }, opts),
    stopVirtualMachine: (id, forced, opts) =>
      vmJob('stopVirtualMachine', { id, forced: forced || undefined }, opts),
    rebootVirtualMachine: (id, forced, opts) =>
      vmJob('rebootVirtualMachine', { id, forced: forced || undefined }, opts),
    updateConfiguration: async (p, opts) => {
      const r = await request<{ configuration?: Configuration }>(
        'updateConfiguration',
        { ...p },
        { read: false, signal: opts?.signal },
      );
      if (!r.configuration)
        throw new CloudStackError(
          'cloudstack_api',
          'CloudStack updateConfiguration returned no configuration',
          { command: 'updateConfiguration' },
        );
      return r.configuration;
    },
    startVirtualMachineOn: (id, hostid, opts) => vmJob('startVirtualMachine', { id, hostid }, opts),
    migrateVirtualMachine: (virtualmachineid, hostid, opts) =>
      vmJob('migrateVirtualMachine', { virtualmachineid, hostid }, opts),
    scaleVirtualMachine: (id, serviceofferingid, opts) =>
      vmJob('scaleVirtualMachine', { id, serviceofferingid }, opts),
    findHostsForMigration: (virtualmachineid, opts) =>
      list<HostForMigration>('findHostsForMigration', { virtualmachineid }, 'host', opts),
    listVolumes: (p = {}, opts) => list<Volume>('listVolumes', { listall: true, ...p }, 'volume', opts),
    listDomains: (p = {}, opts) => list<Domain>('listDomains', { listall: true, ...p }, 'domain', opts),
    listAccounts: (p = {}, opts) => list<Account>('listAccounts', { listall: true, ...p }, 'account', opts),
  };
}
