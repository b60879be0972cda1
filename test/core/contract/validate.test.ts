import { expect } from 'chai';
import { createEnvelope } from '../../../core/contract/envelope.js';
import { validateEnvelope, validateRecord } from '../../../core/contract/validate.js';
import type { ValidationResult } from '../../../core/contract/validate.js';
import {
  validDailyBar,
  validHeartbeat,
  validIntradayBar,
  validQuote,
} from './contract-fixtures.js';

function problemsOf(result: ValidationResult): readonly string[] {
  return result.valid ? [] : result.problems;
}

describe('contract validation', () => {
  describe('validateRecord() with quotes', () => {
    it('accepts a quote with every field set', () => {
      expect(validateRecord('stockpoller.quote', validQuote())).to.deep.equal({ valid: true });
    });

    it('accepts a quote whose optional values are null or absent', () => {
      const sparse: Record<string, unknown> = {
        ...validQuote(),
        open: null,
        high: null,
        low: null,
        previousClose: null,
        change: null,
        changePercent: null,
        volume: null,
        currency: null,
      };
      delete sparse.bid;
      delete sparse.ask;
      delete sparse.vwap;

      expect(validateRecord('stockpoller.quote', sparse)).to.deep.equal({ valid: true });
    });

    const badQuotes: [string, Record<string, unknown>, string][] = [
      ['a zero price', { price: 0 }, '/price must be > 0'],
      ['a negative price', { price: -1 }, '/price must be > 0'],
      ['a 0 where null belongs', { open: 0 }, '/open must be > 0'],
      ['a NaN price', { price: Number.NaN }, '/price must be number'],
      [
        'an infinite change',
        { change: Number.POSITIVE_INFINITY },
        '/change must be number or null',
      ],
      ['a negative volume', { volume: -5 }, '/volume must be >= 0'],
      ['a price given as text', { price: '231.42' }, '/price must be number'],
      ['a lowercase symbol', { symbol: 'aapl' }, '/symbol must be an upper-case ticker'],
      [
        'a lowercase currency',
        { currency: 'usd' },
        '/currency must be a three-letter ISO 4217 code',
      ],
      [
        'a timestamp without milliseconds',
        { timestamp: '2026-03-09T15:04:05Z' },
        '/timestamp must be an ISO-8601 UTC instant like 2026-01-02T15:04:05.000Z',
      ],
      [
        'a timestamp with an offset',
        { timestamp: '2026-03-09T10:04:05.123-05:00' },
        '/timestamp must be an ISO-8601 UTC instant like 2026-01-02T15:04:05.000Z',
      ],
      ['an unknown property', { last: 1 }, '/last is not allowed'],
      ['a high below the low', { high: 200, low: 210 }, '/high must be >= low'],
    ];
    for (const [what, patch, problem] of badQuotes) {
      it(`rejects ${what}`, () => {
        const result = validateRecord('stockpoller.quote', { ...validQuote(), ...patch });

        expect(problemsOf(result)).to.include(problem);
      });
    }

    it('names each missing required property', () => {
      const quote: Record<string, unknown> = { ...validQuote() };
      delete quote.timestamp;
      delete quote.price;

      const result = validateRecord('stockpoller.quote', quote);

      expect(problemsOf(result)).to.include.members([
        '/timestamp is required',
        '/price is required',
      ]);
    });

    it('rejects a value that is not an object', () => {
      expect(problemsOf(validateRecord('stockpoller.quote', 'AAPL 231.42'))).to.deep.equal([
        '/ must be object',
      ]);
    });
  });

  describe('validateRecord() with bars', () => {
    it('accepts a daily bar and an intraday bar', () => {
      expect(validateRecord('stockpoller.bar', validDailyBar()).valid).to.equal(true);
      expect(validateRecord('stockpoller.bar', validIntradayBar()).valid).to.equal(true);
    });

    it('accepts a bar whose open, high, low and close are equal', () => {
      const flat = { ...validDailyBar(), open: 10, high: 10, low: 10, close: 10 };

      expect(validateRecord('stockpoller.bar', flat).valid).to.equal(true);
    });

    const badBars: [string, Record<string, unknown>, string][] = [
      ['a high below the open', { high: 410, low: 400 }, '/high must be >= max(open, close)'],
      ['a high below the close', { close: 416 }, '/high must be >= max(open, close)'],
      ['a low above the open', { low: 411 }, '/low must be <= min(open, close)'],
      [
        'an unknown interval unit',
        { interval: '1y' },
        '/interval must be a bar interval like 1m, 1h or 1d',
      ],
      ['an impossible month', { date: '2026-13-01' }, '/date must be a date YYYY-MM-DD'],
      [
        'a daily bar without a date',
        { date: null },
        '/date must be a date YYYY-MM-DD for a daily or longer interval',
      ],
      ['a negative volume', { volume: -1 }, '/volume must be >= 0'],
      ['a zero vwap', { vwap: 0 }, '/vwap must be > 0'],
      ['a missing provider', { provider: undefined }, '/provider is required'],
    ];
    for (const [what, patch, problem] of badBars) {
      it(`rejects ${what}`, () => {
        const result = validateRecord('stockpoller.bar', { ...validDailyBar(), ...patch });

        expect(problemsOf(result)).to.include(problem);
      });
    }

    it('rejects an intraday bar that carries a date', () => {
      const bar = { ...validIntradayBar(), date: '2026-03-09' };

      expect(problemsOf(validateRecord('stockpoller.bar', bar))).to.deep.equal([
        '/date must be null for an intraday interval',
      ]);
    });

    it('accepts weekly and monthly bars with a date', () => {
      for (const interval of ['1w', '1mo']) {
        expect(validateRecord('stockpoller.bar', { ...validDailyBar(), interval }).valid).to.equal(
          true,
        );
      }
    });
  });

  describe('validateRecord() with heartbeats', () => {
    it('accepts a heartbeat with and without a next opening', () => {
      const unknownOpen = { ...validHeartbeat(), nextOpen: null };

      expect(validateRecord('stockpoller.heartbeat', validHeartbeat())).to.deep.equal({
        valid: true,
      });
      expect(validateRecord('stockpoller.heartbeat', unknownOpen)).to.deep.equal({ valid: true });
    });

    const badHeartbeats: [string, Record<string, unknown>, string][] = [
      [
        'an unknown exchange',
        { exchange: 'XLON' },
        '/exchange must be equal to one of the allowed values',
      ],
      ['an unknown phase', { phase: 'lunch' }, '/phase must be equal to one of the allowed values'],
      [
        'a next opening with an offset',
        { nextOpen: '2026-11-27T09:30:00.000-05:00' },
        '/nextOpen must be an ISO-8601 UTC instant like 2026-01-02T15:04:05.000Z',
      ],
      ['a symbol', { symbol: 'AAPL' }, '/symbol is not allowed'],
    ];
    for (const [what, patch, problem] of badHeartbeats) {
      it(`rejects ${what}`, () => {
        const result = validateRecord('stockpoller.heartbeat', { ...validHeartbeat(), ...patch });

        expect(problemsOf(result)).to.include(problem);
      });
    }
  });

  describe('validateEnvelope()', () => {
    const quoteEnvelope = () =>
      createEnvelope({
        schema: 'stockpoller.quote',
        record: validQuote(),
        pipeline: 'us-equities',
        fetchedAt: '2026-03-09T15:04:06.000Z',
      });

    it('accepts envelopes of quotes and of bars', () => {
      const barEnvelope = createEnvelope({
        schema: 'stockpoller.bar',
        record: validDailyBar(),
        pipeline: 'daily_bars',
        fetchedAt: 0,
      });

      expect(validateEnvelope(quoteEnvelope())).to.deep.equal({ valid: true });
      expect(validateEnvelope(barEnvelope)).to.deep.equal({ valid: true });
    });

    it('accepts the envelope of a heartbeat and checks its record as one', () => {
      const heartbeat = createEnvelope({
        schema: 'stockpoller.heartbeat',
        record: validHeartbeat(),
        pipeline: 'us-equities',
        fetchedAt: '2026-11-26T15:00:00.000Z',
      });
      const withQuote = { ...heartbeat, record: validQuote() };

      expect(validateEnvelope(heartbeat)).to.deep.equal({ valid: true });
      expect(problemsOf(validateEnvelope(withQuote))).to.include('/record/exchange is required');
    });

    it('checks the record against the schema the envelope names', () => {
      const mislabelled = { ...quoteEnvelope(), schema: 'stockpoller.bar' };

      const problems = problemsOf(validateEnvelope(mislabelled));

      expect(problems).to.include.members([
        '/record/interval is required',
        '/record/price is not allowed',
      ]);
    });

    it('reports semantic problems of the record under /record', () => {
      const envelope = { ...quoteEnvelope(), record: { ...validQuote(), high: 1, low: 2 } };

      expect(problemsOf(validateEnvelope(envelope))).to.deep.equal(['/record/high must be >= low']);
    });

    const badEnvelopes: [string, Record<string, unknown>, string][] = [
      [
        'an unknown schema',
        { schema: 'stockpoller.trade' },
        '/schema must be equal to one of the allowed values',
      ],
      ['another schema version', { schemaVersion: 2 }, '/schemaVersion must be equal to constant'],
      [
        'an upper-case id',
        { id: 'ABCDEF0123456789ABCDEF0123456789' },
        '/id must be 32 lowercase hex digits',
      ],
      ['a short id', { id: 'abc' }, '/id must be 32 lowercase hex digits'],
      [
        'a fetchedAt without zone',
        { fetchedAt: '2026-03-09T15:04:06.000' },
        '/fetchedAt must be an ISO-8601 UTC instant like 2026-01-02T15:04:05.000Z',
      ],
      [
        'a pipeline name with spaces',
        { pipeline: 'us equities' },
        '/pipeline must be a pipeline name (letters, digits, - and _)',
      ],
      ['a record that is not an object', { record: [] }, '/record must be object'],
    ];
    for (const [what, patch, problem] of badEnvelopes) {
      it(`rejects ${what}`, () => {
        expect(problemsOf(validateEnvelope({ ...quoteEnvelope(), ...patch }))).to.include(problem);
      });
    }
  });
});
