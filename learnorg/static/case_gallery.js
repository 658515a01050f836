/* Case gallery filters (learnorg). No framework, no network: shows and hides the cards of the
   gallery page and announces how many are shown. Without this script every card stays visible
   and the filter form stays hidden. */
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

    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    form.hidden = false;
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
