/** Turns the config's `approvals:` blocks into the policy for an environment (its own block, else the global one). */

import type { Config } from '../config/schema.ts';
import { OpsError } from '../core/errors.ts';
import type { ApprovalPolicy } from './policy.ts';

export function policyFromConfig(config: Config, env: string): ApprovalPolicy | undefined {
  const e = config.environments.find((x) => x.name === env);
  if (!e) throw new OpsError('unknown_environment', `unknown environment "${env.slice(0, 64)}"`);
  const a = e.approvals ?? config.approvals;
  if (!a) return undefined;
  return {
    requesters: [...a.requesters],
    approvers: { mutate: [...a.approvers.mutate], destructive: [...a.approvers.destructive] },
    fourEyes: a.fourEyes,
    expiryMinutes: a.expiryMinutes,
    raise: { ...a.raise },
  };
}

/**
 * `raise` entries that name no mutating tool (a typo such as `reboot_vn`, or a read tool): each would leave the
 * policy weaker than the operator wrote it, so the service refuses to start on any of them (fail closed).
 */
export function raiseProblems(config: Config, riskOf: (tool: string) => string | undefined): string[] {
  const blocks: [string, Config['approvals']][] = [
    ['approvals', config.approvals],
    ...config.environments.map((e, i): [string, Config['approvals']] => [
      `environments.${i}.approvals`,
      e.approvals,
    ]),
  ];
  const out: string[] = [];
  for (const [path, a] of blocks)
    for (const tool of Object.keys(a?.raise ?? {})) {
      const risk = riskOf(tool);
      if (risk === undefined || risk === 'read')
        out.push(
          `${path}.raise.${tool.slice(0, 64)}: ${risk ? 'is a read-only tool' : 'no such tool'}; name a mutating tool (e.g. reboot_vm)`,
        );
    }
  return out;
}
