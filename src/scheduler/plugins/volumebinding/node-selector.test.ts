import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import { matchNodeSelectorTerms, matchTopologySelectorTerms } from './node-selector.js';

const node: Node = { metadata: { name: 'n1', labels: { zone: 'a', gen: '5' } } };

describe('matchNodeSelectorTerms', () => {
  const cases: { name: string; terms: NodeSelectorTerm[]; want: boolean }[] = [
    {
      name: 'In',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
      want: true,
    },
    {
      name: 'NotIn',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }],
      want: false,
    },
    { name: 'Exists', terms: [{ matchExpressions: [{ key: 'gen', operator: 'Exists' }] }], want: true },
    {
      name: 'DoesNotExist',
      terms: [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }],
      want: true,
    },
    {
      name: 'Gt',
      terms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }],
      want: true,
    },
    {
      name: 'Lt',
      terms: [{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }],
      want: false,
    },
    {
      name: 'field name',
      terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }],
      want: true,
    },
    { name: 'empty term matches nothing', terms: [{}], want: false },
    {
      name: 'terms are ORed',
      terms: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      ],
      want: true,
    },
    {
      name: 'requirements are ANDed',
      terms: [
        {
          matchExpressions: [
            { key: 'zone', operator: 'In', values: ['a'] },
            { key: 'gen', operator: 'In', values: ['6'] },
          ],
        },
      ],
      want: false,
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(matchNodeSelectorTerms(node, c.terms), c.want));
});

describe('matchTopologySelectorTerms', () => {
  it('matches when any term matches; no terms match everything', () => {
    assert.equal(matchTopologySelectorTerms(undefined, { zone: 'a' }), true);
    assert.equal(
      matchTopologySelectorTerms([{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }], {
        zone: 'a',
      }),
      true,
    );
    assert.equal(
      matchTopologySelectorTerms([{ matchLabelExpressions: [{ key: 'zone', values: ['b'] }] }], {
        zone: 'a',
      }),
      false,
    );
    assert.equal(matchTopologySelectorTerms([{}], { zone: 'a' }), false);
  });
});
