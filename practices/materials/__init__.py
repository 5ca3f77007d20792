"""The passport's materials and cover (F-PASS-2, F-FILE-1, Прил.2 items 9–10).

- ``completeness``: which materials and the cover a practice still lacks (2.1.5 p.4, the one place);
- ``forms``: the material and cover forms, with the help texts of Прил.2;
- ``services``: adding and deleting a material, setting the cover and its card thumbnail;
- ``views``: the materials page (URLs in ``practices/urls.py``).

The models (``Material``, ``MaterialKind``) stay in ``practices.models``.
"""
