/** The registry is where "no mutation without approval" and "bad input never crashes" are enforced. */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinTools } from '../../src/tools/builtin.ts';
import type { ToolContext } from '../../src/tools/context.ts';
import { ToolRegistry } from '../../src/tools/registry.ts';
import { toolTitle } from '../../src/tools/render.ts';
import type { ToolDefinition } from '../../src/tools/types.ts';
import { type LabService, startLabService } from '../helpers/lab-service.ts';

const ctx = {
  env: { name: 'x', hosts: [], storagePairs: [] },
  logger: pino({ level: 'silent' }),
  lang: 'en',
  progress: () => {},
} as unknown as Omit<ToolContext, 'record'>;

describe('tool titles', () => {
  it('every built-in tool declares its own title in English and Japanese', () => {
    for (const t of builtinTools()) {
      expect(t.title?.en, t.name).toMatch(/^[A-Z]/);
      expect(t.title?.ja, t.name).toMatch(/[^\x00-\x7f]/);
      expect(toolTitle(t, t.name, 'ja')).toBe(t.title?.ja);
    }
  });
  it('falls back to the name for an unknown tool or one without a title', () => {
    expect(toolTitle(undefined, 'agent_log', 'en')).toBe('agent_log');
    expect(toolTitle({ name: 'x_tool' } as ToolDefinition, 'x_tool', 'ja')).toBe('x_tool');
  });
});

describe('ToolRegistry', () => {
  it('never runs a mutating tool: it answers approval_required', async () => {
    let ran = 0;
    const danger: ToolDefinition = {
      name: 'stop_everything',
      description: 'test tool',
      input: z.object({ vm: z.string() }),
      risk: 'mutate',
      run: async () => {
        ran++;
        return { data: null, summary: 'ran' };
      },
      renderText: (e) => e.summary,
    };
    const env = await new ToolRegistry([danger]).run('stop_everything', { vm: 'web01' }, ctx);
    expect(env.status).toBe('approval_required');
    expect(env.approval).toEqual({
      action: 'stop_everything',
      input: { vm: 'web01' },
      reason: 'mutating action',
    });
    expect(ran).toBe(0);
  });

  it('turns invalid input, unknown tools and thrown errors into error envelopes', async () => {
    const boom: ToolDefinition = {
      name: 'boom',
      description: 'test tool',
      input: z.object({ n: z.number().int() }),
      risk: 'read',
      run: async () => {
        throw new Error('kaput');
      },
      renderText: (e) => e.summary,
    };
    const r = new ToolRegistry([boom]);
    expect((await r.run('boom', { n: 'x' }, ctx)).error?.code).toBe('invalid_argument');
    expect((await r.run('nope', {}, ctx)).error?.code).toBe('unknown_tool');
    const thrown = await r.run('boom', { n: 1 }, ctx);
    expect(thrown.status).toBe('error');
    expect(thrown.error?.message).toBe('kaput');
  });

  it('refuses duplicate and malformed tool names at construction', () => {
    const t = {
      name: 'Bad Name',
      description: 'd',
      input: z.object({}),
      risk: 'read',
      run: async () => ({ data: 0, summary: '' }),
      renderText: () => '',
    } as ToolDefinition;
    expect(() => new ToolRegistry([t])).toThrow(/must match/);
    const ok = { ...t, name: 'twice' };
    expect(() => new ToolRegistry([ok, ok])).toThrow(/declared twice/);
  });
});

describe('hostile input through the real service', () => {
  let s: LabService;
  beforeAll(async () => {
    s = await startLabService('memory-cap');
  });
  afterAll(() => s.close());

  it.each(['web01; reboot', '$(id)', 'web01\nreboot', 'x'.repeat(5000), '`id`'])(
    'rejects %j before any byte reaches a host',
    async (vm) => {
      const before = [...s.lab.hosts.values()].reduce((a, h) => a + h.execCount(), 0);
      const env = await s.service.runTool('vm_memory', { vm });
      expect(env.status).toBe('error');
      expect(env.error?.code).toBe('invalid_argument');
      expect([...s.lab.hosts.values()].reduce((a, h) => a + h.execCount(), 0)).toBe(before);
    },
  );

  it('asking for a mutation through the service only yields a request for approval', async () => {
    const env = await s.service.runTool('stop_vm', { vm: 'web01' });
    expect(env.status).toBe('approval_required');
    expect(s.lab.world.vmByName('web01')!.state).toBe('Running');
  });
});
