/** One place that decides what a request does, after the access check — shared by /cloudops, @mentions and DMs. */
import type { Logger } from 'pino';
import { tr } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';
import type { AccessChecker } from './access.ts';
import { askInSlack } from './assistant/ask.ts';
import type { SlackAssistantDeps } from './assistant/run-turn.ts';
import {
  envsMessage,
  errorMessage,
  helpMessage,
  invalidArgMessage,
  notConfiguredMessage,
  refusalMessage,
} from './blocks/notices.ts';
import type { SlashCommand } from './command-parse.ts';
import type { RecentKeys } from './dedupe.ts';
import type { JobTracker } from './jobs.ts';
import { executeSafely, type RequestDeps, type RequestTarget, sendPrivately } from './run-request.ts';
import { diagnoseWork, toolWork } from './work.ts';

export interface BotContext {
  deps: RequestDeps;
  access: AccessChecker;
  jobs: JobTracker;
  dedupe: RecentKeys;
  defaultLang: Lang;
  logger: Logger;
  /** Set when a model is configured: questions go to the assistant instead of the runbook engine. */
  assistant?: SlackAssistantDeps;
}

export async function dispatch(
  ctx: BotContext,
  t: RequestTarget,
  cmd: SlashCommand,
  signal: AbortSignal,
): Promise<void> {
  const decision = await ctx.access.check(t.user, t.channel);
  if (!decision.allowed) {
    ctx.logger.info({ user: t.user, channel: t.channel, reason: decision.reason }, 'slack request refused');
    return sendPrivately(
      ctx.deps,
      t,
      decision.reason === 'not_configured' ? notConfiguredMessage(t.lang) : refusalMessage(t.lang),
    );
  }
  const service = ctx.deps.service;
  switch (cmd.kind) {
    case 'help':
      return sendPrivately(ctx.deps, t, helpMessage(t.lang, cmd.unknown));
    case 'envs':
      return sendPrivately(ctx.deps, t, envsMessage(t.lang, service.environments()));
    case 'invalid':
      return sendPrivately(ctx.deps, t, invalidArgMessage(t.lang, cmd));
    case 'tool': {
      const known = service.environments().map((e) => e.name);
      if (cmd.env && !known.includes(cmd.env)) {
        const problem = tr(
          t.lang,
          `Unknown environment "${cmd.env}". Known: ${known.join(', ')}.`,
          `環境 "${cmd.env}" はありません。使える環境: ${known.join(', ')}。`,
        );
        return sendPrivately(ctx.deps, t, errorMessage(problem));
      }
      ctx.logger.info(
        { user: t.user, channel: t.channel, tool: cmd.tool, env: cmd.env },
        'slack tool request',
      );
      return executeSafely(ctx.deps, t, toolWork(service, cmd, t.user), signal);
    }
    case 'diagnose':
      ctx.logger.info({ user: t.user, channel: t.channel, chars: cmd.text.length }, 'slack diagnose request');
      return executeSafely(ctx.deps, t, diagnoseWork(service, cmd.text, t.user), signal);
    case 'ask':
      ctx.logger.info({ user: t.user, channel: t.channel, chars: cmd.text.length }, 'slack question');
      if (ctx.assistant) return askInSlack(ctx.assistant, t, cmd.text, signal);
      return executeSafely(
        ctx.deps,
        t,
        diagnoseWork(
          service,
          cmd.text,
          t.user,
          tr(
            t.lang,
            'No model is configured: this is the runbook analysis.',
            'モデルが設定されていないため、ランブックによる分析結果です。',
          ),
        ),
        signal,
      );
  }
}
