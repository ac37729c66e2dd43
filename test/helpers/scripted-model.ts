/**
 * An OpenAI-compatible Chat Completions server on loopback whose replies are scripted: streamed text, tool calls
 * (arguments split across chunks, as real servers do), malformed arguments, HTTP errors with Retry-After, and slow
 * answers. It records every request body as received, so tests can check exactly what reached "the model".
 * Usage is counted with a real tokenizer over the messages and tools it was sent.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countTokens } from 'gpt-tokenizer';
import { watchOutput } from './canaries.ts';

export type ScriptedReply =
  | { text: string; chunkSize?: number }
  | { toolCalls: { name: string; arguments: string | Record<string, unknown>; id?: string }[]; text?: string }
  | { status: number; retryAfter?: number; message?: string }
  | { delayMs: number; reply: ScriptedReply };

export interface ModelRequest {
  model: string;
  messages: { role: string; content?: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  stream?: boolean;
}

export interface RecordedRequest {
  raw: string;
  body: ModelRequest;
  promptTokens: number;
}

/** A reply per request in order, or a function of the request (and its index) for reactive scripts. */
export type Script = ScriptedReply[] | ((req: ModelRequest, index: number) => ScriptedReply);

const MODEL = 'scripted-model';

export class ScriptedModel {
  readonly requests: RecordedRequest[] = [];
  url = '';
  private readonly server: Server;
  private script: Script;
  private readonly open = new Set<ServerResponse>();
  /** Proxy mode (evals against a real endpoint): forward every request there, still recording it. */
  private upstream: { baseURL: string; apiKey: string } | undefined;

  private constructor(script: Script) {
    this.script = script;
    this.server = createServer((req, res) => {
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
    });
  }

  static async start(script: Script = []): Promise<ScriptedModel> {
    const m = new ScriptedModel(script);
    m.server.listen(0, '127.0.0.1');
    await once(m.server, 'listening');
    m.url = `http://127.0.0.1:${(m.server.address() as AddressInfo).port}/v1`;
    watchOutput('model requests', () => m.allRequestText());
    return m;
  }

  /** A recording proxy in front of a real OpenAI-compatible endpoint: what was sent is still checked. */
  static async proxy(baseURL: string, apiKey: string): Promise<ScriptedModel> {
    const m = await ScriptedModel.start();
    m.upstream = { baseURL: baseURL.replace(/\/+$/, ''), apiKey };
    return m;
  }

  /** Replace the script (the request count keeps going). */
  setScript(script: Script): void {
    this.script = script;
  }

  get promptTokens(): number {
    return this.requests.reduce((n, r) => n + r.promptTokens, 0);
  }

  /** Everything any request carried, for "the canary never reached the model" checks. */
  allRequestText(): string {
    return this.requests.map((r) => r.raw).join('\n');
  }

  /** The tool messages the model was sent in request `i` (default: the last). */
  toolResults(i = this.requests.length - 1): string[] {
    return (this.requests[i]?.body.messages ?? [])
      .filter((m) => m.role === 'tool')
      .map((m) => String(m.content));
  }

  async close(): Promise<void> {
    for (const r of this.open) r.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private next(body: ModelRequest): ScriptedReply {
    const i = this.requests.length - 1;
    if (typeof this.script === 'function') return this.script(body, i);
    return this.script[i] ?? { text: 'script exhausted' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(raw) as ModelRequest;
    const promptTokens = countTokens(JSON.stringify(body.messages) + JSON.stringify(body.tools ?? []));
    this.requests.push({ raw, body, promptTokens });
    if (this.upstream) return this.forward(raw, res);
    let reply = this.next(body);
    while ('delayMs' in reply) {
      const { delayMs, reply: later } = reply;
      await new Promise((r) => setTimeout(r, delayMs));
      if (res.destroyed) return;
      reply = later;
    }
    if ('status' in reply) {
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}),
      });
      res.end(
        JSON.stringify({ error: { message: reply.message ?? `scripted ${reply.status}`, type: 'scripted' } }),
      );
      return;
    }
    this.stream(res, reply, promptTokens);
  }

  private async forward(raw: string, res: ServerResponse): Promise<void> {
    const up = await fetch(`${this.upstream!.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.upstream!.apiKey}` },
      body: raw,
    });
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
    if (up.body) for await (const chunk of up.body) res.write(chunk);
    res.end();
  }

  private stream(
    res: ServerResponse,
    reply: Exclude<ScriptedReply, { status: number } | { delayMs: number }>,
    promptTokens: number,
  ): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const id = `chatcmpl-${this.requests.length}`;
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    send({ role: 'assistant', content: '' });
    let completion = '';
    const text = 'text' in reply && reply.text ? reply.text : '';
    const size = 'chunkSize' in reply && reply.chunkSize ? reply.chunkSize : 24;
    for (let i = 0; i < text.length; i += size) send({ content: text.slice(i, i + size) });
    completion += text;
    if ('toolCalls' in reply) {
      reply.toolCalls.forEach((c, index) => {
        const args = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments);
        const half = Math.floor(args.length / 2);
        const callId = c.id ?? `call_${this.requests.length}_${index}`;
        send({
          tool_calls: [
            {
              index,
              id: callId,
              type: 'function',
              function: { name: c.name, arguments: args.slice(0, half) },
            },
          ],
        });
        send({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] });
        completion += c.name + args;
      });
    }
    send({}, 'toolCalls' in reply ? 'tool_calls' : 'stop');
    const completionTokens = countTokens(completion);
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: MODEL, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
  }
}
