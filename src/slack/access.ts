/**
 * Who may use the bot. Safe by default: with nothing configured nobody is allowed unless the admin says
 * `allowAll` explicitly. Channels restrict where, users and user groups restrict who; both must pass.
 */

export interface AccessPolicy {
  allowedChannels: string[];
  allowedUsers: string[];
  /** User group ids (S…); membership is resolved with usergroups.users.list and cached. */
  allowedUserGroups: string[];
  /** Only consulted when all three lists are empty. */
  allowAll?: boolean;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: 'not_configured' | 'denied' };

export interface AccessCheckerOptions {
  listGroupMembers(groupId: string): Promise<string[]>;
  /** How long a group's membership is trusted; a few minutes keeps removals effective without an API call per message. */
  ttlMs?: number;
  onLookupError?(groupId: string, err: unknown): void;
  now?: () => number;
}

/** DM channel ids start with D; they cannot sensibly be listed in allowedChannels. */
const isDirectMessage = (channel: string): boolean => channel.startsWith('D');

export class AccessChecker {
  private readonly policy: AccessPolicy;
  private readonly opts: AccessCheckerOptions;
  private readonly cache = new Map<string, { members: Set<string>; at: number }>();
  private readonly inflight = new Map<string, Promise<Set<string>>>();

  constructor(policy: AccessPolicy, opts: AccessCheckerOptions) {
    this.policy = policy;
    this.opts = opts;
  }

  async check(user: string, channel: string): Promise<AccessDecision> {
    const { allowedChannels: channels, allowedUsers: users, allowedUserGroups: groups } = this.policy;
    if (!channels.length && !users.length && !groups.length) {
      return this.policy.allowAll ? { allowed: true } : { allowed: false, reason: 'not_configured' };
    }
    const whoIsRestricted = users.length > 0 || groups.length > 0;
    // A DM is allowed past the channel rule only when the user is identified by a user/group rule.
    const channelOk =
      !channels.length || channels.includes(channel) || (isDirectMessage(channel) && whoIsRestricted);
    if (!channelOk) return { allowed: false, reason: 'denied' };
    if (!whoIsRestricted || users.includes(user)) return { allowed: true };
    for (const g of groups) {
      if ((await this.members(g)).has(user)) return { allowed: true };
    }
    return { allowed: false, reason: 'denied' };
  }

  /** Whether `user` is in user group `group` (cached; a failed lookup says no). */
  async isMember(user: string, group: string): Promise<boolean> {
    return (await this.members(group)).has(user);
  }

  private async members(group: string): Promise<Set<string>> {
    const now = (this.opts.now ?? Date.now)();
    const hit = this.cache.get(group);
    if (hit && now - hit.at < (this.opts.ttlMs ?? 5 * 60_000)) return hit.members;
    const pending = this.inflight.get(group);
    if (pending) return pending;
    const p = this.opts
      .listGroupMembers(group)
      .then((list) => {
        const members = new Set(list);
        this.cache.set(group, { members, at: now });
        return members;
      })
      // A failed lookup denies (fail closed) and is not cached, so the next message tries again.
      .catch((err: unknown) => {
        this.opts.onLookupError?.(group, err);
        return new Set<string>();
      })
      .finally(() => this.inflight.delete(group));
    this.inflight.set(group, p);
    return p;
  }
}
