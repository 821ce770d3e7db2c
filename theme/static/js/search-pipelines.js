// Text normalisation for the site search, shared by the browser and the build: the build runs this
// very file in Node to compute the terms it indexes (plugins/ess_search/normalise.js), so what a
// visitor types is normalised exactly like the indexed text.
//
// Registers, for each declared language, two lunr pipeline functions:
//   "ess-index-<lang>"  trimmer, stop words, accent folding (where lunr-languages folds), stemmer
//   "ess-query-<lang>"  the same without stop words (lunr-languages' search pipeline)
// and exposes essSearch.tokenize(text) and essSearch.prefixTerm(lang, token).
// The pipelines come from the site's language declaration (pelicanconf.py LANGUAGES, "search"):
//   {"<lang>": {"kind": "stemmer" | "english" | "folding", "stemmer": "<lunr-languages code>", "stopWords": [...]}}
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; } else { root.essSearchSetup = factory; }
}(this, function (lunr, pipelines) {
  "use strict";
  // Words split on white space, hyphens and both apostrophes ("d'affaires" → "d", "affaires"), and on
  // characters outside the Basic Multilingual Plane (emoji), which lunr.js cannot hold in an index.
  var SEPARATOR = /[\s\-'\u2019\uD800-\uDFFF]+/;
  lunr.tokenizer.separator = SEPARATOR;
  lunr.QueryLexer.termSeparator = SEPARATOR;

  // Languages no stemmer exists for (Luxembourgish: none in Snowball or lunr-languages): fold diacritics
  // so "letzebuerg" finds "Lëtzebuerg", and drop the language's declared function words.
  function foldLatin(term) {
    return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u00df/g, "ss")
      .replace(/\u00e6/g, "ae").replace(/\u0153/g, "oe");
  }
  var LATIN = "A-Za-z\xAA\xBA\xC0-\xD6\xD8-\xF6\xF8-\u02B8\u02E0-\u02E4\u1E00-\u1EFF";
  var foldingTrimmer = lunr.trimmerSupport ? lunr.trimmerSupport.generateTrimmer(LATIN) : lunr.trimmer;
  function foldToken(token) { return token.update(foldLatin); }
  function stopWordsFilter(words) {
    var stop = {};
    (words || []).forEach(function (word) { stop[word] = true; });
    return function (token) { return stop[token.toString()] ? undefined : token; };
  }
  // Steps of one language; a stemmer language needs its lunr-languages file (loaded only when searched).
  function stepsFor(lang) {
    var spec = (pipelines || {})[lang];
    if (!spec) { return null; }
    if (spec.kind === "stemmer") {
      var stemmer = lunr[spec.stemmer];
      if (!stemmer) { return null; }
      // Stemmers fold some diacritics and not others (German ä → a, Dutch ö → o, Spanish only é):
      // terms are folded after stemming too, so a typed prefix ("coöp", "bün") folds the same way.
      var fold = stemmer.accentFold ? [stemmer.accentFold] : [];
      return { index: [stemmer.trimmer, stemmer.stopWordFilter].concat(fold, [stemmer.stemmer, foldToken]),
               query: [stemmer.trimmer].concat(fold, [stemmer.stemmer, foldToken]),
               prefix: [stemmer.trimmer].concat(fold, [foldToken]) };
    }
    if (spec.kind === "english") {
      return { index: [lunr.trimmer, lunr.stopWordFilter, lunr.stemmer], query: [lunr.stemmer], prefix: [] };
    }
    var stop = stopWordsFilter(spec.stopWords);
    return { index: [foldingTrimmer, stop, foldToken], query: [foldingTrimmer, foldToken], prefix: [foldingTrimmer, foldToken] };
  }

  function run(functions, token) {
    for (var i = 0; i < functions.length; i++) {
      if (token === undefined || token === null || token.toString() === "") { return undefined; }
      token = functions[i](token, 0, [token]);
    }
    return (token === undefined || token === null || token.toString() === "") ? undefined : token;
  }

  var MAX_WORDS = 12;
  var steps = {};
  // Registers "ess-index-<lang>" and "ess-query-<lang>"; false while the language's files are missing.
  function ensure(lang) {
    if (steps[lang]) { return true; }
    var found = stepsFor(lang);
    if (!found) { return false; }
    steps[lang] = found;
    ["index", "query"].forEach(function (kind) {
      var label = "ess-" + kind + "-" + lang;
      var fn = function (token) { return run(found[kind], token); };
      if (!lunr.Pipeline.registeredFunctions[label]) { lunr.Pipeline.registerFunction(fn, label); }
    });
    return true;
  }
  Object.keys(pipelines || {}).forEach(ensure);

  function apply(lang, kind, text) {
    ensure(lang);
    var token = run(steps[lang][kind], new lunr.Token(text, {}));
    return token ? token.toString() : null;
  }

  function clauses(lang, text, has) {
    var words = lunr.tokenizer(text).map(String).slice(0, MAX_WORDS);
    if (!words.length) { return []; }
    var found = words.map(function (word) {
      return { term: word, usePipeline: true, wildcard: lunr.Query.wildcard.NONE, boost: 1 };
    });
    var last = words[words.length - 1];
    var whole = apply(lang, "query", last);
    var prefix = apply(lang, "prefix", last);
    if (prefix && prefix.length >= 2 && !(whole && has(whole))) {
      found.push({ term: prefix, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
    }
    return found;
  }

  return {
    separator: SEPARATOR,
    ensure: ensure,
    tokenize: function (text) { return lunr.tokenizer(text).map(String); },
    indexTerm: function (lang, text) { return apply(lang, "index", text); },
    queryTerm: function (lang, text) { return apply(lang, "query", text); },
    prefixTerm: function (lang, text) { return apply(lang, "prefix", text); },
    // The terms query() may look up in the index: each word's term, and the last word's prefix with
    // lunr's wildcard (search-index.js fetches the index shards they fall in; a superset does no harm).
    lookups: function (lang, text) {
      return clauses(lang, text, function () { return false; }).map(function (clause) {
        return clause.usePipeline ? apply(lang, "query", clause.term) : clause.term + "*";
      }).filter(Boolean);
    },
    // The clauses of the query every search runs (lunr.Query's options): each word through the language's
    // search pipeline, plus the last word as a prefix, unless it is already a whole indexed word (has(term)
    // says): then expanding it would cost time and add little.
    clauses: clauses,
    // That query on a lunr.Index, as lunr.py runs it (plugins/ess_search/query.py, the parity test).
    query: function (index, lang, text) {
      var found = clauses(lang, text, function (term) { return Object.prototype.hasOwnProperty.call(index.invertedIndex, term); });
      if (!found.length) { return []; }
      return index.query(function (q) {
        found.forEach(function (clause) {
          q.term(clause.term, { usePipeline: clause.usePipeline, wildcard: clause.wildcard, boost: clause.boost });
        });
      });
    },
  };
}));
