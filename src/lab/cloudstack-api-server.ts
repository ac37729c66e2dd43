/**
 * The lab's CloudStack management server API on loopback: signed requests only, answers from the LabWorld,
 * async jobs, and switchable faults (5xx, slow, bad signature) so the bot's client is tested against a real HTTP peer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { lowerArgs } from './api/args.ts';
import { verifyRequest } from './api/auth.ts';
import { ApiFailure, authFailure, errorBody, internalError } from './api/failure.ts';
import { JobTable } from './api/jobs.ts';
import { dispatch, MUTATING_COMMANDS } from './api/router.ts';
import type { ApiFault } from './scenario.ts';
import type { LabMutation, LabWorld } from './world.ts';

/** Never recorded: the credentials and the signature. */
const AUTH_PARAMS = new Set(['apikey', 'signature', 'signatureversion', 'expires', 'command', 'response']);

export interface LabApiServerOptions {
  world: LabWorld;
  apiKey: string;
  secretKey: string;
  logger?: Logger;
  /** How long an async job stays pending (default 200 ms). */
  jobDelayMs?: number;
  /** Delay of the 'slow' fault (default 10 s). */
  slowDelayMs?: number;
}

export interface LabRequest {
  command: string;
  ok: boolean;
  status: number;
  method: string;
}

export interface LabApiServer {
  /** http://127.0.0.1:PORT/client/api */
  url: string;
  setFault(f: ApiFault): void;
  requests(): LabRequest[];
  /** Every mutating call received (signed or not), in order; the same log as `world.mutationLog`. */
  mutations(): LabMutation[];
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const url = new URL(req.url ?? '/', 'http://lab');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ApiFailure(400, 9999, 'request body too large');
    chunks.push(c as Buffer);
  }
  const params: Record<string, string> = {};
  const add = (sp: URLSearchParams) => {
    // Like the servlet, the first value of a repeated name wins.
    for (const [k, v] of sp) if (!(k in params)) params[k] = v;
  };
  add(url.searchParams);
  if (req.method === 'POST') add(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
  return params;
}

export async function startCloudStackApiServer(opts: LabApiServerOptions): Promise<LabApiServer> {
  const jobs = new JobTable(opts.jobDelayMs ?? 200);
  const log: LabRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  let fault: ApiFault = opts.world.scenario.apiFault;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        pending.delete(t);
        resolve();
      }, ms);
      pending.add(t);
    });

  const send = (res: ServerResponse, status: number, body: unknown, description?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json;charset=utf-8' };
    if (description) headers['x-description'] = description.replace(/[^\x20-\x7e]/g, '?');
    res.writeHead(status, headers).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://lab').pathname !== '/client/api')
      return send(res, 404, { error: 'not found' });
    let command = '';
    let status = 200;
    let params: Record<string, string> = {};
    try {
      params = await readParams(req);
      command = params.command ?? '';
      const key = `${command.toLowerCase() || 'error'}response`;
      if (fault === 'slow') await wait(opts.slowDelayMs ?? 10_000);
      try {
        if (fault === '5xx') throw internalError();
        // 'bad-signature': the server holds another secret than the bot, as after a key rotation.
        const secret = fault === 'bad-signature' ? `${opts.secretKey}-rotated` : opts.secretKey;
        if (!verifyRequest(params, opts.apiKey, secret)) throw authFailure();
        const inner = dispatch(command, lowerArgs(params), { world: opts.world, jobs });
        send(res, 200, { [key]: inner });
      } catch (e) {
        const f = e instanceof ApiFailure ? e : internalError();
        if (!(e instanceof ApiFailure)) opts.logger?.error({ command, err: e }, 'lab api handler failed');
        status = f.errorcode;
        send(res, f.errorcode, errorBody(f.errorcode === 432 ? 'errorresponse' : key, f), f.message);
      }
    } catch (e) {
      status = e instanceof ApiFailure ? e.errorcode : 400;
      send(
        res,
        status,
        errorBody('errorresponse', e instanceof ApiFailure ? e : new ApiFailure(400, 9999, 'bad request')),
      );
    }
    log.push({ command, ok: status === 200, status, method: req.method ?? '' });
    if (MUTATING_COMMANDS.has(command))
      opts.world.recordMutation({
        via: 'api',
        command,
        params: Object.fromEntries(Object.entries(params).filter(([k]) => !AUTH_PARAMS.has(k.toLowerCase()))),
        ok: status === 200,
      });
    opts.logger?.debug({ command, status }, 'lab api request');
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/client/api`,
    setFault: (f) => {
      fault = f;
    },
    requests: () => [...log],
    mutations: () => opts.world.mutationLog.filter((m) => m.via === 'api'),
    close: async () => {
      jobs.close();
      for (const t of pending) clearTimeout(t);
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
