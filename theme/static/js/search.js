// Site search in the page: loaded by site.js when a visitor focuses a search field or opens the search
// page with ?q=. Fetches only this language's index (other languages only to suggest matches when
// nothing is found), shows results as the visitor types, and works with the keyboard alone.
(function () {
  "use strict";
  var config = JSON.parse(document.querySelector('body > script[type="application/json"][data-ess-config="search"]').textContent);
  var lang = config.lang;
  var loadedScripts = {};
  var indexes = {};

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

  function loadIndex(code) {
    if (!indexes[code]) {
      var source = config.indexes[code];
      indexes[code] = loadScripts(config.scripts.common.concat(config.scripts[code] || [])).then(function () {
        if (!window.essSearch) { window.essSearch = window.essSearchSetup(window.lunr, config.pipelines); }
        window.essSearch.ensure(code);
        return Promise.all([fetch(source.index).then(function (r) { return r.json(); }),
                            fetch(source.store).then(function (r) { return r.json(); })]);
      }).then(function (data) {
        return { index: window.lunr.Index.load(data[0]), store: data[1] };
      });
    }
    return indexes[code];
  }

  function search(code, text) {
    return loadIndex(code).then(function (loaded) {
      return window.essSearch.query(loaded.index, code, text).map(function (result) {
        var entry = loaded.store[Number(result.ref)];
        return { url: entry[0], title: entry[1], section: entry[2], date: entry[3], snippet: entry[4],
                 terms: Object.keys(result.matchData.metadata), lang: code };
      });
    });
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

    function render(results, text) {
      var filter = typeFilter ? typeFilter.value : "";
      var shown = results.filter(function (r) { return !filter || r.section === filter; });
      if (compact) { shown = shown.slice(0, 8); }
      list.textContent = "";
      others.textContent = "";
      shown.forEach(function (result) { list.appendChild(resultItem(result, false)); });
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
    }

    function suggest(text) {
      var mine = generation;
      var codes = Object.keys(config.indexes).filter(function (code) { return code !== lang; });
      Promise.all(codes.map(function (code) { return search(code, text).catch(function () { return []; }); })).then(function (found) {
        if (mine !== generation) { return; }
        var suggestions = [];
        found.forEach(function (results) { suggestions = suggestions.concat(results.slice(0, 3)); });
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
      search(lang, text).then(function (results) { if (mine === generation) { render(results, text); } });
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
  loadIndex(lang);
})();
