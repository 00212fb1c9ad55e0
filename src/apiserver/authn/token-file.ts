import { readFile } from 'node:fs/promises';
import { CSVParseError, parseCSV } from './csv.js';
import type { UserInfo } from './user.js';

/** A token file that cannot be used: a CSV syntax error or a record with too few columns. */
export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

/** The users of a `--token-auth-file`, keyed by token, and the warnings its reading produced. */
export interface TokenFile {
  tokens: ReadonlyMap<string, UserInfo>;
  warnings: string[];
}

/**
 * Parses the contents of a static token file (`token,user,uid[,"group1,group2"][,ignored...]`) as
 * kube-apiserver reads `--token-auth-file`: Go CSV syntax, blank lines skipped, no comments, a
 * record of fewer than 3 columns rejects the whole file, an empty token is skipped with a warning,
 * a repeated token wins over the earlier one with a warning. `path` only words messages.
 * Pure; throws TokenFileError.
 */
export function parseTokenFile(path: string, contents: string): TokenFile {
  let records: string[][];
  try {
    records = parseCSV(contents);
  } catch (e) {
    if (e instanceof CSVParseError) throw new TokenFileError(e.message);
    throw e;
  }
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNum = 0;
  for (const record of records) {
    const [token, name, uid, groups] = record;
    if (token === undefined || name === undefined || uid === undefined) {
      throw new TokenFileError(
        `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`,
      );
    }
    // Counted after the column check, as upstream numbers records in its warnings.
    recordNum++;
    if (token === '') {
      warnings.push(`empty token has been found in token file '${path}', record number '${recordNum}'`);
      continue;
    }
    if (tokens.has(token)) {
      warnings.push(`duplicate token has been found in token file '${path}', record number '${recordNum}'`);
    }
    const user: UserInfo = { name, uid, groups: groups === undefined ? [] : groups.split(',') };
    tokens.set(token, user);
  }
  return { tokens, warnings };
}

/** Reads and parses the token file at `path`. Throws TokenFileError, or the fs error when unreadable. */
export async function loadTokenFile(path: string): Promise<TokenFile> {
  return parseTokenFile(path, await readFile(path, 'utf8'));
}
