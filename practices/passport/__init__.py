"""The passport of a practice, edited by sections (F-PASS-1, F-PASS-3, Прил.2).

- ``completeness``: what each passport section still lacks for submission (the one place that knows it);
- ``forms``: the section forms and formsets, with the questions and help texts of Прил.2;
- ``services``: creating a practice and saving a section;
- ``views``: «Новая практика», the section editor, the preview, «Мои практики» (URLs in ``practices/urls.py``).

Materials (9, 10) and the team (19) have their own packages, ``practices.materials`` and ``practices.team``.
"""
