// Time zone names as Go's time.LoadLocation judges them, against the IANA database that the
// JavaScript runtime carries (Go's embedded copy and ICU's agree on the names in use).

let zones: Set<string> | undefined;

function knownZones(): Set<string> {
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return zones;
}

// ICU also accepts legacy aliases (US/Eastern, Asia/Calcutta) that supportedValuesOf omits, but
// it matches them without regard to case, which the zoneinfo lookup does not do: an alias is
// accepted only when spelt with the database's capitals, which every alias starts with.
function isAlias(name: string): boolean {
  if (!/^[A-Z]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * undefined when `name` loads as a location, else Go's error text: `unknown time zone X` or
 * `time: invalid location name`. "" and "UTC" are UTC and "Local" the local zone, as in Go.
 * Pure; never throws.
 */
export function loadLocation(name: string): string | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') return undefined;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\'))
    return 'time: invalid location name';
  if (knownZones().has(name) || isAlias(name)) return undefined;
  return `unknown time zone ${name}`;
}
