/** Test kit for the SSH door: lab hosts on loopback with a canned responder, and matching inventory entries. */
import { z } from 'zod';
import {
  type InventoryHost,
  inventoryHostSchema,
  type SshDefaults,
  sshDefaultsSchema,
} from '../../src/config/schema.ts';
import { OpsError } from '../../src/core/errors.ts';
import {
  generateKeyPair,
  type LabSshHost,
  type SshHostResponse,
  startSshHost,
} from '../../src/lab/ssh-host-server.ts';
import { defineCommand } from '../../src/ssh/commands.ts';
import { readFixture } from '../helpers/fixtures.ts';

export const clientKey = generateKeyPair();

/** Echoes its one argument back: shows exactly what argv element the remote side received. */
export const echoArg = defineCommand({
  id: 'test.echo',
  description: 'echo one argument (tests only)',
  program: 'echo',
  schema: z.object({ s: z.string() }),
  args: (a) => [a.s],
});

/** Prints `bytes` bytes: for the output cap. */
export const bigOutput = defineCommand({
  id: 'test.big',
  description: 'print N bytes (tests only)',
  program: 'head',
  schema: z.object({ bytes: z.number().int().positive() }),
  args: (a) => ['-c', String(a.bytes), '/dev/zero'],
});

/** A deliberately broken spec whose argv contains a newline the schema did not stop. */
export const leakyNewline = defineCommand({
  id: 'test.leaky',
  description: 'bad spec (tests only)',
  program: 'echo',
  schema: z.object({}),
  args: () => ['a\nreboot'],
});

export function respond(argv: string[]): SshHostResponse {
  const cmd = argv.join(' ');
  if (cmd === 'virsh list --all') return { stdout: readFixture('virsh-list-all.txt'), code: 0 };
  if (cmd === 'cat /proc/meminfo') return { stdout: 'MemTotal:        3880412 kB\n', code: 0 };
  if (cmd === 'corosync-quorumtool -s') return { stdout: 'Quorate:          No\n', code: 2 };
  if (argv[0] === 'drbdadm')
    return { stdout: '', stderr: `${'noise '.repeat(200)}\nr9: No such resource\n`, code: 10 };
  if (argv[0] === 'echo') return { stdout: JSON.stringify(argv.slice(1)), code: 0 };
  if (argv[0] === 'head') return { stdout: '0'.repeat(Number(argv[2])), code: 0 };
  return { stdout: '', stderr: `bash: ${argv[0]}: command not found\n`, code: 127 };
}

export async function labHost(
  name: string,
  extra: Partial<Parameters<typeof startSshHost>[0]> = {},
): Promise<LabSshHost> {
  return startSshHost({ name, authorizedKey: clientKey.publicSsh, respond, ...extra });
}

export function inventoryFor(h: LabSshHost, pin: string | null = h.hostKeyFingerprint): InventoryHost {
  return inventoryHostSchema.parse({
    name: h.name,
    address: h.address,
    port: h.port,
    role: 'kvm',
    hostKeys: pin ? [pin] : [],
  });
}

export function sshDefaults(over: Partial<SshDefaults> = {}): SshDefaults {
  return sshDefaultsSchema.parse({
    user: 'cloudops',
    connectTimeoutMs: 800,
    commandTimeoutMs: 3000,
    keepaliveIntervalMs: 0,
    ...over,
  });
}

/** Runs `fn` and returns the OpsError it rejected with, failing the test if it resolved. */
export async function rejection(p: Promise<unknown>): Promise<OpsError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof OpsError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** Resolves once `check()` holds (the lab's state emits no event of its own). */
export { until } from '../helpers/event-order.ts';
