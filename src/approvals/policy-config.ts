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
