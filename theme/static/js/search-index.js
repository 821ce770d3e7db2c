// A language's search index fetched in parts (plugins/ess_search/partition.py writes them): the term
// shards a query's words fall in, and the store chunks of the results shown, never the whole index.
// Shared by the browser (search.js) and the parity test (tests/search_parity.js).
//
// Scoring from the loaded shards is exactly lunr.Index.query's on the whole index (same results, scores
// and order; the parity test compares them): lunr.js scores a document field by the dot product of the
// query vector with the field vector divided by the query vector's norm, and the dot product reads only
// the query's own terms, whose postings and weights (with their original term index) the loaded shards
// hold. It is lunr's own arithmetic in lunr's order, without the objects lunr makes for every matching
// document (a FieldRef, a MatchData with copied metadata): a quarter of the time when every document
// matches. The expansion of a prefix uses lunr's own TokenSet, of the loaded terms.
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
    this.rows = Object.create(null);  // term → [term, term index, postings of each field]
    this.tokenSet = null;
    this.pipeline = lunr.Pipeline.load(entry.pipeline);
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
    rows.forEach(function (row) { this.rows[row[0]] = row; }, this);
    this.tokenSet = null;
  };

  // lunr.Index.query for essSearch.clauses on the loaded terms: lunr's steps, in lunr's order.
  PartialIndex.prototype.score = function (text) {
    var rows = this.rows, fields = this.entry.fields;
    var found = essSearch.clauses(this.lang, text, function (term) { return term in rows; });
    if (!found.length) { return []; }
    if (!this.tokenSet) { this.tokenSet = lunr.TokenSet.fromArray(Object.keys(rows).sort()); }
    var queryVectors = fields.map(function () { return new lunr.Vector(); });
    var matching = [], byFieldRef = Object.create(null), termFieldSeen = Object.create(null);
    found.forEach(function (clause) {
      var term = clause.term;
      if ((clause.wildcard & lunr.Query.wildcard.TRAILING) && term.slice(-1) !== lunr.Query.wildcard) { term += lunr.Query.wildcard; }
      var terms = clause.usePipeline ? this.pipeline.runString(term, { fields: fields }) : [term];
      terms.forEach(function (one) {
        var expanded = this.tokenSet.intersect(lunr.TokenSet.fromString(one)).toArray();
        expanded.forEach(function (expandedTerm) {
          var row = rows[expandedTerm], termIndex = row[1];
          fields.forEach(function (field, f) {
            queryVectors[f].upsert(termIndex, clause.boost, function (a, b) { return a + b; });
            var termField = expandedTerm + "/" + field;
            if (termFieldSeen[termField]) { return; }
            termFieldSeen[termField] = true;
            var encoded = row[2 + f], ref = 0;
            for (var i = 0; i < encoded.length; i += 2) {
              ref += encoded[i];
              var fieldRef = field + "/" + ref, match = byFieldRef[fieldRef];
              if (!match) {
                match = byFieldRef[fieldRef] = { ref: String(ref), field: f, weights: {}, terms: [] };
                matching.push(match);
              }
              match.weights[termIndex] = encoded[i + 1] / 1000;
              match.terms.push(expandedTerm);
            }
          });
        });
      }, this);
    }, this);
    var magnitudes = queryVectors.map(function (vector) { return vector.magnitude(); });
    var results = [], byRef = Object.create(null);
    matching.forEach(function (match) {
      var elements = queryVectors[match.field].elements, dot = 0;
      for (var i = 0; i < elements.length; i += 2) {  // lunr.Vector.dot: the shared indices, in index order
        var weight = match.weights[elements[i]];
        if (weight !== undefined) { dot += elements[i + 1] * weight; }
      }
      var score = dot / magnitudes[match.field] || 0, result = byRef[match.ref];
      if (result) {
        result.score += score;
      } else {
        result = byRef[match.ref] = { ref: match.ref, score: score, matchData: { metadata: {} } };
        results.push(result);
      }
      match.terms.forEach(function (term) { result.matchData.metadata[term] = {}; });
    });
    return results.sort(function (a, b) { return b.score - a.score; });
  };

  // The shard numbers a query text needs, loaded or not.
  PartialIndex.prototype.shardsForText = function (text) {
    var wanted = {};
    essSearch.lookups(this.lang, text).forEach(function (term) {
      this.shardsFor(term).forEach(function (n) { wanted[n] = true; });
    }, this);
    return Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
  };

  // A Promise of lunr's results for the text (those of essSearch.query on the whole index), once the
  // shards it needs are loaded.
  PartialIndex.prototype.query = function (text) {
    var self = this;
    var shards = this.shardsForText(text);
    return Promise.all(shards.map(function (n) { return self.part("t" + n + ".json"); })).then(function (loaded) {
      loaded.forEach(function (rows, i) { self.addShard(shards[i], rows); });
      return self.score(text);
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
