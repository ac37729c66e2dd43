/** Starts a LabWorld + the lab CloudStack API server, and clients for it, for the client ↔ server tests. */
import { type CloudStackClientOptions, createCloudStackClient } from '../../src/cloudstack/client.ts';
import {
  type LabApiServer,
  type LabApiServerOptions,
  startCloudStackApiServer,
} from '../../src/lab/cloudstack-api-server.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { type Scenario, scenarioSchema } from '../../src/lab/scenario.ts';
import { LabWorld } from '../../src/lab/world.ts';

export const API_KEY = 'lab-key-0123';
export const SECRET = 'lab-secret-s3cr3t+/=';

export interface ApiLab {
  world: LabWorld;
  server: LabApiServer;
  client(o?: Partial<CloudStackClientOptions>): ReturnType<typeof createCloudStackClient>;
  close(): Promise<void>;
}

/** Fast defaults so retries and polls do not slow the suite. */
export async function startApiLab(
  scenario: string | Scenario,
  serverOpts: Partial<LabApiServerOptions> = {},
): Promise<ApiLab> {
  const world = new LabWorld(typeof scenario === 'string' ? await loadScenario(scenario) : scenario);
  const server = await startCloudStackApiServer({
    world,
    apiKey: API_KEY,
    secretKey: SECRET,
    jobDelayMs: 50,
    ...serverOpts,
  });
  return {
    world,
    server,
    client: (o = {}) =>
      createCloudStackClient({
        url: server.url,
        apiKey: API_KEY,
        secretKey: SECRET,
        timeoutMs: 2000,
        requestsPerSecond: 1000,
        pollIntervalMs: 20,
        maxPollIntervalMs: 50,
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
        ...o,
      }),
    close: () => server.close(),
  };
}

/** One small host that cannot fit a second 3 GiB VM: starting `big2` must fail for capacity. */
export const tightScenario = (): Scenario =>
  scenarioSchema.parse({
    name: 'tight',
    description: 'a host too small for both VMs',
    cloudstackVersion: '4.20.1',
    offerings: [{ name: 'm3g', memoryMiB: 3072 }],
    zones: [
      {
        name: 'z1',
        clusters: [
          {
            name: 'c1',
            hosts: [
              {
                name: 'kvm-small',
                memoryMiB: 4096,
                vms: [
                  { name: 'big1', offering: 'm3g' },
                  { name: 'big2', offering: 'm3g', state: 'Stopped' },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
