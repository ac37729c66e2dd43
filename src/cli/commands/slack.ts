/** `cloudops slack`: the Slack bot on the configured environments (Socket Mode by default, --http for HTTP). */
import { configuredSecrets, createAssistant } from '../../assistant/create-assistant.ts';
import { readLlmSettings } from '../../assistant/llm-settings.ts';
import { loadConfig } from '../../config/load.ts';
import { createOpsService } from '../../core/create-ops-service.ts';
import { OpsError } from '../../core/errors.ts';
import { startSlackBot } from '../../slack/start.ts';
import type { CliIo } from '../io.ts';
import { cliLogger } from '../open-service.ts';
import { splitToolArgs } from './tool.ts';

export async function runSlack(argv: string[], io: CliIo): Promise<number> {
  const { own, pairs } = splitToolArgs(argv);
  const path = own.config ?? io.env.CLOUDOPS_CONFIG;
  if (!path)
    throw new OpsError(
      'config_invalid',
      'no config: pass --config FILE or set CLOUDOPS_CONFIG (a lab config from `cloudops lab` works)',
    );
  const loaded = await loadConfig(path, io.env);
  const logger = cliLogger({ ...io, env: { LOG_LEVEL: 'info', ...io.env } });
  const service = await createOpsService({ loaded, logger });
  const llm = readLlmSettings(loaded.config, io.env);
  // TODO(lead): pass the bot's StateStore and ApprovalService here once they are on main; until then
  // conversations live in this process and no mutating tool is offered to the model.
  const assistant = llm
    ? await createAssistant({
        service,
        settings: llm,
        defaultEnv: loaded.config.defaultEnvironment ?? loaded.config.environments[0]!.name,
        knownSecrets: configuredSecrets(loaded.secrets),
        onError: (err) => logger.warn({ err: String(err) }, 'assistant decision feed failed'),
      })
    : undefined;
  logger.info(
    llm ? { model: llm.model, baseURL: llm.baseURL } : {},
    llm ? 'assistant enabled' : 'no model configured: questions go to the runbook engine',
  );
  try {
    // startSlackBot owns SIGTERM/SIGINT: it stops the receiver, lets running checks finish, closes the service.
    await startSlackBot({
      service,
      env: io.env,
      http: 'http' in pairs,
      logger,
      access: loaded.config.slack,
      defaultLang: loaded.config.language,
      ...(assistant
        ? {
            assistant: {
              assistant,
              canRequestChanges: async () => false,
              logger: logger.child({ component: 'assistant' }),
            },
          }
        : {}),
    });
  } catch (e) {
    await service.close();
    throw e;
  }
  return new Promise<number>(() => {});
}
