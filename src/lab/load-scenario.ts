/** Finds and validates a scenario: a bundled name (lab/scenarios/<name>.yaml) or a path to a YAML file. */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { OpsError } from '../core/errors.ts';
import { type Scenario, scenarioSchema } from './scenario.ts';

export const SCENARIO_DIR = fileURLToPath(new URL('../../lab/scenarios/', import.meta.url));

export const bundledScenarios = (): string[] =>
  readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();

export async function loadScenario(nameOrPath: string): Promise<Scenario> {
  const isName = /^[A-Za-z0-9_-]+$/.test(nameOrPath);
  const path = isName ? `${SCENARIO_DIR}${nameOrPath}.yaml` : nameOrPath;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new OpsError(
      'invalid_argument',
      `no scenario "${nameOrPath}" (bundled: ${bundledScenarios().join(', ')})`,
    );
  }
  const r = scenarioSchema.safeParse(parse(text));
  if (!r.success)
    throw new OpsError(
      'config_invalid',
      r.error.issues.map((i) => `${path}: ${i.path.join('.')}: ${i.message}`).join('\n'),
    );
  return r.data;
}
