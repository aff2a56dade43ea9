// The cockpit's charts and small behaviours, kept out of the templates: the
// Content-Security-Policy runs no inline script nor on* attribute.
//
// Each <figure data-chart="KEY"> gets a Chart.js chart drawn from the page's data island
// (<script type="application/json" id="cockpit-charts">, written by Django's json_script),
// which holds the same numbers as the table right after the figure. Without JavaScript the
// table is all there is, and all that is needed.
//   <select data-autosubmit>   submits its form when changed;
//   <button data-print hidden> is shown, and prints the page.
(function () {
  "use strict";

  function drawCharts() {
    const island = document.getElementById("cockpit-charts");
    if (!island || typeof window.Chart === "undefined") return;
    let specs;
    try {
      specs = JSON.parse(island.textContent);
    } catch (error) {
      return;
    }
    document.querySelectorAll("figure[data-chart]").forEach((figure) => {
      const spec = specs[figure.dataset.chart];
      if (!spec) return;
      const box = document.createElement("div");
      box.className = "chart-box";
      const canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", figure.dataset.label || spec.title);
      box.appendChild(canvas);
      figure.appendChild(box);
      const percent = spec.datasets.some((d) => d.percent);
      const suffix = percent ? " %" : "";
      new window.Chart(canvas, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((d) => ({ label: d.label, data: d.data, spanGaps: true })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: spec.datasets.length > 1 },
            tooltip: {
              callbacks: {
                label: (ctx) => `${ctx.dataset.label}: ${ctx.formattedValue}${suffix}`,
              },
            },
          },
          scales: {
            x: { stacked: spec.stacked },
            y: {
              stacked: spec.stacked,
              beginAtZero: true,
              ticks: { callback: (value) => `${value}${suffix}` },
            },
          },
        },
      });
      figure.classList.add("drawn");
    });
  }

  function behaviours() {
    document.addEventListener("change", (event) => {
      const select = event.target.closest("select[data-autosubmit]");
      if (select && select.form) select.form.requestSubmit();
    });
    document.querySelectorAll("button[data-print]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => window.print());
    });
  }

  function init() {
    behaviours();
    drawCharts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
