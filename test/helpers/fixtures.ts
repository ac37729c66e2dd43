/** Locates the shared real-world command outputs (../shared/fixtures next to the repo) for parser and lab tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Mutation testing runs the tests from a sandbox copy of the repo, so it says where the fixtures are.
const fixturesDir = process.env.CLOUDOPS_FIXTURES_DIR ?? path.resolve(repoRoot, '..', 'shared', 'fixtures');

export function fixturePath(name: string): string {
  return path.resolve(fixturesDir, name);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export interface FixtureSection {
  /** The line that introduced the output: a "$ cmd" / "[root@x ~]# cmd" prompt or a "# source…" comment. */
  header: string;
  /** The output itself, newline-terminated as the tool printed it. */
  body: string;
}

// Prompts and comments that the fixture files put between outputs.
const SECTION_HEADER = /^(\$ |# |\[[^\]]*\]# |\S+@\S+:\S*# |virsh \w+ |## |<!--)/;

/** Splits a fixture file holding several outputs into its sections (empty outputs are dropped). */
export function fixtureSections(name: string): FixtureSection[] {
  const sections: FixtureSection[] = [];
  let header = '';
  let body: string[] = [];
  const flush = () => {
    while (body.length && !body[0]!.trim()) body.shift();
    while (body.length && !body.at(-1)!.trim()) body.pop();
    if (body.length) sections.push({ header, body: `${body.join('\n')}\n` });
    body = [];
  };
  for (const line of readFixture(name).split('\n')) {
    if (SECTION_HEADER.test(line)) {
      flush();
      header = line;
    } else body.push(line);
  }
  flush();
  return sections;
}

/** The one section whose header contains `marker`; throws so a renamed fixture fails the test loudly. */
export function fixtureSection(name: string, marker: string): string {
  const found = fixtureSections(name).filter((s) => s.header.includes(marker));
  if (found.length !== 1) throw new Error(`${name}: ${found.length} sections match "${marker}"`);
  return found[0]!.body;
}
