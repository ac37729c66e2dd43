import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../src/slack/listeners/commands/cloudops.ts';

const manifest = parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'manifest.yml'), 'utf8'));

describe('manifest.yml', () => {
  it('declares what the code listens to, within Slack manifest limits', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    const [cmd] = manifest.features.slash_commands;
    expect(cmd.command).toBe(SLASH_COMMAND);
    expect(cmd.usage_hint.length).toBeLessThanOrEqual(1000);
    expect(cmd.url).toBeUndefined();
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('asks for exactly the scopes the features need', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'chat:write',
      'commands',
      'files:write',
      'im:history',
      'usergroups:read',
    ]);
  });
});
