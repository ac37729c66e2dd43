/**
 * `npm run eval [-- --filter NAME] [-- --verbose]`: every scenario folder under evals/ against the lab, with the
 * model from OPENAI_BASE_URL / OPENAI_MODEL / OPENAI_API_KEY, or the scripted model when none is set. Prints pass/fail,
 * tool calls and prompt tokens (counted with a real tokenizer over what was sent) per scenario and in total.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCases } from './lib/case.ts';
import { type CaseResult, runCase, type Upstream } from './lib/run-case.ts';

const { values } = parseArgs({ options: { filter: { type: 'string' }, verbose: { type: 'boolean' } } });
const root = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;
const upstream: Upstream | undefined =
  env.OPENAI_MODEL && (env.OPENAI_BASE_URL || env.OPENAI_API_KEY)
    ? { baseURL: env.OPENAI_BASE_URL || 'https://api.openai.com/v1', apiKey: env.OPENAI_API_KEY || 'not-needed', model: env.OPENAI_MODEL }
    : undefined;

console.log(upstream ? `model: ${upstream.model} at ${new URL(upstream.baseURL).host}` : 'model: scripted (set OPENAI_MODEL and OPENAI_BASE_URL to evaluate a real one)');
const results: CaseResult[] = [];
for (const c of await loadCases(root, values.filter)) {
  let r: CaseResult;
  try {
    r = await runCase(c, upstream);
  } catch (e) {
    r = { name: c.name, pass: false, toolCalls: 0, promptTokens: 0, checks: [{ name: 'ran', ok: false, detail: String(e) }], answer: '' };
  }
  results.push(r);
  console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(28)} tool calls ${String(r.toolCalls).padStart(2)}  prompt tokens ${String(r.promptTokens).padStart(6)}`);
  for (const ch of r.checks) if (!ch.ok || values.verbose) console.log(`      ${ch.ok ? '✔' : '✖'} ${ch.name}${ch.detail ? ` (${ch.detail})` : ''}`);
  if (values.verbose) console.log(`      answer: ${r.answer.replaceAll('\n', '\n              ')}`);
}
const passed = results.filter((r) => r.pass).length;
const calls = results.reduce((n, r) => n + r.toolCalls, 0);
const tokens = results.reduce((n, r) => n + r.promptTokens, 0);
console.log(`total: ${passed}/${results.length} passed, ${calls} tool calls, ${tokens} prompt tokens`);
process.exitCode = passed === results.length && results.length > 0 ? 0 : 1;
