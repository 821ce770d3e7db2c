// Runs queries through lunr.js + lunr-languages against built search files, exactly as the browser does:
// each query from a fresh search-index.js PartialIndex that loads only the shards it asks for, and, when
// "full" names a whole serialised index, through lunr.Index.load of it too.
// usage: node search_parity.js NODE_MODULES PIPELINES_JS
//        < {"pipelines": {lang: spec}, "sites": {"fr": {"entry": path, "full": path or null}},
//           "queries": {"fr": [...]}}
// answer: {"fr": {text: {"results": [[ref, score]], "full": [[ref, score]] or null, "shards": [n, ...],
//                        "micros": time of the partitioned query once its parts are parsed,
//                        "fullMicros": time of the query on the whole index}}}
"use strict";
const fs = require("fs");
const path = require("path");
const [modules, pipelines] = process.argv.slice(2);
const { loadLunr } = require(path.join(__dirname, "..", "plugins", "ess_search", "lunr_loader.js"));
const request = JSON.parse(fs.readFileSync(0, "utf8"));
const lunr = loadLunr(modules, request.pipelines);
const search = require(pipelines)(lunr, request.pipelines);
const PartialIndex = require(path.join(path.dirname(pipelines), "search-index.js"))(lunr, search);

function elapsed(started) {
  return Number(process.hrtime.bigint() - started) / 1000;
}

async function main() {
  const answer = {};
  for (const [lang, site] of Object.entries(request.sites)) {
    const entry = JSON.parse(fs.readFileSync(site.entry, "utf8"));
    const folder = path.join(path.dirname(site.entry), entry.base);
    const parsed = {};
    const read = (name) => (parsed[name] = parsed[name] || JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")));
    const full = site.full ? lunr.Index.load(JSON.parse(fs.readFileSync(site.full, "utf8"))) : null;
    answer[lang] = {};
    for (const text of request.queries[lang]) {
      const fetched = [];
      const partial = new PartialIndex(lang, entry, (name) => {
        fetched.push(name);
        return Promise.resolve(read(name));
      });
      partial.shardsForText(text).forEach((n) => read(`t${n}.json`)); // parsed beforehand, as fetch does
      const started = process.hrtime.bigint();
      const results = await partial.query(text);
      const micros = elapsed(started);
      let fullResults = null;
      let fullMicros = null;
      if (full) {
        const fullStarted = process.hrtime.bigint();
        fullResults = search.query(full, lang, text).map((r) => [r.ref, r.score]);
        fullMicros = elapsed(fullStarted);
      }
      answer[lang][text] = {
        results: results.map((r) => [r.ref, r.score]),
        full: fullResults,
        shards: fetched.map((name) => Number(name.slice(1, -5))),
        micros: micros,
        fullMicros: fullMicros,
      };
    }
  }
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error) => {
  process.stderr.write(String(error.stack || error));
  process.exit(1);
});
