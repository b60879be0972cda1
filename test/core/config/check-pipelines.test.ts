import { expect } from 'chai';
import { prepareConfig } from '../../../core/config/prepare.js';
import { StockpollerError } from '../../../core/errors/index.js';
import { TempDirs } from './temp-dir.js';

const manifestWith = (pipeline: string): string => `version: 1
providers:
  market: { use: simulated }
transports:
  console: { use: stdout }
pipelines:
  main:
    provider: market
    transports: [console]
${pipeline}
`;

describe('checkPipelines()', () => {
  const dirs = new TempDirs();
  after(() => {
    dirs.removeAll();
  });

  const prepare = (files: Record<string, string>) =>
    prepareConfig({ cwd: dirs.create(files), vars: {} });

  it('joins a symbols file to the inline list, in order, without duplicates', async () => {
    const { manifest } = await prepare({
      'stockpoller.yaml': manifestWith('    symbols: [AAPL, MSFT]\n    symbolsFile: lists/us.txt'),
      'lists/us.txt': '# leaders\r\nMSFT\r\n\r\n  NVDA   # chips\r\nBRK.B\n',
    });
    expect(manifest.pipelines.main?.symbols).to.deep.equal(['AAPL', 'MSFT', 'NVDA', 'BRK.B']);
  });

  it('reads a symbols file relative to the overlay that names it', async () => {
    const { manifest } = await prepareConfig({
      cwd: dirs.create({
        'stockpoller.yaml': manifestWith('    symbols: [AAPL]'),
        'configs/prod.yaml': 'pipelines:\n  main:\n    symbols: null\n    symbolsFile: prod.txt\n',
        'configs/prod.txt': 'TSLA\n',
      }),
      env: 'prod',
      vars: {},
    });
    expect(manifest.pipelines.main?.symbols).to.deep.equal(['TSLA']);
  });

  it('keeps a schedule without every or cron unset, for the 15 s default', async () => {
    const { manifest } = await prepare({ 'stockpoller.yaml': manifestWith('    symbols: [AAPL]') });
    expect(manifest.pipelines.main?.every).to.equal(undefined);
    expect(manifest.pipelines.main?.cron).to.equal(undefined);
  });

  it('rejects a symbols file that holds nothing but comments', async () => {
    const error = await prepare({
      'stockpoller.yaml': manifestWith('    symbolsFile: empty.txt'),
      'empty.txt': '# nothing yet\n\n',
    }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(StockpollerError);
    const { problems } = error as StockpollerError;
    expect(problems.map((p) => p.code)).to.deep.equal(['SP_ERR_CONFIG_MISSING_KEY']);
  });
});
