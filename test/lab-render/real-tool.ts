/**
 * Gate for conformance tests that compare with a real tool (virsh, crm_mon): they run when the tool is
 * installed, skip with a loud warning otherwise, and fail instead under CLOUDOPS_REQUIRE_TOOLS=1 (CI).
 */
import { execFileSync } from 'node:child_process';
import { describe, it } from 'vitest';

const REQUIRED = process.env.CLOUDOPS_REQUIRE_TOOLS === '1';

export function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function describeWithTool(tool: string, pkg: string, name: string, body: () => void): void {
  if (hasTool(tool)) {
    describe(name, body);
    return;
  }
  if (REQUIRED) {
    describe(name, () => {
      it(`needs ${tool} (CLOUDOPS_REQUIRE_TOOLS=1)`, () => {
        throw new Error(`${tool} is not installed: apt-get install -y ${pkg}`);
      });
    });
    return;
  }
  console.warn(
    `\n  ${tool} not found: conformance tests "${name}" SKIPPED (apt-get install -y ${pkg}; CLOUDOPS_REQUIRE_TOOLS=1 makes this a failure)\n`,
  );
  describe.skip(name, body);
}

/** Runs a real tool with an argv (never a shell string) and returns stdout, stderr and the exit code. */
export function runTool(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): { stdout: string; stderr: string; code: number } {
  try {
    const stdout = execFileSync(file, args, {
      env: { ...process.env, ...env, LC_ALL: 'C', TZ: 'UTC' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; status?: number };
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.status ?? -1 };
  }
}
