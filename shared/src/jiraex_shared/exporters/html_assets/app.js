// Search and sort for the offline issue index. Plain DOM, no network, works from file://.
(function () {
  "use strict";
  var table = document.getElementById("issues");
  var filter = document.getElementById("filter");
  var counter = document.getElementById("count");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });

  function applyFilter() {
    var terms = (filter ? filter.value : "").toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, index) {
      var match = terms.every(function (term) { return texts[index].indexOf(term) !== -1; });
      row.classList.toggle("hidden", !match);
      if (match) { shown += 1; }
    });
    if (counter) { counter.textContent = shown + " of " + rows.length + " issues"; }
  }

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  function sortBy(header, column) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var order = rows.map(function (row, index) { return index; });
    order.sort(function (a, b) {
      var left = rows[a].cells[column].textContent, right = rows[b].cells[column].textContent;
      var result = collator.compare(left, right) || a - b;
      return ascending ? result : -result;
    });
    var fragment = document.createDocumentFragment();
    order.forEach(function (index) { fragment.appendChild(rows[index]); });
    body.appendChild(fragment);
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
    header.tabIndex = 0;
    header.addEventListener("click", function () { sortBy(header, column); });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(header, column); }
    });
  });
  if (filter) { filter.addEventListener("input", applyFilter); }
  applyFilter();
}());
