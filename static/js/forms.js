/* Progressive enhancement for the public forms (survey, subscription). The forms work
   without this file; it only (1) moves focus to the error summary after a failed submit,
   so screen reader and keyboard users land on the list of problems, and (2) hides the
   reference-group e-mail field until "Jag vill delta i referensgruppen" is ticked. */
(function () {
    "use strict";

    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }

    var groups = document.querySelectorAll("[data-reveal-group]");
    Array.prototype.forEach.call(groups, function (group) {
        var toggle = group.querySelector("input[type=checkbox]");
        var target = group.querySelector(".form-field--conditional");
        if (!toggle || !target) {
            return;
        }
        var input = target.querySelector("input");
        toggle.setAttribute("aria-controls", target.id);
        function update() {
            // Never hide a field that holds a value or an error message.
            var keep = (input && input.value) || target.classList.contains("form-field--error");
            target.hidden = !toggle.checked && !keep;
            toggle.setAttribute("aria-expanded", target.hidden ? "false" : "true");
        }
        toggle.addEventListener("change", update);
        update();
    });
})();
