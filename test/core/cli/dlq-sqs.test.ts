import { expect } from 'chai';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { startEmulator, type Fauxqs } from '../../plugins/transport-sqs/fauxqs-harness.js';

/** `stockpoller dlq` end to end: the sqs transport of a manifest against fauxqs. */
describe('stockpoller dlq against SQS (fauxqs)', () => {
  let sqs: Fauxqs;
  let dir: string;

  before(async () => {
    sqs = await startEmulator();
    dir = mkdtempSync(path.join(os.tmpdir(), 'sp-dlq-sqs-'));
    writeFileSync(
      path.join(dir, 'stockpoller.yaml'),
      [
        'version: 1',
        'logLevel: silent',
        'providers: { p: { use: simulated } }',
        'transports:',
        '  quotes:',
        '    use: sqs',
        `    options: { queueName: cli-quotes, endpoint: "${sqs.endpoint}", region: us-east-1,`,
        '      accessKeyId: test, secretAccessKey: test, assert: true, maxReceiveCount: 2 }',
        'pipelines: { x: { provider: p, symbols: [AAA], transports: [quotes] } }',
      ].join('\n'),
    );
    // Start once so that assert creates the queue and its dead-letter queue.
    const created = await runCli(['dlq', 'inspect', '-t', 'quotes'], { cwd: dir });
    expect(created.code, created.stderr).to.equal(0);
    const dlqUrl = await queueUrl('cli-quotes-dlq');
    for (const symbol of ['AAA', 'BBB']) {
      await sqs.client.send(
        new SendMessageCommand({
          QueueUrl: dlqUrl,
          MessageBody: JSON.stringify({
            id: symbol.toLowerCase().padEnd(32, '0'),
            record: { symbol },
          }),
        }),
      );
    }
  });

  after(async () => {
    await sqs.stop();
  });

  async function queueUrl(name: string): Promise<string> {
    const { QueueUrl } = await sqs.client.send(new GetQueueUrlCommand({ QueueName: name }));
    return QueueUrl ?? '';
  }

  it('inspect lists the dead letters and leaves them in place', async () => {
    const first = await runCli(['dlq', 'inspect', '-t', 'quotes', '--format', 'json'], {
      cwd: dir,
    });
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout.trim().split('\n')).to.have.length(2);
  });

  it('redrive --dry-run moves nothing; redrive moves every message back to the main queue', async () => {
    const dry = await runCli(['dlq', 'redrive', '-t', 'quotes', '--dry-run', '--format', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(dry.stdout)).to.include({ dryRun: true, moved: 0, wouldMove: 2 });

    const moved = await runCli(['dlq', 'redrive', '-t', 'quotes', '--format', 'json'], {
      cwd: dir,
    });
    expect(moved.code, moved.stderr).to.equal(0);
    expect(JSON.parse(moved.stdout)).to.include({ moved: 2, failed: 0 });

    const main = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: await queueUrl('cli-quotes'),
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(main.Messages ?? []).to.have.length(2);
    const left = await runCli(['dlq', 'inspect', '-t', 'quotes', '--format', 'json'], { cwd: dir });
    expect(left.stdout.trim()).to.equal('');
  });
});
