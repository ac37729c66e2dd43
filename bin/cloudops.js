#!/usr/bin/env -S node --max-semi-space-size=2
// --max-semi-space-size=2 (MiB): a fleet sweep allocates in bursts (ssh2's JS cipher path makes a cipher object
// per packet); V8 then grows the young generation to its maximum and keeps it. Capped, a 1,000-host audit
// peaks at ~190 MiB instead of ~360 MiB, flat over repeated sweeps (bench/README.md). Keep in sync with
// package.json scripts and bench/lib/bot-client.ts.
// Entry point. Requires Node 22.18+ or 24 (type stripping); `npm ci` installs a pinned Node 24 that npm scripts and npx use.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `cloudops needs Node 22.18+ or 24 (this is ${process.version}); run it via npm scripts or npx so the pinned Node is used.\n`,
  );
  process.exit(1);
}
// `cloudops tools | head` closes the pipe early: stop quietly, as Unix tools do, instead of an EPIPE stack.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
