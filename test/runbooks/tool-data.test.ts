/**
 * Runbooks read tool data typed by the tools' own declarations (src/runbooks/tool-data.ts), not by casts:
 * every name the runbooks call is a registered tool, and its data type follows its declaration.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RunbookContext } from '../../src/runbooks/runbook.ts';
import type { RunbookTool, RunbookTools } from '../../src/runbooks/tool-data.ts';
import { builtinTools } from '../../src/tools/builtin.ts';
import type { FleetAuditData } from '../../src/tools/memory/fleet-memory-audit.ts';
import type { VmMemoryData } from '../../src/tools/memory/vm-memory.ts';
import type { Envelope } from '../../src/tools/types.ts';

/** Every key of RunbookTools, listed so the compiler checks the list is complete and exact. */
const NAMES = {
  vm_memory: true,
  host_memory: true,
  fleet_memory_audit: true,
  cloudstack_setting: true,
  capacity: true,
  drbd_status: true,
  pacemaker_status: true,
  oom_kills: true,
  storage_pools: true,
} satisfies Record<RunbookTool, true>;

describe('the tools the runbooks call', () => {
  it('are all registered read tools under exactly those names', () => {
    const registered = new Map(builtinTools().map((t) => [t.name, t]));
    for (const name of Object.keys(NAMES)) {
      expect(registered.get(name)?.risk, name).toBe('read');
    }
  });

  it('give data of the declared type (or null when the tool failed) and take the declared input', () => {
    const vmMemory = (rc: RunbookContext) => rc.tool('vm_memory', { vm: 'web01' });
    expectTypeOf<Awaited<ReturnType<typeof vmMemory>>>().toEqualTypeOf<Envelope<VmMemoryData | null>>();
    expectTypeOf<RunbookTools['fleet_memory_audit']['data']>().toEqualTypeOf<FleetAuditData>();
    expectTypeOf<RunbookTools['vm_memory']['input']>().toMatchTypeOf<{ vm: string }>();
    // A tool the runbooks do not declare is a compile error, not an untyped envelope.
    expectTypeOf<'stop_vm'>().not.toMatchTypeOf<RunbookTool>();
  });
});
