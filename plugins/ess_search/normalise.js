// Build-time helper: reads {"complete": bool, "tokens": {"lang": ["token", ...]}} on stdin and prints, for
// each token, the terms the site's search pipelines make of it: {"lang": {"token": [indexTerm]}}, or
// [indexTerm, queryTerm, prefixTerm] when "complete" (queries need those; building an index does not).
"use strict";
const path = require("path");
const modules = process.argv[2];
const lunr = require(path.join(modules, "lunr"));
require(path.join(modules, "lunr-languages", "lunr.stemmer.support.js"))(lunr);
require(path.join(modules, "lunr-languages", "lunr.fr.js"))(lunr);
require(path.join(modules, "lunr-languages", "lunr.de.js"))(lunr);
const search = require(process.argv[3])(lunr);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const answer = {};
  for (const [lang, tokens] of Object.entries(request.tokens)) {
    answer[lang] = {};
    for (const token of tokens) {
      answer[lang][token] = request.complete
        ? [search.indexTerm(lang, token), search.queryTerm(lang, token), search.prefixTerm(lang, token)]
        : [search.indexTerm(lang, token)];
    }
  }
  process.stdout.write(JSON.stringify(answer));
});
