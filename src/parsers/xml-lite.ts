/**
 * XML of tool output (virsh dumpxml, crm_mon --output-as=xml) as a small element tree, read by saxes (a
 * maintained, conformant streaming parser) so no hand-written tokenizer backtracks on hostile input. It never
 * throws: oversized, too deep, truncated or malformed input yields the tree so far plus warnings.
 */
import { SaxesParser, type SaxesTag } from 'saxes';

export interface XmlElement {
  name: string;
  /** Null-prototype: an attribute named `__proto__` or `constructor` is just a key. */
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

/** Above the SSH layer's largest allowed output: a bigger string did not come from one command. */
export const MAX_XML_CHARS = 32 * 1024 * 1024;
/** libvirt and Pacemaker nest a handful of levels; far deeper nesting is hostile or broken, never data. */
export const MAX_XML_DEPTH = 128;
const MAX_ERRORS_QUOTED = 3;
/** Past this many errors the input is not the XML of a tool; stop rather than build an error object per byte. */
const MAX_ERRORS = 50;

class TooManyErrors extends Error {}

export function parseXml(src: string): XmlDocument {
  const warnings: string[] = [];
  if (typeof src !== 'string') return { root: null, warnings: ['no XML element found'] };
  if (src.length > MAX_XML_CHARS)
    return { root: null, warnings: [`XML is ${src.length} characters, over the ${MAX_XML_CHARS} limit`] };
  const top: XmlElement = { name: '#document', attrs: nullProto(), children: [], text: '' };
  const stack: XmlElement[] = [top];
  let skipped = 0; // open elements below MAX_XML_DEPTH, counted instead of built
  let tooDeep = false;
  let errors = 0;
  let pending = ''; // text since the last tag: kept only once a tag follows, so a cut-off tail is never read
  const flush = (): void => {
    if (skipped === 0 && pending.trim()) stack.at(-1)!.text += pending;
    pending = '';
  };
  const parser = new SaxesParser({ position: false });
  parser.on('error', (e: Error) => {
    errors += 1;
    if (errors <= MAX_ERRORS_QUOTED) warnings.push(describe(e.message));
    if (errors >= MAX_ERRORS) throw new TooManyErrors();
  });
  parser.on('text', (t: string) => {
    pending += t;
  });
  parser.on('cdata', (t: string) => {
    if (skipped === 0) stack.at(-1)!.text += t;
  });
  parser.on('opentag', (tag: SaxesTag) => {
    flush();
    if (skipped > 0 || stack.length > MAX_XML_DEPTH) {
      tooDeep = true;
      if (!tag.isSelfClosing) skipped += 1;
      return;
    }
    const el: XmlElement = { name: tag.name, attrs: copyAttrs(tag.attributes), children: [], text: '' };
    stack.at(-1)!.children.push(el);
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag: SaxesTag) => {
    flush();
    if (tag.isSelfClosing) return;
    if (skipped > 0) skipped -= 1;
    else if (stack.length > 1) stack.pop();
  });
  try {
    parser.write(src).close();
  } catch (e) {
    // saxes reports through the handler above; anything else (a bug, a stack overflow) is still a warning.
    if (!(e instanceof TooManyErrors))
      warnings.push(`XML parser stopped: ${describe((e as Error).message ?? String(e))}`);
  }
  if (errors > MAX_ERRORS_QUOTED)
    warnings.push(
      errors >= MAX_ERRORS
        ? `${MAX_ERRORS} XML errors: stopped reading`
        : `${errors - MAX_ERRORS_QUOTED} more XML error(s)`,
    );
  if (tooDeep) warnings.push(`XML nested deeper than ${MAX_XML_DEPTH} levels; the deeper part was ignored`);
  if (stack.length > 1) warnings.push(`XML ends before </${stack.at(-1)!.name}> (truncated?)`);
  for (const el of walk(top)) el.text = el.text.trim();
  const root = top.children[0] ?? null;
  if (!root) warnings.push('no XML element found');
  return { root, warnings };
}

/** saxes messages carry no input text beyond a tag name; cut anyway so a hostile name cannot flood. */
const describe = (m: string): string => `XML: ${m.replace(/[\u0000-\u001f]/g, ' ').slice(0, 120)}`;

const nullProto = (): Record<string, string> => Object.create(null) as Record<string, string>;

function copyAttrs(a: SaxesTag['attributes']): Record<string, string> {
  const out = nullProto();
  for (const [k, v] of Object.entries(a)) out[k] = typeof v === 'string' ? v : v.value;
  return out;
}

/** Depth-first, the element itself first; iterative, so no tree depth can exhaust the call stack. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  const todo: XmlElement[] = [el];
  while (todo.length) {
    const cur = todo.pop()!;
    yield cur;
    for (let i = cur.children.length - 1; i >= 0; i--) todo.push(cur.children[i]!);
  }
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
