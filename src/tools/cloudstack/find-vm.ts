/**
 * Resolves an operator-typed VM identifier to one CloudStack VM, or a clear error. Accepted everywhere a VM is
 * named: the CloudStack name, display name, instance name (`i-2-31-VM`, what `virsh list` shows) or UUID.
 */
import { OpsError } from '../../core/errors.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANCE_NAME = /^[ir]-\d{1,10}-\d{1,10}-[A-Za-z0-9]{1,32}$/;

export type VmIdKind = 'uuid' | 'instance-name' | 'name';

/** What kind of identifier the operator typed (a name may still turn out to be a display name). */
export function vmIdKind(id: string): VmIdKind {
  return UUID.test(id) ? 'uuid' : INSTANCE_NAME.test(id) ? 'instance-name' : 'name';
}

export async function findVm(ctx: ToolContext, name: string) {
  if (vmIdKind(name) === 'uuid') {
    const byId = await apiCall(ctx, `listVirtualMachines id=${name}`, () =>
      ctx.api.listVirtualMachines({ id: name }),
    );
    if (byId.length === 1) return byId[0]!;
  }
  const candidates = await apiCall(ctx, `listVirtualMachines keyword=${name}`, () =>
    ctx.api.listVirtualMachines({ keyword: name }),
  );
  let exact = candidates.filter(
    (v) => v.name === name || v.displayname === name || v.instancename === name || v.id === name,
  );
  // Not every CloudStack version searches the instance name by keyword: fall back to the full list.
  if (exact.length === 0 && vmIdKind(name) === 'instance-name') {
    const all = await apiCall(ctx, 'listVirtualMachines (instance name)', () =>
      ctx.api.listVirtualMachines({}),
    );
    exact = all.filter((v) => v.instancename === name);
  }
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1)
    throw new OpsError(
      'invalid_argument',
      `"${name}" matches ${exact.length} VMs; use the instance name (${exact.map((v) => v.instancename).join(', ')})`,
    );
  const hint = candidates.slice(0, 5).map((v) => v.name);
  throw new OpsError(
    'unknown_vm',
    `no VM named "${name}" in ${ctx.env.name}${hint.length ? ` (did you mean: ${hint.join(', ')}?)` : ''}`,
  );
}
