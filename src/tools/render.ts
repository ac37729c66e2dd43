/** One way to turn any tool's envelope into text, for the CLI, files attached in Slack, and reports. */
import { reportWithTable } from './text-table.ts';
import type { Envelope, Lang, ToolDefinition, ToolTable } from './types.ts';

/** The tool's declared title in `lang`; its name when the tool is unknown or declares none. */
export function toolTitle(tool: ToolDefinition | undefined, name: string, lang: Lang): string {
  return tool?.title?.[lang] ?? name;
}

/** The tool's table for this envelope; a renderer bug degrades to "no table", never to a lost result. */
export function toolTable(
  tool: ToolDefinition | undefined,
  env: Envelope,
  lang: Lang,
): ToolTable | undefined {
  if (!tool?.table || env.data === null || env.data === undefined || env.status === 'error') return undefined;
  try {
    return tool.table(env.data as never, lang);
  } catch {
    return undefined;
  }
}

export function renderToolText(tool: ToolDefinition | undefined, env: Envelope, lang: Lang): string {
  if (env.status === 'error') return env.summary;
  if (tool?.renderText) {
    try {
      return tool.renderText(env as never, lang);
    } catch {
      // fall through to the generic rendering
    }
  }
  return reportWithTable(env, toolTable(tool, env, lang));
}
