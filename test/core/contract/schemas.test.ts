import { expect } from 'chai';
import {
  contractSchemaIds,
  readContractSchema,
  readContractSchemas,
  type ContractSchemaKey,
} from '../../../core/contract/schemas.js';
import type { Bar, Envelope, Heartbeat, Quote } from '../../../core/contract/types.js';
import type { JsonSchema } from '../../../core/plugins/types.js';

const keys: ContractSchemaKey[] = ['quote', 'bar', 'heartbeat', 'envelope'];

// One value per field of the TypeScript types: a field added on one side only fails below.
const quoteFields: Record<keyof Quote, true> = {
  symbol: true,
  provider: true,
  price: true,
  open: true,
  high: true,
  low: true,
  close: true,
  previousClose: true,
  change: true,
  changePercent: true,
  volume: true,
  currency: true,
  timestamp: true,
  bid: true,
  ask: true,
  vwap: true,
};
const barFields: Record<keyof Bar, true> = {
  symbol: true,
  provider: true,
  interval: true,
  date: true,
  timestamp: true,
  open: true,
  high: true,
  low: true,
  close: true,
  volume: true,
  vwap: true,
};
const heartbeatFields: Record<keyof Heartbeat, true> = {
  pipeline: true,
  exchange: true,
  phase: true,
  nextOpen: true,
  timestamp: true,
};
const envelopeFields: Record<keyof Envelope, true> = {
  schema: true,
  schemaVersion: true,
  id: true,
  fetchedAt: true,
  pipeline: true,
  record: true,
};
const fieldsOf: Record<ContractSchemaKey, Record<string, true>> = {
  quote: quoteFields,
  bar: barFields,
  heartbeat: heartbeatFields,
  envelope: envelopeFields,
};

/** Every `properties` map in a schema, with the JSON pointer of the schema that holds it. */
function collectPropertyMaps(
  schema: unknown,
  pointer = '',
): [string, Record<string, JsonSchema>][] {
  if (typeof schema !== 'object' || schema === null) return [];
  const found: [string, Record<string, JsonSchema>][] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') found.push([pointer, value as Record<string, JsonSchema>]);
    found.push(...collectPropertyMaps(value, `${pointer}/${key}`));
  }
  return found;
}

describe('contract schemas', () => {
  describe('readContractSchema()', () => {
    for (const key of keys) {
      it(`reads the ${key} schema as a strict draft 2020-12 schema`, () => {
        const schema = readContractSchema(key);

        expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
        expect(schema.$id).to.equal(contractSchemaIds[key]);
        expect(schema.additionalProperties).to.equal(false);
      });

      it(`gives the ${key} schema exactly the fields of the TypeScript type`, () => {
        const properties = readContractSchema(key).properties as Record<string, unknown>;

        expect(Object.keys(properties).sort()).to.deep.equal(Object.keys(fieldsOf[key]).sort());
      });

      it(`describes every property of the ${key} schema`, () => {
        const undescribed = collectPropertyMaps(readContractSchema(key)).flatMap(
          ([pointer, properties]) =>
            Object.entries(properties)
              .filter(([, property]) => typeof property.description !== 'string')
              .map(([name]) => `${pointer}/properties/${name}`),
        );

        expect(undescribed).to.deep.equal([]);
      });
    }

    it('reads each file once and returns the same object afterwards', () => {
      expect(readContractSchema('quote')).to.equal(readContractSchema('quote'));
    });
  });

  describe('readContractSchemas()', () => {
    it('lists the record schemas before the envelope that refers to them', () => {
      const ids = readContractSchemas().map((schema) => schema.$id);

      expect(ids).to.deep.equal([
        contractSchemaIds.quote,
        contractSchemaIds.bar,
        contractSchemaIds.heartbeat,
        contractSchemaIds.envelope,
      ]);
    });
  });
});
