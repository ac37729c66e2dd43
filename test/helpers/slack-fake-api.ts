/**
 * A fake Slack on loopback: the Web API (node:http, records every call), response_url and file-upload
 * endpoints, and a Socket Mode WebSocket server. Tests point Bolt at it with SLACK_API_URL.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { watchOutput } from './canaries.ts';
import { nextSeq } from './event-order.ts';

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  token?: string;
  at: number;
  status: number;
  /** Position among all recorded events (see event-order.ts). */
  seq: number;
  /** What the fake answered (ts of a posted message or a started stream). */
  response?: Record<string, unknown>;
}

export interface UrlPost {
  path: string;
  body: Record<string, unknown>;
  at: number;
  seq: number;
  status: number;
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/** Form fields that hold JSON (blocks, files…) come back as objects. */
function parseBody(raw: Buffer, type: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (type?.startsWith('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: UrlPost[] = [];
  readonly uploads: { path: string; raw: string; at: number }[] = [];
  readonly frames: { data: Record<string, unknown>; at: number }[] = [];
  /** usergroup id → member user ids, for usergroups.users.list. */
  usergroups: Record<string, string[]> = {};
  /** Tokens that auth.test / apps.connections.open reject with invalid_auth. */
  readonly badTokens = new Set<string>();
  /** method (or response path like /response/x) → HTTP status answered once per entry. */
  readonly httpFailures = new Map<string, number[]>();
  /** method → Slack error code returned once per entry (e.g. not_in_channel). */
  readonly failures = new Map<string, string[]>();
  private readonly rateLimits = new Map<string, number[]>();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private tsCounter = 1000;
  private fileCounter = 1;
  apiUrl = '';
  baseUrl = '';
  wsUrl = '';

  private constructor() {
    this.http = createServer((req, res) => {
      this.handle(req)
        .then(({ status, body, headers }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        })
        .catch((err: unknown) => {
          res.writeHead(500).end(String(err));
        });
    });
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) =>
        this.frames.push({ data: JSON.parse(String(data)) as Record<string, unknown>, at: Date.now() }),
      );
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
    });
  }

  static async start(): Promise<FakeSlack> {
    const started = await FakeSlack.listen();
    watchOutput('Slack Web API calls and response_url posts', () =>
      JSON.stringify([started.calls, started.responses]),
    );
    return started;
  }

  private static async listen(): Promise<FakeSlack> {
    const f = new FakeSlack();
    f.http.listen(0, '127.0.0.1');
    await Promise.all([once(f.http, 'listening'), once(f.wss, 'listening')]);
    f.baseUrl = `http://127.0.0.1:${(f.http.address() as AddressInfo).port}`;
    f.apiUrl = `${f.baseUrl}/api/`;
    f.wsUrl = `ws://127.0.0.1:${(f.wss.address() as AddressInfo).port}/`;
    return f;
  }

  responseUrl(id = 'r1'): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** The next call of `method` gets HTTP 429 with Retry-After: `seconds`. */
  rateLimitOnce(method: string, seconds: number): void {
    this.rateLimits.set(method, [...(this.rateLimits.get(method) ?? []), seconds]);
  }

  /** The next call of `method` (or POST to response path `/response/<id>`) gets HTTP `status`. */
  httpFailOnce(methodOrPath: string, status = 500): void {
    this.httpFailures.set(methodOrPath, [...(this.httpFailures.get(methodOrPath) ?? []), status]);
  }

  failOnce(method: string, error: string): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Socket Mode: push an envelope to every connected client. */
  send(envelope: Record<string, unknown>): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  get connected(): number {
    return this.sockets.size;
  }

  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 8000, what = 'condition'): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.http.closeAllConnections();
    await Promise.all([new Promise((r) => this.http.close(r)), new Promise((r) => this.wss.close(r))]);
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/response/')) {
      const status = this.httpFailures.get(url.pathname)?.shift() ?? 200;
      this.responses.push({
        path: url.pathname,
        body: parseBody(raw, 'application/json'),
        at: Date.now(),
        seq: nextSeq(),
        status,
      });
      return { status, body: status === 200 ? { ok: true } : { ok: false, error: 'internal_error' } };
    }
    if (url.pathname.startsWith('/upload/')) {
      this.uploads.push({ path: url.pathname, raw: raw.toString('utf8'), at: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const body = parseBody(raw, req.headers['content-type']);
    const token =
      req.headers.authorization?.replace(/^Bearer /, '') ??
      (typeof body.token === 'string' ? body.token : undefined);
    const call: ApiCall = {
      method,
      body,
      at: Date.now(),
      status: 200,
      seq: nextSeq(),
      ...(token ? { token } : {}),
    };
    this.calls.push(call);
    const httpFailure = this.httpFailures.get(method)?.shift();
    if (httpFailure) {
      call.status = httpFailure;
      return { status: httpFailure, body: { ok: false, error: 'internal_error' } };
    }
    const limited = this.rateLimits.get(method);
    if (limited?.length) {
      const seconds = limited.shift()!;
      call.status = 429;
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(seconds) },
      };
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) return { status: 200, body: { ok: false, error: failure } };
    if (token && this.badTokens.has(token))
      return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    call.response = this.answer(method, body);
    return { status: 200, body: call.response };
  }

  /** The `ts` Slack gave the message a chat.postMessage call created. */
  tsOf(call: ApiCall | undefined): string | undefined {
    const ts = call?.response?.ts;
    return typeof ts === 'string' ? ts : undefined;
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://lab.slack.com/',
          team: 'lab',
          user: 'cloudops',
          team_id: 'T0TEST',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'apps.connections.open':
        return { ok: true, url: this.wsUrl };
      case 'chat.postMessage':
        return {
          ok: true,
          channel: body.channel,
          ts: `1700000000.${String(this.tsCounter++).padStart(6, '0')}`,
          message: { text: body.text },
        };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: body.channel,
          permalink: `https://lab.slack.com/archives/${String(body.channel)}/p${String(body.message_ts).replace('.', '')}`,
        };
      case 'chat.startStream':
        return {
          ok: true,
          channel: body.channel,
          ts: `1700000000.${String(this.tsCounter++).padStart(6, '0')}`,
        };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(this.tsCounter++).padStart(6, '0')}` };
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups[String(body.usergroup)] ?? [] };
      case 'files.getUploadURLExternal': {
        const id = `F${this.fileCounter++}`;
        return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return {
          ok: true,
          files: (body.files as { id: string }[] | undefined)?.map((f) => ({ id: f.id })) ?? [],
        };
      default:
        return { ok: true };
    }
  }
}
