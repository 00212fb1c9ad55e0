/**
 * Container image references, parsed the way container registries and the kubelet read them:
 * `[domain[:port]/]path[:tag][@algorithm:hex]`, with Docker Hub's normalisation (`nginx` is
 * `docker.io/library/nginx`). Used to pick the default image pull policy.
 */

/** Thrown by {@link parseImageReference} for a string that is not a valid image reference. */
export class ImageReferenceError extends Error {
  override readonly name = 'ImageReferenceError';
}

/** A parsed, normalised image reference. */
export interface ImageReference {
  /** Fully qualified repository, e.g. `docker.io/library/nginx`. */
  readonly repository: string;
  /** The tag as written, or undefined when none was given. */
  readonly tag: string | undefined;
  /** The digest as written (`sha256:…`), or undefined when none was given. */
  readonly digest: string | undefined;
}

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const NAME_TOTAL_LENGTH_MAX = 255;

const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const namePattern = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const referenceRegexp = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const identifierRegexp = /^[a-f0-9]{64}$/;

// Hex lengths of the digest algorithms registries accept; anything else is unsupported.
const digestHexLength: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Parses and normalises an image reference. Pure.
 * @throws ImageReferenceError when the string is empty, malformed, has an upper-case repository,
 *   a repository over 255 characters, is a bare 64-hex image id, or has an unsupported digest.
 */
export function parseImageReference(image: string): ImageReference {
  if (identifierRegexp.test(image)) {
    throw new ImageReferenceError(
      `invalid repository name (${image}), cannot specify 64-byte hexadecimal strings`,
    );
  }
  const [domain, remainder] = splitDomain(image);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) {
    throw new ImageReferenceError(
      `invalid reference format: repository name (${remoteName}) must be lowercase`,
    );
  }
  return parseFull(`${domain}/${remainder}`);
}

function splitDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i >= 0 ? name.slice(0, i) : '';
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

function parseFull(s: string): ImageReference {
  const m = referenceRegexp.exec(s);
  if (m === null) {
    if (s === '') throw new ImageReferenceError('repository name must have at least one component');
    if (referenceRegexp.test(s.toLowerCase())) {
      throw new ImageReferenceError('repository name must be lowercase');
    }
    throw new ImageReferenceError('invalid reference format');
  }
  const repository = m[1] ?? '';
  if (repository.length > NAME_TOTAL_LENGTH_MAX) {
    throw new ImageReferenceError(
      `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`,
    );
  }
  const digest = m[3];
  if (digest !== undefined) {
    const colon = digest.indexOf(':');
    const algorithm = digest.slice(0, colon);
    const hex = digest.slice(colon + 1);
    const want = digestHexLength[algorithm];
    if (want === undefined) throw new ImageReferenceError('unsupported digest algorithm');
    if (hex.length !== want || !/^[a-f0-9]+$/.test(hex))
      throw new ImageReferenceError('invalid checksum digest format');
  }
  return { repository, tag: m[2], digest };
}

/**
 * The tag the kubelet pulls for an image: the written tag, `latest` when neither tag nor digest is
 * given, `''` for a digest-only reference and for anything that does not parse. Pure, never throws.
 */
export function effectiveImageTag(image: unknown): string {
  if (typeof image !== 'string') return '';
  try {
    const ref = parseImageReference(image);
    if (ref.tag === undefined && ref.digest === undefined) return 'latest';
    return ref.tag ?? '';
  } catch (e) {
    if (e instanceof ImageReferenceError) return '';
    throw e;
  }
}
