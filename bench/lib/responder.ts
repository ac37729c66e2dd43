/**
 * The sshd ForceCommand: answers the exact command lines the bot (quoted argv) and operators (plain words) send,
 * by `cat`-ing pre-rendered outputs. It never evaluates the requested command; anything else is refused.
 */

/** The bot's quoteArgv form and the operator tools' plain form of each command. */
export const DOMSTATS_LINES = [
  "'virsh' 'domstats' '--balloon' '--state'",
  'virsh domstats --balloon --state',
];
export const MEMINFO_LINES = ["'cat' '/proc/meminfo'", 'cat /proc/meminfo'];
/** What the operator tools send: both commands in one session, as the peer note measured. */
export const COMBINED_LINE = 'virsh domstats --balloon --state; cat /proc/meminfo';
/** What fleet_memory_audit runs (one `virsh domstats` per host), in the operators' plain form. */
export const AUDIT_LINE = DOMSTATS_LINES[1] as string;

/** A POSIX sh script; `dir` is our own mkdtemp path, checked to be quote-free before it is embedded. */
export function responderScript(dir: string): string {
  if (!/^[A-Za-z0-9._/-]+$/.test(dir)) throw new Error(`unexpected characters in temp dir ${dir}`);
  const alt = (lines: string[]) => lines.map((l) => `"${l}"`).join('|');
  return `#!/bin/sh
# cloudops-bot fleet-audit benchmark: a simulated KVM host. Dispatches on the requested command, never evals it.
case "$SSH_ORIGINAL_COMMAND" in
  ${alt(DOMSTATS_LINES)}) exec cat '${dir}/domstats.txt' ;;
  ${alt(MEMINFO_LINES)}) exec cat '${dir}/meminfo.txt' ;;
  "${COMBINED_LINE}") exec cat '${dir}/domstats.txt' '${dir}/meminfo.txt' ;;
  *) echo "bench host: command not simulated" >&2; exit 127 ;;
esac
`;
}
