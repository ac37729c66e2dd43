/**
 * The alert webhooks: a small node:http server of its own in the bot process (the same in Socket Mode and
 * HTTP mode). Body bounded (413), secret checked in constant time (401), payload validated (400 with the
 * reason); each answer recorded in the audit; an accepted alert is stored before the 202 and then handed
 * to the event stream, so it is never lost.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { AuditLog } from '../approvals/types.ts';
import { describeError } from '../core/errors.ts';
import type { StateStore } from '../store/types.ts';
import type { WatchEvent } from '../watch/types.ts';
import { alertmanagerEvents } from './alertmanager.ts';
import { authorized } from './auth.ts';
import { done, enqueue, pending } from './queue.ts';
import type { IntakeTarget } from './types.ts';
import { zabbixEvents } from './zabbix.ts';

type Parser = (body: unknown, to: IntakeTarget) => WatchEvent[] | string;
const ROUTES = new Map<string, Parser>([
  ['/alerts/alertmanager', alertmanagerEvents],
  ['/alerts/zabbix', zabbixEvents],
]);

export interface IntakeServerOptions {
  port: number;
  host: string;
  secret: string;
  maxBodyBytes: number;
  target: IntakeTarget;
  store: StateStore;
  audit?: AuditLog;
  ingest(e: WatchEvent): Promise<unknown>;
  logger: Logger;
}

export interface IntakeServer {
  port: number;
  close(): Promise<void>;
}

class Reject extends Error {
  readonly status: number;
  readonly outcome: string;
  constructor(status: number, outcome: string, message: string) {
    super(message);
    this.status = status;
    this.outcome = outcome;
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > max)
    throw new Reject(413, 'too_large', `body over ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw new Reject(413, 'too_large', `body over ${max} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startIntakeServer(o: IntakeServerOptions): Promise<IntakeServer> {
  let work = Promise.resolve();
  const process = (items: { key: string; event: WatchEvent }[]) => {
    // One at a time, in arrival order: a firing and its resolution must reach the stream in that order.
    work = work.then(async () => {
      for (const { key, event } of items) {
        await o.ingest(event);
        await done(o.store, key).catch((err: unknown) =>
          o.logger.warn({ err: describeError(err) }, 'intake: dequeue failed'),
        );
      }
    });
  };
  process(await pending(o.store));

  const record = (source: string, outcome: string, detail: Record<string, unknown>) =>
    o.audit
      ?.append({ actor: `intake:${source}`, via: 'system', kind: 'alert_intake', outcome, detail })
      .catch((err: unknown) => o.logger.warn({ err: describeError(err) }, 'audit append failed'));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const parse = ROUTES.get(path);
    const source = path.slice('/alerts/'.length).slice(0, 32) || 'unknown';
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify(body));
    };
    if (!parse || req.method !== 'POST')
      return answer(404, { error: 'POST /alerts/alertmanager or /alerts/zabbix' });
    try {
      const body = await readBody(req, o.maxBodyBytes);
      if (!authorized(req.headers, body, o.secret))
        throw new Reject(401, 'unauthorized', 'wrong or missing secret');
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new Reject(400, 'malformed', 'malformed JSON');
      }
      const events = parse(json, o.target);
      if (typeof events === 'string') throw new Reject(400, 'malformed', events.slice(0, 300));
      const keys = await enqueue(o.store, events);
      await record(source, 'accepted', {
        alerts: events.length,
        subjects: events.map((e) => e.subject).slice(0, 20),
      });
      answer(202, { accepted: events.length });
      process(keys.map((key, i) => ({ key, event: events[i]! })));
    } catch (err) {
      if (err instanceof Reject) {
        await record(source, err.outcome, { reason: err.message, status: err.status });
        return answer(err.status, { error: err.message });
      }
      o.logger.error({ err: describeError(err) }, 'intake: could not accept an alert');
      answer(503, { error: 'could not store the alert; retry' });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.listen(o.port, o.host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await work;
    },
  };
}
