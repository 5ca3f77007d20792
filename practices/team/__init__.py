"""The practice team (F-ACC-4, 2.1.5 p.5, Прил.2 item 19).

- ``completeness``: what the team still lacks — its size and every member's profile (the one place);
- ``forms``: the member search and invitation forms, with the help text of Прил.2;
- ``services``: adding, inviting, marking a mentor, removing a member; accepting invitations;
- ``signals``: an invited person joins the team on registration (connected in ``PracticesConfig.ready``);
- ``views``: the team page (URLs in ``practices/urls.py``).

The model (``TeamMember``) stays in ``practices.models``.
"""
