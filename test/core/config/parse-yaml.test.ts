import { expect } from 'chai';
import { parseYamlDocument } from '../../../core/config/parse-yaml.js';
import { catchError, placesOf } from './expect-error.js';

const file = '/srv/app/stockpoller.yaml';

/** A YAML "billion laughs": nine levels, each repeating the previous one nine times. */
function createAliasBomb(levels: number): string {
  const names = 'abcdefghijklmnop'.split('').slice(0, levels);
  const lines = [`a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let i = 1; i < names.length; i += 1) {
    const previous = names[i - 1] ?? 'a';
    lines.push(
      `${names[i] ?? 'z'}: &${names[i] ?? 'z'} [${Array(9).fill(`*${previous}`).join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('parse-yaml', () => {
  describe('parseYamlDocument()', () => {
    it('converts mappings, sequences and scalars to plain data', () => {
      const text = 'version: 1\nname: "x"\nflag: true\nnothing: ~\nlist: [1, two]\n';

      const parsed = parseYamlDocument(file, text);

      expect(parsed.file).to.equal(file);
      expect(parsed.value).to.deep.equal({
        version: 1,
        name: 'x',
        flag: true,
        nothing: null,
        list: [1, 'two'],
      });
    });

    it('records the key and value position of every node', () => {
      const text = [
        'version: 1',
        'providers:',
        '  sim:',
        '    use: simulated',
        '    symbols: [AAPL, MSFT]',
        'pipelines:',
        '  - name: p1',
        '    every: 15s',
        '',
      ].join('\n');

      const { origins } = parseYamlDocument(file, text);

      expect([...origins.keys()]).to.have.members([
        '',
        '/version',
        '/providers',
        '/providers/sim',
        '/providers/sim/use',
        '/providers/sim/symbols',
        '/providers/sim/symbols/0',
        '/providers/sim/symbols/1',
        '/pipelines',
        '/pipelines/0',
        '/pipelines/0/name',
        '/pipelines/0/every',
      ]);
      expect(origins.get('')).to.deep.equal({ file, value: { line: 1, column: 1 } });
      expect(origins.get('/version')).to.deep.equal({
        file,
        key: { line: 1, column: 1 },
        value: { line: 1, column: 10 },
      });
      expect(origins.get('/providers/sim/symbols')).to.deep.equal({
        file,
        key: { line: 5, column: 5 },
        value: { line: 5, column: 14 },
      });
      expect(origins.get('/providers/sim/symbols/1')).to.deep.equal({
        file,
        value: { line: 5, column: 21 },
      });
      expect(origins.get('/pipelines')).to.deep.equal({
        file,
        key: { line: 6, column: 1 },
        value: { line: 7, column: 3 },
      });
      expect(origins.get('/pipelines/0')).to.deep.equal({ file, value: { line: 7, column: 5 } });
      expect(origins.get('/pipelines/0/every')).to.deep.equal({
        file,
        key: { line: 8, column: 5 },
        value: { line: 8, column: 12 },
      });
    });

    it('gives an empty value the position right after its colon', () => {
      const { value, origins } = parseYamlDocument(file, 'a:\nb: 2\n');

      expect(value).to.deep.equal({ a: null, b: 2 });
      expect(origins.get('/a')).to.deep.equal({
        file,
        key: { line: 1, column: 1 },
        value: { line: 1, column: 3 },
      });
    });

    it('escapes "/" and "~" of keys in pointers', () => {
      const { origins } = parseYamlDocument(file, 'a/b:\n  c~d: 1\n');

      expect(origins.get('/a~1b/c~0d')).to.deep.include({ value: { line: 2, column: 8 } });
    });

    it('copies an anchor into each alias and places the copy at the alias', () => {
      const text = 'defaults: &defaults\n  retries: 3\nfeed:\n  opts: *defaults\n';

      const { value, origins } = parseYamlDocument(file, text);

      expect(value).to.deep.equal({ defaults: { retries: 3 }, feed: { opts: { retries: 3 } } });
      const record = value as { defaults: object; feed: { opts: object } };
      expect(record.feed.opts).to.not.equal(record.defaults);
      expect(origins.get('/feed/opts')).to.deep.equal({
        file,
        key: { line: 4, column: 3 },
        value: { line: 4, column: 9 },
      });
      expect(origins.get('/feed/opts/retries')).to.deep.equal({
        file,
        key: { line: 2, column: 3 },
        value: { line: 2, column: 12 },
      });
    });

    it('returns null for an empty file and for a file of comments', () => {
      expect(parseYamlDocument(file, '').value).to.equal(null);
      expect(parseYamlDocument(file, '# nothing yet\n').value).to.equal(null);
      expect(parseYamlDocument(file, '').origins.get('')).to.deep.equal({
        file,
        value: { line: 1, column: 1 },
      });
    });

    it('parses JSON with positions', () => {
      const text = '{\n\t"name": "x",\n\t"list": [\n\t\t1\n\t]\n}\n';

      const { value, origins } = parseYamlDocument('/srv/app/.stockpollerrc.json', text);

      expect(value).to.deep.equal({ name: 'x', list: [1] });
      expect(origins.get('/list/0')?.value).to.deep.equal({ line: 4, column: 3 });
    });

    it('keeps a "__proto__" key as data', () => {
      const { value } = parseYamlDocument(file, '__proto__:\n  polluted: true\n');

      expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
      expect(Object.keys(value as object)).to.deep.equal(['__proto__']);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('reads YAML 1.2 whatever the %YAML directive says', () => {
      const text = '%YAML 1.1\n---\non: yes\nday: 2001-12-14\n';

      expect(parseYamlDocument(file, text).value).to.deep.equal({ on: 'yes', day: '2001-12-14' });
    });

    it('reports every duplicate key at its second occurrence', () => {
      const text = 'a: 1\na: 2\nb:\n  c: 1\n  c: 3\n';

      const error = catchError(() => parseYamlDocument(file, text));

      expect(error.code).to.equal('SP_ERR_CONFIG_DUPLICATE_KEY');
      expect(error.message).to.equal('stockpoller.yaml has 2 problems');
      expect(placesOf(error)).to.deep.equal([
        ['SP_ERR_CONFIG_DUPLICATE_KEY', 2, 1, '/a'],
        ['SP_ERR_CONFIG_DUPLICATE_KEY', 5, 3, '/b/c'],
      ]);
      const second = error.problems[1];
      expect(second?.file).to.equal(file);
      expect(second?.message).to.include('"c"').and.include('line 4, column 3');
      expect(second?.hint).to.include('keep one');
    });

    it('treats keys 1 and "1" as the same key', () => {
      const error = catchError(() => parseYamlDocument(file, '1: a\n"1": b\n'));

      expect(placesOf(error)).to.deep.equal([['SP_ERR_CONFIG_DUPLICATE_KEY', 2, 1, '/1']]);
    });

    it('reports a second document as a syntax problem', () => {
      const error = catchError(() => parseYamlDocument(file, '---\na: 1\n---\nb: 2\n'));

      expect(placesOf(error)).to.deep.equal([['SP_ERR_CONFIG_YAML_SYNTAX', 3, 1, '']]);
      expect(error.problems[0]?.hint).to.include('one document per file');
      expect(error.hint).to.equal(error.problems[0]?.hint);
    });

    it('reports a problem outside any value with the root pointer', () => {
      const error = catchError(() => parseYamlDocument(file, '# first\n---\n---\n'));

      expect(placesOf(error)).to.deep.equal([['SP_ERR_CONFIG_YAML_SYNTAX', 3, 1, '']]);
    });

    it('explains tabs used for indentation', () => {
      const error = catchError(() => parseYamlDocument(file, 'a:\n\tb: 1\n'));

      expect(error.code).to.equal('SP_ERR_CONFIG_YAML_SYNTAX');
      expect(error.problems[0]).to.include({ line: 2, column: 1 });
      expect(error.problems[0]?.hint).to.match(/tabs/);
      expect(error.problems[0]?.message).to.not.include('\n');
    });

    it('reports every syntax problem with its position and pointer', () => {
      const text = 'a:\n  b: "\\q"\nc: @d\n';

      const error = catchError(() => parseYamlDocument(file, text));

      expect(error.message).to.equal('stockpoller.yaml has 2 problems');
      expect(placesOf(error)).to.deep.equal([
        ['SP_ERR_CONFIG_YAML_SYNTAX', 2, 7, '/a/b'],
        ['SP_ERR_CONFIG_YAML_SYNTAX', 3, 4, '/c'],
      ]);
      expect(error.problems[1]?.hint).to.include('quote');
    });

    it('rejects a complex key', () => {
      const error = catchError(() => parseYamlDocument(file, '? [a, b]\n: 1\n'));

      expect(error.code).to.equal('SP_ERR_CONFIG_YAML_SYNTAX');
      expect(error.problems[0]).to.include({ line: 1, column: 3 });
      expect(error.problems[0]?.hint).to.include('plain text');
    });

    it('rejects merge keys, empty keys and values that are not JSON', () => {
      const text = 'base: &b {x: 1}\nm:\n  <<: *b\n: lonely\nbin: !!binary aGVsbG8=\nbig: .inf\n';

      const error = catchError(() => parseYamlDocument(file, text));

      expect(placesOf(error)).to.deep.equal([
        ['SP_ERR_CONFIG_YAML_SYNTAX', 3, 3, '/m/<<'],
        ['SP_ERR_CONFIG_YAML_SYNTAX', 4, 1, '/'],
        ['SP_ERR_CONFIG_YAML_SYNTAX', 5, 15, '/bin'],
        ['SP_ERR_CONFIG_BAD_VALUE', 6, 6, '/big'],
      ]);
    });

    it('rejects a tag it does not know', () => {
      const error = catchError(() => parseYamlDocument(file, 'a: !vault secret\n'));

      expect(placesOf(error)).to.deep.equal([['SP_ERR_CONFIG_YAML_SYNTAX', 1, 4, '']]);
      expect(error.problems[0]?.message).to.include('!vault');
    });

    it('rejects an alias without an anchor and an alias inside its own anchor', () => {
      const text = 'a: *missing\nb: &loop [1, *loop]\n';

      const error = catchError(() => parseYamlDocument(file, text));

      expect(placesOf(error)).to.deep.equal([
        ['SP_ERR_CONFIG_YAML_SYNTAX', 1, 4, '/a'],
        ['SP_ERR_CONFIG_YAML_SYNTAX', 2, 14, '/b/1'],
      ]);
      expect(error.problems[0]?.message).to.include('*missing');
      expect(error.problems[1]?.message).to.include('contains it');
    });

    it('stops a billion-laughs alias bomb with SP_ERR_CONFIG_ALIAS_LIMIT', () => {
      const error = catchError(() => parseYamlDocument(file, createAliasBomb(9)));

      expect(error.code).to.equal('SP_ERR_CONFIG_ALIAS_LIMIT');
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({ line: 9, column: 8, pointer: '/i/0' });
      expect(error.problems[0]?.message).to.include('*h');
    });

    it('stops an alias bomb too large to count exactly', () => {
      const error = catchError(() => parseYamlDocument(file, createAliasBomb(16)));

      expect(error.code).to.equal('SP_ERR_CONFIG_ALIAS_LIMIT');
    });

    it('stops aliases of a large anchor that slip under the yaml alias count', () => {
      const items = Array.from({ length: 2000 }, (_, i) => i).join(', ');
      const aliases = Array.from({ length: 60 }, () => '*big').join(', ');
      const text = `big: &big [${items}]\ncopies: [${aliases}]\n`;

      const error = catchError(() => parseYamlDocument(file, text));

      expect(placesOf(error)).to.deep.equal([['SP_ERR_CONFIG_ALIAS_LIMIT', 2, 10, '/copies/0']]);
    });

    it('stops an anchor repeated more often than the yaml alias count allows', () => {
      const text = `a: &a x\nb: [${Array.from({ length: 150 }, () => '*a').join(', ')}]\n`;

      const error = catchError(() => parseYamlDocument(file, text));

      expect(placesOf(error)).to.deep.equal([['SP_ERR_CONFIG_ALIAS_LIMIT', 2, 5, '/b/0']]);
      expect(error.problems[0]?.message).to.include('limit of 100 repeats');
    });

    it('accepts a moderate use of aliases', () => {
      const text = 'a: &a [1, 2, 3]\nb: [*a, *a, *a]\n';

      expect(parseYamlDocument(file, text).value).to.deep.equal({
        a: [1, 2, 3],
        b: [
          [1, 2, 3],
          [1, 2, 3],
          [1, 2, 3],
        ],
      });
    });

    it('rejects nesting deeper than 64 levels, even very deep', () => {
      // A parse error first, so the yaml library has run its regular expressions once.
      catchError(() => parseYamlDocument(file, 'a:\n\tb: 1\n'));

      const deep = catchError(() => parseYamlDocument(file, '['.repeat(20_000)));
      const justTooDeep = catchError(() =>
        parseYamlDocument(file, `${'['.repeat(65)}${']'.repeat(65)}`),
      );

      expect(placesOf(deep)).to.deep.equal([['SP_ERR_CONFIG_YAML_SYNTAX', 1, 65, '']]);
      expect(placesOf(justTooDeep)).to.deep.equal([['SP_ERR_CONFIG_YAML_SYNTAX', 1, 65, '']]);
      const fine = parseYamlDocument(file, `${'['.repeat(64)}${']'.repeat(64)}`);
      expect(fine.origins.size).to.equal(64);
    });

    it('rejects aliases that nest deeper than 64 levels once expanded', () => {
      const inner = `${'['.repeat(40)}1${']'.repeat(40)}`;
      const text = `a: &deep ${inner}\nb: ${'['.repeat(30)}*deep${']'.repeat(30)}\n`;

      const error = catchError(() => parseYamlDocument(file, text));

      expect(error.code).to.equal('SP_ERR_CONFIG_YAML_SYNTAX');
      expect(error.problems[0]?.message).to.include('64 levels');
    });
  });
});
