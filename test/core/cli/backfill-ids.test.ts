import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bar, Envelope } from '../../../core/contract/types.js';
import { addDays, newYorkDateOf } from '../../../core/providers/index.js';
import { runBin } from '../../helpers/cli.js';

/** Envelopes of JSON lines, by the bar's date. */
function barsByDate(text: string): Map<string, Envelope<Bar>> {
  const lines = text.trim().split('\n').filter(Boolean);
  const envelopes = lines.map((line) => JSON.parse(line) as Envelope<Bar>);
  return new Map(envelopes.map((envelope) => [envelope.record.date ?? '', envelope]));
}

describe('stockpoller backfill and run', () => {
  it('give the same message id to the same daily bar, whatever the pipeline', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-backfill-ids-'));
    const out = path.join(dir, 'history.jsonl');
    const bars = 'records: [bar], barInterval: 1d, symbols: [AAPL]';
    writeFileSync(
      path.join(dir, 'stockpoller.yaml'),
      [
        'version: 1',
        'logLevel: warn',
        'providers: { sim: { use: simulated, options: { seed: 7 } } }',
        'transports:',
        '  console: { use: stdout }',
        `  history: { use: file, options: { path: ${JSON.stringify(out)} } }`,
        'pipelines:',
        `  live: { provider: sim, transports: [console], ${bars} }`,
        `  past: { provider: sim, transports: [history], enabled: false, ${bars} }`,
      ].join('\n'),
    );
    const today = newYorkDateOf(Date.now());

    const live = await runBin(['run', '--once'], { cwd: dir });
    const from = addDays(today, -10);
    const backfilled = await runBin(
      ['backfill', '--pipeline', 'past', '--from', from, '--to', today],
      { cwd: dir },
    );

    expect(live.code, live.stderr).to.equal(0);
    expect(backfilled.code, backfilled.stderr).to.equal(0);
    const [polled] = [...barsByDate(live.stdout).values()];
    expect(polled, live.stdout).to.not.equal(undefined);
    const history = barsByDate(readFileSync(out, 'utf8'));
    const same = history.get(polled?.record.date ?? '');
    expect(same?.record).to.deep.equal(polled?.record);
    expect(same?.id).to.equal(polled?.id);
    expect(same?.pipeline).to.equal('past');
  });
});
