// Entry point of `npm run bench -- NAME`: runs one benchmark, which prints its figures for people
// and ends with exactly one JSON line of them.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A benchmark module exports `run(args)`; it prints its own report and returns the figures. */
export interface Benchmark {
  run(args: readonly string[]): Promise<Record<string, unknown>>;
}

function available(): string[] {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bench.js'))
    .map((f) => f.slice(0, -'.bench.js'.length))
    .sort();
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const names = available();
  if (name === undefined || !names.includes(name)) {
    process.stderr.write(
      `usage: npm run bench -- NAME [args]\nbenchmarks: ${names.length > 0 ? names.join(', ') : '(none yet)'}\n`,
    );
    return name === undefined ? 1 : 2;
  }
  const mod = (await import(`./${name}.bench.js`)) as Benchmark;
  const figures = await mod.run(args);
  process.stdout.write(`${JSON.stringify({ bench: name, ...figures })}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
