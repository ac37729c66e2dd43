/** Builds LabWorlds from the shipped scenario YAML for the DB tests, so seeds follow the lab's own data. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type Scenario, scenarioSchema } from '../../src/lab/scenario.ts';
import { LabWorld } from '../../src/lab/world.ts';

export function loadScenario(name: string): Scenario {
  const text = readFileSync(new URL(`../../lab/scenarios/${name}.yaml`, import.meta.url), 'utf8');
  return scenarioSchema.parse(parse(text));
}

export const memoryCapWorld = (): LabWorld => new LabWorld(loadScenario('memory-cap'));
