/**
 * Secrets out of everything the model reads, on top of `redactSecrets` (known values, secret keys): shapes of
 * secrets found in tool output or a question — PEM private keys, Slack/OpenAI/AWS/GitHub tokens, bearer tokens and
 * `password=…`-style pairs. Linear-time matching only (fixed prefixes, bounded classes, indexOf for PEM blocks).
 */
import { REDACTED, redactSecrets } from '../core/redact.ts';

const TOKEN_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{8,200}/g,
  /xapp-[A-Za-z0-9-]{8,200}/g,
  /sk-[A-Za-z0-9_-]{16,200}/g,
  /AKIA[0-9A-Z]{16}/g,
  /gh[pousr]_[A-Za-z0-9]{20,200}/g,
  /Bearer [A-Za-z0-9._~+/=-]{8,500}/g,
];

// The key word, a short separator, then one run of non-separator characters.
const KEY_VALUE =
  /(pass(?:word|wd)?|secret(?:[_-]?key)?|api[_-]?key|token|private[_-]?key|signature)(["']?[ \t]{0,3}[=:][ \t]{0,3}["']?)([^\s"',;&]{1,500})/gi;

function redactPem(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', from);
    if (begin < 0) break;
    const header = text.indexOf('-----', begin + 11);
    const isKey = header > 0 && header - begin < 80 && text.slice(begin, header).includes('PRIVATE KEY');
    if (!isKey) {
      out += text.slice(from, begin + 11);
      from = begin + 11;
      continue;
    }
    const end = text.indexOf('-----END ', header + 5);
    const endClose = end < 0 ? -1 : text.indexOf('-----', end + 9);
    out += `${text.slice(from, begin)}${REDACTED}`;
    from = endClose < 0 ? text.length : endClose + 5;
  }
  return out + text.slice(from);
}

/** Redacts known secret values and secret-shaped text in one string bound for the model or a log. */
export function redactText(text: string, knownSecrets: Iterable<string> = []): string {
  let out = redactPem(redactSecrets(text, knownSecrets));
  for (const p of TOKEN_PATTERNS) out = out.replace(p, REDACTED);
  return out.replace(KEY_VALUE, (_m, k: string, sep: string) => `${k}${sep}${REDACTED}`);
}
