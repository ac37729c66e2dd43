/**
 * A small, strict-enough XML tokenizer for tool output (virsh dumpxml, crm_mon --output-as=xml), so no XML
 * dependency is needed. It never throws: truncated or mismatched input yields the tree so far plus warnings.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element, entity-decoded and trimmed. */
  text: string;
}

export interface XmlDocument {
  /** First top-level element, or null when none was found. */
  root: XmlElement | null;
  warnings: string[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

const ATTR = /([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const TAG = /^<\s*(\/?)\s*([A-Za-z_:][-\w:.]*)([^>]*?)(\/?)\s*>$/;

export function parseXml(src: string): XmlDocument {
  const warnings: string[] = [];
  const top: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [top];
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt === -1 ? src.length : lt;
    if (textEnd > i) appendText(stack.at(-1)!, src.slice(i, textEnd));
    if (lt === -1) break;
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      if (end === -1) {
        warnings.push('XML ends inside a comment (truncated?)');
        break;
      }
      i = end + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', lt)) {
      const end = src.indexOf(']]>', lt);
      if (end === -1) {
        warnings.push('XML ends inside CDATA (truncated?)');
        break;
      }
      stack.at(-1)!.text += src.slice(lt + 9, end);
      i = end + 3;
      continue;
    }
    const gt = src.indexOf('>', lt);
    if (gt === -1) {
      warnings.push('XML ends inside a tag (truncated?)');
      break;
    }
    i = gt + 1;
    const raw = src.slice(lt, gt + 1);
    if (raw.startsWith('<?') || raw.startsWith('<!')) continue;
    const m = TAG.exec(raw);
    if (!m) {
      warnings.push(`malformed XML tag ${raw.slice(0, 40)}`);
      continue;
    }
    const [, closing, name = '', attrText = '', selfClose] = m;
    if (closing) {
      const idx = findOpen(stack, name);
      if (idx < 0) {
        warnings.push(`unexpected closing tag </${name}>`);
        continue;
      }
      if (idx !== stack.length - 1) warnings.push(`unclosed <${stack.at(-1)!.name}> before </${name}>`);
      stack.length = idx;
      continue;
    }
    const el: XmlElement = { name, attrs: parseAttrs(attrText), children: [], text: '' };
    stack.at(-1)!.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length > 1) warnings.push(`XML ends before </${stack.at(-1)!.name}> (truncated?)`);
  for (const el of walk(top)) el.text = el.text.trim();
  const root = top.children[0] ?? null;
  if (!root) warnings.push('no XML element found');
  return { root, warnings };
}

function appendText(el: XmlElement, raw: string): void {
  if (raw.trim()) el.text += decodeEntities(raw);
}

function findOpen(stack: XmlElement[], name: string): number {
  for (let k = stack.length - 1; k > 0; k--) if (stack[k]!.name === name) return k;
  return -1;
}

function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(ATTR)) out[m[1]!] = decodeEntities(m[2] ?? m[3] ?? '');
  return out;
}

/** Depth-first, the element itself first. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

export const child = (el: XmlElement | null | undefined, name: string): XmlElement | undefined =>
  el?.children.find((c) => c.name === name);

export const childrenNamed = (el: XmlElement | null | undefined, name: string): XmlElement[] =>
  el?.children.filter((c) => c.name === name) ?? [];

/** "true"/"false" attribute as boolean, undefined when absent or anything else. */
export function boolAttr(el: XmlElement, name: string): boolean | undefined {
  const v = el.attrs[name];
  return v === 'true' ? true : v === 'false' ? false : undefined;
}
