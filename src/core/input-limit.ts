/** How much text from outside (Slack, CLI) the bot will read at all: checked at every surface before parsing. */

/**
 * A request is a command or a short incident description. Slack allows 40,000 characters; nothing an operator
 * types needs more than this, and a cap here keeps every parser's worst case small.
 */
export const MAX_REQUEST_CHARS = 4000;

/** Longest single CLI argument (a diagnose sentence, a tool value). */
export const MAX_CLI_ARG_CHARS = MAX_REQUEST_CHARS;

/** Why `text` is refused before parsing (bilingual reason is built by the surface), or undefined when it fits. */
export function oversize(text: string, max = MAX_REQUEST_CHARS): { length: number; max: number } | undefined {
  return text.length > max ? { length: text.length, max } : undefined;
}
