// Build-time helper: reads {"complete": bool, "pipelines": {lang: spec}, "tokens": {"lang": ["token", ...]}}
// on stdin and prints, for each token, the terms the site's search pipelines make of it:
// {"lang": {"token": [indexTerm]}}, or [indexTerm, queryTerm, prefixTerm] when "complete".
"use strict";
const path = require("path");
const [modules, pipelinesJs] = process.argv.slice(2);
const { loadLunr } = require(path.join(__dirname, "lunr_loader.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const lunr = loadLunr(modules, request.pipelines);
  const search = require(pipelinesJs)(lunr, request.pipelines);
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
