// A language's search index fetched in parts (plugins/ess_search/partition.py writes them): the term
// shards a query's words fall in, and the store chunks of the results shown, never the whole index.
// Shared by the browser (search.js) and the parity test (tests/search_parity.js).
//
// The lunr.Index rebuilt from the loaded shards scores exactly as the whole index: lunr.js divides a
// field's dot product by the query vector's norm, and the dot product reads only the query's own terms,
// whose postings and weights (with their original term index) the loaded shards hold.
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; } else { root.essSearchIndex = factory; }
}(this, function (lunr, essSearch) {
  "use strict";

  // entry: the language's search/<lang>.json; fetchPart(name): a Promise of that part's parsed JSON.
  function PartialIndex(lang, entry, fetchPart) {
    this.lang = lang;
    this.entry = entry;
    this.fetchPart = fetchPart;
    this.parts = {};  // name → Promise of its data
    this.added = {};  // shard number → true once its terms are in the index
    this.invertedIndex = Object.create(null);
    this.fieldVectors = Object.create(null);
    this.index = null;
    this.sections = [];
    var sections = this.sections;
    entry.sections.forEach(function (run) { for (var i = 0; i < run[1]; i++) { sections.push(run[0]); } });
  }

  // The shard whose range holds the term: the last one starting at or before it.
  PartialIndex.prototype.shardOf = function (term) {
    var starts = this.entry.shards, low = 0, high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= term) { low = middle; } else { high = middle - 1; }
    }
    return low;
  };

  // Every shard holding a term lunr may match for this query term: with a wildcard ("*", lunr's), every
  // shard whose range meets the terms starting with what comes before it.
  PartialIndex.prototype.shardsFor = function (term) {
    var starts = this.entry.shards;
    if (!starts.length) { return []; }
    var star = term.indexOf("*");
    if (star < 0) { return [this.shardOf(term)]; }
    var prefix = term.slice(0, star);
    var first = this.shardOf(prefix), found = [first];
    for (var n = first + 1; n < starts.length && starts[n].slice(0, prefix.length) === prefix; n++) { found.push(n); }
    return found;
  };

  PartialIndex.prototype.part = function (name) {
    if (!this.parts[name]) {
      var parts = this.parts;
      parts[name] = this.fetchPart(name);
      parts[name].catch(function () { delete parts[name]; });
    }
    return this.parts[name];
  };

  PartialIndex.prototype.addShard = function (number, rows) {
    if (this.added[number]) { return; }
    this.added[number] = true;
    var fields = this.entry.fields, vectors = this.fieldVectors;
    rows.forEach(function (row) {
      var posting = { _index: row[1] };
      fields.forEach(function (field, f) {
        var encoded = row[2 + f], refs = {}, ref = 0;
        for (var i = 0; i < encoded.length; i += 2) {
          ref += encoded[i];
          refs[ref] = {};
          var fieldRef = field + "/" + ref;
          (vectors[fieldRef] = vectors[fieldRef] || new lunr.Vector()).insert(row[1], encoded[i + 1] / 1000);
        }
        posting[field] = refs;
      });
      this.invertedIndex[row[0]] = posting;
    }, this);
    this.index = null;
  };

  PartialIndex.prototype.lunrIndex = function () {
    if (!this.index) {
      this.index = new lunr.Index({
        invertedIndex: this.invertedIndex,
        fieldVectors: this.fieldVectors,
        tokenSet: lunr.TokenSet.fromArray(Object.keys(this.invertedIndex).sort()),
        fields: this.entry.fields,
        pipeline: lunr.Pipeline.load(this.entry.pipeline),
      });
    }
    return this.index;
  };

  // The shard numbers a query text needs, loaded or not.
  PartialIndex.prototype.shardsForText = function (text) {
    var wanted = {};
    essSearch.lookups(this.lang, text).forEach(function (term) {
      this.shardsFor(term).forEach(function (n) { wanted[n] = true; });
    }, this);
    return Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
  };

  // A Promise of lunr's results for the text (essSearch.query), once the shards it needs are loaded.
  PartialIndex.prototype.query = function (text) {
    var self = this;
    var shards = this.shardsForText(text);
    return Promise.all(shards.map(function (n) { return self.part("t" + n + ".json"); })).then(function (loaded) {
      loaded.forEach(function (rows, i) { self.addShard(shards[i], rows); });
      return essSearch.query(self.lunrIndex(), self.lang, text);
    });
  };

  PartialIndex.prototype.section = function (ref) { return this.sections[Number(ref)]; };

  // A Promise of the store entries ([url, title, section, date, snippet]) of these refs, in their order.
  PartialIndex.prototype.entries = function (refs) {
    var self = this, size = this.entry.chunk;
    return Promise.all(refs.map(function (ref) {
      var n = Math.floor(Number(ref) / size);
      return self.part("d" + n + ".json").then(function (chunk) { return chunk[Number(ref) - n * size]; });
    }));
  };

  return PartialIndex;
}));
