/**
 * Worker body for the linear-time test: runs named parsers on hostile 100 kB inputs, posting each name when done.
 * Run in a worker thread so a quadratic regex can be stopped at a deadline instead of hanging the suite.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EnvironmentConfig } from '../../src/config/schema.ts';
import { detectLang } from '../../src/i18n/detect.ts';
import { parseCorosyncQuorum } from '../../src/parsers/corosync-quorum.ts';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { looksLikeHtml } from '../../src/parsers/input.ts';
import { parseVirshDominfo } from '../../src/parsers/virsh-dominfo.ts';
import { parseVirshDomstats } from '../../src/parsers/virsh-domstats.ts';
import { parseDomainXmlMemory } from '../../src/parsers/virsh-dumpxml.ts';
import { parseVirshList } from '../../src/parsers/virsh-list.ts';
import { parseXml } from '../../src/parsers/xml-lite.ts';
import { classifyTarget } from '../../src/runbooks/intent.ts';
import { isStorageMoveQuestion } from '../../src/runbooks/storage-move-intent.ts';
import { parseSlashText, splitWords } from '../../src/slack/command-parse.ts';
import { commandFromText } from '../../src/slack/listeners/events/text-request.ts';
import { vmNameProblem } from '../../src/tools/cloudstack/vm-name.ts';

/** 100 kB: at this size a quadratic scan takes minutes, a linear one milliseconds. */
export const N = 100_000;
const rep = (s: string): string => s.repeat(Math.ceil(N / s.length)).slice(0, N);
const env = { name: 'lab', hosts: [] } as unknown as EnvironmentConfig;

/** Each shape is aimed at one regex or scanner that was (or could be) super-linear. */
export const CASES: Record<string, () => unknown> = {
  'slash: diagnose a<spaces>b': () => parseSlashText(`diagnose a${' '.repeat(N)}b`),
  'slash: trailing "private" after spaces': () => parseSlashText(`diagnose ${rep(' x')} private`),
  'mention: spaces then text': () => commandFromText(`a${' '.repeat(N)}b`),
  'lang: many "<" without ">"': () => detectLang(rep('<')),
  'lang: "<a" repeated': () => detectLang(rep('<a ')),
  'intent: long digit run': () => classifyTarget(`${rep('1')}x`, env),
  'intent: digits and spaces': () => classifyTarget(rep('1 '), env),
  'html check: many <body without close': () => looksLikeHtml(`x${rep('<body ')}`),
  'virsh list: spaces inside a row': () => parseVirshList(`1 a b${' '.repeat(N)}x\n`),
  'dominfo: spaces before a value end': () => parseVirshDominfo(`Id: x${' '.repeat(N)}y\n`),
  'corosync: spaces inside a value': () => parseCorosyncQuorum(`Quorate: x${' '.repeat(N)}y\n`),
  'domstats: dotted key without "="': () => parseVirshDomstats(`Domain: 'a'\n  a${rep('.a')}\n`),
  'xml: long tag of attributes': () => parseXml(`<a${rep(' b="c"')}`),
  'xml: "<" repeated': () => parseXml(rep('<')),
  'xml: spaces inside one long tag': () => parseXml(`<a${' '.repeat(N)}x>`),
  'xml: unclosed tags': () => parseXml(rep('<x>')),
  'xml: deep nesting (dumpxml)': () => parseDomainXmlMemory(`<domain>${rep('<a>')}</domain>`),
  'xml: deep nesting (crm_mon)': () => parseCrmMonXml(`<pacemaker-result>${rep('<a>')}`),
  'xml: entities': () => parseXml(`<a>${rep('&constructor;&amp;')}</a>`),
  'storage move: verb stems without a storage word': () => isStorageMoveQuestion(rep('mov migrat chan')),
  'storage move: storage words without a verb': () => isStorageMoveQuestion(rep('pool ストレージ ')),
  'slash: an unclosed quote over spaces': () => splitWords(`vm "${rep('a ')}`),
  'slash: a sentence of unknown words': () => parseSlashText(rep('ウェブ web ')),
  'vm name: zero-width and bidi characters': () => vmNameProblem(rep('a\u200b\u202e')),
};

// Runs the named cases in order, reporting each as it finishes, so the parent can time each one.
if (parentPort && Array.isArray(workerData?.names)) {
  for (const name of workerData.names as string[]) {
    const run = CASES[name];
    if (!run) throw new Error(`no case ${name}`);
    run();
    parentPort.postMessage(name);
  }
}
