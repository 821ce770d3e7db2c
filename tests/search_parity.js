// Runs queries through lunr.js + lunr-languages against built search files, exactly as the browser does:
// each query from a fresh search-index.js PartialIndex that loads only the shards it asks for, and, when
// "full" names a whole serialised index, through lunr.Index.load of it too.
// usage: node search_parity.js NODE_MODULES PIPELINES_JS
//        < {"pipelines": {lang: spec}, "sites": {"fr": {"entry": path, "full": path or null}},
//           "queries": {"fr": [...]}}
// answer: {"fr": {text: {"results": [[ref, score]], "full": [[ref, score]] or null, "shards": [n, ...],
//                        "again": the results of the cold and the warm runs below (the same, or a cache is wrong),
//                        "micros": time of the partitioned query on a fresh index, its parts parsed already,
//                        "coldMicros": the same with the parsing of its parts' JSON (a page's first query),
//                        "warmMicros": the same query on that index after the text less its last letter
//                                      (the next keystroke: the parts it adds parsed, not fetched),
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
    const texts = {};
    const parsed = {};
    const readText = (name) => (texts[name] = texts[name] || fs.readFileSync(path.join(folder, name), "utf8"));
    const read = (name) => (parsed[name] = parsed[name] || JSON.parse(readText(name)));
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
      const cold = new PartialIndex(lang, entry, (name) => Promise.resolve(JSON.parse(readText(name))));
      const coldStarted = process.hrtime.bigint();
      const coldResults = await cold.query(text);
      const coldMicros = elapsed(coldStarted);
      if (text.trim().length > 1) { await cold.query(text.trim().slice(0, -1)); } // the keystroke before
      const warmStarted = process.hrtime.bigint();
      const warmResults = await cold.query(text);
      const warmMicros = elapsed(warmStarted);
      answer[lang][text] = {
        results: results.map((r) => [r.ref, r.score]),
        full: null,
        again: [coldResults, warmResults].map((found) => found.map((r) => [r.ref, r.score])),
        shards: fetched.map((name) => Number(name.slice(1, -5))),
        micros: micros,
        coldMicros: coldMicros,
        warmMicros: warmMicros,
        fullMicros: null,
      };
    }
    // The whole index afterwards (as a page never holds it, nor collects the garbage its queries leave).
    if (site.full) {
      const full = lunr.Index.load(JSON.parse(fs.readFileSync(site.full, "utf8")));
      for (const text of request.queries[lang]) {
        const fullStarted = process.hrtime.bigint();
        answer[lang][text].full = search.query(full, lang, text).map((r) => [r.ref, r.score]);
        answer[lang][text].fullMicros = elapsed(fullStarted);
      }
    }
  }
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error) => {
  process.stderr.write(String(error.stack || error));
  process.exit(1);
});
