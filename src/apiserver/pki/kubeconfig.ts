import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { KubeconfigError } from './errors.js';
import { secretFileMode, writeFileAtomic } from './files.js';
import { type Kubeconfig, kubeconfigFromObject } from './kubeconfig-parse.js';

/** Input of {@link writeKubeconfig}: one cluster, one user with a client certificate, one context. */
export interface KubeconfigOptions {
  /** The API server URL, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  readonly caPEM: string;
  readonly certPEM: string;
  readonly keyPEM: string;
  /** Default `kite`. */
  readonly cluster?: string;
  /** Default `kite-admin`. */
  readonly user?: string;
  /** Default `kite`; also the current-context. */
  readonly context?: string;
}

/**
 * The kubeconfig text kubectl itself would write for these credentials (keys in kubectl's order,
 * certificate data inline as base64). Pure; throws KubeconfigError on an empty name, a server that
 * is not an http(s) URL, or PEM inputs without PEM data.
 */
export function formatKubeconfig(opts: KubeconfigOptions): string {
  const cluster = nonEmpty(opts.cluster ?? 'kite', 'cluster');
  const user = nonEmpty(opts.user ?? 'kite-admin', 'user');
  const context = nonEmpty(opts.context ?? 'kite', 'context');
  let url: URL;
  try {
    url = new URL(opts.server);
  } catch {
    throw new KubeconfigError(`server ${JSON.stringify(opts.server)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError(`server ${JSON.stringify(opts.server)} must be an http or https URL`);
  }
  const doc = {
    apiVersion: 'v1',
    clusters: [
      {
        cluster: { 'certificate-authority-data': pemData(opts.caPEM, 'caPEM'), server: opts.server },
        name: cluster,
      },
    ],
    contexts: [{ context: { cluster, user }, name: context }],
    'current-context': context,
    kind: 'Config',
    preferences: {},
    users: [
      {
        name: user,
        user: {
          'client-certificate-data': pemData(opts.certPEM, 'certPEM'),
          'client-key-data': pemData(opts.keyPEM, 'keyPEM'),
        },
      },
    ],
  };
  // Base64 lines are long; folding them would still parse but kubectl never folds.
  return stringify(doc, { lineWidth: 0 });
}

/**
 * Writes {@link formatKubeconfig}'s text to `path` atomically with mode 0600 (the parent directory
 * must exist). Idempotent for equal input. Throws KubeconfigError for invalid input, fs errors as they come.
 */
export async function writeKubeconfig(path: string, opts: KubeconfigOptions): Promise<void> {
  await writeFileAtomic(path, formatKubeconfig(opts), secretFileMode);
}

/**
 * Reads and parses a kubeconfig file. Throws KubeconfigError (`error loading config file "<path>": …`)
 * when it cannot be read or is malformed.
 */
export async function readKubeconfig(path: string): Promise<Kubeconfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`error loading config file ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
  return parseKubeconfig(text, path);
}

/**
 * Parses kubeconfig YAML (or JSON) text as client-go loads it: unknown fields are ignored, an empty
 * document is an empty config, wrong types, duplicate names and bad base64 are errors. Pure; throws
 * KubeconfigError prefixed with `error loading config file "<source>": `.
 */
export function parseKubeconfig(text: string, source = 'kubeconfig'): Kubeconfig {
  const prefix = `error loading config file ${JSON.stringify(source)}: `;
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: false });
  } catch (e) {
    throw new KubeconfigError(prefix + `yaml: ${(e as Error).message}`);
  }
  try {
    return kubeconfigFromObject(raw);
  } catch (e) {
    if (e instanceof KubeconfigError) throw new KubeconfigError(prefix + e.message);
    throw e;
  }
}

function nonEmpty(name: string, what: string): string {
  if (name === '') throw new KubeconfigError(`${what} name must not be empty`);
  return name;
}

function pemData(pem: string, what: string): string {
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(pem)) throw new KubeconfigError(`${what}: no PEM data found`);
  return Buffer.from(pem, 'utf8').toString('base64');
}
