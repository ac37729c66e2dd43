/** The system prompt lives in prompts/system.md so operators can read (and review changes to) exactly what the model is told. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const SYSTEM_PROMPT_PATH = fileURLToPath(new URL('../../prompts/system.md', import.meta.url));

export async function loadSystemPrompt(path = SYSTEM_PROMPT_PATH): Promise<string> {
  return (await readFile(path, 'utf8')).trim();
}
