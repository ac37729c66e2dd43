/**
 * The one remote program a persistent reader session runs: a constant POSIX `sh` loop, built once at module load
 * from the declared commands that opt in (`persistent: true`, no arguments). Each request line names a branch by
 * a fixed selector and carries a bot-made nonce; the loop runs that branch's already-quoted argv and ends its
 * stdout and stderr with `@@cloudops-end <nonce> <status>`. Nothing received is ever evaluated: the selector is
 * matched by `case` against constants and the nonce is refused unless it is lowercase hex.
 */
import { OpsError } from '../core/errors.ts';
import { COMMANDS } from './commands.ts';
import { quoteArgv } from './quote.ts';
import type { CommandSpec } from './types.ts';

/** The program's first stdout line: proof that this host runs the loop (a ForceCommand would not print it). */
export const READY_LINE = '@@cloudops-reader-ready 1';
/** Followed by `<nonce> <status>\n` at the end of each request's stdout and stderr. */
export const END_TAG = '@@cloudops-end ';
export const SELECTOR_PATTERN = /^[a-z0-9_]+$/;
/** 128 random bits: a command's own output cannot contain the end marker by accident. */
export const NONCE_PATTERN = /^[0-9a-f]{32}$/;
/** Exit status of the loop when a request line is not `<selector> <hex nonce>` (it then stops reading). */
export const BAD_REQUEST_EXIT = 2;

export interface ReaderProgram {
  /** The exact text sent as the exec command; the lab and the benchmark recognise it by equality. */
  readonly text: string;
  /** The selector of a spec that is part of the program (by object identity), else undefined. */
  selectorOf(spec: object): string | undefined;
  /** The argv a selector runs (for the lab host that emulates the loop). */
  argvOf(selector: string): readonly string[] | undefined;
}

/** `virsh.domstats` → `virsh_domstats`: selectors are plain words the remote `case` can match literally. */
export function selectorFor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]/g, '_');
}

export function buildReaderProgram(specs: readonly CommandSpec<unknown>[]): ReaderProgram {
  const bySpec = new Map<object, string>();
  const bySelector = new Map<string, readonly string[]>();
  const branches: string[] = [];
  for (const spec of specs) {
    if (!spec.persistent) continue;
    if (!spec.schema.safeParse({}).success)
      throw new OpsError('config_invalid', `command "${spec.id}": persistent but needs arguments`);
    const argv = Object.freeze(spec.argv({}));
    const selector = selectorFor(spec.id);
    if (!SELECTOR_PATTERN.test(selector) || bySelector.has(selector))
      throw new OpsError('config_invalid', `command "${spec.id}": selector "${selector}" is not unique`);
    bySpec.set(spec, selector);
    bySelector.set(selector, argv);
    // stdin from /dev/null: a program that reads stdin must never swallow the next request line.
    branches.push(`    ${selector}) ${quoteArgv(argv)} </dev/null ;;`);
  }
  const text = [
    `printf '%s\\n' '${READY_LINE}'`,
    `while IFS=' ' read -r s n; do`,
    `  case "$n" in ''|*[!0-9a-f]*) exit ${BAD_REQUEST_EXIT} ;; esac`,
    `  case "$s" in`,
    ...branches,
    `    *) exit ${BAD_REQUEST_EXIT} ;;`,
    `  esac`,
    `  r=$?`,
    `  printf '${END_TAG}%s %s\\n' "$n" "$r" >&2`,
    `  printf '${END_TAG}%s %s\\n' "$n" "$r"`,
    `done`,
  ].join('\n');
  return {
    text,
    selectorOf: (spec) => bySpec.get(spec),
    argvOf: (selector) => bySelector.get(selector),
  };
}

/** Built once from the built-in catalog; operator YAML tools never opt in (they are not in COMMANDS). */
export const READER_PROGRAM: ReaderProgram = buildReaderProgram(
  Object.values(COMMANDS) as unknown as CommandSpec<unknown>[],
);
