/** Turns a parsed request into Work: call the OpsService façade, render the outcome with the Block Kit builders. */
import type { OpsService } from '../core/ops-service.ts';
import { planFromFinding } from '../runbooks/plan-from-finding.ts';
import { renderToolText, toolTable } from '../tools/render.ts';
import { runPlanBlock } from './blocks/approval-card.ts';
import { diagnosisMessage } from './blocks/diagnosis.ts';
import { envelopeMessage } from './blocks/envelope.ts';
import type { SlackMessage } from './blocks/message.ts';
import type { PlanOffers } from './plan-offers.ts';
import type { Work } from './run-request.ts';

export interface ToolRequest {
  tool: string;
  input: Record<string, string>;
  env?: string;
  label: string;
}

export interface WorkFor {
  /** Slack user id of the requester, named in the footer. */
  user: string;
  /** The answer is ephemeral: builders must not point at a file that cannot be sent. */
  privately: boolean;
}

/** Errors about what the user typed (not about the cloud) are answered to the requester only. */
const REQUESTER_ERRORS = new Set(['unknown_vm', 'unknown_host', 'unknown_environment', 'invalid_argument']);

export function toolWork(service: OpsService, req: ToolRequest, who: WorkFor): Work {
  return {
    label: req.env ? `${req.label} (${req.env})` : req.label,
    async run(opts) {
      const lang = opts.lang ?? 'en';
      const run = { ...opts, actor: { user: who.user, via: 'slack' as const } };
      const e = await service.runTool(req.tool, req.input, req.env ? { ...run, env: req.env } : run);
      // The tool's own declaration renders its table and its full text; the builders stay generic.
      const tool = service.tools().find((t) => t.name === e.tool);
      const table = toolTable(tool, e, lang);
      const message = envelopeMessage(e, {
        lang,
        requestedBy: who.user,
        fullText: renderToolText(tool, e, lang),
        privately: who.privately,
        ...(req.env ? { env: req.env } : {}),
        ...(table ? { table } : {}),
      });
      const onlyForRequester = e.status === 'error' && REQUESTER_ERRORS.has(e.error?.code ?? '');
      return { message, onlyForRequester };
    },
  };
}

const noteBlock = (note: string): SlackMessage['blocks'][number] => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: note }],
});

/** `note` (e.g. "no model is configured") is shown above the findings; `offers` adds "Run this plan". */
export function diagnoseWork(
  service: OpsService,
  text: string,
  who: WorkFor,
  opts: { note?: string; offers?: PlanOffers } = {},
): Work {
  const { note, offers } = opts;
  const short = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return {
    label: `diagnose ${short}`,
    async run(runOpts) {
      const d = await service.diagnose(text, { ...runOpts, actor: { user: who.user, via: 'slack' } });
      const built = diagnosisMessage(d, {
        lang: runOpts.lang ?? d.lang,
        requestedBy: who.user,
        privately: who.privately,
      });
      const message: SlackMessage = note
        ? {
            ...built,
            blocks: [noteBlock(note), ...built.blocks],
            text: `${note}\n${built.text}`,
          }
        : built;
      // One "Run this plan" per finding with an actionable plan (a runbook's plan = one request), while
      // the message has room (50 blocks, with the file note).
      const env = runOpts.env ?? service.environments()[0]?.name;
      const plans = d.findings.map(planFromFinding).filter((p) => p.steps.length);
      if (offers && env && plans.length && message.blocks.length < 48) {
        const buttons: { id: string; title: string; steps: number }[] = [];
        for (const p of plans.slice(0, 5))
          buttons.push({ id: await offers.offer({ env, ...p }), title: p.title, steps: p.steps.length });
        message.blocks.push(runPlanBlock(buttons, runOpts.lang ?? d.lang));
      }
      return { message };
    },
  };
}
