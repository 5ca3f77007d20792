def test_f_ref_2_reference_page_shows_categories_and_windows_in_chromium(live_server, page, shot):
    """F-REF-2, F-REF-3, F-REF-6: a newcomer opens «Справочники» and sees the data."""
    page.goto(live_server.url + "/practices/reference/")
    assert page.locator("h1").inner_text() == "Справочники"
    assert page.get_by_text("Здравоохранение", exact=True).is_visible()
    assert page.get_by_text("Среднее время получения разрешения на строительство").is_visible()
    shot("reference")
    page.get_by_text("Категории постановления Амурской области № 188 (2021)").click()
    assert page.get_by_text("Министерство сельского хозяйства Амурской области").is_visible()
    shot("amur-categories")
