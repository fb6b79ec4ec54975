/* WooCommerce's customer search (selectWoo) shows a box whose text field has no name of its own:
 * give it the name of the select it stands for (its label, else its placeholder), for screen readers. */
(function ($) {
  function name() {
    $('select.wc-customer-search').each(function () {
      var label = this.id ? $('label[for="' + this.id + '"]').first().text() : $(this).closest('label').clone().children().remove().end().text();
      var text = $.trim(label) || $(this).data('placeholder') || '';
      $(this).next('.select2').find('[role="textbox"], [role="combobox"]').attr('aria-label', text);
    });
  }
  $(document.body).on('wc-enhanced-select-init', function () { setTimeout(name, 0); });
  $(function () { setTimeout(name, 0); });
})(jQuery);
