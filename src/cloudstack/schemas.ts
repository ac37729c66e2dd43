/**
 * zod schemas for the CloudStack responses the bot reads, checked where they enter (client, paginate,
 * async-job). Lenient where CloudStack versions differ — extra fields pass, a number may arrive as a numeric
 * string — and strict on what the tools rely on, so a malformed answer is a clear error, not a wrong verdict.
 */
import { z } from 'zod';
import { CloudStackError } from './errors.ts';
import type {
  Account,
  Capacity,
  Cluster,
  Configuration,
  Domain,
  Host,
  HostForMigration,
  ServiceOffering,
  StoragePool,
  VirtualMachine,
  Volume,
  Zone,
} from './types.ts';

/** A number, or a decimal string some versions send instead ("2048", "37.5"). */
const num = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(?:\.\d+)?$/)
    .transform(Number),
]);
/** A field the interfaces keep as text ("2.0", "37.5%") that some versions send as a number. */
const text = z.union([z.string(), z.number().transform(String)]);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);
const id = z.string().min(1);

export const zoneSchema: z.ZodType<Zone> = z.looseObject({
  id,
  name: z.string(),
  allocationstate: z.string().optional(),
  networktype: z.string().optional(),
});

export const clusterSchema: z.ZodType<Cluster> = z.looseObject({
  id,
  name: z.string(),
  zoneid: z.string().optional(),
  zonename: z.string().optional(),
  podid: z.string().optional(),
  podname: z.string().optional(),
  hypervisortype: z.string().optional(),
  allocationstate: z.string().optional(),
  cpuovercommitratio: text.optional(),
  memoryovercommitratio: text.optional(),
});

const hostShape = {
  id,
  name: z.string(),
  type: z.string().optional(),
  state: z.string().optional(),
  resourcestate: z.string().optional(),
  hypervisor: z.string().optional(),
  zoneid: z.string().optional(),
  zonename: z.string().optional(),
  clusterid: z.string().optional(),
  clustername: z.string().optional(),
  cpunumber: num.optional(),
  cpuspeed: num.optional(),
  memorytotal: num.optional(),
  memorywithoverprovisioning: text.optional(),
  memoryallocated: num.optional(),
  memoryallocatedbytes: num.optional(),
  memoryallocatedpercentage: text.optional(),
  memoryused: num.optional(),
  lastpinged: z.string().optional(),
};

export const hostSchema: z.ZodType<Host> = z.looseObject(hostShape);

/** findHostsForMigration: a host plus whether the VM may go there. */
export const hostForMigrationSchema: z.ZodType<HostForMigration> = z.looseObject({
  ...hostShape,
  requiresStorageMotion: bool.optional(),
  suitableformigration: bool.optional(),
  hasenoughcapacity: bool.optional(),
});

export const virtualMachineSchema: z.ZodType<VirtualMachine> = z.looseObject({
  id,
  name: z.string(),
  displayname: z.string().optional(),
  instancename: z.string().optional(),
  state: z.string(),
  hostid: z.string().optional(),
  hostname: z.string().optional(),
  zoneid: z.string().optional(),
  zonename: z.string().optional(),
  serviceofferingid: z.string().optional(),
  serviceofferingname: z.string().optional(),
  cpunumber: num.optional(),
  cpuspeed: num.optional(),
  memory: num.optional(),
  memorykbs: num.optional(),
  memorytargetkbs: num.optional(),
  memoryintfreekbs: num.optional(),
  haenable: bool.optional(),
  isdynamicallyscalable: bool.optional(),
  hypervisor: z.string().optional(),
});

export const serviceOfferingSchema: z.ZodType<ServiceOffering> = z.looseObject({
  id,
  name: z.string(),
  displaytext: z.string().optional(),
  cpunumber: num.optional(),
  cpuspeed: num.optional(),
  memory: num.optional(),
  iscustomized: bool.optional(),
});

export const configurationSchema: z.ZodType<Configuration> = z.looseObject({
  name: z.string().min(1),
  value: text.optional(),
  defaultvalue: text.optional(),
  scope: z.string().optional(),
  category: z.string().optional(),
  description: z.string().optional(),
  isdynamic: bool.optional(),
  id: z.string().optional(),
});

export const capacitySchema: z.ZodType<Capacity> = z.looseObject({
  type: num,
  name: z.string().optional(),
  zoneid: z.string().optional(),
  zonename: z.string().optional(),
  podid: z.string().optional(),
  clusterid: z.string().optional(),
  clustername: z.string().optional(),
  capacityallocated: num.optional(),
  capacityused: num.optional(),
  capacitytotal: num.optional(),
  percentused: text.optional(),
});

export const storagePoolSchema: z.ZodType<StoragePool> = z.looseObject({
  id,
  name: z.string(),
  type: z.string().optional(),
  state: z.string().optional(),
  scope: z.string().optional(),
  ipaddress: z.string().optional(),
  path: z.string().optional(),
  zoneid: z.string().optional(),
  zonename: z.string().optional(),
  clusterid: z.string().optional(),
  clustername: z.string().optional(),
  disksizetotal: num.optional(),
  disksizeallocated: num.optional(),
  disksizeused: num.optional(),
});

export const volumeSchema: z.ZodType<Volume> = z.looseObject({
  id,
  name: z.string(),
  type: z.string().optional(),
  virtualmachineid: z.string().optional(),
  vmname: z.string().optional(),
  storageid: z.string().optional(),
  storage: z.string().optional(),
  state: z.string().optional(),
  size: num.optional(),
  vmstate: z.string().optional(),
  hypervisor: z.string().optional(),
});

export const domainSchema: z.ZodType<Domain> = z.looseObject({
  id,
  name: z.string(),
  path: z.string().optional(),
});

export const accountSchema: z.ZodType<Account> = z.looseObject({
  id,
  name: z.string(),
  domainid: z.string().optional(),
  domain: z.string().optional(),
});

/** Any JSON object: what an item of a list command without a schema of its own must at least be. */
export const anyObject = z.looseObject({});

/** One page of a list command: `{}` when empty, else `{count, <listKey>: [...]}`. */
export const listPageSchema = (listKey: string, item: z.ZodType) =>
  z.looseObject({ count: num.optional(), [listKey]: z.array(item).optional() });

/** What an async command answers at once. */
export const jobSubmittedSchema = z.looseObject({ jobid: z.union([id, z.number().transform(String)]) });

/** queryAsyncJobResult: JobInfo.Status ordinal — 0 in progress, 1 succeeded, 2 failed, 3 cancelled. */
export const jobStatusSchema = z.looseObject({
  jobstatus: z.number().int().min(0).max(3),
  jobresult: z.unknown().optional(),
});

/** A failed job's `jobresult`; anything else there is read as "no error text". */
export const jobFailureSchema = z.looseObject({
  errorcode: num.optional(),
  cserrorcode: num.optional(),
  errortext: z.string().optional(),
});

export const capabilitiesSchema = z.looseObject({
  capability: z.looseObject({ cloudstackversion: z.string().optional() }).optional(),
});

export const vmJobResultSchema = z.looseObject({ virtualmachine: virtualMachineSchema });
export const volumeJobResultSchema = z.looseObject({ volume: volumeSchema });
export const updateConfigurationSchema = z.looseObject({ configuration: configurationSchema });

/** Where a malformed answer goes wrong, in a few words: "host.3.memorytotal: expected number". */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
    .join('; ');
}

/** Validates one CloudStack answer; a mismatch becomes a CloudStackError naming the command and the field. */
export function parseResponse<S extends z.ZodType>(schema: S, value: unknown, command: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new CloudStackError(
    'cloudstack_api',
    `CloudStack ${command} returned an unexpected response (${describeIssues(r.error)})`,
    { command },
  );
}
