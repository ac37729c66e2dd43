#!/usr/bin/env node
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
