/**
 * One place that decides what a request does, after the access check — shared by /cloudops, @mentions and
 * DMs. `planCommand` is synchronous so a slash command's ack can already carry the answer or the running line.
 */
import type { Logger } from 'pino';
import type { ApprovalService, AuditLog } from '../approvals/types.ts';
import type { OpsService } from '../core/ops-service.ts';
import { tr } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';
import type { AccessChecker, AccessDecision } from './access.ts';
import { requestMutation } from './approval-requests.ts';
import { askInSlack } from './assistant/ask.ts';
import type { SlackAssistantDeps } from './assistant/run-turn.ts';
import { showAudit } from './audit-command.ts';
import type { SlackMessage } from './blocks/message.ts';
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
import type { PlanOffers } from './plan-offers.ts';
import type { MessageDeps, RequestMessages } from './request-messages.ts';
import { runRequest, type Work } from './run-request.ts';
import { diagnoseWork, toolWork, type WorkFor } from './work.ts';

export interface BotContext {
  deps: MessageDeps & { service: OpsService };
  access: AccessChecker;
  jobs: JobTracker;
  dedupe: RecentKeys;
  defaultLang: Lang;
  logger: Logger;
  /** Absent until approvals are configured: mutation commands then say how to enable them. */
  approvals?: ApprovalService;
  audit?: AuditLog;
  /** Set when a model is configured: questions go to the assistant instead of the runbook engine. */
  assistant?: SlackAssistantDeps;
  /** Diagnoses' proposed plans behind "Run this plan" buttons. */
  offers: PlanOffers;
}

/** What a command becomes: an immediate private answer, read-only work, or a mutation request. */
export type Planned =
  | { kind: 'reply'; message: SlackMessage }
  | { kind: 'work'; work: Work }
  | { kind: 'mutation'; command: Extract<SlashCommand, { kind: 'mutation' }> }
  | { kind: 'audit'; command: Extract<SlashCommand, { kind: 'audit_log' }> }
  | { kind: 'ask'; text: string };

export function refusal(decision: AccessDecision, lang: Lang): SlackMessage | undefined {
  if (decision.allowed) return undefined;
  return decision.reason === 'not_configured' ? notConfiguredMessage(lang) : refusalMessage(lang);
}

export function planCommand(ctx: BotContext, cmd: SlashCommand, lang: Lang, who: WorkFor): Planned {
  const service = ctx.deps.service;
  switch (cmd.kind) {
    case 'help':
      return { kind: 'reply', message: helpMessage(lang, cmd.unknown) };
    case 'envs':
      return { kind: 'reply', message: envsMessage(lang, service.environments()) };
    case 'invalid':
      return { kind: 'reply', message: invalidArgMessage(lang, cmd) };
    case 'tool': {
      const known = service.environments().map((e) => e.name);
      if (cmd.env && !known.includes(cmd.env))
        return { kind: 'reply', message: errorMessage(unknownEnv(lang, cmd.env, known)) };
      return { kind: 'work', work: toolWork(service, cmd, who) };
    }
    case 'diagnose':
      // Private answers get no "Run this plan": the card belongs in a shared thread.
      return {
        kind: 'work',
        work: diagnoseWork(service, cmd.text, who, who.privately ? {} : { offers: ctx.offers }),
      };
    case 'mutation':
      return { kind: 'mutation', command: cmd };
    case 'audit_log':
      return { kind: 'audit', command: cmd };
    case 'ask':
      if (ctx.assistant) return { kind: 'ask', text: cmd.text };
      return {
        kind: 'work',
        work: diagnoseWork(service, cmd.text, who, {
          note: tr(
            lang,
            'No model is configured: this is the runbook analysis.',
            'モデルが設定されていないため、ランブックによる分析結果です。',
          ),
          ...(who.privately ? {} : { offers: ctx.offers }),
        }),
      };
  }
}

const unknownEnv = (lang: Lang, env: string, known: string[]): string =>
  tr(
    lang,
    `Unknown environment "${env}". Known: ${known.join(', ')}.`,
    `環境 "${env}" はありません。使える環境: ${known.join(', ')}。`,
  );

/** Runs a planned command; every answer goes through the request's message owner. Never throws. */
export async function runPlanned(
  ctx: BotContext,
  msgs: RequestMessages,
  planned: Planned,
  signal: AbortSignal,
): Promise<void> {
  const p = msgs.place;
  switch (planned.kind) {
    case 'reply':
      return msgs.notice(planned.message);
    case 'work':
      ctx.logger.info({ user: p.user, channel: p.channel, work: planned.work.label }, 'slack request');
      return runRequest(msgs, planned.work, signal, ctx.logger);
    case 'mutation':
      return requestMutation(ctx, msgs, planned.command);
    case 'audit':
      return showAudit(ctx, msgs, planned.command);
    case 'ask':
      ctx.logger.info({ user: p.user, channel: p.channel, chars: planned.text.length }, 'slack question');
      if (!ctx.assistant) return;
      return askInSlack(ctx.assistant, p, planned.text, signal);
  }
}

/** Mentions and DMs: access check, then plan and run. */
export async function dispatch(
  ctx: BotContext,
  msgs: RequestMessages,
  cmd: SlashCommand,
  signal: AbortSignal,
): Promise<void> {
  const p = msgs.place;
  const refused = refusal(await ctx.access.check(p.user, p.channel), p.lang);
  if (refused) {
    ctx.logger.info({ user: p.user, channel: p.channel }, 'slack request refused');
    return msgs.notice(refused);
  }
  const planned = planCommand(ctx, cmd, p.lang, { user: p.user, privately: p.private });
  return runPlanned(ctx, msgs, planned, signal);
}
