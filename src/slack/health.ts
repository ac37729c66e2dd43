/** `/healthz` for systemd watchdogs and container probes: 200 while serving, 503 while starting or stopping. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface HealthState {
  ready: boolean;
  mode: 'socket' | 'http';
  /** In-flight requests, useful to see a shutdown waiting on work. */
  inFlight(): number;
}

export function healthHandler(state: HealthState) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const body = JSON.stringify({ ok: state.ready, mode: state.mode, inFlight: state.inFlight() });
    res.writeHead(state.ready ? 200 : 503, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(body);
  };
}

/** Socket Mode has no HTTP listener of its own: a tiny one serves only /healthz. */
export function startHealthServer(state: HealthState, port: number, host?: string): Promise<Server> {
  const handle = healthHandler(state);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/healthz') return handle(req, res);
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
