// Text normalisation for the site search, shared by the browser and the build: the build runs this
// very file in Node to compute the terms it indexes (plugins/ess_search/normalise.js), so what a
// visitor types is normalised exactly like the indexed text.
//
// Registers, for each site language, two lunr pipeline functions:
//   "ess-index-<lang>"  trimmer, stop words, accent folding (where lunr-languages folds), stemmer
//   "ess-query-<lang>"  the same without stop words (lunr-languages' search pipeline)
// and exposes essSearch.tokenize(text) and essSearch.prefixTerm(lang, token).
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; } else { root.essSearchSetup = factory; }
}(this, function (lunr) {
  "use strict";
  // Words split on white space, hyphens and both apostrophes ("d'affaires" → "d", "affaires"), and on
  // characters outside the Basic Multilingual Plane (emoji), which lunr.js cannot hold in an index.
  var SEPARATOR = /[\s\-'\u2019\uD800-\uDFFF]+/;
  lunr.tokenizer.separator = SEPARATOR;
  lunr.QueryLexer.termSeparator = SEPARATOR;

  // Luxembourgish: no stemmer exists (Snowball, lunr-languages); fold diacritics so "letzebuerg" finds
  // "Lëtzebuerg", and drop the most frequent function words.
  var LB_STOP_WORDS = ("a an am un um op vun vum vu der den d de dem déi dat dës dëse dëser ass sinn si se mir mer " +
    "dir du hien hatt et en eng engem enger ech mech mat fir iwwer ënner no bei zu ze och awer oder wéi wou wat " +
    "net kee keng ni wann well dann do hei sech säin seng hir hire hiren eis eisen äre ären deen dem dës").split(" ");
  var lbStop = {};
  LB_STOP_WORDS.forEach(function (word) { lbStop[word] = true; });
  function foldLatin(term) {
    return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u00df/g, "ss")
      .replace(/\u00e6/g, "ae").replace(/\u0153/g, "oe");
  }
  var LATIN = "A-Za-z\xAA\xBA\xC0-\xD6\xD8-\xF6\xF8-\u02B8\u02E0-\u02E4\u1E00-\u1EFF";
  var lbTrimmer = lunr.trimmerSupport.generateTrimmer(LATIN);
  function lbStopWords(token) { return lbStop[token.toString()] ? undefined : token; }
  function lbFold(token) { return token.update(foldLatin); }
  // The German stemmer turns umlauts into plain vowels; a typed prefix ("bün") must do the same.
  function deUmlauts(token) {
    return token.update(function (t) { return t.replace(/\u00e4/g, "a").replace(/\u00f6/g, "o").replace(/\u00fc/g, "u").replace(/\u00df/g, "ss"); });
  }

  // Steps per language; fr and de need lunr-languages' files (loaded only when that language is searched).
  function stepsFor(lang) {
    if (lang === "fr" && lunr.fr) {
      return { index: [lunr.fr.trimmer, lunr.fr.stopWordFilter, lunr.fr.accentFold, lunr.fr.stemmer],
               query: [lunr.fr.trimmer, lunr.fr.accentFold, lunr.fr.stemmer],
               prefix: [lunr.fr.trimmer, lunr.fr.accentFold] };
    }
    if (lang === "de" && lunr.de) {
      return { index: [lunr.de.trimmer, lunr.de.stopWordFilter, lunr.de.stemmer],
               query: [lunr.de.trimmer, lunr.de.stemmer],
               prefix: [lunr.de.trimmer, deUmlauts] };
    }
    if (lang === "lb") { return { index: [lbTrimmer, lbStopWords, lbFold], query: [lbTrimmer, lbFold], prefix: [lbTrimmer, lbFold] }; }
    if (lang === "en") { return { index: [lunr.trimmer, lunr.stopWordFilter, lunr.stemmer], query: [lunr.stemmer], prefix: [] }; }
    return null;
  }

  function run(functions, token) {
    for (var i = 0; i < functions.length; i++) {
      if (token === undefined || token === null || token.toString() === "") { return undefined; }
      token = functions[i](token, 0, [token]);
    }
    return (token === undefined || token === null || token.toString() === "") ? undefined : token;
  }

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
  ["fr", "de", "lb", "en"].forEach(ensure);

  function apply(lang, kind, text) {
    ensure(lang);
    var token = run(steps[lang][kind], new lunr.Token(text, {}));
    return token ? token.toString() : null;
  }

  return {
    separator: SEPARATOR,
    ensure: ensure,
    tokenize: function (text) { return lunr.tokenizer(text).map(String); },
    indexTerm: function (lang, text) { return apply(lang, "index", text); },
    queryTerm: function (lang, text) { return apply(lang, "query", text); },
    prefixTerm: function (lang, text) { return apply(lang, "prefix", text); },
    // The query every search runs, in the browser and in the parity test (plugins/ess_search/query.py):
    // each word through the language's search pipeline, plus the last word as a prefix.
    query: function (index, lang, text) {
      var words = lunr.tokenizer(text).map(String).slice(0, 12);
      if (!words.length) { return []; }
      return index.query(function (q) {
        words.forEach(function (word) { q.term(word, { usePipeline: true }); });
        // The last word as a prefix too (results while typing), unless it is already a whole indexed
        // word: then expanding it would cost time and add little.
        var last = words[words.length - 1];
        var whole = apply(lang, "query", last);
        var prefix = apply(lang, "prefix", last);
        if (prefix && prefix.length >= 2 && !(whole && Object.prototype.hasOwnProperty.call(index.invertedIndex, whole))) {
          q.term(prefix, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
        }
      });
    },
  };
}));
