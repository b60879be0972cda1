import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorCatalog } from '../../../core/errors/index.js';
import { repoRoot } from '../../helpers/fixtures.js';

/** The rows between the error-codes markers of README.md, as `description | fix` by code. */
function readmeCodes(): Map<string, string> {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- error-codes:start -->');
  const end = readme.indexOf('<!-- error-codes:end -->');
  const rows = new Map<string, string>();
  for (const line of readme.slice(start, end).split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const code = /^`(SP_[A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (code !== undefined) rows.set(code, `${cells[2] ?? ''} | ${cells[3] ?? ''}`);
  }
  return rows;
}

describe('error catalog', () => {
  it('is documented in the README, code by code, with the same description', () => {
    const documented = readmeCodes();
    const catalog = new Map(Object.entries(errorCatalog));

    const undocumented = [...catalog.keys()].filter((code) => !documented.has(code));
    const unknown = [...documented.keys()].filter((code) => !catalog.has(code));
    expect(undocumented, 'codes missing from the README table').to.deep.equal([]);
    expect(unknown, 'README codes missing from core/errors/codes.ts').to.deep.equal([]);
    for (const [code, info] of catalog) {
      expect(documented.get(code), code).to.equal(`${info.description} | ${info.fix}`);
    }
  });

  it('names every code SP_ERR_<AREA>[_<PROBLEM>]', () => {
    for (const code of Object.keys(errorCatalog))
      expect(code).to.match(/^SP_ERR_[A-Z]+(_[A-Z]+)*$/);
  });
});
