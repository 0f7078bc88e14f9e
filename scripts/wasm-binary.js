// Reading a wasm binary, for the scripts that look inside the build's wasm
// (bench-startup.sh, split-wasm.js): unsigned LEB128 numbers and the module's sections.

// The unsigned LEB128 number at `at`, and the offset after it.
const readLeb = (buf, at) => {
  let value = 0;
  let shift = 0;
  let p = at;
  let byte;
  do {
    byte = buf[p];
    p += 1;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return { value, next: p };
};

// The module's sections in order: each one's id and where its contents start and end.
function* sections(buf) {
  let p = 8;
  while (p < buf.length) {
    const size = readLeb(buf, p + 1);
    yield { id: buf[p], start: size.next, end: size.next + size.value };
    p = size.next + size.value;
  }
}

module.exports = { readLeb, sections };
