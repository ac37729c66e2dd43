/**
 * The only key to running a non-read tool. `ToolRegistry.execute` accepts an `ExecutionGrant` and nothing
 * else; a grant can only be built by the minter, which is handed out exactly once per process — and the
 * executor (src/approvals/executor.ts) claims it when it loads. Any other module asking for it throws, and
 * an object that merely looks like a grant fails the `#brand` check. A grant is bound to one step's tool
 * and input hash, and is spent on first use.
 */
import { OpsError } from '../core/errors.ts';
import { stepInputHash } from './canonical.ts';

const TOKEN = Symbol('grant');
let minterClaimed = false;

export class ExecutionGrant {
  readonly #brand = true;
  #spent = false;
  readonly requestId: string;
  readonly tool: string;
  readonly inputHash: string;

  constructor(token: symbol, requestId: string, tool: string, inputHash: string) {
    if (token !== TOKEN)
      throw new OpsError('internal', 'an execution grant is only minted by the approval executor');
    this.requestId = requestId;
    this.tool = tool;
    this.inputHash = inputHash;
  }

  /** True only for a real, unspent grant for exactly this tool and input; spends it. */
  static redeem(g: unknown, tool: string, input: unknown): boolean {
    if (typeof g !== 'object' || g === null || !(#brand in g)) return false;
    const grant = g as ExecutionGrant;
    if (grant.#spent || grant.tool !== tool || grant.inputHash !== stepInputHash(tool, input)) return false;
    grant.#spent = true;
    return true;
  }
}

export type GrantMinter = (requestId: string, tool: string, input: unknown) => ExecutionGrant;

/** Hands out the minter once; the executor takes it at load, so a second caller is a bug or an attack. */
export function claimGrantMinter(): GrantMinter {
  if (minterClaimed) throw new OpsError('internal', 'the execution grant minter was already claimed');
  minterClaimed = true;
  return (requestId, tool, input) => new ExecutionGrant(TOKEN, requestId, tool, stepInputHash(tool, input));
}
