#!/usr/bin/env node
// Docs check (STYLE.md "Docs"): for every publishable workspace package (packages/* and apps/*,
// skipping `"private": true`), walk every symbol exported from each `exports` entry that has a
// `source` condition, follow re-exports to their declarations with the TypeScript checker, and
// require a TSDoc comment on each exported function, class, const, enum, interface and type; on
// functions an `@param` per parameter, `@returns` unless the result is void / Promise<void>, and an
// `@example`; on classes an `@example`. Declarations outside the package (e.g. ml-matrix's
// `Matrix`, or a type re-exported from a sibling) are checked where they live, not here. Public
// members of exported classes, interfaces and object types need a TSDoc comment too, and optional
// fields of `<Fn>Options` types an `@default` (STYLE.md); `--no-members` skips these member checks.
// Each README.md must have the title, a one-paragraph purpose right after it, the sections
// Install, Usage, API, The maths (or Maths), Notes, References in this order (other sections may sit
// between them), and a markdown link whose text is `API reference` to an http(s) URL, to a
// relative path inside the TypeDoc output folder (typedoc.json `out`, default apps/site/public/api),
// or to the site path that folder is served at (`/api/...`, the part below `public/`).
// Usage: check-docs.mjs [workspaceRoot] [--package dir ...] [--no-members]. Exit 1 with one line per problem:
//   `<package>: <file>:<line> <name>: missing @returns`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Publishable packages of the workspace at `root`: `{ name, dir, json }`, private ones left out. */
export function publishablePackages(root) {
  const packages = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const pj = join(dir, name, 'package.json');
      if (!existsSync(pj)) continue;
      const json = JSON.parse(readFileSync(pj, 'utf8'));
      if (json.private === true) continue;
      packages.push({ name: json.name, dir: join(dir, name), json });
    }
  }
  return packages;
}

/** The `source` file of every `exports` entry (conditions may nest), as absolute paths. */
export function entrySources(pkgDir, json) {
  const out = new Set();
  const visit = (value) => {
    if (value === null || typeof value !== 'object') return;
    if (typeof value.source === 'string') out.add(resolve(pkgDir, value.source));
    for (const [key, v] of Object.entries(value)) if (key !== 'source') visit(v);
  };
  const exp = json.exports;
  if (typeof exp === 'object' && exp !== null) {
    const keys = Object.keys(exp);
    if (keys.length > 0 && keys.every((k) => k.startsWith('.'))) for (const k of keys) visit(exp[k]);
    else visit(exp);
  }
  return [...out];
}

function compilerOptions(pkgDir) {
  const configPath = join(pkgDir, 'tsconfig.json');
  const fallback = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['source'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };
  if (!existsSync(configPath)) return fallback;
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  if (!parsed) return fallback;
  // Type roots of test matchers etc. are irrelevant to declarations and may be unresolvable here.
  return { ...parsed.options, types: [], noEmit: true };
}

const functionLike = (node) =>
  node !== undefined &&
  (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node));

function kindOf(decl) {
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  if (ts.isEnumDeclaration(decl)) return 'enum';
  if (ts.isModuleDeclaration(decl)) return 'namespace';
  if (ts.isVariableDeclaration(decl)) return functionLike(decl.initializer) ? 'function' : 'const';
  return undefined;
}

/** The `/** ... *\/` blocks attached to a declaration (a variable's sit on its statement). */
function docsOf(decl) {
  const host = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return (host.jsDoc ?? []).filter((d) => ts.isJSDoc(d));
}

function tagsOf(docs) {
  return docs.flatMap((d) => [...(d.tags ?? [])]);
}

const tagName = (tag) => tag.tagName.escapedText.toString();

function returnsNothing(checker, sig) {
  const type = checker.getReturnTypeOfSignature(sig);
  const isVoid = (t) => (t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never)) !== 0;
  if (isVoid(type)) return true;
  const symbol = type.getSymbol();
  if (symbol?.getName() === 'Promise') {
    const [arg] = checker.getTypeArguments(type);
    return arg !== undefined && isVoid(arg);
  }
  return false;
}

function checkFunction(checker, decls, docs, report) {
  const tags = tagsOf(docs);
  // Overloads: the signatures a caller sees; the implementation only when there are none.
  const signatures = decls.filter((d) => !(ts.isFunctionDeclaration(d) && d.body && decls.length > 1));
  const named = new Set();
  let patterns = 0;
  for (const decl of signatures) {
    const fn = ts.isVariableDeclaration(decl) ? decl.initializer : decl;
    for (const p of fn.parameters) {
      if (ts.isIdentifier(p.name)) {
        if (p.name.text !== 'this') named.add(p.name.text);
      } else patterns = Math.max(patterns, 1);
    }
  }
  const paramTags = tags.filter((t) => ts.isJSDocParameterTag(t));
  const documented = new Set(
    paramTags.map((t) => (ts.isIdentifier(t.name) ? t.name.text : t.name.getText())),
  );
  for (const name of named) if (!documented.has(name)) report(`missing @param ${name}`);
  const spare = [...documented].filter((n) => !named.has(n)).length;
  if (patterns > spare) report('missing @param for a destructured parameter');

  const hasReturns = tags.some((t) => tagName(t) === 'returns' || tagName(t) === 'return');
  if (!hasReturns) {
    const needs = signatures.some((decl) => {
      const fn = ts.isVariableDeclaration(decl) ? decl.initializer : decl;
      const sig = checker.getSignatureFromDeclaration(fn);
      return sig !== undefined && !returnsNothing(checker, sig);
    });
    if (needs) report('missing @returns');
  }
  if (!tags.some((t) => tagName(t) === 'example')) report('missing @example');
}

const hasSummary = (doc) => Boolean(ts.getTextOfJSDocComment(doc.comment)?.trim());

/** The public members of an exported class, interface or object type alias. */
function publicMembers(decl) {
  let members = [];
  if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) members = [...decl.members];
  else if (ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type))
    members = [...decl.type.members];
  return members.filter((m) => {
    if (!m.name || ts.isPrivateIdentifier(m.name) || ts.isConstructorDeclaration(m)) return false;
    const hidden = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword];
    if (ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => hidden.includes(x.kind))) return false;
    return !(m.jsDoc ?? []).some((d) => (d.tags ?? []).some((t) => tagName(t) === 'internal'));
  });
}

// Members: every public member has a TSDoc comment (a lone `@default` is enough for a self-explaining
// field; a getter/setter pair or overloads need one comment; a redeclared member may inherit its
// base's comment);
// optional fields of `<Fn>Options` types carry `@default` (STYLE.md "Options objects").
function memberDocs(members) {
  return members.flatMap((m) => (m.jsDoc ?? []).filter((d) => ts.isJSDoc(d)));
}

/**
 * The comments of the same-named member in the base types of `decl` (extends / implements),
 * nearest first: TypeDoc shows an inherited comment on a redeclared member that has none.
 */
function inheritedDocs(checker, decl, member, depth = 0) {
  if (depth > 8 || !(ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl))) return [];
  for (const clause of decl.heritageClauses ?? []) {
    for (const expr of clause.types) {
      const prop = checker.getTypeAtLocation(expr).getProperty(member);
      for (const d of prop?.declarations ?? []) {
        const docs = memberDocs([d]);
        if (docs.length > 0) return docs;
        const more = inheritedDocs(checker, d.parent, member, depth + 1);
        if (more.length > 0) return more;
      }
    }
  }
  return [];
}

function checkMembers(checker, root, name, group, problems) {
  for (const decl of group) {
    const byName = new Map();
    for (const m of publicMembers(decl)) {
      const key = m.name.getText();
      if (!byName.has(key)) byName.set(key, []);
      byName.get(key).push(m);
    }
    const isOptions = /Options$/.test(name);
    for (const [member, ms] of byName) {
      const sf = ms[0].getSourceFile();
      const line = sf.getLineAndCharacterOfPosition(ms[0].getStart(sf)).line + 1;
      const where = `${relative(root, sf.fileName).split(sep).join('/')}:${line} ${name}.${member}`;
      let docs = memberDocs(ms);
      if (docs.length === 0) docs = inheritedDocs(checker, decl, member);
      if (docs.length === 0) {
        problems.push(`${where}: missing TSDoc`);
        continue;
      }
      const optional = ms.some((m) => m.questionToken !== undefined);
      const defaults = tagsOf(docs).some((t) => tagName(t) === 'default' || tagName(t) === 'defaultValue');
      if (isOptions && optional && !defaults) problems.push(`${where}: missing @default`);
    }
  }
}

/**
 * Problems in the exported declarations of one package, as `file:line name: missing X` strings
 * (file relative to `root`).
 */
export function checkExports(root, pkg, { members = true } = {}) {
  const problems = [];
  const sources = entrySources(pkg.dir, pkg.json).filter((f) => existsSync(f));
  if (sources.length === 0) return problems;
  const program = ts.createProgram({ rootNames: sources, options: compilerOptions(pkg.dir) });
  const checker = program.getTypeChecker();
  const pkgPrefix = resolve(pkg.dir) + sep;
  const seen = new Set();
  for (const file of sources) {
    const sf = program.getSourceFile(file);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = (target.declarations ?? []).filter((d) => {
        const f = resolve(d.getSourceFile().fileName);
        return f.startsWith(pkgPrefix) && !f.includes(`${sep}node_modules${sep}`) && kindOf(d) !== undefined;
      });
      if (decls.length === 0) continue;
      const name = exported.getName();
      // Group by kind: a name can be both a value and a type (`const X` + `type X`).
      const byKind = new Map();
      for (const d of decls) {
        const k = kindOf(d) === 'namespace' ? 'namespace' : kindOf(d);
        if (!byKind.has(k)) byKind.set(k, []);
        byKind.get(k).push(d);
      }
      for (const [kind, group] of byKind) {
        const first = group[0];
        const sfile = first.getSourceFile();
        const key = `${sfile.fileName}:${first.pos}:${kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const line = sfile.getLineAndCharacterOfPosition(first.getStart(sfile)).line + 1;
        const where = `${relative(root, sfile.fileName).split(sep).join('/')}:${line} ${name}`;
        const report = (what) => problems.push(`${where}: ${what}`);
        const docs = group.flatMap(docsOf);
        if (docs.length === 0) report('missing TSDoc');
        else {
          if (!docs.some(hasSummary)) report('missing TSDoc summary');
          if (kind === 'function') checkFunction(checker, group, docs, report);
          else if (kind === 'class' && !tagsOf(docs).some((t) => tagName(t) === 'example'))
            report('missing @example');
        }
        if (members) checkMembers(checker, root, name, group, problems);
      }
    }
  }
  const at = (p) => {
    const m = /^(.*):(\d+) /.exec(p);
    return [m[1], Number(m[2])];
  };
  return problems.sort((a, b) => {
    const [fa, la] = at(a);
    const [fb, lb] = at(b);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb;
  });
}

const requiredSections = [
  { label: '## Install', test: (h) => /^install$/i.test(h) },
  { label: '## Usage', test: (h) => /^usage$/i.test(h) },
  { label: '## API', test: (h) => /^api$/i.test(h) },
  { label: '## The maths', test: (h) => /^(the )?maths$/i.test(h) },
  { label: '## Notes', test: (h) => /^notes$/i.test(h) },
  { label: '## References', test: (h) => /^references$/i.test(h) },
];

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text) {
  const out = [];
  let fence = null;
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m) {
      if (fence === null) fence = m[1][0];
      else if (m[1][0] === fence) fence = null;
      return;
    }
    if (fence === null) out.push({ n: i + 1, line });
  });
  return out;
}

/**
 * Problems in one README's text as `line what` strings. `apiDir` is the TypeDoc output folder and
 * `readmeDir` the README's folder, both absolute, to check where the `API reference` link points.
 */
export function checkReadmeText(text, { readmeDir, apiDir } = {}) {
  const problems = [];
  const lines = proseLines(text);
  const firstText = lines.findIndex(({ line }) => line.trim() !== '');
  if (firstText === -1 || !/^# \S/.test(lines[firstText].line)) {
    problems.push('1 README: missing the `# title` first line');
    return problems;
  }
  const titleLine = lines[firstText].n;
  const next = lines.slice(firstText + 1).find(({ line }) => line.trim() !== '');
  if (next === undefined || /^\s*([#>|*+-]|\d+\.|!\[|<)/.test(next.line)) {
    problems.push(`${titleLine} README: missing the one-line purpose right after the title`);
  }

  const headings = lines
    .map(({ n, line }) => ({ n, m: /^##\s+(.*?)\s*#*\s*$/.exec(line) }))
    .filter(({ m }) => m && !m[0].startsWith('###'))
    .map(({ n, m }) => ({ n, text: m[1] }));
  let cursor = 0;
  let lastLine = titleLine;
  for (const section of requiredSections) {
    const at = headings.findIndex((h, i) => i >= cursor && section.test(h.text));
    if (at === -1) {
      const anywhere = headings.find((h) => section.test(h.text));
      if (anywhere) {
        const order = requiredSections.map((r) => r.label.slice(3)).join(', ');
        problems.push(`${anywhere.n} README: section ${section.label} is out of order (expected ${order})`);
      } else problems.push(`${lastLine} README: missing section ${section.label}`);
      continue;
    }
    cursor = at + 1;
    lastLine = headings[at].n;
  }

  const links = [];
  for (const { n, line } of lines) {
    for (const m of line.matchAll(/\[\s*API reference\s*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/gi)) {
      links.push({ n, target: m[1] });
    }
  }
  if (links.length === 0) {
    problems.push(`${titleLine} README: missing a link [API reference](...) to the TypeDoc reference`);
  } else if (readmeDir && apiDir) {
    // Where the site serves the reference: the part of apiDir below a `public` folder (Vite).
    const parts = apiDir.split(sep);
    const pub = parts.lastIndexOf('public');
    const sitePath = pub === -1 ? null : `/${parts.slice(pub + 1).join('/')}`;
    const ok = links.some(({ target }) => {
      if (/^https?:\/\//.test(target)) return true;
      if (target.startsWith('/'))
        return sitePath !== null && (target === sitePath || target.startsWith(`${sitePath}/`));
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) return false;
      const path = resolve(readmeDir, decodeURI(target.split('#')[0]));
      return path === apiDir || path.startsWith(apiDir + sep);
    });
    if (!ok) {
      const rel = relative(readmeDir, apiDir).split(sep).join('/');
      problems.push(
        `${links[0].n} README: the API reference link must point into ${rel}/${sitePath ? ` or ${sitePath}/` : ''} (or an http(s) URL)`,
      );
    }
  }
  return problems;
}

function typedocOut(root) {
  const config = join(root, 'typedoc.json');
  if (existsSync(config)) {
    try {
      const out = JSON.parse(readFileSync(config, 'utf8')).out;
      if (typeof out === 'string') return resolve(root, out);
    } catch {}
  }
  return resolve(root, 'apps/site/public/api');
}

/** Every docs problem of the workspace at `root`, one line each, prefixed with the package name. */
export function checkDocs(root, { packages, members = true } = {}) {
  const rootAbs = resolve(root);
  const apiDir = typedocOut(rootAbs);
  const wanted = packages?.map((p) => resolve(rootAbs, p));
  const problems = [];
  for (const pkg of publishablePackages(rootAbs)) {
    if (wanted && !wanted.includes(resolve(pkg.dir))) continue;
    for (const p of checkExports(rootAbs, pkg, { members })) problems.push(`${pkg.name}: ${p}`);
    const readme = join(pkg.dir, 'README.md');
    const readmeRel = relative(rootAbs, readme).split(sep).join('/');
    if (!existsSync(readme)) {
      problems.push(`${pkg.name}: ${readmeRel}:1 README: missing README.md`);
      continue;
    }
    for (const p of checkReadmeText(readFileSync(readme, 'utf8'), { readmeDir: dirname(readme), apiDir })) {
      problems.push(`${pkg.name}: ${readmeRel}:${p}`);
    }
  }
  return problems;
}

/**
 * Tracked files that name an absolute path of a machine (under its work or home folder): docs and code name paths
 * relative to the repository (`../shared/…`). Returns `file:line: …` problems.
 */
export function machinePaths(root) {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && f !== 'pnpm-lock.yaml');
  const pattern = /(?<![\w.~-])\/(?:work|home)\/[\w.-]/;
  const problems = [];
  for (const f of files) {
    const abs = join(root, f);
    if (!existsSync(abs)) continue;
    const buf = readFileSync(abs);
    if (buf.length > 4_000_000 || buf.includes(0)) continue; // binary or data
    buf
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (pattern.test(line))
          problems.push(`${f}:${i + 1}: a machine's path (name it relative to the repository)`);
      });
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  let root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const packages = [];
  let members = true;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--package') packages.push(args[++i]);
    else if (args[i] === '--no-members') members = false;
    else root = resolve(args[i]);
  }
  const problems = [
    ...checkDocs(root, { members, ...(packages.length > 0 ? { packages } : {}) }),
    ...(packages.length > 0 ? [] : machinePaths(root)),
  ];
  for (const p of problems) console.log(p);
  if (problems.length > 0) {
    console.error(`check-docs: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log('check-docs: every export documented, every README in order, no machine paths');
}
