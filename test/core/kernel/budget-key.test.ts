import { expect } from 'chai';
import { budgetKeyOf, type BudgetIdentity } from '../../../core/kernel/budget-key.js';
import type { JsonSchema } from '../../../core/plugins/types.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    apiKey: { type: 'string', 'x-secret': true },
    baseUrl: { type: 'string' },
    oauth: {
      type: 'object',
      properties: {
        clientId: { type: 'string' },
        clientSecret: { type: 'string', 'x-secret': true },
      },
    },
  },
};

function keyOf(options: Record<string, unknown>, extra: Partial<BudgetIdentity> = {}): string {
  return budgetKeyOf({
    keyPrefix: 'stockpoller:ratelimit',
    pluginName: 'finnhub',
    optionsSchema: schema,
    options,
    label: 'us-equities',
    ...extra,
  });
}

describe('budgetKeyOf()', () => {
  it('names the budget <prefix>:<plugin>:<16 hex digits>', () => {
    expect(keyOf({ apiKey: 'abc123' })).to.match(/^stockpoller:ratelimit:finnhub:[0-9a-f]{16}$/);
  });

  it('gives instances with the same API key one budget, whatever else differs', () => {
    const first = keyOf({ apiKey: 'key-one', baseUrl: 'https://a.example' }, { label: 'a' });
    const second = keyOf({ apiKey: 'key-one', baseUrl: 'https://b.example' }, { label: 'b' });
    expect(first).to.equal(second);
  });

  it('keeps different API keys, plugins and prefixes apart', () => {
    const base = keyOf({ apiKey: 'key-one' });
    expect(keyOf({ apiKey: 'key-two' })).to.not.equal(base);
    expect(keyOf({ apiKey: 'key-one' }, { pluginName: 'polygon' })).to.not.equal(base);
    expect(keyOf({ apiKey: 'key-one' }, { keyPrefix: 'staging' })).to.not.equal(base);
  });

  it('counts nested secret options, and never puts a secret in the key', () => {
    const secret = 'very-secret-client-secret';
    const key = keyOf({ oauth: { clientId: 'id', clientSecret: secret } });
    expect(key).to.not.equal(keyOf({ oauth: { clientId: 'id', clientSecret: 'other' } }));
    expect(key).to.not.contain(secret).and.not.contain('very');
    expect(keyOf({ oauth: { clientId: 'other-id', clientSecret: secret } })).to.equal(key);
  });

  it('falls back to the label for an instance without secret options', () => {
    expect(keyOf({}, { label: 'sim' })).to.equal(keyOf({ baseUrl: 'x' }, { label: 'sim' }));
    expect(keyOf({}, { label: 'sim' })).to.not.equal(keyOf({}, { label: 'other' }));
    // A secret equal to a label is still a different budget from that label's.
    expect(keyOf({ apiKey: 'sim' })).to.not.equal(keyOf({}, { label: 'sim' }));
  });
});
