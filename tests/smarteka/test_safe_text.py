"""issue 15 item 4: user text renders escaped everywhere it is shown (autoescape kept), and the one kind
of link a user types — a material's «ссылка» — goes through the nh3 allow-list: http/https/mailto only,
``rel="noopener noreferrer nofollow"``, a ``javascript:`` link loses its ``href``."""

import pytest
from django.urls import reverse

from practices.models import Material, MaterialKind, Practice, PracticeState, ThirdParty
from replication import services as replication_services
from smarteka import safehtml
from tests import factories
from validation import services as validation_services

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'><a href="javascript:alert(2)">x</a>'
RAW = ('<script>alert("xss")', "<img src=x onerror", '<a href="javascript:', "href=javascript:")
ESCAPED = "&lt;script&gt;alert("


def assert_escaped(html, where):
    for raw in RAW:
        assert raw not in html, f"{where}: {raw!r} rendered as markup"
    assert ESCAPED in html, f"{where}: the payload is not on the page at all"


def _poison_practice(practice):
    """Every passport text the practice page shows carries the payload (what a form could save)."""
    text_fields = ["title", "goal", "essence", "audience_main", "audience_secondary", "results_main",
                   "results_additional", "normative_acts", "specifics", "support_offered", "organisation_name"]
    Practice.objects.filter(pk=practice.pk).update(**{name: PAYLOAD for name in text_fields},
                                                   tasks=[PAYLOAD], roadmap_steps=[PAYLOAD])
    ThirdParty.objects.create(practice=practice, name=PAYLOAD, terms=PAYLOAD, responsibility=PAYLOAD)
    Material.objects.create(practice=practice, kind=MaterialKind.PRESENTATION, title=PAYLOAD,
                            url="https://example.ru/deck", is_public=True)


def test_issue_15_item_4_practice_texts_render_escaped_on_every_page(client, practice_in, author, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    _poison_practice(practice)
    author.last_name = PAYLOAD  # the profile name shown as the author / team member
    author.save(update_fields=["last_name"])
    pages = {"practice page": practice.get_absolute_url(), "catalogue": reverse("practices:catalogue"),
             "catalogue search": reverse("practices:catalogue") + "?q=alert+script",
             "replication page": reverse("replication:practice", args=[practice.pk])}
    for where, url in pages.items():
        assert_escaped(client.get(url).content.decode(), where)
    client.force_login(author)
    for where, url in {"preview": reverse("practices:preview", args=[practice.pk]),
                       "my practices": reverse("practices:my"),
                       "materials": reverse("practices:materials", args=[practice.pk]),
                       "profile": reverse("accounts:profile")}.items():
        assert_escaped(client.get(url).content.decode(), where)


def test_issue_15_item_4_comments_render_escaped(client, practice_in, author, coordinator):
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    validation_services.return_for_revision(practice, by=coordinator, comment=PAYLOAD)
    client.force_login(author)
    for section in ("about", "implementation"):
        html = client.get(reverse("practices:edit_section", args=[practice.pk, section])).content.decode()
        assert_escaped(html, f"revision notice ({section})")


def test_issue_15_item_4_replication_request_text_renders_escaped(client, practice_in, recipient, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    recipient.first_name = PAYLOAD
    recipient.save(update_fields=["first_name"])
    req = replication_services.request_replication(
        practice, by=recipient, event_other=PAYLOAD, comment=PAYLOAD, confirms_studied=True, confirms_ready=True,
        confirms_cooperation=True, undertakes_documents=True)
    for user in (recipient, asi_moderator):
        client.force_login(user)
        assert_escaped(client.get(reverse("replication:request_detail", args=[req.pk])).content.decode(),
                       f"request page for {user.email}")


# --- links a user typed


def test_issue_15_item_4_material_link_keeps_a_safe_link_and_drops_javascript(client, practice_in):
    practice = practice_in(PracticeState.PUBLISHED)
    Material.objects.create(practice=practice, kind=MaterialKind.PRESENTATION, title="Презентация",
                            url="https://disk.yandex.ru/d/abc?x=1&y=2", is_public=True)
    # what no form lets in, but an import or the admin could: still no script link on the page
    Material.objects.create(practice=practice, kind=MaterialKind.VIDEO, title="Видео",
                            url="javascript:alert(document.cookie)", is_public=True)
    Material.objects.create(practice=practice, kind=MaterialKind.SAMPLE_DOCUMENT, title="Образец",
                            url=" JaVaScRiPt:alert(1)", is_public=True)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert ('<a href="https://disk.yandex.ru/d/abc?x=1&amp;y=2" target="_blank" '
            'rel="noopener noreferrer nofollow">Презентация</a>') in html
    assert "javascript:" not in html.lower()
    assert "<span>Видео</span>" in html and "<span>Образец</span>" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.ru/file.pdf", "data:text/html,<b>x</b>"])
def test_issue_15_item_4_material_form_refuses_non_http_links(client, author, url):
    practice = factories.PracticeFactory(author=author)
    practice.team.create(user=author)
    client.force_login(author)
    response = client.post(reverse("practices:materials", args=[practice.pk]),
                           {"kind": MaterialKind.PRESENTATION, "url": url})
    assert response.status_code == 400
    assert "Введите правильную ссылку" in response.content.decode()
    assert not practice.materials.exists()


def test_issue_15_item_4_allow_list():
    cleaned = str(safehtml.clean('<p onclick="x()">Текст <strong>жирный</strong> <em>курсив</em><br>'
                                 '<a href="https://a.ru" onmouseover="x()">ссылка</a>'
                                 '<a href="mailto:info@a.ru">почта</a><a href="javascript:alert(1)">нет</a>'
                                 '<img src=x onerror=alert(1)><script>alert(1)</script><iframe src="https://a.ru"></iframe></p>'
                                 '<ul><li>один</li></ul><ol><li>два</li></ol>'))
    assert cleaned == ('<p>Текст <strong>жирный</strong> <em>курсив</em><br>'
                       '<a href="https://a.ru" rel="noopener noreferrer nofollow">ссылка</a>'
                       '<a href="mailto:info@a.ru" rel="noopener noreferrer nofollow">почта</a>'
                       '<a rel="noopener noreferrer nofollow">нет</a></p>'
                       '<ul><li>один</li></ul><ol><li>два</li></ol>')
    assert str(safehtml.user_text("строка 1\n<b>строка 2</b>")) == "<p>строка 1<br>&lt;b&gt;строка 2&lt;/b&gt;</p>"
    assert not safehtml.is_safe_url("//evil.example/x")
    assert not safehtml.is_safe_url("https://a.ru/\nx")
    assert safehtml.is_safe_url("mailto:info@a.ru")
