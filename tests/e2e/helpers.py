"""Small helpers the browser journeys share."""


def image_width(page, selector):
    """The natural width of the image at ``selector`` once the browser has loaded it (0 if it is broken)."""
    page.wait_for_function(
        "s => { const i = document.querySelector(s); return i && i.complete; }", arg=selector)
    return page.locator(selector).evaluate("img => img.naturalWidth")
