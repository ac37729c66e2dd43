/** The lab's control surface: `POST /ctl` with a JSON command and `Authorization: Bearer <token>`, on loopback only. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyControl } from './control.ts';
import type { LabWorld } from './world.ts';

export interface LabControl {
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX = 16 * 1024;

export async function startControlServer(world: LabWorld): Promise<LabControl> {
  const token = randomBytes(18).toString('base64url');
  const want = Buffer.from(`Bearer ${token}`);
  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const got = Buffer.from(req.headers.authorization ?? '');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return reply(401, { error: 'bad token' });
    if (req.method !== 'POST' || req.url !== '/ctl') return reply(404, { error: 'POST /ctl' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX) return reply(413, { error: 'too large' });
      chunks.push(c as Buffer);
    }
    try {
      reply(200, { ok: true, done: applyControl(world, JSON.parse(Buffer.concat(chunks).toString('utf8'))) });
    } catch (e) {
      reply(400, { error: e instanceof Error ? e.message.slice(0, 500) : 'bad command' });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ctl`,
    token,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
