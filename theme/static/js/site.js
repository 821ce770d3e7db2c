// Remembers the language a visitor reads in (localStorage, no cookie) and, on the root
// language chooser, points out that language. It never redirects.
(function () {
  "use strict";
  var KEY = "ess-language";
  var root = document.documentElement;
  function remember(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled: nothing to remember */ }
  }
  function recalled() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  if (document.body.classList.contains("kind-root")) {
    var lang = recalled();
    var note = lang && document.querySelector('[data-remembered="' + lang + '"]');
    if (note) {
      note.hidden = false;
      var choice = document.querySelector('.languages [data-lang="' + lang + '"]');
      if (choice) { choice.classList.add("remembered-choice"); }
    }
    document.querySelectorAll(".languages a").forEach(function (link) {
      link.addEventListener("click", function () { remember(link.getAttribute("hreflang")); });
    });
  } else if (!document.body.classList.contains("kind-rootnotfound")) {
    remember(root.lang);
  }

  // Search: nothing is downloaded until a search field gets focus or the search page opens with ?q=.
  var configElement = document.querySelector('body > script[type="application/json"][data-ess-config="search"]');
  if (configElement) {
    var started = false;
    var startSearch = function () {
      if (started) { return; }
      started = true;
      var config = JSON.parse(configElement.textContent);
      // search.js loads lunr, its stemmers and the pipelines one after the other (each needs the one
      // before); asking for all of them now makes it one round trip instead of one per script.
      var scripts = config.scripts || {};
      (scripts.common || []).concat(scripts[config.lang] || []).forEach(function (asset) {
        var link = document.createElement("link");
        link.rel = "preload";
        link.as = "script";
        link.href = asset.src;
        link.integrity = asset.integrity;
        document.head.appendChild(link);
      });
      var script = document.createElement("script");
      script.src = config.self.src;
      script.integrity = config.self.integrity;
      document.head.appendChild(script);
    };
    document.querySelectorAll("form[data-search] input[name=q]").forEach(function (input) {
      input.addEventListener("focus", startSearch);
    });
    if (document.body.classList.contains("kind-search") && new URLSearchParams(window.location.search).get("q")) {
      startSearch();
    }
  }
})();
