/**
 * The read-only DB door is configured but the database is down (nothing listens): the memory cap is still
 * diagnosed from the API, and the report says the database could not be read — in Japanese when asked in Japanese.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { type Lab, startLab } from '../../src/lab/start-lab.ts';
import { renderDiagnosisText } from '../../src/runbooks/render-text.ts';

/** A loopback port that was just free: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('DB door configured but down', () => {
  const logger = pino({ level: 'silent' });
  let lab: Lab;
  let service: Awaited<ReturnType<typeof createOpsService>>;
  beforeAll(async () => {
    lab = await startLab({ scenario: await loadScenario('memory-cap-one-cluster'), logger });
    const cfg = parse(readFileSync(lab.configPath, 'utf8'));
    cfg.environments[0].database = { url: `mysql://cloud_ro@127.0.0.1:${await closedPort()}/cloud` };
    writeFileSync(lab.configPath, stringify(cfg));
    service = await createOpsService({ loaded: await loadConfig(lab.configPath, {}), logger });
  });
  afterAll(async () => {
    await service?.close();
    await lab?.close();
  });

  it('still finds the cluster cap from the API and says the database could not be read', async () => {
    const d = await service.diagnose('VMs only see 3GB', { lang: 'en' });
    expect(d.findings.find((f) => f.runbook === 'vm-memory-capped')?.cause).toBe('cluster');
    expect(d.incomplete).toContainEqual(expect.objectContaining({ code: 'database' }));
    const text = renderDiagnosisText(d);
    expect(text).toMatch(/Could not check:\n {2}! cloudstack_setting: database error: connection refused/);
    expect(text).not.toContain('No problem found');
  });

  it('in Japanese, the could-not-check line is Japanese too', async () => {
    const text = renderDiagnosisText(await service.diagnose('メモリが3GBしか見えない', { lang: 'ja' }));
    expect(text).toContain('cloudstack_setting: CloudStack データベースを読めませんでした');
    expect(text.slice(text.indexOf('確認できなかった項目'))).not.toMatch(/database error|connection refused/);
  });
});
