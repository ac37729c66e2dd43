/**
 * The sshd ForceCommand: answers the exact command lines the bot (quoted argv) and operators (plain words) send,
 * by `cat`-ing pre-rendered outputs. It never evaluates the requested command; anything else is refused.
 * The bot's persistent reader program (READER_PROGRAM, src/ssh/reader-program.ts) is recognised by byte equality
 * and run from our own copy of it, as on a real host, with a fake `virsh` first in PATH that `cat`s the same
 * pre-rendered output: per request the bot's sessions pay a fork, the `virsh` script and `cat`, as the others do.
 */
import { READER_PROGRAM } from '../../src/ssh/reader-program.ts';

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

/** Files beside responder.sh: the reader program as written by the bot, and the fake `virsh` it finds first. */
export function readerFiles(dir: string): { path: string; text: string; mode: number }[] {
  checkDir(dir);
  return [
    { path: `${dir}/reader.sh`, text: READER_PROGRAM.text, mode: 0o644 },
    {
      path: `${dir}/fakebin/virsh`,
      text: `#!/bin/sh
# cloudops-bot fleet-audit benchmark: the only virsh call the bot's reader makes here.
[ "$*" = 'domstats --balloon --state' ] && exec cat '${dir}/domstats.txt'
echo "bench host: virsh $* not simulated" >&2
exit 127
`,
      mode: 0o755,
    },
  ];
}

function checkDir(dir: string): void {
  if (!/^[A-Za-z0-9._/-]+$/.test(dir)) throw new Error(`unexpected characters in temp dir ${dir}`);
}

/** POSIX single quotes: the program text is compared byte for byte, never run from the request. */
const shQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** A POSIX sh script; `dir` is our own mkdtemp path, checked to be quote-free before it is embedded. */
export function responderScript(dir: string): string {
  checkDir(dir);
  const alt = (lines: string[]) => lines.map((l) => `"${l}"`).join('|');
  return `#!/bin/sh
# cloudops-bot fleet-audit benchmark: a simulated KVM host. Dispatches on the requested command, never evals it.
if [ "$SSH_ORIGINAL_COMMAND" = ${shQuote(READER_PROGRAM.text)} ]; then
  PATH='${dir}/fakebin':"$PATH" exec /bin/sh '${dir}/reader.sh'
fi
case "$SSH_ORIGINAL_COMMAND" in
  ${alt(DOMSTATS_LINES)}) exec cat '${dir}/domstats.txt' ;;
  ${alt(MEMINFO_LINES)}) exec cat '${dir}/meminfo.txt' ;;
  "${COMBINED_LINE}") exec cat '${dir}/domstats.txt' '${dir}/meminfo.txt' ;;
  *) echo "bench host: command not simulated" >&2; exit 127 ;;
esac
`;
}
