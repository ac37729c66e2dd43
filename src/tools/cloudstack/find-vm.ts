/** Resolves an operator-typed VM name (display name, name or instance name) to one CloudStack VM, or a clear error. */
import { OpsError } from '../../core/errors.ts';
import type { ToolContext } from '../context.ts';
import { apiCall } from '../remote.ts';

export const vmNameSchemaPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

export async function findVm(ctx: ToolContext, name: string) {
  const candidates = await apiCall(ctx, `listVirtualMachines keyword=${name}`, () =>
    ctx.api.listVirtualMachines({ keyword: name }),
  );
  const exact = candidates.filter(
    (v) => v.name === name || v.displayname === name || v.instancename === name,
  );
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
