/** Turns a parsed request into Work: call the OpsService façade, render the outcome with the Block Kit builders. */
import type { OpsService } from '../core/ops-service.ts';
import { renderToolText, toolTable, toolTitle } from '../tools/render.ts';
import { diagnosisMessage } from './blocks/diagnosis.ts';
import { envelopeMessage } from './blocks/envelope.ts';
import { SEVERITY_ICON, SEVERITY_ORDER, STATUS_ICON } from './blocks/icons.ts';
import type { Work } from './run-request.ts';

export interface ToolRequest {
  tool: string;
  input: Record<string, string>;
  env?: string;
  label: string;
}

export function toolWork(service: OpsService, req: ToolRequest, requestedBy: string): Work {
  return {
    label: req.env ? `${req.label} (${req.env})` : req.label,
    async run(opts) {
      const lang = opts.lang ?? 'en';
      const e = await service.runTool(req.tool, req.input, req.env ? { ...opts, env: req.env } : opts);
      // The tool's own declaration renders its table and its full text; the builders stay generic.
      const tool = service.tools().find((t) => t.name === e.tool);
      const table = toolTable(tool, e, lang);
      const message = envelopeMessage(e, {
        lang,
        title: toolTitle(tool, e.tool, lang),
        requestedBy,
        fullText: renderToolText(tool, e, lang),
        ...(req.env ? { env: req.env } : {}),
        ...(table ? { table } : {}),
      });
      const icon = e.status === 'ok' && e.warnings.length ? ':warning:' : STATUS_ICON[e.status];
      return { message, icon, headline: e.summary };
    },
  };
}

export function diagnoseWork(service: OpsService, text: string, requestedBy: string): Work {
  const short = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return {
    label: `diagnose ${short}`,
    async run(opts) {
      const d = await service.diagnose(text, opts);
      const message = diagnosisMessage(d, { lang: opts.lang ?? d.lang, requestedBy });
      const worst = [...d.findings].sort(
        (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
      )[0];
      return {
        message,
        icon: SEVERITY_ICON[worst?.severity ?? 'ok'],
        headline: worst ? worst.title : message.text,
      };
    },
  };
}
