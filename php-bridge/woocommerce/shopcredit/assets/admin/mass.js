/* Mass credit/debit progress: asks the server every 2 s (each ask also runs a step while the
 * page is open) and moves the bar until the batch is done. */
(function () {
  var bar = document.getElementById('shopcredit-mass-progress');
  var text = document.getElementById('shopcredit-mass-text');
  if (!bar || bar.getAttribute('data-state') === 'done' || !window.shopcreditMass) return;
  function ask() {
    var body = new URLSearchParams({ action: 'shopcredit_mass_status', _ajax_nonce: window.shopcreditMass.nonce, batch: bar.getAttribute('data-batch') });
    fetch(window.shopcreditMass.url, { method: 'POST', credentials: 'same-origin', body: body })
      .then(function (r) { return r.json(); })
      .then(function (r) {
        if (!r || !r.success) return;
        bar.value = r.data.percent;
        bar.textContent = r.data.percent + ' %';
        text.textContent = r.data.text;
        if (r.data.state === 'done') window.location.reload();
        else setTimeout(ask, 2000);
      })
      .catch(function () { setTimeout(ask, 5000); });
  }
  setTimeout(ask, 500);
})();
