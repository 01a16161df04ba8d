import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDocs, checkReadmeText, machinePaths } from '../check-docs.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

describe('checkDocs', () => {
  it('reports each missing TSDoc, summary, @param, @returns, @example, member doc and option @default and the out-of-order README in the bad fixture, skipping the private package', () => {
    const problems = checkDocs(here('./fixtures/docs/bad'));
    const order = 'expected Install, Usage, API, The maths, Notes, References';
    expect(problems).toEqual([
      '@fixture/bad: packages/bad/src/Box.ts:2 Box: missing @example',
      '@fixture/bad: packages/bad/src/Box.ts:10 Box.double: missing TSDoc',
      '@fixture/bad: packages/bad/src/extra.ts:1 extraEntry: missing TSDoc',
      '@fixture/bad: packages/bad/src/functions.ts:13 noDoc: missing TSDoc',
      '@fixture/bad: packages/bad/src/functions.ts:24 missingParam: missing @param factor',
      '@fixture/bad: packages/bad/src/functions.ts:34 missingReturns: missing @returns',
      '@fixture/bad: packages/bad/src/functions.ts:41 missingExample: missing @example',
      '@fixture/bad: packages/bad/src/functions.ts:71 onlyTags: missing TSDoc summary',
      '@fixture/bad: packages/bad/src/values.ts:1 THRESHOLD: missing TSDoc',
      '@fixture/bad: packages/bad/src/values.ts:3 Shape: missing TSDoc',
      '@fixture/bad: packages/bad/src/values.ts:16 ThingOptions.color: missing @default',
      '@fixture/bad: packages/bad/src/values.ts:17 ThingOptions.label: missing TSDoc',
      `@fixture/bad: packages/bad/README.md:9 README: section ## API is out of order (${order})`,
      `@fixture/bad: packages/bad/README.md:21 README: section ## References is out of order (${order})`,
    ]);
  });

  it('skips the member checks with members: false', () => {
    const problems = checkDocs(here('./fixtures/docs/bad'), { members: false });
    expect(problems.map((p) => p.split(' ')[2]).filter((name) => name.includes('.'))).toEqual([]);
    expect(problems).toHaveLength(11);
  });

  it('finds nothing in the clean fixture (destructured options, extra sections, headings inside code)', () => {
    expect(checkDocs(here('./fixtures/docs/clean'))).toEqual([]);
  });
});

describe('checkReadmeText', () => {
  const body = [
    '## Install',
    '## Usage',
    '## API',
    '[API reference](../../apps/site/public/api/index.html)',
    '## Maths',
    '## Notes',
    '## References',
  ].join('\n\n');
  const dirs = { readmeDir: '/ws/packages/x', apiDir: '/ws/apps/site/public/api' };

  it('accepts `## Maths` for `## The maths` and a link into the TypeDoc output folder', () => {
    expect(checkReadmeText(`# x\n\nDoes one thing.\n\n${body}\n`, dirs)).toEqual([]);
  });

  it('requires a purpose paragraph right after the title', () => {
    expect(checkReadmeText(`# x\n\n${body}\n`, dirs)).toEqual([
      '1 README: missing the one-line purpose right after the title',
    ]);
  });

  it('requires the API reference link, into the TypeDoc folder or the site path it is served at', () => {
    const noLink = body.replace('[API reference](../../apps/site/public/api/index.html)', 'See the site.');
    expect(checkReadmeText(`# x\n\nDoes one thing.\n\n${noLink}\n`, dirs)).toEqual([
      '1 README: missing a link [API reference](...) to the TypeDoc reference',
    ]);
    const wrong = body.replace('../../apps/site/public/api/index.html', '../../docs/index.html');
    expect(checkReadmeText(`# x\n\nDoes one thing.\n\n${wrong}\n`, dirs)).toEqual([
      '11 README: the API reference link must point into ../../apps/site/public/api/ or /api/ (or an http(s) URL)',
    ]);
    const site = body.replace('../../apps/site/public/api/index.html', '/api/');
    expect(checkReadmeText(`# x\n\nDoes one thing.\n\n${site}\n`, dirs)).toEqual([]);
    const elsewhere = body.replace('../../apps/site/public/api/index.html', '/docs/');
    expect(checkReadmeText(`# x\n\nDoes one thing.\n\n${elsewhere}\n`, dirs)).toHaveLength(1);
  });

  it('names a missing section after the last one found', () => {
    const noNotes = body.replace('## Notes\n\n', '');
    expect(checkReadmeText(`# x\n\nDoes one thing.\n\n${noNotes}\n`, dirs)).toEqual([
      '13 README: missing section ## Notes',
    ]);
  });
});

describe('machinePaths', () => {
  it("names each tracked line with a machine's path, not relative paths, URLs or untracked files", () => {
    const dir = mkdtempSync(join(tmpdir(), 'idyn-paths-'));
    const git = (...a) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    const root = (name) => `/${name}/`; // this file itself names no machine path
    writeFileSync(
      join(dir, 'a.ts'),
      `const p = '../shared/peers/x.py';\nconst q = '${root('work')}shared/peers/x.py';\n`,
    );
    writeFileSync(
      join(dir, 'b.md'),
      `see https://example.org${root('work')}x and ~${root('home')}y\nrun python3 ${root('home')}me/x.py\n`,
    );
    writeFileSync(join(dir, 'untracked.md'), `${root('work')}x\n`);
    git('add', 'a.ts', 'b.md');
    expect(machinePaths(dir)).toEqual([
      "a.ts:2: a machine's path (name it relative to the repository)",
      "b.md:2: a machine's path (name it relative to the repository)",
    ]);
  });
});
