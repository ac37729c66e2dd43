/** Opens the OpsService a CLI command works on: from --config / $CLOUDOPS_CONFIG, or an in-process lab (--lab). */
import { pino } from 'pino';
import { type LoadedConfig, loadConfig } from '../config/load.ts';
import { createOpsService } from '../core/create-ops-service.ts';
import { describeError, isOpsError, OpsError } from '../core/errors.ts';
import type { OpsService } from '../core/ops-service.ts';
import { redactText } from '../core/redact-text.ts';
import { startLab } from '../lab/start-lab.ts';
import type { CliIo } from './io.ts';

export interface OpenedService {
  service: OpsService;
  /** The loaded config (the assistant reads `llm:` and the secrets to redact from it). */
  loaded?: LoadedConfig;
  close(): Promise<void>;
}

/**
 * Logs go to stderr for the CLI and stdout stays the report. An operator's mistake (unknown VM) is already the
 * report's one line, so only errors are logged by default, and never with a stack unless LOG_LEVEL=debug.
 * Every line leaves through `redactText`: the config's secret values (`knownSecrets`) and secret shapes (tokens,
 * PEM keys, `password=…`) are cut even when they hide inside an error message or a host's output.
 */
export const cliLogger = (io: CliIo, knownSecrets: readonly string[] = []) => {
  const level = io.env.LOG_LEVEL ?? 'error';
  return pino(
    {
      level,
      redact: ['*.secretKey', '*.apiKey', '*.password', '*.privateKey'],
      hooks: { streamWrite: (line) => redactText(line, knownSecrets) },
      serializers: {
        err: (e: unknown) =>
          level === 'debug' || level === 'trace'
            ? pino.stdSerializers.err(e as Error)
            : isOpsError(e)
              ? { type: 'OpsError', code: e.code, message: e.userMessage }
              : { type: e instanceof Error ? e.name : typeof e, message: describeError(e) },
      },
    },
    pino.destination(2),
  );
};

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
