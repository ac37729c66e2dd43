/** Who may have the assistant file approval requests: the environment's approval policy requesters (users or groups). */
import { type IsMember, inPool } from '../approvals/policy.ts';
import { policyFromConfig } from '../approvals/policy-config.ts';
import type { Config } from '../config/schema.ts';

export function mayRequestChanges(config: Config, env: string, isMember: IsMember) {
  return async (user: string): Promise<boolean> => {
    const policy = policyFromConfig(config, env);
    return !!policy && (await inPool(user, policy.requesters, isMember));
  };
}
