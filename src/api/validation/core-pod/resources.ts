import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notFound,
  required,
} from '../../../apimachinery/field/index.js';
import { type Quantity, tryParseQuantity } from '../../../apimachinery/quantity/index.js';
import { isDNS1123Label } from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from './options.js';
import {
  isHugePageResourceName,
  isIntegerResourceName,
  isOvercommitAllowed,
  readResourceList,
  validateContainerResourceName,
} from './resource-names.js';
import { type Dict, objList, str } from './shape.js';

/** Checks a resource name at a path; see resource-names.ts. */
export type ResourceNameFn = (name: string, fldPath: FieldPath) => FieldError[];

/**
 * Upstream's ValidateResourceQuantityValue: not negative (`must be greater than or equal to 0`)
 * and, for counted and extended resources, whole (`must be an integer`). Pure.
 */
export function validateResourceQuantityValue(name: string, q: Quantity, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalid(fldPath, q.toString(), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(name) && q.milliValue() % 1000n !== 0n) {
    errs.push(invalid(fldPath, q.toString(), 'must be an integer'));
  }
  return errs;
}

function hugePageDivisible(name: string, q: Quantity): boolean {
  const size = tryParseQuantity(name.slice('hugepages-'.length));
  if (!size.ok) return false;
  const page = size.quantity;
  if (page.sign() <= 0 || page.milliValue() % 1000n !== 0n) return false;
  return q.value() % page.value() === 0n;
}

/**
 * Upstream's validateResourceRequirements: names by `nameFn`, quantities, requests ≤ limits
 * (equal for resources that cannot be overcommitted), hugepages in whole pages and only beside
 * cpu or memory, and claims naming entries of `spec.resourceClaims`. Appends to `errs`.
 */
export function validateResourceRequirements(
  reqs: Dict | undefined,
  nameFn: ResourceNameFn,
  podClaimNames: ReadonlySet<string>,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  const limPath = fldPath.child('limits');
  const reqPath = fldPath.child('requests');
  const limits = readResourceList(reqs, 'limits', fldPath, errs);
  const requests = readResourceList(reqs, 'requests', fldPath, errs);
  const limitMap = new Map(limits);
  let cpuOrMemory = false;
  let hugePages = false;
  const hugePageCheck = (name: string, q: Quantity, p: FieldPath): void => {
    if (!isHugePageResourceName(name)) return;
    hugePages = true;
    if (opts.allowIndivisibleHugePagesValues !== true && !hugePageDivisible(name, q)) {
      errs.push(invalid(p, q.toString(), `${q.toString()} is not positive integer multiple of ${name}`));
    }
  };
  for (const [name, q] of limits) {
    const p = limPath.key(name);
    errs.push(...nameFn(name, p));
    errs.push(...validateResourceQuantityValue(name, q, p));
    hugePageCheck(name, q, p);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, q] of requests) {
    const p = reqPath.key(name);
    errs.push(...nameFn(name, p));
    errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = limitMap.get(name);
    if (limit !== undefined) {
      const c = q.cmp(limit);
      if (c !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (c > 0) {
        errs.push(
          invalid(
            reqPath,
            q.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    hugePageCheck(name, q, p);
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(fldPath, 'HugePages require cpu or memory'));
  validateResourceClaimNames(reqs, podClaimNames, fldPath, errs);
}

function validateResourceClaimNames(
  reqs: Dict | undefined,
  podClaimNames: ReadonlySet<string>,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const claimsPath = fldPath.child('claims');
  const names = new Set<string>();
  for (const { item, index } of objList(reqs, 'claims', fldPath, errs)) {
    const p = claimsPath.index(index);
    const name = str(item, 'name', p, errs);
    const request = str(item, 'request', p, errs);
    if (name === '') {
      errs.push(required(p));
      continue;
    }
    if (names.has(name)) {
      errs.push(duplicate(p, name));
    } else {
      let key = name;
      if (request !== '') {
        for (const msg of isDNS1123Label(request)) errs.push(invalid(p.child('request'), request, msg));
        key += `/${request}`;
      }
      if (names.has(key)) {
        errs.push(duplicate(p, key));
      } else if (request === '') {
        for (const k of names) {
          const slash = k.indexOf('/');
          if (slash >= 0 && k.slice(0, slash) === name) errs.push(duplicate(p, name));
        }
      }
      names.add(key);
    }
    if (!podClaimNames.has(name)) {
      const sorted = [...podClaimNames].sort();
      const detail =
        sorted.length === 0
          ? 'must be one of the names in pod.spec.resourceClaims which is empty'
          : `must be one of the names in pod.spec.resourceClaims: ${sorted.join(', ')}`;
      errs.push({ ...notFound(p, name), detail });
    }
  }
}

/** Container resources: container resource names. Appends to `errs`. */
export function validateContainerResources(
  reqs: Dict | undefined,
  podClaimNames: ReadonlySet<string>,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  validateResourceRequirements(reqs, validateContainerResourceName, podClaimNames, fldPath, opts, errs);
}
