import { readFileSync } from 'node:fs';
import type { PatchSchema } from './schema.js';
import { patchSchemaFromOpenAPI } from './schema.js';

/**
 * Test fixtures: a small OpenAPI model exercising every patch strategy (the shape
 * of upstream's own strategic-merge test type), and the reference Kubernetes schema.
 */

const listOf = (ref: string) => ({ type: 'array', items: { $ref: `#/definitions/io.kite.test.${ref}` } });

/** Definitions of the `Item` test type. */
export const ITEM_DEFINITIONS: Record<string, unknown> = {
  'io.kite.test.Item': {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      other: { type: 'string' },
      mergingList: {
        ...listOf('Item'),
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'name',
      },
      nonMergingList: listOf('Item'),
      mergingIntList: {
        type: 'array',
        items: { type: 'integer', format: 'int32' },
        'x-kubernetes-patch-strategy': 'merge',
      },
      nonMergingIntList: { type: 'array', items: { type: 'integer', format: 'int32' } },
      itemPtr: {
        $ref: '#/definitions/io.kite.test.Item',
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'name',
      },
      simpleMap: { type: 'object', additionalProperties: { type: 'string' } },
      replacingItem: {
        $ref: '#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension',
        'x-kubernetes-patch-strategy': 'replace',
      },
      retainKeysMap: {
        $ref: '#/definitions/io.kite.test.RetainKeysItem',
        'x-kubernetes-patch-strategy': 'retainKeys',
      },
      retainKeysMergingList: {
        ...listOf('Item'),
        'x-kubernetes-patch-strategy': 'merge,retainKeys',
        'x-kubernetes-patch-merge-key': 'name',
      },
      listOfLists: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
      badStrategy: { type: 'object', 'x-kubernetes-patch-strategy': 'merge,replace,retainKeys' },
    },
  },
  'io.kite.test.RetainKeysItem': {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      other: { type: 'string' },
      simpleMap: { type: 'object', additionalProperties: { type: 'string' } },
      mergingIntList: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-patch-strategy': 'merge' },
      mergingList: {
        ...listOf('Item'),
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'name',
      },
      nonMergingList: listOf('Item'),
    },
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
};

/** The schema of the `Item` test type. */
export const ITEM_SCHEMA: PatchSchema = patchSchemaFromOpenAPI(ITEM_DEFINITIONS, 'io.kite.test.Item');

let reference: Record<string, unknown> | undefined;

/**
 * The Kubernetes OpenAPI definitions as kite serves them (generated from the upstream document,
 * with the same `x-kubernetes-*` patch metadata). Read as data so that tests need nothing
 * outside the repository.
 */
export function referenceDefinitions(): Record<string, unknown> {
  if (reference === undefined) {
    const file = new URL('../../api/generated/definitions.json', import.meta.url);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { definitions: Record<string, unknown> };
    reference = doc.definitions;
  }
  return reference;
}
