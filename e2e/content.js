// Reads what the tests need to know from the course's content files: the right answer
// of a multiple-choice item, a lab task's reference solution, an item's explanation.
// These never reach the app's pages; the tests read them from the sources.
const fs = require('node:fs');
const path = require('node:path');

const CONTENT = path.join(__dirname, '..', 'content');

/** The TOML text of one quiz item (from its `id = "..."` line to the next item). */
function itemBlock(id) {
  const dir = path.join(CONTENT, 'quizzes');
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const start = text.indexOf(`\nid = "${id}"\n`);
    if (start >= 0) {
      const end = text.indexOf('\n[[items]]', start);
      return end < 0 ? text.slice(start) : text.slice(start, end);
    }
  }
  throw new Error(`no quiz item ${id} in content/quizzes`);
}

function field(block, name) {
  const multi = block.match(new RegExp(`\\n${name} = """\\n?([\\s\\S]*?)"""`));
  if (multi) return multi[1].trim();
  const single = block.match(new RegExp(`\\n${name} = "((?:[^"\\\\]|\\\\.)*)"`));
  if (single) return JSON.parse(`"${single[1]}"`);
  throw new Error(`no ${name} in item`);
}

module.exports = {
  rightAnswer: (id) => field(itemBlock(id), 'answer'),
  solution: (id) => field(itemBlock(id), 'solution'),
  explanation: (id) => field(itemBlock(id), 'explanation'),
};
