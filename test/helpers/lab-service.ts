/** Starts a lab scenario and a real OpsService on its config, for scenario-level tests. */
import { loadConfig } from '../../src/config/load.ts';
import { createOpsService } from '../../src/core/create-ops-service.ts';
import { type Lab, type StartLabOptions, startLab } from '../../src/lab/start-lab.ts';
import { capturedLogger, plantLabSecrets } from './canaries.ts';

export interface LabService {
  lab: Lab;
  service: Awaited<ReturnType<typeof createOpsService>>;
  close(): Promise<void>;
}

export async function startLabService(
  scenario: StartLabOptions['scenario'],
  opts: Partial<StartLabOptions> = {},
): Promise<LabService> {
  const logger = capturedLogger(`lab ${String(scenario)}`);
  const lab = await startLab({ scenario, logger, ...opts });
  await plantLabSecrets(lab.configPath);
  const service = await createOpsService({ loaded: await loadConfig(lab.configPath, {}), logger });
  return {
    lab,
    service,
    async close() {
      await service.close();
      await lab.close();
    },
  };
}
