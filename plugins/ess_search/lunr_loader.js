// lunr.js with the lunr-languages stemmers the declared pipelines name, as the browser loads them.
"use strict";
const path = require("path");

function loadLunr(modules, pipelines) {
  const lunr = require(path.join(modules, "lunr"));
  require(path.join(modules, "lunr-languages", "lunr.stemmer.support.js"))(lunr);
  for (const spec of Object.values(pipelines || {})) {
    if (spec.kind === "stemmer" && !lunr[spec.stemmer]) {
      require(path.join(modules, "lunr-languages", `lunr.${spec.stemmer}.js`))(lunr);
    }
  }
  return lunr;
}

module.exports = { loadLunr };
