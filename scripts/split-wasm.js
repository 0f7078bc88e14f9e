// Splits the release build's wasm in two by what the lab calls before its first frame
// (binaryen's wasm-split, guided by a profile of the real page), so that the first load
// carries only that part; src/split/later.js loads the rest once the frame is drawn.
//
//   node scripts/split-wasm.js [DIR]
//
// DIR is a Trunk build (index.html, the glue script and the wasm it names); without it,
// Trunk's staging directory of a release build (the script is Trunk's post-build hook,
// Trunk.toml; a debug build stays whole). Steps:
//   1. the first picture: the built page is loaded in headless Chromium on the default
//      lab, and its diagram (in each number of columns the page can draw) and its Elastic
//      IP panel are written into index.html as text, which the default lab draws
//      instead of running the model before its first frame (src/lab/first_picture.rs);
//   2. an instrumented copy of the wasm is loaded, with that index.html, on each of the
//      lab's starts that the split covers, up to the frame that first shows the diagram
//      (what the lab makes after it waits for the later part); the profiles say which
//      functions ran;
//   3. wasm-split keeps those functions in the first part and moves the rest to the
//      later part;
//   4. each placeholder of the first part (a stand-in for a function of the later part)
//      becomes a function that brings the later part in and calls its slot again;
//   5. the glue gets the import those call and src/split/later.js, and is
//      written into index.html in place of Trunk's loader; the first part (`*_bg.wasm`)
//      and the later part (`*_later.wasm`) are named by one digest of the three, and
//      index.html names the first part with its integrity hash (the glue names the later
//      part with its own).
// WASM_SPLIT names the wasm-split binary (scripts/setup.sh unpacks it and sets it).

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const crypto = require('node:crypto');
const http = require('node:http');
const { execFileSync } = require('node:child_process');

const { launchChromium, whenDrawnScript, browse } = require('./bench-page-lib.js');
const { readLeb, sections } = require('./wasm-binary.js');

const ROOT = path.join(__dirname, '..');

const fail = (message) => {
  console.error(`split-wasm: ${message}`);
  process.exit(1);
};

// --- The wasm binary: just what the fix-up below needs ---------------------------------

// The module's exports: name, kind, index, and where the index is written.
const exportsOf = (buf) => {
  const found = [];
  for (const { id, start } of sections(buf)) {
    if (id !== 7) continue;
    const count = readLeb(buf, start);
    let q = count.next;
    for (let i = 0; i < count.value; i += 1) {
      const length = readLeb(buf, q);
      const name = buf.toString('utf8', length.next, length.next + length.value);
      q = length.next + length.value;
      const kind = buf[q];
      const index = readLeb(buf, q + 1);
      found.push({ name, kind, index: index.value, at: q + 1, width: index.next - q - 1 });
      q = index.next;
    }
  }
  return found;
};

// The export kind of a table.
const TABLE = 1;

// wasm-split (binaryen 108) writes every exported table as table 0: the export of
// wasm-bindgen's externref table then names the function table, and the glue fails on
// its first `set`. The tables themselves are kept in order, so each table export that
// the original has is pointed back at its original index; the one it adds (`%table`,
// the function table, for the later part) does name table 0.
const fixTableExports = (original, written) => {
  const before = new Map(exportsOf(original).filter((e) => e.kind === TABLE).map((e) => [e.name, e.index]));
  for (const e of exportsOf(written).filter((x) => x.kind === TABLE)) {
    const want = before.has(e.name) ? before.get(e.name) : 0;
    if (e.index === want) continue;
    if (e.width !== 1 || want > 0x7f) fail(`cannot point the table export ${e.name} at table ${want}`);
    written[e.at] = want;
  }
  return written;
};

// The namespace and name of the one function the first part imports for its placeholders
// (src/split/later.js gives it): it brings the later part in.
const LATER_IMPORT = ['netlab', 'later'];

// The wasm's features, for binaryen to read and write the first part: those rustc and
// wasm-bindgen emit for this target (the build strips the target-features section).
const featuresOf = (binaryen) => {
  const F = binaryen.Features;
  return F.MVP | F.MutableGlobals | F.NontrappingFPToInt | F.SignExt | F.BulkMemory | F.BulkMemoryOpt
    | F.ReferenceTypes | F.Multivalue | F.CallIndirectOverlong;
};

// wasm-split stands each function of the later part in its table slot with an imported
// placeholder function, one import per slot (about 1,700). Instantiating that many JS
// imports costs the page's main thread 2–3 ms before the lab can start (BENCHMARKS.md,
// "Placeholders inside the first part"). Each placeholder becomes a function of the first
// part instead, which calls the one import LATER_IMPORT and then calls its own slot again,
// which by then holds the real function. Like every function of the wasm, a placeholder is
// compiled only when it is first called. `tableName` is the export of the function table
// that the slots are numbered in.
const withPlaceholderThunks = async (first, tableName) => {
  const binaryen = (await import('binaryen')).default;
  const module = binaryen.readBinary(first);
  module.setFeatures(featuresOf(binaryen));
  const table = binaryen.getExportInfo(module.getExport(tableName)).value;
  const placeholders = [];
  for (let i = 0; i < module.getNumFunctions(); i += 1) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.module === 'placeholder') placeholders.push(info);
  }
  if (!placeholders.length) fail('the first part imports no placeholders');
  const load = '__netlab_later';
  module.addFunctionImport(load, ...LATER_IMPORT, binaryen.none, binaryen.none);
  for (const { name, base, params, results } of placeholders) {
    const slot = Number(base);
    if (!Number.isInteger(slot)) fail(`the placeholder ${name} names no table slot (${base})`);
    const args = binaryen.expandType(params).map((type, i) => module.local.get(i, type));
    const again = module.call_indirect(table, module.i32.const(slot), args, params, results);
    module.removeFunction(name);
    module.addFunction(name, params, results, [], module.block(null, [
      module.call(load, [], binaryen.none),
      results === binaryen.none ? again : module.return(again),
    ], results === binaryen.none ? binaryen.none : binaryen.unreachable));
  }
  const written = Buffer.from(module.emitBinary());
  module.dispose();
  // Checked as read back (the table's references to the placeholders were typed as
  // imports' when read; written out, they are plain function indexes).
  const check = binaryen.readBinary(written);
  check.setFeatures(featuresOf(binaryen));
  const valid = check.validate();
  check.dispose();
  if (!valid) fail('the first part with its placeholders as functions is not valid wasm');
  return written;
};

// --- The build's page in Chromium -----------------------------------------------------

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

// `trunk serve`'s live-reload script, which its server completes as it serves the page.
const TRUNK_RELOAD = /<script[^>]*>(?:(?!<\/script>)[\s\S])*\{\{__TRUNK_ADDRESS__\}\}[\s\S]*?<\/script>/;

// Serves DIR, with the wasm's bytes replaced by `wasm` and index.html's text by `index`,
// without integrity attributes or `trunk serve`'s live-reload script.
const serve = (dir, wasmName, wasm, index) => new Promise((resolve) => {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://localhost').pathname).replace(/^\/+/, '') || 'index.html';
    let body;
    if (name === wasmName) body = wasm;
    else if (name === 'index.html') body = Buffer.from(index.replace(/ integrity="[^"]*"/g, '').replace(TRUNK_RELOAD, ''));
    else {
      const file = path.join(dir, name);
      if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404);
        res.end();
        return;
      }
      body = fs.readFileSync(file);
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(name)] || 'application/octet-stream' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => resolve(server));
});

// Run in each profiled page before anything else: as in the split lab, what the lab
// makes after its first frame waits for the later part (`netlabLaterPart`, which
// src/lab/after_paint.rs reads; here it is released by hand), and the wasm's exports are
// kept.
const holdLaterPart = () => {
  window.netlabLaterPart = new Promise((resolve) => { window.releaseLaterPart = resolve; });
  addEventListener('TrunkApplicationStarted', (e) => { window.splitWasm = e.detail.wasm; });
};

// Run in the page once the frame that first shows the diagram has been produced (the
// moment scripts/bench-page.sh measures to): the functions that ran until then.
const writeProfile = () => {
  const wasm = window.splitWasm;
  const size = 1 << 20;
  const at = wasm.__wbindgen_malloc(size, 8);
  const length = wasm.__write_profile(at, size);
  window.splitProfile = Array.from(new Uint8Array(wasm.memory.buffer, at, length));
};

// Waits until the page has drawn the frame after what it was just given to do.
const nextFrame = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

// --- The first picture: the default lab's first frame, as this build draws it ---------

// The diagram's parts that the picture keeps, read in the page: how many columns it is
// drawn in, its size and label, and its boxes.
const readDiagram = () => {
  const diagram = document.querySelector('[data-testid="diagram"]');
  return {
    columns: document.querySelector('[data-testid="diagram-wrap"]').dataset.columns,
    style: diagram.getAttribute('style'),
    label: diagram.getAttribute('aria-label'),
    markup: diagram.querySelector('[data-part="boxes"]').innerHTML,
  };
};

// Escaped for a quoted attribute value in index.html.
const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// The parts src/lab/first_picture.rs reads: the default lab (no autosave, no link) drawn
// by the whole wasm, its window widened 20 px at a time from 320 px (one column) to
// 4000 px, in every number of columns it was drawn in; and its Elastic IP panel. They
// are drawn by the page itself, so they are what it would draw live. Each is the text of
// a `<script type="text/html">` (or `text/plain`), which the browser keeps as text: only
// what the lab draws is ever parsed as HTML.
const drawPicture = async (dir, wasmName, wasm, index) => {
  const server = await serve(dir, wasmName, wasm, index);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 320, height: 720 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/#/lab`);
    await page.getByTestId('action-log').waitFor({ state: 'attached', timeout: 30000 });
    const addresses = await page.getByTestId('addresses-panel').evaluate((panel) => panel.innerHTML);
    const diagrams = new Map();
    for (let width = 320; width <= 4000; width += 20) {
      await page.setViewportSize({ width, height: 720 });
      await nextFrame(page);
      const drawn = await page.evaluate(readDiagram);
      if (!diagrams.has(drawn.columns)) diagrams.set(drawn.columns, drawn);
    }
    if (errors.length) fail(`the default lab failed while it was drawn: ${errors.join('; ')}`);
    const counts = [...diagrams.keys()].map(Number).sort((a, b) => a - b);
    if (!counts.length || counts.some((n, i) => n !== i + 1)) fail(`the default lab was drawn in ${counts.join(', ')} columns, not 1 to ${counts.length}`);
    // The drawings differ only in where each box is: its `style`. The boxes are kept once,
    // with every `style` emptied, and each drawing as its styles, one per line.
    const STYLE = /style="([^"]*)"/g;
    const boxes = diagrams.get('1').markup.replace(STYLE, 'style=""');
    const parts = [['first-picture-diagram', 'html', '', boxes]];
    for (const d of diagrams.values()) {
      if (d.markup.replace(STYLE, 'style=""') !== boxes) fail(`the default lab in ${d.columns} columns differs from one column by more than where its boxes are`);
      const styles = [...d.markup.matchAll(STYLE)].map((m) => m[1]);
      parts.push([`first-picture-diagram-${d.columns}`, 'plain', ` data-style="${escapeAttribute(d.style)}" data-label="${escapeAttribute(d.label)}"`, styles.join('\n')]);
    }
    parts.push(['first-picture-addresses', 'html', '', addresses]);
    return parts.map(([id, type, attributes, text]) => {
      // A script's text ends at `</script`, and `<script` after `<!--` changes how it is read.
      if (/<\/?script/i.test(text)) fail(`the first picture's ${id} cannot be kept as a script's text`);
      return `<script type="text/${type}" id="${id}"${attributes}>${text}</script>`;
    }).join('\n');
  } finally {
    await browser.close();
    server.close();
  }
};

// --- The profile ----------------------------------------------------------------------

// The lab's starts that the first part covers, each profiled to its first frame: the
// default lab and an embedded lab (each drawn from the first picture); then, before the
// later part is in, what a learner does on the default lab before acting (`browse`), so
// that it never waits for the later part. Every other page (the course, a lesson, a
// quiz, a lab opened from a lesson step, a share link or its autosave) fetches the later
// part with the first (src/split/later.js).
const profile = async (dir, wasmName, instrumented, index, work) => {
  const server = await serve(dir, wasmName, instrumented, index);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launchChromium();
  const files = [];
  const save = async (page) => {
    const file = path.join(work, `${files.length}.prof`);
    fs.writeFileSync(file, Buffer.from(await page.evaluate(() => window.splitProfile)));
    files.push(file);
  };
  // Loads `url`, saves the profile of its first frame (and, given `then`, of what it does
  // next), then lets the lab make the rest.
  const load = async (page, url, what, then) => {
    const errors = [];
    const onError = (e) => errors.push(e.message || e.text());
    page.on('pageerror', onError);
    page.on('console', (m) => { if (m.type() === 'error') onError(m); });
    await page.goto(url);
    const drawn = await page.waitForFunction(() => window.splitProfile, null, { timeout: 30000 })
      .then(() => true, () => false);
    if (errors.length) fail(`the instrumented build failed on ${what}: ${errors.join('; ')}`);
    if (!drawn) fail(`the instrumented build did not draw ${what} within 30 s`);
    await save(page);
    if (then) {
      await then(page);
      await nextFrame(page);
      await page.evaluate(writeProfile);
      if (errors.length) fail(`the instrumented build failed on ${what}, after its first frame: ${errors.join('; ')}`);
      await save(page);
    }
    await page.evaluate(() => window.releaseLaterPart());
    await page.getByTestId('action-log').waitFor({ state: 'attached', timeout: 30000 });
  };
  const fresh = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(holdLaterPart);
    await page.addInitScript(whenDrawnScript(writeProfile, null));
    return { context, page };
  };
  try {
    const first = await fresh();
    await load(first.page, `${base}#/lab`, 'the default lab', browse);
    const embedded = await fresh();
    await load(embedded.page, `${base}#/lab?embed=1&origin=${encodeURIComponent(base.slice(0, -1))}`, 'an embedded lab');
    for (const { context } of [first, embedded]) await context.close();
  } finally {
    await browser.close();
    server.close();
  }
  return files;
};

// --- The build's files --------------------------------------------------------------

const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;

// Replaces every occurrence of `anchor` in the glue; fails if there is none.
const patch = (text, anchor, replacement) => {
  if (!text.includes(anchor)) fail(`the glue has no "${anchor}" (a new wasm-bindgen?)`);
  return text.split(anchor).join(replacement);
};

// The build's file stem (`ec2-netlab-<hash>`), named by index.html for the glue and the wasm.
const stemOf = (index) => {
  const glue = /import init, \* as bindings from '\/([^']+)\.js'/.exec(index) || fail('index.html imports no glue script');
  if (!index.includes(`module_or_path: '/${glue[1]}_bg.wasm'`)) fail(`index.html loads no ${glue[1]}_bg.wasm`);
  return glue[1];
};

// index.html with the glue written into it: Trunk's loader (a module script that imports
// the glue from its own file and starts the app) becomes one module script that holds the
// glue and starts the app the same way (and, if it cannot, says why on the page:
// src/split/later.js), and the glue's preload goes. The page then waits for one file
// fewer before the wasm can start (BENCHMARKS.md, "Page").
const withGlueInline = (index, stem, glue, wasmName) => {
  const loader = new RegExp(`<script type="module">\\s*import init, \\* as bindings from '/${stem}\\.js';[^]*?</script>`);
  const preload = new RegExp(`<link rel="modulepreload" href="/${stem}\\.js"[^>]*>`);
  if (!loader.test(index)) fail("index.html has no Trunk loader script to replace");
  if (!preload.test(index)) fail('index.html has no preload of the glue to remove');
  // The glue's text is the script's: nothing in it may end it or open a comment.
  if (/<\/script|<!--|<script/i.test(glue)) fail('the glue holds "</script", "<script" or "<!--" and cannot be written into index.html');
  if (!glue.includes('async function __wbg_init(')) fail('the glue has no __wbg_init (a new wasm-bindgen?)');
  const script = `<script type="module">\n${glue}\n{\n  let wasm;\n  try {\n`
    + `    wasm = await __wbg_init({ module_or_path: '/${wasmName}' });\n`
    + '  } catch (error) {\n    __netlab_start_failed(error);\n    throw error;\n  }\n'
    + '  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));\n}\n</script>';
  return index.replace(loader, () => script).replace(preload, '');
};

const main = async () => {
  // Run by Trunk as a hook (its staging directory, release builds only), or on a directory.
  if (!process.argv[2] && process.env.TRUNK_PROFILE !== 'release') {
    console.log('split-wasm: not a release build; the wasm stays whole');
    return;
  }
  const dir = path.resolve(process.argv[2] || process.env.TRUNK_STAGING_DIR || fail('usage: node scripts/split-wasm.js DIR'));
  const wasmSplit = process.env.WASM_SPLIT || fail('WASM_SPLIT is not set: run scripts/setup.sh (it unpacks wasm-split), or source it before trunk build');
  const indexFile = path.join(dir, 'index.html');
  const unsplitIndex = fs.readFileSync(indexFile, 'utf8');
  const stem = stemOf(unsplitIndex);
  const wasmFile = path.join(dir, `${stem}_bg.wasm`);
  const glueFile = path.join(dir, `${stem}.js`);
  const original = fs.readFileSync(wasmFile);
  const unsplitGlue = fs.readFileSync(glueFile, 'utf8');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'split-wasm-'));
  const run = (args) => execFileSync(wasmSplit, ['--all-features', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    run(['--instrument', wasmFile, '-o', path.join(work, 'instrumented.wasm')]);
    const instrumented = fixTableExports(original, fs.readFileSync(path.join(work, 'instrumented.wasm')));
    if (!unsplitIndex.includes('</body>')) fail('index.html has no </body>');
    const picture = await drawPicture(dir, `${stem}_bg.wasm`, original, unsplitIndex);
    const pictured = unsplitIndex.replace('</body>', () => `${picture}\n  </body>`);
    const profiles = await profile(dir, `${stem}_bg.wasm`, instrumented, pictured, work);
    const merged = path.join(work, 'merged.prof');
    run(['--merge-profiles', ...profiles, '-o', merged]);
    const firstFile = path.join(work, 'first.wasm');
    const laterFile = path.join(work, 'later.wasm');
    run(['--profile', merged, wasmFile, '-o1', firstFile, '-o2', laterFile,
      '--export-prefix=%', '--import-namespace=primary', '--placeholder-namespace=placeholder']);
    const split = fixTableExports(original, fs.readFileSync(firstFile));
    const later = fs.readFileSync(laterFile);
    const table = exportsOf(split).find((e) => e.kind === TABLE && e.name === '%table')
      || fail('the first part exports no function table');
    const first = await withPlaceholderThunks(split, table.name);

    // The glue with the loader appended (without the loader's comment lines, which are
    // for readers of src/split/later.js); the loader's two constants are filled in below.
    let template = unsplitGlue;
    template = patch(template, 'const imports = __wbg_get_imports();',
      `const imports = __wbg_get_imports();\n    imports.${LATER_IMPORT[0]} = { ${LATER_IMPORT[1]}: __netlab_later };`);
    template = patch(template, 'const { instance, module } = await __wbg_load(await module_or_path, imports);',
      'const { instance, module } = await __wbg_load(await module_or_path, imports);\n    await __netlab_before_start(instance.exports);');
    template = patch(template, 'wasm.__wbindgen_start();', 'wasm.__wbindgen_start();\n    __netlab_started();');
    const loader = fs.readFileSync(path.join(ROOT, 'src', 'split', 'later.js'), 'utf8')
      .split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n');
    template = `${template}\n${loader}`;

    // The three files are named by one digest of what they are made of (the constants
    // filled in follow from it): a page never pairs a first part with a later part, or a
    // glue, of another build.
    const digest = crypto.createHash('sha256').update(template).update(first).update(later)
      .digest('hex').slice(0, 16);
    const newStem = stem.replace(/-[0-9a-f]+$/, '') + `-${digest}`;
    const laterName = `${newStem}_later.wasm`;
    const glue = template
      .replace('__LATER_FILE__', `/${laterName}`)
      .replace('__LATER_INTEGRITY__', sri(later));

    const firstName = `${newStem}_bg.wasm`;
    let index = withGlueInline(pictured, stem, glue, firstName).split(stem).join(newStem);
    const attribute = new RegExp(`(href="/${firstName.replace(/[.]/g, '\\.')}"[^>]*integrity=")[^"]*"`);
    if (!attribute.test(index)) fail(`index.html has no integrity attribute for ${firstName}`);
    index = index.replace(attribute, `$1${sri(first)}"`);

    // The build as Trunk made it, for scripts/bench-startup.sh (which names its functions).
    const unsplit = path.join(ROOT, 'target', 'split-wasm', 'unsplit');
    fs.rmSync(unsplit, { recursive: true, force: true });
    fs.mkdirSync(unsplit, { recursive: true });
    fs.writeFileSync(path.join(unsplit, 'index.html'), pictured);
    fs.writeFileSync(path.join(unsplit, `${stem}.js`), unsplitGlue);
    fs.writeFileSync(path.join(unsplit, `${stem}_bg.wasm`), original);

    fs.rmSync(wasmFile);
    fs.rmSync(glueFile);
    fs.writeFileSync(path.join(dir, firstName), first);
    fs.writeFileSync(path.join(dir, laterName), later);
    fs.writeFileSync(indexFile, index);
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`split-wasm: ${kb(original.length)} of wasm -> a first part of ${kb(first.length)} and a later part of ${kb(later.length)} (${newStem}; ${profiles.length} starts profiled)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
};

main().catch((e) => fail(e.stack || String(e)));
