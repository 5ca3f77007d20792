def test_home_page_renders_in_chromium(live_server, page, shot):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Смартека"
    assert page.get_by_role("link", name="Каталог практик").is_visible()
    shot("home")
