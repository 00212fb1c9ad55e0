import { BugError } from '../../apimachinery/errors/index.js';
import { KUBERNETES_VERSION, kiteVersion } from '../../version.js';

/** The `/version` document, field for field as kube-apiserver 1.36 serves it. */
export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly emulationMajor: string;
  readonly emulationMinor: string;
  readonly minCompatibilityMajor: string;
  readonly minCompatibilityMinor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

/** Build facts the binary knows and the document cannot derive. */
export interface BuildInfo {
  /** kite's own version (defaults to package.json's). */
  readonly kiteVersion?: string;
  /** Commit the binary was built from; upstream leaves it empty when unknown. */
  readonly gitCommit?: string;
  /** `clean`, `dirty` or empty when unknown. */
  readonly gitTreeState?: string;
  /** RFC 3339 UTC; defaults to upstream's unset value `1970-01-01T00:00:00Z`. */
  readonly buildDate?: string;
  /** Overrides of the runtime facts (tests). */
  readonly nodeVersion?: string;
  readonly os?: string;
  readonly arch?: string;
}

const GO_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

const GO_OS: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris' };

/** `os/arch` in Go's spelling (`linux/amd64`) for Node's `process.platform`/`process.arch`. Pure. */
export function goPlatform(os: string, arch: string): string {
  return `${GO_OS[os] ?? os}/${GO_ARCH[arch] ?? arch}`;
}

/**
 * The `gitVersion` clients see: the Kubernetes version with kite's version as semver build
 * metadata (`v1.36.0+kite.0.1.0`), the way k3s reports `v1.30.0+k3s1`. Build metadata does
 * not change precedence, so version checks by kubectl and helm read plain 1.36.0.
 * Characters semver forbids in build metadata become `-`. Pure.
 */
export function gitVersion(kubernetesVersion: string, kite: string): string {
  const ids = kite
    .split(/[.+]/)
    .map((id) => id.replace(/[^0-9A-Za-z-]/g, '-'))
    .filter((id) => id !== '');
  return `${kubernetesVersion}+${['kite', ...ids].join('.')}`;
}

function parseKubernetesVersion(v: string): { major: number; minor: number } {
  const m = /^v(\d+)\.(\d+)\.\d+/.exec(v);
  if (m?.[1] === undefined || m[2] === undefined)
    throw new BugError(`malformed Kubernetes version ${JSON.stringify(v)}`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/**
 * The `/version` document. The emulation version equals the binary version; the minimum
 * compatibility version is one minor below it, as upstream sets them when no emulation is
 * configured. `goVersion` names the Node.js runtime and `compiler` is `tsc`: clients do not
 * parse either. Pure apart from reading `process` for defaults.
 */
export function versionInfo(build: BuildInfo = {}): VersionInfo {
  const { major, minor } = parseKubernetesVersion(KUBERNETES_VERSION);
  return {
    major: String(major),
    minor: String(minor),
    emulationMajor: String(major),
    emulationMinor: String(minor),
    minCompatibilityMajor: String(major),
    minCompatibilityMinor: String(Math.max(minor - 1, 0)),
    gitVersion: gitVersion(KUBERNETES_VERSION, build.kiteVersion ?? kiteVersion()),
    gitCommit: build.gitCommit ?? '',
    gitTreeState: build.gitTreeState ?? '',
    buildDate: build.buildDate ?? '1970-01-01T00:00:00Z',
    goVersion: `node${build.nodeVersion ?? process.versions.node}`,
    compiler: 'tsc',
    platform: goPlatform(build.os ?? process.platform, build.arch ?? process.arch),
  };
}

/**
 * JSON text as upstream writes its raw (non-API) documents such as `/version`: two-space
 * indentation, no trailing newline, and `<`, `>`, `&`, U+2028, U+2029 escaped as Go's
 * encoder escapes them. Pure.
 */
export function rawJSON(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  });
}

/** Content type of `/version` (and every raw JSON document). */
export const RAW_JSON_CONTENT_TYPE = 'application/json';
