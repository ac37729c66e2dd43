/**
 * `cloudops mcp --http` against the lab: the SDK's StreamableHTTPClientTransport with each person's bearer
 * token. Tools are listed per identity, bad tokens get 401, foreign Origins and Hosts 403, big bodies 413, and a
 * requester's mutation waits for a human in Slack while the lab records nothing.
 */
import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { SECRET_CANARIES } from '../../src/lab/settings-catalog.ts';
import { type RunningHttp, serveHttp } from '../../src/mcp/http.ts';
import { type OpenedMcp, openMcp } from '../../src/mcp/open.ts';
import { statusReached } from '../helpers/approval-events.ts';
import { BOB, cardRequestIds, clickApprove, type McpLab, startMcpLab, textOf } from '../helpers/mcp-lab.ts';

let m: McpLab;
let opened: OpenedMcp;
let http: RunningHttp;
const clients: Client[] = [];
const seen: string[] = [];

beforeAll(async () => {
  m = await startMcpLab();
  const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: m.fake.apiUrl };
  opened = await openMcp({
    loaded: await loadConfig(m.configPath, env),
    env,
    lang: 'en',
    logger: pino({ level: 'silent' }),
  });
  http = await serveHttp(opened, {
    host: '127.0.0.1',
    port: 0,
    allowedOrigins: ['https://ops.example.jp'],
    maxBodyBytes: 64 * 1024,
  });
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await http?.close();
  await opened?.close();
  await m?.close();
});

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/** A raw POST (node:http, so Host can be set as a rebinding page would send it). */
function post(body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      http.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('mcp over streamable HTTP', () => {
  it('refuses missing and wrong tokens (401), foreign Origin or Host (403), oversized bodies (413)', async () => {
    expect(await post(INIT, {})).toBe(401);
    expect(await post(INIT, { authorization: 'Bearer cops_not-a-real-token-at-all-xxxxxxxx' })).toBe(401);
    expect(await post(INIT, { authorization: m.tokens.alice })).toBe(401);
    const auth = { authorization: `Bearer ${m.tokens.alice}` };
    expect(await post(INIT, { ...auth, origin: 'https://evil.example' })).toBe(403);
    expect(await post(INIT, { ...auth, host: 'evil.example:80' })).toBe(403);
    expect(await post(`${INIT}${' '.repeat(70 * 1024)}`, auth)).toBe(413);
    expect(await post(INIT, { ...auth, origin: 'https://ops.example.jp' })).toBe(200);
    // Otto holds a valid token but is not allowed to use the bot.
    expect(await post(INIT, { authorization: `Bearer ${m.tokens.otto}` })).toBe(403);
  });

  it('lists per identity: Rita (reader) gets read tools only; Alice (requester) also the mutating ones', async () => {
    const rita = (await (await connect(m.tokens.rita)).listTools()).tools.map((t) => t.name);
    const alice = (await (await connect(m.tokens.alice)).listTools()).tools.map((t) => t.name);
    expect(rita).toEqual(
      expect.arrayContaining(['fleet_memory_audit', 'vm_memory', 'diagnose', 'request_status']),
    );
    expect(rita).not.toContain('start_vm');
    expect(rita).not.toContain('drbd_split_brain_recover');
    expect(alice).toEqual(
      expect.arrayContaining([...rita, 'start_vm', 'stop_vm', 'drbd_split_brain_recover']),
    );
    // A mutating tool Rita was not offered cannot be called either.
    const before = m.lab.mutations();
    const r = await (await connect(m.tokens.rita)).callTool({
      name: 'start_vm',
      arguments: { vm: 'batch01' },
    });
    expect(r.isError).toBe(true);
    expect(m.lab.mutations()).toEqual(before);
  });

  it('a read tool answers, redacted and fenced', async () => {
    const c = await connect(m.tokens.rita);
    const r = await c.callTool({
      name: 'cloudstack_setting',
      arguments: { query: 'security.singlesignon.key' },
    });
    seen.push(JSON.stringify(r));
    expect(textOf(r)).toMatch(/<<<tool_output tool=cloudstack_setting/);
    expect(textOf(r)).toContain('security.singlesignon.key');
    const audit = await c.callTool({ name: 'fleet_memory_audit', arguments: {} });
    seen.push(JSON.stringify(audit));
    expect(textOf(audit)).toMatch(/severity: problem/);
  });

  it('a mutation over HTTP waits for Bob in Slack, then request_status shows the result', async () => {
    const alice = await connect(m.tokens.alice);
    const r = await alice.callTool({ name: 'stop_vm', arguments: { vm: 'web02' } });
    seen.push(JSON.stringify(r));
    const id = (r.structuredContent as { requestId: string }).requestId;
    expect(textOf(r)).toMatch(/^approval_required/);
    await m.fake.waitFor(() => cardRequestIds(m.fake).includes(id), 10_000, 'the approval card');
    expect(m.lab.mutations()).toEqual([]);
    expect(await clickApprove(m, id, BOB)).toBe(200);
    // The bot's side runs the approved request: wait for its transition, then ask over MCP once.
    await statusReached(m.botService.approvals, id, ['done', 'failed']);
    const status = textOf(await alice.callTool({ name: 'request_status', arguments: { id } }));
    seen.push(status);
    expect(status).toMatch(/ is done\./);
    expect(m.lab.mutations().map((x) => x.command)).toEqual(['stopVirtualMachine']);
    expect(m.lab.world.vmByName('web02')?.state).toBe('Stopped');
    for (const s of [...SECRET_CANARIES, ...m.apiSecrets]) expect(seen.join('\n')).not.toContain(s);
  }, 60_000);
});
