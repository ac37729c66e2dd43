/**
 * Who an MCP client acts as and what that person may do. Reading: the Slack "who" rules (allowedUsers,
 * allowedUserGroups) when any are set; otherwise holding a configured token (or being `mcp.stdioUser`) is the
 * grant, since the operator issued it to that person. Requesting changes: the environment's approval policy
 * requesters, exactly as in Slack — and only when approval cards can reach Slack to be decided there.
 */
import { type IsMember, inPool } from '../approvals/policy.ts';
import { policyFromConfig } from '../approvals/policy-config.ts';
import type { Actor } from '../approvals/types.ts';
import type { Config } from '../config/schema.ts';

export interface McpIdentity {
  actor: Actor;
  mayRead: boolean;
  mayRequest: boolean;
}

export async function identityFor(
  user: string,
  o: { config: Config; env: string; isMember: IsMember; cardsReachSlack: boolean },
): Promise<McpIdentity> {
  const { allowedUsers, allowedUserGroups } = o.config.slack;
  const whoRules = [...allowedUsers, ...allowedUserGroups];
  // A failed group lookup says "not a member" (fail closed), as in Slack.
  const safeMember: IsMember = (u, g) => o.isMember(u, g).catch(() => false);
  const mayRead = whoRules.length === 0 || (await inPool(user, whoRules, safeMember));
  const policy = policyFromConfig(o.config, o.env);
  const mayRequest =
    mayRead && o.cardsReachSlack && !!policy && (await inPool(user, policy.requesters, safeMember));
  return { actor: { user, via: 'mcp' }, mayRead, mayRequest };
}
