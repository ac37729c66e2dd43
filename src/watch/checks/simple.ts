/** Checks that are one tool run and one subject: the fleet memory audit and the management-server log. */
import { tr } from '../../i18n/text.ts';
import type { ManagementLogData } from '../../tools/logs/management-log.ts';
import { type CheckRunner, event, firstLine, stateOf } from './context.ts';

export const memoryCheck: CheckRunner = async (c) => {
  const env = await c.runTool('fleet_memory_audit', {});
  const state = stateOf(env);
  const title =
    state === 'unknown'
      ? tr(c.lang, 'could not run the fleet memory audit', 'フリートのメモリ監査を実行できません')
      : firstLine(env.summary);
  return [event(c, 'fleet', state, title, env.summary)];
};

export const managementLogCheck: CheckRunner = async (c) => {
  const env = await c.runTool('management_log', { lines: 300 });
  const data = env.data as ManagementLogData | null;
  const errors = data?.servers.reduce((n, s) => n + s.errors, 0) ?? 0;
  let state = stateOf(env);
  if (state !== 'unknown') state = errors > 0 ? 'problem' : 'ok';
  const title =
    state === 'unknown'
      ? tr(c.lang, 'could not read the management-server log', '管理サーバーのログを読めません')
      : tr(c.lang, `management-server log: ${errors} error lines`, `管理サーバーのログ: エラー ${errors} 行`);
  return [event(c, 'management-log', state, title, env.summary)];
};
