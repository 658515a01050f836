/* Case gallery filters (learnorg). No framework, no network: shows and hides the cards of the
   gallery page and announces how many are shown. Without this script every card stays visible
   and the filter form stays hidden. The chosen filters live in the page address (?region=...), so a
   filtered gallery can be shared as a link and comes back as it was after Back or Forward. */
(function () {
  "use strict";

  function init() {
    var gallery = document.getElementById("case-gallery");
    if (!gallery) {
      return;
    }
    var form = gallery.querySelector("form.case-filters");
    var status = gallery.querySelector(".case-count");
    var none = gallery.querySelector(".case-none");
    var cards = Array.prototype.slice.call(gallery.querySelectorAll(".case-card"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var total = cards.length;

    function matches(card, select) {
      if (!select.value) {
        return true;
      }
      var values = (card.getAttribute("data-" + select.name) || "").split(" ");
      return values.indexOf(select.value) !== -1;
    }

    function update() {
      var shown = 0;
      cards.forEach(function (card) {
        var visible = selects.every(function (select) { return matches(card, select); });
        card.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      status.textContent = shown === total
        ? "Showing all " + total + " cases."
        : "Showing " + shown + " of " + total + " cases.";
      none.hidden = shown !== 0;
    }

    // The address is the single source of truth for the filters.
    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.name) || "";
        var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
        select.value = known ? wanted : "";
      });
      update();
    }

    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) {
          params.set(select.name, select.value);
        } else {
          params.delete(select.name);
        }
      });
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", address);
    }

    form.setAttribute("autocomplete", "off");
    form.addEventListener("change", function () { toAddress(); update(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { toAddress(); update(); }, 0); });
    window.addEventListener("pageshow", fromAddress);   // also after Back/Forward from the page cache
    window.addEventListener("popstate", fromAddress);
    form.hidden = false;
    fromAddress();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
