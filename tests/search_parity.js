// Runs queries through lunr.js + lunr-languages against built index files, exactly as the browser does.
// usage: node search_parity.js NODE_MODULES PIPELINES_JS
//        < {"pipelines": {lang: spec}, "indexes": {"fr": path}, "queries": {"fr": [...]}}
"use strict";
const fs = require("fs");
const path = require("path");
const [modules, pipelines] = process.argv.slice(2);
const { loadLunr } = require(path.join(__dirname, "..", "plugins", "ess_search", "lunr_loader.js"));
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const lunr = loadLunr(modules, request.pipelines);
const search = require(pipelines)(lunr, request.pipelines);
const answer = {};
for (const [lang, file] of Object.entries(request.indexes)) {
  const index = lunr.Index.load(JSON.parse(fs.readFileSync(file, "utf8")));
  answer[lang] = {};
  for (const text of request.queries[lang]) {
    const started = process.hrtime.bigint();
    const results = search.query(index, lang, text);
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    answer[lang][text] = { results: results.map((r) => [r.ref, r.score]), micros: micros };
  }
}
process.stdout.write(JSON.stringify(answer));
