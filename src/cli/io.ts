/** Where the CLI writes, injectable so tests read what a person would see. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Raw stderr writes for a progress line rewritten in place; set only when stderr is a terminal. */
  errTty?: (raw: string) => void;
  /** stdout is a terminal (colour may be used there unless NO_COLOR / --no-color). */
  outIsTty?: boolean;
  /** Set by `main` from --no-color, NO_COLOR, FORCE_COLOR and whether stdout is a terminal. */
  color?: boolean;
  /** --quiet: no progress line. */
  quiet?: boolean;
}

export const defaultIo = (): CliIo => ({
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
  errTty: process.stderr.isTTY ? (raw) => process.stderr.write(raw) : undefined,
  outIsTty: process.stdout.isTTY === true,
});
