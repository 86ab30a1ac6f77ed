// Reloads a console page every data-seconds seconds (the overview), unless the tab is hidden.
(function () {
  var script = document.currentScript;
  var seconds = Number(script && script.dataset.seconds) || 30;
  setInterval(function () {
    if (!document.hidden) {
      window.location.reload();
    }
  }, seconds * 1000);
})();
