"""Issue 5 item 7 and the way through the passport (F-PASS-2, F-PASS-3, F-PASS-4, F-ACC-4): «Мои практики»
says what is left (fields, materials, team) and links to submission; the section navigation shows the
completeness of materials and team and leads the author to «Подать практику»."""

import pytest
from django.urls import reverse

from practices.models import MaterialKind, Practice, PracticeState, TeamMember
from tests import factories

pytestmark = pytest.mark.django_db


def _row(html, practice):
    return html.split(f'data-practice="{practice.pk}"')[1].split("</tr>")[0]


def test_f_pass_4_my_practices_says_what_is_left_besides_fields(client, author):
    practice = factories.complete_practice(author)
    practice.materials.filter(kind=MaterialKind.ROADMAP).delete()
    client.force_login(author)
    row = _row(client.get(reverse("practices:my")).content.decode(), practice)
    assert "Загрузите материалы (не хватает: 1)" in row
    assert "Заполните паспорт" not in row and "подайте практику" not in row

    practice.team.exclude(user=author).first().delete()
    row = _row(client.get(reverse("practices:my")).content.decode(), practice)
    assert "Загрузите материалы (не хватает: 1); дополните команду" in row


def test_f_pass_4_my_practices_ready_draft_links_to_submission(client, author):
    practice = factories.complete_practice(author)
    member = practice.team.exclude(user=author).first().user
    client.force_login(author)
    row = _row(client.get(reverse("practices:my")).content.decode(), practice)
    assert "Паспорт готов — подайте практику" in row
    assert reverse("practices:submit", args=[practice.pk]) in row
    client.force_login(member)  # only the author submits
    row = _row(client.get(reverse("practices:my")).content.decode(), practice)
    assert reverse("practices:submit", args=[practice.pk]) not in row


def test_f_pass_5_my_practices_links_versions_of_a_submitted_practice(client, author, coordinator):
    from practices.models import Track
    from practices.services import submit_practice

    practice = factories.complete_practice(author)
    submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    client.force_login(author)
    row = _row(client.get(reverse("practices:my")).content.decode(), practice)
    assert "Подтверждение регионом" in row and "Ожидает подтверждения региона" in row
    assert reverse("practices:versions", args=[practice.pk]) in row
    assert reverse("practices:submit", args=[practice.pk]) not in row


def test_f_pass_3_navigation_counts_materials_and_team_and_offers_submission(client, author):
    practice = factories.PracticeFactory(author=author)
    TeamMember.objects.create(practice=practice, user=author)
    client.force_login(author)
    html = client.get(reverse("practices:edit_section", args=[practice.pk, "about"])).content.decode()
    nav = html.split('id="passport-nav"')[1].split("</nav>")[0]
    materials = nav.split('data-section="materials"')[1].split("</a>")[0]
    assert 'data-missing="5"' in materials  # four required kinds and the cover
    team = nav.split('data-section="team"')[1].split("</a>")[0]
    assert 'data-missing="1"' in team and "В команде 1 человек" in team
    assert reverse("practices:submit", args=[practice.pk]) in nav

    ready = factories.complete_practice(author)
    nav = client.get(reverse("practices:edit_section", args=[ready.pk, "about"])).content.decode()
    nav = nav.split('id="passport-nav"')[1].split("</nav>")[0]
    assert nav.count('data-missing="0"') == len(["about", "audience", "category", "organisation",
                                                   "implementation", "confirmations", "materials", "team"])


def test_f_pass_3_team_member_edits_but_is_not_offered_submission(client, author):
    practice = factories.complete_practice(author)
    member = practice.team.exclude(user=author).first().user
    client.force_login(member)
    html = client.get(reverse("practices:edit_section", args=[practice.pk, "about"])).content.decode()
    assert 'id="passport-nav"' in html and 'id="submit-link"' not in html
    assert 'id="submit-link"' not in client.get(reverse("practices:materials", args=[practice.pk])).content.decode()


def test_f_pass_2_materials_and_team_pages_lead_back_to_the_passport_and_on_to_submission(client, author):
    practice = factories.complete_practice(author)
    client.force_login(author)
    for name in ("practices:materials", "practices:team"):
        html = client.get(reverse(name, args=[practice.pk])).content.decode()
        links = html.split('id="part-links"')[1].split("</p>")[0]
        assert reverse("practices:edit", args=[practice.pk]) in links, name
        assert reverse("practices:submit", args=[practice.pk]) in links, name
        assert reverse("practices:preview", args=[practice.pk]) in links, name
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.REGIONAL_REVIEW)
    html = client.get(reverse("practices:materials", args=[practice.pk])).content.decode()
    assert 'id="submit-link"' not in html and 'id="passport-link"' not in html


def test_f_pass_3_preview_offers_submission_to_the_author_only(client, author):
    practice = factories.complete_practice(author)
    member = practice.team.exclude(user=author).first().user
    url = reverse("practices:preview", args=[practice.pk])
    client.force_login(author)
    assert reverse("practices:submit", args=[practice.pk]) in client.get(url).content.decode()
    client.force_login(member)
    assert reverse("practices:submit", args=[practice.pk]) not in client.get(url).content.decode()


def test_f_pass_5_author_sees_own_submission_on_the_versions_page(client, author, coordinator):
    from practices.models import Track
    from practices.services import submit_practice

    practice = factories.complete_practice(author)
    submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    client.force_login(author)
    html = client.get(reverse("practices:versions", args=[practice.pk])).content.decode()
    assert "Версия 1 подана вами" in html and reverse("practices:my") in html


def test_f_pass_2_refused_cover_leaves_the_current_one(client, author):
    practice = factories.complete_practice(author)
    cover = practice.cover_id
    client.force_login(author)
    response = client.post(reverse("practices:materials", args=[practice.pk]),
                           {"action": "cover", "cover": factories.image_upload("small.jpg", 800, 600)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Минимальный размер обложки — 900×675 px: загружено 800×600 px." in html
    assert "Текущая обложка осталась без изменений." in html and "Заменить обложку" in html
    assert Practice.objects.get(pk=practice.pk).cover_id == cover
