"""Help (issue 14 item 13): a page per role with the steps of the regulation and their clauses, the user
agreement and the personal-data policy (152-ФЗ), the feedback form to the support e-mail (1.5, F-REF-7).
Pages only: no models, so a package of ``smarteka`` rather than an app of its own."""
