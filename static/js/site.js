/* Progressive enhancement for every page. The site works without this file.
   (1) The main menu is a native <details> disclosure; Escape closes it and puts focus back
       on its "Meny" button.
   (2) A table wrapper that scrolls sideways becomes a tab stop, so keyboard users can
       scroll it; one that fits is not (an empty tab stop is only in the way). */
(function () {
    "use strict";

    var menu = document.querySelector("[data-menu]");
    if (menu) {
        menu.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && menu.open) {
                menu.open = false;
                menu.querySelector("summary").focus();
            }
        });
    }

    var regions = document.querySelectorAll("[data-scroll-region]");
    function markScrollable() {
        Array.prototype.forEach.call(regions, function (region) {
            if (region.scrollWidth > region.clientWidth + 1) {
                region.setAttribute("tabindex", "0");
            } else {
                region.removeAttribute("tabindex");
            }
        });
    }
    if (regions.length) {
        markScrollable();
        window.addEventListener("resize", markScrollable);
    }
})();
