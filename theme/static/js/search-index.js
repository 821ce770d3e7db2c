// A language's search index fetched in parts: the term shards a query's words fall in and the store
// chunks of the results shown. Scores exactly as lunr.Index.query on the whole index, in a fraction of its
// time: plugins/ess_search/partition.py says how. Used by search.js and tests/search_parity.js.
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
    this.decoded = Object.create(null);  // term → per field, its postings decoded
    this.tokenSet = null;  // of the loaded terms, and the wildcard terms expanded with it
    this.expansions = null;
    this.dots = this.fieldsSeen = this.fieldOrder = null;  // arrays by document (score())
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

  // A term's postings in a field: refs in order and weights.
  PartialIndex.prototype.postings = function (row, f) {
    var decoded = this.decoded[row[0]] || (this.decoded[row[0]] = []);
    if (!decoded[f]) {
      var encoded = row[2 + f], count = encoded.length >> 1, refs = new Int32Array(count), weights = new Float64Array(count);
      for (var i = 0, ref = 0; i < count; i++) {
        ref += encoded[2 * i];
        refs[i] = ref;
        weights[i] = encoded[2 * i + 1] / 1000;
      }
      decoded[f] = { refs: refs, weights: weights };
    }
    return decoded[f];
  };

  // The loaded terms lunr's TokenSet matches with a term, in its order (without "*", the term itself).
  PartialIndex.prototype.expand = function (term) {
    if (term.indexOf(lunr.Query.wildcard) < 0) { return term in this.rows ? [term] : []; }
    if (!this.tokenSet) {
      this.tokenSet = lunr.TokenSet.fromArray(Object.keys(this.rows).sort());
      this.expansions = Object.create(null);
    }
    if (!(term in this.expansions)) {
      this.expansions[term] = this.tokenSet.intersect(lunr.TokenSet.fromString(term)).toArray();
    }
    return this.expansions[term];
  };

  function add(a, b) { return a + b; }

  // lunr.Index.query for essSearch.clauses on the loaded terms.
  PartialIndex.prototype.score = function (text) {
    var self = this, rows = this.rows, fields = this.entry.fields;
    var found = essSearch.clauses(this.lang, text, function (term) { return term in rows; });
    if (!found.length) { return []; }
    if (fields.length > 7) { throw new Error("search-index.js orders up to 7 fields per document"); }
    var documents = this.entry.documents;  // arrays by document, kept for the next query (cleared)
    var dots = this.dots = this.dots || fields.map(function () { return new Float64Array(documents); });
    var fieldsSeen = this.fieldsSeen = this.fieldsSeen || new Uint8Array(documents);  // bit f: field f matched
    var fieldOrder = this.fieldOrder = this.fieldOrder || new Uint32Array(documents);  // 1 + fields, 4 bits each
    var queryVectors = fields.map(function () { return new lunr.Vector(); });
    var matched = [];  // documents in the order their first field matched
    var scanned = fields.map(function () { return Object.create(null); });  // per field: term index → postings
    var terms = [];  // [term, postings] read
    found.forEach(function (clause) {
      var term = clause.term;
      if ((clause.wildcard & lunr.Query.wildcard.TRAILING) && term.slice(-1) !== lunr.Query.wildcard) { term += lunr.Query.wildcard; }
      var pipelined = clause.usePipeline ? self.pipeline.runString(term, { fields: fields }) : [term];
      pipelined.forEach(function (one) {
        self.expand(one).forEach(function (expandedTerm) {
          var row = rows[expandedTerm], termIndex = row[1];
          for (var f = 0; f < fields.length; f++) {
            queryVectors[f].upsert(termIndex, clause.boost, add);
            if (termIndex in scanned[f]) { continue; }
            var postings = scanned[f][termIndex] = self.postings(row, f), refs = postings.refs, bit = 1 << f;
            if (refs.length) { terms.push([expandedTerm, postings]); }
            for (var i = 0; i < refs.length; i++) {
              var ref = refs[i], seen = fieldsSeen[ref];
              if (seen & bit) { continue; }
              if (!seen) { matched.push(ref); }
              var count = 0;
              for (var b = seen; b; b &= b - 1) { count++; }
              fieldsSeen[ref] = seen | bit;
              fieldOrder[ref] |= (f + 1) << (4 * count);
            }
          }
        });
      });
    });
    // lunr.Vector.dot: the query's terms in index order
    var magnitudes = queryVectors.map(function (vector) { return vector.magnitude(); });
    queryVectors.forEach(function (vector, f) {
      var elements = vector.elements, dot = dots[f];
      for (var e = 0; e < elements.length; e += 2) {
        var postings = scanned[f][elements[e]], value = elements[e + 1];
        if (!postings) { continue; }
        for (var i = 0, refs = postings.refs, weights = postings.weights; i < refs.length; i++) {
          dot[refs[i]] += value * weights[i];
        }
      }
    });
    var count = matched.length, scores = new Float64Array(count);
    for (var n = 0; n < count; n++) {
      var ref = matched[n], order = fieldOrder[ref], score = 0;
      for (var k = 0; order; k++, order >>>= 4) {
        var f = (order & 15) - 1, fieldScore = dots[f][ref] / magnitudes[f] || 0;
        score = k ? score + fieldScore : fieldScore;
      }
      scores[n] = score;
      for (f = 0; f < fields.length; f++) { dots[f][ref] = 0; }
      fieldsSeen[ref] = 0;
      fieldOrder[ref] = 0;
    }
    var ranked = rank(scores), results = new Array(count);
    for (n = 0; n < count; n++) { results[n] = new Result(String(matched[ranked[n]]), scores[ranked[n]], terms); }
    return results;
  };

  function sortedByScore(scores) {
    var positions = [];
    for (var i = 0; i < scores.length; i++) { positions.push(i); }
    return positions.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
  }

  var LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

  // Positions by score, highest first, ties in position order (lunr's stable sort): a radix sort of the
  // bits of non-negative doubles, a byte at a time from the lowest.
  function rank(scores) {
    var count = scores.length, order = new Int32Array(count), into = new Int32Array(count), i;
    for (i = 0; i < count; i++) {
      if (!(scores[i] >= 0 && scores[i] < Infinity)) { return sortedByScore(scores); }
      order[i] = i;
    }
    var words = new Uint32Array(scores.buffer, scores.byteOffset, 2 * count), starts = new Int32Array(256);
    for (var pass = 0; pass < 8; pass++) {
      var word = (pass >> 2) ^ (LITTLE_ENDIAN ? 0 : 1), shift = (pass & 3) * 8;
      starts.fill(0);
      for (i = 0; i < count; i++) { starts[255 - ((words[2 * i + word] >>> shift) & 255)]++; }
      var spread = true, position = 0;
      for (var digit = 0; digit < 256; digit++) {
        var inDigit = starts[digit];
        if (inDigit === count) { spread = false; break; }
        starts[digit] = position;
        position += inDigit;
      }
      if (!spread) { continue; }
      for (i = 0; i < count; i++) {
        var n = order[i];
        into[starts[255 - ((words[2 * n + word] >>> shift) & 255)]++] = n;
      }
      var swap = order;
      order = into;
      into = swap;
    }
    return order;
  }

  // A lunr result, its matchData found when asked (for the results shown).
  function Result(ref, score, read) {
    this.ref = ref;
    this.score = score;
    this.read = read;
  }
  Object.defineProperty(Result.prototype, "matchData", {
    get: function () {
      var ref = Number(this.ref), metadata = {};
      this.read.forEach(function (term) {
        var refs = term[1].refs, low = 0, high = refs.length - 1;
        while (low < high) {
          var middle = (low + high) >> 1;
          if (refs[middle] < ref) { low = middle + 1; } else { high = middle; }
        }
        if (refs[low] === ref) { metadata[term[0]] = {}; }
      });
      return { metadata: metadata };
    },
  });

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

  PartialIndex.rank = rank;  // (for tests/test_search.py)
  return PartialIndex;
}));
