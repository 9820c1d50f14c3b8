// The widget manager (ipywidgets' html-manager) typesets widget labels through MathJax 2's
// MathJax.Hub.Queue; the site loads MathJax 3, which has no Hub. Give it one, before the
// widgets render (both wait for the page's load event; this listener is registered first).
window.addEventListener("load", function () {
  var mathjax = window.MathJax;
  if (!mathjax || mathjax.Hub) return;
  mathjax.Hub = {
    Queue: function (job) {
      var element = Array.isArray(job) ? job[2] : undefined;
      var ready = mathjax.startup && mathjax.startup.promise
        ? mathjax.startup.promise : Promise.resolve();
      ready.then(function () {
        if (mathjax.typesetPromise) return mathjax.typesetPromise(element ? [element] : undefined);
      });
    },
  };
});
