"""A practice's life after publication (issue 21; regulation 4.1.11–4.1.13, 4.2.1.4–4.2.1.5, 4.5, 4.6):

- ``actualization``: requests to actualize (4.5.4–4.5.6), the author's edit as a new version under review
  (F-ACT-1, F-DL-2, F-DL-8);
- ``audit``: the expert-moderator's yearly audit worklist and outcomes (4.5.3, F-ACT-2);
- ``archiving``: proposals on the grounds of 4.6.1, archiving, return from the knowledge base, the daily
  archiving check (F-ARCH-1, F-DL-9);
- ``stewardship``: author replacement (4.1.11), deletion and its recovery (4.1.13), contact updates
  (4.1.12; F-ARCH-2, F-ACC-5, F-DL-5, F-DL-6, F-DL-10).
"""
