"""Small helpers the browser journeys share."""


def image_width(page, selector):
    """The natural width of the image at ``selector`` once the browser has loaded it (0 if it is broken)."""
    page.wait_for_function(
        "s => { const i = document.querySelector(s); return i && i.complete; }", arg=selector)
    return page.locator(selector).evaluate("img => img.naturalWidth")


def htmx_idle(page):
    """Wait until htmx has no request in flight and has finished swapping and settling."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def save_draft(page):
    """Press «Сохранить черновик» of the passport section once htmx is idle (a click during the
    previous swap would be lost)."""
    htmx_idle(page)
    page.get_by_role("button", name="Сохранить черновик").click()
    htmx_idle(page)  # the response is swapped in: what follows sees this save's result, not the last one's


def login_with_form(page, live_server, email, password):
    """Log in through the login form, as a person would."""
    page.goto(live_server.url + "/")
    page.click("#nav-login")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.locator("#nav-profile").wait_for()


def logout_with_menu(page):
    page.click("#nav-profile")
    page.click("#nav-logout")
    page.locator("#nav-login").wait_for()


def login_as(page, live_server, user):
    """Start a browser session as ``user`` without the login form (the form has its own journeys)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
