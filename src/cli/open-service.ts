/** Opens the OpsService a CLI command works on: from --config / $CLOUDOPS_CONFIG, or an in-process lab (--lab). */
import { pino } from 'pino';
import { type LoadedConfig, loadConfig } from '../config/load.ts';
import { createOpsService } from '../core/create-ops-service.ts';
import { OpsError } from '../core/errors.ts';
import type { OpsService } from '../core/ops-service.ts';
import { startLab } from '../lab/start-lab.ts';
import type { CliIo } from './io.ts';

export interface OpenedService {
  service: OpsService;
  /** The loaded config (the assistant reads `llm:` and the secrets to redact from it). */
  loaded?: LoadedConfig;
  close(): Promise<void>;
}

/** Logs go to stderr at warn level for the CLI: stdout stays the report. */
export const cliLogger = (io: CliIo) =>
  pino(
    { level: io.env.LOG_LEVEL ?? 'warn', redact: ['*.secretKey', '*.apiKey', '*.password', '*.privateKey'] },
    pino.destination(2),
  );

export async function openService(
  flags: { config?: string; lab?: string },
  io: CliIo,
): Promise<OpenedService> {
  const logger = cliLogger(io);
  if (flags.lab) {
    const lab = await startLab({ scenario: flags.lab, logger });
    try {
      const loaded = await loadConfig(lab.configPath, io.env);
      const service = await createOpsService({ loaded, logger });
      return {
        service,
        loaded,
        close: async () => {
          await service.close();
          await lab.close();
        },
      };
    } catch (e) {
      await lab.close();
      throw e;
    }
  }
  const path = flags.config ?? io.env.CLOUDOPS_CONFIG;
  if (!path)
    throw new OpsError(
      'config_invalid',
      'no config: pass --config FILE, set CLOUDOPS_CONFIG, or try --lab memory-cap',
    );
  const loaded = await loadConfig(path, io.env);
  const service = await createOpsService({ loaded, logger });
  return { service, loaded, close: () => service.close() };
}
