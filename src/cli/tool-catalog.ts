/**
 * The tools the CLI can describe without a cloud: the registry's built-in declarations, plus operator YAML
 * tools when a tools directory is known (--tools-dir, or toolsDir of --config / $CLOUDOPS_CONFIG).
 */
import { loadConfig } from '../config/load.ts';
import { builtinTools } from '../tools/builtin.ts';
import { ToolRegistry } from '../tools/registry.ts';
import type { ToolDefinition } from '../tools/types.ts';
import { loadYamlTools } from '../tools/yaml/load-yaml-tools.ts';
import type { CliIo } from './io.ts';

export async function toolCatalog(
  flags: { config?: string; toolsDir?: string },
  io: CliIo,
): Promise<ToolDefinition[]> {
  const registry = new ToolRegistry(builtinTools());
  let dir = flags.toolsDir;
  const configPath = flags.config ?? io.env.CLOUDOPS_CONFIG;
  if (!dir && configPath) dir = (await loadConfig(configPath, io.env)).config.toolsDir;
  if (dir) for (const t of await loadYamlTools(dir)) registry.add(t);
  return registry.list();
}
