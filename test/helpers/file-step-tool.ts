/**
 * A mutating test tool that records each real execution as a line in a file, so executions are counted
 * across processes (and survive a kill -9). Labels listed in `hang` never finish: the process is killed mid-step.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ToolDefinition } from '../../src/tools/types.ts';

export const readRuns = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

export function fileStepTool(
  runsFile: string,
  opts: { hang?: string[]; onStart?: (label: string) => void } = {},
): ToolDefinition {
  return {
    name: 'file_step',
    description: 'test only: appends its label to a file',
    input: z.object({ label: z.string().regex(/^[a-z0-9-]{1,32}$/) }),
    risk: 'mutate',
    async run(input) {
      const { label } = input as { label: string };
      appendFileSync(runsFile, `${label}\n`);
      opts.onStart?.(label);
      if (opts.hang?.includes(label)) await new Promise(() => {});
      return { data: { label }, summary: `${label} written` };
    },
    async verify(input) {
      const { label } = input as { label: string };
      const seen = readRuns(runsFile).includes(label);
      return { ok: seen, text: seen ? `${label} is in the file` : `${label} is not in the file` };
    },
  };
}
