/**
 * Turns YAML problems of the config file into lines that name the file, line and key path but never quote
 * the document: an unquoted secret such as `secretKey: *abc` is parsed as an alias, and the yaml library's
 * own message would print the "anchor" name — the secret.
 */
import { type Document, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, visit } from 'yaml';

type Ancestor = Document | Node | Pair;

/** Key path of `node` under `path` (visit's ancestors): `environments[0].cloudstack.secretKey`. */
function keyPath(path: readonly Ancestor[], node: Node): (string | number)[] {
  const keys: (string | number)[] = [];
  const chain: Ancestor[] = [...path, node];
  for (const [i, a] of chain.entries()) {
    const next = chain[i + 1];
    if (isPair(a) && next !== a.key) keys.push(isScalar(a.key) ? String(a.key.value) : '?');
    if (isSeq(a) && next !== undefined) keys.push(a.items.indexOf(next as Node));
  }
  return keys;
}

/** Every alias without an anchor, as "line N: key path: …" (no alias name: it may be the secret). */
export function unresolvedAliases(
  doc: Document,
  lines: LineCounter,
  format: (keys: (string | number)[]) => string,
): string[] {
  const out: string[] = [];
  visit(doc, {
    Alias(_key, node, path) {
      if (node.resolve(doc) !== undefined) return;
      const at = node.range ? ` at line ${lines.linePos(node.range[0]).line}` : '';
      out.push(
        `YAML error${at}: ${format(keyPath(path, node))}: a value starting with "*" is read as an alias to an anchor that does not exist; quote the value`,
      );
    },
  });
  return out;
}

export { LineCounter };
