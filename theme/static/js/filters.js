// Live filters for the member directory and the resources list. Without JavaScript the page is a
// complete grouped list (noscript.css hides the form); with it, the filter form (in place from the
// first paint, so nothing shifts) narrows the list as the visitor
// chooses, announces the count, and keeps the choice in the URL (?territory=...&theme=...).
(function () {
  "use strict";
  document.querySelectorAll("form[data-filters]").forEach(function (form) {
    var list = document.querySelector('[data-filter-list="' + form.getAttribute("data-filters") + '"]');
    if (!list) { return; }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = form.querySelector(".filter-count");
    var params = new URLSearchParams(window.location.search);

    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) { select.value = wanted; }
    });

    function apply() {
      var shown = 0;
      function matches(element) {
        return selects.every(function (select) {
          if (!select.value) { return true; }
          var values = (element.getAttribute("data-f-" + select.name) || "").split(" ");
          return values.indexOf(select.value) !== -1;
        });
      }
      list.querySelectorAll("li.entry").forEach(function (entry) {
        var visible = matches(entry);
        entry.hidden = !visible;
        if (visible) { shown += 1; }
      });
      document.querySelectorAll(".map-point").forEach(function (point) {
        if (matches(point)) { point.removeAttribute("visibility"); } else { point.setAttribute("visibility", "hidden"); }
      });
      list.querySelectorAll(".group").forEach(function (group) {
        group.hidden = !group.querySelector("li.entry:not([hidden])");
      });
      var template = shown === 1 ? status.getAttribute("data-one") : status.getAttribute("data-other");
      status.textContent = template.replace("{n}", String(shown));
      var query = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) { query.set(select.name, select.value); } else { query.delete(select.name); }
      });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  });
})();
