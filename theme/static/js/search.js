// Site search in the page: loaded by site.js when a visitor focuses a search field or opens the search
// page with ?q=. Fetches this language's entry file, then only the index shards the typed words need and
// the store chunks of the results shown (search-index.js; other languages only to suggest matches when
// nothing is found), shows results as the visitor types, and works with the keyboard alone.
(function () {
  "use strict";
  var config = JSON.parse(document.querySelector('body > script[type="application/json"][data-ess-config="search"]').textContent);
  var lang = config.lang;
  var loadedScripts = {};
  var languages = {};
  var BATCH = 20;  // results rendered at once on the search page; more as the visitor scrolls down

  function loadScript(asset) {
    if (!loadedScripts[asset.src]) {
      loadedScripts[asset.src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = asset.src;
        script.integrity = asset.integrity;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loadedScripts[asset.src];
  }

  function loadScripts(assets) {
    return assets.reduce(function (chain, asset) { return chain.then(function () { return loadScript(asset); }); }, Promise.resolve());
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  // The language's index, ready to fetch its parts (a Promise of a search-index.js PartialIndex).
  function loadLanguage(code) {
    if (!languages[code]) {
      var url = new URL(config.indexes[code], window.location.href);
      languages[code] = loadScripts(config.scripts.common.concat(config.scripts[code] || [])).then(function () {
        if (!window.essSearch) { window.essSearch = window.essSearchSetup(window.lunr, config.pipelines); }
        window.essSearch.ensure(code);
        return fetchJson(url);
      }).then(function (entry) {
        var base = new URL(entry.base, url);
        var PartialIndex = window.essSearchIndex(window.lunr, window.essSearch);
        return new PartialIndex(code, entry, function (name) { return fetchJson(new URL(name, base)); });
      });
      languages[code].catch(function () { forget(code); });
    }
    return languages[code];
  }

  // After a failure (offline, or a new build replaced the parts), the next search starts from the entry.
  function forget(code) { delete languages[code]; }

  function search(code, text) {
    return loadLanguage(code).then(function (index) {
      return index.query(text).then(function (results) {
        return results.map(function (result) {
          return { ref: result.ref, section: index.section(result.ref), index: index, match: result, lang: code };
        });
      });
    }).catch(function (error) { forget(code); throw error; });
  }

  // The results with their store entries (url, title, date, snippet) and matched terms, for these only.
  function withEntries(results) {
    return Promise.all(results.map(function (result) {
      result.terms = Object.keys(result.match.matchData.metadata);
      return result.index.entries([result.ref]).then(function (entries) {
        var entry = entries[0];
        result.url = entry[0];
        result.title = entry[1];
        result.date = entry[3];
        result.snippet = entry[4];
        return result;
      });
    }));
  }

  // Text with the matched words wrapped in <mark>, built as DOM nodes (never as HTML).
  function highlighted(text, code, terms) {
    var fragment = document.createDocumentFragment();
    var wanted = {};
    terms.forEach(function (term) { wanted[term] = true; });
    text.split(/([\s\-'\u2019.,;:!?()«»"“”„]+)/).forEach(function (part) {
      var term = part && window.essSearch.queryTerm(code, part.toLowerCase());
      if (term && wanted[term]) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(part));
      }
    });
    return fragment;
  }

  function resultItem(result, withLanguage) {
    var item = document.createElement("li");
    item.className = "search-result";
    if (result.lang !== lang) { item.lang = result.lang; }
    var link = document.createElement("a");
    link.href = result.url;
    if (result.lang !== lang) { link.hreflang = result.lang; }
    link.appendChild(highlighted(result.title, result.lang, result.terms));
    var heading = document.createElement("p");
    heading.className = "search-result-title";
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    meta.lang = lang;
    var parts = [config.types[result.section]];
    if (withLanguage) { parts.unshift(config.languageNames[result.lang]); }
    if (result.date) { parts.push(result.date); }
    meta.textContent = parts.join(" · ");
    item.appendChild(meta);
    if (result.snippet) {
      var snippet = document.createElement("p");
      snippet.className = "search-result-snippet";
      snippet.appendChild(highlighted(result.snippet, result.lang, result.terms));
      item.appendChild(snippet);
    }
    return item;
  }

  function countText(count, text) {
    if (count === 0) { return config.strings.none.replace("{q}", text); }
    return (count === 1 ? config.strings.one : config.strings.other).replace("{n}", String(count));
  }

  // One search box: the header's (a compact panel) or the search page's (full list with a type filter).
  function SearchBox(form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.querySelector(".search-panel") || document.getElementById("search-results");
    var status = panel.querySelector("[role=status]");
    var list = panel.querySelector("ul.search-results");
    var others = panel.querySelector(".search-others");
    var typeFilter = document.getElementById("search-type");
    var compact = form.classList.contains("site-search");
    var timer = null;
    var generation = 0;

    function render(results, text, mine) {
      var filter = typeFilter ? typeFilter.value : "";
      var shown = results.filter(function (r) { return !filter || r.section === filter; });
      if (compact) { shown = shown.slice(0, 8); }
      withEntries(shown.slice(0, BATCH)).then(function (first) {
        if (mine !== generation) { return; }
        list.textContent = "";
        others.textContent = "";
        first.forEach(function (result) { list.appendChild(resultItem(result, false)); });
        status.textContent = countText(filter ? shown.length : results.length, text);
        panel.hidden = false;
        if (compact && results.length > shown.length) {
          var more = document.createElement("li");
          var link = document.createElement("a");
          link.href = form.action + "?q=" + encodeURIComponent(text);
          link.textContent = config.strings.all;
          more.appendChild(link);
          list.appendChild(more);
        }
        if (!results.length) { suggest(text); }
        appendRest(shown.slice(BATCH), mine);
      });
    }

    // The search page's further results, a batch each time the end of the list comes near the screen (by
    // scrolling, or by moving the focus down with the keyboard), so a broad query fetches only the
    // entries a visitor gets to.
    function appendRest(rest, mine) {
      if (!rest.length) { return; }
      function next() {
        withEntries(rest.slice(0, BATCH)).then(function (batch) {
          if (mine !== generation) { return; }
          batch.forEach(function (result) { list.appendChild(resultItem(result, false)); });
          appendRest(rest.slice(BATCH), mine);
        });
      }
      if (!window.IntersectionObserver) { next(); return; }
      var observer = new IntersectionObserver(function (seen) {
        if (mine !== generation) { observer.disconnect(); return; }
        if (seen.some(function (entry) { return entry.isIntersecting; })) { observer.disconnect(); next(); }
      }, { rootMargin: "0px 0px 600px 0px" });
      observer.observe(list.lastElementChild);
    }

    function suggest(text) {
      var mine = generation;
      var codes = Object.keys(config.indexes).filter(function (code) { return code !== lang; });
      Promise.all(codes.map(function (code) {
        return search(code, text).then(function (results) { return withEntries(results.slice(0, 3)); }).catch(function () { return []; });
      })).then(function (found) {
        if (mine !== generation) { return; }
        var suggestions = [];
        found.forEach(function (results) { suggestions = suggestions.concat(results); });
        if (!suggestions.length) { return; }
        var title = document.createElement("p");
        title.textContent = config.strings.others;
        var otherList = document.createElement("ul");
        otherList.className = "search-results";
        suggestions.forEach(function (result) { otherList.appendChild(resultItem(result, true)); });
        others.appendChild(title);
        others.appendChild(otherList);
      });
    }

    function run() {
      var text = input.value.trim();
      var mine = ++generation;
      if (!text) { panel.hidden = compact; list.textContent = ""; others.textContent = ""; status.textContent = ""; return; }
      search(lang, text).then(function (results) { if (mine === generation) { render(results, text, mine); } });
      if (!compact) {
        var url = new URL(window.location.href);
        url.searchParams.set("q", text);
        window.history.replaceState(null, "", url.pathname + url.search);
      }
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    if (typeFilter) { typeFilter.addEventListener("change", run); }
    // Arrow keys move between the input and the result links; Escape closes the compact panel.
    function onKeydown(event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var position = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(position + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && position >= 0) {
        event.preventDefault();
        if (position === 0) { input.focus(); } else { links[position - 1].focus(); }
      } else if (event.key === "Escape" && compact) {
        panel.hidden = true;
        input.focus();
      }
    }
    form.addEventListener("keydown", onKeydown);
    if (!form.contains(panel)) { panel.addEventListener("keydown", onKeydown); }
    return { input: input, run: run };
  }

  var boxes = Array.prototype.slice.call(document.querySelectorAll("form[data-search]")).map(SearchBox);
  var query = new URLSearchParams(window.location.search).get("q");
  var pageBox = boxes.filter(function (box) { return !box.input.closest(".site-search"); })[0];
  if (pageBox && query) {
    pageBox.input.value = query;
    pageBox.run();
  }
  // Words typed while this script was on its way (site.js loads it on focus) are searched now.
  boxes.forEach(function (box) { if (!(box === pageBox && query) && box.input.value.trim()) { box.run(); } });
  loadLanguage(lang);
})();
