import { expect } from 'chai';
import { chunkSpanOf, planChunks, type ChunkSpan } from '../../../core/runtime/backfill-plan.js';

const idsOf = (from: string, to: string, interval: string, span: ChunkSpan) =>
  planChunks({ interval, from, to }, span).map((chunk) => chunk.id);

describe('backfill plan', () => {
  describe('chunkSpanOf()', () => {
    const cases: [string, number | undefined, ChunkSpan][] = [
      ['1d', undefined, { unit: 'year' }],
      ['1d', 100, { unit: 'month', count: 3 }],
      ['1h', undefined, { unit: 'month', count: 6 }],
      ['30m', undefined, { unit: 'month', count: 4 }],
      ['15m', undefined, { unit: 'month', count: 2 }],
      ['5m', undefined, { unit: 'days', perMonth: 2 }],
      ['1m', undefined, { unit: 'days', perMonth: 7 }],
      ['1m', 50_000, { unit: 'month', count: 1 }],
      ['1m', 100, { unit: 'days', perMonth: 31 }],
    ];
    for (const [interval, maxBars, span] of cases) {
      it(`cuts ${interval} bars into ${JSON.stringify(span)} at ${maxBars ?? 'the default'} bars a call`, () => {
        expect(chunkSpanOf(interval, maxBars)).to.deep.equal(span);
      });
    }

    it('keeps every chunk within the bars one call returns, counting 16-hour days', () => {
      for (const interval of ['1m', '5m', '15m', '30m', '1h']) {
        const perDay = (16 * 60) / Number(interval === '1h' ? 60 : interval.slice(0, -1));
        for (const chunk of planChunks(
          { interval, from: '2024-01-01', to: '2024-12-31' },
          chunkSpanOf(interval),
        )) {
          const days = Math.round((chunk.toMs + 1 - chunk.fromMs) / 86_400_000);
          expect(days * perDay, `${interval} ${chunk.id}`).to.be.at.most(5000);
        }
      }
    });
  });

  describe('planChunks()', () => {
    it('aligns yearly chunks on 1 January and clips the first and last to the range', () => {
      expect(idsOf('2022-06-15', '2024-03-01', '1d', { unit: 'year' })).to.deep.equal([
        '2022-06-15..2022-12-31',
        '2023-01-01..2023-12-31',
        '2024-01-01..2024-03-01',
      ]);
    });

    it('aligns month chunks on quarters whatever month the range starts in', () => {
      expect(idsOf('2024-02-10', '2024-11-30', '1d', { unit: 'month', count: 3 })).to.deep.equal([
        '2024-02-10..2024-03-31',
        '2024-04-01..2024-06-30',
        '2024-07-01..2024-09-30',
        '2024-10-01..2024-11-30',
      ]);
    });

    it('cuts every month into the same runs of days, shorter months included', () => {
      const span: ChunkSpan = { unit: 'days', perMonth: 7 };
      expect(idsOf('2025-02-01', '2025-03-31', '1m', span)).to.deep.equal([
        '2025-02-01..2025-02-04',
        '2025-02-05..2025-02-08',
        '2025-02-09..2025-02-12',
        '2025-02-13..2025-02-16',
        '2025-02-17..2025-02-20',
        '2025-02-21..2025-02-24',
        '2025-02-25..2025-02-28',
        '2025-03-01..2025-03-04',
        '2025-03-05..2025-03-08',
        '2025-03-09..2025-03-13',
        '2025-03-14..2025-03-17',
        '2025-03-18..2025-03-22',
        '2025-03-23..2025-03-26',
        '2025-03-27..2025-03-31',
      ]);
    });

    it('gives a later run with another start the same chunks where the ranges overlap', () => {
      const span = chunkSpanOf('5m');
      const early = idsOf('2024-01-03', '2024-09-30', '5m', span);
      const late = idsOf('2024-05-20', '2024-09-30', '5m', span);
      expect(early).to.include.members(late.slice(1));
      expect(late[0]).to.equal('2024-05-20..2024-05-31');
    });

    it('covers the range without gap or overlap, from its first to its last millisecond', () => {
      const chunks = planChunks(
        { interval: '1d', from: '2019-05-03', to: '2023-02-14' },
        { unit: 'month', count: 2 },
      );
      for (let i = 1; i < chunks.length; i++) {
        expect(chunks[i]?.fromMs).to.equal((chunks[i - 1]?.toMs ?? 0) + 1);
      }
      // 2019-05-03 00:00 and 2023-02-14 23:59:59.999 in New York.
      expect(chunks[0]?.fromMs).to.equal(Date.parse('2019-05-03T04:00:00Z'));
      expect(chunks.at(-1)?.toMs).to.equal(Date.parse('2023-02-15T05:00:00Z') - 1);
    });

    it('keeps instants given as bounds on the first and last chunk', () => {
      const chunks = planChunks(
        { interval: '5m', from: '2025-02-03T15:00:00Z', to: '2025-03-12T14:00:00-04:00' },
        { unit: 'days', perMonth: 2 },
      );
      expect(chunks.map((c) => c.id)).to.deep.equal([
        '2025-02-03T15:00:00Z..2025-02-14',
        '2025-02-15..2025-02-28',
        '2025-03-01..2025-03-12T14:00:00-04:00',
      ]);
      expect(chunks[0]?.fromMs).to.equal(Date.parse('2025-02-03T15:00:00Z'));
      expect(chunks[2]?.toMs).to.equal(Date.parse('2025-03-12T18:00:00Z'));
    });

    it('gives one chunk for a range inside one cell', () => {
      expect(idsOf('2024-07-04', '2024-07-04', '1d', { unit: 'year' })).to.deep.equal([
        '2024-07-04..2024-07-04',
      ]);
    });

    it('throws SP_ERR_PROVIDER_BAD_REQUEST for bounds out of order or unreadable', () => {
      for (const [from, to] of [
        ['2024-02-01', '2024-01-01'],
        ['last week', '2024-01-01'],
        ['2024-02-30', '2024-03-01'],
      ] as const) {
        expect(() => planChunks({ interval: '1d', from, to }, { unit: 'year' }))
          .to.throw()
          .with.property('code', 'SP_ERR_PROVIDER_BAD_REQUEST');
      }
    });
  });
});
