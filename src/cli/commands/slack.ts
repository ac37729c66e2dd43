/** `cloudops slack`: the Slack bot on the configured environments (Socket Mode by default, --http for HTTP). */
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
  try {
    // A long-lived bot pauses plans a dead process left running, and expires overdue requests.
    await service.approvals.recover();
    service.approvals.startSweeper();
    // startSlackBot owns SIGTERM/SIGINT: it stops the receiver, lets running checks finish, closes the service.
    await startSlackBot({
      service,
      env: io.env,
      http: 'http' in pairs,
      logger,
      access: loaded.config.slack,
      defaultLang: loaded.config.language,
    });
  } catch (e) {
    await service.close();
    throw e;
  }
  return new Promise<number>(() => {});
}
