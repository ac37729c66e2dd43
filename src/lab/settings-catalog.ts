/** The CloudStack configuration keys the lab knows, with defaults, scope and descriptions from CloudStack's ConfigKeys. */

export interface SettingInfo {
  name: string;
  defaultValue: string;
  /** Narrowest scope at which it can be overridden. */
  scope: 'Global' | 'Zone' | 'Cluster' | 'StoragePool' | 'Account' | 'Domain';
  category: string;
  isDynamic: boolean;
  description: string;
  /** cluster_details stores some keys under another name. */
  clusterDetailName?: string;
  /** First CloudStack version that has the key. */
  since?: string;
  /** The lab's configured value when it is not the default: planted secret canaries that must never be shown. */
  labValue?: string;
}

/** Canary values of the lab's secret settings: tests assert none of them reaches any output. */
export const SECRET_CANARIES = [
  'CANARY-ldap-bind-7c1e9a',
  'CANARY-sso-key-41d2b8',
  'CANARY-truststore-pw-95ff03',
] as const;

export const SETTINGS: SettingInfo[] = [
  // Secrets (planted canaries). CloudStack files these under Secure/Hidden; the bot must redact them.
  {
    name: 'ldap.bind.password',
    defaultValue: '',
    labValue: SECRET_CANARIES[0],
    scope: 'Domain',
    category: 'Secure',
    isDynamic: true,
    description: 'Sets the bind password for LDAP.',
  },
  {
    name: 'security.singlesignon.key',
    defaultValue: '',
    labValue: SECRET_CANARIES[1],
    scope: 'Global',
    category: 'Hidden',
    isDynamic: false,
    description: 'A Single Sign-On key used for generating URLs for Single Sign-On.',
  },
  {
    name: 'ldap.truststore.password',
    defaultValue: '',
    labValue: SECRET_CANARIES[2],
    scope: 'Domain',
    category: 'Secure',
    isDynamic: true,
    description: 'Sets the truststore password for LDAP.',
  },
  {
    name: 'mem.overprovisioning.factor',
    defaultValue: '1.0',
    scope: 'Cluster',
    category: 'Advanced',
    isDynamic: true,
    description:
      'Used for memory overprovisioning calculation. When a cluster is added the global value is copied into the cluster (memoryOvercommitRatio).',
    clusterDetailName: 'memoryOvercommitRatio',
  },
  {
    name: 'cpu.overprovisioning.factor',
    defaultValue: '1.0',
    scope: 'Cluster',
    category: 'Advanced',
    isDynamic: true,
    description:
      'Used for CPU overprovisioning calculation; available CPU will be (actualCpuCapacity * cpu.overprovisioning.factor).',
    clusterDetailName: 'cpuOvercommitRatio',
  },
  {
    name: 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor',
    defaultValue: 'true',
    since: '4.16.0',
    scope: 'Cluster',
    category: 'Advanced',
    isDynamic: true,
    description:
      'If set to true, the minimum memory of a VM will be its memory divided by the memory overprovisioning factor (mem.overprovisioning.factor), independent of using a scalable service offering or not.',
  },
  {
    name: 'vm.min.cpu.speed.equals.cpu.speed.divided.by.cpu.overprovisioning.factor',
    defaultValue: 'true',
    since: '4.16.0',
    scope: 'Cluster',
    category: 'Advanced',
    isDynamic: true,
    description:
      'If set to true, the minimum CPU speed of a VM will be its CPU speed divided by the CPU overprovisioning factor (cpu.overprovisioning.factor).',
  },
  {
    name: 'enable.dynamic.scale.vm',
    defaultValue: 'false',
    scope: 'Zone',
    category: 'Advanced',
    isDynamic: true,
    description: 'Enables/Disables dynamically scaling a VM.',
  },
  {
    name: 'vm.serviceoffering.ram.size.max',
    defaultValue: '0',
    scope: 'Global',
    category: 'Advanced',
    isDynamic: true,
    description:
      'The maximum memory in MB for dynamic scaling when the service offering has no maximum (0 = no limit).',
  },
  {
    name: 'storage.overprovisioning.factor',
    defaultValue: '2',
    scope: 'StoragePool',
    category: 'Storage',
    isDynamic: true,
    description:
      'Used for storage overprovisioning calculation; available storage will be (actualStorageSize * storage.overprovisioning.factor).',
  },
  {
    name: 'quota.account.enabled',
    defaultValue: 'true',
    scope: 'Account',
    category: 'Advanced',
    isDynamic: true,
    description: 'Indicates whether Quota plugin is enabled or not for the account.',
  },
  {
    name: 'enable.user.2fa',
    defaultValue: 'false',
    scope: 'Domain',
    category: 'Advanced',
    isDynamic: true,
    description:
      'Determines whether two factor authentication is enabled or not. This can also be configured at domain level.',
  },
  {
    name: 'capacity.check.period',
    defaultValue: '300000',
    scope: 'Global',
    category: 'Advanced',
    isDynamic: false,
    description: 'The interval in milliseconds between capacity checks.',
  },
];

export const settingInfo = (n: string): SettingInfo | undefined => SETTINGS.find((s) => s.name === n);
