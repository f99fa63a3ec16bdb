import { expect } from 'chai';
import { synthStack, type Synthesized } from './helpers.js';

// Terraform rejects a configuration whose references form a cycle, but only at plan time, which
// needs the providers from the registry. Checking the reference graph here finds a cycle offline.

/** Builds the graph from each resource or data source to the ones its arguments reference. */
function referenceGraph(json: Synthesized): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const blocks: [string, unknown][] = [];
  for (const [type, byName] of Object.entries(json.resource)) {
    for (const [name, block] of Object.entries(byName)) blocks.push([`${type}.${name}`, block]);
  }
  for (const [type, byName] of Object.entries(json.data)) {
    for (const [name, block] of Object.entries(byName))
      blocks.push([`data.${type}.${name}`, block]);
  }
  const addresses = new Set(blocks.map(([address]) => address));
  for (const [address, block] of blocks) {
    const text = JSON.stringify(block);
    const targets = [...text.matchAll(/(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+/g)]
      .map((match) => match[0])
      .filter((target) => addresses.has(target) && target !== address);
    graph.set(address, new Set(targets));
  }
  return graph;
}

/** Returns one cycle as a list of addresses, or undefined when the graph has none. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('reference graph', () => {
  const modes = {
    demo: {},
    'Route 53': { DOMAIN_NAME: 'app.example.com', HOSTED_ZONE_ID: 'Z123ABC' },
    certificate: {
      DOMAIN_NAME: 'app.example.com',
      CERTIFICATE_ARN:
        'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    },
  };

  for (const [mode, env] of Object.entries(modes)) {
    it(`has no cycle in ${mode} mode`, () => {
      expect(findCycle(referenceGraph(synthStack(env)))).to.equal(undefined);
    });
  }

  it('finds a planted cycle', () => {
    const graph = new Map([
      ['aws_lb.a', new Set(['aws_lb_listener.b'])],
      ['aws_lb_listener.b', new Set(['aws_lb.a'])],
    ]);
    expect(findCycle(graph)).to.deep.equal(['aws_lb.a', 'aws_lb_listener.b', 'aws_lb.a']);
  });

  it('orders the listener rules after the environment', () => {
    const graph = referenceGraph(synthStack());
    const rule = [...graph.keys()].find((address) => address.includes('rule-private'));
    const lookup = [...graph.keys()].find((address) =>
      address.startsWith('data.aws_lb_target_group'),
    );
    expect([...(graph.get(rule ?? '') ?? [])]).to.include(lookup);
    const environment = [...(graph.get(lookup ?? '') ?? [])];
    expect(
      environment.some((address) => address.startsWith('aws_elastic_beanstalk_environment.')),
    ).to.equal(true);
  });
});
