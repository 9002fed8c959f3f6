/* Import status page: follow a running import through the API until it finishes, then
 * reload to show the outcome (counts, changes or the error report). */
(function () {
  "use strict";
  const box = document.getElementById("import-status");
  if (!box || box.dataset.finished === "true") return;
  const bar = document.getElementById("import-progress");
  const stage = document.getElementById("stage");
  async function poll() {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const batch = await response.json();
        bar.max = Math.max(batch.rows_total, 1);
        bar.value = batch.rows_done;
        stage.textContent = batch.stage;
        if (!["pending", "running"].includes(batch.status)) {
          location.reload();
          return;
        }
      }
    } catch (error) {
      console.warn(error);
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
})();
