import {
  duplicate,
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  omitValue,
  required,
  tooLong,
  tooMany,
} from '../../../apimachinery/field/index.js';
import { isQualifiedName } from '../../../apimachinery/validation/index.js';
import { IndexesError, validateIndexesFormat } from './indexes.js';
import { containerNames } from './pod-template.js';
import { type Dict, dict, int32, isDict, list, nonNegative, optStr, str, wrongType } from './shape.js';

const maxPodFailurePolicyRules = 20;
const maxOnExitCodesValues = 255;
const maxOnPodConditionsPatterns = 20;
const maxSuccessPolicyRules = 20;
const maxSucceededIndexesLength = 64 * 1024;

const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const exitCodeOperators = ['In', 'NotIn'];
const conditionStatuses = ['False', 'True', 'Unknown'];

// Go's %q of a string slice: `["a" "b"]`.
function quotedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** The parts of a JobSpec the policy rules look at. */
export interface JobSpecFacts {
  readonly spec: Dict;
  readonly completions: number | undefined;
  readonly backoffLimitPerIndex: number | undefined;
}

/**
 * Upstream's validatePodFailurePolicy: at most 20 rules, each with a known action (FailIndex
 * only with backoffLimitPerIndex), exactly one of onExitCodes / onPodConditions, exit code
 * requirements with a known operator, a container of the template, 1..255 ordered unique values
 * (no 0 with In), condition patterns with qualified types and a known status. Appends errors.
 */
export function validatePodFailurePolicy(
  policy: Dict,
  facts: JobSpecFacts,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const rulesPath = fldPath.child('rules');
  const rules = list(policy['rules'], rulesPath, errs);
  if (rules.length > maxPodFailurePolicyRules)
    errs.push(tooMany(rulesPath, rules.length, maxPodFailurePolicyRules));
  const template = isDict(facts.spec['template']) ? facts.spec['template'] : {};
  const names = containerNames(isDict(template['spec']) ? template['spec'] : {});
  rules.forEach((r, i) => {
    const rulePath = rulesPath.index(i);
    if (!isDict(r)) errs.push(wrongType(rulePath, r, 'object'));
    else validateRule(r, facts, rulePath, names, errs);
  });
}

function validateRule(
  rule: Dict,
  facts: JobSpecFacts,
  rulePath: FieldPath,
  names: Set<string>,
  errs: FieldError[],
) {
  const actionPath = rulePath.child('action');
  const action = str(rule['action'], actionPath, errs);
  if (action === '') {
    errs.push(required(actionPath, `valid values: ${quotedList(actions)}`));
  } else if (action === 'FailIndex') {
    if (facts.backoffLimitPerIndex === undefined) {
      errs.push(invalid(actionPath, action, 'requires the backoffLimitPerIndex to be set'));
    }
  } else if (!actions.includes(action)) {
    errs.push(notSupported(actionPath, action, actions));
  }
  const onExitCodes = dict(rule['onExitCodes'], rulePath.child('onExitCodes'), errs);
  if (onExitCodes !== undefined) validateOnExitCodes(onExitCodes, rulePath.child('onExitCodes'), names, errs);
  const conditions = list(rule['onPodConditions'], rulePath.child('onPodConditions'), errs);
  if (conditions.length > 0) validateOnPodConditions(conditions, rulePath.child('onPodConditions'), errs);
  if (onExitCodes !== undefined && conditions.length > 0) {
    errs.push(
      invalid(rulePath, omitValue, 'specifying both OnExitCodes and OnPodConditions is not supported'),
    );
  }
  if (onExitCodes === undefined && conditions.length === 0) {
    errs.push(invalid(rulePath, omitValue, 'specifying one of OnExitCodes and OnPodConditions is required'));
  }
}

function validateOnPodConditions(patterns: readonly unknown[], fldPath: FieldPath, errs: FieldError[]): void {
  if (patterns.length > maxOnPodConditionsPatterns) {
    errs.push(tooMany(fldPath, patterns.length, maxOnPodConditionsPatterns));
  }
  patterns.forEach((p, j) => {
    const patternPath = fldPath.index(j);
    if (!isDict(p)) {
      errs.push(wrongType(patternPath, p, 'object'));
      return;
    }
    const type = str(p['type'], patternPath.child('type'), errs);
    for (const msg of isQualifiedName(type)) errs.push(invalid(patternPath.child('type'), type, msg));
    const statusPath = patternPath.child('status');
    const status = str(p['status'], statusPath, errs);
    if (status === '') errs.push(required(statusPath, `valid values: ${quotedList(conditionStatuses)}`));
    else if (!conditionStatuses.includes(status))
      errs.push(notSupported(statusPath, status, conditionStatuses));
  });
}

function validateOnExitCodes(req: Dict, fldPath: FieldPath, names: Set<string>, errs: FieldError[]): void {
  const operatorPath = fldPath.child('operator');
  const operator = str(req['operator'], operatorPath, errs);
  if (operator === '') errs.push(required(operatorPath, `valid values: ${quotedList(exitCodeOperators)}`));
  else if (!exitCodeOperators.includes(operator))
    errs.push(notSupported(operatorPath, operator, exitCodeOperators));
  const container = optStr(req['containerName'], fldPath.child('containerName'), errs);
  if (container !== undefined && !names.has(container)) {
    errs.push(
      invalid(
        fldPath.child('containerName'),
        container,
        'must be one of the container or initContainer names in the pod template',
      ),
    );
  }
  const valuesPath = fldPath.child('values');
  const raw = list(req['values'], valuesPath, errs);
  const values: number[] = [];
  raw.forEach((v, j) => {
    const n = int32(v, valuesPath.index(j), errs);
    if (n !== undefined) values.push(n);
  });
  if (raw.length === 0) {
    errs.push(
      invalid(valuesPath, Array.isArray(req['values']) ? [] : null, 'at least one value is required'),
    );
  } else if (raw.length > maxOnExitCodesValues) {
    errs.push(tooMany(valuesPath, raw.length, maxOnExitCodesValues));
  }
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    const p = valuesPath.index(j);
    if (operator === 'In' && v === 0) errs.push(invalid(p, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(duplicate(p, v));
    else seen.add(v);
    if (j > 0 && (values[j - 1] ?? 0) > v) ordered = false;
  });
  if (!ordered) errs.push(invalid(valuesPath, values, 'must be ordered'));
}

/**
 * Upstream's validateSuccessPolicy for an Indexed Job: 1..20 rules, each with succeededCount
 * and/or succeededIndexes; indexes parse within completions (≤ 64 KiB of text); the count is
 * ≥ 0 and no more than completions or the indexes named. Appends errors.
 */
export function validateSuccessPolicy(
  policy: Dict,
  facts: JobSpecFacts,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const rulesPath = fldPath.child('rules');
  const rules = list(policy['rules'], rulesPath, errs);
  if (rules.length === 0) {
    errs.push(
      required(rulesPath, 'at least one rules must be specified when the successPolicy is specified'),
    );
  }
  if (rules.length > maxSuccessPolicyRules)
    errs.push(tooMany(rulesPath, rules.length, maxSuccessPolicyRules));
  rules.forEach((r, i) => {
    const rulePath = rulesPath.index(i);
    if (!isDict(r)) errs.push(wrongType(rulePath, r, 'object'));
    else validateSuccessRule(r, facts, rulePath, errs);
  });
}

function validateSuccessRule(rule: Dict, facts: JobSpecFacts, rulePath: FieldPath, errs: FieldError[]): void {
  const countPath = rulePath.child('succeededCount');
  const indexesPath = rulePath.child('succeededIndexes');
  const count = int32(rule['succeededCount'], countPath, errs);
  const indexes = optStr(rule['succeededIndexes'], indexesPath, errs);
  if (count === undefined && indexes === undefined) {
    errs.push(required(rulePath, 'at least one of succeededCount or succeededIndexes must be specified'));
  }
  // Upstream dereferences completions here; Indexed Jobs require it, and a missing one is already
  // reported, so the rule checks that need it are skipped instead.
  const completions = facts.completions;
  let total = 0;
  if (indexes !== undefined) {
    if (Buffer.byteLength(indexes, 'utf8') > maxSucceededIndexesLength) {
      errs.push(tooLong(indexesPath, '', maxSucceededIndexesLength));
    }
    if (completions !== undefined) {
      try {
        total = validateIndexesFormat(indexes, completions);
      } catch (e) {
        if (!(e instanceof IndexesError)) throw e;
        errs.push(invalid(indexesPath, indexes, `error parsing succeededIndexes: ${e.message}`));
      }
    }
  }
  if (count !== undefined) {
    nonNegative(count, countPath, errs);
    if (completions !== undefined && count > completions) {
      errs.push(
        invalid(
          countPath,
          count,
          `must be less than or equal to ${completions} (the number of specified completions)`,
        ),
      );
    }
    if (indexes !== undefined && count > total) {
      errs.push(
        invalid(
          countPath,
          count,
          `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`,
        ),
      );
    }
  }
}
