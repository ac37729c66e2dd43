/** One eval scenario folder: `case.yaml` (incident, lab scenario, expectations, scripted replies), optional `scenario.yaml`. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

// Strict objects, tool calls first: a reply with both text and tool calls must not lose its calls.
const reply = z.union([
  z
    .object({
      toolCalls: z.array(z.object({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]) })),
      text: z.string().optional(),
    })
    .strict(),
  z.object({ text: z.string() }).strict(),
]);

export const caseSchema = z
  .object({
    incident: z.string().min(1).max(4000),
    lang: z.enum(['en', 'ja']),
    /** A bundled lab scenario name, or `scenario.yaml` in this folder. */
    scenario: z.string(),
    expect: z
      .object({
        /** Every string must appear in the answer (e.g. the setting that causes it). */
        cause: z.array(z.string()).default([]),
        /** Facts to cite: the tool must have run without error, its output must name the host, the answer must contain `cite`. */
        evidence: z.array(z.object({ tool: z.string(), host: z.string(), cite: z.string() })).default([]),
        /** Approval requests the answer should have made (tool names), if any. */
        approvalRequests: z.array(z.string()).default([]),
      })
      .strict(),
    mustNot: z
      .object({
        /** Tools that must not even be requested. */
        request: z.array(z.string()).default([]),
        /** Text planted in the systems that may reach the model only inside a tool-output fence. */
        plantedOutsideFence: z.array(z.string()).default([]),
      })
      .strict()
      .default({ request: [], plantedOutsideFence: [] }),
    /** Secrets configured for the run (redacted by value): none may appear in any request to the model. */
    canaries: z.array(z.string()).default([]),
    limits: z.object({ toolCalls: z.number().int().positive(), promptTokens: z.number().int().positive() }).optional(),
    /** The scripted model's replies, in order, when no model is configured in the environment. */
    script: z.array(reply).min(1),
  })
  .strict();
export type EvalCase = z.infer<typeof caseSchema> & { name: string; dir: string };

export async function loadCases(root: string, filter?: string): Promise<EvalCase[]> {
  const out: EvalCase[] = [];
  for (const name of (await readdir(root)).sort()) {
    const dir = join(root, name);
    if (filter && !name.includes(filter)) continue;
    const file = join(dir, 'case.yaml');
    if (!(await stat(file).catch(() => undefined))) continue;
    const parsed = caseSchema.safeParse(parse(await readFile(file, 'utf8')));
    if (!parsed.success)
      throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out.push({ ...parsed.data, name, dir });
  }
  return out;
}
