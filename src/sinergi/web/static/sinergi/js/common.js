/* Helpers every page script uses, loaded by web/base.html before a page's own scripts. */
window.Sinergi = (function () {
  "use strict";

  /* GET a JSON document; a non-2xx answer is an error naming the address and the status. */
  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + " → " + response.status);
    return response.json();
  }

  /* Text made safe to put inside HTML. */
  function escapeText(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  return Object.freeze({ getJSON: getJSON, escapeText: escapeText });
})();
