/** `cloudops slack`: the Slack bot on the configured environments (Socket Mode by default, --http for HTTP). */
import type { IsMember } from '../../approvals/policy.ts';
import { configuredSecrets, createAssistant } from '../../assistant/create-assistant.ts';
import { readLlmSettings } from '../../assistant/llm-settings.ts';
import { mayRequestChanges } from '../../assistant/may-request.ts';
import { loadConfig } from '../../config/load.ts';
import { createOpsService } from '../../core/create-ops-service.ts';
import { OpsError } from '../../core/errors.ts';
import { startSlackBot } from '../../slack/start.ts';
import { createWatchRuntime, wantsWatchRuntime } from '../../watch/runtime.ts';
import { splitToolArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { cliLogger } from '../open-service.ts';

export async function runSlack(argv: string[], io: CliIo): Promise<number> {
  const { own, pairs } = splitToolArgs(argv);
  const path = own.config ?? io.env.CLOUDOPS_CONFIG;
  if (!path)
    throw new OpsError(
      'config_invalid',
      'no config: pass --config FILE or set CLOUDOPS_CONFIG (a lab config from `cloudops lab` works)',
    );
  const loaded = await loadConfig(path, io.env);
  const logger = cliLogger(
    { ...io, env: { LOG_LEVEL: 'info', ...io.env } },
    configuredSecrets(loaded.secrets),
  );
  // Approval policy may name Slack user groups; membership comes from the bot once it is up (until then: no).
  let isMember: IsMember | undefined;
  const service = await createOpsService({
    loaded,
    logger,
    isMember: (user, group) => (isMember ? isMember(user, group) : Promise.resolve(false)),
  });
  const config = loaded.config;
  const watch = wantsWatchRuntime(config)
    ? createWatchRuntime({
        config,
        service,
        store: service.store,
        audit: service.audit,
        logger,
        ...(config.intake ? { intakeSecret: io.env[config.intake.secretEnv] } : {}),
      })
    : undefined;
  const defaultEnv = loaded.config.defaultEnvironment ?? loaded.config.environments[0]!.name;
  const llm = readLlmSettings(loaded.config, io.env);
  // Conversations live in the bot's store; the model's mutating calls become approval requests there.
  const assistant = llm
    ? await createAssistant({
        service,
        settings: llm,
        store: service.store,
        approvals: service.approvals,
        defaultEnv,
        knownSecrets: configuredSecrets(loaded.secrets),
        onError: (err) => logger.warn({ err: String(err) }, 'assistant decision feed failed'),
      })
    : undefined;
  logger.info(
    llm ? { model: llm.model, endpoint: new URL(llm.baseURL).host } : {},
    llm ? 'assistant enabled' : 'no model configured: questions go to the runbook engine',
  );
  try {
    // A long-lived bot pauses plans a dead process left running, and expires overdue requests.
    await service.approvals.recover();
    service.approvals.startSweeper();
    // startSlackBot owns SIGTERM/SIGINT: it stops the receiver, lets running checks finish, closes the service.
    const bot = await startSlackBot({
      service,
      env: io.env,
      http: 'http' in pairs,
      logger,
      access: loaded.config.slack,
      defaultLang: loaded.config.language,
      ...(watch ? { watch } : {}),
      ...(assistant
        ? {
            assistant: {
              assistant,
              canRequestChanges: mayRequestChanges(loaded.config, defaultEnv, (u, g) =>
                isMember ? isMember(u, g) : Promise.resolve(false),
              ),
              audit: service.audit,
              logger: logger.child({ component: 'assistant' }),
            },
          }
        : {}),
      store: service.store,
    });
    isMember = bot.isMember;
    // Plans left running by a dead process are paused; overdue requests expire (and their cards say so).
    await service.approvals.recover();
    service.approvals.startSweeper(30_000);
    // Resolves after SIGTERM/SIGINT and a clean stop: exit 0, never "unsettled top-level await" (13).
    await bot.done;
    return 0;
  } catch (e) {
    await service.close();
    throw e;
  }
}

export const slackCommand: CliCommand = {
  name: 'slack',
  summary: [
    'run the Slack bot (Socket Mode; --http for HTTP)',
    'Slack ボットを起動 (Socket Mode、--http で HTTP)',
  ],
  usage: '[--http] [--config FILE]',
  flags: ['--http', '--config', '--help'],
  run: runSlack,
};
